"""Publish the catalogue as data beside the pages: catalog.json, its schema, and the entry schema.

Hooks: `on_files` adds `catalog.json` (what `handbook export` writes), `catalog.schema.json` (its
shape) and `entry.schema.json` (the schema editors' YAML files point at), so that other systems
and editors can fetch them from the same intranet server as the handbook.
"""

from __future__ import annotations

import json

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from handbook.catalog import ENTRY_SCHEMA
from handbook.export import export_schema, to_json
from handbook.site import state

# Hooks --------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    catalog = state.catalog
    if catalog is None:
        return files
    schema = json.dumps(export_schema(catalog), ensure_ascii=False, indent=2) + "\n"
    release = state.version.as_dict() if state.version is not None else None
    files.append(File.generated(config, "catalog.json", content=to_json(catalog, release)))
    files.append(File.generated(config, "catalog.schema.json", content=schema))
    files.append(File.generated(config, "entry.schema.json", abs_src_path=str(catalog.root / ENTRY_SCHEMA)))
    return files
