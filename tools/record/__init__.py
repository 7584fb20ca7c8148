"""`make record` (``python -m tools.record``): the one command that writes the recorded runs, the
measurements over seeds that the notebooks read instead of rerunning them (minutes each).

    python -m tools.record RECORD [PART ...] [--seeds S ...] [--device cpu] [--out DIR]

RECORD is one of :data:`dlfaq.studies.recorded.RECORDS` (``tricks``: notebook 04,
``comparison``: 06, ``probes`` and ``motifs``: 07, ``choices``: 08); without PART, every part of
it, in order. Each part is written into the record's JSON file (``src/dlfaq/studies/results/``,
read by :func:`dlfaq.studies.recorded.load`) as soon as it is done, with its provenance under
``"meta"``: the command as typed, the date, the machine, the seeds, the seconds; the record's
other parts are kept. ``--seeds`` replaces a part's seeds (:data:`RECORDS` gives each part's
own); a part that builds on another (``tricks rows`` on ``tricks selection``, ``choices
depth_unseen`` on ``choices depth``) reads it from the file.

Modules: ``cli`` (the command, the file, the provenance), ``studies`` (the parts of notebooks
04, 06 and 07), ``choices`` (notebook 08's). Every part repeats its study over seeds with
:func:`dlfaq.studies.seeds.over_seeds`.
"""
