"""The standalone explorers page (`make app`: Voila on notebooks/apps/explorers.ipynb) in Chromium.

Voila is started the way `make app` starts it (127.0.0.1, no browser), on a random port; the page
must execute without errors, show every explorer, and each explorer's figure must change when
one of its controls moves. Round trips go to build/browser.json as "app:<explorer>".
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
    record_timings,
    require_browser,
    widget_problems,
)

APP = ROOT / "notebooks" / "apps" / "explorers.ipynb"

pytestmark = pytest.mark.browser


def explorer_names() -> list[str]:
    """The explorers the app shows, in order, read from its code cells."""
    nb = nbformat.read(APP, as_version=4)
    return [name for cell in nb.cells if cell.cell_type == "code"
            for name in re.findall(r"widgets\.(\w+_explorer)\s*\(", cell.source)[-1:]]


def test_app_notebook_is_committed_without_outputs():
    nb = nbformat.read(APP, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), (
        "Voila executes the app; commit it without outputs")
    assert "dlfaq.setup(" in code[0].source
    assert {"logistic_explorer", "gradient_explorer",
            "receptive_field_explorer"} <= set(explorer_names())


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
            text = page.locator("body").inner_text()
            assert "There was an error when executing" not in text
            assert "Traceback" not in text
            stderr = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
            assert stderr.count() == 0, stderr.first.inner_text()[:500]
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
