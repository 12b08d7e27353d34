// gazette search: queries the sharded index that `gazette build` writes under search/, in the
// browser, with no server. Words are matched whole, the last one also as a prefix; results must
// contain every word, title matches rank first, then newest first. ?q=…&topic=… is kept in the
// address so a search can be linked.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var base = form.getAttribute("data-index");
  var input = document.getElementById("search-q");
  var topicSelect = document.getElementById("search-topic");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var docs = null;
  var shards = {};

  function fetchJson(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : {}; }).catch(function () { return {}; });
  }

  // The same rules as src/search.rs: words of letters and digits, lower case.
  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length >= 2 || (w.length === 1 && w.codePointAt(0) >= 0x2e80);
    });
  }

  function shardKey(term) {
    var first = term.charAt(0);
    if (/[a-z0-9]/.test(first)) {
      var second = term.charAt(1);
      return /[a-z0-9]/.test(second) ? first + second : first;
    }
    return "u" + term.codePointAt(0).toString(16);
  }

  function shard(key) {
    if (!shards[key]) { shards[key] = fetchJson(base + "terms/" + key + ".json"); }
    return shards[key];
  }

  // The documents containing `term`; the last word typed also matches as a prefix.
  function lookup(term, prefix) {
    return shard(shardKey(term)).then(function (postings) {
      var found = new Set();
      Object.keys(postings).forEach(function (t) {
        if (t === term || (prefix && t.indexOf(term) === 0)) {
          postings[t].forEach(function (id) { found.add(id); });
        }
      });
      return found;
    });
  }

  var latest = 0;
  function run() {
    var query = input.value;
    var topic = topicSelect.value;
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    if (topic) { params.set("topic", topic); }
    history.replaceState(null, "", params.toString() ? "?" + params.toString() : location.pathname);
    var words = terms(query);
    var ticket = ++latest;
    if (words.length === 0) {
      results.textContent = "";
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    var docsReady = docs ? Promise.resolve(docs) : fetchJson(base + "docs.json").then(function (d) { docs = d; return d; });
    var lookups = words.map(function (w, i) { return lookup(w, i === words.length - 1); });
    Promise.all([docsReady].concat(lookups)).then(function (all) {
      if (ticket !== latest) { return; }
      var index = all[0];
      var sets = all.slice(1);
      var topicIndex = -1;
      (index.topics || []).forEach(function (t, i) { if (t[0] === topic) { topicIndex = i; } });
      var hits = [];
      sets[0].forEach(function (id) {
        if (!sets.every(function (s) { return s.has(id); })) { return; }
        var doc = index.docs[id];
        if (!doc || (topic && doc[4].indexOf(topicIndex) < 0)) { return; }
        var title = doc[0].toLowerCase();
        var score = words.filter(function (w) { return title.indexOf(w) >= 0; }).length;
        hits.push({ id: id, doc: doc, score: score });
      });
      hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
      show(hits.slice(0, 100), hits.length, index.topics || []);
    });
  }

  function show(hits, total, topics) {
    results.textContent = "";
    hits.forEach(function (hit) {
      var doc = hit.doc;
      var item = document.createElement("li");
      item.className = "search-result";
      var heading = document.createElement("h2");
      var link = document.createElement("a");
      link.href = doc[1];
      link.textContent = doc[0];
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = document.createElement("p");
      meta.className = "meta";
      var topicNames = doc[4].map(function (i) { return topics[i] ? topics[i][1] : ""; }).filter(Boolean);
      meta.textContent = doc[3] + (topicNames.length ? " · " + topicNames.join(", ") : "");
      item.appendChild(meta);
      if (doc[2]) {
        var summary = document.createElement("p");
        summary.textContent = doc[2];
        item.appendChild(summary);
      }
      results.appendChild(item);
    });
    status.textContent = total === 0 ? "No briefings match." :
      total === 1 ? "1 briefing matches." : total + " briefings match" + (total > hits.length ? "; showing the first " + hits.length + "." : ".");
  }

  var timer = null;
  function schedule() { clearTimeout(timer); timer = setTimeout(run, 120); }
  input.addEventListener("input", schedule);
  topicSelect.addEventListener("change", run);
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });

  var params = new URLSearchParams(location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  if (params.get("topic")) { topicSelect.value = params.get("topic"); }
  if (input.value) { run(); }
})();
