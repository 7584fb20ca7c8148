"""Why trees suit tables: Grinsztajn, Oyallon & Varoquaux (2022)'s manipulations (notebook 08).

A table's columns each mean something on their own, and some mean nothing. Two manipulations
of their paper probe what a model assumes about that: **uninformative columns** added (noise
columns beside the real ones: a model that weighs every column alike is distracted) and a
**random rotation** of the (standardised) columns (every new column mixes all the old ones: a
model that is rotation invariant, such as logistic regression or, in distribution over its
random start, an MLP, does not notice; trees, which split one column at a time, lose what a
single column meant). :func:`manipulate` applies one to a split of
:func:`load_tabular`; :func:`manipulation_table` scores gradient-boosted trees, an
MLP and logistic regression on each, over seeds. Each model keeps one fixed configuration (the
one notebook 08's search picks most often), so only the data change. No plotting here.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Choice, Int, door
from dlfaq.learn import nets, train

__all__ = ["MANIPULATIONS", "MLP_GRID", "MODELS", "TABULAR", "TREE_GRID", "load_tabular",
           "manipulate", "manipulation_table", "summarise", "tabular_comparison", "tabular_search"]

#: The manipulations, the original first.
MANIPULATIONS = ("original", "uninformative columns", "rotation")
#: The models, each with one fixed configuration.
MODELS = ("gradient boosting", "MLP", "logistic regression")


TABULAR = ("breast_cancer", "wine")

#: The grids each side searches on the validation split: the same number of configurations.
TREE_GRID = ({"learning_rate": 0.1, "max_leaf_nodes": 31},
             {"learning_rate": 0.05, "max_leaf_nodes": 15},
             {"learning_rate": 0.2, "max_leaf_nodes": 7},
             {"learning_rate": 0.1, "max_leaf_nodes": 7})
MLP_GRID = ({"width": 64, "lr": 1e-3, "weight_decay": 0.0},
            {"width": 64, "lr": 3e-3, "weight_decay": 1e-4},
            {"width": 256, "lr": 1e-3, "weight_decay": 1e-4},
            {"width": 256, "lr": 3e-3, "weight_decay": 0.0})


@door(name=Choice(TABULAR), seed=Int(0))
def load_tabular(name: str, seed: int = 0) -> dict:
    """A stratified 60/20/20 train/validation/test split of a data set shipped with
    scikit-learn (no download): X_train, y_train, X_val, y_val, X_test, y_test."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                      random_state=seed)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.25,
                                                      stratify=y_rest, random_state=seed)
    return {"X_train": X_train, "y_train": y_train, "X_val": X_val, "y_val": y_val,
            "X_test": X_test, "y_test": y_test}


def _fit_tree(config: dict, split: dict, seed: int):
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(max_iter=100, random_state=seed, **config)
    model.fit(split["X_train"], split["y_train"])
    return lambda X: model.predict(X)


def _fit_mlp(config: dict, split: dict, seed: int, steps: int, device=None):
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(split["X_train"])
    X = scaler.transform(split["X_train"]).astype(np.float32)
    n_classes = int(np.max(split["y_train"])) + 1
    model = nets.MLP(X.shape[1], n_classes, depth=2, width=config["width"], activation="relu",
                     init="he", seed=seed)
    train.fit(model, X, split["y_train"], steps=steps, batch_size=64, lr=config["lr"],
              weight_decay=config["weight_decay"], seed=seed, device=device)
    model.eval()

    def predict(X_new):
        with torch.no_grad():
            return model(train.as_tensors(scaler.transform(X_new))).argmax(1).numpy()
    return predict


@door(name=Choice(TABULAR), model=Choice(("gradient boosting", "MLP")), seed=Int(0),
      mlp_steps=Int(1, cheap=5))
def tabular_search(name: str, model: str, seed: int = 0, mlp_steps: int = 300,
                   device=None) -> dict:
    """Fit every configuration of one side's grid on the training split, keep the best on the
    validation split, score it on the test split.

    ``model`` is "gradient boosting" or "MLP". Returns model, data set, seed, the chosen
    ``config``, ``val_accuracy``, ``test_accuracy`` (0..1) and ``train_seconds`` (the whole
    search).
    """
    split = load_tabular(name, seed)
    grid = TREE_GRID if model == "gradient boosting" else MLP_GRID
    best = None
    start = time.perf_counter()
    for config in grid:
        predict = (_fit_tree(config, split, seed) if model == "gradient boosting"
                   else _fit_mlp(config, split, seed, mlp_steps, device))
        val = float(np.mean(predict(split["X_val"]) == split["y_val"]))
        if best is None or val > best[0]:
            best = (val, config, predict)
    seconds = time.perf_counter() - start
    val, config, predict = best
    test = float(np.mean(predict(split["X_test"]) == split["y_test"]))
    return {"model": model, "data": name, "seed": seed, "config": dict(config),
            "val_accuracy": val, "test_accuracy": test, "train_seconds": seconds}


def tabular_comparison(names=TABULAR, seeds=(0, 1, 2), mlp_steps: int = 300,
                       device=None) -> list[dict]:
    """:func:`tabular_search` for both sides on every data set and seed (the split and the
    models' seeds change together)."""
    return [tabular_search(name, model, seed, mlp_steps, device) for name in names for seed in seeds
            for model in ("gradient boosting", "MLP")]


def summarise(rows, key: str = "test_accuracy") -> dict:
    """{(data, model): (mean, min, max)} of ``key`` over the rows' seeds."""
    groups: dict = {}
    for row in rows:
        groups.setdefault((row.get("data"), row["model"]), []).append(row[key])
    return {k: (float(np.mean(v)), float(np.min(v)), float(np.max(v))) for k, v in groups.items()}


@door(kind=Choice(MANIPULATIONS), seed=Int(0), n_noise=Int(1, 10_000, cheap=3))
def manipulate(split: dict, kind: str, seed: int = 0, n_noise: int = 30) -> dict:
    """A copy of ``split`` (X_train, y_train, X_val, y_val, X_test, y_test) with its columns
    standardised on the training rows, then manipulated: ``kind`` is one of
    :data:`MANIPULATIONS`; "uninformative columns" appends ``n_noise`` standard-normal columns,
    "rotation" multiplies the columns by a random orthogonal matrix (both drawn from ``seed``)."""
    from sklearn.preprocessing import StandardScaler

    if not isinstance(split, dict) or not {"X_train", "X_val", "X_test"} <= set(split):
        raise TypeError("split must be a dict with X_train, y_train, X_val, y_val, X_test, "
                        f"y_test (load_tabular), got {type(split).__name__}")
    scaler = StandardScaler().fit(split["X_train"])
    out = {k: scaler.transform(v) if k.startswith("X") else np.asarray(v)
           for k, v in split.items()}
    rng = np.random.default_rng(seed)
    keys = ("X_train", "X_val", "X_test")
    if kind == "uninformative columns":
        for k in keys:
            out[k] = np.hstack([out[k], rng.standard_normal((len(out[k]), n_noise))])
    elif kind == "rotation":
        d = out["X_train"].shape[1]
        q, r = np.linalg.qr(rng.standard_normal((d, d)))
        rotation = q * np.sign(np.diag(r))          # uniformly random orthogonal (Haar)
        for k in keys:
            out[k] = out[k] @ rotation
    return out


def _score(model: str, split: dict, seed: int, mlp_steps: int) -> float:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression

    from dlfaq.learn import nets, train

    X, y = split["X_train"], split["y_train"]
    if model == "gradient boosting":
        fitted = HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1,
                                                max_leaf_nodes=31, random_state=seed).fit(X, y)
        predicted = fitted.predict(split["X_test"])
    elif model == "logistic regression":
        predicted = LogisticRegression(max_iter=5000).fit(X, y).predict(split["X_test"])
    else:
        import torch

        net = nets.MLP(X.shape[1], int(np.max(y)) + 1, depth=2, width=64, activation="relu",
                       init="he", seed=seed)
        train.fit(net, X.astype(np.float32), y, steps=mlp_steps, batch_size=64, lr=1e-3,
                  seed=seed)
        net.eval()
        with torch.no_grad():
            predicted = net(train.as_tensors(split["X_test"])).argmax(1).numpy()
    return float(np.mean(predicted == split["y_test"]))


@door(mlp_steps=Int(1, cheap=2))
def manipulation_table(name: str = "breast_cancer", seeds=(0, 1, 2, 3, 4), n_noise: int = 30,
                       mlp_steps: int = 300) -> list[dict]:
    """Test accuracy of every model of :data:`MODELS` on every manipulation of
    :data:`MANIPULATIONS` of the table ``name``, for each seed (the split, the manipulation and
    the models' seeds change together). One row per (seed, manipulation, model):
    ``seed``, ``manipulation``, ``model``, ``test_accuracy`` (0..1), ``n_test``."""


    seeds = [check_int("seeds", s, low=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    rows = []
    for seed in seeds:
        split = load_tabular(name, seed)
        for kind in MANIPULATIONS:
            manipulated = manipulate(split, kind, seed=seed, n_noise=n_noise)
            for model in MODELS:
                rows.append({"seed": seed, "manipulation": kind, "model": model,
                             "test_accuracy": _score(model, manipulated, seed, mlp_steps),
                             "n_test": len(split["y_test"])})
    return rows
