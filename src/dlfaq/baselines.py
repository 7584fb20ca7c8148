"""Usual machine learning against deep learning, measured on one split (notebook 06).

:func:`compare` runs scikit-learn pipelines (on raw inputs and on hand-engineered features from
:mod:`dlfaq.features`) and the deep models (:class:`dlfaq.nets.MLP`, a ConvNet from
:mod:`dlfaq.convnets`, trained by :func:`dlfaq.train.fit`) on the same train/test split and
returns one row per model: the table of notebook 06 and the benchmark's input.
:func:`shuffle_positions` and :func:`training_size_curve` compute the two follow-up
experiments. scikit-learn does all of the usual machine learning: no classifier is written here.

Every function takes ``quick=True`` for smoke tests: fewer training steps, fewer models, a
smaller training set. The numbers it gives are not the lesson's.
"""

from __future__ import annotations

import time

import numpy as np

from dlfaq import convnets, data, features, nets, train
from dlfaq._checks import check_choice, check_int

DATASETS = ("mnist1d", "digits")
CLASSICAL = ("logistic regression", "RBF SVM", "k-NN", "random forest")
DEEP = ("MLP", "ConvNet")
FEATURES = {"mnist1d": "|FFT|", "digits": "gradient histograms"}

#: Training recipes of the deep models (Adam, mini-batches); measured offline on this machine.
RECIPES = {
    ("mnist1d", "MLP"): {"steps": 1500, "batch_size": 100, "lr": 2e-3, "weight_decay": 0.0},
    ("mnist1d", "ConvNet"): {"steps": 2500, "batch_size": 100, "lr": 1e-2, "weight_decay": 1e-4},
    ("digits", "MLP"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
    ("digits", "ConvNet"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
}


def load(dataset: str, seed: int = 0) -> dict:
    """The split of ``dataset`` every row uses: X_train, y_train, X_test, y_test (flat rows)."""
    check_choice("dataset", dataset, DATASETS)
    if dataset == "mnist1d":
        return data.load_mnist1d()  # its published split (4000 / 1000)
    return data.load_digits(test_size=0.25, seed=seed)


def engineer(dataset: str, X) -> np.ndarray:
    """Hand-engineered features of flat inputs X: |FFT| (MNIST-1D) or gradient histograms
    (8x8 digits, 2x2-pixel cells, 4 orientations)."""
    check_choice("dataset", dataset, DATASETS)
    X = np.asarray(X, dtype=float)
    if dataset == "mnist1d":
        return features.fft_features(X)
    return features.gradient_histograms(X.reshape(-1, 8, 8), cell_size=2, n_bins=4)


def classical_model(name: str, seed: int = 0):
    """A scikit-learn pipeline: standardise, then the named classifier."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    check_choice("name", name, CLASSICAL)
    model = {"logistic regression": lambda: LogisticRegression(max_iter=2000),
             "RBF SVM": lambda: SVC(kernel="rbf", C=10.0),
             "k-NN": lambda: KNeighborsClassifier(n_neighbors=5),
             "random forest": lambda: RandomForestClassifier(n_estimators=100, n_jobs=1,
                                                             random_state=seed)}[name]()
    return make_pipeline(StandardScaler(), model)


def deep_model(dataset: str, name: str, n_in: int, seed: int = 0):
    """The deep model ``name`` ("MLP" or "ConvNet") for ``dataset``, seeded."""
    check_choice("dataset", dataset, DATASETS)
    check_choice("name", name, DEEP)
    if name == "MLP":
        return nets.MLP(n_in, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
    if dataset == "mnist1d":
        return convnets.ConvNet1D(length=n_in, channels=25, seed=seed)
    return convnets.ConvNet2D(channels=16, seed=seed)


def run_classical(name: str, X_train, y_train, X_test, y_test, seed: int = 0) -> dict:
    """Fit one scikit-learn pipeline; returns test_accuracy (0..1) and train_seconds."""
    model = classical_model(name, seed)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return {"test_accuracy": float(model.score(X_test, y_test)), "train_seconds": seconds}


def run_deep(dataset: str, name: str, X_train, y_train, X_test, y_test, *, seed: int = 0,
             steps: int | None = None, progress: bool = False, device: str = "cpu") -> dict:
    """Train one deep model with its recipe (``steps`` overrides the recipe's); returns
    test_accuracy, train_seconds and the trained ``model``."""
    recipe = dict(RECIPES[(check_choice("dataset", dataset, DATASETS),
                           check_choice("name", name, DEEP))])
    if steps is not None:
        recipe["steps"] = check_int("steps", steps, low=1)
    X_train = np.asarray(X_train, dtype=np.float32)
    model = deep_model(dataset, name, X_train.shape[1], seed).to(device)
    result = train.fit(model, X_train, y_train, X_test=np.asarray(X_test, dtype=np.float32),
                       y_test=y_test, seed=seed, progress=progress,
                       description=f"{name} on {dataset}", **recipe)
    return {"test_accuracy": result["test"]["accuracy"], "train_seconds": result["seconds"],
            "train_accuracy": result["train"]["accuracy"], "model": model}


def compare(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
            progress: bool = False, device: str = "cpu") -> list[dict]:
    """Run every model of the comparison on one train/test split of ``dataset``.

    Parameters
    ----------
    dataset : {"mnist1d", "digits"}
    quick : bool, default False
        Smoke-test size: 500 training examples, two classical models, 50 deep-training steps.
    seed : int, default 0
        Seed of the split (digits), the models' weights and the batch order.
    progress : bool, default False
        Progress bars on the deep models' training.
    device : str, default "cpu"

    Returns
    -------
    list of dict, one per row, in table order, with keys ``model`` (str), ``features``
    ("raw" or the engineered kind), ``test_accuracy`` (0..1), ``train_seconds`` (wall time of
    fitting/training; feature extraction is timed with it), and for deep rows ``trained`` (the
    torch model).
    """
    check_choice("dataset", dataset, DATASETS)
    seed = check_int("seed", seed, low=0)
    split = load(dataset, seed)
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    if quick:
        X_train, y_train = X_train[:500], y_train[:500]
    rows = []
    for kind in ("raw", FEATURES[dataset]):
        start = time.perf_counter()
        F_train, F_test = ((X_train, X_test) if kind == "raw" else
                           (engineer(dataset, X_train), engineer(dataset, X_test)))
        extract = time.perf_counter() - start
        for name in (CLASSICAL[:2] if quick else CLASSICAL):
            row = run_classical(name, F_train, y_train, F_test, y_test, seed)
            rows.append({"model": name, "features": kind, **row,
                         "train_seconds": row["train_seconds"] + extract})
    for name in DEEP:
        row = run_deep(dataset, name, X_train, y_train, X_test, y_test, seed=seed,
                       steps=50 if quick else None, progress=progress, device=device)
        rows.append({"model": name, "features": "raw", "test_accuracy": row["test_accuracy"],
                     "train_seconds": row["train_seconds"], "trained": row["model"]})
    return rows


def permutation(length: int, seed: int = 0) -> np.ndarray:
    """A fixed random order of ``length`` input positions."""
    length = check_int("length", length, low=1)
    return np.random.default_rng(check_int("seed", seed, low=0)).permutation(length)


def shuffle_positions(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
                      progress: bool = False, device: str = "cpu",
                      models=("logistic regression", "ConvNet"),
                      steps: int | None = None) -> list[dict]:
    """Train ``models`` on the inputs with their positions shuffled, the same way in train and
    test: a fixed permutation of the 40 samples (MNIST-1D) or 64 pixels (digits).

    ``steps`` overrides the deep models' recipe (None: the recipe's). Returns rows like
    :func:`compare` (``features`` = "shuffled positions"; deep rows also ``train_accuracy``).
    ``quick`` as in :func:`compare`.
    """
    check_choice("dataset", dataset, DATASETS)
    split = load(dataset, seed)
    order = permutation(split["X_train"].shape[1], seed)
    X_train, X_test = split["X_train"][:, order], split["X_test"][:, order]
    y_train, y_test = split["y_train"], split["y_test"]
    if quick:
        X_train, y_train = X_train[:500], y_train[:500]
    rows = []
    for name in models:
        if name in CLASSICAL:
            row = run_classical(name, X_train, y_train, X_test, y_test, seed)
        else:
            row = run_deep(dataset, name, X_train, y_train, X_test, y_test, seed=seed,
                           steps=50 if quick else steps, progress=progress, device=device)
            row.pop("model")
        rows.append({"model": name, "features": "shuffled positions", **row})
    return rows


def training_size_curve(dataset: str = "mnist1d", sizes=(250, 500, 1000, 2000, 4000), *,
                        classical: str = "RBF SVM", classical_features: str | None = None,
                        deep: str = "ConvNet", quick: bool = False, seed: int = 0,
                        progress: bool = False, device: str = "cpu") -> dict:
    """Test accuracy against the number of training examples, one classical pipeline and one
    deep model, on the first ``size`` examples of the same training set.

    The deep model trains for the recipe's steps times size / full size (the same number of
    epochs), with at least 300 steps. ``classical_features``: "raw" or None (the engineered
    kind for ``dataset``).

    Returns a dict with ``sizes`` (k,), ``classical`` and ``deep`` (k,) accuracies 0..1, and
    ``labels``: the two names for a legend.
    """
    check_choice("dataset", dataset, DATASETS)
    check_choice("classical", classical, CLASSICAL)
    check_choice("deep", deep, DEEP)
    split = load(dataset, seed)
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    n_full = len(X_train)
    sizes = [check_int("size", s, low=20, high=n_full) for s in sizes]
    kind = classical_features or FEATURES[dataset]
    check_choice("classical_features", kind, ("raw", FEATURES[dataset]))
    F_train, F_test = ((X_train, X_test) if kind == "raw" else
                       (engineer(dataset, X_train), engineer(dataset, X_test)))
    full_steps = RECIPES[(dataset, deep)]["steps"]
    acc_classical, acc_deep = [], []
    for size in sizes:
        acc_classical.append(run_classical(classical, F_train[:size], y_train[:size], F_test,
                                           y_test, seed)["test_accuracy"])
        steps = 20 if quick else max(300, round(full_steps * size / n_full))
        acc_deep.append(run_deep(dataset, deep, X_train[:size], y_train[:size], X_test, y_test,
                                 seed=seed, steps=steps, progress=progress,
                                 device=device)["test_accuracy"])
    return {"sizes": np.array(sizes), "classical": np.array(acc_classical),
            "deep": np.array(acc_deep), "labels": (f"{classical} on {kind}", deep)}


def table(rows, reference: dict | None = None) -> str:
    """Rows of :func:`compare` as a plain-text table: model, features, accuracy (whole
    percent), seconds (one decimal); ``reference`` adds a column {model: published %}."""
    lines = [f"{'model':<20} {'features':<20} {'test acc.':>9} {'seconds':>8}"
             + ("  published" if reference else "")]
    for row in rows:
        line = (f"{row['model']:<20} {row['features']:<20} {row['test_accuracy']:>9.0%} "
                f"{row['train_seconds']:>8.1f}")
        if reference:
            published = reference.get(row["model"]) if row["features"] == "raw" else None
            line += f"  {published:>8.0f}%" if published is not None else ""
        lines.append(line)
    return "\n".join(lines)
