"""Tests may import tools; tools never import tests, and tools never edit ``sys.path``.

pytest puts the root (for ``tools.*``) and tests/ (for its helpers) on ``sys.path`` once, with
pyproject.toml's ``pythonpath``; tools run as ``python -m tools.x`` from the root (the two
also run as scripts, execute_notebooks and colab_cell, import their one helper either way).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
#: What a tool would import to reach into tests/: the package name and each helper module.
TEST_MODULES = {"tests"} | {p.stem for p in TESTS.glob("*.py")} | {
    p.name for p in TESTS.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def imported(tree) -> set[str]:
    """The top-level names of every module a file imports (absolute imports only)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def edits_sys_path(tree) -> bool:
    """Whether the code calls a method of ``sys.path`` (insert, append, ...) or assigns it."""
    for node in ast.walk(tree):
        target = node.func.value if (isinstance(node, ast.Call)
                                     and isinstance(node.func, ast.Attribute)) else None
        if isinstance(node, ast.Assign):
            target = next((t for t in node.targets if isinstance(t, ast.Attribute)), None)
        if (isinstance(target, ast.Attribute) and target.attr == "path"
                and isinstance(target.value, ast.Name) and target.value.id == "sys"):
            return True
    return False


def tool_files():
    return sorted((ROOT / "tools").rglob("*.py"))


def test_tools_never_import_tests():
    assert "notebook_checks" in TEST_MODULES and "browser_support" in TEST_MODULES
    found = {str(p.relative_to(ROOT)): sorted(imported(ast.parse(p.read_text())) & TEST_MODULES)
             for p in tool_files()}
    found = {path: names for path, names in found.items() if names}
    assert not found, f"tools importing tests' modules (move what they need into tools/): {found}"


def test_tools_never_edit_sys_path():
    found = [str(p.relative_to(ROOT)) for p in tool_files()
             if edits_sys_path(ast.parse(p.read_text()))]
    assert not found, f"tools editing sys.path (run them as `python -m tools.x`): {found}"
    assert edits_sys_path(ast.parse("import sys\nsys.path.insert(0, 'x')"))  # the check itself
