// Bytes a reader's browser fetches per search query: gazette's index against Pagefind's, on the
// same pages, in headless Chromium (issue 16). Builds nothing: it is given built sites, each a
// gazette output folder into which `npx pagefind --site <dir>` has also written `pagefind/`.
//
// Usage: node bench/search_payload.mjs SITE_DIR [KOREAN_SITE_DIR]
//   SITE_DIR         e.g. the 10k benchmark corpus built by gazette, then indexed by Pagefind
//   KOREAN_SITE_DIR  a site with Korean text (bench/search-ko, built and indexed the same way)
//
// Each site is served by a tiny static server that gzips text (as a static host does; Pagefind's
// own files are already compressed and sent as they are). Every query runs in a fresh browser
// context (cold cache): gazette's /search/?q=… page until its results are shown, and a bare page
// that imports pagefind.js, searches and loads the data of the first 10 results (gazette shows
// 10). Counted: every response the search makes (script, index, metadata, and the article pages
// gazette reads a body's passage from when a result's summary lacks the words; not the search
// page itself or the stylesheet), as transferred (gzipped body bytes).
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";
import zlib from "node:zlib";

const nodeDir = process.env.CHECKS_NODE_DIR || path.join(os.homedir(), ".cache/site-checks/node");
const require = createRequire(path.join(nodeDir, "package.json"));
const { chromium } = require("playwright-core");

const [siteDir, koreanDir] = process.argv.slice(2);
if (!siteDir) {
  console.error("usage: node bench/search_payload.mjs SITE_DIR [KOREAN_SITE_DIR]");
  process.exit(2);
}

const QUERIES = [
  ["single word", "sanctions"],
  ["single word", "reactor"],
  ["single word (name)", "Horvat"],
  ["two words", "ballistic missile"],
  ["two words", "grain exports"],
  ["phrase", '"foreign minister"'],
  ["prefix", "artil"],
  ["prefix", "hum"],
];
// Queries with a filter, as a shared URL carries them: gazette then fetches the filter's own list
// (one file of a few KB) besides the words' files. Pagefind has no row here: its filters are
// declared in the pages (`data-pagefind-filter`), which the benchmark's pages do not have.
const FILTERED = [
  ["with a topic", "sanctions", { topic: "ukraine-war" }],
  ["with an outlet", "ballistic missile", { outlet: "BBC News" }],
  ["with dates", "grain exports", { from: "2024-01-01", to: "2024-12-31" }],
];
const KOREAN_QUERIES = [
  ["Korean word", "북한"],
  ["Korean word", "미사일"],
];
const PAGEFIND_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>pagefind</title>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const q = new URLSearchParams(location.search).get("q");
const search = await pagefind.search(q);
const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
window.done = { count: search.results.length, shown: data.length };
</script></html>`;
const TEXT = /\.(html|js|mjs|json|css|svg|xml|txt)$/;
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".wasm": "application/wasm" };

function serve(root) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname === "/__pagefind.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGEFIND_PAGE);
      return;
    }
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) { file = path.join(file, "index.html"); }
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    let body = fs.readFileSync(file);
    const headers = { "content-type": TYPES[path.extname(file)] || "application/octet-stream", "cache-control": "no-store" };
    if (TEXT.test(file) && /gzip/.test(req.headers["accept-encoding"] || "")) {
      body = zlib.gzipSync(body, { level: 6 });
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// The bytes a page fetches, by response, until `ready` says the results are shown.
async function measure(browser, url, ready, counted) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on("requestfinished", async (request) => {
    if (!counted(new URL(request.url()).pathname, request)) { return; }
    const s = await request.sizes().catch(() => null);
    if (s) { sizes.push([new URL(request.url()).pathname, s.responseBodySize]); }
  });
  await page.goto(url);
  await page.waitForFunction(ready, null, { timeout: 30000 });
  // gazette reads the pages of results whose summaries lack the words 400 ms after showing them.
  await page.waitForTimeout(1000);
  await page.waitForLoadState("networkidle");
  const found = await page.evaluate(() => window.done ? window.done.count :
    (document.querySelector("#search-status") || {}).textContent);
  await context.close();
  return { bytes: sizes.reduce((sum, [, b]) => sum + b, 0), files: sizes.length, found };
}

// search.js writes its status (in the page's language) only once the results are shown.
const gazetteReady = () => ((document.querySelector("#search-status") || {}).textContent || "").trim() !== "";
const gazetteFiles = (p, request) => p.endsWith("/search.js") || (/\/search\/.+\.json$/).test(p) ||
  request.resourceType() === "fetch";
const pagefindReady = () => !!window.done;
const pagefindFiles = (p) => p.includes("/pagefind/");

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const rows = [];
try {
  for (const [dir, queries] of [[siteDir, QUERIES], [koreanDir, KOREAN_QUERIES]]) {
    if (!dir) { continue; }
    const root = path.resolve(dir);
    const server = await serve(root);
    const origin = `http://127.0.0.1:${server.address().port}`;
    for (const [kind, query] of queries) {
      const q = encodeURIComponent(query);
      const g = await measure(browser, `${origin}/search/?q=${q}`, gazetteReady, gazetteFiles);
      const p = await measure(browser, `${origin}/__pagefind.html?q=${q}`, pagefindReady, pagefindFiles);
      rows.push({ site: path.basename(root), kind, query, g, p });
      console.error(`${query}: gazette ${kb(g.bytes)} in ${g.files} files (${g.found}); pagefind ${kb(p.bytes)} in ${p.files} files (${p.found} results)`);
    }
    if (dir === siteDir) {
      for (const [kind, query, filters] of FILTERED) {
        const q = new URLSearchParams({ q: query, ...filters }).toString();
        const g = await measure(browser, `${origin}/search/?${q}`, gazetteReady, gazetteFiles);
        const shown = `${query} (${Object.entries(filters).map(([k, v]) => `${k}=${v}`).join(", ")})`;
        rows.push({ site: path.basename(root), kind: `filter ${kind}`, query: shown, g, p: null });
        console.error(`${shown}: gazette ${kb(g.bytes)} in ${g.files} files (${g.found})`);
      }
    }
    server.close();
  }
} finally {
  await browser.close();
}
console.log("| site | query | kind | gazette (gzipped) | files | Pagefind (gzipped) | files | gazette / Pagefind |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const p = r.p ? [kb(r.p.bytes), r.p.files, (r.g.bytes / r.p.bytes).toFixed(2)] : ["—", "—", "—"];
  console.log(`| ${r.site} | \`${r.query}\` | ${r.kind} | ${kb(r.g.bytes)} | ${r.g.files} | ${p.join(" | ")} |`);
}
const over = rows.filter((r) => r.g.bytes > 300 * 1024 || (r.p && r.g.bytes > r.p.bytes));
if (over.length) {
  console.log(`\nOver budget (> 300 KB or more than Pagefind): ${over.map((r) => r.query).join(", ")}`);
  process.exitCode = 1;
}
