"""`make bench`: measure what readers feel, in one run, and publish the table.

    python tools/bench.py [--quick] [--out build]

Writes build/bench.json and build/bench.md with five sections:
  notebooks  each notebook's execution wall seconds and its kernel's peak resident memory (MB),
             medians of 3 runs in a fresh kernel each
  explorers  kernel-side update time of every interactive explorer (median and p90 over >= 20
             updates) at default and heaviest settings, plus the browser round trip measured by
             the browser tests (build/browser.json) where available
  models     test accuracy and training seconds of notebook 06's comparison and notebook 04's
             table, per data set
  threads    the MNIST-1D ConvNet's training-step time with 1 thread and with torch's default
  machine    CPU count, Python, torch, numpy versions
It reports; it never fails on a missed target. `--quick` runs a tiny version (the smoke test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "series_seconds": 150, "notebook_seconds": 40, "explorer_default_ms": 60,
    "peak_rss_mb": 1500, "convnet_accuracy": 0.92, "convnet_train_seconds": 40,
}


# ---------------------------------------------------------------- notebooks
_RUN_ONE = r"""
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(nb, timeout=900, kernel_name="python3",
               resources={"metadata": {"path": sys.argv[2]}}).execute()
seconds = time.perf_counter() - start
# the kernel was this process's child: its peak RSS is the children's maximum (KiB on Linux)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak}))
"""


def bench_notebooks(paths, repeats: int) -> dict:
    results = {}
    for path in paths:
        runs = []
        for _ in range(repeats):
            out = subprocess.run([sys.executable, "-c", _RUN_ONE, str(path), str(path.parent)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        results[path.name] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
            "runs": len(runs),
        }
        print(f"  {path.name}: {results[path.name]['seconds']:.1f} s, "
              f"{results[path.name]['peak_rss_mb']:.0f} MB", flush=True)
    return results


# ---------------------------------------------------------------- explorers
def _time_updates(explorer, settings: list[dict], n: int) -> dict:
    explorer.fig.canvas.syncing_data_url = False  # as once a browser is connected
    times = []
    for i in range(n + 1):
        start = time.perf_counter()
        explorer.set(**settings[i % len(settings)])
        times.append(1000 * (time.perf_counter() - start))
    times = times[1:]  # the first update may build the blit background
    return {"kernel_ms_median": float(np.median(times)),
            "kernel_ms_p90": float(np.percentile(times, 90)), "updates": len(times)}


def _back_and_forth(name: str, values) -> list[dict]:
    """Settings that move one control through ``values`` and back, as a reader drags it."""
    values = list(values)
    return [{name: v} for v in values + values[-2:0:-1]]


def explorer_cases(quick: bool) -> dict:
    """name -> {"function", "notebook", "factory", "scenarios": [(label, base, cycle)]}.

    Each explorer is built as its notebook builds it. "default" moves the control a reader
    drags most, from the notebook's settings; "heaviest" first sets the most expensive
    settings (``base``), then moves a control whose every change recomputes everything.
    Every scenario starts from the explorer's initial settings. Extra scenarios are reported
    in the JSON only. ``quick``: a smaller hidden-layer explorer (each of its retraining
    updates trains a network).
    """
    from dlfaq import convnets, data, widgets

    X, y = data.make_2d("blobs", n_samples=200, noise=0.9, seed=0)
    digits = data.load_digits(seed=0)
    digit = digits["images_train"][0]
    edge = convnets.edge_kernels()["vertical edge"]
    n_lr = 4 if quick else 24  # more distinct rates than the explorer caches: each one retrains
    most_units, train_steps = (16, 200) if quick else (64, 1000)
    return {
        "01 logistic unit": {
            "function": "logistic_explorer", "notebook": "01",
            "factory": lambda: widgets.logistic_explorer(X, y, w=(1.0, 2.0), b=0.5),
            "scenarios": [
                ("default", {}, _back_and_forth("w1", np.round(np.linspace(0.5, 1.5, 6), 1))),
                # every control at once, through w = 0 (no boundary) and the slider ends
                ("heaviest", {}, [{"w1": a, "w2": b, "b": c} for a, b, c in
                                  zip(np.linspace(-5, 5, 11), np.linspace(5, -5, 11),
                                      np.linspace(-5, 5, 11), strict=True)]),
            ],
        },
        "02 hidden layer": {
            "function": "hidden_layer_explorer", "notebook": "02",
            "factory": lambda: widgets.hidden_layer_explorer("spirals", hidden=8, lr=1.0,
                                                             steps=train_steps),
            "scenarios": [
                ("default", {}, _back_and_forth("step", range(train_steps // 2,
                                                               train_steps + 1,
                                                               train_steps // 10))),
                # a retrain at the notebook's size (the sliders that retrain update on release)
                # (more distinct sizes than the explorer caches: every update trains)
                ("retrain", {}, [{"hidden": h} for h in range(2, 30) if h != 8]),
                ("heaviest", {"hidden": most_units},
                 [{"lr": float(v)} for v in 10 ** np.round(np.linspace(-1.5, 0.8, n_lr), 1)]),
            ],
        },
        "03 gradient explorer": {
            "function": "gradient_explorer", "notebook": "03",
            "factory": lambda: widgets.gradient_explorer(depth=10, width=32,
                                                         activation="sigmoid", init="default"),
            "scenarios": [
                ("default", {}, _back_and_forth("depth", range(6, 15))),
                # the widest, deepest net, every layer with batch norm and a residual branch
                ("heaviest", {"width": 128, "activation": "relu", "init": "he",
                              "batch_norm": True, "residual": True},
                 _back_and_forth("depth", range(45, 51))),
            ],
        },
        "04 gradient explorer (tricks)": {
            "function": "gradient_explorer", "notebook": "04",
            "factory": lambda: widgets.gradient_explorer(depth=30, width=32,
                                                         activation="sigmoid", init="xavier"),
            "scenarios": [
                ("default", {}, _back_and_forth("depth", range(26, 35))),
                # the tricks switched on (what each toggle costs), at the widest, deepest net
                ("heaviest", {"width": 128, "batch_norm": True, "residual": True},
                 _back_and_forth("depth", range(45, 51))),
            ],
        },
        "05 receptive field": {
            "function": "receptive_field_explorer", "notebook": "05",
            "factory": lambda: widgets.receptive_field_explorer(digit, row=1, col=3),
            "scenarios": [
                ("default", {}, _back_and_forth("col", range(6))),
                # the kernel size changes the feature map's shape on every update
                ("heaviest", {}, _back_and_forth("kernel_size", range(1, 9))),
            ],
        },
        "05 pooling": {
            "function": "pooling_explorer", "notebook": "05",
            "factory": lambda: widgets.pooling_explorer(digit, edge),
            "scenarios": [
                ("default", {}, _back_and_forth("shift", range(-3, 4))),
                ("heaviest", {}, [{"size": s, "mode": m} for s in (1, 2, 3, 4)
                                  for m in ("max", "average")]),
            ],
        },
    }


def public_explorers() -> list[str]:
    """Every ``*_explorer`` function of :mod:`dlfaq.widgets` (each must have a case here)."""
    from dlfaq import widgets

    return sorted(name for name in dir(widgets)
                  if name.endswith("_explorer") and not name.startswith("_")
                  and callable(getattr(widgets, name)))


def browser_timing(case: dict, browser: dict) -> tuple[float | None, str | None]:
    """The browser round trip of ``case`` from build/browser.json: the first explorer of its
    function in its notebook (key "<notebook stem>:<function>"), else in the explorers app
    ("app:<function>"). Keys of notebooks that no longer exist are ignored."""
    stems = [p.stem for p in sorted((ROOT / "notebooks").glob(f"{case['notebook']}_*.ipynb"))]
    for key in [f"{stem}:{case['function']}" for stem in stems] + [f"app:{case['function']}"]:
        median = browser.get(key, {}).get("browser_ms_median")
        if median is not None:
            return float(median), key
    return None, None


def bench_explorers(quick: bool, browser: dict) -> dict:
    results = {}
    n = 2 if quick else 20
    for name, case in explorer_cases(quick).items():
        explorer = case["factory"]()
        initial = explorer.values()
        entry = {"function": case["function"], "notebook": case["notebook"]}
        for label, base, cycle in case["scenarios"]:
            if quick and label not in ("default", "heaviest"):
                continue
            explorer.set(**{**initial, **base})
            entry[label] = {"settings": {**explorer.values(), **cycle[0]},
                            "varied": sorted({k for c in cycle for k in c}),
                            **_time_updates(explorer, cycle, n)}
        entry["kernel_ms_median"] = entry["default"]["kernel_ms_median"]
        entry["kernel_ms_p90"] = entry["default"]["kernel_ms_p90"]
        entry["browser_ms_median"], entry["browser_key"] = browser_timing(case, browser)
        results[name] = entry
        heavy = entry.get("heaviest", entry["default"])
        print(f"  {name}: {entry['kernel_ms_median']:.0f} ms median (default), "
              f"{heavy['kernel_ms_median']:.0f} ms (heaviest)", flush=True)
    return results


# ---------------------------------------------------------------- models and threads
def _literal(node, names: dict):
    """The value of an AST expression made of literals and names bound to literals."""
    import ast

    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    return ast.literal_eval(node)


def notebook04_settings(path: Path | None = None) -> dict:
    """The keyword arguments notebook 04 passes to ``tricks.compare`` for its table.

    Read from the notebook's code (the first call without a configuration list, else the
    first call): literal arguments and names assigned literals; ``data``, ``progress`` and
    ``device`` are the benchmark's. Returns {} (the defaults) when there is no notebook 04.
    ``path``: the notebook (default: notebooks/04_*.ipynb).
    """
    import ast

    paths = [path] if path is not None else sorted((ROOT / "notebooks").glob("04_*.ipynb"))
    if not paths or not paths[0].exists():
        return {}
    nb = json.loads(paths[0].read_text())
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    try:
        tree = ast.parse("\n".join(line for line in code.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return {}
    names, calls = {}, []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                continue
            if isinstance(target, ast.Name):
                names[target.id] = value
            elif (isinstance(target, ast.Tuple) and isinstance(value, tuple)
                  and len(target.elts) == len(value)):  # DEPTH, WIDTH = 30, 32
                names.update({t.id: v for t, v in zip(target.elts, value, strict=True)
                              if isinstance(t, ast.Name)})
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "compare" and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "tricks"):
            calls.append(node)
    if not calls:
        return {}
    calls.sort(key=lambda c: (c.lineno, c.col_offset))

    def configurations(call):
        arg = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "configurations"), None)
        return arg

    call = next((c for c in calls if configurations(c) is None or (
        isinstance(configurations(c), ast.Constant) and configurations(c).value is None)),
        calls[0])
    settings = {}
    for keyword in call.keywords:
        if keyword.arg in (None, "data", "progress", "device"):
            continue
        try:
            settings[keyword.arg] = _literal(keyword.value, names)
        except (ValueError, SyntaxError, TypeError):
            pass
    if configurations(call) is not None and "configurations" not in settings:
        try:
            settings["configurations"] = _literal(configurations(call), names)
        except (ValueError, SyntaxError, TypeError):
            pass
    return settings


def bench_models(quick: bool) -> dict:
    """{data set: {row name: {test_accuracy, train_seconds, notebook, ...}}}: every row of
    notebook 06's comparison (``baselines.compare``) per data set, and notebook 04's table
    (``tricks.compare`` on the digits, as the notebook calls it)."""
    from dlfaq import baselines, data, tricks

    results = {}
    for dataset in baselines.DATASETS:
        rows = baselines.compare(dataset, quick=quick, seed=0, progress=False, device="cpu")
        results[dataset] = {f"{r['model']} ({r['features']})": {
            "test_accuracy": float(r["test_accuracy"]), "train_seconds": float(r["train_seconds"]),
            "notebook": "06"} for r in rows}
        for name, row in results[dataset].items():
            print(f"  {dataset} {name}: {row['test_accuracy']:.1%} in "
                  f"{row['train_seconds']:.1f} s", flush=True)
    settings = ({"depth": 3, "width": 8, "steps": 5, "pretrain_steps": 2, "n_grad": 16}
                if quick else notebook04_settings())
    rows = tricks.compare(data=data.load_digits(), progress=False, device="cpu", **settings)
    for r in rows:
        name = f"{r['depth']}-layer MLP: {r['configuration']}"
        results["digits"][name] = {
            "test_accuracy": float(r["test_accuracy"]), "train_seconds": float(r["seconds"]),
            "train_loss": float(r["train_loss"]), "notebook": "04",
            "settings": {k: v for k, v in settings.items() if k != "configurations"}}
        print(f"  digits {name}: {r['test_accuracy']:.1%} in {r['seconds']:.1f} s", flush=True)
    return results


def bench_threads(quick: bool, default_threads: int) -> dict:
    """Training-step time of notebook 06's MNIST-1D ConvNet (its recipe, train.fit's loop),
    median over steps, with 1 thread and with torch's default thread count."""
    import torch

    from dlfaq import baselines, train

    split = baselines.load("mnist1d")
    recipe = dict(baselines.RECIPES[("mnist1d", "ConvNet")])
    recipe["steps"] = 8 if quick else 300
    before = torch.get_num_threads()
    result = {"default_threads": default_threads, "steps": recipe["steps"],
              "batch_size": recipe["batch_size"]}
    try:
        for label, threads in (("one_thread_ms", 1), ("default_threads_ms", default_threads)):
            torch.set_num_threads(threads)
            model = baselines.deep_model("mnist1d", "ConvNet", split["X_train"].shape[1], 0)
            stamps = []
            train.fit(model, split["X_train"], split["y_train"], progress=False, seed=0,
                      callback=lambda *_, stamps=stamps: stamps.append(time.perf_counter()),
                      **recipe)
            steps_ms = 1000 * np.diff(stamps)[len(stamps) // 10:]  # after a warm-up tenth
            result[label] = float(np.median(steps_ms))
    finally:
        torch.set_num_threads(before)
    result["speed_up_of_one_thread"] = result["default_threads_ms"] / result["one_thread_ms"]
    print(f"  ConvNet1D step: {result['one_thread_ms']:.1f} ms (1 thread), "
          f"{result['default_threads_ms']:.1f} ms ({default_threads} threads)", flush=True)
    return result


# ---------------------------------------------------------------- report
def machine() -> dict:
    import torch

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "torch": torch.__version__, "numpy": np.__version__,
            "platform": platform.platform(), "processor": _cpu_model(),
            "date": dt.date.today().isoformat(),
            "load_average_at_start": round(os.getloadavg()[0], 2)}


def _cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo on Linux; platform.processor() elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cell(text) -> str:
    """Text for a Markdown table cell (a "|" would end the cell: "|FFT|")."""
    return str(text).replace("|", "\\|")


def _ms(entry: dict | None) -> str:
    return "" if not entry else f"{entry['kernel_ms_median']:.0f} / {entry['kernel_ms_p90']:.0f}"


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"Measured {m['date']} on {m['cpus']} CPUs ({m['processor']}), Python "
             f"{m['python']}, torch {m['torch']}, numpy {m['numpy']}, CPU only, by `make bench`"
             f"{' --quick (smoke-test sizes: not the lesson numbers)' if m.get('quick') else ''}."
             f" Load average {m['load_average_at_start']:.1f} at the start, "
             f"{m.get('load_average_at_end', float('nan')):.1f} at the end.", ""]
    nbs = report["notebooks"]
    if nbs:
        total = sum(v["seconds"] for v in nbs.values())
        runs = max(v["runs"] for v in nbs.values())
        lines += [f"Notebooks, executed in a fresh kernel (median of {runs}):", "",
                  "| notebook | seconds | peak memory (MB) |", "|---|---:|---:|"]
        lines += [f"| {_cell(k)} | {v['seconds']:.1f} | {v['peak_rss_mb']:.0f} |"
                  for k, v in nbs.items()]
        lines += [f"| **whole series** | **{total:.1f}** | |", ""]
    if report["explorers"]:
        n = max(v["default"]["updates"] for v in report["explorers"].values())
        lines += [f"Explorers, kernel-side time of one update (ms, median / 90th percentile of "
                  f"{n} updates), and the browser round trip (keydown to new pixels, headless "
                  "Chromium, from `make browser`; \"(app)\": measured in the explorers app, "
                  "notebooks/apps/explorers.ipynb):", "",
                  "| explorer | default | heaviest | heaviest settings | browser |",
                  "|---|---:|---:|---|---:|"]
        for k, v in report["explorers"].items():
            heavy = v.get("heaviest")
            where = ""
            if heavy:
                fixed = {a: b for a, b in heavy["settings"].items() if a not in heavy["varied"]}
                where = ", ".join([f"{a}={b}" for a, b in fixed.items()]
                                  + [f"moving {', '.join(heavy['varied'])}"])
            browser = v.get("browser_ms_median")
            browser = ("" if browser is None else f"{browser:.0f}" + (
                " (app)" if str(v.get("browser_key")).startswith("app:") else ""))
            lines.append(f"| {_cell(k)} | {_ms(v['default'])} | {_ms(heavy)} | {_cell(where)} | "
                         f"{browser} |")
        lines.append("")
    if report["models"]:
        lines += ["Models, one run each (seed 0), CPU:", "",
                  "| data | notebook | model (inputs) | test accuracy | training seconds |",
                  "|---|---|---|---:|---:|"]
        for dataset, rows in report["models"].items():
            for name, v in rows.items():
                lines.append(f"| {dataset} | {v.get('notebook', '')} | {_cell(name)} | "
                             f"{v['test_accuracy']:.1%} | {v['train_seconds']:.1f} |")
        lines.append("")
    if report["threads"]:
        t = report["threads"]
        lines += [f"MNIST-1D ConvNet training step (batch {t['batch_size']}, median of "
                  f"{t['steps']} steps): {t['one_thread_ms']:.1f} ms with 1 thread, "
                  f"{t['default_threads_ms']:.1f} ms with torch's default "
                  f"({t['default_threads']} threads).", ""]
    if report.get("notes"):
        lines += [f"Note: {note}" for note in report["notes"]] + [""]
    lines += ["| target | measured | |", "|---|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(v['measured'])} | {'met' if v['met'] else '**missed**'} |"
              for k, v in report["targets"].items()]
    lines.append("")
    return "\n".join(lines)


def check_targets(report: dict) -> dict:
    """{target: {"met": bool, "measured": text}} for the targets the report can judge."""
    met = {}
    nbs = report["notebooks"]
    if nbs:
        total = sum(v["seconds"] for v in nbs.values())
        slowest = max(nbs, key=lambda k: nbs[k]["seconds"])
        largest = max(nbs, key=lambda k: nbs[k]["peak_rss_mb"])
        cpus = report["machine"]["cpus"]
        met[f"whole series under {TARGETS['series_seconds']} s (on 2 cores)"] = {
            "met": total < TARGETS["series_seconds"],
            "measured": f"{total:.0f} s on {cpus} CPUs"}
        met[f"every notebook under {TARGETS['notebook_seconds']} s"] = {
            "met": nbs[slowest]["seconds"] < TARGETS["notebook_seconds"],
            "measured": f"slowest {slowest}: {nbs[slowest]['seconds']:.0f} s"}
        met["peak memory per notebook under 1.5 GB"] = {
            "met": nbs[largest]["peak_rss_mb"] < TARGETS["peak_rss_mb"],
            "measured": f"largest {largest}: {nbs[largest]['peak_rss_mb']:.0f} MB"}
    explorers = report["explorers"]
    if explorers:
        slowest = max(explorers, key=lambda k: explorers[k]["kernel_ms_median"])
        met[f"explorer updates under {TARGETS['explorer_default_ms']} ms (default settings)"] = {
            "met": explorers[slowest]["kernel_ms_median"] < TARGETS["explorer_default_ms"],
            "measured": f"slowest {slowest}: {explorers[slowest]['kernel_ms_median']:.0f} ms"}
    convnet = report["models"].get("mnist1d", {}).get("ConvNet (raw)")
    if convnet:
        met[f"MNIST-1D ConvNet >= {TARGETS['convnet_accuracy']:.0%} in "
            f"<= {TARGETS['convnet_train_seconds']} s"] = {
            "met": (convnet["test_accuracy"] >= TARGETS["convnet_accuracy"]
                    and convnet["train_seconds"] <= TARGETS["convnet_train_seconds"]),
            "measured": f"{convnet['test_accuracy']:.1%} in {convnet['train_seconds']:.0f} s"}
    threads = report["threads"]
    if threads:
        met["one thread at least as fast as torch's default"] = {
            "met": threads["one_thread_ms"] <= threads["default_threads_ms"],
            "measured": f"{threads['one_thread_ms']:.1f} vs {threads['default_threads_ms']:.1f} "
                        f"ms per step"}
    return met


def torch_default_threads() -> int:
    """The thread count torch picks by itself (read in a fresh process where this one may have
    set it already: dlfaq.setup() sets 1)."""
    if "torch" not in sys.modules:
        import torch

        return torch.get_num_threads()
    out = subprocess.run([sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny settings: a smoke test")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--notebooks", nargs="*", type=Path, default=None,
                        help="notebooks to execute (default: notebooks/NN_*.ipynb)")
    parser.add_argument("--browser", type=Path, default=ROOT / "build" / "browser.json",
                        help="browser round trips written by the browser tests")
    parser.add_argument("--default-threads", type=int, default=None,
                        help="the thread count compared with 1 (default: torch's own default)")
    args = parser.parse_args(argv)

    default_threads = args.default_threads or torch_default_threads()  # before setup()
    import dlfaq

    dlfaq.setup(verbose=False, device="cpu")
    args.out.mkdir(parents=True, exist_ok=True)
    browser = json.loads(args.browser.read_text()).get("explorers", {}) if (
        args.browser.exists()) else {}
    paths = args.notebooks if args.notebooks is not None else sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    report = {"machine": {**machine(), "quick": args.quick,
                          "threads_compared_with_one": default_threads}}
    sections = {
        "notebooks": lambda: bench_notebooks(paths, repeats=1 if args.quick else 3),
        "explorers": lambda: bench_explorers(args.quick, browser),
        "models": lambda: bench_models(args.quick),
        "threads": lambda: bench_threads(args.quick, default_threads),
    }
    report["machine"]["section_seconds"] = {}
    for name, run in sections.items():
        print(name, flush=True)
        start = time.perf_counter()
        report[name] = run()
        report["machine"]["section_seconds"][name] = round(time.perf_counter() - start, 1)
    covered = {v["function"] for v in report["explorers"].values()}
    missing = [name for name in public_explorers() if name not in covered]
    report["notes"] = ([f"not benchmarked (no case in tools/bench.py): {', '.join(missing)}"]
                       if missing else [])
    report["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    report["targets"] = check_targets(report)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.out / "bench.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
