"""The comparison-table runner of notebook 04, at tiny sizes."""

import numpy as np
import pytest

from dlfaq import tricks

KEYS = {"configuration", "train_loss", "test_accuracy", "first_layer_grad_norm", "seconds",
        "ms_per_step", "n_parameters", "depth", "device", "loss_curve", "grad_norms",
        "act_spread"}


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 6)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    return {"X_train": X[:60], "y_train": y[:60], "X_test": X[60:], "y_test": y[60:]}


@pytest.fixture(scope="module")
def rows(data):
    return tricks.compare(data=data, depth=3, width=8, steps=5, batch_size=16,
                          pretrain_steps=3, n_grad=32, progress=False)


def test_one_row_per_configuration_in_order(rows):
    assert [r["configuration"] for r in rows] == list(tricks.CONFIGURATIONS)
    assert all(set(r) == KEYS for r in rows)


def test_rows_hold_plain_numbers_in_their_ranges(rows):
    for r in rows:
        assert np.isfinite(r["train_loss"]) and r["train_loss"] > 0
        assert 0.0 <= r["test_accuracy"] <= 1.0
        assert r["first_layer_grad_norm"] >= 0 and r["seconds"] > 0 and r["ms_per_step"] > 0
        assert r["depth"] == 3 and r["device"] == "cpu"
        assert len(r["loss_curve"]) == 5 and len(r["grad_norms"]) == len(r["act_spread"]) == 3


def test_every_row_uses_the_same_net_size_except_batch_norm_parameters(rows):
    sizes = {r["configuration"]: r["n_parameters"] for r in rows}
    plain = sizes["sigmoid, Xavier"]
    assert sizes["sigmoid, Xavier + batch norm"] == plain + 3 * 2 * 8  # gamma and beta
    assert all(n == plain for name, n in sizes.items() if "batch norm" not in name)


def test_a_subset_by_name_and_custom_settings_are_accepted(data):
    rows = tricks.compare(["ReLU, He init"], data, depth=2, width=4, steps=2, progress=False)
    assert [r["configuration"] for r in rows] == ["ReLU, He init"]
    custom = {"tanh, Xavier": {"activation": "tanh", "init": "xavier"}}
    rows = tricks.compare(custom, data, depth=2, width=4, steps=2, progress=False)
    assert rows[0]["configuration"] == "tanh, Xavier"


def test_the_same_seed_gives_the_same_numbers(data):
    def run():
        return tricks.compare(["sigmoid, Xavier + pretraining"], data, depth=2, width=4,
                              steps=3, pretrain_steps=2, seed=5, progress=False)[0]
    a, b = run(), run()
    assert a["train_loss"] == b["train_loss"]
    assert a["first_layer_grad_norm"] == b["first_layer_grad_norm"]


def test_unknown_configuration_names_list_the_known_ones(data):
    with pytest.raises(ValueError, match="configuration must be one of 'sigmoid, Xavier'"):
        tricks.compare(["sigmoid"], data, steps=1, progress=False)


def test_unknown_settings_list_the_allowed_ones(data):
    with pytest.raises(ValueError, match=r"unknown setting\(s\) \['dropout'\].*'pretrain'"):
        tricks.compare({"x": {"dropout": 0.5}}, data, steps=1, progress=False)


def test_no_configuration_at_all_is_refused(data):
    with pytest.raises(ValueError, match="at least one"):
        tricks.compare([], data, steps=1, progress=False)


def test_data_without_a_test_set_is_refused(data):
    with pytest.raises(ValueError, match=r"data lacks \['X_test', 'y_test'\]"):
        tricks.compare(data={"X_train": data["X_train"], "y_train": data["y_train"]},
                       steps=1, progress=False)


def test_the_table_prints_one_line_per_row_with_coarse_numbers(rows):
    text = tricks.format_table(rows)
    assert len(text.splitlines()) == 2 + len(rows)
    assert "sigmoid, Xavier + batch norm" in text and "%" in text


def test_activation_spread_ignores_what_every_input_shares():
    import torch

    constant_per_unit = torch.arange(6.0).repeat(4, 1)  # 4 inputs, 6 units, no variation
    varying = torch.tensor([[0.0], [2.0]]).repeat(1, 3)  # std over the 2 inputs: sqrt(2)
    spread = tricks.activation_spread([constant_per_unit, varying])
    assert spread[0] == 0.0 and np.isclose(spread[1], np.sqrt(2.0))


def test_the_comparison_figure_has_one_curve_and_one_bar_per_row(rows):
    from matplotlib.figure import Figure

    from dlfaq import plots

    ax_curves, ax_bars = Figure().subplots(1, 2)
    artists = plots.plot_trick_comparison(ax_curves, ax_bars, rows, smooth=2, chance=1 / 3)
    assert len(artists["curves"]) == len(artists["bars"]) == len(rows)
    assert len(artists["chance"]) == 2
    assert artists["curves"][0].get_xdata()[-1] == len(rows[0]["loss_curve"])


def test_layer_profiles_draw_one_line_per_label_against_layer_numbers():
    from matplotlib.figure import Figure

    from dlfaq import plots

    ax = Figure().subplots()
    lines = plots.plot_layer_profiles(ax, {"a": [1.0, 0.1, 0.01], "b": [1.0, 1.0, 1.0]},
                                      ylabel="std")
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert list(lines[0].get_xdata()) == [1, 2, 3] and ax.get_yscale() == "log"
