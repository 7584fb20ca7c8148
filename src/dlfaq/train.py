"""Training loops: mini-batch gradient descent on torch models, with a progress bar.

:func:`fit` trains any classifier that maps a float tensor to logits, on the CPU by default or
on the device :func:`dlfaq.setup` chose, and returns plain numbers (loss per step, test
accuracy, seconds). Backpropagation itself is written out in notebook 02; from there on torch's
autograd computes gradients and this loop uses them.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from dlfaq._checks import (
    check_array,
    check_choice,
    check_device,
    check_float,
    check_int,
    check_labels,
)

OPTIMIZERS = ("sgd", "adam")
SCHEDULES = ("constant", "onecycle")


def as_tensors(X, y=None, device: str = "cpu"):
    """Float32 inputs and int64 labels as torch tensors on ``device``."""
    X = torch.as_tensor(np.asarray(X), dtype=torch.float32, device=device)
    if y is None:
        return X
    return X, torch.as_tensor(np.asarray(y), dtype=torch.long, device=device)


@torch.no_grad()
def evaluate(model: nn.Module, X, y, device: str | None = None, batch_size: int = 2048) -> dict:
    """Mean cross-entropy and accuracy of ``model`` on (X, y), in eval mode."""
    device = check_device("device", device) or _model_device(_check_model(model))
    _check_model(model)
    batch_size = check_int("batch_size", batch_size, low=1)
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
    return {"loss": sum(losses) / len(X), "accuracy": correct / len(X)}


def fit(model: nn.Module, X_train, y_train, *, X_test=None, y_test=None, steps: int = 1000,
        batch_size: int = 128, lr: float = 1e-3, optimizer: str = "adam",
        weight_decay: float = 0.0, seed: int = 0, device: str | None = None,
        progress: bool = True, description: str = "training", callback=None,
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
    weight_decay : float, default 0.0
    seed : int, default 0
        Seed of the batch order (a private generator; global RNGs are untouched).
    device : str, optional
        Where to train; default: where the model's parameters are.
    progress : bool, default True
        Show a ``tqdm`` progress bar.
    callback : callable(step, model, loss) -> None, optional
        Called after every step (for measurements during training).
    schedule : {"constant", "onecycle"}, default "constant"
        The learning rate: ``lr`` throughout, or a one-cycle schedule (torch's ``OneCycleLR``:
        warm up to ``lr`` over the first 30% of the steps, then anneal towards 0).

    Returns
    -------
    dict with ``train_loss`` (steps,) the mini-batch loss of each step, ``train`` and ``test``
    (``evaluate`` results at the end; ``test`` is None without test data), ``seconds`` (wall
    time of the loop) and ``device``.
    """
    steps = check_int("steps", steps, low=1, high=10_000_000)
    batch_size = check_int("batch_size", batch_size, low=1)
    lr = check_float("lr", lr, low=0.0, low_inclusive=False)
    check_choice("optimizer", optimizer, OPTIMIZERS)
    weight_decay = check_float("weight_decay", weight_decay, low=0.0)
    check_choice("schedule", schedule, SCHEDULES)
    seed = check_int("seed", seed, low=0)
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable or None, got {type(callback).__name__}")
    device = check_device("device", device) or _model_device(_check_model(model))
    _check_model(model).to(device)
    X, y = _check_data(model, "X_train", X_train, "y_train", y_train, device)
    if (X_test is None) != (y_test is None):
        raise ValueError("X_test and y_test go together: give both or neither")
    if X_test is not None:
        _check_data(model, "X_test", X_test, "y_test", y_test, device)
    opt_class = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    opt = opt_class(model.parameters(), lr=lr, weight_decay=weight_decay)
    scheduler = (torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
                 if schedule == "onecycle" else None)
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
        loss = nn.functional.cross_entropy(model(X[index]), y[index])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
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
    result = {"train_loss": losses, "seconds": seconds, "device": str(device),
              "train": evaluate(model, X_train, y_train, device)}
    result["test"] = None if X_test is None else evaluate(model, X_test, y_test, device)
    return result


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


def _model_device(model: nn.Module) -> str:
    try:
        return str(next(model.parameters()).device)
    except StopIteration:
        return "cpu"


def _progress(total: int, description: str, enabled: bool):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, leave=False, mininterval=0.5)
