// gazette serve: live reload. Injected into HTML responses by `gazette serve`, never into `build`
// output. Listens to server-sent events on the same port; when a new build is in place it swaps
// the new page in without reloading (a page with scripts of its own is reloaded instead), swaps
// stylesheets when only CSS changed, shows build errors in an overlay, keeps the scroll position,
// and reconnects by itself when the server restarts.
(function () {
  "use strict";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  var scrollKey = "gazette-scroll:" + location.pathname;

  try {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      var y = parseInt(saved, 10);
      var restore = function () { window.scrollTo(0, y); };
      if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try { sessionStorage.setItem(scrollKey, String(window.scrollY)); } catch (e) { /* ignore */ }
    location.reload();
  }

  // Scripts that run: a page with any (besides this one) is reloaded, since swapping its body in
  // would leave them attached to the old one.
  function ownScripts(doc) {
    var found = [];
    var scripts = doc.querySelectorAll("script");
    for (var i = 0; i < scripts.length; i++) {
      var type = (scripts[i].getAttribute("type") || "").trim().toLowerCase();
      var runs = type === "" || type === "module" || type.indexOf("javascript") >= 0 || type.indexOf("ecmascript") >= 0;
      if (runs && scripts[i].getAttribute("src") !== "/__gazette/reload.js") { found.push(scripts[i]); }
    }
    return found;
  }

  // The stylesheets a page links, as URLs without the cache-busting parameter a CSS swap adds.
  function stylesheetList(doc) {
    var links = doc.querySelectorAll('link[rel="stylesheet"]');
    var hrefs = [];
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].getAttribute("href") || "", location.href);
      url.searchParams.delete("gazette");
      hrefs.push(url.toString());
    }
    return hrefs.join("\n");
  }

  // Updates in flight are numbered: only the newest one may swap its page in. The errors shown
  // last are kept, so that an update finishing after them does not hide them.
  var updates = 0;
  var shownErrors = [];

  // Shows the new build of this page: fetched and swapped in place (no flash, scroll and the
  // stylesheets kept), or reloaded when that cannot be done faithfully.
  function update(newVersion, styles) {
    if (ownScripts(document).length > 0 || !window.fetch || !window.DOMParser) { reload(); return; }
    var mine = ++updates;
    shownErrors = [];
    fetch(location.href, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      if (mine !== updates) { return null; }
      var type = response.headers.get("content-type") || "";
      if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) { reload(); return null; }
      return response.text().then(function (html) {
        if (mine !== updates) { return; }
        var next = new DOMParser().parseFromString(html, "text/html");
        if (ownScripts(next).length > 0 || stylesheetList(next) !== stylesheetList(document) || !next.body) {
          reload();
          return;
        }
        var y = window.scrollY;
        var head = document.head;
        var old = head.querySelectorAll(':scope > :not(link[rel="stylesheet"])');
        for (var i = 0; i < old.length; i++) { old[i].remove(); }
        var fresh = next.head.querySelectorAll(':scope > :not(link[rel="stylesheet"])');
        for (var j = 0; j < fresh.length; j++) { head.appendChild(document.adoptNode(fresh[j])); }
        document.documentElement.lang = next.documentElement.lang;
        document.body.replaceWith(document.adoptNode(next.body));
        window.scrollTo(0, y);
        version = newVersion;
        if (styles) { swapStylesheets(); }
        // The new body has no overlay: show again the errors that arrived meanwhile, if any.
        overlay = null;
        showOverlay(shownErrors);
      });
    }).catch(function () { reload(); });
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("gazette", String(Date.now()));
      links[i].href = url.toString();
    }
  }

  var overlay = null;
  function hideOverlay() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function showOverlay(errors) {
    hideOverlay();
    if (!errors || errors.length === 0) { return; }
    overlay = document.createElement("div");
    overlay.id = "gazette-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build errors");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:#141418;color:#f5f5f5;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow:auto;padding:2rem;";
    var box = document.createElement("div");
    box.style.cssText = "max-width:60rem;margin:0 auto;";
    var title = document.createElement("h2");
    // Under the overlay is the page as served: the last good build's when the site fails to
    // build, the new one's when only other pages' templates fail; nothing, on the server's own
    // error page (no build has passed yet, or this page's template fails).
    var underneath = document.body && document.body.hasAttribute("data-gazette-error-page") ? "." :
      ". Dismiss this to see the page as it is served.";
    title.textContent = "The site has " + errors.length + (errors.length === 1 ? " error" : " errors") + underneath;
    title.style.cssText = "font:bold 18px/1.3 system-ui,sans-serif;color:#ff8a80;margin:0 0 1rem;";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.style.cssText = "float:right;font:14px system-ui,sans-serif;padding:.3rem .8rem;cursor:pointer;";
    close.addEventListener("click", hideOverlay);
    box.appendChild(close);
    box.appendChild(title);
    for (var i = 0; i < errors.length; i++) {
      var pre = document.createElement("pre");
      pre.className = "gazette-error";
      pre.style.cssText = "white-space:pre-wrap;overflow-x:auto;background:#2a2a30;border-left:4px solid #ff8a80;padding:.75rem 1rem;margin:0 0 1rem;";
      // The message and its help wrap; the quoted source line and its caret do not (a wrapped
      // line would leave the caret under nothing): the block scrolls sideways instead.
      var lines = errors[i].split("\n");
      for (var j = 0; j < lines.length; j++) {
        var line = document.createElement("span");
        if (/^\s*\d*\s+\|/.test(lines[j])) line.style.whiteSpace = "pre";
        line.textContent = lines[j] + (j + 1 < lines.length ? "\n" : "");
        pre.appendChild(line);
      }
      box.appendChild(pre);
    }
    overlay.appendChild(box);
    document.body.appendChild(overlay);
    close.focus();
  }
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hideOverlay(); } });

  var source = null;
  function connect() {
    source = new EventSource("/__gazette/events");
    source.addEventListener("hello", function (e) {
      var data = JSON.parse(e.data);
      if (version !== null && String(data.version) !== version && data.errors.length === 0) { reload(); return; }
      shownErrors = data.errors;
      showOverlay(shownErrors);
    });
    source.addEventListener("reload", function (e) {
      var parts = String(e.data).split(" ");
      update(parts[0], parts[1] === "styles");
    });
    source.addEventListener("css", function (e) { version = e.data; shownErrors = []; hideOverlay(); swapStylesheets(); });
    source.addEventListener("errors", function (e) { shownErrors = JSON.parse(e.data); showOverlay(shownErrors); });
    source.onerror = function () {
      // The browser retries by itself; if the connection is closed for good, start again.
      if (source.readyState === EventSource.CLOSED) { setTimeout(connect, 500); }
    };
  }
  connect();
})();
