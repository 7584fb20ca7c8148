"""Small computations on curves before they are drawn: what :mod:`dlfaq.plots` is handed.

Plots draw what they are given; a smoothed training-loss curve is computed here, and the
figure says how (its ``window``).
"""

from __future__ import annotations

import numpy as np

from dlfaq._checks import check_int


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
