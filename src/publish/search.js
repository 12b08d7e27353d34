// gazette search (README, "Search"): fetches only the index files a query needs.
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }
  var form = $("search-form");
  if (!form) { return; }
  // Where the reader was before following a result, on coming back: {shown, at} (a link's index).
  var back = history.state;
  var base = form.getAttribute("data-index");
  var input = $("search-q"), topicSel = $("search-topic"), outletSel = $("search-outlet"),
    fromIn = $("search-from"), toIn = $("search-to"), status = $("search-status"),
    list = $("search-results");
  // A theme's older search page may lack the filters and this button.
  var moreButton = $("search-more") || document.createElement("button");
  // What a shared address asked for that the site lacks, announced as the count is.
  var notice = el("p", "meta");
  notice.setAttribute("role", "status");
  status.parentNode.insertBefore(notice, status);
  // What a screen reader hears of the count: the status line shows every keystroke's count, and
  // this says it once the reader pauses (each keystroke's would interrupt their typing echo), at
  // once for a search given whole. A theme's page may still make the status line live: not so.
  var heard = el("p");
  heard.id = "search-heard";
  heard.setAttribute("role", "status");
  heard.setAttribute("aria-live", "polite");
  heard.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap";
  status.parentNode.insertBefore(heard, status.nextSibling);
  status.removeAttribute("role");
  status.removeAttribute("aria-live");
  var heardTimer = null;
  // The form's fields by the address's names for them: the words, then the filters.
  var FIELDS = [["q", input], ["topic", topicSel], ["outlet", outletSel], ["from", fromIn], ["to", toIn]];
  function filtered(p) { return FIELDS.slice(1).some(function (f) { return p.get(f[0]); }); }
  // On a phone the filters start folded, so that the results begin on the first screen; not
  // when the address sets one.
  var narrow = $("search-narrow"), params = new URLSearchParams(location.search);
  if (narrow && matchMedia("(max-width: 40rem)").matches && !filtered(params)) { narrow.open = false; }
  // Sets the status line to `text`, said now or once typing pauses (a second).
  function tell(text, now) {
    status.textContent = text;
    clearTimeout(heardTimer);
    // The same count for a new query is said again: a screen reader skips a text unchanged.
    var put = function () { heard.textContent = heard.textContent === text && text ? text + "\u00a0" : text; };
    if (now) { put(); } else { heardTimer = setTimeout(put, 1000); }
  }
  var PAGE = 10;
  // A body's passage, in characters (as long as an excerpt).
  var PASSAGE = 280;
  // When passages are read (ms), and how many pages are kept.
  var SETTLE = 400, READ_PAGES = 50;
  var GRAPHEMES = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter() : null;
  // Whether a file of the index could not be read during this search.
  var files = {}, failed;
  var WORD = /[^\p{Alphabetic}\p{N}]+/u;
  var CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3ffff}]/u;
  // A Korean word's last syllable that may be a particle (조약을, 북한과).
  var PARTICLE = /[을를이가은는의과와에도로]/;
  // Not -er, -ment or -ies: report+er, state+ment, treat+ies.
  var SUFFIXES = ["s", "es", "ed", "ing", "ly", "ion", "ions", "y", "e"];
  // Its words: English, or the page's own (#search-words).
  var WORDS = {
    search_none: "No briefings match.",
    search_failed: "Search could not load; try again.",
    search_running: "Searching…",
    search_matches: { one: "{count} briefing matches", other: "{count} briefings match" },
    search_showing: "; showing {shown}.",
    search_end: ".",
    search_unknown_topic: "No topic “{name}”: showing all topics.",
    search_unknown_outlet: "No outlet “{name}”: showing all outlets.",
    search_unknown_date: "“{name}” is no date (write 2024-06-19): showing every day.",
    search_tagged: "Tags: {tags}",
    byline_comma: ", "
  };
  var given = $("search-words");
  if (given) {
    // Words that do not parse leave English's.
    try { var theirs = JSON.parse(given.textContent); Object.keys(theirs).forEach(function (k) { WORDS[k] = theirs[k]; }); } catch (e) { }
  }
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  // The words of `key`, the form `args.count` takes, each {name} filled from `args`.
  function say(key, args) {
    var text = WORDS[key];
    if (text && typeof text === "object") {
      // English words standing in for the page's language (`_lang`) take English's forms.
      var rules = text._lang && window.Intl && Intl.PluralRules ? new Intl.PluralRules(text._lang) : plurals;
      var category = rules ? rules.select(args.count) : (args.count === 1 ? "one" : "other");
      text = text[category] || text.other;
    }
    // A count keeps to the word beside it (a no-break space), as the pages' counts do.
    text = String(text).replace(/ \{count\}/g, "\u00a0{count}").replace(/\{count\} /g, "{count}\u00a0");
    return text.replace(/\{(\w+)\}/g, function (all, name) { return name in args ? String(args[name]) : all; });
  }

  // An index file, fetched once (null, and asked again, if unreadable). meta.json is asked of
  // the host each time the page loads (`no-cache`: a 304 when unchanged), and the other files
  // with its `build` on their URL, which every deploy that changes the index changes: a browser
  // that kept the last deploy's files for the host's hours never mixes them with this one's.
  function get(path) {
    if (!files[path]) {
      var asked = path === "meta.json" ? fetch(base + path, { cache: "no-cache" })
        : meta().then(function (m) { return fetch(base + path + "?v=" + m.build); });
      files[path] = asked.then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; })
        .then(function (data) {
          if (data === null) { delete files[path]; failed = 1; }
          return data;
        });
    }
    return files[path];
  }
  function meta() { return get("meta.json"); }

  // Latin letters without accents, as the index has words: the first character of the NFD; and
  // Arabic's letters as terms.rs's fold_arabic writes them, one for one (an alef with a hamza or
  // madda as alef, alef maqsura as yeh, teh marbuta as heh, Arabic-Indic digits as 0-9). Its
  // marks, which it drops, `words` drops: the text marked keeps its length. Full-width ASCII as
  // ASCII, one for one (terms.rs's fold_width); half-width katakana, which two characters may
  // make one (ﾌﾟ), `words` composes.
  function fold(text) {
    return text.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, function (c) { return c.normalize("NFD")[0]; })
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 65248); })
      .replace(/[آأإٱ]/g, "ا").replace(/ى/g, "ي").replace(/ة/g, "ه")
      .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, function (d) { return d.charCodeAt(0) % 16; });
  }
  // Initials with their dots are one word, as the index has them: `U.S.` is `us`.
  var INITIALS = /(?<![\p{Alphabetic}\p{N}])(?:[a-z]\.){2,}/gu, DOTTED = /(?<![\p{Alphabetic}\p{N}])(?:[a-z]\.){2,}/giu;
  var STOPS = /[.!?;:。！？；：]+/gu;
  // A word longer than the index keeps (terms.rs, MAX_TERM_CHARS) is looked up by its start.
  var MAX_TERM = 64;
  function words(text) {
    return fold(text.toLowerCase().replace(/[\uff61-\uff9f]+/g, function (s) { return s.normalize("NFKC"); })).replace(/[\u064b-\u065f\u0670\u0640]/g, "").replace(INITIALS, function (m) { return m.replace(/\./g, ""); }).split(WORD).filter(Boolean)
      .map(function (w) { var cs = Array.from(w); return cs.length > MAX_TERM ? cs.slice(0, MAX_TERM).join("") : w; });
  }

  // An Arabic word's key, as terms.rs's arabic_stem makes it: without a leading article (after
  // a conjunction or not) when two letters stay, else a leading و when three do, then without
  // each ending in turn when two stay.
  function arabic(w) {
    if (!/[\u0621-\u064a]/.test(w)) { return w; }
    var a = /^و?(?:[بكف]?ال|لل)/.exec(w);
    w = a && w.length - a[0].length > 1 ? w.slice(a[0].length) : /^و.../.test(w) ? w.slice(1) : w;
    ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"].forEach(function (e) {
      if (w.length > e.length + 1 && w.slice(-e.length) === e) { w = w.slice(0, -e.length); }
    });
    return w;
  }

  // The clauses of a query, each a word every result must hold: {t, prefix, phrase}. Runs of CJK
  // characters become their bigrams, as the index has them. A query is read as typed (its last
  // word may be half written: a prefix) or, once given `whole` (Enter, a shared address, a filter
  // changed), with its last word a prefix only when the site has no such word (`Un` is not
  // `United`, `US` not `used`; `sanc` still finds `sanctions`).
  function parse(query, whole) {
    var clauses = [], phrases = [];
    var QUOTE = /["“”„«»]/;
    // The last word is still being typed, or ends in `*` (as other search boxes write a prefix).
    var open = /[\p{Alphabetic}\p{N}]\*?$/u.test(query), star = /\p{Alphabetic}\*$/u.test(query);
    // A word of words joined by hyphens (side-by-side, Jong-un), once typed whole (or the
    // query given whole) and outside quotes, is the phrase of its words; one without a letter
    // (2024-06-19) stays words.
    var hyphened = whole ? /[\p{Alphabetic}\p{N}]+(?:[-‐‑][\p{Alphabetic}\p{N}]+)+(?=[^\p{Alphabetic}\p{N}*‐‑-]|$)/gu :
      /[\p{Alphabetic}\p{N}]+(?:[-‐‑][\p{Alphabetic}\p{N}]+)+(?=[^\p{Alphabetic}\p{N}*‐‑-])/gu;
    var parts = query.split(QUOTE).map(function (part, i) {
      // A phrase does not go on across a sentence's or a clause's end, as the index's pairs do
      // not (`"sanctions. That"` is two phrases); initials' dots (`U.S.`) end nothing.
      return i % 2 ? part.replace(DOTTED, function (m) { return m.replace(/\./g, ""); }).replace(STOPS, '" "') : part.replace(hyphened,
        function (word) { return /\p{Alphabetic}/u.test(word) ? '"' + word + '"' : word; });
    }).join('"').split(QUOTE);
    parts.forEach(function (part, i) {
      var ws = words(part);
      var lastPart = i === parts.length - 1;
      // A quote not yet closed is still being typed: its words are words, its last a prefix.
      var quoted = i % 2 === 1 && !(lastPart && parts.length % 2 === 0);
      // A phrase's words as the index pairs them: those long enough to index.
      var indexed = ws.filter(function (w) { var cs = Array.from(w); return cs.length > 1 || cs[0].codePointAt(0) >= 0x2e80; });
      var phrase = quoted && indexed.length > 1, from = clauses.length;
      if (phrase) { phrases.push(indexed.slice(0, 32)); }
      ws.forEach(function (w, j) {
        var last = open && lastPart && j === ws.length - 1 && !quoted;
        var chars = Array.from(w);
        var run = "", number = "";
        var flush = function (cjk) {
          var cs = Array.from(run);
          // A number and the character after it are a key (7월: July, not 월, every month).
          if (cjk && number) { clauses.push({ t: number + cs[0] }); }
          if (cjk && cs.length === 1) { if (!number) { clauses.push({ t: run, prefix: true }); } }
          else if (cjk) {
            for (var k = 0, g = cs.length > 2 ? clauses.length : -1; k + 1 < cs.length; k++) {
              clauses.push({ t: cs[k] + cs[k + 1], g: g, w: run, p: g >= 0 && k + 2 === cs.length && PARTICLE.test(cs[k + 1]) });
            }
          }
          // A number is whole: 19 is not 1990s.
          // A one-letter word is none, unless a `*` asks for its prefix (`o*`).
          else if (cs.length > 1 || (last && star && /^\p{Alphabetic}$/u.test(run))) { clauses.push({ t: arabic(run), prefix: last && !CJK.test(w) && !/^\d+$/.test(run), soft: whole && !star }); }
          number = !cjk && /^\p{N}+$/u.test(run) ? run : "";
          run = "";
        };
        var runCjk = null;
        chars.forEach(function (c) {
          var cjk = CJK.test(c);
          if (runCjk !== null && cjk !== runCjk) { flush(runCjk); }
          runCjk = cjk; run += c;
        });
        if (run) { flush(runCjk); }
      });
      // A phrase's words are marked where they stand together only.
      clauses.slice(from).forEach(function (c) { c.q = phrase; });
    });
    // Each word once, and at most 32 (a pasted page must not hang the tab).
    var seen = {};
    clauses = clauses.filter(function (c) { var k = [c.t, c.prefix, c.q, c.g, c.p]; return !seen[k] && (seen[k] = 1); });
    return { clauses: clauses.slice(0, 32), phrases: phrases };
  }

  // A key's postings in base-64 digits: each document's distance from the previous (five bits a
  // digit, low first, bit 6 on all but the last), then its weight × 2 (+1 for a key event).
  var DIGIT = new Uint8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });
  function postings(p, each) {
    var r = reader(p), id = 0;
    while (r.more()) { id += r.next(); each(id, r.digit()); }
  }

  // The chunk a word lives in: the last whose first key is not after it.
  function chunkOf(m, word) {
    var lo = 0, hi = m.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.chunks[mid] <= word) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  // A clause's documents: Map id → [weight, key event], the words it matched, and how many.
  function lookup(m, clause) {
    var first = chunkOf(m, clause.t);
    var last = clause.prefix ? Math.min(chunkOf(m, clause.t + "\uffff"), first + 2) : first;
    var wanted = [];
    for (var c = first; c <= last; c++) { wanted.push(get("terms/" + c + ".json")); }
    return Promise.all(wanted).then(function (chunks) {
      var entries = [].concat.apply([], chunks.map(function (c) { return c || []; }));
      var t = clause.t;
      // Only a word's stem lists its spellings; a CJK key lists the words that hold it (월: 7월).
      var isExact = function (e) { return e[0] === t || (!CJK.test(e[0] + t) && e[1].indexOf(t) >= 0); };
      var hits = entries.filter(isExact);
      var exact = hits.length > 0;
      if (clause.prefix && !(clause.soft && exact)) {
        // The word being typed matches whole and as a start: a CJK key must start with it (곳
        // is not 에서 of 곳에서), and 2000 does not come in through 년's forms (2022년).
        var cjk = CJK.test(t);
        hits = entries.filter(function (e) {
          return isExact(e) || e[0].indexOf(t) === 0 ||
            (!cjk && !CJK.test(e[0]) && e[1].some(function (f) { return f.indexOf(t) === 0; }));
        });
      }
      if (!hits.length && t.length > 3) {
        // A word the site never spells: a stem or word of its plus a common ending (negotiation+s).
        var ending = function (w) { return w.length > 2 && t.indexOf(w) === 0 && SUFFIXES.indexOf(t.slice(w.length)) >= 0; };
        hits = entries.filter(function (e) { return ending(e[0]) || e[1].some(ending); });
      }
      var docs = new Map();
      var forms = [];
      hits.forEach(function (e) {
        forms.push(e[0]); forms.push.apply(forms, e[1]);
        var whole = isExact(e);
        postings(e[2], function (id, weight) {
          var w = (weight >> 1) * (whole ? 1 : 0.7), old = docs.get(id);
          if (!old || old[0] < w) { docs.set(id, [w, weight & 1]); }
        });
      });
      // A CJK pair marks the words that hold the whole word (김정은, not 협정은), if any do.
      var whole = forms.filter(function (f) { return f.indexOf(clause.w) >= 0; });
      return { docs: docs, forms: clause.q && m.pairs ? [] : whole.length ? whole : forms, prefix: clause.prefix && !(exact && hits.every(isExact)) ? t : null, g: clause.g, p: clause.p };
    });
  }

  // A query's words looked up `BATCH` at a time: once the words every result must have (those
  // of no CJK word's group of pairs) have no briefing in common, the rest are not fetched, as
  // nothing can match (a pasted sentence fetched a chunk a word, 1.6 MB at 100k, to find none).
  var BATCH = 6;
  function lookupAll(m, clauses) {
    var found = [];
    var step = function (from) {
      return Promise.all(clauses.slice(from, from + BATCH).map(function (c) { return lookup(m, c); })).then(function (some) {
        found.push.apply(found, some);
        return from + BATCH >= clauses.length || noneInCommon(found) ? found : step(from + BATCH);
      });
    };
    return step(0);
  }
  function noneInCommon(found) {
    var must = found.filter(function (f) { return !(f.g >= 0); });
    if (!must.length) { return false; }
    must.sort(function (a, b) { return a.docs.size - b.docs.size; });
    var shared = false;
    must[0].docs.forEach(function (v, id) {
      if (!shared && must.every(function (f) { return f.docs.has(id); })) { shared = true; }
    });
    return !shared;
  }

  // The bucket of two neighbouring words, as parse::terms::pair_bucket makes it.
  var utf8 = new TextEncoder();
  function wordHash(w) {
    var h = 0x811c9dc5;
    utf8.encode(w).forEach(function (b) { h = Math.imul(h ^ b, 0x01000193); });
    return h >>> 0;
  }
  function pairBucket(m, a, b) {
    return Math.imul(Math.imul(wordHash(a), 0x9e3779b1) ^ wordHash(b), 0x85ebca6b) >>> (32 - m.pairs[0]);
  }

  // The documents that hold every neighbouring pair of a phrase's words: a Set of ids.
  function phraseDocs(m, phrase) {
    var buckets = [];
    for (var i = 1; i < phrase.length; i++) { buckets.push(pairBucket(m, phrase[i - 1], phrase[i])); }
    return Promise.all(buckets.map(function (b) { return pairDocs(m, b); })).then(function (sets) {
      sets.sort(function (x, y) { return x.size - y.size; });
      var docs = new Set();
      sets[0].forEach(function (id) { if (sets.every(function (set) { return set.has(id); })) { docs.add(id); } });
      return docs;
    });
  }

  // Reads base-64 numbers one by one (or a digit); an unread file reads as none.
  function reader(p) {
    var i = 0, s = typeof p === "string" ? p : "";
    return {
      more: function () { return i < s.length; },
      digit: function () { return DIGIT[s.charCodeAt(i++)]; },
      next: function () {
        var n = 0, scale = 1, v;
        do { v = DIGIT[s.charCodeAt(i++)]; n += (v & 31) * scale; scale *= 32; } while (v & 32);
        return n;
      }
    };
  }

  // A pair bucket's documents: its chunk lists each bucket's distance from the previous, its
  // documents' number and ids, delta-coded.
  function pairDocs(m, bucket) {
    var shift = m.pairs[0] - m.pairs[1];
    var chunk = bucket >>> shift, want = bucket - chunk * Math.pow(2, shift);
    return get("pairs/" + chunk + ".json").then(function (p) {
      var docs = new Set(), r = reader(p), next = r.next;
      var at = 0;
      while (r.more()) {
        at += next();
        var count = next(), id = 0;
        for (var k = 0; k < count; k++) {
          id += next();
          if (at === want) { docs.add(id); }
        }
        if (at >= want) { break; }
      }
      return docs;
    });
  }

  // What a search makes of an index file (`make(data)`), made once (again if unreadable).
  var made = {};
  function derived(path, make) {
    if (!made[path]) {
      made[path] = get(path).then(function (data) {
        if (data === null) { delete made[path]; }
        return make(data);
      });
    }
    return made[path];
  }

  // The documents of a topic or outlet (its position in meta.json): a Set of ids.
  function listed(kind, n) {
    if (n < 0) { return Promise.resolve(new Set()); }
    return derived("filters/" + kind + "/" + n + ".json", function (p) {
      var docs = new Set(), r = reader(p), id = 0;
      while (r.more()) { docs.add(id += r.next()); }
      return docs;
    });
  }

  // Every document's day (yyyymmdd), added up from filters/days.json's deltas.
  function dayList() {
    return derived("filters/days.json", function (deltas) {
      var d = 0;
      return (deltas || []).map(function (x) { return (d += x); });
    });
  }

  // A test of whether document `id` passes the filters set, each loading only its own file.
  function filterFor(m) {
    var from = fromIn && fromIn.value ? +fromIn.value.replace(/-/g, "") : 0;
    var to = toIn && toIn.value ? +toIn.value.replace(/-/g, "") : 99999999;
    // Days given the wrong way round mean the days between them.
    if (from > to) { var day = from; from = to; to = day; }
    var sets = [];
    if (topicSel.value) {
      sets.push(listed("topic", m.topics.findIndex(function (t) { return t[0] === topicSel.value; })));
    }
    if (outletSel && outletSel.value) { sets.push(listed("outlet", m.outlets.indexOf(outletSel.value))); }
    return Promise.all([Promise.all(sets), from || to < 99999999 ? dayList() : null]).then(function (all) {
      return function (id) {
        return all[0].every(function (set) { return set.has(id); }) &&
          (!all[1] || (all[1][id] >= from && all[1][id] <= to));
      };
    });
  }

  function docOf(m, id) {
    return get("docs/" + Math.floor(id / m.per_file) + ".json").then(function (d) {
      return d ? d[id % m.per_file] : null;
    });
  }

  var latest = 0, state = null;
  // For whatever waits on a search (the browser tests, a script): the results list carries
  // `data-started`, the searches begun, and `data-query`, the words of the last; `data-busy`,
  // the work still under way (a search, a page of results, a passage read); `data-settled`, the
  // last search whose results were all shown, passages too, once nothing is under way; and
  // `data-shown`, how many results are listed.
  var busy = 0;
  function begin() { list.setAttribute("data-busy", ++busy); }
  function end() {
    busy = Math.max(0, busy - 1);
    list.setAttribute("data-busy", busy);
    if (!busy) { list.setAttribute("data-settled", latest); }
  }
  // The search the current history entry holds for good (as the address writes it): a search
  // given whole (the address the page opened at, Enter, a filter, Back), one a result was
  // followed from. A new search after it gets an entry of its own, so that Back returns to it;
  // the new one's keystrokes replace each other's. Empty until then: a search run for the
  // address itself never adds an entry, however it writes its words.
  var committed = "";
  function run(whole) {
    var query = input.value;
    var params = new URLSearchParams();
    FIELDS.forEach(function (p) {
      if (p[1] && p[1].value) { params.set(p[0], p[1].value); }
    });
    var next = params.toString(), entry = next ? "?" + next : location.pathname;
    if (committed && next !== committed && location.search.slice(1) === committed) {
      history.pushState(null, "", entry);
    } else {
      history.replaceState(null, "", entry);
    }
    if (whole === true) { committed = next; }
    var parsed = parse(query, whole === true);
    var ticket = ++latest;
    list.setAttribute("data-started", ticket);
    list.setAttribute("data-query", query);
    begin();
    failed = 0;
    // A filter alone lists its briefings, newest first.
    var browse = !query.trim() && filtered(params);
    if (!parsed.clauses.length && !browse) {
      // Nothing to look up: an empty box says nothing; signs or emoji, no match.
      list.textContent = ""; moreButton.hidden = true;
      // Nor does a first letter typed, before a word can be looked up.
      // (Given whole, with Enter or in a shared address, it is answered.)
      var typing = /(^|[^\p{Alphabetic}\p{N}])[\p{Alphabetic}\p{N}]$/u.test(query) && document.activeElement === input && whole !== true;
      tell(query.trim() && !typing && query.trim() !== '"' && query.trim() !== '""' ? say("search_none", {}) : "", whole === true);
      end();
      return;
    }
    // A search that takes a while says so (the index files are on a slow network).
    var running = setTimeout(function () { if (ticket === latest) { tell(say("search_running", {}), whole === true); } }, 300);
    meta().then(function (m) {
      var filters = filterFor(m);
      // Without the phrase index (search.phrases: false), a phrase's words are words.
      var phrases = Promise.all(m.pairs ? parsed.phrases.map(function (p) { return phraseDocs(m, p); }) : []);
      return Promise.all([lookupAll(m, parsed.clauses), filters, phrases])
        .then(function (all) {
          var keep = all[1];
          return rank(m, all[0], function (id) { return keep(id) && all[2].every(function (set) { return set.has(id); }); });
        });
    }).then(function (s) {
      if (ticket !== latest || !s) { return; }
      var sources = s.m.pairs ? parsed.phrases.map(phraseSource) : [];
      s.phrase = sources.length ? new RegExp(sources[0], "iu") : null;
      s.mark = marker(s.found, sources);
      var long = sources.filter(function (x, i) { return parsed.phrases[i].length > 2; });
      return (sources.length ? verify(s, sources, long) : s);
    }).then(function (s) {
      if (ticket !== latest || !s) { return; }
      state = s; s.ticket = ticket; s.whole = whole === true; list.textContent = ""; s.shown = 0;
      var was = back;
      back = null;
      return showMore(ticket, 0, was && was.shown).then(function () {
        if (was && links()[was.at]) { links()[was.at].focus(); }
      });
    }).catch(function () { failed = 1; }).then(function () {
      clearTimeout(running);
      // A file not read is no answer: never "No briefings match".
      if (ticket === latest && failed) { tell(say("search_failed", {}), true); }
      end();
    });
  }

  // The first results of a phrase search: those with the phrase in their title first; and of 3+
  // words, found pair by pair, only those that have it whole (`long`). A short phrase reorders
  // only the first page, whose result files are loaded anyway.
  function verify(s, sources, long) {
    var top = s.hits.slice(0, long.length ? 2 * PAGE : PAGE);
    var has = function (text, xs) { return xs.every(function (x) { return new RegExp(x, "iu").test(fold(text)); }); };
    return Promise.all(top.map(function (h) {
      return docOf(s.m, h.id).then(function (doc) {
        var head = doc ? doc[0] + " " + doc[5] : "";
        h.title = doc && has(doc[0], sources);
        // A page read in part (`cut`) may have it past its end: kept.
        return has(head, long) || (doc && page(doc[1]).then(function (p) { return p.cut || has(head + " " + p.text, long); }));
      });
    })).then(function (ok) {
      var kept = top.filter(function (h, i) { return ok[i]; });
      s.hits = kept.filter(function (h) { return h.title; }).concat(kept.filter(function (h) { return !h.title; }), s.hits.slice(top.length));
      return s;
    });
  }

  function rank(m, found, keep) {
    // Of a CJK word's pairs (g), one the index lacks (상호방위: 호방) or a particle's (조약을: 약을)
    // is not required once another is found; a result that has it ranks higher.
    var anchored = {}, hard = function (f) { return f.docs.size && !f.p; };
    found.forEach(function (f) { if (hard(f)) { anchored[f.g] = 1; } });
    var need = found.filter(function (f) { return !(f.g >= 0) || !anchored[f.g] || hard(f); });
    need.sort(function (a, b) { return a.docs.size - b.docs.size; });
    var hits = [], all = new Map();
    for (var id = 0; id < m.docs; id++) { all.set(id); }
    (need.length ? need[0].docs : all).forEach(function (v, id) {
      if (!keep(id)) { return; }
      var score = 0, key = 0;
      for (var i = 0; i < found.length; i++) {
        var h = found[i].docs.get(id);
        if (!h && need.indexOf(found[i]) >= 0) { return; }
        if (!h) { continue; }
        score += h[0] * Math.log(1 + m.docs / found[i].docs.size);
        key |= h[1];
      }
      hits.push({ id: id, score: score, key: key });
    });
    hits.sort(function (a, b) { return b.score - a.score || b.key - a.key || a.id - b.id; });
    var marks = found.map(function (f) { return marker([f]); }).filter(Boolean);
    return { m: m, hits: hits, found: found, marks: marks };
  }

  // Shows `count` more results (a page unless given).
  function showMore(ticket, focus, count) {
    var s = state, m = s.m, before = s.shown;
    // One page at a time, however often it is clicked.
    if (s.loading) { return s.loading; }
    begin();
    var page = Promise.all(s.hits.slice(s.shown, s.shown + (count || PAGE)).map(function (h) { return docOf(m, h.id); }));
    s.loading = page.then(function (docs) {
      s.loading = null;
      if (ticket !== latest) { return; }
      docs.forEach(function (doc) { if (doc) { list.appendChild(item(s, doc, ticket)); } });
      s.shown += docs.length;
      // "More results" hides itself: the focus moves to the first result it added.
      if (focus && links()[before]) { links()[before].focus(); }
      var total = s.hits.length;
      moreButton.hidden = s.shown >= total;
      var said = total === 0 ? say("search_none", {}) :
        say("search_matches", { count: total }) +
          (s.shown < total ? say("search_showing", { shown: s.shown }) : say("search_end", {}));
      tell(said, s.whole || focus);
      list.setAttribute("data-shown", s.shown);
    });
    s.loading.then(end, end);
    return s.loading;
  }

  // The words to highlight: the forms matched, prefixes and phrases (`sources`). A word's
  // apostrophe and letters after it are its own (don't, Russia's), not marked half. A word ends
  // where a Chinese character or kana begins (`NHKによると`); Hangul goes on a Korean word
  // (`24년`, a number with its counter).
  function marker(found, sources) {
    var L = "(?:(?![\\p{sc=Han}\\p{sc=Hira}\\p{sc=Kana}])[\\p{Alphabetic}\\p{N}])", edge = "(?<!" + L + ")", tail = "(?:['’]\\p{Alphabetic}+)?", parts = (sources || []).slice();
    found.forEach(function (f) {
      f.forms.slice(0, 200).forEach(function (w) {
        parts.push(CJK.test(w) ? esc(w) : edge + esc(w) + tail + "(?!" + L + ")");
      });
      if (f.prefix) { parts.push(edge + esc(f.prefix) + L + "*" + tail); }
    });
    if (!parts.length) { return null; }
    parts.sort(function (a, b) { return b.length - a.length; });
    return new RegExp(parts.join("|"), "giu");
  }
  // A regular expression's source for a phrase's words together, whole and in order (a word of
  // one letter may stand between them, as the index leaves those out).
  function phraseSource(phrase) {
    var other = "[^\\p{Alphabetic}\\p{N}.!?;:。！？；：]", word = "[\\p{Alphabetic}\\p{N}]";
    var between = "(?:" + other + "+" + word + "(?!" + word + "))*" + other + "+";
    // A CJK word may take a particle.
    return "(?<!" + word + ")" + phrase.map(function (w) { return esc(w) + (CJK.test(w) ? PARTICLE.source + "?" : ""); }).join(between) + "(?!" + word + ")";
  }
  function esc(w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Text with the matched words in <mark>, as text nodes (never parsed as HTML).
  function marked(parent, text, re) {
    var at = 0, folded = fold(text);
    if (re) {
      re.lastIndex = 0;
      var found;
      while ((found = re.exec(folded)) && found[0]) {
        parent.appendChild(document.createTextNode(text.slice(at, found.index)));
        var mark = el("mark");
        mark.textContent = text.slice(found.index, at = found.index + found[0].length);
        parent.appendChild(mark);
      }
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  function el(tag, cls) { var e = document.createElement(tag); if (cls) { e.className = cls; } return e; }

  function item(s, doc, ticket) {
    var m = s.m, re = s.mark;
    var li = el("li", "search-result");
    var heading = el("h2"), link = el("a");
    link.href = doc[1];
    heading.appendChild(marked(link, doc[0], re));
    li.appendChild(heading);
    var line = [doc[2]];
    var topics = doc[3].map(function (i) { return m.topics[i] ? m.topics[i][1] : ""; }).filter(Boolean);
    var outlets = doc[4].map(function (i) { return m.outlets[i]; }).filter(Boolean);
    if (topics.length) { line.push(topics.join(WORDS.byline_comma)); }
    // The outlets marked too: a briefing found by its outlet's name shows why. Not the date nor
    // the topics, whose words find nothing (a topic is a filter): marked, they said they had.
    var meta = el("p", "meta");
    meta.appendChild(document.createTextNode(line.join(" · ") + (outlets.length ? " · " : "")));
    if (outlets.length) { marked(meta, outlets.join(WORDS.byline_comma), re); }
    li.appendChild(meta);
    var excerpt = el("p", "search-excerpt");
    if (doc[5]) { li.appendChild(marked(excerpt, doc[5], re)); }
    // Once typing stops, the body's passage with what title and summary lack replaces the summary.
    var shown = fold(doc[0] + " " + (doc[5] || ""));
    var wanted = (s.phrase && !s.phrase.test(shown) ? [s.phrase] : [])
      .concat(s.marks.filter(function (r) { return !matches(r, shown); }));
    if (wanted.length) {
      begin();
      setTimeout(function () {
        if (ticket !== latest) { end(); return; }
        page(doc[1]).then(function (p) {
          var cut = passage(p.text, wanted);
          if (cut) {
            excerpt.textContent = "";
            marked(excerpt, cut, re);
            if (!excerpt.parentNode) { li.appendChild(excerpt); }
            return;
          }
          // Found by its tags alone: the tags that match say why.
          var tags = p.tags.filter(function (t) { return wanted.some(function (r) { return matches(r, t); }); });
          if (tags.length) { li.appendChild(marked(el("p", "meta search-tags"), say("search_tagged", { tags: tags.join(WORDS.byline_comma) }), re)); }
        }).then(end, end);
      }, SETTLE);
    }
    return li;
  }

  function matches(re, text) { re.lastIndex = 0; var found = re.test(fold(text)); re.lastIndex = 0; return found; }

  // An article's page as search reads it: its body's text ([data-search-body], "" without) and
  // its tags (<meta property="article:tag">); READ_PAGES kept.
  var pages = {}, read = [];
  function page(url) {
    if (!pages[url]) {
      read.push(url);
      if (read.length > READ_PAGES) { delete pages[read.shift()]; }
      pages[url] = fetch(url).then(head, function () { delete pages[url]; return { html: "" }; })
        .then(function (got) {
          var html = got.html;
          var d = html ? new DOMParser().parseFromString(html, "text/html") : null;
          var body = d && d.querySelector("[data-search-body]"), out = [];
          if (body) { textOf(body, out); }
          var tags = d ? d.querySelectorAll('meta[property="article:tag"]') : [];
          return {
            text: out.join("").replace(/\s+/g, " ").trim(),
            tags: [].map.call(tags, function (m) { return m.content; }),
            cut: got.cut
          };
        });
    }
    return pages[url];
  }
  // A page's first PAGE_BYTES (its passages are read from them): one result in an article of
  // megabytes must not fetch them all.
  var PAGE_BYTES = 512 * 1024;
  function head(r) {
    if (!r.ok) { return { html: "" }; }
    if (!r.body || !r.body.getReader || !window.TextDecoder) { return r.text().then(function (html) { return { html: html }; }); }
    var reader = r.body.getReader(), decoder = new TextDecoder(), parts = [], got = 0;
    function next() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { return { html: parts.join("") + decoder.decode() }; }
        var bytes = chunk.value, full = got + bytes.length > PAGE_BYTES;
        if (full) { bytes = bytes.subarray(0, PAGE_BYTES - got); reader.cancel(); }
        got += bytes.length;
        parts.push(decoder.decode(bytes, { stream: !full }));
        return full ? { html: parts.join(""), cut: true } : next();
      });
    }
    return next();
  }
  // A body's words as read: a space after each block, a dash after a heading or cell without
  // closing punctuation ("Why it matters now — Set against…"), no footnote marks or scripts.
  var BLOCK = /^(P|LI|UL|OL|DL|DT|DD|TD|TH|TR|TABLE|CAPTION|H[1-6]|DIV|PRE|BLOCKQUOTE|FIGURE|FIGCAPTION|SECTION|ARTICLE|ASIDE|HEADER|FOOTER|NAV|ADDRESS|DETAILS|SUMMARY|HR|BR)$/;
  var HEADING = /^(H[1-6]|DT|CAPTION|SUMMARY|T[DH])$/, CLOSED = /[.!?:;…。！？：；][)\]"'”’»」』]*$/u;
  var UNREAD = /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/;
  function textOf(node, out) {
    for (var c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) { out.push(c.data); }
      if (c.nodeType !== 1 || UNREAD.test(c.tagName) || /footnote-(ref|backref)/.test(c.className)) { continue; }
      var from = out.length;
      textOf(c, out);
      if (!BLOCK.test(c.tagName)) { continue; }
      var own = HEADING.test(c.tagName) && out.slice(from).join("").trim();
      out.push(own && !CLOSED.test(own) ? " — " : " ");
    }
  }

  // About PASSAGE characters around the first match of `wanted`, cut between words; or null.
  function passage(text, wanted) {
    var found = null;
    for (var i = 0; i < wanted.length && !found; i++) {
      wanted[i].lastIndex = 0;
      found = wanted[i].exec(fold(text));
      wanted[i].lastIndex = 0;
    }
    if (!found) { return null; }
    // Chinese, Japanese and Korean characters are twice as wide: half as many.
    var size = CJK.test(found[0]) ? PASSAGE / 2 : PASSAGE;
    var from = Math.max(0, Math.min(found.index - Math.floor(size / 3), text.length - size));
    // From the start of the last sentence before the match, else of the first part after a
    // heading's or cell's dash (not inside it), else from a word.
    var before = text.slice(from, found.index);
    var lead = /.*[.!?…。！？]["'”’»)]*\s/su.exec(before) || /^.*?\s—\s/su.exec(before);
    var space = text.indexOf(" ", from);
    if (lead) { from += lead[0].length; }
    else if (from > 0 && space >= 0 && space < found.index && space - from < 20) { from = space + 1; }
    var to = Math.min(text.length, from + size);
    space = text.lastIndexOf(" ", to);
    if (to < text.length && space > found.index + found[0].length && to - space < 20) { to = space; }
    // Never inside what a reader sees as one character, nor a surrogate pair.
    if (GRAPHEMES) {
      var segments = GRAPHEMES.segment(text);
      var first = segments.containing(from), last = segments.containing(to - 1);
      if (first && first.index < from) { from = first.index + first.segment.length; }
      if (last && last.index + last.segment.length > to) { to = last.index; }
    }
    if (/[\udc00-\udfff]/.test(text.charAt(from))) { from++; }
    if (/[\ud800-\udbff]/.test(text.charAt(to - 1))) { to--; }
    return (from > 0 ? "… " : "") + text.slice(from, to) + (to < text.length ? " …" : "");
  }

  // Arrow keys move between the search box and the results' links; Enter follows a link.
  function links() { return [].slice.call(list.querySelectorAll("a")); }
  // Escape on a result goes back to the box.
  form.parentNode.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (e.key === "Escape" && at >= 0) { input.focus(); }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    if (at < 0 && document.activeElement !== input) { return; }
    e.preventDefault();
    var next = e.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : at - 1;
    if (next < 0) { input.focus(); } else if (all[next]) { all[next].focus(); }
  });

  var timer = null;
  // Not while an IME composes a syllable.
  function schedule(e) { clearTimeout(timer); if (!e.isComposing) { timer = setTimeout(function () { run(false); }, 120); } }
  input.addEventListener("input", schedule);
  input.addEventListener("compositionend", schedule);
  [topicSel, outletSel, fromIn, toIn].forEach(function (f) {
    if (f) { f.addEventListener("change", function () { notice.textContent = ""; run(true); }); }
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
  // Only the results shown: while a newer search runs, theirs are about to go (the old
  // results' next page, come in after the new search's, was shown under its count).
  moreButton.addEventListener("click", function () { if (state && state.ticket === latest) { showMore(latest, true); } });
  // Back from a result shows as many results, the focus on the one followed.
  list.addEventListener("click", function (e) {
    var at = links().indexOf(e.target.closest("a"));
    if (at >= 0 && state) {
      history.replaceState({ shown: state.shown, at: at, whole: state.whole }, "");
      committed = location.search.slice(1);
    }
  });
  // Back (or Forward) to another search of this page: its words and filters, searched again.
  window.addEventListener("popstate", function () {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    FIELDS.slice(1).forEach(function (f) {
      if (f[1]) { f[1].value = p.get(f[0]) || ""; }
    });
    if (narrow && filtered(p)) { narrow.open = true; }
    committed = "";
    notice.textContent = "";
    run(true);
  });

  meta().then(function (m) {
    // A site with many topics lists only its most active on the page: the rest are in meta.json.
    if (m && topicSel) {
      var shown = {};
      [].forEach.call(topicSel.options, function (o) { shown[o.value] = true; });
      m.topics.forEach(function (t) {
        if (shown[t[0]]) { return; }
        var option = el("option");
        option.value = t[0];
        option.textContent = t[1];
        topicSel.appendChild(option);
      });
    }
    if (m && outletSel) {
      m.outlets.forEach(function (name) {
        var option = el("option");
        option.value = option.textContent = name;
        outletSel.appendChild(option);
      });
    }
    // A topic or outlet of a shared address is matched in any case; one the site lacks is said,
    // as is a day that is no date (`from=garbage`, which the date box would drop unsaid).
    var notes = [];
    FIELDS.forEach(function (p) {
      var v = params.get(p[0]), f = p[1];
      if (!f || !v) { return; }
      // A day of the calendar: `2024-02-30` has the shape of one and is none.
      var day = /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(v + "T00:00:00Z");
      if ((p[0] === "from" || p[0] === "to") && (!day || isNaN(day) || day.toISOString().slice(0, 10) !== v)) {
        notes.push(say("search_unknown_date", { name: v }));
        return;
      }
      // A renamed topic answers to its old names too (its option's data-old).
      var o = f.options && [].find.call(f.options, function (o) {
        return o.value.toLowerCase() === v.toLowerCase() || (o.dataset.old || "").split(" ").indexOf(v.toLowerCase()) >= 0;
      });
      f.value = o ? o.value : f.options ? "" : v;
      if (f.options && !o) { notes.push(say("search_unknown_" + p[0], { name: v })); }
    });
    notice.textContent = notes.join(" ");
    // Back from a result: the search as it was read (as typed, or whole), so the same list.
    if (params.toString()) { run(!back || back.whole !== false); }
  });
})();
