// The exercise as a teacher tries it on a copy pasted from a web page, with
// its photo captions and credits, share prompts, a newsletter line and
// related links (tests/browser/fixtures/pasted): in an 800 px frame and on a
// phone, by keyboard only. The page furniture is neither shown as text to
// search nor counted as a change to find; a student marks, checks and
// reveals without a mouse; axe finds nothing serious in light or dark.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { siteDir, launch, openPage, sitePages, reportJson, startSite, stopSite } from './support/harness.mjs';

const root = siteDir('UNSPUN_PASTED_DIR');
const { reports } = await sitePages(root);
const slug = reports[0].split('/').filter(Boolean).pop();
const json = await reportJson(root, slug);
// report.json format 2 leaves out a story sentence's role.
const roleOf = (sentence) => sentence?.role ?? 'story';
const setAside = (side, i) => i != null && !['story', 'heading'].includes(roleOf(json[side].sentences[i]));
const toFind = json.findings.filter((f) => f.kind !== 'note' && !f.minor && !setAside('source', f.source_sentence) && !setAside('rewrite', f.rewrite_sentence));
const furniture = ['Home ›', 'Share this', 'Like this story', 'Follow CoastlineBuzz', 'You may also like', 'Sign up for our', 'Photo: Ivo', 'By Odile'];

let server;
let browser;
before(async () => ({ server, browser } = await startSite(root)));
after(() => stopSite({ server, browser }));

test('the pasted copy\'s furniture is set aside, not a change to find', () => {
  const roles = (side) => json[side].sentences.filter((s) => furniture.some((f) => s.text.startsWith(f))).map((s) => [s.text, roleOf(s)]);
  for (const [text, role] of [...roles('source'), ...roles('rewrite')]) {
    assert.notEqual(role, 'story', `"${text}" is read as story`);
  }
  assert.ok(toFind.length >= 4, `only ${toFind.length} changes to find`);
  assert.ok(toFind.some((f) => f.kind === 'added') && toFind.some((f) => f.kind === 'omitted'));
});

for (const { width, height } of [{ width: 800, height: 640 }, { width: 375, height: 700 }]) {
  test(`at ${width}px by keyboard: no furniture among the texts, the count leaves it out, a change marked with Enter is found by the check, reveal one and all`, { timeout: 60_000 }, async (t) => {
    const { page, problems } = await openPage(browser, { width, height });
    t.after(() => page.close());
    await page.goto(`${server.origin}/embed/${slug}/?exercise`, { waitUntil: 'load' });
    await page.locator('#exercise-status').waitFor({ state: 'visible' });
    assert.match(await page.locator('#exercise-status').textContent(), new RegExp(`^${toFind.length} changes to find`));
    const texts = await page.evaluate(() => [...document.querySelectorAll('#exercise-flow .sentence')]
      .filter((s) => s.checkVisibility()).map((s) => s.textContent));
    for (const f of furniture) assert.ok(!texts.some((s) => s.includes(f)), `"${f}" is among the texts of the exercise`);

    // Tab from the top of the page to the first sentence with a change; Enter marks it.
    const changed = `${toFind[0].rewrite_sentence != null ? 'r' : 's'}${toFind[0].rewrite_sentence ?? toFind[0].source_sentence}`;
    let at = '';
    for (let i = 0; i < 80 && at !== changed; i++) {
      await page.keyboard.press('Tab');
      at = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(at, changed, `Tab does not reach ${changed}`);
    await page.keyboard.press('Enter');
    assert.equal(await page.locator(`#${changed}`).getAttribute('aria-pressed'), 'true');
    // Back to "Check my marks" with Shift+Tab, and Enter.
    for (let i = 0; i < 80 && at !== 'exercise-check'; i++) {
      await page.keyboard.press('Shift+Tab');
      at = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(at, 'exercise-check', 'Shift+Tab does not lead back to "Check my marks"');
    await page.keyboard.press('Enter');
    assert.match(await page.locator('#exercise-result').textContent(), new RegExp(`Found 1 of ${toFind.length}`));
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'reveal-next');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('.finding-card.is-revealed').count(), 1);
    // Reveal moves focus to what it revealed; "Reveal all" is back up among the controls.
    for (let i = 0; i < 80 && at !== 'reveal-all'; i++) {
      await page.keyboard.press('Shift+Tab');
      at = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    assert.equal(at, 'reveal-all', 'Shift+Tab does not lead back to "Reveal all"');
    await page.keyboard.press('Enter');
    const back = await page.evaluate(() => ({
      flow: Boolean(document.querySelector('#exercise-flow')),
      rows: [...document.querySelectorAll('#rows .row')].filter((r) => r.checkVisibility()).length,
    }));
    assert.ok(!back.flow && back.rows > 0, `reveal all does not bring the rows back (${JSON.stringify(back)})`);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
    assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways (${scrollWidth} > ${clientWidth})`);
    assert.deepEqual(problems(), []);
  });
}

test('axe finds no serious or critical violation in the pasted copy\'s exercise, at 800 and 375 px, light and dark', { timeout: 120_000 }, async () => {
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    const scheme = await launch({ colorScheme });
    try {
      for (const width of [800, 375]) {
        const { page } = await openPage(scheme, { width, height: 700 });
        await page.goto(`${server.origin}/reports/${slug}/?embed&exercise`, { waitUntil: 'load' });
        await page.locator('#reveal-next').click();
        await page.evaluate(axeSource);
        const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })));
        assert.deepEqual(violations, [], `${colorScheme} ${width}px: ${JSON.stringify(violations)}`);
        await page.close();
      }
    } finally {
      await scheme.close();
    }
  }
});
