"""The gradient explorer: gradient size layer by layer (notebook 03)."""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from dlfaq import plots
from dlfaq.core.checks import check_array, check_choice, check_int, check_labels
from dlfaq.explorers.base import Explorer

__all__ = ["INIT_CHOICES", "gradient_explorer"]

INIT_CHOICES = {"PyTorch default": "default", "Nielsen N(0, 1/n_in)": "nielsen",
                "Xavier/Glorot": "xavier", "He": "he", "large weights": "large"}


def gradient_explorer(X=None, y=None, *, depth: int = 10, width: int = 32,
                      activation: str = "sigmoid", init: str = "default",
                      batch_norm: bool = False, residual: bool = False,
                      residual_scale: float = 1.0, max_depth: int = 50, max_width: int = 128,
                      n_samples: int = 128, bins: int = 40, seed: int = 0) -> Explorer:
    """The gradient explorer: per-layer gradient norms and activations of a fresh deep MLP.

    Controls: ``depth`` (1 to ``max_depth``), ``width`` (4 to ``max_width``), ``activation``
    ("sigmoid", "tanh", "relu"), ``init`` (a key of :data:`INIT_CHOICES`' values: "default",
    "nielsen", "xavier", "he", "large"), and the switches ``batch_norm`` and ``residual``
    (default off; notebook 04 turns them on). Every change builds the network
    (:class:`dlfaq.learn.nets.MLP`, float64, seeded) and measures, on one batch of ``n_samples``
    inputs, what :func:`dlfaq.learn.gradients.measure` returns. Left: the norm of dL/dW and dL/db
    of every hidden layer on a fixed log axis (values beyond it are drawn as red triangles on
    its edge and named under the figure). Right: the distribution of every layer's outputs
    (one histogram per column; saturated sigmoid/tanh units pile up at the edges).

    Parameters
    ----------
    X, y : arrays, optional
        The inputs and labels measured on; default: the first ``n_samples`` training digits
        (:func:`dlfaq.learn.data.load_digits`).
    depth, width, activation, init, batch_norm, residual : initial control values
    residual_scale : float, default 1.0
        Factor on residual branches (see :class:`dlfaq.learn.nets.MLP`); not a control.
    max_depth, max_width : int
        Ranges of the depth and width sliders (the x axis spans ``max_depth`` layers, fixed).
    n_samples, bins, seed : batch size, histogram bins, seed of the weights

    Returns
    -------
    Explorer; ``explorer.set(depth=30, activation="relu", init="he", batch_norm=True)``
    updates it as a reader would, and returns the measured data.
    """
    from dlfaq.learn import data, gradients, nets

    max_depth = check_int("max_depth", max_depth, low=1, high=200)
    max_width = check_int("max_width", max_width, low=4, high=1024)
    bins = check_int("bins", bins, low=2, high=400)
    if X is None:
        digits = data.load_digits()
        n_samples = check_int("n_samples", n_samples, low=2, high=len(digits["X_train"]))
        X, y = digits["X_train"][:n_samples], digits["y_train"][:n_samples]
    X = check_array("X", X, ndim=2)
    y = check_labels("y", y, X.shape[0])
    n_classes = int(y.max()) + 1

    @functools.lru_cache(maxsize=24)
    def build(d, w, act, ini, bn, res):
        return nets.MLP(X.shape[1], n_classes, depth=d, width=w, activation=act, init=ini,
                        batch_norm=bn, residual=res, residual_scale=residual_scale,
                        seed=seed).double()

    def compute(depth, width, activation, init, batch_norm, residual):
        model = build(depth, width, activation, init, bool(batch_norm), bool(residual))
        view = gradients.layer_view(model, X, y, bins=bins)
        view["message"] = _gradient_message(view, activation, depth)
        return view

    def draw(fig, d):
        ax_grad, ax_act = fig.subplots(1, 2)
        artists = {"grad": plots.plot_layer_gradients(ax_grad, max_depth),
                   "act": plots.plot_activation_histograms(ax_act, max_depth,
                                                           d["value_range"], bins)}
        ax_grad.set_title("Gradient norm of every layer", fontsize=10)
        ax_act.set_title("Activations of every layer", fontsize=10)
        redraw(artists, d)
        return artists

    def redraw(artists, d):
        grad, act = artists["grad"], artists["act"]
        plots.update_layer_gradients(grad, d["weight_grad_norm"][:-1],
                                     d["bias_grad_norm"][:-1])
        plots.update_activation_histograms(act, d["hist"], d["act_mean"], max_depth,
                                           value_range=d["value_range"])
        return [grad["weights"], grad["biases"], grad["low"], grad["high"], act["image"],
                act["mean"], *act["labels"]]

    controls = {
        "depth": widgets.IntSlider(value=check_int("depth", depth, low=1, high=max_depth), min=1,
                             max=max_depth, description="depth", continuous_update=True),
        "width": widgets.IntSlider(value=check_int("width", width, low=4, high=max_width), min=4,
                             max=max_width, step=4, description="width",
                             continuous_update=False),
        "activation": widgets.Dropdown(options=["sigmoid", "tanh", "relu"],
                                 value=check_choice("activation", activation,
                                                    ["sigmoid", "tanh", "relu"]),
                                 description="activation", layout=widgets.Layout(width="200px")),
        "init": widgets.Dropdown(options=list(INIT_CHOICES.items()),
                           value=check_choice("init", init, list(INIT_CHOICES.values())),
                           description="init", layout=widgets.Layout(width="260px")),
        "batch_norm": widgets.Checkbox(value=bool(batch_norm), description="batch norm",
                                 indent=False, layout=widgets.Layout(width="110px")),
        "residual": widgets.Checkbox(value=bool(residual), description="residual",
                               indent=False, layout=widgets.Layout(width="100px")),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(10, 3.7),
                    margins={"left": 0.08, "right": 0.99, "bottom": 0.14, "top": 0.92,
                             "wspace": 0.22})


def _gradient_message(m, activation, depth) -> str:
    """What the figure shows, in numbers, for the line under it."""
    lo, hi = plots.GRAD_LIMITS
    w = m["weight_grad_norm"][:-1]
    first, last = w[0], w[-1]
    parts = []
    if depth > 1 and np.isfinite(first) and np.isfinite(last) and last > 0:
        parts.append(f"|dL/dW| at layer 1 is <b>{first / last:.1e}</b> times that at layer "
                     f"{depth}.")
    vanished = np.flatnonzero(np.isfinite(w) & (w < lo)) + 1
    exploded = np.flatnonzero(~np.isfinite(w) | (w > hi)) + 1
    if vanished.size:
        parts.append(f"<b>Vanished:</b> gradient below {lo:.0e} in layers {_ranges(vanished)} "
                     f"(smallest {w.min():.1e}).")
    if exploded.size:
        parts.append(f"<b>Exploded:</b> gradient above {hi:.0e} in layers "
                     f"{_ranges(exploded)}.")
    sat = m["saturation"]
    kind = "inactive (z &le; 0)" if activation == "relu" else "saturated"
    parts.append(f"Units {kind}: {sat[0]:.0%} in layer 1, {sat[-1]:.0%} in layer {depth}.")
    outside = float(np.max(m["outside"]))
    if outside > 0.01:
        lo_v, hi_v = m["value_range"]
        parts.append(f"Up to {outside:.0%} of a layer's activations lie beyond "
                     f"[{lo_v:g}, {hi_v:g}] (counted in the edge bins).")
    return " ".join(parts)


def _ranges(layers) -> str:
    """[1, 2, 3, 7] -> '1-3, 7'."""
    groups, start = [], layers[0]
    for previous, current in zip(layers[:-1], layers[1:], strict=True):
        if current != previous + 1:
            groups.append((start, previous))
            start = current
    groups.append((start, layers[-1]))
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in groups)


# --- ConvNets (notebook 05) -------------------------------------------------------------------
