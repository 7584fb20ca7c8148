"""Hand-engineered features: what "usual" machine learning feeds its models (notebook 06).

A person who knows the data decides what matters and computes it; the classifier only sees
the result. Two classic recipes, in NumPy:

- :func:`fft_features`: the magnitude of the Fourier transform of a 1-D series. Shifting a
  series circularly changes only the phases, so these features are shift-invariant by design.
- :func:`random_conv_features`: many random 1-D convolution kernels slid along the series,
  each map pooled to two numbers (its maximum and the proportion of positive values), for a
  linear model to weigh (ROCKET, Dempster, Petitjean & Webb 2020). Pooling over positions makes
  them nearly shift-invariant, and unlike |FFT| they keep local shape.
- :func:`gradient_histograms`: histograms of gradient orientation per cell of an image,
  weighted by gradient strength (the idea of HOG, Dalal & Triggs 2005, without block overlap).
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Array, Int, door

__all__ = ["fft_features", "gradient_histograms", "random_conv_features", "random_kernels"]


@door(X=Array(ndim=2, min_rows=1, example=(12, 16)), n_frequencies=Int(1, none=True, cheap=9))
def fft_features(X, n_frequencies: int | None = None) -> np.ndarray:
    """|FFT| of each row of ``X``: shift-invariant features of 1-D series.

    Parameters
    ----------
    X : array of shape (n_samples, length)
    n_frequencies : int, optional
        Keep the lowest this many frequencies (1 to length // 2 + 1); default all.

    Returns
    -------
    ndarray of shape (n_samples, n_frequencies), float64: |sum_t x_t exp(-2 pi i f t / length)|.
    """
    n_all = X.shape[1] // 2 + 1
    n = n_all if n_frequencies is None else check_int("n_frequencies", n_frequencies,
                                                      high=n_all)
    return np.abs(np.fft.rfft(X, axis=1))[:, :n]


@door(images=Array(ndim=3, min_rows=1, example=(3, 8, 8)), cell_size=Int(1, cheap=8),
      n_bins=Int(2, 36, cheap=16))
def gradient_histograms(images, cell_size: int = 4, n_bins: int = 8) -> np.ndarray:
    """Histograms of gradient orientation per cell (HOG-like features) of grey images.

    The gradient at each pixel (central differences) has a strength and an orientation; each
    ``cell_size`` x ``cell_size`` cell sums the strengths into ``n_bins`` unsigned orientation
    bins over [0, pi). Each image's feature vector is scaled to unit length (contrast
    invariance).

    Parameters
    ----------
    images : array of shape (n_samples, H, W)
    cell_size : int, default 4
        Side of a cell in pixels (1 to min(H, W)); edge pixels that do not fill a cell are dropped.
    n_bins : int, default 8
        Orientation bins (2 to 36).

    Returns
    -------
    ndarray of shape (n_samples, (H // cell_size) * (W // cell_size) * n_bins), float64
    """
    _, height, width = images.shape
    cell_size = check_int("cell_size", cell_size, high=min(height, width))
    gy, gx = np.gradient(images, axis=(1, 2))
    strength = np.hypot(gx, gy)
    orientation = np.mod(np.arctan2(gy, gx), np.pi)  # unsigned: an edge is an edge both ways
    bins = np.minimum((orientation / np.pi * n_bins).astype(int), n_bins - 1)
    one_hot = (bins[..., None] == np.arange(n_bins)) * strength[..., None]  # (n, H, W, bins)
    rows, cols = height // cell_size, width // cell_size
    cells = one_hot[:, :rows * cell_size, :cols * cell_size].reshape(
        len(images), rows, cell_size, cols, cell_size, n_bins).sum(axis=(2, 4))
    flat = cells.reshape(len(images), -1)
    return flat / np.maximum(np.linalg.norm(flat, axis=1, keepdims=True), 1e-12)


@door(n_kernels=Int(1, 100_000, cheap=20), length=Int(11, cheap=60), seed=Int(0))
def random_kernels(n_kernels: int = 200, length: int = 40, seed: int = 0) -> dict:
    """Random 1-D convolution kernels as ROCKET draws them, for series of ``length`` samples.

    Each kernel has 7, 9 or 11 weights drawn from N(0, 1) and centred, a bias from U(-1, 1),
    a dilation 2^u with u ~ U(0, log2((length - 1) / (size - 1))) (so the dilated kernel fits)
    and, one time in two, zero padding that keeps the map as long as the series.

    Returns a dict of lists, one entry per kernel: ``weights`` (arrays), ``bias``, ``dilation``
    and ``padding`` (ints).
    """
    rng = np.random.default_rng(seed)
    kernels = {"weights": [], "bias": [], "dilation": [], "padding": []}
    for _ in range(n_kernels):
        size = int(rng.choice([7, 9, 11]))
        weights = rng.normal(size=size)
        dilation = int(2 ** rng.uniform(0, np.log2((length - 1) / (size - 1))))
        kernels["weights"].append(weights - weights.mean())
        kernels["bias"].append(float(rng.uniform(-1, 1)))
        kernels["dilation"].append(dilation)
        kernels["padding"].append((size - 1) * dilation // 2 if rng.integers(2) else 0)
    return kernels


@door(X=Array(ndim=2, min_rows=1, example=(12, 40)))
def random_conv_features(X, kernels: dict | None = None, seed: int = 0) -> np.ndarray:
    """ROCKET-style features of 1-D series: every random kernel slid along each row (a dilated
    "valid" conv sum after optional zero padding), its map pooled to max and ppv.

    Parameters
    ----------
    X : array of shape (n_samples, length)
    kernels : dict from :func:`random_kernels`, optional
        Default: ``random_kernels(200, length, seed)``. Pass the same kernels for train and test.
    seed : int, default 0
        Seed of the default kernels.

    Returns
    -------
    ndarray of shape (n_samples, 2 * n_kernels), float64: for each kernel, the maximum of its
    map and the proportion of positive values (ppv) in it.
    """
    if kernels is None:  # (seed is checked by random_kernels' door)
        kernels = random_kernels(200, X.shape[1], seed)
    groups: dict = {}  # kernels that share (size, dilation, padding): one matrix product
    for index, (weights, dilation, padding) in enumerate(zip(
            kernels["weights"], kernels["dilation"], kernels["padding"], strict=True)):
        span = (len(weights) - 1) * dilation
        if span >= X.shape[1] + 2 * padding:
            raise ValueError(f"a kernel spans {span + 1} samples, longer than the series "
                             f"({X.shape[1] + 2 * padding} with padding): draw kernels for "
                             "this length")
        groups.setdefault((len(weights), dilation, padding), []).append(index)
    out = np.empty((len(X), 2 * len(kernels["weights"])))
    for (size, dilation, padding), indices in groups.items():
        padded = np.pad(X, ((0, 0), (padding, padding))) if padding else X
        # (n, positions, size): the samples each tap of a dilated kernel sees, at every position
        windows = np.lib.stride_tricks.sliding_window_view(
            padded, (size - 1) * dilation + 1, axis=1)[:, :, ::dilation]
        weights = np.stack([kernels["weights"][i] for i in indices], axis=1)  # (size, k)
        bias = np.array([kernels["bias"][i] for i in indices], dtype=float)
        columns = 2 * np.array(indices)
        for start in range(0, len(X), 512):  # (512, positions, k) at a time
            conv = windows[start:start + 512] @ weights + bias  # the conv sum, every kernel
            out[start:start + 512, columns] = conv.max(axis=1)
            out[start:start + 512, columns + 1] = (conv > 0).mean(axis=1)
    return out
