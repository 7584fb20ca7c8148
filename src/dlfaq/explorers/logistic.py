"""The logistic unit's explorer (notebook 01)."""

from __future__ import annotations

from dlfaq import plots
from dlfaq.core.doors import Array, Labels, door
from dlfaq.explorers.base import Explorer, slider
from dlfaq.learn import neuron

__all__ = ["logistic_explorer"]


@door(X=Array(ndim=2, shape=(None, 2)), y=Labels("X"), w=Array(shape=(2,)))
def logistic_explorer(X, y, w=(1.0, 1.0), b=0.0, extent=(-2.5, 2.5, -2.5, 2.5)) -> Explorer:
    """Sliders for w1, w2 and b of one log-sigmoid unit over the 2-D data (X, y).

    The figure shows P(y=1|x) as colour, the boundary w . x + b = 0 as a line, and the loss
    and accuracy on (X, y) in the title.
    """

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
