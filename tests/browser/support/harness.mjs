// Shared setup for the browser tests: a static file server for a built site,
// headless Chromium through playwright-core, and a recorder of everything a
// page does that it should not (console errors, page errors, dialogs,
// requests to another host).
//
// The tests read where the built sites are from the environment, which
// tests/integration/browser.rs sets (or set them by hand):
//   UNSPUN_SITE_DIR        the example site, built with `unspun build`
//   UNSPUN_HOSTILE_DIR     the hostile-content fixture site, built
//   UNSPUN_PAGED_DIR       the example site with page_size = 3, built
//   UNSPUN_PASTED_DIR      tests/browser/fixtures/pasted, built
//   UNSPUN_CHROMIUM        the browser (default /usr/bin/chromium)
//   UNSPUN_SCREENSHOT_DIR  where to write README screenshots (optional)

import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

/** How long one page may take to load, and one expectation to come true. */
export const PAGE_TIMEOUT_MS = 15_000;
export const WAIT_TIMEOUT_MS = 5_000;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The built site directory named by an environment variable; throws a clear error when unset. */
export function siteDir(variable = 'UNSPUN_SITE_DIR') {
  const dir = process.env[variable];
  if (!dir) {
    throw new Error(`${variable} is not set: build a site (unspun build --output-dir DIR) and set ${variable}=DIR, or run \`cargo test --test integration browser::\``);
  }
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${variable}=${dir} has no index.html: is it a built site?`);
  }
  return dir;
}

/**
 * Serves `root` on 127.0.0.1 at a free port, like GitHub Pages would:
 * a directory answers with its index.html, anything missing with 404.html.
 * Returns { origin, close }.
 */
export async function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let file = path.join(root, decodeURIComponent(url.pathname));
      if (!file.startsWith(path.resolve(root))) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info && info.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: url.pathname + '/' + url.search }).end();
          return;
        }
        file = path.join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        const notFound = await readFile(path.join(root, '404.html')).catch(() => 'not found');
        res.writeHead(404, { 'Content-Type': TYPES['.html'] }).end(notFound);
        return;
      }
      const body = await readFile(file);
      const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/** Headless Chromium as installed by the system (never a downloaded one), on a fresh profile. */
export async function launch({ bypassCSP = false, colorScheme = 'light' } = {}) {
  const executablePath = process.env.UNSPUN_CHROMIUM || '/usr/bin/chromium';
  const profile = await mkdtemp(path.join(tmpdir(), 'unspun-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timeout: 60_000,
    bypassCSP,
    colorScheme,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  context.setDefaultTimeout(WAIT_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
  // The persistent context opens one blank page; tests open their own.
  for (const p of context.pages()) await p.close();
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/** A test file's `before`: the built site at `root` served, and the browser launched. */
export async function startSite(root) {
  const server = await serve(root);
  try {
    return { server, browser: await launch() };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/** A test file's `after`: closes what startSite opened (either may be missing if it failed). */
export async function stopSite({ server, browser }) {
  await browser?.close();
  await server?.close();
}

/**
 * A report's old short address for iframes, `…/embed/<slug>/`: with no page
 * of its own, the site's 404.html answers it (status 404, which the browser
 * notes in its console) and leads it on to the report's embed view.
 */
export function isOldEmbedAddress(url) {
  try {
    return /\/embed\/[^/]+\/(index\.html)?$/.test(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    return false;
  }
}

/**
 * A new page of the given size that records what it must not do.
 * `problems()` lists, as readable strings, every console error, uncaught page
 * error, dialog (alert/confirm/prompt), and request to a host other than
 * 127.0.0.1 or to a scheme other than http/data/blob/about.
 */
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height });
  const log = { console: [], errors: [], dialogs: [], foreign: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location()?.url ?? '';
    if (isOldEmbedAddress(url) && /status of 404/.test(msg.text())) return;
    log.console.push(`console error: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => log.errors.push(`page error: ${err.message}`));
  page.on('dialog', async (dialog) => {
    log.dialogs.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('request', (req) => {
    const url = req.url();
    log.requests.push(url);
    let ok = false;
    try {
      const u = new URL(url);
      ok = (u.protocol === 'http:' && u.hostname === '127.0.0.1')
        || ['data:', 'blob:', 'about:'].includes(u.protocol);
    } catch { ok = false; }
    if (!ok) log.foreign.push(`request off the site: ${url}`);
  });
  return {
    page,
    log,
    problems: () => [...log.console, ...log.errors, ...log.dialogs, ...log.foreign],
  };
}

/** Every page of a built site, as URL paths (`/`, `/reports/x/`, …), sorted, grouped by type. */
export async function sitePages(root) {
  const list = async (dir) => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && existsSync(path.join(root, dir, e.name, 'index.html')))
      .map((e) => `/${dir}/${e.name}/`)
      .sort();
  };
  const reports = await list('reports');
  return {
    index: ['/'],
    reports,
    // Each report's short address for iframes: a page of its own with
    // `[exports] embed = true`, else the site's 404.html leads it on.
    embeds: reports.map((r) => r.replace('/reports/', '/embed/')),
    sources: await list('sources'),
    sites: await list('sites'),
    notFound: existsSync(path.join(root, '404.html')) ? ['/404.html'] : [],
    data: existsSync(path.join(root, 'data', 'index.html')) ? ['/data/'] : [],
  };
}

/** All page paths of a site, one list. */
export async function allPages(root) {
  const p = await sitePages(root);
  return [...p.index, ...p.reports, ...p.embeds, ...p.sources, ...p.sites, ...p.notFound, ...p.data];
}

/** Reads and parses the report.json of a report. */
export async function reportJson(root, slug) {
  return JSON.parse(await readFile(path.join(root, 'reports', slug, 'report.json'), 'utf8'));
}

/** Polls `fn` until it returns a truthy value or the timeout passes; returns the last value. */
export async function eventually(fn, timeout = WAIT_TIMEOUT_MS) {
  const end = Date.now() + timeout;
  let value;
  while (Date.now() < end) {
    value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return value;
}
