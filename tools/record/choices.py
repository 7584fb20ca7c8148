"""The parts of notebook 08's record (``choices``): measurements over seeds of sections 1 to 4.
Each part is ``function(seeds, record) -> what the file keeps``, per seed as {"<seed>": ...}.

- ``tables``: :func:`dlfaq.studies.tabular.manipulation_table` (Grinsztajn et al.'s
  manipulations).
- ``curves``: section 2's six runs (:func:`dlfaq.studies.overfitting.mnist1d_curves`) per seed.
- ``small``: the 300-series runs of section 2 per seed.
- ``dropout``: :func:`dlfaq.studies.overfitting.dropout_curves` for a few dropout rates.
- ``random_labels``: :func:`dlfaq.studies.overfitting.random_label_curves`, MLP and ConvNet.
- ``recipe06``: notebook 06's ConvNet recipe on section 2's 3,000 training series.
- ``reuse``: section 4's reuse test with :func:`dlfaq.studies.reuse.reuse_controls`.
- ``depth``: section 3's depth against width, the learning rate chosen per depth on the
  validation series, trained longer (:data:`DEPTH_GRID`), depths 1 to 4.
- ``depth_unseen``: the configurations ``depth`` chose, on seeds that chose nothing.
- ``double_descent``: test accuracy against the width of one-hidden-layer MLPs on 500 series
  with noisy labels (:data:`DOUBLE_DESCENT`).

Seeds 0-4 and 10-12: the notebook runs seed 0 itself, checks it against the record and asserts
its claims on every recorded seed, the three it never uses included.
"""

from __future__ import annotations

import numpy as np

from dlfaq.studies.seeds import over_seeds

SEEDS = (0, 1, 2, 3, 4, 10, 11, 12)
DROPOUT_RATES = (0.1, 0.3, 0.5)
DEPTHS = (1, 2, 3, 4)
DOUBLE_DESCENT = {"widths": (2, 4, 6, 8, 12, 16, 24, 32, 64, 256), "n_train": 500,
                  "label_noise": 0.2, "steps": 4000, "lr": 3e-3}
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


def _per_seed(study, seeds, **kwargs) -> dict:
    """:func:`~dlfaq.studies.seeds.over_seeds` with the seeds as JSON keys ("10")."""
    return {str(seed): result for seed, result in over_seeds(study, seeds, **kwargs).items()}


def tables(seeds, record):
    from dlfaq.studies import tabular
    return tabular.manipulation_table(seeds=seeds)


def curves(seeds, record):
    from dlfaq.studies import overfitting

    def one(seed):
        return {f"{name}|{reg}": _numbers(overfitting.mnist1d_curves(name, reg, seed=seed))
                for name in ("MLP", "ConvNet") for reg in overfitting.REGULARISERS}
    return _per_seed(one, seeds)


def small(seeds, record):
    from dlfaq.studies import overfitting

    def one(seed):
        return {name: _numbers(overfitting.mnist1d_curves(name, "none", n_train=300, steps=600,
                                                          every=50, seed=seed))
                for name in ("MLP", "ConvNet")}
    return _per_seed(one, seeds)


def dropout(seeds, record):
    from dlfaq.studies import overfitting

    def one(seed):
        return {f"{p:g}": _numbers(overfitting.dropout_curves(p, seed=seed))
                for p in DROPOUT_RATES}
    return _per_seed(one, seeds)


def random_labels(seeds, record):
    from dlfaq.studies import overfitting

    def one(seed):
        return {name: _numbers(overfitting.random_label_curves(name, seed=seed))
                for name in ("MLP", "ConvNet")}
    return _per_seed(one, seeds)


def recipe06(seeds, record):
    from dlfaq.learn import train
    from dlfaq.studies import comparison, overfitting
    split = overfitting.mnist1d_split()

    def one(seed):
        model = comparison.train_mnist1d_convnet(split["X_train"], split["y_train"], seed=seed)
        return {"val_accuracy": train.evaluate(model, split["X_val"], split["y_val"])["accuracy"],
                "test_accuracy": train.evaluate(model, split["X_test"],
                                                split["y_test"])["accuracy"]}
    return _per_seed(one, seeds)


def depth(seeds, record):
    """Depth against width with the learning rate chosen per depth on validation series (the
    mean over the seeds of each grid value), trained longer than section 3's live recipe; runs
    already recorded with the same recipe and seeds are kept, not rerun."""
    from dlfaq.studies import depth_width, overfitting
    split = overfitting.mnist1d_split()
    before = record.get("depth", {})
    out = {}
    for network, grid in DEPTH_GRID.items():
        runs = {}
        kept = before.get(network, {})
        for lr in grid["lrs"]:
            rows = kept.get("runs", {}).get(f"{lr:g}")
            if (kept.get("steps") == grid["steps"] and rows
                    and sorted({r["seed"] for r in rows}) == sorted(seeds)):
                runs[f"{lr:g}"] = rows   # recorded already: same recipe, same seeds
                continue
            runs[f"{lr:g}"] = depth_width.depth_vs_width(
                split["X_train"], split["y_train"], split["X_val"], split["y_val"],
                network=network, depths=DEPTHS, budget=grid["budget"], seeds=tuple(seeds),
                steps=grid["steps"], lr=lr)
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


def depth_unseen(seeds, record):
    """The ``depth`` part's chosen configurations on seeds that chose nothing."""
    from dlfaq.studies import depth_width, overfitting
    split = overfitting.mnist1d_split()
    tuned = record["depth"]
    return {f"{network}|{d}": depth_width.depth_vs_width(
                split["X_train"], split["y_train"], split["X_val"], split["y_val"],
                network=network, depths=(d,), budget=tuned[network]["budget"],
                seeds=tuple(seeds), steps=tuned[network]["steps"], lr=float(lr))
            for (network, d), lr in chosen_learning_rates(tuned).items()}


def double_descent(seeds, record):
    """A width sweep of one-hidden-layer MLPs on 500 training series with a fifth of their
    labels replaced at random, trained full-batch until they interpolate: test accuracy
    against width (the double descent of Belkin et al. 2019; Nakkiran et al. 2020)."""
    from dlfaq.learn import nets, train
    from dlfaq.studies import overfitting
    split = overfitting.mnist1d_split()
    n = DOUBLE_DESCENT["n_train"]

    def one(seed):
        X, y = split["X_train"][:n], split["y_train"][:n].copy()
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
        return rows
    return _per_seed(one, seeds)


def reuse(seeds, record):
    from dlfaq.studies import reuse as study

    def one(seed):
        return {**study.reuse_features(seed=seed), **study.reuse_controls(seed=seed)}
    return _per_seed(one, seeds)


#: part -> (function, its seeds), in the order the whole record is run.
PARTS = {"tables": (tables, SEEDS), "curves": (curves, SEEDS), "small": (small, SEEDS),
         "dropout": (dropout, SEEDS[:5]), "random_labels": (random_labels, (0, 1, 10)),
         "recipe06": (recipe06, SEEDS[:5]), "reuse": (reuse, SEEDS),
         "depth": (depth, (0, 1, 2)), "depth_unseen": (depth_unseen, (10, 11, 12)),
         "double_descent": (double_descent, (0, 1, 10))}
