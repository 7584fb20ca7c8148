"""dlfaq.studies.overfitting (dropout, random labels) and dlfaq.studies.reuse (the reuse test's
controls)."""

import numpy as np
import pytest
import torch

from dlfaq.learn import nets
from dlfaq.studies import overfitting, reuse


def test_dropout_zeroes_about_p_of_the_units_in_training_and_nothing_in_evaluation():
    layer = overfitting.SeededDropout(0.3, seed=0)
    x = torch.ones(200, 50)
    out = layer.train()(x)
    assert abs((out == 0).float().mean().item() - 0.3) < 0.03
    np.testing.assert_allclose(out[out != 0].numpy(), 1 / 0.7, rtol=1e-6)
    assert torch.equal(layer.eval()(x), x)


def test_the_same_seed_drops_the_same_units():
    x = torch.ones(4, 10)
    a = overfitting.SeededDropout(0.5, seed=3).train()(x)
    b = overfitting.SeededDropout(0.5, seed=3).train()(x)
    assert torch.equal(a, b)


def test_with_dropout_changes_training_outputs_only():
    model = nets.MLP(3, 2, depth=2, width=8)
    x = torch.randn(5, 3, generator=torch.Generator().manual_seed(0))
    before = model.eval()(x)
    overfitting.with_dropout(model, 0.5, seed=0)
    assert torch.equal(model.eval()(x), before)
    assert not torch.equal(model.train()(x), before)


def test_p_of_one_is_refused():
    with pytest.raises(ValueError, match="p must be below 1"):
        overfitting.SeededDropout(1.0)


def test_random_label_curves_train_on_shuffled_labels():
    curves = overfitting.random_label_curves("MLP", steps=20, every=10, n_train=200)
    assert curves["labels"] == "shuffled" and len(curves["train_accuracy"]) == 2


def test_reuse_controls_score_both_fixed_feature_sets():
    out = reuse.reuse_controls(n_per_class=3, n_kernels=5, seed=0)
    assert 0 <= out["random convolutions"] <= 1 and 0 <= out["untrained ConvNet"] <= 1
