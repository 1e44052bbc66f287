// The embed page: a page that works inside an iframe, with an exercise mode
// that hides the findings, says how many there are to find, and reveals them
// one at a time or all at once; and that a teacher can save as one file.

import { test, before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { siteDir, openPage, sitePages, reportJson, eventually, startSite, stopSite } from './support/harness.mjs';
import { S, cardStates } from './support/report.mjs';

const root = siteDir();
const { embeds } = await sitePages(root);
const slugOf = (path) => path.split('/').filter(Boolean).pop();
// The changes a student is asked to find: not the author's notes, not minor ones, nothing in captions or furniture.
const toFind = (json) => json.findings.filter((f) => f.kind !== 'note' && !f.minor
  && ![['source', f.source_sentence], ['rewrite', f.rewrite_sentence]].some(([side, i]) => i != null && ['caption', 'furniture'].includes(json[side].sentences[i]?.role))).length;
const counted = await Promise.all(embeds.map(async (path) => ({ path, findings: toFind(await reportJson(root, slugOf(path))) })));
counted.sort((a, b) => b.findings - a.findings || a.path.localeCompare(b.path));
const embed = counted[0];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

/** Everything that gives a finding away: cards, the list of all changes, highlighted marks. */
function giveaways(S) {
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && el.getBoundingClientRect().height > 0;
  const cards = [...document.querySelectorAll(S.card)].filter(shown).map((el) => el.id);
  const items = [...document.querySelectorAll(S.findingsItem)].filter(shown).length;
  const marks = [...document.querySelectorAll(S.mark)].filter((m) => {
    const cs = getComputedStyle(m);
    return cs.backgroundColor !== 'rgba(0, 0, 0, 0)' || cs.textDecorationLine !== 'none' || cs.borderBottomStyle !== 'none';
  }).length;
  // The screen-reader label of each finding ("[Name changed]") gives it away as much as a highlight.
  const labels = [...document.querySelectorAll(`${S.mark} > .sr-only`)].filter((el) => el.checkVisibility() && el.textContent.trim() !== '').length;
  return { cards, items, marks, labels };
}

test('exercise mode hides the findings, says how many to find, and reveals one and then all', { timeout: 60_000 }, async (t) => {
  assert.ok(embed && embed.findings >= 2, 'no embed page with at least two findings');
  const { page, problems } = await openPage(browser, { width: 800, height: 700 });
  t.after(() => page.close());
  await page.goto(server.origin + embed.path, { waitUntil: 'load' });

  await page.locator(S.exercise).waitFor({ state: 'visible' });
  const before = await page.evaluate(giveaways, S);
  assert.ok(before.cards.length > 0, 'no findings are shown before exercise mode');

  await page.click(S.exerciseToggle);
  assert.equal(await page.getAttribute(S.exerciseToggle, 'aria-pressed'), 'true', 'the exercise button is not pressed');
  const hidden = await eventually(async () => {
    const g = await page.evaluate(giveaways, S);
    return g.cards.length === 0 && g.items === 0 && g.marks === 0 && g.labels === 0 ? g : null;
  });
  assert.ok(hidden, `exercise mode leaves findings visible: ${JSON.stringify(await page.evaluate(giveaways, S))}`);

  const status = (await page.locator(S.exerciseStatus).textContent()) ?? '';
  assert.ok(status.includes(String(embed.findings)), `the status ${JSON.stringify(status)} does not say there are ${embed.findings} changes to find`);

  await page.locator(S.revealNext).waitFor({ state: 'visible' });
  await page.click(S.revealNext);
  const one = await eventually(async () => {
    const g = await page.evaluate(giveaways, S);
    return g.cards.length === 1 ? g : null;
  });
  assert.ok(one, `"reveal next" did not show exactly one finding: ${JSON.stringify(await page.evaluate(giveaways, S))}`);
  const first = (await page.evaluate(cardStates, S.card)).find((c) => c.visible);
  assert.ok(first.inView, 'the revealed finding is not scrolled into view');
  const statusAfterOne = (await page.locator(S.exerciseStatus).textContent()) ?? '';
  assert.notEqual(statusAfterOne, status, 'the status does not change after a reveal');

  await page.click(S.revealNext);
  assert.ok(await eventually(async () => (await page.evaluate(giveaways, S)).cards.length === 2), '"reveal next" a second time did not show a second finding');

  await page.click(S.revealAll);
  const all = await eventually(async () => {
    const g = await page.evaluate(giveaways, S);
    return g.cards.length === before.cards.length ? g : null;
  });
  assert.ok(all, `"reveal all" did not show every finding: ${JSON.stringify(await page.evaluate(giveaways, S))}`);
  assert.deepEqual(problems(), []);
});

test('the embed page works inside an iframe on another page', { timeout: 30_000 }, async (t) => {
  // A course page on the same server that embeds the report, as in the README snippet.
  const { page, problems } = await openPage(browser, { width: 1000, height: 800 });
  t.after(() => page.close());
  await page.route(`${server.origin}/__course.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Course</title><h1>Spot the changes</h1>
      <iframe src="${embed.path}" title="Report" width="760" height="600" loading="eager"></iframe>`,
  }));
  await page.goto(`${server.origin}/__course.html`, { waitUntil: 'load' });
  const frame = page.frameLocator('iframe');
  await frame.locator(S.article).waitFor({ state: 'visible' });
  const { scrollWidth, clientWidth } = await frame.locator('html').evaluate((html) => ({ scrollWidth: html.scrollWidth, clientWidth: html.clientWidth }));
  assert.ok(scrollWidth <= clientWidth, `inside a 760px iframe the report scrolls sideways (${scrollWidth} > ${clientWidth})`);
  await frame.locator(S.exerciseToggle).click();
  await frame.locator(S.revealAll).click();
  assert.deepEqual(problems(), []);
});

test('"Save as one file" downloads the page with its style and script inside, and it works alone', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await openPage(browser, { width: 1000, height: 800 });
  t.after(() => page.close());
  await page.goto(server.origin + embed.path, { waitUntil: 'load' });
  const button = page.locator('#save-one-file');
  await button.waitFor({ state: 'visible' });
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), `${slugOf(embed.path)}.html`);
  const html = await readFile(await download.path(), 'utf8');
  await page.locator('#save-status').filter({ hasText: 'Saved' }).waitFor();
  assert.deepEqual(problems(), []);

  // One file: the site's stylesheet and script are inside it, nothing is linked.
  const [css, js] = await Promise.all(['style.css', 'unspun.js'].map((f) => readFile(`${root}/static/${f}`, 'utf8')));
  assert.ok(html.includes(css.trim().slice(0, 200)), 'the stylesheet is not inside');
  assert.ok(html.includes(js.trim().slice(0, 200)), 'the script is not inside');
  assert.doesNotMatch(html, /<link[^>]+rel="stylesheet"/, 'a stylesheet is still linked');
  assert.doesNotMatch(html, /<script[^>]+src=/, 'a script is still linked');
  assert.doesNotMatch(html, /id="save-one-file"/, 'the saved file still has the button');

  // Opened on its own (as from a course platform, at another address), it
  // asks for nothing more, its CSP admits its own style and script, and the
  // exercise works.
  const saved = await openPage(browser, { width: 1000, height: 800 });
  t.after(() => saved.page.close());
  const url = `${server.origin}/__course/saved-report.html`;
  await saved.page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await saved.page.goto(url, { waitUntil: 'load' });
  await saved.page.locator(S.exerciseToggle).click();
  assert.equal(await saved.page.getAttribute(S.exerciseToggle, 'aria-pressed'), 'true');
  const csp = await saved.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy" i]').content);
  assert.match(csp, /script-src 'sha256-/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // The kind letters come from the style: the saved file draws them too.
  const letter = await saved.page.evaluate(() => getComputedStyle(document.querySelector('.finding-card .finding-label'), '::before').content);
  assert.match(letter, /^".+" \/ ""$/, 'the saved file draws no kind letter');
  assert.deepEqual(saved.log.requests.filter((r) => !r.startsWith('data:')), [url], 'the saved file loads other files');
  assert.deepEqual(saved.problems(), []);
});

test('embed/<slug>/ leads to the report page\'s embed view, keeping the query and fragment; the report page itself keeps the site around it', { timeout: 60_000 }, async (t) => {
  const { page, problems } = await openPage(browser, { width: 800, height: 640 });
  t.after(() => page.close());
  const report = embed.path.replace('/embed/', '/reports/');
  await page.goto(`${server.origin}${embed.path}?exercise#finding-1`, { waitUntil: 'load' });
  await page.waitForURL(`${server.origin}${report}?embed&exercise#finding-1`);
  await page.locator(S.exerciseStatus).waitFor({ state: 'visible' });
  const shown = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => e.checkVisibility()), sel);
  assert.equal(await shown('.site-header'), false, 'the embed view shows the site header');
  assert.equal(await shown('.site-footer'), false, 'the embed view shows the site footer');
  assert.equal(await shown('.embed-credit'), true, 'the embed view does not say where the report comes from');

  // The report page as readers see it: the site around it, no exercise, no save button.
  await page.goto(server.origin + report, { waitUntil: 'load' });
  assert.equal(await shown('.site-header'), true, 'the report page has no site header');
  assert.equal(await shown(S.exercise), false, 'the report page offers the exercise');
  assert.equal(await shown('#save-one-file'), false, 'the report page offers "Save as one file"');
  assert.equal(await shown('.embed-credit'), false, 'the report page credits the site as an embed does');
  assert.deepEqual(problems(), []);
});
