"""Learned against fixed features on the motif-order task of :mod:`dlfaq.learn.motifs` (notebook
07).

One split per seed (:func:`dlfaq.learn.motifs.load_motif_order`: 4,000 training and 2,000 test
series), and on it:

- the probe of :mod:`dlfaq.studies.probes` (standardise, logistic regression, its penalty chosen on
  held-out training rows) on the raw series (a weight per position), on random-convolution
  features (:func:`dlfaq.studies.probes.random_conv_probe`, ROCKET's recipe), on each layer of a
  :class:`~dlfaq.learn.motifs.MotifNet` before training (its own starting point, and a 4x wider
  one) and after training, each layer's channels max-pooled over positions, as the network's
  own output layer reads its last one;
- optionally gradient boosting (early stopping) on the random-convolution features;
- the trained MotifNet itself.

The MotifNet's learning rate is chosen on the same kind of validation split as the probe's
penalty (:func:`search`); :data:`RECIPE` holds the choice. :func:`dlfaq.studies.seeds.over_seeds`
repeats :func:`study` over seeds; :data:`SEED_RUN` is the recorded run (``python -m tools.record
motifs`` writes it).
"""

from __future__ import annotations

import time

import numpy as np
import torch

from dlfaq.core.checks import check_array, check_labels
from dlfaq.core.config import resolve_device
from dlfaq.core.doors import Array, Int, Labels, door
from dlfaq.learn import motifs, train
from dlfaq.studies import recorded
from dlfaq.studies.probes.linear import probe, random_conv_probe

__all__ = ["LR_GRID", "N_KERNELS", "RECIPE", "RECORDED_ROWS", "SEED_RUN", "WIDE", "claims", "lead",
           "one_standard_error", "pooled_layers", "search", "study", "train_motifnet"]

#: The MotifNet's training: Adam, one-cycle learning rate, no weight decay or other
#: regulariser; ``lr`` chosen on validation from :data:`LR_GRID` (``python -m tools.record
#: motifs search``, seed 0) by the one-standard-error rule: the best score (0.1,
#: 97.1%) is one step from a rate that does not train at all (0.3, 48%), and with it one seed
#: in ten (12) did not train either; 0.03 (96.6%) is within one standard error of it.
RECIPE = {"steps": 800, "batch_size": 128, "lr": 3e-2, "weight_decay": 0.0,
          "schedule": "onecycle"}
LR_GRID = (3e-3, 1e-2, 3e-2, 1e-1, 3e-1)
#: Random kernels of the random-convolution row (2 features each).
N_KERNELS = 1000
#: Channels of the wide untrained control.
WIDE = 64


@torch.no_grad()
@door(X=Array(ndim=2, min_rows=1, example=(3, 96)))
def pooled_layers(model, X) -> dict:
    """Each conv layer of a :class:`~dlfaq.learn.motifs.MotifNet`, max-pooled over positions:
    {"conv 1": (n, channels) float32, ...}."""
    if not isinstance(model, motifs.MotifNet):
        raise TypeError(f"model must be a MotifNet, got {type(model).__name__}")
    maps = model.cpu().eval().features(train.as_tensors(X))
    return {f"conv {i}": m.amax(dim=2).numpy() for i, m in enumerate(maps, start=1)}


@door(X_train=Array(ndim=2, min_rows=1, example=(12, 96)), y_train=Labels("X_train", classes=2),
      seed=Int(0))
def train_motifnet(X_train, y_train, X_test, y_test, *, seed: int = 0, lr: float | None = None,
                   progress: bool = False, device: str | None = None) -> dict:
    """Train a :class:`~dlfaq.learn.motifs.MotifNet` (weights from ``seed``) with :data:`RECIPE`
    (``lr`` replaces its learning rate); returns :func:`dlfaq.learn.train.fit`'s result and the
    ``model``."""
    recipe = dict(RECIPE, **({} if lr is None else {"lr": lr}))
    X_test = check_array("X_test", X_test, ndim=2, shape=(None, X_train.shape[1]), min_rows=1)
    y_test = check_labels("y_test", y_test, len(X_test), n_classes=2)
    model = motifs.MotifNet(seed=seed)
    result = train.fit(model, X_train, y_train, X_test=X_test, y_test=y_test, seed=seed,
                       device=resolve_device(device), progress=progress,
                       description="MotifNet", **recipe)
    return {**result, "model": model}


@door(seed=Int(0))
def search(seed: int = 0, *, device: str | None = None) -> dict:
    """The MotifNet's learning rate on validation: each of :data:`LR_GRID` trained on 80% of
    the training series, scored on the other 20%; the choice by :func:`one_standard_error`.
    Returns {"scores": [...], "best": lr}."""
    split = motifs.load_motif_order(seed)
    X_fit, y_fit, X_val, y_val = train.validation_split(split["X_train"], split["y_train"],
                                                        seed=seed)
    scores = [train_motifnet(X_fit, y_fit, X_val, y_val, seed=seed, lr=lr,
                             device=device)["test_accuracy"] for lr in LR_GRID]
    return {"scores": scores, "best": one_standard_error(scores, len(y_val))}


def one_standard_error(scores, n_val: int) -> float:
    """The smallest learning rate of :data:`LR_GRID` whose validation accuracy is within one
    standard error (sqrt(p (1 - p) / n_val), p the best score) of the best: the
    one-standard-error rule (Breiman et al. 1984), the safer setting when scores tie."""
    scores = np.asarray(scores, dtype=float)
    best = scores.max()
    within = np.flatnonzero(scores >= best - np.sqrt(best * (1 - best) / n_val))
    return LR_GRID[int(within.min())]


@door(seed=Int(0), n_kernels=Int(1, 20_000, cheap=3))
def study(seed: int = 0, *, n_kernels: int = N_KERNELS, boosting: bool = False,
          wide: bool = True, fixed: bool = True, progress: bool = False,
          device: str | None = None) -> dict:
    """Every row of the comparison on the split of ``seed``.

    Returns a dict with ``accuracy`` ({row name: test accuracy 0..1}, in table order),
    ``C`` ({row name: the probe's chosen penalty}), ``seconds`` ({row name: seconds}),
    ``model`` (the trained MotifNet) and ``split``. Row names: "raw series", "random
    convolutions", "boosting on random convolutions" (``boosting``), "untrained conv k",
    "untrained x4 conv k" (``wide``), "trained conv k" (k = 1, 2, 3), "MotifNet itself".
    ``fixed=False`` leaves out the raw-series and random-convolution rows (and boosting): the
    notebook reads those from :data:`SEED_RUN` and trains only the network live.
    """
    split = motifs.load_motif_order(seed)
    Xtr, ytr, Xte, yte = (split[k] for k in ("X_train", "y_train", "X_test", "y_test"))
    accuracy, chosen, seconds = {}, {}, {}

    def record(name, start, result):
        accuracy[name] = result["test_accuracy"]
        chosen[name] = result.get("C")
        seconds[name] = time.perf_counter() - start

    if fixed:
        start = time.perf_counter()
        record("raw series", start, probe(Xtr, ytr, Xte, yte, seed=seed))
        start = time.perf_counter()
        record("random convolutions", start,
               random_conv_probe(Xtr, ytr, Xte, yte, n_kernels=n_kernels, seed=seed))
    if boosting and fixed:
        from sklearn.ensemble import HistGradientBoostingClassifier

        from dlfaq.learn import features
        start = time.perf_counter()
        kernels = features.random_kernels(n_kernels, Xtr.shape[1], seed)
        model = HistGradientBoostingClassifier(max_iter=1000, early_stopping=True,
                                               n_iter_no_change=20, random_state=seed)
        model.fit(features.random_conv_features(Xtr, kernels), ytr)
        record("boosting on random convolutions", start,
               {"test_accuracy": float(model.score(features.random_conv_features(Xte, kernels),
                                                   yte))})
    nets = {"untrained": motifs.MotifNet(seed=seed)}
    if wide:
        nets["untrained x4"] = motifs.MotifNet(channels=WIDE, seed=seed)
    start = time.perf_counter()
    trained = train_motifnet(Xtr, ytr, Xte, yte, seed=seed, progress=progress, device=device)
    nets["trained"] = trained["model"]
    for name, net in nets.items():
        train_layers, test_layers = pooled_layers(net, Xtr), pooled_layers(net, Xte)
        for layer in train_layers:
            start_probe = time.perf_counter()
            record(f"{name} {layer}", start_probe,
                   probe(train_layers[layer], ytr, test_layers[layer], yte, seed=seed))
    record("MotifNet itself", start, trained)
    return {"accuracy": accuracy, "C": chosen, "seconds": seconds, "model": trained["model"],
            "split": split}


def lead(accuracy: dict) -> float:
    """The trained MotifNet's lead over the strongest fixed-feature row of one :func:`study`
    (raw series, random convolutions, boosting on them, every untrained layer)."""
    fixed = [v for k, v in accuracy.items() if not k.startswith("trained") and
             k != "MotifNet itself"]
    return accuracy["MotifNet itself"] - max(fixed)


def claims(acc: dict) -> dict:
    """The claims of notebook 07's motif section on one :func:`study` ``accuracy`` dict, each
    True or False (thresholds and the measured ranges over ten seeds: :data:`SEED_RUN`):

    - ``learning_decides``: the trained MotifNet 10 points or more above the strongest
      fixed-feature row (:func:`lead`);
    - ``motifs_alone_say_nothing``: the probe on the trained first layer (motif detectors,
      max-pooled) within 10 points of chance (50%);
    - ``each_layer_adds``: trained conv 1 < conv 2 < conv 3, each step 5 points or more;
    - ``last_layer_is_the_network``: the probe on trained conv 3 within 3 points of the
      MotifNet itself;
    - ``training_makes_it``: trained conv 3 15 points or more above both untrained conv 3's.
    """
    trained = [acc[f"trained conv {i}"] for i in (1, 2, 3)]
    untrained = max(acc["untrained conv 3"], acc.get("untrained x4 conv 3", 0.0))
    return {
        "learning_decides": bool(lead(acc) >= 0.10),
        "motifs_alone_say_nothing": bool(abs(trained[0] - 0.5) <= 0.10),
        "each_layer_adds": bool(min(np.diff(trained)) >= 0.05),
        "last_layer_is_the_network": bool(abs(trained[2] - acc["MotifNet itself"]) <= 0.03),
        "training_makes_it": bool(trained[2] - untrained >= 0.15),
    }


#: The rows of :data:`SEED_RUN`, in order.
RECORDED_ROWS = ("raw series", "random convolutions", "boosting on random convolutions",
                 "untrained conv 1", "untrained conv 2", "untrained conv 3",
                 "untrained x4 conv 1", "untrained x4 conv 2", "untrained x4 conv 3",
                 "trained conv 1", "trained conv 2", "trained conv 3", "MotifNet itself")
#: The study over ten seeds (0-4, and 10-14: seeds the notebook never runs, boosting included),
#: read from the record ``motifs`` (:func:`dlfaq.studies.recorded.load`; ``python -m tools.record
#: motifs`` writes it): ``seeds`` is {seed: :func:`study`'s ``accuracy``} (rows
#: :data:`RECORDED_ROWS`), ``search`` the learning rate's validation scores (seed 0); ``date``,
#: ``machine`` and ``command`` say where it came from, ``meta`` is the record's.
_RECORD = recorded.load("motifs")
SEED_RUN = {
    **{key: _RECORD["meta"]["study"][key] for key in ("date", "machine")},
    "command": "python -m tools.record motifs",
    "meta": _RECORD["meta"],
    "search": {"lr": tuple(_RECORD["search"]["lr"]), "scores": tuple(_RECORD["search"]["scores"])},
    "seeds": {int(seed): acc for seed, acc in _RECORD["study"].items()},
}
