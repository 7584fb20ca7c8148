"""``python -m dlfaq.probes``: see :func:`dlfaq.probes.seeds.main`."""

from dlfaq.probes.seeds import main

if __name__ == "__main__":
    raise SystemExit(main())
