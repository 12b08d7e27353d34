// gazette search: queries the index `gazette build` writes under search/, in the browser, with no
// server. meta.json names the term chunks; a query fetches the chunks of its words, then the
// result files (docs/<n>.json) of the results shown, and filters.json only when a filter is set.
// Words match by stem: a chunk lists each stem with the site's words that give it, so no stemmer
// runs here. The last word also matches as a prefix while it is typed; "quoted words" must
// appear together in a result's title or excerpt; CJK text matches by pairs of characters.
// ?q=…&topic=…&outlet=…&from=…&to=… is kept in the address so a search can be shared.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var base = form.getAttribute("data-index");
  function $(id) { return document.getElementById(id); }
  var input = $("search-q"), topicSel = $("search-topic"), outletSel = $("search-outlet"),
    fromIn = $("search-from"), toIn = $("search-to"), status = $("search-status"),
    list = $("search-results");
  // Optional: a theme's older search page may have no outlet or date filters, nor this button.
  var moreButton = $("search-more") || document.createElement("button");
  var PAGE = 10, PHRASE_CHECKS = 30;
  var files = {};
  var WORD = /[^\p{Alphabetic}\p{N}]+/u;
  var CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3ffff}]/u;
  var SUFFIXES = ["s", "es", "ed", "ing", "er", "ers", "ly", "ion", "ions", "ment", "ments", "ies", "y", "e"];
  // The words this script writes: English here; a page in another language gives its own
  // (i18n/<lang>.yaml of the theme) in <script id="search-words">, counted words by plural category.
  var WORDS = {
    search_no_phrase: "No title or summary has the exact phrase; ",
    search_none: "No briefings match.",
    search_phrase_among: "{total} briefings match the phrase among the {checked} best of {hits} with these words",
    search_matches: { one: "{count} briefing matches", other: "{count} briefings match" },
    search_all_words: " all its words",
    search_showing: "; showing {shown}.",
    search_end: "."
  };
  var given = document.getElementById("search-words");
  if (given) {
    try { var theirs = JSON.parse(given.textContent); Object.keys(theirs).forEach(function (k) { WORDS[k] = theirs[k]; }); } catch (e) { /* keep English */ }
  }
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
  // The words of `key`, the form `args.count` takes, each {name} filled from `args`.
  function say(key, args) {
    var text = WORDS[key];
    if (text && typeof text === "object") {
      var category = plurals ? plurals.select(args.count) : (args.count === 1 ? "one" : "other");
      text = text[category] || text.other;
    }
    return String(text).replace(/\{(\w+)\}/g, function (all, name) { return name in args ? String(args[name]) : all; });
  }

  function get(path) {
    if (!files[path]) {
      files[path] = fetch(base + path).then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return files[path];
  }
  var meta = get("meta.json");

  function words(text) { return text.toLowerCase().split(WORD).filter(Boolean); }

  // The clauses of a query, each a word every result must hold: {t, prefix, phrase}. Runs of CJK
  // characters become their bigrams, as the index has them.
  function parse(query) {
    var clauses = [], phrases = [];
    var parts = query.split('"');
    var open = /[\p{Alphabetic}\p{N}]$/u.test(query);
    parts.forEach(function (part, i) {
      var ws = words(part);
      var lastPart = i === parts.length - 1;
      // A quote not yet closed is still being typed: its words are words, its last a prefix.
      var quoted = i % 2 === 1 && !(lastPart && parts.length % 2 === 0);
      if (quoted && ws.length > 1) { phrases.push(ws); }
      ws.forEach(function (w, j) {
        var last = open && lastPart && j === ws.length - 1 && !quoted;
        var chars = Array.from(w);
        var run = "";
        var flush = function (cjk) {
          var cs = Array.from(run);
          if (cjk && cs.length === 1) { clauses.push({ t: run, prefix: true }); }
          else if (cjk) { for (var k = 0; k + 1 < cs.length; k++) { clauses.push({ t: cs[k] + cs[k + 1] }); } }
          else if (cs.length > 1) { clauses.push({ t: run, prefix: last && !CJK.test(w) }); }
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
    });
    return { clauses: clauses, phrases: phrases };
  }

  // A key's postings, in base-64 digits: each document's distance from the previous one (five
  // bits a digit, low first, the sixth bit set on all but the last), then its weight times two,
  // plus one for a key event.
  var DIGIT = new Uint8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) {
    DIGIT[c.charCodeAt(0)] = i;
  });
  function postings(p, each) {
    var id = 0, delta = 0, shift = 0;
    for (var i = 0; i < p.length; i++) {
      var v = DIGIT[p.charCodeAt(i)];
      delta += (v & 31) * Math.pow(2, shift);
      if (v & 32) { shift += 5; continue; }
      id += delta; delta = 0; shift = 0;
      each(id, DIGIT[p.charCodeAt(++i)]);
    }
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
      var hits = entries.filter(function (e) { return e[0] === t || e[1].indexOf(t) >= 0; });
      var exact = hits.length > 0;
      if (!exact && clause.prefix) {
        hits = entries.filter(function (e) {
          return e[0].indexOf(t) === 0 || e[1].some(function (f) { return f.indexOf(t) === 0; });
        });
      }
      if (!hits.length && t.length > 3) {
        // A word the site never spells: its stem, if it is the word less a common ending.
        hits = entries.filter(function (e) {
          return e[0].length > 2 && t.indexOf(e[0]) === 0 && SUFFIXES.indexOf(t.slice(e[0].length)) >= 0;
        });
      }
      var docs = new Map();
      var forms = [];
      hits.forEach(function (e) {
        forms.push(e[0]); forms.push.apply(forms, e[1]);
        postings(e[2], function (id, weight) {
          var w = (weight >> 1) * (exact ? 1 : 0.7), old = docs.get(id);
          if (!old || old[0] < w) { docs.set(id, [w, weight & 1]); }
        });
      });
      return { docs: docs, forms: forms, prefix: clause.prefix && !exact ? t : null };
    });
  }

  function filtersWanted() {
    return topicSel.value || (outletSel && outletSel.value) || (fromIn && fromIn.value) || (toIn && toIn.value);
  }

  // Whether document `id` passes the filters set (filters.json, its days delta-coded).
  function filterFor(m, f) {
    if (!f) { return function () { return true; }; }
    if (!f.day) { var d = 0; f.day = f.days.map(function (x) { return (d += x); }); }
    var topic = m.topics.findIndex(function (t) { return t[0] === topicSel.value; });
    var outlet = outletSel ? m.outlets.indexOf(outletSel.value) : -1;
    var from = fromIn && fromIn.value ? +fromIn.value.replace(/-/g, "") : 0;
    var to = toIn && toIn.value ? +toIn.value.replace(/-/g, "") : 99999999;
    return function (id) {
      return (!topicSel.value || f.topics[id].indexOf(topic) >= 0) &&
        (!outletSel || !outletSel.value || f.outlets[id].indexOf(outlet) >= 0) &&
        f.day[id] >= from && f.day[id] <= to;
    };
  }

  function docOf(m, id) {
    return get("docs/" + Math.floor(id / m.per_file) + ".json").then(function (d) {
      return d ? d[id % m.per_file] : null;
    });
  }

  var latest = 0, state = null;
  function run() {
    var query = input.value;
    var params = new URLSearchParams();
    [["q", input], ["topic", topicSel], ["outlet", outletSel], ["from", fromIn], ["to", toIn]].forEach(function (p) {
      if (p[1] && p[1].value) { params.set(p[0], p[1].value); }
    });
    history.replaceState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
    var parsed = parse(query);
    var ticket = ++latest;
    if (!parsed.clauses.length) {
      list.textContent = ""; status.textContent = ""; moreButton.hidden = true;
      return;
    }
    meta.then(function (m) {
      var filters = filtersWanted() ? get("filters.json") : null;
      return Promise.all([Promise.all(parsed.clauses.map(function (c) { return lookup(m, c); })), filters])
        .then(function (all) { return rank(m, parsed, all[0], filterFor(m, all[1])); });
    }).then(function (s) {
      if (ticket !== latest || !s) { return; }
      state = s; list.textContent = ""; s.shown = 0;
      return showMore(ticket);
    });
  }

  function rank(m, parsed, found, keep) {
    found.sort(function (a, b) { return a.docs.size - b.docs.size; });
    var hits = [];
    found[0].docs.forEach(function (v, id) {
      if (!keep(id)) { return; }
      var score = 0, key = 0;
      for (var i = 0; i < found.length; i++) {
        var h = found[i].docs.get(id);
        if (!h) { return; }
        score += h[0] * Math.log(1 + m.docs / found[i].docs.size);
        key |= h[1];
      }
      hits.push({ id: id, score: score, key: key });
    });
    hits.sort(function (a, b) { return b.score - a.score || b.key - a.key || a.id - b.id; });
    return { m: m, hits: hits, found: found, phrases: parsed.phrases, mark: marker(found), checked: 0, verified: [] };
  }

  // The next page of results: with a phrase, checked against their title and excerpt first.
  function showMore(ticket) {
    var s = state, m = s.m;
    var page;
    if (!s.phrases.length) {
      page = Promise.all(s.hits.slice(s.shown, s.shown + PAGE).map(function (h) { return docOf(m, h.id); }));
    } else {
      page = verify(s, s.shown + PAGE).then(function () {
        if (s.verified.length || s.shown) { return s.verified.slice(s.shown, s.shown + PAGE); }
        // No title or excerpt among the best holds the phrase (it may be in a body, which the
        // index does not keep in order): show the briefings with all its words, and say so.
        s.phrases = []; s.loose = true;
        return Promise.all(s.hits.slice(0, PAGE).map(function (h) { return docOf(m, h.id); }));
      });
    }
    return page.then(function (docs) {
      if (ticket !== latest) { return; }
      docs.forEach(function (doc) { if (doc) { list.appendChild(item(m, doc, s.mark)); } });
      s.shown += docs.length;
      var total = s.phrases.length ? s.verified.length : s.hits.length;
      var unsure = s.phrases.length && s.checked < s.hits.length;
      moreButton.hidden = s.shown >= total && !unsure;
      status.textContent = (s.loose ? say("search_no_phrase", {}) : "") +
        (total === 0 && !unsure ? say("search_none", {}) :
          (unsure ? say("search_phrase_among", { total: total, checked: s.checked, hits: s.hits.length }) :
            say("search_matches", { count: total }) + (s.loose && total !== 1 ? say("search_all_words", {}) : "")) +
          (s.shown < total ? say("search_showing", { shown: s.shown }) : say("search_end", {})));
    });
  }

  function verify(s, wanted) {
    if (s.verified.length >= wanted || s.checked >= s.hits.length || s.checked >= PHRASE_CHECKS * Math.ceil(wanted / PAGE)) {
      return Promise.resolve();
    }
    var batch = s.hits.slice(s.checked, s.checked + PAGE * 3);
    s.checked += batch.length;
    return Promise.all(batch.map(function (h) { return docOf(s.m, h.id); })).then(function (docs) {
      docs.forEach(function (doc) {
        if (!doc) { return; }
        var text = " " + words(doc[0] + " " + doc[5]).join(" ") + " ";
        if (s.phrases.every(function (p) { return text.indexOf(" " + p.join(" ") + " ") >= 0; })) { s.verified.push(doc); }
      });
      return verify(s, wanted);
    });
  }

  // A regular expression for the words to highlight: the forms matched, whole, and prefixes.
  function marker(found) {
    var edge = "(?<![\\p{Alphabetic}\\p{N}])", parts = [];
    found.forEach(function (f) {
      f.forms.slice(0, 200).forEach(function (w) {
        parts.push(CJK.test(w) ? esc(w) : edge + esc(w) + "(?![\\p{Alphabetic}\\p{N}])");
      });
      if (f.prefix) { parts.push(edge + esc(f.prefix) + "[\\p{Alphabetic}\\p{N}]*"); }
    });
    if (!parts.length) { return null; }
    parts.sort(function (a, b) { return b.length - a.length; });
    return new RegExp(parts.join("|"), "giu");
  }
  function esc(w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Text with the matched words in <mark>, as text nodes (never parsed as HTML).
  function marked(parent, text, re) {
    var at = 0;
    if (re) {
      re.lastIndex = 0;
      var found;
      while ((found = re.exec(text)) && found[0]) {
        parent.appendChild(document.createTextNode(text.slice(at, found.index)));
        var mark = document.createElement("mark");
        mark.textContent = found[0];
        parent.appendChild(mark);
        at = found.index + found[0].length;
      }
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
    return parent;
  }

  function el(tag, cls) { var e = document.createElement(tag); if (cls) { e.className = cls; } return e; }

  function item(m, doc, re) {
    var li = el("li", "search-result");
    var heading = el("h2"), link = el("a");
    link.href = doc[1];
    heading.appendChild(marked(link, doc[0], re));
    li.appendChild(heading);
    var line = [doc[2]];
    var topics = doc[3].map(function (i) { return m.topics[i] ? m.topics[i][1] : ""; }).filter(Boolean);
    var outlets = doc[4].map(function (i) { return m.outlets[i]; }).filter(Boolean);
    if (topics.length) { line.push(topics.join(", ")); }
    if (outlets.length) { line.push(outlets.join(", ")); }
    var info = el("p", "meta");
    info.textContent = line.join(" · ");
    li.appendChild(info);
    if (doc[5]) { li.appendChild(marked(el("p", "search-excerpt"), doc[5], re)); }
    return li;
  }

  // Arrow keys move between the search box and the results' links; Enter follows a link.
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  form.parentNode.addEventListener("keydown", function (e) {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0 && document.activeElement !== input) { return; }
    e.preventDefault();
    var next = e.key === "ArrowDown" ? Math.min(at + 1, all.length - 1) : at - 1;
    if (next < 0) { input.focus(); } else if (all[next]) { all[next].focus(); }
  });

  var timer = null;
  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); }
  input.addEventListener("input", schedule);
  [topicSel, outletSel, fromIn, toIn].forEach(function (f) { if (f) { f.addEventListener("change", run); } });
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  moreButton.addEventListener("click", function () { if (state) { showMore(latest); } });

  var params = new URLSearchParams(location.search);
  meta.then(function (m) {
    if (m && outletSel) {
      m.outlets.forEach(function (name) {
        var option = el("option");
        option.value = option.textContent = name;
        outletSel.appendChild(option);
      });
    }
    [["q", input], ["topic", topicSel], ["outlet", outletSel], ["from", fromIn], ["to", toIn]].forEach(function (p) {
      if (p[1] && params.get(p[0])) { p[1].value = params.get(p[0]); }
    });
    if (input.value) { run(); }
  });
})();
