#!/usr/bin/env node
// bench/serve_latency.mjs — edit-to-reload latency of `gazette serve` on a site (normally the
// benchmark corpus; `bench/run.sh --serve N` prepares it and calls this script).
//
// Usage: node bench/serve_latency.mjs --gazette BIN --root SITE [--runs 10] [--settle-ms 500]
//
// Starts `BIN serve --port 0 --root SITE`, waits for "serving at http://127.0.0.1:PORT/", opens one
// article (the first article file in path order) in headless Debian Chromium via playwright-core,
// then RUNS times: appends a unique marker sentence to that article's Markdown file and measures
// the milliseconds from the write to the marker being visible in the page (the live-reload script
// gazette injects swaps the new page in, or reloads it; nothing here reloads by hand). Visibility
// is polled every 5 ms, so a figure is at most ~5 ms late. Prints median/min/max, and the
// server's own reported rebuild times. The article file is restored to its original bytes at the
// end (even on failure), so the corpus stays identical for the build benchmark.
// Modules come from $CHECKS_NODE_DIR (default ~/.cache/site-checks/node), filled by
// ../shared/checks/install_deps.sh a11y.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback === undefined) { console.error(`usage: serve_latency.mjs --gazette BIN --root SITE [--runs N]`); process.exit(2); }
  return fallback;
}
const bin = arg('gazette'), root = path.resolve(arg('root'));
const runs = Number(arg('runs', '10')), settleMs = Number(arg('settle-ms', '500'));

const nodeDir = process.env.CHECKS_NODE_DIR || path.join(os.homedir(), '.cache/site-checks/node');
const { chromium } = createRequire(path.join(nodeDir, 'noop.js'))('playwright-core');

const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function firstArticle(dir) {  // the first .md outside content/topics/, in sorted path order
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) {
      if (p === path.join(root, 'content', 'topics')) continue;
      const found = firstArticle(p);
      if (found) return found;
    } else if (name.endsWith('.md')) return p;
  }
  return null;
}

// The server: wait for its address; keep its "rebuilt ... in N ms" lines.
const server = spawn(bin, ['serve', '--port', '0', '--root', root, '--timings'], { stdio: ['ignore', 'pipe', 'pipe'] });
const rebuilds = [];
let stderrTail = '';
server.stderr.on('data', d => { stderrTail = (stderrTail + d).slice(-4000); });
const started = Date.now();
const baseUrl = await new Promise((resolve, reject) => {
  let buf = '';
  server.stdout.on('data', d => {
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
      const listening = line.match(/serving at (http:\/\/\S+?\/)/);
      if (listening) resolve(listening[1]);
      const rebuilt = line.match(/^(re)?built .* in (\d+) ms/);
      if (rebuilt) rebuilds.push({ first: !rebuilt[1], ms: Number(rebuilt[2]), at: performance.now() });
      const phases = line.match(/^\s+phases \(ms\): (.*)$/);
      if (phases && rebuilds.length) rebuilds[rebuilds.length - 1].phases =
        Object.fromEntries(phases[1].split(', ').map(p => { const [k, v] = p.split(' '); return [k, Number(v)]; }));
    }
  });
  server.on('exit', code => reject(new Error(`gazette serve exited (${code}):\n${stderrTail}`)));
});
const startupMs = Date.now() - started;

const file = firstArticle(path.join(root, 'content'));
const original = fs.readFileSync(file);
const restore = () => fs.writeFileSync(file, original);
let browser;
try {
  // The article's URL: the sitemap (or, past 50,000 URLs, one of its parts) lists every
  // article's URL; its slug is the file name.
  const slug = path.basename(file, '.md');
  const locs = async (name) => [...(await (await fetch(new URL(name, baseUrl))).text())
    .matchAll(/<loc>([^<]*)<\/loc>/g)].map(m => m[1]);
  let urls = await locs('sitemap.xml');
  if (urls.some(u => /\/sitemap-\d+\.xml$/.test(u))) {
    urls = (await Promise.all(urls.map(u => locs(new URL(u).pathname.split('/').pop())))).flat();
  }
  const found = urls.find(u => u.endsWith(`/${slug}/`));
  if (!found) throw new Error(`no URL ending in /${slug}/ in the sitemap`);
  const pageUrl = new URL(new URL(found).pathname, baseUrl).href;

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const resp = await page.goto(pageUrl, { waitUntil: 'load', timeout: 60000 });
  if (!resp || !resp.ok()) throw new Error(`${pageUrl} answered ${resp ? resp.status() : 'nothing'}`);
  console.log(`serving ${root} at ${baseUrl} (ready after ${startupMs} ms, first build ${rebuilds[0]?.ms ?? '?'} ms)`);
  console.log(`load average ${os.loadavg().map(x => x.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs`);
  console.log(`article: ${path.relative(root, file)} → ${pageUrl}`);
  await sleep(settleMs);  // let the reload script connect to /__gazette/events

  const latencies = [], paints = [];
  for (let i = 0; i < runs; i++) {
    const marker = `Benchmark marker ${process.pid}-${i}-${Date.now().toString(36)}`;
    const t0 = performance.now(), t0Epoch = Date.now();
    fs.appendFileSync(file, `\n\n${marker} was appended to measure the reload.\n`);
    await page.waitForFunction(m => document.body && document.body.innerText.includes(m), marker,
                               { polling: 5, timeout: 60000 });
    const ms = performance.now() - t0;
    latencies.push(ms);
    const last = rebuilds[rebuilds.length - 1];
    const built = last && last.at > t0 ? ` (rebuilt ${last.ms} ms, announced at ${(last.at - t0).toFixed(0)} ms)` : '';
    // Where the browser's part went: when the reload's navigation started, got its response, parsed.
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      return { origin: performance.timeOrigin, response: n.responseEnd, dcl: n.domContentLoadedEventEnd,
               paint: paint ? paint.startTime : null };
    });
    const navAt = nav.origin - t0Epoch;
    let browserPart = ' (updated in place)';
    if (navAt >= 0) {  // the page was reloaded (a page with scripts of its own)
      const painted = nav.paint === null ? null : navAt + nav.paint;
      if (painted !== null) paints.push(painted);
      browserPart = ` reloaded: navigation at ${navAt.toFixed(0)}, response +${nav.response.toFixed(0)}, ` +
        `parsed +${nav.dcl.toFixed(0)}, painted +${nav.paint === null ? '?' : nav.paint.toFixed(0)}` +
        (painted === null ? '' : ` → on screen at ${painted.toFixed(0)} ms`);
    }
    console.log(`  edit ${String(i + 1).padStart(2)}: ${ms.toFixed(0)} ms${built}${browserPart}`);
    await sleep(settleMs);  // the next edit starts from a quiet server
  }
  const reb = rebuilds.filter(r => !r.first).map(r => r.ms);
  if (paints.length)
    console.log(`edit-to-paint (the reloaded page's first contentful paint) over ${paints.length} edits: ` +
                `median ${median(paints).toFixed(0)} ms, min ${Math.min(...paints).toFixed(0)} ms, max ${Math.max(...paints).toFixed(0)} ms`);
  console.log(`edit-to-visible over ${runs} edits: median ${median(latencies).toFixed(0)} ms, ` +
              `min ${Math.min(...latencies).toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms`);
  if (reb.length)
    console.log(`server-reported rebuilds (${reb.length}): median ${median(reb)} ms, min ${Math.min(...reb)} ms, max ${Math.max(...reb)} ms`);
  const withPhases = rebuilds.filter(r => !r.first && r.phases);
  if (withPhases.length) {
    const names = Object.keys(withPhases[0].phases);
    console.log('rebuild phases, median ms: ' +
                names.map(n => `${n} ${median(withPhases.map(r => r.phases[n] ?? 0)).toFixed(1)}`).join(', '));
  }
} finally {
  restore();
  if (browser) await browser.close();
  await sleep(200);  // the restore's rebuild may start; the server is stopped either way
  server.kill('SIGINT');
}
