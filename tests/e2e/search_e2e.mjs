// End-to-end check of the /search/ page in headless Chromium: types queries and expects the
// matching briefings (and only them) to be listed. Usage: node search_e2e.mjs SITE_URL
import { createRequire } from "node:module";
import path from "node:path";
import os from "node:os";

const nodeDir = process.env.CHECKS_NODE_DIR || path.join(os.homedir(), ".cache/site-checks/node");
const require = createRequire(path.join(nodeDir, "package.json"));
const { chromium } = require("playwright-core");

const site = process.argv[2];
if (!site) {
  console.error("usage: node search_e2e.mjs SITE_URL");
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(new URL("search/", site).toString());

  async function search(query, topic, expected, unexpected) {
    if (topic !== undefined) { await page.selectOption("#search-topic", topic); }
    await page.fill("#search-q", "");
    await page.fill("#search-q", query);
    await page.waitForFunction(
      (want) => [...document.querySelectorAll("#search-results a")].some((a) => a.textContent.includes(want)),
      expected, { timeout: 5000 });
    const titles = await page.$$eval("#search-results a", (links) => links.map((a) => a.textContent));
    for (const bad of unexpected) {
      if (titles.some((t) => t.includes(bad))) { throw new Error(`"${query}" listed "${bad}": ${titles.join(" | ")}`); }
    }
    console.log(`search "${query}"${topic ? ` in ${topic}` : ""}: ${titles.length} results, found "${expected}"`);
  }

  await search("Vostochny", undefined, "Vostochny Cosmodrome", ["Cheap Russian oil"]);
  await search("oil sanctions", undefined, "Cheap Russian oil", ["Vostochny"]);
  await search("subm", undefined, "nuclear submarine", []);
  await search("Putin", "sanctions", "what Russia and North Korea each get", ["Putin and Kim sign"]);
  const status = await page.textContent("#search-status");
  if (!/match/.test(status)) { throw new Error(`no status line: ${status}`); }
  if (errors.length) { throw new Error(`page errors: ${errors.join("; ")}`); }
  console.log("search_e2e: OK");
} catch (e) {
  failed = true;
  console.error(`search_e2e: FAIL ${e.message}`);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
