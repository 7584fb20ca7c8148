"""Hand-engineered features: documented shapes and the invariances they are built for."""

import numpy as np
import pytest

from dlfaq.learn import features


def test_fft_features_shape_and_circular_shift_invariance():
    X = np.random.default_rng(0).normal(size=(5, 40))
    F = features.fft_features(X)
    assert F.shape == (5, 21)
    assert np.allclose(features.fft_features(np.roll(X, 7, axis=1)), F)
    assert features.fft_features(X, n_frequencies=4).shape == (5, 4)


def test_fft_features_validate_the_number_of_frequencies():
    with pytest.raises(ValueError, match="n_frequencies must be <= 21"):
        features.fft_features(np.zeros((2, 40)), n_frequencies=22)


def test_gradient_histograms_shape_and_unit_length():
    images = np.random.default_rng(1).random((3, 8, 8))
    H = features.gradient_histograms(images, cell_size=4, n_bins=9)
    assert H.shape == (3, 2 * 2 * 9)
    assert np.allclose(np.linalg.norm(H, axis=1), 1)


def test_gradient_histograms_put_a_vertical_edge_in_the_horizontal_gradient_bin():
    image = np.zeros((1, 8, 8))
    image[0, :, 4:] = 1.0  # brightness changes along x: gradient orientation 0
    H = features.gradient_histograms(image, cell_size=8, n_bins=4)
    assert H[0].argmax() == 0 and np.allclose(H[0, 1:], 0)


def test_gradient_histograms_are_contrast_invariant():
    images = np.random.default_rng(2).random((2, 8, 8))
    assert np.allclose(features.gradient_histograms(3 * images),
                       features.gradient_histograms(images))


def test_gradient_histograms_reject_flat_input():
    with pytest.raises(ValueError, match="images must be 3-D"):
        features.gradient_histograms(np.zeros((8, 8)))


def test_random_conv_features_are_torch_conv1d_pooled_to_max_and_ppv():
    import torch

    X = np.random.default_rng(3).normal(size=(6, 40))
    kernels = features.random_kernels(5, length=40, seed=1)
    F = features.random_conv_features(X, kernels)
    assert F.shape == (6, 10)
    for i in range(5):
        w, b = kernels["weights"][i], kernels["bias"][i]
        conv = torch.nn.functional.conv1d(
            torch.tensor(X)[:, None], torch.tensor(w)[None, None],
            torch.tensor([b], dtype=torch.float64), padding=kernels["padding"][i],
            dilation=kernels["dilation"][i])[:, 0].numpy()
        assert np.allclose(F[:, 2 * i], conv.max(axis=1))
        assert np.allclose(F[:, 2 * i + 1], (conv > 0).mean(axis=1))


def test_random_kernels_fit_the_series_and_are_centred():
    kernels = features.random_kernels(50, length=40, seed=0)
    for w, d in zip(kernels["weights"], kernels["dilation"], strict=True):
        assert len(w) in (7, 9, 11) and (len(w) - 1) * d < 40 and abs(w.mean()) < 1e-12


def test_random_conv_features_ignore_where_a_pattern_sits_away_from_the_edges():
    kernels = features.random_kernels(20, length=40, seed=2)
    pattern = np.random.default_rng(4).normal(size=8)
    X = np.zeros((2, 120))
    X[0, 50:58] = pattern
    X[1, 54:62] = pattern  # the same pattern, 4 samples later
    F = features.random_conv_features(X, kernels)
    assert np.allclose(F[0], F[1])
