"""Checkers of notebook 04, the tricks that made depth work: 04.1 an initialisation, 04.2 batch
normalisation, 04.3 a residual block.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, close, diagnose
from dlfaq.exercises.core import exercise

__all__ = []


def _relu_stack_scale(init_std: Callable, width: int, depth: int = 30, seed: int = 401):
    """Scale (root mean square) of the activations after each layer of a plain ReLU stack
    with N(0, std^2) weights, biases 0, unit-variance inputs."""
    rng = np.random.default_rng(seed)
    h = rng.standard_normal((128, width))
    scales = []
    for _ in range(depth):
        std = init_std(width, width)
        h = np.maximum(h @ (std * rng.standard_normal((width, width))), 0.0)
        scales.append(float(np.sqrt(np.mean(h ** 2))))
    return np.array(scales)


@exercise("04.1", "an initialisation for a 30-layer ReLU net", solutions.init_std)
def _grade_init_std(init_std):
    answers = {}
    for width in (64, 256):
        value = as_array(call(init_std, width, width), f"init_std({width}, {width})").ravel()
        if value.size != 1 or not value[0] > 0:
            raise Wrong(f"init_std should return one positive number, the weights' standard "
                        f"deviation; got {value} for fan_in = {width}")
        answers[width] = float(value[0])
    if all(np.isclose(answers[w], 2.0 / w) for w in answers):
        raise Wrong("you returned the variance 2/fan_in; the standard deviation is its square "
                    "root")
    for width in (64, 256):
        with np.errstate(over="ignore", invalid="ignore"):
            scales = _relu_stack_scale(lambda fan_in, fan_out, v=answers[width]: v, width)
        final = scales[-1]
        if not 0.25 <= final <= 4.0 or not np.isfinite(final):
            factor = (final / scales[0]) ** (1 / 29) if 0 < final < np.inf else 0.0
            trend = (f"it shrinks x{factor:.2f} per layer" if factor < 1 else
                     f"it grows x{factor:.2f} per layer")
            hint = "; aim for a factor of 1"
            if np.isclose(answers[width], np.sqrt(1 / width), rtol=0.05):
                hint = (": Xavier's Var = 2/(fan_in + fan_out) suits tanh; ReLU zeroes half "
                        "its inputs, so it needs twice the variance")
            raise Wrong(f"width {width}: the activations' scale (root mean square) at layer 30 "
                        f"is {final:.2g} ({trend}){hint}")
    return ("He et al.'s sqrt(2 / fan_in): the activations' scale stays near 1 through "
            "30 layers.")


@exercise("04.2", "batch normalisation, forward", solutions.batch_norm)
def _grade_batch_norm(batch_norm):
    import torch

    rng = np.random.default_rng(402)
    Z = rng.normal(3.0, 2.0, size=(16, 5)) * np.array([1, 10, 0.1, 1, 5])
    Z[:, 3] = 0.7  # a feature that never changes over the batch
    eps = 1e-5
    got = as_array(call(batch_norm, Z.copy(), eps), "batch_norm(Z)")
    if got.shape != Z.shape:
        raise Wrong(f"the output should have the shape of Z, {Z.shape}; got {got.shape}")
    expected = torch.nn.functional.batch_norm(torch.tensor(Z), None, None, training=True,
                                              eps=eps).numpy()
    if close(got, expected, rtol=1e-5, atol=1e-6):
        return "each feature now has mean 0 and std ~1 over the batch (constant ones stay 0)."
    if not np.all(np.isfinite(got)):
        raise Wrong("your output has nan or inf: feature 3 is constant over the batch, so its "
                    "variance is 0; add eps inside the square root")
    mean, var = Z.mean(axis=0), Z.var(axis=0)
    varying = np.arange(Z.shape[1]) != 3
    if close(got[:, varying], expected[:, varying], rtol=1e-3, atol=1e-4):
        raise Wrong("feature 3 is constant over the batch (variance 0) and should come out 0; "
                    f"yours is {got[0, 3]:.2g}: add eps inside the square root, sqrt(var + eps)")
    hint = diagnose(got, [
        ((Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + eps),
         "you normalised each row (one sample across its features); batch norm normalises "
         "each feature (column) over the batch: axis=0"),
        ((Z - mean) / np.sqrt(Z.var(axis=0, ddof=1) + eps),
         "close: batch norm divides by n, not n - 1 (the biased variance, ddof=0)"),
        ((Z - mean) / (var + eps), "you divided by the variance; divide by the standard "
                                   "deviation sqrt(var + eps)"),
        (Z - mean, "you subtracted the mean but did not divide by the std"),
    ], rtol=1e-5, atol=1e-6)
    raise Wrong(hint or f"feature means {np.round(got.mean(axis=0), 2)}, stds "
                         f"{np.round(got.std(axis=0), 2)}: each column should have mean 0, std 1")


@exercise("04.3", "a residual block", solutions.residual_block)
def _grade_residual_block(residual_block):
    rng = np.random.default_rng(403)
    width = 8
    h = rng.normal(size=(6, width))
    W, b = rng.normal(0, np.sqrt(2 / width), size=(width, width)), rng.normal(0, 0.1, width)
    got = as_array(call(residual_block, h.copy(), W.copy(), b.copy()), "residual_block(h, W, b)")
    expected = h + np.maximum(h @ W + b, 0.0)
    if got.shape != h.shape:
        raise Wrong(f"the output should have the shape of h, {h.shape}, so blocks can be "
                    f"stacked; got {got.shape}")
    if close(got, expected):
        return ("the block only adds a correction to h, so the gradient always has the "
                "identity path back through the skip; and since its branch ends in a ReLU it "
                "adds only non-negative values, so a stack of such blocks drifts upward.")
    hint = diagnose(got, [
        (np.maximum(h @ W + b, 0.0), "your block ignores its input h: the skip connection adds "
                                     "h to the layer's output"),
        (np.maximum(h + h @ W + b, 0.0), "you applied the ReLU after adding h; here the skip is "
                                         "added after the activation: h + relu(h @ W + b)"),
        (h + h @ W + b, "the layer's activation is missing: relu(h @ W + b)"),
    ])
    raise Wrong(hint or "expected h + relu(h @ W + b) for a batch h of shape (n, width)")
