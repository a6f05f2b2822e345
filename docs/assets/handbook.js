/* The handbook's own behaviour in the browser; nothing here talks to a server.
 *
 * Search in either script: a Traditional character typed into the search box is turned into its
 * Simplified form (table in assets/t2s.js, made at build time from OpenCC's) before Material's
 * search reads the box, so 徵信 finds 征信. The listener runs in the capture phase, ahead of
 * Material's own. */
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
