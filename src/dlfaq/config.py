"""Per-notebook set-up: one call, explicit, in each notebook's first cell.

:func:`setup` sets the plot defaults, the number of threads of torch and of the BLAS/OpenMP
pools (one by default: on a 2-core machine the series' small models ran 10-50x faster
single-threaded than with the libraries' defaults) and picks the device (a GPU when there
is one, the CPU otherwise) and reports it; :func:`default_device` gives that device to every
function of the package called with ``device=None`` (:func:`resolve_device`).
Nothing here runs on import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dlfaq._checks import check_choice, check_device, check_int

#: The device of the last :func:`setup` call (None before any): read it with
#: :func:`default_device`.
_chosen_device: str | None = None

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")


@dataclass(frozen=True)
class Setup:
    """What :func:`setup` chose: the torch device, the thread count and the versions."""

    device: str
    threads: int
    torch_version: str
    renderer: str = "ipympl"

    def __str__(self) -> str:
        figures = ", figures as PNG images" if self.renderer == "png" else ""
        return (f"dlfaq: torch {self.torch_version} on {self.device}, {self.threads} thread(s)"
                f"{figures}")


def setup(threads: int = 1, device: str = "auto", verbose: bool = True,
          renderer: str = "auto") -> Setup:
    """Set plot defaults, torch threads and device for one notebook; return what was chosen.

    Parameters
    ----------
    threads : int, default 1
        Threads for torch's CPU kernels and for the BLAS/OpenMP pools of NumPy and
        scikit-learn (1 to 256).
    device : {"auto", "cpu", "cuda"}, default "auto"
        "auto" picks CUDA when a GPU is present and the CPU otherwise.
    verbose : bool, default True
        Print one line saying what was chosen.
    renderer : {"auto", "ipympl", "png"}, default "auto"
        How the explorers built afterwards show their figures (:mod:`dlfaq.render`): ipympl's
        canvas, or PNG frames in an ``ipywidgets.Image`` (no ipympl needed). "auto": the
        environment variable DLFAQ_RENDERER when set, else PNG on Colab, else ipympl.
    """
    import matplotlib as mpl

    from dlfaq import render
    from dlfaq._lazy import torch_facts, when_imported

    threads = check_int("threads", threads, low=1, high=256)
    check_choice("device", device, ["auto", "cpu", "cuda"])
    render.set_renderer(renderer)
    torch_version, cuda = torch_facts()
    if device == "cuda" and not cuda:
        raise ValueError("device='cuda' was asked for but no CUDA GPU is available; use 'auto'")
    chosen = "cuda" if device == "auto" and cuda else device
    chosen = "cpu" if chosen == "auto" else chosen

    # The same for NumPy's and scikit-learn's BLAS/OpenMP pools: on 2 cores, OpenBLAS with 2
    # threads made a small LogisticRegression fit 35x slower (10 s vs 0.3 s).
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads)
    # Libraries loaded later (scikit-learn's own OpenMP runtime, SciPy's OpenBLAS) read these
    # when they load; threadpool_limits reaches only those already loaded.
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)
    # torch only when a notebook imports it (now, or later: then its own OpenMP pool too).
    when_imported("torch", lambda torch: (torch.set_num_threads(threads),
                                          threadpool_limits(limits=threads)))
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "figure.figsize": (6.4, 4.0),
        "image.cmap": "cividis",
    })
    chosen_setup = Setup(device=chosen, threads=threads, torch_version=torch_version,
                         renderer=render.resolve())
    global _chosen_device
    _chosen_device = chosen
    if verbose:
        print(chosen_setup)
    return chosen_setup


def default_device() -> str:
    """The device every function that trains or evaluates uses when given ``device=None``:
    the one the last :func:`setup` call chose, or "cpu" when :func:`setup` was never called."""
    return _chosen_device or "cpu"


def resolve_device(device=None, model=None) -> str:
    """The one rule behind every ``device=None`` of the package.

    ``device`` when given (checked: :func:`dlfaq._checks.check_device`); else, when a torch
    ``model`` is given whose parameters are not on the CPU, that device (the caller put the
    model there); else :func:`default_device`, the device of the last :func:`setup`.
    """
    device = check_device("device", device)
    if device is not None:
        return device
    if model is not None:
        own = str(device_of(model))
        if own != "cpu":
            return own
    return default_device()


def device_of(model):
    """Where a torch ``model``'s parameters are (the CPU for a model without any)."""
    import torch

    return next((p.device for p in model.parameters()), torch.device("cpu"))
