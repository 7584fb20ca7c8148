"""``python -m dlfaq.studies.probes``: see :func:`dlfaq.studies.probes.seeds.main`."""

from dlfaq.studies.probes.seeds import main

if __name__ == "__main__":
    raise SystemExit(main())
