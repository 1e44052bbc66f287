// Screenshots of a report for the README: a laptop (1280x900) and a phone
// (390x844), written to UNSPUN_SCREENSHOT_DIR (tests/integration/browser.rs uses a
// temporary directory unless it is set).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { siteDir, serve, launch, openPage, sitePages, reportJson } from './support/harness.mjs';

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
before(async () => {
  server = await serve(root);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

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
