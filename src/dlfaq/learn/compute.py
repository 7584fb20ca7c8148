"""The compute half of deep learning: one training step done four ways (notebook 04).

The same step of the same network (one hidden ReLU layer, softmax and cross-entropy, one SGD
update) is computed with pure Python loops, with NumPy one sample at a time, with NumPy on the
whole batch at once (matrix products), and with torch on the batch with one thread and with
more (and on a GPU when one is present). :func:`step_functions` returns the implementations,
:func:`throughput` times them in samples per second, and every implementation returns the
updated weights, so a notebook checks that they all compute the same step. No plotting here.
"""

from __future__ import annotations

import time

import numpy as np

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Device, Float, Int, door

__all__ = ["WAYS", "make_problem", "step_batched", "step_loops", "step_per_sample", "throughput"]

#: The ways one step is computed, slowest first.
WAYS = ("Python loops", "NumPy, one sample at a time", "NumPy, whole batch")


def _init(n_in, hidden, n_out, seed):
    rng = np.random.default_rng(seed)
    return {"W1": rng.standard_normal((n_in, hidden)) * np.sqrt(2 / n_in),
            "b1": np.zeros(hidden),
            "W2": rng.standard_normal((hidden, n_out)) * np.sqrt(1 / hidden),
            "b2": np.zeros(n_out)}


def step_loops(params, X, y, lr):
    """One SGD step with nothing but Python lists and loops: every multiply-add by hand."""
    W1, b1, W2, b2 = (params[k].tolist() for k in ("W1", "b1", "W2", "b2"))
    n_in, hidden, n_out, n = len(W1), len(b1), len(b2), len(X)
    g_W1 = [[0.0] * hidden for _ in range(n_in)]
    g_b1, g_W2 = [0.0] * hidden, [[0.0] * n_out for _ in range(hidden)]
    g_b2 = [0.0] * n_out
    for x, label in zip(X.tolist(), y.tolist(), strict=True):
        z1 = [b1[j] + sum(x[i] * W1[i][j] for i in range(n_in)) for j in range(hidden)]
        a1 = [max(v, 0.0) for v in z1]
        z2 = [b2[k] + sum(a1[j] * W2[j][k] for j in range(hidden)) for k in range(n_out)]
        top = max(z2)
        e = [np.exp(v - top).item() for v in z2]
        total = sum(e)
        d_z2 = [(e[k] / total - (k == label)) / n for k in range(n_out)]
        for k in range(n_out):
            g_b2[k] += d_z2[k]
        for j in range(hidden):
            for k in range(n_out):
                g_W2[j][k] += a1[j] * d_z2[k]
        d_z1 = [sum(W2[j][k] * d_z2[k] for k in range(n_out)) if z1[j] > 0 else 0.0
                for j in range(hidden)]
        for i in range(n_in):
            for j in range(hidden):
                g_W1[i][j] += x[i] * d_z1[j]
        for j in range(hidden):
            g_b1[j] += d_z1[j]
    grads = {"W1": g_W1, "b1": g_b1, "W2": g_W2, "b2": g_b2}
    return {k: params[k] - lr * np.array(g) for k, g in grads.items()}


def step_per_sample(params, X, y, lr):
    """One SGD step with NumPy vector operations, one sample at a time."""
    grads = {k: np.zeros_like(v) for k, v in params.items()}
    n = len(X)
    for x, label in zip(X, y, strict=True):
        z1 = x @ params["W1"] + params["b1"]
        a1 = np.maximum(z1, 0)
        z2 = a1 @ params["W2"] + params["b2"]
        e = np.exp(z2 - z2.max())
        d_z2 = e / e.sum()
        d_z2[label] -= 1
        d_z2 /= n
        d_z1 = (params["W2"] @ d_z2) * (z1 > 0)
        grads["W2"] += np.outer(a1, d_z2)
        grads["b2"] += d_z2
        grads["W1"] += np.outer(x, d_z1)
        grads["b1"] += d_z1
    return {k: params[k] - lr * grads[k] for k in params}


def _softmax_rows(z):
    """Softmax of each row, for a NumPy array or a torch tensor."""
    if isinstance(z, np.ndarray):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z.softmax(dim=1)


def step_batched(params, X, y, lr):
    """One SGD step on the whole batch: four matrix products (NumPy arrays or torch tensors)."""
    n = len(y)
    z1 = X @ params["W1"] + params["b1"]                    # (n, hidden)
    a1 = z1 * (z1 > 0)                                      # ReLU
    z2 = a1 @ params["W2"] + params["b2"]                   # (n, n_out)
    d_z2 = _softmax_rows(z2)
    d_z2[list(range(n)), y] -= 1                            # (y_hat - one_hot)
    d_z2 = d_z2 / n
    d_z1 = (d_z2 @ params["W2"].T) * (z1 > 0)               # (n, hidden)
    grads = {"W1": X.T @ d_z1, "b1": d_z1.sum(0), "W2": a1.T @ d_z2, "b2": d_z2.sum(0)}
    return {k: params[k] - lr * grads[k] for k in params}


#: The sizes of the step, and its seed (make_problem's door, and throughput's).
_PROBLEM = {"batch_size": Int(1, cheap=8), "n_in": Int(1, cheap=8), "hidden": Int(1, cheap=8),
            "n_out": Int(2, cheap=5), "seed": Int(0)}


@door(**_PROBLEM)
def make_problem(batch_size: int = 256, n_in: int = 64, hidden: int = 256, n_out: int = 10,
                 seed: int = 0):
    """Random weights (He-scaled) and a random batch for :func:`throughput`: (params, X, y)."""
    rng = np.random.default_rng(seed + 1)
    X = rng.standard_normal((batch_size, n_in))
    y = rng.integers(0, n_out, batch_size)
    return _init(n_in, hidden, n_out, seed), X, y


def _time(function, min_seconds):
    """Seconds per call: the best of repeated timings lasting ``min_seconds`` together."""
    best, spent, result = np.inf, 0.0, None
    while spent < min_seconds or result is None:
        start = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - start
        best, spent = min(best, seconds), spent + seconds
    return best, result


@door(**_PROBLEM, loop_samples=Int(1, cheap=2), min_seconds=Float(0.0, 10.0, low_inclusive=False),
      device=Device())
def throughput(batch_size: int = 256, n_in: int = 64, hidden: int = 256, n_out: int = 10,
               loop_samples: int = 4, threads=(1, 2), min_seconds: float = 0.2,
               device: str | None = None, seed: int = 0) -> dict:
    """Samples per second of one SGD step, computed each way (:data:`WAYS`, then torch).

    Parameters
    ----------
    batch_size, n_in, hidden, n_out : int
        The step: a batch of ``batch_size`` inputs of ``n_in`` numbers, ``hidden`` ReLU units,
        ``n_out`` classes.
    loop_samples : int, default 4
        The pure-Python step is timed on this many samples of the batch (it is that slow);
        every way reports samples per second, so they compare.
    threads : tuple of int, default (1, 2)
        torch's thread counts to time the batched step with, on the CPU.
    min_seconds : float, default 0.2
        Each way is timed repeatedly for at least this long; the fastest call counts.
    device : str, optional
        Also time torch there (e.g. "cuda"); default: the CPU only.

    Returns
    -------
    dict with ``samples_per_second`` (way -> float), ``updates`` (way -> updated weights of
    the first ``loop_samples`` samples' step, as NumPy arrays, to check that every way
    computed the same step), ``sizes`` and ``device``.
    """
    params, X, y = make_problem(batch_size, n_in, hidden, n_out, seed)
    check_int("loop_samples", loop_samples, high=batch_size)  # at most the batch
    if not isinstance(threads, (tuple, list)) or not threads:
        raise TypeError(f"threads must be a non-empty tuple of positive ints, got {threads!r}")
    threads = tuple(check_int("threads", t, low=1, high=256) for t in threads)
    import torch

    lr = 0.1
    rates, updates = {}, {}
    small = (X[:loop_samples], y[:loop_samples])
    for way, step in zip(WAYS, (step_loops, step_per_sample, step_batched), strict=True):
        n = loop_samples if step is step_loops else batch_size
        seconds, _ = _time(lambda step=step, n=n: step(params, X[:n], y[:n], lr), min_seconds)
        rates[way] = n / seconds
        updates[way] = step(params, *small, lr)
    previous = torch.get_num_threads()
    devices = [("cpu", t) for t in threads] + ([(device, None)] if device not in
                                              (None, "cpu") else [])
    try:
        for where, n_threads in devices:
            if n_threads is not None:
                torch.set_num_threads(n_threads)
            tensors = {k: torch.tensor(v, device=where) for k, v in params.items()}
            X_t, y_t = torch.tensor(X, device=where), torch.tensor(y, device=where)

            def run(tensors=tensors, X_t=X_t, y_t=y_t, where=where):
                out = step_batched(tensors, X_t, y_t, lr)
                if where != "cpu":
                    torch.cuda.synchronize()
                return out

            run()  # warm up (a GPU's first call compiles and allocates)
            seconds, _ = _time(run, min_seconds)
            way = (f"torch, whole batch, {n_threads} thread{'s' if n_threads > 1 else ''}"
                   if n_threads is not None else f"torch, whole batch, {where}")
            rates[way] = batch_size / seconds
            small_t = (X_t[:loop_samples], y_t[:loop_samples])
            updates[way] = {k: v.cpu().numpy() for k, v in
                            step_batched(tensors, *small_t, lr).items()}
    finally:
        torch.set_num_threads(previous)
    return {"samples_per_second": rates, "updates": updates, "device": device or "cpu",
            "sizes": {"batch_size": batch_size, "n_in": n_in, "hidden": hidden,
                      "n_out": n_out, "loop_samples": loop_samples}}
