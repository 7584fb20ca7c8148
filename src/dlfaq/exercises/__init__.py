"""Exercises with instant, specific feedback: the checker behind the end of every notebook.

Each notebook ends with a few exercises; the reader writes a function (or a value) and calls

    exercises.check("01.1", sigmoid_prime)

The checker runs the reader's answer on fresh inputs, compares it with a reference computed
independently (closed forms, ``torch.autograd``, ``torch.nn`` layers, scikit-learn) and prints
one or two lines: "correct", "not attempted yet" (starter code that raises
``NotImplementedError`` or returns ``None`` / ``...``), or what is wrong and the likely mistake
behind it. It never prints the solution unless asked: ``check(..., reveal=True)`` or
``solution("01.1")`` show the worked solution. :func:`grade` is the same check without
printing, for tests.

Exercise ids are "NN.k": notebook NN, exercise k; :func:`ids` lists them.

The package:

- :mod:`~dlfaq.exercises.core`: the registry and what notebooks call (:func:`check`,
  :func:`solution`, :func:`grade`, :func:`ids`, :func:`reference_answer`).
- :mod:`~dlfaq.exercises.answers`: what every grader uses to run and read an answer.
- ``n01`` ... ``n08``: the graders of notebook NN, one module per notebook (exercise "NN.k" is
  in ``nNN``). Importing this package imports them all, which fills the registry.
- :mod:`~dlfaq.exercises.solutions`: the worked solutions, one function per exercise.

Importing it is cheap (NumPy only): torch and scikit-learn are imported by the graders that
need them, when they run.
"""

from dlfaq.exercises import n01, n02, n03, n04, n05, n06, n07, n08  # noqa: F401  (registers)
from dlfaq.exercises.core import (
    STATUSES,
    Exercise,
    Feedback,
    check,
    grade,
    ids,
    reference_answer,
    solution,
)

__all__ = ["STATUSES", "Exercise", "Feedback", "check", "grade", "ids", "reference_answer",
           "solution"]
