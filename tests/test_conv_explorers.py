"""The ConvNet explorers of notebook 05, driven as a reader would: every control to its ends."""

import numpy as np
import pytest

from dlfaq import explorers
from dlfaq.learn import convnets, data


@pytest.fixture(scope="module")
def digits():
    return data.load_digits()


@pytest.fixture
def digit(digits):
    return digits["images_train"][0].copy()  # each test its own copy, each its own explorer


@pytest.fixture
def field_explorer(digit):
    return explorers.receptive_field_explorer(digit)


def test_receptive_field_explorer_unit_is_the_conv_sum_of_its_window(field_explorer, digit):
    result = field_explorer.set(row=1, col=4, kernel_size=3, kind="vertical edge")
    window = digit[1:4, 4:7]
    assert result["value"] == pytest.approx(np.sum(window * result["kernel"]))
    assert result["feature_map"][1, 4] == pytest.approx(result["value"])


@pytest.mark.parametrize("name", ["row", "col", "kernel_size"])
def test_receptive_field_explorer_survives_every_slider_extreme(field_explorer, name):
    control = field_explorer.controls[name]
    for value in (control.min, control.max):
        result = field_explorer.set(**{name: value})
        assert result is field_explorer.data
        assert not field_explorer.status.value.startswith("<b>Cannot show")
        k = result["kernel_size"]
        assert result["feature_map"].shape == (9 - k, 9 - k)
        row, col = result["corner"]
        assert 0 <= row < 9 - k and 0 <= col < 9 - k, "the unit lies inside the map"
        assert result["value"] == pytest.approx(result["feature_map"][row, col])


def test_receptive_field_explorer_holds_the_window_inside_the_image(field_explorer):
    result = field_explorer.set(row=7, col=7, kernel_size=8)
    assert result["corner"] == (0, 0) and result["feature_map"].shape == (1, 1)
    assert "held at (0, 0)" in field_explorer.status.value


@pytest.mark.parametrize("kind", convnets.KERNEL_KINDS)
def test_receptive_field_explorer_every_kernel_kind_at_size_one(field_explorer, digit, kind):
    result = field_explorer.set(kind=kind, kernel_size=1, row=2, col=5)
    assert result["kernel"].shape == (1, 1)
    assert np.allclose(result["feature_map"], digit * result["kernel"][0, 0])
    assert result["value"] == pytest.approx(digit[2, 5] * result["kernel"][0, 0])


def test_receptive_field_explorer_figure_changes_when_the_window_moves(field_explorer):
    field_explorer.fig.canvas.draw()
    before = np.asarray(field_explorer.fig.canvas.buffer_rgba()).copy()
    field_explorer.set(row=4, col=0)
    after = np.asarray(field_explorer.fig.canvas.buffer_rgba())
    assert (before != after).any(axis=2).mean() > 0.002


@pytest.fixture
def pool_explorer(digit):
    return explorers.pooling_explorer(digit, convnets.edge_kernels()["vertical edge"])


@pytest.mark.parametrize("mode", ["max", "average"])
def test_pooling_explorer_survives_every_setting(pool_explorer, mode):
    for size in (pool_explorer.controls["size"].min, pool_explorer.controls["size"].max):
        for shift in (-3, 0, 3):
            result = pool_explorer.set(size=size, mode=mode, shift=shift)
            assert result is pool_explorer.data
            assert result["pooled"].shape == (8 // size, 8 // size)
            assert np.allclose(result["pooled"], convnets.pool2d(result["feature_map"], size,
                                                                 mode))
            assert (result["change_map"] == 0) == (shift == 0)


def test_pooling_explorer_reports_how_much_each_map_moved(pool_explorer, digit):
    kernel = convnets.edge_kernels()["vertical edge"]
    result = pool_explorer.set(shift=1, size=4, mode="max")

    def fmap(image):
        return convnets.correlate2d(np.pad(image, 1), kernel)

    before, after = fmap(digit), fmap(convnets.shift_image(digit, 0, 1))
    assert result["change_map"] == pytest.approx(convnets.relative_change(after, before))
    assert result["change_pooled"] == pytest.approx(convnets.relative_change(
        convnets.pool2d(after, 4, "max"), convnets.pool2d(before, 4, "max")))
    assert 0 < result["change_pooled"] < result["change_map"], "pooling absorbs part of it"
    assert (f"feature map changed by {result['change_map']:.0%}, the pooled map by "
            f"{result['change_pooled']:.0%}") in pool_explorer.status.value


def test_pooling_explorer_rejects_an_even_kernel(digit):
    with pytest.raises(ValueError, match="odd side"):
        explorers.pooling_explorer(digit, np.ones((2, 2)))


def test_square_kernel_validates_kind():
    with pytest.raises(ValueError, match="kind must be one of"):
        convnets.square_kernel("laplace", 3)
