// The index page: every report with its key numbers, sortable and filterable
// by site, by original and by kind of finding, with no server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir, serve, launch, openPage, eventually } from './support/harness.mjs';

const root = siteDir();
const I = {
  form: '#index-filters',
  text: '#filter-text',
  site: '#filter-site',
  source: '#filter-source',
  kind: '#filter-kind',
  count: '#filter-count',
  table: '#report-index',
  row: '#report-index tbody tr.report-row',
  noResults: '#no-results',
};

let server;
let browser;
before(async () => {
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(t) {
  const opened = await openPage(browser);
  t.after(() => opened.page.close());
  await opened.page.goto(`${server.origin}/`, { waitUntil: 'load' });
  return opened;
}

/** The rows as shown: their data attributes, and whether each is visible. */
const rows = (page) => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((tr) => ({
  ...tr.dataset,
  visible: tr.checkVisibility() && tr.getBoundingClientRect().height > 0,
})), I.row);

test('the filters appear once the script runs, and each one narrows the list', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(t);
  await page.locator(I.form).waitFor({ state: 'visible' });
  const all = await rows(page);
  assert.ok(all.length >= 2, 'fewer than two reports on the index');
  assert.ok(all.every((r) => r.visible), 'some reports are hidden before any filter is set');

  for (const [select, attr, match] of [
    [I.site, 'site', (r, v) => r.site === v],
    [I.source, 'source', (r, v) => r.source === v],
    [I.kind, 'kinds', (r, v) => (r.kinds ?? '').split(/[\s,]+/).includes(v)],
  ]) {
    const values = await page.locator(`${select} option`).evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    assert.ok(values.length > 0, `${select} has no options`);
    // The value that keeps the fewest reports, to see that the others go.
    const value = values.map((v) => [v, all.filter((r) => match(r, v)).length]).sort((a, b) => a[1] - b[1])[0][0];
    await page.selectOption(select, value);
    const shown = await eventually(async () => {
      const now = await rows(page);
      return now.every((r) => r.visible === match(r, value)) ? now : null;
    });
    assert.ok(shown, `filtering by ${attr} = ${value} does not show exactly the matching reports: ` +
      JSON.stringify((await rows(page)).map((r) => [r.slug, r[attr], r.visible])));
    assert.ok(shown.some((r) => r.visible), `filtering by ${attr} = ${value} hides every report`);
    await page.selectOption(select, '');
    assert.ok(await eventually(async () => (await rows(page)).every((r) => r.visible)), `clearing the ${attr} filter does not show every report again`);
  }

  // The search box matches titles.
  const title = all[0].title;
  const word = title.split(/\s+/).sort((a, b) => b.length - a.length)[0];
  await page.fill(I.text, word);
  const searched = await eventually(async () => {
    const now = await rows(page);
    // A report matches when its row (title, site, original, summary) contains the word.
    const hay = await page.evaluate((sel) => [...document.querySelectorAll(sel)].map((tr) => tr.textContent.toLowerCase()), I.row);
    return now.every((r, i) => r.visible === hay[i].includes(word.toLowerCase())) && now.some((r) => r.visible) ? now : null;
  });
  assert.ok(searched, `searching for ${JSON.stringify(word)} does not show exactly the reports that contain it`);
  await page.fill(I.text, 'zzzz-no-such-report-zzzz');
  await page.locator(I.noResults).waitFor({ state: 'visible' });
  assert.deepEqual(problems(), []);
});

test('the column headers sort the table, and say how it is sorted', { timeout: 30_000 }, async (t) => {
  const { page, problems } = await open(t);
  await page.locator(I.form).waitFor({ state: 'visible' });
  const header = page.locator(`${I.table} th[data-sort="findings"]`);
  // Sorting must work from the keyboard: a button in the header (or the header itself, focusable).
  const control = (await header.locator('button').count()) ? header.locator('button') : header;
  await control.focus();
  await page.keyboard.press('Enter');
  const numbers = async () => (await rows(page)).map((r) => Number(r.findings));
  const sortedOnce = await eventually(async () => {
    const n = await numbers();
    const asc = n.every((v, i) => i === 0 || n[i - 1] <= v);
    const desc = n.every((v, i) => i === 0 || n[i - 1] >= v);
    return (asc || desc) && ['ascending', 'descending'].includes(await header.getAttribute('aria-sort')) ? { asc, n } : null;
  });
  assert.ok(sortedOnce, `Enter on the "Changes" header did not sort by findings with aria-sort set: ${JSON.stringify(await numbers())}, aria-sort=${await header.getAttribute('aria-sort')}`);
  const first = await header.getAttribute('aria-sort');
  await control.focus();
  await page.keyboard.press('Enter');
  const reversed = await eventually(async () => (await header.getAttribute('aria-sort')) !== first);
  assert.ok(reversed, 'a second Enter does not reverse the order');
  const n = await numbers();
  const expectAsc = (await header.getAttribute('aria-sort')) === 'ascending';
  assert.ok(n.every((v, i) => i === 0 || (expectAsc ? n[i - 1] <= v : n[i - 1] >= v)), `the order does not match aria-sort: ${JSON.stringify(n)}`);
  const dateSort = await page.locator(`${I.table} th[data-sort="date"]`).getAttribute('aria-sort');
  assert.equal(dateSort, null, 'the date column still says it is sorted');
  assert.deepEqual(problems(), []);
});
