"""The registry of problem codes: each code's name, meaning, fix and severity. It is the only list of codes:
`Issue` (handbook/load/issues.py) refuses any other, and the error-code table in CONTRIBUTING.md and on the
site is generated from it (`handbook codes`). E codes are about catalogue files, A codes about what
`handbook audit` reads (transcripts and call logs)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One kind of problem: what it means and how to fix it."""

    code: str
    name: str
    means: str
    fix: str
    severity: str = "error"


_REGISTRY = [
    # The file itself
    Code(
        "E001",
        "not-utf8",
        "The file is not valid UTF-8 text.",
        "Re-save the file as UTF-8 (without changing its text).",
    ),
    Code(
        "E002",
        "yaml-syntax",
        "The file is not valid YAML.",
        "Fix the syntax at the position given: indent with spaces, never tabs; "
        "quote values that start with a special character.",
    ),
    Code(
        "E003",
        "duplicate-key",
        "A key appears twice in the same mapping; YAML would silently keep only the last one.",
        "Keep one of the two keys and merge their values.",
    ),
    Code(
        "E004",
        "not-a-mapping",
        "The file is empty, holds several documents, or its top level is not a mapping of keys to values.",
        "Write one mapping (`key: value` lines) in the file, as in scripts_catalog/_definitions/template.yml.",
    ),
    Code(
        "E005",
        "too-large",
        "The file is larger than the limit for one catalogue file.",
        "Split the content: one entry per file, long texts shortened.",
    ),
    Code(
        "E006",
        "yaml-alias",
        "The file uses YAML anchors or aliases (`&name`, `*name`), which the catalogue does not allow.",
        "Write the value out in full where the alias stood.",
    ),
    # The shape of one file (schema and taxonomy)
    Code(
        "E101",
        "missing-field",
        "A required field is missing.",
        "Add the field; the template and CONTRIBUTING.md show each field.",
    ),
    Code(
        "E102",
        "unknown-field",
        "A field that the schema does not define (often a misspelt name).",
        "Rename it to the field you meant, or remove it.",
    ),
    Code(
        "E103",
        "wrong-type",
        "A value has the wrong type (for example text where a list is expected).",
        "Write the value in the type the message names, e.g. `[a, b]` for a list.",
    ),
    Code(
        "E104",
        "unknown-stage",
        "The stage is not one of the stages in taxonomy.yml.",
        "Use one of the stage ids listed in the message, or add the stage to taxonomy.yml.",
    ),
    Code(
        "E105",
        "unknown-channel",
        "A channel is not one of the channels in taxonomy.yml.",
        "Use one of the channel ids listed in the message.",
    ),
    Code(
        "E106",
        "unknown-overdue",
        "An overdue bucket is not one of the buckets in taxonomy.yml.",
        "Use one of the bucket ids listed in the message.",
    ),
    Code(
        "E107",
        "unknown-scenario",
        "A scenario is not one of the scenarios in taxonomy.yml.",
        "Use one of the scenario ids listed in the message, or add the scenario to taxonomy.yml.",
    ),
    Code(
        "E108",
        "unknown-verdict",
        "The verdict is not recommended, caution or prohibited.",
        "Use one of the verdicts listed in the message.",
    ),
    Code(
        "E109",
        "invalid-value",
        "A value breaks a constraint of the schema (format, length, allowed values, repeated items).",
        "Change the value as the message says.",
    ),
    Code(
        "E110",
        "unknown-rule",
        "A red-line rule id is not defined in redlines.yml.",
        "Use one of the rule ids listed in the message.",
    ),
    Code(
        "E111",
        "unknown-source",
        "A source id is not defined in sources.yml.",
        "Use one of the source ids in sources.yml, or add the source there.",
    ),
    Code(
        "E112",
        "duplicate-term",
        "Two items of a vocabulary (stage, channel, placeholder, rule, source …) share one id.",
        "Give each item its own id.",
    ),
    Code(
        "E115",
        "superseded-source",
        "A red-line rule or an entry cites a text that a newer text has replaced (`superseded_by` in sources.yml), "
        "so the handbook would state a law that is no longer in force.",
        "Cite the provision of the text in force (its id is in the message); move what still applies there.",
    ),
    Code(
        "E116",
        "overstated-certainty",
        "A citation (or a provision in sources.yml) claims more certainty than its source supports: certainty is "
        "derived from the provision's evidence, capped by the source's.",
        "Remove the citation's `status` (it is derived), or confirm the provision in a primary text and raise "
        "its `evidence` in sources.yml, saying where it was read (`read_in`).",
    ),
    Code(
        "E117",
        "unknown-provision",
        "A citation names an article that its source in sources.yml does not list under `provisions`, so "
        "nothing says how sure that article is.",
        "Cite one of the listed provisions (the message lists them), or add the provision with its `evidence`.",
    ),
    Code(
        "E118",
        "unknown-product",
        "A product is not one of the products in taxonomy.yml.",
        "Use one of the product ids listed in the message.",
    ),
    # What the red-line linter finds
    Code(
        "E301",
        "crosses-red-line",
        "A recommended or caution entry (phrase, variant or reply) crosses a blocking red-line rule.",
        "Reword the text so that it no longer says what the rule forbids, or mark the entry prohibited.",
    ),
    Code(
        "E302",
        "counter-example-not-caught",
        "A prohibited entry names a rule in `breaks` that the linter does not find in its phrase.",
        "State the violation plainly in the phrase, or add a pattern for it to the rule in redlines.yml.",
    ),
    Code(
        "E303",
        "missing-required-element",
        "An entry of a stage and channel that a requirement covers lacks what it must say.",
        "Add the element named in the message (e.g. who is calling, that the call is recorded).",
    ),
    Code(
        "E304",
        "rule-example-misread",
        "A red-line rule misses one of its `match` examples or flags one of its `no_match` examples.",
        "Adjust the rule's patterns or exceptions until it reads all its examples right.",
    ),
    Code(
        "E305",
        "bad-pattern",
        "A pattern does not compile, or names a `<term>` that is not defined under `terms`.",
        "Fix the regular expression at the position given, or define the term (or correct its name).",
    ),
    Code(
        "E306",
        "pattern-outside-subset",
        "A pattern (or a term word written as one) uses a construct outside the regex subset that Python and "
        "JavaScript read alike, so the phrase checker page could judge a phrase differently from "
        "`handbook lint`: `\\d` `\\s` `\\w` `\\b`, named groups, inline flags, backreferences, a bare `{` `}` "
        "or `]`, an escaped character that is not syntax, or a pattern that can match the empty string.",
        "Rewrite the construct at the column given, as the message says: `[0-9]` for `\\d`, `(?:...)` for a "
        "named group, `\\{` for a literal brace, the bare character for `\\-` or `\\&`.",
    ),
    Code(
        "E307",
        "disclosure-before-identity",
        "A phrase that opens a phone call or a visit mentions the debt, an amount, the overdue status, collection "
        "or the collection agency before it asks whether it speaks to the borrower, so whoever answers learns it.",
        "Ask first (请问您是{客户姓名}本人吗？) and keep every debt detail for after the answer; if the phrase is "
        "only said once identity is confirmed, mark the entry `identity: confirmed`.",
    ),
    # Across files
    Code(
        "E308",
        "doubt-undecided",
        "The second opinion (the model trained on labelled phrases) doubts a text of a usable entry that no rule "
        "blocks, and no reviewer decision is recorded for that exact wording.",
        "Reword the text, or have a reviewer read it and record the decision in `second_opinion` with the "
        "fingerprint the message gives (it lapses when the wording changes).",
    ),
    Code(
        "E113",
        "hidden-character",
        "A text holds an invisible or control character (zero-width space, bidirectional override, BOM, "
        "a control code) that a reader cannot see and search cannot match.",
        "Delete the character; retype the text if unsure where it is.",
        severity="warning",
    ),
    Code(
        "E114",
        "markup-in-text",
        "A text holds HTML, a Markdown link, a script or data address (javascript:, data:) or template "
        "syntax ({{ }}, {% %}). The handbook shows it as plain text, but it has no place in a phrase.",
        "Write plain words; placeholders are single braces such as {客户姓名}.",
        severity="warning",
    ),
    Code(
        "E201",
        "duplicate-id",
        "Two entries have the same id.",
        "Give one of them a new id and rename its file to match.",
    ),
    Code(
        "E202",
        "id-not-filename",
        "The id differs from the file name.",
        "Rename the file to `<id>.yml` or change the id to the file name.",
    ),
    Code(
        "E203",
        "wrong-folder",
        "The entry sits in a folder other than its stage.",
        "Move the file into scripts_catalog/<stage>/ or correct the stage.",
    ),
    Code(
        "E204",
        "broken-reference",
        "A reference (related, alternative or a borrower reply's ref) names no entry.",
        "Use the id of an existing entry; the message suggests the closest.",
    ),
    Code(
        "E205",
        "unknown-placeholder",
        "A {placeholder} is not registered in placeholders.yml.",
        "Use a registered placeholder, or add it with a description to placeholders.yml.",
    ),
    Code(
        "E206",
        "prohibited-incomplete",
        "A prohibited entry does not say which rule it breaks (`breaks`) or what to say instead (`alternative`).",
        "Add `breaks: [RL-…]` and `alternative: <id of a recommended entry>`.",
    ),
    Code(
        "E207",
        "misplaced-field",
        "`breaks` or `alternative` is set on an entry that is not prohibited, "
        "or the alternative is not a recommended entry.",
        "Remove the field, set the verdict to prohibited, or point the alternative at a recommended entry.",
    ),
    Code(
        "E208",
        "unfilled-field",
        "A value still holds the template's TODO marker.",
        "Replace the TODO text with real content.",
    ),
    Code("E209", "self-reference", "An entry refers to itself.", "Point the reference at another entry or remove it."),
    Code(
        "E210",
        "no-entries",
        "The catalogue folder holds no entries.",
        "Check the path given to the command, or add entries with `handbook new STAGE ID`.",
    ),
    Code(
        "E211",
        "misused-placeholder",
        "A placeholder is used in a way its definition in placeholders.yml rules out (`misuse`), e.g. "
        "第{分期期数}期 where {分期期数} is the total number of instalments.",
        "Reword as the message says, or use the placeholder that means what the phrase needs.",
    ),
    Code(
        "E212",
        "source-for-other-products",
        "An entry cites a text that binds only some products (e.g. the credit-card measures) but the entry is "
        "not limited to those products, so it applies a card rule to every loan.",
        "Add `products: [credit-card]` when the phrase is for cards only, or cite a text that covers every product.",
    ),
    # What `handbook audit` reads: transcripts and call logs (handbook/audit/)
    Code(
        "A001",
        "audit-file-unreadable",
        "A transcript or call log cannot be read: it is missing or unreadable.",
        "Check the path and the file's permissions.",
    ),
    Code(
        "A002",
        "audit-not-utf8",
        "A transcript or call log is not UTF-8 text (often GBK from an older export). A transcript is read up to the "
        "line before; a log is not read.",
        "Convert it to UTF-8 (`iconv -f GBK -t UTF-8 in.txt > out.txt`) and audit the converted file.",
    ),
    Code(
        "A003",
        "not-a-turn",
        "A line of a plain-text transcript is neither a turn (`SPEAKER: text`), a call marker (`=== call ID`), "
        "a comment (`# …`) nor blank.",
        "Put the speaker and a colon before the words, e.g. `坐席: 您好` or `[00:00:05] 客户: 是我`.",
    ),
    Code(
        "A004",
        "bad-turn-time",
        "A turn's time is not a time: `[hh:mm:ss]`/`[mm:ss]` in a text transcript, a number of seconds ≥ 0 in "
        "JSON Lines. The turn is still audited, without its time.",
        'Write the time as [00:01:05] (text) or "start": 65 (JSON Lines), or leave it out.',
    ),
    Code(
        "A005",
        "bad-json-line",
        "A line of a JSON Lines transcript is not a JSON object with call, speaker and text.",
        'Write one object per line: {"call": "C1", "speaker": "agent", "start": 3.2, "text": "…"}.',
    ),
    Code(
        "A006",
        "unknown-speaker",
        "A turn's speaker is neither a collector's label nor the borrower's side's, so the audit cannot tell "
        "whose words they are; the turn is left out.",
        "Use one of the labels the message lists, or name yours with --agent LABEL or --customer LABEL.",
    ),
    Code(
        "A007",
        "log-columns",
        "A call log is empty or its header row has no column for case, time or answered.",
        "Give the first row the column names (case,time,answered[,agent,contact,consent]); docs/audit.md "
        "lists the names each column may have.",
    ),
    Code(
        "A008",
        "bad-log-row",
        "A row of a call log has an empty case, a time that is not ISO 8601 (or has no offset and no --tz "
        "was given), or an answered/consent value that is not yes or no. The row is left out.",
        "Fix the cell the message points to, e.g. 2026-11-03T21:45:00+08:00 and yes/no; or pass --tz Asia/Shanghai.",
    ),
    Code(
        "A009",
        "call-split",
        "The turns of one call in a JSON Lines transcript are not together: the call goes on after another "
        "call began. Its parts are audited as separate calls, so a check across the whole call may miss.",
        "Sort the file by call (then by start) before auditing it, e.g. `sort` by the call field.",
    ),
]

CODES: dict[str, Code] = {c.code: c for c in _REGISTRY}
