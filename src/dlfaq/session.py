"""Per-notebook set-up: one call, explicit, in each notebook's first cell.

:func:`setup` sets the plot defaults, the number of threads of torch and of the BLAS/OpenMP
pools (one by default: on a 2-core machine the series' small models ran 10-50x faster
single-threaded than with the libraries' defaults), picks the device (a GPU when there is one,
the CPU otherwise: :func:`dlfaq.core.config.default_device` gives it to every ``device=None``)
and the renderer of the explorers' figures, and reports them. It sits above the layers
(core, learn, studies, plots, explorers) because it sets each of them up. Nothing here runs on
import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from dlfaq.core import config
from dlfaq.core.doors import Choice, Int, door

__all__ = ["Setup", "setup"]


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


@door(threads=Int(1, 256, cheap=2), device=Choice(("auto", "cpu", "cuda")))
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
        How the explorers built afterwards show their figures (:mod:`dlfaq.plots.render`): ipympl's
        canvas, or PNG frames in an ``ipywidgets.Image`` (no ipympl needed). "auto": the
        environment variable DLFAQ_RENDERER when set, else PNG on Colab, else ipympl.
    """
    import matplotlib as mpl

    from dlfaq.core._lazy import torch_facts, when_imported
    from dlfaq.plots import render

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
        "axes.prop_cycle": mpl.cycler(color=config.PALETTE),
        "figure.dpi": 80,
        "savefig.dpi": 80,
        "axes.titlesize": 11,
        "axes.labelsize": 10,
        "figure.figsize": (6.4, 4.0),
        "image.cmap": "cividis",
    })
    chosen_setup = Setup(device=chosen, threads=threads, torch_version=torch_version,
                         renderer=render.resolve())
    config.set_default_device(chosen)
    if verbose:
        print(chosen_setup)
    return chosen_setup
