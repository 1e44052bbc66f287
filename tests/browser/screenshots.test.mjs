// Screenshots for the README, written to UNSPUN_SCREENSHOT_DIR
// (tests/integration/browser.rs uses a temporary directory unless it is set):
// a report on a laptop (1280x900) and a phone (390x844), the index with a
// phrase searched, and the exercise in an 800x640 iframe with marks checked.
// The README's copies in tests/browser/screenshots/ are these, made small
// with `pngquant --quality 60-85` and `optipng -o5`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { siteDir, openPage, sitePages, reportJson, startSite, stopSite } from './support/harness.mjs';

const root = siteDir();
const outDir = process.env.UNSPUN_SCREENSHOT_DIR;
const { reports } = await sitePages(root);
const slugOf = (p) => p.split('/').filter(Boolean).pop();
// The report the README shows: UNSPUN_SCREENSHOT_REPORT, or the one with the most kinds of findings.
const ranked = await Promise.all(reports.map(async (p) => {
  const f = (await reportJson(root, slugOf(p))).findings;
  return { path: p, kinds: new Set(f.map((x) => x.kind)).size, findings: f.length };
}));
ranked.sort((a, b) => b.kinds - a.kinds || b.findings - a.findings || a.path.localeCompare(b.path));
const chosen = process.env.UNSPUN_SCREENSHOT_REPORT ? `/reports/${process.env.UNSPUN_SCREENSHOT_REPORT}/` : ranked[0]?.path;

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

for (const [name, width, height] of [['report-wide', 1280, 900], ['report-phone', 390, 844]]) {
  test(`screenshot ${name} (${width}x${height})`, { skip: !outDir && 'UNSPUN_SCREENSHOT_DIR is not set', timeout: 120_000 }, async () => {
    await mkdir(outDir, { recursive: true });
    const { page, problems } = await openPage(browser, { width, height });
    try {
      await page.goto(server.origin + chosen, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file, timeout: 30_000 });
      await page.screenshot({ path: path.join(outDir, `${name}-full.png`), fullPage: true, timeout: 60_000 });
      // The comparison itself, from its toolbar down, with the second finding current.
      await page.evaluate(() => document.querySelector('#comparison-heading, .comparison')?.scrollIntoView({ block: 'start' }));
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      await page.waitForTimeout(800);
      await page.evaluate(() => document.querySelector('#comparison-heading, .comparison')?.scrollIntoView({ block: 'start' }));
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, `${name}-comparison.png`), timeout: 30_000 });
      assert.ok((await stat(file)).size > 10_000, `${file} is suspiciously small`);
      assert.deepEqual(problems(), []);
    } finally {
      await page.close();
    }
  });
}

test('screenshot index-search (1280x800): a phrase found, its places linked', { skip: !outDir && 'UNSPUN_SCREENSHOT_DIR is not set', timeout: 60_000 }, async () => {
  await mkdir(outDir, { recursive: true });
  const { page, problems } = await openPage(browser, { width: 1280, height: 800 });
  try {
    await page.goto(`${server.origin}/?search=${encodeURIComponent('olvansky "on the table"')}`, { waitUntil: 'load' });
    await page.locator('#site-search-results .search-snippet a').first().waitFor();
    await page.waitForFunction(() => !/Searching|Loading/.test(document.getElementById('site-search-status').textContent));
    const file = path.join(outDir, 'index-search.png');
    await page.screenshot({ path: file });
    assert.ok((await stat(file)).size > 10_000, `${file} is suspiciously small`);
    assert.deepEqual(problems(), []);
  } finally {
    await page.close();
  }
});

test('screenshot exercise (800x640 iframe): passages marked, then checked', { skip: !outDir && 'UNSPUN_SCREENSHOT_DIR is not set', timeout: 60_000 }, async () => {
  await mkdir(outDir, { recursive: true });
  const { page, problems } = await openPage(browser, { width: 800, height: 640 });
  try {
    await page.goto(`${server.origin}${chosen.replace('/reports/', '/embed/')}?exercise`, { waitUntil: 'load' });
    await page.locator('#exercise-status').waitFor({ state: 'visible' });
    // Two passages marked with a change, one without.
    const named = (await reportJson(root, slugOf(chosen))).findings
      .flatMap((f) => [f.source_sentence != null && `s${f.source_sentence}`, f.rewrite_sentence != null && `r${f.rewrite_sentence}`]).filter(Boolean);
    const ids = await page.evaluate((named) => {
      const sentences = [...document.querySelectorAll('.sentence[role="button"]')];
      const right = sentences.filter((s) => s.querySelector('.finding-mark:not(.kind-note)')).slice(1, 3);
      const wrong = sentences.find((s) => !s.querySelector('.finding-mark') && !named.includes(s.id));
      return [...right, wrong].filter(Boolean).map((s) => s.id);
    }, named);
    for (const id of ids) await page.locator(`#${id}`).click();
    await page.locator('#exercise-check').click();
    await page.locator(`#${ids[0]}`).evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(300);
    const file = path.join(outDir, 'exercise.png');
    await page.screenshot({ path: file });
    assert.ok((await stat(file)).size > 10_000, `${file} is suspiciously small`);
    assert.deepEqual(problems(), []);
  } finally {
    await page.close();
  }
});
