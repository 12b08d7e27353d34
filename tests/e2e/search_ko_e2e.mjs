// End-to-end check of a multi-language site's Korean search page in headless Chromium (issue 17):
// /ko/search/ reads the Korean index, finds a Korean word in the Korean briefings, lists no English
// one, and speaks Korean; the English search page does not find it.
// Usage: node search_ko_e2e.mjs SITE_URL
import { launchChromium, searchSettled, searchesStarted } from "./chromium.mjs";

const site = process.argv[2];
if (!site) {
  console.error("usage: node search_ko_e2e.mjs SITE_URL");
  process.exit(2);
}

const browser = await launchChromium();
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  const titles = () => page.$$eval("#search-results h2 a", (links) => links.map((a) => a.textContent));
  // Types `query` and waits for its whole answer (passages too): never an earlier search's.
  const typed = async (query) => {
    const before = await searchesStarted(page);
    await page.fill("#search-q", query);
    await searchSettled(page, before, query);
    return titles();
  };

  await page.goto(new URL("ko/search/", site).toString());
  if ((await page.getAttribute("html", "lang")) !== "ko") { throw new Error("the Korean search page is not lang=ko"); }
  const found = await typed("조약");
  if (!found.some((t) => t.includes("상호 방위 조약"))) { throw new Error(`조약 did not find the pact: ${found.join(" | ")}`); }
  if (found.some((t) => /[A-Za-z]{4}/.test(t))) { throw new Error(`the Korean search listed an English title: ${found.join(" | ")}`); }
  const links = await page.$$eval("#search-results h2 a", (as) => as.map((a) => a.getAttribute("href")));
  if (!links.every((href) => href.includes("/ko/"))) { throw new Error(`a result leads out of Korean: ${links.join(" ")}`); }
  const status = await page.textContent("#search-status");
  if (!/[\uac00-\ud7a3]/.test(status)) { throw new Error(`the result count is not in Korean: ${status}`); }
  console.log(`ko: 조약 found ${found.length}: ${found.join(" | ")}; status "${status.trim()}"`);

  // A word only a body has: its result shows the body's passage, marked, about half as many
  // characters as a Latin passage.
  await typed("소련사");
  // Run in the page: the pact's excerpt, or (`marked`) whether it has the passage with a mark.
  const excerpt = (marked) => {
    const li = [...document.querySelectorAll("#search-results li")]
      .find((l) => l.querySelector("h2").textContent.includes("상호 방위 조약"));
    const p = li && li.querySelector(".search-excerpt");
    const text = p ? p.textContent : "";
    return marked ? text.includes("소련사 연구자") && !!p.querySelector("mark") : text;
  };
  const shown = await page.evaluate(excerpt, true);
  const passage = await page.evaluate(excerpt, false);
  if (!shown || passage.length > 150) { throw new Error(`소련사: the body's passage is not shown: ${passage}`); }
  console.log(`ko: 소련사 shows "${passage}"`);

  // Regression: one syllable typed (곳) matched the pair 에서 through 곳에서, so four briefings
  // without 곳 were listed, 에서-words marked. Only the briefing that has 곳 is.
  const syllable = await typed("곳");
  if (syllable.length !== 1) { throw new Error(`곳 listed ${syllable.length}: ${syllable.join(" | ")}`); }
  const marks = await page.$$eval("#search-results mark", (ms) => ms.map((m) => m.textContent));
  if (marks.some((m) => !m.includes("곳"))) { throw new Error(`곳 marked other words: ${marks.join(", ")}`); }
  console.log(`ko: 곳 found ${syllable.join(" | ")}`);

  await page.goto(new URL("search/", site).toString());
  const english = await typed("조약");
  const said = await page.textContent("#search-status");
  if (!/No briefings match/.test(said)) { throw new Error(`the English search did not answer: ${said}`); }
  if (english.length !== 0) { throw new Error(`the English search found 조약: ${english.join(" | ")}`); }
  console.log("en: 조약 found nothing");
  if (errors.length) { throw new Error(`page errors: ${errors.join("; ")}`); }
} catch (e) {
  failed = true;
  console.error(`search_ko_e2e: FAIL ${e.message}`);
} finally {
  await browser.close();
}
if (!failed) { console.log("search_ko_e2e: OK"); }
process.exit(failed ? 1 : 0);
