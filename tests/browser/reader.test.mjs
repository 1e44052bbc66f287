// A report as a reader of a fact-checking site uses it, at 1440, 1280 and
// 375 px: the overview of the findings, the kind chips as filters, the
// marker strip along the scroll bar, filters that fold what they hide,
// next/previous from where the reader is, #finding-N landing clear of the
// toolbar, and the printed report. Each kind's letter on its badge, shown
// and not announced. The data page, linked from every footer.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir, openPage, sitePages, reportJson, eventually, startSite, stopSite } from './support/harness.mjs';
import { S, NEXT_KEY, PREV_KEY } from './support/report.mjs';
import { pageFill } from './support/pdf.mjs';

const root = siteDir();
const pages = await sitePages(root);
const slugOf = (path) => path.split('/').filter(Boolean).pop();
const reports = await Promise.all(pages.reports.map(async (path) => ({ path, json: await reportJson(root, slugOf(path)) })));
// The report with the most findings: long enough to scroll, fold and walk.
const richest = [...reports].sort((a, b) => b.json.findings.length - a.json.findings.length || a.path.localeCompare(b.path))[0];

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 800 },
  { width: 375, height: 812 },
];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

async function open(path, t, size) {
  const opened = await openPage(browser, size);
  t.after(() => opened.page.close());
  await opened.page.goto(server.origin + path, { waitUntil: 'load' });
  await opened.page.waitForTimeout(100);
  return opened;
}

/** In the page: where a finding's card is against the sticky toolbar and the viewport. */
function placeOf(id) {
  const card = document.getElementById(id);
  const bar = document.querySelector('#toolbar');
  const r = card.getBoundingClientRect();
  const b = bar.getBoundingClientRect();
  // The toolbar covers the top of the window only while it is stuck there.
  const covered = b.top <= 1 ? b.bottom : 0;
  return { top: r.top, bottom: r.bottom, covered, height: window.innerHeight, fully: r.height > 0 && r.top >= covered - 1 && r.bottom <= window.innerHeight + 1 };
}

/** In the page: the finding cards shown, by number. */
function shownCards() {
  return [...document.querySelectorAll('.finding-card')]
    .filter((c) => c.checkVisibility())
    .map((c) => Number(c.id.replace('finding-', '')));
}

/** In the page: the comparison's units in order (rows, folds of captions, fold lines), each shown or not. */
function foldState() {
  return [...document.querySelector('#rows').children].map((e) => ({
    line: e.matches('.fold-marker'),
    count: e.matches('.fold-marker') ? Number(e.querySelector('button').dataset.count) : 0,
    rows: e.matches('.row') ? 1 : e.querySelectorAll('.row').length,
    shown: e.checkVisibility(),
    id: e.id,
    findings: [...e.querySelectorAll('.finding-card')].map((c) => [...c.classList].find((k) => k.startsWith('kind-')).slice(5)),
    marked: [...e.querySelectorAll('.finding-mark')].map((m) => [...m.classList].find((c) => c.startsWith('kind-')).slice(5)),
    relation: [...e.classList].find((c) => c.startsWith('rel-'))?.slice(4) ?? null,
  }));
}

/** Every run of hidden units sits behind exactly one fold line that counts its rows. */
function assertFoldsCount(state, what) {
  for (let i = 0; i < state.length; i++) {
    const u = state[i];
    if (u.line || u.shown) continue;
    assert.ok(i > 0 && (state[i - 1].line || !state[i - 1].shown), `${what}: hidden ${u.id || 'fold'} has no fold line before its run`);
    if (!state[i - 1].line) continue;
    let rows = 0;
    for (let j = i; j < state.length && !state[j].line && !state[j].shown; j++) rows += state[j].rows;
    assert.equal(state[i - 1].count, rows, `${what}: the fold line before ${u.id || 'a fold'} counts ${state[i - 1].count} rows, its run has ${rows}`);
  }
  for (let i = 1; i < state.length; i++) {
    assert.ok(!(state[i].line && state[i - 1].line), `${what}: two fold lines in a row`);
  }
}

for (const size of SIZES) {
  describe(`at ${size.width}px`, () => {
    test('the overview lists every finding in reading order, each a click from its passage', { timeout: 60_000 }, async (t) => {
      const { page, problems } = await open(richest.path, t, size);
      const numbers = await page.evaluate(() => [...document.querySelectorAll('.finding-card')].map((c) => Number(c.id.replace('finding-', ''))));
      const summary = page.locator('#overview summary');
      if (!(await page.locator('#overview .overview-list').isVisible())) await summary.click();
      const items = await page.evaluate(() => [...document.querySelectorAll('#overview a.overview-item')].map((a) => ({ n: Number(a.dataset.finding), href: a.getAttribute('href'), name: a.textContent.trim() })));
      assert.deepEqual(items.map((i) => i.n), numbers, 'the overview does not list the findings in the page order');
      assert.deepEqual([...numbers].sort((a, b) => a - b), numbers, 'findings are not numbered in reading order');
      for (const i of items) {
        assert.equal(i.href, `#finding-${i.n}`);
        assert.match(i.name, new RegExp(`^\\S*\\s*${i.n}\\s+\\S`), `overview item ${i.n} has no kind in its name: ${i.name}`);
      }
      const target = items[Math.floor(items.length * 2 / 3)].n;
      await page.locator(`#overview a[data-finding="${target}"]`).click();
      const place = await eventually(async () => {
        const p = await page.evaluate(placeOf, `finding-${target}`);
        return p.fully ? p : null;
      });
      assert.ok(place, `after a click on ${target} in the overview the finding is not wholly in view below the toolbar: ${JSON.stringify(await page.evaluate(placeOf, `finding-${target}`))}`);
      assert.equal(await page.evaluate(() => location.hash), `#finding-${target}`);
      assert.deepEqual(problems(), []);
    });

    test('a #finding-N link lands with the finding wholly in view below the sticky toolbar', { timeout: 60_000 }, async (t) => {
      const numbers = richest.json.findings.filter((f) => !f.minor).map((f) => f.id);
      for (const n of [numbers[1], numbers[Math.floor(numbers.length / 2)], numbers[numbers.length - 2]]) {
        const { page, problems } = await open(`${richest.path}#finding-${n}`, t, size);
        const place = await eventually(async () => {
          const p = await page.evaluate(placeOf, `finding-${n}`);
          return p.fully ? p : null;
        });
        assert.ok(place, `#finding-${n}: ${JSON.stringify(await page.evaluate(placeOf, `finding-${n}`))}`);
        const shownNumber = await page.locator(`#finding-${n} .finding-number`).textContent();
        assert.equal(shownNumber.trim(), String(n), 'the page shows another number than the URL');
        assert.deepEqual(problems(), []);
      }
    });

    test('next and previous start from where the reader has scrolled to', { timeout: 60_000 }, async (t) => {
      const { page, problems } = await open(richest.path, t, size);
      // The first finding of a row about two thirds down the page.
      const { first, before } = await page.evaluate(() => {
        const cards = [...document.querySelectorAll('#rows .finding-card')];
        const row = cards[Math.floor(cards.length * 2 / 3)].closest('.row');
        const firstCard = row.querySelector('.finding-card');
        const i = cards.indexOf(firstCard);
        const number = (c) => Number(c.id.replace('finding-', ''));
        return { first: number(firstCard), before: number(cards[i - 1]) };
      });
      const scrollToRow = () => page.evaluate((n) => {
        const row = document.getElementById(`finding-${n}`).closest('.row');
        const bar = document.querySelector('#toolbar').offsetHeight;
        window.scrollTo({ top: row.getBoundingClientRect().top + window.scrollY - bar - 10, behavior: 'instant' });
      }, first);
      await scrollToRow();
      await page.waitForTimeout(100);
      await page.keyboard.press(NEXT_KEY);
      assert.ok(await eventually(async () => (await page.evaluate(() => location.hash)) === `#finding-${first}`),
        `${NEXT_KEY} after scrolling to finding ${first} went to ${await page.evaluate(() => location.hash)}`);
      assert.ok(await eventually(async () => (await page.evaluate(placeOf, `finding-${first}`)).fully), 'the finding is not wholly in view');
      // Scrolled away again, "previous" goes to the finding above.
      await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
      await scrollToRow();
      await page.waitForTimeout(100);
      await page.click(S.prev);
      assert.ok(await eventually(async () => (await page.evaluate(() => location.hash)) === `#finding-${before}`),
        `"previous" after scrolling to finding ${first} went to ${await page.evaluate(() => location.hash)}, not ${before}`);
      const position = await page.locator(S.position).textContent();
      assert.match(position, new RegExp(`Change ${before}\\b`), position);
      assert.deepEqual(problems(), []);
    });

    test('the marker strip shows where the findings are, and takes the reader there', { timeout: 60_000 }, async (t) => {
      const { page, problems } = await open(richest.path, t, size);
      const markers = await page.evaluate(() => [...document.querySelectorAll('.marker-strip .marker')].map((m) => ({
        n: Number(m.dataset.finding), top: m.getBoundingClientRect().top, kind: [...m.classList].find((c) => c.startsWith('kind-')),
      })));
      const shown = await page.evaluate(shownCards);
      assert.deepEqual(markers.map((m) => m.n), shown, 'the strip has not one marker per finding shown');
      for (let i = 1; i < markers.length; i++) {
        assert.ok(markers[i].top >= markers[i - 1].top - 0.5, `marker ${markers[i].n} is above marker ${markers[i - 1].n}`);
      }
      assert.ok(markers.every((m) => m.kind), 'a marker does not tell its kind');
      const strip = await page.locator('.marker-strip').boundingBox();
      assert.ok(strip.x + strip.width >= size.width - 1 && strip.height >= size.height - 1, `the strip is not along the right edge: ${JSON.stringify(strip)}`);
      const target = markers[Math.floor(markers.length / 2)].n;
      await page.locator(`.marker-strip .marker[data-finding="${target}"]`).click({ force: true });
      assert.ok(await eventually(async () => (await page.evaluate(placeOf, `finding-${target}`)).fully), `a click on marker ${target} did not bring its finding into view`);
      assert.equal(await page.evaluate(() => location.hash), `#finding-${target}`);
      assert.deepEqual(problems(), []);
    });
  });
}

test('a kind chip hides that kind: its cards, marks, overview items, markers and rows, folded with a count', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t, SIZES[1]);
  const counts = {};
  richest.json.findings.filter((f) => !f.minor).forEach((f) => { counts[f.kind] = (counts[f.kind] ?? 0) + 1; });
  const kind = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
  const chip = page.locator(`.kind-counts button[data-kind="${kind}"]`);
  assert.equal(await chip.getAttribute('aria-pressed'), 'true');
  await chip.click();
  assert.equal(await chip.getAttribute('aria-pressed'), 'false');
  const state = await page.evaluate((kind) => ({
    cards: [...document.querySelectorAll(`.finding-card.kind-${kind}`)].filter((c) => c.checkVisibility()).length,
    items: [...document.querySelectorAll(`.overview-item.kind-${kind}`)].filter((c) => c.checkVisibility()).length,
    markers: document.querySelectorAll(`.marker-strip .marker.kind-${kind}`).length,
    marks: [...document.querySelectorAll(`mark.finding-mark.kind-${kind}`)].filter((m) => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)').length,
  }), kind);
  assert.deepEqual(state, { cards: 0, items: 0, markers: 0, marks: 0 }, `${kind} still shows`);
  const folds = await page.evaluate(foldState);
  const only = folds.filter((u) => !u.line && u.findings.length > 0 && u.findings.every((k) => k === kind) && u.marked.every((k) => k === kind));
  assert.ok(only.length > 0, `no row holds only ${kind}`);
  assert.deepEqual(only.filter((u) => u.shown).map((u) => u.id), [], `rows holding only ${kind} are still shown`);
  assert.ok(folds.filter((u) => !u.line && u.findings.some((k) => k !== kind)).every((u) => u.shown), 'rows with other kinds are hidden');
  assertFoldsCount(folds, `with ${kind} hidden`);
  // A fold line opens its rows.
  await page.locator(`${S.foldMarker} ${S.unfold}`).first().click();
  assert.equal(await page.locator(`${S.foldMarker} ${S.unfold}`).first().getAttribute('aria-expanded'), 'true');
  const opened = await page.evaluate(foldState);
  const i = opened.findIndex((u) => u.line);
  assert.ok(opened[i + 1].shown, 'the first fold line did not open its rows');
  // The chip again shows it all.
  await chip.click();
  const back = await page.evaluate(foldState);
  assert.ok(back.every((u) => u.line === false), 'fold lines remain when nothing is filtered');
  assert.ok(back.every((u) => u.shown || u.rows > 1 || u.id === ''), 'rows stay hidden when nothing is filtered');
  assert.deepEqual(problems(), []);
});

test('"changes only" folds identical rows and runs of one-sided rows with nothing to show, each run behind one counted line', { timeout: 60_000 }, async (t) => {
  let checked = 0;
  for (const { path } of reports) {
    const { page, problems } = await open(path, t, SIZES[1]);
    await page.locator(S.changesOnly).check();
    const state = await page.evaluate(foldState);
    for (const u of state.filter((u) => !u.line)) {
      const nothing = u.findings.length === 0 && u.marked.length === 0;
      if (u.findings.length > 0) assert.ok(u.shown, `${path} ${u.id}: a row with a finding is folded`);
      if (nothing && (u.relation === 'identical' || u.relation === 'omitted' || u.relation === 'added' || u.rows !== 1)) {
        assert.ok(!u.shown, `${path} ${u.id || 'a fold of captions'}: ${u.relation ?? 'set aside'} with nothing to show is not folded`);
        checked += 1;
      }
    }
    assertFoldsCount(state, path);
    assert.deepEqual(problems(), [], path);
  }
  assert.ok(checked > 0, 'no report has a row with nothing to show');
});

test('printed, a report reads as a document: no column header, rows that may break, findings as numbered notes', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t, { width: 794, height: 1123 });
  await page.locator(S.changesOnly).check();
  await page.emulateMedia({ media: 'print' });
  const state = await page.evaluate(() => {
    const shown = (el) => Boolean(el) && el.checkVisibility();
    const mark = document.querySelector('#rows .finding-mark[data-finding]');
    const card = document.querySelector('#rows .finding-card');
    return {
      header: shown(document.querySelector('.columns-head')),
      // Each text's label: "Original", "Copy" (with the row's role), before the text.
      labels: [...document.querySelectorAll('#rows .row:not(details .row) :is(.cell-source, .cell-rewrite)')]
        .filter((c) => shown(c) && /^"(Original|Copy)/.test(getComputedStyle(c, '::before').content)).length,
      rows: document.querySelectorAll('#rows .row:not(details .row)').length,
      hiddenRows: [...document.querySelectorAll('#rows .row:not(details .row)')].filter((r) => !shown(r)).length,
      breaks: getComputedStyle(document.querySelector('#rows .row')).breakInside,
      markNumber: getComputedStyle(mark, '::after').content,
      markFinding: mark.dataset.finding,
      cardNumber: getComputedStyle(card.querySelector('.finding-number'), '::before').content,
      overview: shown(document.querySelector('#overview')),
      strip: shown(document.querySelector('.marker-strip')),
      folds: [...document.querySelectorAll('.fold-marker')].filter(shown).length,
    };
  });
  assert.equal(state.header, false, 'the column header is printed (it is left alone at the foot of a page)');
  assert.equal(state.labels, state.rows * 2, 'each printed cell does not say which text it is');
  assert.equal(state.hiddenRows, 0, 'rows are left out of the printout');
  assert.notEqual(state.breaks, 'avoid', 'a long row cannot break, which leaves half-empty pages');
  assert.ok(state.markNumber.includes(state.markFinding), `a marked passage does not carry its note's number: ${state.markNumber}`);
  assert.match(state.cardNumber, /\[/, 'the notes are not numbered as notes');
  assert.deepEqual([state.overview, state.strip, state.folds], [false, false, 0], 'screen controls are printed');
  assert.deepEqual(problems(), []);
});

// Printed to PDF as a reader would (Chromium's own print), every report in
// A4 and in US Letter: no empty page, and no page before the last that
// stops short (a row or a note that would not break, pushed whole to the
// next page, leaves the one before it half empty).
test('printed to PDF, no report has an empty or half-empty page', { timeout: 180_000 }, async (t) => {
  const { page, problems } = await open(richest.path, t, { width: 794, height: 1123 });
  const short = [];
  for (const { path } of reports) {
    await page.goto(server.origin + path, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    for (const format of ['A4', 'Letter']) {
      const pages = pageFill(await page.pdf({ format, printBackground: true }));
      assert.ok(pages.length > 1, `${path} (${format}): the PDF has ${pages.length} page`);
      pages.forEach((p, i) => {
        if (p.glyphs === 0) short.push(`${path} ${format} page ${i + 1} of ${pages.length} is empty`);
        else if (i < pages.length - 1 && p.lowest < 0.6) {
          short.push(`${path} ${format} page ${i + 1} of ${pages.length} stops ${Math.round(p.lowest * 100)}% down`);
        }
      });
    }
  }
  assert.deepEqual(short, []);
  assert.deepEqual(problems(), []);
});

// Each kind's letter, as the style draws it from the kind's class
// (themes/default/static/style.css, --letter; src/render/kinds.rs).
const LETTERS = {
  name_changed: 'N', quote_changed: 'Q', quote_dropped: 'Q\u2212', number_changed: '#', attribution_dropped: 'A\u2212',
  attribution_changed: 'A', role_changed: 'R', meaning_changed: 'M', omitted: '\u2212', added: '+', note: 'i',
};

/** In the page: each kind badge of `selectors`, its kind (from the class of it or its holder) and how it looks. */
function badges(selectors) {
  const kindOf = (e) => {
    for (let x = e; x; x = x.parentElement) {
      const k = [...x.classList].find((c) => /^kind-[a-z_]+$/.test(c) && !['kind-count', 'kind-chip', 'kind-counts', 'kind-chips'].includes(c));
      if (k) return k.slice(5);
    }
    return null;
  };
  return selectors.flatMap((sel) => [...document.querySelectorAll(sel)].map((e) => {
    const b = getComputedStyle(e, '::before');
    return { sel, kind: kindOf(e), content: b.content, display: b.display, background: b.backgroundColor, color: b.color };
  }));
}

/**
 * Through the DevTools protocol: the names of the page's links and buttons,
 * and its text, as a screen reader gets them (the marks in the two texts
 * included: their kind is said by a hidden label, not by the letter).
 */
async function accessibleNames(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored && ['link', 'button', 'StaticText'].includes(n.role?.value))
    .map((n) => ({ role: n.role.value, name: n.name?.value ?? '' }));
}

test('each kind\'s letter shows on its badge (cards, all changes, kind chips, overview, marks in the texts, index, publisher page), and a screen reader is not told it', { timeout: 60_000 }, async (t) => {
  const check = (path, found, selectors) => {
    for (const sel of selectors) assert.ok(found.some((b) => b.sel === sel), `${path}: no ${sel}`);
    for (const b of found) {
      assert.ok(LETTERS[b.kind], `${path}: ${b.sel} has no kind: ${JSON.stringify(b)}`);
      assert.equal(b.content, `"${LETTERS[b.kind]}" / ""`, `${path}: ${b.sel} of ${b.kind}`);
      assert.notEqual(b.display, 'none', `${path}: ${b.sel}`);
      assert.notEqual(b.background, 'rgba(0, 0, 0, 0)', `${path}: ${b.sel} has no badge`);
      assert.notEqual(b.background, b.color, `${path}: ${b.sel}`);
    }
  };
  const silent = (path, names, kinds) => {
    const letters = new Set(kinds.map((k) => LETTERS[k]));
    const said = names.filter((n) => letters.has(n.name.trim()));
    assert.deepEqual(said, [], `${path}: a kind letter is announced`);
  };

  const report = ['.finding-card .finding-label', '.findings-item > a', '.kind-counts .kind-chip-toggle', '#overview .overview-item', '.finding-mark'];
  const { page, problems } = await open(richest.path, t, SIZES[1]);
  const found = await page.evaluate(badges, report);
  check(richest.path, found, report);
  // The kind chips are buttons now: their items draw no second badge.
  assert.deepEqual(await page.evaluate(badges, ['.kind-counts .kind-count']).then((l) => l.filter((b) => b.content !== 'none')), []);
  const names = await accessibleNames(page);
  silent(richest.path, names, found.map((b) => b.kind));
  // A card's link is its number and kind, as the list of all changes names the kind.
  const cards = await page.evaluate(() => [...document.querySelectorAll('.finding-card')].map((c) => `${c.id.replace('finding-', '')} ${c.querySelector('.finding-label').textContent}`));
  const links = new Set(names.filter((n) => n.role === 'link').map((n) => n.name));
  assert.deepEqual(cards.filter((c) => !links.has(c)), [], 'a card\'s link is not named by its number and kind alone');
  // A kind chip is its count and kind.
  const chips = await page.evaluate(() => [...document.querySelectorAll('.kind-chip-toggle')].map((b) => b.textContent.replace(/\s+/g, ' ').trim()));
  const buttons = new Set(names.filter((n) => n.role === 'button').map((n) => n.name));
  assert.ok(chips.length && chips.every((c) => /^\d+ \S/.test(c) && buttons.has(c)), `kind chips: ${chips.join(', ')}`);
  assert.deepEqual(problems(), []);

  for (const [path, selectors] of [[pages.index[0], ['.kind-chips .kind-chip']], [pages.sites[0], ['.kind-counts .kind-count']]]) {
    const { page: other, problems: otherProblems } = await open(path, t, SIZES[1]);
    const shown = await other.evaluate(badges, selectors);
    check(path, shown, selectors);
    silent(path, await accessibleNames(other), shown.map((b) => b.kind));
    assert.deepEqual(otherProblems(), []);
  }
});

test('every page links the data page from its footer, and the data page links each download', { timeout: 60_000 }, async (t) => {
  assert.deepEqual(pages.data, ['/data/'], 'no data page');
  for (const path of [...pages.index, pages.reports[0], pages.sources[0], pages.sites[0], ...pages.notFound]) {
    const { page } = await open(path, t, SIZES[1]);
    const href = await page.locator('footer a', { hasText: 'Data' }).getAttribute('href');
    assert.equal(href, '/data/', `${path}: the footer does not link the data page`);
  }
  const { page, problems } = await open('/data/', t, SIZES[2]);
  const links = await page.evaluate(() => [...document.querySelectorAll('main a[href]')].map((a) => a.getAttribute('href')).filter((h) => h.startsWith('/')));
  for (const file of ['/findings.csv', '/search/index.json', '/report.schema.json']) {
    assert.ok(links.includes(file), `the data page does not link ${file}`);
    const response = await page.request.get(server.origin + file);
    assert.equal(response.status(), 200, file);
  }
  const schema = await (await page.request.get(`${server.origin}/report.schema.json`)).json();
  assert.equal(schema.type, 'object');
  assert.match(await page.locator('#licence').textContent(), /Licence/);
  assert.deepEqual(problems(), []);
});
