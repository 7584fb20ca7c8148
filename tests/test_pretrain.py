"""Greedy layer-wise denoising-autoencoder pretraining: what it changes, what it refuses."""

import numpy as np
import pytest
import torch

from dlfaq.learn import nets
from dlfaq.learn.pretrain import pretrain_layerwise, standardise_layerwise


@pytest.fixture
def X():
    return np.random.default_rng(0).normal(size=(64, 6)).astype(np.float32)


def small_net(**kwargs):
    return nets.MLP(6, 3, depth=3, width=5, activation="sigmoid", init="xavier", **kwargs)


def test_returns_one_loss_curve_per_hidden_layer(X):
    result = pretrain_layerwise(small_net(), X, steps_per_layer=7, batch_size=16,
                                progress=False)
    assert result["history"].shape == (3, 7)
    assert np.all(np.isfinite(result["history"])) and result["train_seconds"] >= 0
    assert result["device"] == "cpu"


def test_changes_the_hidden_layers_and_leaves_the_output_layer(X):
    model = small_net()
    before = [layer.weight.detach().clone() for layer in model.linears]
    pretrain_layerwise(model, X, steps_per_layer=5, batch_size=16, progress=False)
    after = [layer.weight.detach() for layer in model.linears]
    assert all(not torch.equal(b, a) for b, a in zip(before[:-1], after[:-1], strict=True))
    assert torch.equal(before[-1], after[-1])


def test_reconstruction_loss_falls_during_a_layers_training(X):
    result = pretrain_layerwise(small_net(), X, steps_per_layer=200, batch_size=64,
                                corruption=0.0, progress=False)
    first = result["history"][0]
    assert first[-20:].mean() < 0.8 * first[:5].mean()


def test_keeps_the_codes_of_a_deep_sigmoid_stack_alive(X):
    # from Xavier init the codes of a 12-layer sigmoid stack barely vary at the top;
    # each autoencoder must keep its input's variation to reconstruct it
    model = nets.MLP(6, 3, depth=12, width=8, activation="sigmoid", init="xavier")
    _, before = model(torch.as_tensor(X), return_activations=True)
    pretrain_layerwise(model, X, steps_per_layer=60, batch_size=32, progress=False)
    _, after = model(torch.as_tensor(X), return_activations=True)
    assert after[-1].std(0).mean() > 10 * before[-1].std(0).mean()


def test_the_same_seed_gives_the_same_weights(X):
    a, b = small_net(), small_net()
    for model in (a, b):
        pretrain_layerwise(model, X, steps_per_layer=4, batch_size=8, seed=3, progress=False)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))


@pytest.mark.parametrize("switch", ["batch_norm", "residual"])
def test_refuses_nets_with_batch_norm_or_residual_connections(X, switch):
    model = nets.MLP(6, 3, depth=3, width=5, **{switch: True})
    with pytest.raises(ValueError, match="plain stack"):
        pretrain_layerwise(model, X, steps_per_layer=2, progress=False)


def test_refuses_inputs_of_the_wrong_width(X):
    with pytest.raises(ValueError, match="X must have shape"):
        pretrain_layerwise(small_net(), X[:, :4], progress=False)


@pytest.mark.parametrize(("name", "value"), [("steps_per_layer", -1), ("batch_size", 0),
                                             ("corruption", 1.0), ("lr", 0.0)])
def test_bad_settings_name_the_parameter(X, name, value):
    with pytest.raises(ValueError, match=name):
        pretrain_layerwise(small_net(), X, progress=False, **{name: value})


def test_refuses_models_that_are_not_dlfaq_mlps(X):
    with pytest.raises(TypeError, match="dlfaq.learn.nets.MLP"):
        pretrain_layerwise(torch.nn.Linear(6, 3), X, progress=False)


def test_standardisation_only_folds_each_layers_input_scaling_into_its_random_weights(X):
    model = small_net()
    W, b = model.hidden[0].weight.detach().clone(), model.hidden[0].bias.detach().clone()
    result = standardise_layerwise(model, X)
    assert result["history"].shape == (3, 0)
    x = torch.as_tensor(X)
    z = (x - x.mean(0)) / x.std(0)
    assert torch.allclose(model.hidden[0](x), z @ W.T + b, atol=1e-5)


def test_standardisation_only_puts_every_layers_input_back_at_unit_scale(X):
    from dlfaq.learn.pretrain import MIN_STD

    model = nets.MLP(6, 3, depth=12, width=8, activation="sigmoid", init="xavier")
    random = [(layer.weight.detach().clone(), layer.bias.detach().clone())
              for layer in model.hidden]
    before = model.out.weight.detach().clone()
    standardise_layerwise(model, X)
    with torch.no_grad():
        _, hidden = model(torch.as_tensor(X), return_activations=True)
        inputs = [torch.as_tensor(X), *hidden[:-1]]
        for layer, h, (W, b) in zip(model.hidden, inputs, random, strict=True):
            standardised = (h - h.mean(0)) / h.std(0).clamp_min(MIN_STD)
            assert torch.allclose(layer(h), standardised @ W.T + b, atol=1e-4)
    assert hidden[-1].std(0).mean() > 0.05, "the signal reaches layer 12"
    assert torch.equal(before, model.out.weight), "the output layer is left alone"
