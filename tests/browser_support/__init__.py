"""Servers and a headless Chromium for the browser tests (test_browser.py, test_browser_png.py,
test_app.py).

Everything runs on 127.0.0.1 with a random free port, isolated Jupyter config/runtime/settings
dirs under a temp dir, and is stopped by PID (the server, then any kernel it left behind)
whatever happens. Chromium is Debian's (`/usr/bin/chromium`; `.ci/run` installs it); Playwright's
own browser download is not used. Without Chromium the tests skip, except in CI (`CI=true`),
where a missing browser is a failure.

- :mod:`.servers`: JupyterLab and Voila servers, stopped by PID; kernels' memory.
- :mod:`.cgroup`: a memory cgroup a server and its kernels run in.
- :mod:`.page`: Chromium, the JavaScript the tests inject (``js/*.js``) and reading a figure's
  pixels from the page.
- :mod:`.lab`: driving JupyterLab in a page: open a notebook, Run All, wait, close.
- :mod:`.explorers`: moving an explorer's controls and timing its figure's answer.
- :mod:`.records`: build/browser.json, what the runs measured.
"""

from .cgroup import MemoryCgroup
from .explorers import CONTROL_KINDS, exercise_explorer, nudge
from .lab import (
    activate,
    close_notebook,
    dismiss_dialogs,
    finished,
    open_notebook,
    responsive,
    run_all,
    run_all_past_dialogs,
    run_first_code_cell,
    source,
    wait_for,
)
from .page import (
    CONSOLE_ALLOWED,
    FIGURE_CANVAS,
    STDERR,
    chromium,
    console_errors,
    in_ci,
    js,
    output_errors,
    require_browser,
    unexpected_console_errors,
    wait_for_change,
    wait_for_ink,
    wait_until_settled,
    widget_problems,
)
from .records import ARTIFACTS, record_session, record_timings
from .servers import ROOT, JupyterLab, Voila, kernel_memory_mb

__all__ = [
    "ARTIFACTS", "CONSOLE_ALLOWED", "CONTROL_KINDS", "FIGURE_CANVAS", "JupyterLab", "MemoryCgroup",
    "ROOT", "STDERR", "Voila", "activate", "chromium", "close_notebook", "console_errors",
    "dismiss_dialogs", "exercise_explorer", "finished", "in_ci", "js", "kernel_memory_mb", "nudge",
    "open_notebook", "output_errors", "record_session", "record_timings", "require_browser",
    "responsive", "run_all", "run_all_past_dialogs", "run_first_code_cell", "source",
    "unexpected_console_errors",
    "wait_for", "wait_for_change", "wait_for_ink", "wait_until_settled", "widget_problems",
]
