"""The exercise checkers: each accepts its worked solution, rejects typical mistakes with the
message meant for them, answers "not attempted yet" to the starter code, and fails loudly on an
unknown exercise id."""

import math
import random
import subprocess
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dlfaq import exercises
from dlfaq.exercises import n03, n06, solutions


def _starter(*args, **kwargs):
    raise NotImplementedError


def sig(z):
    return 1.0 / (1.0 + np.exp(-z))


# Typical mistakes per exercise: (the wrong answer, a phrase its message must contain).
MISTAKES = {
    "01.1": [
        (lambda z: sig(z), "at z = 2.0 your derivative returns 0.881; expected 0.105: did you "
                           "forget the (1 - sigma) factor?"),
        (lambda z: sig(z) ** 2, "not sigma again"),
        (lambda z: z * (1 - z), "applied the formula to z itself"),
        (lambda z: -sig(z) * (1 - sig(z)), "sign is flipped"),
        (lambda z: (s := 1 / (1 + math.exp(-z))) * (1 - s), "use np.exp, not math.exp"),
    ],
    "01.2": [
        (lambda X, y, w, b: (X.T @ (sig(X @ w + b) - y), np.sum(sig(X @ w + b) - y)),
         "n = 30 times too large"),
        (lambda X, y, w, b: (X.T @ (y - sig(X @ w + b)) / len(y), np.mean(y - sig(X @ w + b))),
         "sign is flipped"),
        (lambda X, y, w, b: (X.T @ ((a := sig(X @ w + b)) - y) * 0 + X.T @ ((a - y) * a * (1 - a))
                             / len(y), np.mean((a - y) * a * (1 - a))),
         "that factor cancels"),
        (lambda X, y, w, b: (X @ (sig(X @ w + b) - y), 0.0), "check the shapes: X is (30, 3)"),
        (lambda X, y, w, b: ((sig(X @ w + b) - y) / len(y), 0.0), "dL/dw should have the shape"),
        (lambda X, y, w, b: (X.T @ (sig(X @ w + b) - y) / len(y), 0.0), "dL/dw is right"),
    ],
    "01.3": [
        (lambda X: X, "Class 1 is where x1 and x2 have opposite signs"),
        (lambda X: X ** 2, "which product of the inputs"),
        (lambda X: X[:5], "one row per point"),
    ],
    "02.1": [
        (lambda f, w, eps=1e-5: np.array([(f(w + eps * e) - f(w - eps * e)) / eps
                                          for e in np.eye(len(w))]), "twice the true one"),
        (lambda f, w, eps=1e-5: np.array([(f(w + eps * e) - f(w)) / eps
                                          for e in np.eye(len(w))]), "a one-sided difference"),
        (lambda f, w, eps=1e-5: np.full(len(w), (f(w + eps) - f(w - eps)) / (2 * eps)),
         "you moved all of w at once"),
        (lambda f, w, eps=1e-5: _in_place_gradient(f, w, eps), "your function changed w"),
    ],
}


def _in_place_gradient(f, w, eps):
    grad = np.zeros(len(w))
    for j in range(len(w)):
        w[j] += eps
        up = f(w)
        w[j] -= 2 * eps
        grad[j] = (up - f(w)) / (2 * eps)   # forgets to put w[j] back
    return grad


def _backward_variant(no_sigma_prime=False, no_mean=False, b1_axis=0):
    def backward(X, y, W1, b1, w2, b2):
        n = 1 if no_mean else len(y)
        a1 = sig(X @ W1 + b1)
        a2 = sig(a1 @ w2 + b2)
        d_z2 = (a2 - y) / n
        d_z1 = np.outer(d_z2, w2) * (1 if no_sigma_prime else a1 * (1 - a1))
        return {"W1": X.T @ d_z1, "b1": d_z1.sum(axis=b1_axis), "w2": a1.T @ d_z2,
                "b2": d_z2.sum()}
    return backward


MISTAKES["02.2"] = [
    (_backward_variant(no_sigma_prime=True), "multiply by sigma'(z1) = a1 (1 - a1)"),
    (_backward_variant(no_mean=True), "every gradient is n = 20 times too large"),
    (_backward_variant(b1_axis=1), "sum over the samples, axis=0"),
    (lambda X, y, W1, b1, w2, b2: {"W1": W1}, "has no 'b1', 'w2', 'b2'"),
]


def _norms_variant(kind):
    def layer_gradient_norms(model, X, y):
        if kind != "no_zero_grad":
            model.zero_grad()
        reduction = "sum" if kind == "sum" else "mean"
        F.cross_entropy(model(X), y, reduction=reduction).backward()
        layers = list(model.hidden) + ([model.out] if kind == "with_output" else [])
        norms = [(m.weight if kind == "weights" else m.bias).grad.norm().item() for m in layers]
        return norms[::-1] if kind == "reversed" else norms
    return layer_gradient_norms


MISTAKES.update({
    "03.1": [(5, "layer 5, next to the output, has the largest gradient"),
             (3, "some layer's is smaller still"),
             (0, "numbered 1 (next to the input) to 5"),
             ("one", "should be a whole number")],
    "03.2": [(lambda n: 0.5 ** n, "you used sigma(0) = 1/2"),
             (lambda n: 0.25 * n, "you added them"),
             (lambda n: 0.25 ** (n - 1), "off by one layer"),
             (lambda n: 0.25, "that is one layer")],
    "03.3": [(_norms_variant("reversed"), "your list is reversed"),
             (_norms_variant("weights"), "norms of dC/dW"),
             (_norms_variant("sum"), "100 times too large"),
             (_norms_variant("with_output"), "leave out the output layer"),
             (_norms_variant("no_zero_grad"), "call model.zero_grad()")],
    "04.1": [(lambda fan_in, fan_out: np.sqrt(2 / (fan_in + fan_out)), "Xavier's"),
             (lambda fan_in, fan_out: 2 / fan_in, "you returned the variance"),
             (lambda fan_in, fan_out: 1.0, "it grows"),
             (lambda fan_in, fan_out: np.sqrt(1 / (3 * fan_in)), "it shrinks"),
             (lambda fan_in, fan_out: -0.1, "one positive number")],
    "04.2": [(lambda Z, eps=1e-5: (Z - Z.mean(1, keepdims=True))
              / np.sqrt(Z.var(1, keepdims=True) + eps), "each feature (column) over the batch"),
             (lambda Z, eps=1e-5: (Z - Z.mean(0)) / np.sqrt(Z.var(0, ddof=1) + eps),
              "divides by n, not n - 1"),
             (lambda Z, eps=1e-5: (Z - Z.mean(0)) / Z.std(0), "add eps inside the square root"),
             (lambda Z, eps=1e-5: (Z - Z.mean(0)) / (Z.var(0) + eps), "divided by the variance")],
    "04.3": [(lambda h, W, b: np.maximum(h @ W + b, 0), "ignores its input h"),
             (lambda h, W, b: np.maximum(h + h @ W + b, 0), "ReLU after adding h"),
             (lambda h, W, b: h + h @ W + b, "activation is missing")],
    "05.1": [(lambda n, k, s=1, p=0: (n + 2 * p - k) // s, "off by one"),
             (lambda n, k, s=1, p=0: (n + p - k) // s + 1, "padding adds p on both sides"),
             (lambda n, k, s=1, p=0: (n + 2 * p - k) / s + 1, "integer division //"),
             (lambda n, k, s=1, p=0: n + 2 * p - k + 1, "the stride is missing"),
             (lambda n, k, s=1, p=0: -(-(n + 2 * p - k) // s) + 1, "round down")],
    "05.2": [(lambda c_in, c_out, k: c_out * c_in * k * k, "one bias per output channel"),
             (lambda c_in, c_out, k: c_out * (k * k + 1), "spans every input channel"),
             (lambda c_in, c_out, k: c_out * (c_in * k + 1), "k * k weights, not k")],
    "05.3": [(lambda image, kernel: solutions.conv2d(image, kernel[::-1, ::-1]),
              "you flipped the kernel"),
             (lambda image, kernel: np.zeros_like(image), "only keep positions where"),
             (lambda image, kernel: solutions.conv2d(image, kernel) + 1, "at output (")],
    "06.1": [(lambda X: X, "which transform forgets the position"),
             (lambda X: np.fft.rfft(X, axis=1), "take the magnitude, np.abs"),
             (lambda X: np.fft.rfft(X, axis=1).real, "which transform forgets the position"),
             (lambda X: X.sum(axis=1), "which transform forgets the position")],
    "06.2": [(lambda A, B, seed: (A[np.random.default_rng(seed).permutation(len(A))], B),
              "you shuffled the samples (rows)"),
             (lambda A, B, seed: (A[:, np.random.default_rng(seed).permutation(A.shape[1])],
                                  B[:, np.random.default_rng(seed + 1).permutation(B.shape[1])]),
              "train and test got different orders"),
             (lambda A, B, seed: (np.random.default_rng(seed).permuted(A, axis=1),
                                  np.random.default_rng(seed).permuted(B, axis=1)),
              "each sample got its own order"),
             (lambda A, B, seed: (A, B), "nothing moved"),
             (lambda A, B, seed: solutions.shuffle_pixels(A, B, None), "same seed")],
    "06.3": [("logistic", "ignores their order"), ("mlp", "an MLP's first (dense) layer"),
             ("rnn", "answer one of")],
})


def _conv_maps(model, X, layer, relu_last=True):
    h = torch.as_tensor(X).reshape(len(X), 1, -1)
    with torch.no_grad():
        for i, conv in enumerate(model.convs[:layer], start=1):
            h = conv(h)
            h = torch.relu(h) if (i < layer or relu_last) else h
    return h


MISTAKES["07.1"] = [
    (lambda model, X, layer: _conv_maps(model, X, layer).numpy(), "flatten them"),
    (lambda model, X, layer: _conv_maps(model, X, layer, relu_last=False).flatten(1),
     "after the layer's ReLU"),
    (lambda model, X, layer: _conv_maps(model, X, layer + 1 if layer < 3 else 1).flatten(1),
     "layer 1 is the first conv layer"),
    (lambda model, X, layer: model(torch.as_tensor(X)), "output logits"),
    (lambda model, X, layer: _conv_maps(model, X, layer).flatten(1)[:, :10], "expected shape"),
]

MISTAKES["08.1"] = [
    (lambda X, s: np.stack([np.roll(r, -k) for r, k in zip(X, s, strict=True)]), "to the left"),
    (lambda X, s: np.roll(X, s[0], axis=1), "each series gets its own shift"),
    (lambda X, s: np.roll(X, s[0], axis=0), "you rolled the rows"),
    (lambda X, s: np.zeros_like(X), "not the series rolled"),
]


def test_every_exercise_has_its_mistakes_and_every_mistake_its_exercise():
    # also fails when the registry is empty (every test parametrized by ids() would vanish)
    assert sorted(MISTAKES) == exercises.ids()


@pytest.mark.parametrize("exercise_id", exercises.ids())
def test_each_grader_lives_in_its_notebooks_module(exercise_id):
    grader = exercises.core.REGISTRY[exercise_id].grader
    assert grader.__module__ == f"dlfaq.exercises.n{exercise_id[:2]}"


@pytest.mark.parametrize("exercise_id", exercises.ids())
def test_accepts_the_worked_solution(exercise_id):
    feedback = exercises.grade(exercise_id, exercises.reference_answer(exercise_id))
    assert feedback.correct, feedback.message


@pytest.mark.parametrize("exercise_id", exercises.ids())
def test_has_at_least_two_typical_mistakes(exercise_id):
    assert len(MISTAKES[exercise_id]) >= 2


@pytest.mark.parametrize(("exercise_id", "mistake", "phrase"), [
    (key, mistake, phrase) for key, cases in MISTAKES.items() for mistake, phrase in cases])
def test_rejects_a_typical_mistake_with_its_message(exercise_id, mistake, phrase):
    feedback = exercises.grade(exercise_id, mistake)
    assert feedback.status == "wrong"
    assert phrase in feedback.message
    assert len(feedback.message) < 240, "feedback fits on one or two lines"


@pytest.mark.parametrize("exercise_id", exercises.ids())
@pytest.mark.parametrize("starter", [_starter, None, ...], ids=["raises", "None", "ellipsis"])
def test_starter_code_is_not_attempted_yet(exercise_id, starter):
    if starter is _starter and not callable(exercises.reference_answer(exercise_id)):
        pytest.skip("a 'predict' exercise: its starter is a value, ...")
    feedback = exercises.grade(exercise_id, starter)
    assert feedback.status == "not attempted"
    assert "not attempted yet" in feedback.message


def test_a_function_returning_none_is_not_attempted_and_hints_at_return():
    def sigmoid_prime(z):
        s = sig(z)
        s * (1 - s)  # noqa: B018  (the forgotten return)
    feedback = exercises.grade("01.1", sigmoid_prime)
    assert feedback.status == "not attempted" and "forget `return`" in feedback.message


def test_a_crashing_answer_is_reported_not_raised():
    feedback = exercises.grade("05.1", lambda n, k, s, p: 1 / 0)
    assert feedback.status == "wrong" and "ZeroDivisionError" in feedback.message


def test_passing_a_called_function_says_so():
    feedback = exercises.grade("04.3", np.zeros((6, 8)))
    assert "without calling it" in feedback.message


def test_unknown_exercise_id_lists_the_allowed_ids():
    with pytest.raises(ValueError, match=r"01\.1, 01\.2.*06\.3.*got '7\.1'"):
        exercises.grade("7.1", None)
    with pytest.raises(ValueError, match="must be one of"):
        exercises.solution(1.1)


def test_check_prints_the_verdict_but_not_the_solution(capsys):
    exercises.check("01.1", lambda z: sig(z))
    out = capsys.readouterr().out
    assert "did you forget the (1 - sigma) factor?" in out
    assert "def sigmoid_prime" not in out and out.count("\n") <= 2


def test_check_with_reveal_prints_the_solution(capsys):
    exercises.check("01.1", _starter, reveal=True)
    out = capsys.readouterr().out
    assert "not attempted yet" in out and "def sigmoid_prime" in out


def test_solution_prints_the_worked_solution(capsys):
    exercises.solution("05.1")
    assert "// stride + 1" in capsys.readouterr().out


def _fingerprint(value):
    """A comparable picture of one input a grader hands to an answer."""
    if isinstance(value, torch.nn.Module):
        return [p.detach().numpy().tobytes() for p in value.parameters()]
    if isinstance(value, torch.Tensor | np.ndarray):
        array = value.detach().numpy() if isinstance(value, torch.Tensor) else value
        return array.dtype.str, array.shape, array.tobytes()
    if callable(value):
        return value.__qualname__, _fingerprint(value(np.linspace(-1, 1, 5)))
    return repr(value)


def _graded_twice(exercise_id):
    """Grade the worked solution twice through a spy that records every input the grader
    hands it (each argument of each call); return both runs' feedback and inputs."""
    reference = exercises.reference_answer(exercise_id)
    runs = []
    for _ in range(2):
        seen = []

        def spy(*args, _seen=seen, **kwargs):
            _seen.append([_fingerprint(a) for a in (*args, *kwargs.values())])
            return reference(*args, **kwargs)

        answer = spy if callable(reference) else reference
        runs.append((exercises.grade(exercise_id, answer), seen))
    return runs


@pytest.mark.parametrize("exercise_id", exercises.ids())
def test_checks_are_deterministic(exercise_id):
    """Two gradings of one answer get the same inputs, call for call, and the same verdict."""
    (first, first_inputs), (second, second_inputs) = _graded_twice(exercise_id)
    assert first == second and first.correct, first.message
    assert first_inputs == second_inputs
    assert first_inputs or not callable(exercises.reference_answer(exercise_id))


def test_the_gradient_study_of_03_is_the_same_every_time():
    """03.1 grades a value, so no spy sees its inputs: its network and data are compared."""
    (model_a, X_a, y_a), (model_b, X_b, y_b) = (n03._nielsen_setup(5, 30, seed=301)
                                                for _ in range(2))
    assert _fingerprint(model_a) == _fingerprint(model_b)
    assert torch.equal(X_a, X_b) and torch.equal(y_a, y_b)


def _global_random_states():
    kind, key, *rest = np.random.get_state()
    return random.getstate(), kind, key.tobytes(), rest, torch.get_rng_state().numpy().tobytes()


def test_checks_do_not_touch_global_random_state():
    before = _global_random_states()  # the whole state: a single draw moves only the position
    for exercise_id in exercises.ids():
        exercises.grade(exercise_id, exercises.reference_answer(exercise_id))
        assert _global_random_states() == before, exercise_id


def test_importing_the_exercises_imports_no_heavy_library():
    code = ("import sys, dlfaq.exercises\nprint(len(dlfaq.exercises.ids()), sorted({m.split('.')[0]"
            " for m in sys.modules} & {'torch', 'sklearn', 'scipy', 'matplotlib', 'ipywidgets'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split(" ", 1) == [str(len(exercises.ids())), "[]\n"], out


def test_shifted_patterns_defeat_raw_pixels_but_not_fourier_magnitudes():
    assert n06.patterns_accuracy() < 0.5
    assert n06.patterns_accuracy(solutions.shift_invariant_features) > 0.9
