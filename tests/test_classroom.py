"""`make classroom`'s hub path, small: a real JupyterHub with its proxy, two students, a few
explorer updates and Run All of notebook 01 through REST and kernel websockets, then everything
stopped. Skipped where Node.js or npm is missing, except in CI (CI=true), where that fails."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tools.classroom import hub, load, report, run, starts

ROOT = Path(__file__).resolve().parents[1]

RAW = {"students": 2, "spawn_s": [3.0, 5.0], "trips": [50.0, 60.0, 70.0, 400.0],
       "floors": [5.0, 6.0, 7.0, 90.0],
       "memory": {"a": {"uss": 300.0, "rss": 450.0}, "b": {"uss": 320.0, "rss": 470.0}},
       "run_all": {"a": {"seconds": 20.0, "finished": True, "error": None},
                   "b": {"seconds": 30.0, "finished": False, "error": "timeout"}},
       "cpu": {"a": 9.0, "b": 4.0}, "stopped": True, "alive": [], "wall_s": 60.0}


def test_the_figures_have_exactly_the_promised_keys():
    figures = report.figures("6.1.1", [run.summarise(RAW)])
    assert set(figures) == {"hub_version", "machine", "runs"}
    assert set(figures["machine"]) == {"cores", "memory_gb"}
    assert isinstance(figures["machine"]["cores"], int)
    (r,) = figures["runs"]
    required = {"students", "spawn_s", "explorer_ms", "run_all_s", "memory_mb_per_student",
                "cpu_s_per_student"}
    assert set(r) == required | {"floor_ms"}, "the promised keys, and the floor beside them"
    assert set(r["spawn_s"]) == {"median", "max"} and set(r["explorer_ms"]) == {"median", "p90"}
    assert set(r["run_all_s"]) == {"median", "max", "finished"}
    assert set(r["floor_ms"]) == {"median", "p90"}
    kept = {key: value for key, value in r.items() if key != "floor_ms"}  # measured before it
    assert set(report.figures("6.1.1", [kept])["runs"][0]) == required


def test_class_starts_are_recorded_with_the_promised_keys_and_kept_out_of_deploy(tmp_path):
    measured = {"starts": 5, "students": 16, "kernels_lost": 1, "servers_lost": 0,
                "port_clashes": 1, "errors": ["start 2, start07: KernelError: ..."],
                "wall_s": 600.0, "alive": []}
    full = dict(RAW, memory={"a": {"uss": 300.0, "rss": 450.0}},
                trips=[50.0] * 4, run_all={"a": {"seconds": 20.0, "finished": True,
                                                 "error": None}}, cpu={"a": 9.0})
    figures = report.figures("6.1.1", [run.summarise(full)], measured)
    assert figures["class_starts"] == {"starts": 5, "students": 16, "kernels_lost": 1}
    deploy = tmp_path / "measured.json"
    report.write(tmp_path, figures, [full], {"class_starts": measured}, deploy)
    assert json.loads((tmp_path / "classroom.json").read_text())["class_starts"][
        "kernels_lost"] == 1
    assert set(json.loads(deploy.read_text())) == {"hub_version", "machine", "runs"}
    page = (tmp_path / "classroom.md").read_text()
    assert "5 starts of 16 students" in page and "1 kernels lost" in page
    assert "Address already in use" in page
    assert "class_starts" not in report.figures("6.1.1", [run.summarise(full)])


def test_class_starts_refuse_an_empty_class():
    with pytest.raises(ValueError, match="at least 1"):
        starts.class_starts(0, 3)
    with pytest.raises(ValueError, match="at least 1"):
        starts.class_starts(2, 0)


def test_the_class_hub_serves_jupyter_settings():
    """The students' servers of `make classroom` use jupyter/ (kernels on IPC sockets), as every
    deployment installs it: the class starts measure the settings a class gets."""
    assert '"JUPYTER_CONFIG_PATH": str(ROOT / "jupyter")' in Path(hub.__file__).read_text()


def test_summary_counts_only_finished_runs_and_takes_the_90th_percentile():
    r = run.summarise(RAW)
    assert r["run_all_s"] == {"median": 20.0, "max": 20.0, "finished": 1}
    assert r["cpu_s_per_student"] == 9.0  # the unfinished run's CPU is not one Run All's cost
    assert r["spawn_s"] == {"median": 4.0, "max": 5.0}
    assert r["explorer_ms"]["median"] == 65 and 70 < r["explorer_ms"]["p90"] <= 400
    assert r["floor_ms"]["median"] == 6.5 and 7 < r["floor_ms"]["p90"] <= 90
    assert r["memory_mb_per_student"] == 310


def test_a_failed_class_reports_no_figures_instead_of_made_up_ones(tmp_path):
    raw = {"students": 4, "spawned": 1, "spawn_s": [2.0], "stopped": True, "alive": [],
           "error": "RuntimeError: only 1 of 4 servers started"}
    r = run.summarise(raw)
    assert r["run_all_s"]["finished"] == 0 and r["memory_mb_per_student"] is None
    figures = report.figures("6.1.1", [r])
    deploy = tmp_path / "measured.json"
    report.write(tmp_path, figures, [raw], {}, deploy)
    assert "only 1 of 4" in (tmp_path / "classroom.md").read_text()
    assert not deploy.exists(), "an incomplete run must not replace deploy/'s figures"


def test_the_explorer_phase_opens_notebook_03_up_to_the_gradient_explorer():
    cells = load.explorer_cells()
    imports = next(c for c in cells if "import dlfaq" in c)
    assert "gradient_explorer(" in cells[-1] and cells.index(imports) < len(cells) - 1
    assert load.explorer_cells(quick=True) == [imports, cells[-1]]
    assert len(load.code_cells("06_usual_ml_vs_deep_learning.ipynb")) > 5


def _proxy_or_skip():
    why = hub.missing_tools()
    if why and shutil.which("npm") and shutil.which("node"):  # installed by its make rule
        subprocess.run(["make", "-s", str(hub.PROXY.relative_to(ROOT))], cwd=ROOT, check=True,
                       timeout=300)
        why = hub.missing_tools()
    if why:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the hub test: {why}")
        pytest.skip(f"no JupyterHub proxy here: {why}")


@pytest.mark.slow
def test_a_class_of_two_on_a_real_hub_and_everything_stopped():
    _proxy_or_skip()
    start = time.monotonic()
    raw = run.measure(2, "01_one_neuron.ipynb", updates=3, pace_s=1.0,
                      deadline=time.monotonic() + 400, quick=True, log=lambda *a: None)
    wall = time.monotonic() - start
    stages = ", ".join(f"{k} {v:.0f}" for k, v in raw.get("stages", {}).items())
    print(f"hub test: {wall:.0f} s (seconds from the start: {stages}), load average "
          f"{os.getloadavg()[0]:.1f}; {json.dumps(run.summarise(raw))}")
    assert "error" not in raw, raw.get("error")
    assert raw["spawned"] == 2 and all(s > 0 for s in raw["spawn_s"])
    assert len(raw["trips"]) == 2 * 3 and all(t > 0 for t in raw["trips"])
    assert len(raw["floors"]) == 2 * 3 and all(t > 0 for t in raw["floors"])
    assert len(raw["trips_with_floor"]) == 2 * 3
    assert raw["settle_cores"] >= 0
    assert all(r["finished"] for r in raw["run_all"].values()), raw["run_all"]
    assert all(c > 0 for c in raw["cpu"].values()), "the kernels' CPU time was read"
    assert all(m["uss"] > 50 for m in raw["memory"].values()), "a server and a kernel"
    assert raw["stopped"] and not raw["alive"]
    assert not [p for p in psutil.process_iter(["cmdline"])
                if "dlfaq-classroom-" in " ".join(p.info["cmdline"] or [])], "a hub is left"
