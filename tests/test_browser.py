"""Every notebook, run in JupyterLab in headless Chromium, as a reader would run it.

nbval checks that the code runs in a kernel; it cannot see a widget that renders as
"Error displaying widget" or a figure that never updates. Here one JupyterLab server (random
port and token, isolated dirs, on copies of the notebooks with their outputs cleared) serves every
notebooks/NN_*.ipynb in turn: open it, menu "Run" > "Run All Cells", wait until every code cell
has run and the kernel is idle, then check that nothing failed, every widget rendered, and every
interactive figure changes its pixels when one of its controls moves. The round trip from a
keypress on a slider to new pixels is written to build/browser.json; screenshots go to
build/browser/<notebook>/.
"""

from __future__ import annotations

import json
import re
import time

import pytest
from browser_support import (
    ARTIFACTS,
    FIGURE_CANVAS,
    PAGE_HELPERS,
    JupyterLab,
    chromium,
    exercise_explorer,
    record_timings,
    require_browser,
    widget_problems,
)
from notebook_checks import NOTEBOOKS

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")]

RUN_TIMEOUT_S = 900  # per notebook; all of them together execute in a few minutes


@pytest.fixture(scope="module")
def lab():
    """One JupyterLab and one browser page for every notebook (Lab loads once: ~10 s saved
    per notebook); each test opens its notebook in that page and closes it afterwards."""
    require_browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with JupyterLab(NOTEBOOKS) as server, chromium() as context:
        context.add_init_script(f"({PAGE_HELPERS})()")
        page = context.new_page()
        page.goto(server.lab_url("dlfaq-browser-test"))
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                               timeout=90_000)
        page.evaluate("() => window.jupyterapp.started")
        page.locator("#jp-main-dock-panel").wait_for(state="visible", timeout=60_000)
        yield server, page


def open_notebook(page, name: str):
    page.evaluate("n => window.jupyterapp.commands.execute('docmanager:open', {path: n})", name)
    page.wait_for_function(
        "n => { const w = window.jupyterapp.shell.currentWidget;"
        "       return w && w.context && w.context.path === n; }", arg=name, timeout=60_000)
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=60_000)


def close_notebook(page):
    """Close the notebook tab without the "save changes?" dialog (it is a temporary copy)."""
    page.evaluate("() => { const w = window.jupyterapp.shell.currentWidget;"
                  "        if (w && w.context) w.dispose(); }")


def notebook_json(page) -> dict:
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.toJSON()")


def kernel_state(page) -> str:
    return page.evaluate("""() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session &&
                  w.sessionContext.session.kernel;
        return k ? k.connectionStatus + '/' + k.status : 'none';
    }""")


def wait_for(predicate, timeout: float, what: str, poll: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def code_sources(nb: dict) -> list[str]:
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def run_all(page, stem: str):
    """Run > Run All Cells, then wait until every non-empty code cell has a count, kernel idle."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()

    def done():
        nb = notebook_json(page)
        cells = [c for c in nb["cells"] if c["cell_type"] == "code"
                 and "".join(c["source"]).strip()]
        finished = all(c.get("execution_count") for c in cells)
        return finished and kernel_state(page) == "connected/idle" and nb

    return wait_for(done, RUN_TIMEOUT_S, f"{stem} to run every cell")


def explorer_name(source: str, index: int) -> str:
    names = re.findall(r"(\w+_explorer)\s*\(", source)
    return names[-1] if names else f"figure{index}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_its_explorers_answer_in_the_browser(lab, path):
    server, page = lab
    stem, shots = path.stem, ARTIFACTS / path.stem
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("*.png"):
        old.unlink()
    timings, started = {}, time.perf_counter()
    console_errors = []

    def on_console(message):
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", on_console)
    try:
        open_notebook(page, path.name)
        wait_for(lambda: kernel_state(page) == "connected/idle", 90, "the kernel to start")
        opened = time.perf_counter()
        nb = run_all(page, stem)
        ran = time.perf_counter()

        errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
                  if o["output_type"] == "error"]
        assert not errors, f"{stem}: error output {errors[0].get('ename')}: {errors[0]['evalue']}"
        stderr = ["".join(o["text"]) for c in nb["cells"] if c["cell_type"] == "code"
                  for o in c["outputs"] if o["output_type"] == "stream" and o["name"] == "stderr"]
        assert not stderr, f"{stem}: a reader sees stderr output: {stderr[0][:500]}"

        wait_for(lambda: not widget_problems(page), 20, "every widget to render")
        page.screenshot(path=str(shots / "00-top.png"))

        # Screenshots of every cell that shows a figure or a widget, for a human to look at.
        cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        for i in range(cells.count()):
            cell = cells.nth(i)
            if cell.locator("img, canvas, .jupyter-widgets").count():
                cell.screenshot(path=str(shots / f"cell{i:02d}.png"))

        sources = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                   for c in nb["cells"]]
        outputs = page.locator(".jp-NotebookPanel .jp-OutputArea-output").filter(
            has=page.locator(FIGURE_CANVAS))
        expected = sum(
            1 for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]
            if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
            and re.search(r"(_explorer\s*\(|Explorer\s*\()", "".join(c["source"])))
        assert outputs.count() >= expected, (
            f"{stem}: {expected} explorer cells but {outputs.count()} ipympl figures on screen")
        seen = {}
        for k in range(outputs.count()):
            output = outputs.nth(k)
            cell_index = output.evaluate(
                "(e) => [...document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')]"
                ".indexOf(e.closest('.jp-Cell'))")
            name = explorer_name(sources[cell_index], k) if cell_index >= 0 else f"figure{k}"
            seen[name] = seen.get(name, 0) + 1
            key = f"{stem}:{name}" + (f"-{seen[name]}" if seen[name] > 1 else "")
            timings[key] = exercise_explorer(output, key, shots)
            timings[key]["cell"] = cell_index
        assert not widget_problems(page), f"{stem}: {widget_problems(page)}"
        summary = {"notebook": path.name, "open_s": round(opened - started, 1),
                   "run_all_s": round(ran - opened, 1),
                   "total_s": round(time.perf_counter() - started, 1),
                   "explorers": timings, "console_errors": console_errors[:20]}
        (shots / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    except BaseException:
        page.screenshot(path=str(shots / "failure.png"))
        raise
    finally:
        page.remove_listener("console", on_console)
        close_notebook(page)
        server.shutdown_kernels()
        if timings:
            record_timings(timings)
