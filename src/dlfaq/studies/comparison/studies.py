"""The studies of notebook 06, each several fits of :mod:`dlfaq.studies.comparison.models`: the
table
(:func:`compare`), the validation search (:func:`search`), the shuffled-positions run
(:func:`shuffle_positions`), the training-size curve (:func:`training_size_curve`) and all of
them for one seed (:func:`experiments`; over seeds with :func:`dlfaq.studies.seeds.over_seeds`,
gathered by :func:`gather`); :func:`table` prints rows.

``quick=True`` is every study's one size knob, for smoke tests: fewer training steps, fewer
models, a smaller training set. The numbers it gives are not the lesson's.
"""

from __future__ import annotations

import time

import numpy as np
import torch

from dlfaq.core.checks import check_choice, check_int
from dlfaq.core.config import resolve_device
from dlfaq.core.doors import Choice, Device, Int, door
from dlfaq.core.tables import Column, format_table
from dlfaq.learn import train
from dlfaq.studies.comparison.models import (
    CLASSICAL,
    DATASETS,
    DEEP,
    DEFAULTS,
    FEATURES,
    GRIDS,
    SELECTED,
    SELECTED_BY_SIZE,
    SIZE_GRIDS,
    engineer,
    load,
    run_classical,
    run_deep,
)
from dlfaq.studies.tricks import spread as _spread

__all__ = ["compare", "experiments", "gather", "permutation", "search", "search_sizes",
           "shuffle_positions", "table", "training_size_curve"]


def _rows_to_run(dataset: str, quick: bool):
    kinds = {"raw": CLASSICAL, **FEATURES[dataset]}
    for kind, models in kinds.items():
        for name in (models[:2] if quick else models):
            yield name, kind
    for name in DEEP:
        yield name, "raw"


def _settings(dataset: str, name: str, kind: str) -> dict:
    if dataset == "mnist1d":
        return dict(SELECTED[(name, kind)])
    return {} if name in DEEP else dict(DEFAULTS[name])


def _run_row(dataset, name, kind, X_train, y_train, X_test, y_test, *, seed, settings, quick,
             progress, device, F_cache) -> dict:
    if name in DEEP:
        row = run_deep(dataset, name, X_train, y_train, X_test, y_test, seed=seed,
                       steps=50 if quick else None, progress=progress, device=device,
                       settings=settings)
        with torch.no_grad():
            logits = row["model"](train.as_tensors(X_test))
        return {"model": name, "features": kind, "test_accuracy": row["test_accuracy"],
                "train_seconds": row["train_seconds"], "trained": row["model"],
                "settings": settings, "test_predictions": logits.argmax(1).numpy()}
    if kind not in F_cache:
        start = time.perf_counter()
        F_cache[kind] = ((X_train, X_test) if kind == "raw" else
                         (engineer(dataset, X_train, kind, seed),
                          engineer(dataset, X_test, kind, seed)),
                         time.perf_counter() - start)
    (F_train, F_test), extract = F_cache[kind]
    row = run_classical(name, F_train, y_train, F_test, y_test, seed, settings)
    return {"model": name, "features": kind, "test_accuracy": row["test_accuracy"],
            "train_seconds": row["train_seconds"] + extract, "settings": settings,
            "test_predictions": row["test_predictions"]}


@door(dataset=Choice(DATASETS), seed=Int(0), device=Device())
def compare(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
            progress: bool = False, device: str | None = None) -> list[dict]:
    """Run every model of the comparison on one train/test split of ``dataset``, each with its
    selected settings (:data:`SELECTED`), trained on the whole training set.

    Parameters
    ----------
    dataset : {"mnist1d", "digits"}
    quick : bool, default False
        Smoke-test size: 500 training examples, two classical models per kind of features,
        50 deep-training steps.
    seed : int, default 0
        Seed of the split (digits), the models' weights, the random kernels and batch order.
    progress : bool, default False
        Progress bars on the deep models' training.
    device : str, optional
        Default: the device :func:`dlfaq.setup` chose (:func:`dlfaq.core.config.default_device`).

    Returns
    -------
    list of dict, one per row, in table order, with keys ``model`` (str), ``features``
    ("raw" or the engineered kind), ``settings`` (dict), ``test_accuracy`` (0..1),
    ``train_seconds`` (wall time of fitting/training; feature extraction is timed with it),
    ``test_predictions`` (the predicted class of every test row, for a paired test such as
    :func:`dlfaq.studies.margins.mcnemar`), and for deep rows ``trained`` (the torch model).
    """
    device = resolve_device(device)
    split = load(dataset, seed)
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    if quick:
        X_train, y_train = X_train[:500], y_train[:500]
    cache: dict = {}
    return [_run_row(dataset, name, kind, X_train, y_train, X_test, y_test, seed=seed,
                     settings=_settings(dataset, name, kind), quick=quick, progress=progress,
                     device=device, F_cache=cache)
            for name, kind in _rows_to_run(dataset, quick)]


@door(dataset=Choice(DATASETS), seed=Int(0), device=Device())
def search(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
           progress: bool = False, device: str | None = None) -> dict:
    """The validation search: every setting of :data:`GRIDS` for every row of :func:`compare`,
    trained on 80% of the training set and scored on the other 20%
    (:func:`dlfaq.learn.train.validation_split`).

    Returns {(model, features): {"scores": [validation accuracy per setting], "best": the
    setting with the highest score (the first one on ties)}}. The test set is not used.
    """
    device = resolve_device(device)
    split = load(dataset, seed)
    X_fit, y_fit, X_val, y_val = train.validation_split(split["X_train"], split["y_train"],
                                                        seed=seed)
    if quick:
        X_fit, y_fit = X_fit[:500], y_fit[:500]
    cache: dict = {}
    result = {}
    for name, kind in _rows_to_run(dataset, quick):
        scores = [_run_row(dataset, name, kind, X_fit, y_fit, X_val, y_val, seed=seed,
                           settings=dict(setting), quick=quick, progress=progress,
                           device=device, F_cache=cache)["test_accuracy"]
                  for setting in GRIDS[name]]
        result[name, kind] = {"scores": scores, "best": dict(GRIDS[name][int(np.argmax(scores))])}
    return result


@door(seed=Int(0), device=Device())
def search_sizes(sizes=(250, 1000), *, seed: int = 0, quick: bool = False,
                 models=(("ConvNet", "raw"), ("logistic regression", "random convolutions")),
                 device: str | None = None) -> dict:
    """The validation search of the training-size curve: for each size, every setting of
    :data:`SIZE_GRIDS` (else :data:`GRIDS`) of each (model, features) in ``models``, trained on
    80% of the first ``size`` MNIST-1D training series and scored on the other 20%.

    Returns {(model, features, size): {"scores": [...], "best": setting}}. No test data is used.
    """
    device = resolve_device(device)
    split = load("mnist1d", seed)
    result = {}
    for size in sizes:
        size = check_int("size", size, low=20, high=len(split["X_train"]))
        X_fit, y_fit, X_val, y_val = train.validation_split(
            split["X_train"][:size], split["y_train"][:size], seed=seed)
        cache: dict = {}
        for name, kind in models:
            grid = SIZE_GRIDS.get(name, GRIDS[name])
            scores = [_run_row("mnist1d", name, kind, X_fit, y_fit, X_val, y_val, seed=seed,
                               settings=dict(setting), quick=quick, progress=False,
                               device=device, F_cache=cache)["test_accuracy"]
                      for setting in grid]
            result[name, kind, size] = {"scores": scores,
                                        "best": dict(grid[int(np.argmax(scores))])}
    return result


@door(length=Int(1, cheap=100), seed=Int(0))
def permutation(length: int, seed: int = 0) -> np.ndarray:
    """A fixed random order of ``length`` input positions."""
    return np.random.default_rng(seed).permutation(length)


@door(dataset=Choice(DATASETS), seed=Int(0), device=Device())
def shuffle_positions(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
                      progress: bool = False, device: str | None = None,
                      models=("logistic regression", "MLP", "ConvNet")) -> list[dict]:
    """Train ``models`` (on raw inputs, with their selected settings) on the inputs with their
    positions shuffled, the same way in train and test: a fixed permutation of the 40 samples
    (MNIST-1D) or 64 pixels (digits).

    Returns rows like :func:`compare` (``features`` = "shuffled positions"; no ``trained``).
    ``quick`` as in :func:`compare`.
    """
    device = resolve_device(device)
    split = load(dataset, seed)
    order = permutation(split["X_train"].shape[1], seed)
    X_train, X_test = split["X_train"][:, order], split["X_test"][:, order]
    y_train, y_test = split["y_train"], split["y_test"]
    if quick:
        X_train, y_train = X_train[:500], y_train[:500]
    rows = []
    for name in models:
        check_choice("model", name, CLASSICAL + DEEP)
        row = _run_row(dataset, name, "raw", X_train, y_train, X_test, y_test, seed=seed,
                       settings=_settings(dataset, name, "raw"), quick=quick,
                       progress=progress, device=device, F_cache={})
        row.pop("trained", None)
        rows.append({**row, "features": "shuffled positions"})
    return rows


@door(dataset=Choice(DATASETS), classical=Choice(CLASSICAL), deep=Choice(DEEP), seed=Int(0),
      device=Device())
def training_size_curve(dataset: str = "mnist1d", sizes=(250, 1000, 4000), *,
                        classical: str = "RBF SVM", classical_features: str = "raw",
                        deep: str = "ConvNet", quick: bool = False, seed: int = 0,
                        progress: bool = False, device: str | None = None) -> dict:
    """Test accuracy against the number of training examples, one classical pipeline and one
    deep model (their selected settings), on the first ``size`` examples of the training set.

    Each size uses its own settings chosen on validation (:data:`SELECTED_BY_SIZE`, from
    :func:`search_sizes`: the deep model's learning rate and number of steps, the classical
    model's penalty) where the search covered it, else the table's (:data:`SELECTED`).

    Returns a dict with ``sizes`` (k,), ``classical`` and ``deep`` (k,) accuracies 0..1, and
    ``labels``: the two names for a legend.
    """
    check_choice("classical_features", classical_features, ("raw", *FEATURES[dataset]))
    device = resolve_device(device)
    split = load(dataset, seed)
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    sizes = [check_int("size", s, low=20, high=len(X_train)) for s in sizes]
    F_train, F_test = ((X_train, X_test) if classical_features == "raw" else
                       (engineer(dataset, X_train, classical_features, seed),
                        engineer(dataset, X_test, classical_features, seed)))
    acc_classical, acc_deep = [], []
    for size in sizes:
        chosen_classical = SELECTED_BY_SIZE.get((classical, classical_features, size),
                                                _settings(dataset, classical, classical_features))
        acc_classical.append(run_classical(classical, F_train[:size], y_train[:size], F_test,
                                           y_test, seed, chosen_classical)["test_accuracy"])
        chosen_deep = SELECTED_BY_SIZE.get((deep, "raw", size), _settings(dataset, deep, "raw"))
        acc_deep.append(run_deep(dataset, deep, X_train[:size], y_train[:size], X_test, y_test,
                                 seed=seed, steps=20 if quick else None, progress=progress,
                                 device=device, settings=chosen_deep)["test_accuracy"])
    return {"sizes": np.array(sizes), "classical": np.array(acc_classical),
            "deep": np.array(acc_deep), "labels": (f"{classical} on {classical_features}", deep)}


def experiments(seed: int = 0, *, quick: bool = False, sizes=(250, 1000),
                curve_classical=("logistic regression", "random convolutions"),
                progress: bool = False, device: str | None = None) -> dict:
    """Every MNIST-1D experiment of notebook 06 for one seed: the table, the shuffled run and
    the training-size curve (``sizes`` plus the table's 4000).

    Returns {"table": {(model, features): accuracy}, "train_seconds": {(model, features):
    training seconds}, "shuffled": {model: accuracy}, "curve": {"sizes": [...], "classical":
    [per size], "deep": [per size]}}. ``device``: as in :func:`compare`. Over seeds:
    ``gather(over_seeds(experiments, seeds))`` (:func:`dlfaq.studies.seeds.over_seeds`).
    """
    device = resolve_device(device)
    rows = compare("mnist1d", quick=quick, seed=seed, progress=progress, device=device)
    accuracy = {(r["model"], r["features"]): r["test_accuracy"] for r in rows}
    shuffled = shuffle_positions("mnist1d", quick=quick, seed=seed, progress=progress,
                                 device=device)
    curve = training_size_curve("mnist1d", sizes, classical=curve_classical[0],
                                classical_features=curve_classical[1], quick=quick,
                                seed=seed, progress=progress, device=device)
    return {"table": accuracy,
            "train_seconds": {(r["model"], r["features"]): r["train_seconds"] for r in rows},
            "shuffled": {r["model"]: r["test_accuracy"] for r in shuffled},
            "curve": {"sizes": [*sizes, 4000],
                      "classical": [*map(float, curve["classical"]), accuracy[curve_classical]],
                      "deep": [*map(float, curve["deep"]), accuracy["ConvNet", "raw"]]}}


def gather(runs: dict) -> dict:
    """{seed: :func:`experiments`} -> every number as a list over the seeds (in their order):
    {"table": {(model, features): [accuracy per seed]}, "train_seconds": {...}, "shuffled":
    {model: [...]}, "curve": {"sizes": [...], "classical": [[per size] per seed], "deep": [...]}}
    (the shape of the record notebook 06 shows, :data:`dlfaq.studies.comparison.SEED_RUN`)."""
    if not runs:
        raise ValueError("runs must hold at least one seed's experiments")
    first = next(iter(runs.values()))
    out = {part: {key: [run[part][key] for run in runs.values()] for key in first[part]}
           for part in ("table", "train_seconds", "shuffled")}
    out["curve"] = {"sizes": first["curve"]["sizes"],
                    "classical": [run["curve"]["classical"] for run in runs.values()],
                    "deep": [run["curve"]["deep"] for run in runs.values()]}
    return out


def table(rows, spread: dict | None = None, unseen: dict | None = None) -> str:
    """Rows of :func:`compare` as a plain-text table (:func:`dlfaq.core.tables.format_table`):
    model, features, test accuracy (whole percent), training seconds (one decimal); ``spread``
    ({(model, features): [accuracy per seed]}, the recorded seeds 0-4) adds a column "seeds
    0-4 (mean +- sd)", ``unseen`` (the same for seeds the notebook never runs) another."""
    columns = [("model",), ("features",), ("test_accuracy", "test acc.", ".0%"),
               ("train_seconds", "seconds", ".1f")]

    def over(values_by_key):
        def cell(row):
            values = values_by_key.get((row["model"], row["features"]))
            if not values:
                return None
            return "{:.1f} +- {:.1f}".format(*(100 * v for v in _spread(values)))
        return cell

    if spread:
        columns.append(Column("over_seeds", "seeds 0-4 (mean +- sd)", value=over(spread),
                              align=">"))
    if unseen:
        columns.append(Column("unseen", "unseen seeds (mean +- sd)", value=over(unseen),
                              align=">"))
    return format_table(rows, columns)
