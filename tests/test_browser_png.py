"""Every explorer drawn by the PNG renderer (DLFAQ_RENDERER=png), in Chromium.

The route for front ends without ipympl (Colab): the kernel draws each frame with Agg and sends
it as a PNG to a core ``ipywidgets.Image``. With DLFAQ_RENDERER=png in the servers'
environment, every explorer of every notebook (in JupyterLab) and of the app
(notebooks/apps/explorers.ipynb, in Voila) must show an image and no ipympl canvas, and its
pixels must change when one of its controls moves; the keydown-to-new-pixels time of one
control per explorer goes to build/browser_png.json.

To keep this short, the notebooks are not run whole: one notebook made of each notebook's
explorer cells and only the earlier cells they need (the names they read, found with ``ast``)
runs in one kernel, in order.
"""

from __future__ import annotations

import ast
import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from browser_support import (
    ARTIFACTS,
    CONTROL_KINDS,
    ROOT,
    STDERR,
    JupyterLab,
    Voila,
    chromium,
    js,
    nudge,
    output_errors,
    require_browser,
    wait_for_change,
    wait_for_ink,
    wait_until_settled,
    widget_problems,
)
from notebook_checks import NOTEBOOKS

pytestmark = pytest.mark.browser

APP = ROOT / "notebooks" / "apps" / "explorers.ipynb"
TIMINGS = ROOT / "build" / "browser_png.json"
SHOTS = ARTIFACTS / "png"
IMAGE = "img.dlfaq-png-figure"
IPYMPL = ".jupyter-matplotlib, .jupyter-matplotlib-canvas-div"
EXPLORER_CALL = re.compile(r"(\w+_explorer)\s*\(")
SAMPLES = 6
# ---------------------------------------------------------------- the notebook of explorers
def names_of(code: str) -> tuple[set[str], set[str]]:
    """(names a cell binds, names it reads) at its top level and inside."""
    tree = ast.parse(code)
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (bound if isinstance(node.ctx, ast.Store | ast.Del) else read).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Subscript | ast.Attribute) and isinstance(
                node.ctx, ast.Store):  # x[i] = ..., x.a = ...: changes x
            base = node.value
            while isinstance(base, ast.Subscript | ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name):
                bound.add(base.id)
    for node in ast.walk(tree):  # x += 1 reads x too
        if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            read.add(node.target.id)
    return bound, read


def explorer_cells(path: Path) -> list[tuple[str, str]]:
    """[(key, source)] of the cells of ``path`` to run: its first cell (set-up), the cells that
    build an explorer, and every earlier cell binding a name those read (transitively).
    Explorer cells are keyed "<stem>:<explorer>"; the others by their position."""
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"
            and "colab-install" not in c.metadata.get("tags", [])]  # Colab only: not run here
    keep = {0}
    needed: set[str] = set()
    keys = {}
    for i in range(len(code) - 1, -1, -1):
        calls = EXPLORER_CALL.findall(code[i])
        try:
            bound, read = names_of(code[i])
        except SyntaxError:  # IPython syntax: keep it, read nothing known
            bound, read = set(), set()
        # what a kept cell reads from earlier cells: roughly, what it reads but does not bind
        if calls:
            keep.add(i)
            keys[i] = f"{path.stem}:{calls[-1]}"
            needed |= read - bound
        elif bound & needed:
            keep.add(i)
            needed = (needed - bound) | (read - bound)
    return [(keys.get(i, f"{path.stem}:cell{i}"), code[i]) for i in sorted(keep)]


def explorers_notebook(paths) -> tuple[nbformat.NotebookNode, list[tuple[int, str]]]:
    """One notebook of every notebook's explorer cells (and what they need), in order; and
    [(cell index, key)] of the explorer cells. Each notebook's part starts from an empty
    namespace (``%reset -f``): a cell left out by mistake is a NameError, not a value from an
    earlier notebook."""
    cells, explorers = [], []
    for path in paths:
        part = explorer_cells(path)
        if len(part) == 1:  # no explorer: its set-up cell only
            continue
        if cells:
            cells.append(nbformat.v4.new_code_cell("%reset -f"))
        for key, source in part:
            if not key.split(":")[1].startswith("cell"):
                explorers.append((len(cells), key))
            cells.append(nbformat.v4.new_code_cell(source))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb, explorers


def test_the_explorers_notebook_keeps_every_explorer_cell():
    """Every explorer cell of every notebook is in it, verbatim, after what it reads."""
    _, explorers = explorers_notebook(NOTEBOOKS)
    expected = [f"{p.stem}:{name}" for p in NOTEBOOKS
                for c in nbformat.read(p, as_version=4).cells if c.cell_type == "code"
                for name in EXPLORER_CALL.findall(c.source)[-1:]]
    assert [key for _, key in explorers] == expected
    assert len(expected) >= 5


# ---------------------------------------------------------------- driving one explorer
def exercise_png_explorer(scope, key: str) -> dict:
    """Check one explorer drawn as PNG (scope: a locator holding its controls and image): an
    image with ink, no ipympl canvas, pixels that change when a control moves; time that."""
    images = scope.locator(IMAGE)
    assert images.count() == 1, f"{key}: {images.count()} PNG figures, expected 1"
    assert scope.locator(IPYMPL).count() == 0, f"{key}: an ipympl canvas is on the page"
    image = images.first.element_handle()
    ink = wait_for_ink(image)
    assert ink >= 0.02, f"{key}: the figure stays blank"
    safe = key.replace(":", "-")
    scope.screenshot(path=str(SHOTS / f"{safe}-before.png"))
    controls = [scope.locator(kind).nth(i) for kind in CONTROL_KINDS
                for i in range(scope.locator(kind).count())]
    assert controls, f"{key}: an interactive figure without any control"
    tried = []
    for control in controls:
        before = wait_until_settled(image)
        tried.append(nudge(control))
        if wait_for_change(image, before) is None:
            continue
        times = []
        for sample in range(1 + SAMPLES + SAMPLES % 2):  # an even count of nudges in all:
            # the explorer ends at its default settings
            before = wait_until_settled(image)
            nudge(control, backwards=sample % 2 == 0)
            ms = wait_for_change(image, before)
            assert ms is not None, f"{key}: the figure stopped updating ({tried[-1]})"
            if sample:
                times.append(ms)
        scope.screenshot(path=str(SHOTS / f"{safe}-after.png"))
        times.sort()
        return {"browser_ms_median": round(times[len(times) // 2], 1),
                "browser_ms_min": round(times[0], 1), "browser_ms_max": round(times[-1], 1),
                "samples": len(times), "control": tried[-1]}
    raise AssertionError(f"{key}: no control changed the figure's pixels (tried {tried})")


def record(entries: dict):
    try:
        current = json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        current = {}
    current.update(entries)
    current["note"] = ("PNG renderer (DLFAQ_RENDERER=png): keydown on a control to changed "
                       "pixels of the figure's <img> (checked every animation frame), "
                       "headless Chromium, median over samples; tests/test_browser_png.py")
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


@pytest.fixture
def png_renderer(monkeypatch):
    """The servers (and so their kernels) inherit this environment."""
    require_browser()
    monkeypatch.setenv("DLFAQ_RENDERER", "png")
    SHOTS.mkdir(parents=True, exist_ok=True)


# ---------------------------------------------------------------- the tests
def test_every_notebook_explorer_shows_png_frames_in_jupyterlab(png_renderer, tmp_path):
    nb, explorers = explorers_notebook(NOTEBOOKS)
    path = tmp_path / "png_explorers.ipynb"
    nbformat.write(nb, path)
    for old in SHOTS.glob("[0-9]*.png"):
        old.unlink()
    timings, started = {}, time.perf_counter()
    with JupyterLab([path]) as server, chromium(viewport=(1280, 1000)) as context:
        page = context.new_page()
        try:
            page.goto(server.lab_url("dlfaq-png", path.name))
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                                   timeout=90_000)
            cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
            page.wait_for_function(js("current_kernel_idle"), timeout=120_000)
            page.evaluate("() => window.jupyterapp.commands.execute("
                          "'notebook:run-all-cells')")
            last_prompt = cells.nth(len(nb.cells) - 1).locator(".jp-InputPrompt")
            errors = page.locator(STDERR)
            deadline = time.monotonic() + 600
            while not re.search(r"\[\d+\]", last_prompt.inner_text()):
                assert errors.count() == 0, errors.first.inner_text()[:800]
                assert time.monotonic() < deadline, "Run All did not finish within 600 s"
                time.sleep(0.5)
            page.wait_for_function(js("current_kernel_idle"), timeout=120_000)
            run_s = time.perf_counter() - started
            assert errors.count() == 0, errors.first.inner_text()[:800]
            assert not widget_problems(page), widget_problems(page)
            assert page.locator(IPYMPL).count() == 0, "an ipympl canvas is on the page"
            for index, key in explorers:
                cell = cells.nth(index)
                cell.scroll_into_view_if_needed()
                timings[key] = exercise_png_explorer(cell.locator(".jp-OutputArea"), key)
            timings["lab:run_all_s"] = round(run_s, 1)
            timings["lab:total_s"] = round(time.perf_counter() - started, 1)
        except BaseException:
            page.screenshot(path=str(SHOTS / "lab-failure.png"))
            raise
        finally:
            record(timings)
    assert len([k for k in timings if ":" in k and not k.startswith("lab:")]) == len(explorers)


def test_every_app_explorer_shows_png_frames_in_voila(png_renderer):
    names = [name for cell in nbformat.read(APP, as_version=4).cells
             if cell.cell_type == "code" for name in EXPLORER_CALL.findall(cell.source)[-1:]]
    for old in SHOTS.glob("app*.png"):
        old.unlink()
    timings, started = {}, time.perf_counter()
    with Voila(APP) as app, chromium(viewport=(1280, 2000)) as context:
        page = context.new_page()
        try:
            page.goto(app.url, timeout=300_000)  # the GET executes the whole notebook
            page.wait_for_function(f"n => document.querySelectorAll('{IMAGE}').length >= n",
                                   arg=len(names), timeout=300_000)
            assert not output_errors(page), output_errors(page)
            assert not widget_problems(page), widget_problems(page)
            assert page.locator(IPYMPL).count() == 0, "an ipympl canvas is on the page"
            outputs = page.locator(".jp-OutputArea-output").filter(has=page.locator(IMAGE))
            assert outputs.count() == len(names), (names, outputs.count())
            for index, name in enumerate(names):
                key = f"app:{name}"
                timings[key] = exercise_png_explorer(outputs.nth(index), key)
            timings["app:total_s"] = round(time.perf_counter() - started, 1)
        except BaseException:
            page.screenshot(path=str(SHOTS / "app-failure.png"))
            raise
        finally:
            record(timings)
