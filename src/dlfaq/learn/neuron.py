"""One neuron, from scratch in NumPy: the log-sigmoid unit and its gradient-descent training.

The unit computes z = X @ w + b and a = sigmoid(z), read as P(y = 1 | x). Notebook 01 writes
these lines in front of the reader; the widgets and later notebooks call this module, and the
notebook checks that both agree.
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.checks import check_array, check_float
from dlfaq.core.doors import Array, Float, Int, Labels, door

__all__ = ["accuracy", "best_line", "boundary_segment", "grid_probabilities", "log_loss",
           "predict_proba", "probability_grid", "sigmoid", "sigmoid_prime", "step",
           "train_logistic", "unit_view"]

#: Any finite numbers, any shape (a unit's pre-activations).
_Z = Array(values=(-50.0, 50.0))


@door(z=_Z)
def sigmoid(z):
    """The logistic function 1 / (1 + exp(-z)), computed without overflow for any finite z."""
    e = np.exp(-np.abs(z))  # never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@door(z=_Z)
def sigmoid_prime(z):
    """Derivative of the sigmoid: sigma(z) * (1 - sigma(z)), at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


@door(z=_Z)
def step(z):
    """The perceptron's threshold unit: 1 where z >= 0, else 0. Its derivative is 0 almost
    everywhere, so gradient descent gets no signal from it."""
    return (z >= 0).astype(float)


@door(w=Array(ndim=1, example=(2,)), b=Float())
def predict_proba(X, w, b):
    """P(y = 1 | x) = sigmoid(X @ w + b) for each row of ``X`` (n, d) -> (n,)."""
    X = check_array("X", X, ndim=2, shape=(None, w.shape[0]), min_rows=1)  # X against w
    return sigmoid(X @ w + b)


#: Probabilities of class 1, one per point, and the points' labels 0 and 1.
_P = Array(ndim=1, min_rows=1, values=(0.0, 1.0))


@door(p=_P, y=Labels("p", classes=2), eps=Float(0.0, 0.5, cheap=(1e-15, 0.5)))
def log_loss(p, y, eps: float = 1e-12) -> float:
    """Mean binary cross-entropy -[y log p + (1 - y) log(1 - p)]."""
    _check_probabilities(p)
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


@door(X=Array(ndim=2), y=Labels("X"), lr=Float(0.0, 100.0, low_inclusive=False),
      steps=Int(1, 1_000_000, cheap=30), l2=Float(0.0))
def train_logistic(X, y, lr: float = 0.5, steps: int = 500, l2: float = 0.0) -> dict:
    """Fit one log-sigmoid unit by full-batch gradient descent on the cross-entropy.

    Parameters
    ----------
    X : array of shape (n, d)
    y : array of shape (n,), labels 0 or 1
    lr : float, default 0.5
        Learning rate (0, 100].
    steps : int, default 500
        Gradient-descent steps (1 to 1,000,000).
    l2 : float, default 0.0
        Strength of an L2 penalty (l2 / 2) * |w|^2 added to the mean loss.

    Returns
    -------
    dict with ``w`` (d,), ``b`` (float) and ``losses`` (steps,), the loss before each step.
    Starts from w = 0, b = 0, so there is nothing random.
    """
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError(f"y must hold labels 0 and 1, got {sorted(set(np.unique(y)))}")
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    losses = np.empty(steps)
    for i in range(steps):
        p = sigmoid(X @ w + b)
        losses[i] = log_loss(p, y) + 0.5 * l2 * (w @ w)
        d_loss__d_z = (p - y) / n          # (n,): cross-entropy and sigmoid simplify to p - y
        w -= lr * (X.T @ d_loss__d_z + l2 * w)
        b -= lr * d_loss__d_z.sum()
    return {"w": w, "b": b, "losses": losses}


@door(p=_P, y=Labels("p", classes=2))
def accuracy(p, y) -> float:
    """Fraction of points where the thresholded probability p >= 0.5 matches the label."""
    _check_probabilities(p)
    return float(np.mean((p >= 0.5) == y))


def _check_probabilities(p):
    if np.any((p < 0) | (p > 1)):
        raise ValueError(f"p must hold probabilities in [0, 1], got values from {p.min():g} "
                         f"to {p.max():g}")


@door(X=Array(ndim=2, example=(12, 2)), y=Labels("X"), n_directions=Int(4, 100_000, cheap=50))
def best_line(X, y, n_directions: int = 720) -> dict:
    """The most accurate straight line for 2-D, two-class data, by exhaustive search.

    Tries ``n_directions`` unit normals u spread evenly around the circle and, along each,
    every threshold t between consecutive projections u . x; a line predicts class 1 where
    u . x - t >= 0. What one unit could reach if accuracy, not log loss, were its goal. A
    lower bound of the true optimum that is tight up to the angular step (360 / n_directions
    degrees).

    Returns a dict with ``accuracy``, the line as ``w`` (2,) and ``b`` (the unit's
    weights: class 1 where w . x + b >= 0) and ``lines``, how many lines were tried.
    """
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (points in the plane), got {X.shape[1]}")
    if not set(np.unique(y)) <= {0, 1}:
        raise ValueError(f"y must hold labels 0 and 1, got {sorted(set(np.unique(y)))}")
    angles = np.linspace(0.0, 2 * np.pi, n_directions, endpoint=False)
    normals = np.stack([np.cos(angles), np.sin(angles)])     # (2, directions)
    projections = X @ normals                                  # (n, directions)
    order = np.argsort(projections, axis=0)
    sorted_y = y[order]                                        # labels in projection order
    ones_below = np.vstack([np.zeros((1, n_directions)), np.cumsum(sorted_y, axis=0)])
    below = np.arange(len(y) + 1)[:, None]                     # points predicted class 0
    correct = (below - ones_below) + (y.sum() - ones_below)    # (n + 1, directions)
    cut, direction = np.unravel_index(np.argmax(correct), correct.shape)
    s = np.sort(projections[:, direction])
    edges = np.concatenate([[s[0] - 1.0], (s[:-1] + s[1:]) / 2, [s[-1] + 1.0]])
    return {"accuracy": float(correct[cut, direction] / len(y)), "w": normals[:, direction],
            "b": float(-edges[cut]), "lines": n_directions * (len(y) + 1)}


@door(w=Array(shape=(2,)), b=Float())
def probability_grid(w, b, extent=(-2.5, 2.5, -2.5, 2.5), resolution: int = 120) -> dict:
    """Evaluate the unit on a grid: what the probability map and boundary plots draw.

    Returns a dict with ``proba`` (resolution, resolution), ``extent`` and ``boundary``, the
    two end points of the line w1 x1 + w2 x2 + b = 0 inside the extent (or None when w = 0,
    where the unit outputs sigmoid(b) everywhere and has no boundary).
    """
    grid = grid_probabilities(lambda grid_x, grid_y: sigmoid(w[0] * grid_x + w[1] * grid_y + b),
                              extent, resolution)
    grid["boundary"] = boundary_segment(w, b, extent)
    return grid


@door(resolution=Int(2, 2000, cheap=50))
def grid_probabilities(predict, extent=(-2.5, 2.5, -2.5, 2.5), resolution: int = 120) -> dict:
    """P(y=1|x) of any 2-D model on a ``resolution`` x ``resolution`` grid over ``extent``.

    ``predict(grid_x, grid_y)`` gets the two coordinate arrays (resolution, resolution) and
    returns the probabilities in the same shape. Returns the format of
    :func:`probability_grid` with ``boundary`` None (a curved boundary is not a segment).
    """
    x0, x1, y0, y1 = (float(v) for v in extent)
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    grid_x, grid_y = np.meshgrid(xs, ys)
    proba = np.asarray(predict(grid_x, grid_y), dtype=float).reshape(resolution, resolution)
    return {"proba": proba, "extent": (x0, x1, y0, y1), "boundary": None}


def unit_view(X, y, w, b, extent=(-2.5, 2.5, -2.5, 2.5), resolution: int = 80) -> dict:
    """Everything the logistic explorer shows for one unit (w, b) on the data (X, y).

    Returns :func:`probability_grid`'s keys and ``w`` (2,), ``b``, ``loss`` (mean log loss on
    the data), ``accuracy`` (0..1) and ``constant`` (sigmoid(b), what the unit outputs
    everywhere when w = 0).
    """
    w = check_array("w", w, shape=(2,))
    b = check_float("b", b)
    view = probability_grid(w, b, extent=extent, resolution=resolution)
    p = predict_proba(X, w, b)
    view.update({"w": w, "b": b, "loss": log_loss(p, y), "accuracy": accuracy(p, y),
                 "constant": float(sigmoid(b))})
    return view


@door(extent=Array(shape=(4,)), w=Array(shape=(2,)), b=Float())
def boundary_segment(w, b, extent):
    """End points ((x_a, y_a), (x_b, y_b)) of w . x + b = 0 clipped to extent, or None."""
    x0, x1, y0, y1 = extent
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"extent must be (x_min, x_max, y_min, y_max) with min < max, "
                         f"got {tuple(extent)}")
    w1, w2 = w
    if abs(w1) < 1e-12 and abs(w2) < 1e-12:
        return None
    if abs(w2) >= abs(w1):  # write the line as y(x)
        xs = np.array([x0, x1])
        ys = -(w1 * xs + b) / w2
    else:  # as x(y)
        ys = np.array([y0, y1])
        xs = -(w2 * ys + b) / w1
    return (xs[0], ys[0]), (xs[1], ys[1])
