"""Shared test fixtures: real catalogues in temporary folders, real MkDocs builds, real Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from handbook.catalog import DEFINITIONS, REFERENCE_FILES, TEMPLATE, load_catalog
from handbook.tools.cardprint import CHROMIUM_ARGS
from handbook.tools.package import pack

PROJECT = Path(__file__).resolve().parent.parent
CATALOG = PROJECT / "scripts_catalog"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))


DEFINED = CATALOG / DEFINITIONS


def reference_files() -> list[Path]:
    """The files every catalogue needs besides its entries: vocabularies, rules, schemas, template."""
    schemas = sorted(DEFINED.glob("*.schema.json"))
    return [DEFINED / name for name in REFERENCE_FILES] + schemas + [DEFINED / TEMPLATE]


def make_catalog(target: Path, *overlays: Path) -> Path:
    """A catalogue folder at `target`: the real definitions, then each overlay folder copied over them."""
    (target / DEFINITIONS).mkdir(parents=True, exist_ok=True)
    for path in reference_files():
        shutil.copy(path, target / DEFINITIONS / path.name)
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.txt"))
    return target


def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output. Fails the test when git fails."""
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def git_repo(path: Path) -> Path:
    """A new, empty git repository at `path` on branch main, with an invented editor as its author."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "editor@example.invalid")
    git(path, "config", "user.name", "editor")
    return path


# The build cache of the test session: the builds of one session share it, a new session starts cold, and
# an editor's own .cache/handbook is never read by the tests.
SESSION_CACHE = Path(tempfile.mkdtemp(prefix="handbook-test-cache-"))


def mkdocs_build(catalog: Path, site: Path, **env_extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` of the project on `catalog`, into `site`."""
    env = {
        **os.environ,
        "HANDBOOK_CATALOG": str(catalog),
        "HANDBOOK_CACHE": str(SESSION_CACHE),
        "NO_MKDOCS_2_WARNING": "1",
        "HANDBOOK_TODAY": "2026-11-23",
        **env_extra,
    }
    return subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


BUILT = {"real_site", "fixture_site", "offline_handbook", "serve_site"}  # fixtures that build the site


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that uses a built site is a `build` test (`make test-fast` leaves those out)."""
    for item in items:
        if BUILT & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@functools.cache
def real_catalog():
    """scripts_catalog/ loaded once, its issue paths relative to the project as `make` shows them."""
    with contextlib.chdir(PROJECT):
        return load_catalog(CATALOG)


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built from scripts_catalog/, once per test session."""
    site = tmp_path_factory.mktemp("real") / "site"
    result = mkdocs_build(CATALOG, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook built from the small, stable catalogue in tests/fixtures/site (hostile text included)."""
    base = tmp_path_factory.mktemp("fixture")
    catalog = make_catalog(base / "scripts_catalog", FIXTURES / "site")
    site = base / "site"
    result = mkdocs_build(catalog, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def offline_handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline zip of the real catalogue, built as `make offline` does and unzipped: the handbook/ folder."""
    base = tmp_path_factory.mktemp("offline")
    result = mkdocs_build(CATALOG, base / "site", HANDBOOK_OFFLINE="true")
    assert result.returncode == 0, result.stderr
    count, size = pack(base / "site", base / "handbook-offline.zip")
    with zipfile.ZipFile(base / "handbook-offline.zip") as archive:
        archive.extractall(base / "unzipped")
    print(f"offline zip: {count} files, {size / 1e6:.1f} MB")
    return base / "unzipped" / "handbook"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def serve_site() -> Iterator:
    """serve_site(folder) -> base URL of a loopback HTTP server for that folder; all stop at session end."""
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped without Chromium, except in CI, where that fails."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set HANDBOOK_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message + "; browser tests must run in CI")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records every request (`page.requests`) and every script error and console
    error (`page.errors`), for the tests that say nothing leaves the page and nothing breaks."""
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(SESSION_CACHE, ignore_errors=True)
