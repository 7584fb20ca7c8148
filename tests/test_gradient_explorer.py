"""The gradient explorer (notebook 03, switches used by 04) survives every corner of its controls.

Its callback is a plain method: tests set the controls as a reader would, without a browser, and
check that nothing raises, nothing non-finite reaches the figure and no warning leaks.
"""

import itertools
import warnings

import numpy as np
import pytest

from dlfaq import explorers, plots
from dlfaq.learn import data


@pytest.fixture(scope="module")
def batch():
    digits = data.load_digits()
    return digits["X_train"][:64], digits["y_train"][:64]


@pytest.fixture
def explorer(batch):
    """A fresh explorer per test: no test sees the controls another one left."""
    return explorers.gradient_explorer(*batch)


def drawn_values(explorer):
    grad = explorer.artists["grad"]
    return np.concatenate([grad["weights"].get_ydata(), grad["biases"].get_ydata()])


def update(explorer, **values):
    """What a control change does (compute, then redraw the artists), minus the rasterising."""
    for name, value in values.items():
        explorer.controls[name].value = value  # the fixture's explorer is not observed here
    result = explorer.compute(**explorer.values())
    explorer.redraw_fn(explorer.artists, result)
    return result


@pytest.mark.slow
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_every_init_and_switch_at_the_depth_and_width_extremes_is_shown_without_warnings(
        explorer, activation):
    corners = itertools.product([1, 50], [4, 128], explorers.INIT_CHOICES.values(),
                                [False, True], [False, True])
    explorer._hold = True  # compute + redraw by hand below; no figure refresh per control
    try:
        for depth, width, init, batch_norm, residual in corners:
            setting = (depth, width, activation, init, batch_norm, residual)
            with warnings.catch_warnings(), np.errstate(all="raise"):
                warnings.simplefilter("error")
                result = update(explorer, depth=depth, width=width, activation=activation,
                                init=init, batch_norm=batch_norm, residual=residual)
            assert len(result["weight_grad_norm"]) == depth + 1, setting
            lo, hi = plots.GRAD_LIMITS
            values = drawn_values(explorer)
            assert np.all(np.isfinite(values)), setting
            assert np.all((values >= lo) & (values <= hi)), setting
            assert np.all(np.isfinite(explorer.artists["act"]["image"].get_array()[:, :depth]))
    finally:
        explorer._hold = False


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_the_most_extreme_settings_render_through_the_real_callback(explorer, activation):
    for init, switches in (("large", False), ("default", True)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = explorer.set(depth=50, width=128, activation=activation, init=init,
                                  batch_norm=switches, residual=switches)
        assert result is explorer.data and explorer.last_ms > 0
        assert not explorer.status.value.startswith("<b>Cannot show")
        assert len(result["weight_grad_norm"]) == 51
        lo, hi = plots.GRAD_LIMITS
        values = drawn_values(explorer)
        assert len(values) == 2 * 50
        assert np.all(np.isfinite(values)) and np.all((values >= lo) & (values <= hi))
        assert np.allclose(result["hist"].sum(axis=0), 1.0)


def test_deep_sigmoid_with_default_init_reports_vanished_gradients(explorer):
    result = explorer.set(depth=50, width=32, activation="sigmoid", init="default",
                          batch_norm=False, residual=False)
    assert result["weight_grad_norm"][0] < plots.GRAD_LIMITS[0]
    assert "Vanished" in explorer.status.value
    assert len(explorer.artists["grad"]["low"].get_xdata()) > 0  # triangles on the edge


def test_large_weights_with_relu_report_exploded_gradients(explorer):
    result = explorer.set(depth=50, width=32, activation="relu", init="large",
                          batch_norm=False, residual=False)
    assert result["weight_grad_norm"][0] > plots.GRAD_LIMITS[1]
    assert "Exploded" in explorer.status.value


def test_he_init_keeps_relu_gradients_within_a_few_orders_of_magnitude(explorer):
    result = explorer.set(depth=30, width=64, activation="relu", init="he",
                          batch_norm=False, residual=False)
    norms = result["weight_grad_norm"][:-1]
    assert norms.max() / norms.min() < 1e3


def test_gradient_at_layer_one_shrinks_with_depth_for_sigmoid(explorer):
    shallow = explorer.set(depth=2, width=32, activation="sigmoid", init="default",
                           batch_norm=False, residual=False)["weight_grad_norm"][0]
    deep = explorer.set(depth=20)["weight_grad_norm"][0]
    assert deep < 1e-6 * shallow


def test_batch_norm_switch_rescues_the_deep_sigmoid_gradient(explorer):
    plain = explorer.set(depth=30, width=32, activation="sigmoid", init="default",
                         batch_norm=False, residual=False)["weight_grad_norm"][0]
    normed = explorer.set(batch_norm=True)["weight_grad_norm"][0]
    assert normed > 1e6 * plain


def test_histogram_columns_are_fractions_of_each_layers_values(explorer):
    result = explorer.set(depth=12, width=16, activation="tanh", init="xavier",
                          batch_norm=False, residual=False)
    assert result["hist"].shape == (40, 12)
    assert np.allclose(result["hist"].sum(axis=0), 1.0)
    assert result["value_range"] == (-1.0, 1.0)


def test_updates_blit_artists_instead_of_redrawing_the_figure(explorer):
    explorer.set(depth=10, activation="sigmoid", init="default", batch_norm=False,
                 residual=False)
    changed = explorer.redraw_fn(explorer.artists, explorer.compute(**explorer.values()))
    # fixed limits: redraw names the artists it changed (None would ask for a full redraw), the
    # gradient lines and the histograms among them, and refresh drew them as blitted artists
    assert changed is not None, "redraw asked for a full redraw"
    grad, act = explorer.artists["grad"], explorer.artists["act"]
    moved = (grad["weights"], grad["biases"], act["image"], act["mean"])
    assert {id(a) for a in moved} <= {id(a) for a in changed}
    assert all(a.figure is explorer.fig and a.get_animated() for a in changed)


def test_the_figure_pixels_change_when_the_depth_changes(explorer):
    explorer.set(depth=5, activation="sigmoid", init="default", batch_norm=False,
                 residual=False)
    before = np.asarray(explorer.fig.canvas.buffer_rgba()).copy()
    explorer.set(depth=40)
    after = np.asarray(explorer.fig.canvas.buffer_rgba())
    assert (before != after).any(axis=2).mean() > 0.02


def test_bad_constructor_arguments_are_named():
    with pytest.raises(ValueError, match="init must be one of"):
        explorers.gradient_explorer(init="orthogonal")
    with pytest.raises(ValueError, match="depth must be <= 50"):
        explorers.gradient_explorer(depth=60)


def test_the_explorer_data_are_what_gradients_measures(explorer, batch):
    from dlfaq.learn import gradients, nets

    result = explorer.set(depth=7, width=16, activation="tanh", init="xavier",
                          batch_norm=False, residual=True)
    model = nets.MLP(64, 10, depth=7, width=16, activation="tanh", init="xavier",
                     residual=True, seed=0).double()
    expected = gradients.measure(model, *batch)
    np.testing.assert_allclose(result["weight_grad_norm"], expected["weight_grad_norm"])
    low, high = result["value_range"]
    assert low == -high and high >= 1 and np.log2(high) == int(np.log2(high))
    assert high >= np.max(np.abs(expected["act_mean"]) + 3 * expected["act_std"])


def test_hidden_layer_explorer_retrains_and_scrubs_through_training():
    explorer = explorers.hidden_layer_explorer("xor", hidden=4, steps=200, record_every=20)
    end = explorer.set(step=200)
    assert end["step"] == 200 and 0.5 < end["accuracy"] <= 1
    start = explorer.set(step=0)
    assert start["step"] == 0 and not np.allclose(start["proba"], end["proba"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in ("moons", "spirals", "circles"):
            for hidden, lr in ((1, 0.01), (64, 10.0)):
                result = explorer.set(data=name, hidden=hidden, lr=lr, step=200)
                assert np.all(np.isfinite(result["proba"]))
