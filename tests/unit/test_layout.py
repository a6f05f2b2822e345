"""The package's shape, as docs/architecture.md describes it: layers that import only the layers below
them, and modules small enough to hold one concern."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "handbook"
# Lowest first: a layer may import itself and the layers before it, never one after it.
LAYERS = ["load", "lint", "catalog", "audit", "site", "tools"]
MAX_LINES = 400
MODULES = sorted(PACKAGE.rglob("*.py"))


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "handbook" and parts[1] in LAYERS else None


def imported(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """Every handbook module a file imports, relative imports resolved, with its line."""
    package = path.relative_to(root.parent).with_suffix("").parts
    package = package if path.name == "__init__.py" else package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            module = ".".join(p for p in (base, node.module or "") if p)
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return [(line, module) for line, module in found if module.startswith("handbook")]


def upward(path: Path, root: Path = PACKAGE) -> list[str]:
    own = layer_of(".".join(path.relative_to(root.parent).with_suffix("").parts))
    return [
        f"{path.name}:{line}: imports {module}"
        for line, module in imported(path, root)
        if own and (other := layer_of(module)) and LAYERS.index(other) > LAYERS.index(own)
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE.parent).as_posix())
def test_a_layer_imports_only_the_layers_below_it(path):
    assert upward(path) == [], (
        "a layer imports only itself and the layers before it in LAYERS: move the code or the import"
    )


def test_an_upward_import_is_found(tmp_path):
    """Relative and absolute, at the top or inside a function: each import of a higher layer is named."""
    module = tmp_path / "handbook" / "load" / "sample.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from ..site import render\n\n\ndef f():\n    from handbook.tools.cli import main\n", encoding="utf-8"
    )
    assert upward(module, tmp_path / "handbook") == [
        "sample.py:1: imports handbook.site.render",
        "sample.py:5: imports handbook.tools.cli.main",
    ]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE.parent).as_posix())
def test_no_module_over_400_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{lines} lines: split it by concern (docs/architecture.md says where each goes)"
