/* The handbook's own behaviour in the browser; nothing here talks to a server.
 *
 * Search in either script: a Traditional character typed into the search box is turned into its
 * Simplified form (table in assets/t2s.js, made at build time from OpenCC's) before Material's
 * search reads the box, so 徵信 finds 征信. The listener runs in the capture phase, ahead of
 * Material's own. */
/* hbReady(setup): run `setup` once the page is ready (and again after each of Material's instant page
 * loads, if that is turned on). The page scripts (checker.js, practice.js) start with it too. */
window.hbReady = function (setup) {
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
};

(function () {
  "use strict";
  var table = window.HANDBOOK_T2S;
  var map = {};
  if (table) {
    for (var i = 0; i < table.from.length; i++) map[table.from[i]] = table.to[i];
  }

  function simplify(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) out += map[text[i]] || text[i];
    return out;
  }

  function onSearchInput(event) {
    var input = event.target;
    if (!input.matches || !input.matches(".md-search__input")) return;
    var simplified = simplify(input.value);
    if (simplified !== input.value) {
      var caret = input.selectionStart;
      input.value = simplified;
      input.setSelectionRange(caret, caret);
    }
  }

  document.addEventListener("input", onSearchInput, true);
  document.addEventListener("keyup", onSearchInput, true);
})();

/* Filters on index pages: choose a channel, an overdue bucket or a verdict and only the entries
 * that have it stay in view. The choices stay in the page; nothing is sent or stored. */
(function () {
  "use strict";

  function apply(bar, items) {
    var wanted = {};
    bar.querySelectorAll("select[data-filter]").forEach(function (select) {
      wanted[select.getAttribute("data-filter")] = select.value;
    });
    var shown = 0;
    items.forEach(function (item) {
      var keep = Object.keys(wanted).every(function (key) {
        if (!wanted[key]) return true;
        return (" " + item.getAttribute("data-" + key) + " ").indexOf(" " + wanted[key] + " ") !== -1;
      });
      item.hidden = !keep;
      if (keep) shown++;
    });
    bar.querySelector(".hb-filter__count").textContent = "显示 " + shown + " / " + items.length + " 条";
  }

  function setup() {
    /* Material's search overlay is a dialog without a name; a screen reader announces it as 搜索. */
    document.querySelectorAll(".md-search[role='dialog']:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "搜索");
    });
    document.querySelectorAll(".hb-filter").forEach(function (bar) {
      var list = bar.nextElementSibling;
      if (!list || !list.classList.contains("hb-list")) return;
      var items = Array.prototype.slice.call(list.querySelectorAll(".hb-item"));
      bar.hidden = false;
      bar.addEventListener("change", function () {
        apply(bar, items);
      });
      apply(bar, items);
    });
  }

  window.hbReady(setup);
})();
