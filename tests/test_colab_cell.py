"""The Colab route: every notebook starts with tools/colab_cell.py's cell, which installs dlfaq on
Colab only (keeping Colab's torch) and does nothing, silently, anywhere else.

Colab itself cannot be reached from here: the cell's behaviour is checked by running its code
with a stand-in ``google.colab`` module and pip calls recorded instead of run.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest
from notebook_checks import NOTEBOOKS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import colab_cell  # noqa: E402  (tools/ is not a package)


def run_cell(monkeypatch, on_colab: bool, installed=lambda module: True) -> tuple[list, str]:
    """Execute the cell's code; return (pip commands it ran, what it printed)."""
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append(list(cmd)))
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: real(name, *a) if installed(name) else None)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        exec(compile(colab_cell.cell_source(), "<colab cell>", "exec"), {})
    return calls, out.getvalue()


def test_every_notebook_starts_with_the_colab_cell():
    """Fails until `python tools/colab_cell.py` has been run (and the notebooks re-executed)."""
    for path in NOTEBOOKS:
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "code" and colab_cell.is_colab_cell(first), (
            f"{path.name}: run `python tools/colab_cell.py` to add the Colab install cell")
        assert first.source == colab_cell.cell_source(), (
            f"{path.name}: the Colab cell is stale; run `python tools/colab_cell.py`")


def test_the_cell_does_nothing_and_prints_nothing_outside_colab(monkeypatch):
    calls, printed = run_cell(monkeypatch, on_colab=False)
    assert calls == [] and printed == ""


def test_on_colab_it_installs_dlfaq_without_dependencies_then_only_what_is_missing(
        monkeypatch):
    calls, printed = run_cell(monkeypatch, on_colab=True,
                              installed=lambda module: module != "mnist1d")
    assert printed == ""
    first, second = calls
    assert first[1:4] == ["-m", "pip", "install"] and "--no-deps" in first
    assert first[-1] == f"dlfaq @ git+{colab_cell.REPOSITORY}"
    assert second[-1].startswith("mnist1d==") and "--no-deps" not in second
    assert not any("torch" in word for call in calls for word in call), "Colab's torch is kept"


def test_on_colab_with_everything_present_only_dlfaq_is_installed(monkeypatch):
    calls, _ = run_cell(monkeypatch, on_colab=True)
    assert len(calls) == 1 and "--no-deps" in calls[0]


def test_the_light_dependencies_are_pinned_as_in_requirements_and_leave_torch_out():
    deps = dict(colab_cell.light_dependencies())
    assert "mnist1d==0.0.2.post1" in deps
    assert not any(req.startswith(("torch", "ipympl")) for req in deps)
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert all(req in requirements for req in deps)


def test_the_tool_is_idempotent_on_copies_of_the_notebooks(tmp_path):
    copies = []
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / path.name)
        copies.append(tmp_path / path.name)
    assert colab_cell.main([str(p) for p in copies]) == 0
    once = {p: p.read_bytes() for p in copies}
    assert colab_cell.main([str(p) for p in copies]) == 0
    assert {p: p.read_bytes() for p in copies} == once, "a second run changes nothing"
    for path, copy in zip(NOTEBOOKS, copies, strict=True):
        before = nbformat.read(path, as_version=4)
        after = nbformat.read(copy, as_version=4)
        assert colab_cell.is_colab_cell(after.cells[0])
        assert after.cells[0].source == colab_cell.cell_source()
        rest = [c for c in after.cells if not colab_cell.is_colab_cell(c)]
        assert [c.source for c in rest] == [c.source for c in before.cells
                                            if not colab_cell.is_colab_cell(c)]


def test_a_stale_or_misplaced_cell_is_replaced_at_the_top(tmp_path):
    path = tmp_path / "nb.ipynb"
    stale = nbformat.v4.new_code_cell("# old install cell")
    stale.metadata["tags"] = [colab_cell.TAG]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import dlfaq"), stale])
    nbformat.write(nb, path)
    assert colab_cell.apply(path)
    cells = nbformat.read(path, as_version=4).cells
    assert [c.source for c in cells] == [colab_cell.cell_source(), "import dlfaq"]
    assert not colab_cell.apply(path)


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent
                                                         / "ruff").exists(),
                    reason="ruff is not installed")
def test_a_notebook_with_the_cell_passes_lint(tmp_path):
    """The cell passes the project's lint (ruff reads pyproject.toml) in a notebook."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "src").symlink_to(ROOT / "src")  # dlfaq is first-party for the import order
    copy = tmp_path / "notebooks" / NOTEBOOKS[0].name
    shutil.copy(NOTEBOOKS[0], copy)
    colab_cell.apply(copy)
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    subprocess.run([ruff, "check", "--no-cache", str(copy)], cwd=tmp_path, check=True)
