"""Configure a heavy library when it is first imported, not before.

``dlfaq.setup()`` runs in every notebook's first cell, but the first notebook never uses torch:
importing torch there would cost each kernel about 145 MB of memory for nothing (a learner's
session keeps one kernel per open notebook). :func:`when_imported` defers torch's settings to
the moment torch is imported; :func:`torch_facts` answers "which torch, on which device"
without importing it where that answer is certain.

The environment variables ``setup()`` also exports (OMP_NUM_THREADS...) do not replace the hook
(measured with torch 2.13 on a 2-core CPU, fresh processes, ``setup(threads=n)`` then
``import torch``): torch caps OMP_NUM_THREADS at the number of cores, so ``threads=3`` gave
``torch.get_num_threads()`` 2 without the hook and 3 with it, whether torch was imported before
``setup()`` (as ``setup()`` itself does where CUDA may be present) or after; ``threads=1`` gave 1
either way. Neither sets the inter-op pool (``get_num_interop_threads()``: 2, the core count, in
every case). The hook costs about 1 ms of ``import dlfaq; dlfaq.setup()`` and 0.1 ms of
``import torch`` (its finder is asked about each of torch's 855 modules, 80 ns each).
"""

from __future__ import annotations

import importlib.abc
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable

_PENDING: dict[str, list[Callable]] = {}


class _Loader(importlib.abc.Loader):
    """Wraps a module's loader: runs the pending callbacks right after the module executes."""

    def __init__(self, loader, name: str):
        self._loader, self._name = loader, name

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        for callback in _PENDING.pop(self._name, []):
            callback(module)

    def __getattr__(self, attr):  # get_resource_reader, is_package, ...
        return getattr(self._loader, attr)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _PENDING:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader, fullname)
        return spec


_FINDER = _Finder()


def when_imported(name: str, callback: Callable) -> None:
    """Call ``callback(module)`` now if ``name`` is imported, else right after its import.

    Calling it again for the same module before that import replaces the earlier callback (the
    latest ``setup()`` wins, as it would had torch been imported).
    """
    module = sys.modules.get(name)
    if module is not None:
        callback(module)
        return
    _PENDING[name] = [callback]
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)


def _cuda_possible() -> bool:
    """False only where torch certainly sees no CUDA GPU: a CPU build of torch, or Linux
    without the NVIDIA driver loaded, or macOS."""
    try:
        version = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        return True  # let the import say what is wrong
    if "+cpu" in version or sys.platform == "darwin":
        return False
    if sys.platform.startswith("linux"):
        return os.path.exists("/proc/driver/nvidia/version")
    return True


def torch_facts() -> tuple[str, bool]:
    """(torch's version, whether CUDA is available), importing torch only when CUDA might be."""
    torch = sys.modules.get("torch")
    if torch is None and not _cuda_possible():
        return importlib.metadata.version("torch"), False
    import torch

    return torch.__version__, torch.cuda.is_available()
