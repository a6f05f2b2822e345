"""The catalogue as data for other systems: one JSON document (or a CSV of the entries).

The JSON shape is versioned (`format`, `version`) and described by a JSON Schema built from the
entry schema itself, so the two cannot drift: `export_schema()` is published beside `catalog.json`
in the site, and the tests validate every export against it. Bump EXPORT_VERSION when the shape
changes in a way a consumer would notice (a field removed or renamed); adding a field is compatible.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from handbook.catalog import ENTRY_SCHEMA, Catalog, legal
from handbook.load import schema as schemas

from . import urls

FORMAT = "huashu-handbook-catalog"
EXPORT_VERSION = "1.0"
CSV_COLUMNS = [
    "id",
    "title",
    "stage",
    "channels",
    "overdue",
    "scenarios",
    "verdict",
    "phrase",
    "variants",
    "purpose",
    "rules",
    "breaks",
    "alternative",
    "tags",
    "sources",
    "reviewed_on",
    "reviewed_by",
    "url",
]


def export_catalog(catalog: Catalog, release: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything a consumer needs: vocabularies, placeholders, red lines, requirements, entries;
    with `release` ({name, commit, date}), which version of the handbook it is."""
    return {
        "format": FORMAT,
        "version": EXPORT_VERSION,
        **({"release": release} if release else {}),
        "taxonomy": {name: list(terms.values()) for name, terms in catalog.vocab.items()},
        "placeholders": list(catalog.placeholder_terms.values()),
        "sources": list(catalog.sources.values()),
        "rules": [
            {
                **{k: rule[k] for k in ("id", "title", "severity", "forbids", "explanation")},
                "citations": [  # with the certainty derived from sources.yml, as the site shows it
                    {**c, "certainty": legal.certainty(catalog.sources, c)} for c in rule["citations"]
                ],
            }
            for rule in catalog.rules.values()
        ],
        "requirements": catalog.requirements,
        "entries": [{**entry.data, "url": urls.entry_url(entry.id)} for entry in catalog.entries.values()],
    }


def to_json(catalog: Catalog, release: dict[str, str] | None = None) -> str:
    return json.dumps(export_catalog(catalog, release), ensure_ascii=False, indent=2) + "\n"


def to_csv(catalog: Catalog) -> str:
    """One row per entry; list fields joined with `;`, the rules of its compliance notes in `rules`."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in catalog.entries.values():
        data = entry.data
        writer.writerow(
            {
                **{
                    key: data.get(key, "")
                    for key in ("id", "title", "stage", "verdict", "phrase", "purpose", "alternative")
                },
                **{
                    key: ";".join(data.get(key, []))
                    for key in ("channels", "overdue", "scenarios", "variants", "breaks", "tags", "sources")
                },
                "rules": ";".join(note["rule"] for note in data["compliance"]),
                "reviewed_on": data["reviewed"]["on"],
                "reviewed_by": data["reviewed"]["by"],
                "url": urls.entry_url(entry.id),
            }
        )
    return out.getvalue()


def export_schema(catalog: Catalog) -> dict[str, Any]:
    """The JSON Schema of `export_catalog`'s output, with the entry schema embedded as it is."""
    entry = dict(schemas.load_schema(catalog.definitions / ENTRY_SCHEMA))
    entry.pop("$schema", None)
    entry.pop("$id", None)
    exported_entry = {
        **entry,
        "properties": {
            **entry["properties"],
            "url": {"description": "Address of the entry's page, relative to the site root.", "type": "string"},
        },
    }
    term = {
        "type": "object",
        "required": ["id", "title", "description"],
        "properties": {"id": {"type": "string"}, "title": {"type": "string"}, "description": {"type": "string"}},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "catalog.schema.json",
        "title": "催收话术手册 catalogue export",
        "description": f"The whole catalogue as `handbook export` writes it and the site publishes it as catalog.json. "
        f"`format` is always {FORMAT}; `version` changes when the shape changes incompatibly.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "taxonomy", "placeholders", "sources", "rules", "requirements", "entries"],
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": EXPORT_VERSION, "description": "The version of this shape."},
            "release": {
                "description": "Which build of the handbook this is: git tag or commit, and the commit's date.",
                "type": "object",
                "required": ["name", "commit", "date"],
                "properties": {"name": {"type": "string"}, "commit": {"type": "string"}, "date": {"type": "string"}},
            },
            "taxonomy": {
                "description": "Stages in call order, channels, overdue buckets, scenarios, verdicts.",
                "type": "object",
                "additionalProperties": {"type": "array", "items": term},
            },
            "placeholders": {"type": "array", "items": {"type": "object", "required": ["name", "description"]}},
            "sources": {"type": "array", "items": {"type": "object", "required": ["id", "kind", "title"]}},
            "rules": {
                "description": "Red-line rules, without their matching patterns.",
                "type": "array",
                "items": {"type": "object", "required": ["id", "title", "severity", "forbids", "citations"]},
            },
            "requirements": {"type": "array", "items": {"type": "object", "required": ["id", "title", "require"]}},
            "entries": {"type": "array", "items": exported_entry},
        },
    }
