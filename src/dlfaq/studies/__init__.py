"""The experiments the notebooks report, each built from :mod:`dlfaq.learn` and returning plain
numbers: the tricks' table (:mod:`~dlfaq.studies.tricks`), usual ML against learned features
(:mod:`~dlfaq.studies.comparison`), probes of learned features (:mod:`~dlfaq.studies.probes`),
the motif study (:mod:`~dlfaq.studies.motif_study`), tables and curves of notebook 08
(:mod:`~dlfaq.studies.tabular`, :mod:`~dlfaq.studies.overfitting`,
:mod:`~dlfaq.studies.depth_width`, :mod:`~dlfaq.studies.reuse`), and what a difference over
seeds is worth (:mod:`~dlfaq.studies.margins`, :mod:`~dlfaq.studies.curves`). Any of them over
seeds: :func:`dlfaq.studies.seeds.over_seeds`; the recorded runs the notebooks read:
:mod:`~dlfaq.studies.recorded`. No drawing here."""

__all__ = []
