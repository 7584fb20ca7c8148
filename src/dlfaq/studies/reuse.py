"""Controls for notebook 08's feature-reuse test: features nobody learned, probed the same way.

:func:`reuse_features` shows that a ConvNet's features learned on MNIST-1D digits
0-4 classify digits 5-9 from 20 series each better than a ConvNet trained from scratch. Is
that the *learning*? :func:`reuse_controls` puts two sets of features nobody trained through
the same probe (standardise, then logistic regression with C = 0.1) on the same few series:
**random convolutions** (:func:`dlfaq.learn.features.random_conv_features`, ROCKET-style: max and
proportion of positive values of each random kernel's map) and the **untrained ConvNet** (the
same architecture's last feature maps at its random start). No plotting here.
"""

from __future__ import annotations

import numpy as np
import torch

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Int, door
from dlfaq.learn import train

__all__ = ["reuse_controls", "reuse_features"]


def _few_shot(source, target, n_per_class: int, seed: int):
    """The target digits' few training series and their test series, drawn exactly as
    :func:`reuse_features` draws them (same generator, same order)."""
    from dlfaq.learn import data

    d = data.load_mnist1d()

    def subset(X, y, digits):
        mask = np.isin(y, digits)
        return X[mask], np.searchsorted(np.sort(digits), y[mask])

    Xt, yt = subset(d["X_train"], d["y_train"], list(target))
    rng = np.random.default_rng(seed)
    few = np.concatenate([rng.choice(np.flatnonzero(yt == k), n_per_class, replace=False)
                          for k in range(len(target))])
    X_test, y_test = subset(d["X_test"], d["y_test"], list(target))
    return Xt[few], yt[few], X_test, y_test


@door(n_per_class=Int(1, cheap=2), n_kernels=Int(1, 100_000, cheap=3), seed=Int(0))
def reuse_controls(*, source=(0, 1, 2, 3, 4), target=(5, 6, 7, 8, 9), n_per_class: int = 20,
                   n_kernels: int = 200, seed: int = 0) -> dict:
    """Test accuracy (0..1) on the ``target`` digits of the reuse test's probe on features
    nobody trained: ``random convolutions`` (``n_kernels`` kernels from ``seed``) and
    ``untrained ConvNet`` (:class:`dlfaq.learn.convnets.ConvNet1D` at its random start from
    ``seed``), from ``n_per_class`` training series per digit, the same series as
    :func:`reuse_features` with the same arguments."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dlfaq.learn import convnets, features, train

    source = [check_int("source", d, low=0, high=9) for d in source]
    target = [check_int("target", d, low=0, high=9) for d in target]
    if len(set(target)) < 2 or set(source) & set(target):
        raise ValueError(f"target {target} needs two digits or more, none of source {source}")
    X_few, y_few, X_test, y_test = _few_shot(source, target, n_per_class, seed)

    def probe(train_X, test_X):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
        return float(model.fit(train_X, y_few).score(test_X, y_test))

    kernels = features.random_kernels(n_kernels, X_few.shape[1], seed)
    untrained = convnets.ConvNet1D(length=40, channels=25, n_out=len(target), seed=seed).eval()

    def frozen(X):
        with torch.no_grad():
            return untrained.features(train.as_tensors(X))[-1].flatten(1).numpy()

    return {"random convolutions": probe(features.random_conv_features(X_few, kernels),
                                         features.random_conv_features(X_test, kernels)),
            "untrained ConvNet": probe(frozen(X_few), frozen(X_test)),
            "n_per_class": n_per_class, "n_kernels": n_kernels}


@door(n_per_class=Int(1), source_steps=Int(1), scratch_steps=Int(1), seed=Int(0))
def reuse_features(*, source=(0, 1, 2, 3, 4), target=(5, 6, 7, 8, 9), n_per_class: int = 20,
                   source_steps: int = 1000, scratch_steps: int = 400, seed: int = 0,
                   device=None) -> dict:
    """Features learned on some MNIST-1D digits reused for the others, with little data.

    A ConvNet1D is trained on every training series of the ``source`` digits. Then, for the
    ``target`` digits, with only ``n_per_class`` training series each: a logistic regression on
    the frozen ConvNet's last feature maps ("reused"), the same ConvNet trained from scratch on
    those few series ("scratch") and a logistic regression on the raw series ("raw"). Returns
    their test accuracies on the target digits' test series (0..1) and the source ConvNet's
    test accuracy on its own digits.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from dlfaq.learn import convnets, data

    source = [check_int("source", d, low=0, high=9) for d in source]
    target = [check_int("target", d, low=0, high=9) for d in target]
    if len(set(source)) < 2 or len(set(target)) < 2:
        raise ValueError("source and target need at least two digits each")
    if set(source) & set(target):
        raise ValueError(f"source {source} and target {target} must not share digits")
    d = data.load_mnist1d()

    def subset(X, y, digits):
        mask = np.isin(y, digits)
        return X[mask], np.searchsorted(np.sort(digits), y[mask])

    Xs, ys = subset(d["X_train"], d["y_train"], list(source))
    Xs_test, ys_test = subset(d["X_test"], d["y_test"], list(source))
    base = convnets.ConvNet1D(length=40, channels=25, n_out=len(source), seed=seed)
    fitted = train.fit(base, Xs, ys, X_test=Xs_test, y_test=ys_test, steps=source_steps,
                       batch_size=100, lr=1e-2, seed=seed, device=device)
    Xt, yt = subset(d["X_train"], d["y_train"], list(target))
    rng = np.random.default_rng(seed)
    few = np.concatenate([rng.choice(np.flatnonzero(yt == k), n_per_class, replace=False)
                          for k in range(len(target))])
    X_few, y_few = Xt[few], yt[few]
    Xt_test, yt_test = subset(d["X_test"], d["y_test"], list(target))

    base.eval()

    def frozen(X):
        with torch.no_grad():
            return base.features(train.as_tensors(X))[-1].flatten(1).numpy()

    def probe(train_X, test_X):
        model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
        return float(model.fit(train_X, y_few).score(test_X, yt_test))

    scratch = convnets.ConvNet1D(length=40, channels=25, n_out=len(target), seed=seed)
    scratch_fit = train.fit(scratch, X_few, y_few, X_test=Xt_test, y_test=yt_test,
                            steps=scratch_steps, batch_size=min(100, len(X_few)), lr=1e-2,
                            seed=seed, device=device)
    return {"source_accuracy": fitted["test_accuracy"],
            "reused": probe(frozen(X_few), frozen(Xt_test)),
            "scratch": scratch_fit["test_accuracy"],
            "raw": probe(X_few, Xt_test), "n_per_class": n_per_class,
            "chance": 1.0 / len(target)}
