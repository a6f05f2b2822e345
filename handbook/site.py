"""State shared by the MkDocs hooks of one build: the catalogue and where files live.

MkDocs re-imports hook modules on every rebuild under `mkdocs serve`, so what
the hooks hand to each other is kept here, in an ordinary module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .catalog import Catalog
from .render import Generated

CATALOG_ENV = "HANDBOOK_CATALOG"


class BuildState:
    """What the hooks of the running build share; `last_good` outlives a failed rebuild under serve."""

    def __init__(self) -> None:
        self.command: str = "build"
        self.catalog: Catalog | None = None
        self.last_good: Catalog | None = None
        self.pages: dict[str, Generated] = {}
        self.version: Any = None  # handbook.release.Version of this build (hooks/release.py)


state = BuildState()


def project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def catalog_root(config: MkDocsConfig) -> Path:
    """The catalogue folder: $HANDBOOK_CATALOG, else scripts_catalog/ beside mkdocs.yml."""
    return (project_dir(config) / os.environ.get(CATALOG_ENV, "scripts_catalog")).resolve()


def edit_url(config: MkDocsConfig, project_path: str) -> str | None:
    """The edit link for a file of the project, from `repo_url` and `edit_uri` (whose docs/ part is dropped)."""
    if not config.repo_url or not config.edit_uri:
        return None
    edit_uri = config.edit_uri
    docs = Path(config.docs_dir).name + "/"
    if edit_uri.endswith(docs):
        edit_uri = edit_uri[: -len(docs)]
    return urljoin(urljoin(config.repo_url.rstrip("/") + "/", edit_uri), project_path)


def page_link(files: Files, page: File, uri: str) -> str:
    """The URL of the page or file `uri` (a docs path) relative to `page`, for raw HTML, which MkDocs does
    not rewrite: `../entries/x/` on the served site, `entries/x.html` in the offline build."""
    target = files.get_file_from_path(uri)
    if target is None:
        raise PluginError(
            f"{page.src_uri} links to {uri}, which is not in the build; "
            "is the hook that makes it listed before this one in mkdocs.yml?"
        )
    return get_relative_url(target.url, page.url)
