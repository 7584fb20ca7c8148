"""The NumPy backpropagation reference agrees with finite differences and with torch.autograd."""

import numpy as np
import pytest
import torch

from dlfaq.learn import backprop, data


def small_problem(activation="sigmoid", sizes=(3, 5, 4, 3), n=7, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, sizes[0]))
    y = rng.integers(0, sizes[-1], n)
    params = backprop.init_params(sizes, seed=seed)
    params = [(W, b + 0.1 * rng.standard_normal(b.shape)) for W, b in params]
    return params, X, y


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_backward_matches_central_finite_differences(activation):
    params, X, y = small_problem(activation)
    exact = backprop.backward(params, X, y, activation)
    numeric = backprop.numerical_gradient(params, X, y, activation)
    assert backprop.max_relative_error(exact, numeric) < 1e-6


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_backward_matches_torch_autograd_in_float64(activation):
    params, X, y = small_problem(activation, sizes=(4, 6, 6, 6, 3), n=9)
    tensors = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True))
               for W, b in params]
    a = torch.tensor(X)
    f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    for i, (W, b) in enumerate(tensors):
        a = a @ W + b
        if i < len(tensors) - 1:
            a = f(a)
    torch.nn.functional.cross_entropy(a, torch.tensor(y)).backward()
    reference = [(W.grad.numpy(), b.grad.numpy()) for W, b in tensors]
    assert backprop.max_relative_error(backprop.backward(params, X, y, activation),
                                       reference) < 1e-10


def test_loss_and_gradients_report_the_same_loss_as_loss():
    params, X, y = small_problem()
    value, _ = backprop._loss_and_gradients(params, X, y, "sigmoid")
    assert value == pytest.approx(backprop.loss(params, X, y, "sigmoid"))


def test_gradient_descent_with_a_hidden_layer_solves_xor():
    X, y = data.make_2d("xor", n_samples=200, seed=0)
    run = backprop.fit(X, y, hidden=8, activation="tanh", lr=1.0, steps=600, seed=0)
    y_hat, _, _ = backprop.forward(run["params"], X, "tanh")
    assert np.mean(y_hat.argmax(1) == y) > 0.95
    assert run["losses"][-1] < 0.2 * run["losses"][0]


def test_fit_records_snapshots_at_the_requested_steps():
    X, y = data.make_2d("moons", n_samples=50, seed=0)
    run = backprop.fit(X, y, hidden=3, steps=100, record_every=40)
    assert [step for step, _ in run["snapshots"]] == [0, 40, 80, 100]
    assert len(run["losses"]) == 101


def test_probability_grid_has_the_requested_resolution_and_probabilities():
    params = backprop.init_params([2, 4, 2], seed=1)
    grid = backprop.probability_grid(params, "tanh", resolution=11)
    assert grid["proba"].shape == (11, 11)
    assert np.all((grid["proba"] >= 0) & (grid["proba"] <= 1))


def test_unknown_activation_lists_the_allowed_ones():
    params, X, y = small_problem()
    with pytest.raises(ValueError, match="'sigmoid', 'tanh', 'relu'"):
        backprop.backward(params, X, y, "softplus")


def test_init_params_needs_an_input_and_an_output_size():
    with pytest.raises(ValueError, match="at least an input and an output"):
        backprop.init_params([3])


XOR_CORNERS = np.array([[-1, -1], [1, 1], [-1, 1], [1, -1]])
XOR_CORNER_CLASS = np.array([0, 0, 1, 1])


@pytest.mark.parametrize("seed", range(5))
def test_hidden_units_trained_on_xor_are_corner_detectors(seed):
    # What notebook 02 shows for one run: every hidden unit with a strong vote cuts off one
    # corner along a line x2 = +-x1 + c, and votes for that corner's class.
    X, y = data.make_2d("xor", n_samples=300, seed=0)
    run = backprop.fit(X, y, hidden=8, activation="sigmoid", lr=2.0, steps=1500, seed=seed)
    (W1, b1), (W2, _) = run["params"]
    vote = W2[:, 1] - W2[:, 0]
    strong = np.flatnonzero(np.abs(vote) >= 0.25 * np.abs(vote).max())
    assert len(strong) >= 2
    for j in strong:
        on = XOR_CORNERS @ W1[:, j] + b1[j] > 0
        assert on.sum() in (1, 3)
        alone = np.flatnonzero(on if on.sum() == 1 else ~on)[0]
        vote_for_it = vote[j] if on.sum() == 1 else -vote[j]
        assert np.sign(vote_for_it) == (1 if XOR_CORNER_CLASS[alone] else -1)
        angle = np.degrees(np.arctan2(W1[1, j], W1[0, j])) % 180
        assert min(abs(angle - 45), abs(angle - 135)) < 10


def test_the_sigmoid_activation_is_neurons_sigmoid():
    from dlfaq.learn import neuron

    z = np.linspace(-40, 40, 81)
    np.testing.assert_array_equal(backprop.activate(z, "sigmoid"), neuron.sigmoid(z))


def test_training_history_records_grids_and_accuracies_of_every_snapshot():
    X, y = data.make_2d("xor", n_samples=60, seed=0)
    history = backprop.training_history(X, y, hidden=3, lr=1.0, steps=40, record_every=15,
                                        resolution=9)
    run = backprop.fit(X, y, hidden=3, lr=1.0, steps=40, record_every=15)
    assert history["steps"] == [0, 15, 30, 40]
    np.testing.assert_array_equal(history["losses"], run["losses"])
    for (_, params), grid, accuracy in zip(run["snapshots"], history["grids"],
                                           history["accuracies"], strict=True):
        np.testing.assert_allclose(grid, backprop.probability_grid(params, "tanh",
                                                                   resolution=9)["proba"])
        y_hat, _, _ = backprop.forward(params, X, "tanh")
        assert accuracy == np.mean(y_hat.argmax(1) == y)
    view = backprop.snapshot_view(history, 20)  # the first recorded step at or after it
    assert view["step"] == 30 and len(view["losses"]) == 31
    assert view["accuracy"] == history["accuracies"][2]
    assert backprop.snapshot_view(history, 1000)["step"] == 40
    assert not history["diverged"]
