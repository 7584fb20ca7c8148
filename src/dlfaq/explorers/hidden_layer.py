"""The hidden-layer explorer: one hidden layer trained by backprop (notebook 02)."""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from dlfaq import plots
from dlfaq.core.checks import check_choice, check_float, check_int
from dlfaq.explorers.base import Explorer

__all__ = ["hidden_layer_explorer"]


def hidden_layer_explorer(name: str = "xor", hidden: int = 4, lr: float = 1.0,
                          steps: int = 1000, activation: str = "tanh", n_samples: int = 200,
                          record_every: int = 25, seed: int = 0) -> Explorer:
    """Train a one-hidden-layer MLP on a 2-D toy set and scrub through its training.

    Controls: the data set, the number of hidden units, the learning rate and the training
    step shown. Changing data, units or learning rate retrains (full-batch gradient descent
    with :func:`dlfaq.learn.backprop.fit`, ``steps`` steps: well under a second for the defaults;
    those sliders update on release); moving the step slider only picks a stored snapshot,
    so it is instant. Left: P(class 1 | x) and the data; right: the loss so far.
    """
    from dlfaq.learn import backprop, data

    check_choice("name", name, ["xor", "moons", "circles", "spirals"])
    steps = check_int("steps", steps, low=10, high=20_000)
    record_every = check_int("record_every", record_every, low=1, high=steps)
    check_choice("activation", activation, backprop.ACTIVATIONS)
    extent = (-2.0, 2.0, -2.0, 2.0)

    @functools.lru_cache(maxsize=16)
    def history(data_name, units, rate):
        """Training is the slow part: 16 runs are kept (the step slider only picks)."""
        X, y = data.make_2d(data_name, n_samples=n_samples, seed=seed)
        return backprop.training_history(
            X, y, hidden=units, activation=activation, lr=rate, steps=steps, seed=seed,
            record_every=record_every, extent=extent)

    def compute(data, hidden, lr, step):
        # rounded: the same slider position sent from the page or from Python is one run
        view = backprop.snapshot_view(history(data, hidden, round(lr, 6)), step)
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
        "data": widgets.Dropdown(options=["xor", "moons", "circles", "spirals"], value=name,
                           description="data", layout=widgets.Layout(width="180px")),
        "hidden": widgets.IntSlider(value=check_int("hidden", hidden, low=1, high=64), min=1,
                                    max=64,
                              description="hidden units", continuous_update=False,
                              style={"description_width": "initial"}),
        "lr": widgets.FloatLogSlider(value=check_float("lr", lr, low=0.01, high=10.0), base=10,
                               min=-2, max=1, step=0.1, description="learning rate",
                               continuous_update=False, readout_format=".2g",
                               style={"description_width": "initial"}),
        "step": widgets.IntSlider(value=steps, min=0, max=steps, step=record_every,
                            description="step", continuous_update=True),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(10, 4.2),
                    margins={"left": 0.07, "right": 0.98, "bottom": 0.12, "top": 0.91,
                             "wspace": 0.22})


# ---------------------------------------------------------------- 03/04: the gradient explorer
#: Menu labels of the initialisations (see :data:`dlfaq.learn.nets.INITS`).
