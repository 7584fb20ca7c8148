"""Small computations on curves and rows before they are drawn: what :mod:`dlfaq.plots` is
handed.

Plots draw what they are given: a smoothed training-loss curve (:func:`moving_average`, the
figure says how: its ``window``), the mean of windows that may hang over a series' end
(:func:`nan_mean`) and the means of result rows per setting (:func:`means_by`) are computed here.
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.checks import check_int

__all__ = ["means_by", "moving_average", "nan_mean"]


def moving_average(values, window: int = 10) -> dict:
    """The mean of every ``window`` consecutive values (a "valid" moving average).

    Returns a dict with ``step`` (the 1-based index of each mean's last value: ``window`` to
    ``len(values)``), ``value`` (the means, ``len(values) - window + 1`` of them) and ``window``.
    A series shorter than ``window`` is returned as it is, with ``step`` 1 to ``len(values)``
    and ``window`` 1. Non-finite values (a diverged run) are kept: their means are NaN or inf.
    """
    values = np.asarray(values, dtype=float)  # a diverged run's NaN or inf is drawn as it is
    if values.ndim != 1:
        raise ValueError(f"values must be 1-D, got shape {values.shape}")
    window = check_int("window", window, low=1, high=100_000)
    if len(values) < window:
        window, smoothed = 1, values.astype(float)
    else:
        smoothed = np.convolve(values, np.ones(window) / window, mode="valid")
    return {"step": np.arange(window, len(values) + 1), "value": smoothed, "window": window}


def nan_mean(values) -> np.ndarray:
    """The mean over the first axis of ``values`` (k, n), ignoring NaN (a window that hangs over
    a series' end); NaN where a column holds no number at all."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 2:
        raise ValueError(f"values must be 2-D (k, n), got shape {values.shape}")
    counts = np.sum(~np.isnan(values), axis=0)
    return np.where(counts > 0, np.nansum(values, axis=0) / np.maximum(counts, 1), np.nan)


def means_by(rows, by: str, keys) -> dict:
    """The mean of each of ``keys`` over the rows that share a value of ``by`` (seeds of one
    setting, say). Returns ``{by: the sorted values, key: array of means, ...}``."""
    rows = list(rows)
    if not rows:
        raise ValueError("rows must not be empty")
    missing = sorted({by, *keys} - set(rows[0]))
    if missing:
        raise ValueError(f"rows have no {missing}; they have {sorted(rows[0])}")
    groups = sorted({r[by] for r in rows})
    means = {by: groups}
    for key in keys:
        means[key] = np.array([np.mean([r[key] for r in rows if r[by] == value])
                               for value in groups])
    return means
