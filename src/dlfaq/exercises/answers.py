"""What every grader needs to read a reader's answer and say what is wrong with it.

The graders (one module per notebook) run the reader's function through :func:`call`, turn
what it returned into arrays (:func:`as_array`, :func:`int_answer`, :func:`list_answer`,
:func:`feature_matrix`), compare with a reference (:func:`close`) and name the likely mistake
(:func:`diagnose`). :class:`Wrong` and :class:`NotAttempted` carry the message the reader sees.
"""

from __future__ import annotations

import numpy as np

__all__ = ["NotAttempted", "STARTER_NOTE", "Wrong", "as_array", "call", "close", "diagnose",
           "feature_matrix", "int_answer", "list_answer", "to_numpy"]


class NotAttempted(Exception):
    """The answer is still the starter code."""


class Wrong(Exception):
    """The answer is wrong; the message says how."""


STARTER_NOTE = "replace `raise NotImplementedError` with your code and run the cell again"


def call(function, *args, shapes: str = "", **kwargs):
    """Run the reader's function; starter code -> NotAttempted, an exception -> Wrong.

    ``shapes`` (e.g. "X is (30, 3)") is added to the message when the error is about shapes."""
    if not callable(function):
        raise Wrong(f"expected a function, got {type(function).__name__}: pass the function "
                    "itself, without calling it (no parentheses)")
    try:
        result = function(*args, **kwargs)
    except NotImplementedError:
        raise NotAttempted(STARTER_NOTE) from None
    except Exception as err:  # the reader's bug: report it, never crash the notebook
        text = str(err) if len(str(err)) < 90 else str(err)[:87] + "..."
        shape_error = any(word in str(err) for word in ("shape", "matmul", "broadcast", "dim"))
        extra = f"; check the shapes: {shapes}" if shapes and shape_error else ""
        raise Wrong(f"your function raised {type(err).__name__}: {text}{extra}") from None
    if result is Ellipsis:
        raise NotAttempted("your function still returns ...") from None
    if result is None:
        raise NotAttempted("your function returns None (did you forget `return`?)") from None
    return result


def as_array(value, what: str, shape: tuple | None = None) -> np.ndarray:
    try:
        array = np.asarray(to_numpy(value), dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} should be numbers, got {type(value).__name__}") from None
    if shape is not None and array.shape != tuple(shape):
        raise Wrong(f"{what} should have shape {tuple(shape)}, got {array.shape}")
    return array


def to_numpy(value):
    if hasattr(value, "detach"):  # a torch tensor
        return value.detach().cpu().numpy()
    if isinstance(value, list | tuple):
        return [to_numpy(v) for v in value]
    return value


def close(a, b, rtol=1e-5, atol=1e-8) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def diagnose(got, mistakes, rtol=1e-5, atol=1e-8):
    """The message of the first known mistake that reproduces ``got``, or None."""
    for candidate, message in mistakes:
        if close(got, candidate, rtol=rtol, atol=atol):
            return message
    return None


def int_answer(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and float(value).is_integer():
            return int(value)
        raise Wrong(f"{what} should be a whole number, got {value!r}")
    return int(value)


def list_answer(value):
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    try:
        return list(np.ravel(np.asarray(value, dtype=object)))
    except (TypeError, ValueError):
        raise Wrong(f"return a list of numbers, got {type(value).__name__}") from None


def feature_matrix(value, n: int) -> np.ndarray:
    if np.iscomplexobj(to_numpy(value)):
        raise Wrong("your features are complex numbers; classical models need real ones: "
                    "take the magnitude, np.abs")
    F = as_array(value, "features(X)")
    if F.ndim == 1:
        F = F[:, None]  # one feature per point
    if F.ndim != 2 or F.shape[0] != n:
        raise Wrong(f"features(X) should return one row per point, shape ({n}, k); got "
                    f"{F.shape}")
    if not np.all(np.isfinite(F)):
        raise Wrong("your features contain inf or nan")
    return F
