"""The ground floor: argument checks (:mod:`~dlfaq.core.checks`), the device and the colours
(:mod:`~dlfaq.core.config`), text tables (:mod:`~dlfaq.core.tables`) and the import hook that
applies the thread setting (:mod:`~dlfaq.core._lazy`). Imports nothing else of dlfaq."""

__all__ = []
