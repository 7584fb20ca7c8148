"""The recorded runs: measurements over seeds that take minutes, made once and read back by the
notebooks and the tests, so that no notebook reruns them.

One format for all of them: a JSON file per record in ``dlfaq/studies/results/`` (package data,
so the record travels with the package: a wheel, Colab's ``pip install`` of a release, Binder and
a hub read the same files), written by one command, ``python -m tools.record <record> [part
...] [--seeds ...]`` (``make record``; docs/maintainers.md). A record is made of *parts*, each
written by one run of the command; the file holds every part under its name and, under
``"meta"``, each part's provenance::

    {"meta": {"<part>": {"command": "python -m tools.record probes sweep --seeds ...",
                         "date": "2026-12-03", "machine": "2 CPUs (...), torch 2.13.0+cpu",
                         "seeds": [0, 1, ...], "seconds": 751, ...}, ...},
     "<part>": <what the part measured>, ...}

JSON keys are strings: a seed is written as its digits ("10"), a (model, features) pair joined
by " / " ("ConvNet / raw"). :func:`load` gives the file back as JSON has it; a study whose
functions take int seeds or pairs turns them back once, where it reads its record
(:data:`dlfaq.studies.comparison.SEED_RUN`, :data:`dlfaq.studies.probes.SEED_RUN`,
:data:`dlfaq.studies.motif_study.SEED_RUN`); notebooks 04 and 08 read theirs as they are.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["FOLDER", "RECORDS", "load", "path"]

#: Where the records are: package data beside this module.
FOLDER = Path(__file__).resolve().parent / "results"
#: Every record: name -> its file (numbered by the notebook that reads it).
RECORDS = {"tricks": "04_tricks.json", "comparison": "06_comparison.json",
           "probes": "07_probes.json", "motifs": "07_motifs.json",
           "choices": "08_choices.json"}


def path(name: str) -> Path:
    """The file of record ``name`` (one of :data:`RECORDS`)."""
    if name not in RECORDS:
        raise ValueError(f"no record named {name!r}; records: {', '.join(RECORDS)}")
    return FOLDER / RECORDS[name]


def load(name: str) -> dict:
    """Record ``name`` as its JSON file holds it: ``{"meta": {part: provenance}, part: ...}``
    (a fresh dict on every call: change it freely)."""
    return json.loads(path(name).read_text(encoding="utf-8"))
