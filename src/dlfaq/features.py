"""Hand-engineered features: what "usual" machine learning feeds its models (notebook 06).

A person who knows the data decides what matters and computes it; the classifier only sees
the result. Two classic recipes, in NumPy:

- :func:`fft_features`: the magnitude of the Fourier transform of a 1-D series. Shifting a
  series circularly changes only the phases, so these features are shift-invariant by design.
- :func:`gradient_histograms`: histograms of gradient orientation per cell of an image,
  weighted by gradient strength (the idea of HOG, Dalal & Triggs 2005, without block overlap).
"""

from __future__ import annotations

import numpy as np

from dlfaq._checks import check_array, check_int


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
    X = check_array("X", X, ndim=2)
    n_all = X.shape[1] // 2 + 1
    n = n_all if n_frequencies is None else check_int("n_frequencies", n_frequencies, low=1,
                                                      high=n_all)
    return np.abs(np.fft.rfft(X, axis=1))[:, :n]


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
    images = check_array("images", images, ndim=3)
    _, height, width = images.shape
    cell_size = check_int("cell_size", cell_size, low=1, high=min(height, width))
    n_bins = check_int("n_bins", n_bins, low=2, high=36)
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
