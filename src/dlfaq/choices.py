"""When deep learning pays off and when usual machine learning is the better tool (notebook 08).

:func:`tabular_comparison` pits gradient-boosted trees (scikit-learn's
``HistGradientBoostingClassifier``) against an :class:`dlfaq.nets.MLP` on small tabular data sets
shipped with scikit-learn, each side choosing its hyperparameters on a validation split from
grids of the same size, timed. :func:`learning_curves` trains any classifier with
:func:`dlfaq.train.fit` while recording train and validation accuracy every few steps and keeps
the best validation step (early stopping); :class:`ShiftAugment` wraps a model so that it sees
randomly shifted series while training. :func:`matched_widths` and :func:`depth_vs_width` compare
deep-narrow and shallow-wide MLPs with the same number of parameters. Compute only: every
function returns plain numbers; the figures are in :mod:`dlfaq.plots`.
"""

from __future__ import annotations

import copy
import time

import numpy as np
import torch
from torch import nn

from dlfaq import nets, train
from dlfaq._checks import check_array, check_choice, check_float, check_int, check_labels

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


def load_tabular(name: str, seed: int = 0) -> dict:
    """A stratified 60/20/20 train/validation/test split of a data set shipped with
    scikit-learn (no download): X_train, y_train, X_val, y_val, X_test, y_test."""
    from sklearn import datasets
    from sklearn.model_selection import train_test_split

    check_choice("name", name, TABULAR)
    seed = check_int("seed", seed, low=0)
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


def tabular_search(name: str, model: str, seed: int = 0, mlp_steps: int = 300,
                   device=None) -> dict:
    """Fit every configuration of one side's grid on the training split, keep the best on the
    validation split, score it on the test split.

    ``model`` is "gradient boosting" or "MLP". Returns model, data set, seed, the chosen
    ``config``, ``val_accuracy``, ``test_accuracy`` (0..1) and ``train_seconds`` (the whole
    search).
    """
    check_choice("name", name, TABULAR)
    check_choice("model", model, ("gradient boosting", "MLP"))
    seed = check_int("seed", seed, low=0)
    mlp_steps = check_int("mlp_steps", mlp_steps, low=1)
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


class ShiftAugment(nn.Module):
    """Wraps a model on series (n, length): while training, each series is shifted circularly
    by a random whole number of positions in [-max_shift, max_shift]; in eval mode the input is
    passed unchanged. The shifts come from a private generator seeded by ``seed``."""

    def __init__(self, model: nn.Module, max_shift: int = 5, seed: int = 0):
        super().__init__()
        self.model = model
        self.max_shift = check_int("max_shift", max_shift, low=0)
        self.generator = torch.Generator().manual_seed(check_int("seed", seed, low=0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and self.max_shift > 0:
            x = shift_series(x, self.max_shift, self.generator)
        return self.model(x)


def shift_series(x: torch.Tensor, max_shift: int, generator: torch.Generator) -> torch.Tensor:
    """Every row of (n, length) rolled by its own random shift in [-max_shift, max_shift]."""
    n, length = x.shape[0], x.shape[-1]
    x = x.reshape(n, length)
    shifts = torch.randint(-max_shift, max_shift + 1, (n, 1), generator=generator)
    index = (torch.arange(length).unsqueeze(0) - shifts) % length
    return torch.gather(x, 1, index.to(x.device))


def learning_curves(model: nn.Module, X_train, y_train, X_val, y_val, *, every: int = 100,
                    n_train_eval: int = 1000, X_test=None, y_test=None, **fit_kwargs) -> dict:
    """Train ``model`` with :func:`dlfaq.train.fit` (``fit_kwargs``: steps, lr, ...) and record
    its accuracy on (up to ``n_train_eval``) training examples and on the validation set every
    ``every`` steps. The weights at the best validation step are kept (early stopping).

    Returns ``step`` (k,), ``train_accuracy`` (k,), ``val_accuracy`` (k,), ``best_step``,
    ``best_val_accuracy``, ``final_val_accuracy``, ``final_train_accuracy``, ``train_seconds``,
    ``n_parameters``, and with test data ``test_accuracy_final`` / ``test_accuracy_early``
    (the final weights vs the best validation step's).
    """
    every = check_int("every", every, low=1)
    n_train_eval = check_int("n_train_eval", n_train_eval, low=1)
    X_val = check_array("X_val", X_val, ndim=2, min_rows=1)
    y_val = check_labels("y_val", y_val, len(X_val))
    # the validation set meets the model before any training: width and label range
    model = train._check_model(model)
    train._check_data(model, "X_val", X_val, "y_val", y_val, train.device_of(model))
    X_sub, y_sub = np.asarray(X_train)[:n_train_eval], np.asarray(y_train)[:n_train_eval]
    steps, train_acc, val_acc, best = [], [], [], {"val": -1.0, "state": None, "step": 0}

    def record(step, net, _loss):
        if (step + 1) % every:
            return
        steps.append(step + 1)
        train_acc.append(train.evaluate(net, X_sub, y_sub)["accuracy"])
        val_acc.append(train.evaluate(net, X_val, y_val)["accuracy"])
        if val_acc[-1] > best["val"]:
            best.update(val=val_acc[-1], step=step + 1, state=copy.deepcopy(net.state_dict()))

    result = train.fit(model, X_train, y_train, callback=record, **fit_kwargs)
    out = {"step": np.array(steps), "train_accuracy": np.array(train_acc),
           "val_accuracy": np.array(val_acc), "best_step": best["step"],
           "best_val_accuracy": best["val"],
           "final_val_accuracy": val_acc[-1] if val_acc else float("nan"),
           "final_train_accuracy": result["train_accuracy"],
           "train_seconds": result["train_seconds"],
           "n_parameters": nets.n_parameters(model)}
    if X_test is not None:
        out["test_accuracy_final"] = train.evaluate(model, X_test, y_test)["accuracy"]
        if best["state"] is not None:
            final_state = copy.deepcopy(model.state_dict())
            model.load_state_dict(best["state"])
            out["test_accuracy_early"] = train.evaluate(model, X_test, y_test)["accuracy"]
            model.load_state_dict(final_state)
    return out


def mlp_parameters(n_in: int, n_out: int, depth: int, width: int) -> int:
    """Weights and biases of an MLP with ``depth`` hidden layers of ``width`` units."""
    n_in, n_out = check_int("n_in", n_in, low=1), check_int("n_out", n_out, low=1)
    depth, width = check_int("depth", depth, low=1), check_int("width", width, low=1)
    return (n_in + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * n_out


def convnet_parameters(n_in: int, n_out: int, depth: int, width: int) -> int:
    """Weights and biases of :class:`dlfaq.convnets.ConvNet1D` on series of length ``n_in``
    with ``depth`` conv layers of ``width`` channels: kernel 5 then 3s, each with a bias, and a
    linear layer on the last feature maps (each stride-2 layer roughly halves the length)."""
    n_in, n_out = check_int("n_in", n_in, low=8), check_int("n_out", n_out, low=1)
    depth, width = check_int("depth", depth, low=1), check_int("width", width, low=1)
    length = (n_in + 2 - 5) // 2 + 1
    for _ in range(depth - 1):
        length = (length + 2 - 3) // 2 + 1
    return 6 * width + (depth - 1) * (3 * width + 1) * width + (width * length + 1) * n_out


_PARAMETERS = {"MLP": mlp_parameters, "ConvNet": convnet_parameters}
#: How each network trains in :func:`depth_vs_width` (Adam): the MLP as in section 2's curves,
#: the ConvNet with notebook 06's one-cycle recipe, shortened (400 steps).
DEPTH_RECIPES = {"MLP": {"lr": 2e-3, "steps": 800, "batch_size": 100, "schedule": "constant"},
                 "ConvNet": {"lr": 6e-2, "steps": 400, "batch_size": 128,
                             "schedule": "onecycle"}}


def matched_widths(n_in: int, n_out: int, depths, budget: int, network: str = "MLP") -> dict:
    """{depth: width} so that every network of ``network`` ("MLP": units per hidden layer;
    "ConvNet": channels per conv layer) has as close to ``budget`` parameters as possible."""
    check_choice("network", network, tuple(_PARAMETERS))
    budget = check_int("budget", budget, low=1)
    n_in, n_out = check_int("n_in", n_in, low=1), check_int("n_out", n_out, low=1)
    if isinstance(depths, (str, bytes)) or not hasattr(depths, "__iter__"):
        raise TypeError(f"depths must be a list of depths, got {depths!r}")
    count = _PARAMETERS[network]
    widths = {}
    for depth in depths:
        depth = check_int("depth", depth, low=1, high=200 if network == "MLP" else 6)
        widths[depth] = min(range(1, 4097),
                            key=lambda w, d=depth: abs(count(n_in, n_out, d, w) - budget))
    return widths


def depth_vs_width(X_train, y_train, X_val, y_val, *, network: str = "MLP", depths=(1, 2, 4),
                   budget: int = 15_000, seeds=(0, 1, 2), steps: int | None = None,
                   lr: float | None = None, weight_decay: float = 0.0,
                   device=None) -> list[dict]:
    """Train networks of every depth in ``depths`` with (about) ``budget`` parameters each,
    over ``seeds``: ReLU MLPs (``network="MLP"``, width = units per hidden layer) or
    :class:`~dlfaq.convnets.ConvNet1D` (``"ConvNet"``, width = channels per conv layer).
    ``steps`` and ``lr`` default to :data:`DEPTH_RECIPES`, which also sets the batch size and
    the learning-rate schedule. One row per run: network, depth,
    width, n_parameters, seed, train_accuracy, val_accuracy, train_seconds."""
    from dlfaq import convnets

    check_choice("network", network, tuple(_PARAMETERS))
    recipe = DEPTH_RECIPES[network]
    lr = check_float("lr", recipe["lr"] if lr is None else lr, low=0.0, low_inclusive=False)
    steps = check_int("steps", recipe["steps"] if steps is None else steps, low=1)
    budget = check_int("budget", budget, low=1)
    weight_decay = check_float("weight_decay", weight_decay, low=0.0)
    X_train = check_array("X_train", X_train, ndim=2, min_rows=1).astype(np.float32)
    y_train = check_labels("y_train", y_train, len(X_train))
    X_val = check_array("X_val", X_val, ndim=2, shape=(None, X_train.shape[1]), min_rows=1)
    y_val = check_labels("y_val", y_val, len(X_val))
    n_in, n_out = X_train.shape[1], int(np.max(y_train)) + 1
    rows = []
    for depth, width in matched_widths(n_in, n_out, depths, budget, network).items():
        for seed in seeds:
            model = (nets.MLP(n_in, n_out, depth=depth, width=width, activation="relu",
                              init="he", seed=seed) if network == "MLP" else
                     convnets.ConvNet1D(length=n_in, channels=width, n_out=n_out, seed=seed,
                                        depth=depth))
            result = train.fit(model, X_train, y_train, X_test=X_val, y_test=y_val,
                               steps=steps, batch_size=recipe["batch_size"], lr=lr,
                               weight_decay=weight_decay, schedule=recipe["schedule"],
                               seed=seed, device=device)
            rows.append({"network": network, "depth": depth, "width": width, "seed": seed,
                         "n_parameters": model.n_parameters(),
                         "train_accuracy": result["train_accuracy"],
                         "val_accuracy": result["test_accuracy"],
                         "train_seconds": result["train_seconds"]})
    return rows


#: Recipes of the MNIST-1D curves (Adam, batch 100); weight decay is used only when asked for.
CURVE_RECIPES = {"MLP": {"lr": 2e-3, "weight_decay": 1e-2},
                 "ConvNet": {"lr": 1e-2, "weight_decay": 1e-3}}
REGULARISERS = ("none", "weight decay", "shift")


def mnist1d_split(n_train: int = 3000) -> dict:
    """MNIST-1D's training series split into the first ``n_train`` (training) and the last
    1,000 (validation); its published 1,000 test series kept apart."""
    from dlfaq import data

    n_train = check_int("n_train", n_train, low=10, high=3000)
    d = data.load_mnist1d()
    return {"X_train": d["X_train"][:n_train], "y_train": d["y_train"][:n_train],
            "X_val": d["X_train"][3000:], "y_val": d["y_train"][3000:],
            "X_test": d["X_test"], "y_test": d["y_test"]}


def mnist1d_curves(name: str, regulariser: str = "none", *, n_train: int = 3000,
                   steps: int = 1000, every: int = 100, max_shift: int = 5,
                   seed: int = 0, device=None) -> dict:
    """:func:`learning_curves` of notebook 05's MLP (2 x 100 ReLU) or ConvNet1D on MNIST-1D,
    plain, with weight decay (:data:`CURVE_RECIPES`) or with random shifts (``max_shift``)."""
    from dlfaq import convnets

    check_choice("name", name, tuple(CURVE_RECIPES))
    check_choice("regulariser", regulariser, REGULARISERS)
    steps, every = check_int("steps", steps, low=1), check_int("every", every, low=1)
    max_shift, seed = check_int("max_shift", max_shift, low=0), check_int("seed", seed, low=0)
    split = mnist1d_split(n_train)
    model = (nets.MLP(40, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
             if name == "MLP" else convnets.ConvNet1D(length=40, channels=25, seed=seed))
    if regulariser == "shift":
        model = ShiftAugment(model, max_shift=max_shift, seed=seed)
    recipe = CURVE_RECIPES[name]
    weight_decay = recipe["weight_decay"] if regulariser == "weight decay" else 0.0
    curves = learning_curves(model, split["X_train"], split["y_train"], split["X_val"],
                             split["y_val"], X_test=split["X_test"], y_test=split["y_test"],
                             every=every, steps=steps, batch_size=100, lr=recipe["lr"],
                             weight_decay=weight_decay, seed=seed, device=device)
    curves.update(model=name, regulariser=regulariser, n_train=n_train)
    return curves


def reuse_features(*, source=(0, 1, 2, 3, 4), target=(5, 6, 7, 8, 9), n_per_class: int = 20,
                   source_steps: int = 1000, scratch_steps: int = 400, seed: int = 0,
                   device=None) -> dict:
    """Features learned on some MNIST-1D digits reused for the others, with little data.

    A ConvNet1D is trained on every training series of the ``source`` digits. Then, for the
    ``target`` digits, with only ``n_per_class`` training series each: a logistic regression on
    the frozen ConvNet's last feature maps ("reused"), the same ConvNet trained from scratch on
    those few series ("scratch") and a logistic regression on the raw series ("raw"). Returns
    their test accuracies on the target digits' test series (0..1) and the source ConvNet's
    test accuracy on its own digits.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dlfaq import convnets, data

    n_per_class = check_int("n_per_class", n_per_class, low=1)
    source = [check_int("source", d, low=0, high=9) for d in source]
    target = [check_int("target", d, low=0, high=9) for d in target]
    if len(set(source)) < 2 or len(set(target)) < 2:
        raise ValueError("source and target need at least two digits each")
    source_steps = check_int("source_steps", source_steps, low=1)
    scratch_steps = check_int("scratch_steps", scratch_steps, low=1)
    seed = check_int("seed", seed, low=0)
    if set(source) & set(target):
        raise ValueError(f"source {source} and target {target} must not share digits")
    d = data.load_mnist1d()

    def subset(X, y, digits):
        mask = np.isin(y, digits)
        return X[mask], np.searchsorted(np.sort(digits), y[mask])

    Xs, ys = subset(d["X_train"], d["y_train"], list(source))
    Xs_test, ys_test = subset(d["X_test"], d["y_test"], list(source))
    base = convnets.ConvNet1D(length=40, channels=25, n_out=len(source), seed=seed)
    fitted = train.fit(base, Xs, ys, X_test=Xs_test, y_test=ys_test, steps=source_steps,
                       batch_size=100, lr=1e-2, seed=seed, device=device)
    Xt, yt = subset(d["X_train"], d["y_train"], list(target))
    rng = np.random.default_rng(seed)
    few = np.concatenate([rng.choice(np.flatnonzero(yt == k), n_per_class, replace=False)
                          for k in range(len(target))])
    X_few, y_few = Xt[few], yt[few]
    Xt_test, yt_test = subset(d["X_test"], d["y_test"], list(target))

    base.eval()

    def frozen(X):
        with torch.no_grad():
            return base.features(train.as_tensors(X))[-1].flatten(1).numpy()

    def probe(train_X, test_X):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
        return float(model.fit(train_X, y_few).score(test_X, yt_test))

    scratch = convnets.ConvNet1D(length=40, channels=25, n_out=len(target), seed=seed)
    scratch_fit = train.fit(scratch, X_few, y_few, X_test=Xt_test, y_test=yt_test,
                            steps=scratch_steps, batch_size=min(100, len(X_few)), lr=1e-2,
                            seed=seed, device=device)
    return {"source_accuracy": fitted["test_accuracy"],
            "reused": probe(frozen(X_few), frozen(Xt_test)),
            "scratch": scratch_fit["test_accuracy"],
            "raw": probe(X_few, Xt_test), "n_per_class": n_per_class,
            "chance": 1.0 / len(target)}
