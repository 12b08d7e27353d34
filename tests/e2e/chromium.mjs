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
