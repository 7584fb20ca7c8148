"""Repeating a study over seeds: one name, one signature, for every study of the series.

A *study* here is any function that takes ``seed`` as a keyword and returns one seed's result:
:func:`dlfaq.studies.tricks.compare`, :func:`dlfaq.studies.comparison.experiments`,
:func:`dlfaq.studies.probes.probe_summary`, :func:`dlfaq.studies.motif_study.study`, ...
:func:`over_seeds` calls it once per seed and returns ``{seed: result}``; a study that shows a
spread over seeds gathers that dict itself (:func:`dlfaq.studies.tricks.gather`,
:func:`dlfaq.studies.comparison.gather`). ``python -m tools.record`` uses it to write the
recorded runs the notebooks read (:mod:`dlfaq.studies.recorded`).

Not to be confused with :func:`dlfaq.studies.margins.verdict`, which *compares* two models'
accuracies already measured over the same seeds.
"""

from __future__ import annotations

from collections.abc import Callable

from dlfaq.core.checks import check_int

__all__ = ["over_seeds"]


def over_seeds(study: Callable, seeds, /, **kwargs) -> dict:
    """``{seed: study(seed=seed, **kwargs)}`` for each of ``seeds``, in their order.

    ``seeds``: a list (or range) of seeds, at least one, each an int >= 0, none twice.
    ``kwargs`` go to every call unchanged; ``study`` must take ``seed`` as a keyword.
    """
    if not callable(study):
        raise TypeError(f"study must be a function taking seed=..., got {study!r}")
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of seeds, got {seeds!r}")
    seeds = [check_int("seed", s, low=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must name at least one seed")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must not repeat a seed, got {seeds}")
    if "seed" in kwargs:
        raise TypeError("over_seeds sets seed itself: pass the seeds as its second argument")
    return {seed: study(seed=seed, **kwargs) for seed in seeds}
