// End-to-end test of `gazette serve`'s live reload in a real headless Chromium: one open page must
// follow every save (in place, atomic, broken, fixed, a new article) without a manual reload.
//
// Usage: node tests/e2e/serve_e2e.mjs BASE_URL SITE_DIR
//   BASE_URL  where a running `gazette serve` answers, e.g. http://127.0.0.1:4000/
//   SITE_DIR  the site it serves; this script edits files under SITE_DIR/content/
// Run by tests/it/browser.rs, which writes the fixture this script expects: content/topics/t.md
// with a background long enough to scroll, and content/2024/06/first.md ("First article",
// "Original text of the first article.") and content/2024/06/second.md, both on topic t.
//
// Needs playwright-core (from $CHECKS_NODE_DIR, default ~/.cache/site-checks/node, or NODE_PATH;
// `shared/checks/install_deps.sh a11y` installs it) and Chromium ($CHROMIUM, default /usr/bin/chromium).
// Exit status: 0 every step passed, 1 a step failed (the reason is printed), 2 bad usage or a missing tool.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** Each step's budget; the waits inside a step share it. */
const STEP_BUDGET_MS = 5000;
/** The whole run, browser start included; the Rust test kills the script a little after this. */
const RUN_BUDGET_MS = 50000;
/** How far window.scrollY may move across a reload. */
const SCROLL_TOLERANCE_PX = 5;

const [baseArg, siteDir] = process.argv.slice(2);
if (!baseArg || !siteDir) {
  console.error('usage: node serve_e2e.mjs BASE_URL SITE_DIR');
  process.exit(2);
}
const base = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const nodeDir = process.env.CHECKS_NODE_DIR || path.join(os.homedir(), '.cache/site-checks/node');
let chromium;
try {
  // Resolved from nodeDir/node_modules first; require() falls back to NODE_PATH by itself.
  ({ chromium } = createRequire(path.join(nodeDir, 'noop.js'))('playwright-core'));
} catch (e) {
  console.error(`e2e: cannot load playwright-core (looked in ${nodeDir}/node_modules and NODE_PATH): ${e.message}`);
  process.exit(2);
}
if (!fs.existsSync(chromiumPath)) {
  console.error(`e2e: no Chromium at ${chromiumPath}`);
  process.exit(2);
}

/** A site-relative path under SITE_DIR. */
const site = (rel) => path.join(siteDir, rel);
const FIRST = 'content/2024/06/first.md';
const SECOND = 'content/2024/06/second.md';
const THIRD = 'content/2024/06/third.md';

/** An article file's text: front matter on topic `t`, then the body. */
function article({ title, date, body }) {
  return `---\ntitle: ${title}\ndate: ${date}\ntopics: [t]\n---\n${body}\n`;
}

/** Fails the current step with a message. */
class StepFailure extends Error {}
function check(condition, message) {
  if (!condition) throw new StepFailure(message);
}

/** When the running step's budget ends (performance.now() time); every wait in it uses what is left. */
let stepDeadline = 0;
/** Milliseconds left in the running step's budget, at least 1. */
const left = () => Math.max(1, Math.round(stepDeadline - performance.now()));

/** Runs one step within STEP_BUDGET_MS. Its own waits time out first, saying what they waited
 * for; the race is the backstop for anything that has no timeout of its own (page.evaluate). */
async function runStep(label, body) {
  stepDeadline = performance.now() + STEP_BUDGET_MS;
  let timer;
  const work = body();
  work.catch(() => {}); // if the backstop wins, the late rejection is not an unhandled one
  const backstop = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`not done within ${STEP_BUDGET_MS} ms`)), STEP_BUDGET_MS + 500);
  });
  try {
    return await Promise.race([work, backstop]);
  } finally {
    clearTimeout(timer);
  }
}

const latencies = []; // ms from a file write to its effect being visible, one per timed step
let browser;
let page;
const problems = []; // uncaught exceptions, console errors and failed requests, as they happen

/** Writes a file (the caller says how) and measures until `visible` resolves. */
async function timed(label, write, visible) {
  const started = performance.now();
  write();
  await visible();
  const ms = Math.round(performance.now() - started);
  latencies.push(ms);
  console.log(`e2e:   ${label}: visible after ${ms} ms`);
}

/** Waits, within the step's budget, until `locator` reaches `state` (across the page's own reloads). */
async function waitFor(locator, state, what) {
  const timeout = left();
  try {
    await locator.waitFor({ state, timeout });
  } catch (e) {
    if (e.name !== 'TimeoutError') throw e;
    throw new StepFailure(`${what} (gave up after ${timeout} ms)`);
  }
}

/** Waits until `text` is visible somewhere on the page. */
function textVisible(text) {
  return waitFor(page.getByText(text).first(), 'visible', `"${text}" never became visible`);
}

/** Opens `url` in the page and checks that it answers 200. */
async function open(url) {
  const response = await page.goto(url, { waitUntil: 'load', timeout: left() });
  check(response && response.status() === 200, `${url} answered ${response ? response.status() : 'nothing'}`);
}

const steps = [
  ['open an article page', async () => {
    await open(`${base}2024/06/first/`);
    await textVisible('First article');
    await textVisible('Original text of the first article.');
    check(await page.locator('script[src="/__gazette/reload.js"]').count() === 1, 'the reload script is not injected');
    // base_url is https://example.org/briefings/: serve must drop the prefix, so no link keeps it
    // and the stylesheet (a failed request would be reported) loads from /.
    const prefixed = await page.locator('[href*="/briefings/"], [src*="/briefings/"]').count();
    check(prefixed === 0, `${prefixed} links still carry base_url's /briefings/ prefix`);
    const rules = await page.evaluate(() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0));
    check(rules > 0, 'the stylesheet did not load');
  }],

  ['edit the article in place', async () => {
    const text = article({ title: 'First article', date: '2024-06-01', body: 'Edited in place.' });
    await timed('write in place', () => fs.writeFileSync(site(FIRST), text), () => textVisible('Edited in place.'));
  }],

  ['save atomically (temporary file renamed over the article)', async () => {
    const temp = site('content/2024/06/.first.md.tmp');
    const text = article({ title: 'First article', date: '2024-06-01', body: 'Saved atomically.' });
    await timed('rename over', () => {
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, site(FIRST));
    }, () => textVisible('Saved atomically.'));
  }],

  ['break the front matter: the overlay names the file', async () => {
    const broken = '---\ntitle: [unclosed\ndate: 2024-06-01\ntopics: [t]\n---\nBroken.\n';
    const error = page.locator('#gazette-error-overlay pre.gazette-error', { hasText: FIRST });
    await timed('error overlay', () => fs.writeFileSync(site(FIRST), broken),
      () => waitFor(error.first(), 'visible', `no error overlay naming ${FIRST}`));
    console.log(`e2e:   overlay says: ${(await error.first().innerText()).split('\n')[0]}`);
    // As in the terminal: the source line, numbered, and a caret under the column.
    const shown = await error.first().innerText();
    check(/\n\d+ \| [^\n]+\n +\| *\^/.test(shown), `the overlay has no source line and caret: ${shown}`);
    // Regression (session 30's newsroom probe): a long source line wrapped, and its caret
    // stood at the left edge under nothing. The quoted lines never wrap (they scroll).
    const wrapping = await error.first().evaluate(pre => Array.from(pre.children)
      .filter(line => /^\s*\d*\s+\|/.test(line.textContent))
      .map(line => getComputedStyle(line).whiteSpace));
    check(wrapping.length >= 3 && wrapping.every(w => w === 'pre'), `the quoted lines may wrap: ${wrapping}`);
    // The page is not reloaded: the last good build stays underneath.
    check(await page.getByText('Saved atomically.').count() > 0, 'the last good build is gone from under the overlay');
  }],

  ['fix it: the overlay goes and the fixed content shows', async () => {
    const text = article({ title: 'First article, fixed', date: '2024-06-01', body: 'Fixed text.' });
    await timed('fixed content', () => fs.writeFileSync(site(FIRST), text), async () => {
      await textVisible('Fixed text.');
      await waitFor(page.locator('#gazette-error-overlay'), 'detached', 'the error overlay stayed');
    });
  }],

  ['a new article appears on the open topic timeline', async () => {
    await open(`${base}topics/t/`);
    await textVisible('First article, fixed');
    check(await page.getByText('Brand new entry').count() === 0, 'the new entry is on the page before it is written');
    const text = article({ title: 'Brand new entry', date: '2024-06-03', body: 'Added while the page was open.' });
    await timed('new article', () => fs.writeFileSync(site(THIRD), text), () => textVisible('Brand new entry'));
  }],

  ['the scroll position survives a reload', async () => {
    // The previous reload restores its own scroll position on `load`: let it finish first.
    await page.waitForLoadState('load', { timeout: left() });
    const { room } = await page.evaluate(() => ({ room: document.documentElement.scrollHeight - window.innerHeight }));
    check(room > 1000, `the topic page is too short to test scrolling (${room} px of scroll room)`);
    const target = Math.round(room / 2);
    await page.evaluate((y) => window.scrollTo(0, y), target);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 1, target, { timeout: left() });
    const before = await page.evaluate(() => {
      window.__gazetteE2eBeforeUpdate = true; // kept when the page is updated in place
      return window.scrollY;
    });
    const text = article({ title: 'Second article, retitled', date: '2024-06-02', body: 'Second text.' });
    await timed('rebuild while scrolled', () => fs.writeFileSync(site(SECOND), text),
      () => textVisible('Second article, retitled'));
    // A page without scripts of its own is swapped in place: no reload, nothing to flash.
    check(await page.evaluate(() => window.__gazetteE2eBeforeUpdate === true), 'the page was reloaded, not updated in place');
    check(await page.locator('script[src="/__gazette/reload.js"]').count() === 1, 'the update left the reload script twice or not at all');
    let after = await page.evaluate(() => window.scrollY);
    try {
      await page.waitForFunction(([y, tolerance]) => Math.abs(window.scrollY - y) <= tolerance,
        [before, SCROLL_TOLERANCE_PX], { timeout: Math.min(1000, left()) });
      after = await page.evaluate(() => window.scrollY);
    } catch {
      throw new StepFailure(`scrollY was ${before} before the reload and ${after} after it`);
    }
    console.log(`e2e:   scrollY ${before} before the reload, ${after} after`);
  }],

  ['after a stylesheet swap, a page is still updated in place', async () => {
    await open(`${base}2024/06/first/`);
    fs.mkdirSync(site('static'), { recursive: true });
    await timed('stylesheet swapped', () => fs.writeFileSync(site('static/style.css'), 'body { outline: 3px solid rgb(1, 2, 3); }\n'),
      () => page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, { timeout: left() }));
    await page.evaluate(() => { window.__gazetteE2eBeforeUpdate = true; });
    const text = article({ title: 'First article, fixed', date: '2024-06-01', body: 'After the stylesheet.' });
    await timed('edit after the swap', () => fs.writeFileSync(site(FIRST), text), () => textVisible('After the stylesheet.'));
    check(await page.evaluate(() => window.__gazetteE2eBeforeUpdate === true), 'the page was reloaded, not updated in place');
  }],

  ['two saves in quick succession: the page ends on the second', async () => {
    const first = article({ title: 'First article, fixed', date: '2024-06-01', body: 'Quick one.' });
    const second = article({ title: 'First article, fixed', date: '2024-06-01', body: 'Quick two.' });
    await timed('second save shown', () => {
      fs.writeFileSync(site(FIRST), first);
      setTimeout(() => fs.writeFileSync(site(FIRST), second), 30);
    }, () => textVisible('Quick two.'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    check(await page.getByText('Quick two.').count() > 0, 'the page went back to an older build');
    check(await page.getByText('Quick one.').count() === 0, 'the page shows the first of the two saves');
  }],

  ['a page with scripts of its own is reloaded, and they still work', async () => {
    await open(`${base}search/`);
    await page.evaluate(() => { window.__gazetteE2eBeforeUpdate = true; });
    const text = article({ title: 'Third article, searchable', date: '2024-06-03', body: 'Zanzibarian words.' });
    await timed('search page reloaded', () => fs.writeFileSync(site(THIRD), text),
      () => page.waitForFunction(() => window.__gazetteE2eBeforeUpdate === undefined, null, { timeout: left() }));
    await page.waitForLoadState('load', { timeout: left() });
    await page.fill('#search-q', 'zanzibarian');
    await waitFor(page.locator('#search-results li', { hasText: 'Third article, searchable' }).first(), 'visible',
      'the reloaded search page does not find the new article');
  }],
];

/** What the page shows now, for a failure report. */
async function describePage() {
  try {
    const text = await page.evaluate(() => document.body.innerText);
    const shown = text.replace(/\s+/g, ' ').trim().slice(0, 400);
    return `  the page at ${page.url()} shows: ${shown}${text.length > 400 ? ' ...' : ''}`;
  } catch (e) {
    return `  (cannot read the page: ${e.message.split('\n')[0]})`;
  }
}

/** Records what the page reports that a person would see as breakage. */
function watchForProblems(target) {
  // Chromium asks for /favicon.ico by itself; the site has none, and that is not the page's fault.
  const isFavicon = (url) => new URL(url, base).pathname === '/favicon.ico';
  target.on('pageerror', (e) => problems.push(`uncaught exception: ${e.message}`));
  target.on('console', (m) => {
    if (m.type() === 'error' && !isFavicon(m.location().url || '')) problems.push(`console error: ${m.text()}`);
  });
  target.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url())) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
}

async function main() {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    timeout: 15000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(STEP_BUDGET_MS);
  watchForProblems(page);

  for (const [index, [name, body]] of steps.entries()) {
    const label = `step ${index + 1}/${steps.length} (${name})`;
    console.log(`e2e: ${label}`);
    const seen = problems.length;
    try {
      await runStep(label, body);
    } catch (e) {
      const reason = e instanceof StepFailure ? e.message : e.message.split('\n')[0];
      throw new StepFailure(`${label} failed: ${reason}\n${await describePage()}`);
    }
    check(problems.length === seen, `${label}: the page reported problems:\n  ${problems.slice(seen).join('\n  ')}`);
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
  console.log(`e2e: ${steps.length} steps passed; save→visible median ${median} ms (max ${sorted.at(-1)} ms)`);
}

/** Closes the browser (only the one this script started) and exits; the first call wins. */
let finishing = false;
async function finish(code) {
  if (finishing) return;
  finishing = true;
  if (browser) await browser.close().catch(() => {});
  process.exit(code);
}

const deadline = setTimeout(() => {
  console.error(`e2e: FAIL: the run took longer than ${RUN_BUDGET_MS} ms`);
  finish(1);
}, RUN_BUDGET_MS);
deadline.unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(1));

main().then(() => finish(0), (e) => {
  console.error(`e2e: FAIL: ${e instanceof StepFailure ? e.message : e.stack}`);
  finish(1);
});
