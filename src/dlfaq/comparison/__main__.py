"""``python -m dlfaq.comparison {search,seeds}``: see :func:`dlfaq.comparison.record.main`."""

from dlfaq.comparison.record import main

if __name__ == "__main__":
    raise SystemExit(main())
