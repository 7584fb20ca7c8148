"""The linear probe (notebook 07): one fixed model, standardise then logistic regression, handed
one representation at a time; :func:`probe_table` runs it on every representation of the
notebook's table and :func:`table` prints it."""

from __future__ import annotations

import warnings

import numpy as np

from dlfaq.core.checks import check_array
from dlfaq.core.doors import Array, Int, Labels, door
from dlfaq.core.tables import format_table
from dlfaq.learn import data, features, train
from dlfaq.studies.probes.networks import NETWORKS, layer_activations, train_networks

__all__ = ["CS", "MAX_ITER", "N_KERNELS", "RANDOM_CONV_CS", "VAL_FRACTION", "accuracies", "probe",
           "probe_table", "random_conv_probe", "table"]

#: Penalty strengths the probe chooses from (on the validation split).
CS = (0.01, 0.1, 1.0)
#: lbfgs iterations per fit: part of the probe's fixed settings (a few fits stop there).
MAX_ITER = 300
#: Kernels of the random-convolution row of :func:`probe_table`: notebook 06's.
N_KERNELS = 100
#: Share of the training set held out to choose ``C``.
VAL_FRACTION = 0.2


@door(F_train=Array(ndim=2, example=(30, 3)), F_test=Array(ndim=2, example=(6, 3)),
      y_train=Labels("F_train"), y_test=Labels("F_test"), max_iter=Int(1, cheap=50),
      seed=Int(0))
def probe(F_train, y_train, F_test, y_test, *, Cs=CS, val_fraction: float = VAL_FRACTION,
          max_iter: int = MAX_ITER, seed: int = 0) -> dict:
    """The linear probe on one representation: standardise, then logistic regression.

    The training rows are split once (:func:`dlfaq.learn.train.validation_split`: ``val_fraction``
    held out, chosen with ``seed``); one
    probe per ``C`` in ``Cs`` is fitted on the rest, the best on the held-out rows is kept and
    scored on the test set. The standardisation is fitted on the fitting rows only.

    Returns a dict with ``C``, ``val_accuracy`` and ``test_accuracy`` (0..1), ``dims`` and
    ``converged`` (False when the kept fit stopped at ``max_iter``).
    """
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    if F_train.shape[1] != F_test.shape[1]:
        raise ValueError(f"F_train and F_test differ in width: {F_train.shape[1]} vs "
                         f"{F_test.shape[1]} features")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be between 0 and 1, got {val_fraction!r}")
    Cs = tuple(float(c) for c in Cs)
    if not Cs or min(Cs) <= 0:
        raise ValueError(f"Cs must be positive penalty strengths, got {Cs!r}")
    F_fit, y_fit, F_val, y_val = train.validation_split(F_train, y_train, val_fraction, seed)
    if len(np.unique(y_fit)) < 2:
        raise ValueError("y_train must hold at least two classes outside the held-out rows "
                         "(a probe separates classes)")
    scaler = StandardScaler().fit(F_fit)
    Z_fit, Z_val, Z_test = (scaler.transform(F) for F in (F_fit, F_val, F_test))
    best = None
    for C in Cs:
        model = LogisticRegression(C=C, max_iter=max_iter)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(Z_fit, y_fit)
        score = model.score(Z_val, y_val)
        if best is None or score > best[1]:
            best = (C, score, model)
    C, val_accuracy, model = best
    return {"C": C, "val_accuracy": float(val_accuracy),
            "test_accuracy": float(model.score(Z_test, y_test)), "dims": F_train.shape[1],
            "converged": bool(model.n_iter_.max() < max_iter)}


#: Penalties the probe chooses from on random-convolution features (thousands of them: the
#: best penalty is smaller than on a layer's few hundred activations).
RANDOM_CONV_CS = (1e-4, 1e-3, 1e-2, 0.1, 1.0)


@door(X_train=Array(ndim=2, min_rows=2, example=(20, 12)), n_kernels=Int(1, 20_000, cheap=3),
      seed=Int(0))
def random_conv_probe(X_train, y_train, X_test, y_test, *, n_kernels: int = 100,
                      seed: int = 0, Cs=RANDOM_CONV_CS) -> dict:
    """The strongest fixed features of the series, read by the probe: ``n_kernels`` random
    convolution kernels drawn with ``seed`` (:func:`dlfaq.learn.features.random_kernels`, ROCKET's
    recipe; Jarrett et al. 2009 and Saxe et al. 2011 studied random conv features before),
    each pooled to max and ppv (:func:`dlfaq.learn.features.random_conv_features`), then
    :func:`probe` (standardise, logistic regression, ``C`` chosen from ``Cs`` on held-out
    training rows).

    ``X_train`` and ``X_test`` are 1-D series, (n, length) with length >= 11. Returns
    :func:`probe`'s dict plus ``n_kernels``.
    """
    X_test = check_array("X_test", X_test, ndim=2, shape=(None, X_train.shape[1]), min_rows=1)
    kernels = features.random_kernels(n_kernels, X_train.shape[1], seed)
    result = probe(features.random_conv_features(X_train, kernels), y_train,
                   features.random_conv_features(X_test, kernels), y_test, Cs=Cs, seed=seed)
    return {**result, "n_kernels": n_kernels}


@door(seed=Int(0))
def probe_table(seed: int = 0, *, networks: dict | None = None, device: str | None = None,
                progress: bool = False, cache_dir=None) -> dict:
    """Every probe of notebook 07 on MNIST-1D's published split.

    ``networks``: what :func:`train_networks` returned (trained here when None, on ``device``:
    default the device :func:`dlfaq.setup` chose).

    Returns a dict with ``rows`` (list of dicts, in table order: ``network`` ("input",
    "engineered", "random" (:func:`random_conv_probe`, notebook 06's :data:`N_KERNELS`
    kernels), or one of :data:`NETWORKS`), ``layer``, ``depth`` (0 for the inputs, then
    1, 2, ...), ``last`` (True for the layer that feeds the output) and :func:`probe`'s keys),
    ``test_accuracy`` (the networks' own) and ``networks``.
    """
    if networks is None:
        networks = train_networks(seed, device=device, progress=progress, cache_dir=cache_dir)
    split = data.load_mnist1d()
    X_train, y_train, X_test, y_test = (split[k] for k in ("X_train", "y_train", "X_test",
                                                           "y_test"))
    inputs = [("input", "raw series", X_train, X_test),
              ("engineered", "|FFT|", features.fft_features(X_train),
               features.fft_features(X_test))]
    rows = [{"network": network, "layer": layer, "depth": 0, "last": False,
             **probe(A, y_train, B, y_test, seed=seed)} for network, layer, A, B in inputs]
    rows.append({"network": "random", "layer": "random convolutions", "depth": 0,
                 "last": False, **random_conv_probe(X_train, y_train, X_test, y_test,
                                                    n_kernels=N_KERNELS, seed=seed)})
    for network in NETWORKS:
        model = networks["models"][network]
        train_acts = layer_activations(model, X_train)
        test_acts = layer_activations(model, X_test)
        for depth, layer in enumerate(train_acts, start=1):
            rows.append({"network": network, "layer": layer, "depth": depth,
                         "last": depth == len(train_acts),
                         **probe(train_acts[layer], y_train, test_acts[layer], y_test,
                                 seed=seed)})
    return {"rows": rows, "test_accuracy": dict(networks["test_accuracy"]),
            "networks": networks}


def accuracies(result: dict) -> dict:
    """{(network, layer): probe test accuracy} of a :func:`probe_table` result."""
    return {(r["network"], r["layer"]): r["test_accuracy"] for r in result["rows"]}


def table(result: dict) -> str:
    """A :func:`probe_table` result as plain text (:func:`dlfaq.core.tables.format_table`): one
    probe per line, then the networks' own accuracy (whole percent)."""
    names = {"input": "raw series (40 samples)", "engineered": "|FFT| features (engineered)",
             "random": f"random convolutions ({N_KERNELS} kernels, fixed)"}
    rows = [{**row, "name": names.get(row["network"], f"{row['network']}: {row['layer']}")
             + (" -> output" if row["last"] else "")} for row in result["rows"]]
    rows += [{"name": f"{network} itself (its own output layer)", "test_accuracy": value}
             for network, value in result["test_accuracy"].items()]
    return format_table(rows, [("name", "probe input"), ("dims", "dims", "d"),
                               ("C", "C", "g"), ("test_accuracy", "probe test acc.", ".0%")])
