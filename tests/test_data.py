"""Data sets: offline, seeded, the shapes the notebooks expect."""

import random

import numpy as np
import pytest

from dlfaq import data


@pytest.mark.parametrize("name", data.TOY_SETS)
def test_toy_sets_have_two_balanced_classes_and_are_seeded(name):
    X, y = data.make_2d(name, n_samples=400, seed=5)
    assert X.shape == (400, 2) and y.shape == (400,)
    assert set(np.unique(y)) == {0, 1}
    assert 0.4 < y.mean() < 0.6
    X_again, _ = data.make_2d(name, n_samples=400, seed=5)
    X_other, _ = data.make_2d(name, n_samples=400, seed=6)
    assert np.array_equal(X, X_again)
    assert not np.array_equal(X, X_other)


def test_make_2d_lists_the_allowed_names():
    with pytest.raises(ValueError, match="name must be one of 'blobs', 'xor'"):
        data.make_2d("swiss roll")


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"n_samples": 2}, ValueError, "n_samples must be >= 4"),
        ({"noise": -0.1}, ValueError, "noise must be >= 0"),
        ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ],
)
def test_make_2d_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.make_2d("moons", **kwargs)


def test_digits_split_is_stratified_and_scaled():
    d = data.load_digits(test_size=0.25, seed=0)
    assert d["X_train"].shape[1] == 64 and d["images_test"].shape[1:] == (8, 8)
    assert d["X_train"].min() >= 0 and d["X_train"].max() <= 1
    assert len(d["X_test"]) == pytest.approx(0.25 * 1797, abs=2)
    assert set(np.unique(d["y_test"])) == set(range(10))


def test_digits_rejects_a_test_size_of_one():
    with pytest.raises(ValueError, match="test_size must be < 1"):
        data.load_digits(test_size=1.0)


def test_mnist1d_is_generated_locally_and_leaves_global_rng_alone():
    random.seed(123)
    np.random.seed(123)
    expected_py, expected_np = random.random(), np.random.rand()
    random.seed(123)
    np.random.seed(123)
    d = data.load_mnist1d()
    assert random.random() == expected_py and np.random.rand() == expected_np
    assert d["X_train"].shape == (4000, 40) and d["X_test"].shape == (1000, 40)
    assert set(np.unique(d["y_train"])) == set(range(10))
