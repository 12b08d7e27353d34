// Editions in headless Chromium (issue 14). Pages (the editions list, an edition's page, the home
// page): at phone widths (320 and 375 px) and on a desktop, in light and dark mode, no sideways
// scroll and axe-core finds no WCAG 2.2 AA violation; an edition page shows its sections, its items
// each with a kicker (topic or outlet), a title and a date or "Outside link", and its
// previous/next links answer; the home page's latest edition links to an edition. Emails (every
// URL ending in email.html): rendered at 600 px and at 375 px, in light and dark mode, the page
// does not scroll sideways, the 600 px column fits the window and is at most 600 px wide, the
// text stays at least 12 px, and there is no script and no link that is not absolute.
// With SHOTS=dir it saves edition-desktop.png (the first edition page, 1280 × 900) and
// edition-email.png (its email, 600 px wide) there, for the README.
// Usage: node editions_e2e.mjs URL [URL...]   (URLs ending in email.html are emails)
import path from "node:path";
import fs from "node:fs";
import { axeSource as readAxe, launchChromium } from "./chromium.mjs";
const axeSource = readAxe();

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error("usage: node editions_e2e.mjs URL [URL...]");
  process.exit(2);
}
const emails = urls.filter((u) => /\/email\.html$/.test(new URL(u).pathname));
const pages = urls.filter((u) => !emails.includes(u));
const isEdition = (u) => /\/editions\/[^/]+\/$/.test(new URL(u).pathname);
const shots = process.env.SHOTS;
const pageSizes = [
  { name: "phone320", width: 320, height: 740 },
  { name: "phone375", width: 375, height: 812 },
  { name: "desktop", width: 1280, height: 900 },
];
const emailSizes = [
  { name: "email600", width: 600, height: 1200 },
  { name: "phone375", width: 375, height: 812 },
];
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const browser = await launchChromium();
const problems = [];
let pageViews = 0;
let emailViews = 0;
const sideways = () => document.documentElement.scrollWidth - window.innerWidth;

try {
  for (const scheme of ["light", "dark"]) {
    for (const size of pageSizes) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme });
      const page = await context.newPage();
      for (const url of pages) {
        const at = `${url} (${size.name}, ${scheme})`;
        const response = await page.goto(url, { waitUntil: "load" });
        if (!response || response.status() >= 400) { problems.push(`${at}: HTTP ${response?.status()}`); continue; }
        const overflow = await page.evaluate(sideways);
        if (overflow > 0) { problems.push(`${at}: scrolls sideways by ${overflow}px`); }
        if (size.name !== "phone320") {
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async (runTags) => {
            const r = await window.axe.run(document, { runOnly: { type: "tag", values: runTags } });
            return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
          }, tags);
          for (const v of violations) { problems.push(`${at}: ${v}`); }
        }
        // What the pages say: once per page, in light mode on a desktop.
        if (size.name === "desktop" && scheme === "light") {
          const pathname = new URL(url).pathname;
          if (pathname.endsWith("/editions/")) {
            const list = await page.evaluate(() => ({
              months: document.querySelectorAll(".edition-month h2").length,
              cards: [...document.querySelectorAll(".edition-card")].map((c) => ({
                link: !!c.querySelector("h3 a[href]"), date: !!c.querySelector(".meta time[datetime]"),
              })),
            }));
            if (list.months === 0) { problems.push(`${url}: no month headings`); }
            if (list.cards.length === 0) { problems.push(`${url}: no edition cards`); }
            list.cards.forEach((c, i) => {
              if (!c.link || !c.date) { problems.push(`${url}: edition card ${i + 1} lacks its link or date`); }
            });
          } else if (isEdition(url)) {
            const edition = await page.evaluate(() => ({
              title: document.querySelector("h1")?.textContent.trim(),
              email: document.querySelector(".edition-meta a[href$='email.html']")?.href,
              items: [...document.querySelectorAll(".edition-item")].map((li) => ({
                kind: li.classList.contains("edition-item-link") ? "link" : "article",
                kicker: li.querySelector(".card-kicker")?.textContent.trim(),
                title: !!li.querySelector("h3 a[href]"),
                meta: li.querySelector(".meta")?.textContent.trim(),
                time: !!li.querySelector(".meta time[datetime]"),
              })),
              nav: [...document.querySelectorAll(".edition-nav a[href]")].map((a) => a.href),
              // Each label's arrow, and which way it should point: outward, to the side its link
              // stands on (the previous edition's on the right, right to left).
              arrows: [...document.querySelectorAll(".edition-nav-label")].map((label) => {
                const prev = !!label.closest(".edition-nav-prev");
                const rtl = getComputedStyle(label).direction === "rtl";
                const arrow = getComputedStyle(label, prev ? "::before" : "::after").content;
                return { arrow, wanted: prev === rtl ? "→" : "←" };
              }),
            }));
            edition.arrows.forEach((a) => {
              if (!a.arrow.includes(a.wanted)) { problems.push(`${url}: a previous/next arrow is ${a.arrow}, not ${a.wanted}`); }
            });
            if (!edition.title) { problems.push(`${url}: no title`); }
            if (!edition.email) { problems.push(`${url}: no link to its email`); }
            if (edition.items.length === 0) { problems.push(`${url}: no items`); }
            edition.items.forEach((item, i) => {
              if (!item.title) { problems.push(`${url}: item ${i + 1} has no linked title`); }
              if (!item.kicker) { problems.push(`${url}: item ${i + 1} has no topic or outlet`); }
              if (item.kind === "article" && !item.time) { problems.push(`${url}: article item ${i + 1} has no date`); }
              if (item.kind === "link" && item.meta !== "Outside link") { problems.push(`${url}: link item ${i + 1} does not say it leaves the site`); }
            });
            for (const href of edition.nav) {
              const r = await page.request.get(href);
              if (r.status() >= 400) { problems.push(`${url}: previous/next link ${href} answers ${r.status()}`); }
            }
          } else if (pathname.endsWith("/") && !pathname.includes("/editions/")) {
            const promo = await page.evaluate(() => document.querySelector(".edition-promo h3 a")?.getAttribute("href"));
            if (promo !== undefined && promo !== null && !/\/editions\/[^/]+\/$/.test(promo)) { problems.push(`${url}: the latest edition links to ${promo}`); }
          }
        }
        if (shots && size.name === "desktop" && scheme === "light" && isEdition(url) && !fs.existsSync(path.join(shots, "edition-desktop.png"))) {
          await page.screenshot({ path: path.join(shots, "edition-desktop.png") });
        }
        pageViews++;
      }
      await context.close();
    }
    for (const size of emailSizes) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme, javaScriptEnabled: true });
      const page = await context.newPage();
      for (const url of emails) {
        const at = `${url} (${size.name}, ${scheme})`;
        const response = await page.goto(url, { waitUntil: "load" });
        if (!response || response.status() >= 400) { problems.push(`${at}: HTTP ${response?.status()}`); continue; }
        const overflow = await page.evaluate(sideways);
        if (overflow > 0) { problems.push(`${at}: scrolls sideways by ${overflow}px`); }
        const email = await page.evaluate(() => {
          const frame = document.querySelector("table table") || document.body;
          const box = frame.getBoundingClientRect();
          const texts = [...document.querySelectorAll("h1, h2, h3, p, td")].filter((e) => e.offsetParent !== null && e.textContent.trim());
          return {
            frameLeft: box.left, frameRight: box.right, frameWidth: box.width,
            smallest: Math.min(...texts.map((e) => parseFloat(getComputedStyle(e).fontSize))),
            scripts: document.querySelectorAll("script").length,
            relative: [...document.querySelectorAll("a[href], img[src]")].map((e) => e.getAttribute("href") ?? e.getAttribute("src")).filter((u) => !/^(https?:\/\/|mailto:)/.test(u)),
            preheaderHidden: (() => { const p = document.querySelector(".preheader"); return !!p && getComputedStyle(p).display === "none"; })(),
          };
        });
        if (email.frameLeft < 0 || email.frameRight > size.width + 0.5) { problems.push(`${at}: the column (${email.frameLeft}–${email.frameRight}px) does not fit the window`); }
        if (email.frameWidth > 600.5) { problems.push(`${at}: the column is ${email.frameWidth}px wide, over 600`); }
        if (email.smallest < 11) { problems.push(`${at}: text as small as ${email.smallest}px`); }
        if (email.scripts) { problems.push(`${at}: has a <script>`); }
        for (const u of email.relative) { problems.push(`${at}: a link or image is not absolute: ${u}`); }
        if (!email.preheaderHidden) { problems.push(`${at}: no hidden preheader`); }
        // Reader probe: the kickers' topic links were targets too small and too close to the
        // headline under them to tap (WCAG 2.2's target size, as axe checks it).
        await page.addScriptTag({ content: axeSource });
        const small = await page.evaluate(async () => {
          const r = await window.axe.run(document, { runOnly: { type: "rule", values: ["target-size"] } });
          return r.violations.flatMap((v) => v.nodes.map((n) => n.target.join(" "))).slice(0, 3);
        });
        for (const t of small) { problems.push(`${at}: a link too small to tap: ${t}`); }
        if (shots && size.name === "email600" && scheme === "light" && !fs.existsSync(path.join(shots, "edition-email.png"))) {
          await page.screenshot({ path: path.join(shots, "edition-email.png") });
        }
        emailViews++;
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
console.log(`editions_e2e: ${problems.length === 0 ? "OK" : "FAIL"} ${pageViews} page views, ${emailViews} email views, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
