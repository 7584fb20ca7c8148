"""Backpropagation from scratch in NumPy: the reference the tests and notebook 02 check against.

An MLP of any depth is a list of ``(W, b)`` pairs, ``W`` of shape (n_in, n_out), so a layer
computes ``z = a_prev @ W + b`` and ``a = f(z)``; the output layer's ``z`` are logits and the
prediction ``y_hat = softmax(z)``; the loss is the mean cross-entropy. :func:`backward` is
reverse-mode automatic differentiation written out by hand: one chain-rule step per layer,
from the loss back to the input. :func:`numerical_gradient` is the slow, independent check
(central finite differences). :func:`fit` is plain gradient descent that *uses* the gradient.
Notebook 02 writes its own readable version and asserts it agrees with this one and with
``torch.autograd``.
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.checks import check_array, check_choice, check_int, check_labels
from dlfaq.core.doors import Array, Choice, Float, Int, Labels, door
from dlfaq.learn.neuron import grid_probabilities, sigmoid

__all__ = ["ACTIVATIONS", "activate", "backward", "fit", "forward", "init_params", "loss",
           "max_relative_error", "numerical_gradient", "probability_grid", "snapshot_view",
           "training_history"]

ACTIVATIONS = ("sigmoid", "tanh", "relu")


@door(z=Array(), activation=Choice(ACTIVATIONS))
def activate(z, activation: str):
    """f(z) for the named activation."""
    return _activate(z, activation)


def _activate(z, activation: str):
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return np.tanh(z)
    return np.maximum(z, 0.0)


def _activate_prime(z, a, activation: str):
    """f'(z), given z and a = f(z)."""
    if activation == "sigmoid":
        return a * (1.0 - a)
    if activation == "tanh":
        return 1.0 - a**2
    return (z > 0).astype(z.dtype)


def _softmax(z):
    """Row-wise softmax, shifted by the row maximum so it never overflows."""
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@door(seed=Int(0))
def init_params(sizes, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Random ``(W, b)`` per layer for layer sizes ``[n_in, hidden..., n_out]``.

    Weights N(0, 1/n_in) (float64), biases 0; ``seed`` seeds a private generator.
    """
    sizes = [check_int("sizes", s, low=1) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes}")
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((n_in, n_out)) / np.sqrt(n_in), np.zeros(n_out))
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)]


def forward(params, X, activation: str = "sigmoid"):
    """Run the MLP; returns ``(y_hat, zs, activations)``.

    ``y_hat`` (n, n_out) are softmax probabilities, ``zs`` the pre-activations of every layer
    (output logits last) and ``activations`` the inputs of every layer, ``X`` first.
    """
    check_choice("activation", activation, ACTIVATIONS)
    a = np.asarray(X, dtype=float)
    zs, activations = [], [a]
    for i, (W, b) in enumerate(params):
        z = a @ W + b
        zs.append(z)
        if i < len(params) - 1:
            a = _activate(z, activation)
            activations.append(a)
    return _softmax(zs[-1]), zs, activations


@door(activation=Choice(ACTIVATIONS))
def loss(params, X, y, activation: str = "sigmoid") -> float:
    """Mean cross-entropy of the labels ``y`` under the MLP's softmax output."""
    X, y = _check_data(params, X, y)
    y_hat, _, _ = forward(params, X, activation)
    p = y_hat[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.maximum(p, 1e-300))))


@door(activation=Choice(ACTIVATIONS))
def backward(params, X, y, activation: str = "sigmoid"):
    """Gradients ``[(dL/dW, dL/db), ...]`` of the mean cross-entropy, by backpropagation."""
    X, y = _check_data(params, X, y)
    return _loss_and_gradients(params, X, y, activation)[1]


def _loss_and_gradients(params, X, y, activation: str = "sigmoid"):
    """``(loss, grads)`` from one forward and one backward pass (no input checks: internal)."""
    y_hat, zs, activations = forward(params, X, activation)
    n = X.shape[0]
    rows = np.arange(n)
    loss_value = float(-np.mean(np.log(np.maximum(y_hat[rows, y], 1e-300))))
    d_loss__d_z = y_hat.copy()  # (n, n_out): softmax + cross-entropy give (y_hat - one_hot) / n
    d_loss__d_z[rows, y] -= 1.0
    d_loss__d_z /= n
    grads = []
    for i in range(len(params) - 1, -1, -1):
        W, _ = params[i]
        a_prev = activations[i]  # (n, n_in of layer i)
        grads.append((a_prev.T @ d_loss__d_z, d_loss__d_z.sum(axis=0)))
        if i > 0:
            d_loss__d_a_prev = d_loss__d_z @ W.T  # (n, n_in)
            d_loss__d_z = d_loss__d_a_prev * _activate_prime(zs[i - 1], a_prev, activation)
    return loss_value, grads[::-1]


def _check_data(params, X, y):
    """X and y checked against the network: its input width and its number of outputs."""
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError("params must be a non-empty list of (W, b) pairs, as init_params makes")
    n_in, n_out = np.shape(params[0][0])[0], np.shape(params[-1][0])[-1]
    X = check_array("X", X, ndim=2, shape=(None, n_in), min_rows=1)
    return X, check_labels("y", y, X.shape[0], n_classes=n_out)


@door(activation=Choice(ACTIVATIONS), eps=Float(0.0, 1.0, low_inclusive=False))
def numerical_gradient(params, X, y, activation: str = "sigmoid", eps: float = 1e-6):
    """The same gradients by central finite differences: (L(p + eps) - L(p - eps)) / (2 eps).

    Slow (two forward passes per parameter): for checks on small networks only.
    """
    X, y = _check_data(params, X, y)
    params = [(W.astype(float).copy(), b.astype(float).copy()) for W, b in params]
    grads = []
    for W, b in params:
        pair = []
        for array in (W, b):
            grad = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + eps
                up = loss(params, X, y, activation)
                array[index] = saved - eps
                down = loss(params, X, y, activation)
                array[index] = saved
                grad[index] = (up - down) / (2 * eps)
            pair.append(grad)
        grads.append(tuple(pair))
    return grads


def max_relative_error(grads_a, grads_b) -> float:
    """Largest |a - b| / max(|a|, |b|, 1e-8) over every entry of two gradient lists."""
    worst = 0.0
    for pair_a, pair_b in zip(grads_a, grads_b, strict=True):
        for a, b in zip(pair_a, pair_b, strict=True):
            a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
            scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), 1e-8)
            worst = max(worst, float(np.max(np.abs(a - b) / scale)))
    return worst


@door(X=Array(ndim=2, min_rows=1), y=Labels("X"), activation=Choice(ACTIVATIONS),
      lr=Float(0.0, 1000.0, low_inclusive=False), steps=Int(1, 1_000_000, cheap=20), seed=Int(0),
      record_every=Int(0))
def fit(X, y, hidden=(8,), activation: str = "tanh", lr: float = 0.5, steps: int = 1000,
        seed: int = 0, record_every: int = 0) -> dict:
    """Full-batch gradient descent on an MLP with the given hidden sizes.

    Backpropagation (:func:`backward`) computes the gradient; this loop only *uses* it:
    ``W <- W - lr * dL/dW``.

    Returns
    -------
    dict with ``params`` (the final weights), ``losses`` (steps + 1,) the loss before each
    step and after the last, and, when ``record_every`` > 0, ``snapshots``: a list of
    ``(step, params)`` every ``record_every`` steps (step 0 and the last step included).
    """
    hidden = [check_int("hidden", h, low=1, high=4096) for h in np.atleast_1d(hidden)]
    missing = sorted(set(range(int(y.max()) + 1)) - set(np.unique(y).tolist()))
    if missing:
        raise ValueError(f"y must use the classes 0..K-1 with none missing (the network gets "
                         f"one output per class); classes {missing[:5]} never appear. Renumber "
                         f"the labels, e.g. np.unique(y, return_inverse=True)[1]")
    params = init_params([X.shape[1], *hidden, int(y.max()) + 1], seed=seed)
    losses = np.empty(steps + 1)
    snapshots = []
    for step in range(steps + 1):
        if record_every and (step % record_every == 0 or step == steps):
            snapshots.append((step, [(W.copy(), b.copy()) for W, b in params]))
        losses[step], grads = _loss_and_gradients(params, X, y, activation)
        if step == steps:
            break
        params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(params, grads,
                                                                         strict=True)]
    result = {"params": params, "losses": losses}
    if record_every:
        result["snapshots"] = snapshots
    return result


def probability_grid(params, activation: str = "tanh", extent=(-2.0, 2.0, -2.0, 2.0),
                     resolution: int = 60) -> dict:
    """P(class 1 | x) of a 2-D, two-class MLP on a grid, in the format of
    :func:`dlfaq.learn.neuron.probability_grid` (``boundary`` is None: it is no longer a line)."""
    check_choice("activation", activation, ACTIVATIONS)

    def predict(grid_x, grid_y):
        return forward(params, np.c_[grid_x.ravel(), grid_y.ravel()], activation)[0][:, 1]

    return grid_probabilities(predict, extent, resolution)


def training_history(X, y, hidden=(8,), activation: str = "tanh", lr: float = 0.5,
                     steps: int = 1000, seed: int = 0, record_every: int = 25,
                     extent=(-2.0, 2.0, -2.0, 2.0), resolution: int = 60) -> dict:
    """Train with :func:`fit` and keep, at every ``record_every`` steps, what the hidden-layer
    explorer shows: the probability grid (:func:`probability_grid`) and the training accuracy.

    Returns a dict with ``X``, ``y``, ``losses`` (steps + 1,), ``steps`` (the recorded steps,
    0 and ``steps`` included), ``grids`` (one (resolution, resolution) array per recorded
    step), ``accuracies`` (one per recorded step), ``extent`` and ``diverged`` (True when the
    loss became non-finite or rose above 1.5, above the loss of a coin flip, ln 2).
    """
    record_every = check_int("record_every", record_every, low=1)
    run = fit(X, y, hidden=hidden, activation=activation, lr=lr, steps=steps, seed=seed,
              record_every=record_every)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    grids, accuracies = [], []
    for _, params in run["snapshots"]:
        grids.append(probability_grid(params, activation, extent, resolution)["proba"])
        y_hat, _, _ = forward(params, X, activation)
        accuracies.append(float(np.mean(y_hat.argmax(1) == y)))
    losses = run["losses"]
    return {"X": X, "y": y, "losses": losses, "grids": grids, "accuracies": accuracies,
            "steps": [step for step, _ in run["snapshots"]],
            "extent": tuple(float(v) for v in extent),
            "diverged": bool(not np.all(np.isfinite(losses)) or losses.max() > 1.5)}


def snapshot_view(history: dict, step: int) -> dict:
    """The recorded state of :func:`training_history` at ``step`` (the first recorded step at
    or after it, else the last): ``proba``, ``extent``, ``boundary`` (None), ``X``, ``y``,
    ``step`` (the step shown), ``losses`` (up to that step), ``accuracy`` (training accuracy
    at that step) and ``diverged``."""
    step = check_int("step", step, low=0)
    recorded = history["steps"]
    i = min(int(np.searchsorted(recorded, step)), len(recorded) - 1)
    shown = recorded[i]
    return {"proba": history["grids"][i], "extent": history["extent"], "boundary": None,
            "X": history["X"], "y": history["y"], "step": shown,
            "losses": history["losses"][:shown + 1], "accuracy": history["accuracies"][i],
            "diverged": history["diverged"]}
