"""Depth separation in seconds: Telgarsky's sawtooth (notebook 08, section 3).

The tent map ``tent(x) = 2 min(x, 1 - x)`` on [0, 1] is two ReLUs:
``2 relu(x) - 4 relu(x - 1/2)``. Composed ``k`` times it is a sawtooth with ``2**(k - 1)``
teeth, ``2**k`` linear pieces. A ReLU net with ``k`` hidden layers of 2 units computes it
exactly (:func:`deep_sawtooth_net`: ``2 k`` hidden units). A net with *one* hidden layer of
``m`` ReLU units computes a piecewise-linear function of at most ``m + 1`` pieces, so it needs
at least ``2**k - 1`` units to be exact, exponentially many (Telgarsky, 2016).
:func:`shallow_fits` fits one-hidden-layer nets of several widths to the sawtooth (their
kinks spread evenly, the output layer by least squares) and counts their pieces
(:func:`count_pieces`). No plotting here.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_array, check_int
from dlfaq.core.doors import Array, Int, door

__all__ = ["count_pieces", "deep_sawtooth_net", "sawtooth", "shallow_fits"]


@door(k=Int(1, 30, cheap=5), x=Array(ndim=1, min_rows=1, values=(0.0, 1.0)))
def sawtooth(x, k: int) -> np.ndarray:
    """The tent map composed ``k`` times, on ``x`` in [0, 1]."""
    for _ in range(k):
        x = 2 * np.minimum(x, 1 - x)
    return x


@door(k=Int(1, 30, cheap=4))
def deep_sawtooth_net(k: int) -> nn.Sequential:
    """``k`` hidden layers of 2 ReLU units whose output is exactly :func:`sawtooth` (k): each
    layer computes relu(t) and relu(t - 1/2) of the previous tent t = 2 h1 - 4 h2."""
    layers = []
    for i in range(k):
        linear = nn.Linear(1 if i == 0 else 2, 2).double()
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[1.0], [1.0]]) if i == 0
                                else torch.tensor([[2.0, -4.0], [2.0, -4.0]]))
            linear.bias.copy_(torch.tensor([0.0, -0.5]))
        layers += [linear, nn.ReLU()]
    head = nn.Linear(2, 1).double()
    with torch.no_grad():
        head.weight.copy_(torch.tensor([[2.0, -4.0]]))
        head.bias.zero_()
    return nn.Sequential(*layers, head)


def count_pieces(y, x) -> int:
    """The number of linear pieces of a piecewise-linear function sampled as ``y`` on the
    evenly spaced grid ``x``: one more than the number of places its slope changes (a change
    inside one grid step shows as one or two changed second differences: counted once)."""
    x = check_array("x", x, ndim=1, min_rows=3)
    y = check_array("y", y, ndim=1, min_rows=len(x))
    slope = np.diff(y) / np.diff(x)
    scale = max(np.abs(slope).max(), 1e-12)
    changed = np.abs(np.diff(slope)) > 1e-6 * scale
    starts = changed & ~np.concatenate([[False], changed[:-1]])  # runs of changes count once
    return int(starts.sum()) + 1


@door(k=Int(1, 16, cheap=3), n_points=Int(3, 10_000_000, cheap=40))
def shallow_fits(k: int = 6, widths=(8, 16, 32, 63, 64), n_points: int = 2049) -> list[dict]:
    """The best one-hidden-layer fits of :func:`sawtooth` (k) with ``width`` ReLU units whose
    kinks are spread evenly, relu(x - j / width) for j = 0 .. width - 1, the output layer
    fitted by least squares on ``n_points`` points of [0, 1]. (Any first layer, random or
    trained, gives at most width + 1 pieces: spreading the kinks evenly is the best placement
    that does not know where the teeth are.) One row per width: ``width``, ``max_pieces``,
    ``pieces`` (counted), ``mse``, ``max_error``."""
    widths = [check_int("widths", w, low=1, high=100_000) for w in widths]
    x = np.linspace(0.0, 1.0, n_points)
    target = sawtooth(x, k)
    rows = []
    for width in widths:
        hidden = np.maximum(x[:, None] - np.arange(width)[None, :] / width, 0.0)  # (n, width)
        design = np.hstack([hidden, np.ones((n_points, 1))])                     # + bias
        weights, *_ = np.linalg.lstsq(design, target, rcond=None)
        fitted = design @ weights
        rows.append({"width": width, "max_pieces": width + 1,
                     "pieces": count_pieces(fitted, x),
                     "mse": float(np.mean((fitted - target) ** 2)),
                     "max_error": float(np.abs(fitted - target).max())})
    return rows
