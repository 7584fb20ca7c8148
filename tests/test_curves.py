"""Curves are smoothed before they are drawn (plots draw what they are given)."""

import numpy as np
import pytest

from dlfaq import curves


def test_moving_average_is_the_mean_of_each_window_ending_at_its_step():
    smoothed = curves.moving_average([1.0, 2.0, 3.0, 4.0, 10.0], window=2)
    np.testing.assert_allclose(smoothed["value"], [1.5, 2.5, 3.5, 7.0])
    np.testing.assert_array_equal(smoothed["step"], [2, 3, 4, 5])
    assert smoothed["window"] == 2


def test_a_series_shorter_than_the_window_is_returned_as_it_is():
    smoothed = curves.moving_average([3.0, 1.0], window=10)
    np.testing.assert_array_equal(smoothed["value"], [3.0, 1.0])
    np.testing.assert_array_equal(smoothed["step"], [1, 2])
    assert smoothed["window"] == 1


def test_a_diverged_run_keeps_its_non_finite_values():
    smoothed = curves.moving_average([1.0, np.inf, 1.0, 1.0], window=2)
    assert np.isinf(smoothed["value"][:2]).all() and smoothed["value"][2] == 1.0


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="1-D"):
        curves.moving_average(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="window"):
        curves.moving_average([1.0, 2.0], window=0)
