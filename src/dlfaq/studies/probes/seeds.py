"""Notebook 07's table over seeds: one seed's row of it (:func:`probe_summary`, repeated by
:func:`dlfaq.studies.seeds.over_seeds`), the claims checked on each seed (:func:`claims`) and the
recorded run (:data:`SEED_RUN`, written by ``python -m tools.record probes``)."""

from __future__ import annotations

import numpy as np

from dlfaq.core.tables import Column, format_table
from dlfaq.studies import recorded
from dlfaq.studies.probes.linear import accuracies, probe_table

__all__ = ["SEED_RUN", "SWEEP_ROWS", "claims", "probe_summary", "summary", "sweep_table"]

#: The rows :func:`summary` reports, in order.
SWEEP_ROWS = (("input", "raw series"), ("engineered", "|FFT|"),
              ("random", "random convolutions"),
              ("ConvNet", "conv 1"), ("ConvNet", "conv 2"), ("ConvNet", "conv 3"),
              ("ConvNet, untrained", "conv 1"), ("ConvNet, untrained", "conv 2"),
              ("ConvNet, untrained", "conv 3"), ("MLP", "hidden 1"), ("MLP", "hidden 2"),
              ("ConvNet", "itself"), ("MLP", "itself"))


def summary(result: dict) -> dict:
    """{"network / layer": accuracy} of one :func:`probe_table` result, rows of
    :data:`SWEEP_ROWS` (the networks' own accuracy as "ConvNet / itself", "MLP / itself")."""
    acc = accuracies(result)
    for network, value in result["test_accuracy"].items():
        acc[network, "itself"] = value
    return {f"{network} / {layer}": acc[network, layer] for network, layer in SWEEP_ROWS}


def probe_summary(seed: int = 0, *, cache_dir=None, progress: bool = False,
                  device: str | None = None) -> dict:
    """:func:`summary` of :func:`probe_table` for one seed (networks trained on ``device``,
    default the device :func:`dlfaq.setup` chose). Over seeds:
    ``over_seeds(probe_summary, seeds, cache_dir=...)`` (:func:`dlfaq.studies.seeds.over_seeds`),
    {seed: summary}."""
    return summary(probe_table(seed, cache_dir=cache_dir, progress=progress, device=device))


def claims(acc: dict) -> dict:
    """The claims of notebook 07 on one :func:`summary`, each True or False.

    Thresholds set from the ten seeds of :data:`SEED_RUN` (0-4 and 10-14), each below the
    smallest value measured by at least the drift between two CPUs (a point):

    - ``rises``: raw series < conv 1 < conv 2 < conv 3, each step 1 point or more;
    - ``errors_fall``: each layer divides the error rate left by the one below by 1.2 or more
      (the honest reading of "each layer adds": in accuracy the steps shrink near 100% whatever
      the layers do);
    - ``last_near_network``: the last layer's probe within 3 points of the ConvNet itself;
    - ``training_adds_more_with_depth``: trained minus untrained grows from layer to layer, by
      3 points or more, and is 10 points or more at conv 1;
    - ``untrained_falls``: untrained, conv 3 is 5 points or more below conv 1;
    - ``learned_beats_engineered``: every trained conv layer 30 points or more above |FFT|;
    - ``random_ties_the_last_layer``: conv 3 within 4 points of the random-convolution
      features, conv 1 8 points or more below them;
    - ``mlp_below_convnet``: MLP hidden 1 < hidden 2, and hidden 2 5 points or more below the
      ConvNet's conv 1.
    """
    raw = acc["input / raw series"]
    conv = np.array([acc[f"ConvNet / conv {i}"] for i in (1, 2, 3)])
    untrained = np.array([acc[f"ConvNet, untrained / conv {i}"] for i in (1, 2, 3)])
    gains = conv - untrained
    error = 1 - np.array([raw, *conv])
    rocket = acc["random / random convolutions"]
    return {
        "rises": bool(np.diff([raw, *conv]).min() >= 0.01),
        "errors_fall": bool((error[:-1] / error[1:]).min() >= 1.2),
        "last_near_network": bool(abs(conv[2] - acc["ConvNet / itself"]) <= 0.03),
        "training_adds_more_with_depth": bool(gains[0] >= 0.10
                                              and np.diff(gains).min() >= 0.03),
        "untrained_falls": bool(untrained[2] <= untrained[0] - 0.05),
        "learned_beats_engineered": bool(conv.min() >= acc["engineered / |FFT|"] + 0.30),
        "random_ties_the_last_layer": bool(abs(conv[2] - rocket) <= 0.04
                                           and conv[0] <= rocket - 0.08),
        "mlp_below_convnet": bool(acc["MLP / hidden 1"] < acc["MLP / hidden 2"]
                                  <= conv[0] - 0.05),
    }


def sweep_table(sweep: dict) -> str:
    """{seed: :func:`summary`} (:func:`probe_summary` over seeds, or :data:`SEED_RUN`'s
    ``sweep``) as text (:func:`dlfaq.core.tables.format_table`): one line per
    row, one column per seed, then the minimum and maximum (whole percent)."""
    seeds = sorted(sweep)
    rows = [{"key": key, **{s: sweep[s][key] for s in seeds},
             "min": min(sweep[s][key] for s in seeds), "max": max(sweep[s][key] for s in seeds)}
            for key in sweep[seeds[0]]]
    columns = [Column("key", "probe input")]
    columns += [Column(str(s), f"seed {s}", ".0%", value=lambda row, s=s: row[s])
                for s in seeds]
    columns += [("min", "min", ".0%"), ("max", "max", ".0%")]
    return format_table(rows, columns)


#: The ten-seed run notebook 07 shows (0-4, and 10-14: seeds the notebook never runs), read from
#: the record ``probes`` (:func:`dlfaq.studies.recorded.load`; ``python -m tools.record probes``
#: writes it): ``sweep`` is {seed: :func:`summary`} (probe test accuracy; "itself": the network's
#: own), ``date``, ``machine`` and ``command`` say where it came from, ``meta`` is the record's.
_RECORD = recorded.load("probes")
SEED_RUN = {
    **{key: _RECORD["meta"]["sweep"][key] for key in ("date", "machine")},
    "command": "python -m tools.record probes",
    "meta": _RECORD["meta"],
    "sweep": {int(seed): acc for seed, acc in _RECORD["sweep"].items()},
}
