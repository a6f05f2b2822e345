"""Search in Chromium: every query of tests/fixtures/search-queries.yml finds its page in the top three,
on the served site and in the offline handbook opened from file://, with no request leaving the site."""

from __future__ import annotations

import pytest
import yaml
from browsing import foreign, page_path, search
from conftest import FIXTURES

pytestmark = pytest.mark.browser
QUERIES = yaml.safe_load((FIXTURES / "search-queries.yml").read_text(encoding="utf-8"))["queries"]


def run_table(page, root: str) -> list[str]:
    misses = []
    for item in QUERIES:
        top = [page_path(url, root) for url in search(page, item["query"])[:3]]
        if item["expect"] not in top:
            misses.append(f"{item['query']} ({item['kind']}): want {item['expect']}, got {top}")
    print(f"search table: {len(QUERIES) - len(misses)} of {len(QUERIES)} queries find their page in the top 3")
    print("\n".join(misses))
    return misses


@pytest.fixture
def recorded(browser):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    yield page, requests
    context.close()


def test_table_has_every_kind_of_query():
    kinds = {q["kind"] for q in QUERIES}
    assert len(QUERIES) >= 30
    assert kinds == {"word", "words", "partial", "synonym", "abbreviation", "traditional"}


def test_search_table_on_the_served_site(recorded, real_site, serve_site):
    page, requests = recorded
    root = serve_site(real_site)
    page.goto(root)
    assert run_table(page, root) == []
    assert foreign(requests, root) == []


def test_search_table_offline_from_file(recorded, offline_handbook):
    page, requests = recorded
    root = offline_handbook.as_uri() + "/"
    page.goto(root + "index.html")
    assert run_table(page, root) == []
    assert foreign(requests, root) == []
