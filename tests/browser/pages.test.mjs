// Every page of the example site, on a wide screen and on a phone: it loads
// with no console error, no uncaught error, no dialog, no request to any
// other host, and no sideways scrolling.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { siteDir, openPage, sitePages, allPages, isOldEmbedAddress, startSite, stopSite } from './support/harness.mjs';

const root = siteDir();
const pages = await allPages(root);
const SIZES = [
  { name: 'laptop', width: 1280, height: 900 },
  { name: 'phone', width: 375, height: 812 },
];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

test('the site has every kind of page', async () => {
  const p = await sitePages(root);
  assert.ok(p.reports.length > 0, 'no reports/<slug>/index.html');
  assert.ok(p.sources.length > 0, 'no sources/<slug>/index.html');
  assert.ok(p.sites.length > 0, 'no sites/<site>/index.html');
  assert.equal(p.notFound.length, 1, 'no 404.html');
  // No page per report at embed/<slug>/: 404.html leads those addresses on.
  assert.ok(!existsSync(join(root, 'embed')), 'embed/ is written although [exports] embed is off');
});

for (const size of SIZES) {
  describe(`at ${size.width}px (${size.name})`, () => {
    for (const path of pages) {
      test(`${path} loads cleanly, stays on the site and does not scroll sideways`, { timeout: 30_000 }, async () => {
        const { page, problems, log } = await openPage(browser, size);
        try {
          const response = await page.goto(server.origin + path, { waitUntil: 'load' });
          // An old embed address is answered by 404.html, which leads it on.
          const status = isOldEmbedAddress(path) ? 404 : 200;
          assert.equal(response.status(), status, `${path} answered ${response.status()}`);
          // Let scripts that run after load (observers, timers) do their work.
          await page.waitForTimeout(300);
          const { scrollWidth, clientWidth } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
          }));
          assert.ok(
            scrollWidth <= clientWidth,
            `${path} at ${size.width}px scrolls sideways: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}` +
              `; widest elements: ${JSON.stringify(await widest(page, clientWidth))}`,
          );
          assert.deepEqual(problems(), [], `${path} at ${size.width}px`);
          assert.ok(log.requests.length >= 1);
        } finally {
          await page.close();
        }
      });
    }
  });
}

test('old embed addresses (embed/<slug>/) lead to the report\'s embed view, which loads the site\'s own style and script, nothing else', { timeout: 60_000 }, async () => {
  const { embeds } = await sitePages(root);
  for (const path of embeds) {
    const { page, problems, log } = await openPage(browser);
    try {
      const view = `${server.origin}${path.replace('/embed/', '/reports/')}?embed`;
      await page.goto(server.origin + path, { waitUntil: 'load' });
      await page.waitForURL(view);
      await page.waitForTimeout(200);
      assert.deepEqual(problems(), [], path);
      const others = log.requests.filter((url) => url !== server.origin + path && url !== view);
      assert.ok(others.every((url) => url.startsWith(`${server.origin}/static/`)), `${path} loads ${JSON.stringify(others)}`);
    } finally {
      await page.close();
    }
  }
});

test('every page carries a Content-Security-Policy', { timeout: 60_000 }, async () => {
  const { page } = await openPage(browser);
  try {
    for (const path of pages) {
      await page.goto(server.origin + path, { waitUntil: 'domcontentloaded' });
      const csp = await page.evaluate(
        () => document.querySelector('meta[http-equiv="Content-Security-Policy" i]')?.content ?? '',
      );
      assert.match(csp, /default-src/, `${path} has no CSP <meta> with default-src`);
      assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/, `${path}: the CSP allows inline script`);
    }
  } finally {
    await page.close();
  }
});

test('every inline script of every page is admitted by its hash in the page\'s CSP', async () => {
  let seen = 0;
  // An old embed address has no file: 404.html, in `pages` too, answers it.
  for (const path of pages.filter((p) => !isOldEmbedAddress(p))) {
    const html = await readFile(join(root, path.endsWith('/') ? `${path}index.html` : path), 'utf8');
    const csp = (html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/i)?.[1] ?? '').replaceAll('&#39;', "'");
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    for (const [, text] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      const hash = `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
      assert.ok(scriptSrc.includes(hash), `${path}: the CSP does not admit the inline script ${JSON.stringify(text)} (${hash})`);
      seen += 1;
    }
  }
  assert.ok(seen > 0, 'no page has an inline script: the report page and 404.html should');
});

/** The elements that stick out furthest to the right, to say what to fix. */
async function widest(page, clientWidth) {
  return page.evaluate((limit) => {
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > limit + 1) {
        const id = el.id ? `#${el.id}` : '';
        const cls = el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
        out.push({ el: `${el.tagName.toLowerCase()}${id}${cls}`, right: Math.round(r.right) });
      }
    }
    return out.sort((a, b) => b.right - a.right).slice(0, 5);
  }, clientWidth);
}
