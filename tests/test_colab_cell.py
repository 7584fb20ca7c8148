"""The Colab route: every notebook opens with its title, then tools/colab_cell.py's cell, folded
away, which installs this release of dlfaq on Colab only (keeping Colab's own packages) and does
nothing, silently, anywhere else.

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
from notebook_checks import NOTEBOOKS, code_sha256

from tools import colab_cell

ROOT = Path(__file__).resolve().parents[1]


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


def test_every_notebook_opens_with_its_title_then_the_folded_colab_cell():
    """Fails until `python tools/colab_cell.py` has been run."""
    for path in NOTEBOOKS:
        title, cell = nbformat.read(path, as_version=4).cells[:2]
        assert title.cell_type == "markdown" and title.source.lstrip().startswith("# "), path.name
        assert cell.cell_type == "code" and colab_cell.is_colab_cell(cell), (
            f"{path.name}: run `python tools/colab_cell.py` to add the Colab install cell")
        assert cell.source == colab_cell.cell_source(), (
            f"{path.name}: the Colab cell is stale; run `python tools/colab_cell.py`")
        assert cell.metadata["cellView"] == "form" and cell.metadata["jupyter"][
            "source_hidden"], f"{path.name}: the cell's code is folded away"


def test_the_cell_is_short_and_says_what_it_keeps_and_what_was_tested():
    source = colab_cell.cell_source()
    assert len(source.splitlines()) <= 22
    head = source.split("import sys")[0]
    assert f"dlfaq {colab_cell.VERSION}" in head.splitlines()[0], "the title names the release"
    assert "kept" in head and "torch" in head and "tested with the pinned" in head
    assert all(len(line) <= 100 for line in source.splitlines())


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
    assert first[-1] == f"dlfaq @ git+{colab_cell.REPOSITORY}@v{colab_cell.VERSION}", (
        "the release's tag, the one the README's Colab badges open")
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
        assert colab_cell.is_colab_cell(after.cells[1])
        assert after.cells[1].source == colab_cell.cell_source()
        rest = [c for c in after.cells if not colab_cell.is_colab_cell(c)]
        assert [c.source for c in rest] == [c.source for c in before.cells
                                            if not colab_cell.is_colab_cell(c)]


def executed(source: str, count: int) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.execution_count = count
    return cell


def stale_notebook(path: Path, stamp: bool) -> nbformat.NotebookNode:
    """Title, the old install cell first (executed as cell 1), then the notebook's code."""
    stale = executed("# old install cell", 1)
    stale.metadata["tags"] = [colab_cell.TAG]
    nb = nbformat.v4.new_notebook(cells=[stale, nbformat.v4.new_markdown_cell("# 01 · Title"),
                                         executed("import dlfaq", 2)])
    nb.metadata["dlfaq"] = {"code_sha256": code_sha256(nb) if stamp else "stale"}
    nbformat.write(nb, path)
    return nb


def test_a_stale_or_misplaced_cell_is_replaced_after_the_title(tmp_path):
    path = tmp_path / "nb.ipynb"
    stale_notebook(path, stamp=True)
    assert colab_cell.apply(path)
    cells = nbformat.read(path, as_version=4).cells
    assert [c.source for c in cells] == ["# 01 · Title", colab_cell.cell_source(),
                                         "import dlfaq"]
    assert [c.get("execution_count") for c in cells] == [None, 1, 2], "counts kept"
    assert not colab_cell.apply(path)


def test_the_code_stamp_follows_the_new_cell_when_the_outputs_belonged_to_the_code(tmp_path):
    path = tmp_path / "nb.ipynb"
    stale_notebook(path, stamp=True)
    colab_cell.apply(path)
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["dlfaq"]["code_sha256"] == code_sha256(nb)


def test_a_stamp_already_stale_stays_stale(tmp_path):
    """Stale outputs elsewhere in the notebook must still fail the stamp check."""
    path = tmp_path / "nb.ipynb"
    stale_notebook(path, stamp=False)
    colab_cell.apply(path)
    assert nbformat.read(path, as_version=4).metadata["dlfaq"]["code_sha256"] == "stale"


def test_a_notebook_without_the_cell_gets_one_and_must_be_re_executed(tmp_path):
    path = tmp_path / "nb.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"),
                                         executed("import dlfaq", 1)])
    nb.metadata["dlfaq"] = {"code_sha256": code_sha256(nb)}
    nbformat.write(nb, path)
    assert colab_cell.apply(path)
    nb = nbformat.read(path, as_version=4)
    assert colab_cell.is_colab_cell(nb.cells[1]) and nb.cells[1].execution_count is None
    assert nb.metadata["dlfaq"]["code_sha256"] != code_sha256(nb)


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
