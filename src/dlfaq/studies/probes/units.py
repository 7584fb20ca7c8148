"""What a conv unit responds to (notebook 07): where it looks in the input
(:func:`receptive_fields`), the input windows that excite it most (:func:`top_fragments`) and
how many digit classes they come from (:func:`class_purity`)."""

from __future__ import annotations

import numpy as np
import torch

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Array, Int, door
from dlfaq.learn import convnets

__all__ = ["class_purity", "receptive_fields", "top_fragments"]


def receptive_fields(model) -> list[dict]:
    """Where each conv layer's units look in the input, for a :class:`ConvNet1D`.

    Unit ``u`` of layer ``l`` sees input positions ``start + u * jump`` to
    ``start + u * jump + size - 1`` (negative or past the end: zero padding). Returns one dict
    per conv layer with ``start``, ``size`` and ``jump``.
    """
    if not isinstance(model, convnets.ConvNet1D):
        raise TypeError(f"model must be a ConvNet1D, got {type(model).__name__}")
    start, size, jump, fields = 0, 1, 1, []
    for conv in model.convs:
        start -= conv.padding[0] * jump
        size += (conv.kernel_size[0] - 1) * jump
        jump *= conv.stride[0]
        fields.append({"start": start, "size": size, "jump": jump})
    return fields


@torch.no_grad()
@door(X=Array(ndim=2, min_rows=1), layer=Int(1, cheap=3), k=Int(1, cheap=12))
def top_fragments(model, X, layer: int, *, units=None, n_units: int = 4, k: int = 8) -> dict:
    """The input windows that excite units of conv layer ``layer`` (1 = first) most.

    For each unit (a channel: the same detector at every position) the ``k`` series with the
    largest activation anywhere, and the window of that series its peak unit sees.
    ``units``: channel indices; default the ``n_units`` channels with the largest mean
    activation over ``X``.

    Returns a dict with ``units`` (u,), ``series`` (u, k) row indices into X, ``activation``
    (u, k), ``positions`` (u, k) where the peak sits in the feature map, ``fragments``
    (u, k, size) the input windows (NaN where the window hangs over the series' ends) and
    ``field`` (that layer's :func:`receptive_fields` entry).
    """
    fields = receptive_fields(model)
    layer = check_int("layer", layer, high=len(fields))  # at most the model's conv layers
    k = check_int("k", k, high=len(X))
    maps = model.cpu().eval().features(torch.as_tensor(X, dtype=torch.float32))[layer - 1]
    maps = maps.numpy()  # (n, channels, positions)
    if units is None:
        n_units = check_int("n_units", n_units, low=1, high=maps.shape[1])
        units = np.argsort(-maps.mean(axis=(0, 2)), kind="stable")[:n_units]
    units = np.array([check_int("unit", int(u), low=0, high=maps.shape[1] - 1)
                      for u in np.atleast_1d(units)])
    field = fields[layer - 1]
    padded = np.pad(X, ((0, 0), (field["size"], field["size"])), constant_values=np.nan)
    peak = maps[:, units].max(axis=2)             # (n, u): each series' strongest response
    where = maps[:, units].argmax(axis=2)         # (n, u)
    series = np.argsort(-peak, axis=0, kind="stable")[:k].T   # (u, k)
    positions = np.take_along_axis(where.T, series, axis=1)
    starts = field["start"] + positions * field["jump"] + field["size"]  # into padded
    window = np.arange(field["size"])
    fragments = padded[series[..., None], starts[..., None] + window]
    return {"units": units, "series": series,
            "activation": np.take_along_axis(peak.T, series, axis=1),
            "positions": positions, "fragments": fragments, "field": field}


def class_purity(y, series) -> np.ndarray:
    """For each row of ``series`` (indices into ``y``), the share of the most common class."""
    y = np.asarray(y)
    series = np.atleast_2d(np.asarray(series))
    return np.array([np.bincount(y[row]).max() / len(row) for row in series])
