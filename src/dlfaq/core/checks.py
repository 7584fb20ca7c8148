"""Validation at the door: small checks that raise errors naming the parameter.

Every public function of dlfaq checks its arguments with these, so that a bad value fails at
once with a message saying which parameter, what it got and what is allowed.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable

import numpy as np

__all__ = ["check_array", "check_choice", "check_device", "check_float", "check_int",
           "check_labels"]


def check_int(name: str, value, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r} ({type(value).__name__})")
    value = int(value)
    _check_range(name, value, low, high)
    return value


def check_float(
    name: str, value, *, low: float | None = None, high: float | None = None,
    low_inclusive: bool = True,
) -> float:
    """Return ``value`` as a finite float, or raise if it is not a number in range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if low is not None and not low_inclusive and value <= low:
        raise ValueError(f"{name} must be > {low}, got {value!r}")
    _check_range(name, value, low if low_inclusive else None, high)
    return value


def check_choice(name: str, value, choices: Iterable):
    """Return ``value`` if it is one of ``choices``, or raise listing them."""
    choices = list(choices)
    if value not in choices:
        allowed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return value


def check_array(name: str, value, *, ndim: int | None = None, shape: tuple | None = None,
                dtype=float, min_rows: int = 0) -> np.ndarray:
    """Return ``value`` as a finite NumPy array of the given rank/shape, or raise.

    Strings, booleans and objects that are not numbers are refused (NumPy would turn "1.5"
    into 1.5 and True into 1.0); ``min_rows`` refuses arrays with fewer rows (e.g. empty ones).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be array-like of numbers, got {type(value).__name__}")
    dtype_kind = getattr(getattr(value, "dtype", None), "kind", None)
    if dtype_kind is not None and dtype_kind in "bUSOV":
        raise TypeError(f"{name} must hold numbers, got dtype {value.dtype}")
    try:
        array = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as err:
        kind = type(value).__name__
        raise TypeError(f"{name} must be array-like of numbers, got {kind}") from err
    if array.ndim and (array.shape[0] < min_rows or (min_rows and array.size == 0)):
        raise ValueError(f"{name} must not be empty (at least {min_rows} row(s)), "
                         f"got shape {array.shape}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {array.shape}")
    if shape is not None:
        for axis, (got, want) in enumerate(zip(array.shape, shape, strict=False)):
            if want is not None and got != want:
                raise ValueError(
                    f"{name} must have shape {shape} (None = any), got {array.shape} "
                    f"(axis {axis})"
                )
    if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must contain only finite values")
    return array


def check_labels(name: str, y, n_samples: int, n_classes: int | None = None) -> np.ndarray:
    """Return integer labels of length ``n_samples`` (in 0..n_classes-1 if given), or raise."""
    if isinstance(y, (str, bytes)) or y is None:
        raise TypeError(f"{name} must hold integer class labels, got {type(y).__name__}")
    labels = np.asarray(y)
    if labels.ndim != 1 or labels.shape[0] != n_samples:
        raise ValueError(f"{name} must be 1-D with {n_samples} entries, got shape {labels.shape}")
    if labels.dtype.kind not in "iub":
        if (labels.dtype.kind == "f" and np.all(np.isfinite(labels))
                and np.all(labels == np.round(labels))):
            labels = labels.astype(int)
        else:
            raise TypeError(f"{name} must hold integer class labels, got dtype {labels.dtype}")
    labels = labels.astype(int)
    if labels.size and labels.min() < 0:
        raise ValueError(f"{name} must hold class indices >= 0, got {labels.min()}")
    if n_classes is not None and labels.size and labels.max() >= n_classes:
        raise ValueError(f"{name} holds class {labels.max()}, but the model has {n_classes} "
                         f"outputs (classes 0..{n_classes - 1})")
    return labels


def check_device(name: str, device) -> str | None:
    """Return ``device`` as a string torch accepts ("cpu", "cuda", "cuda:1", ...), or None.

    "cuda" on a machine without a CUDA GPU is refused with the suggestion to use "cpu".
    """
    if device is None:
        return None
    import torch

    if isinstance(device, torch.device):
        device = str(device)
    if not isinstance(device, str):
        raise TypeError(f"{name} must be None, 'cpu' or 'cuda', got {device!r} "
                        f"({type(device).__name__})")
    kind, _, index = device.partition(":")
    if kind not in ("cpu", "cuda") or (index and not index.isdigit()):
        raise ValueError(f"{name} must be None, 'cpu', 'cuda' or 'cuda:N'; got {device!r}")
    if kind == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(f"{name}={device!r} but this machine has no CUDA GPU; "
                             f"use 'cpu' (or None for dlfaq.setup()'s choice)")
        if index and int(index) >= torch.cuda.device_count():
            raise ValueError(f"{name}={device!r} but this machine has "
                             f"{torch.cuda.device_count()} CUDA GPU(s)")
    return device


def _check_range(name, value, low, high):
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value!r}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value!r}")
