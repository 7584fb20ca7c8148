"""The ConvNet explorers' figures (notebook 05): receptive field and pooling."""

from __future__ import annotations

import numpy as np

from dlfaq.core.config import PALETTE
from dlfaq.plots.basic import plot_image

__all__ = ["plot_pooling", "plot_receptive_field", "update_pooling", "update_receptive_field"]


def plot_receptive_field(ax_image, ax_kernel, ax_map, data: dict):
    """The window on the image, the kernel and the feature map with the unit it feeds.

    ``data`` has ``image`` (H, W), ``kernel`` (k, k), ``feature_map`` (H-k+1, W-k+1),
    ``corner`` (row, col) and ``kernel_size``; axes keep the image's limits so that an update
    never changes ticks. Returns a dict of artists for :func:`update_receptive_field`.
    """
    from matplotlib.patches import Rectangle

    height, width = np.shape(data["image"])
    artists = {"image": plot_image(ax_image, data["image"], vmin=0, vmax=1)}
    artists["window"] = ax_image.add_patch(Rectangle((0, 0), 1, 1, fill=False, lw=3,
                                                     ec=PALETTE[5]))
    artists["kernel"] = ax_kernel.imshow(data["kernel"], cmap="RdBu_r", vmin=-1, vmax=1,
                                         interpolation="nearest")
    artists["map"] = ax_map.imshow(data["feature_map"], cmap="RdBu_r", vmin=-1, vmax=1,
                                   interpolation="nearest")
    artists["unit"] = ax_map.add_patch(Rectangle((0, 0), 1, 1, fill=False, lw=3,
                                                 ec=PALETTE[5]))
    for ax, title in ((ax_image, "input: the window"), (ax_kernel, "kernel (shared weights)"),
                      (ax_map, "feature map: the unit")):
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_ylim(height - 0.5, -0.5)
        ax.set_xticks(range(width))
        ax.set_yticks(range(height))
        ax.tick_params(labelsize=7)
        ax.set_title(title)
    ax_image.set_xlabel("column")
    ax_image.set_ylabel("row")
    update_receptive_field(artists, data)
    return artists


def update_receptive_field(artists: dict, data: dict):
    """Move the window and the unit and show the new kernel and map (same axes limits)."""
    row, col = data["corner"]
    k = data["kernel_size"]
    artists["window"].set_bounds(col - 0.5, row - 0.5, k, k)
    artists["unit"].set_bounds(col - 0.5, row - 0.5, 1, 1)
    scale = float(np.abs(data["kernel"]).max()) or 1.0
    artists["kernel"].set_data(data["kernel"])
    artists["kernel"].set_extent((-0.5, k - 0.5, k - 0.5, -0.5))
    artists["kernel"].set_clim(-scale, scale)
    fmap = data["feature_map"]
    bound = float(np.abs(fmap).max()) or 1.0
    artists["map"].set_data(fmap)
    artists["map"].set_extent((-0.5, fmap.shape[1] - 0.5, fmap.shape[0] - 0.5, -0.5))
    artists["map"].set_clim(-bound, bound)
    return artists


def plot_pooling(ax_map, ax_pooled, data: dict):
    """A feature map with its pooling windows outlined, and the pooled map drawn over the same
    area (each pooled unit covers its window). ``data``: ``feature_map`` (H, W), ``pooled``
    (H//s, W//s), ``size`` s. Returns artists for :func:`update_pooling`."""
    from matplotlib.collections import LineCollection

    fmap = np.asarray(data["feature_map"])
    height, width = fmap.shape
    bound = float(np.abs(fmap).max()) or 1.0
    artists = {"map": ax_map.imshow(fmap, cmap="RdBu_r", vmin=-bound, vmax=bound,
                                    interpolation="nearest"),
               "pooled": ax_pooled.imshow(data["pooled"], cmap="RdBu_r", vmin=-bound,
                                          vmax=bound, interpolation="nearest")}
    artists["grid"] = ax_map.add_collection(LineCollection([], colors=PALETTE[1], lw=2))
    for ax, title in ((ax_map, "feature map and pooling windows"), (ax_pooled, "pooled map")):
        ax.set_xlim(-0.5, width - 0.5)
        ax.set_ylim(height - 0.5, -0.5)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title)
    update_pooling(artists, data)
    return artists


def update_pooling(artists: dict, data: dict):
    """New feature map, pooled map and window grid into the artists of :func:`plot_pooling`."""
    fmap, pooled, size = np.asarray(data["feature_map"]), np.asarray(data["pooled"]), data["size"]
    height, width = fmap.shape
    artists["map"].set_data(fmap)
    artists["pooled"].set_data(pooled)
    rows, cols = pooled.shape
    artists["pooled"].set_extent((-0.5, cols * size - 0.5, rows * size - 0.5, -0.5))
    ys = [[(-0.5, r * size - 0.5), (cols * size - 0.5, r * size - 0.5)] for r in range(rows + 1)]
    xs = [[(c * size - 0.5, -0.5), (c * size - 0.5, rows * size - 0.5)] for c in range(cols + 1)]
    artists["grid"].set_segments(ys + xs)
    return artists
