"""Where computing happens, and the colours: read by every layer above.

:func:`default_device` gives the device :func:`dlfaq.setup` chose to every function of the
package called with ``device=None`` (:func:`resolve_device`); :data:`PALETTE` is the series'
colours. Nothing here runs on import.
"""

from __future__ import annotations

from dlfaq.core.checks import check_choice, check_device
from dlfaq.core.doors import door

__all__ = ["PALETTE", "default_device", "device_of", "resolve_device", "set_default_device"]

#: The device of the last :func:`dlfaq.setup` call (None before any): read it with
#: :func:`default_device`.
_chosen_device: str | None = None

#: Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000")


def set_default_device(device: str) -> None:
    """Make ``device`` the one every ``device=None`` call uses (:func:`dlfaq.setup` calls it)."""
    global _chosen_device
    _chosen_device = check_choice("device", device, ["cpu", "cuda"])


def default_device() -> str:
    """The device every function that trains or evaluates uses when given ``device=None``:
    the one the last :func:`dlfaq.setup` call chose, or "cpu" when it was never called."""
    return _chosen_device or "cpu"


def resolve_device(device=None, model=None) -> str:
    """The one rule behind every ``device=None`` of the package.

    ``device`` when given (checked: :func:`dlfaq.core.checks.check_device`); else, when a torch
    ``model`` is given whose parameters are not on the CPU, that device (the caller put the
    model there); else :func:`default_device`, the device of the last :func:`dlfaq.setup`.
    """
    device = check_device("device", device)
    if device is not None:
        return device
    if model is not None:
        own = str(device_of(model))
        if own != "cpu":
            return own
    return default_device()


@door()
def device_of(model):
    """Where a torch ``model``'s parameters are (the CPU for a model without any).

    :func:`dlfaq.learn.train.fit` and :func:`~dlfaq.learn.train.evaluate` compute on their
    ``device`` and hand the model back here."""
    import torch

    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return next((p.device for p in model.parameters()), torch.device("cpu"))
