/* Practice mode (issue 10): the practice page's game, played from the JSON the page embeds
 * (#hb-practice-data, written at build time by the `practice` page set, handbook/site/pagesets.py). A borrower's line, three replies
 * in random order (the recommended one, a prohibited counter-example, one from another stage), the
 * reason after a choice, and a score that lives in this tab only: nothing is fetched, sent or stored.
 * Only the practice page loads it; without #hb-practice it does nothing. */
(function () {
  "use strict";

  var PLACEHOLDER = /\{[^{}\n]*\}/g;
  var KINDS = {
    right: { tag: "推荐回应", verdict: "答对了" },
    prohibited: { tag: "反面示例", verdict: "违反红线" },
    wrong: { tag: "阶段不对", verdict: "阶段不对" },
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(text, href, className) {
    var a = el("a", className, text);
    a.setAttribute("href", href);
    return a;
  }

  /* Text with each {placeholder} marked as on the entry pages; never parsed as HTML. */
  function phrase(node, text) {
    var last = 0;
    text.replace(PLACEHOLDER, function (match, offset) {
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      node.appendChild(el("span", "hb-ph", match));
      last = offset + match.length;
      return match;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  function shuffle(list) {
    var out = list.slice();
    for (var i = out.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = out[i];
      out[i] = out[j];
      out[j] = swap;
    }
    return out;
  }

  function para() {
    var p = el("p");
    for (var i = 0; i < arguments.length; i++) {
      var part = arguments[i];
      p.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    }
    return p;
  }

  function setup() {
    var root = document.getElementById("hb-practice");
    var source = document.getElementById("hb-practice-data");
    if (!root || !source || root.hasAttribute("data-ready")) return;
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (_error) {
      return; /* the page stays as it is without JavaScript: the note only */
    }
    if (!data.rounds || !data.rounds.length) return;
    root.setAttribute("data-ready", "");

    var stages = {};
    data.stages.forEach(function (stage) {
      stages[stage.id] = stage;
    });
    var ui = {
      stage: root.querySelector(".hb-practice__stage"),
      right: root.querySelector(".hb-practice__right"),
      done: root.querySelector(".hb-practice__done"),
      progress: root.querySelector(".hb-practice__progress"),
      stageName: root.querySelector(".hb-practice__stage-name"),
      says: root.querySelector(".hb-practice__says"),
      options: root.querySelector(".hb-practice__options"),
      feedback: root.querySelector(".hb-practice__feedback"),
      next: root.querySelector(".hb-practice__next"),
      restart: root.querySelector(".hb-practice__restart"),
    };
    var game = { queue: [], position: 0, right: 0, done: 0, answered: false };

    function entry(id) {
      return data.entries[id];
    }

    function score() {
      ui.right.textContent = String(game.right);
      ui.done.textContent = String(game.done);
    }

    function start() {
      var wanted = ui.stage.value;
      var pool = data.rounds.filter(function (r) {
        return !wanted || r.stage === wanted;
      });
      game.queue = shuffle(pool).slice(0, data.session);
      game.position = 0;
      game.right = 0;
      game.done = 0;
      score();
      show();
    }

    function show() {
      var round = game.queue[game.position];
      var stage = stages[round.stage];
      game.answered = false;
      root.setAttribute("data-round", round.id);
      ui.progress.textContent = "第 " + (game.position + 1) + " / " + game.queue.length + " 题";
      ui.stageName.textContent = "阶段：" + stage.title + "。" + stage.description;
      ui.says.textContent = "";
      ui.says.appendChild(el("strong", null, "借款人："));
      ui.says.appendChild(document.createTextNode(round.says));
      ui.options.textContent = "";
      ui.feedback.textContent = "";
      ui.next.disabled = true;
      var options = shuffle([
        { kind: "right", entry: round.right.entry, text: round.right.text },
        { kind: "prohibited", entry: round.prohibited, text: entry(round.prohibited).phrase },
        { kind: "wrong", entry: round.wrong, text: entry(round.wrong).phrase },
      ]);
      options.forEach(function (option, index) {
        var button = el("button", "hb-practice__option");
        button.type = "button";
        button.appendChild(el("span", "hb-practice__letter", "ABC".charAt(index)));
        button.appendChild(phrase(el("span", "hb-practice__text"), option.text));
        button.addEventListener("click", function () {
          choose(round, options, option);
        });
        ui.options.appendChild(button);
        option.button = button;
      });
    }

    function choose(round, options, chosen) {
      if (game.answered) return;
      game.answered = true;
      game.done += 1;
      if (chosen.kind === "right") game.right += 1;
      score();
      options.forEach(function (option) {
        var button = option.button;
        button.disabled = true;
        button.setAttribute("data-kind", option.kind);
        if (option === chosen) button.classList.add("hb-practice__option--chosen");
        if (option === chosen || option.kind === "right") {
          button.appendChild(el("span", "hb-practice__tag", KINDS[option.kind].tag));
        }
      });
      explain(round, chosen);
      var last = game.position + 1 >= game.queue.length;
      ui.next.disabled = last;
      (last ? ui.restart : ui.next).focus();
    }

    function explain(round, chosen) {
      var box = el("div", "hb-practice__explain hb-practice__explain--" + chosen.kind);
      var head = el("p", "hb-practice__verdict");
      head.appendChild(el("strong", null, KINDS[chosen.kind].verdict + "。"));
      box.appendChild(head);
      var picked = entry(chosen.entry);
      if (chosen.kind === "right") {
        head.appendChild(document.createTextNode("这是推荐的回应，出自话术"));
        head.appendChild(link("「" + picked.title + "」", picked.url));
        head.appendChild(document.createTextNode("。"));
        box.appendChild(para("合规要点："));
        box.appendChild(notes(picked.notes));
      } else if (chosen.kind === "prohibited") {
        head.appendChild(document.createTextNode("这句话是反面示例"));
        head.appendChild(link("「" + picked.title + "」", picked.url));
        head.appendChild(document.createTextNode("，不能对借款人说。它违反了："));
        var list = el("ul", "hb-practice__rules");
        picked.breaks.forEach(function (id) {
          var rule = data.rules[id];
          var item = el("li");
          item.setAttribute("data-rule", id);
          item.appendChild(link(id + " " + rule.title, rule.url, "hb-practice__rule"));
          item.appendChild(document.createTextNode("：禁止" + rule.forbids));
          if (rule.citation) item.appendChild(el("span", "hb-practice__cite", "依据：" + rule.citation));
          list.appendChild(item);
        });
        box.appendChild(list);
        var alternative = entry(picked.alternative);
        box.appendChild(para("合规的说法：", link(alternative.title, alternative.url, "hb-practice__alternative")));
      } else {
        var own = stages[picked.stage];
        var here = stages[round.stage];
        head.appendChild(document.createTextNode("这句话出自「" + own.title + "」阶段的话术"));
        head.appendChild(link("「" + picked.title + "」", picked.url));
        head.appendChild(document.createTextNode("，本身合规，但不是这里该说的话。"));
        box.appendChild(para("「" + own.title + "」阶段要做的是：" + own.description));
        box.appendChild(
          para(
            "借款人这句话出现在「" +
              here.title +
              "」阶段：" +
              here.description +
              "此时用它回应，接不上借款人刚说的话，也打乱了通话的顺序。",
          ),
        );
      }
      if (chosen.kind !== "right") {
        var answer = entry(round.right.entry);
        box.appendChild(para("推荐的回应已在上面标出，出自话术", link("「" + answer.title + "」", answer.url), "。"));
      }
      if (round.context !== round.right.entry) {
        var context = entry(round.context);
        box.appendChild(para("借款人这句话见于话术", link("「" + context.title + "」", context.url), "。"));
      }
      if (game.position + 1 >= game.queue.length) {
        box.appendChild(
          el(
            "p",
            "hb-practice__summary",
            "本轮结束：答对 " + game.right + " / " + game.queue.length + "。点“重新开始”再练一轮。",
          ),
        );
      }
      ui.feedback.appendChild(box);
    }

    function notes(list) {
      var ul = el("ul", "hb-practice__notes");
      list.forEach(function (pair) {
        var rule = data.rules[pair[0]];
        var item = el("li");
        item.appendChild(link(pair[0] + " " + rule.title, rule.url));
        phrase(item, "：" + pair[1]);
        ul.appendChild(item);
      });
      return ul;
    }

    ui.next.addEventListener("click", function () {
      if (!game.answered || game.position + 1 >= game.queue.length) return;
      game.position += 1;
      show();
      ui.says.focus();
    });
    ui.restart.addEventListener("click", function () {
      start();
      ui.says.focus();
    });
    ui.stage.addEventListener("change", start);
    root.hidden = false;
    start();
  }

  window.hbReady(setup); /* handbook.js, loaded on every page before this one */
})();
