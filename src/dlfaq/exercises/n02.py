"""Checkers of notebook 02, hidden layers and backpropagation: 02.1 a finite-difference gradient,
02.2 one backward pass (against torch.autograd).
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, close, diagnose
from dlfaq.exercises.core import exercise
from dlfaq.learn.neuron import sigmoid

__all__ = []


def _bumpy(w):
    """A smooth test function of a vector: what 02.1's finite differences differentiate."""
    return float(np.sum(np.sin(3 * w) * w ** 2) + 0.5 * np.sum(w) ** 2)


def _bumpy_gradient(w):
    return 3 * np.cos(3 * w) * w ** 2 + 2 * w * np.sin(3 * w) + np.sum(w)


@exercise("02.1", "a finite-difference gradient", solutions.numerical_gradient)
def _grade_numerical_gradient(numerical_gradient):
    w = np.round(np.random.default_rng(201).normal(0, 1, 5), 3)
    w_given = w.copy()
    eps = 1e-5
    got = as_array(call(numerical_gradient, _bumpy, w_given, eps), "numerical_gradient(f, w)")
    if got.shape != w.shape:
        raise Wrong(f"the gradient should have the shape of w, {w.shape}; got {got.shape}")
    expected = _bumpy_gradient(w)
    if not np.array_equal(w_given, w):
        raise Wrong("your function changed w: put each entry back after perturbing it (or "
                    "perturb a copy), or every later coordinate sees a shifted w")
    if close(got, expected, rtol=1e-6, atol=1e-7):
        return (f"largest error {np.max(np.abs(got - expected)):.0e}: a central difference is "
                "accurate to about eps**2.")
    forward = np.array([(_bumpy(w + eps * e) - _bumpy(w)) / eps for e in np.eye(len(w))])
    all_at_once = np.full(len(w), (_bumpy(w + eps) - _bumpy(w - eps)) / (2 * eps))
    hint = diagnose(got, [
        (2 * expected, "your gradient is twice the true one: the central difference spans "
                       "2 eps, from w - eps to w + eps"),
        (forward, f"off by about {np.max(np.abs(forward - expected)):.0e}, an error that "
                  "shrinks only like eps: a one-sided difference; use f(w + eps) and f(w - eps)"),
        (all_at_once, "every entry is the same: you moved all of w at once; perturb one "
                      "coordinate at a time (w + eps * e_j)"),
    ], rtol=1e-6, atol=1e-7)
    i = int(np.argmax(np.abs(got - expected)))
    raise Wrong(hint or f"entry {i}: yours {got[i]:.4g}, expected {expected[i]:.4g}; "
                         "(f(w + eps e_i) - f(w - eps e_i)) / (2 eps) per entry")


_BACKWARD_KEYS = ("W1", "b1", "w2", "b2")


@exercise("02.2", "one backward pass through a hidden layer", solutions.backward)
def _grade_backward(backward):
    import torch

    rng = np.random.default_rng(202)
    n, d, h = 20, 3, 4
    X, y = rng.normal(size=(n, d)), rng.integers(0, 2, n).astype(float)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
              "w2": rng.normal(size=h), "b2": float(rng.normal())}
    got = call(backward, X.copy(), y.copy(), *(np.copy(params[k]) for k in _BACKWARD_KEYS),
               shapes=f"X is {X.shape}, W1 {(d, h)}, b1 {(h,)}, w2 {(h,)}, a1 {(n, h)}")
    if not isinstance(got, dict):
        raise Wrong(f"return a dict with keys {', '.join(_BACKWARD_KEYS)}, got "
                    f"{type(got).__name__}")
    missing = [k for k in _BACKWARD_KEYS if k not in got]
    if missing:
        raise Wrong(f"the dict you returned has no {', '.join(map(repr, missing))}")
    # the reference: torch.autograd on the same forward pass
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    a1 = torch.sigmoid(torch.tensor(X) @ tensors["W1"] + tensors["b1"])
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        a1 @ tensors["w2"] + tensors["b2"], torch.tensor(y))
    expected = dict(zip(_BACKWARD_KEYS, (g.numpy() for g in torch.autograd.grad(
        loss, [tensors[k] for k in _BACKWARD_KEYS])), strict=True))
    answers = {}
    for key in _BACKWARD_KEYS:
        value = as_array(got[key], f"dL/d{key}")
        if value.size == 1 and expected[key].size == 1:
            value = value.reshape(expected[key].shape)
        if value.shape != expected[key].shape:
            axis = " (sum over the samples, axis=0)" if key.startswith("b") else ""
            raise Wrong(f"dL/d{key} should have the shape of {key}, {expected[key].shape}; got "
                        f"{value.shape}{axis}")
        answers[key] = value
    wrong = [k for k in _BACKWARD_KEYS if not close(answers[k], expected[k])]
    if not wrong:
        return "all four gradients match torch.autograd: that is backpropagation."
    flat = np.concatenate([answers[k].ravel() for k in _BACKWARD_KEYS])
    flat_expected = np.concatenate([expected[k].ravel() for k in _BACKWARD_KEYS])
    hint = diagnose(flat, [
        (n * flat_expected, f"every gradient is n = {n} times too large: divide the error "
                            "(a2 - y) by n, the loss is a mean"),
        (-flat_expected, "every sign is flipped: the output error is (a2 - y)"),
    ])
    if hint is None and wrong == ["W1", "b1"]:
        d_z1_no_prime = ((sigmoid(sigmoid(X @ params["W1"] + params["b1"]) @ params["w2"]
                                  + params["b2"]) - y) / n)[:, None] * params["w2"][None, :]
        if close(answers["b1"], d_z1_no_prime.sum(axis=0)):
            hint = ("dL/dw2 and dL/db2 are right, the hidden layer's are not: going back through "
                    "the hidden sigmoid, multiply by sigma'(z1) = a1 (1 - a1)")
        else:
            hint = ("dL/dw2 and dL/db2 are right, the hidden layer's are not: the error reaches "
                    "z1 through w2 and then through sigma'(z1)")
    if hint is None and wrong == ["W1"]:
        hint = "dL/db1 is right but dL/dW1 is not: dL/dW1 = X.T @ dL/dz1"
    raise Wrong(hint or f"these gradients differ from torch.autograd's: {', '.join(wrong)}")
