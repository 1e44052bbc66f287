// The index page: every report with its key numbers, the table sortable,
// and one search over every report of the site, whatever page of the
// listing the reader is on: it narrows the list (title, site, original,
// names, the site/original/kind filters) and finds a "phrase in quotes" in
// the texts, each place linking to its passage. Run on the example site and
// on the same site cut into pages of three (UNSPUN_PAGED_DIR), at 1440 and
// 375 px.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { siteDir, serve, launch, openPage, reportJson, eventually } from './support/harness.mjs';

const root = siteDir();
const pagedRoot = siteDir('UNSPUN_PAGED_DIR');
const I = {
  form: '#site-search',
  input: '#site-search-input',
  status: '#site-search-status',
  results: '#site-search-results',
  result: '#site-search-results > li.search-result',
  title: '#site-search-results a.search-title',
  filters: '#search-filters',
  site: '#filter-site',
  source: '#filter-source',
  kind: '#filter-kind',
  table: '#report-index',
  listing: '.table-wrap',
  pager: '.pagination',
  row: '#report-index tbody tr.report-row',
};
const SIZES = [{ width: 1440, height: 900 }, { width: 375, height: 812 }];
const index = JSON.parse(await readFile(path.join(pagedRoot, 'search', 'index.json'), 'utf8'));
const slugOf = (href) => href.split('#')[0].split('/').filter(Boolean).pop();

let server;
let paged;
let browser;
before(async () => {
  server = await serve(root);
  paged = await serve(pagedRoot);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await paged?.close();
});

async function open(t, origin, where = '/', size = SIZES[0]) {
  const opened = await openPage(browser, size);
  t.after(() => opened.page.close());
  await opened.page.goto(`${origin}${where}`, { waitUntil: 'load' });
  return opened;
}

/** The reports the results list, by slug, in order. */
const found = (page) => page.locator(I.title).evaluateAll((as) => as.map((a) => a.getAttribute('href')))
  .then((hrefs) => hrefs.map(slugOf));

/** What the search has fetched so far: the index, the text parts. */
const fetched = (log) => log.requests.filter((u) => u.includes('/search/')).map((u) => new URL(u).pathname);

const fold = (s) => s.toLowerCase().replace(/[^\p{Alphabetic}\p{N}]+/gu, ' ').trim();

/** A sentence of a copy on the listing's last page, for a phrase search: its words in the middle, unique to it. */
async function phraseFromLastPage() {
  const last = index.reports[index.reports.length - 1];
  const json = await reportJson(pagedRoot, last.slug);
  const everything = (await Promise.all(index.reports.map(async (r) => {
    const j = await reportJson(pagedRoot, r.slug);
    return [...j.rewrite.sentences, ...j.source.sentences].map((s) => fold(s.text));
  }))).flat();
  for (const s of json.rewrite.sentences) {
    // report.json leaves out the role of story sentences.
    if ((s.role ?? 'story') !== 'story') continue;
    const words = fold(s.text).split(' ');
    if (words.length < 8) continue;
    const phrase = words.slice(2, 7).join(' ');
    if (everything.filter((t) => t.includes(phrase)).length === 1) return { slug: last.slug, id: s.id, phrase };
  }
  throw new Error(`no sentence of ${last.slug} has a phrase of its own`);
}

/** A sentence a copy kept word for word (which the text parts give as the id of the original's sentence), for a phrase search. */
async function keptPhrase() {
  for (const file of index.text) {
    const part = JSON.parse(await readFile(path.join(pagedRoot, file), 'utf8'));
    for (const [slug, sentences] of Object.entries(part.reports)) {
      const json = await reportJson(pagedRoot, slug);
      for (const [id, held] of sentences.entries()) {
        const words = fold(json.rewrite.sentences[id].text).split(' ');
        if (typeof held === 'number' && words.length >= 6) return { slug, id, phrase: words.slice(1, 6).join(' ') };
      }
    }
  }
  throw new Error('no copy keeps a sentence of its original word for word');
}

test('a phrase of a sentence a copy kept word for word is found in the copy too', { timeout: 60_000 }, async (t) => {
  const { slug, id, phrase } = await keptPhrase();
  const { page, problems } = await open(t, paged.origin, '/');
  await page.locator(I.form).waitFor({ state: 'visible' });
  await page.locator(I.input).fill(`"${phrase}"`);
  const link = page.locator(`${I.results} a[href="/reports/${slug}/#r${id}"]`);
  await link.waitFor({ state: 'visible' });
  assert.match(await link.textContent(), /^In the copy: /);
  assert.deepEqual(problems(), []);
});

for (const size of SIZES) {
  describe(`at ${size.width} px`, () => {
    test('one search narrows the list to matching reports from every page of the listing, and gives the listing back when emptied', { timeout: 60_000 }, async (t) => {
      const { page, log, problems } = await open(t, paged.origin, '/page/2/', size);
      await page.locator(I.form).waitFor({ state: 'visible' });
      assert.equal(await page.locator(`label[for="${I.input.slice(1)}"]`).count(), 1, 'the search box has no label');
      assert.equal(await page.locator(I.status).getAttribute('aria-live'), 'polite');
      assert.deepEqual(fetched(log), [], 'the search index is loaded before anyone searches');

      // A site's name finds all its copies, wherever they are listed.
      const site = index.reports[0].site;
      const word = site.split(/[^\p{Alphabetic}\p{N}]+/u).filter(Boolean).sort((a, b) => b.length - a.length)[0];
      const wanted = index.reports.filter((r) => r.site === site).map((r) => r.slug);
      await page.locator(I.input).pressSequentially(word.toLowerCase(), { delay: 20 });
      // Every copy on that site, and each result saying why it matches.
      // (Read in one go: the list changes under a reader as the keys arrive.)
      const matching = async () => {
        const { now, texts } = await page.evaluate((sel) => ({
          now: [...document.querySelectorAll(sel.title)].map((a) => a.getAttribute('href').split('/').filter(Boolean).pop()),
          texts: [...document.querySelectorAll(sel.result)].map((li) => li.textContent),
        }), I);
        return wanted.every((s) => now.includes(s)) && texts.every((x) => x.toLowerCase().includes(word.toLowerCase())) ? now : null;
      };
      const results = await eventually(matching);
      assert.ok(results, `searching ${JSON.stringify(word)} does not list exactly copies on ${site} (${wanted}) and reports naming it: ${await page.locator(I.result).allTextContents()}`);
      // The first result shows without a scroll (on a phone the filters fold away).
      const firstTop = await page.locator(I.result).first().evaluate((e) => e.getBoundingClientRect().top);
      assert.ok(firstTop < size.height - 40, `the first result is below the fold, at ${firstTop}px`);
      const onThisPage = await page.locator(I.row).evaluateAll((rs) => rs.map((r) => r.dataset.slug));
      assert.ok(results.some((s) => !onThisPage.includes(s)), 'the search only looked at this page of the listing');
      assert.match(await page.locator(I.status).textContent(), new RegExp(`^${results.length} reports? of ${index.reports.length} match`));
      assert.ok(await page.locator(I.listing).isHidden() && await page.locator(I.pager).isHidden(), 'the listing stays beside the results');
      assert.deepEqual(fetched(log), ['/search/index.json'], 'a search of words fetches more than the index');
      assert.match(page.url(), new RegExp(`[?&]search=${word.toLowerCase()}`), 'the address does not follow the search');

      await page.locator(I.input).press('Escape');
      await page.locator(I.listing).waitFor({ state: 'visible' });
      assert.ok(await page.locator(I.pager).isVisible(), 'the pages of the listing do not come back');
      assert.ok(await page.locator(I.results).isHidden(), 'the results stay after the search is emptied');
      assert.doesNotMatch(page.url(), /search=/);
      assert.deepEqual(problems(), []);
    });

    test('the site, original and kind filters narrow the search over every report, filled from the index on a paged listing', { timeout: 60_000 }, async (t) => {
      const { page, problems } = await open(t, paged.origin, '/', size);
      await page.locator(I.form).waitFor({ state: 'visible' });
      // Open beside the box on a wide screen; folded under their summary on a phone.
      const phone = size.width < 640;
      assert.equal(await page.locator(I.site).isVisible(), !phone, `the filters are ${phone ? 'open' : 'folded'} at ${size.width} px`);
      if (phone) await page.locator(`${I.filters} > summary`).click();
      await page.locator(I.site).focus();
      await eventually(async () => (await page.locator(`${I.site} option`).count()) > 1);
      const kinds = [...new Set(index.reports.flatMap((r) => r.kinds))];
      // The kind that the fewest reports have, so that the others go.
      const kind = kinds.map((k) => [k, index.reports.filter((r) => r.kinds.includes(k)).length]).sort((a, b) => a[1] - b[1])[0][0];
      for (const [select, value, match] of [
        [I.site, index.reports.at(-1).site, (r, v) => r.site === v],
        [I.source, index.reports.at(-1).source, (r, v) => r.source === v],
        [I.kind, kind, (r, v) => r.kinds.includes(v)],
      ]) {
        await page.selectOption(select, value);
        const wanted = index.reports.filter((r) => match(r, value)).map((r) => r.slug);
        const now = await eventually(async () => {
          const f = await found(page);
          return JSON.stringify([...f].sort()) === JSON.stringify([...wanted].sort()) ? f : null;
        });
        assert.ok(now, `${select} = ${value}: the results ${await found(page)} are not the reports ${wanted}`);
        assert.match(await page.locator(`${I.filters} > summary`).textContent(), /\(1 on\)/, 'the summary does not say a filter is on');
        await page.selectOption(select, '');
      }
      await page.locator(I.listing).waitFor({ state: 'visible' });
      assert.deepEqual(problems(), []);
    });

    test('a phrase in quotes finds the report on another page, and its place links to the passage, in view below the toolbar', { timeout: 60_000 }, async (t) => {
      const { slug, id, phrase } = await phraseFromLastPage();
      const { page, log, problems } = await open(t, paged.origin, '/', size);
      await page.locator(I.form).waitFor({ state: 'visible' });
      await page.locator(I.input).fill(`"${phrase}"`);
      const href = `/reports/${slug}/#r${id}`;
      const link = page.locator(`${I.results} a[href="${href}"]`);
      await link.waitFor({ state: 'visible' });
      assert.ok(fetched(log).some((u) => /^\/search\/text-\d+\.json$/.test(u)), 'the texts were not fetched for a phrase');
      assert.ok((await found(page)).includes(slug));
      assert.match(await link.textContent(), /^In the copy: /);
      assert.ok((await link.locator('mark').count()) > 0, 'the phrase is not marked in its passage');

      // By keyboard: down from the box to the passage's link, then Enter.
      await page.locator(I.input).focus();
      let focused = '';
      for (let i = 0; i < 40 && focused !== href; i += 1) {
        await page.keyboard.press('ArrowDown');
        focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
      }
      assert.equal(focused, href, 'the arrow keys do not reach the passage link');
      await Promise.all([page.waitForURL(`**${href}`), page.keyboard.press('Enter')]);
      const place = await eventually(() => page.evaluate((sid) => {
        const s = document.getElementById(sid);
        const bar = document.querySelector('#toolbar');
        const covered = bar && bar.getBoundingClientRect().top <= 1 ? bar.getBoundingClientRect().bottom : 0;
        const r = s.getBoundingClientRect();
        return r.height > 0 && r.top >= covered - 1 && r.top < window.innerHeight - 20 ? { top: r.top, covered } : null;
      }, `r${id}`));
      assert.ok(place, `the passage r${id} is not in view below the toolbar`);

      // Back returns to the results.
      await page.goBack();
      await link.waitFor({ state: 'visible' });
      assert.equal(await page.locator(I.input).inputValue(), `"${phrase}"`);
      assert.deepEqual(problems(), []);
    });
  });
}

test('without script the listing and its pages are all there is', { timeout: 30_000 }, async (t) => {
  const opened = await openPage(browser, SIZES[0]);
  t.after(() => opened.page.close());
  const cdp = await opened.page.context().newCDPSession(opened.page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await opened.page.goto(`${paged.origin}/`, { waitUntil: 'load' });
  assert.ok(await opened.page.locator(I.form).isHidden(), 'a search box that cannot work is shown');
  assert.ok((await opened.page.locator(I.row).count()) > 0);
  await opened.page.locator(`${I.pager} a[rel="next"]`).click();
  await opened.page.waitForURL('**/page/2/');
  assert.ok((await opened.page.locator(I.row).count()) > 0, 'the next page of the listing is empty');
});

test('the column headers sort the table, and say how it is sorted', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(t, server.origin);
  const rows = () => page.locator(I.row).evaluateAll((rs) => rs.map((r) => Number(r.dataset.findings)));
  const header = page.locator(`${I.table} th[data-sort="findings"]`);
  // Sorting must work from the keyboard: a button in the header (or the header itself, focusable).
  await header.locator('button').waitFor();
  const control = header.locator('button');
  await control.focus();
  await page.keyboard.press('Enter');
  const sortedOnce = await eventually(async () => {
    const n = await rows();
    const asc = n.every((v, i) => i === 0 || n[i - 1] <= v);
    const desc = n.every((v, i) => i === 0 || n[i - 1] >= v);
    return (asc || desc) && ['ascending', 'descending'].includes(await header.getAttribute('aria-sort')) ? { asc, n } : null;
  });
  assert.ok(sortedOnce, `Enter on the "Changes" header did not sort by findings with aria-sort set: ${JSON.stringify(await rows())}, aria-sort=${await header.getAttribute('aria-sort')}`);
  const first = await header.getAttribute('aria-sort');
  await control.focus();
  await page.keyboard.press('Enter');
  const reversed = await eventually(async () => (await header.getAttribute('aria-sort')) !== first);
  assert.ok(reversed, 'a second Enter does not reverse the order');
  const n = await rows();
  const expectAsc = (await header.getAttribute('aria-sort')) === 'ascending';
  assert.ok(n.every((v, i) => i === 0 || (expectAsc ? n[i - 1] <= v : n[i - 1] >= v)), `the order does not match aria-sort: ${JSON.stringify(n)}`);
  const dateSort = await page.locator(`${I.table} th[data-sort="date"]`).getAttribute('aria-sort');
  assert.equal(dateSort, null, 'the date column still says it is sorted');
  assert.deepEqual(problems(), []);
});
