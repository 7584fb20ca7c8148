"""The from-scratch logistic unit: what notebook 01 teaches, checked on fresh numbers."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from dlfaq.learn import data, neuron


def test_sigmoid_is_a_probability_even_for_extreme_inputs():
    z = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        a = neuron.sigmoid(z)
    assert np.all((a >= 0) & (a <= 1))
    assert a[2] == 0.5
    assert np.allclose(a, 1 / (1 + np.exp(-np.clip(z, -700, 700))))


def test_sigmoid_derivative_peaks_at_one_quarter():
    z = np.linspace(-10, 10, 2001)
    slope = neuron.sigmoid_prime(z)
    assert slope.max() == pytest.approx(0.25)
    assert z[np.argmax(slope)] == pytest.approx(0.0)
    numeric = np.gradient(neuron.sigmoid(z), z)
    assert np.allclose(slope, numeric, atol=1e-4)


def test_step_unit_outputs_zero_or_one():
    assert list(neuron.step(np.array([-2.0, 0.0, 3.0]))) == [0.0, 1.0, 1.0]


def test_training_matches_scikit_learn_with_the_same_penalty():
    X, y = data.make_2d("blobs", noise=0.9, seed=3)
    C = 0.5
    fit = neuron.train_logistic(X, y, lr=1.0, steps=4000, l2=1 / (C * len(y)))
    sk = LogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)
    assert np.allclose(fit["w"], sk.coef_[0], atol=1e-4)
    assert fit["b"] == pytest.approx(sk.intercept_[0], abs=1e-4)


def test_training_loss_starts_at_ln2_and_falls():
    X, y = data.make_2d("blobs", seed=1)
    losses = neuron.train_logistic(X, y, steps=200)["losses"]
    assert losses[0] == pytest.approx(np.log(2))
    assert losses[-1] < 0.3 * losses[0]


def corner_counts(X):
    """Points in each quadrant: the four clusters of XOR."""
    right, top = X[:, 0] > 0, X[:, 1] > 0
    return np.array([np.sum((right == r) & (top == t)) for r in (0, 1) for t in (0, 1)])


@pytest.mark.parametrize("seed", range(5))
def test_the_best_line_on_xor_gets_all_but_the_smallest_corner(seed):
    X, y = data.make_2d("xor", n_samples=200, seed=seed)
    best = neuron.best_line(X, y)
    assert best["accuracy"] == pytest.approx(1 - corner_counts(X).min() / len(y))
    assert best["accuracy"] < 0.9


def test_best_line_returns_a_line_with_the_accuracy_it_reports():
    X, y = data.make_2d("moons", n_samples=150, seed=4)
    best = neuron.best_line(X, y, n_directions=90)
    assert neuron.accuracy(neuron.predict_proba(X, best["w"], best["b"]), y) == best["accuracy"]
    assert best["lines"] == 90 * 151


def test_best_line_separates_separable_blobs():
    X, y = data.make_2d("blobs", noise=0.5, seed=0)
    assert neuron.best_line(X, y)["accuracy"] == 1.0


def test_best_line_is_never_beaten_by_the_log_loss_fit():
    for seed in range(5):
        X, y = data.make_2d("xor", seed=seed)
        fit = neuron.train_logistic(X, y, steps=2000)
        fitted = neuron.accuracy(neuron.predict_proba(X, fit["w"], fit["b"]), y)
        assert fitted <= neuron.best_line(X, y)["accuracy"]


def test_best_line_rejects_points_outside_the_plane():
    with pytest.raises(ValueError, match="2 columns"):
        neuron.best_line(np.zeros((4, 3)), [0, 1, 0, 1])


@pytest.mark.parametrize("seed", range(10))
def test_the_log_loss_fit_on_xor_hedges_with_small_weights(seed):
    X, y = data.make_2d("xor", n_samples=200, seed=seed)
    fit = neuron.train_logistic(X, y, lr=1.0, steps=2000)
    p = neuron.predict_proba(X, fit["w"], fit["b"])
    assert np.linalg.norm(fit["w"]) < 0.6
    assert np.all(np.abs(p - 0.5) < 0.3)
    assert fit["losses"][-1] > 0.6


def test_boundary_segment_lies_on_the_line():
    w, b = np.array([1.0, -2.0]), 0.5
    (xa, ya), (xb, yb) = neuron.boundary_segment(w, b, (-2, 2, -2, 2))
    assert w @ [xa, ya] + b == pytest.approx(0)
    assert w @ [xb, yb] + b == pytest.approx(0)


def test_zero_weights_have_no_boundary():
    assert neuron.probability_grid([0.0, 0.0], 1.0)["boundary"] is None


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"lr": 0.0}, ValueError, "lr must be > 0"),
        ({"lr": "fast"}, TypeError, "lr must be a number"),
        ({"steps": 0}, ValueError, "steps must be >= 1"),
        ({"steps": 2.5}, TypeError, "steps must be an integer"),
        ({"l2": -1.0}, ValueError, "l2 must be >= 0"),
    ],
)
def test_train_logistic_rejects_bad_hyperparameters(kwargs, error, message):
    X, y = data.make_2d("blobs")
    with pytest.raises(error, match=message):
        neuron.train_logistic(X, y, **kwargs)


def test_train_logistic_rejects_labels_other_than_zero_and_one():
    X, _ = data.make_2d("blobs")
    with pytest.raises(ValueError, match="y must hold labels 0 and 1"):
        neuron.train_logistic(X, np.arange(len(X)) % 3)


def test_train_logistic_rejects_mismatched_shapes():
    X, y = data.make_2d("blobs")
    with pytest.raises(ValueError, match="y must be 1-D with 200 entries"):
        neuron.train_logistic(X, y[:-1])


def test_grid_probabilities_is_the_grid_of_probability_grid():
    w, b = np.array([1.5, -2.0]), 0.3
    grid = neuron.probability_grid(w, b, extent=(-1, 2, -3, 1), resolution=7)
    general = neuron.grid_probabilities(lambda gx, gy: neuron.sigmoid(w[0] * gx + w[1] * gy + b),
                                        extent=(-1, 2, -3, 1), resolution=7)
    np.testing.assert_array_equal(general["proba"], grid["proba"])
    assert general["extent"] == grid["extent"] == (-1.0, 2.0, -3.0, 1.0)
    assert general["boundary"] is None and grid["boundary"] is not None
    # rows follow x2 (the image's y), columns x1
    assert grid["proba"][0, -1] == pytest.approx(float(neuron.sigmoid(w @ [2.0, -3.0] + b)))


def test_unit_view_holds_the_loss_and_accuracy_of_the_unit_on_the_data():
    X, y = data.make_2d("blobs", seed=1)
    view = neuron.unit_view(X, y, [0.5, -1.0], 0.2, resolution=10)
    p = neuron.predict_proba(X, [0.5, -1.0], 0.2)
    assert view["loss"] == pytest.approx(neuron.log_loss(p, y))
    assert view["accuracy"] == pytest.approx(neuron.accuracy(p, y))
    assert view["constant"] == pytest.approx(float(neuron.sigmoid(0.2)))
    assert view["proba"].shape == (10, 10)
