"""The grading core: the registry of exercises and what a notebook calls.

A checker module (one per notebook, :mod:`dlfaq.exercises.n01` ...) registers each grader with
:func:`exercise`; a grader takes the reader's answer and returns one line of praise, or raises
:class:`~dlfaq.exercises.answers.Wrong` / :class:`~dlfaq.exercises.answers.NotAttempted` with
the message the reader sees. :func:`grade` turns that into a :class:`Feedback`; :func:`check`
prints it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from dlfaq.core.doors import door
from dlfaq.exercises.answers import STARTER_NOTE, NotAttempted, Wrong

__all__ = ["Exercise", "Feedback", "REGISTRY", "STATUSES", "check", "exercise", "grade", "ids",
           "reference_answer", "solution"]

STATUSES = ("correct", "wrong", "not attempted")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` (one of :data:`STATUSES`) and a short message."""

    exercise: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id, a one-line title, its grader and its solution."""

    id: str
    title: str
    grader: Callable
    solution: Callable


REGISTRY: dict[str, Exercise] = {}


def exercise(exercise_id: str, title: str, solution: Callable):
    """Register the decorated grader as exercise ``exercise_id`` ("NN.k": notebook NN)."""
    def register(grader):
        if exercise_id in REGISTRY:
            raise ValueError(f"exercise {exercise_id} is registered twice")
        REGISTRY[exercise_id] = Exercise(exercise_id, title, grader, solution)
        return grader
    return register


def ids() -> list[str]:
    """The ids of every exercise, in order ("01.1", "01.2", ...)."""
    return sorted(REGISTRY)


def _get(exercise_id) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id not in REGISTRY:
        raise ValueError(f"exercise_id must be one of {', '.join(ids())}; got {exercise_id!r}")
    return REGISTRY[exercise_id]


def grade(exercise_id: str, answer) -> Feedback:
    """Check ``answer`` against exercise ``exercise_id`` and return the :class:`Feedback`."""
    exercise = _get(exercise_id)
    try:
        if answer is None or answer is Ellipsis:
            raise NotAttempted("replace the ... with your answer and run the cell again")
        detail = exercise.grader(answer)
    except NotAttempted as note:
        return Feedback(exercise_id, "not attempted",
                        f"{exercise_id} not attempted yet: {note or STARTER_NOTE}")
    except Wrong as wrong:
        return Feedback(exercise_id, "wrong", f"{exercise_id} not yet: {wrong}")
    return Feedback(exercise_id, "correct", f"{exercise_id} correct! {detail}".rstrip())


@door()  # the id is checked against the registry, filled after this module loads
def check(exercise_id: str, answer, reveal: bool = False) -> None:
    """Print the verdict on ``answer`` (one or two lines); ``reveal=True`` adds the solution."""
    print(grade(exercise_id, answer).message)
    if reveal:
        solution(exercise_id)


@door()  # the id: as check's
def solution(exercise_id: str) -> None:
    """Print the worked solution of exercise ``exercise_id`` (read it after trying!)."""
    exercise = _get(exercise_id)
    print(f"Solution of {exercise_id} ({exercise.title}):\n")
    print(inspect.getsource(exercise.solution))


def reference_answer(exercise_id: str):
    """The answer the worked solution gives: the function itself, or the value it returns
    (for "predict" exercises, whose solution takes no arguments). For tests."""
    function = _get(exercise_id).solution
    return function() if not inspect.signature(function).parameters else function
