"""``python -m dlfaq.studies.comparison {search,seeds}``: see
:func:`dlfaq.studies.comparison.record.main`."""

from dlfaq.studies.comparison.record import main

if __name__ == "__main__":
    raise SystemExit(main())
