"""The basic figures: points, probability maps, curves and images (notebooks 01-06)."""

from __future__ import annotations

import numpy as np

from dlfaq.core.config import PALETTE

__all__ = ["CLASS_COLOURS", "PROBA_CMAP", "plot_accuracy_bars", "plot_curve", "plot_filters_1d",
           "plot_functions", "plot_image", "plot_kernel_grid", "plot_points",
           "plot_probability_map", "update_probability_map"]

CLASS_COLOURS = (PALETTE[0], PALETTE[1])
PROBA_CMAP = "PuOr_r"


def plot_points(ax, X, y, *, size: float = 18, alpha: float = 0.9):
    """Scatter 2-D points coloured by class (0: blue circles, 1: orange triangles)."""
    X, y = np.asarray(X), np.asarray(y)
    artists = []
    for label, (colour, marker) in enumerate(zip(CLASS_COLOURS, "o^", strict=True)):
        mask = y == label
        artists.append(ax.scatter(X[mask, 0], X[mask, 1], s=size, c=colour, marker=marker,
                                  edgecolors="black", linewidths=0.6, alpha=alpha,
                                  label=f"class {label}", zorder=3))
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return artists


def plot_probability_map(ax, grid: dict, X=None, y=None, *, colorbar: bool = True):
    """Draw P(y=1|x) as an image, the boundary P = 0.5 as a line and optionally the data.

    ``grid`` is what :func:`dlfaq.learn.neuron.probability_grid` returns (or the same keys from
    another model). Returns a dict of artists for :func:`update_probability_map`.
    """
    image = ax.imshow(grid["proba"], extent=grid["extent"], origin="lower", cmap=PROBA_CMAP,
                      vmin=0, vmax=1, aspect="auto", interpolation="bilinear", alpha=0.6)
    (line,) = ax.plot([], [], color="black", lw=2, label="boundary $p = 0.5$")
    artists = {"image": image, "boundary": line}
    if X is not None:
        artists["points"] = plot_points(ax, X, y)
    ax.set_xlim(grid["extent"][:2])
    ax.set_ylim(grid["extent"][2:])
    if colorbar:
        artists["colorbar"] = ax.figure.colorbar(image, ax=ax, label="$P(y=1 \\mid x)$")
    update_probability_map(artists, grid)
    return artists


def update_probability_map(artists: dict, grid: dict, title: str | None = None):
    """Put a new probability image and boundary into the artists of plot_probability_map."""
    artists["image"].set_data(grid["proba"])
    segment = grid.get("boundary")
    if segment is None:
        artists["boundary"].set_data([], [])
    else:
        (xa, ya), (xb, yb) = segment
        artists["boundary"].set_data([xa, xb], [ya, yb])
    if title is not None:
        artists["image"].axes.set_title(title)
    return artists


def plot_curve(ax, values, *, label: str | None = None, xlabel: str = "step",
               ylabel: str = "loss", logy: bool = False, **style):
    """A line of ``values`` against their index (a loss curve, say); returns the Line2D."""
    values = np.asarray(values)
    (line,) = ax.plot(np.arange(len(values)), values, label=label, **style)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    return line


def plot_functions(ax, z, curves: dict, *, xlabel: str = "$z$", ylabel: str = "output"):
    """Plot several functions of z, given as {label: values}; returns the lines."""
    lines = [ax.plot(z, values, label=label, lw=2)[0] for label, values in curves.items()]
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="grey", lw=0.5)
    ax.axvline(0, color="grey", lw=0.5)
    ax.legend(frameon=False)
    return lines



def plot_image(ax, image, *, title: str | None = None, cmap: str = "gray_r", vmin=None,
               vmax=None, ticks: bool = False):
    """Show a 2-D array (a digit, a kernel, a feature map) with pixel centres on integers."""
    image = np.asarray(image)
    artist = ax.imshow(image, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if title is not None:
        ax.set_title(title)
    if not ticks:
        ax.set_xticks([])
        ax.set_yticks([])
    return artist


def plot_kernel_grid(axes, kernels, *, titles=None, cmap: str = "RdBu_r"):
    """Show 2-D kernels side by side on a symmetric colour scale (red +, blue -).

    ``axes`` is a flat sequence at least as long as ``kernels``; unused axes are hidden.
    Returns the images.
    """
    kernels = [np.asarray(k) for k in kernels]
    images = []
    for i, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if i >= len(kernels):
            ax.set_visible(False)
            continue
        bound = float(np.abs(kernels[i]).max()) or 1.0
        images.append(ax.imshow(kernels[i], cmap=cmap, vmin=-bound, vmax=bound,
                                interpolation="nearest"))
        if titles is not None:
            ax.set_title(titles[i], fontsize=9)
    return images


def plot_filters_1d(ax, filters, *, max_filters: int = 8):
    """Draw 1-D kernels (channels, width) as lines against the tap index; returns the lines."""
    filters = np.asarray(filters)
    taps = np.arange(filters.shape[-1])
    lines = [ax.plot(taps, f, marker="o", lw=1.5, label=f"filter {i}")[0]
             for i, f in enumerate(filters[:max_filters])]
    ax.axhline(0, color="grey", lw=0.5)
    ax.set_xticks(taps)
    ax.set_xlabel("tap (input position within the window)")
    ax.set_ylabel("weight")
    return lines



def plot_accuracy_bars(ax, labels, accuracy, colours):
    """Horizontal bars of accuracies (0..1), drawn as percentages, first row on top, each bar
    labelled with its value; x from 0 to 100. Returns the bar container."""
    percent = [100 * value for value in accuracy]
    bars = ax.barh(range(len(percent)), percent, color=colours)
    ax.set_yticks(range(len(percent)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("test accuracy (%)")
    for y, value in enumerate(percent):
        ax.text(value + 1, y, f"{value:.0f}", va="center", fontsize=8)
    return bars
