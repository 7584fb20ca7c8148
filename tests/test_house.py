"""The house's public faces: every public module of src/dlfaq and src/dlfaq_server says what it
offers in ``__all__``, and says exactly that.

A public module is a ``.py`` file whose name, and the names of the packages above it, do not
start with ``_`` (``__init__.py`` is the package's own module and is public; ``__main__.py`` and
``_lazy.py`` are not). Its public names are the names it defines at top level (a ``def``, a
``class`` or an assignment, constants included) that do not start with ``_``, plus
``__version__``; a package's ``__init__`` also lists what it re-exports: the names it imports
from dlfaq or dlfaq_server that are not submodules. ``__all__`` is a literal list of those names,
no more, no fewer. Read from the source (no import), so it runs in a fraction of a second.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ("dlfaq", "dlfaq_server")
#: Dunder names that are a module's public face nonetheless.
PUBLIC_DUNDERS = {"__version__"}


def public_modules(src: Path = SRC) -> list[Path]:
    """Every public module file of the two packages, sorted."""
    found = []
    for package in PACKAGES:
        for path in sorted((src / package).rglob("*.py")):
            parts = path.relative_to(src).parts
            if any(part.startswith("_") for part in parts[:-1]):
                continue
            if path.name.startswith("_") and path.name != "__init__.py":
                continue
            found.append(path)
    return found


def module_name(path: Path, src: Path = SRC) -> str:
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level(body):
    """The module's top-level statements, looking inside if/try/with blocks (not defs)."""
    for node in body:
        if isinstance(node, ast.If | ast.Try | ast.With):
            yield from _top_level(node.body)
            for handler in getattr(node, "handlers", []):
                yield from _top_level(handler.body)
            yield from _top_level(getattr(node, "orelse", []))
            yield from _top_level(getattr(node, "finalbody", []))
        else:
            yield node


def _targets(target):
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _targets(element)


def _is_public(name: str) -> bool:
    return not name.startswith("_") or name in PUBLIC_DUNDERS


def _is_submodule(module: str, name: str, src: Path) -> bool:
    base = src.joinpath(*module.split("."), name)
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _absolute(node: ast.ImportFrom, path: Path, src: Path) -> str:
    if not node.level:
        return node.module or ""
    package = module_name(path, src).split(".")
    if path.name != "__init__.py":
        package.pop()
    package = package[:len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def faces(path: Path, src: Path = SRC) -> tuple[list[str] | None, set[str]]:
    """``(__all__ as written or None, the public names it should list)`` for one module file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    written, expected = None, set()
    for node in _top_level(tree.body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            expected.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (n for target in targets for n in _targets(target)):
                if name != "__all__":
                    expected.add(name)
                elif isinstance(node, ast.AugAssign) or node.value is None:
                    written = ["<__all__ is not one literal list>"]
                else:
                    try:
                        written = list(ast.literal_eval(node.value))
                    except ValueError:
                        written = ["<__all__ is not one literal list>"]
        elif isinstance(node, ast.ImportFrom) and path.name == "__init__.py":
            source = _absolute(node, path, src)
            if source.split(".")[0] in PACKAGES:
                expected.update(alias.asname or alias.name for alias in node.names
                                if not _is_submodule(source, alias.name, src))
    return written, {name for name in expected if _is_public(name)}


def mismatch(path: Path, src: Path = SRC) -> str | None:
    """What is wrong with one module's ``__all__``, in words, or None."""
    written, expected = faces(path, src)
    where = path.relative_to(src.parent)
    if written is None:
        return (f"{where}: no __all__; add __all__ = {sorted(expected)!r} after its imports")
    problems = []
    if len(written) != len(set(written)):
        problems.append(f"listed twice: {sorted({n for n in written if written.count(n) > 1})}")
    if missing := sorted(expected - set(written)):
        problems.append(f"public but not in __all__: {missing} (add them, or make them private "
                        f"with a leading _)")
    if extra := sorted(set(written) - expected):
        problems.append(f"in __all__ but not a public name defined (or, in a package's "
                        f"__init__, re-exported) here: {extra}")
    return f"{where}: " + "; ".join(problems) if problems else None


#: CONTRIBUTING.md ("The layering"): no file of these folders is over this many lines.
MAX_LINES = 400
LINE_CHECKED = ("src", "tests", "tools")


def long_files(root: Path = SRC.parent) -> dict[str, int]:
    """{file: its lines} of every Python file of src/, tests/ and tools/ over MAX_LINES."""
    found = {}
    for folder in LINE_CHECKED:
        for path in (root / folder).rglob("*.py"):
            if "node_modules" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                found[path.relative_to(root).as_posix()] = lines
    return found


def test_no_file_is_over_400_lines():
    found = long_files()
    assert not found, (f"over {MAX_LINES} lines: {found}; split the module into a package whose "
                       "__init__ re-exports its public names")


def test_the_scan_sees_every_package():
    modules = {module_name(path) for path in public_modules()}
    assert {"dlfaq", "dlfaq.session", "dlfaq.core.checks", "dlfaq.explorers",
            "dlfaq.studies.comparison.models", "dlfaq_server.memory_guard"} <= modules
    assert not any(name.split(".")[-1].startswith("_") for name in modules)


@pytest.mark.parametrize("path", public_modules(), ids=module_name)
def test_every_public_module_lists_exactly_its_public_names(path):
    problem = mismatch(path)
    assert problem is None, problem


def test_a_missing_or_wrong_all_is_named(tmp_path):
    package = tmp_path / "dlfaq" / "things"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("from dlfaq.things.parts import part\n"
                                         "from dlfaq.things import parts\n__all__ = []\n")
    (package / "parts.py").write_text("import os\n\nLIMIT = 3\n_hidden = 1\n\n\n"
                                      "def part():\n    pass\n")
    (package / "_private.py").write_text("x = 1\n")
    paths = public_modules(tmp_path)
    assert [p.name for p in paths] == ["__init__.py", "parts.py"]
    assert "public but not in __all__: ['part']" in mismatch(paths[0], tmp_path)
    assert "no __all__; add __all__ = ['LIMIT', 'part']" in mismatch(paths[1], tmp_path)
    (package / "parts.py").write_text("LIMIT = 3\n__all__ = ['LIMIT', 'os', 'part']\n\n\n"
                                      "def part():\n    pass\n")
    assert "in __all__ but not a public name defined" in mismatch(paths[1], tmp_path)
