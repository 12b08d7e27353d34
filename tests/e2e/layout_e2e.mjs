// Layout and accessibility of the default theme in headless Chromium: for each page, at phone
// widths (320 and 375 px) and on a desktop, in light and dark mode, the page must not scroll
// sideways, `<main>` must keep its top padding (issue 13: `.wrap` once zeroed it), embeds with a
// width and height must fit the column at their aspect ratio, and axe-core must find no WCAG 2.2
// AA violation. With SHOTS=dir it also saves
// screenshots (phone and desktop, light and dark) to look at.
// Usage: node layout_e2e.mjs URL [URL...]
import path from "node:path";
import { axeSource as readAxe, launchChromium } from "./chromium.mjs";
const axeSource = readAxe();

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error("usage: node layout_e2e.mjs URL [URL...]");
  process.exit(2);
}
const shots = process.env.SHOTS;
const sizes = [
  { name: "phone320", width: 320, height: 740 },
  { name: "phone375", width: 375, height: 812 },
  { name: "desktop", width: 1280, height: 900 },
];
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const browser = await launchChromium();
const problems = [];
let checked = 0;
try {
  for (const scheme of ["light", "dark"]) {
    for (const size of sizes) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme });
      const page = await context.newPage();
      for (const url of urls) {
        await page.goto(url, { waitUntil: "load" });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) { problems.push(`${url} (${size.name}, ${scheme}): scrolls sideways by ${overflow}px`); }
        const layout = await page.evaluate(() => ({
          paddingTop: parseFloat(getComputedStyle(document.querySelector("main")).paddingTop),
          embeds: [...document.querySelectorAll("main iframe[width][height], main video[width][height], main embed[width][height]")].map((e) => {
            const box = e.getBoundingClientRect();
            const column = e.parentElement.getBoundingClientRect();
            return { tag: e.tagName, ratio: e.getAttribute("width") / e.getAttribute("height"), shown: box.width / box.height, right: box.right, columnRight: column.right };
          }),
        }));
        if (!(layout.paddingTop >= 8)) { problems.push(`${url} (${size.name}, ${scheme}): <main> has padding-top ${layout.paddingTop}px`); }
        // Regression: the theme's letter-spacing (kickers, headings in capitals) pulled joined
        // Arabic letters apart, and quotations and credits were slanted by a synthetic italic in
        // Arabic and Korean, which have none.
        if (size.name === "desktop" && scheme === "light") {
          const script = await page.evaluate(() => {
            const found = [];
            for (const e of document.querySelectorAll("body *")) {
              const lang = (e.closest("[lang]")?.lang || "").split("-")[0];
              if (!["ar", "fa", "ur", "ko"].includes(lang) || ![...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) { continue; }
              const style = getComputedStyle(e);
              if (lang !== "ko" && !["normal", "0px"].includes(style.letterSpacing)) { found.push(`${e.tagName}.${e.className} letter-spacing ${style.letterSpacing}`); }
              if (style.fontStyle === "italic" && !["EM", "I", "CITE"].includes(e.tagName)) { found.push(`${e.tagName}.${e.className} italic`); }
            }
            return [...new Set(found)].slice(0, 5);
          });
          for (const s of script) { problems.push(`${url}: ${s}`); }
        }
        // A phone with its text at 200 % (Android's font scale; reader probe): still no sideways
        // scroll (the order switch, an author's links, the archive's months did).
        if (size.name === "phone375" && scheme === "light") {
          const cdp = await context.newCDPSession(page);
          await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32, fixed: 26 } });
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (wide > 0) { problems.push(`${url} (phone375, text at 200 %): scrolls sideways by ${wide}px`); }
          await cdp.send("Page.setFontSizes", { fontSizes: { standard: 16, fixed: 13 } });
          await cdp.detach();
        }
        // Printed (reader probe): paper is white even from a dark screen (the dark scheme's pale
        // accent printed at 2:1), what only a screen can use is left out, and a heading stays
        // with what follows it.
        if (size.name === "desktop" && scheme === "dark") {
          await page.emulateMedia({ media: "print" });
          const printed = await page.evaluate(() => {
            const found = [];
            const pen = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
            const rgb = (colour) => {
              pen.fillStyle = "#fff";
              pen.fillRect(0, 0, 1, 1);
              pen.fillStyle = colour;
              pen.fillRect(0, 0, 1, 1);
              return [...pen.getImageData(0, 0, 1, 1).data].slice(0, 3);
            };
            const luminance = (channels) => {
              const [r, g, b] = channels.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            for (const e of document.querySelectorAll("main *")) {
              if (e.offsetParent === null || ![...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) { continue; }
              const contrast = 1.05 / (luminance(rgb(getComputedStyle(e).color)) + 0.05);
              if (contrast < 4.5) { found.push(`${e.tagName}.${e.className} prints at ${contrast.toFixed(1)}:1 on white`); }
            }
            for (const selector of [".language-switch", ".order", ".search-form", ".topic-links"]) {
              const e = document.querySelector(selector);
              if (e && e.offsetParent !== null) { found.push(`${selector} is printed`); }
            }
            const heading = document.querySelector("main h2");
            if (heading && getComputedStyle(heading).breakAfter !== "avoid") { found.push("a heading may end a printed page, apart from its text"); }
            return [...new Set(found)].slice(0, 5);
          });
          for (const p of printed) { problems.push(`${url} (print, from a dark screen): ${p}`); }
          await page.emulateMedia({ media: null });
        }
        // Desktop list pages (a topic, a tag, an archive month, search) use the width they have:
        // their content reaches the right part of the column, not only its left 60 % (issue 13).
        if (size.name === "desktop" && /\/(topics\/[^/]+|tags\/[^/]+|archive\/\d{4}\/\d{2}|search)\/$/.test(new URL(url).pathname)) {
          const used = await page.evaluate(() => {
            const main = document.querySelector("main").getBoundingClientRect();
            const right = Math.max(...[...document.querySelectorAll("main *")].map((e) => e.getBoundingClientRect().right));
            return (right - main.left) / main.width;
          });
          if (!(used >= 0.85)) { problems.push(`${url} (desktop, ${scheme}): the content uses only ${(used * 100).toFixed(0)} % of the column`); }
        }
        for (const e of layout.embeds) {
          if (e.right > e.columnRight + 0.5) { problems.push(`${url} (${size.name}): an ${e.tag} sticks out of its column`); }
          if (Math.abs(e.shown - e.ratio) > 0.02 * e.ratio) { problems.push(`${url} (${size.name}): an ${e.tag} is shown at ${e.shown.toFixed(2)}:1, not ${e.ratio.toFixed(2)}:1`); }
        }
        // axe once per page and scheme, at phone and desktop widths.
        if (size.name !== "phone320") {
          await page.addScriptTag({ content: axeSource });
          const result = await page.evaluate(async (runTags) => {
            const r = await window.axe.run(document, { runOnly: { type: "tag", values: runTags } });
            return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
          }, tags);
          for (const v of result) { problems.push(`${url} (${size.name}, ${scheme}): ${v}`); }
        }
        // The timeline's order switch works without JavaScript (CSS only).
        if (size.name === "desktop" && scheme === "light" && await page.$("#order-newest")) {
          const firstTitle = () => page.evaluate(() => {
            const entries = [...document.querySelectorAll(".entry")];
            entries.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
            return entries[0].querySelector(".entry-title").textContent;
          });
          // ... and Tab follows the order shown (reader probe: it went to the oldest entry, at the
          // bottom, and up, while the screen showed newest first).
          const firstTabbed = async () => {
            await page.focus("#order-newest");
            for (let i = 0; i < 300; i++) {
              await page.keyboard.press("Tab");
              const title = await page.evaluate(() => {
                const entry = document.activeElement && document.activeElement.closest(".timeline .entry");
                return entry ? entry.querySelector(".entry-title").textContent : null;
              });
              if (title !== null) { return title; }
            }
            return null;
          };
          if (!(await page.evaluate(() => CSS.supports("reading-flow", "flex-visual")))) {
            problems.push(`${url}: this Chromium has no CSS reading-flow (Chromium 137 and later): the Tab order of a reversed timeline cannot be checked`);
          }
          const oldest = await firstTitle();
          await page.click("label[for=order-newest]");
          const newest = await firstTitle();
          const tabbed = await firstTabbed();
          await page.click("label[for=order-oldest]");
          if (oldest === newest) { problems.push(`${url}: "Newest first" does not change the order`); }
          if (tabbed !== newest) {
            problems.push(`${url}: newest first, Tab reaches ${tabbed} first, not ${newest}, the entry shown first`);
          }
        }
        if (shots && (size.name === "phone375" || size.name === "desktop")) {
          const name = new URL(url).pathname.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
          await page.screenshot({ path: path.join(shots, `${name}-${size.name}-${scheme}.png`), fullPage: size.name === "phone375" });
        }
        checked++;
      }
      await context.close();
    }
  }
} catch (e) {
  problems.push(`error: ${e.message}`);
} finally {
  await browser.close();
}
for (const p of problems) { console.log(p); }
console.log(`layout_e2e: ${problems.length === 0 ? "OK" : "FAIL"} ${checked} page views, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
