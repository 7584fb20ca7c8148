"""Checkers of notebook 01, one neuron: 01.1 the sigmoid's derivative, 01.2 the cross-entropy's
gradient, 01.3 a feature that makes XOR linear.
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
    feature_matrix,
)
from dlfaq.exercises.core import exercise
from dlfaq.learn.neuron import sigmoid

__all__ = []


@exercise("01.1", "the sigmoid's derivative", solutions.sigmoid_prime)
def _grade_sigmoid_prime(sigmoid_prime):
    z = np.concatenate([[2.0, -1.5, 0.0, 3.0], np.round(np.random.default_rng(101).normal(0, 3, 8),
                                                        2)])
    try:
        got = call(sigmoid_prime, z)
    except Wrong as array_failure:
        try:
            scalar = call(sigmoid_prime, 2.0)  # does it at least work on one number?
        except Wrong:
            raise array_failure from None
        raise Wrong(f"it works for one number ({float(scalar):.3g} at z = 2.0) but not on a "
                    f"NumPy array ({array_failure}): use np.exp, not math.exp") from None
    got = as_array(got, "sigmoid_prime(z)", shape=z.shape)
    s = sigmoid(z)
    expected = s * (1 - s)
    if close(got, expected):
        return "sigma'(z) = sigma(z) (1 - sigma(z)), largest (1/4) at z = 0."
    i = int(np.argmax(~np.isclose(got, expected, rtol=1e-5, atol=1e-8)))
    where = (f"at z = {z[i]:.1f} your derivative returns {got[i]:.3g}; expected "
             f"{expected[i]:.3g}")
    hint = diagnose(got, [
        (s, "did you forget the (1 - sigma) factor?"),
        (s * s, "the second factor is (1 - sigma), not sigma again"),
        (1 - s, "you have the (1 - sigma) factor but forgot the sigma in front"),
        (z * (1 - z), "you applied the formula to z itself: compute s = sigma(z) first"),
        (-expected, "the sign is flipped: sigma increases, so its slope is positive"),
    ])
    if hint is None:
        hint = ("the slope is largest at z = 0 (where it is 1/4) and symmetric: "
                "sigma'(-z) = sigma'(z)")
    raise Wrong(f"{where}: {hint}")


@exercise("01.2", "the gradient of the cross-entropy", solutions.log_loss_gradient)
def _grade_log_loss_gradient(gradient):
    rng = np.random.default_rng(102)
    n, d = 30, 3
    X, y = rng.normal(size=(n, d)), rng.integers(0, 2, n).astype(float)
    w, b = rng.normal(size=d), float(rng.normal())
    result = call(gradient, X.copy(), y.copy(), w.copy(), b,
                  shapes=f"X is {X.shape}, y and a - y are ({n},), w is {w.shape}")
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise Wrong("return two things, the pair (dL/dw, dL/db)")
    got_w = as_array(result[0], "dL/dw (the first thing returned)")
    if got_w.shape != w.shape:
        raise Wrong(f"dL/dw should have the shape of w, {w.shape}, got {got_w.shape}: it is "
                    "X.T (d, n) times the (n,) vector of errors")
    got_b = as_array(result[1], "dL/db (the second thing returned)")
    if got_b.size != 1:
        raise Wrong(f"dL/db should be one number like b, got shape {got_b.shape}")
    got_b = float(got_b.ravel()[0])
    # the reference, independent of the formula: central differences of the loss itself
    # (numpy only: importing torch here would cost notebook 01's kernel ~145 MB)
    def loss(params):
        z = X @ params[:d] + params[d]
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    params, step = np.append(w, b), 1e-6
    numeric = np.array([(loss(params + step * e) - loss(params - step * e)) / (2 * step)
                        for e in np.eye(d + 1)])
    exp_w, exp_b = numeric[:d], numeric[d]
    if close(got_w, exp_w) and close(got_b, exp_b):
        return ("dL/dw = X.T (a - y) / n and dL/db = mean(a - y), as the loss's numerical "
                "slopes say.")
    a = sigmoid(X @ w + b)
    both = np.append(got_w, got_b)
    hint = diagnose(both, [
        (np.append(exp_w, exp_b) * n, f"your gradient is n = {n} times too large: the loss is "
                                      "the mean over the points, so divide by n"),
        (-np.append(exp_w, exp_b), "the sign is flipped: the error is (a - y), not (y - a)"),
        (np.append(X.T @ ((a - y) * a * (1 - a)), ((a - y) * a * (1 - a)).sum()) / n,
         "you multiplied by sigma'(z) = a (1 - a): with the cross-entropy that factor cancels, "
         "dL/dz_i = (a_i - y_i) / n"),
    ])
    if hint is None and close(got_w, exp_w):
        hint = (f"dL/dw is right but dL/db is {got_b:.3g}, expected {float(exp_b):.3g}: b enters "
                "every z_i with coefficient 1")
    if hint is None and close(got_b, exp_b):
        hint = (f"dL/db is right but dL/dw is {np.round(got_w, 3)}, expected "
                f"{np.round(exp_w, 3)}: each w_j enters z_i multiplied by x_ij")
    raise Wrong(hint or f"on fresh data your dL/dw is {np.round(got_w, 3)}, expected "
                         f"{np.round(exp_w, 3)}; dL/db {got_b:.3g}, expected {float(exp_b):.3g}")


@exercise("01.3", "a feature that lets one unit solve XOR", solutions.xor_features)
def _grade_xor_features(features):
    from sklearn.linear_model import LogisticRegression

    from dlfaq.learn import data

    X_train, y_train = data.make_2d("xor", n_samples=300, seed=1031)
    X_test, y_test = data.make_2d("xor", n_samples=300, seed=1032)
    F_train = feature_matrix(call(features, X_train.copy()), len(X_train))
    F_test = feature_matrix(call(features, X_test.copy()), len(X_test))
    model = LogisticRegression(C=100.0, max_iter=2000).fit(F_train, y_train)
    accuracy = model.score(F_test, y_test)
    raw = LogisticRegression(C=100.0).fit(X_train, y_train).score(X_test, y_test)
    if accuracy >= 0.9:
        return (f"one unit on your {F_train.shape[1]} feature(s) gets {accuracy:.0%} of fresh "
                f"XOR points right (on x1, x2 alone: {raw:.0%}).")
    raise Wrong(f"one unit on your features gets {accuracy:.0%} of fresh XOR points right (on "
                f"x1, x2: {raw:.0%}); it needs 90%. Class 1 is where x1 and x2 have opposite "
                "signs: which product of the inputs is negative exactly there?")
