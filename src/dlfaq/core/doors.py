"""Doors: what each public function accepts, declared once, beside the function.

A door is a public entry point a learner's input goes through. Its valid arguments are declared
with :func:`door`, after scikit-learn's ``_parameter_constraints`` and ``validate_params``::

    @door(name=Choice(TOY_SETS), n_samples=Int(4, 100_000), noise=Float(0.0, 10.0, none=True),
          seed=Int(0))
    def make_2d(name, n_samples=200, noise=None, seed=0): ...

Each call binds the arguments once, checks and converts each declared one in declaration order
(defaults included) with the functions of :mod:`dlfaq.core.checks` (so a bad value fails at
once with a ``ValueError`` or ``TypeError`` naming the parameter, what is allowed and what was
given), then calls the function with the converted values. The declaration is kept on the
function as ``__door__`` (on ``__init__`` for a class): tests/test_doors.py finds every door by
it and draws good and bad values from it, and ``tools/doors.py`` writes CONTRIBUTING.md's table
of doors from it.

What the declaration cannot say stays as code in the body: constraints that depend on another
argument (an array whose width must match another, a size at most an image's side, labels
against the model's outputs) or on an object (a model, a list of parameters). The body checks
only that part, with the same :mod:`~dlfaq.core.checks` functions.

Specs: :class:`Int`, :class:`Float`, :class:`Choice`, :class:`Switch`, :class:`Array`,
:class:`Labels` (one per row of an array declared before it), :class:`Device`. ``none=True``
lets ``None`` through unchanged (a default chosen in the body). Fields marked *test hint* only
steer the values the property tests draw; they check nothing.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass

import numpy as np

from dlfaq.core.checks import (
    check_array,
    check_choice,
    check_device,
    check_float,
    check_int,
    check_labels,
)

__all__ = ["Array", "Choice", "Device", "Float", "Int", "Labels", "Spec", "Switch", "door",
           "door_of"]


class Spec:
    """One parameter's valid values: ``check(name, value, arguments)`` returns it converted."""

    none = False

    def check(self, name: str, value, arguments: dict):
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def words(self) -> str:
        """What :meth:`describe` says, and "or None" where None passes."""
        return self.describe() + (" or None" if self.none else "")


def _range(low, high, low_open=False, high_open=False) -> str:
    if low is not None and high is not None:
        return f" in {'(' if low_open else '['}{low:,}, {high:,}{')' if high_open else ']'}"
    if low is not None:
        return f" {'>' if low_open else '>='} {low:,}"
    if high is not None:
        return f" {'<' if high_open else '<='} {high:,}"
    return ""


@dataclass(frozen=True)
class Int(Spec):
    """An integer in [low, high] (None: unbounded); ``cheap``, a test hint: good draws stop
    there."""

    low: int | None = None
    high: int | None = None
    none: bool = False
    cheap: int | None = None

    def check(self, name, value, arguments):
        return check_int(name, value, low=self.low, high=self.high)

    def describe(self):
        return "int" + _range(self.low, self.high)


@dataclass(frozen=True)
class Float(Spec):
    """A finite number in range, converted to float; ``low_inclusive=False`` refuses ``low``
    itself, ``high_inclusive=False`` refuses ``high``; ``cheap``, a test hint: good draws come
    from this (low, high) range."""

    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    none: bool = False
    cheap: tuple | None = None

    def check(self, name, value, arguments):
        value = check_float(name, value, low=self.low, high=self.high,
                            low_inclusive=self.low_inclusive)
        if not self.high_inclusive and value >= self.high:
            raise ValueError(f"{name} must be < {self.high:g}, got {value!r}")
        return value

    def describe(self):
        return "float" + _range(self.low, self.high, not self.low_inclusive,
                                not self.high_inclusive)


@dataclass(frozen=True)
class Choice(Spec):
    """One of ``options`` (returned as given)."""

    options: tuple
    none: bool = False

    def check(self, name, value, arguments):
        return check_choice(name, value, self.options)

    def describe(self):
        return "one of " + ", ".join(repr(o) for o in self.options)


@dataclass(frozen=True)
class Switch(Spec):
    """True or False (a NumPy bool too; returned as a bool): "False" would silently mean True."""

    none: bool = False

    def check(self, name, value, arguments):
        if not isinstance(value, bool | np.bool_):
            raise TypeError(f"{name} must be True or False, got {value!r}")
        return bool(value)

    def describe(self):
        return "True or False"


@dataclass(frozen=True)
class Array(Spec):
    """A finite array of numbers (:func:`~dlfaq.core.checks.check_array`): rank ``ndim``,
    ``shape`` (None = any size on that axis), at least ``min_rows`` rows, as ``dtype``.

    Test hints: ``example``, the shape of the good values drawn (default: ``shape`` with 12
    rows); ``values``, the range of their entries.
    """

    ndim: int | None = None
    shape: tuple | None = None
    min_rows: int = 0
    dtype: type = float
    none: bool = False
    example: tuple | None = None
    values: tuple = (-3.0, 3.0)

    def check(self, name, value, arguments):
        return check_array(name, value, ndim=self.ndim, shape=self.shape, dtype=self.dtype,
                           min_rows=self.min_rows)

    def describe(self):
        if self.shape is not None:
            axes = ", ".join("n" if s is None else str(s) for s in self.shape)
            text = f"array ({axes}{',' if len(self.shape) == 1 else ''})"
        else:
            text = f"{self.ndim}-D array" if self.ndim is not None else "array (any shape)"
        return text + (f", at least {self.min_rows} row(s)" if self.min_rows else "")


@dataclass(frozen=True)
class Labels(Spec):
    """Integer class labels, one per row of the array ``rows_of`` (declared before them), in
    0..classes-1 when ``classes`` is given (:func:`~dlfaq.core.checks.check_labels`)."""

    rows_of: str
    classes: int | None = None
    none: bool = False

    def check(self, name, value, arguments):
        return check_labels(name, value, len(arguments[self.rows_of]), n_classes=self.classes)

    def describe(self):
        bound = f" in 0..{self.classes - 1}" if self.classes else " >= 0"
        return f"int labels{bound}, one per row of {self.rows_of}"


@dataclass(frozen=True)
class Device(Spec):
    """None (dlfaq.setup()'s choice), "cpu", "cuda" or "cuda:N" of this machine."""

    none: bool = True

    def check(self, name, value, arguments):
        return check_device(name, value)

    def describe(self):
        return "'cpu', 'cuda' or 'cuda:N'"


def door(**specs: Spec):
    """Declare a function's valid arguments; every call checks and converts them first.

    Decorate a class's ``__init__`` for a class. Parameters not named keep their values; their
    checks, if any, are the body's. ``@door()`` marks a door whose every check is in its body.
    """
    def declare(function):
        if not specs:  # a door whose every check is in its body: nothing to wrap
            function.__door__ = {}
            return function
        signature = inspect.signature(function)
        for name, spec in specs.items():
            if name not in signature.parameters:
                raise TypeError(f"{function.__qualname__} has no parameter {name!r}")
            before = list(specs)[:list(specs).index(name)]
            if isinstance(spec, Labels) and spec.rows_of not in before:
                raise TypeError(f"{name}: Labels' rows_of {spec.rows_of!r} must be declared "
                                f"before it")
        items = tuple(specs.items())
        kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
        plain = all(p.kind in kinds for p in signature.parameters.values())
        positional = [p.name for p in signature.parameters.values()
                      if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        defaults = {p.name: p.default for p in signature.parameters.values()
                    if p.default is not inspect.Parameter.empty}

        @functools.wraps(function)
        def checked(*args, **kwargs):
            given = positional[:len(args)]
            if plain and len(args) == len(given) and not kwargs.keys() & given:
                # the common case, bound by hand (Signature.bind costs more than the checks)
                arguments = {**defaults, **dict(zip(given, args, strict=True)), **kwargs}
            else:
                try:
                    bound = signature.bind(*args, **kwargs)
                except TypeError:  # a wrong call: Python's own message
                    return function(*args, **kwargs)
                bound.apply_defaults()
                arguments = bound.arguments
            for name, spec in items:
                if name not in arguments:  # a required argument missing: Python's own message
                    return function(*args, **kwargs)
                value = arguments[name]
                if value is not None or not spec.none:
                    arguments[name] = spec.check(name, value, arguments)
            if plain:
                return function(**arguments)  # unknown keywords: Python's own message
            return function(*bound.args, **bound.kwargs)

        checked.__door__ = dict(specs)
        return checked

    return declare


def door_of(obj) -> dict | None:
    """The declaration of a function or class decorated by :func:`door`, else None."""
    if isinstance(obj, type):
        init = vars(obj).get("__init__")
        return getattr(init, "__door__", None)
    return getattr(obj, "__door__", None)
