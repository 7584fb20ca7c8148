"""Data sets of the series, all made or shipped offline; nothing is ever downloaded.

- :func:`make_2d`: small 2-D problems generated in code (blobs, xor, moons, circles, spirals).
- :func:`shifted_patterns`: a tiny MNIST-1D-like set where a pattern's position says nothing
  about its class (exercise 06.1).
- :func:`load_digits`: scikit-learn's 8x8 handwritten digits, split into train and test.
- :func:`load_mnist1d`: MNIST-1D generated locally by the ``mnist1d`` package.

The digits' split and MNIST-1D are made once per machine and kept in checksummed files under
:func:`cache_dir`; later kernels read them in milliseconds without importing scikit-learn or
``mnist1d``. A missing, damaged or unwritable cache only means making them again.

Every random choice takes ``seed=``; no global random state is left changed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

import numpy as np

from dlfaq.core.doors import Choice, Float, Int, door

__all__ = ["MNIST1D_ARGS", "TOY_SETS", "cache_dir", "load_digits",
           "load_mnist1d", "make_2d", "mnist1d_cache_path", "shifted_patterns"]

TOY_SETS = ("blobs", "xor", "moons", "circles", "spirals")


@door(name=Choice(TOY_SETS), n_samples=Int(4, 100_000, cheap=400),
      noise=Float(0.0, 10.0, none=True), seed=Int(0))
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
    n = n_samples
    defaults = {"blobs": 0.6, "xor": 0.15, "moons": 0.15, "circles": 0.08, "spirals": 0.12}
    noise = defaults[name] if noise is None else noise
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


@door(n_samples=Int(4, 100_000, cheap=40), length=Int(8, 1024, cheap=32), seed=Int(0))
def shifted_patterns(n_samples: int = 400, length: int = 32, seed: int = 0):
    """A tiny MNIST-1D-like set: each class is a fixed pattern, placed at a random position.

    Returns ``(X, y)`` with ``X`` of shape (n_samples, length) and 4 classes: every sample is
    its class's pattern, circularly shifted by a random amount, plus noise. Where the pattern
    sits says nothing about the class, so raw-pixel linear models do badly on it.
    """
    templates = np.random.default_rng(600).normal(size=(4, length))
    templates -= templates.mean(axis=1, keepdims=True)   # same mean and same energy for every
    templates /= templates.std(axis=1, keepdims=True)    # class: only the shape tells them apart
    rng = np.random.default_rng(seed)
    y = np.arange(n_samples) % 4
    shifts = rng.integers(0, length, n_samples)
    X = np.stack([np.roll(templates[c], s) for c, s in zip(y, shifts, strict=True)])
    return X + 0.3 * rng.normal(size=X.shape), y


@door(test_size=Float(0.0, 1.0, low_inclusive=False, high_inclusive=False), seed=Int(0))
def load_digits(test_size: float = 0.25, seed: int = 0) -> dict:
    """Return scikit-learn's 8x8 digits split into train and test, stratified.

    The split is scikit-learn's ``train_test_split`` (``random_state=seed``, stratified); it is
    kept in a file under :func:`cache_dir`, so later kernels read it without importing
    scikit-learn (seconds and tens of MB saved in notebooks that need no other part of it).

    Returns a dict with ``X_train``, ``X_test`` (n, 64) float in [0, 1], ``y_train``,
    ``y_test`` (n,) int, ``images_train``, ``images_test`` (n, 8, 8); fresh copies every call.
    """
    arrays = _digits_split(test_size, seed)
    X_train, X_test = arrays["X_train"].copy(), arrays["X_test"].copy()
    return {
        "X_train": X_train, "X_test": X_test,
        "y_train": arrays["y_train"].copy(), "y_test": arrays["y_test"].copy(),
        "images_train": X_train.reshape(-1, 8, 8), "images_test": X_test.reshape(-1, 8, 8),
    }


_DIGITS_KEYS = ("X_train", "X_test", "y_train", "y_test")


def _split_digits(test_size: float, seed: int) -> dict:
    from sklearn.datasets import load_digits as sk_load_digits
    from sklearn.model_selection import train_test_split

    digits = sk_load_digits()
    X = digits.data / 16.0
    X_train, X_test, y_train, y_test = train_test_split(
        X, digits.target, test_size=test_size, random_state=seed, stratify=digits.target
    )
    return {"X_train": X_train, "X_test": X_test, "y_train": y_train, "y_test": y_test}


def _digits_cache_path(test_size: float = 0.25, seed: int = 0) -> Path:
    """The cache file of one split of the digits (named by the scikit-learn version, which
    ships the data and makes the split, ``test_size``, ``seed`` and the file format)."""
    return _cache_file("digits", {"scikit-learn": _version("scikit-learn"),
                                  "test_size": test_size, "seed": seed})


@functools.lru_cache(maxsize=4)
def _digits_split(test_size: float, seed: int) -> dict:
    return _cached(_digits_cache_path(test_size, seed), _DIGITS_KEYS,
                   lambda: _split_digits(test_size, seed))


# mnist1d's published arguments (mnist1d.data.get_dataset_args() without the download URL):
# generating with these gives the published data set.
MNIST1D_ARGS = {
    "num_samples": 5000, "train_split": 0.8, "template_len": 12, "padding": [36, 60],
    "scale_coeff": 0.4, "max_translation": 48, "corr_noise_scale": 0.25,
    "iid_noise_scale": 2e-2, "shear_scale": 0.75, "shuffle_seq": False,
    "final_seq_length": 40, "seed": 42,
}
_MNIST1D_KEYS = ("X_train", "y_train", "X_test", "y_test", "t")
_CACHE_FORMAT = 2


def cache_dir() -> Path:
    """The folder where generated data sets are kept between kernels.

    ``$DLFAQ_CACHE_DIR`` when set, else the user's cache folder: ``$XDG_CACHE_HOME/dlfaq`` or
    ``~/.cache/dlfaq`` (Linux), ``~/Library/Caches/dlfaq`` (macOS), ``%LOCALAPPDATA%\\dlfaq``
    (Windows). Deleting it is always safe: the data are generated again.
    """
    if os.environ.get("DLFAQ_CACHE_DIR"):
        return Path(os.environ["DLFAQ_CACHE_DIR"]).expanduser()
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlfaq"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "dlfaq"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dlfaq"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def _cache_file(name: str, key: dict) -> Path:
    """``<cache_dir>/<name>-<hash of key and file format>.npz``: a change of anything that
    determines the content makes a new file, never a stale read."""
    text = json.dumps({**key, "format": _CACHE_FORMAT}, sort_keys=True)
    return cache_dir() / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.npz"


def mnist1d_cache_path() -> Path:
    """The cache file of MNIST-1D, named by the ``mnist1d`` version, :data:`MNIST1D_ARGS`
    and the file format."""
    return _cache_file("mnist1d", {"mnist1d": _version("mnist1d"), "args": MNIST1D_ARGS})


def _digest(arrays: dict) -> str:
    """SHA-256 of the arrays' names, dtypes, shapes and bytes."""
    h = hashlib.sha256()
    for key in sorted(arrays):
        a = np.ascontiguousarray(arrays[key])
        h.update(f"{key}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def _generate_mnist1d() -> dict:
    import mnist1d.data

    args = mnist1d.data.get_dataset_args()
    for name, value in MNIST1D_ARGS.items():
        setattr(args, name, list(value) if isinstance(value, list) else value)
    # make_dataset reseeds Python's and NumPy's global generators: put them back afterwards.
    py_state, np_state = random.getstate(), np.random.get_state()
    try:
        data = mnist1d.data.make_dataset(args)
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)
    return {"X_train": np.asarray(data["x"], dtype=np.float32),
            "y_train": np.asarray(data["y"], dtype=np.int64),
            "X_test": np.asarray(data["x_test"], dtype=np.float32),
            "y_test": np.asarray(data["y_test"], dtype=np.int64),
            "t": np.asarray(data["t"], dtype=np.float64)}


def _read_cache(path: Path, keys) -> dict | None:
    """The cached arrays, or None when the file is missing, unreadable or fails its checksum."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in keys}
            digest = str(stored["sha256"])
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    return arrays if digest == _digest(arrays) else None


def _write_cache(path: Path, arrays: dict) -> bool:
    """Write atomically (a temporary file in the same folder, then a rename): a kernel reading
    at the same moment sees the whole old file or the whole new one. False if not writable."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem, suffix=".tmp",
                                         delete=False) as f:
            tmp = Path(f.name)
            np.savez(f, sha256=np.array(_digest(arrays)), **arrays)
        tmp.chmod(0o644)  # readable by others, as any cache file (mkstemp makes it private)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        return False


def _cached(path: Path, keys, make) -> dict:
    """The arrays from ``path`` when it is there and intact, else ``make()`` (then cached)."""
    arrays = _read_cache(path, keys)
    if arrays is None:
        arrays = make()
        _write_cache(path, arrays)
    return arrays


@functools.lru_cache(maxsize=1)
def _mnist1d_arrays() -> dict:
    return _cached(mnist1d_cache_path(), _MNIST1D_KEYS, _generate_mnist1d)


def load_mnist1d() -> dict:
    """Return MNIST-1D (Greydanus & Kobak), generated locally: no download.

    4000 training and 1000 test series of length 40, ten classes, generated with the
    package's published arguments (:data:`MNIST1D_ARGS`): identical to the published set.
    Generating takes seconds, so the result is kept in a file under :func:`cache_dir` and
    later kernels read it in milliseconds; a missing, damaged or unwritable cache only means
    generating again.

    Returns a dict with ``X_train`` (4000, 40) float32, ``y_train`` (4000,), ``X_test``
    (1000, 40) float32, ``y_test`` (1000,) and ``t`` (40,), the sample positions; fresh
    copies on every call.
    """
    arrays = _mnist1d_arrays()
    return {key: arrays[key].copy() for key in _MNIST1D_KEYS}
