"""Checker of notebook 07, learned features: 07.1 one layer's features, the probe's input.
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, close, diagnose
from dlfaq.exercises.core import exercise

__all__ = []


def _conv_stack(model, X, layer: int, relu_last: bool = True):
    """Reference maps of a ConvNet1D after conv ``layer`` (ReLU on the last one if asked)."""
    import torch

    h = torch.as_tensor(X, dtype=torch.float32).reshape(len(X), 1, -1)
    with torch.no_grad():
        for i, conv in enumerate(model.convs[:layer], start=1):
            h = conv(h)
            h = torch.relu(h) if (i < layer or relu_last) else h
    return h.numpy()


@exercise("07.1", "a probe's input: one layer's features", solutions.layer_features)
def _grade_layer_features(layer_features):
    import torch

    from dlfaq.learn.convnets import ConvNet1D

    model = ConvNet1D(length=40, channels=6, seed=707).eval()
    X = np.random.default_rng(707).normal(size=(12, 40)).astype(np.float32)
    for layer in (1, 2, 3):
        expected = _conv_stack(model, X, layer)                       # (n, C, positions)
        n, channels, positions = expected.shape
        got = as_array(call(layer_features, model, X.copy(), layer,
                              shapes=f"X is {X.shape}, layer {layer}"),
                       f"layer_features(model, X, {layer})")
        flat = expected.reshape(n, -1)
        if close(got, flat, rtol=1e-4, atol=1e-5):
            continue
        if close(got, expected.transpose(0, 2, 1).reshape(n, -1), rtol=1e-4, atol=1e-5):
            continue  # positions x channels: another column order, all the same to a probe
        if got.shape == expected.shape:
            raise Wrong(f"layer {layer}: you return maps of shape {got.shape}; a probe wants "
                        "one row per example: flatten them to (n, channels * positions)")
        with torch.no_grad():
            logits = model(torch.as_tensor(X)).numpy()
        known = [(_conv_stack(model, X, layer, relu_last=False).reshape(n, -1),
                  f"layer {layer}: some of your features are negative; take them after the "
                  "layer's ReLU, as the network passes them on"),
                 (logits, f"layer {layer}: these are the output logits; the probe reads a "
                          "hidden layer, not the network's answer")]
        known += [(_conv_stack(model, X, other).reshape(n, -1),
                   f"layer {layer}: you return conv layer {other}'s features; layer 1 is the "
                   "first conv layer (model.convs[0])") for other in (1, 2, 3) if other != layer]
        message = diagnose(got, known, rtol=1e-4, atol=1e-5)
        if message:
            raise Wrong(message)
        if got.shape != flat.shape:
            raise Wrong(f"layer {layer}: expected shape {flat.shape} (n, channels * "
                        f"positions), got {got.shape}")
        raise Wrong(f"layer {layer}: the shape is right but the values are not the "
                    "activations after that conv layer's ReLU")
    return ("one row of learned features per example: exactly what the probe in this notebook "
            "is handed.")
