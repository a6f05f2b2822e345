"""Release notes (`make dist`) from a real git history: tags, entries added, changed and removed."""

from pathlib import Path

from conftest import git, git_repo

from handbook.tools.release import release_notes


def test_notes_name_what_changed_since_the_last_tag(tmp_path):
    repo, folder = tmp_path / "repo", tmp_path / "repo" / "scripts_catalog"
    (folder / "opening").mkdir(parents=True)
    (folder / "_definitions").mkdir()
    git_repo(repo)
    (folder / "opening" / "greet.yml").write_text("id: greet\n")
    (folder / "opening" / "verify.yml").write_text("id: verify\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "tag", "v1")
    titles = {"greet": "问候", "verify": "核实身份", "close": "结束通话"}
    assert (
        release_notes(repo, folder, titles)
        == f"# 催收话术手册 v1 ({_day(repo)})\n\n首个版本，包含以下条目：\n\n- 新增 2 条：问候、核实身份\n"
    )

    (folder / "opening" / "close.yml").write_text("id: close\n")
    (folder / "opening" / "greet.yml").write_text("id: greet\ntitle: x\n")
    (folder / "opening" / "verify.yml").unlink()
    (folder / "_definitions" / "taxonomy.yml").write_text("stages: []\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    notes = release_notes(repo, folder, titles)
    assert notes.splitlines()[2:] == [
        "与上一版本（v1）相比：",
        "",
        "- 新增 1 条：结束通话",
        "- 修改 1 条：问候",
        "- 删除 1 条：核实身份",
        "- 参考文件：_definitions/taxonomy.yml",
    ]


def test_notes_say_when_nothing_changed_or_there_is_no_history(tmp_path):
    repo, folder = tmp_path / "repo", tmp_path / "repo" / "scripts_catalog"
    (folder / "opening").mkdir(parents=True)
    (folder / "opening" / "greet.yml").write_text("id: greet\n")
    assert release_notes(repo, folder, {}).splitlines()[1:] == ["", "没有 git 历史，无法列出修改。"]
    git_repo(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    git(repo, "tag", "v1")
    (repo / "README.md").write_text("outside the catalogue\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "docs only")
    git(repo, "tag", "v2")
    assert release_notes(repo, folder, {}).splitlines()[2:] == ["与上一版本（v1）相比：", "", "- 话术条目没有变化。"]


def _day(repo: Path) -> str:
    return git(repo, "log", "-1", "--format=%cs").strip()
