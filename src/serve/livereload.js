// unspun serve: live reload and the build-error overlay.
// Served by `unspun serve` only; never part of a built site.
(function () {
  "use strict";
  var script = document.currentScript;
  var match = script && /[?&]build=(\d+)/.exec(script.src);
  var build = match ? match[1] : null;
  var key = "unspun-scroll:" + location.pathname + location.search;

  // Put the reader back where they were before the reload.
  try {
    var saved = sessionStorage.getItem(key);
    if (saved !== null) {
      sessionStorage.removeItem(key);
      var pos = JSON.parse(saved);
      var restore = function () { window.scrollTo(pos.x, pos.y); };
      restore();
      if (document.readyState !== "complete") window.addEventListener("load", restore);
    }
  } catch (e) { /* storage may be disabled */ }

  function reload() {
    try {
      sessionStorage.setItem(key, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (e) { /* storage may be disabled */ }
    location.reload();
  }

  var OVERLAY_ID = "unspun-error-overlay";

  function clearOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.parentNode.removeChild(old);
  }

  // Built with textContent only: no message can become markup.
  function el(tag, text, css) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (css) node.style.cssText = css;
    return node;
  }

  function showOverlay(report) {
    clearOverlay();
    var box = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,24,.92);color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build error");
    var close = el("button", "Close", "float:right;font:inherit;padding:.2rem .8rem;cursor:pointer;");
    close.addEventListener("click", clearOverlay);
    box.appendChild(close);
    var errors = report.errors || [];
    box.appendChild(el("h2", "unspun: the last save broke the build (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + ")", "margin:0 0 .4rem;font-size:1.2rem;color:#fca5a5;"));
    box.appendChild(el("p", "Still showing the last good version. Fix the file and save: this page reloads by itself.",
      "margin:0 0 1.2rem;color:#d4d4d8;"));
    errors.forEach(function (e) {
      var item = el("div", "", "border-left:4px solid #f87171;padding:.4rem .9rem;margin:0 0 1rem;background:rgba(255,255,255,.05);");
      var place = e.file + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
      item.appendChild(el("div", place, "color:#93c5fd;font-weight:bold;"));
      item.appendChild(el("pre", e.message, "margin:.3rem 0;white-space:pre-wrap;font:inherit;"));
      if (e.hint) item.appendChild(el("div", "hint: " + e.hint, "color:#a7f3d0;white-space:pre-wrap;"));
      box.appendChild(item);
    });
    (document.body || document.documentElement).appendChild(box);
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__unspun/events");
  events.addEventListener("hello", function (e) {
    var data = JSON.parse(e.data);
    // A rebuild happened while this page was loading or disconnected.
    if (build !== null && String(data.build) !== build) { reload(); return; }
    if (data.errors) showOverlay(data.errors); else clearOverlay();
  });
  // The output path this page was served from, as the server names files.
  function ownPath() {
    var path = location.pathname;
    try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
    path = path.replace(/^\/+/, "");
    if (path === "" || path.charAt(path.length - 1) === "/") path += "index.html";
    return path;
  }

  events.addEventListener("reload", function (e) {
    var data = JSON.parse(e.data);
    build = String(data.build);
    // Only pages that changed reload (all of them when the list is absent).
    if (!data.paths || data.paths.indexOf(ownPath()) >= 0) {
      reload();
    } else {
      clearOverlay();
    }
  });
  events.addEventListener("build-error", function (e) { showOverlay(JSON.parse(e.data)); });
  events.addEventListener("build-ok", function () { clearOverlay(); });
})();
