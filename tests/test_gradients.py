"""Per-layer measurements agree with an independent hand computation on a tiny network."""

import numpy as np
import pytest
import torch

from dlfaq.learn import backprop, data, gradients, nets, train


def tiny(activation="sigmoid", **kwargs):
    model = nets.MLP(3, 2, depth=2, width=4, activation=activation, init="nielsen", seed=3,
                     **kwargs).double()
    rng = np.random.default_rng(0)
    X = rng.standard_normal((6, 3))
    y = np.array([0, 1, 1, 0, 1, 0])
    return model, X, y


def as_numpy_params(model):
    return [(layer.weight.detach().numpy().T.copy(), layer.bias.detach().numpy().copy())
            for layer in model.linears]


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_gradient_norms_match_the_numpy_backprop_reference(activation):
    model, X, y = tiny(activation)
    measured = gradients.measure(model, X, y)
    reference = backprop.backward(as_numpy_params(model), X, y, activation)
    assert np.allclose(measured["weight_grad_norm"], [np.linalg.norm(dW) for dW, _ in reference])
    assert np.allclose(measured["bias_grad_norm"], [np.linalg.norm(db) for _, db in reference])
    assert measured["loss"] == pytest.approx(backprop.loss(as_numpy_params(model), X, y,
                                                           activation))


def test_activation_statistics_match_a_hand_forward_pass():
    model, X, y = tiny("tanh")
    measured = gradients.measure(model, X, y)
    _, zs, activations = backprop.forward(as_numpy_params(model), X, "tanh")
    hidden = activations[1:]
    assert np.allclose(measured["act_mean"], [a.mean() for a in hidden])
    assert np.allclose(measured["act_std"], [a.std(ddof=1) for a in hidden])
    limit = gradients.SATURATION_Z["tanh"]
    assert np.allclose(measured["saturation"], [np.mean(np.abs(z) > limit) for z in zs[:-1]])


def test_nielsen_loss_is_the_summed_binary_cross_entropy_of_sigmoid_outputs():
    model, X, y = tiny()
    measured = gradients.measure(model, X, y, loss="sigmoid")
    logits = model(torch.tensor(X)).detach().numpy()
    p = 1 / (1 + np.exp(-logits))
    one_hot = np.eye(2)[y]
    expected = -np.sum(one_hot * np.log(p) + (1 - one_hot) * np.log(1 - p)) / len(y)
    assert measured["loss"] == pytest.approx(expected)


def test_histograms_count_fractions_per_layer_and_values_beyond_the_edges():
    layers = [torch.tensor([[0.1, 0.6], [0.9, 2.0]]), torch.tensor([[-1.0, 0.2], [0.3, 0.4]])]
    hist, outside = gradients._histograms(layers, [0.0, 0.5, 1.0])
    assert np.allclose(hist[:, 0], [0.25, 0.75])  # 2.0 is counted in the last bin
    assert np.allclose(hist[:, 1], [1.0, 0.0])  # -1.0 is counted in the first
    assert np.allclose(outside, [0.25, 0.25])
    assert np.allclose(hist.sum(axis=0), 1.0)


def test_measure_leaves_grads_and_batch_norm_statistics_unchanged():
    model, X, y = tiny(batch_norm=True)
    before = [buffer.clone() for buffer in model.norms[0].buffers()][:2]
    gradients.measure(model, X, y)
    after = list(model.norms[0].buffers())[:2]
    assert all(torch.equal(a, b) for a, b in zip(before, after, strict=True))
    assert all(p.grad is None for p in model.parameters())


def test_deep_sigmoid_gradients_shrink_towards_the_input():
    digits = data.load_digits()
    model = nets.MLP(64, 10, depth=4, width=30, activation="sigmoid", init="nielsen", seed=0)
    m = gradients.measure(model, digits["X_train"][:1000], digits["y_train"][:1000],
                          loss="sigmoid")
    speed = m["bias_grad_norm"][:4]
    assert np.all(np.diff(speed) > 0)
    assert speed[-1] / speed[0] > 50


def test_recorder_collects_per_layer_norms_during_training():
    digits = data.load_digits()
    model = nets.MLP(64, 10, depth=3, width=16, seed=0)
    recorder = gradients.GradientRecorder(every=5)
    train.fit(model, digits["X_train"], digits["y_train"], steps=20, progress=False,
              callback=recorder)
    assert recorder.steps.tolist() == [0, 5, 10, 15]
    assert recorder.weight_grad_norm.shape == (4, 4)
    assert np.all(recorder.weight_grad_norm > 0)
    assert np.isnan(recorder.weight_change[0]).all() and np.all(recorder.weight_change[1:] > 0)


def test_measure_rejects_inputs_of_the_wrong_width():
    model, X, y = tiny()
    with pytest.raises(ValueError, match="X must have shape"):
        gradients.measure(model, X[:, :2], y)


def test_measure_rejects_an_unknown_loss():
    model, X, y = tiny()
    with pytest.raises(ValueError, match="'softmax', 'sigmoid'"):
        gradients.measure(model, X, y, loss="mse")


@pytest.mark.parametrize("activation, expected", [("sigmoid", (0.0, 1.0)), ("tanh", (-1.0, 1.0)),
                                                  ("relu", (0.0, 3.0))])
def test_value_range_is_fixed_per_activation_without_residuals(activation, expected):
    assert gradients.value_range(activation, False, [50.0], [10.0]) == expected


def test_value_range_with_residuals_is_a_power_of_two_holding_three_sd():
    assert gradients.value_range("tanh", True, [1.0, -5.0], [0.5, 1.0]) == (-8.0, 8.0)
    assert gradients.value_range("relu", True, [0.1], [0.1]) == (0.0, 4.0)  # at least 3
    assert gradients.value_range("sigmoid", True, [np.nan], [1.0]) == (0.0, 4096.0)


def test_layer_view_histograms_every_hidden_layer_over_its_value_range():
    model, X, y = tiny("tanh")
    view = gradients.layer_view(model, X, y, bins=8)
    measured = gradients.measure(model, X, y)
    np.testing.assert_allclose(view["weight_grad_norm"], measured["weight_grad_norm"])
    assert view["value_range"] == (-1.0, 1.0) and view["depth"] == 2
    assert view["hist"].shape == (8, 2) and np.allclose(view["hist"].sum(axis=0), 1.0)
    assert "activations" not in view
