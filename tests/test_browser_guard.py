"""When the memory guard stops a kernel, the learner is told in that notebook, in the browser.

One JupyterLab with jupyter/'s settings (the memory guard) and a session limit of 500 MB
(Binder's MEM_LIMIT), so small that a second kernel starting always needs the room of the
first: notebook A is run, left idle, then notebook B opened. Coming back to A, the learner runs
its first cell and reads there what happened, that their code is intact, and to run the
notebook again from the top; the next cell says nothing more.
"""

from __future__ import annotations

import contextlib
import json
import re
import time

import pytest
from browser_support import (
    ARTIFACTS,
    JupyterLab,
    chromium,
    dismiss_dialogs,
    finished,
    open_notebook,
    require_browser,
    run_all,
    run_first_code_cell,
    wait_for,
)

pytestmark = pytest.mark.browser


def _notebook(path, *sources):
    """A notebook whose first cell's input is folded away, as the series' Colab cell is."""
    cells = [{"cell_type": "code", "metadata": {"jupyter": {"source_hidden": i == 0}},
              "source": s, "outputs": [], "execution_count": None}
             for i, s in enumerate(sources)]
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    path.write_text(json.dumps({"cells": cells, "metadata": kernel, "nbformat": 4,
                                "nbformat_minor": 5}))
    return path


def test_a_learner_coming_back_to_a_stopped_notebook_is_told_why_and_what_to_do(
        tmp_path, monkeypatch):
    require_browser()
    a = _notebook(tmp_path / "a_first.ipynb", "x = 41", "x + 1")
    b = _notebook(tmp_path / "b_second.ipynb", "y = 1")
    monkeypatch.setenv("MEM_LIMIT", str(500 * 2**20))
    shots = ARTIFACTS / "memory_guard"
    shots.mkdir(parents=True, exist_ok=True)
    dialogs = []
    with JupyterLab([a, b]) as server, chromium() as context, \
            contextlib.closing(context.new_page()) as page:
        page.goto(server.lab_url("dlfaq-guard-test"))
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                               timeout=90_000)
        first = open_notebook(page, a.name)
        run_all(page, first)
        wait_for(lambda: finished(page, first), 60, "notebook A to run")
        time.sleep(6)  # idle for longer than the guard's min_idle_s (5 s)
        second = open_notebook(page, b.name)  # its start needs A's room
        log = server.log.read_text(errors="replace")
        stopped = re.findall(r"Memory guard: .*stopping the idle kernel (\S+)", log)
        assert len(stopped) == 1, log[-3000:]
        dismiss_dialogs(page, dialogs)
        told = run_first_code_cell(page, first)
        page.screenshot(path=str(shots / "told.png"))
        again = run_first_code_cell(page, first)
        dismiss_dialogs(page, dialogs)
    assert "This notebook was stopped at" in told and "to free memory" in told, told
    assert "Your code and your outputs are still here" in told
    assert "run this notebook again from the top (menu Run > Run All Cells)" in told
    assert "was stopped" not in again, "told once"
    assert second
