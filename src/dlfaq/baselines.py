"""Usual machine learning against deep learning, measured fairly (notebook 06).

:func:`compare` runs scikit-learn pipelines (on raw inputs and on engineered features from
:mod:`dlfaq.features`) and the deep models (:class:`dlfaq.nets.MLP`, a ConvNet from
:mod:`dlfaq.convnets`, trained by :func:`dlfaq.train.fit`) on the same train/test split and
returns one row per model. Both sides get the same small search budget: three settings per
model (:data:`GRIDS`), chosen by :func:`search` on a validation split carved from the training
set (:func:`validation_split`), never on the test set; :data:`SELECTED` holds the choices of the
run recorded in :data:`SEED_RUN`. :func:`shuffle_positions` and :func:`training_size_curve`
compute the two follow-up experiments; :func:`seed_spread` repeats everything over seeds.
scikit-learn does all of the usual machine learning: no classifier is written here.

Run ``python -m dlfaq.baselines search`` (the validation search) or ``python -m dlfaq.baselines
seeds`` (every experiment over seeds 0-4) to reproduce the recorded numbers.

Every function takes ``quick=True`` for smoke tests: fewer training steps, fewer models, a
smaller training set. The numbers it gives are not the lesson's.
"""

from __future__ import annotations

import time

import numpy as np

from dlfaq import convnets, data, features, nets, train, tricks
from dlfaq._checks import check_array, check_choice, check_device, check_int, check_labels

DATASETS = ("mnist1d", "digits")
CLASSICAL = ("logistic regression", "RBF SVM", "k-NN", "random forest", "gradient boosting")
DEEP = ("MLP", "ConvNet")
#: Engineered features per data set, and the classical models each is paired with.
FEATURES = {"mnist1d": {"|FFT|": CLASSICAL, "random convolutions": ("logistic regression",)},
            "digits": {"gradient histograms": CLASSICAL}}

#: The training recipes of the deep models (Adam, mini-batches). The learning rate is the one
#: setting searched (see GRIDS; MNIST-1D: the selected one); the rest is fixed, and so is the
#: number of steps at every training size.
RECIPES = {
    ("mnist1d", "MLP"): {"steps": 1000, "batch_size": 128, "lr": 1e-2, "weight_decay": 0.0,
                         "schedule": "onecycle"},
    ("mnist1d", "ConvNet"): {"steps": 1000, "batch_size": 128, "lr": 6e-2,
                             "weight_decay": 1e-4, "schedule": "onecycle"},
    ("digits", "MLP"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
    ("digits", "ConvNet"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
}

#: The search budget, the same on both sides: three settings per model.
GRIDS = {
    "logistic regression": ({"C": 0.1}, {"C": 1.0}, {"C": 10.0}),
    "RBF SVM": ({"C": 1.0}, {"C": 10.0}, {"C": 100.0}),
    "k-NN": ({"n_neighbors": 1}, {"n_neighbors": 5}, {"n_neighbors": 15}),
    "random forest": ({"max_features": "sqrt"}, {"max_features": 0.25},
                      {"max_features": 0.5}),
    "gradient boosting": ({"learning_rate": 0.1}, {"learning_rate": 0.2},
                          {"learning_rate": 0.4}),
    "MLP": ({"lr": 2e-3}, {"lr": 5e-3}, {"lr": 1e-2}),
    "ConvNet": ({"lr": 1.5e-2}, {"lr": 3e-2}, {"lr": 6e-2}),
}

#: Settings chosen on the validation split by ``python -m dlfaq.baselines search`` (MNIST-1D,
#: seed 0; see SEED_RUN), keyed by (model, features). The 8x8 digits use each grid's middle
#: setting without a search: every model is within a few points there anyway.
SELECTED = {
    ("logistic regression", "raw"): {"C": 1.0},
    ("RBF SVM", "raw"): {"C": 100.0},
    ("k-NN", "raw"): {"n_neighbors": 1},
    ("random forest", "raw"): {"max_features": 0.5},
    ("gradient boosting", "raw"): {"learning_rate": 0.4},
    ("logistic regression", "|FFT|"): {"C": 0.1},
    ("RBF SVM", "|FFT|"): {"C": 1.0},
    ("k-NN", "|FFT|"): {"n_neighbors": 15},
    ("random forest", "|FFT|"): {"max_features": 0.5},
    ("gradient boosting", "|FFT|"): {"learning_rate": 0.1},
    ("logistic regression", "random convolutions"): {"C": 0.1},
    ("MLP", "raw"): {"lr": 1e-2},
    ("ConvNet", "raw"): {"lr": 6e-2},
}

#: The number of random kernels of the "random convolutions" features (two features each).
N_KERNELS = 100


def load(dataset: str, seed: int = 0) -> dict:
    """The split of ``dataset`` every row uses: X_train, y_train, X_test, y_test (flat rows)."""
    check_choice("dataset", dataset, DATASETS)
    seed = check_int("seed", seed, low=0)
    if dataset == "mnist1d":
        return data.load_mnist1d()  # its published split (4000 / 1000)
    return data.load_digits(test_size=0.25, seed=seed)


def validation_split(X, y, fraction: float = 0.2, seed: int = 0):
    """Carve a validation set out of training data: a seeded random ``fraction`` of the rows.

    Returns ``(X_fit, y_fit, X_val, y_val)``. Settings are chosen on (X_val, y_val); the test
    set is never looked at for a choice.
    """
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"fraction must be between 0 and 1 (exclusive), got {fraction!r}")
    X = check_array("X", X, ndim=2, min_rows=2)
    y = check_labels("y", y, len(X))
    order = np.random.default_rng(check_int("seed", seed, low=0)).permutation(len(X))
    n_val = max(1, round(fraction * len(X)))
    fit, val = order[n_val:], order[:n_val]
    return X[fit], y[fit], X[val], y[val]


def engineer(dataset: str, X, kind: str | None = None, seed: int = 0) -> np.ndarray:
    """Engineered features of flat inputs X. MNIST-1D: "|FFT|" (default) or "random
    convolutions" (ROCKET-style, :data:`N_KERNELS` kernels drawn with ``seed``); 8x8 digits:
    "gradient histograms" (2x2-pixel cells, 4 orientations)."""
    check_choice("dataset", dataset, DATASETS)
    kind = kind or next(iter(FEATURES[dataset]))
    check_choice("kind", kind, tuple(FEATURES[dataset]))
    X = check_array("X", X, ndim=2, min_rows=1)
    seed = check_int("seed", seed, low=0)
    if kind == "|FFT|":
        return features.fft_features(X)
    if kind == "random convolutions":
        kernels = features.random_kernels(N_KERNELS, X.shape[1], seed)
        return features.random_conv_features(X, kernels)
    return features.gradient_histograms(X.reshape(-1, 8, 8), cell_size=2, n_bins=4)


def classical_model(name: str, seed: int = 0, **settings):
    """A scikit-learn pipeline: standardise, then the named classifier with ``settings``
    (keyword arguments of the classifier, e.g. ``C=1.0``; default: the middle of its grid)."""
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    check_choice("name", name, CLASSICAL)
    seed = check_int("seed", seed, low=0)
    settings = {**GRIDS[name][1], **settings}
    model = {"logistic regression": lambda: LogisticRegression(max_iter=1000, **settings),
             "RBF SVM": lambda: SVC(kernel="rbf", **settings),
             "k-NN": lambda: KNeighborsClassifier(**settings),
             "random forest": lambda: RandomForestClassifier(
                 n_estimators=100, n_jobs=1, random_state=seed, **settings),
             "gradient boosting": lambda: HistGradientBoostingClassifier(
                 max_iter=50, early_stopping=False, random_state=seed, **settings)}[name]()
    return make_pipeline(StandardScaler(), model)


def deep_model(dataset: str, name: str, n_in: int, seed: int = 0):
    """The deep model ``name`` ("MLP" or "ConvNet") for ``dataset``, seeded."""
    check_choice("dataset", dataset, DATASETS)
    check_choice("name", name, DEEP)
    n_in, seed = check_int("n_in", n_in, low=1), check_int("seed", seed, low=0)
    if name == "MLP":
        return nets.MLP(n_in, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
    if dataset == "mnist1d":
        return convnets.ConvNet1D(length=n_in, channels=25, seed=seed)
    return convnets.ConvNet2D(channels=16, seed=seed)


def run_classical(name: str, X_train, y_train, X_test, y_test, seed: int = 0,
                  settings: dict | None = None) -> dict:
    """Fit one scikit-learn pipeline; returns test_accuracy (0..1) and train_seconds."""
    model = classical_model(name, seed, **(settings or {}))
    X_train, y_train, X_test, y_test = _check_split(X_train, y_train, X_test, y_test)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    return {"test_accuracy": float(model.score(X_test, y_test)), "train_seconds": seconds}


def run_deep(dataset: str, name: str, X_train, y_train, X_test, y_test, *, seed: int = 0,
             steps: int | None = None, progress: bool = False, device: str = "cpu",
             settings: dict | None = None) -> dict:
    """Train one deep model with its recipe (``settings`` and ``steps`` override the recipe's);
    returns test_accuracy, train_accuracy, train_seconds and the trained ``model``."""
    recipe = dict(RECIPES[(check_choice("dataset", dataset, DATASETS),
                           check_choice("name", name, DEEP))])
    recipe.update(settings or {})
    if steps is not None:
        recipe["steps"] = check_int("steps", steps, low=1)
    device = check_device("device", device) or "cpu"
    X_train, y_train, X_test, y_test = _check_split(X_train, y_train, X_test, y_test)
    X_train = X_train.astype(np.float32)
    model = deep_model(dataset, name, X_train.shape[1], seed).to(device)
    result = train.fit(model, X_train, y_train, X_test=np.asarray(X_test, dtype=np.float32),
                       y_test=y_test, seed=seed, progress=progress,
                       description=f"{name} on {dataset}", **recipe)
    return {"test_accuracy": result["test"]["accuracy"], "train_seconds": result["seconds"],
            "train_accuracy": result["train"]["accuracy"], "model": model}


def _check_split(X_train, y_train, X_test, y_test):
    """Training and test data checked at the door: finite rows of one width, integer labels."""
    X_train = check_array("X_train", X_train, ndim=2, min_rows=1)
    X_test = check_array("X_test", X_test, ndim=2, shape=(None, X_train.shape[1]), min_rows=1)
    return (X_train, check_labels("y_train", y_train, len(X_train)), X_test,
            check_labels("y_test", y_test, len(X_test)))


def train_mnist1d_convnet(X_train, y_train, *, seed: int = 0, X_test=None, y_test=None,
                          progress: bool = False, device: str = "cpu"):
    """Train notebook 06's MNIST-1D ConvNet (:class:`dlfaq.convnets.ConvNet1D`, the recipe of
    :data:`RECIPES` with the selected learning rate) and return the trained model."""
    X_test = X_train[:1] if X_test is None else X_test
    y_test = y_train[:1] if y_test is None else y_test
    return run_deep("mnist1d", "ConvNet", X_train, y_train, X_test, y_test, seed=seed,
                    progress=progress, device=device,
                    settings=SELECTED[("ConvNet", "raw")])["model"]


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
    return {} if name in DEEP else dict(GRIDS[name][1])


def _run_row(dataset, name, kind, X_train, y_train, X_test, y_test, *, seed, settings, quick,
             progress, device, F_cache) -> dict:
    if name in DEEP:
        row = run_deep(dataset, name, X_train, y_train, X_test, y_test, seed=seed,
                       steps=50 if quick else None, progress=progress, device=device,
                       settings=settings)
        return {"model": name, "features": kind, "test_accuracy": row["test_accuracy"],
                "train_seconds": row["train_seconds"], "trained": row["model"],
                "settings": settings}
    if kind not in F_cache:
        start = time.perf_counter()
        F_cache[kind] = ((X_train, X_test) if kind == "raw" else
                         (engineer(dataset, X_train, kind, seed),
                          engineer(dataset, X_test, kind, seed)),
                         time.perf_counter() - start)
    (F_train, F_test), extract = F_cache[kind]
    row = run_classical(name, F_train, y_train, F_test, y_test, seed, settings)
    return {"model": name, "features": kind, "test_accuracy": row["test_accuracy"],
            "train_seconds": row["train_seconds"] + extract, "settings": settings}


def compare(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
            progress: bool = False, device: str = "cpu") -> list[dict]:
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
    device : str, default "cpu"

    Returns
    -------
    list of dict, one per row, in table order, with keys ``model`` (str), ``features``
    ("raw" or the engineered kind), ``settings`` (dict), ``test_accuracy`` (0..1),
    ``train_seconds`` (wall time of fitting/training; feature extraction is timed with it),
    and for deep rows ``trained`` (the torch model).
    """
    check_choice("dataset", dataset, DATASETS)
    seed = check_int("seed", seed, low=0)
    device = check_device("device", device) or "cpu"
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


def search(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
           progress: bool = False, device: str = "cpu") -> dict:
    """The validation search: every setting of :data:`GRIDS` for every row of :func:`compare`,
    trained on 80% of the training set and scored on the other 20% (:func:`validation_split`).

    Returns {(model, features): {"scores": [validation accuracy per setting], "best": the
    setting with the highest score (the first one on ties)}}. The test set is not used.
    """
    device = check_device("device", device) or "cpu"
    check_choice("dataset", dataset, DATASETS)
    split = load(dataset, seed)
    X_fit, y_fit, X_val, y_val = validation_split(split["X_train"], split["y_train"], seed=seed)
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


def permutation(length: int, seed: int = 0) -> np.ndarray:
    """A fixed random order of ``length`` input positions."""
    length = check_int("length", length, low=1)
    return np.random.default_rng(check_int("seed", seed, low=0)).permutation(length)


def shuffle_positions(dataset: str = "mnist1d", *, quick: bool = False, seed: int = 0,
                      progress: bool = False, device: str = "cpu",
                      models=("logistic regression", "MLP", "ConvNet")) -> list[dict]:
    """Train ``models`` (on raw inputs, with their selected settings) on the inputs with their
    positions shuffled, the same way in train and test: a fixed permutation of the 40 samples
    (MNIST-1D) or 64 pixels (digits).

    Returns rows like :func:`compare` (``features`` = "shuffled positions"; no ``trained``).
    ``quick`` as in :func:`compare`.
    """
    check_choice("dataset", dataset, DATASETS)
    device = check_device("device", device) or "cpu"
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


def training_size_curve(dataset: str = "mnist1d", sizes=(250, 1000, 4000), *,
                        classical: str = "RBF SVM", classical_features: str = "raw",
                        deep: str = "ConvNet", quick: bool = False, seed: int = 0,
                        progress: bool = False, device: str = "cpu") -> dict:
    """Test accuracy against the number of training examples, one classical pipeline and one
    deep model (their selected settings), on the first ``size`` examples of the training set.

    The budget is the same at every size: the deep model trains for its recipe's steps (so a
    smaller set is seen for more epochs), the classical pipeline is fitted to convergence.

    Returns a dict with ``sizes`` (k,), ``classical`` and ``deep`` (k,) accuracies 0..1, and
    ``labels``: the two names for a legend.
    """
    check_choice("dataset", dataset, DATASETS)
    check_choice("classical", classical, CLASSICAL)
    check_choice("deep", deep, DEEP)
    check_choice("classical_features", classical_features, ("raw", *FEATURES[dataset]))
    device = check_device("device", device) or "cpu"
    split = load(dataset, seed)
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    sizes = [check_int("size", s, low=20, high=len(X_train)) for s in sizes]
    F_train, F_test = ((X_train, X_test) if classical_features == "raw" else
                       (engineer(dataset, X_train, classical_features, seed),
                        engineer(dataset, X_test, classical_features, seed)))
    settings_classical = _settings(dataset, classical, classical_features)
    acc_classical, acc_deep = [], []
    for size in sizes:
        acc_classical.append(run_classical(classical, F_train[:size], y_train[:size], F_test,
                                           y_test, seed, settings_classical)["test_accuracy"])
        acc_deep.append(run_deep(dataset, deep, X_train[:size], y_train[:size], X_test, y_test,
                                 seed=seed, steps=20 if quick else None, progress=progress,
                                 device=device, settings=_settings(dataset, deep, "raw"))
                        ["test_accuracy"])
    return {"sizes": np.array(sizes), "classical": np.array(acc_classical),
            "deep": np.array(acc_deep), "labels": (f"{classical} on {classical_features}", deep)}


def seed_spread(seeds=range(5), *, quick: bool = False, sizes=(250, 1000),
                curve_classical=("logistic regression", "random convolutions"),
                progress: bool = False) -> dict:
    """Every MNIST-1D experiment of notebook 06 repeated over ``seeds``: the table, the shuffled
    run and the training-size curve (``sizes`` plus the table's 4000).

    Returns {"table": {(model, features): [accuracy per seed]}, "shuffled": {model: [...]},
    "curve": {"sizes": [...], "classical": [[per size] per seed], "deep": [...]},
    "seconds": {(model, features): [train seconds per seed]}}.
    """
    out = {"table": {}, "shuffled": {}, "seconds": {},
           "curve": {"sizes": [*sizes, 4000], "classical": [], "deep": []}}
    for seed in seeds:
        rows = compare("mnist1d", quick=quick, seed=seed, progress=progress)
        for row in rows:
            key = (row["model"], row["features"])
            out["table"].setdefault(key, []).append(row["test_accuracy"])
            out["seconds"].setdefault(key, []).append(row["train_seconds"])
        for row in shuffle_positions("mnist1d", quick=quick, seed=seed, progress=progress):
            out["shuffled"].setdefault(row["model"], []).append(row["test_accuracy"])
        curve = training_size_curve("mnist1d", sizes, classical=curve_classical[0],
                                    classical_features=curve_classical[1], quick=quick,
                                    seed=seed, progress=progress)
        accuracy = {(r["model"], r["features"]): r["test_accuracy"] for r in rows}
        out["curve"]["classical"].append([*map(float, curve["classical"]),
                                          accuracy[curve_classical]])
        out["curve"]["deep"].append([*map(float, curve["deep"]), accuracy["ConvNet", "raw"]])
    return out


#: Mean and standard deviation (ddof=1; 0 for one value) of accuracies over seeds: the same
#: summary notebook 04 uses.
mean_spread = tricks.spread


def table(rows, spread: dict | None = None) -> str:
    """Rows of :func:`compare` as a plain-text table: model, features, accuracy (whole
    percent), seconds (one decimal); ``spread`` ({(model, features): [accuracy per seed]})
    adds a column "mean +- sd over seeds"."""
    lines = [f"{'model':<20} {'features':<20} {'test acc.':>9} {'seconds':>8}"
             + ("   over seeds (mean +- sd)" if spread else "")]
    for row in rows:
        line = (f"{row['model']:<20} {row['features']:<20} {row['test_accuracy']:>9.0%} "
                f"{row['train_seconds']:>8.1f}")
        values = (spread or {}).get((row["model"], row["features"]))
        if values:
            mean, sd = mean_spread(values)
            line += f"   {100 * mean:5.1f} +- {100 * sd:.1f}"
        lines.append(line)
    return "\n".join(lines)


#: The recorded run of :func:`search` and :func:`seed_spread` that notebook 06 shows (accuracies
#: 0..1 per seed 0-4). Reproduce with ``python -m dlfaq.baselines search`` and ``... seeds``.
SEED_RUN: dict = {'date': '2026-11-30',
                  'machine': 'a shared 2-core x86-64 VM, torch 2.13.0 CPU, one thread',
                  'search_command': 'python -m dlfaq.baselines search',
                  'command': 'python -m dlfaq.baselines seeds',
                  'search': {('logistic regression', 'raw'): {'scores': [0.3362, 0.3588, 0.3513],
                                                              'best': {'C': 1.0}},
                             ('RBF SVM', 'raw'): {'scores': [0.5487, 0.5962, 0.61],
                                                  'best': {'C': 100.0}},
                             ('k-NN', 'raw'): {'scores': [0.5363, 0.5262, 0.5225],
                                               'best': {'n_neighbors': 1}},
                             ('random forest', 'raw'): {'scores': [0.7338, 0.765, 0.7887],
                                                        'best': {'max_features': 0.5}},
                             ('gradient boosting', 'raw'): {'scores': [0.6837, 0.705, 0.7137],
                                                            'best': {'learning_rate': 0.4}},
                             ('logistic regression', '|FFT|'): {'scores': [0.4012, 0.3962, 0.395],
                                                                'best': {'C': 0.1}},
                             ('RBF SVM', '|FFT|'): {'scores': [0.3713, 0.3588, 0.3488],
                                                    'best': {'C': 1.0}},
                             ('k-NN', '|FFT|'): {'scores': [0.2725, 0.3262, 0.3525],
                                                 'best': {'n_neighbors': 15}},
                             ('random forest', '|FFT|'): {'scores': [0.3675, 0.3588, 0.37],
                                                          'best': {'max_features': 0.5}},
                             ('gradient boosting', '|FFT|'): {'scores': [0.3837, 0.36, 0.3762],
                                                              'best': {'learning_rate': 0.1}},
                             ('logistic regression', 'random convolutions'): {'scores': [0.9437,
                                                                                         0.9275,
                                                                                         0.925],
                                                                              'best': {'C': 0.1}},
                             ('MLP', 'raw'): {'scores': [0.5663, 0.5863, 0.6412],
                                              'best': {'lr': 0.01}},
                             ('ConvNet', 'raw'): {'scores': [0.9075, 0.9313, 0.95],
                                                  'best': {'lr': 0.06}}},
                  'table': {('logistic regression', 'raw'): [0.328, 0.328, 0.328, 0.328, 0.328],
                            ('RBF SVM', 'raw'): [0.637, 0.637, 0.637, 0.637, 0.637],
                            ('k-NN', 'raw'): [0.557, 0.557, 0.557, 0.557, 0.557],
                            ('random forest', 'raw'): [0.817, 0.81, 0.809, 0.803, 0.82],
                            ('gradient boosting', 'raw'): [0.742, 0.742, 0.742, 0.742, 0.742],
                            ('logistic regression', '|FFT|'): [0.399, 0.399, 0.399, 0.399, 0.399],
                            ('RBF SVM', '|FFT|'): [0.389, 0.389, 0.389, 0.389, 0.389],
                            ('k-NN', '|FFT|'): [0.377, 0.377, 0.377, 0.377, 0.377],
                            ('random forest', '|FFT|'): [0.373, 0.376, 0.366, 0.371, 0.359],
                            ('gradient boosting', '|FFT|'): [0.36, 0.36, 0.36, 0.36, 0.36],
                            ('logistic regression', 'random convolutions'): [0.947,
                                                                             0.93,
                                                                             0.939,
                                                                             0.943,
                                                                             0.937],
                            ('MLP', 'raw'): [0.651, 0.661, 0.65, 0.654, 0.65],
                            ('ConvNet', 'raw'): [0.955, 0.963, 0.955, 0.949, 0.943]},
                  'shuffled': {'logistic regression': [0.328, 0.328, 0.328, 0.327, 0.329],
                               'MLP': [0.643, 0.636, 0.652, 0.635, 0.685],
                               'ConvNet': [0.648, 0.626, 0.634, 0.629, 0.615]},
                  'curve': {'sizes': [250, 1000, 4000],
                            'classical': [[0.83, 0.91, 0.947],
                                          [0.82, 0.899, 0.93],
                                          [0.815, 0.903, 0.939],
                                          [0.83, 0.904, 0.943],
                                          [0.837, 0.91, 0.937]],
                            'deep': [[0.366, 0.839, 0.955],
                                     [0.333, 0.836, 0.963],
                                     [0.357, 0.839, 0.955],
                                     [0.342, 0.795, 0.949],
                                     [0.348, 0.811, 0.943]]}}


def main(argv=None) -> int:
    """``python -m dlfaq.baselines {search,seeds} [--seeds 0 1 ...] [--quick]``: print the
    search's validation scores, or every experiment over the seeds, as Python literals for
    :data:`SEED_RUN`."""
    import argparse
    import pprint

    import dlfaq

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("what", choices=("search", "seeds"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--quick", action="store_true", help="smoke-test size")
    args = parser.parse_args(argv)
    dlfaq.setup(verbose=False)  # one thread: the notebook's setting
    start = time.perf_counter()
    if args.what == "search":
        result = search("mnist1d", quick=args.quick)
    else:
        result = seed_spread(args.seeds, quick=args.quick)
    pprint.pprint(result, width=100, sort_dicts=False)
    print(f"# {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
