// The embed page as a teacher uses it: `?exercise` in an 800x640 iframe on a
// course page, and on a phone. Nothing gives an answer away before the
// student asks; the student marks passages by mouse or keyboard, checks the
// marks, and reveals one change or all; the controls stay in the frame and
// the course page does not move; the frame tells its host its height (the
// README's snippet sizes it); links leave the frame.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { siteDir, launch, openPage, sitePages, reportJson, eventually, startSite, stopSite } from './support/harness.mjs';

const root = siteDir();
const { embeds } = await sitePages(root);
const slugOf = (p) => p.split('/').filter(Boolean).pop();

/** The changes a student is asked to find: no author's notes, no minor findings, nothing in captions or furniture. */
function toFind(json) {
  const setAside = (side, i) => i != null && ['caption', 'furniture'].includes(json[side].sentences[i]?.role);
  return json.findings.filter((f) => f.kind !== 'note' && !f.minor && !setAside('source', f.source_sentence) && !setAside('rewrite', f.rewrite_sentence));
}
const all = await Promise.all(embeds.map(async (p) => ({ path: p, json: await reportJson(root, slugOf(p)) })));
// A report with author's notes and omissions: the counts and placeholders matter there.
const chosen = all
  .map((r) => ({ ...r, find: toFind(r.json) }))
  .filter((r) => r.json.findings.some((f) => f.kind === 'note') && r.find.some((f) => f.kind === 'omitted'))
  .sort((a, b) => b.find.length - a.find.length || a.path.localeCompare(b.path))[0];

const readme = await readFile(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

/** A course page on the same server with the exercise in an iframe; `extra` is more of the page's HTML. */
async function course(t, { width = 1000, height = 800, frame = 'width="800" height="640"', extra = '' } = {}) {
  const opened = await openPage(browser, { width, height });
  t.after(() => opened.page.close());
  await opened.page.route(`${server.origin}/__course.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><title>Course</title><h1>Spot the changes</h1><p style="height:400px">Read both texts.</p>
      <iframe id="unspun-report" src="${chosen.path}?exercise" title="Exercise" ${frame}></iframe>
      <p style="height:1600px">Discuss.</p>${extra}</html>`,
  }));
  await opened.page.goto(`${server.origin}/__course.html`, { waitUntil: 'load' });
  const frameEl = opened.page.frameLocator('#unspun-report');
  await frameEl.locator('#exercise-status').waitFor({ state: 'visible' });
  const inner = opened.page.frames().find((f) => f.url().includes('?embed'));
  return { ...opened, frame: frameEl, inner };
}

/** In the embed page: everything that would tell a student an answer. */
function giveaways() {
  const shown = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && e.getBoundingClientRect().height > 0;
  const text = (sel) => [...document.querySelectorAll(sel)].filter(shown).map((e) => e.textContent.trim()).filter(Boolean);
  const before = (sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e, '::before').content).filter((c) => c && c !== 'none' && c !== 'normal');
  return {
    cards: text('.finding-card'),
    items: text('.findings-item'),
    placeholders: text('.placeholder'),
    relations: text('.relation'),
    kindChips: text('.kind-counts'),
    overview: text('#overview'),
    markers: document.querySelectorAll('.marker-strip .marker').length,
    setAside: text('.set-aside-line, .set-aside-summary'),
    // The cells' own labels ("Original", "Copy" on a phone) say nothing of the roles.
    roleLabels: before('.role-caption .cell, .role-furniture .cell').filter((c) => /caption|furniture/i.test(c)),
    // Rows side by side: a sentence facing an empty cell, or nothing.
    rows: [...document.querySelectorAll('#rows .row')].filter(shown).length,
    marks: [...document.querySelectorAll('mark.finding-mark')].filter((m) => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)' || getComputedStyle(m).textDecorationLine !== 'none').length,
    // What a screen reader would say: a finding's label, "removed/added in the copy" (the style's, before each changed word).
    labels: [...document.querySelectorAll('mark.finding-mark > .sr-only')].filter((e) => e.checkVisibility()).length
      + before('.sentence del, .sentence ins').length,
  };
}
const NOTHING = { cards: [], items: [], placeholders: [], relations: [], kindChips: [], overview: [], markers: 0, setAside: [], roleLabels: [], rows: 0, marks: 0, labels: 0 };

/** The anchors (s<id>, r<id>) of the sentences a finding names. */
function sentencesWithFindings(json) {
  return json.findings.flatMap((f) => [f.source_sentence != null ? `s${f.source_sentence}` : null, f.rewrite_sentence != null ? `r${f.rewrite_sentence}` : null]).filter(Boolean);
}

/** The story sentences of one side of a report (no captions, no furniture), as anchors in reading order. */
function story(json, side) {
  const prefix = side === 'source' ? 's' : 'r';
  return json[side].sentences.filter((s) => !['caption', 'furniture'].includes(s.role)).map((s) => `${prefix}${s.id}`);
}

/** In the page: how the exercise shows the two texts. */
function flowState() {
  const shown = (e) => e && e.checkVisibility({ checkVisibilityCSS: true }) && e.getBoundingClientRect().height > 0;
  const col = (side) => document.querySelector(`#exercise-flow .flow-${side}`);
  const ids = (side) => [...(col(side)?.querySelectorAll('.sentence') ?? [])].filter(shown).map((e) => e.id);
  const box = (e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top }; };
  // In document order, as a screen reader reads them: every sentence of the page shown.
  const order = [...document.querySelectorAll('.sentence')].filter(shown).map((e) => e.id[0]);
  // Anything in the flow styled by what faces what: a relation, a role, a placeholder.
  const telling = [...document.querySelectorAll('#exercise-flow *')].filter((e) => /\b(rel-|role-|is-unchanged|placeholder|row\b)/.test(e.className)).map((e) => e.className);
  return {
    source: ids('source'),
    rewrite: ids('rewrite'),
    columns: col('source') && col('rewrite') ? [box(col('source')), box(col('rewrite'))] : [],
    readsOriginalThenCopy: order.join('').replace(/s+r+/, '') === '',
    telling,
    rowsShown: [...document.querySelectorAll('#rows .row')].filter(shown).length,
  };
}

/** In the page, through the DevTools protocol: the roles in the accessibility tree that tell a change (deletion, insertion, mark). */
async function tellingRoles(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && ['deletion', 'insertion', 'mark', 'contentDeletion', 'contentInsertion'].includes(n.role?.value)).length;
}

test('the example site has a report to make an exercise of', () => {
  assert.ok(chosen && chosen.find.length >= 3, 'no embed page with notes, omissions and three changes to find');
});

test('in an 800x640 iframe: nothing is given away, the count is of changes to find by kind, marks are checked, and reveals keep the controls in view and the course page still', { timeout: 90_000 }, async (t) => {
  const { page, frame, inner, problems } = await course(t);
  await page.evaluate(() => window.scrollTo({ top: 300, behavior: 'instant' }));
  let hostY = await page.evaluate(() => window.scrollY);

  assert.deepEqual(await inner.evaluate(giveaways), NOTHING, 'the exercise gives answers away before the student asks');
  const status = await frame.locator('#exercise-status').textContent();
  assert.match(status, new RegExp(`^${chosen.find.length} changes? to find`), `${status}: not the ${chosen.find.length} changes to find (notes and captions are not counted)`);
  const kinds = await frame.locator('#exercise-kinds').textContent();
  const byKind = {};
  chosen.find.forEach((f) => { byKind[f.kind] = (byKind[f.kind] ?? 0) + 1; });
  const labels = await inner.evaluate(() => Object.fromEntries([...document.querySelectorAll('.finding-card')].map((c) => [[...c.classList].find((k) => k.startsWith('kind-')).slice(5), c.querySelector('.finding-label').textContent])));
  for (const [kind, n] of Object.entries(byKind)) {
    assert.ok(kinds.includes(`${n} × ${labels[kind]}`), `"${kinds}" does not say to look for ${n} × ${labels[kind]}`);
  }
  assert.ok(!kinds.includes(labels.note ?? '\u0000'), `"${kinds}" counts the author's notes`);

  // One right mark by mouse, one wrong one by keyboard.
  const { right, wrong } = await inner.evaluate((withFindings) => {
    const sentences = [...document.querySelectorAll('.sentence[role="button"]')];
    const right = sentences.find((s) => s.querySelector('.finding-mark:not(.kind-note)'));
    const wrong = sentences.find((s) => !s.querySelector('.finding-mark') && !withFindings.includes(s.id));
    return { right: right.id, wrong: wrong?.id };
  }, sentencesWithFindings(chosen.json));
  assert.ok(wrong, 'no sentence without a change to mark wrongly');
  await frame.locator(`#${right}`).click();
  assert.equal(await frame.locator(`#${right}`).getAttribute('aria-pressed'), 'true', 'a click does not mark the passage');
  await frame.locator(`#${wrong}`).focus();
  await page.keyboard.press('Enter');
  assert.equal(await frame.locator(`#${wrong}`).getAttribute('aria-pressed'), 'true', 'Enter does not mark the passage');
  await page.keyboard.press(' ');
  assert.equal(await frame.locator(`#${wrong}`).getAttribute('aria-pressed'), 'false', 'Space does not unmark the passage');
  await page.keyboard.press(' ');
  assert.deepEqual(await inner.evaluate(giveaways), NOTHING, 'marking gives answers away');

  await frame.locator('#exercise-check').click();
  // Playwright scrolls the course page to click a passage low in the frame;
  // from here on the course page must stay where it is.
  hostY = await page.evaluate(() => window.scrollY);
  const result = await frame.locator('#exercise-result').textContent();
  const n = chosen.find.length;
  assert.match(result, new RegExp(`Found 1 of ${n}`), result);
  assert.match(result, new RegExp(`missed ${n - 1}\\b`), result);
  assert.match(result, /marked wrongly 1\b/, result);
  assert.match(result, /score \d+ \/ \d+/, result);
  assert.deepEqual(await inner.evaluate((ids) => ids.map((id) => document.getElementById(id).className), [right, wrong]).then((c) => c.map((x) => [x.includes('is-hit'), x.includes('is-wrong')])), [[true, false], [false, true]]);

  // Reveal one: a missed change; the frame scrolls, the course page does not.
  await frame.locator('#reveal-next').click();
  const shown = await eventually(async () => {
    const g = await inner.evaluate(giveaways);
    return g.cards.length === 1 ? g : null;
  });
  assert.ok(shown, `"reveal next" did not show one change: ${JSON.stringify(await inner.evaluate(giveaways))}`);
  const revealed = await inner.evaluate(() => [...document.querySelectorAll('.finding-card.is-revealed')].map((c) => {
    const r = c.getBoundingClientRect();
    return { id: c.id, marked: [...document.querySelectorAll(`.finding-mark[data-finding="${c.id.replace('finding-', '')}"]`)].some((m) => m.closest('.sentence')?.classList.contains('is-marked')) };
  }));
  assert.equal(revealed[0].marked, false, 'after a check, "reveal next" shows a change already found');
  assert.equal(await page.evaluate(() => window.scrollY), hostY, 'the course page scrolled when a change was revealed');
  const bar = await inner.evaluate(() => {
    const r = document.querySelector('#exercise').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: window.scrollY };
  });
  assert.ok(bar.scrolled > 0, 'the frame did not scroll to the revealed change');
  assert.ok(bar.top >= -1 && bar.bottom <= bar.height + 1, `the controls left the frame: ${JSON.stringify(bar)}`);

  // Reveal all: everything, the notes too; the placeholders and labels come back.
  await frame.locator('#reveal-all').click();
  const everything = await inner.evaluate(giveaways);
  assert.equal(everything.cards.length, chosen.json.findings.filter((f) => !f.minor).length, 'reveal all did not show every change');
  assert.ok(everything.placeholders.length > 0, 'the placeholders stay hidden after reveal all');
  assert.equal(await page.evaluate(() => window.scrollY), hostY, 'the course page scrolled on reveal all');
  assert.deepEqual(problems(), []);
});

test('on a phone (375px) the exercise works by touch and keeps its controls in view', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await openPage(browser, { width: 375, height: 740 });
  t.after(() => page.close());
  await page.goto(`${server.origin}${chosen.path}?exercise`, { waitUntil: 'load' });
  assert.deepEqual(await page.evaluate(giveaways), NOTHING);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `the exercise scrolls sideways on a phone (${scrollWidth} > ${clientWidth})`);
  const right = await page.evaluate(() => [...document.querySelectorAll('.sentence[role="button"]')].find((s) => s.querySelector('.finding-mark:not(.kind-note)')).id);
  await page.locator(`#${right}`).click();
  await page.locator('#exercise-check').click();
  assert.match(await page.locator('#exercise-result').textContent(), new RegExp(`Found 1 of ${chosen.find.length}`));
  await page.locator('#reveal-next').click();
  await page.locator('#reveal-next').click();
  const bar = await page.evaluate(() => {
    const r = document.querySelector('#exercise').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: window.scrollY };
  });
  assert.ok(bar.scrolled > 0 && bar.top >= -1 && bar.bottom <= bar.height + 1, `the controls are not in view after a reveal: ${JSON.stringify(bar)}`);
  assert.ok(bar.bottom - bar.top < bar.height / 2, `the controls take more than half the screen: ${JSON.stringify(bar)}`);
  assert.deepEqual(problems(), []);
});

for (const width of [800, 375]) {
  test(`at ${width}px each text flows in its own column, read through before the other; no row, empty cell or role tells what faces what; reveal all brings the rows back`, { timeout: 60_000 }, async (t) => {
    const { page, problems } = await openPage(browser, { width, height: 640 });
    t.after(() => page.close());
    await page.goto(`${server.origin}${chosen.path}?exercise`, { waitUntil: 'load' });
    const flow = await page.evaluate(flowState);
    assert.deepEqual(flow.source, story(chosen.json, 'source'), 'the original is not shown whole and in order in its own column');
    assert.deepEqual(flow.rewrite, story(chosen.json, 'rewrite'), 'the copy is not shown whole and in order in its own column');
    assert.ok(chosen.json.alignment.some((g) => !g.source.length) && chosen.json.alignment.some((g) => !g.rewrite.length), 'the report has no one-sided rows to hide');
    assert.equal(flow.rowsShown, 0, 'the aligned rows are still shown');
    assert.ok(flow.readsOriginalThenCopy, 'a screen reader goes back and forth between the texts');
    assert.deepEqual(flow.telling, [], 'the texts carry classes that tell what faces what');
    const [left, right] = flow.columns;
    if (width >= 800) assert.ok(left.right <= right.left && Math.abs(left.top - right.top) < 2, `the texts are not side by side: ${JSON.stringify(flow.columns)}`);
    else assert.ok(right.top > left.top && Math.abs(left.left - right.left) < 2, `the texts are not one after the other on a phone: ${JSON.stringify(flow.columns)}`);
    assert.equal(await tellingRoles(page), 0, 'the accessibility tree announces deletions, insertions or highlights');
    assert.deepEqual(await page.evaluate(giveaways), NOTHING);

    // Revealed, one change shows its passage and its card; the other answers stay hidden.
    await page.locator('#reveal-next').click();
    const one = await page.evaluate(giveaways);
    assert.equal(one.cards.length, 1, `"reveal next" did not show one card: ${JSON.stringify(one)}`);
    assert.ok(one.marks >= 1 && one.rows === 0 && one.placeholders.length === 0, `revealing one change shows more than it: ${JSON.stringify(one)}`);
    const cardInView = await page.evaluate(() => {
      const r = document.querySelector('.finding-card.is-revealed').getBoundingClientRect();
      return r.top >= document.querySelector('#exercise').getBoundingClientRect().bottom - 1 && r.bottom <= window.innerHeight + 1;
    });
    assert.ok(cardInView, 'the revealed change is not in view below the controls');

    // Reveal all: the rows side by side again, every sentence back in its row.
    await page.locator('#reveal-all').click();
    const back = await page.evaluate(() => ({
      flow: Boolean(document.querySelector('#exercise-flow')),
      inRows: document.querySelectorAll('#rows .row .sentence').length,
      all: document.querySelectorAll('.sentence').length,
      sideBySide: [...document.querySelectorAll('#rows .row')].filter((r) => r.checkVisibility()).every((r) => {
        const a = r.querySelector('.cell-source').getBoundingClientRect();
        const b = r.querySelector('.cell-rewrite').getBoundingClientRect();
        return a.right <= b.left && Math.abs(a.top - b.top) < 2;
      }),
    }));
    assert.equal(back.flow, false, 'the flowing texts stay after reveal all');
    assert.equal(back.inRows, back.all, 'sentences are left out of their rows after reveal all');
    if (width >= 800) assert.ok(back.sideBySide, 'the rows are not side by side after reveal all');
    assert.ok((await page.evaluate(giveaways)).placeholders.length > 0, 'the placeholders stay hidden after reveal all');
    assert.ok(await tellingRoles(page) > 0, 'changed words are still silenced after reveal all');
    // Leaving the exercise puts the rows back too.
    await page.locator('#exercise-toggle').click();
    assert.equal(await page.evaluate(() => document.querySelectorAll('#rows .row .sentence').length), back.all);
    assert.deepEqual(problems(), []);
  });
}

test('in an 800x640 frame with no height snippet, the header is two lines and the controls and the first sentences of both texts show in the first screen; the rest opens by keyboard', { timeout: 60_000 }, async (t) => {
  const { page, frame, inner, problems } = await course(t);
  const first = await inner.evaluate(() => {
    const bottom = (e) => e.getBoundingClientRect().bottom;
    return {
      controls: bottom(document.querySelector('#exercise')),
      source: bottom(document.querySelector('#exercise-flow .flow-source .sentence')) ,
      sourceTop: document.querySelector('#exercise-flow .flow-source .sentence').getBoundingClientRect().top,
      rewriteTop: document.querySelector('#exercise-flow .flow-rewrite .sentence').getBoundingClientRect().top,
      height: window.innerHeight,
      header: bottom(document.querySelector('.report-header')),
    };
  });
  assert.ok(first.controls <= first.height, `the controls are below the frame's first screen: ${JSON.stringify(first)}`);
  assert.ok(first.sourceTop + 60 <= first.height && first.rewriteTop + 60 <= first.height, `the texts start below the frame's first screen: ${JSON.stringify(first)}`);
  assert.ok(first.header <= 160, `the header takes ${first.header}px of the frame`);
  // Where each text was published, behind one disclosure, opened by keyboard.
  const about = frame.locator('details.report-about');
  assert.equal(await about.evaluate((d) => d.open), false);
  assert.equal(await frame.locator('.provenance').isVisible(), false);
  await frame.locator('details.report-about > summary').focus();
  await page.keyboard.press('Enter');
  assert.ok(await frame.locator('.provenance').isVisible(), 'Enter on "About this report" does not show where the texts were published');
  assert.ok(await frame.locator('.provenance a.external').first().isVisible());
  assert.deepEqual(problems(), []);
});

test('the reader\'s embed view (no exercise) in an 800x640 frame shows its toolbar and the first row in the first screen', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await openPage(browser, { width: 800, height: 640 });
  t.after(() => page.close());
  await page.goto(`${server.origin}${chosen.path}`, { waitUntil: 'load' });
  const first = await page.evaluate(() => ({
    toolbar: document.querySelector('#toolbar').getBoundingClientRect().bottom,
    row: document.querySelector('#rows .row').getBoundingClientRect().top,
    height: window.innerHeight,
  }));
  assert.ok(first.toolbar <= first.height && first.row + 60 <= first.height, `the reader's controls or first row are below the first screen: ${JSON.stringify(first)}`);
  assert.deepEqual(problems(), []);
});

test('by keyboard on a phone: Tab goes from the controls to the original\'s first sentence, every sentence it reaches shows below the controls, and "Go to the copy" leads there', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await openPage(browser, { width: 375, height: 700 });
  t.after(() => page.close());
  await page.goto(`${server.origin}${chosen.path}?exercise`, { waitUntil: 'load' });
  await page.locator('#reveal-all').focus();
  const reached = [];
  for (let i = 0; i < 40 && reached.length < 12; i++) {
    await page.keyboard.press('Tab');
    // The focus scrolls smoothly: read where it stands once the page is still.
    await page.evaluate(() => new Promise((done) => {
      let last = null;
      const look = () => {
        const y = window.scrollY;
        if (y === last) done(); else { last = y; setTimeout(look, 120); }
      };
      look();
    }));
    const at = await page.evaluate(() => {
      const e = document.activeElement;
      const r = e.getBoundingClientRect();
      return { id: e.id, cls: e.className, top: r.top, bottom: r.bottom, bar: document.querySelector('#exercise').getBoundingClientRect().bottom, height: window.innerHeight };
    });
    if (/sentence/.test(at.cls)) reached.push(at);
  }
  assert.equal(reached[0]?.id, story(chosen.json, 'source')[0], `Tab from the controls does not reach the original's first sentence: ${JSON.stringify(reached[0])}`);
  for (const at of reached) assert.ok(at.top >= at.bar - 1 && at.top < at.height, `the focused sentence ${at.id} is hidden under the controls or off screen: ${JSON.stringify(at)}`);
  await page.locator('.flow-jump').click();
  const copy = await page.evaluate(() => ({
    head: document.querySelector('#flow-head-rewrite').getBoundingClientRect().top,
    bar: document.querySelector('#exercise').getBoundingClientRect().bottom,
    focused: document.activeElement.id,
  }));
  assert.ok(copy.head >= copy.bar - 1 && copy.head < copy.bar + 60, `"Go to the copy" does not lead to the copy: ${JSON.stringify(copy)}`);
  assert.equal(copy.focused, 'flow-head-rewrite');
  assert.deepEqual(problems(), []);
});

test('the README snippet sizes the iframe to the report from the height the embed page posts', { timeout: 60_000 }, async (t) => {
  const snippet = readme.match(/```html\n(<iframe id="unspun-report"[\s\S]*?)```/)?.[1];
  assert.ok(snippet && snippet.includes('unspun:height') && snippet.includes('event.origin') && snippet.includes('event.source'),
    'the README has no host snippet that checks event.origin and event.source');
  const script = snippet.slice(snippet.indexOf('<script>') + 8, snippet.indexOf('</script>')).replace('https://user.github.io', server.origin);
  const { page, problems } = await openPage(browser, { width: 1000, height: 800 });
  t.after(() => page.close());
  await page.route(`${server.origin}/__course.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><title>Course</title><h1>Spot the changes</h1>
      <iframe id="unspun-report" src="${chosen.path}?exercise" title="Exercise" width="800" height="640"></iframe>
      <script src="/__host.js"></script></html>`,
  }));
  await page.route(`${server.origin}/__host.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
  // A message from anyone else is ignored.
  await page.goto(`${server.origin}/__course.html`, { waitUntil: 'load' });
  await page.evaluate(() => window.postMessage({ type: 'unspun:height', height: 300 }, '*'));
  const fits = await eventually(async () => {
    const f = page.frames().find((x) => x.url().includes('?embed'));
    if (!f) return null;
    const inner = await f.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    const outer = await page.evaluate(() => document.getElementById('unspun-report').getBoundingClientRect().height);
    return inner.scroll <= inner.client + 1 && outer > 640 ? { inner, outer } : null;
  }, 8000);
  assert.ok(fits, 'the iframe was not sized to the report: it still scrolls inside');
  // Revealing changes the height, and the frame follows.
  const frame = page.frameLocator('#unspun-report');
  await frame.locator('#reveal-all').click();
  const grown = await eventually(async () => {
    const f = page.frames().find((x) => x.url().includes('?embed'));
    const inner = await f.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
    return inner.scroll <= inner.client + 1;
  }, 8000);
  assert.ok(grown, 'after reveal all the frame scrolls inside');
  assert.deepEqual(problems(), []);
});

test('every link of the embed page opens outside the frame', { timeout: 60_000 }, async (t) => {
  for (const { path: p } of all) {
    const { page, problems } = await openPage(browser, { width: 800, height: 640 });
    t.after(() => page.close());
    await page.goto(server.origin + p, { waitUntil: 'load' });
    const inside = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
      .filter((a) => !a.getAttribute('href').startsWith('#'))
      .filter((a) => a.target !== '_blank' || !a.relList.contains('noopener'))
      .map((a) => a.getAttribute('href')));
    assert.deepEqual(inside, [], `${p}: links that open inside the frame`);
    assert.deepEqual(problems(), [], p);
  }
});

test('axe finds no serious or critical violation in the exercise, marked, checked and revealed, in light and dark', { timeout: 90_000 }, async () => {
  const { createRequire } = await import('node:module');
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const dark = await launch({ colorScheme });
    try {
      const { page } = await openPage(dark, { width: 800, height: 640 });
      await page.goto(`${server.origin}${chosen.path}?exercise`, { waitUntil: 'load' });
      const ids = await page.evaluate(() => [...document.querySelectorAll('.sentence[role="button"]')].slice(0, 3).map((s) => s.id));
      for (const id of ids) await page.locator(`#${id}`).click();
      await page.locator('#exercise-check').click();
      await page.locator('#reveal-next').click();
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
      assert.deepEqual(violations, [], `${colorScheme}: ${JSON.stringify(violations)}`);
    } finally {
      await dark.close();
    }
  }
});
