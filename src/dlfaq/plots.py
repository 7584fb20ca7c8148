"""Figures: each function draws computed data on a given matplotlib ``Axes`` and returns the
artists it made, so a widget can later update them in place (``update_*``). No computing here.

Colours are Okabe-Ito (colour-blind safe, see :data:`dlfaq.config.PALETTE`); probability
maps use the diverging ``PuOr`` map, also safe for the common colour-vision deficiencies.
"""

from __future__ import annotations

import numpy as np

from dlfaq.config import PALETTE

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

    ``grid`` is what :func:`dlfaq.neuron.probability_grid` returns (or the same keys from
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


def plot_decision_regions(ax, xx, yy, proba, X=None, y=None):
    """Draw a model's P(y=1|x) on a mesh (xx, yy) as filled contours, boundary and data."""
    filled = ax.contourf(xx, yy, proba, levels=np.linspace(0, 1, 11), cmap=PROBA_CMAP, alpha=0.8)
    line = ax.contour(xx, yy, proba, levels=[0.5], colors="black", linewidths=2)
    artists = {"filled": filled, "boundary": line}
    if X is not None:
        artists["points"] = plot_points(ax, X, y)
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
