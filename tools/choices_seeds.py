"""Notebook 08's measurements over seeds, recorded once so the notebook does not rerun them.

    python tools/choices_seeds.py [part ...]   # every part: about 10 to 20 minutes, 2 cores

Parts (each written into notebooks/results/08_seeds.json as soon as it is done; a part named on
the command line is rerun, the others are kept):

- ``tables``: :func:`dlfaq.studies.tabular.manipulation_table` (Grinsztajn et al.'s manipulations).
- ``curves``: section 2's six runs (:func:`dlfaq.studies.overfitting.mnist1d_curves`) per seed.
- ``small``: the 300-series runs of section 2 per seed.
- ``dropout``: :func:`dlfaq.studies.overfitting.dropout_curves` for a few dropout rates.
- ``random_labels``: :func:`dlfaq.studies.overfitting.random_label_curves` for the MLP and ConvNet.
- ``recipe06``: notebook 06's ConvNet recipe on section 2's 3,000 training series.
- ``reuse``: section 4's reuse test with :func:`dlfaq.studies.reuse.reuse_controls`.
- ``depth``: section 3's depth against width, the learning rate chosen per depth on the
  validation series, trained longer (:data:`DEPTH_GRID`), depths 1 to 4.
- ``depth_unseen``: the configurations ``depth`` chose, on seeds 10-12 (run after ``depth``).
- ``double_descent``: test accuracy against the width of one-hidden-layer MLPs on 500 series
  with noisy labels (:data:`DOUBLE_DESCENT`).

Seeds 0-4 and 10-12: the notebook runs seed 0 itself, checks it against the record and asserts
its claims on every recorded seed, the three it never uses included.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("DLFAQ_RECORD", ROOT / "notebooks" / "results" / "08_seeds.json"))
SEEDS = (0, 1, 2, 3, 4, 10, 11, 12)
DROPOUT_RATES = (0.1, 0.3, 0.5)
DEPTHS = (1, 2, 3, 4)
DOUBLE_DESCENT = {"widths": (2, 4, 6, 8, 12, 16, 24, 32, 64, 256), "seeds": (0, 1, 10),
                  "n_train": 500, "label_noise": 0.2, "steps": 4000, "lr": 3e-3}
#: Section 3's depth sweep, tuned: each network's learning rates and its (longer) budget.
DEPTH_GRID = {"MLP": {"lrs": (1e-3, 3e-3, 1e-2, 3e-2, 0.1), "steps": 3000, "budget": 15_000},
              "ConvNet": {"lrs": (0.02, 0.06, 0.15, 0.3), "steps": 1500, "budget": 5_200}}
CURVE_KEYS = ("final_train_accuracy", "final_val_accuracy", "best_val_accuracy", "best_step",
              "test_accuracy_final", "test_accuracy_early")


def _numbers(curves: dict, keys=CURVE_KEYS) -> dict:
    out = {k: float(curves[k]) for k in keys if k in curves}
    for k in ("step", "train_accuracy", "val_accuracy"):
        out[k] = [float(v) for v in np.asarray(curves[k])]
    return out


def tables():
    from dlfaq.studies import tabular
    return tabular.manipulation_table(seeds=SEEDS)


def curves():
    from dlfaq.studies import overfitting
    return {str(seed): {f"{name}|{reg}": _numbers(overfitting.mnist1d_curves(name, reg, seed=seed))
                        for name in ("MLP", "ConvNet") for reg in overfitting.REGULARISERS}
            for seed in SEEDS}


def small():
    from dlfaq.studies import overfitting
    return {str(seed): {name: _numbers(overfitting.mnist1d_curves(name, "none", n_train=300,
                                                              steps=600, every=50, seed=seed))
                        for name in ("MLP", "ConvNet")} for seed in SEEDS}


def dropout():
    from dlfaq.studies import overfitting
    return {str(seed): {f"{p:g}": _numbers(overfitting.dropout_curves(p, seed=seed))
                        for p in DROPOUT_RATES} for seed in SEEDS[:5]}


def random_labels():
    from dlfaq.studies import overfitting
    return {str(seed): {name: _numbers(overfitting.random_label_curves(name, seed=seed))
                        for name in ("MLP", "ConvNet")} for seed in (0, 1, 10)}


def recipe06():
    from dlfaq.learn import train
    from dlfaq.studies import comparison, overfitting
    split = overfitting.mnist1d_split()
    out = {}
    for seed in SEEDS[:5]:
        model = comparison.train_mnist1d_convnet(split["X_train"], split["y_train"], seed=seed)
        out[str(seed)] = {
            "val_accuracy": train.evaluate(model, split["X_val"], split["y_val"])["accuracy"],
            "test_accuracy": train.evaluate(model, split["X_test"], split["y_test"])["accuracy"]}
    return out


def depth():
    """Depth against width with the learning rate chosen per depth on validation series (the
    mean over seeds 0-2 of each grid value), trained longer than section 3's live recipe."""
    from dlfaq.studies import depth_width, overfitting
    split = overfitting.mnist1d_split()
    before = json.loads(OUT.read_text()).get("depth", {}) if OUT.exists() else {}
    out = {}
    for network, grid in DEPTH_GRID.items():
        runs = {}
        for lr in grid["lrs"]:
            kept = before.get(network, {})
            if kept.get("steps") == grid["steps"] and f"{lr:g}" in kept.get("runs", {}):
                runs[f"{lr:g}"] = kept["runs"][f"{lr:g}"]   # recorded already: same recipe
                continue
            rows = depth_width.depth_vs_width(split["X_train"], split["y_train"], split["X_val"],
                                          split["y_val"], network=network, depths=DEPTHS,
                                          budget=grid["budget"], seeds=(0, 1, 2),
                                          steps=grid["steps"], lr=lr)
            runs[f"{lr:g}"] = rows
        out[network] = {"steps": grid["steps"], "budget": grid["budget"], "runs": runs}
    return out


def chosen_learning_rates(depth_record: dict) -> dict:
    """{(network, depth): lr} with the best mean validation accuracy in ``depth``'s record."""
    chosen = {}
    for network, part in depth_record.items():
        for d in DEPTHS:
            by_lr = {lr: np.mean([r["val_accuracy"] for r in rows if r["depth"] == d])
                     for lr, rows in part["runs"].items()}
            chosen[network, d] = max(by_lr, key=by_lr.get)
    return chosen


def depth_unseen():
    """The ``depth`` part's chosen configurations on seeds 10-12, which chose nothing."""
    from dlfaq.studies import depth_width, overfitting
    split = overfitting.mnist1d_split()
    tuned = json.loads(OUT.read_text())["depth"]
    out = {}
    for (network, d), lr in chosen_learning_rates(tuned).items():
        out[f"{network}|{d}"] = depth_width.depth_vs_width(
            split["X_train"], split["y_train"], split["X_val"], split["y_val"], network=network,
            depths=(d,), budget=tuned[network]["budget"], seeds=(10, 11, 12),
            steps=tuned[network]["steps"], lr=float(lr))
    return out


def double_descent():
    """A width sweep of one-hidden-layer MLPs on 500 training series with a fifth of their
    labels replaced at random, trained full-batch until they interpolate: test accuracy
    against width (the double descent of Belkin et al. 2019; Nakkiran et al. 2020)."""
    from dlfaq.learn import nets, train
    from dlfaq.studies import overfitting
    split = overfitting.mnist1d_split()
    out = {}
    for seed in DOUBLE_DESCENT["seeds"]:
        X, y = split["X_train"][:DOUBLE_DESCENT["n_train"]], split["y_train"][
            :DOUBLE_DESCENT["n_train"]].copy()
        rng = np.random.default_rng(seed)
        noisy = rng.random(len(y)) < DOUBLE_DESCENT["label_noise"]
        y[noisy] = rng.integers(0, 10, noisy.sum())
        rows = []
        for width in DOUBLE_DESCENT["widths"]:
            model = nets.MLP(40, 10, depth=1, width=width, activation="relu", init="he",
                             seed=seed)
            result = train.fit(model, X, y, X_test=split["X_test"], y_test=split["y_test"],
                               steps=DOUBLE_DESCENT["steps"], batch_size=len(y),
                               lr=DOUBLE_DESCENT["lr"], seed=seed)
            rows.append({"width": width, "n_parameters": model.n_parameters(),
                         "train_accuracy": result["train_accuracy"],
                         "test_accuracy": result["test_accuracy"]})
        out[str(seed)] = rows
    return out


def reuse():
    from dlfaq.studies import reuse
    from dlfaq.studies import reuse as controls
    out = {}
    for seed in SEEDS:
        row = reuse.reuse_features(seed=seed)
        row.update(controls.reuse_controls(seed=seed))
        out[str(seed)] = row
    return out


PARTS = {"tables": tables, "curves": curves, "small": small, "dropout": dropout,
         "random_labels": random_labels, "recipe06": recipe06, "reuse": reuse, "depth": depth,
         "depth_unseen": depth_unseen, "double_descent": double_descent}


def main(argv=None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or list(PARTS)
    unknown = sorted(set(names) - set(PARTS))
    if unknown:
        print(f"unknown part(s) {unknown}; parts: {', '.join(PARTS)}", file=sys.stderr)
        return 2
    torch.set_num_threads(1)
    for name in names:
        start = time.perf_counter()
        result = PARTS[name]()
        record = json.loads(OUT.read_text()) if OUT.exists() else {}  # other parts kept
        record[name] = result
        record.setdefault("meta", {})[name] = {
            "date": dt.date.today().isoformat(), "seconds": round(time.perf_counter() - start),
            "torch": torch.__version__, "command": f"python tools/choices_seeds.py {name}"}
        OUT.write_text(json.dumps(record, indent=1) + "\n")
        print(f"{name}: {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
