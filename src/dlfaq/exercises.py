"""Exercises with instant, specific feedback: the checker behind the end of every notebook.

Each notebook ends with a few exercises; the reader writes a function (or a value) and calls

    exercises.check("01.1", sigmoid_prime)

The checker runs the reader's answer on fresh inputs, compares it with a reference computed
here independently (closed forms, ``torch.autograd``, ``torch.nn`` layers, scikit-learn) and
prints one or two lines: "correct", "not attempted yet" (starter code that raises
``NotImplementedError`` or returns ``None`` / ``...``), or what is wrong and the likely mistake
behind it. It never prints the solution unless asked: ``check(..., reveal=True)`` or
``solution("01.1")`` show the worked solution, which lives in :mod:`dlfaq._solutions` (not shown
in the notebooks). :func:`grade` is the same check without printing, for tests.

Exercise ids are "NN.k": notebook NN, exercise k; :func:`ids` lists them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dlfaq import _solutions

STATUSES = ("correct", "wrong", "not attempted")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``status`` (one of :data:`STATUSES`) and a short message."""

    exercise: str
    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id, a one-line title, its grader and its solution."""

    id: str
    title: str
    grader: Callable
    solution: Callable


_REGISTRY: dict[str, Exercise] = {}


class _NotAttempted(Exception):
    """The answer is still the starter code."""


class _Wrong(Exception):
    """The answer is wrong; the message says how."""


def ids() -> list[str]:
    """The ids of every exercise, in order ("01.1", "01.2", ...)."""
    return sorted(_REGISTRY)


def _get(exercise_id) -> Exercise:
    if not isinstance(exercise_id, str) or exercise_id not in _REGISTRY:
        raise ValueError(f"exercise_id must be one of {', '.join(ids())}; got {exercise_id!r}")
    return _REGISTRY[exercise_id]


def grade(exercise_id: str, answer) -> Feedback:
    """Check ``answer`` against exercise ``exercise_id`` and return the :class:`Feedback`."""
    exercise = _get(exercise_id)
    try:
        if answer is None or answer is Ellipsis:
            raise _NotAttempted("replace the ... with your answer and run the cell again")
        detail = exercise.grader(answer)
    except _NotAttempted as note:
        return Feedback(exercise_id, "not attempted",
                        f"{exercise_id} not attempted yet: {note or _STARTER_NOTE}")
    except _Wrong as wrong:
        return Feedback(exercise_id, "wrong", f"{exercise_id} not yet: {wrong}")
    return Feedback(exercise_id, "correct", f"{exercise_id} correct! {detail}".rstrip())


def check(exercise_id: str, answer, reveal: bool = False) -> None:
    """Print the verdict on ``answer`` (one or two lines); ``reveal=True`` adds the solution."""
    print(grade(exercise_id, answer).message)
    if reveal:
        solution(exercise_id)


def solution(exercise_id: str) -> None:
    """Print the worked solution of exercise ``exercise_id`` (read it after trying!)."""
    exercise = _get(exercise_id)
    print(f"Solution of {exercise_id} ({exercise.title}):\n")
    print(inspect.getsource(exercise.solution))


def reference_answer(exercise_id: str):
    """The answer the worked solution gives: the function itself, or the value it returns
    (for "predict" exercises, whose solution takes no arguments). For tests."""
    function = _get(exercise_id).solution
    return function() if not inspect.signature(function).parameters else function


def _exercise(exercise_id: str, title: str, solution: Callable):
    def register(grader):
        _REGISTRY[exercise_id] = Exercise(exercise_id, title, grader, solution)
        return grader
    return register


# ---------------------------------------------------------------------------------------------
# Plumbing shared by the graders
# ---------------------------------------------------------------------------------------------

_STARTER_NOTE = "replace `raise NotImplementedError` with your code and run the cell again"


def _call(function, *args, shapes: str = "", **kwargs):
    """Run the reader's function; starter code -> _NotAttempted, an exception -> _Wrong.

    ``shapes`` (e.g. "X is (30, 3)") is added to the message when the error is about shapes."""
    if not callable(function):
        raise _Wrong(f"expected a function, got {type(function).__name__}: pass the function "
                     "itself, without calling it (no parentheses)")
    try:
        result = function(*args, **kwargs)
    except NotImplementedError:
        raise _NotAttempted(_STARTER_NOTE) from None
    except Exception as err:  # the reader's bug: report it, never crash the notebook
        text = str(err) if len(str(err)) < 90 else str(err)[:87] + "..."
        shape_error = any(word in str(err) for word in ("shape", "matmul", "broadcast", "dim"))
        extra = f"; check the shapes: {shapes}" if shapes and shape_error else ""
        raise _Wrong(f"your function raised {type(err).__name__}: {text}{extra}") from None
    if result is Ellipsis:
        raise _NotAttempted("your function still returns ...") from None
    if result is None:
        raise _NotAttempted("your function returns None (did you forget `return`?)") from None
    return result


def _as_array(value, what: str, shape: tuple | None = None) -> np.ndarray:
    try:
        array = np.asarray(_to_numpy(value), dtype=float)
    except (TypeError, ValueError):
        raise _Wrong(f"{what} should be numbers, got {type(value).__name__}") from None
    if shape is not None and array.shape != tuple(shape):
        raise _Wrong(f"{what} should have shape {tuple(shape)}, got {array.shape}")
    return array


def _to_numpy(value):
    if hasattr(value, "detach"):  # a torch tensor
        return value.detach().cpu().numpy()
    if isinstance(value, list | tuple):
        return [_to_numpy(v) for v in value]
    return value


def _close(a, b, rtol=1e-5, atol=1e-8) -> bool:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def _diagnose(got, mistakes, rtol=1e-5, atol=1e-8):
    """The message of the first known mistake that reproduces ``got``, or None."""
    for candidate, message in mistakes:
        if _close(got, candidate, rtol=rtol, atol=atol):
            return message
    return None


def _int_answer(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and float(value).is_integer():
            return int(value)
        raise _Wrong(f"{what} should be a whole number, got {value!r}")
    return int(value)


# ---------------------------------------------------------------------------------------------
# 01 One neuron
# ---------------------------------------------------------------------------------------------

def _sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


@_exercise("01.1", "the sigmoid's derivative", _solutions.sigmoid_prime)
def _grade_sigmoid_prime(sigmoid_prime):
    z = np.concatenate([[2.0, -1.5, 0.0, 3.0], np.round(np.random.default_rng(101).normal(0, 3, 8),
                                                        2)])
    try:
        got = _call(sigmoid_prime, z)
    except _Wrong as array_failure:
        try:
            scalar = _call(sigmoid_prime, 2.0)  # does it at least work on one number?
        except _Wrong:
            raise array_failure from None
        raise _Wrong(f"it works for one number ({float(scalar):.3g} at z = 2.0) but not on a "
                     f"NumPy array ({array_failure}): use np.exp, not math.exp") from None
    got = _as_array(got, "sigmoid_prime(z)", shape=z.shape)
    s = _sigmoid(z)
    expected = s * (1 - s)
    if _close(got, expected):
        return "sigma'(z) = sigma(z) (1 - sigma(z)), largest (1/4) at z = 0."
    i = int(np.argmax(~np.isclose(got, expected, rtol=1e-5, atol=1e-8)))
    where = (f"at z = {z[i]:.1f} your derivative returns {got[i]:.3g}; expected "
             f"{expected[i]:.3g}")
    hint = _diagnose(got, [
        (s, "did you forget the (1 - sigma) factor?"),
        (s * s, "the second factor is (1 - sigma), not sigma again"),
        (1 - s, "you have the (1 - sigma) factor but forgot the sigma in front"),
        (z * (1 - z), "you applied the formula to z itself: compute s = sigma(z) first"),
        (-expected, "the sign is flipped: sigma increases, so its slope is positive"),
    ])
    if hint is None:
        hint = ("the slope is largest at z = 0 (where it is 1/4) and symmetric: "
                "sigma'(-z) = sigma'(z)")
    raise _Wrong(f"{where}: {hint}")


@_exercise("01.2", "the gradient of the cross-entropy", _solutions.log_loss_gradient)
def _grade_log_loss_gradient(gradient):
    rng = np.random.default_rng(102)
    n, d = 30, 3
    X, y = rng.normal(size=(n, d)), rng.integers(0, 2, n).astype(float)
    w, b = rng.normal(size=d), float(rng.normal())
    result = _call(gradient, X.copy(), y.copy(), w.copy(), b,
                   shapes=f"X is {X.shape}, y and a - y are ({n},), w is {w.shape}")
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise _Wrong("return two things, the pair (dL/dw, dL/db)")
    got_w = _as_array(result[0], "dL/dw (the first thing returned)")
    if got_w.shape != w.shape:
        raise _Wrong(f"dL/dw should have the shape of w, {w.shape}, got {got_w.shape}: it is "
                     "X.T (d, n) times the (n,) vector of errors")
    got_b = _as_array(result[1], "dL/db (the second thing returned)")
    if got_b.size != 1:
        raise _Wrong(f"dL/db should be one number like b, got shape {got_b.shape}")
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
    if _close(got_w, exp_w) and _close(got_b, exp_b):
        return ("dL/dw = X.T (a - y) / n and dL/db = mean(a - y), as the loss's numerical "
                "slopes say.")
    a = _sigmoid(X @ w + b)
    both = np.append(got_w, got_b)
    hint = _diagnose(both, [
        (np.append(exp_w, exp_b) * n, f"your gradient is n = {n} times too large: the loss is "
                                      "the mean over the points, so divide by n"),
        (-np.append(exp_w, exp_b), "the sign is flipped: the error is (a - y), not (y - a)"),
        (np.append(X.T @ ((a - y) * a * (1 - a)), ((a - y) * a * (1 - a)).sum()) / n,
         "you multiplied by sigma'(z) = a (1 - a): with the cross-entropy that factor cancels, "
         "dL/dz_i = (a_i - y_i) / n"),
    ])
    if hint is None and _close(got_w, exp_w):
        hint = (f"dL/dw is right but dL/db is {got_b:.3g}, expected {float(exp_b):.3g}: b enters "
                "every z_i with coefficient 1")
    if hint is None and _close(got_b, exp_b):
        hint = (f"dL/db is right but dL/dw is {np.round(got_w, 3)}, expected "
                f"{np.round(exp_w, 3)}: each w_j enters z_i multiplied by x_ij")
    raise _Wrong(hint or f"on fresh data your dL/dw is {np.round(got_w, 3)}, expected "
                         f"{np.round(exp_w, 3)}; dL/db {got_b:.3g}, expected {float(exp_b):.3g}")


@_exercise("01.3", "a feature that lets one unit solve XOR", _solutions.xor_features)
def _grade_xor_features(features):
    from sklearn.linear_model import LogisticRegression

    from dlfaq import data

    X_train, y_train = data.make_2d("xor", n_samples=300, seed=1031)
    X_test, y_test = data.make_2d("xor", n_samples=300, seed=1032)
    F_train = _feature_matrix(_call(features, X_train.copy()), len(X_train))
    F_test = _feature_matrix(_call(features, X_test.copy()), len(X_test))
    model = LogisticRegression(C=100.0, max_iter=2000).fit(F_train, y_train)
    accuracy = model.score(F_test, y_test)
    raw = LogisticRegression(C=100.0).fit(X_train, y_train).score(X_test, y_test)
    if accuracy >= 0.9:
        return (f"one unit on your {F_train.shape[1]} feature(s) gets {accuracy:.0%} of fresh "
                f"XOR points right (on x1, x2 alone: {raw:.0%}).")
    raise _Wrong(f"one unit on your features gets {accuracy:.0%} of fresh XOR points right (on "
                 f"x1, x2: {raw:.0%}); it needs 90%. Class 1 is where x1 and x2 have opposite "
                 "signs: which product of the inputs is negative exactly there?")


def _feature_matrix(value, n: int) -> np.ndarray:
    if np.iscomplexobj(_to_numpy(value)):
        raise _Wrong("your features are complex numbers; classical models need real ones: "
                     "take the magnitude, np.abs")
    F = _as_array(value, "features(X)")
    if F.ndim == 1:
        F = F[:, None]  # one feature per point
    if F.ndim != 2 or F.shape[0] != n:
        raise _Wrong(f"features(X) should return one row per point, shape ({n}, k); got "
                     f"{F.shape}")
    if not np.all(np.isfinite(F)):
        raise _Wrong("your features contain inf or nan")
    return F


# ---------------------------------------------------------------------------------------------
# 02 Hidden layers and backpropagation
# ---------------------------------------------------------------------------------------------

def _bumpy(w):
    """A smooth test function of a vector: what 02.1's finite differences differentiate."""
    return float(np.sum(np.sin(3 * w) * w ** 2) + 0.5 * np.sum(w) ** 2)


def _bumpy_gradient(w):
    return 3 * np.cos(3 * w) * w ** 2 + 2 * w * np.sin(3 * w) + np.sum(w)


@_exercise("02.1", "a finite-difference gradient", _solutions.numerical_gradient)
def _grade_numerical_gradient(numerical_gradient):
    w = np.round(np.random.default_rng(201).normal(0, 1, 5), 3)
    w_given = w.copy()
    eps = 1e-5
    got = _as_array(_call(numerical_gradient, _bumpy, w_given, eps), "numerical_gradient(f, w)")
    if got.shape != w.shape:
        raise _Wrong(f"the gradient should have the shape of w, {w.shape}; got {got.shape}")
    expected = _bumpy_gradient(w)
    if not np.array_equal(w_given, w):
        raise _Wrong("your function changed w: put each entry back after perturbing it (or "
                     "perturb a copy), or every later coordinate sees a shifted w")
    if _close(got, expected, rtol=1e-6, atol=1e-7):
        return (f"largest error {np.max(np.abs(got - expected)):.0e}: a central difference is "
                "accurate to about eps**2.")
    forward = np.array([(_bumpy(w + eps * e) - _bumpy(w)) / eps for e in np.eye(len(w))])
    all_at_once = np.full(len(w), (_bumpy(w + eps) - _bumpy(w - eps)) / (2 * eps))
    hint = _diagnose(got, [
        (2 * expected, "your gradient is twice the true one: the central difference spans "
                       "2 eps, from w - eps to w + eps"),
        (forward, f"off by about {np.max(np.abs(forward - expected)):.0e}, an error that "
                  "shrinks only like eps: a one-sided difference; use f(w + eps) and f(w - eps)"),
        (all_at_once, "every entry is the same: you moved all of w at once; perturb one "
                      "coordinate at a time (w + eps * e_j)"),
    ], rtol=1e-6, atol=1e-7)
    i = int(np.argmax(np.abs(got - expected)))
    raise _Wrong(hint or f"entry {i}: yours {got[i]:.4g}, expected {expected[i]:.4g}; "
                         "(f(w + eps e_i) - f(w - eps e_i)) / (2 eps) per entry")


_BACKWARD_KEYS = ("W1", "b1", "w2", "b2")


@_exercise("02.2", "one backward pass through a hidden layer", _solutions.backward)
def _grade_backward(backward):
    import torch

    rng = np.random.default_rng(202)
    n, d, h = 20, 3, 4
    X, y = rng.normal(size=(n, d)), rng.integers(0, 2, n).astype(float)
    params = {"W1": rng.normal(size=(d, h)), "b1": rng.normal(size=h),
              "w2": rng.normal(size=h), "b2": float(rng.normal())}
    got = _call(backward, X.copy(), y.copy(), *(np.copy(params[k]) for k in _BACKWARD_KEYS),
                shapes=f"X is {X.shape}, W1 {(d, h)}, b1 {(h,)}, w2 {(h,)}, a1 {(n, h)}")
    if not isinstance(got, dict):
        raise _Wrong(f"return a dict with keys {', '.join(_BACKWARD_KEYS)}, got "
                     f"{type(got).__name__}")
    missing = [k for k in _BACKWARD_KEYS if k not in got]
    if missing:
        raise _Wrong(f"the dict you returned has no {', '.join(map(repr, missing))}")
    # the reference: torch.autograd on the same forward pass
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    a1 = torch.sigmoid(torch.tensor(X) @ tensors["W1"] + tensors["b1"])
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        a1 @ tensors["w2"] + tensors["b2"], torch.tensor(y))
    expected = dict(zip(_BACKWARD_KEYS, (g.numpy() for g in torch.autograd.grad(
        loss, [tensors[k] for k in _BACKWARD_KEYS])), strict=True))
    answers = {}
    for key in _BACKWARD_KEYS:
        value = _as_array(got[key], f"dL/d{key}")
        if value.size == 1 and expected[key].size == 1:
            value = value.reshape(expected[key].shape)
        if value.shape != expected[key].shape:
            axis = " (sum over the samples, axis=0)" if key.startswith("b") else ""
            raise _Wrong(f"dL/d{key} should have the shape of {key}, {expected[key].shape}; got "
                         f"{value.shape}{axis}")
        answers[key] = value
    wrong = [k for k in _BACKWARD_KEYS if not _close(answers[k], expected[k])]
    if not wrong:
        return "all four gradients match torch.autograd: that is backpropagation."
    flat = np.concatenate([answers[k].ravel() for k in _BACKWARD_KEYS])
    flat_expected = np.concatenate([expected[k].ravel() for k in _BACKWARD_KEYS])
    hint = _diagnose(flat, [
        (n * flat_expected, f"every gradient is n = {n} times too large: divide the error "
                            "(a2 - y) by n, the loss is a mean"),
        (-flat_expected, "every sign is flipped: the output error is (a2 - y)"),
    ])
    if hint is None and wrong == ["W1", "b1"]:
        d_z1_no_prime = ((_sigmoid(_sigmoid(X @ params["W1"] + params["b1"]) @ params["w2"]
                                   + params["b2"]) - y) / n)[:, None] * params["w2"][None, :]
        if _close(answers["b1"], d_z1_no_prime.sum(axis=0)):
            hint = ("dL/dw2 and dL/db2 are right, the hidden layer's are not: going back through "
                    "the hidden sigmoid, multiply by sigma'(z1) = a1 (1 - a1)")
        else:
            hint = ("dL/dw2 and dL/db2 are right, the hidden layer's are not: the error reaches "
                    "z1 through w2 and then through sigma'(z1)")
    if hint is None and wrong == ["W1"]:
        hint = "dL/db1 is right but dL/dW1 is not: dL/dW1 = X.T @ dL/dz1"
    raise _Wrong(hint or f"these gradients differ from torch.autograd's: {', '.join(wrong)}")


# ---------------------------------------------------------------------------------------------
# 03 Vanishing gradients
# ---------------------------------------------------------------------------------------------

def _bias_gradient_norms(model, X, y) -> np.ndarray:
    """Norm of the mean dC/db of every hidden layer (Nielsen's measurement), via autograd."""
    import torch

    loss = torch.nn.functional.cross_entropy(model(X), y)
    grads = torch.autograd.grad(loss, [layer.bias for layer in model.hidden])
    return np.array([float(g.norm()) for g in grads])


def _nielsen_setup(depth: int, width: int, seed: int, n_samples: int = 200):
    import torch

    from dlfaq import data
    from dlfaq.nets import MLP

    digits = data.load_digits(seed=seed)
    X = torch.as_tensor(digits["X_train"][:n_samples], dtype=torch.float32)
    y = torch.as_tensor(digits["y_train"][:n_samples], dtype=torch.long)
    with torch.random.fork_rng():  # nn.Linear draws default weights from the global RNG first
        model = MLP(X.shape[1], 10, depth=depth, width=width, activation="sigmoid",
                    init="nielsen", seed=seed)
    return model, X, y


@_exercise("03.1", "predict: which layer learns slowest", _solutions.smallest_gradient_layer)
def _grade_smallest_gradient_layer(layer):
    layer = _int_answer(layer, "the layer number")
    model, X, y = _nielsen_setup(depth=5, width=30, seed=301)
    norms = _bias_gradient_norms(model, X, y)
    smallest = int(np.argmin(norms)) + 1
    listed = ", ".join(f"{v:.2g}" for v in norms)
    if not 1 <= layer <= 5:
        raise _Wrong(f"the hidden layers are numbered 1 (next to the input) to 5; got {layer}")
    if layer == smallest:
        return (f"gradient norms, layer 1 to 5: {listed}; layer 1 gets "
                f"{norms[-1] / norms[0]:.0f}x less than layer 5.")
    if layer == 5:
        raise _Wrong(f"layer 5, next to the output, has the largest gradient ({norms[4]:.2g}): "
                     "the gradient shrinks on its way back towards the input")
    raise _Wrong(f"layer {layer}'s gradient is {norms[layer - 1]:.2g}, but some layer's is "
                 "smaller still: every layer the gradient passes through multiplies it by a "
                 "factor sigma' <= 1/4 (times a weight)")


@_exercise("03.2", "the largest product of sigma' over n layers", _solutions.largest_product)
def _grade_largest_product(largest_product):
    layers = [1, 2, 3, 5, 10, 30]
    got = [float(_as_array(_call(largest_product, k), f"largest_product({k})").ravel()[0])
           for k in layers]
    expected = [0.25 ** k for k in layers]
    if _close(got, expected, rtol=1e-9, atol=0):
        return f"(1/4)**n: already {expected[3]:.0e} at 5 layers, {expected[-1]:.0e} at 30."
    k = next(i for i in range(len(layers)) if not np.isclose(got[i], expected[i], rtol=1e-9,
                                                             atol=0))
    hint = _diagnose(got, [
        ([0.5 ** k for k in layers], "you used sigma(0) = 1/2; the largest value of the "
                                     "derivative sigma'(z) is at z = 0, sigma'(0) = 1/4"),
        ([0.25 * k for k in layers], "the chain rule multiplies one factor per layer; you "
                                     "added them"),
        ([0.25 ** (k - 1) for k in layers], "off by one layer: n layers give n factors"),
        ([0.25] * len(layers), "that is one layer; n layers multiply n such factors"),
    ], rtol=1e-9, atol=0)
    raise _Wrong(f"for n = {layers[k]} you return {got[k]:.3g}, expected {expected[k]:.3g}: "
                 + (hint or "what is the largest value of sigma'(z), and how many factors?"))


@_exercise("03.3", "measure the gradient of every hidden layer", _solutions.layer_gradient_norms)
def _grade_layer_gradient_norms(layer_gradient_norms):
    import torch

    model, X, y = _nielsen_setup(depth=4, width=20, seed=303, n_samples=100)
    expected = _bias_gradient_norms(model, X, y)
    got = _as_array([float(v) for v in _list_answer(_call(layer_gradient_norms, model, X, y))],
                    "your list of norms")
    depth = len(expected)
    if len(got) == depth + 1:
        raise _Wrong(f"{depth + 1} numbers for {depth} hidden layers: leave out the output layer "
                     "(model.hidden holds the hidden ones)")
    if len(got) != depth:
        raise _Wrong(f"return one number per hidden layer ({depth}), got {len(got)}")
    if _close(got, expected, rtol=1e-4, atol=1e-9):
        again = np.array([float(v) for v in _list_answer(_call(layer_gradient_norms, model, X,
                                                               y))])
        if _close(again, 2 * expected, rtol=1e-4, atol=1e-9):
            raise _Wrong("a second call returned twice the first: .backward() adds to .grad, so "
                         "call model.zero_grad() before it")
        return f"norms of dC/db, input side first: {', '.join(f'{v:.2g}' for v in expected)}."
    loss = torch.nn.functional.cross_entropy(model(X), y)
    weights = [float(g.norm()) for g in torch.autograd.grad(loss, [m.weight for m in
                                                                   model.hidden])]
    hint = _diagnose(got, [
        (expected[::-1], "your list is reversed: index 0 should be the layer next to the input"),
        (weights, "those are the norms of dC/dW; the measurement uses the biases, dC/db"),
        (len(X) * expected, f"{len(X)} times too large: use the mean loss over the batch, "
                            "F.cross_entropy(logits, y) with its default reduction"),
    ], rtol=1e-4, atol=1e-9)
    raise _Wrong(hint or f"yours {np.round(got, 4)}, expected {np.round(expected, 4)}: the norm "
                         "of layer.bias.grad after loss.backward(), for each layer in "
                         "model.hidden")


def _list_answer(value):
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    try:
        return list(np.ravel(np.asarray(value, dtype=object)))
    except (TypeError, ValueError):
        raise _Wrong(f"return a list of numbers, got {type(value).__name__}") from None


# ---------------------------------------------------------------------------------------------
# 04 The tricks that made depth work
# ---------------------------------------------------------------------------------------------

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


@_exercise("04.1", "an initialisation for a 30-layer ReLU net", _solutions.init_std)
def _grade_init_std(init_std):
    answers = {}
    for width in (64, 256):
        value = _as_array(_call(init_std, width, width), f"init_std({width}, {width})").ravel()
        if value.size != 1 or not value[0] > 0:
            raise _Wrong(f"init_std should return one positive number, the weights' standard "
                         f"deviation; got {value} for fan_in = {width}")
        answers[width] = float(value[0])
    if all(np.isclose(answers[w], 2.0 / w) for w in answers):
        raise _Wrong("you returned the variance 2/fan_in; the standard deviation is its square "
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
            raise _Wrong(f"width {width}: the activations' scale (root mean square) at layer 30 "
                         f"is {final:.2g} ({trend}){hint}")
    return ("He et al.'s sqrt(2 / fan_in): the activations' scale stays near 1 through "
            "30 layers.")


@_exercise("04.2", "batch normalisation, forward", _solutions.batch_norm)
def _grade_batch_norm(batch_norm):
    import torch

    rng = np.random.default_rng(402)
    Z = rng.normal(3.0, 2.0, size=(16, 5)) * np.array([1, 10, 0.1, 1, 5])
    Z[:, 3] = 0.7  # a feature that never changes over the batch
    eps = 1e-5
    got = _as_array(_call(batch_norm, Z.copy(), eps), "batch_norm(Z)")
    if got.shape != Z.shape:
        raise _Wrong(f"the output should have the shape of Z, {Z.shape}; got {got.shape}")
    expected = torch.nn.functional.batch_norm(torch.tensor(Z), None, None, training=True,
                                              eps=eps).numpy()
    if _close(got, expected, rtol=1e-5, atol=1e-6):
        return "each feature now has mean 0 and std ~1 over the batch (constant ones stay 0)."
    if not np.all(np.isfinite(got)):
        raise _Wrong("your output has nan or inf: feature 3 is constant over the batch, so its "
                     "variance is 0; add eps inside the square root")
    mean, var = Z.mean(axis=0), Z.var(axis=0)
    varying = np.arange(Z.shape[1]) != 3
    if _close(got[:, varying], expected[:, varying], rtol=1e-3, atol=1e-4):
        raise _Wrong("feature 3 is constant over the batch (variance 0) and should come out 0; "
                     f"yours is {got[0, 3]:.2g}: add eps inside the square root, sqrt(var + eps)")
    hint = _diagnose(got, [
        ((Z - Z.mean(axis=1, keepdims=True)) / np.sqrt(Z.var(axis=1, keepdims=True) + eps),
         "you normalised each row (one sample across its features); batch norm normalises "
         "each feature (column) over the batch: axis=0"),
        ((Z - mean) / np.sqrt(Z.var(axis=0, ddof=1) + eps),
         "close: batch norm divides by n, not n - 1 (the biased variance, ddof=0)"),
        ((Z - mean) / (var + eps), "you divided by the variance; divide by the standard "
                                   "deviation sqrt(var + eps)"),
        (Z - mean, "you subtracted the mean but did not divide by the std"),
    ], rtol=1e-5, atol=1e-6)
    raise _Wrong(hint or f"feature means {np.round(got.mean(axis=0), 2)}, stds "
                         f"{np.round(got.std(axis=0), 2)}: each column should have mean 0, std 1")


@_exercise("04.3", "a residual block", _solutions.residual_block)
def _grade_residual_block(residual_block):
    rng = np.random.default_rng(403)
    width = 8
    h = rng.normal(size=(6, width))
    W, b = rng.normal(0, np.sqrt(2 / width), size=(width, width)), rng.normal(0, 0.1, width)
    got = _as_array(_call(residual_block, h.copy(), W.copy(), b.copy()), "residual_block(h, W, b)")
    expected = h + np.maximum(h @ W + b, 0.0)
    if got.shape != h.shape:
        raise _Wrong(f"the output should have the shape of h, {h.shape}, so blocks can be "
                     f"stacked; got {got.shape}")
    if _close(got, expected):
        return ("the block only adds a correction to h, so the gradient always has the "
                "identity path back through the skip; and since its branch ends in a ReLU it "
                "adds only non-negative values, so a stack of such blocks drifts upward.")
    hint = _diagnose(got, [
        (np.maximum(h @ W + b, 0.0), "your block ignores its input h: the skip connection adds "
                                     "h to the layer's output"),
        (np.maximum(h + h @ W + b, 0.0), "you applied the ReLU after adding h; here the skip is "
                                         "added after the activation: h + relu(h @ W + b)"),
        (h + h @ W + b, "the layer's activation is missing: relu(h @ W + b)"),
    ])
    raise _Wrong(hint or "expected h + relu(h @ W + b) for a batch h of shape (n, width)")


# ---------------------------------------------------------------------------------------------
# 05 ConvNets
# ---------------------------------------------------------------------------------------------

_CONV_CASES = [(28, 5, 1, 0), (8, 3, 1, 1), (32, 3, 2, 1), (9, 4, 2, 0), (10, 4, 3, 0),
               (7, 7, 1, 3)]


@_exercise("05.1", "the size of a conv layer's output", _solutions.conv_output_size)
def _grade_conv_output_size(conv_output_size):
    import torch

    got, expected = [], []
    for n, k, s, p in _CONV_CASES:
        expected.append(torch.nn.functional.conv2d(torch.zeros(1, 1, n, n),
                                                   torch.zeros(1, 1, k, k), stride=s,
                                                   padding=p).shape[-1])
        value = _call(conv_output_size, n, k, s, p)
        if isinstance(value, float | np.floating) and not float(value).is_integer():
            raise _Wrong(f"for n={n}, kernel_size={k}, stride={s}, padding={p} you return "
                         f"{value!r}: a window sits at whole positions only; use integer "
                         "division // (rounding down)")
        got.append(_int_answer(value, "the size"))
    if got == expected:
        return "(n + 2 padding - kernel_size) // stride + 1, as PyTorch's Conv2d."
    i = next(i for i in range(len(got)) if got[i] != expected[i])
    n, k, s, p = _CONV_CASES[i]
    hint = _diagnose(got, [
        ([(n + 2 * p - k) // s for n, k, s, p in _CONV_CASES],
         "off by one: a k-wide window fits at n - k + 1 positions when the stride is 1"),
        ([(n + p - k) // s + 1 for n, k, s, p in _CONV_CASES],
         "padding adds p on both sides: 2 * padding"),
        ([n + 2 * p - k + 1 for n, k, s, p in _CONV_CASES],
         "the stride is missing: the window jumps `stride` pixels at a time"),
        ([-(-(n + 2 * p - k) // s) + 1 for n, k, s, p in _CONV_CASES],
         "round down: a last window that does not fit is dropped"),
    ], rtol=0, atol=0)
    raise _Wrong(f"for n={n}, kernel_size={k}, stride={s}, padding={p} you return {got[i]}; "
                 f"expected {expected[i]}: "
                 + (hint or "slide the window by hand on a small case and count"))


@_exercise("05.2", "the parameters of a conv layer", _solutions.conv_parameters)
def _grade_conv_parameters(conv_parameters):
    import torch

    cases = [(1, 6, 5), (3, 16, 3), (16, 32, 3), (6, 1, 7)]
    expected = [sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k, device="meta")
                    .parameters()) for c_in, c_out, k in cases]
    got = [_int_answer(_call(conv_parameters, *case), "the count") for case in cases]
    if got == expected:
        dense = 28 * 28 * 6 * 24 * 24 + 6 * 24 * 24
        return (f"a conv layer's count does not depend on the image size; a dense layer from "
                f"a 28x28 image to the same 6x24x24 output would need {dense:,}.")
    i = next(i for i in range(len(got)) if got[i] != expected[i])
    c_in, c_out, k = cases[i]
    hint = _diagnose(got, [
        ([o * i_ * q * q for i_, o, q in cases], "one bias per output channel is missing"),
        ([o * (q * q + 1) for i_, o, q in cases], "each filter spans every input channel: "
                                                  "in_channels x k x k weights"),
        ([o * (i_ * q + 1) for i_, o, q in cases], "a k x k window has k * k weights, not k"),
        ([o * i_ * (q * q + 1) for i_, o, q in cases], "one bias per output channel, not per "
                                                       "input-output pair"),
    ], rtol=0, atol=0)
    raise _Wrong(f"for in_channels={c_in}, out_channels={c_out}, kernel_size={k} you count "
                 f"{got[i]}; expected {expected[i]}: "
                 + (hint or "count one filter's weights, then the filters, then the biases"))


@_exercise("05.3", "the conv sum, by hand", _solutions.conv2d)
def _grade_conv2d(conv2d):
    import torch

    rng = np.random.default_rng(503)
    image, kernel = np.round(rng.normal(size=(5, 7)), 2), np.round(rng.normal(size=(2, 3)), 2)
    got = _as_array(_call(conv2d, image.copy(), kernel.copy()), "conv2d(image, kernel)")
    expected = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                          torch.tensor(kernel)[None, None])[0, 0].numpy()
    if got.shape != expected.shape:
        hint = (" (that is 'same' size: only keep positions where the whole window fits)"
                if got.shape == image.shape else "")
        raise _Wrong(f"a {kernel.shape} kernel on a {image.shape} image gives a "
                     f"{expected.shape} map (H - kh + 1, W - kw + 1); got {got.shape}{hint}")
    if _close(got, expected):
        return "the same sum PyTorch's conv2d computes (a cross-correlation: no kernel flip)."
    flipped = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                         torch.tensor(kernel[::-1, ::-1].copy())[None, None])
    hint = _diagnose(got, [
        (flipped[0, 0].numpy(), "you flipped the kernel (a true convolution); deep-learning "
                                "'convolutions' slide the kernel unflipped"),
    ])
    i, j = np.unravel_index(int(np.argmax(np.abs(got - expected))), got.shape)
    raise _Wrong(hint or f"at output ({i}, {j}) yours is {got[i, j]:.3g}, expected "
                         f"{expected[i, j]:.3g}: output (i, j) sums the window of the image "
                         "that starts at (i, j), times the kernel, entry by entry")


# ---------------------------------------------------------------------------------------------
# 06 Usual machine learning vs deep learning
# ---------------------------------------------------------------------------------------------

def shifted_patterns(n_samples: int = 400, length: int = 32, seed: int = 0):
    """A tiny MNIST-1D-like set: each class is a fixed pattern, placed at a random position.

    Returns ``(X, y)`` with ``X`` of shape (n_samples, length) and 4 classes: every sample is
    its class's pattern, circularly shifted by a random amount, plus noise. Where the pattern
    sits says nothing about the class, so raw-pixel linear models do badly on it.
    """
    from dlfaq._checks import check_int

    n_samples = check_int("n_samples", n_samples, low=4, high=100_000)
    length = check_int("length", length, low=8, high=1024)
    seed = check_int("seed", seed, low=0)
    templates = np.random.default_rng(600).normal(size=(4, length))
    templates -= templates.mean(axis=1, keepdims=True)   # same mean and same energy for every
    templates /= templates.std(axis=1, keepdims=True)    # class: only the shape tells them apart
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % 4
    shifts = rng.integers(0, length, n_samples)
    X = np.stack([np.roll(templates[c], s) for c, s in zip(y, shifts, strict=True)])
    return X + 0.3 * rng.normal(size=X.shape), y


def _patterns_accuracy(features=None) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X_train, y_train = shifted_patterns(400, seed=601)
    X_test, y_test = shifted_patterns(400, seed=602)
    if features is not None:
        X_train = _feature_matrix(_call(features, X_train.copy()), len(X_train))
        X_test = _feature_matrix(_call(features, X_test.copy()), len(X_test))
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
    return model.fit(X_train, y_train).score(X_test, y_test)


@_exercise("06.1", "engineer a feature that beats raw pixels", _solutions.shift_invariant_features)
def _grade_shift_invariant_features(features):
    raw, yours = _patterns_accuracy(), _patterns_accuracy(features)
    if yours >= max(raw + 0.2, 0.8):
        return (f"logistic regression: {raw:.0%} on raw samples, {yours:.0%} on your features. "
                "You did by hand what a ConvNet learns.")
    raise _Wrong(f"logistic regression gets {yours:.0%} on your features, {raw:.0%} on raw "
                 "samples (needed: 80%). The class does not depend on where the pattern sits: "
                 "which transform forgets the position (think np.fft)?")


@_exercise("06.2", "shuffle the pixel order", _solutions.shuffle_pixels)
def _grade_shuffle_pixels(shuffle_pixels):
    n_train, n_test, d = 6, 4, 9
    X_train = np.arange(n_train)[:, None] * 100.0 + np.arange(d)  # entry = 100 row + column
    X_test = 10_000 + np.arange(n_test)[:, None] * 100.0 + np.arange(d)
    result = _call(shuffle_pixels, X_train.copy(), X_test.copy(), 7)
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise _Wrong("return two arrays, (X_train shuffled, X_test shuffled)")
    new_train = _as_array(result[0], "the shuffled X_train", shape=X_train.shape)
    new_test = _as_array(result[1], "the shuffled X_test", shape=X_test.shape)
    if not (np.array_equal(np.sort(new_train, axis=1), X_train)
            and np.array_equal(np.sort(new_test, axis=1), X_test)):
        if np.array_equal(np.sort(new_train, axis=0), X_train):
            raise _Wrong("you shuffled the samples (rows); shuffle the pixel order (columns)")
        raise _Wrong("each row should hold the same pixels as before, in a new order")
    perm_train = (new_train % 100).astype(int)  # which original column sits where
    perm_test = (new_test % 100).astype(int)
    if not np.all(perm_train == perm_train[0]) or not np.all(perm_test == perm_test[0]):
        raise _Wrong("each sample got its own order: use one permutation for every sample")
    if not np.array_equal(perm_train[0], perm_test[0]):
        raise _Wrong("train and test got different orders: a model learned on one order cannot "
                     "read the other; use the same permutation for both")
    if np.array_equal(perm_train[0], np.arange(d)):
        raise _Wrong("nothing moved: the pixel order is unchanged")
    again = _call(shuffle_pixels, X_train.copy(), X_test.copy(), 7)
    if not np.array_equal(_as_array(again[0], "the shuffled X_train"), new_train):
        raise _Wrong("a second call with the same seed gave another order: draw the permutation "
                     "from np.random.default_rng(seed)")
    return "one permutation for every sample, train and test alike."


@_exercise("06.3", "predict: which model does pixel shuffling hurt", _solutions.shuffle_hurts)
def _grade_shuffle_hurts(answer):
    choices = ("logistic", "mlp", "cnn")
    if not isinstance(answer, str) or answer.strip().lower() not in choices:
        raise _Wrong(f"answer one of {', '.join(map(repr, choices))}; got {answer!r}")
    answer = answer.strip().lower()
    if answer == "cnn":
        return ("its small windows assume neighbouring pixels belong together; after the "
                "shuffle they don't. Dense models never assumed it.")
    model = {"logistic": "logistic regression", "mlp": "an MLP's first (dense) layer"}[answer]
    raise _Wrong(f"{model} gives every pixel its own weight and ignores their order: shuffling "
                 "the inputs just shuffles those weights: the accuracy stays the same (up to "
                 "training noise)")


# ---------------------------------------------------------------------------------------------
# 07 Learned features, measured
# ---------------------------------------------------------------------------------------------

def _conv_stack(model, X, layer: int, relu_last: bool = True):
    """Reference maps of a ConvNet1D after conv ``layer`` (ReLU on the last one if asked)."""
    import torch

    h = torch.as_tensor(X, dtype=torch.float32).reshape(len(X), 1, -1)
    with torch.no_grad():
        for i, conv in enumerate(model.convs[:layer], start=1):
            h = conv(h)
            h = torch.relu(h) if (i < layer or relu_last) else h
    return h.numpy()


@_exercise("07.1", "a probe's input: one layer's features", _solutions.layer_features)
def _grade_layer_features(layer_features):
    import torch

    from dlfaq.convnets import ConvNet1D

    model = ConvNet1D(length=40, channels=6, seed=707).eval()
    X = np.random.default_rng(707).normal(size=(12, 40)).astype(np.float32)
    for layer in (1, 2, 3):
        expected = _conv_stack(model, X, layer)                       # (n, C, positions)
        n, channels, positions = expected.shape
        got = _as_array(_call(layer_features, model, X.copy(), layer,
                              shapes=f"X is {X.shape}, layer {layer}"),
                        f"layer_features(model, X, {layer})")
        flat = expected.reshape(n, -1)
        if _close(got, flat, rtol=1e-4, atol=1e-5):
            continue
        if _close(got, expected.transpose(0, 2, 1).reshape(n, -1), rtol=1e-4, atol=1e-5):
            continue  # positions x channels: another column order, all the same to a probe
        if got.shape == expected.shape:
            raise _Wrong(f"layer {layer}: you return maps of shape {got.shape}; a probe wants "
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
        message = _diagnose(got, known, rtol=1e-4, atol=1e-5)
        if message:
            raise _Wrong(message)
        if got.shape != flat.shape:
            raise _Wrong(f"layer {layer}: expected shape {flat.shape} (n, channels * "
                         f"positions), got {got.shape}")
        raise _Wrong(f"layer {layer}: the shape is right but the values are not the "
                     "activations after that conv layer's ReLU")
    return ("one row of learned features per example: exactly what the probe in this notebook "
            "is handed.")
