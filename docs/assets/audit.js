/* The call-audit page (通话质检, team/call-audit.md from handbook/site/auditpage.py): `handbook audit` in the
 * browser. A team lead drops call transcripts or a call log; the files are read with the File API and
 * audited on this page. Nothing is uploaded, fetched or stored.
 *
 * The rules are not written here. The page embeds, as JSON, the red-line linter and the second opinion
 * the 自检 page runs (docs/assets/checker.js, loaded first, gives their engine as window.hbLintEngine) and
 * handbook.audit.browser.browser_data(): speaker labels, the formats' and the conversation's patterns, the
 * checks, the masking patterns, the log's columns and limits, every sentence a finding says, the rules'
 * titles and citations and the lawful entries. Only the algorithm lives here, one function for each of
 * handbook/audit/:
 *
 *   decodedLines  <- calls._decoded        textCalls  <- calls._text_lines   jsonCalls <- calls._json_lines
 *   follow        <- conversation.follow   Auditor.call <- auditor.Auditor.call
 *   readLog       <- calllog.read          breaches   <- calllog.breaches    Auditor.log <- Auditor.log
 *   Report        <- report.Report         barChart, heatmap, dayChart <- report's charts
 *
 * tests/browser/test_audit_page.py audits every fixture here and with the command line and compares the
 * findings, the input problems, the totals and the charts' layout. */
(() => {
  "use strict";

  const SEVERITY_NAMES = { blocking: "违反红线", review: "需人工复核", advisory: "建议改进" };
  const YIELD_MS = 100; /* hand the page back to the browser this often during a long audit */
  const SVG = "http://www.w3.org/2000/svg";

  // -- Small helpers -----------------------------------------------------------------------------

  function regex(spec, extra) {
    return new RegExp(spec[0], `${spec[1]}u${extra || ""}`);
  }

  function points(text) {
    return Array.from(text).length; /* Python's len(): code points */
  }

  function issue(file, line, col, code, message) {
    return { file, line, col, code, message };
  }

  function issueText(p) {
    return `${p.file}:${p.line}:${p.col}: ${p.code} ${p.message}`;
  }

  function compareIssues(a, b) {
    /* sorted(problems): by file, line, column, code, message */
    const keys = ["file", "line", "col", "code", "message"];
    for (const k of keys) {
      if (a[k] < b[k]) return -1;
      if (a[k] > b[k]) return 1;
    }
    return 0;
  }

  function pad(n, width) {
    return String(n).padStart(width || 2, "0");
  }

  function pyRound1(x) {
    /* Python's round(x, 1): half to even on an exact tie, as the command line lays out its charts */
    const twice = x * 20;
    if (Number.isInteger(twice) && twice % 2 !== 0 && twice / 20 === x) {
      const down = Math.floor(x * 10);
      return (down % 2 === 0 ? down : down + 1) / 10;
    }
    return Number(x.toFixed(1));
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_m, name) => String(values[name]));
  }

  function stem(name) {
    const dot = name.lastIndexOf(".");
    return dot > 0 ? name.slice(0, dot) : name;
  }

  // -- Bytes to lines (calls._decoded) ------------------------------------------------------------

  function utf8Error(bytes, start, end) {
    /* the index of the first byte that is not part of well-formed UTF-8, or -1 */
    let i = start;
    while (i < end) {
      const b = bytes[i];
      if (b < 0x80) {
        i++;
        continue;
      }
      let n = 0;
      let lo = 0x80;
      let hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) n = 1;
      else if (b === 0xe0) [n, lo] = [2, 0xa0];
      else if (b === 0xed) [n, hi] = [2, 0x9f];
      else if (b >= 0xe1 && b <= 0xef) n = 2;
      else if (b === 0xf0) [n, lo] = [3, 0x90];
      else if (b === 0xf4) [n, hi] = [3, 0x8f];
      else if (b >= 0xf1 && b <= 0xf3) n = 3;
      else return i;
      for (let k = 1; k <= n; k++) {
        const c = bytes[i + k];
        if (i + k >= end || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
      }
      i += n + 1;
    }
    return -1;
  }

  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

  function hasBom(bytes) {
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  }

  function decodedLines(bytes, file, problems) {
    /* each line as text, its line end dropped; at the first line that is not UTF-8 an A002 problem and
     * the end of the file */
    const out = [];
    let start = 0;
    while (start < bytes.length) {
      const newline = bytes.indexOf(0x0a, start);
      const end = newline < 0 ? bytes.length : newline + 1;
      const from = out.length === 0 && hasBom(bytes) ? 3 : start;
      const bad = utf8Error(bytes, from, end);
      if (bad >= 0) {
        const col = points(decoder.decode(bytes.subarray(from, bad))) + 1;
        const message =
          `byte 0x${pad(bytes[bad].toString(16))} is not UTF-8 (an export in GBK?); convert the file to UTF-8. ` +
          "The rest of the file is not read";
        problems.push(issue(file, out.length + 1, col, "A002", message));
        break;
      }
      out.push(decoder.decode(bytes.subarray(from, end)).replace(/[\r\n]+$/, ""));
      start = end;
    }
    return out;
  }

  // -- Transcripts (calls.py) ---------------------------------------------------------------------

  function Speakers(agent, customer) {
    this.agent = agent;
    this.customer = customer;
    const fold = (labels) => new Set(labels.map((l) => l.toLowerCase()));
    this.agentSet = fold(agent);
    this.customerSet = fold(customer);
  }

  Speakers.prototype.role = function (label) {
    const folded = label.trim().toLowerCase();
    if (this.agentSet.has(folded) || folded === "agent") return "agent";
    if (this.customerSet.has(folded) || folded === "customer") return "customer";
    return null;
  };

  Speakers.prototype.unknown = function (file, line, col, label) {
    const sides = `collector: ${this.agent.join(", ")}; borrower's side: ${this.customer.join(", ")}`;
    return issue(
      file,
      line,
      col,
      "A006",
      `speaker '${label.trim()}' is neither side (${sides}); name it with --agent or --customer. The turn is left out`,
    );
  };

  function Reader(data) {
    const p = data.patterns;
    this.callLine = regex(p.call);
    this.turnLine = regex(p.turn, "d");
    this.time = regex(p.time);
    this.jsonSuffixes = data.json_suffixes;
  }

  Reader.prototype.seconds = function (text) {
    const m = this.time.exec(text.trim());
    if (m === null) return null;
    return Number(m.groups.h || 0) * 3600 + Number(m.groups.m) * 60 + Number(m.groups.s);
  };

  function clock(value) {
    if (value === null || value === undefined) return "";
    const whole = Math.floor(value);
    return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
  }

  Reader.prototype.calls = function (name, lines, speakers, problems) {
    const lower = name.toLowerCase();
    const json = this.jsonSuffixes.some((s) => lower.endsWith(s));
    return json ? this.jsonCalls(name, lines, speakers, problems) : this.textCalls(name, lines, speakers, problems);
  };

  Reader.prototype.textCalls = function (file, lines, speakers, problems) {
    const out = [];
    let call = null;
    lines.forEach((raw, i) => {
      const number = i + 1;
      const line = raw.trim();
      if (!line || line.startsWith("#")) return;
      const marker = this.callLine.exec(line);
      if (marker) {
        if (call?.turns.length) out.push(call);
        call = { id: marker.groups.id, file, line: number, turns: [] };
        return;
      }
      const m = this.turnLine.exec(line);
      if (m === null) {
        problems.push(
          issue(file, number, 1, "A003", "not a turn: write `SPEAKER: text` (or `[hh:mm:ss] SPEAKER: text`)"),
        );
        return;
      }
      const role = speakers.role(m.groups.speaker);
      if (role === null) {
        const col = points(line.slice(0, m.indices.groups.speaker[0])) + 1;
        problems.push(speakers.unknown(file, number, col, m.groups.speaker));
        return;
      }
      let start = null;
      if (m.groups.time !== undefined) {
        start = this.seconds(m.groups.time);
        if (start === null) {
          const col = points(line.slice(0, m.indices.groups.time[0])) + 1;
          const message = `'${m.groups.time}' is not a time: write [hh:mm:ss] or [mm:ss]; the turn is read without it`;
          problems.push(issue(file, number, col, "A004", message));
        }
      }
      if (call === null) call = { id: stem(file), file, line: number, turns: [] };
      call.turns.push({ line: number, role, text: m.groups.text.trim(), start });
    });
    if (call?.turns.length) out.push(call);
    return out;
  };

  function pyStr(value) {
    if (value === null) return "None";
    if (value === true) return "True";
    if (value === false) return "False";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  Reader.prototype.jsonCalls = function (file, lines, speakers, problems) {
    const out = [];
    const seen = new Set();
    let call = null;
    lines.forEach((line, i) => {
      const number = i + 1;
      if (!line.trim()) return;
      let item;
      try {
        item = JSON.parse(line);
      } catch (err) {
        problems.push(issue(file, number, 1, "A005", `not a JSON object: ${err.message}; one object per line`));
        return;
      }
      const isObject = item !== null && typeof item === "object" && !Array.isArray(item);
      const missing = ["call", "speaker", "text"].filter((k) => !isObject || !(k in item));
      if (missing.length) {
        const message = `missing ${missing.join(", ")}: each line needs call, speaker and text`;
        problems.push(issue(file, number, 1, "A005", message));
        return;
      }
      const role = speakers.role(pyStr(item.speaker));
      if (role === null) {
        problems.push(speakers.unknown(file, number, 1, pyStr(item.speaker)));
        return;
      }
      let start = item.start === undefined ? null : item.start;
      if (start !== null && (typeof start !== "number" || start < 0)) {
        const shown = typeof start === "string" ? `'${start}'` : pyStr(start);
        problems.push(issue(file, number, 1, "A004", `start ${shown} is not seconds (a number ≥ 0); read without it`));
        start = null;
      }
      const id = pyStr(item.call);
      if (call === null || call.id !== id) {
        if (call !== null) out.push(call);
        if (seen.has(id)) {
          problems.push(issue(file, number, 1, "A009", `call ${id} goes on after other calls; sort the file by call`));
        }
        seen.add(id);
        call = { id, file, line: number, turns: [] };
      }
      call.turns.push({ line: number, role, text: pyStr(item.text).trim(), start });
    });
    if (call !== null) out.push(call);
    return out;
  };

  // -- A call as a conversation (conversation.py) ----------------------------------------------------

  function Conversation(data) {
    this.cue = {};
    for (const [name, spec] of Object.entries(data.patterns)) this.cue[name] = regex(spec);
    this.checks = data.checks;
  }

  Conversation.prototype.discloses = function (text) {
    return this.cue.AMOUNT.exec(text) || this.cue.DISCLOSES.exec(text);
  };

  Conversation.prototype.follow = function (call) {
    const c = this.cue;
    const found = new Map();
    const extra = new Map();
    const confirmed = new Set();
    const note = (id, turn, match) => {
      if (found.has(id)) extra.set(id, (extra.get(id) || 0) + 1);
      else found.set(id, { check: this.checks[id], turn, match });
    };
    let who = "unknown";
    let [asked, disputed, distressed, recorded, askedPayment, namedChannel] = [
      false,
      false,
      false,
      false,
      false,
      false,
    ];
    let firstDetail = null;
    let lastAsk = null;
    for (const turn of call.turns) {
      const text = turn.text;
      if (turn.role !== "agent") {
        if (c.NOT_BORROWER.test(text)) who = "other";
        else if (who === "unknown" && asked && c.CONFIRMS.test(text)) who = "borrower";
        disputed = disputed || c.DISPUTES.test(text);
        distressed = distressed || c.DISTRESS.test(text);
        continue;
      }
      if (who === "borrower") confirmed.add(turn.line);
      const detail = this.discloses(text);
      asked = asked || c.ASKS_IDENTITY.test(text);
      recorded = recorded || c.RECORDING.test(text);
      namedChannel = namedChannel || c.OFFICIAL_CHANNEL.test(text);
      if (detail !== null) {
        if (who === "unknown") note("identity-first", turn, detail[0]);
        else if (who === "other") note("third-party-told", turn, detail[0]);
        if (firstDetail === null) {
          firstDetail = turn;
          if (!recorded) note("no-recording-notice", turn, "");
        }
      }
      const payment = c.ASKS_PAYMENT.exec(text);
      if (payment !== null && who !== "other") {
        askedPayment = true;
        lastAsk = turn;
      }
      const pressing = c.BRUSHES_OFF.exec(text) || (payment !== null ? c.URGES.exec(text) : null);
      if (disputed && pressing !== null && !c.VERIFIES.test(text) && !c.STOPS.test(text)) {
        note("dispute-pressed", turn, pressing[0]);
      }
      if (distressed && (payment !== null || pressing !== null) && !c.STOPS.test(text)) {
        note("distress-pressed", turn, (payment || pressing)[0]);
      }
    }
    if (askedPayment && !namedChannel) note("no-official-channel", lastAsk, "");
    const moments = Array.from(found, ([id, m]) => Object.assign(m, { more: extra.get(id) || 0 }));
    moments.sort((a, b) => a.turn.line - b.turn.line);
    return { moments, confirmed };
  };

  // -- Findings (auditor.py) --------------------------------------------------------------------------

  function Auditor(data, engine, doubts) {
    const { Linter, SecondOpinion } = window.hbLintEngine;
    this.data = data;
    this.linter = new Linter(engine.engine);
    this.model = engine.model ? new SecondOpinion(engine.model, this.linter) : null;
    this.doubts = doubts;
    this.conversation = new Conversation(data);
    this.mask = data.mask.map((spec) => regex(spec, "g"));
    this.turns = 0;
  }

  Auditor.prototype.masked = function (text) {
    let out = text;
    for (const pattern of this.mask) out = out.replace(pattern, (m) => m.replace(/[0-9A-Za-z@._%+-]/g, "＊"));
    return out;
  };

  Auditor.prototype.citation = function (rule) {
    return this.data.rules[rule]?.citation || "";
  };

  Auditor.prototype.entry = function (id) {
    const found = this.data.entries[id];
    return found ? [id, found[0]] : ["", ""];
  };

  Auditor.prototype.alternative = function (rule, text) {
    const nearest = this.model ? this.model.nearest(rule, new Set(this.model.grams(text, true))) : null;
    if (nearest !== null && this.data.alternatives[nearest.id]) return this.entry(this.data.alternatives[nearest.id]);
    return this.data.usual[rule] ? this.entry(this.data.usual[rule]) : ["", ""];
  };

  const FIELDS = ["file", "line", "call", "time", "rule", "severity", "match", "message", "citation", "entry"];

  function finding(fields) {
    /* the fields in the order of auditor.Finding, as its JSON gives them */
    const out = {};
    for (const k of FIELDS.concat(["entry_title", "kind", "agent", "check"])) out[k] = fields[k] ?? "";
    return out;
  }

  Auditor.prototype.call = function (call, agent) {
    const severities = this.data.severities;
    const followed = this.conversation.follow(call);
    const out = new Map();
    const keep = (f) => {
      const key = `${f.line}\u0000${f.rule}`;
      const old = out.get(key);
      const rank = severities.indexOf(f.severity);
      const oldRank = old ? severities.indexOf(old.severity) : 99;
      if (!old || rank < oldRank || (rank === oldRank && f.kind === "call")) out.set(key, f);
    };
    for (const turn of call.turns) {
      if (turn.role !== "agent") continue;
      this.turns++;
      const text = turn.text.split(/\s+/).filter(Boolean).join(" ");
      const lines = [text];
      let found = this.linter.checkLines(lines);
      if (this.model) found = this.model.add(found, lines, this.doubts);
      for (const f of found) {
        if (this.data.exempt.includes(f.rule)) continue;
        const severity = f.severity === "dismissed" ? "review" : f.severity;
        if (f.rule === this.data.third_party && severity !== "blocking" && followed.confirmed.has(turn.line)) continue;
        const [entry, entryTitle] = this.alternative(f.rule, text);
        keep(
          finding({
            file: call.file,
            line: turn.line,
            call: call.id,
            time: clock(turn.start),
            rule: f.rule,
            severity,
            match: this.masked(f.match),
            message: f.message,
            citation: this.citation(f.rule),
            entry,
            entry_title: entryTitle,
            kind: "turn",
            agent: agent || "",
          }),
        );
      }
    }
    for (const moment of followed.moments) {
      const check = moment.check;
      const [entry, entryTitle] = this.entry(check.entry);
      const more = moment.more ? fill(this.data.messages.more, { more: moment.more }) : "";
      keep(
        finding({
          file: call.file,
          line: moment.turn.line,
          call: call.id,
          time: clock(moment.turn.start),
          rule: check.rule,
          severity: check.severity,
          match: this.masked(moment.match),
          message: check.title + more,
          citation: check.severity === "blocking" ? this.citation(check.rule) : "",
          entry,
          entry_title: entryTitle,
          kind: "call",
          agent: agent || "",
          check: check.id,
        }),
      );
    }
    return Array.from(out.values()).sort(
      (a, b) =>
        a.line - b.line || (a.kind !== "turn") - (b.kind !== "turn") || (a.rule < b.rule ? -1 : a.rule > b.rule),
    );
  };

  Auditor.prototype.log = function (file, found) {
    const limits = this.data.log.limits;
    const messages = this.data.messages;
    return found.map((b) => {
      const [rule, severity, entryId] = this.data.log.checks[b.check];
      const a = b.attempt;
      const message = fill(messages.log[b.check], {
        quiet: `${limits.quiet_from}–${limits.quiet_until}`,
        answered: a.answered ? messages.answered : "",
        whom: a.contact ? messages.whom[0] : messages.whom[1],
        count: b.count,
        per_day: limits.per_day,
        minutes: limits.burst_minutes,
        attempts: limits.burst_attempts,
      });
      const [entry, entryTitle] = this.entry(entryId);
      return finding({
        file,
        line: a.line,
        call: a.case,
        time: `${a.local.date} ${pad(a.local.hour)}:${pad(a.local.minute)}${offsetText(a.offset)}`,
        rule,
        severity,
        match: "",
        message,
        citation: b.check !== "burst" ? this.citation(rule) : "",
        entry,
        entry_title: entryTitle,
        kind: "log",
        agent: a.agent,
        check: b.check,
      });
    });
  };

  function offsetText(minutes) {
    const sign = minutes < 0 ? "-" : "+";
    const m = Math.abs(minutes);
    return `${sign}${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
  }

  // -- Call logs (calllog.py) ----------------------------------------------------------------------

  function csvRows(text) {
    /* rows as Python's csv.reader reads them: quotes only open a field, "" inside one is a quote, a
     * quoted field may hold line breaks, an empty line is an empty row */
    const rows = [];
    let row = [];
    let field = "";
    let quoted = false;
    let fieldStarted = false;
    let touched = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      touched = true;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i++;
        } else if (c === '"') quoted = false;
        else field += c;
      } else if (c === '"' && !fieldStarted) {
        quoted = true;
        fieldStarted = true;
      } else if (c === ",") {
        row.push(field);
        field = "";
        fieldStarted = false;
      } else if (c === "\n") {
        rows.push(row.length || fieldStarted || field ? row.concat([field]) : []);
        [row, field, fieldStarted, touched] = [[], "", false, false];
      } else {
        field += c;
        fieldStarted = true;
      }
    }
    if (touched) rows.push(row.concat([field]));
    return rows;
  }

  const ISO =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:([+-])(\d{2}):?(\d{2})?)?)?$/;

  function isoTime(text) {
    /* datetime.fromisoformat for the extended forms (YYYY-MM-DD[T ]HH:MM[:SS[.f]][±HH:MM]): the wall
     * clock as milliseconds and the offset in minutes (null without one); null when it is not a time */
    const m = ISO.exec(text);
    if (m === null) return null;
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((k) => Number(m[k] || 0));
    const fraction = m[7] ? Number(`0.${m[7].slice(0, 6)}`) * 1000 : 0;
    const wall = Date.UTC(y, mo - 1, d, h, mi, s) + fraction;
    const back = new Date(wall);
    if (y < 1 || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
    if (m[8] === undefined) return { wall, offset: null };
    const offset = (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] || 0));
    return Math.abs(offset) >= 24 * 60 ? null : { wall, offset };
  }

  function Zone(name) {
    /* calllog.zone: an IANA name (through Intl) or a fixed offset; throws when it is neither */
    this.name = name;
    const fixed = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(name);
    if (fixed) {
      this.fixed = (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] || 0));
      return;
    }
    try {
      this.format = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch (_err) {
      throw new Error(
        `--tz '${name}' is not a time zone: give a name such as Asia/Shanghai or an offset such as +08:00`,
      );
    }
  }

  Zone.prototype.offsetAt = function (epoch) {
    if (this.fixed !== undefined) return this.fixed;
    const p = {};
    for (const part of this.format.formatToParts(new Date(epoch))) p[part.type] = Number(part.value);
    const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return Math.round((wall - Math.floor(epoch / 1000) * 1000) / 60000);
  };

  Zone.prototype.offsetForWall = function (wall) {
    const first = this.offsetAt(wall);
    return this.offsetAt(wall - first * 60000);
  };

  function local(epoch, offset) {
    const d = new Date(epoch + offset * 60000);
    const ms = epoch + offset * 60000 - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return {
      date: `${String(d.getUTCFullYear()).padStart(4, "0")}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      seconds: ms / 1000 /* into the day */,
      weekday: (d.getUTCDay() + 6) % 7 /* Monday 0, as datetime.weekday() */,
    };
  }

  function LogReader(data) {
    this.log = data.log;
    this.names = new Map();
    for (const [column, aliases] of Object.entries(data.log.columns)) {
      for (const alias of aliases) this.names.set(alias.toLowerCase(), column);
    }
    this.yes = new Set(data.log.yes);
    this.no = new Set(data.log.no);
  }

  LogReader.prototype.decode = function (file, bytes, problems) {
    /* yamlfile.decode: the whole file as UTF-8 (BOM dropped, line ends as \n), or an A002 problem */
    const from = hasBom(bytes) ? 3 : 0;
    const bad = utf8Error(bytes, from, bytes.length);
    if (bad >= 0) {
      const before = bytes.subarray(0, bad);
      const lastBreak = before.lastIndexOf(0x0a);
      const line = before.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
      const message = `byte 0x${pad(bytes[bad].toString(16))} is not UTF-8; re-save the file as UTF-8`;
      problems.push(issue(file, line, bad - (lastBreak + 1) + 1, "A002", message));
      return null;
    }
    return decoder.decode(bytes.subarray(from)).replace(/\r\n/g, "\n").replace(/\r/g, "\n");
  };

  LogReader.prototype.read = function (file, bytes, zone, problems) {
    const text = this.decode(file, bytes, problems);
    if (text === null) return [];
    const rows = csvRows(text);
    const header = rows.shift();
    const required = this.log.required;
    if (header === undefined) {
      const message = `the log is empty: the first row names the columns (${required.join(", ")} …)`;
      problems.push(issue(file, 1, 1, "A007", message));
      return [];
    }
    const where = {};
    header.forEach((cell, i) => {
      const column = this.names.get(
        cell
          .trim()
          .replace(/^\ufeff+/, "")
          .toLowerCase()
          .replace(/ /g, "_"),
      );
      if (column !== undefined && !(column in where)) where[column] = i;
    });
    const missing = required.filter((name) => !(name in where));
    if (missing.length) {
      const named = header.map((h) => h.trim()).join(", ") || "nothing";
      const message =
        `no column for ${missing.join(", ")}; the header names ${named}. ` +
        `Name them as docs/audit.md lists (${missing.map((m) => this.log.columns[m][0]).join(", ")})`;
      problems.push(issue(file, 1, 1, "A007", message));
      return [];
    }
    const out = [];
    rows.forEach((row, i) => {
      if (!row.some((cell) => cell.trim())) return;
      const attempt = this.attempt(row, i + 2, where, zone, file, problems);
      if (attempt !== null) out.push(attempt);
    });
    return out;
  };

  LogReader.prototype.attempt = function (row, number, where, zone, file, problems) {
    const cell = (column) =>
      where[column] !== undefined && where[column] < row.length ? row[where[column]].trim() : "";
    const problem = (column, message) => {
      const col = column in where ? row.slice(0, where[column]).reduce((n, c) => n + points(c) + 1, 0) + 1 : 1;
      problems.push(issue(file, number, col, "A008", message));
      return null;
    };
    const kase = cell("case");
    if (!kase) return problem("case", "the case is empty; each row names the case it called about");
    const time = isoTime(cell("time").replaceAll("Z", "+00:00"));
    if (time === null) {
      return problem("time", `'${cell("time")}' is not a time: write ISO 8601, e.g. 2026-11-03T21:45:00+08:00`);
    }
    let offset = time.offset;
    let epoch;
    if (offset === null) {
      if (zone === null) {
        return problem("time", `'${cell("time")}' has no offset: add one (+08:00) or pass --tz Asia/Shanghai`);
      }
      offset = zone.offsetForWall(time.wall);
      epoch = time.wall - offset * 60000;
    } else {
      epoch = time.wall - offset * 60000;
      if (zone !== null) offset = zone.offsetAt(epoch);
    }
    const answered = this.yesNo(cell("answered"));
    if (answered === null)
      return problem("answered", `answered is '${cell("answered")}': write yes or no (是/否, 1/0)`);
    const consent = "consent" in where ? this.yesNo(cell("consent")) : false;
    if (consent === null) {
      return problem("consent", `consent is '${cell("consent")}': write yes or no, or leave it empty`);
    }
    return {
      line: number,
      case: kase,
      epoch,
      offset,
      local: local(epoch, offset),
      answered,
      agent: cell("agent"),
      contact: cell("contact"),
      consent,
    };
  };

  LogReader.prototype.yesNo = function (value) {
    const folded = value.trim().toLowerCase();
    return this.yes.has(folded) ? true : this.no.has(folded) ? false : null;
  };

  function clockSeconds(hhmm) {
    return Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
  }

  function breaches(attempts, limits) {
    /* calllog.breaches: each night attempt, each contact-day over the unanswered limit, each burst */
    const from = clockSeconds(limits.quiet_from);
    const until = clockSeconds(limits.quiet_until);
    const quiet = (t) => (from > until ? t >= from || t < until : from <= t && t < until);
    const found = [];
    const byCase = new Map();
    for (const a of attempts) {
      if (!byCase.has(a.case)) byCase.set(a.case, []);
      byCase.get(a.case).push(a);
      if (quiet(a.local.seconds) && !a.consent) found.push({ check: "night", attempt: a, count: 0 });
    }
    const window = limits.burst_minutes * 60000;
    for (const list of byCase.values()) {
      list.sort((x, y) => x.epoch - y.epoch);
      const unanswered = new Map();
      for (const a of list) {
        if (a.answered || a.consent) continue;
        const key = `${a.contact || a.case}\u0000${a.local.date}`;
        const n = (unanswered.get(key) || 0) + 1;
        unanswered.set(key, n);
        if (n === limits.per_day + 1) found.push({ check: "unanswered", attempt: a, count: n });
      }
      let start = 0;
      let reportedUntil = null;
      list.forEach((a, end) => {
        while (a.epoch - list[start].epoch > window) start++;
        const count = end - start + 1;
        if (count >= limits.burst_attempts && (reportedUntil === null || list[start].epoch > reportedUntil)) {
          found.push({ check: "burst", attempt: a, count });
          reportedUntil = a.epoch;
        }
      });
    }
    return found.sort((x, y) => x.attempt.line - y.attempt.line);
  }

  // -- The report (report.py) -----------------------------------------------------------------------

  function Report(kind, data) {
    this.kind = kind;
    this.data = data;
    this.findings = [];
    this.problems = [];
    this.files = 0;
    this.calls = 0;
    this.turns = 0;
    this.byHour = data.weekdays.map(() => new Array(24).fill(0));
    this.perCaseDay = new Map();
    this.quiet = [data.log.limits.quiet_from, data.log.limits.quiet_until];
    this.perDayLimit = data.log.limits.per_day;
  }

  Report.prototype.addAttempts = function (attempts) {
    this.calls += attempts.length;
    const days = new Map();
    for (const a of attempts) {
      this.byHour[a.local.weekday][a.local.hour] += 1;
      const key = `${a.case}\u0000${a.local.date}`;
      days.set(key, (days.get(key) || 0) + 1);
    }
    for (const n of days.values()) this.perCaseDay.set(n, (this.perCaseDay.get(n) || 0) + 1);
  };

  function bySeverity(severities, counted) {
    const out = {};
    for (const s of severities) out[s] = counted.get(s) || 0;
    return out;
  }

  function total(counts) {
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  function before(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  Report.prototype.grouped = function (key) {
    const counts = new Map();
    for (const f of this.findings) {
      const k = key(f);
      if (k === "") continue;
      if (!counts.has(k)) counts.set(k, new Map());
      const c = counts.get(k);
      c.set(f.severity, (c.get(f.severity) || 0) + 1);
    }
    const rows = Array.from(counts, ([k, c]) => [k, bySeverity(this.data.severities, c)]);
    return rows.sort((a, b) => total(b[1]) - total(a[1]) || before(a[0], b[0]));
  };

  Report.prototype.perRule = function () {
    return this.grouped((f) => f.rule).map(([rule, counts]) => [rule, this.title(rule), counts]);
  };

  Report.prototype.perAgent = function () {
    return this.grouped((f) => f.agent);
  };

  Report.prototype.title = function (rule) {
    return this.data.rules[rule]?.title || rule;
  };

  Report.prototype.worst = function () {
    const weight = new Map();
    const count = new Map();
    for (const f of this.findings) {
      const key = JSON.stringify([f.call, f.file]);
      weight.set(key, (weight.get(key) || 0) + (this.data.weight[f.severity] || 1));
      count.set(key, (count.get(key) || 0) + 1);
    }
    const rows = Array.from(weight, ([key, w]) => [JSON.parse(key), w, count.get(key)]);
    rows.sort((a, b) => b[1] - a[1] || before(a[0][0], b[0][0]) || before(a[0][1], b[0][1]));
    return rows.slice(0, this.data.worst).map(([[call, file], w, n]) => [call, file, w, n]);
  };

  Report.prototype.severities = function () {
    const counted = new Map();
    for (const f of this.findings) counted.set(f.severity, (counted.get(f.severity) || 0) + 1);
    return bySeverity(this.data.severities, counted);
  };

  Report.prototype.json = function () {
    /* Report.as_json: the same document as `handbook audit … --json` */
    const totals = { files: this.files };
    totals[this.kind === "transcript" ? "calls" : "attempts"] = this.calls;
    Object.assign(totals, {
      turns: this.turns,
      findings: this.findings.length,
      by_severity: this.severities(),
      problems: this.problems.length,
    });
    return {
      format: this.data.format,
      kind: this.kind,
      totals,
      by_rule: this.perRule().map(([rule, title, c]) => Object.assign({ rule, title }, c)),
      by_agent: this.perAgent().map(([agent, c]) => Object.assign({ agent, findings: total(c) }, c)),
      worst: this.worst().map(([call, file, weight, findings]) => ({ call, file, weight, findings })),
      findings: this.findings,
      problems: this.problems.map(issueText),
    };
  };

  Report.prototype.charts = function () {
    const log = this.kind === "log";
    return {
      rules: barChart(this.perRule(), this.data.severities),
      agents: barChart(
        this.perAgent()
          .slice(0, 15)
          .map(([a, c]) => [a, "", c]),
        this.data.severities,
      ),
      heat: log ? heatmap(this.byHour, this.quiet, this.data.weekdays) : null,
      days: log ? dayChart(this.perCaseDay, this.perDayLimit) : null,
    };
  };

  // Charts, laid out as report.py lays them out ---------------------------------------------------

  const [BAR_H, BAR_GAP, LABEL_W, BARS_W, CELL] = [22, 6, 210, 420, 22];

  function barChart(rows, severities) {
    const top = Math.max(0, ...rows.map((r) => total(r[2]))) || 1;
    const bars = rows.map(([name, title, counts], i) => {
      const y = i * (BAR_H + BAR_GAP);
      let x = LABEL_W;
      const parts = [];
      for (const severity of severities) {
        const n = counts[severity] || 0;
        if (!n) continue;
        const w = Math.max(1.0, (BARS_W * n) / top);
        parts.push({ x: pyRound1(x), w: pyRound1(w), severity, n });
        x += w;
      }
      return { y, name, title, total: total(counts), parts, end: x };
    });
    const height = Math.max(1, rows.length) * (BAR_H + BAR_GAP);
    return { bars, width: LABEL_W + BARS_W + 60, height, label_x: LABEL_W - 4 };
  }

  function heatmap(grid, quiet, days) {
    const top = Math.max(0, ...grid.flat()) || 1;
    const [start, end] = [Number(quiet[0].slice(0, 2)), Number(quiet[1].slice(0, 2))];
    const isQuiet = (h) => (start > end ? h >= start || h < end : start <= h && h < end);
    const cells = [];
    grid.forEach((row, d) => {
      row.forEach((n, h) => {
        const level = n === 0 ? 0 : 1 + Math.min(4, Math.floor((4 * n) / top));
        cells.push({ x: 30 + h * CELL, y: 18 + d * CELL, n, level, day: d, hour: h, quiet: isQuiet(h) });
      });
    });
    return { cells, days, width: 30 + 24 * CELL + 4, height: 18 + 7 * CELL + 4, cell: CELL };
  }

  function dayChart(perCaseDay, limit) {
    if (perCaseDay.size === 0) return { columns: [], width: 0, height: 0 };
    const most = Math.max(...perCaseDay.keys());
    const top = Math.max(...perCaseDay.values());
    const [width, height] = [28, 140];
    const columns = [];
    for (let n = 1; n <= most; n++) {
      const count = perCaseDay.get(n) || 0;
      const h = pyRound1((height * count) / top);
      columns.push({ x: 30 + (n - 1) * width, h, y: 16 + height - h, n, count, over: n > limit });
    }
    return { columns, width: 30 + most * width + 10, height: height + 40, base: 10 + height, limit };
  }

  // -- The page ----------------------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svgNode(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function titled(node, text) {
    node.appendChild(svgNode("title", {}, text));
    return node;
  }

  function chartBox(width, height, label) {
    return svgNode("svg", { role: "img", "aria-label": label, width, height, viewBox: `0 0 ${width} ${height}` });
  }

  function drawBars(chart, label) {
    const svg = chartBox(chart.width, chart.height, label);
    for (const bar of chart.bars) {
      const g = titled(svgNode("g"), `${bar.name} ${bar.title}：${bar.total} 处`);
      g.appendChild(svgNode("text", { x: chart.label_x, y: bar.y + 15, "text-anchor": "end" }, bar.name));
      for (const part of bar.parts) {
        const rect = { class: `fill-${part.severity}`, x: part.x, y: bar.y, width: part.w, height: BAR_H };
        g.appendChild(svgNode("rect", rect));
      }
      g.appendChild(svgNode("text", { x: bar.end + 6, y: bar.y + 15 }, bar.total));
      svg.appendChild(g);
    }
    return svg;
  }

  function drawHeat(heat) {
    const svg = chartBox(heat.width, heat.height, "按星期和小时的拨打次数热力图");
    for (let h = 0; h < 24; h += 3) svg.appendChild(svgNode("text", { x: 30 + h * heat.cell, y: 12 }, `${h}时`));
    heat.days.forEach((d, i) => {
      svg.appendChild(svgNode("text", { x: 0, y: 18 + i * heat.cell + 15 }, `周${d}`));
    });
    for (const c of heat.cells) {
      const rect = svgNode("rect", {
        class: `l${c.level}${c.quiet && c.n ? " quiet" : ""}`,
        x: c.x,
        y: c.y,
        width: heat.cell - 2,
        height: heat.cell - 2,
      });
      svg.appendChild(titled(rect, `周${heat.days[c.day]} ${c.hour}时：${c.n} 次`));
    }
    return svg;
  }

  function drawDays(days) {
    const svg = chartBox(days.width, days.height, "每个案件每天的拨打次数分布");
    for (const c of days.columns) {
      const g = titled(svgNode("g"), `${c.n} 次：${c.count} 个案件天`);
      g.appendChild(svgNode("rect", { class: c.over ? "over" : "under", x: c.x, y: c.y, width: 22, height: c.h }));
      if (c.count) g.appendChild(svgNode("text", { x: c.x + 11, y: c.y - 3, "text-anchor": "middle" }, c.count));
      g.appendChild(svgNode("text", { x: c.x + 11, y: days.base + 16, "text-anchor": "middle" }, c.n));
      svg.appendChild(g);
    }
    svg.appendChild(svgNode("text", { x: 30, y: days.base + 32 }, "一天内拨打次数 →（柱上数字：案件天数）"));
    return svg;
  }

  function table(headers, rows, numeric) {
    const out = element("table"); /* no class: Material styles table:not([class]) */
    const head = out.createTHead().insertRow();
    headers.forEach((h, i) => {
      const th = element("th", numeric?.includes(i) ? "n" : "", h);
      head.appendChild(th);
    });
    const body = out.createTBody();
    for (const cells of rows) {
      const tr = body.insertRow();
      cells.forEach((cell, i) => {
        const td = tr.insertCell();
        if (numeric?.includes(i)) td.className = "n";
        if (cell instanceof Node) td.appendChild(cell);
        else td.textContent = String(cell);
      });
    }
    return out;
  }

  function link(text, href) {
    const a = element("a", "", text);
    a.href = href;
    return a;
  }

  function lines(...parts) {
    /* a fragment of text and nodes, one line each */
    const out = document.createDocumentFragment();
    parts
      .filter((p) => p !== null && p !== "")
      .forEach((p, i) => {
        if (i) out.appendChild(element("br"));
        out.appendChild(p instanceof Node ? p : document.createTextNode(String(p)));
      });
    return out;
  }

  function Page(root, data) {
    this.root = root;
    this.data = data.audit;
    this.engine = data;
    this.files = root.querySelector(".hb-audit__files");
    this.drop = root.querySelector(".hb-audit__drop");
    this.status = root.querySelector(".hb-audit__status");
    this.out = root.querySelector(".hb-audit__report");
    this.agent = root.querySelector(".hb-audit__agent");
    this.customer = root.querySelector(".hb-audit__customer");
    this.tz = root.querySelector(".hb-audit__tz");
    this.doubts = root.querySelector(".hb-audit__doubts");
    this.last = null;
    this.reportData = null;
  }

  Page.prototype.start = function () {
    this.files.addEventListener("change", () => this.run(Array.from(this.files.files)));
    this.drop.addEventListener("dragover", (event) => {
      event.preventDefault();
      this.drop.classList.add("hb-audit__drop--over");
    });
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("hb-audit__drop--over"));
    this.drop.addEventListener("drop", (event) => {
      event.preventDefault();
      this.drop.classList.remove("hb-audit__drop--over");
      this.run(Array.from(event.dataTransfer.files));
    });
    this.agent.placeholder = this.data.speakers.agent.join(", ");
    this.customer.placeholder = this.data.speakers.customer.join(", ");
    this.root.hidden = false;
    this.root.dataset.state = "ready";
  };

  Page.prototype.say = function (text, state) {
    this.status.textContent = text;
    if (state) this.root.dataset.state = state;
  };

  function labels(input, defaults) {
    const given = input.value
      .split(/[,，、]/)
      .map((l) => l.trim())
      .filter(Boolean);
    return given.length ? given : defaults;
  }

  Page.prototype.run = async function (files) {
    if (!files.length) return;
    const logs = files.filter((f) => f.name.toLowerCase().endsWith(".csv"));
    if (logs.length && logs.length !== files.length) {
      this.say("一次只检查一种文件：通话记录（.txt、.jsonl）或呼叫日志（.csv），请分开放入。", "error");
      return;
    }
    let zone = null;
    if (logs.length && this.tz.value.trim()) {
      try {
        zone = new Zone(this.tz.value.trim());
      } catch (err) {
        this.say(`时区无法识别：${err.message}`, "error");
        return;
      }
    }
    this.say(`正在读取 ${files.length} 个文件……`, "running");
    const started = performance.now();
    const report = logs.length ? await this.auditLogs(files, zone) : await this.auditCalls(files);
    report.problems.sort(compareIssues);
    this.last = report.json();
    this.reportData = report;
    this.render(report);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const unit = report.kind === "transcript" ? "通通话" : "次拨打";
    this.say(
      `检查完毕：${files.length} 个文件，${report.calls.toLocaleString("zh-CN")} ${unit}，` +
        `${report.findings.length.toLocaleString("zh-CN")} 处问题，${report.problems.length} 条输入问题（${seconds} 秒）。`,
      "done",
    );
  };

  async function bytesOf(file) {
    return new Uint8Array(await file.arrayBuffer());
  }

  Page.prototype.auditCalls = async function (files) {
    const speakers = new Speakers(
      labels(this.agent, this.data.speakers.agent),
      labels(this.customer, this.data.speakers.customer),
    );
    const reader = new Reader(this.data);
    const auditor = new Auditor(this.data, this.engine, this.doubts.checked);
    const report = new Report("transcript", this.data);
    report.files = files.length;
    const calls = [];
    for (const file of files) {
      const lines = decodedLines(await bytesOf(file), file.name, report.problems);
      for (const call of reader.calls(file.name, lines, speakers, report.problems)) calls.push(call);
    }
    let paused = performance.now();
    for (const call of calls) {
      report.findings.push(...auditor.call(call));
      report.calls += 1;
      if (performance.now() - paused > YIELD_MS) {
        this.say(`已检查 ${report.calls.toLocaleString("zh-CN")} / ${calls.length.toLocaleString("zh-CN")} 通……`);
        await new Promise((resume) => setTimeout(resume, 0));
        paused = performance.now();
      }
    }
    report.turns = auditor.turns;
    return report;
  };

  Page.prototype.auditLogs = async function (files, zone) {
    const reader = new LogReader(this.data);
    const auditor = new Auditor(this.data, this.engine, false);
    const report = new Report("log", this.data);
    report.files = files.length;
    for (const file of files) {
      const attempts = reader.read(file.name, await bytesOf(file), zone, report.problems);
      report.addAttempts(attempts);
      report.findings.push(...auditor.log(file.name, breaches(attempts, this.data.log.limits)));
    }
    return report;
  };

  Page.prototype.ruleLink = function (rule) {
    return link(rule, this.data.rules[rule]?.url || this.data.rules_index);
  };

  Page.prototype.render = function (report) {
    const out = document.createDocumentFragment();
    const kind = report.kind === "transcript";
    const sev = report.severities();
    const totals = element("ul", "hb-audit__totals");
    const total = (n, text, cls) => {
      const li = element("li");
      li.appendChild(element("b", cls || "", n.toLocaleString("zh-CN")));
      li.appendChild(document.createTextNode(text));
      totals.appendChild(li);
    };
    total(report.files, "个文件");
    total(report.calls, kind ? "通通话" : "次拨打");
    if (kind) total(report.turns, "句坐席话语");
    total(sev.blocking, "违反红线", "sev-blocking");
    total(sev.review, "需人工复核", "sev-review");
    total(sev.advisory, "建议改进", "sev-advisory");
    total(report.problems.length, "条输入问题");
    out.appendChild(totals);
    const download = element("button", "md-button hb-audit__download", "下载 JSON 报告");
    download.type = "button";
    download.addEventListener("click", () => this.download());
    out.appendChild(download);
    const charts = report.charts();
    const heading = (text) => out.appendChild(element("h2", "", text));
    if (!report.findings.length) out.appendChild(element("p", "", "没有发现问题。"));
    if (report.findings.length) {
      heading("各规则的问题数");
      const legend = element("p", "hb-audit__legend");
      for (const s of this.data.severities)
        legend.appendChild(element("span", `sev sev-${s}`, `■ ${SEVERITY_NAMES[s]}`));
      out.appendChild(legend);
      out.appendChild(drawBars(charts.rules, "各规则的问题数"));
      const rows = report
        .perRule()
        .map(([rule, title, c]) => [this.ruleLink(rule), title, c.blocking, c.review, c.advisory]);
      out.appendChild(table(["规则", "名称", "违反红线", "需复核", "建议"], rows, [2, 3, 4]));
      if (charts.agents.bars.length) {
        heading("各坐席的问题数");
        out.appendChild(drawBars(charts.agents, "各坐席的问题数"));
      }
    }
    if (charts.heat) {
      heading("按星期和时段的拨打次数");
      const note = `颜色越深拨打越多；红框是 ${report.quiet[0]}–${report.quiet[1]} 的禁止联系时段（借款人同意的除外）。`;
      out.appendChild(element("p", "hb-audit__note", note));
      out.appendChild(drawHeat(charts.heat));
    }
    if (charts.days?.columns.length) {
      heading("每个案件每天的拨打次数");
      const note =
        "每一列是“一天里被拨打 n 次”的案件天数（所有拨打，接通和未接通）；红色列超过每天 " +
        `${report.perDayLimit} 次，这个上限针对的是同一联系方式的未接通拨打（“当天不宜超过${report.perDayLimit}次”，借款人另有约定的除外）。`;
      out.appendChild(element("p", "hb-audit__note", note));
      out.appendChild(drawDays(charts.days));
    }
    if (report.findings.length) this.renderFindings(report, out, heading, kind);
    if (report.problems.length) {
      heading("输入问题（这些行没有被检查）");
      const list = element("ul", "hb-audit__problems");
      for (const p of report.problems) list.appendChild(element("li")).appendChild(element("code", "", issueText(p)));
      out.appendChild(list);
    }
    this.out.replaceChildren(out);
  };

  Page.prototype.renderFindings = function (report, out, heading, kind) {
    const unit = kind ? "通话" : "案件";
    heading(`问题最多的${unit}`);
    out.appendChild(
      table(
        [unit, "文件", "问题", "权重"],
        report.worst().map(([c, f, w, n]) => [c, f, n, w]),
        [2, 3],
      ),
    );
    heading("全部问题");
    const rowsShown = this.data.table_rows; /* as the HTML report; the JSON download holds them all */
    const shown = report.findings.slice(0, rowsShown);
    if (shown.length < report.findings.length) {
      const note = `共 ${report.findings.length.toLocaleString("zh-CN")} 处，下表列出前 ${rowsShown.toLocaleString("zh-CN")} 处；下载 JSON 报告可看全部。`;
      out.appendChild(element("p", "hb-audit__note", note));
    }
    const rows = shown.map((f) => {
      const severity = element("span", `sev sev-${f.severity}`, SEVERITY_NAMES[f.severity]);
      const match = f.match ? element("span", "hb-audit__match", f.match) : null;
      const entry = f.entry ? link(f.entry_title, this.data.entries[f.entry][1]) : "";
      return [
        lines(`${f.file}:${f.line}`, f.time),
        lines(f.call, f.agent),
        lines(this.ruleLink(f.rule), severity),
        lines(f.message, match),
        f.citation || "手册的做法（未引用法规）",
        entry,
      ];
    });
    const findings = element("div", "hb-audit__findings");
    findings.appendChild(table(["位置", unit, "规则", "问题", "依据", "改用"], rows));
    out.appendChild(findings);
  };

  Page.prototype.download = function () {
    const blob = new Blob([JSON.stringify(this.last, null, 2)], { type: "application/json" });
    const a = element("a");
    a.href = URL.createObjectURL(blob);
    a.download = `audit-report-${this.last.kind}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  function setup() {
    const holder = document.getElementById("hb-audit-data");
    const root = document.getElementById("hb-audit");
    if (!holder || !root || root.dataset.ready || !window.hbLintEngine) return;
    root.dataset.ready = "1";
    const page = new Page(root, JSON.parse(holder.textContent));
    window.hbAudit = {
      /* for tests and the benchmark: the last report as `--json` gives it, and its charts' layout */
      report: () => page.last,
      charts: () => page.reportData?.charts() ?? null,
    };
    page.start();
  }

  window.hbReady(setup);
})();
