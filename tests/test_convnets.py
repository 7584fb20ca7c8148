"""ConvNet builders and the NumPy conv/pool helpers, with torch as the reference."""

import numpy as np
import pytest
import torch

from dlfaq.learn import convnets


def test_correlate2d_matches_torch_conv2d():
    rng = np.random.default_rng(0)
    image, kernel = rng.normal(size=(8, 9)), rng.normal(size=(3, 4))
    expected = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                          torch.tensor(kernel)[None, None])[0, 0].numpy()
    assert np.allclose(convnets.correlate2d(image, kernel), expected)


def test_correlate2d_rejects_a_kernel_larger_than_the_image():
    with pytest.raises(ValueError, match="larger than image"):
        convnets.correlate2d(np.zeros((3, 3)), np.zeros((4, 1)))


@pytest.mark.parametrize("mode, torch_pool", [("max", torch.nn.functional.max_pool2d),
                                              ("average", torch.nn.functional.avg_pool2d)])
def test_pool2d_matches_torch_and_drops_incomplete_windows(mode, torch_pool):
    x = np.random.default_rng(1).normal(size=(7, 9))
    expected = torch_pool(torch.tensor(x)[None, None], 2)[0, 0].numpy()
    assert convnets.pool2d(x, 2, mode).shape == (3, 4)
    assert np.allclose(convnets.pool2d(x, 2, mode), expected)


def test_pool2d_rejects_unknown_mode_and_oversized_window():
    with pytest.raises(ValueError, match="mode must be one of"):
        convnets.pool2d(np.zeros((4, 4)), 2, "median")
    with pytest.raises(ValueError, match="size must be <= 4"):
        convnets.pool2d(np.zeros((4, 4)), 5)


def test_receptive_field_of_a_unit_is_its_kernel_window():
    field = convnets.receptive_field(2, 3, 3, (8, 8))
    assert field["map_shape"] == (6, 6)
    assert (field["rows"], field["cols"]) == (slice(2, 5), slice(3, 6))
    with pytest.raises(ValueError, match="col must be <= 5"):
        convnets.receptive_field(0, 6, 3, (8, 8))


def test_shifting_the_input_shifts_the_feature_map_away_from_borders():
    rng = np.random.default_rng(2)
    image, kernel = rng.random((10, 10)), rng.normal(size=(3, 3))
    fmap = convnets.correlate2d(image, kernel)
    shifted = convnets.correlate2d(convnets.shift_image(image, 1, 2), kernel)
    assert np.allclose(shifted[1:, 2:], fmap[:-1, :-2])


def test_shift_image_fills_with_zeros_and_keeps_shape():
    image = np.arange(9.0).reshape(3, 3)
    assert np.array_equal(convnets.shift_image(image, 0, 1), [[0, 0, 1], [0, 3, 4], [0, 6, 7]])
    assert not convnets.shift_image(image, 5, 0).any()


def test_zoom_by_one_is_the_identity_and_zoom_keeps_shape():
    image = np.random.default_rng(3).random((8, 8))
    assert np.allclose(convnets.zoom_image(image, 1.0), image)
    assert convnets.zoom_image(image, 1.5).shape == (8, 8)
    with pytest.raises(ValueError, match="factor must be > 0"):
        convnets.zoom_image(image, 0)


def test_conv_parameters_agree_with_torch_layers():
    counts = convnets.conv_parameters((8, 8), out_channels=16, kernel_size=3)
    conv = torch.nn.Conv2d(1, 16, 3)
    dense = torch.nn.Linear(64, 16 * 6 * 6)
    assert counts["conv"] == sum(p.numel() for p in conv.parameters())
    assert counts["dense"] == sum(p.numel() for p in dense.parameters())
    assert counts["out_shape"] == (16, 6, 6)


def test_locally_connected_count_is_one_window_of_weights_per_output_unit():
    counts = convnets.conv_parameters((8, 8), out_channels=16, kernel_size=3)
    windows = torch.nn.functional.unfold(torch.zeros(1, 1, 8, 8), 3)  # (1, 9 pixels, 36 places)
    assert counts["locally_connected"] == 16 * windows.shape[2] * (windows.shape[1] + 1) == 5760
    assert counts["dense"] == 37_440 and counts["conv"] == 160
    two_channels = convnets.conv_parameters((8, 8), out_channels=4, kernel_size=3, in_channels=2)
    assert two_channels["locally_connected"] == 4 * 36 * (2 * 9 + 1)


@pytest.mark.parametrize("builder, x", [(convnets.ConvNet2D, torch.zeros(5, 64)),
                                        (convnets.ConvNet2D, torch.zeros(5, 1, 8, 8)),
                                        (convnets.ConvNet1D, torch.zeros(5, 40))])
def test_convnets_give_logits_per_class(builder, x):
    assert builder(seed=0)(x).shape == (5, 10)


def test_convnet_weights_depend_only_on_the_seed():
    state = torch.get_rng_state()
    a, b = convnets.ConvNet1D(seed=3), convnets.ConvNet1D(seed=3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))
    assert not torch.equal(a.convs[0].weight, convnets.ConvNet1D(seed=4).convs[0].weight)
    assert torch.equal(state, torch.get_rng_state()), "global RNG untouched"


def test_convnet1d_feature_lengths_follow_the_strides():
    maps = convnets.ConvNet1D(length=40, channels=7).features(torch.zeros(2, 40))
    assert [tuple(m.shape) for m in maps] == [(2, 7, 19), (2, 7, 10), (2, 7, 5)]


@pytest.mark.parametrize("kwargs, match", [({"channels": 0}, "channels must be >= 1"),
                                           ({"seed": -1}, "seed must be >= 0")])
def test_convnet_builders_validate_their_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        convnets.ConvNet2D(**kwargs)
    with pytest.raises(ValueError, match=match):
        convnets.ConvNet1D(**kwargs)


def test_edge_kernels_respond_to_edges_of_their_orientation():
    image = np.zeros((6, 6))
    image[:, 3:] = 1.0  # a vertical edge
    kernels = convnets.edge_kernels()
    assert np.abs(convnets.correlate2d(image, kernels["vertical edge"])).max() > 1
    assert np.allclose(convnets.correlate2d(image, kernels["horizontal edge"]), 0)


def test_relative_change_is_the_l2_distance_over_the_old_norm():
    old, new = np.array([[3.0, 0.0], [0.0, 4.0]]), np.array([[3.0, 1.0], [0.0, 4.0]])
    assert convnets.relative_change(new, old) == pytest.approx(1 / 5)
    assert convnets.relative_change(old, old) == 0.0
    assert convnets.relative_change(np.ones(2), np.zeros(2)) == pytest.approx(np.sqrt(2) / 1e-12)
    with pytest.raises(ValueError, match="same shape"):
        convnets.relative_change(np.ones(3), np.ones(2))


def test_pooling_view_pools_the_same_padded_map_and_measures_the_shift():
    rng = np.random.default_rng(0)
    image, kernel = rng.random((8, 8)), convnets.edge_kernels()["vertical edge"]
    view = convnets.pooling_view(image, kernel, size=2, mode="average", shift=-2)
    fmap = convnets.correlate2d(np.pad(convnets.shift_image(image, 0, -2), 1), kernel)
    reference = convnets.correlate2d(np.pad(image, 1), kernel)
    np.testing.assert_allclose(view["feature_map"], fmap)
    np.testing.assert_allclose(view["pooled"], convnets.pool2d(fmap, 2, "average"))
    assert view["change_map"] == pytest.approx(convnets.relative_change(fmap, reference))
    unshifted = convnets.pooling_view(image, kernel, size=2, mode="average", shift=0)
    assert unshifted["change_map"] == unshifted["change_pooled"] == 0.0
    with pytest.raises(ValueError, match="odd side"):
        convnets.pooling_view(image, np.ones((2, 2)))
