"""Read one YAML file safely and remember where every value stands.

PyYAML's safe loader builds plain Python values but forgets line numbers and
silently keeps the last of two equal keys. Here the file is composed into
nodes first and built by hand, so that each value keeps its `line:col`,
duplicate keys, aliases and non-UTF-8 bytes become issues instead of surprises,
and dates stay the strings the editor wrote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .issues import Issue

MAX_BYTES = 256 * 1024
MAX_DEPTH = 24

Pointer = tuple[Any, ...]  # keys and indexes from the top of the document


@dataclass
class YamlDoc:
    """A parsed file: its data and the position of every value and key in it."""

    path: Path
    shown: str
    data: Any
    text: str = ""  # the source, for quick scans before a walk over every value (then emptied)
    values: dict[Pointer, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Pointer, tuple[int, int]] = field(default_factory=dict)

    def where(self, pointer: Pointer, *, key: bool = False) -> tuple[int, int]:
        """The (line, col) of the value at `pointer`, or of its key, or of the nearest parent."""
        pointer = tuple(pointer)
        while pointer:
            table = self.keys if key and pointer in self.keys else self.values
            if pointer in table:
                return table[pointer]
            pointer = pointer[:-1]
        return self.values.get((), (1, 1))

    def issue(self, pointer: Pointer, code: str, message: str, *, key: bool = False) -> Issue:
        line, col = self.where(pointer, key=key)
        return Issue(self.shown, line, col, code, message)


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader, stopping at the first alias instead of sharing (and later expanding) a node."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        return super().compose_node(parent, index)


class _FastLoader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser, for files with no alias and no control character (see `parse_yaml`)."""


_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_STR = "tag:yaml.org,2002:str"


class _Fail(Exception):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(raw: bytes, shown: str) -> tuple[str | None, Issue | None]:
    """UTF-8 text without BOM and with LF line ends, or an E001 issue saying where decoding failed."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = raw[err.start : err.start + 1].hex()
        return None, Issue(shown, line, col, "E001", f"byte 0x{bad} is not UTF-8; re-save the file as UTF-8")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read_yaml(path: Path, shown: str) -> tuple[YamlDoc | None, list[Issue]]:
    """Load `path`; return the document, or None and the issues that stopped it."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        return None, [
            Issue(
                shown, 1, 1, "E005", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}. Keep one entry per file"
            )
        ]
    text, problem = decode(raw, shown)
    if text is None:
        return None, [problem] if problem else []
    return parse_yaml(text, path, shown)


def parse_yaml(text: str, path: Path, shown: str) -> tuple[YamlDoc | None, list[Issue]]:
    """Parse YAML text that came from `path` (shown to users as `shown`).

    A file with no `*` (so no alias), no tab (libyaml accepts tabs where PyYAML does not), no ASCII `?`
    (libyaml reads `{-?}` as a mapping where PyYAML stops; no entry uses one, Chinese text writes ？) and no
    control character is composed by libyaml, ten times
    faster than PyYAML's Python parser and with the same nodes and marks; anything libyaml stops
    at is parsed again by the Python parser, whose messages and positions the issues are worded
    from. tests/unit/test_yamlfile.py holds the two paths to the same result.
    """
    if not text.endswith("\n"):  # libyaml marks an empty value at the very end one line further down
        text += "\n"
    if "*" not in text and "\t" not in text and "?" not in text and not _NON_PRINTABLE.search(text):
        fast = _FastLoader(text)
        try:
            node = fast.get_single_node()
        except yaml.YAMLError:
            node = None
        finally:
            fast.dispose()
        if isinstance(node, yaml.MappingNode):
            return _build(fast, node, path, shown, text)
    return _parse_slowly(text, path, shown)


def _parse_slowly(text: str, path: Path, shown: str) -> tuple[YamlDoc | None, list[Issue]]:
    try:
        loader = _Loader(text)  # the reader refuses control characters here, before parsing
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        line, col = before.count("\n") + 1, err.position - (before.rfind("\n") + 1) + 1
        return None, [
            Issue(
                shown,
                line,
                col,
                "E002",
                f"the control character U+{err.character:04X} cannot stand "
                "in YAML; delete it (it is invisible in most editors)",
            )
        ]
    try:
        node = loader.get_single_node()
    except _AliasFound as alias:
        return None, [
            _issue_at(
                shown, alias.mark, "E006", "a YAML alias (*name) repeats another value; write the value out instead"
            )
        ]
    except yaml.composer.ComposerError as err:
        if "single document" not in str(err.context or ""):
            return None, [_syntax_issue(err, shown)]
        return None, [
            _issue_at(
                shown,
                err.problem_mark,
                "E004",
                "the file holds more than one YAML document; remove the extra `---` and what follows it",
            )
        ]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_issue(err, shown)]
    except yaml.YAMLError as err:  # reader errors: control characters and the like
        return None, [Issue(shown, 1, 1, "E002", f"cannot read the file as YAML: {err}")]
    finally:
        loader.dispose()
    if node is None:
        why = "the file is empty; an entry is a mapping of fields, see _definitions/template.yml"
        return None, [_issue_at(shown, None, "E004", why)]
    if not isinstance(node, yaml.MappingNode):
        return None, [
            _issue_at(
                shown,
                node.start_mark,
                "E004",
                "the top level must be a mapping of `field: value` lines, not a single value or a list",
            )
        ]
    return _build(loader, node, path, shown, text)


def _build(
    loader: yaml.SafeLoader, node: yaml.MappingNode, path: Path, shown: str, text: str
) -> tuple[YamlDoc | None, list[Issue]]:
    doc = YamlDoc(path, shown, None, text)
    builder = _Builder(loader, doc)
    try:
        doc.data = builder.build(node, ())
    except _Fail as fail:
        return None, [fail.issue]
    return doc, builder.issues


def _issue_at(shown: str, mark: yaml.Mark | None, code: str, message: str) -> Issue:
    """An issue at a PyYAML mark (0-based), or at the top of the file when there is none."""
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Issue(shown, line, col, code, message)


def _syntax_issue(err: yaml.MarkedYAMLError, shown: str) -> Issue:
    what = " ".join(str(part) for part in (err.context, err.problem) if part)
    if "\\t" in what or "tab" in what:
        what += " (indent with spaces; YAML does not allow tabs)"
    return _issue_at(shown, err.problem_mark or err.context_mark, "E002", f"YAML syntax: {what}")


class _Builder:
    """Turns composed nodes into Python values, recording positions on the way."""

    def __init__(self, loader: yaml.SafeLoader, doc: YamlDoc) -> None:
        self.loader = loader
        self.doc = doc
        self.issues: list[Issue] = []

    def build(self, node: yaml.Node, pointer: Pointer) -> Any:
        line, col = _mark(node)
        if len(pointer) > MAX_DEPTH:
            raise _Fail(
                Issue(
                    self.doc.shown,
                    line,
                    col,
                    "E005",
                    f"values are nested more than {MAX_DEPTH} levels deep; an entry needs at most 4",
                )
            )
        self.doc.values[pointer] = (line, col)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, pointer)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, pointer + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _STR:
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value  # keep dates as the text the editor wrote
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, pointer: Pointer) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            kline, kcol = _mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Fail(Issue(self.doc.shown, kline, kcol, "E103", "a key must be plain text"))
            key = key_node.value
            if key in result:
                self.issues.append(
                    Issue(
                        self.doc.shown,
                        kline,
                        kcol,
                        "E003",
                        f"key '{key}' appears again (first on line {first_line[key]}); keep one",
                    )
                )
                continue
            first_line[key] = kline
            self.doc.keys[pointer + (key,)] = (kline, kcol)
            result[key] = self.build(value_node, pointer + (key,))
        return result
