"""Kernel-side update time of every interactive explorer of the series (median and 90th
percentile over >= 20 updates) at default and heaviest settings, plus the browser round trip
measured by the browser tests (build/browser.json) where available."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


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
    from dlfaq import explorers
    from dlfaq.learn import convnets, data

    X, y = data.make_2d("blobs", n_samples=200, noise=0.9, seed=0)
    digits = data.load_digits(seed=0)
    digit = digits["images_train"][0]
    edge = convnets.edge_kernels()["vertical edge"]
    n_lr = 4 if quick else 24  # more distinct rates than the explorer caches: each one retrains
    most_units, train_steps = (16, 200) if quick else (64, 1000)
    return {
        "01 logistic unit": {
            "function": "logistic_explorer", "notebook": "01",
            "factory": lambda: explorers.logistic_explorer(X, y, w=(1.0, 2.0), b=0.5),
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
            "factory": lambda: explorers.hidden_layer_explorer("spirals", hidden=8, lr=1.0,
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
            "factory": lambda: explorers.gradient_explorer(depth=10, width=32,
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
            "factory": lambda: explorers.gradient_explorer(depth=30, width=32,
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
            "factory": lambda: explorers.receptive_field_explorer(digit, row=1, col=3),
            "scenarios": [
                ("default", {}, _back_and_forth("col", range(6))),
                # the kernel size changes the feature map's shape on every update
                ("heaviest", {}, _back_and_forth("kernel_size", range(1, 9))),
            ],
        },
        "05 pooling": {
            "function": "pooling_explorer", "notebook": "05",
            "factory": lambda: explorers.pooling_explorer(digit, edge),
            "scenarios": [
                ("default", {}, _back_and_forth("shift", range(-3, 4))),
                ("heaviest", {}, [{"size": s, "mode": m} for s in (1, 2, 3, 4)
                                  for m in ("max", "average")]),
            ],
        },
    }


def public_explorers() -> list[str]:
    """Every explorer of ``dlfaq.explorers.EXPLORERS`` (each must have a case here)."""
    from dlfaq.explorers import EXPLORERS

    return sorted(EXPLORERS)


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
