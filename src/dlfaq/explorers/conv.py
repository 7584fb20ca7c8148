"""The receptive-field and pooling explorers (notebook 05)."""

from __future__ import annotations

import ipywidgets as widgets

from dlfaq import plots
from dlfaq.core.checks import check_array, check_choice, check_int
from dlfaq.explorers.base import Explorer

__all__ = ["pooling_explorer", "receptive_field_explorer"]


def receptive_field_explorer(image, *, row: int = 2, col: int = 2, kernel_size: int = 3,
                             kind: str = "vertical edge") -> Explorer:
    """Pick a window position on ``image`` (2-D, values in [0, 1]) and a kernel size: the
    figure shows the window, the kernel and the feature-map unit the window feeds, and the
    title shows the conv sum for that unit."""
    from dlfaq.learn import convnets

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
        "row": widgets.IntSlider(value=row, min=0, max=height - 1, description="row",
                           layout=widgets.Layout(width="230px")),
        "col": widgets.IntSlider(value=col, min=0, max=width - 1, description="column",
                           layout=widgets.Layout(width="230px")),
        "kernel_size": widgets.IntSlider(value=kernel_size, min=1, max=min(height, width),
                                   description="kernel size", layout=widgets.Layout(width="230px")),
        "kind": widgets.Dropdown(options=convnets.KERNEL_KINDS, value=kind, description="kernel",
                           layout=widgets.Layout(width="230px")),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(9.6, 3.6),
                    margins={"left": 0.05, "right": 0.98, "bottom": 0.12, "top": 0.8,
                             "wspace": 0.25})


def pooling_explorer(image, kernel, *, size: int = 2, mode: str = "max",
                     shift: int = 0) -> Explorer:
    """Max or average pooling of the feature map of ``image`` under ``kernel`` ("same"
    zero padding, so the map has the image's size), with sliders for the pooling window and
    for a horizontal shift of the input; the message says how much each representation moved."""
    from dlfaq.learn import convnets

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
        "size": widgets.IntSlider(value=size, min=1, max=min(height, width) // 2,
                            description="window", layout=widgets.Layout(width="230px")),
        "mode": widgets.Dropdown(options=convnets.POOLS, value=mode, description="pooling",
                           layout=widgets.Layout(width="200px")),
        "shift": widgets.IntSlider(value=shift, min=-3, max=3, description="shift input",
                             layout=widgets.Layout(width="230px")),
    }
    return Explorer(controls, compute, draw, redraw, figsize=(7.2, 3.8),
                    margins={"left": 0.04, "right": 0.96, "bottom": 0.04, "top": 0.82,
                             "wspace": 0.15})
