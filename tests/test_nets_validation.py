"""The builder refuses impossible settings of notebook 04's switches, saying why."""

import itertools

import numpy as np
import pytest
import torch

from dlfaq import nets


@pytest.mark.parametrize("name", ["ReLU", "Sigmoid", "leaky_relu", ""])
def test_activation_names_are_exact_and_the_message_lists_the_allowed_ones(name):
    with pytest.raises(ValueError, match="activation must be one of 'sigmoid', 'tanh', 'relu'"):
        nets.MLP(4, 3, activation=name)


@pytest.mark.parametrize("name", ["kaiming", "glorot", "He", None])
def test_init_aliases_from_the_literature_are_refused_with_the_menu(name):
    with pytest.raises(ValueError, match="init must be one of .*'xavier', 'he'"):
        nets.MLP(4, 3, init=name)


def test_residual_needs_one_width_and_says_a_skip_adds_input_to_output():
    with pytest.raises(ValueError, match=r"\[16, 8, 16\].*skip connection adds"):
        nets.MLP(4, 3, depth=3, width=[16, 8, 16], residual=True)


def test_residual_with_one_width_given_as_a_list_is_allowed():
    model = nets.MLP(4, 3, depth=3, width=[8, 8, 8], residual=True)
    assert model(torch.zeros(2, 4)).shape == (2, 3)


@pytest.mark.parametrize("switch", ["batch_norm", "residual"])
@pytest.mark.parametrize("value", ["False", 1, None])
def test_switches_must_be_true_or_false(switch, value):
    with pytest.raises(TypeError, match=f"{switch} must be True or False"):
        nets.MLP(4, 3, **{switch: value})


def test_numpy_booleans_count_as_switches():
    assert nets.MLP(4, 3, batch_norm=np.bool_(True)).config["batch_norm"] is True


@pytest.mark.parametrize(("name", "value", "error"), [
    ("depth", 2.5, TypeError), ("depth", True, TypeError), ("width", "32", TypeError),
    ("residual_scale", 1.5, ValueError), ("residual_scale", float("nan"), ValueError),
    ("seed", -1, ValueError),
])
def test_bad_numbers_name_the_parameter(name, value, error):
    with pytest.raises(error, match=name):
        nets.MLP(4, 3, **{name: value})


def test_every_combination_of_notebook_04s_switches_builds_and_runs():
    X = torch.randn(8, 4)
    for activation, init, batch_norm, residual in itertools.product(
            nets.ACTIVATIONS, nets.INITS, [False, True], [False, True]):
        model = nets.MLP(4, 3, depth=4, width=8, activation=activation, init=init,
                         batch_norm=batch_norm, residual=residual, residual_scale=0.1)
        assert model(X).shape == (8, 3), (activation, init, batch_norm, residual)
