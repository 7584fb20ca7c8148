"""Hand-engineered features: documented shapes and the invariances they are built for."""

import numpy as np
import pytest

from dlfaq import features


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
