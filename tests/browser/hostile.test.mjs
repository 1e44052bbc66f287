// The hostile-content fixture (fixtures/hostile): article text, titles,
// publisher, site name, URLs, summary and notes full of <script>, event
// handlers, javascript: and data: links, iframes, styles and "</script>"
// inside quotes. The site builds (tests/integration/browser.rs builds it) and no page of
// it runs any of it: every payload sets window.__pwned or calls alert(), so
// nothing may set that variable, open a dialog, log a CSP violation (that
// would mean the payload reached the page and only the CSP stopped it), or
// request another host; and no script, handler, frame or foreign link from
// the content is left in the DOM.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir, openPage, allPages, startSite, stopSite } from './support/harness.mjs';

const root = siteDir('UNSPUN_HOSTILE_DIR');
// The index with a search on: its results are built from the search index's
// titles, names and sentences, all of them hostile.
const SEARCHED = '/?search=%22pwned%22';
const pages = [...(await allPages(root)), SEARCHED, '/atom.xml', '/sitemap.xml'];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

test('the hostile site has its report, embed, source and site pages', async () => {
  const paths = pages.join(' ');
  for (const part of ['/reports/hostile-copy/', '/embed/hostile-copy/', '/sources/hostile-original/', '/sites/']) {
    assert.ok(paths.includes(part), `no ${part} page in ${paths}`);
  }
});

for (const path of pages) {
  test(`${path} runs no injected script`, { timeout: 30_000 }, async () => {
    const { page, problems } = await openPage(browser);
    try {
      await page.goto(server.origin + path, { waitUntil: 'load' });
      if (path === SEARCHED) await page.locator('#site-search-results .search-snippet a').first().waitFor();
      // Give timers, autofocus, <details> toggles and meta refreshes a moment to fire.
      await page.waitForTimeout(500);
      // Hover, focus and click everything that could carry a handler.
      if (!path.endsWith('.xml')) await poke(page);
      const pwned = await page.evaluate(() => window.__pwned ?? null).catch((e) => `evaluate failed: ${e.message}`);
      assert.equal(pwned, null, `${path}: injected script ran (window.__pwned = ${JSON.stringify(pwned)})`);
      // An embed page leads on to its report's embed view, and only there.
      const expected = path.startsWith('/embed/') ? path.replace('/embed/', '/reports/') : new URL(server.origin + path).pathname;
      assert.equal(new URL(page.url()).pathname, expected, `${path}: the page navigated away`);
      // A browser asks for /favicon.ico when it shows a bare XML file; that is not the site's doing.
      const xmlFavicon = (p) => path.endsWith('.xml') && /favicon\.ico/.test(p);
      assert.deepEqual(problems().filter((p) => !xmlFavicon(p)), [], `${path}`);
      if (!path.endsWith('.xml')) {
        const leftovers = await page.evaluate(dangerousMarkup);
        assert.deepEqual(leftovers, [], `${path}: dangerous markup from the content is in the page`);
      }
    } finally {
      await page.close();
    }
  });
}

test('the report shows the hostile text as text', { timeout: 30_000 }, async () => {
  const { page } = await openPage(browser);
  try {
    await page.goto(`${server.origin}/reports/hostile-copy/`, { waitUntil: 'load' });
    const text = await page.evaluate(() => document.body.innerText);
    // Template values are escaped, not dropped: the title is shown as written.
    assert.ok(text.includes("Hostile copy </script><script>window.__pwned='rewrite-title'</script>"),
      'the title is not shown literally');
    // Tera syntax in content is not evaluated.
    assert.ok(text.includes('{{ site.title }}'), 'template syntax in a title was evaluated or dropped');
    assert.ok(text.includes('The council met on Monday to discuss the bridge.'), 'the article text is missing');
  } finally {
    await page.close();
  }
});

/** Mouses over, focuses and clicks (without following links) every element in the main content. */
async function poke(page) {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('body *')) {
      for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'load', 'error']) {
        el.dispatchEvent(new Event(type));
      }
      if (el.tagName === 'A' || el.tagName === 'BUTTON' || el.tagName === 'FORM' || el.closest('form')) continue;
      el.dispatchEvent(new MouseEvent('click', { bubbles: false, cancelable: true }));
    }
  });
  await page.waitForTimeout(200);
}

/** What the content must never become: script, handlers, frames, foreign schemes, styles. */
function dangerousMarkup() {
  const found = [];
  const describe = (el) => `<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`;
  for (const el of document.querySelectorAll('script')) {
    if (/pwned|alert/.test(el.textContent)) found.push(`script from content: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, math, svg script, style, form[action]')) {
    if (el.tagName === 'STYLE' && !/pwned/.test(el.textContent)) continue;
    found.push(`element from content: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('meta[http-equiv]')) {
    if (!/content-security-policy/i.test(el.httpEquiv)) found.push(`meta from content: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('*')) {
    // The theme's own "no favicon" link in the embed page.
    if (el.matches('head > link[rel="icon"][href="data:,"]')) continue;
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith('on')) found.push(`event handler ${name}: ${describe(el)}`);
      if (name === 'srcdoc') found.push(`srcdoc: ${describe(el)}`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
        && /^(javascript|data|vbscript):/.test(value.replace(/\s/g, ''))) {
        found.push(`${name}=${value.slice(0, 60)}: ${describe(el)}`);
      }
      if (name === 'style' && /pwned|url\(/.test(value)) found.push(`style from content: ${describe(el)}`);
    }
  }
  return found;
}
