"""The machine's description, the targets judged, and build/bench.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path

import numpy as np

# Times in yardsticks (Y, see tools/bench/yardstick.py); memory in MB; explorer updates in ms
# (a reader feels milliseconds, whatever the machine).
TARGETS = {"series_y": 30, "notebook_y": 8, "first_notebook_y": 3, "peak_rss_mb": 1500,
           "explorer_default_ms": 60, "convnet_accuracy": 0.93, "convnet_train_y": 3}


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
            if line.lower().startswith(("model name", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _cell(text) -> str:
    """Text for a Markdown table cell (a "|" would end the cell: "|FFT|")."""
    return str(text).replace("|", "\\|")


def _ms(entry: dict | None) -> str:
    return "" if not entry else f"{entry['kernel_ms_median']:.0f} / {entry['kernel_ms_p90']:.0f}"


def _mb(value) -> str:
    return "" if value is None else f"{value:.0f}"


def _header(report: dict) -> list[str]:
    m = report["machine"]
    y = report["yardstick"]
    end = report.get("yardstick_end")
    return [f"Measured {m['date']} on {m['cpus']} CPUs ({m['processor']}), Python "
            f"{m['python']}, torch {m['torch']}, numpy {m['numpy']}, CPU only, by `make bench`"
            f"{' --quick (smoke-test sizes: not the lesson numbers)' if m.get('quick') else ''}."
            f" Load average {m['load_average_at_start']:.1f} at the start, "
            f"{m.get('load_average_at_end', float('nan')):.1f} at the end.", "",
            f"Yardstick (1 Y): {y['yardstick_s']:.2f} s, the median of {y['runs']} runs of "
            f"{y['steps']} LeNet-5 training steps on one thread"
            + (f" (wall time {y['wall_per_cpu']:.1f}x its CPU time)" if "wall_per_cpu" in y
               else "")
            + (f"; {end['yardstick_s']:.2f} s measured again at the end" if end else "")
            + ". Every time below is also given in Y (seconds / yardstick), to compare "
            "machines of different speed; heavy load slows the yardstick more than the "
            "notebooks, so compare runs made at similar load.", ""]


def _notebook_lines(nbs: dict) -> list[str]:
    total = sum(v["seconds"] for v in nbs.values())
    total_y = sum(v["seconds_y"] for v in nbs.values())
    runs = max(v["runs"] for v in nbs.values())
    lines = [f"Notebooks, Run All in a fresh kernel (median of {runs}); kernel start and the "
             "first cell (imports and `dlfaq.setup()`) are part of the total; memory of the "
             "kernel: peak resident, and anonymous (RssAnon) after the last cell:", "",
             "| notebook | seconds | Y | kernel start (Y) | imports (Y) | peak MB | "
             "anon MB |", "|---|---:|---:|---:|---:|---:|---:|"]
    lines += [f"| {_cell(k)} | {v['seconds']:.1f} | {v['seconds_y']:.1f} | "
              f"{v['kernel_start_seconds_y']:.2f} | {v['import_seconds_y']:.2f} | "
              f"{_mb(v['peak_rss_mb'])} | {_mb(v['anon_mb'])} |" for k, v in nbs.items()]
    anon = [v["anon_mb"] for v in nbs.values() if v["anon_mb"] is not None]
    lines += [f"| **whole series** | **{total:.1f}** | **{total_y:.1f}** | | | | "
              f"{f'{sum(anon):.0f} (all open)' if anon else ''} |", "",
              "Where the time goes: the slowest cells of each notebook (median seconds):", "",
              "| notebook | cell | first line | seconds | Y |", "|---|---:|---|---:|---:|"]
    for k, v in nbs.items():
        for c in v["slowest_cells"][:3]:
            lines.append(f"| {_cell(k)} | {c['index']} | `{_cell(c['first_line'])}` | "
                         f"{c['seconds']:.1f} | {c['seconds_y']:.2f} |")
    return lines + [""]


def _explorer_lines(explorers: dict) -> list[str]:
    n = max(v["default"]["updates"] for v in explorers.values())
    lines = [f"Explorers, kernel-side time of one update (ms, median / 90th percentile of {n} "
             "updates), and the browser round trip (keydown to new pixels, headless Chromium, "
             "from `make browser`; \"(app)\": measured in the explorers app, "
             "notebooks/apps/explorers.ipynb):", "",
             "| explorer | default | default (mY) | heaviest | heaviest settings | browser |",
             "|---|---:|---:|---:|---|---:|"]
    for k, v in explorers.items():
        heavy = v.get("heaviest")
        where = ""
        if heavy:
            fixed = {a: b for a, b in heavy["settings"].items() if a not in heavy["varied"]}
            where = ", ".join([f"{a}={b}" for a, b in fixed.items()]
                              + [f"moving {', '.join(heavy['varied'])}"])
        browser = v.get("browser_ms_median")
        browser = ("" if browser is None else f"{browser:.0f}" + (
            " (app)" if str(v.get("browser_key")).startswith("app:") else ""))
        lines.append(f"| {_cell(k)} | {_ms(v['default'])} | "
                     f"{1000 * v['kernel_ms_median_y']:.0f} | {_ms(heavy)} | {_cell(where)} | "
                     f"{browser} |")
    return lines + [""]


def _model_lines(models: dict) -> list[str]:
    lines = ["Models, one run each (seed 0), CPU:", "",
             "| data | notebook | model (inputs) | test accuracy | training seconds | Y |",
             "|---|---|---|---:|---:|---:|"]
    for dataset, rows in models.items():
        for name, v in rows.items():
            lines.append(f"| {dataset} | {v.get('notebook', '')} | {_cell(name)} | "
                         f"{v['test_accuracy']:.1%} | {v['train_seconds']:.1f} | "
                         f"{v['train_seconds_y']:.2f} |")
    return lines + [""]


def markdown(report: dict) -> str:
    lines = _header(report)
    if report["notebooks"]:
        lines += _notebook_lines(report["notebooks"])
    if report["explorers"]:
        lines += _explorer_lines(report["explorers"])
    if report["models"]:
        lines += _model_lines(report["models"])
    if report["threads"]:
        t = report["threads"]
        lines += [f"MNIST-1D ConvNet training step (batch {t['batch_size']}, median of "
                  f"{t['steps']} steps): {t['one_thread_ms']:.1f} ms with 1 thread, "
                  f"{t['default_threads_ms']:.1f} ms with torch's default "
                  f"({t['default_threads']} threads).", ""]
    cache = report.get("mnist1d_cache")
    if cache:
        lines += [f"MNIST-1D in a fresh process (import `dlfaq.learn.data`, get the data): "
                  f"{cache['generate_seconds']:.1f} s ({cache['generate_seconds_y']:.2f} Y) "
                  f"generated, {cache['cached_seconds']:.2f} s ({cache['cached_seconds_y']:.2f} "
                  f"Y) read from the cache file: {cache['saved_seconds_y']:.2f} Y saved in "
                  "every kernel that loads it after the first on a machine.", ""]
    if report.get("notes"):
        lines += [f"Note: {note}" for note in report["notes"]] + [""]
    lines += ["| target | measured | |", "|---|---|---|"]
    lines += [f"| {_cell(k)} | {_cell(v['measured'])} | {'met' if v['met'] else '**missed**'} |"
              for k, v in report["targets"].items()]
    lines.append("")
    return "\n".join(lines)


def check_targets(report: dict) -> dict:
    """{target: {"met": bool, "measured": text}} for the targets the report can judge.
    Needs the ``_y`` keys (:func:`tools.bench.yardstick.add_yardsticks`)."""
    met = {}
    nbs = report["notebooks"]
    if nbs:
        total = sum(v["seconds_y"] for v in nbs.values())
        slowest = max(nbs, key=lambda k: nbs[k]["seconds_y"])
        met[f"whole series under {TARGETS['series_y']} Y"] = {
            "met": total < TARGETS["series_y"], "measured": f"{total:.1f} Y"}
        met[f"every notebook under {TARGETS['notebook_y']} Y"] = {
            "met": nbs[slowest]["seconds_y"] < TARGETS["notebook_y"],
            "measured": f"slowest {slowest}: {nbs[slowest]['seconds_y']:.1f} Y"}
        first = sorted(nbs)[0]
        if first.startswith("01"):
            met[f"notebook 01 under {TARGETS['first_notebook_y']} Y"] = {
                "met": nbs[first]["seconds_y"] < TARGETS["first_notebook_y"],
                "measured": f"{nbs[first]['seconds_y']:.1f} Y"}
        peaks = {k: v["peak_rss_mb"] for k, v in nbs.items() if v["peak_rss_mb"] is not None}
        if peaks:
            largest = max(peaks, key=peaks.get)
            met["peak memory per notebook under 1.5 GB"] = {
                "met": peaks[largest] < TARGETS["peak_rss_mb"],
                "measured": f"largest {largest}: {peaks[largest]:.0f} MB"}
    explorers = report["explorers"]
    if explorers:
        slowest = max(explorers, key=lambda k: explorers[k]["kernel_ms_median"])
        met[f"explorer updates under {TARGETS['explorer_default_ms']} ms (default settings)"] = {
            "met": explorers[slowest]["kernel_ms_median"] < TARGETS["explorer_default_ms"],
            "measured": f"slowest {slowest}: {explorers[slowest]['kernel_ms_median']:.0f} ms"}
    convnet = report["models"].get("mnist1d", {}).get("ConvNet (raw)")
    if convnet:
        met[f"MNIST-1D ConvNet >= {TARGETS['convnet_accuracy']:.0%} in under "
            f"{TARGETS['convnet_train_y']} Y of training"] = {
            "met": (convnet["test_accuracy"] >= TARGETS["convnet_accuracy"]
                    and convnet["train_seconds_y"] < TARGETS["convnet_train_y"]),
            "measured": f"{convnet['test_accuracy']:.1%} in {convnet['train_seconds_y']:.1f} Y"}
    threads = report["threads"]
    if threads:
        met["one thread at least as fast as torch's default"] = {
            "met": threads["one_thread_ms"] <= threads["default_threads_ms"],
            "measured": f"{threads['one_thread_ms']:.1f} vs {threads['default_threads_ms']:.1f} "
                        f"ms per step"}
    return met
