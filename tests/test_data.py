"""Data sets: offline, seeded, the shapes the notebooks expect."""

import random

import numpy as np
import pytest

from dlfaq.learn import data


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



def test_shifted_patterns_are_one_pattern_per_class_at_random_positions():
    X, y = data.shifted_patterns(400, length=32, seed=3)
    assert X.shape == (400, 32) and np.array_equal(np.bincount(y), [100] * 4)
    assert np.array_equal(X, data.shifted_patterns(400, length=32, seed=3)[0])
    assert not np.array_equal(X, data.shifted_patterns(400, length=32, seed=4)[0])
    # a shift leaves a pattern's Fourier magnitudes alone: within a class they agree up to the
    # noise, between classes they differ
    magnitudes = np.abs(np.fft.rfft(X, axis=1))
    centres = np.stack([magnitudes[y == c].mean(axis=0) for c in range(4)])
    nearest = np.argmin(((magnitudes[:, None] - centres[None]) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == y) > 0.95
    # while the raw samples of a class do not line up: their mean is flat, not the pattern
    assert np.abs(X[y == 0].mean(axis=0)).max() < 0.5 * np.abs(X[y == 0]).max()


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"n_samples": 3}, ValueError, "n_samples must be >= 4"),
    ({"length": 4}, ValueError, "length must be >= 8"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
])
def test_shifted_patterns_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.shifted_patterns(**kwargs)

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
    d = data._generate_mnist1d()  # make_dataset reseeds the global generators
    _REAL.update(d)
    assert random.random() == expected_py and np.random.rand() == expected_np
    assert d["X_train"].shape == (4000, 40) and d["X_test"].shape == (1000, 40)
    assert set(np.unique(d["y_train"])) == set(range(10))
    loaded = data.load_mnist1d()
    assert loaded["X_train"].shape == (4000, 40) and loaded["X_train"].dtype == np.float32


# ---------------------------------------------------------------- the MNIST-1D cache
def test_mnist1d_args_are_the_published_ones():
    import mnist1d.data

    published = mnist1d.data.get_dataset_args(as_dict=True)
    published.pop("url")
    assert data.MNIST1D_ARGS == published


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private, empty cache folder and a counter of generations (the real data, generated
    once per test session, so these tests stay quick)."""
    monkeypatch.setenv("DLFAQ_CACHE_DIR", str(tmp_path / "cache"))
    real = _real_mnist1d()
    calls = []

    def generate():
        calls.append(1)
        return {key: value.copy() for key, value in real.items()}

    monkeypatch.setattr(data, "_generate_mnist1d", generate)
    data._mnist1d_arrays.cache_clear()
    data._digits_split.cache_clear()
    yield calls
    data._mnist1d_arrays.cache_clear()
    data._digits_split.cache_clear()


_REAL = {}


def _real_mnist1d():
    if not _REAL:
        _REAL.update(data._generate_mnist1d())
    return _REAL


def _fresh_load():
    data._mnist1d_arrays.cache_clear()  # as a new kernel
    return data.load_mnist1d()


def test_mnist1d_is_generated_once_then_read_from_the_cache(cache):
    first = _fresh_load()
    path = data.mnist1d_cache_path()
    assert path.exists() and path.parent == data.cache_dir()
    assert not list(path.parent.glob("*.tmp")), "no temporary file left behind"
    second = _fresh_load()
    assert len(cache) == 1, "the second kernel reads the file"
    for key, value in first.items():
        assert value.dtype == second[key].dtype and np.array_equal(value, second[key]), key


def test_cached_mnist1d_equals_the_generated_set(cache):
    _fresh_load()
    read = _fresh_load()
    real = _real_mnist1d()
    assert len(cache) == 1
    for key in ("X_train", "y_train", "X_test", "y_test", "t"):
        assert np.array_equal(read[key], real[key]), key


def test_a_damaged_cache_file_is_generated_again_and_repaired(cache):
    _fresh_load()
    path = data.mnist1d_cache_path()
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one flipped byte in the middle of the arrays
    path.write_bytes(bytes(raw))
    again = _fresh_load()
    assert len(cache) == 2, "a damaged file is not trusted"
    assert np.array_equal(again["X_train"], _real_mnist1d()["X_train"])
    _fresh_load()
    assert len(cache) == 2, "the damaged file was replaced by a good one"


def test_a_cache_file_with_other_content_fails_its_checksum(cache):
    _fresh_load()
    path = data.mnist1d_cache_path()
    arrays = {key: value.copy() for key, value in _real_mnist1d().items()}
    digest = data._digest(arrays)
    arrays["y_train"][0] = (arrays["y_train"][0] + 1) % 10  # a wrong label, an old checksum
    np.savez(path, sha256=np.array(digest), **arrays)
    assert _fresh_load()["y_train"][0] == _real_mnist1d()["y_train"][0]
    assert len(cache) == 2


def test_an_unwritable_cache_still_gives_the_data(cache, tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DLFAQ_CACHE_DIR", str(blocker / "cache"))
    d = _fresh_load()
    assert d["X_train"].shape == (4000, 40) and len(cache) == 1


def test_the_cache_file_name_changes_with_the_mnist1d_version(cache, monkeypatch):
    before = data.mnist1d_cache_path()
    monkeypatch.setattr(data.metadata, "version", lambda name: "99.0")
    assert data.mnist1d_cache_path() != before
    assert data.mnist1d_cache_path().parent == before.parent


def test_load_mnist1d_returns_copies(cache):
    d = _fresh_load()
    d["X_train"][0, 0] = 1e6
    assert data.load_mnist1d()["X_train"][0, 0] != 1e6


# ---------------------------------------------------------------- the digits' split, cached
def test_cached_digits_split_is_scikit_learns_split(cache, monkeypatch):
    calls = []
    split = data._split_digits
    monkeypatch.setattr(data, "_split_digits", lambda *a: calls.append(a) or split(*a))
    for test_size, seed in ((0.25, 0), (0.5, 3)):
        expected = split(test_size, seed)
        data._digits_split.cache_clear()  # as a new kernel: the first reads the file
        for _ in range(2):
            d = data.load_digits(test_size=test_size, seed=seed)
            for key, value in expected.items():
                assert d[key].dtype == value.dtype and np.array_equal(d[key], value), key
            assert np.array_equal(d["images_test"], value_images(expected["X_test"]))
            data._digits_split.cache_clear()
    assert calls == [(0.25, 0), (0.5, 3)], "split once per (test_size, seed), then read"
    assert data._digits_cache_path(0.25, 0) != data._digits_cache_path(0.25, 1)


def value_images(X):
    return X.reshape(-1, 8, 8)


def test_a_warm_cache_spares_the_kernel_scikit_learn_and_mnist1d(cache):
    import subprocess
    import sys

    data.load_digits()
    data.load_mnist1d()  # both files written into the private cache folder
    code = ("import sys\nfrom dlfaq.learn import data\ndata.load_digits(); data.load_mnist1d()\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', "
            "'mnist1d'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]", out
