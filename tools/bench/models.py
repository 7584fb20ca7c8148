"""The models readers wait for: every row of notebook 06's comparison per data set, notebook
04's table (``tricks.compare`` with :data:`dlfaq.studies.tricks.TRICKS_TABLE`, the notebook's own
settings; ``--quick`` passes ``quick=True``, which caps them), and the MNIST-1D ConvNet's
training step with 1 thread and with torch's default."""

from __future__ import annotations

import json
import time

import numpy as np


def bench_models(quick: bool) -> dict:
    """{data set: {row name: {test_accuracy, train_seconds, notebook, ...}}}."""
    from dlfaq.learn import data
    from dlfaq.studies import comparison, tricks

    results = {}
    for dataset in comparison.DATASETS:
        rows = comparison.compare(dataset, quick=quick, seed=0, device="cpu")
        results[dataset] = {f"{r['model']} ({r['features']})": {
            "test_accuracy": float(r["test_accuracy"]),
            "train_seconds": float(r["train_seconds"]),
            "notebook": "06"} for r in rows}
        for name, row in results[dataset].items():
            print(f"  {dataset} {name}: {row['test_accuracy']:.1%} in "
                  f"{row['train_seconds']:.1f} s", flush=True)
    table = tricks.TRICKS_TABLE  # capped to tricks.QUICK with quick
    rows = tricks.compare(data=data.load_digits(), device="cpu", quick=quick, **table)
    for r in rows:
        name = f"{r['depth']}-layer MLP: {r['configuration']}"
        seconds = float(r["train_seconds"])
        results["digits"][name] = {
            "test_accuracy": float(r["test_accuracy"]), "train_seconds": seconds,
            "train_loss": float(r["train_loss"]), "notebook": "04",
            "settings": {**table, "quick": quick}}
        print(f"  digits {name}: {r['test_accuracy']:.1%} in {seconds:.1f} s", flush=True)
    return results


def bench_threads(quick: bool, default_threads: int) -> dict:
    """Training-step time of notebook 06's MNIST-1D ConvNet (its recipe, train.fit's loop),
    median over steps, with 1 thread and with torch's default thread count."""
    import torch

    from dlfaq.learn import train
    from dlfaq.studies import comparison

    split = comparison.load("mnist1d")
    recipe = dict(comparison.RECIPES[("mnist1d", "ConvNet")])
    recipe["steps"] = 8 if quick else 300
    before = torch.get_num_threads()
    result = {"default_threads": default_threads, "steps": recipe["steps"],
              "batch_size": recipe["batch_size"]}
    try:
        for label, threads in (("one_thread_ms", 1), ("default_threads_ms", default_threads)):
            torch.set_num_threads(threads)
            model = comparison.deep_model("mnist1d", "ConvNet", split["X_train"].shape[1], 0)
            stamps = []
            train.fit(model, split["X_train"], split["y_train"], seed=0, device="cpu",
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


_LOAD = r"""
import json, sys, time
start = time.perf_counter()
from dlfaq.learn import data
if sys.argv[1] == "generate":
    data._generate_mnist1d()
else:
    path = data.mnist1d_cache_path()
    assert data._read_cache(path, data._MNIST1D_KEYS), f"no intact cache file at {path}"
    data.load_mnist1d()
print(json.dumps({"seconds": time.perf_counter() - start,
                  "imported_mnist1d": "mnist1d" in sys.modules}))
"""


def bench_mnist1d_cache(quick: bool) -> dict:
    """What the MNIST-1D cache saves a kernel: importing ``dlfaq.learn.data`` and getting MNIST-1D
    in a fresh process, generated (as without the cache) and read from the cache file
    (median of 3, 1 with ``quick``). Warms the cache first."""
    import subprocess
    import sys

    from dlfaq.learn import data

    data.load_mnist1d()  # the cache file exists from here on (if the folder is writable)
    result = {"cache_file": str(data.mnist1d_cache_path())}
    for mode in ("generate", "cached"):
        runs = [json.loads(subprocess.run([sys.executable, "-c", _LOAD, mode],
                                          capture_output=True, text=True, check=True)
                           .stdout.strip().splitlines()[-1]) for _ in range(1 if quick else 3)]
        result[f"{mode}_seconds"] = float(np.median([r["seconds"] for r in runs]))
        result[f"{mode}_imports_mnist1d"] = runs[0]["imported_mnist1d"]
    result["saved_seconds"] = result["generate_seconds"] - result["cached_seconds"]
    print(f"  MNIST-1D: {result['generate_seconds']:.1f} s generated, "
          f"{result['cached_seconds']:.2f} s from the cache", flush=True)
    return result
