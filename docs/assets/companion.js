/* The call companion (通话助手, companion.md from handbook/site/companion.py): the catalogue as a collector
 * uses it during a call. It reads the JSON the page embeds (#hb-call-data) and nothing else:
 *
 *   - the borrower's details, typed once, fill every phrase (marked as filled, the unfilled ones stay
 *     highlighted); values are only ever set as text, never parsed as markup;
 *   - the call (channel, overdue bucket, scenario) picks the best usable entries of each stage, recommended
 *     before caution, caution with its conditions; prohibited entries are not in the data at all;
 *   - until the collector marks the listener confirmed as the borrower, only what may be said before that
 *     is offered (the data's `before`), the other stages are locked with the rules that lock them;
 *   - the borrower's likely lines are buttons: a choice shows the answer (filled in) in a live region and,
 *     when another entry answers, moves there; an objection answers without leaving the stage;
 *   - the red lines in view: the quiet hours and the day's unanswered attempts come from the rules data,
 *     and a checker box runs the 自检 page's engine (checker.js, window.hbLintEngine).
 *
 * Nothing typed leaves the page and nothing is stored, unless "keep in this tab" is ticked
 * (sessionStorage, emptied by 全部清空 or when the tab closes). */
(function () {
  "use strict";

  var STORE_KEY = "hb-companion";
  var SHOWN = 3; /* entries per stage before 更多 */
  var PLACEHOLDER = /\{([^{}\n]+)\}/g;
  var SEVERITY = { blocking: "阻断", advisory: "提示", review: "复核" };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function button(className, text) {
    var b = el("button", "md-button " + className, text);
    b.type = "button";
    return b;
  }

  function minutes(hhmm) {
    var parts = hhmm.split(":");
    return Number(parts[0]) * 60 + Number(parts[1]);
  }

  function Companion(root, data) {
    this.root = root;
    this.data = data.page;
    this.entries = data.page.entries;
    this.engine = null;
    if (window.hbLintEngine && data.engine) {
      var linter = new window.hbLintEngine.Linter(data.engine);
      var model = data.model ? new window.hbLintEngine.SecondOpinion(data.model, linter) : null;
      this.engine = { linter: linter, model: model };
    }
    this.values = {};
    this.inputs = {};
    this.stage = 0;
    this.confirmed = false;
    this.third = false;
    this.consent = false;
    this.attempts = 0;
    this.pinned = null; /* the entry a borrower line moved to, shown first in its stage */
    this.more = false;
    this.answered = null; /* {line, objection}: the borrower line whose answer is shown */
    this.q = function (selector) {
      return root.querySelector(selector);
    };
  }

  // -- Setting up ---------------------------------------------------------------------------

  Companion.prototype.start = function () {
    var self = this;
    this.fillSelect(this.q(".hb-call__channel"), this.data.channels);
    this.fillSelect(this.q(".hb-call__overdue"), this.data.overdue);
    this.fillSelect(this.q(".hb-call__scenario"), this.data.scenarios);
    this.buildFields();
    this.buildStages();
    ["channel", "overdue", "scenario"].forEach(function (name) {
      self.q(".hb-call__" + name).addEventListener("change", function () {
        self.pinned = null;
        self.render();
        self.save();
      });
    });
    this.q(".hb-call__keep").addEventListener("change", function () {
      self.save();
    });
    this.q(".hb-call__clear").addEventListener("click", function () {
      self.clear();
    });
    this.q(".hb-call__consent").addEventListener("change", function (event) {
      self.consent = event.target.checked;
      self.tick();
      self.save();
    });
    this.q(".hb-call__attempt").addEventListener("click", function () {
      self.attempts++;
      self.showAttempts();
      self.save();
    });
    this.q(".hb-call__attempt-reset").addEventListener("click", function () {
      self.attempts = 0;
      self.showAttempts();
      self.save();
    });
    this.q(".hb-call__confirm").addEventListener("click", function () {
      self.setConfirmed(!self.confirmed);
    });
    this.q(".hb-call__third").addEventListener("click", function () {
      self.thirdParty();
    });
    var check = this.q(".hb-call__check-input");
    var timer = null;
    check.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        self.check();
      }, 150);
    });
    document.addEventListener("keydown", function (event) {
      self.key(event);
    });
    this.restore();
    this.render();
    this.showAttempts();
    this.tick();
    window.setInterval(function () {
      self.tick();
    }, 30000);
    this.root.hidden = false;
    this.root.dataset.ready = "1";
  };

  Companion.prototype.fillSelect = function (select, items) {
    items.forEach(function (item) {
      var option = el("option", null, item[1]);
      option.value = item[0];
      select.appendChild(option);
    });
  };

  Companion.prototype.buildFields = function () {
    var self = this;
    var box = this.q(".hb-call__fields");
    this.data.fields.forEach(function (field, i) {
      var id = "hb-call-field-" + i;
      var label = el("label", "hb-call__field");
      label.htmlFor = id;
      label.appendChild(el("span", "hb-call__field-name", field.name));
      var input = el("input", "hb-call__field-input");
      input.id = id;
      input.type = "text";
      input.autocomplete = "off";
      input.spellcheck = false;
      input.dataset.name = field.name;
      input.placeholder = "例如 " + field.example;
      input.title = field.hint;
      input.addEventListener("input", function () {
        self.values[field.name] = input.value;
        self.render();
        self.save();
      });
      label.appendChild(input);
      self.inputs[field.name] = input;
      box.appendChild(label);
    });
  };

  Companion.prototype.buildStages = function () {
    var self = this;
    var nav = this.q(".hb-call__stages");
    this.stageButtons = this.data.stages.map(function (stage, i) {
      var b = button("hb-call__stage-button", i + 1 + " " + stage[1]);
      b.dataset.stage = stage[0];
      b.setAttribute("aria-keyshortcuts", String(i + 1));
      b.addEventListener("click", function () {
        self.go(i);
      });
      nav.appendChild(b);
      return b;
    });
  };

  // -- The state ------------------------------------------------------------------------------

  Companion.prototype.choice = function () {
    return {
      channel: this.q(".hb-call__channel").value,
      overdue: this.q(".hb-call__overdue").value,
      scenario: this.q(".hb-call__scenario").value,
    };
  };

  Companion.prototype.save = function () {
    var keep = this.q(".hb-call__keep");
    try {
      if (!keep.checked) {
        window.sessionStorage.removeItem(STORE_KEY);
        return;
      }
      var state = this.choice();
      state.values = this.values;
      state.stage = this.stage;
      state.confirmed = this.confirmed;
      state.attempts = this.attempts;
      state.consent = this.consent;
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (_err) {
      keep.checked = false; /* storage refused: nothing is kept */
    }
  };

  Companion.prototype.restore = function () {
    var state = null;
    try {
      state = JSON.parse(window.sessionStorage.getItem(STORE_KEY) || "null");
    } catch (_err) {
      this.q(".hb-call__keep").disabled = true;
      return;
    }
    if (!state || typeof state !== "object") return;
    var self = this;
    this.q(".hb-call__keep").checked = true;
    ["channel", "overdue", "scenario"].forEach(function (name) {
      var select = self.q(".hb-call__" + name);
      if (typeof state[name] === "string" && select.querySelector('option[value="' + CSS.escape(state[name]) + '"]')) {
        select.value = state[name];
      }
    });
    Object.keys(this.inputs).forEach(function (name) {
      var value = state.values && state.values[name];
      if (typeof value === "string") {
        self.inputs[name].value = value;
        self.values[name] = value;
      }
    });
    this.stage = Math.max(0, Math.min(this.data.stages.length - 1, Number(state.stage) || 0));
    this.attempts = Math.max(0, Number(state.attempts) || 0);
    this.consent = state.consent === true;
    this.q(".hb-call__consent").checked = this.consent;
    if (state.confirmed === true) this.setConfirmed(true, true);
  };

  Companion.prototype.clear = function () {
    var self = this;
    Object.keys(this.inputs).forEach(function (name) {
      self.inputs[name].value = "";
    });
    this.values = {};
    ["channel", "overdue", "scenario"].forEach(function (name) {
      self.q(".hb-call__" + name).selectedIndex = 0;
    });
    this.q(".hb-call__keep").checked = false;
    this.q(".hb-call__consent").checked = false;
    this.q(".hb-call__check-input").value = "";
    this.q(".hb-call__check-result").textContent = "";
    this.q(".hb-call__reply").textContent = "";
    this.answered = null;
    this.consent = false;
    this.attempts = 0;
    this.stage = 0;
    this.pinned = null;
    this.third = false;
    this.setConfirmed(false, true);
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (_err) {
      /* nothing was stored */
    }
    this.showAttempts();
    this.tick();
    this.render();
  };

  // -- Filling phrases ----------------------------------------------------------------------------

  /* The phrase with each placeholder's value in place, as nodes (values as text only). */
  Companion.prototype.filled = function (text) {
    var self = this;
    var out = el("span", "hb-call__text");
    var last = 0;
    text.replace(PLACEHOLDER, function (match, name, offset) {
      out.appendChild(document.createTextNode(text.slice(last, offset)));
      var value = self.values[name];
      var mark = el("mark", "hb-call__ph" + (value ? " hb-call__ph--filled" : ""), value || match);
      mark.dataset.name = name;
      if (!value) mark.title = "还没填：" + name;
      out.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  };

  /* The same phrase as plain text, for the clipboard. */
  Companion.prototype.fillText = function (text) {
    var values = this.values;
    return text.replace(PLACEHOLDER, function (match, name) {
      return values[name] ? values[name] : match;
    });
  };

  Companion.prototype.copy = function (text, where) {
    var value = this.fillText(text);
    var done = function () {
      if (where) {
        where.textContent = "已复制";
        window.setTimeout(function () {
          where.textContent = "复制";
        }, 1500);
      }
    };
    this.root.dataset.copied = value;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(done, function () {});
    } else {
      done();
    }
    return value;
  };

  // -- Choosing what to offer ----------------------------------------------------------------------

  Companion.prototype.usable = function (stageId) {
    var choice = this.choice();
    var list = [];
    var ids = Object.keys(this.entries);
    for (var i = 0; i < ids.length; i++) {
      var entry = this.entries[ids[i]];
      if (entry.stage !== stageId) continue;
      if (choice.channel && entry.channels.indexOf(choice.channel) < 0) continue;
      if (choice.overdue && entry.overdue.indexOf(choice.overdue) < 0) continue;
      list.push({ id: ids[i], entry: entry, order: i });
    }
    var scenario = this.third && !this.confirmed ? this.data.third_party : choice.scenario;
    var usual = this.data.usual;
    var pinned = this.pinned;
    /* the chosen scenario first, then the usual call, then the special situations (a death, a lawyer …) */
    var fit = function (entry) {
      if (scenario && entry.scenarios.indexOf(scenario) >= 0) return 0;
      return entry.scenarios.indexOf(usual) >= 0 ? 1 : 2;
    };
    list.sort(function (a, b) {
      var pa = a.id === pinned ? 0 : 1;
      var pb = b.id === pinned ? 0 : 1;
      if (pa !== pb) return pa - pb;
      var sa = fit(a.entry);
      var sb = fit(b.entry);
      if (sa !== sb) return sa - sb;
      var va = a.entry.verdict === "recommended" ? 0 : 1;
      var vb = b.entry.verdict === "recommended" ? 0 : 1;
      /* then the more general entry (fewer situations) before the more particular one */
      return va - vb || a.entry.scenarios.length - b.entry.scenarios.length || a.order - b.order;
    });
    return list;
  };

  Companion.prototype.open = function (stageIndex) {
    return this.confirmed || stageIndex === 0;
  };

  // -- Drawing ------------------------------------------------------------------------------

  Companion.prototype.render = function () {
    var self = this;
    this.stageButtons.forEach(function (b, i) {
      b.classList.toggle("hb-call__stage-button--current", i === self.stage);
      if (i === self.stage) b.setAttribute("aria-current", "step");
      else b.removeAttribute("aria-current");
      b.setAttribute("aria-disabled", self.open(i) ? "false" : "true");
    });
    this.root.dataset.stage = this.data.stages[this.stage][0];
    this.root.dataset.confirmed = this.confirmed ? "1" : "0";
    this.drawLock();
    this.drawStage();
    this.drawObjections();
    this.drawReply();
  };

  Companion.prototype.drawLock = function () {
    var lock = this.q(".hb-call__lock");
    lock.replaceChildren();
    if (this.confirmed) {
      lock.textContent = "已确认是本人：各阶段均可使用。";
      return;
    }
    lock.appendChild(document.createTextNode("确认是本人之前，不说欠款金额、逾期情况和后果，只核实身份。依据："));
    this.data.identity_rules.forEach(function (rule, i) {
      if (i) lock.appendChild(document.createTextNode("、"));
      var a = el("a", null, rule.id + " " + rule.title);
      a.href = rule.url;
      lock.appendChild(a);
    });
    lock.appendChild(document.createTextNode("。"));
  };

  Companion.prototype.drawStage = function () {
    var self = this;
    var box = this.q(".hb-call__stage");
    box.replaceChildren();
    var stage = this.data.stages[this.stage];
    var heading = el("h2", "hb-call__stage-title", this.stage + 1 + " / " + this.data.stages.length + "　" + stage[1]);
    heading.id = "hb-call-stage-title";
    heading.tabIndex = -1;
    box.appendChild(heading);
    if (!this.open(this.stage)) {
      box.appendChild(el("p", "hb-call__locked", "这一步要在确认对方是借款人本人之后。先回到第 1 步核实身份。"));
      return;
    }
    var list = this.usable(stage[0]);
    if (!this.confirmed) {
      list = list.filter(function (item) {
        return item.entry.before;
      });
    }
    if (this.third && !this.confirmed) {
      var scenario = this.data.third_party;
      list = list.filter(function (item) {
        return item.entry.scenarios.indexOf(scenario) >= 0;
      });
      box.appendChild(el("p", "hb-call__note", "不是本人接听：不透露任何欠款信息，只请对方转告本人回电。"));
    }
    if (!list.length) {
      box.appendChild(
        el("p", "hb-call__empty", "这一步没有适合所选渠道和逾期阶段的话术。可以换个渠道或逾期阶段，或跳到下一步。"),
      );
      return;
    }
    var shown = this.more ? list : list.slice(0, SHOWN);
    var ul = el("ol", "hb-call__lines");
    shown.forEach(function (item) {
      ul.appendChild(self.line(item.id, item.entry));
    });
    box.appendChild(ul);
    if (list.length > SHOWN) {
      var more = button("hb-call__more", this.more ? "只看前 " + SHOWN + " 条" : "更多（共 " + list.length + " 条）");
      more.addEventListener("click", function () {
        self.more = !self.more;
        self.render();
      });
      box.appendChild(more);
    }
    box.appendChild(this.borrowerLines(shown));
  };

  Companion.prototype.line = function (id, entry) {
    var self = this;
    var li = el("li", "hb-call__line hb-call__line--" + entry.verdict);
    li.dataset.entry = id;
    var head = el("p", "hb-call__line-head");
    head.appendChild(el("span", "hb-verdict hb-verdict--" + entry.verdict, this.data.verdicts[entry.verdict]));
    var a = el("a", "hb-call__line-title", entry.title);
    a.href = entry.url;
    head.appendChild(document.createTextNode(" "));
    head.appendChild(a);
    li.appendChild(head);
    var text = this.confirmed ? [entry.before, entry.after].filter(Boolean).join("") : entry.before;
    var say = el("p", "hb-call__say");
    say.appendChild(this.filled(text));
    li.appendChild(say);
    if (!this.confirmed && entry.after) {
      li.appendChild(el("p", "hb-call__held", "（确认本人后再说的部分已隐藏）"));
    }
    entry.conditions.forEach(function (condition) {
      li.appendChild(el("p", "hb-call__condition", "慎用条件：" + condition));
    });
    var copy = button("hb-call__copy", "复制");
    copy.setAttribute("aria-label", "复制：" + entry.title);
    copy.addEventListener("click", function () {
      self.copy(text, copy);
    });
    li.appendChild(copy);
    return li;
  };

  Companion.prototype.borrowerLines = function (shown) {
    var self = this;
    var box = el("div", "hb-call__borrower");
    var lines = [];
    shown.forEach(function (item) {
      item.entry.borrower.forEach(function (line) {
        lines.push({ from: item.id, line: line });
      });
    });
    if (!lines.length) return box;
    box.appendChild(el("p", "hb-call__borrower-title", "借款人可能会说："));
    var group = el("div", "hb-call__borrower-lines");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "借款人可能会说");
    lines.forEach(function (item) {
      var b = button("hb-call__says", "“" + item.line.says + "”");
      b.addEventListener("click", function () {
        self.answer(item.line, false);
      });
      group.appendChild(b);
    });
    box.appendChild(group);
    return box;
  };

  /* Objections can come at any step: the objection entries of this call, each answered where the call is. */
  Companion.prototype.drawObjections = function () {
    var self = this;
    var box = this.q(".hb-call__objections");
    box.replaceChildren();
    var index = this.data.stages.findIndex(function (s) {
      return s[0] === "objections";
    });
    if (index < 0 || index === this.stage || !this.confirmed) return;
    var found = this.usable("objections").slice(0, 10);
    if (!found.length) return;
    var details = el("details", "hb-call__objection-box");
    details.open = this.objectionsOpen === true;
    details.addEventListener("toggle", function () {
      self.objectionsOpen = details.open;
    });
    details.appendChild(el("summary", null, "借款人提出异议（回答后仍停在当前阶段）"));
    var group = el("div", "hb-call__borrower-lines");
    found.forEach(function (item) {
      var b = button("hb-call__says hb-call__says--objection", item.entry.title);
      b.addEventListener("click", function () {
        self.answer(
          { says: item.entry.title, reply: item.entry.before + item.entry.after, ref: "", situation: true },
          true,
        );
      });
      group.appendChild(b);
    });
    details.appendChild(group);
    box.appendChild(details);
  };

  /* A borrower line chosen: its answer, filled in, in the live region; another entry's answer moves there
   * (unless it is an objection, which is answered where the call is). */
  Companion.prototype.answer = function (line, objection) {
    this.answered = { line: line, objection: objection };
    var target = line.ref ? this.entries[line.ref] : null;
    if (target && !objection) {
      var stageIndex = this.data.stages.findIndex(function (s) {
        return s[0] === target.stage;
      });
      if (stageIndex >= 0 && this.open(stageIndex)) {
        this.pinned = line.ref;
        this.stage = stageIndex;
        this.more = false;
        this.save();
      }
    }
    this.render();
    var copy = this.q(".hb-call__reply .hb-call__copy");
    if (copy) copy.focus();
  };

  Companion.prototype.drawReply = function () {
    var self = this;
    var reply = this.q(".hb-call__reply");
    if (!this.answered) return;
    reply.replaceChildren();
    var line = this.answered.line;
    reply.appendChild(
      el("p", "hb-call__reply-says", line.situation ? "情况：" + line.says : "借款人：“" + line.says + "”"),
    );
    var target = line.ref ? this.entries[line.ref] : null;
    var text = target ? (this.confirmed ? target.before + target.after : target.before) : line.reply;
    if (!text) {
      reply.appendChild(el("p", "hb-call__locked", "回应要在确认本人之后才能说。"));
      return;
    }
    var p = el("p", "hb-call__reply-text");
    p.appendChild(document.createTextNode("可以这样接："));
    p.appendChild(this.filled(text));
    reply.appendChild(p);
    var copy = button("hb-call__copy", "复制");
    copy.addEventListener("click", function () {
      self.copy(text, copy);
    });
    reply.appendChild(copy);
    if (this.answered.objection) {
      var back = button("hb-call__back", "回到第 " + (this.stage + 1) + " 步：" + this.data.stages[this.stage][1]);
      back.addEventListener("click", function () {
        self.answered = null;
        reply.replaceChildren();
        self.focusStage();
      });
      reply.appendChild(back);
    }
  };

  // -- Moving through the call ----------------------------------------------------------------------

  Companion.prototype.go = function (index) {
    if (index < 0 || index >= this.data.stages.length) return;
    if (!this.open(index)) {
      this.answered = null;
      this.q(".hb-call__reply").textContent =
        "第 " + (index + 1) + " 步要在确认对方是借款人本人之后：先核实身份，再点“已确认是本人”。";
      return;
    }
    this.stage = index;
    this.pinned = null;
    this.more = false;
    this.render();
    this.save();
    this.focusStage();
  };

  Companion.prototype.focusStage = function () {
    var heading = document.getElementById("hb-call-stage-title");
    if (heading) heading.focus();
  };

  Companion.prototype.setConfirmed = function (confirmed, quiet) {
    this.confirmed = confirmed;
    if (confirmed) this.third = false;
    var b = this.q(".hb-call__confirm");
    b.setAttribute("aria-pressed", confirmed ? "true" : "false");
    b.textContent = confirmed ? "已确认是本人 ✓" : "已确认是本人";
    if (!confirmed && this.stage !== 0) this.stage = 0;
    this.render();
    if (!quiet) this.save();
  };

  Companion.prototype.thirdParty = function () {
    this.third = true;
    this.setConfirmed(false, true);
    this.stage = 0;
    this.render();
    this.save();
    this.focusStage();
  };

  // -- Red lines ---------------------------------------------------------------------------------

  /* The local clock against the quiet hours of the rules data: a stop banner inside them, unless the
   * borrower asked for this time and the collector ticked that it is recorded. */
  Companion.prototype.tick = function () {
    var quiet = this.data.limits.quiet;
    var clock = this.q(".hb-call__clock");
    var banner = this.q(".hb-call__banner");
    if (!quiet) {
      clock.textContent = "";
      banner.hidden = true;
      return;
    }
    var now = new Date();
    var at = now.getHours() * 60 + now.getMinutes();
    var from = minutes(quiet.from);
    var until = minutes(quiet.until);
    var inside = from > until ? at >= from || at < until : at >= from && at < until;
    var time = String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
    clock.textContent =
      "现在 " + time + "；" + quiet.from + " 至次日 " + quiet.until + " 不联系（" + quiet.rule.id + "）。";
    this.root.dataset.quiet = inside ? "1" : "0";
    if (inside && !this.consent) {
      banner.replaceChildren();
      banner.appendChild(
        document.createTextNode("现在是 " + time + "，在 " + quiet.from + "–" + quiet.until + " 之间：停止联系。"),
      );
      var a = el("a", null, quiet.rule.id + " " + quiet.rule.title);
      a.href = quiet.rule.url;
      banner.appendChild(a);
      banner.appendChild(
        document.createTextNode("。只有借款人本人要求在这个时间联系、并已记录时，才勾选下面的选项继续。"),
      );
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
  };

  Companion.prototype.showAttempts = function () {
    var limit = this.data.limits.attempts;
    this.q(".hb-call__attempts").textContent = String(this.attempts);
    var note = this.q(".hb-call__attempt-note");
    note.replaceChildren();
    this.root.dataset.attempts = String(this.attempts);
    if (!limit) return;
    if (this.attempts >= limit.limit) {
      note.className = "hb-call__attempt-note hb-call__attempt-note--stop";
      note.appendChild(
        document.createTextNode(
          "今天未接通已达 " + limit.limit + " 次：除非借款人另有约定，今天不要再拨这个号码，换个时间或渠道留言。",
        ),
      );
      var a = el("a", null, limit.rule.id + " " + limit.rule.title);
      a.href = limit.rule.url;
      note.appendChild(a);
    } else if (this.attempts === limit.limit - 1) {
      note.className = "hb-call__attempt-note";
      note.textContent = "再有 1 次未接通就到今天的上限（" + limit.limit + " 次）。";
    } else {
      note.className = "hb-call__attempt-note";
    }
  };

  /* The checker box: the 自检 page's two tiers on what the collector is about to say. */
  Companion.prototype.check = function () {
    var out = this.q(".hb-call__check-result");
    out.replaceChildren();
    var text = this.q(".hb-call__check-input").value;
    this.root.dataset.checked = text;
    this.root.dataset.findings = "";
    if (!this.engine || !text.trim()) return;
    var lines = this.engine.linter.splitLines(text);
    var findings = this.engine.linter.checkLines(lines);
    if (this.engine.model) findings = this.engine.model.add(findings, lines);
    findings = findings.filter(function (f) {
      return f.severity !== "dismissed";
    });
    this.root.dataset.findings = findings
      .map(function (f) {
        return f.rule;
      })
      .join(" ");
    if (!findings.length) {
      out.appendChild(el("p", "hb-call__check-ok", "未发现触及红线的说法。"));
      return;
    }
    var ul = el("ul", "hb-call__findings");
    findings.forEach(function (f) {
      var li = el("li", "hb-call__finding hb-call__finding--" + f.severity);
      li.appendChild(el("strong", null, (SEVERITY[f.severity] || f.severity) + " " + f.rule));
      li.appendChild(document.createTextNode(" " + f.message + (f.match ? "「" + f.match + "」" : "")));
      ul.appendChild(li);
    });
    out.appendChild(ul);
  };

  // -- Keys ----------------------------------------------------------------------------------------

  Companion.prototype.key = function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (typing) {
      if (event.key === "Escape") target.blur();
      return;
    }
    var key = event.key;
    var handled = true;
    if (/^[1-9]$/.test(key) && Number(key) <= this.data.stages.length) this.go(Number(key) - 1);
    else if (key === "ArrowRight") this.go(this.stage + 1);
    else if (key === "ArrowLeft") this.go(this.stage - 1);
    else if (key === "i" || key === "I") this.setConfirmed(!this.confirmed);
    else if (key === "t" || key === "T") this.thirdParty();
    else if (key === "a" || key === "A") this.q(".hb-call__attempt").click();
    else if (key === "c" || key === "C") {
      var first = this.q(".hb-call__line .hb-call__copy");
      if (first) first.click();
    } else if (key === "/") this.q(".hb-call__check-input").focus();
    else if (key === "X" && event.shiftKey) this.clear();
    else handled = false;
    if (handled) event.preventDefault();
  };

  function setup() {
    var holder = document.getElementById("hb-call-data");
    var root = document.getElementById("hb-call");
    if (!holder || !root || root.dataset.ready) return;
    var companion = new Companion(root, JSON.parse(holder.textContent));
    window.hbCompanion = {
      /* For tests and the benchmark: the phrase as the clipboard gets it. */
      fill: function (text) {
        return companion.fillText(text);
      },
    };
    companion.start();
  }

  window.hbReady(setup); /* handbook.js, loaded on every page before this one */
})();
