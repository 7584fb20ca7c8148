"""`make bench` smoke test: tools/bench.py --quick runs end to end on tiny settings (a generated
one-cell notebook, few explorer updates, tiny models) and writes the JSON and Markdown the
README's table comes from, with every required key and sensible values. The real benchmark is
not part of `make test`."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load_bench():
    spec = importlib.util.spec_from_file_location("dlfaq_bench", ROOT / "tools" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    """One `bench.py --quick` run: (report dict, markdown text)."""
    tmp = tmp_path_factory.mktemp("bench")
    notebook = tmp / "tiny.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("total = sum(range(10))\nprint(total)")]), notebook)
    browser = tmp / "browser.json"
    browser.write_text(json.dumps({"explorers": {
        "01_one_neuron:logistic_explorer": {"browser_ms_median": 123.0},
        "app:pooling_explorer": {"browser_ms_median": 45.0},
        "99_gone:pooling_explorer": {"browser_ms_median": 999.0}}}))
    out = tmp / "out"
    # In this process: the data sets and imports other tests loaded are reused (the notebook
    # still runs in a fresh kernel, the default thread count is read in a fresh process).
    assert bench.main(["--quick", "--notebooks", str(notebook), "--out", str(out),
                       "--browser", str(browser), "--default-threads", "2"]) == 0
    return json.loads((out / "bench.json").read_text()), (out / "bench.md").read_text()


def test_quick_bench_has_the_five_sections_and_a_judgement_of_each_target(quick_run):
    report, _ = quick_run
    assert {"notebooks", "explorers", "models", "threads", "machine"} <= set(report)
    machine = report["machine"]
    assert machine["cpus"] >= 1 and machine["quick"] is True
    for key in ("python", "torch", "numpy"):
        assert isinstance(machine[key], str) and machine[key][0].isdigit()
    assert report["targets"], "targets are judged"
    assert all(isinstance(t["met"], bool) and t["measured"] for t in report["targets"].values())


def test_quick_bench_times_the_notebook_and_its_kernel_memory(quick_run):
    report, _ = quick_run
    assert set(report["notebooks"]) == {"tiny.ipynb"}
    entry = report["notebooks"]["tiny.ipynb"]
    assert 0 < entry["seconds"] < 60
    assert 10 < entry["peak_rss_mb"] < 1500, "a one-cell kernel takes tens of MB"


def test_quick_bench_times_every_explorer_of_the_series(quick_run):
    report, _ = quick_run
    explorers = report["explorers"]
    covered = {entry["function"] for entry in explorers.values()}
    missing = set(bench.public_explorers()) - covered
    assert not missing, f"add a case for {sorted(missing)} to explorer_cases in tools/bench.py"
    for name, entry in explorers.items():
        for scenario in ("default", "heaviest"):
            timing = entry[scenario]
            assert timing["updates"] >= 2, name
            assert 0 < timing["kernel_ms_median"] <= timing["kernel_ms_p90"] < 60_000, name
        assert entry["kernel_ms_median"] == entry["default"]["kernel_ms_median"]
        assert entry["kernel_ms_p90"] == entry["default"]["kernel_ms_p90"]
        assert "browser_ms_median" in entry


def test_browser_round_trips_map_onto_the_explorers(quick_run):
    explorers = quick_run[0]["explorers"]
    assert explorers["01 logistic unit"]["browser_ms_median"] == 123.0
    assert explorers["01 logistic unit"]["browser_key"] == "01_one_neuron:logistic_explorer"
    # no timing in its notebook: the app's; a notebook that no longer exists is ignored
    assert explorers["05 pooling"]["browser_ms_median"] == 45.0
    assert explorers["03 gradient explorer"]["browser_ms_median"] is None


def test_quick_bench_trains_every_model_on_both_data_sets(quick_run):
    models = quick_run[0]["models"]
    assert set(models) == {"mnist1d", "digits"}
    for dataset, rows in models.items():
        assert {"MLP (raw)", "ConvNet (raw)", "logistic regression (raw)"} <= set(rows), dataset
        for name, row in rows.items():
            assert 0.0 <= row["test_accuracy"] <= 1.0, (dataset, name)
            assert 0.0 <= row["train_seconds"] < 300, (dataset, name)
    table_04 = [name for name, row in models["digits"].items() if row["notebook"] == "04"]
    from dlfaq import tricks

    assert len(table_04) == len(tricks.CONFIGURATIONS), "one row per row of notebook 04's table"
    # a 10-class problem: even the tiny smoke-test models beat chance on the digits
    assert models["digits"]["logistic regression (raw)"]["test_accuracy"] > 0.5


def test_quick_bench_times_the_convnet_step_with_one_and_default_threads(quick_run):
    threads = quick_run[0]["threads"]
    assert threads["default_threads"] == 2
    assert 0 < threads["one_thread_ms"] < 10_000
    assert 0 < threads["default_threads_ms"] < 10_000


def test_markdown_table_has_every_section_and_escapes_pipes(quick_run):
    _, text = quick_run
    for header in ("| notebook |", "| explorer |", "| data |", "| target |", "training step"):
        assert header in text
    assert "\\|FFT\\|" in text, "a '|' inside a cell is escaped"
    assert "tiny.ipynb" in text


def test_notebook04_settings_reads_the_table_call(tmp_path):
    path = tmp_path / "04_tricks.ipynb"
    code = ("STEPS = 200\nDEPTH, WIDTH = 20, 16\n"
            "sweep = tricks.compare(['ReLU, He init'], d, depth=10, steps=50)\n"
            "rows = tricks.compare(data=d, depth=DEPTH, width=WIDTH, steps=STEPS, lr=LR,\n"
            "                      progress=True, device=config.device)\n")
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)]), path)
    # the table is the call over every configuration; unknown names (LR) are left out
    assert bench.notebook04_settings(path) == {"depth": 20, "width": 16, "steps": 200}
    assert bench.notebook04_settings(tmp_path / "missing.ipynb") == {}
