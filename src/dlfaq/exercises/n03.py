"""Checkers of notebook 03, vanishing gradients: 03.1 predict the slowest layer, 03.2 the largest
product of sigma', 03.3 measure every hidden layer's gradient.
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import (
    Wrong,
    as_array,
    call,
    close,
    diagnose,
    int_answer,
    list_answer,
)
from dlfaq.exercises.core import exercise

__all__ = []


def _bias_gradient_norms(model, X, y) -> np.ndarray:
    """Norm of the mean dC/db of every hidden layer (Nielsen's measurement), via autograd."""
    import torch

    loss = torch.nn.functional.cross_entropy(model(X), y)
    grads = torch.autograd.grad(loss, [layer.bias for layer in model.hidden])
    return np.array([float(g.norm()) for g in grads])


def _nielsen_setup(depth: int, width: int, seed: int, n_samples: int = 200):
    import torch

    from dlfaq.learn import data
    from dlfaq.learn.nets import MLP

    digits = data.load_digits(seed=seed)
    X = torch.as_tensor(digits["X_train"][:n_samples], dtype=torch.float32)
    y = torch.as_tensor(digits["y_train"][:n_samples], dtype=torch.long)
    # MLP draws its weights from its own seeded generator: the global RNG is left as it was
    model = MLP(X.shape[1], 10, depth=depth, width=width, activation="sigmoid", init="nielsen",
                seed=seed)
    return model, X, y


@exercise("03.1", "predict: which layer learns slowest", solutions.smallest_gradient_layer)
def _grade_smallest_gradient_layer(layer):
    layer = int_answer(layer, "the layer number")
    model, X, y = _nielsen_setup(depth=5, width=30, seed=301)
    norms = _bias_gradient_norms(model, X, y)
    smallest = int(np.argmin(norms)) + 1
    listed = ", ".join(f"{v:.2g}" for v in norms)
    if not 1 <= layer <= 5:
        raise Wrong(f"the hidden layers are numbered 1 (next to the input) to 5; got {layer}")
    if layer == smallest:
        return (f"gradient norms, layer 1 to 5: {listed}; layer 1 gets "
                f"{norms[-1] / norms[0]:.0f}x less than layer 5.")
    if layer == 5:
        raise Wrong(f"layer 5, next to the output, has the largest gradient ({norms[4]:.2g}): "
                    "the gradient shrinks on its way back towards the input")
    raise Wrong(f"layer {layer}'s gradient is {norms[layer - 1]:.2g}, but some layer's is "
                "smaller still: every layer the gradient passes through multiplies it by a "
                "factor sigma' <= 1/4 (times a weight)")


@exercise("03.2", "the largest product of sigma' over n layers", solutions.largest_product)
def _grade_largest_product(largest_product):
    layers = [1, 2, 3, 5, 10, 30]
    got = [float(as_array(call(largest_product, k), f"largest_product({k})").ravel()[0])
           for k in layers]
    expected = [0.25 ** k for k in layers]
    if close(got, expected, rtol=1e-9, atol=0):
        return f"(1/4)**n: already {expected[3]:.0e} at 5 layers, {expected[-1]:.0e} at 30."
    k = next(i for i in range(len(layers)) if not np.isclose(got[i], expected[i], rtol=1e-9,
                                                             atol=0))
    hint = diagnose(got, [
        ([0.5 ** k for k in layers], "you used sigma(0) = 1/2; the largest value of the "
                                     "derivative sigma'(z) is at z = 0, sigma'(0) = 1/4"),
        ([0.25 * k for k in layers], "the chain rule multiplies one factor per layer; you "
                                     "added them"),
        ([0.25 ** (k - 1) for k in layers], "off by one layer: n layers give n factors"),
        ([0.25] * len(layers), "that is one layer; n layers multiply n such factors"),
    ], rtol=1e-9, atol=0)
    raise Wrong(f"for n = {layers[k]} you return {got[k]:.3g}, expected {expected[k]:.3g}: "
                + (hint or "what is the largest value of sigma'(z), and how many factors?"))


@exercise("03.3", "measure the gradient of every hidden layer", solutions.layer_gradient_norms)
def _grade_layer_gradient_norms(layer_gradient_norms):
    import torch

    model, X, y = _nielsen_setup(depth=4, width=20, seed=303, n_samples=100)
    expected = _bias_gradient_norms(model, X, y)
    got = as_array([float(v) for v in list_answer(call(layer_gradient_norms, model, X, y))],
                   "your list of norms")
    depth = len(expected)
    if len(got) == depth + 1:
        raise Wrong(f"{depth + 1} numbers for {depth} hidden layers: leave out the output layer "
                    "(model.hidden holds the hidden ones)")
    if len(got) != depth:
        raise Wrong(f"return one number per hidden layer ({depth}), got {len(got)}")
    if close(got, expected, rtol=1e-4, atol=1e-9):
        again = np.array([float(v) for v in list_answer(call(layer_gradient_norms, model, X,
                                                               y))])
        if close(again, 2 * expected, rtol=1e-4, atol=1e-9):
            raise Wrong("a second call returned twice the first: .backward() adds to .grad, so "
                        "call model.zero_grad() before it")
        return f"norms of dC/db, input side first: {', '.join(f'{v:.2g}' for v in expected)}."
    loss = torch.nn.functional.cross_entropy(model(X), y)
    weights = [float(g.norm()) for g in torch.autograd.grad(loss, [m.weight for m in
                                                                   model.hidden])]
    hint = diagnose(got, [
        (expected[::-1], "your list is reversed: index 0 should be the layer next to the input"),
        (weights, "those are the norms of dC/dW; the measurement uses the biases, dC/db"),
        (len(X) * expected, f"{len(X)} times too large: use the mean loss over the batch, "
                            "F.cross_entropy(logits, y) with its default reduction"),
    ], rtol=1e-4, atol=1e-9)
    raise Wrong(hint or f"yours {np.round(got, 4)}, expected {np.round(expected, 4)}: the norm "
                         "of layer.bias.grad after loss.backward(), for each layer in "
                         "model.hidden")
