"""Data sets of the series, all made or shipped offline; nothing is ever downloaded.

- :func:`make_2d`: small 2-D problems generated in code (blobs, xor, moons, circles, spirals).
- :func:`load_digits`: scikit-learn's 8x8 handwritten digits, split into train and test.
- :func:`load_mnist1d`: MNIST-1D generated locally by the ``mnist1d`` package.

Every random choice takes ``seed=``; no global random state is left changed.
"""

from __future__ import annotations

import functools
import random

import numpy as np

from dlfaq._checks import check_choice, check_float, check_int

TOY_SETS = ("blobs", "xor", "moons", "circles", "spirals")


def make_2d(name: str, n_samples: int = 200, noise: float | None = None, seed: int = 0):
    """Return ``(X, y)``: a 2-D, two-class toy problem.

    Parameters
    ----------
    name : {"blobs", "xor", "moons", "circles", "spirals"}
        "blobs" is linearly separable; the others are not.
    n_samples : int, default 200
        Number of points (4 to 100000), split evenly between the classes.
    noise : float or None
        Standard deviation of the Gaussian jitter; None uses a default per data set.
    seed : int, default 0
        Seed of the generator: the same seed gives the same points.

    Returns
    -------
    X : ndarray of shape (n_samples, 2), float64
    y : ndarray of shape (n_samples,), int, values 0 and 1
    """
    check_choice("name", name, TOY_SETS)
    n = check_int("n_samples", n_samples, low=4, high=100_000)
    defaults = {"blobs": 0.6, "xor": 0.15, "moons": 0.15, "circles": 0.08, "spirals": 0.12}
    noise = defaults[name] if noise is None else check_float("noise", noise, low=0.0, high=10.0)
    seed = check_int("seed", seed, low=0)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    if name == "blobs":
        centres = np.array([[-1.0, -1.0], [1.0, 1.0]])
        X = centres[y] + noise * rng.standard_normal((n, 2))
    elif name == "xor":
        corners = rng.integers(0, 2, size=(n, 2))
        y = corners[:, 0] ^ corners[:, 1]
        X = (2.0 * corners - 1.0) + noise * rng.standard_normal((n, 2))
    elif name == "moons":
        t = rng.uniform(0, np.pi, n)
        upper = np.c_[np.cos(t), np.sin(t)]
        lower = np.c_[1 - np.cos(t), 0.5 - np.sin(t)]
        X = np.where(y[:, None] == 0, upper, lower) - [0.5, 0.25]
        X = X + noise * rng.standard_normal((n, 2))
    elif name == "circles":
        t = rng.uniform(0, 2 * np.pi, n)
        radius = np.where(y == 0, 1.0, 0.5)
        X = radius[:, None] * np.c_[np.cos(t), np.sin(t)] + noise * rng.standard_normal((n, 2))
    else:  # spirals: two interleaved arms
        t = np.sqrt(rng.uniform(0, 1, n)) * 3 * np.pi
        arm = np.c_[t * np.cos(t), t * np.sin(t)] / (3 * np.pi)
        X = np.where(y[:, None] == 0, arm, -arm) + noise * rng.standard_normal((n, 2))
    return X.astype(np.float64), y.astype(int)


def load_digits(test_size: float = 0.25, seed: int = 0) -> dict:
    """Return scikit-learn's 8x8 digits split into train and test, stratified.

    Returns a dict with ``X_train``, ``X_test`` (n, 64) float in [0, 1], ``y_train``,
    ``y_test`` (n,) int, ``images_train``, ``images_test`` (n, 8, 8).
    """
    from sklearn.datasets import load_digits as sk_load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_float("test_size", test_size, low=0.0, high=1.0, low_inclusive=False)
    if test_size >= 1.0:
        raise ValueError(f"test_size must be < 1, got {test_size!r}")
    seed = check_int("seed", seed, low=0)
    digits = sk_load_digits()
    X = digits.data / 16.0
    X_train, X_test, y_train, y_test = train_test_split(
        X, digits.target, test_size=test_size, random_state=seed, stratify=digits.target
    )
    return {
        "X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test,
        "images_train": X_train.reshape(-1, 8, 8), "images_test": X_test.reshape(-1, 8, 8),
    }


@functools.lru_cache(maxsize=1)
def _mnist1d_arrays():
    import mnist1d.data

    # make_dataset reseeds Python's and NumPy's global generators: put them back afterwards.
    py_state, np_state = random.getstate(), np.random.get_state()
    try:
        data = mnist1d.data.make_dataset(mnist1d.data.get_dataset_args())
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
    return {key: np.asarray(data[key]) for key in ("x", "y", "x_test", "y_test", "t")}


def load_mnist1d() -> dict:
    """Return MNIST-1D (Greydanus & Kobak), generated locally: no download.

    4000 training and 1000 test series of length 40, ten classes. Generated once per process
    (about 4 s) with the package's default arguments, identical to the published set.

    Returns a dict with ``X_train`` (4000, 40), ``y_train`` (4000,), ``X_test`` (1000, 40),
    ``y_test`` (1000,) and ``t`` (40,), the sample positions.
    """
    arrays = _mnist1d_arrays()
    return {
        "X_train": arrays["x"].astype(np.float32), "y_train": arrays["y"].astype(int),
        "X_test": arrays["x_test"].astype(np.float32), "y_test": arrays["y_test"].astype(int),
        "t": arrays["t"].copy(),
    }
