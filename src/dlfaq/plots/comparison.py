"""Comparison figures: accuracy tables and curves (notebook 06), linear probes (07), the
choices of notebook 08."""

from __future__ import annotations

import numpy as np

from dlfaq.core.config import PALETTE
from dlfaq.plots.basic import plot_accuracy_bars

__all__ = ["plot_accuracy_table", "plot_cost_accuracy", "plot_depth_width", "plot_fragments",
           "plot_learning_curves", "plot_probe_accuracies", "plot_size_curve"]


def plot_accuracy_table(ax, rows, *, highlight: str | None = None):
    """Horizontal bars of test accuracy, one per row of :func:`dlfaq.studies.comparison.compare`.

    Bars are coloured by kind: raw inputs (blue), engineered features (orange), deep models
    (green). Returns the bar container.
    """
    deep = {"MLP", "ConvNet"}
    colours = [PALETTE[2] if r["model"] in deep else PALETTE[0] if r["features"] == "raw"
               else PALETTE[1] for r in rows]
    bars = plot_accuracy_bars(ax, [f"{r['model']} ({r['features']})" for r in rows],
                              [r["test_accuracy"] for r in rows], colours)
    if highlight is not None:
        ax.set_title(highlight)
    return bars


def plot_size_curve(ax, curve: dict):
    """Test accuracy against training-set size (log x) for the two models of
    :func:`dlfaq.studies.comparison.training_size_curve`; returns the two lines."""
    sizes = curve["sizes"]
    lines = [ax.plot(sizes, 100 * curve[key], marker="o", lw=2, label=label)[0]
             for key, label in zip(("classical", "deep"), curve["labels"], strict=True)]
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(s) for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel("training examples")
    ax.set_ylabel("test accuracy (%)")
    ax.legend(frameon=False)
    return lines


def plot_probe_accuracies(ax, rows, network_accuracy: dict | None = None, *, chance=0.1,
                          error: bool = False):
    """Probe test accuracy against layer (0 = the input) for
    :func:`dlfaq.studies.probes.probe_table`
    rows: one line per network, starting from the raw-series probe; the engineered features
    and the random-convolution features ("random" rows) as markers at 0; ``network_accuracy``
    ({name: 0..1}) as dotted lines. ``error=True`` draws the error rate (100 - accuracy, %)
    on a log scale instead, where a layer that halves the errors left is one fixed step
    whatever the accuracy. Returns the lines."""
    def y(value):
        return 100 * (1 - value) if error else 100 * value

    raw = next(r for r in rows if r["network"] == "input")
    networks = list(dict.fromkeys(r["network"] for r in rows if r["depth"] > 0))
    lines = []
    for colour, network in zip((PALETTE[2], PALETTE[7], PALETTE[3]), networks, strict=False):
        layers = [raw] + [r for r in rows if r["network"] == network]
        lines.append(ax.plot([r["depth"] for r in layers],
                             [y(r["test_accuracy"]) for r in layers], "o-", lw=2, ms=6,
                             color=colour, label=f"probe on {network}")[0])
    for row in rows:
        if row["network"] == "engineered":
            lines.append(ax.plot(0, y(row["test_accuracy"]), "D", ms=8, color=PALETTE[1],
                                 label=f"probe on {row['layer']} (engineered)")[0])
        if row["network"] == "random":
            lines.append(ax.plot(0, y(row["test_accuracy"]), "s", ms=8, color=PALETTE[5],
                                 label=f"probe on {row['layer']} (fixed)")[0])
    for colour, (network, value) in zip((PALETTE[2], PALETTE[3]),
                                        (network_accuracy or {}).items(), strict=False):
        lines.append(ax.axhline(y(value), color=colour, ls=":", lw=1.5,
                                label=f"{network} itself"))
    if chance is not None:
        lines.append(ax.axhline(y(chance), color="grey", ls="--", lw=1, label="chance"))
    depth = max(r["depth"] for r in rows)
    ax.set_xticks(range(depth + 1), ["input"] + [f"layer {d}" for d in range(1, depth + 1)])
    ax.set_xlabel("representation handed to the probe")
    if error:
        ax.set_yscale("log")
        ax.set_ylabel("probe test error (%, log scale)")
    else:
        ax.set_ylim(0, 100)
        ax.set_ylabel("probe test accuracy (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return lines


def plot_fragments(ax, fragments, mean, *, title: str | None = None, colour=PALETTE[0]):
    """Input windows (k, size) that excite one unit, thin, and their ``mean`` (size,), thick
    (NaN: the window hangs over the series' end; the mean as :func:`dlfaq.studies.curves.nan_mean`
    computes it). Returns the lines."""
    fragments = np.asarray(fragments, dtype=float)
    x = np.arange(fragments.shape[1])
    lines = [ax.plot(x, f, color=colour, lw=0.8, alpha=0.45)[0] for f in fragments]
    lines.append(ax.plot(x, mean, color="black", lw=2.2)[0])
    ax.set_xlabel("position in the window")
    if title:
        ax.set_title(title, fontsize=9)
    return lines


def plot_cost_accuracy(ax, rows):
    """Test accuracy (%) against seconds of the whole search (log scale), one marker per run
    of :func:`dlfaq.studies.tabular.tabular_comparison`, one colour per model. Returns the
    artists."""
    artists = []
    models = list(dict.fromkeys(r["model"] for r in rows))
    for colour, marker, model in zip(PALETTE, "os^D", models, strict=False):
        mine = [r for r in rows if r["model"] == model]
        artists.append(ax.scatter([r["train_seconds"] for r in mine],
                                  [100 * r["test_accuracy"] for r in mine], s=60, c=colour,
                                  marker=marker, edgecolors="black", linewidths=0.6,
                                  label=model, zorder=3))
    ax.set_xscale("log")
    ax.set_xlabel("seconds for the whole search (log scale)")
    ax.set_ylabel("test accuracy (%)")
    ax.legend(frameon=False, fontsize=8)
    return artists


def plot_learning_curves(ax, curves, *, colour=PALETTE[0], label: str = ""):
    """Training accuracy (dashed) and validation accuracy (solid) against the step, from
    :func:`dlfaq.studies.overfitting.learning_curves`, with the best validation step marked.
    Returns lines."""
    steps = curves["step"]
    lines = [ax.plot(steps, 100 * curves["train_accuracy"], "--", color=colour, lw=1.3)[0],
             ax.plot(steps, 100 * curves["val_accuracy"], "-", color=colour, lw=2,
                     label=label)[0],
             ax.plot(curves["best_step"], 100 * curves["best_val_accuracy"], "o", color=colour,
                     mec="black", ms=6)[0]]
    ax.set_xlabel("training step")
    ax.set_ylabel("accuracy (%)")
    return lines


def plot_depth_width(ax, rows, means, *, held_out: str = "val_accuracy",
                     test_label: str = "validation", layers: str = "hidden layers x units"):
    """Train and held-out accuracy (%) of every run of
    :func:`dlfaq.studies.depth_width.depth_vs_width`
    against the depth (one dot per seed) and a line through ``means``, the rows' means per depth
    as :func:`dlfaq.studies.curves.means_by` returns them (by "depth", of "train_accuracy" and
    ``held_out``); ``test_label`` names the held-out set, ``layers`` the x axis. Returns the
    artists."""
    depths = list(means["depth"])
    artists = []
    for colour, key, name in ((PALETTE[0], "train_accuracy", "train"),
                              (PALETTE[1], held_out, test_label)):
        for depth in depths:
            values = [100 * r[key] for r in rows if r["depth"] == depth]
            artists.append(ax.scatter([depth] * len(values), values, s=20, c=colour, alpha=0.6))
        artists.append(ax.plot(depths, 100 * np.asarray(means[key]), "-o", color=colour, lw=2,
                               label=name)[0])
    widths = {r["depth"]: r["width"] for r in rows}
    ax.set_xticks(depths, [f"{d} x {widths[d]}" for d in depths])
    ax.set_xlabel(f"{layers} (same number of parameters)")
    ax.set_ylabel("accuracy (%)")
    ax.legend(frameon=False, fontsize=8)
    return artists
