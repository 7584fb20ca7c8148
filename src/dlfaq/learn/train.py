"""Training loops: mini-batch gradient descent on torch models, with an optional progress bar.

:func:`fit` trains any classifier that maps a float tensor to logits, on the device
:func:`dlfaq.setup` chose unless told otherwise, and returns plain numbers under the series'
result keys (``train_loss``, ``train_accuracy``, ``test_loss``, ``test_accuracy``,
``train_seconds``, ``n_parameters``, ``history``, ``device``). :func:`validation_split` carves
the validation set every study chooses its settings on. Backpropagation itself is written out
in notebook 02; from there on torch's autograd computes gradients and this loop uses them.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_array, check_device, check_labels
from dlfaq.core.config import device_of, resolve_device
from dlfaq.core.doors import Array, Choice, Device, Float, Int, Labels, Switch, door
from dlfaq.learn import optim
from dlfaq.learn.nets import n_parameters

__all__ = ["OPTIMIZERS", "SCHEDULES", "as_tensors", "evaluate", "fit", "validation_split"]

OPTIMIZERS = ("sgd", "adam")
SCHEDULES = ("constant", "onecycle")


def as_tensors(X, y=None, device: str | None = None):
    """Float32 inputs and int64 labels as torch tensors on ``device`` (default: the CPU, where
    :func:`fit` and :func:`evaluate` hand models back)."""
    device = check_device("device", device) or "cpu"
    X = torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)
    if y is None:
        return X
    return X, torch.as_tensor(np.asarray(y), dtype=torch.long, device=device)


@torch.no_grad()
@door(batch_size=Int(1, cheap=4096), device=Device())
def evaluate(model: nn.Module, X, y, device: str | None = None, batch_size: int = 2048) -> dict:
    """Mean cross-entropy and accuracy of ``model`` on (X, y), in eval mode.

    ``device``: where to evaluate, chosen as :func:`fit` chooses; the model comes back where
    it was.
    Returns ``{"loss": ..., "accuracy": ...}``.
    """
    device = _resolve_device(model, device)
    home = device_of(model)
    model.to(device)
    X, y = _check_data(model, "X", X, "y", y, device)
    was_training = model.training
    model.eval()
    losses, correct = [], 0
    for start in range(0, len(X), batch_size):
        logits = model(X[start:start + batch_size])
        target = y[start:start + batch_size]
        losses.append(nn.functional.cross_entropy(logits, target, reduction="sum").item())
        correct += (logits.argmax(1) == target).sum().item()
    model.train(was_training)
    model.to(home)
    return {"loss": sum(losses) / len(X), "accuracy": correct / len(X)}


@door(steps=Int(1, 10_000_000, cheap=5), batch_size=Int(1, cheap=64),
      lr=Float(0.0, low_inclusive=False), optimizer=Choice(OPTIMIZERS), weight_decay=Float(0.0),
      schedule=Choice(SCHEDULES), seed=Int(0), device=Device())
def fit(model: nn.Module, X_train, y_train, *, X_test=None, y_test=None, steps: int = 1000,
        batch_size: int = 128, lr: float = 1e-3, optimizer: str = "adam",
        weight_decay: float = 0.0, seed: int = 0, device: str | None = None,
        progress: bool = False, description: str = "training", callback=None,
        schedule: str = "constant") -> dict:
    """Train ``model`` by mini-batch gradient descent on the cross-entropy.

    Parameters
    ----------
    model : nn.Module mapping (n, ...) float inputs to (n, classes) logits
    X_train, y_train : arrays; labels are class indices
    X_test, y_test : arrays, optional; evaluated once at the end
    steps : int, default 1000
        Optimiser steps (1 to 10,000,000); batches are drawn with replacement of epochs.
    batch_size : int, default 128
    lr : float, default 1e-3
    optimizer : {"sgd", "adam"}, default "adam"
        :class:`dlfaq.learn.optim.SGD` or :class:`dlfaq.learn.optim.Adam` (torch's, written out).
    weight_decay : float, default 0.0
    seed : int, default 0
        Seed of the batch order (a private generator; global RNGs are untouched).
    device : str, optional
        Where to train; the model moves there for the training and comes back where it was
        (so a notebook can read its weights with NumPy after training on a GPU). Default
        (None): the device the model's
        parameters are on when that is not the CPU (the caller put it there), else the one
        :func:`dlfaq.setup` chose (:func:`dlfaq.core.config.default_device`; "cpu" before any
        ``setup()``).
    progress : bool, default False
        Show a ``tqdm`` progress bar.
    callback : callable(step, model, loss) -> None, optional
        Called after every step (for measurements during training).
    schedule : {"constant", "onecycle"}, default "constant"
        The learning rate: ``lr`` throughout, or a one-cycle schedule
        (:func:`dlfaq.learn.optim.one_cycle`, torch's ``OneCycleLR``: warm up to ``lr`` over the
        first 30% of the steps, then anneal towards 0, the momentum moving the other way).

    Returns
    -------
    dict with ``train_loss`` and ``train_accuracy`` (:func:`evaluate` on the training data at
    the end), ``test_loss`` and ``test_accuracy`` (the same on the test data; None without
    it), ``train_seconds`` (wall time of the loop), ``n_parameters`` (trainable,
    :func:`dlfaq.learn.nets.n_parameters`), ``history`` (steps,) the mini-batch loss of every step,
    and ``device``.
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    device = _resolve_device(model, device)
    home = device_of(model)
    model.to(device)
    X, y = _check_data(model, "X_train", X_train, "y_train", y_train, device)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test go together: give both or neither")
    if X_test is not None:
        _check_data(model, "X_test", X_test, "y_test", y_test, device)
    opt_class = optim.Adam if optimizer == "adam" else optim.SGD
    opt = opt_class(model.parameters(), lr=lr, weight_decay=weight_decay)
    rates = optim.one_cycle(steps, lr) if schedule == "onecycle" else None
    generator = torch.Generator().manual_seed(seed)
    losses = np.empty(steps)
    bar = _progress(steps, description, progress)
    model.train()
    start = time.perf_counter()
    order, position = torch.randperm(len(X), generator=generator), 0
    for step in range(steps):
        if position + batch_size > len(X):
            order, position = torch.randperm(len(X), generator=generator), 0
        index = order[position:position + batch_size].to(device)
        position += batch_size
        if rates is not None:
            opt.lr, opt.momentum = next(rates)
        loss = nn.functional.cross_entropy(model(X[index]), y[index])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses[step] = loss.item()
        if callback is not None:
            callback(step, model, losses[step])
        if bar is not None:
            bar.update(1)
            if step % 50 == 0:
                bar.set_postfix(loss=f"{losses[step]:.3f}")
    seconds = time.perf_counter() - start
    if bar is not None:
        bar.close()
    train = evaluate(model, X_train, y_train, device)
    test = (None if X_test is None else evaluate(model, X_test, y_test, device)) or {}
    model.to(home)
    return {"train_loss": train["loss"], "train_accuracy": train["accuracy"],
            "test_loss": test.get("loss"), "test_accuracy": test.get("accuracy"),
            "train_seconds": seconds, "n_parameters": n_parameters(model),
            "history": losses, "device": str(device)}


@door(fraction=Float(0.0, 1.0, low_inclusive=False, high_inclusive=False),
      X=Array(ndim=2, min_rows=2), y=Labels("X"), seed=Int(0), stratify=Switch())
def validation_split(X, y, fraction: float = 0.2, seed: int = 0, *, stratify: bool = False):
    """``(X_fit, y_fit, X_val, y_val)``: a validation set carved from training data.

    Settings are chosen on (X_val, y_val); the test set is never looked at for a choice.

    Parameters
    ----------
    X, y : arrays (n, d) and (n,)
    fraction : float, default 0.2
        Share of the rows held out (0 < fraction < 1).
    seed : int, default 0
        Fixes which rows.
    stratify : bool, default False
        False: a seeded random ``round(fraction * n)`` rows (at least one). True: each class
        in its own proportion (scikit-learn's stratified ``train_test_split``,
        ``ceil(fraction * n)`` rows), refused when a side would miss a class.
    """
    if not stratify:
        order = np.random.default_rng(seed).permutation(len(X))
        n_val = max(1, round(fraction * len(X)))
        fit, val = order[n_val:], order[:n_val]
        return X[fit], y[fit], X[val], y[val]
    from sklearn.model_selection import train_test_split

    n_classes, n_val = len(np.unique(y)), int(np.ceil(fraction * len(X)))
    if not n_classes <= n_val <= len(X) - n_classes:
        raise ValueError(f"fraction={fraction!r} leaves {n_val} of {len(X)} samples for "
                         f"validation; each side needs at least one sample of each of the "
                         f"{n_classes} classes")
    X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=fraction,
                                                  random_state=seed, stratify=np.asarray(y))
    return X_fit, y_fit, X_val, y_val


def _check_model(model) -> nn.Module:
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return model


def _check_data(model: nn.Module, x_name: str, X, y_name: str, y, device: str):
    """Inputs and labels checked against the model itself, as tensors on ``device``.

    One sample is passed through the model (in eval mode, no gradient) so that inputs of the
    wrong width and labels beyond the model's outputs are refused here, in words, instead of
    deep inside torch ("mat1 and mat2 shapes cannot be multiplied", "Target 5 is out of
    bounds").
    """
    _check_model(model)
    X = check_array(x_name, X, dtype=np.float32, min_rows=1)
    if X.ndim < 2:
        raise ValueError(f"{x_name} must have one row per sample (at least 2-D), "
                         f"got shape {X.shape}")
    labels = check_labels(y_name, y, X.shape[0])
    X = torch.as_tensor(X, device=device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            logits = model(X[:1])
    except RuntimeError as err:
        raise ValueError(f"{x_name} does not fit the model: samples of shape "
                         f"{tuple(X.shape[1:])} cannot be fed to it ({err})") from None
    finally:
        model.train(was_training)
    if logits.ndim != 2:
        raise ValueError(f"the model must map {x_name} to (n, classes) logits, "
                         f"got output shape {tuple(logits.shape)}")
    check_labels(y_name, labels, X.shape[0], n_classes=logits.shape[1])
    return X, torch.as_tensor(labels, dtype=torch.long, device=device)


def _resolve_device(model, device) -> str:
    """:func:`dlfaq.core.config.resolve_device` for ``model`` (checked first)."""
    return resolve_device(device, _check_model(model))


def _progress(total: int, description: str, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, leave=False, mininterval=0.5)
