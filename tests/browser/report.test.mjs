// The report page on a laptop screen: the two texts side by side, walking
// through the findings with the keyboard and the buttons, linking to one
// finding, the kind filter and the "changes only" view.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir, openPage, sitePages, reportJson, eventually, startSite, stopSite } from './support/harness.mjs';
import { S, NEXT_KEY, PREV_KEY, cardStates } from './support/report.mjs';

const root = siteDir();
const { reports } = await sitePages(root);
const slugOf = (path) => path.split('/').filter(Boolean).pop();

// The report with the most findings of the most kinds is the one to walk through.
const withData = await Promise.all(reports.map(async (path) => {
  const json = await reportJson(root, slugOf(path));
  return { path, findings: json.findings.length, kinds: new Set(json.findings.map((f) => f.kind)).size };
}));
withData.sort((a, b) => b.kinds - a.kinds || b.findings - a.findings || a.path.localeCompare(b.path));
const richest = withData[0];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

/** Opens a report at 1280x900 and fails the test on any console error or foreign request. */
async function open(path, t, size = { width: 1280, height: 900 }) {
  const opened = await openPage(browser, size);
  t.after(async () => {
    await opened.page.close();
  });
  await opened.page.goto(server.origin + path, { waitUntil: 'load' });
  return opened;
}

test('the example site has a report with several findings of several kinds', () => {
  assert.ok(richest, 'no reports');
  assert.ok(richest.findings >= 3, `the richest report ${richest.path} has only ${richest.findings} findings`);
  assert.ok(richest.kinds >= 2, `the richest report ${richest.path} has findings of only ${richest.kinds} kind`);
});

test('at 1280px the original is on the left, the copy on the right, matching sentences level', { timeout: 60_000 }, async (t) => {
  for (const { path } of withData) {
    const { page, problems } = await open(path, t);
    // Folded captions and furniture are laid out like the rest once opened.
    await page.evaluate((S) => document.querySelectorAll(S.setAsideFold).forEach((d) => { d.open = true; }), S);
    const rows = await page.evaluate((S) => [...document.querySelectorAll(S.row)].map((row) => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width }; };
      const source = row.querySelector(S.sourceCell);
      const rewrite = row.querySelector(S.rewriteCell);
      const first = (cell) => cell?.querySelector(S.sentence) ?? null;
      return {
        id: row.id,
        source: source && box(source),
        rewrite: rewrite && box(rewrite),
        sourceSentence: first(source) && box(first(source)),
        rewriteSentence: first(rewrite) && box(first(rewrite)),
      };
    }), S);
    assert.ok(rows.length > 0, `${path}: no rows (${S.row})`);
    for (const row of rows) {
      assert.ok(row.source && row.rewrite, `${path} ${row.id}: a row without both cells`);
      assert.ok(row.source.width > 200 && row.rewrite.width > 200, `${path} ${row.id}: the columns are too narrow: ${JSON.stringify(row)}`);
      assert.ok(row.source.right <= row.rewrite.left + 1, `${path} ${row.id}: the original is not left of the copy: ${JSON.stringify(row)}`);
      assert.ok(Math.abs(row.source.top - row.rewrite.top) <= 3, `${path} ${row.id}: the cells do not start level`);
      if (row.sourceSentence && row.rewriteSentence) {
        assert.ok(
          Math.abs(row.sourceSentence.top - row.rewriteSentence.top) <= 4,
          `${path} ${row.id}: matching sentences are not level: original at ${row.sourceSentence.top}, copy at ${row.rewriteSentence.top}`,
        );
      }
    }
    assert.deepEqual(problems(), [], path);
  }
});

test('the navigation toolbar is shown once the script runs', { timeout: 30_000 }, async (t) => {
  const { page } = await open(richest.path, t);
  await page.locator(S.toolbar).waitFor({ state: 'visible' });
  await page.locator(S.next).waitFor({ state: 'visible' });
  await page.locator(S.prev).waitFor({ state: 'visible' });
});

test('keys j and k walk through the findings, scrolling each into view and updating the URL', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t);
  const ids = (await page.evaluate(cardStates, S.card)).map((c) => c.id);
  assert.ok(ids.length >= 3, `${richest.path}: fewer than 3 finding cards`);
  await page.locator('body').focus();
  const expectCurrent = async (id, how) => {
    let last;
    const ok = await eventually(async () => {
      const cards = await page.evaluate(cardStates, S.card);
      const card = cards.find((c) => c.id === id);
      const hash = await page.evaluate(() => location.hash);
      const current = cards.filter((c) => c.current).map((c) => c.id);
      last = { hash, current, card };
      return card?.inView && hash === `#${id}` && current.length === 1 && current[0] === id;
    });
    assert.ok(ok, `after ${how}, expected ${id} to be the current finding, in view, and in the URL: ${JSON.stringify(last)}`);
  };
  await page.keyboard.press(NEXT_KEY);
  await expectCurrent(ids[0], `${NEXT_KEY}`);
  await page.keyboard.press(NEXT_KEY);
  await expectCurrent(ids[1], `${NEXT_KEY} ${NEXT_KEY}`);
  await page.keyboard.press(NEXT_KEY);
  await expectCurrent(ids[2], `${NEXT_KEY} x3`);
  await page.keyboard.press(PREV_KEY);
  await expectCurrent(ids[1], `${NEXT_KEY} x3 ${PREV_KEY}`);
  // The position readout follows.
  const position = await page.locator(S.position).textContent();
  assert.match(position ?? '', /2\D+\d+/, `the position says ${JSON.stringify(position)}, not "2 of N"`);
  assert.deepEqual(problems(), []);
});

test('the next and previous buttons walk through the findings too', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t);
  const ids = (await page.evaluate(cardStates, S.card)).map((c) => c.id);
  await page.click(S.next);
  await page.click(S.next);
  const hashIs = (h) => eventually(async () => (await page.evaluate(() => location.hash)) === h);
  assert.ok(await hashIs(`#${ids[1]}`), `two clicks on "next" did not go to ${ids[1]}`);
  await page.click(S.prev);
  assert.ok(await hashIs(`#${ids[0]}`), `"previous" did not go back to ${ids[0]}`);
  const inView = await eventually(async () => (await page.evaluate(cardStates, S.card)).find((c) => c.id === ids[0]).inView);
  assert.ok(inView, 'the first finding is not scrolled into view');
  assert.deepEqual(problems(), []);
});

test('a link to #finding-N opens the page at that finding, and j continues from it', { timeout: 30_000 }, async (t) => {
  const ids = await (async () => {
    const { page } = await open(richest.path, t);
    return (await page.evaluate(cardStates, S.card)).map((c) => c.id);
  })();
  // The last finding but one: far down the page, with one after it.
  const target = ids[ids.length - 2];
  const { page, problems } = await open(`${richest.path}#${target}`, t);
  let card;
  const inView = await eventually(async () => {
    card = (await page.evaluate(cardStates, S.card)).find((c) => c.id === target);
    return card?.inView;
  });
  assert.ok(inView, `${target} is not in view after opening ${richest.path}#${target}: ${JSON.stringify(card)}`);
  const scrollY = await page.evaluate(() => window.scrollY);
  assert.ok(scrollY > 0, 'the page did not scroll to the finding');
  await page.locator('body').focus().catch(() => {});
  await page.keyboard.press(NEXT_KEY);
  const hash = await eventually(async () => {
    const h = await page.evaluate(() => location.hash);
    return h === `#${ids[ids.length - 1]}` ? h : null;
  });
  assert.equal(hash, `#${ids[ids.length - 1]}`, `${NEXT_KEY} after opening at ${target} did not go to the next finding`);
  assert.deepEqual(problems(), []);
});

test('the kind filter hides findings of the other kinds, and navigation skips them', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t);
  const toggles = page.locator(S.kindChip);
  const kinds = await toggles.evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert.ok(kinds.length >= 2, `${richest.path}: the kind filter has ${kinds.length} options`);
  const keep = kinds[kinds.length - 1];
  for (const kind of kinds) {
    if (kind !== keep) await page.locator(`${S.kindChip}[data-kind="${kind}"]`).click();
  }
  const cards = await eventually(async () => {
    const all = await page.evaluate(cardStates, S.card);
    return all.every((c) => c.visible === (c.kind === keep)) ? all : null;
  });
  assert.ok(cards, `after keeping only ${keep}, findings of other kinds are still shown (or ${keep} is hidden): ` +
    JSON.stringify(await page.evaluate(cardStates, S.card)));
  // The marks in the texts follow the filter too.
  const marks = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((m) => ({
    kind: [...m.classList].find((c) => c.startsWith('kind-')).slice(5),
    highlighted: getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)' || getComputedStyle(m).textDecorationLine !== 'none'
      || getComputedStyle(m).borderBottomStyle !== 'none' || getComputedStyle(m).outlineStyle !== 'none',
  })), S.mark);
  const wrong = marks.filter((m) => m.kind !== keep && m.highlighted);
  assert.deepEqual(wrong, [], `marks of filtered-out kinds are still highlighted in the text`);
  // j goes only to findings of the kind kept (after the reader clicks back into the text).
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < 2; i++) {
    await page.keyboard.press(NEXT_KEY);
    await page.waitForTimeout(150);
    const hash = await page.evaluate(() => location.hash);
    const kind = hash ? await page.evaluate((h) => [...(document.getElementById(h.slice(1))?.classList ?? [])].find((c) => c.startsWith('kind-'))?.slice(5), hash) : null;
    assert.equal(kind, keep, `${NEXT_KEY} went to ${hash}, of kind ${kind}, while only ${keep} is shown`);
  }
  assert.deepEqual(problems(), []);
});

test('"changes only" folds the unchanged stretches and can unfold one', { timeout: 60_000 }, async (t) => {
  let chosen = null;
  for (const { path } of withData) {
    const { page } = await open(path, t);
    if (await page.locator(S.unchangedRow).count()) { chosen = path; break; }
  }
  assert.ok(chosen, `no report of the example site has an unchanged stretch (${S.unchangedRow}) to fold`);
  const { page, problems } = await open(chosen, t);
  const shown = (sel) => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => el.checkVisibility() && el.getBoundingClientRect().height > 0), sel);
  assert.ok((await shown(S.unchangedRow)).every(Boolean), 'unchanged rows are hidden before "changes only" is chosen');
  const heightBefore = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.locator(S.changesOnly).check();
  const folded = await eventually(async () => (await shown(S.unchangedRow)).every((v) => !v));
  assert.ok(folded, `with "changes only", unchanged rows are still shown`);
  const changedRows = await shown(`${S.storyRow}:has(.finding-card)`);
  assert.ok(changedRows.every(Boolean), 'with "changes only", rows with a finding are hidden too');
  const markers = await shown(S.foldMarker);
  assert.ok(markers.length > 0 && markers.every(Boolean), `with "changes only", no fold markers (${S.foldMarker}) are shown`);
  const heightAfter = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(heightAfter < heightBefore, 'the page did not get shorter');
  // Unfolding one stretch shows its rows again: those between its line and the next row shown.
  const run = await page.evaluate((S) => {
    // Everything folded behind the first line: the rows and folds up to the next thing shown.
    const line = document.querySelector(S.foldMarker);
    let n = 0;
    for (let e = line.nextElementSibling; e && !e.matches('.fold-marker') && !e.checkVisibility(); e = e.nextElementSibling) {
      e.setAttribute('data-test-folded', '');
      n += 1;
    }
    return n;
  }, S);
  assert.ok(run > 0, 'the first fold line folds nothing');
  await page.locator(`${S.foldMarker} ${S.unfold}`).first().click();
  const unfolded = await eventually(async () => page.evaluate(() => [...document.querySelectorAll('[data-test-folded]')].every((e) => e.checkVisibility())));
  assert.ok(unfolded, `clicking "${S.unfold}" did not show the ${run} rows or folds it stood for`);
  assert.equal(await page.locator(`${S.foldMarker} ${S.unfold}`).first().getAttribute('aria-expanded'), 'true');
  // And turning the view off shows everything.
  await page.locator(S.changesOnly).uncheck();
  assert.ok(await eventually(async () => (await shown(S.unchangedRow)).every(Boolean)), 'unchanged rows stay hidden after "changes only" is turned off');
  assert.deepEqual(problems(), []);
});

test('on a phone (375px) the texts are stacked or switched, never squeezed side by side', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t, { width: 375, height: 812 });
  const cells = await page.evaluate((S) => [...document.querySelectorAll(`${S.row} ${S.sourceCell}, ${S.row} ${S.rewriteCell}`)]
    .filter((c) => c.checkVisibility() && c.getBoundingClientRect().height > 0)
    .map((c) => ({ row: c.closest('.row').id, side: c.className, width: Math.round(c.getBoundingClientRect().width) })), S);
  assert.ok(cells.length > 0, 'no text is shown on a phone');
  const narrow = cells.filter((c) => c.width < 280);
  assert.deepEqual(narrow, [], 'text columns narrower than 280px on a 375px screen');
  assert.deepEqual(problems(), []);
});

test('printing shows the whole comparison without the interactive controls', { timeout: 30_000 }, async (t) => {
  // An A4 page is about 794 CSS pixels wide.
  const { page, problems } = await open(richest.path, t, { width: 794, height: 1123 });
  // What a reader may have left on screen: "changes only" and a kind filtered out.
  await page.locator(S.changesOnly).check();
  await page.locator(S.kindChip).first().click();
  await page.emulateMedia({ media: 'print' });
  const state = await page.evaluate((S) => {
    const shown = (el) => Boolean(el) && el.checkVisibility() && el.getBoundingClientRect().height > 0;
    return {
      toolbar: shown(document.querySelector(S.toolbar)),
      // Captions and furniture print folded, as they show on screen.
      hiddenRows: [...document.querySelectorAll(S.storyRow)].filter((r) => !shown(r)).map((r) => r.id),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  }, S);
  assert.equal(state.toolbar, false, 'the navigation toolbar is printed');
  assert.deepEqual(state.hiddenRows, [], 'rows are left out of the printout');
  assert.ok(state.scrollWidth <= state.clientWidth, `the printout is wider than the page (${state.scrollWidth} > ${state.clientWidth})`);
  assert.deepEqual(problems(), []);
});

test('captions and page furniture are folded into one row per run that says what it holds and opens with a click or the keyboard', { timeout: 60_000 }, async (t) => {
  // A report of the example site whose original came with furniture.
  let chosen = null;
  for (const { path } of withData) {
    const json = await reportJson(root, slugOf(path));
    if (json.source.sentences.some((s) => s.role === 'furniture')) { chosen = { path, json }; break; }
  }
  assert.ok(chosen, 'no report of the example site has page furniture to fold');
  const { path, json } = chosen;
  const { page, problems } = await open(path, t);
  // report.json leaves out the role of story sentences.
  const setAside = [json.source, json.rewrite].flatMap((side) => side.sentences).filter((s) => !['story', 'heading'].includes(s.role ?? 'story'));
  // One line near the headline says how much was set aside.
  const line = (await page.locator(S.setAsideLine).textContent()) ?? '';
  assert.match(line, new RegExp(`^${setAside.length} sentences? of captions and page furniture`), line);
  // Each fold is closed, says what it holds, and hides its rows.
  const folds = await page.evaluate((S) => [...document.querySelectorAll(S.setAsideFold)].map((d) => ({
    open: d.open,
    summary: d.querySelector('summary').textContent,
    rowsShown: [...d.querySelectorAll('.row')].filter((r) => r.checkVisibility()).length,
    cards: d.querySelectorAll('.finding-card').length,
  })), S);
  assert.ok(folds.length > 0, `${path}: no folds`);
  for (const fold of folds) {
    assert.equal(fold.open, false, `${fold.summary}: open before a click`);
    assert.match(fold.summary, /^Set aside: .+, \d+ sentences?$/, fold.summary);
    assert.equal(fold.rowsShown, 0, `${fold.summary}: rows shown while folded`);
    assert.equal(fold.cards, 0, `${fold.summary}: a finding is folded away`);
  }
  // A click opens the first; Enter on its summary closes it again.
  const summary = page.locator(S.setAsideSummary).first();
  await summary.click();
  const rowsOf = () => page.evaluate((S) => [...document.querySelector(S.setAsideFold).querySelectorAll('.row')].map((r) => r.checkVisibility()), S);
  assert.ok((await rowsOf()).every(Boolean), 'a click did not show the folded rows');
  await summary.focus();
  await page.keyboard.press('Enter');
  assert.ok(await eventually(async () => (await rowsOf()).every((v) => !v)), 'Enter did not fold the rows again');
  // Nothing folded is counted: every finding card is outside the folds.
  const cards = await page.locator(S.card).count();
  assert.equal(cards, json.findings.length);
  assert.deepEqual(problems(), []);
});

test('changed words are said, not only coloured, and on a phone each text says which it is', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t);
  const said = await page.evaluate(() => {
    const before = (sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e, '::before').content);
    return { del: before('#rows .sentence del'), ins: before('#rows .sentence ins') };
  });
  assert.ok(said.del.length > 0 && said.ins.length > 0, 'the report has no changed words to check');
  assert.ok(said.del.every((c) => c === '"removed in the copy: "'), `a removed word is not said: ${[...new Set(said.del)]}`);
  assert.ok(said.ins.every((c) => c === '"added in the copy: "'), `an added word is not said: ${[...new Set(said.ins)]}`);
  // Said, but not shown: out of the line and clipped away.
  const shownLabel = await page.evaluate(() => {
    const cs = getComputedStyle(document.querySelector('#rows .sentence del'), '::before');
    return { position: cs.position, width: cs.width };
  });
  assert.deepEqual(shownLabel, { position: 'absolute', width: '1px' }, 'the spoken label takes room in the line');
  await page.setViewportSize({ width: 375, height: 800 });
  const labels = await page.evaluate(() => {
    const row = document.querySelector('#rows .row:not(.role-caption):not(.role-furniture)');
    return ['.cell-source', '.cell-rewrite'].map((c) => getComputedStyle(row.querySelector(c), '::before').content);
  });
  assert.deepEqual(labels, ['"Original"', '"Copy"']);
  assert.deepEqual(problems(), []);
});
