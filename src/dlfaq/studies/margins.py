"""When is one model better than another? Margins measured against the noise (notebooks 06, 07).

Two kinds of noise move an accuracy without anything real changing: the seed (weights, batch
order, random kernels) and the machine (the same seed on two CPUs of one kind: about a point on
MNIST-1D's ConvNet, :data:`CPU_DRIFT`). The series' rule, written out in CONTRIBUTING.md:

- :func:`verdict` takes two models' accuracies on the same seeds (the recorded seeds 0-4
  and seeds the notebooks never run) and calls the comparison a win only when the mean
  difference is larger than its noise, ``3 * sd + CPU_DRIFT`` (sd: the standard deviation of
  the per-seed differences); a difference within the noise is a tie, and is said to be one;
- :func:`mcnemar` is the paired test for one seed: two models scored on the same test rows,
  only the rows where they disagree count.
"""

from __future__ import annotations

import numpy as np

from dlfaq.core.doors import door

__all__ = ["CPU_DRIFT", "mcnemar", "verdict"]

#: Accuracy (0..1) by which the same seed of MNIST-1D's ConvNet moved between two CPUs of the
#: same kind (measured: seed 0 reached 94.4% on one, 95.4% on another).
CPU_DRIFT = 0.01


def verdict(a, b, *, drift: float = CPU_DRIFT) -> dict:
    """Compare two models' accuracies seed by seed (``a[i]`` and ``b[i]`` from seed i), already
    measured (to measure over seeds, see :func:`dlfaq.studies.seeds.over_seeds`).

    Returns a dict with ``mean`` (mean of a - b), ``sd`` (its standard deviation over seeds,
    ddof 1), ``noise`` (3 * sd + ``drift``), ``lowest`` and ``highest`` (the per-seed
    differences' range), ``n_seeds`` and ``verdict``: "a ahead" when mean - noise > 0,
    "b ahead" when mean + noise < 0, else "tie".
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape or len(a) < 2:
        raise ValueError("a and b must be 1-D accuracies of the same seeds, at least two, got "
                         f"shapes {a.shape} and {b.shape}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        raise ValueError("a and b must be finite accuracies")
    diff = a - b
    mean, sd = float(diff.mean()), float(diff.std(ddof=1))
    noise = 3 * sd + float(drift)
    said = "a ahead" if mean - noise > 0 else "b ahead" if mean + noise < 0 else "tie"
    return {"mean": mean, "sd": sd, "noise": noise, "lowest": float(diff.min()),
            "highest": float(diff.max()), "n_seeds": len(diff), "verdict": said}


@door()  # right_a and right_b: checked in the body, against each other
def mcnemar(right_a, right_b) -> dict:
    """McNemar's exact test of two models scored on the same test rows: ``right_a`` and
    ``right_b`` say which rows each got right (boolean arrays of one length).

    Only the rows where they disagree count: ``a_only`` (A right, B wrong) and ``b_only``.
    Under "equally good", each disagreement is a coin toss; ``p_value`` is the two-sided
    binomial probability of a split at least this uneven. Returns a dict with ``a_only``,
    ``b_only``, ``p_value`` and ``difference`` (accuracy of A minus B, 0..1).
    """
    from scipy.stats import binomtest

    right_a = np.asarray(right_a, dtype=bool)
    right_b = np.asarray(right_b, dtype=bool)
    if right_a.ndim != 1 or right_a.shape != right_b.shape or not len(right_a):
        raise ValueError("right_a and right_b must be 1-D boolean arrays of one nonzero "
                         f"length, got shapes {right_a.shape} and {right_b.shape}")
    a_only, b_only = int(np.sum(right_a & ~right_b)), int(np.sum(~right_a & right_b))
    p_value = 1.0 if a_only + b_only == 0 else float(
        binomtest(a_only, a_only + b_only, 0.5).pvalue)
    return {"a_only": a_only, "b_only": b_only, "p_value": p_value,
            "difference": float(right_a.mean() - right_b.mean())}
