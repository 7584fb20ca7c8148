"""The recorded run of notebook 06 (:data:`SEED_RUN`), read from the record ``comparison``
(:func:`dlfaq.studies.recorded.load`), which ``python -m tools.record comparison`` writes."""

from __future__ import annotations

from dlfaq.studies import recorded

__all__ = ["SEED_RUN"]


def _pairs(by_key: dict) -> dict:
    """JSON's "model / features" (or "model / features / size") keys back to tuples, sizes as
    ints."""
    return {tuple(int(part) if part.isdigit() else part for part in key.split(" / ")): value
            for key, value in by_key.items()}


def _study(part: dict) -> dict:
    return {**part, "table": _pairs(part["table"]),
            **({"train_seconds": _pairs(part["train_seconds"])} if "train_seconds" in part
               else {})}


_RECORD = recorded.load("comparison")

#: The recorded run that notebook 06 shows (accuracies 0..1): ``search``
#: {(model, features): {"scores", "best"}} (:func:`~dlfaq.studies.comparison.search`),
#: ``search_sizes`` {(model, features, size): ...}
#: (:func:`~dlfaq.studies.comparison.search_sizes`), ``table``, ``shuffled`` and ``curve`` over
#: seeds 0-4 (:func:`~dlfaq.studies.comparison.experiments` per seed, gathered by
#: :func:`~dlfaq.studies.comparison.gather`), and under ``unseen`` the same for seeds 10-14,
#: which no notebook runs; ``date``, ``machine`` and ``command`` say where it came from,
#: ``meta`` is the record's (each part's command, date, machine and seeds).
SEED_RUN: dict = {
    **{key: _RECORD["meta"]["study"][key] for key in ("date", "machine")},
    "command": "python -m tools.record comparison",
    "meta": _RECORD["meta"],
    "search": _pairs(_RECORD["search"]),
    "search_sizes": _pairs(_RECORD["search_sizes"]),
    **_study(_RECORD["study"]),
    "unseen": {"seeds": _RECORD["meta"]["unseen"]["seeds"], **_study(_RECORD["unseen"])},
}
