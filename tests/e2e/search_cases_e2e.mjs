// The /search/ page's regressions in headless Chromium, one case a run, each guarding one thing a
// reader saw go wrong (tests/it/search.rs runs each case as a test of its own name).
// Usage: node search_cases_e2e.mjs SITE_URL CASE
import { launchChromium, searchSettled, searchesStarted, searchShownMore } from "./chromium.mjs";

import { execFileSync } from "node:child_process";
import { readdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

// next_deploy also takes the gazette binary and the site's folder, to build it again.
const [site, name, gazette, siteDir] = process.argv.slice(2);

/// Opens `path` (under the site) and waits until its search is done, passages read; returns
/// what the results show: status, titles, marked words, excerpts.
async function open(page, path) {
  await page.goto(new URL(path, site).toString());
  return settled(page);
}

/// What the results show once a search after the `after`th (of `query`, when given) is done.
async function settled(page, after = 0, query = undefined) {
  await searchSettled(page, after, query);
  return shown(page);
}

/// Types `query` into the box (as one edit) and returns its whole answer.
async function typed(page, query) {
  const before = await searchesStarted(page);
  await page.fill("#search-q", query);
  return settled(page, before, query);
}

function shown(page) {
  return page.evaluate(() => ({
    status: document.querySelector("#search-status").textContent,
    titles: [...document.querySelectorAll("#search-results h2 a")].map((a) => a.textContent),
    marks: [...document.querySelectorAll("#search-results mark")].map((m) => m.textContent),
    excerpts: [...document.querySelectorAll("#search-results .search-excerpt")].map((p) => p.textContent),
  }));
}

function expect(what, ok, found) {
  if (!ok) { throw new Error(`${what}: ${JSON.stringify(found)}`); }
  console.log(`ok: ${what}`);
}

const cases = {
  // Regression: a new query with the same count as the last (`sanc`, then `sanctions`) left the
  // status line's text as it was, which a screen reader does not announce again.
  async same_count_said_again(page) {
    await open(page, "search/?q=sanctions");
    // What the live region says (the status line only shows it: session 32).
    const first = await page.evaluate(() => document.querySelector("#search-heard").textContent);
    const second = (await typed(page, "sanctioned")).status;
    const heard = await page.waitForFunction((before) => {
      const now = document.querySelector("#search-heard").textContent;
      return now !== before && now;
    }, first, { timeout: 5000 }).then((h) => h.jsonValue()).catch(() => first);
    expect("the same count is said anew", first.trim() === second.trim() && heard.trim() === second.trim() && first !== heard,
      [first, heard, second]);
  },
  // Regression: a number typed as a prefix came in through the forms of the key 년 (2000년,
  // 2022년, 24년), so `2000` listed every Korean briefing; `7월` was 월 alone, every month.
  async korean_numbers(page) {
    const year = await open(page, "ko/search/?q=2000");
    expect("2000 lists the two briefings that have it", year.titles.length === 2, year);
    expect("2000 marks 2000년 only", year.marks.length > 0 && year.marks.every((m) => m === "2000년"), year.marks);
    const month = await open(page, "ko/search/?q=7%EC%9B%94");
    expect("7월 lists July's briefings only", month.titles.length === 2 &&
      month.excerpts.every((e) => !/(^|[^0-9])[26]월/.test(e) || e.includes("7월")), month);
    expect("7월 marks July only", month.marks.every((m) => m.startsWith("7월")), month.marks);
  },
  // Regression: every pair of characters of a Korean word was required, so a particle the site
  // never writes after that word (조약을: 약을), or a space left out (상호방위: 호방), found nothing.
  async korean_particles(page) {
    for (const [word, stem] of [["조약을", "조약"], ["북한과", "북한"], ["상호방위", "상호 방위"]]) {
      const withParticle = await open(page, `ko/search/?q=${encodeURIComponent(word)}`);
      const bare = await open(page, `ko/search/?q=${encodeURIComponent(stem)}`);
      expect(`${word} finds what ${stem} finds`, withParticle.titles.length > 0 &&
        withParticle.titles.length === bare.titles.length, [withParticle.titles, bare.titles]);
    }
    // Regression (review): a word given again with a particle lost its stem to the dedup, so
    // the particle's pair became required and `조약 조약을` found nothing.
    const again = await open(page, `ko/search/?q=${encodeURIComponent("조약 조약을")}`);
    const alone = await open(page, `ko/search/?q=${encodeURIComponent("조약을")}`);
    expect("조약 조약을 finds what 조약을 finds", again.titles.length > 0 &&
      again.titles.length === alone.titles.length, [again.titles, alone.titles]);
    const joined = await open(page, `ko/search/?q=${encodeURIComponent("상호방위")}`);
    expect("상호방위 ranks the pact first", joined.titles[0].includes("상호 방위 조약"), joined.titles);
    const phrase = await open(page, `ko/search/?q=${encodeURIComponent('"상호 방위"')}`);
    const reversed = await open(page, `ko/search/?q=${encodeURIComponent('"방위 상호"')}`);
    expect("the phrase \"상호 방위\" still matches in order only", phrase.titles.length > 0 &&
      reversed.titles.length === 0, [phrase.titles, reversed.status]);
  },
  // Regression: a phrase of three words was matched pair by pair, so briefings with "visit to"
  // and "to Pyongyang" apart were listed above the one with the phrase, "to" marked alone.
  async long_phrases(page) {
    const visit = await open(page, `search/?q=${encodeURIComponent('"visit to Pyongyang"')}`);
    expect("\"visit to Pyongyang\" lists only the briefing that has it",
      visit.titles.length === 1 && visit.titles[0].startsWith("A luxury car"), visit.titles);
    expect("the phrase is marked whole, never its words alone",
      visit.marks.length > 0 && visit.marks.every((m) => /^visit to pyongyang$/i.test(m)), visit.marks);
    const pact = await open(page, `search/?q=${encodeURIComponent('"mutual defence pact"')}`);
    expect("\"mutual defence pact\" leaves out a briefing with \"defence pact\" apart",
      pact.titles.length > 0 && !pact.titles.some((t) => t.includes("Vietnam")), pact.titles);
  },
  // Regression: a topic or outlet the site lacks in a shared address was dropped silently, the
  // select left blank, so the reader believed the results filtered; a slug in capitals too.
  async unknown_filters(page) {
    const notice = () => page.evaluate(() => document.querySelector("#search-status").previousElementSibling.textContent);
    const select = () => page.evaluate(() => [document.querySelector("#search-topic").selectedIndex,
      document.querySelector("#search-outlet").selectedIndex]);
    const all = await open(page, "search/?q=oil");
    const bogus = await open(page, "search/?q=oil&topic=bogus-topic&outlet=bogus-outlet");
    const said = await notice();
    expect("an unknown topic and outlet are said", said.includes("No topic “bogus-topic”") &&
      said.includes("No outlet “bogus-outlet”"), said);
    expect("their selects show all topics and outlets", `${await select()}` === "0,0", await select());
    expect("the results are all the word's", bogus.titles.length === all.titles.length, bogus.titles);
    const upper = await open(page, "search/?q=oil&topic=SANCTIONS&outlet=tass");
    expect("a topic in capitals is the topic", await page.inputValue("#search-topic") === "sanctions" &&
      upper.titles.length > 0 && upper.titles.length < all.titles.length, upper.titles);
    expect("an outlet in another case is the outlet", await page.inputValue("#search-outlet") === "TASS", await notice());
    await open(page, `ko/search/?q=${encodeURIComponent("북한")}&topic=sanctions`);
    expect("the Korean page says it in Korean", (await notice()).includes("“sanctions” 토픽은 없습니다"), await notice());
    // Regression (search probe): a day that is no date (`from=garbage`) was dropped unsaid, the
    // date box warning in the console.
    const garbage = await open(page, "search/?q=oil&from=garbage&to=2024-13-99x");
    expect("a day that is no date is said", (await notice()).includes("“garbage” is no date") &&
      (await notice()).includes("“2024-13-99x” is no date"), await notice());
    expect("and left out", await page.inputValue("#search-from") === "" &&
      garbage.titles.length === all.titles.length, garbage.titles);
    // Regression (scale probe): a day with the shape of one that the calendar lacks was dropped
    // unsaid.
    const impossible = await open(page, "search/?q=oil&from=2024-02-30&to=2024-02-29");
    expect("a day the calendar lacks is said", (await notice()).includes("“2024-02-30” is no date") &&
      !(await notice()).includes("2024-02-29"), await notice());
    expect("and left out, the real day kept", await page.inputValue("#search-from") === "" &&
      await page.inputValue("#search-to") === "2024-02-29", impossible.titles);
  },
  // Regression (scale probe): a one-letter query given whole (Enter, a shared address) showed
  // no status at all, as while a first letter is being typed.
  async one_letter_given_whole(page) {
    const shared = await open(page, "search/?q=a");
    expect("a shared one-letter query is answered", shared.status.trim() === "No briefings match.", shared);
    await page.fill("#search-q", "");
    const before = await page.evaluate(() => Number(document.querySelector("#search-results").getAttribute("data-started") || 0));
    await page.fill("#search-q", "o");
    const typed = await settled(page, before, "o");
    expect("a first letter being typed is not", typed.status.trim() === "", typed);
    const enter = await page.evaluate(() => Number(document.querySelector("#search-results").getAttribute("data-started") || 0));
    await page.press("#search-q", "Enter");
    const entered = await settled(page, enter, "o");
    expect("a letter given with Enter is", entered.status.trim() === "No briefings match.", entered);
  },
  // Regression: a filter without words (?topic=sanctions, or a topic chosen before typing)
  // showed nothing at all; it lists the filter's briefings, newest first.
  async filter_without_words(page) {
    const topic = await open(page, "search/?topic=sanctions");
    const dates = await page.evaluate(() => [...document.querySelectorAll("#search-results .meta")].map((p) => p.textContent));
    expect("?topic=sanctions lists the topic's briefings", topic.titles.length > 0 &&
      topic.titles.some((t) => t.startsWith("Cheap Russian oil")) && /match/.test(topic.status), topic);
    expect("each of them in the topic", dates.every((d) => d.includes("Sanctions")), dates);
    const word = await open(page, "search/?q=the&topic=sanctions");
    expect("as many as a word every briefing has finds there", word.titles.length === topic.titles.length, word.titles);
    await typed(page, "");
    const before = await searchesStarted(page);
    await page.selectOption("#search-topic", "");
    const none = await settled(page, before);
    expect("no filter and no words lists nothing", none.titles.length === 0, none);
  },
  // Regression: after "More results" the focus fell to <body> (the button hides itself), and
  // Escape on a result did nothing.
  async focus_after_more(page) {
    const first = await open(page, "search/?q=the");
    expect("the first page shows 10", first.titles.length === 10, first.titles);
    await page.focus("#search-more");
    await page.keyboard.press("Enter");
    await searchShownMore(page, 10);
    const focused = await page.evaluate(() => [document.activeElement.textContent,
      [...document.querySelectorAll("#search-results h2 a")].indexOf(document.activeElement)]);
    expect("the focus is on the first result added", focused[1] === 10, focused);
    await page.keyboard.press("Escape");
    expect("Escape goes back to the box", await page.evaluate(() => document.activeElement.id) === "search-q",
      await page.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));
  },
  // Regression: without JavaScript the search box and its filters showed, and a search sent
  // from them did nothing; they are hidden then, and the page points to the topics and archive.
  async without_javascript(page) {
    const context = await page.context().browser().newContext({ javaScriptEnabled: false });
    try {
      const plain = await context.newPage();
      await plain.goto(new URL("search/?q=oil", site).toString());
      expect("the form is hidden", !(await plain.isVisible("#search-form")), await plain.content());
      const links = await plain.evaluate(() => [...document.querySelectorAll("main a")]
        .filter((a) => a.offsetParent !== null).map((a) => a.getAttribute("href")));
      expect("the topics, tags and archive are linked", ["topics/", "tags/", "archive/"]
        .every((end) => links.some((href) => href.endsWith(end))), links);
      // Reader probe: the note began at the foot of a phone's screen, under the room kept for
      // results no script would show. It is right under the heading, on a 375 × 667 screen.
      await plain.setViewportSize({ width: 375, height: 667 });
      const note = await plain.evaluate(() => {
        const link = [...document.querySelectorAll("main a")].find((a) => a.getAttribute("href").endsWith("topics/"));
        const heading = document.querySelector("main h1").getBoundingClientRect();
        return { top: link.getBoundingClientRect().top, under: heading.bottom };
      });
      expect("the note is right under the heading", note.top < note.under + 120 && note.top < 400, note);
      // ... and the 404 page offers no search box that leads there.
      await plain.goto(new URL("404.html", site).toString());
      expect("the 404 page's search box is hidden", !(await plain.isVisible(".not-found-search")), "");
    } finally {
      await context.close();
    }
    await open(page, "search/?q=oil");
    expect("with JavaScript the form shows", await page.isVisible("#search-form"), "");
  },
  // Regression: a word the site never spells was found as another word plus an ending that
  // changes its meaning: `statement` as state+ment (13 briefings), `treaties` as treat+ies (a
  // briefing with "treating"), `reporter` as report+er.
  async endings(page) {
    for (const word of ["statement", "basement", "reporter"]) {
      const found = await open(page, `search/?q=${word}%20`);
      expect(`${word} finds nothing`, found.titles.length === 0, found);
    }
    const treaties = await open(page, "search/?q=treaties%20");
    expect("treaties finds the treaty, not treating", treaties.titles.length > 0 &&
      treaties.marks.every((m) => /^treat(y|ies)(['’]s)?$/i.test(m)), treaties.marks);
    const negotiations = await open(page, "search/?q=negotiations%20");
    expect("negotiations still finds negotiation", negotiations.titles.length > 0 &&
      negotiations.marks.some((m) => /^negotiation$/i.test(m)), negotiations);
  },
  // Regression (search probe N9): `don't` marked `don` and left `'t` out; a possessive was
  // marked up to its apostrophe.
  async apostrophes(page) {
    for (const query of ["Russia's%20", "Russia%20"]) {
      const found = await open(page, `search/?q=${query}`);
      expect(`${query} marks Russia's whole`, found.marks.some((m) => /^Russia['’]s$/.test(m)), found.marks);
    }
  },
  // Regression (search probe N2): `o*`, a one-letter prefix asked for with its star, found
  // nothing; a letter typed alone still looks up nothing.
  async one_letter_prefix(page) {
    const star = await open(page, "search/?q=o*");
    expect("o* lists briefings", star.titles.length > 0, star);
    expect("o* marks words that start with o", star.marks.length > 0 && star.marks.every((m) => /^o/i.test(m)), star.marks);
    const bare = await open(page, "search/?q=o");
    expect("o alone is no search", bare.titles.length === 0, bare);
  },
  // Regression (search probe N5): an outlet's name typed as words found only the briefings whose
  // text names it; it finds those that cite it too, with the outlet marked in the result's line.
  async outlet_words(page) {
    const tass = await open(page, "search/?q=TASS%20");
    expect("TASS lists every briefing citing it", tass.titles.length >= 5, tass);
    const lines = await page.evaluate(() => [...document.querySelectorAll("#search-results .meta mark")].map((m) => m.textContent));
    expect("the outlet is marked in the result's line", lines.includes("TASS"), lines);
  },
  // Regression (search probe): a quoted phrase was found and marked across a sentence's end
  // (`"sanctions that"` marked "sanctions. That") and from a heading into its paragraph
  // (`"now set"`: "Why now" / "Set against…", shown "now — Set").
  async phrase_within_a_sentence(page) {
    for (const q of ['"sanctions that"', '"now set"']) {
      const found = await open(page, `search/?q=${encodeURIComponent(q)}`);
      expect(`${q} marks nothing across a sentence's or a heading's end`,
        found.marks.every((m) => !/[.!?;:—]/.test(m)), found);
    }
    const real = await open(page, `search/?q=${encodeURIComponent('"mutual defence"')}`);
    expect("a phrase within a sentence is still found", real.titles.length > 0, real);
  },
  // Regression (search probe): `U.S.` and `U.N.` said "No briefings match." (their letters
  // alone are no words), where the sample writes `US` and `UN`: initials are one word.
  async initials(page) {
    for (const [dotted, bare] of [["U.S.", "US"], ["U.N.", "UN"]]) {
      const withDots = await open(page, `search/?q=${encodeURIComponent(dotted)}`);
      const without = await open(page, `search/?q=${encodeURIComponent(bare)}`);
      expect(`${dotted} finds what ${bare} finds`, withDots.titles.length > 0 &&
        withDots.titles.join() === without.titles.join(), [withDots, without.titles]);
    }
  },
  // Regression (search probe): a topic's name in a result's line was marked where the query's
  // words stood in it, though topics' names are not searched (a topic is a filter): `weapons
  // programme` marked the topic "North Korea's weapons programme" of the one briefing it finds.
  async topic_not_marked(page) {
    const found = await open(page, "search/?q=weapons%20programme");
    const line = await page.evaluate(() => [...document.querySelectorAll("#search-results .meta")].map((p) => p.textContent));
    const marks = await page.evaluate(() => [...document.querySelectorAll("#search-results .meta mark")].map((m) => m.textContent));
    expect("the line names the topic", found.titles.length > 0 && line.some((l) => /weapons programme/i.test(l)), [found, line]);
    expect("and marks none of it", marks.length === 0, marks);
  },
  // Regression: a number typed last was a prefix (`June 19` marked 1990s), and `24년` came in
  // through the forms of the key 24, with a briefing that has only 24일.
  async numbers_whole(page) {
    const june = await open(page, "search/?q=June%2019");
    expect("19 is not 1990s", june.titles.length > 0 && !june.marks.some((m) => /^199/.test(m)), june.marks);
    const years = await open(page, `ko/search/?q=${encodeURIComponent("24년")}`);
    expect("24년 lists the two briefings that have it", years.titles.length === 2, years);
    expect("24년 marks 24년 only", years.marks.length > 0 && years.marks.every((m) => m.startsWith("24년")), years.marks);
  },
  // Regression: typing Korean through an input method searched each half-made syllable
  // (ㅂ, 북ㅎ, 북하), saying "no briefings match" between syllables and emptying the list.
  async ime(page) {
    await page.goto(new URL("ko/search/", site).toString());
    await page.focus("#search-q");
    await page.evaluate(() => {
      window.said = [];
      new MutationObserver(() => window.said.push(document.querySelector("#search-status").textContent))
        .observe(document.querySelector("#search-status"), { childList: true, characterData: true, subtree: true });
    });
    const cdp = await page.context().newCDPSession(page);
    // Each step is given more than the box's 120 ms pause before a search would start.
    for (const text of ["ㅂ", "부", "북", "북ㅎ", "북하", "북한"]) {
      await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
      await page.waitForTimeout(250);
    }
    const composing = await page.evaluate(() => window.said);
    const begun = await searchesStarted(page);
    expect("nothing is searched while a syllable is composed", composing.length === 0 && begun === 0, [composing, begun]);
    await cdp.send("Input.insertText", { text: "북한" });
    const done = await settled(page, 0, "북한");
    expect("the word composed is searched", done.titles.length > 0, done);
  },
  // Regression: a Korean phrase as a reader types it found nothing where the text adds a
  // particle to its last word (`"동반자 협정"` in 동반자 협정에), and a third briefing with
  // `상호 방위 조약은` was dropped by the phrase check.
  async korean_phrases(page) {
    for (const [phrase, count] of [["동반자 협정", 2], ["전략적 동반자 협정", 2], ["상호 방위 조약", 3]]) {
      const found = await open(page, `ko/search/?q=${encodeURIComponent(`"${phrase}"`)}`);
      expect(`"${phrase}" lists the ${count} briefings that have it`, found.titles.length === count, found);
      expect(`"${phrase}" is marked whole`, found.marks.length > 0 && found.marks.every((m) => m.startsWith(phrase)), found.marks);
    }
  },
  // Regression: a Korean word marked every word that shares a pair of characters with it
  // (김정은 marked 협정은 and 김정일이, 사이먼 marked 사이에서), and cut passages there.
  async korean_marks(page) {
    for (const word of ["김정은", "사이먼"]) {
      const found = await open(page, `ko/search/?q=${encodeURIComponent(word)}%20`);
      expect(`${word} marks only the words that hold it`, found.titles.length > 0 &&
        found.marks.length > 0 && found.marks.every((m) => m.includes(word)), found.marks);
    }
  },
  // Regression: a passage from a table ran its cells together ("the UN Economy Oil at a
  // discount"); a cell without closing punctuation is followed by a dash, as a heading is.
  async table_cells(page) {
    const found = await open(page, "search/?q=sanctions");
    const at = found.titles.findIndex((t) => t.startsWith("Explainer"));
    const excerpt = found.excerpts[at] || "";
    expect("the cells stand apart", at >= 0 && excerpt.includes("Economy — Oil at a discount, despite UN sanctions — A customer"), [at, excerpt]);
  },
  // Regression: a phrase in curly quotes (as phones and Macs type them) was read as its words.
  async curly_quotes(page) {
    const straight = await open(page, `search/?q=${encodeURIComponent('"mutual defence pact"')}`);
    for (const query of ["“mutual defence pact”", "«mutual defence pact»", "„mutual defence pact“"]) {
      const curly = await open(page, `search/?q=${encodeURIComponent(query)}`);
      expect(`${query} finds what the straight quotes find`, straight.titles.length > 0 &&
        curly.titles.join("|") === straight.titles.join("|"), [curly.titles, straight.titles]);
    }
  },
  // Regression: an index file that could not be read (a 404, a dropped connection) said
  // "No briefings match", and a meta.json failed once left search dead until a reload.
  async failed_fetch(page) {
    await page.route(/\/search\/terms\/\d+\.json\?v=/, (route) => route.fulfill({ status: 404, body: "" }));
    const lost = await open(page, "search/?q=oil");
    expect("a term file not read says so", /could not load/.test(lost.status) && lost.titles.length === 0, lost);
    await page.unroute(/\/search\/terms\/\d+\.json\?v=/);
    const next = await typed(page, "sanctions");
    expect("the next search reads it again", /match/.test(next.status) && next.titles.length > 0, next);
    let refused = 0;
    // Refused twice: when the page loads (for the outlets) and for the search it starts.
    await page.route("**/search/meta.json", (route) => (refused++ >= 2 ? route.continue() : route.fulfill({ status: 503, body: "" })));
    const first = await open(page, "search/?q=oil");
    expect("meta.json not read says so", /could not load/.test(first.status), first);
    const asked = await typed(page, "sanctions");
    expect("and is asked again", /match/.test(asked.status) && asked.titles.length > 0 && refused > 2, asked);
  },
  // Regression: `Tô Lâm` was found only when typed with its accents; `lam` found nothing.
  // Letters are matched without accents both ways, and marked as the text writes them.
  async accents(page) {
    for (const query of ["to lam", "Tô Lâm", "LÂM", `"to lam"`]) {
      const found = await open(page, `search/?q=${encodeURIComponent(query)}`);
      expect(`${query} finds the Vietnam briefing`, found.titles.length === 1 &&
        found.titles[0].includes("Vietnam"), found);
      // The phrase is marked whole: `Tô Lâm`.
      expect(`${query} marks Lâm as written`, found.marks.includes(query.startsWith('"') ? "Tô Lâm" : "Lâm") &&
        found.marks.every((m) => !/lam/i.test(m) || /Lâm/.test(m)), found.marks);
    }
  },
  // Regression: a word pasted 5,000 times was looked up 5,000 times, which held the tab for
  // seconds; words are looked up once each, at most 32.
  async a_long_query(page) {
    const once = await open(page, "search/?q=treaty");
    // The phrase "treaty treaty …" is not on the site.
    for (const [query, said] of [["treaty ".repeat(5000), "match"], [`"${"treaty ".repeat(2000)}"`, "No briefings"]]) {
      const started = Date.now();
      const many = await typed(page, query);
      const took = Date.now() - started;
      expect(`${query.length} characters answered in ${took} ms, as the word alone`, took < 4000 &&
        many.status.includes(said) && (query.startsWith('"') || many.titles.join() === once.titles.join()), [took, many.status]);
      await typed(page, "");
    }
  },
  // Regression: while the index files were on their way (a slow network), the status line was
  // empty and the last query's results stayed, with nothing to say a search was running.
  async searching_status(page) {
    await page.goto(new URL("search/", site).toString());
    await page.route(/\/search\/terms\/\d+\.json\?v=/, async (route) => {
      await new Promise((done) => setTimeout(done, 2500));
      await route.continue();
    });
    const before = await searchesStarted(page);
    await page.fill("#search-q", "oil");
    // While the index files are held back, the status says so; it is read the moment it does.
    const waiting = await page.waitForFunction(() => {
      const said = document.querySelector("#search-status").textContent;
      return said && [said, document.querySelectorAll("#search-results li").length];
    }, null, { timeout: 8000 }).then((h) => h.jsonValue());
    expect("the status says the search is running", waiting[0] === "Searching…", waiting);
    const found = await settled(page, before, "oil");
    expect("then it says the count", /briefings? match/.test(found.status) && found.titles.length > 0, found);
    await page.unroute(/\/search\/terms\/\d+\.json\?v=/);
    const quick = await open(page, "search/?q=treaty");
    expect("a quick search says no more than its count", /match/.test(quick.status), quick.status);
  },
  // Regression: Back from a result opened after "More results" showed the first ten again, the
  // result followed gone from the page and the focus on <body>.
  async back_keeps_more(page) {
    const first = await open(page, "search/?q=the");
    expect("the first page shows 10", first.titles.length === 10, first.titles);
    await page.click("#search-more");
    await searchShownMore(page, 12);
    const before = await shown(page);
    const title = before.titles[12];
    const href = await page.getAttribute("#search-results li:nth-child(13) h2 a", "href");
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith(href)), page.click(`#search-results li:nth-child(13) h2 a`)]);
    expect("the result opens", (await page.title()).includes(title.slice(0, 20)), [await page.title(), title]);
    await page.goBack();
    const again = await settled(page);
    expect("as many results are shown again", again.titles.length === before.titles.length, [again.titles.length, before.titles.length]);
    const focused = await page.evaluate(() => document.activeElement.textContent);
    expect("the focus is on the result followed", focused === title, [focused, title]);
  },
  // Regression: a date range given the wrong way round (From after To) found nothing.
  async reversed_dates(page) {
    const right = await open(page, "search/?q=the&from=2024-06-21&to=2024-06-22");
    const reversed = await open(page, "search/?q=the&from=2024-06-22&to=2024-06-21");
    expect("the days between are searched either way", right.titles.length > 0 &&
      reversed.titles.join() === right.titles.join(), [right.titles, reversed.status]);
  },
  // Regression: a hyphenated word was its words found anywhere: `side-by-side` listed every
  // briefing with "side" and "by", and `Jong-un` marked "UN" alone.
  async hyphenated(page) {
    const compound = await open(page, "search/?q=side-by-side%20");
    expect("side-by-side finds the one briefing that has it", compound.titles.length === 1 &&
      compound.marks.every((m) => /^side.by.side$/i.test(m)), compound);
    const name = await open(page, "search/?q=Jong-un%20");
    const phrase = await open(page, "search/?q=%22Jong%20Un%22");
    expect("Jong-un finds what \"Jong Un\" finds", name.titles.length > 0 &&
      name.titles.join() === phrase.titles.join(), [name.titles, phrase.titles]);
    expect("and marks the name, never UN alone", name.marks.every((m) => /^jong.un$/i.test(m)), name.marks);
    const day = await open(page, "search/?q=2024-06-19%20");
    const numbers = await open(page, "search/?q=2024%2006%2019%20");
    expect("a date of numbers stays words", day.titles.join() === numbers.titles.join(), [day.status, numbers.status]);
    await page.goto(new URL("search/", site).toString());
    const typing = await typed(page, "side-by-si");
    expect("a word still being typed is a prefix", typing.titles.length > 0, typing);
    // Regression (search probe): given whole (a shared address, Enter), the last hyphenated
    // word was still read as being typed: `?q=side-by-side` listed 7 briefings, not 1.
    const shared = await open(page, "search/?q=side-by-side");
    expect("side-by-side given whole is its phrase", shared.titles.join() === compound.titles.join(), [shared, compound]);
    const given = await open(page, "search/?q=Jong-un");
    expect("Jong-un given whole is its phrase", given.titles.join() === phrase.titles.join(), [given.titles, phrase.titles]);
  },
  // Regression (search probe): More clicked while a newer search ran appended the old query's
  // next page under the new count (tests/it/search.rs builds the site: alpha's second page is in
  // docs/1.json, held back here; "beta gamma" waits for its pairs file).
  async more_during_a_search(page) {
    const first = await open(page, "search/?q=alpha");
    expect("alpha lists a first page of ten, with More", first.titles.length === 10 &&
      await page.isVisible("#search-more"), first);
    const hold = (ms) => async (route) => { await new Promise((r) => setTimeout(r, ms)); await route.continue(); };
    await page.route(/\/search\/docs\/1\.json/, hold(3000));
    await page.route(/\/search\/pairs\//, hold(1000));
    const before = await searchesStarted(page);
    await page.fill("#search-q", '"beta gamma"');
    await page.waitForFunction((n) => Number(document.querySelector("#search-results").dataset.started || 0) > n, before);
    await page.click("#search-more");
    await page.waitForTimeout(4500);
    const after = await settled(page, before);
    expect("only the new query's briefings are listed", after.titles.length === 10 &&
      new Set(after.titles).size === 10 && after.titles.every((t) => /^Briefing (1\d|20)$/.test(t)), after);
  },
  // Regression (search probe): the last word of a query given whole (a shared address, Enter)
  // was a prefix as while typing: `Kim Jong Un` listed briefings that have only "United" or
  // "under", and `US` those with "used". It is a prefix only when the site lacks the word.
  async whole_query(page) {
    const name = await open(page, "search/?q=Kim%20Jong%20Un");
    const spaced = await open(page, "search/?q=Kim%20Jong%20Un%20");
    expect("Kim Jong Un given whole finds what it finds with a space after", name.titles.length > 0 &&
      name.titles.join() === spaced.titles.join(), [name.titles, spaced.titles]);
    expect("and marks no word that only starts with un", name.marks.every((m) => !/^un[a-z]/i.test(m)), name.marks);
    const us = await open(page, "search/?q=US");
    expect("US marks no word that only starts with us", us.marks.every((m) => !/^us[a-z]/i.test(m)), us.marks);
    const half = await open(page, "search/?q=sanc");
    expect("a word the site lacks is still a prefix (sanc)", half.titles.length > 0 &&
      half.marks.every((m) => /^sanc/i.test(m)), half);
    await page.goto(new URL("search/", site).toString());
    const typing = await typed(page, "Kim Jong Un");
    expect("while typing, Un is a prefix", typing.titles.length >= name.titles.length, [typing.titles, name.titles]);
    const before = await searchesStarted(page);
    await page.press("#search-q", "Enter");
    const entered = await settled(page, before);
    expect("Enter reads it whole", entered.titles.join() === name.titles.join(), [entered.titles, name.titles]);
    // Back from a result of a search read as typed shows that search's list again, not the
    // whole query's (whose results differ).
    await page.goto(new URL("search/", site).toString());
    // `put` whole is the word (4 briefings); as typed, also Putin (13).
    const put = await open(page, "search/?q=put");
    await page.goto(new URL("search/", site).toString());
    const asTyped = await typed(page, "put");
    const href = await page.getAttribute("#search-results li:nth-child(1) h2 a", "href");
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith(href)), page.click("#search-results li:nth-child(1) h2 a")]);
    await page.goBack();
    const again = await settled(page);
    expect("the list as typed is not the whole query's", asTyped.status.trim() !== put.status.trim(), [asTyped.status, put.status]);
    expect("Back shows the list as typed", again.status.trim() === asTyped.status.trim() &&
      again.titles.join() === asTyped.titles.join(), [again.status, asTyped.status]);
  },
  // Regression: the first letter typed said "No briefings match." before a word could be
  // looked up.
  async first_letter(page) {
    await page.goto(new URL("search/", site).toString());
    await page.evaluate(() => {
      window.said = [];
      new MutationObserver(() => window.said.push(document.querySelector("#search-status").textContent))
        .observe(document.querySelector("#search-status"), { childList: true, characterData: true, subtree: true });
    });
    await page.focus("#search-q");
    await page.keyboard.type("s");
    // The letter is searched for (nothing can be looked up yet) and the search is done.
    await settled(page, 0, "s");
    const said = await page.evaluate(() => window.said);
    expect("a first letter says nothing", said.every((text) => text === ""), said);
    const before = await searchesStarted(page);
    await page.keyboard.type("anctions");
    const word = (await settled(page, before, "sanctions")).status;
    expect("the word then says its count", /briefings match/.test(word), word);
    // Regression (session 30): the count and its word broke across lines; a no-break space
    // keeps them together, as on the pages.
    expect("the count keeps to its word", /\d\u00a0briefings match/.test(word), JSON.stringify(word));
  },
  // Regression (session 32's phone probe): a screen reader heard the count at every keystroke
  // (16 announcements for 17 keys typed), interrupting the typing echo. It hears the count once
  // the reader pauses, and at once for a search given whole (Enter), even when it is the same.
  async announced_once(page) {
    await page.goto(new URL("search/", site).toString());
    await page.evaluate(() => {
      window.heard = [];
      const live = document.querySelector("#search-heard");
      new MutationObserver(() => window.heard.push(live.textContent))
        .observe(live, { childList: true, characterData: true, subtree: true });
    });
    await page.focus("#search-q");
    await page.keyboard.type("sanctions", { delay: 150 });
    await settled(page, 0, "sanctions");
    await page.waitForTimeout(1500);
    const typed = await page.evaluate(() => window.heard);
    expect("the count typed is said once", typed.length === 1 && /briefings match/.test(typed[0]), typed);
    const shown = await page.evaluate(() => document.querySelector("#search-status").textContent);
    expect("it is the count shown", typed[0].trim() === shown.trim(), [typed, shown]);
    const before = await searchesStarted(page);
    await page.keyboard.press("Enter");
    await settled(page, before, "sanctions");
    await page.waitForTimeout(300);
    const given = await page.evaluate(() => window.heard);
    expect("Enter says it again at once", given.length === 2 && given[1].trim() === shown.trim(), given);
  },
  // Regression: the notice of a topic the site lacks, opened from a shared address, was no live
  // region: a screen reader heard the count only.
  async notice_announced(page) {
    await open(page, "search/?q=oil&topic=bogus");
    const said = await page.$$eval("[role=status], [aria-live]", (all) => all.map((e) => e.textContent));
    expect("the notice is announced", said.some((text) => text.includes("No topic “bogus”")), said);
  },
  // Regression: a passage could begin inside a heading: "… sides — The invasion also deepened".
  async passage_from_a_sentence(page) {
    const found = await open(page, "search/?q=sanctions");
    expect("no passage starts inside a heading", found.excerpts.length > 0 &&
      !found.excerpts.some((e) => e.startsWith("… sides — ")) && found.excerpts.some((e) => e.startsWith("… The invasion also deepened")),
      found.excerpts);
  },
  // Regression: for "평양 방문" the briefing with the phrase in its title ranked below one with
  // it only in a note.
  async phrase_in_title_first(page) {
    const found = await open(page, `ko/search/?q=${encodeURIComponent('"평양 방문"')}`);
    expect("the phrase in a title ranks first", found.titles.length > 1 && found.titles[0].includes("평양 방문"), found.titles);
  },
};

/// Sets every file under `dir` a month old, as a deploy's files are once they have been served a
/// while: a browser then keeps them for days without asking (a tenth of their age).
function age(dir) {
  const month = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) { age(path); } else { utimesSync(path, month, month); }
  }
}

// Regression (deploy probe): the index's files kept their names from one deploy to the next, so
// a browser that had kept the last deploy's searched them: the new briefing was not found, and
// the others could come under another's title. Searched, built again with a new briefing (the
// newest: every other's number moves), searched again in the same browser.
cases.next_deploy = async (page) => {
  age(join(siteDir, "public"));
  const before = await open(page, "search/?q=quotes");
  expect("one briefing has the word before", before.titles.length === 1, before);
  writeFileSync(join(siteDir, "content/walrus.md"),
    "---\ntitle: Walrus census at the border\ndate: 2024-02-01\ntopics: [t]\n---\nQuotes from the walrus census.\n");
  execFileSync(gazette, ["build", "--quiet"], { cwd: siteDir });
  const added = await open(page, "search/?q=walrus");
  expect("the new briefing is found", added.titles.length === 1 && added.titles[0] === "Walrus census at the border", added);
  const after = await open(page, "search/?q=quotes");
  expect("the other keeps its title, the new one beside it",
    after.titles.length === 2 && after.titles.includes("Walrus census at the border") && after.titles.includes(before.titles[0]),
    [before.titles, after.titles]);
};

// Regression (hostile probe): a word of thousands of letters made an index of megabytes; the
// index keeps a word's first 64 characters, and a reader's word longer than that is looked up
// by its own first 64 (tests/it/search.rs's long_words_fixture).
cases.long_words = async (page) => {
  for (const word of ["zqlongword".repeat(8), "ΩΜΕΓΑΛΈΞΗ".repeat(8), "zqlongword".repeat(7)]) {
    const found = await open(page, `search/?q=${encodeURIComponent(word)}`);
    expect(`a ${Array.from(word).length}-letter word finds its briefing`,
      found.titles.length === 1 && found.titles[0] === "A briefing with a very long word", found);
  }
  const other = await open(page, `search/?q=${"zqlongword".repeat(6)}zz`);
  expect("a long word that differs within its first 64 letters finds nothing", other.titles.length === 0, other);
};

// Regression (scale probe): a topic renamed with `aliases: [/topics/<old>/]` kept its old
// addresses but not its old search links: `?topic=<old>` said "No topic" and showed every topic
// (tests/it/search.rs's renamed topic site).
cases.renamed_topic = async (page) => {
  const found = await open(page, "search/?q=census&topic=ukraine-war");
  expect("the old name narrows to the renamed topic", found.titles.length === 2 && found.titles.every((t) => t.startsWith("War")), found);
  const said = await page.evaluate(() => document.querySelector("#search-status").previousElementSibling.textContent);
  expect("nothing is said about it", said.trim() === "", said);
  const selected = await page.evaluate(() => document.querySelector("#search-topic").value);
  expect("the filter shows the topic by its name now", selected === "war-in-ukraine", selected);
};

// Regression (session 32's scale probe): every page named every topic, so 2,000 topics made each
// page 158 KB; the search form now lists the 24 most active and adds the others from meta.json,
// so that a shared address naming an older topic still narrows to it (tests/it/search.rs's site
// of 30 topics, t00 the oldest).
cases.unlisted_topic = async (page) => {
  const found = await open(page, "search/?q=census&topic=t00");
  expect("a topic the page does not list narrows the search", found.titles.length === 1 && found.titles[0] === "Census 00", found);
  const said = await page.evaluate(() => document.querySelector("#search-status").previousElementSibling.textContent);
  expect("nothing is said about it", said.trim() === "", said);
  const options = await page.evaluate(() => [...document.querySelectorAll("#search-topic option")].map((o) => o.value));
  expect("the filter offers every topic once", options.length === 31 && new Set(options).size === 31, options);
};

// Regression (session 32's phone probe): a second search replaced the first one's history entry,
// so Back from it left the search page; each search given whole (or followed) keeps its entry.
cases.back_between_searches = async (page) => {
  // A shared address, however it writes its words, is searched in its own entry.
  await page.goto(new URL("search/?q=sanctions%20pact", site).toString());
  const landed = await page.evaluate(() => history.length);
  await settled(page, 0, "sanctions pact");
  const after = await page.evaluate(() => history.length);
  expect("a shared address adds no entry of its own", after === landed, [landed, after]);
  await page.goto(new URL("search/", site).toString());
  await page.focus("#search-q");
  let before = await searchesStarted(page);
  await page.keyboard.type("sanctions");
  await page.keyboard.press("Enter");
  const first = await settled(page, before, "sanctions");
  before = await searchesStarted(page);
  await page.fill("#search-q", "");
  await page.keyboard.type("pyongyang", { delay: 150 });
  const second = await settled(page, before, "pyongyang");
  expect("two searches of their own", first.titles.length > 0 && second.titles.length > 0 &&
    first.titles.join() !== second.titles.join(), [first.titles, second.titles]);
  before = await searchesStarted(page);
  await page.goBack();
  const back = await settled(page, before, "sanctions");
  const url = page.url();
  expect("Back returns to the first search", /\?q=sanctions$/.test(url) && back.titles.join() === first.titles.join() &&
    (await page.inputValue("#search-q")) === "sanctions", [url, back.titles]);
  before = await searchesStarted(page);
  await page.goForward();
  const forward = await settled(page, before, "pyongyang");
  expect("Forward returns to the second", /\?q=pyongyang$/.test(page.url()) && forward.titles.join() === second.titles.join(),
    [page.url(), forward.titles]);
};

// Regression (session 32's phone probe): a pasted sentence of 31 words fetched a term chunk for
// every word (1.6 MB at 100k) to find nothing, as every word must match. Words are looked up six
// at a time, and once those every result needs have no briefing in common the rest are not
// fetched (tests/it/search.rs's site: the a-words in the first chunk, zebra and zenith in the
// last).
cases.long_query_stops = async (page) => {
  const chunks = [];
  page.on("request", (r) => { if (/\/search\/terms\//.test(r.url())) { chunks.push(r.url()); } });
  const apart = await open(page, "search/?q=" + encodeURIComponent("aardvark abacus abbey abbot abdomen abduct zebra zenith"));
  const fetchedApart = new Set(chunks);
  expect("six words of no briefing in common match nothing", apart.titles.length === 0 && /No briefings/.test(apart.status), apart);
  chunks.length = 0;
  const together = await open(page, "search/?q=" + encodeURIComponent("acorn acre acrid acrobat acronym across zebra zenith"));
  const fetchedTogether = new Set(chunks);
  expect("six words of one briefing go on to the others", together.titles.length === 1 && together.titles[0] === "Zoo 000", together);
  expect("the words after the six are not fetched once nothing can match",
    fetchedApart.size === 1 && fetchedTogether.size === 2, [[...fetchedApart], [...fetchedTogether]]);
};

// Regression (scale probe): one result in an article of megabytes fetched the whole page for
// its passage. A page is read up to its first 512 KB: a word there gets its passage, a word past
// it keeps the summary, and a phrase past it is not dropped for want of the rest (tests/it/
// search.rs's huge article site).
cases.huge_article = async (page) => {
  const early = await open(page, "search/?q=zanzibarstart");
  expect("a word early in the page gets its passage", early.titles.length === 1 &&
    early.excerpts.some((e) => e.includes("Zanzibarstart")), early);
  const late = await open(page, "search/?q=zanzibarend");
  expect("a word past the part read is found, with the summary", late.titles.length === 1 &&
    late.excerpts.some((e) => e.includes("A short summary")) && !late.excerpts.some((e) => e.includes("Zanzibarend")), late);
  const phrase = await open(page, `search/?q=${encodeURIComponent('"zanzibarend closes quietly"')}`);
  expect("a phrase past the part read is kept", phrase.titles.length === 1, phrase);
};

// Regression (session 32's phone probe): on a 375 × 667 phone the filters' four rows pushed the
// first result below the screen. They fold under their name there (not when the address sets
// one), and stay open on a desktop.
cases.filters_folded_on_a_phone = async (page) => {
  const state = () => page.evaluate(() => ({
    open: document.querySelector("#search-narrow").open,
    first: document.querySelector("#search-results h2").getBoundingClientRect().top,
  }));
  await page.setViewportSize({ width: 375, height: 667 });
  await open(page, "search/?q=sanctions");
  const phone = await state();
  expect("folded on a phone, the first result on the first screen", !phone.open && phone.first < 667 - 40, phone);
  await page.click("#search-narrow > summary");
  const unfolded = await page.evaluate(() => document.querySelector("#search-topic").getBoundingClientRect().height);
  expect("the summary unfolds them", unfolded > 0, unfolded);
  await open(page, "search/?q=sanctions&topic=sanctions");
  const given = await state();
  expect("open when the address sets a filter", given.open, given);
  await page.setViewportSize({ width: 1280, height: 800 });
  await open(page, "search/?q=sanctions");
  const desktop = await state();
  expect("open on a desktop", desktop.open, desktop);
};

// Regression (session 33's Arabic desk probe): a reader's Arabic word found only the site's own
// spelling of it (tests/it/search.rs's site of four Arabic briefings: negotiations spelt three
// ways, OPEC with its hamza, oil with its vowels, 700 in Arabic-Indic digits).
cases.arabic_forms = async (page) => {
  const count = async (q) => (await open(page, "search/?q=" + encodeURIComponent(q))).titles.length;
  for (const [q, n] of [["مفاوضات", 3], ["المفاوضات", 3], ["والمفاوضات", 3], ["للمفاوضات", 3], ["اوبك", 1],
    ["نفط", 1], ["للنفط", 1], ["هدنه", 2], ["الهدنة", 2], ["هُدْنَة", 2], ["هدنــة", 2], ["700", 1], ["٧٠٠", 1]]) {
    const found = await count(q);
    expect(`${q} finds ${n}`, found === n, found);
  }
  const typed_ = await typed(page, "والمفا");
  expect("a word being typed finds its other forms", typed_.titles.length === 3, typed_);
  const marked = await open(page, "search/?q=" + encodeURIComponent("اوبك"));
  expect("the site's spelling is marked", marked.marks.includes("أوبك"), marked);
};

// Regression (session 34's probes): full-width letters and digits and half-width katakana, as
// Japanese keyboards type them, found nothing (`ABC` missed `ＡＢＣ放送`); and a phrase or a
// hyphenated word only in a correction note (`"earlier version"`, `non-aggression`) found nothing.
cases.widths_and_notes = async (page) => {
  const titles = async (q) => (await open(page, "search/?q=" + encodeURIComponent(q))).titles;
  for (const [q, title] of [["ABC", "放送"], ["ａｂｃ", "放送"], ["ＡＢＣ放送", "放送"], ["1200", "放送"], ["１２００", "放送"],
    ["ﾌﾟｰﾁﾝ", "放送"], ["プーチン", "放送"], ['"earlier version"', "Pact"], ["non-aggression", "Pact"]]) {
    const found = await titles(q);
    expect(`${q} finds the ${title} briefing`, found.length === 1 && found[0].includes(title), found);
  }
  const marked = await open(page, "search/?q=NHK");
  expect("the site's full-width spelling is marked", marked.marks.includes("ＮＨＫ"), marked);
};

const browser = await launchChromium();
let failed = false;
try {
  if (!cases[name]) { throw new Error(`no case ${name}: ${Object.keys(cases).join(", ")}`); }
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await cases[name](page);
  if (errors.length) { throw new Error(`page errors: ${errors.join("; ")}`); }
} catch (e) {
  failed = true;
  console.error(`search_cases_e2e ${name}: FAIL ${e.message}`);
} finally {
  await browser.close();
}
if (!failed) { console.log(`search_cases_e2e ${name}: OK`); }
process.exit(failed ? 1 : 0);
