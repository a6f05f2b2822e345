"""The legal basis of the red lines: sources, their provisions, and how sure the handbook is of each.

A citation's certainty is never typed by hand: it is the evidence level of the provision it names
in sources.yml, and a provision is never surer than its source. Everything that shows a citation
(rule pages, the checker page, practice feedback, the review page) formats it here, so a label
cannot read stronger in one place than in another.

Checks (reported with `handbook validate`):
- E115: a rule or an entry cites a source that a newer text has replaced;
- E116: a citation, or a provision, claims more certainty than its source supports;
- E117: a citation names a provision its source does not list;
- E212: an entry cites a text that binds only some products (the credit-card measures) without being
  limited to those products itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from handbook.load.issues import Issue
from handbook.load.yamlfile import YamlDoc

from . import freshness

# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

LEVELS = ("unverified", "weak", "corroborated", "verified")  # weakest first
LABELS = {"verified": "已核实", "corroborated": "多方印证", "weak": "单一来源", "unverified": "未核实"}
BASIS = frozenset({"verified", "corroborated"})  # what the handbook may state as a basis; the rest is 依据待核实
FORMS = {
    "law": "法律",
    "administrative-regulation": "行政法规",
    "departmental-rule": "部门规章",
    "judicial-interpretation": "司法解释及司法文件",
    "self-regulation": "行业自律规范",
}
PENDING = "依据待核实"


def rank(level: str) -> int:
    """Position of an evidence level, weakest 0; an unknown level counts as unverified."""
    return LEVELS.index(level) if level in LEVELS else 0


def provision(source: Mapping[str, Any] | None, article: str) -> dict[str, Any] | None:
    """The provision of `source` cited as `article`, or None."""
    for item in (source or {}).get("provisions", []):
        if item["article"] == article:
            return item
    return None


def certainty(sources: Mapping[str, Mapping[str, Any]], citation: Mapping[str, Any]) -> str:
    """The evidence level a citation carries: its provision's, capped by its source's."""
    source = sources.get(citation["source"])
    found = provision(source, citation.get("article", ""))
    if source is None or found is None:
        return "unverified"
    return min(found["evidence"], source.get("evidence", "unverified"), key=rank)


def is_basis(sources: Mapping[str, Mapping[str, Any]], citation: Mapping[str, Any]) -> bool:
    return certainty(sources, citation) in BASIS


def citation_text(sources: Mapping[str, Mapping[str, Any]], citation: Mapping[str, Any], label: bool = True) -> str:
    """《title》article（label）: one citation as a reader sees it everywhere in the handbook."""
    source = sources.get(citation["source"], {"title": citation["source"]})
    text = f"《{source['title']}》{citation.get('article', '')}"
    return f"{text}（{LABELS[certainty(sources, citation)]}）" if label else text


def first_basis(sources: Mapping[str, Mapping[str, Any]], rule: Mapping[str, Any]) -> dict[str, Any] | None:
    """The citation to show when there is room for one: the first that is a basis, else the first."""
    citations = rule.get("citations", [])
    return next((c for c in citations if is_basis(sources, c)), citations[0] if citations else None)


def split_citations(
    sources: Mapping[str, Mapping[str, Any]], rule: Mapping[str, Any]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the citations that are a basis, those still 依据待核实), each in the rule's order."""
    citations = rule.get("citations", [])
    return [c for c in citations if is_basis(sources, c)], [c for c in citations if not is_basis(sources, c)]


def basis_text(sources: Mapping[str, Mapping[str, Any]], rule: Mapping[str, Any]) -> str:
    """The one citation shown where there is room for one (checker page, practice feedback), or ""."""
    first = first_basis(sources, rule)
    return citation_text(sources, first) if first else ""


def in_force(sources: Mapping[str, Mapping[str, Any]], source_id: str, today: dt.date | None = None) -> bool:
    """False once a newer text that replaced this one has taken force (or when no date says otherwise)."""
    successor = sources.get(sources.get(source_id, {}).get("superseded_by", ""))
    if successor is None:
        return True
    start = _date(successor.get("in_force", ""))
    return start is not None and start > (today or dt.date.today())


def open_items(sources: Mapping[str, Mapping[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    """(source, what is still to confirm): the sources' open questions, and every provision below a basis."""
    out: list[tuple[dict[str, Any], str]] = []
    for source in sources.values():
        if source.get("kind") != "regulation":
            continue
        out += [(dict(source), question) for question in source.get("open", [])]
        for item in source.get("provisions", []):
            if item["evidence"] not in BASIS:
                why = f"：{item['note']}" if item.get("note") else ""
                out.append((dict(source), f"{item['article']}（{LABELS[item['evidence']]}）{why}"))
    return out


def months_since(source: Mapping[str, Any], today: dt.date) -> int | None:
    """Whole months since the source's evidence was last checked, or None when it never was."""
    checked = source.get("checked")
    return freshness.months_since(str(checked), today) if _date(checked or "") else None


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def source_issues(doc: YamlDoc, sources: Mapping[str, Mapping[str, Any]]) -> Iterator[Issue]:
    """sources.yml itself: a successor that is no source, a provision surer than its source."""
    for i, source in enumerate(doc.data["sources"]):
        successor = source.get("superseded_by")
        if successor is not None and successor not in sources:
            yield doc.issue(
                ("sources", i, "superseded_by"),
                "E111",
                f"superseded_by names '{successor}', which is not in sources.yml",
            )
        for j, item in enumerate(source.get("provisions", [])):
            if rank(item["evidence"]) > rank(source.get("evidence", "unverified")):
                yield doc.issue(
                    ("sources", i, "provisions", j, "evidence"),
                    "E116",
                    f"provision {item['article']} of '{source['id']}' is marked {item['evidence']}, but the source "
                    f"itself only {source['evidence']}; a provision cannot be surer than its text",
                )


def citation_issues(doc: YamlDoc, sources: Mapping[str, Mapping[str, Any]]) -> Iterator[Issue]:
    """Every rule citation: its source in force, its provision listed, its claimed certainty not too high."""
    for i, rule in enumerate(doc.data["rules"]):
        for j, citation in enumerate(rule["citations"]):
            source = sources.get(citation["source"])
            if source is None:
                continue  # E111, reported where the source ids are checked
            where = ("rules", i, "citations", j)
            if not in_force(sources, citation["source"]):
                yield doc.issue(
                    (*where, "source"),
                    "E115",
                    f"{rule['id']} cites '{citation['source']}', which "
                    f"'{source['superseded_by']}' replaced; cite the provision of the text in force",
                )
            if provision(source, citation["article"]) is None:
                listed = "、".join(p["article"] for p in source.get("provisions", [])) or "none"
                yield doc.issue(
                    (*where, "article"),
                    "E117",
                    f"{rule['id']} cites {citation['article']} of '{citation['source']}', which sources.yml "
                    f"does not list; listed: {listed}",
                )
                continue
            claimed = citation.get("status")
            derived = certainty(sources, citation)
            if claimed is not None and rank(claimed) > rank(derived):
                yield doc.issue(
                    (*where, "status"),
                    "E116",
                    f"{rule['id']} calls {citation['article']} of '{citation['source']}' {claimed}, but sources.yml "
                    f"rates it {derived}; remove `status` (it is derived) or confirm the provision first",
                )


def entry_source_issues(
    doc: YamlDoc, data: Mapping[str, Any], sources: Mapping[str, Mapping[str, Any]], all_products: list[str]
) -> Iterator[Issue]:
    """An entry's `sources`: none replaced by a newer text; texts for some products only on entries limited to them."""
    listed = data.get("sources")
    products = set(data.get("products") or all_products)
    for i, source_id in enumerate(listed if isinstance(listed, list) else []):
        source = sources.get(source_id) if isinstance(source_id, str) else None
        if source is None:
            continue
        if not in_force(sources, source_id):
            yield doc.issue(
                ("sources", i),
                "E115",
                f"'{source_id}' was replaced by '{source['superseded_by']}'; cite the text in force",
            )
        bound = source.get("products")
        if bound is not None and not products <= set(bound):
            extra = ", ".join(sorted(products - set(bound)))
            yield doc.issue(
                ("sources", i),
                "E212",
                f"'{source_id}' binds only {', '.join(bound)}, but this entry also serves {extra}; "
                f"add `products: [{', '.join(bound)}]` if the phrase is for those only, or remove the source",
            )
