"""The explorers of the series: for each, its controls, one compute call and its figure.

Every explorer is an :class:`dlfaq.explorer.Explorer` (the mechanism: controls, a figure
updated in place, a renderer). Its compute is one call into a compute module that returns a
dict of numbers (:func:`dlfaq.neuron.unit_view`, :func:`dlfaq.backprop.snapshot_view`,
:func:`dlfaq.gradients.layer_view`, :func:`dlfaq.convnets.receptive_field_view`,
:func:`dlfaq.convnets.pooling_view`); this module only adds the title and the message under the
figure, written from those numbers. ``explorer.data`` holds the latest dict, and
``explorer.set(...)`` returns it.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from dlfaq import neuron, plots
from dlfaq._checks import check_array, check_choice, check_float, check_int, check_labels
from dlfaq.explorer import Explorer, slider


def logistic_explorer(X, y, w=(1.0, 1.0), b=0.0, extent=(-2.5, 2.5, -2.5, 2.5)) -> Explorer:
    """Sliders for w1, w2 and b of one log-sigmoid unit over the 2-D data (X, y).

    The figure shows P(y=1|x) as colour, the boundary w . x + b = 0 as a line, and the loss
    and accuracy on (X, y) in the title.
    """
    X = check_array("X", X, ndim=2, shape=(None, 2))
    y = check_labels("y", y, X.shape[0])
    w = check_array("w", w, shape=(2,))

    def compute(w1, w2, b):
        view = neuron.unit_view(X, y, [w1, w2], b, extent=extent, resolution=80)
        view["title"] = (f"w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}:  "
                         f"loss {view['loss']:.2f}, accuracy {view['accuracy']:.0%}")
        view["message"] = ("" if view["boundary"] is not None else
                           f"w = 0: the unit ignores x and outputs sigma(b) = "
                           f"{view['constant']:.2f} everywhere; there is no boundary.")
        return view

    def draw(fig, data):
        ax = fig.add_subplot()
        artists = plots.plot_probability_map(ax, data, X, y)
        artists["title"] = ax.set_title(data["title"])
        return artists

    def redraw(artists, data):
        plots.update_probability_map(artists, data, title=data["title"])
        return [artists["image"], *artists["points"], artists["boundary"], artists["title"]]

    controls = {"w1": slider("w1", w[0], -5, 5), "w2": slider("w2", w[1], -5, 5),
                "b": slider("b", b, -5, 5)}
    return Explorer(controls, compute, draw, redraw, figsize=(6.4, 4.6),
                    margins={"left": 0.1, "right": 0.98, "bottom": 0.1, "top": 0.92})


# ---------------------------------------------------------------- 02: hidden layers
def hidden_layer_explorer(name: str = "xor", hidden: int = 4, lr: float = 1.0,
                          steps: int = 1000, activation: str = "tanh", n_samples: int = 200,
                          record_every: int = 25, seed: int = 0) -> Explorer:
    """Train a one-hidden-layer MLP on a 2-D toy set and scrub through its training.

    Controls: the data set, the number of hidden units, the learning rate and the training
    step shown. Changing data, units or learning rate retrains (full-batch gradient descent
    with :func:`dlfaq.backprop.fit`, ``steps`` steps: well under a second for the defaults;
    those sliders update on release); moving the step slider only picks a stored snapshot,
    so it is instant. Left: P(class 1 | x) and the data; right: the loss so far.
    """
    from dlfaq import backprop, data

    check_choice("name", name, ["xor", "moons", "circles", "spirals"])
    steps = check_int("steps", steps, low=10, high=20_000)
    record_every = check_int("record_every", record_every, low=1, high=steps)
    check_choice("activation", activation, backprop.ACTIVATIONS)
    extent = (-2.0, 2.0, -2.0, 2.0)
    histories: dict = {}

    def history(data_name, units, rate):
        """Training is the slow part: the last 16 runs are kept (the step slider only picks)."""
        key = (data_name, units, round(rate, 6))
        if key not in histories:
            if len(histories) >= 16:
                histories.pop(next(iter(histories)))
            X, y = data.make_2d(data_name, n_samples=n_samples, seed=seed)
            histories[key] = backprop.training_history(
                X, y, hidden=units, activation=activation, lr=rate, steps=steps, seed=seed,
                record_every=record_every, extent=extent)
        return histories[key]

    def compute(data, hidden, lr, step):
        view = backprop.snapshot_view(history(data, hidden, lr), step)
        view.update({"hidden": hidden, "lr": lr})
        view["title"] = (f"{hidden} hidden units, lr {lr:.2g}, step {view['step']}: "
                         f"accuracy {view['accuracy']:.0%}")
        view["message"] = ("The loss left the plotted range: this learning rate overshoots. "
                           "Try a smaller one." if view["diverged"] else "")
        return view

    def draw(fig, d):
        ax_map, ax_loss = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
        artists = plots.plot_probability_map(ax_map, d, d["X"], d["y"], colorbar=False)
        artists["image"].set_interpolation("nearest")  # 3-5x cheaper to draw and encode
        artists["title"] = ax_map.set_title(d["title"], fontsize=10)
        ax_loss.set_xlim(0, steps)
        ax_loss.set_ylim(0, 1.5)
        ax_loss.axhline(np.log(2), color="grey", lw=0.8, ls=":")
        ax_loss.text(steps, np.log(2), "ln 2: a coin flip ", ha="right", va="bottom",
                     fontsize=8, color="grey")
        ax_loss.set_xlabel("gradient-descent step")
        ax_loss.set_ylabel("cross-entropy loss")
        ax_loss.set_title("Loss during training", fontsize=10)
        (artists["loss"],) = ax_loss.plot([], [], color=plots.PALETTE[0], lw=1.5)
        (artists["now"],) = ax_loss.plot([], [], "o", color=plots.PALETTE[5], ms=6)
        redraw(artists, d)
        return artists

    def redraw(artists, d):
        plots.update_probability_map(artists, d, title=d["title"])
        for label, points in enumerate(artists["points"]):
            points.set_offsets(d["X"][d["y"] == label])
        shown = np.arange(len(d["losses"]))
        clipped = np.clip(np.nan_to_num(d["losses"], nan=1.5, posinf=1.5), 0, 1.5)
        artists["loss"].set_data(shown, clipped)
        artists["now"].set_data([shown[-1]], [clipped[-1]])
        return [artists["image"], *artists["points"], artists["title"], artists["loss"],
                artists["now"]]

    controls = {
        "data": W.Dropdown(options=["xor", "moons", "circles", "spirals"], value=name,
                           description="data", layout=W.Layout(width="180px")),
        "hidden": W.IntSlider(value=check_int("hidden", hidden, low=1, high=64), min=1, max=64,
                              description="hidden units", continuous_update=False,
                              style={"description_width": "initial"}),
        "lr": W.FloatLogSlider(value=check_float("lr", lr, low=0.01, high=10.0), base=10,
                               min=-2, max=1, step=0.1, description="learning rate",
                               continuous_update=False, readout_format=".2g",
                               style={"description_width": "initial"}),
        "step": W.IntSlider(value=steps, min=0, max=steps, step=record_every,
                            description="step", continuous_update=True),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(10, 4.2),
                    margins={"left": 0.07, "right": 0.98, "bottom": 0.12, "top": 0.91,
                             "wspace": 0.22})


# ---------------------------------------------------------------- 03/04: the gradient explorer
#: Menu labels of the initialisations (see :data:`dlfaq.nets.INITS`).
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
    (:class:`dlfaq.nets.MLP`, float64, seeded) and measures, on one batch of ``n_samples``
    inputs, what :func:`dlfaq.gradients.measure` returns. Left: the norm of dL/dW and dL/db
    of every hidden layer on a fixed log axis (values beyond it are drawn as red triangles on
    its edge and named under the figure). Right: the distribution of every layer's outputs
    (one histogram per column; saturated sigmoid/tanh units pile up at the edges).

    Parameters
    ----------
    X, y : arrays, optional
        The inputs and labels measured on; default: the first ``n_samples`` training digits
        (:func:`dlfaq.data.load_digits`).
    depth, width, activation, init, batch_norm, residual : initial control values
    residual_scale : float, default 1.0
        Factor on residual branches (see :class:`dlfaq.nets.MLP`); not a control.
    max_depth, max_width : int
        Ranges of the depth and width sliders (the x axis spans ``max_depth`` layers, fixed).
    n_samples, bins, seed : batch size, histogram bins, seed of the weights

    Returns
    -------
    Explorer; ``explorer.set(depth=30, activation="relu", init="he", batch_norm=True)``
    updates it as a reader would, and returns the measured data.
    """
    from dlfaq import data, gradients, nets

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
    models: dict = {}

    def build(key):
        if key not in models:
            if len(models) >= 24:
                models.pop(next(iter(models)))
            d, w, act, ini, bn, res = key
            models[key] = nets.MLP(X.shape[1], n_classes, depth=d, width=w, activation=act,
                                   init=ini, batch_norm=bn, residual=res,
                                   residual_scale=residual_scale, seed=seed).double()
        return models[key]

    def compute(depth, width, activation, init, batch_norm, residual):
        model = build((depth, width, activation, init, bool(batch_norm), bool(residual)))
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
        "depth": W.IntSlider(value=check_int("depth", depth, low=1, high=max_depth), min=1,
                             max=max_depth, description="depth", continuous_update=True),
        "width": W.IntSlider(value=check_int("width", width, low=4, high=max_width), min=4,
                             max=max_width, step=4, description="width",
                             continuous_update=False),
        "activation": W.Dropdown(options=["sigmoid", "tanh", "relu"],
                                 value=check_choice("activation", activation,
                                                    ["sigmoid", "tanh", "relu"]),
                                 description="activation", layout=W.Layout(width="200px")),
        "init": W.Dropdown(options=list(INIT_CHOICES.items()),
                           value=check_choice("init", init, list(INIT_CHOICES.values())),
                           description="init", layout=W.Layout(width="260px")),
        "batch_norm": W.Checkbox(value=bool(batch_norm), description="batch norm",
                                 indent=False, layout=W.Layout(width="110px")),
        "residual": W.Checkbox(value=bool(residual), description="residual",
                               indent=False, layout=W.Layout(width="100px")),
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

def receptive_field_explorer(image, *, row: int = 2, col: int = 2, kernel_size: int = 3,
                             kind: str = "vertical edge") -> Explorer:
    """Pick a window position on ``image`` (2-D, values in [0, 1]) and a kernel size: the
    figure shows the window, the kernel and the feature-map unit the window feeds, and the
    title shows the conv sum for that unit."""
    from dlfaq import convnets

    image = check_array("image", image, ndim=2, min_rows=1)
    height, width = image.shape
    check_int("kernel_size", kernel_size, low=1, high=max(min(height, width), 1))
    check_int("row", row, low=0, high=height - 1)
    check_int("col", col, low=0, high=width - 1)
    check_choice("kind", kind, convnets.KERNEL_KINDS)

    def compute(row, col, kernel_size, kind):
        return convnets.receptive_field_view(image, row, col, kernel_size, kind)

    def draw(fig, data):
        axes = fig.subplots(1, 3)
        artists = plots.plot_receptive_field(*axes, data)
        artists["title"] = fig.suptitle(data["title"], fontsize=10)
        return artists

    def redraw(artists, data):
        plots.update_receptive_field(artists, data)
        artists["title"].set_text(data["title"])
        return [artists[k] for k in ("kernel", "map", "window", "unit", "title")]

    controls = {
        "row": W.IntSlider(value=row, min=0, max=height - 1, description="row",
                           layout=W.Layout(width="230px")),
        "col": W.IntSlider(value=col, min=0, max=width - 1, description="column",
                           layout=W.Layout(width="230px")),
        "kernel_size": W.IntSlider(value=kernel_size, min=1, max=min(height, width),
                                   description="kernel size", layout=W.Layout(width="230px")),
        "kind": W.Dropdown(options=convnets.KERNEL_KINDS, value=kind, description="kernel",
                           layout=W.Layout(width="230px")),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(9.6, 3.6),
                    margins={"left": 0.05, "right": 0.98, "bottom": 0.12, "top": 0.8,
                             "wspace": 0.25})


def pooling_explorer(image, kernel, *, size: int = 2, mode: str = "max",
                     shift: int = 0) -> Explorer:
    """Max or average pooling of the feature map of ``image`` under ``kernel`` ("same"
    zero padding, so the map has the image's size), with sliders for the pooling window and
    for a horizontal shift of the input; the message says how much each representation moved."""
    from dlfaq import convnets

    image = check_array("image", image, ndim=2, min_rows=1)
    kernel = check_array("kernel", kernel, ndim=2, min_rows=1)
    height, width = image.shape
    if kernel.shape[0] % 2 == 0 or kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"kernel must be square with an odd side, got shape {kernel.shape}")
    check_int("size", size, low=1, high=min(height, width))
    check_choice("mode", mode, convnets.POOLS)
    check_int("shift", shift, low=-3, high=3)

    def compute(size, mode, shift):
        view = convnets.pooling_view(image, kernel, size, mode, shift)
        fmap, pooled = view["feature_map"], view["pooled"]
        view["message"] = (f"Shift {shift:+d} px: the feature map changed by "
                           f"{view['change_map']:.0%}, the pooled map by "
                           f"{view['change_pooled']:.0%} (relative L2 change)." if shift else
                           "Move the shift slider: how much does each map change?")
        view["title"] = (f"{mode} pooling, {size}x{size} windows, stride {size}: "
                         f"{fmap.shape[0]}x{fmap.shape[1]} -> "
                         f"{pooled.shape[0]}x{pooled.shape[1]}")
        return view

    def draw(fig, data):
        axes = fig.subplots(1, 2)
        artists = plots.plot_pooling(*axes, data)
        artists["title"] = fig.suptitle(data["title"], fontsize=10)
        return artists

    def redraw(artists, data):
        plots.update_pooling(artists, data)
        artists["title"].set_text(data["title"])
        return [artists[k] for k in ("map", "pooled", "grid", "title")]

    controls = {
        "size": W.IntSlider(value=size, min=1, max=min(height, width) // 2,
                            description="window", layout=W.Layout(width="230px")),
        "mode": W.Dropdown(options=convnets.POOLS, value=mode, description="pooling",
                           layout=W.Layout(width="200px")),
        "shift": W.IntSlider(value=shift, min=-3, max=3, description="shift input",
                             layout=W.Layout(width="230px")),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(7.2, 3.8),
                    margins={"left": 0.04, "right": 0.96, "bottom": 0.04, "top": 0.82,
                             "wspace": 0.15})

