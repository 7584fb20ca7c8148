"""dlfaq.learn.depth: Telgarsky's sawtooth, built deep and fitted shallow."""

import numpy as np
import pytest
import torch

from dlfaq.learn import depth


def test_the_sawtooth_has_2_to_the_k_pieces():
    x = np.linspace(0, 1, 1025)
    for k in (1, 3, 5):
        assert depth.count_pieces(depth.sawtooth(x, k), x) == 2 ** k


def test_the_deep_net_with_k_layers_of_two_units_is_the_sawtooth_exactly():
    x = np.linspace(0, 1, 513)
    net = depth.deep_sawtooth_net(4)
    with torch.no_grad():
        y = net(torch.tensor(x)[:, None])[:, 0].numpy()
    np.testing.assert_allclose(y, depth.sawtooth(x, 4), atol=1e-12)
    assert sum(isinstance(m, torch.nn.ReLU) for m in net) == 4


def test_a_shallow_net_needs_2_to_the_k_units_to_be_exact():
    rows = {r["width"]: r for r in depth.shallow_fits(3, widths=(4, 8), n_points=257)}
    assert rows[4]["mse"] > 0.01 and rows[8]["mse"] < 1e-20
    assert all(r["pieces"] <= r["max_pieces"] == r["width"] + 1 for r in rows.values())


def test_count_pieces_of_a_line_is_one():
    x = np.linspace(0, 1, 11)
    assert depth.count_pieces(3 * x + 1, x) == 1


def test_k_must_be_a_positive_int():
    with pytest.raises(ValueError, match="k"):
        depth.sawtooth(np.linspace(0, 1, 5), 0)
