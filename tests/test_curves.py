"""Curves are smoothed before they are drawn (plots draw what they are given)."""

import numpy as np
import pytest

from dlfaq.studies import curves


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


def test_nan_mean_ignores_windows_that_hang_over_the_end():
    fragments = np.array([[1.0, 2.0, np.nan], [3.0, np.nan, np.nan]])
    mean = curves.nan_mean(fragments)
    assert mean[0] == 2.0 and mean[1] == 2.0 and np.isnan(mean[2])
    with pytest.raises(ValueError, match="2-D"):
        curves.nan_mean([1.0, 2.0])


def test_means_by_averages_the_rows_of_each_setting():
    rows = [{"depth": 2, "acc": 0.5}, {"depth": 1, "acc": 0.2}, {"depth": 2, "acc": 0.7}]
    means = curves.means_by(rows, "depth", ("acc",))
    assert means["depth"] == [1, 2]
    np.testing.assert_allclose(means["acc"], [0.2, 0.6])
    with pytest.raises(ValueError, match="no \\['loss'\\]"):
        curves.means_by(rows, "depth", ("loss",))


def test_plots_draw_the_means_they_are_given():
    from matplotlib.figure import Figure

    from dlfaq import plots

    ax = Figure().subplots()
    fragments = np.array([[1.0, 2.0], [3.0, 4.0]])
    lines = plots.plot_fragments(ax, fragments, [9.0, 8.0])
    np.testing.assert_array_equal(lines[-1].get_ydata(), [9.0, 8.0])
    rows = [{"depth": 1, "width": 9, "train_accuracy": 0.5, "val_accuracy": 0.25}]
    artists = plots.plot_depth_width(ax, rows, {"depth": [1], "train_accuracy": [0.75],
                                                "val_accuracy": [0.5]})
    np.testing.assert_allclose(artists[1].get_ydata(), [75.0])
    np.testing.assert_allclose(artists[3].get_ydata(), [50.0])
