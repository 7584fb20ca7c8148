"""Driving JupyterLab in a page as a learner does: open a notebook, Run All from the menu, wait
until it has run, close it; accept the dialogs in the way. The page reaches the Lab through
``window.jupyterapp`` (the servers start with --LabApp.expose_app_in_browser)."""

from __future__ import annotations

import re
import time

from .page import js


def activate(page, widget_id: str):
    page.evaluate("id => window.jupyterapp.shell.activateById(id)", widget_id)
    page.wait_for_function("id => (window.jupyterapp.shell.currentWidget || {}).id === id",
                           arg=widget_id, timeout=30_000)


def open_notebook(page, name: str) -> str:
    """Open a notebook in a new tab, wait for its kernel; return the tab's widget id."""
    widget_id = page.evaluate(
        "async n => (await window.jupyterapp.commands.execute('docmanager:open', {path: n})).id",
        name)
    deadline = time.monotonic() + 120
    while page.evaluate(js("kernel_state"), widget_id) != "connected/idle":
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: the kernel did not start within 120 s")
        time.sleep(0.25)
    return widget_id


def run_all(page, widget_id: str):
    """Menu "Run" > "Run All Cells" in that tab."""
    activate(page, widget_id)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click()


def finished(page, widget_id: str) -> dict | None:
    """The notebook's JSON once every non-empty code cell has run (or one failed: Run All
    stops there) and the kernel is idle; None before."""
    nb = page.evaluate(js("notebook_json"), widget_id)
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip()]
    failed = any(o["output_type"] == "error" for c in cells for o in c["outputs"])
    if (failed or all(c.get("execution_count") for c in cells)) and \
            page.evaluate(js("kernel_state"), widget_id) == "connected/idle":
        return nb
    return None


def close_notebook(page, server, widget_id: str, name: str):
    """Close the tab without the "save changes?" dialog (a temporary copy), stop its kernel."""
    page.evaluate(js("close_tab"), widget_id)
    for session in server.api("GET", "/api/sessions"):
        if session.get("path", "").endswith(name):
            server.api("DELETE", f"/api/sessions/{session['id']}")


def source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def wait_for(predicate, timeout: float, what: str, poll: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def dismiss_dialogs(page, seen: list):
    """Read and accept any dialog, as a learner clicks OK; remember what it said."""
    dialogs = page.locator(".jp-Dialog")
    while dialogs.count():
        dialog = dialogs.first
        seen.append(dialog.inner_text(timeout=5_000))
        dialog.locator(".jp-Dialog-button.jp-mod-accept, .jp-Dialog-button").last.click(
            timeout=5_000)
        page.wait_for_timeout(200)


def run_all_past_dialogs(page, widget_id: str, dialogs: list):
    """Run All, first accepting any dialog in the way (a kernel stopped to make room)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        dismiss_dialogs(page, dialogs)
        try:
            activate(page, widget_id)
            page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click(
                timeout=5_000)
            page.locator(".lm-Menu-item", has_text=re.compile(r"^Run All Cells")).first.click(
                timeout=5_000)
            return
        except PlaywrightTimeout:
            dismiss_dialogs(page, dialogs)  # a dialog that came up meanwhile is read, not lost
            page.keyboard.press("Escape")
    raise AssertionError(f"could not Run All in {widget_id}: dialogs {dialogs}")


def responsive(page, server) -> float:
    """Seconds for the page and the server to answer one trivial request each."""
    started = time.perf_counter()
    page.evaluate("() => document.querySelectorAll('.jp-Notebook').length",)
    server.api("GET", "/api/status")
    return time.perf_counter() - started


def run_first_code_cell(page, widget_id: str, timeout: float = 60) -> str:
    """Come back to a notebook and run its first code cell alone (select it, Run > Run
    Selected Cell: its input may be folded away, as the series' Colab cell is), as a learner
    does; return the text of that cell's outputs once it has run (its count or its outputs
    changed: a restarted kernel counts from 1 again) and the kernel is idle."""
    activate(page, widget_id)
    old = _first_code_cell(page.evaluate(js("notebook_json"), widget_id))
    before = (old.get("execution_count"), old["outputs"])
    page.evaluate("""async id => {
        const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
        const cells = w.content.widgets;
        w.content.activeCellIndex = cells.findIndex(
            c => c.model.type === 'code' && c.model.sharedModel.getSource().trim());
        await window.jupyterapp.commands.execute('notebook:run-cell');
    }""", widget_id)

    def ran():
        cell = _first_code_cell(page.evaluate(js("notebook_json"), widget_id))
        now = (cell.get("execution_count"), cell["outputs"])
        idle = page.evaluate(js("kernel_state"), widget_id) == "connected/idle"
        return cell if now[0] and now != before and idle else None

    cell = wait_for(ran, timeout, f"the first cell of {widget_id} to run")
    return "".join(o.get("text", "") if isinstance(o.get("text", ""), str) else "".join(o["text"])
                   for o in cell["outputs"])


def _first_code_cell(nb: dict) -> dict:
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip())
