"""Each file of scripts_catalog/ passes validation: one test per file, so a failure names the file."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import CATALOG, PROJECT, real_catalog

from handbook.catalog import DEFINITIONS

ENTRIES = sorted(CATALOG.glob("[!_]*/*.yml"))
FILES = sorted([*ENTRIES, *(CATALOG / DEFINITIONS).glob("*.yml")])  # the definitions too, the template too


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(CATALOG).as_posix())
def test_file_is_valid(path):
    _catalog, issues = real_catalog()
    mine = [str(i) for i in issues if i.path == path.relative_to(PROJECT).as_posix()]
    assert mine == []


def test_catalogue_loads_with_no_issue_anywhere():
    catalog, issues = real_catalog()
    assert [str(i) for i in issues] == []
    assert catalog is not None and len(catalog.entries) >= 25


def test_every_stage_has_entries():
    catalog, _ = real_catalog()
    empty = [stage for stage, entries in catalog.group("stage").items() if not entries]
    assert empty == []


def test_phone_sms_and_visit_are_covered():
    catalog, _ = real_catalog()
    groups = catalog.group("channels")
    assert all(groups[c] for c in ("phone", "sms", "visit"))


def test_entry_headers_point_at_the_schema():
    for path in ENTRIES:
        assert path.read_text(encoding="utf-8").startswith(
            f"# yaml-language-server: $schema=../{DEFINITIONS}/entry.schema.json\n"
        ), path


def _properties(schema: dict, path: str = ""):
    for name, sub in schema.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from _properties(sub, f"{path}{name}.")
        yield from _properties(sub.get("items", {}), f"{path}{name}[].")


@pytest.mark.parametrize("schema_path", sorted((CATALOG / DEFINITIONS).glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_documents_every_field_and_allows_no_other(schema_path):
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    undocumented = [name for name, sub in _properties(schema) if not sub.get("description")]
    assert undocumented == []
    objects = [schema] + [sub for _n, sub in _properties(schema) if sub.get("type") == "object"]
    objects += [sub["items"] for _n, sub in _properties(schema) if sub.get("items", {}).get("type") == "object"]
    # closed records, or maps whose values have a schema of their own (redlines.yml `terms`)
    assert all(obj.get("additionalProperties", True) is not True for obj in objects)
