"""Entry lists made as HTML beside the Markdown (handbook/site/fragments.py): the HTML says what Markdown
would have said, and a page's Markdown no longer depends on the entries it lists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import CATALOG, PROJECT, real_catalog

from handbook.catalog import load_catalog
from handbook.site import urls
from handbook.site.fragments import MARKER, Glossary, auto_appended, href, put_in_place
from handbook.site.render import Renderer

GLOSSARY = PROJECT / "docs" / "includes" / "abbreviations.md"

TEXTS = [
    "M2 阶段的借款人",
    "进入 M3 后（M2 结束）",
    "M23 不是缩写，XM2 也不是",
    "App 站内信与 PTP 登记",
    "打开App查看",  # no boundary between App and the Chinese text: Markdown leaves it alone too
    '<b>M1</b> & "M0"',
    "M1-M3，PIPL。",
]


def markdown_abbrs(text: str) -> list[tuple[str, str]]:
    """The <abbr> elements Python-Markdown's own abbr extension makes of `text` with the site's glossary."""
    html = markdown.markdown(
        text.replace("<", "&lt;") + "\n\n" + GLOSSARY.read_text(encoding="utf-8"), extensions=["abbr"]
    )
    return re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)


@pytest.mark.parametrize("text", TEXTS)
def test_glossary_marks_what_markdown_marks(text):
    glossary = Glossary.read([GLOSSARY])
    ours = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', glossary.html(text))
    assert ours == markdown_abbrs(text)


def test_glossary_escapes_the_text_around_the_abbreviations():
    html = Glossary({"M2": 'a "b" <c>'}).html("<script>M2</script>")
    assert html == '&lt;script&gt;<abbr title="a &quot;b&quot; &lt;c&gt;">M2</abbr>&lt;/script&gt;'
    assert Glossary({}).html("a < b") == "a &lt; b"


def test_the_glossary_is_the_file_snippets_appends():
    class Config:
        mdx_configs = {"pymdownx.snippets": {"auto_append": ["docs/includes/abbreviations.md"]}}

    assert auto_appended(Config(), PROJECT) == [GLOSSARY]
    assert "M2" in Glossary.read(auto_appended(Config(), PROJECT)).terms


@pytest.mark.parametrize(
    ("page", "directory_urls", "expected"),
    [
        (urls.TAGS, True, "../entries/x/"),
        ("overdue/m2.md", True, "../../entries/x/"),
        ("entries/y.md", True, "../x/"),
        (urls.TAGS, False, "../entries/x.html"),
        ("overdue/m2.md", False, "../entries/x.html"),
    ],
)
def test_links_are_what_mkdocs_makes_of_a_markdown_link(page, directory_urls, expected):
    assert href(urls.entry_uri("x"), page, directory_urls) == expected


def test_a_lost_marker_is_an_error_that_names_the_page():
    assert (
        put_in_place("<p>a</p>\n<!-- hb:html:0 -->", {MARKER.format(0): "<ul></ul>"}, "x.md") == "<p>a</p>\n<ul></ul>"
    )
    with pytest.raises(ValueError, match=r"tags/index\.md: .*hb:html:1"):
        put_in_place("<p>a</p>", {MARKER.format(1): "<ul></ul>"}, "tags/index.md")


def test_render_refuses_a_template_whose_lists_would_be_lost():
    catalog, _ = real_catalog()
    with pytest.raises(ValueError, match="Renderer.page"):
        Renderer(catalog).render("tags.md.j2", urls.TAGS, tags=catalog.tags())


def test_a_changed_title_changes_the_lists_html_not_the_pages_markdown(tmp_path: Path):
    before, _ = real_catalog()
    edited = next(e for e in before.entries.values() if e.tags and e.verdict == "recommended")
    copy = tmp_path / CATALOG.name
    shutil.copytree(CATALOG, copy)
    path = copy / Path(edited.file).relative_to(CATALOG.name)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"title: {edited.title}", "title: 改过的标题", 1), encoding="utf-8")
    after, issues = load_catalog(copy)
    assert after.entries[edited.id].title == "改过的标题", issues

    old, new = Renderer(before).pages(), Renderer(after).pages()
    listing = [uri for uri, page in new.items() if "改过的标题" in "".join(page.fragments.values())]
    assert urls.TAGS in listing and urls.COVERAGE in listing
    for uri in listing:
        if not uri.startswith("entries/"):  # an entry page may name it in Markdown too (引用本条的话术)
            assert new[uri].markdown == old[uri].markdown, uri
            assert new[uri].fragments != old[uri].fragments, uri
