"""The standalone explorers page (`make app`: Voila on notebooks/apps/explorers.ipynb) in Chromium.

Voila is started the way `make app` starts it (127.0.0.1, no browser), on a random port, with
tracebacks shown; the page must execute without errors or stderr output, show every explorer,
and each explorer's figure must change when one of its controls moves. Round trips go to
build/browser.json as "app:<explorer>".
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest
from browser_support import (
    ARTIFACTS,
    FIGURE_CANVAS,
    ROOT,
    Voila,
    chromium,
    exercise_explorer,
    output_errors,
    record_timings,
    require_browser,
    widget_problems,
)

from dlfaq.explorers import EXPLORERS

APP = ROOT / "notebooks" / "apps" / "explorers.ipynb"

pytestmark = pytest.mark.browser


def explorer_names() -> list[str]:
    """The explorers the app shows, in order, read from its code cells."""
    nb = nbformat.read(APP, as_version=4)
    return [name for cell in nb.cells if cell.cell_type == "code"
            for name in re.findall(r"explorers\.(\w+_explorer)\s*\(", cell.source)[-1:]]


def test_app_notebook_is_committed_without_outputs():
    nb = nbformat.read(APP, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), (
        "Voila executes the app; commit it without outputs")
    assert "dlfaq.setup(" in code[0].source
    missing = set(EXPLORERS) - set(explorer_names())
    assert not missing, f"the app does not show {sorted(missing)}: add a cell to {APP.name}"


def test_app_serves_every_explorer_and_they_answer():
    require_browser()
    names = explorer_names()
    shots = ARTIFACTS / "app"
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    timings = {}
    with Voila(APP) as app, chromium(viewport=(1280, 2000)) as context:
        page = context.new_page()
        try:
            started = time.perf_counter()
            page.goto(app.url, timeout=300_000)  # the GET executes the whole notebook
            outputs = page.locator(".jp-OutputArea-output").filter(
                has=page.locator(FIGURE_CANVAS))
            page.wait_for_function(
                f"n => document.querySelectorAll('{FIGURE_CANVAS}').length >= n",
                arg=len(names), timeout=300_000)
            loaded = time.perf_counter() - started
            assert not output_errors(page), output_errors(page)
            assert not widget_problems(page)
            assert outputs.count() == len(names), (names, outputs.count())
            page.screenshot(path=str(shots / "00-top.png"))
            for index, name in enumerate(names):
                key = f"app:{name}"
                timings[key] = exercise_explorer(outputs.nth(index), key, shots)
            timings["app:page_load_s"] = {"seconds": round(loaded, 1)}
            page.screenshot(path=str(shots / "01-after.png"))
        except BaseException:
            page.screenshot(path=str(shots / "failure.png"))
            raise
        finally:
            if timings:
                record_timings({k: v for k, v in timings.items() if "samples" in v})


def test_the_error_check_itself_sees_a_failing_cell_and_stderr_in_voila(tmp_path):
    require_browser()
    path = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import sys\nprint('warned on purpose', file=sys.stderr)"),
        nbformat.v4.new_code_cell("raise ValueError('failed on purpose')")]), path)
    with Voila(path) as app, chromium() as context:
        page = context.new_page()
        page.goto(app.url, timeout=120_000)
        page.wait_for_function("() => document.body.innerText.includes('failed on purpose')",
                               timeout=120_000)
        errors = output_errors(page)
    assert any("warned on purpose" in e for e in errors), errors
    assert any("ValueError" in e and "failed on purpose" in e for e in errors), errors
