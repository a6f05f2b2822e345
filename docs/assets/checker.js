/* The phrase checker page (话术合规自检, check.md from handbook/site/checkpage.py): the red-line linter of
 * handbook/lint/, run in the browser. Only that page loads it; without <script id="hb-checker-data">
 * it does nothing.
 *
 * The rules are not written here. The page embeds handbook.lint.browser_data(): the patterns the
 * Python linter compiled (terms expanded, Traditional made Simplified, `.` kept in the clause) with
 * their anchors, the exceptions, the cue regexes, the fold table and the characters Python treats as
 * line breaks and spaces. Every regex is inside the subset that Python's re and JavaScript's RegExp
 * with the `u` flag read alike (handbook.lint.outside_subset; E306 in the validator). Only the
 * algorithm lives here, one function for each function of handbook/lint/:
 *
 *   normalise          <- normalise              maskQuotes   <- _mask_quotes
 *   clause             <- _clause                Linter       <- Linter.__init__
 *   Linter.candidates  <- Linter._candidates     Linter.check <- Linter.check
 *   Linter.checkLines  <- Linter.check_lines     Linter.excused <- Linter._excused
 *
 * Python counts code points, JavaScript UTF-16 units: positions here are UTF-16 indexes, and the
 * maps from the folded or masked text back to the original carry whole code points, so a character
 * outside the BMP (an emoji) reads as one character in both. `pattern.search(text, pos, endpos)`
 * is `exec` on text.slice(0, endpos) from lastIndex = pos: the same look-around and ^ $ behaviour.
 *
 * Nothing typed leaves the page: no request is made, and nothing is stored unless the reader ticks
 * "keep in this tab" (sessionStorage, cleared with the tab or when the box is unticked). */
(function () {
  "use strict";

  var SEVERITY = { blocking: "阻断", advisory: "提示", review: "复核" };
  var KEEP_KEY = "hb-checker-text";
  var DEBOUNCE_MS = 150;
  var SHOWN_ENTRIES = 3;

  // -- The linter ------------------------------------------------------------------------------

  function chars(text) {
    return Array.from(text); /* code points, as Python iterates a str */
  }

  function firstChar(text) {
    return String.fromCodePoint(text.codePointAt(0));
  }

  function nextIndex(text, index) {
    /* the UTF-16 index one code point after `index` (Python's index + 1) */
    var code = text.codePointAt(index);
    return index + (code !== undefined && code > 0xffff ? 2 : 1);
  }

  function search(regex, text, pos, endpos) {
    /* regex.search(text, pos, endpos) of Python; `regex` has the g flag */
    regex.lastIndex = pos;
    return regex.exec(endpos < text.length ? text.slice(0, endpos) : text);
  }

  function finditer(regex, text, pos, endpos, visit) {
    /* regex.finditer(text, pos, endpos); stops early when `visit` returns true */
    var scan = endpos < text.length ? text.slice(0, endpos) : text;
    regex.lastIndex = pos;
    for (var match = regex.exec(scan); match !== null; match = regex.exec(scan)) {
      if (visit(match)) return true;
      if (match[0] === "") regex.lastIndex = nextIndex(scan, regex.lastIndex);
    }
    return false;
  }

  function Linter(data) {
    var self = this;
    this.fold = new Map();
    var from = chars(data.fold.from);
    var to = chars(data.fold.to);
    for (var i = 0; i < from.length; i++) this.fold.set(from[i], to[i]);
    chars(data.fold.drop).forEach(function (c) {
      self.fold.set(c, "");
    });
    this.space = new Set(chars(data.space));
    var breaks = chars(data.line_breaks).map(function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
    this.lineBreak = new RegExp("\\r\\n|[" + breaks.join("") + "]", "u");
    this.negation = new RegExp(data.negation, "gu");
    this.promise = new RegExp(data.promise, "gu");
    this.reportedSpeech = new RegExp(data.reported_speech, "gu");
    this.speaker = data.speaker;
    this.framed = new RegExp(data.framed, "gu");
    this.reproach = new RegExp(data.reproach, "gu");
    this.verdict = new RegExp(data.verdict, "gu");
    this.deferred = new RegExp(data.deferred, "gu");
    this.someone = new RegExp(data.someone, "gu");
    this.warned = new RegExp(data.warned, "gu");
    this.speechVerb = new RegExp(data.speech_verb, "u");
    this.notACue = new Set(data.not_a_cue);
    this.quotes = data.quotes;
    this.clauseEnd = chars(data.clause_end);
    this.rules = data.rules.map(function (rule) {
      return {
        id: rule.id,
        title: rule.title,
        severity: rule.severity,
        negatable: rule.negatable,
        framable: rule.framable,
        deferrable: rule.deferrable,
        patterns: rule.patterns.map(function (p) {
          return { regex: new RegExp(p[0], "gu"), anchors: p[1] };
        }),
        exceptions: rule.exceptions ? new RegExp(rule.exceptions, "gu") : null,
      };
    });
    /* Every pattern gets a number, in rule order. Patterns with anchors are tried only when one of
     * them occurs in the text (looked up by its first character); the others always. */
    this.patterns = [];
    this.always = [];
    var byFirst = new Map();
    this.rules.forEach(function (rule) {
      rule.patterns.forEach(function (p) {
        var number = self.patterns.length;
        self.patterns.push([rule, p.regex]);
        if (p.anchors === null) self.always.push(number);
        (p.anchors || []).forEach(function (anchor) {
          var head = firstChar(anchor);
          if (!byFirst.has(head)) byFirst.set(head, new Map());
          var found = byFirst.get(head);
          if (!found.has(anchor)) found.set(anchor, []);
          found.get(anchor).push(number);
        });
      });
    });
    /* per first character: [anchor, its pattern numbers]; anchors of one character need no test */
    this.first = new Map();
    byFirst.forEach(function (found, head) {
      var list = [];
      found.forEach(function (numbers, anchor) {
        list.push([chars(anchor).length > 1 ? anchor : "", numbers]);
      });
      self.first.set(head, list);
    });
  }

  Linter.prototype.translate = function (text) {
    var out = "";
    for (var c of text) {
      var mapped = this.fold.get(c);
      out += mapped === undefined ? c : mapped;
    }
    return out;
  };

  /* normalise: the folded text, and for each of its UTF-16 units the UTF-16 index of the original
   * code point it comes from. As in Python, the origin is the identity when NFC and folding keep the
   * number of code points, else the characters that folding keeps. */
  Linter.prototype.normalise = function (text) {
    var folded = this.translate(text.normalize("NFC"));
    var original = chars(text);
    var outChars = chars(folded);
    var offsets = [];
    var at = 0;
    original.forEach(function (c) {
      offsets.push(at);
      at += c.length;
    });
    var kept;
    if (outChars.length === original.length) {
      kept = offsets;
    } else {
      var self = this;
      kept = [];
      original.forEach(function (c, i) {
        if (self.translate(c) !== "") kept.push(offsets[i]);
      });
    }
    var origin = [];
    outChars.forEach(function (c, i) {
      var source = i < kept.length ? kept[i] : text.length;
      for (var unit = 0; unit < c.length; unit++) origin.push(source);
    });
    return { folded: folded, origin: origin };
  };

  /* _mask_quotes: quoted speech after a verb of saying replaced by ○. Returns the text and, when a
   * character outside the BMP was masked (so UTF-16 lengths differ), the map to the unmasked text. */
  Linter.prototype.maskQuotes = function (text) {
    var out = [];
    var closing = null;
    var masking = false;
    var changedLength = false;
    for (var c of text) {
      if (closing === null && Object.prototype.hasOwnProperty.call(this.quotes, c)) {
        closing = this.quotes[c];
        masking = this.speechVerb.test(out.slice(-4).join(""));
        out.push(c);
      } else if (closing !== null && c === closing) {
        closing = null;
        out.push(c);
      } else if (closing !== null && masking) {
        if (c.length > 1) changedLength = true;
        out.push("○");
      } else {
        out.push(c);
      }
    }
    if (closing !== null) return { text: text, toScan: null }; /* an unbalanced quote masks nothing */
    if (!changedLength) return { text: out.join(""), toScan: null };
    var toScan = [];
    var at = 0;
    chars(text).forEach(function (c, i) {
      for (var unit = 0; unit < out[i].length; unit++) toScan.push(at);
      at += c.length;
    });
    return { text: out.join(""), toScan: toScan };
  };

  /* _clause: the bounds of the clause around text[start:end] */
  /* lint.clause_of: the clause around the first occurrence of a finding's words */
  Linter.prototype.clauseOf = function (text, match) {
    var start = Math.max(text.indexOf(match), 0);
    var bounds = this.clause(text, start, start + match.length);
    return text.slice(bounds[0], bounds[1]);
  };

  Linter.prototype.clause = function (text, start, end) {
    var left = -1;
    var right = text.length;
    this.clauseEnd.forEach(function (c) {
      if (start > 0) left = Math.max(left, text.lastIndexOf(c, start - 1));
      var found = text.indexOf(c, end);
      if (found !== -1) right = Math.min(right, found);
    });
    return [left + 1, right];
  };

  /* _candidates: the numbers of the patterns worth trying on `text`, in rule order */
  Linter.prototype.candidates = function (text) {
    var chosen = new Set(this.always);
    var seen = new Set();
    for (var c of text) {
      if (seen.has(c)) continue;
      seen.add(c);
      var list = this.first.get(c);
      if (!list) continue;
      for (var i = 0; i < list.length; i++) {
        if (list[i][0] === "" || text.indexOf(list[i][0]) !== -1)
          list[i][1].forEach(function (n) {
            chosen.add(n);
          });
      }
    }
    return Array.from(chosen).sort(function (a, b) {
      return a - b;
    });
  };

  /* check: every rule `text` crosses, at most one finding per rule, in rule order. A finding holds
   * line, rule, severity, match and message as the CLI's --json does, and where the match stands in
   * the line (start, end: UTF-16 indexes). */
  Linter.prototype.check = function (text, line) {
    var self = this;
    var normal = this.normalise(text);
    var folded = normal.folded;
    var hasQuote = Object.keys(this.quotes).some(function (q) {
      return folded.indexOf(q) !== -1;
    });
    var masked = hasQuote ? this.maskQuotes(folded) : { text: folded, toScan: null };
    var plain = { text: folded, toScan: null };
    var findings = [];
    var done = null;
    this.candidates(folded).forEach(function (number) {
      var rule = self.patterns[number][0];
      var regex = self.patterns[number][1];
      if (rule === done) return;
      var scan = rule.negatable ? masked : plain; /* data stays data inside quotes too */
      finditer(regex, scan.text, 0, scan.text.length, function (match) {
        var start = match.index;
        var end = start + match[0].length;
        if (end <= start || self.excused(rule, scan.text, start, end)) return false;
        var first = scan.toScan ? scan.toScan[start] : start;
        var last = scan.toScan ? scan.toScan[end - 1] : end - 1;
        var from = normal.origin[first];
        var lastChar = normal.origin[last];
        var to = lastChar >= text.length ? text.length : nextIndex(text, lastChar);
        findings.push({
          line: line,
          rule: rule.id,
          severity: rule.severity,
          match: text.slice(from, to),
          message: rule.title,
          start: from,
          end: to,
        });
        done = rule;
        return true;
      });
    });
    return findings;
  };

  Linter.prototype.splitLines = function (text) {
    /* str.splitlines(): a final line break ends the last line rather than starting another */
    if (text === "") return [];
    var lines = text.split(this.lineBreak);
    if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
    return lines;
  };

  Linter.prototype.isBlank = function (line) {
    for (var c of line) if (!this.space.has(c)) return false;
    return true;
  };

  /* check_lines: each line of `text` is one phrase; findings carry 1-based line numbers; blank lines
   * are skipped. `text` may also be an array of lines. */
  Linter.prototype.checkLines = function (text) {
    var self = this;
    var lines = Array.isArray(text) ? text : this.splitLines(text);
    var out = [];
    lines.forEach(function (line, i) {
      if (!self.isBlank(line)) Array.prototype.push.apply(out, self.check(line, i + 1));
    });
    return out;
  };

  /* _excused: a negation or advice-against cue before the match, a promise inside it or reported
   * speech before it (negatable rules); a text framed as a quality-check or training note that
   * reproaches the act, a verdict after the match, a claim deferred to the court or contract (deferrable
   * rules) or a warning about someone else (framable rules);
   * or one of the rule's exceptions in the same clause */
  Linter.prototype.excused = function (rule, text, start, end) {
    var self = this;
    var bounds = this.clause(text, start, end);
    var left = bounds[0];
    var right = bounds[1];
    if (rule.negatable) {
      var cued = finditer(this.negation, text, left, start, function (cue) {
        return cue.index + cue[0].length <= start && !self.notACue.has(cue[0]);
      });
      if (cued) return true;
      if (search(this.promise, text, nextIndex(text, start), end) !== null) return true;
      var reported = finditer(this.reportedSpeech, text, left, start, function (m) {
        return self.speaker.indexOf(firstChar(m[0])) !== -1;
      });
      if (reported) return true;
    }
    if (rule.framable) {
      /* the whole text names the act to forbid it: a framing label and a reproach, or a verdict after it */
      var framed =
        search(this.framed, text, 0, text.length) !== null && search(this.reproach, text, 0, text.length) !== null;
      if (framed || search(this.verdict, text, end, text.length) !== null) return true;
      /* a claim deferred to the court or the contract, for rules about what follows from the debt */
      if (rule.deferrable && search(this.deferred, text, end, text.length) !== null) return true;
      /* a warning about someone else's misconduct: someone before the match, what to do about it after */
      if (search(this.someone, text, 0, start) !== null && search(this.warned, text, end, text.length) !== null)
        return true;
    }
    return Boolean(rule.exceptions && search(rule.exceptions, text, left, right) !== null);
  };

  // -- The second opinion (handbook/lint/model.py) ---------------------------------------------------

  /* SecondOpinion <- model.Model: the weights of the two- and three-character pieces of the text as
   * model.reading() reads it (placeholders as one token, normalised like the linter, only digits,
   * Latin letters and CJK ideographs kept). Scores are sums of integers: exact in both languages. */
  var PLACEHOLDER = /\{[^{}\n]*\}/g;
  var TOKEN = "\ue000";
  var KEEP = /[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\ue000]+/g;
  var NGRAMS = [2, 3];
  var DRIVERS = 3;
  var NOT = "!";

  function SecondOpinion(data, linter) {
    this.linter = linter;
    this.threshold = data.threshold;
    this.veto = data.veto;
    this.confirm = data.confirm === undefined ? data.veto : data.confirm;
    this.bias = data.bias;
    this.weights = new Map(Object.entries(data.weights));
    this.rules = Object.keys(data.rules).map(function (id) {
      return { id: id, bias: data.rules[id].bias, weights: new Map(Object.entries(data.rules[id].weights)) };
    });
    /* model.Categories: one alternation per named word list, longest words first, names in order */
    var cats = data.categories || {};
    this.categories = Object.keys(cats)
      .sort()
      .filter(function (name) {
        return cats[name].length;
      })
      .map(function (name) {
        var words = cats[name].slice().sort(function (a, b) {
          return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
        });
        return {
          name: name,
          regex: new RegExp(
            words
              .map(function (w) {
                return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
              })
              .join("|"),
            "u",
          ),
        };
      });
    this.negation = data.negation ? new RegExp(data.negation, "u") : null;
    this.examples = new Map();
    var self = this;
    Object.keys(data.examples || {}).forEach(function (rule) {
      self.examples.set(
        rule,
        data.examples[rule].map(function (e) {
          return { id: e[0], title: e[1], pieces: new Set(e[2]) };
        }),
      );
    });
  }

  /* model.runs: the runs of kept characters (joined, the reading; a negation reaches to its run's end) */
  SecondOpinion.prototype.runs = function (text) {
    var folded = this.linter.normalise(text).folded.replace(PLACEHOLDER, TOKEN);
    return folded.match(KEEP) || [];
  };

  /* model.grams: every piece of the reading, repeats kept (scores count them); with categories, <name>
   * for each word list that occurs and <a>+<b> for each pair that occurs together; after a negation,
   * the !pieces (`textOnly` leaves both out, as for counter-examples) */
  SecondOpinion.prototype.grams = function (text, textOnly) {
    var runs = this.runs(text);
    var kept = runs.join("");
    var out = [];
    NGRAMS.forEach(function (n) {
      for (var i = 0; i + n <= kept.length; i++) out.push(kept.slice(i, i + n));
    });
    if (!textOnly) {
      var found = this.categories
        .filter(function (c) {
          return c.regex.test(kept);
        })
        .map(function (c) {
          return c.name;
        });
      found.forEach(function (a, i) {
        out.push("<" + a + ">");
        found.slice(i + 1).forEach(function (b) {
          out.push("<" + a + ">+<" + b + ">");
        });
      });
      /* after a cue of negation, to the end of its run: the one- and two-character pieces, marked ! */
      var negation = this.negation;
      if (negation)
        runs.forEach(function (run) {
          var cue = negation.exec(run);
          if (!cue) return;
          var rest = run.slice(cue.index + cue[0].length);
          for (var j = 0; j < rest.length; j++) {
            out.push(NOT + rest[j]);
            if (j + 1 < rest.length) out.push(NOT + rest.slice(j, j + 2));
          }
        });
    }
    return out;
  };

  SecondOpinion.prototype.opinion = function (text) {
    var pieces = this.grams(text);
    var weights = this.weights;
    var score = this.bias;
    pieces.forEach(function (p) {
      score += weights.get(p) || 0;
    });
    var drivers = Array.from(new Set(pieces)).filter(function (p) {
      return (weights.get(p) || 0) > 0 && p[0] !== "<" && p[0] !== NOT;
    });
    drivers.sort(function (a, b) {
      var diff = weights.get(b) - weights.get(a);
      if (diff) return diff;
      return a < b ? -1 : a > b ? 1 : 0;
    });
    var best = null;
    var bestScore = 0;
    this.rules.forEach(function (rule) {
      var s = rule.bias;
      pieces.forEach(function (p) {
        s += rule.weights.get(p) || 0;
      });
      if (best === null || s > bestScore || (s === bestScore && rule.id > best)) {
        best = rule.id;
        bestScore = s;
      }
    });
    return {
      score: score,
      doubt: score >= this.threshold,
      rule: best,
      drivers: drivers.slice(0, DRIVERS),
      pieces: pieces,
    };
  };

  /* Context.nearest: the counter-example of the rule sharing most pieces with the phrase (Jaccard) */
  SecondOpinion.prototype.nearest = function (rule, pieces) {
    var best = null;
    var bestShare = -1;
    (this.examples.get(rule) || []).forEach(function (e) {
      var common = 0;
      pieces.forEach(function (p) {
        if (e.pieces.has(p)) common++;
      });
      var union = pieces.size + e.pieces.size - common;
      var share = common / (union || 1);
      if (share > bestShare || (share === bestShare && e.id > best.id)) {
        best = e;
        bestShare = share;
      }
    });
    return best;
  };

  /* model.check_both: a blocking finding whose clause the model scores below its veto is dismissed
   * (kept, counted nowhere), below `confirm` sent for review; on every non-blank line nothing blocked or
   * sent for review, the model's own doubt (unless `doubts` is false: the call audit leaves them out) */
  SecondOpinion.prototype.add = function (findings, lines, doubts) {
    var self = this;
    var out = findings.map(function (f) {
      if (f.severity !== "blocking") return f;
      var score = self.opinion(self.linter.clauseOf(lines[f.line - 1], f.match)).score;
      if (score < self.veto) {
        return Object.assign({}, f, {
          severity: "dismissed",
          message: f.message + "（模型很有把握这一分句合规，不计入结论）",
        });
      }
      if (score < self.confirm) {
        return Object.assign({}, f, {
          severity: "review",
          message: f.message + "（规则命中，模型把握不大：请人工复核）",
        });
      }
      return f;
    });
    var handled = new Set();
    out.forEach(function (f) {
      if (f.severity === "blocking" || f.severity === "review") handled.add(f.line);
    });
    lines.forEach(function (line, i) {
      if (doubts === false || self.linter.isBlank(line) || handled.has(i + 1)) return;
      var o = self.opinion(line);
      if (!o.doubt) return;
      var near = self.nearest(o.rule, new Set(self.grams(line, true)));
      out.push({
        line: i + 1,
        rule: o.rule || "MODEL",
        severity: "review",
        match: o.drivers.join("、"),
        message: "可能违反红线（模型复核）",
        example: near ? near.id : null,
        start: null,
        end: null,
      });
    });
    /* a stable sort by line, as Python's sorted(): rule findings first within a line, in rule order */
    return out
      .map(function (f, i) {
        return [f, i];
      })
      .sort(function (a, b) {
        return a[0].line - b[0].line || a[1] - b[1];
      })
      .map(function (p) {
        return p[0];
      });
  };

  // -- The page ----------------------------------------------------------------------------------

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function highlighted(line, findings) {
    /* the line with each matched stretch in a <mark>; overlapping matches share one */
    var spans = findings
      .filter(function (f) {
        return f.start !== null && f.start !== undefined;
      })
      .map(function (f) {
        return { start: f.start, end: f.end, rules: [f.rule] };
      })
      .sort(function (a, b) {
        return a.start - b.start || b.end - a.end;
      });
    var merged = [];
    spans.forEach(function (span) {
      var last = merged[merged.length - 1];
      if (last && span.start < last.end) {
        last.end = Math.max(last.end, span.end);
        last.rules = last.rules.concat(span.rules);
      } else {
        merged.push(span);
      }
    });
    var out = element("p", "hb-checker__text");
    var at = 0;
    merged.forEach(function (span) {
      out.appendChild(document.createTextNode(line.slice(at, span.start)));
      var mark = element("mark", "hb-checker__hit", line.slice(span.start, span.end));
      mark.title = span.rules.join("、");
      out.appendChild(mark);
      at = span.end;
    });
    out.appendChild(document.createTextNode(line.slice(at)));
    return out;
  }

  function Page(root, data) {
    this.root = root;
    this.info = data.page;
    this.linter = new Linter(data.engine);
    this.model = data.model ? new SecondOpinion(data.model, this.linter) : null;
    this.input = root.querySelector(".hb-checker__input");
    this.stage = root.querySelector(".hb-checker__stage");
    this.keep = root.querySelector(".hb-checker__keep-box");
    this.summary = root.querySelector(".hb-checker__summary");
    this.results = root.querySelector(".hb-checker__results");
    this.timer = null;
  }

  Page.prototype.start = function () {
    var self = this;
    var kept = null;
    try {
      kept = window.sessionStorage.getItem(KEEP_KEY);
    } catch (_err) {
      kept = null; /* storage refused: keeping is simply not offered */
      this.keep.disabled = true;
    }
    if (kept !== null) {
      this.keep.checked = true;
      this.input.value = kept;
    }
    this.input.addEventListener("input", function () {
      window.clearTimeout(self.timer);
      self.timer = window.setTimeout(function () {
        self.run();
      }, DEBOUNCE_MS);
      self.store();
    });
    this.stage.addEventListener("change", function () {
      self.run();
    });
    this.keep.addEventListener("change", function () {
      self.store();
    });
    this.root.querySelector(".hb-checker__sample").addEventListener("click", function () {
      self.input.value = self.info.samples.join("\n");
      self.store();
      self.run();
    });
    this.root.querySelector(".hb-checker__clear").addEventListener("click", function () {
      self.input.value = "";
      self.store();
      self.run();
      self.input.focus();
    });
    this.root.hidden = false;
    this.run();
  };

  Page.prototype.store = function () {
    try {
      if (this.keep.checked) window.sessionStorage.setItem(KEEP_KEY, this.input.value);
      else window.sessionStorage.removeItem(KEEP_KEY);
    } catch (_err) {
      this.keep.checked = false;
    }
  };

  Page.prototype.run = function () {
    window.clearTimeout(this.timer);
    var self = this;
    var lines = this.linter.splitLines(this.input.value);
    var byLine = new Map();
    this.check(lines)
      .filter(function (f) {
        return f.severity !== "dismissed";
      })
      .forEach(function (f) {
        if (!byLine.has(f.line)) byLine.set(f.line, []);
        byLine.get(f.line).push(f);
      });
    var list = document.createDocumentFragment();
    var phrases = 0;
    var counts = { blocking: 0, advisory: 0, review: 0 };
    lines.forEach(function (line, i) {
      if (self.linter.isBlank(line)) return;
      phrases++;
      var findings = byLine.get(i + 1) || [];
      findings.forEach(function (f) {
        counts[f.severity] = (counts[f.severity] || 0) + 1;
      });
      list.appendChild(self.lineItem(line, i + 1, findings));
    });
    this.results.replaceChildren(list);
    this.root.dataset.phrases = String(phrases);
    this.root.dataset.flagged = String(byLine.size);
    if (phrases === 0) {
      this.summary.textContent = "在上面的框里输入或粘贴话术，每行一句。";
    } else if (byLine.size === 0) {
      this.summary.textContent = "共 " + phrases + " 句，未发现触及红线的说法。";
    } else {
      var parts = [];
      if (counts.blocking) parts.push("阻断 " + counts.blocking + " 处");
      if (counts.advisory) parts.push("提示 " + counts.advisory + " 处");
      if (counts.review) parts.push("需人工复核 " + counts.review + " 处");
      this.summary.textContent =
        "共 " + phrases + " 句，其中 " + byLine.size + " 句触及红线（" + parts.join("，") + "）。";
    }
    this.summary.classList.toggle("hb-checker__summary--flagged", byLine.size > 0);
  };

  /* both tiers, as `handbook lint` gives them */
  Page.prototype.check = function (text) {
    var lines = Array.isArray(text) ? text : this.linter.splitLines(text);
    var findings = this.linter.checkLines(lines);
    return this.model ? this.model.add(findings, lines) : findings;
  };

  Page.prototype.lineItem = function (line, number, findings) {
    var self = this;
    var item = element("li", "hb-checker__line" + (findings.length ? " hb-checker__line--flagged" : ""));
    item.dataset.line = String(number);
    item.dataset.rules = findings
      .map(function (f) {
        return f.rule;
      })
      .join(" ");
    var head = element("div", "hb-checker__head");
    head.appendChild(element("span", "hb-checker__number", "第 " + number + " 行"));
    head.appendChild(highlighted(line, findings));
    item.appendChild(head);
    if (!findings.length) {
      item.appendChild(element("p", "hb-checker__ok", "未发现触及红线的说法"));
      return item;
    }
    var list = element("ul", "hb-checker__findings");
    findings.forEach(function (f) {
      list.appendChild(self.findingItem(f));
    });
    item.appendChild(list);
    return item;
  };

  Page.prototype.findingItem = function (finding) {
    var rule = this.info.rules[finding.rule] || { title: finding.message, url: null, entries: [] };
    var item = element("li", "hb-checker__finding hb-checker__finding--" + finding.severity);
    item.dataset.rule = finding.rule;
    var title = element("p", "hb-checker__rule");
    title.appendChild(element("span", "hb-checker__severity", SEVERITY[finding.severity] || finding.severity));
    var link = element("a", "hb-checker__rule-link", finding.rule + " " + rule.title);
    if (rule.url) link.href = rule.url;
    title.appendChild(link);
    if (finding.severity === "review" && (finding.start === null || finding.start === undefined)) {
      title.appendChild(element("span", "hb-checker__match", "（模型的第二意见，看重的词：" + finding.match + "）"));
      item.appendChild(title);
      item.appendChild(
        element(
          "p",
          "hb-checker__why",
          "没有哪条规则拦下这句，但它像违反这条规则的说法。请人工复核：确属合规的，可以照用；拿不准的，改用下面的合规话术。",
        ),
      );
      var near = finding.example && this.info.entries[finding.example];
      if (near) {
        var p = element("p", "hb-checker__cite", "相近的反面示例：");
        var a = element("a", "hb-checker__entry", near[0]);
        a.href = near[1];
        p.appendChild(a);
        item.appendChild(p);
      }
      item.appendChild(this.instead(rule));
      return item;
    }
    title.appendChild(element("span", "hb-checker__match", "「" + finding.match + "」"));
    item.appendChild(title);
    if (rule.forbids) item.appendChild(element("p", "hb-checker__why", "禁止：" + rule.forbids));
    if (rule.citation) item.appendChild(element("p", "hb-checker__cite", "依据：" + rule.citation));
    item.appendChild(this.instead(rule));
    return item;
  };

  Page.prototype.instead = function (rule) {
    /* compliant entries of the rule, of the chosen stage when there are any */
    var info = this.info;
    var stage = this.stage.value;
    var all = rule.entries || [];
    var chosen = stage
      ? all.filter(function (id) {
          return info.entries[id][2] === stage;
        })
      : all;
    var note = "";
    if (stage && !chosen.length && all.length) {
      chosen = all;
      note = "（所选阶段暂无，以下取自其他阶段）";
    }
    var out = element("p", "hb-checker__instead");
    if (!chosen.length) {
      out.textContent = "可以这样说：见规则页。";
      return out;
    }
    out.appendChild(document.createTextNode("可以这样说" + note + "："));
    chosen.slice(0, SHOWN_ENTRIES).forEach(function (id, i) {
      var entry = info.entries[id];
      if (i) out.appendChild(document.createTextNode("、"));
      var link = element("a", "hb-checker__entry", entry[0]);
      link.href = entry[1];
      out.appendChild(link);
    });
    if (chosen.length > SHOWN_ENTRIES) {
      out.appendChild(document.createTextNode(" 等 " + chosen.length + " 条（见规则页）"));
    }
    return out;
  };

  /* The engine alone, for other pages that check a phrase (the call companion's checker box). */
  window.hbLintEngine = { Linter: Linter, SecondOpinion: SecondOpinion };

  function setup() {
    var holder = document.getElementById("hb-checker-data");
    var root = document.getElementById("hb-checker");
    if (!holder || !root || root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(holder.textContent);
    var page = new Page(root, data);
    window.hbChecker = {
      /* For tests and the benchmark: findings for a text (one phrase a line) or an array of lines. */
      check: function (text) {
        return page.check(text);
      },
      run: function () {
        page.run();
      },
    };
    page.start();
  }

  window.hbReady(setup); /* handbook.js, loaded on every page before this one */
})();
