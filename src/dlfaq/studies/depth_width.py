"""Deep-narrow against shallow-wide networks with the same number of parameters (notebook 08).

:func:`matched_widths` finds, for each depth, the width that gives (about) a parameter budget
(:func:`mlp_parameters`, :func:`convnet_parameters`); :func:`depth_vs_width` trains them all over
seeds. Compute only: every function returns plain numbers; the figures are in :mod:`dlfaq.plots`.
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.checks import check_array, check_int, check_labels
from dlfaq.core.doors import Array, Choice, Float, Int, Labels, door
from dlfaq.learn import nets, train

__all__ = ["DEPTH_RECIPES", "convnet_parameters", "depth_vs_width", "matched_widths",
           "mlp_parameters"]


@door(n_in=Int(1), n_out=Int(1), depth=Int(1), width=Int(1))
def mlp_parameters(n_in: int, n_out: int, depth: int, width: int) -> int:
    """Weights and biases of an MLP with ``depth`` hidden layers of ``width`` units."""
    return _mlp_count(n_in, n_out, depth, width)


def _mlp_count(n_in, n_out, depth, width):
    return (n_in + 1) * width + (depth - 1) * (width + 1) * width + (width + 1) * n_out


@door(n_in=Int(8), n_out=Int(1), depth=Int(1), width=Int(1))
def convnet_parameters(n_in: int, n_out: int, depth: int, width: int) -> int:
    """Weights and biases of :class:`dlfaq.learn.convnets.ConvNet1D` on series of length ``n_in``
    with ``depth`` conv layers of ``width`` channels: kernel 5 then 3s, each with a bias, and a
    linear layer on the last feature maps (each stride-2 layer roughly halves the length)."""
    return _convnet_count(n_in, n_out, depth, width)


def _convnet_count(n_in, n_out, depth, width):
    length = (n_in + 2 - 5) // 2 + 1
    for _ in range(depth - 1):
        length = (length + 2 - 3) // 2 + 1
    return 6 * width + (depth - 1) * (3 * width + 1) * width + (width * length + 1) * n_out


_PARAMETERS = {"MLP": _mlp_count, "ConvNet": _convnet_count}  # unchecked: called 4096 times
#: How each network trains in :func:`depth_vs_width` (Adam): the MLP as in section 2's curves,
#: the ConvNet with notebook 06's one-cycle recipe, shortened (400 steps).
DEPTH_RECIPES = {"MLP": {"lr": 2e-3, "steps": 800, "batch_size": 100, "schedule": "constant"},
                 "ConvNet": {"lr": 6e-2, "steps": 400, "batch_size": 128,
                             "schedule": "onecycle"}}


@door(network=Choice(tuple(_PARAMETERS)), budget=Int(1, cheap=5000), n_in=Int(1, cheap=40),
      n_out=Int(1, cheap=10))
def matched_widths(n_in: int, n_out: int, depths, budget: int, network: str = "MLP") -> dict:
    """{depth: width} so that every network of ``network`` ("MLP": units per hidden layer;
    "ConvNet": channels per conv layer) has as close to ``budget`` parameters as possible."""
    if isinstance(depths, (str, bytes)) or not hasattr(depths, "__iter__"):
        raise TypeError(f"depths must be a list of depths, got {depths!r}")
    count = _PARAMETERS[network]
    widths = {}
    for depth in depths:
        depth = check_int("depth", depth, low=1, high=200 if network == "MLP" else 6)
        widths[depth] = min(range(1, 4097),
                            key=lambda w, d=depth: abs(count(n_in, n_out, d, w) - budget))
    return widths


@door(network=Choice(tuple(_PARAMETERS)), lr=Float(0.0, low_inclusive=False, none=True),
      steps=Int(1, none=True), budget=Int(1), weight_decay=Float(0.0),
      X_train=Array(ndim=2, min_rows=1, example=(12, 4)), y_train=Labels("X_train"))
def depth_vs_width(X_train, y_train, X_val, y_val, *, network: str = "MLP", depths=(1, 2, 4),
                   budget: int = 15_000, seeds=(0, 1, 2), steps: int | None = None,
                   lr: float | None = None, weight_decay: float = 0.0,
                   device=None) -> list[dict]:
    """Train networks of every depth in ``depths`` with (about) ``budget`` parameters each,
    over ``seeds``: ReLU MLPs (``network="MLP"``, width = units per hidden layer) or
    :class:`~dlfaq.learn.convnets.ConvNet1D` (``"ConvNet"``, width = channels per conv layer).
    ``steps`` and ``lr`` default to :data:`DEPTH_RECIPES`, which also sets the batch size and
    the learning-rate schedule. One row per run: network, depth,
    width, n_parameters, seed, train_accuracy, val_accuracy, train_seconds."""
    from dlfaq.learn import convnets

    recipe = DEPTH_RECIPES[network]
    lr = recipe["lr"] if lr is None else lr
    steps = recipe["steps"] if steps is None else steps
    X_train = X_train.astype(np.float32)
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


