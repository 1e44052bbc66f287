// axe-core on every kind of page, in the light and the dark colour scheme:
// no serious or critical accessibility violations.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { siteDir, serve, launch, openPage, sitePages } from './support/harness.mjs';

const root = siteDir();
const p = await sitePages(root);
// The index with its search on: results, passages found, marked phrases.
const SEARCHED = '/?search=%22the%22';
// Every page of every type: reports differ in content (findings, notes, code).
const pages = [...p.index, SEARCHED, ...p.reports, ...p.sources, ...p.sites, ...p.embeds, ...p.notFound, ...p.data];
// In the dark scheme, every report (their content differs: code, notes, kinds)
// and one page of every other kind (they share their styles).
const darkPages = [...p.index, SEARCHED, ...p.reports, ...p.sources.slice(0, 1), ...p.sites.slice(0, 1), ...p.embeds.slice(0, 1), ...p.notFound, ...p.data];
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
before(async () => {
  server = await serve(root);
});
after(async () => {
  await server?.close();
});

for (const colorScheme of ['light', 'dark']) {
  describe(`${colorScheme} colour scheme`, () => {
    let browser;
    before(async () => {
      browser = await launch({ colorScheme });
    });
    after(async () => {
      await browser?.close();
    });
    for (const path of colorScheme === 'dark' ? darkPages : pages) {
      test(`${path} has no serious or critical axe violations`, { timeout: 60_000 }, async () => {
        const { page } = await openPage(browser);
        try {
          await page.goto(server.origin + path, { waitUntil: 'load' });
          await page.waitForTimeout(200);
          if (path === SEARCHED) {
            await page.locator('#site-search-results .search-snippet a').first().waitFor();
            await page.waitForFunction(() => !/Searching|Loading/.test(document.getElementById('site-search-status').textContent));
          }
          // Evaluated through the DevTools protocol, so the page's CSP does not block it.
          await page.evaluate(axeSource);
          const violations = await page.evaluate(async () => {
            const result = await window.axe.run(document, { resultTypes: ['violations'] });
            return result.violations
              .filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`),
                count: v.nodes.length,
              }));
          });
          assert.deepEqual(violations, [], `${path} (${colorScheme}): ${JSON.stringify(violations, null, 2)}`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
