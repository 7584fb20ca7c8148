"""`make bench`: measure what readers feel, in one run, and publish the table.

    python -m tools.bench [--quick] [--out build] [--repeats 3]

Writes build/bench.json and build/bench.md: the yardstick first (the machine's speed), then
  notebooks  each notebook in a fresh kernel (median of 3): seconds, kernel start, imports,
             every cell's seconds and the slowest ones, peak and anonymous memory (MB)
  explorers  kernel-side update time of every interactive explorer at default and heaviest
             settings, with the browser round trip from build/browser.json where available
  models     test accuracy and training seconds of notebook 06's comparison and notebook 04's
             table, per data set
  threads    the MNIST-1D ConvNet's training-step time with 1 thread and with torch's default
  mnist1d_cache  getting MNIST-1D in a fresh process: generated vs read from the cache file
  machine    CPU count, Python, torch, numpy versions, load average
and the yardstick again at the end (how much the machine's speed drifted during the run).
Every time also appears in yardsticks (keys ending in ``_y``). It reports; it never fails on a
missed target. ``--quick`` runs a tiny version (the smoke test).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tools.bench import explorers, models, notebooks, report, yardstick

ROOT = Path(__file__).resolve().parents[2]


def torch_default_threads() -> int:
    """The thread count torch picks by itself (read in a fresh process where this one may have
    set it already: dlfaq.setup() sets 1)."""
    if "torch" not in sys.modules:
        import torch

        return torch.get_num_threads()
    out = subprocess.run([sys.executable, "-c", "import torch; print(torch.get_num_threads())"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _yardstick(quick: bool) -> dict:
    result = yardstick.measure(steps=20, runs=3, warmup=2) if quick else yardstick.measure()
    print(f"  1 Y = {result['yardstick_s']:.2f} s", flush=True)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny settings: a smoke test")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("--notebooks", nargs="*", type=Path, default=None,
                        help="notebooks to execute (default: notebooks/NN_*.ipynb)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per notebook (default 3; 1 with --quick)")
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
    repeats = args.repeats or (1 if args.quick else 3)
    result = {"machine": {**report.machine(), "quick": args.quick,
                          "threads_compared_with_one": default_threads}}
    sections = {
        "yardstick": lambda: _yardstick(args.quick),
        "mnist1d_cache": lambda: models.bench_mnist1d_cache(args.quick),
        "notebooks": lambda: notebooks.bench_notebooks(paths, repeats=repeats),
        "explorers": lambda: explorers.bench_explorers(args.quick, browser),
        "models": lambda: models.bench_models(args.quick),
        "threads": lambda: models.bench_threads(args.quick, default_threads),
        "yardstick_end": lambda: _yardstick(args.quick),
    }
    result["machine"]["section_seconds"] = {}
    for name, run in sections.items():
        print(name, flush=True)
        start = time.perf_counter()
        result[name] = run()
        result["machine"]["section_seconds"][name] = round(time.perf_counter() - start, 1)
    result["yardstick_s"] = result["yardstick"]["yardstick_s"]
    covered = {v["function"] for v in result["explorers"].values()}
    missing = [name for name in explorers.public_explorers() if name not in covered]
    result["notes"] = ([f"not benchmarked (no case in tools/bench/explorers.py): "
                        f"{', '.join(missing)}"] if missing else [])
    result["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    for name in ("mnist1d_cache", "notebooks", "explorers", "models", "threads", "machine"):
        yardstick.add_yardsticks(result[name], result["yardstick_s"])
    result["targets"] = report.check_targets(result)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    (args.out / "bench.md").write_text(report.markdown(result))
    print(report.markdown(result))
    return 0
