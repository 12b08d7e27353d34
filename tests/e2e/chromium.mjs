// What the Chromium scripts share: the npm packages install_deps.sh puts in $CHECKS_NODE_DIR
// (default ~/.cache/site-checks/node), and headless Chromium launched the same way for each.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import os from "node:os";

const nodeDir = process.env.CHECKS_NODE_DIR || path.join(os.homedir(), ".cache/site-checks/node");
const require = createRequire(path.join(nodeDir, "package.json"));
const { chromium } = require("playwright-core");

/** axe-core's script, to inject into a page. */
export function axeSource() {
  return fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
}

/** Headless Chromium ($CHROMIUM, default /usr/bin/chromium), without network extras. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** How many searches the /search/ page has begun (its results list's `data-started`). */
export function searchesStarted(page) {
  return page.evaluate(() => Number(document.querySelector("#search-results").dataset.started || 0));
}

/**
 * Waits until the /search/ page has begun a search after the `after`th (of the words `query`,
 * when given) and every search, page of results and passage is done (search.js's
 * `data-started`, `data-query`, `data-busy`, `data-settled`): what it shows then is that
 * search's whole answer, never an earlier one's, however slow the machine.
 */
export async function searchSettled(page, after = 0, query = undefined, timeout = 20000) {
  await page.waitForFunction(([n, q]) => {
    const list = document.querySelector("#search-results");
    const started = Number(list.dataset.started || 0);
    return started > n && (q === null || list.dataset.query === q) &&
      list.dataset.busy === "0" && list.dataset.settled === list.dataset.started;
  }, [after, query === undefined ? null : query], { timeout });
}

/** Waits until the /search/ page lists more than `count` results, and nothing is under way. */
export async function searchShownMore(page, count, timeout = 20000) {
  await page.waitForFunction((n) => {
    const list = document.querySelector("#search-results");
    return Number(list.dataset.shown || 0) > n && list.dataset.busy === "0";
  }, count, { timeout });
}
