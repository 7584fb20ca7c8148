"""Binder's whole session, as shipped (opt-in: DLFAQ_BINDER_SESSION=1; minutes of CPU).

The server configured exactly as Binder configures it: binder/postBuild run into a fresh
environment prefix (tests/route_support.py), JupyterLab started from that environment with
nothing of the project's but what postBuild installed, Binder's MEM_LIMIT, and the server and
kernels inside a 2 GB memory cgroup (mybinder.org's maximum; root needed). In one Lab, the
eight notebooks opened in order, Run All in each, nothing closed. Then: no kernel lost without
the learner being told (no OOM kill, no death but the memory guard's stops), every notebook
completed, and every notebook the guard stopped tells the learner at their next cell there.
Records build/browser.json "sessions" -> "binder-2048MB".

    DLFAQ_BINDER_SESSION=1 nice -n 10 .venv/bin/python -m pytest -q -m browser \\
        tests/test_binder_session.py
"""

from __future__ import annotations

import contextlib
import os
import re
import time

import pytest
from browser_support import (
    ARTIFACTS,
    JupyterLab,
    chromium,
    dismiss_dialogs,
    finished,
    in_ci,
    kernel_memory_mb,
    open_notebook,
    record_session,
    require_browser,
    responsive,
    run_all_past_dialogs,
    run_first_code_cell,
)
from notebook_checks import NOTEBOOKS
from route_support import Prefix

pytestmark = pytest.mark.browser

LIMIT_MB = 2048
RUN_TIMEOUT_S = 900  # per notebook
FREEZE_S = 20


@pytest.mark.skipif(os.environ.get("DLFAQ_BINDER_SESSION") != "1",
                    reason="opt-in measurement (minutes): DLFAQ_BINDER_SESSION=1")
def test_binders_whole_session_as_shipped(tmp_path):
    require_browser()
    prefix = Prefix(tmp_path / "srv" / "conda" / "envs" / "notebook")
    prefix.run("bash binder/postBuild", env={"NB_PYTHON_PREFIX": str(prefix.path)})
    mem_limit = {"MEM_LIMIT": str(LIMIT_MB * 2**20)}
    with JupyterLab(NOTEBOOKS, memory_limit_mb=LIMIT_MB, python=prefix.python,
                    project_settings=False, env=mem_limit) as server, chromium() as context, \
            contextlib.closing(context.new_page()) as page:
        if server.cgroup is None:
            if in_ci():
                pytest.fail(f"no {LIMIT_MB} MB cgroup: {server.no_cgroup}")
            pytest.skip(f"no {LIMIT_MB} MB cgroup: {server.no_cgroup}")
        in_force = server.api("GET", "/dlfaq/settings-in-force")
        assert in_force["kernel_manager_class"].endswith("MemoryGuardKernelManager")
        assert abs(in_force["memory_guard"]["limit_mb"] - LIMIT_MB) < 1
        page.goto(server.lab_url("dlfaq-binder-session"))
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                               timeout=90_000)
        dialogs, widgets, runs, errors, slowest = [], {}, {}, {}, 0.0
        for path in NOTEBOOKS:  # in order, nothing closed: a learner
            widgets[path.name] = open_notebook(page, path.name)
            run_all_past_dialogs(page, widgets[path.name], dialogs)
            started = time.perf_counter()
            while (nb := finished(page, widgets[path.name])) is None:
                dismiss_dialogs(page, dialogs)
                slowest = max(slowest, responsive(page, server))
                assert time.perf_counter() - started < RUN_TIMEOUT_S, f"{path.name} never ended"
                time.sleep(1)
            runs[path.name] = round(time.perf_counter() - started, 1)
            errors[path.name] = [o["ename"] for c in nb["cells"] if c["cell_type"] == "code"
                                 for o in c["outputs"] if o["output_type"] == "error"]
        page.screenshot(path=str(ARTIFACTS / "binder_session_end.png"))
        log = server.log.read_text(errors="replace")
        stopped = sorted(set(re.findall(r"Memory guard: .*stopping the idle kernel (\S+)", log)))
        paths = {s["kernel"]["id"]: s["path"] for s in server.api("GET", "/api/sessions")}
        told = {}
        for kernel_id in stopped:
            name = paths[kernel_id].rsplit("/", 1)[-1]
            told[name] = "was stopped at" in run_first_code_cell(page, widgets[name])
        untold = [s for s in server.kernel_deaths() if "Memory guard" not in s]
        oom_kills = server.cgroup.oom_kills()  # read before the cgroup goes with the server
        record_session(f"binder-{LIMIT_MB}MB", {
            "limit_mb": LIMIT_MB, "notebooks": [p.name for p in NOTEBOOKS],
            "layout": "binder/postBuild into a fresh prefix, MEM_LIMIT, python -m jupyterlab",
            "peak_mb": server.cgroup.peak_mb(), "oom_kills": oom_kills, "errors": errors,
            "kernels_stopped_by_the_guard": len(stopped), "told": told, "dialogs": dialogs,
            "untold_deaths": untold, "slowest_answer_s": round(slowest, 1), "run_all_s": runs,
            "kernels_anon_mb": kernel_memory_mb(server)})
    assert oom_kills == 0, "the OOM killer struck: the guard acted too late"
    assert not untold, f"kernels lost without the learner being told: {untold}"
    assert all(told.values()), f"stopped, told at the next cell: {told}"
    assert not any(errors.values()), errors
    assert slowest < FREEZE_S, f"the session froze for {slowest:.0f} s"
