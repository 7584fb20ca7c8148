"""What every public door of dlfaq accepts, written once: the specs the property tests draw from.

Each parameter is described by a small spec (an integer in a range, a finite float, a choice,
an array of a shape, class labels, a device, a switch). A spec knows how to *generate* good
values and bad ones (wrong types, NaN/inf, empty or misshapen arrays, out-of-range numbers,
unknown strings). :data:`DOORS` in tests/test_doors.py pairs each public entry point with the
specs of its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

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
