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


# ---------------------------------------------------------------- per-layer diagnostics (03)
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


# --- ConvNets and the usual-ML comparison (notebooks 05 and 06) -------------------------------

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


def plot_accuracy_table(ax, rows, *, highlight: str | None = None):
    """Horizontal bars of test accuracy, one per row of :func:`dlfaq.baselines.compare`.

    Bars are coloured by kind: raw inputs (blue), engineered features (orange), deep models
    (green). Returns the bar container.
    """
    labels = [f"{r['model']} ({r['features']})" for r in rows]
    accuracy = [100 * r["test_accuracy"] for r in rows]
    deep = {"MLP", "ConvNet"}
    colours = [PALETTE[2] if r["model"] in deep else PALETTE[0] if r["features"] == "raw"
               else PALETTE[1] for r in rows]
    bars = ax.barh(range(len(rows)), accuracy, color=colours)
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("test accuracy (%)")
    for y, value in enumerate(accuracy):
        ax.text(value + 1, y, f"{value:.0f}", va="center", fontsize=8)
    if highlight is not None:
        ax.set_title(highlight)
    return bars


def plot_size_curve(ax, curve: dict):
    """Test accuracy against training-set size (log x) for the two models of
    :func:`dlfaq.baselines.training_size_curve`; returns the two lines."""
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


# ---------------------------------------------------------------- the tricks of depth (04)
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


def plot_trick_comparison(ax_curves, ax_bars, rows, *, smooth: int = 10, chance=None):
    """Rows of :func:`dlfaq.tricks.compare`: training-loss curves (a moving average over
    ``smooth`` steps) on ``ax_curves``, test accuracy bars on ``ax_bars``; with ``chance``
    (the accuracy of guessing, e.g. 0.1) a dotted line at ln(1/chance) and at chance.
    Returns a dict of artists."""
    kernel = np.ones(smooth) / smooth
    colours = [PALETTE[i % len(PALETTE)] for i in range(len(rows))]
    curves = []
    for colour, row in zip(colours, rows, strict=True):
        loss = np.asarray(row["history"], dtype=float)
        smoothed = np.convolve(loss, kernel, mode="valid") if len(loss) >= smooth else loss
        steps = np.arange(len(loss) - len(smoothed) + 1, len(loss) + 1)
        curves.append(ax_curves.plot(steps, smoothed, color=colour, lw=2,
                                     label=row["configuration"])[0])
    ax_curves.set_xlabel("training step")
    ax_curves.set_ylabel(f"training loss (mean of {smooth} steps)")
    ax_curves.legend(frameon=False, fontsize=7)
    accuracy = [100 * r["test_accuracy"] for r in rows]
    bars = ax_bars.barh(range(len(rows)), accuracy, color=colours)
    ax_bars.set_yticks(range(len(rows)), [r["configuration"] for r in rows], fontsize=8)
    ax_bars.invert_yaxis()
    ax_bars.set_xlim(0, 100)
    ax_bars.set_xlabel("test accuracy (%)")
    for y, value in enumerate(accuracy):
        ax_bars.text(value + 1, y, f"{value:.0f}", va="center", fontsize=8)
    artists = {"curves": curves, "bars": bars}
    if chance is not None:
        artists["chance"] = [
            ax_curves.axhline(np.log(1 / chance), color="grey", ls=":", lw=1),
            ax_bars.axvline(100 * chance, color="grey", ls=":", lw=1)]
        ax_curves.text(0.99, np.log(1 / chance), f"chance: ln {1 / chance:g}", fontsize=8,
                       ha="right", va="bottom", color="grey",
                       transform=ax_curves.get_yaxis_transform())
    return artists


# ---------------------------------------------------------------- linear probes (07)
def plot_probe_accuracies(ax, rows, network_accuracy: dict | None = None, *, chance=0.1):
    """Probe test accuracy against layer (0 = the input) for :func:`dlfaq.probes.probe_table`
    rows: one line per network, starting from the raw-series probe; the engineered features as
    one marker at 0; ``network_accuracy`` ({name: 0..1}) as dotted lines. Returns the lines."""
    raw = next(r for r in rows if r["network"] == "input")
    networks = list(dict.fromkeys(r["network"] for r in rows if r["depth"] > 0))
    lines = []
    for colour, network in zip((PALETTE[2], PALETTE[7], PALETTE[3]), networks, strict=False):
        layers = [raw] + [r for r in rows if r["network"] == network]
        lines.append(ax.plot([r["depth"] for r in layers],
                             [100 * r["test_accuracy"] for r in layers], "o-", lw=2, ms=6,
                             color=colour, label=f"probe on {network}")[0])
    for row in rows:
        if row["network"] == "engineered":
            lines.append(ax.plot(0, 100 * row["test_accuracy"], "D", ms=8, color=PALETTE[1],
                                 label=f"probe on {row['layer']} (engineered)")[0])
    for colour, (network, value) in zip((PALETTE[2], PALETTE[3]),
                                        (network_accuracy or {}).items(), strict=False):
        lines.append(ax.axhline(100 * value, color=colour, ls=":", lw=1.5,
                                label=f"{network} itself"))
    if chance is not None:
        lines.append(ax.axhline(100 * chance, color="grey", ls="--", lw=1, label="chance"))
    depth = max(r["depth"] for r in rows)
    ax.set_xticks(range(depth + 1), ["input"] + [f"layer {d}" for d in range(1, depth + 1)])
    ax.set_ylim(0, 100)
    ax.set_xlabel("representation handed to the probe")
    ax.set_ylabel("probe test accuracy (%)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return lines


def plot_fragments(ax, fragments, *, title: str | None = None, colour=PALETTE[0]):
    """Input windows (k, size) that excite one unit, thin, and their mean, thick (NaN: the
    window hangs over the series' end). Returns the lines."""
    fragments = np.asarray(fragments, dtype=float)
    x = np.arange(fragments.shape[1])
    lines = [ax.plot(x, f, color=colour, lw=0.8, alpha=0.45)[0] for f in fragments]
    counts = np.sum(~np.isnan(fragments), axis=0)
    mean = np.where(counts > 0, np.nansum(fragments, axis=0) / np.maximum(counts, 1), np.nan)
    lines.append(ax.plot(x, mean, color="black", lw=2.2)[0])
    ax.set_xlabel("position in the window")
    if title:
        ax.set_title(title, fontsize=9)
    return lines


def plot_cost_accuracy(ax, rows):
    """Test accuracy (%) against seconds of the whole search (log scale), one marker per run
    of :func:`dlfaq.choices.tabular_comparison`, one colour per model. Returns the artists."""
    artists = []
    models = list(dict.fromkeys(r["model"] for r in rows))
    for colour, marker, model in zip(PALETTE, "os^D", models, strict=False):
        mine = [r for r in rows if r["model"] == model]
        artists.append(ax.scatter([r["seconds"] for r in mine],
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
    :func:`dlfaq.choices.learning_curves`, with the best validation step marked. Returns lines."""
    steps = curves["step"]
    lines = [ax.plot(steps, 100 * curves["train_accuracy"], "--", color=colour, lw=1.3)[0],
             ax.plot(steps, 100 * curves["val_accuracy"], "-", color=colour, lw=2,
                     label=label)[0],
             ax.plot(curves["best_step"], 100 * curves["best_val_accuracy"], "o", color=colour,
                     mec="black", ms=6)[0]]
    ax.set_xlabel("training step")
    ax.set_ylabel("accuracy (%)")
    return lines


def plot_depth_width(ax, rows, *, test_label: str = "test"):
    """Train and test accuracy (%) of every run of :func:`dlfaq.choices.depth_vs_width` against
    the depth (one dot per seed, a line through the means); ``test_label`` names the held-out
    set. Returns the artists."""
    depths = sorted({r["depth"] for r in rows})
    artists = []
    for colour, key, name in ((PALETTE[0], "train_accuracy", "train"),
                              (PALETTE[1], "test_accuracy", test_label)):
        means = []
        for depth in depths:
            values = [100 * r[key] for r in rows if r["depth"] == depth]
            means.append(np.mean(values))
            artists.append(ax.scatter([depth] * len(values), values, s=20, c=colour, alpha=0.6))
        artists.append(ax.plot(depths, means, "-o", color=colour, lw=2, label=name)[0])
    widths = {r["depth"]: r["width"] for r in rows}
    ax.set_xticks(depths, [f"{d} x {widths[d]}" for d in depths])
    ax.set_xlabel("hidden layers x units per layer (same number of parameters)")
    ax.set_ylabel("accuracy (%)")
    ax.legend(frameon=False, fontsize=8)
    return artists
