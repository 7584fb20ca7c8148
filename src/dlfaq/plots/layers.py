"""Per-layer figures: gradient norms and activation histograms (notebook 03 and the gradient
explorer), layer profiles and the comparison of the tricks (notebook 04)."""

from __future__ import annotations

import numpy as np

from dlfaq.core.config import PALETTE
from dlfaq.plots.basic import plot_accuracy_bars

__all__ = ["GRAD_LIMITS", "plot_activation_histograms", "plot_layer_gradients",
           "plot_layer_profiles", "plot_trick_comparison", "update_activation_histograms",
           "update_layer_gradients"]

GRAD_LIMITS = (1e-20, 1e20)


def plot_layer_gradients(ax, max_depth: int, *, limits=GRAD_LIMITS):
    """Empty per-layer gradient-norm axes (log y) with fixed limits; fill with
    :func:`update_layer_gradients`. Returns a dict of artists.

    Values beyond ``limits`` are drawn on the edge as red triangles (pointing the way they
    went), so vanishing and exploding gradients stay visible and the limits never move.
    """
    ax.set_yscale("log")
    ax.set_xlim(0.5, max_depth + 0.5)
    ax.set_ylim(*limits)
    ax.set_xlabel("hidden layer (1 = next to the input)")
    ax.set_ylabel("gradient norm (log scale)")
    ax.grid(True, which="major", axis="y", alpha=0.3)
    (weights,) = ax.plot([], [], "o-", color=PALETTE[0], ms=4, lw=1.5,
                         label=r"$\|\partial L/\partial W\|$")
    (biases,) = ax.plot([], [], "s--", color=PALETTE[1], ms=3, lw=1,
                        label=r"$\|\partial L/\partial b\|$")
    (low,) = ax.plot([], [], "v", color=PALETTE[5], ms=7, clip_on=False,
                     label=f"below {limits[0]:.0e}")
    (high,) = ax.plot([], [], "^", color=PALETTE[5], ms=7, clip_on=False,
                      label=f"above {limits[1]:.0e}")
    ax.legend(loc="upper left", fontsize=8, ncol=2, frameon=False)
    return {"weights": weights, "biases": biases, "low": low, "high": high, "limits": limits}


def update_layer_gradients(artists: dict, weight_norm, bias_norm):
    """Show new per-layer norms (layer 1 first); out-of-range values become edge markers."""
    lo, hi = artists["limits"]
    w = np.asarray(weight_norm, dtype=float)
    b = np.asarray(bias_norm, dtype=float)
    layers = np.arange(1, len(w) + 1)
    low = np.zeros(len(w), dtype=bool)
    high = np.zeros(len(w), dtype=bool)
    for line, values in ((artists["weights"], w), (artists["biases"], b)):
        finite = np.isfinite(values)
        below = finite & (values < lo)
        above = ~finite | (values > hi)
        low |= below
        high |= above
        line.set_data(layers, np.clip(np.where(finite, values, hi), lo, hi))
    artists["low"].set_data(layers[low], np.full(low.sum(), lo))
    artists["high"].set_data(layers[high], np.full(high.sum(), hi))
    return artists


def plot_activation_histograms(ax, max_depth: int, value_range, bins: int = 40):
    """Empty per-layer activation-histogram image (layers across, values up); fill with
    :func:`update_activation_histograms`. Returns a dict of artists.

    The axes' own y limits are fixed to [0, 1]; the value range is written by three text
    labels that :func:`update_activation_histograms` rewrites, so a new range (another
    activation function) changes artists only and can be blitted.
    """
    from matplotlib import colormaps
    from matplotlib.colors import PowerNorm

    image = ax.imshow(np.full((bins, max_depth), np.nan), origin="lower", aspect="auto",
                      extent=(0.5, max_depth + 0.5, 0.0, 1.0),
                      cmap=colormaps["cividis"].with_extremes(bad="#eeeeee"),
                      norm=PowerNorm(0.5, vmin=0.0, vmax=0.5), interpolation="nearest")
    (mean,) = ax.plot([], [], color="white", lw=1.5, label="mean")
    ax.set_xlim(0.5, max_depth + 0.5)
    ax.set_ylim(0.0, 1.0)
    ax.set_yticks([0.0, 0.5, 1.0], ["", "", ""])
    ax.set_xlabel("hidden layer (1 = next to the input)")
    ax.set_ylabel("activation value", labelpad=22)
    ax.legend(loc="upper right", fontsize=8, frameon=False, labelcolor="white")
    labels = [ax.text(-0.015, y, "", transform=ax.transAxes, ha="right", va="center",
                      fontsize=9) for y in (0.0, 0.5, 1.0)]
    colorbar = ax.figure.colorbar(image, ax=ax, label="fraction of values", pad=0.02)
    artists = {"image": image, "mean": mean, "colorbar": colorbar, "labels": labels}
    _set_value_range(artists, value_range)
    return artists


def update_activation_histograms(artists: dict, hist, act_mean, max_depth: int,
                                 value_range=None):
    """Put per-layer histograms (bins, depth) and means into the image; unused layers grey;
    ``value_range`` (lo, hi), when given, relabels the value axis."""
    hist = np.asarray(hist, dtype=float)
    full = np.full((hist.shape[0], max_depth), np.nan)
    full[:, :hist.shape[1]] = hist
    artists["image"].set_data(full)
    if value_range is not None:
        _set_value_range(artists, value_range)
    lo, hi = artists["value_range"]
    position = (np.asarray(act_mean, dtype=float) - lo) / (hi - lo)
    artists["mean"].set_data(np.arange(1, hist.shape[1] + 1), position)
    return artists


def _set_value_range(artists, value_range):
    lo, hi = (float(v) for v in value_range)
    artists["value_range"] = (lo, hi)
    for label, value in zip(artists["labels"], (lo, (lo + hi) / 2, hi), strict=True):
        label.set_text(f"{value:g}")


def plot_layer_profiles(ax, profiles: dict, *, ylabel: str, x=None,
                        xlabel: str = "hidden layer (1 = next to the input)",
                        logy: bool = True, **style):
    """One line per entry of ``profiles`` ({label: values per layer}, layer 1 first) against
    the layer number (or ``x``); returns the lines."""
    lines = []
    for colour, (label, values) in zip(PALETTE * 2, profiles.items(), strict=False):
        values = np.asarray(values, dtype=float)
        xs = np.arange(1, len(values) + 1) if x is None else np.asarray(x)
        lines.append(ax.plot(xs, values, "o-", ms=3, lw=1.5, color=colour, label=label,
                             **style)[0])
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, which="major", axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    return lines



def plot_trick_comparison(ax_curves, ax_bars, rows, curves, *, chance=None):
    """Rows of :func:`dlfaq.studies.tricks.compare` with their training-loss curves: the curves on
    ``ax_curves``, test accuracy bars on ``ax_bars``; with ``chance`` (the accuracy of guessing,
    e.g. 0.1) a dotted line at ln(1/chance) and at chance. Returns a dict of artists.

    ``curves`` holds one entry per row, in the rows' order, as
    :func:`dlfaq.studies.curves.moving_average` returns it (``step``, ``value``, ``window``).
    """
    if len(curves) != len(rows):
        raise ValueError(f"curves must hold one curve per row ({len(rows)}), got {len(curves)}")
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(rows))]
    lines = [ax_curves.plot(curve["step"], curve["value"], color=colour, lw=2,
                            label=row["configuration"])[0]
             for colour, row, curve in zip(colours, rows, curves, strict=True)]
    ax_curves.set_xlabel("training step")
    window = max((curve["window"] for curve in curves), default=1)
    ax_curves.set_ylabel(f"training loss (mean of {window} steps)" if window > 1
                         else "training loss")
    ax_curves.legend(frameon=False, fontsize=7)
    bars = plot_accuracy_bars(ax_bars, [r["configuration"] for r in rows],
                              [r["test_accuracy"] for r in rows], colours)
    artists = {"curves": lines, "bars": bars}
    if chance is not None:
        artists["chance"] = [
            ax_curves.axhline(np.log(1 / chance), color="grey", ls=":", lw=1),
            ax_bars.axvline(100 * chance, color="grey", ls=":", lw=1)]
        ax_curves.text(0.99, np.log(1 / chance), f"chance: ln {1 / chance:g}", fontsize=8,
                       ha="right", va="bottom", color="grey",
                       transform=ax_curves.get_yaxis_transform())
    return artists
