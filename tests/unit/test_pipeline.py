"""The build pipeline (handbook/site/pipeline.py): its declared order, its settings, and the one hook."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import yaml
from conftest import PROJECT
from mkdocs.exceptions import PluginError

from handbook.site.pagesets import BUILD, PAGE_SETS
from handbook.site.pipeline import Build, PageSet, Settings


class First(PageSet):
    name = "first"


class Second(PageSet):
    name = "second"
    needs = ("first",)


def test_a_page_set_cannot_run_before_what_it_needs():
    assert [s.name for s in Build([First(), Second()]).page_sets] == ["first", "second"]
    with pytest.raises(ValueError, match=r"'second' needs \['first'\]"):
        Build([Second(), First()])


def test_the_handbook_s_own_order_satisfies_every_need():
    names = [page_set.name for page_set in BUILD.page_sets]
    assert names == [cls.name for cls in PAGE_SETS]
    for page_set in BUILD.page_sets:
        assert all(names.index(need) < names.index(page_set.name) for need in page_set.needs), page_set.name


def config(**handbook: object) -> SimpleNamespace:
    return SimpleNamespace(extra={"handbook": handbook} if handbook else {})


def test_settings_come_from_mkdocs_yml_and_the_environment_overrides_them():
    assert Settings.of(config(), environ={}) == Settings("scripts_catalog", True)
    assert Settings.of(config(catalog="other", freeze=False), environ={}) == Settings("other", False)
    environ = {"HANDBOOK_CATALOG": "/tmp/elsewhere", "HANDBOOK_NO_FREEZE": "1"}
    assert Settings.of(config(catalog="other"), environ=environ) == Settings("/tmp/elsewhere", False)


def test_the_build_cache_is_on_by_default_and_off_with_one_setting():
    assert Settings.of(config(), environ={}).cache_on
    assert Settings.of(config(), environ={}).cache == ".cache/handbook"
    assert not Settings.of(config(cache=False), environ={}).cache_on  # YAML reads `cache: off` as false
    assert not Settings.of(config(cache="off"), environ={}).cache_on
    assert not Settings.of(config(), environ={"HANDBOOK_CACHE": "off"}).cache_on
    assert Settings.of(config(cache=False), environ={"HANDBOOK_CACHE": "/tmp/c"}).cache == "/tmp/c"


def test_an_unknown_setting_is_named():
    with pytest.raises(PluginError, match=r"extra\.handbook\.catalogue; known: catalog, freeze, cache, parallel"):
        Settings.of(config(catalogue="typo"), environ={})


def test_mkdocs_yml_lists_one_hook_and_the_hooks_folder_holds_only_it():
    text = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    hooks = yaml.load(text, Loader=yaml.BaseLoader)["hooks"] if "!ENV" not in text else None
    if hooks is None:  # mkdocs.yml has !ENV tags: read the hooks list alone
        block = text.split("\nhooks:\n", 1)[1].split("\n\n", 1)[0]
        hooks = [line.strip()[2:].split("#")[0].strip() for line in block.splitlines()]
    assert hooks == ["hooks/pipeline.py"]
    assert sorted(p.name for p in (PROJECT / "hooks").glob("*.py")) == ["pipeline.py"]


def test_the_type_check_refuses_a_page_set_with_the_wrong_interface(tmp_path):
    """`make lint` runs mypy: a page set whose `make` returns pages as a dict instead of an Output fails it."""
    import subprocess

    from conftest import BIN

    wrong = tmp_path / "wrong_page_set.py"
    wrong.write_text(
        "from mkdocs.config.defaults import MkDocsConfig\n"
        "from mkdocs.structure.files import Files\n"
        "from handbook.site.pipeline import Build, PageSet\n"
        "from handbook.site.render import Generated\n\n"
        "class Wrong(PageSet):\n"
        "    name = 'wrong'\n\n"
        "    def make(self, build: Build, files: Files, config: MkDocsConfig) -> dict[str, Generated]:\n"
        "        return {}\n",
        encoding="utf-8",
    )
    result = subprocess.run([str(BIN / "mypy"), str(wrong)], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and 'Return type "dict[str, Generated]" of "make"' in result.stdout, result.stdout
    right = subprocess.run([str(BIN / "mypy")], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert right.returncode == 0, right.stdout
