"""Checker of notebook 08, when to use which: 08.1 shift augmentation, each series rolled by
its own shift.
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, close, diagnose
from dlfaq.exercises.core import exercise

__all__ = []


@exercise("08.1", "shift augmentation: each series rolled by its own shift", solutions.shift_rows)
def _grade_shift_rows(shift_rows):
    rng = np.random.default_rng(808)
    X = rng.normal(size=(6, 40))
    shifts = np.array([3, -2, 0, 5, -5, 1])
    expected = np.stack([np.roll(row, s) for row, s in zip(X, shifts, strict=True)])
    got = as_array(call(shift_rows, X.copy(), shifts.copy(), shapes="X is (6, 40), shifts (6,)"),
                   "shift_rows(X, shifts)")
    if close(got, expected):
        return ("each series moved by its own shift, circularly: the ConvNet now sees every "
                "digit at many positions.")
    padded = np.zeros_like(X)
    for i, s in enumerate(shifts):
        padded[i] = np.roll(X[i], s)
        if s > 0:
            padded[i, :s] = 0.0
        elif s < 0:
            padded[i, s:] = 0.0
    known = [
        (np.stack([np.roll(row, -s) for row, s in zip(X, shifts, strict=True)]),
         "you shift to the left: row i must move shifts[i] places to the right (np.roll(row, s))"),
        (np.roll(X, shifts[0], axis=1),
         "every row moved by shifts[0]: each series gets its own shift, shifts[i]"),
        (np.roll(X, shifts[0], axis=0),
         "you rolled the rows (axis 0), mixing series; roll along positions, within each row"),
        (padded, "you fill the gap with zeros; here the series wraps around (circular shift)"),
    ]
    message = diagnose(got, known)
    if message:
        raise Wrong(message)
    if got.shape != expected.shape:
        raise Wrong(f"expected shape {expected.shape} (one row per series), got {got.shape}")
    raise Wrong("the shape is right but the rows are not the series rolled by their shifts")
