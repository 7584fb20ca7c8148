"""Good and bad values for every door's parameters, drawn with Hypothesis (test-only).

A door declares what it accepts with the specs of :mod:`dlfaq.core.doors` (``Int``, ``Float``,
``Choice``, ``Switch``, ``Array``, ``Labels``, ``Device``); :func:`good` and :func:`bad` turn a
spec into a strategy of values it must accept and of values it must refuse (wrong types,
NaN/inf, empty or misshapen arrays, out-of-range numbers, unknown strings). :class:`Fixed` is a
test's own: a fixture (a model, a split) with the bad values to try. tests/door_table.py builds
:data:`~door_table.DOORS` from the declarations and its fixtures, each package spec wrapped in a
:class:`Drawn`.

The classes below (``Int``, ``Float``, ``Choice``, ``Switch``, ``Array``, ``Labels``,
``Device``: the test-side spellings) hold the strategies themselves; :func:`good` and
:func:`bad` map a package spec onto them, and they still spell the doors of
:data:`~door_table.LEGACY` not yet declared and the controls of ``Explorer.set``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import singledispatch

import numpy as np
from hypothesis import strategies as st

from dlfaq.core import doors

NOT_NUMBERS = st.sampled_from(["3", "abc", "", None, [1, 2], {"a": 1}, b"1"])
NOT_FINITE = st.sampled_from([float("nan"), float("inf"), float("-inf")])


@dataclass(frozen=True)
class Int:
    """An integer in [low, high] (None: unbounded); good calls draw from [low, cheap or high]."""

    low: int | None = None
    high: int | None = None
    cheap: int | None = None

    def good(self):
        low = self.low if self.low is not None else -50
        high = self.cheap if self.cheap is not None else self.high
        return st.integers(low, high if high is not None else low + 100)

    def bad(self):
        options = [NOT_NUMBERS, st.booleans(), st.floats(0.5, 9.5).filter(lambda v: v != int(v)),
                   NOT_FINITE]
        if self.low is not None:
            options.append(st.integers(self.low - 10**6, self.low - 1))
        if self.high is not None:
            options.append(st.integers(self.high + 1, self.high + 10**6))
        return st.one_of(options)


@dataclass(frozen=True)
class Float:
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True

    def good(self):
        low = self.low if self.low is not None else -5.0
        high = self.high if self.high is not None else 5.0
        return st.floats(low, high, exclude_min=not self.low_inclusive,
                         exclude_max=not self.high_inclusive)

    def bad(self):
        options = [NOT_NUMBERS, st.booleans(), NOT_FINITE]
        if self.low is not None:
            below = st.floats(self.low - 1e6, self.low, exclude_max=self.low_inclusive)
            options.append(below)
        if self.high is not None:
            options.append(st.floats(self.high, self.high + 1e6,
                                     exclude_min=self.high_inclusive))
        return st.one_of(options)


@dataclass(frozen=True)
class Choice:
    options: tuple

    def good(self):
        return st.sampled_from(self.options)

    def bad(self):
        words = st.text(min_size=0, max_size=8).filter(lambda w: w not in self.options)
        return st.one_of(words, st.sampled_from([None, 3, 1.5, True, [self.options[0]]]),
                         st.sampled_from([str(o).upper() for o in self.options
                                          if str(o).upper() not in self.options] or ["?"]))


@dataclass(frozen=True)
class Switch:
    def good(self):
        return st.booleans()

    def bad(self):
        return st.sampled_from(["True", "False", 1, 0, None, 1.0])


@dataclass(frozen=True)
class Array:
    """A float array of ``shape`` (ints; None = this many rows: ``rows``) with values in range."""

    shape: tuple
    low: float = -3.0
    high: float = 3.0
    rows: int = 12
    min_rows: int = 1
    any_size: bool = False  # True: only the rank is fixed (an image of any size)
    any_shape: bool = False  # True: elementwise, any shape (only the values can be bad)

    def concrete(self, rows=None):
        return tuple((rows or self.rows) if s is None else s for s in self.shape)

    def good(self):
        from hypothesis.extra import numpy as hnp

        return hnp.arrays(np.float64, self.concrete(),
                          elements=st.floats(self.low, self.high, width=32))

    def bad(self):
        shape = self.concrete()

        def with_hole(value_and_index):
            value, index = value_and_index
            array = np.zeros(shape)
            array.flat[index % array.size] = value
            return array

        holes = st.tuples(NOT_FINITE, st.integers(0, 10**6)).map(with_hole)
        wrong_rank = st.sampled_from([np.zeros(shape + (2,))] +
                                     ([np.zeros(shape[1:])] if len(shape) > 1 else
                                      [np.float64(1.0)] if self.min_rows else []))
        options = [holes, st.sampled_from(["abc", None, np.full(shape, "a")])]
        if self.any_shape:
            return st.one_of(options)
        options.append(wrong_rank)
        if self.min_rows >= 1:
            options.append(st.just(np.zeros((0,) + shape[1:])))
        if len(shape) > 1 and not self.any_size:  # one column too many or too few
            options.append(st.sampled_from([np.zeros(shape[:-1] + (shape[-1] + 1,)),
                                            np.zeros(shape[:-1] + (max(shape[-1] - 1, 0),))]))
        return st.one_of(options)


@dataclass(frozen=True)
class Labels:
    """``n`` class labels in 0..classes-1."""

    n: int = 12
    classes: int = 2
    bounded: bool = True  # False: any class index >= 0 is a good label (no model to bound it)

    def good(self):
        from hypothesis.extra import numpy as hnp

        return hnp.arrays(np.int64, (self.n,), elements=st.integers(0, self.classes - 1))

    def bad(self):
        n, k = self.n, self.classes
        beyond = [st.integers(k, 10**6).map(lambda c: np.r_[np.zeros(n - 1, int), c])]
        return st.one_of(
            *(beyond if self.bounded else []),
            st.integers(-10**6, -1).map(lambda c: np.r_[np.zeros(n - 1, int), c]),
            st.sampled_from([np.full(n, 0.5), np.r_[np.zeros(n - 1), np.nan], np.zeros(n + 1, int),
                             np.zeros(max(n - 1, 0), int), "abc", None, np.zeros((n, 2), int),
                             np.full(n, "a")]),
        )


@dataclass(frozen=True)
class Device:
    def good(self):
        return st.sampled_from(["cpu", None])

    def bad(self):
        import torch

        fixed = ["gpu", "CPU", "cuda:x", "tpu", 0, 1.5, ["cpu"]]
        if not torch.cuda.is_available():
            fixed += ["cuda", "cuda:0"]
        return st.one_of(st.sampled_from(fixed),
                         st.text(min_size=1, max_size=6).filter(
                             lambda w: w not in ("cpu", "cuda") and not w.startswith("cuda:")))


@dataclass(frozen=True)
class Fixed:
    """A parameter whose good value is fixed (e.g. a model) and whose bad values are given."""

    value: object
    bad_values: tuple = ()

    def good(self):
        return st.just(self.value)

    def bad(self):
        return st.sampled_from(self.bad_values) if self.bad_values else st.nothing()


@dataclass
class Door:
    """One public entry point: how to call it, the specs of its parameters.

    ``call(**kwargs)`` calls the door; ``params`` maps a parameter name to its spec (parameters
    not listed keep their defaults); ``good_calls`` says whether generated good inputs are run
    too (False for doors whose good call trains for seconds: their good inputs are what the
    notebooks and their own unit tests run).
    """

    call: object
    params: dict = field(default_factory=dict)
    good_calls: bool = True


# ---------------------------------------------------------------- the package's specs
ROWS = 12  # rows of a drawn array whose declaration leaves them free


def good(spec, params: dict):
    """Values ``spec`` must accept; ``params``: the door's other specs (labels count rows)."""
    if isinstance(spec, Fixed) or not isinstance(spec, doors.Spec):
        return spec.good()
    return _good(spec, params)


def bad(spec, params: dict):
    """Values ``spec`` must refuse (never None where the spec lets None through)."""
    if isinstance(spec, Fixed) or not isinstance(spec, doors.Spec):
        return spec.bad()
    strategy = _bad(spec, params)
    return strategy.filter(lambda v: v is not None) if spec.none else strategy


def shape_of(spec: doors.Array) -> tuple:
    """The shape of the good values drawn for an array spec."""
    if spec.example is not None:
        return tuple(spec.example)
    if spec.shape is not None:
        return tuple(ROWS if s is None else s for s in spec.shape)
    if spec.ndim is not None:
        return (ROWS,) + (4,) * (spec.ndim - 1)
    return (5,)


def rows_of(spec, params: dict) -> int:
    """How many labels go with ``spec`` (a Labels spec): the rows of the array it counts."""
    other = params[spec.rows_of]
    other = other.spec if isinstance(other, Drawn) else other
    return len(other.value) if isinstance(other, Fixed) else shape_of(other)[0]


@singledispatch
def _good(spec, params):
    raise TypeError(f"no good values for {spec!r}")


@singledispatch
def _bad(spec, params):
    raise TypeError(f"no bad values for {spec!r}")


@_good.register
def _(spec: doors.Int, params):
    return Int(spec.low, spec.high, spec.cheap).good()


@_bad.register
def _(spec: doors.Int, params):
    return Int(spec.low, spec.high, spec.cheap).bad()


@_good.register
def _(spec: doors.Float, params):
    if spec.cheap is not None:
        return Float(*spec.cheap).good()
    return Float(spec.low, spec.high, spec.low_inclusive, spec.high_inclusive).good()


@_bad.register
def _(spec: doors.Float, params):
    return Float(spec.low, spec.high, spec.low_inclusive, spec.high_inclusive).bad()


@_good.register
def _(spec: doors.Choice, params):
    return Choice(tuple(spec.options)).good()


@_bad.register
def _(spec: doors.Choice, params):
    return Choice(tuple(spec.options)).bad()


@_good.register
def _(spec: doors.Switch, params):
    return Switch().good()


@_bad.register
def _(spec: doors.Switch, params):
    return Switch().bad()


@_good.register
def _(spec: doors.Device, params):
    return Device().good()


@_bad.register
def _(spec: doors.Device, params):
    return Device().bad()


def _array(spec: doors.Array) -> Array:
    shape = shape_of(spec)
    return Array(shape, *spec.values, rows=shape[0] if shape else ROWS,
                 min_rows=spec.min_rows, any_size=spec.shape is None,
                 any_shape=spec.shape is None and spec.ndim is None)


@_good.register
def _(spec: doors.Array, params):
    return _array(spec).good()


@_bad.register
def _(spec: doors.Array, params):
    return _array(spec).bad()


@_good.register
def _(spec: doors.Labels, params):
    return Labels(rows_of(spec, params), spec.classes or 2).good()


@_bad.register
def _(spec: doors.Labels, params):
    return Labels(rows_of(spec, params), spec.classes or 2, bounded=bool(spec.classes)).bad()


class Drawn:
    """A package spec as the tests draw from it: ``good()`` and ``bad()``, knowing the door's
    other specs (:class:`~dlfaq.core.doors.Labels` count the rows of another parameter)."""

    def __init__(self, spec: doors.Spec, params: dict):
        self.spec, self.params = spec, params

    def good(self):
        return good(self.spec, self.params)

    def bad(self):
        return bad(self.spec, self.params)

    def __repr__(self):
        return f"Drawn({self.spec!r})"
