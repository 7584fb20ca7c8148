"""Memorising and generalising, measured on MNIST-1D (notebook 08, section 2).

:func:`random_label_curves` trains notebook 06's MLP or ConvNet on the training series with
their labels shuffled (Zhang et al., 2017: networks memorise random labels too, so their size
alone cannot explain why they generalise on real ones). :class:`SeededDropout` and
:func:`with_dropout` switch **dropout** on in a :class:`dlfaq.learn.nets.MLP` (every hidden unit
zeroed with probability ``p`` at each training step, the rest scaled by ``1 / (1 - p)``;
nothing in evaluation), and :func:`dropout_curves` measures what it does. The curves are
:func:`learning_curves`'. No plotting here.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn

from dlfaq.core.config import device_of
from dlfaq.core.doors import Array, Choice, Float, Int, Labels, door
from dlfaq.learn import nets, train

__all__ = ["CURVE_RECIPES", "REGULARISERS", "SeededDropout", "ShiftAugment", "dropout_curves",
           "learning_curves", "mnist1d_curves", "mnist1d_split", "random_label_curves",
           "with_dropout"]


class ShiftAugment(nn.Module):
    """Wraps a model on series (n, length): while training, each series is shifted circularly
    by a random whole number of positions in [-max_shift, max_shift]; in eval mode the input is
    passed unchanged. The shifts come from a private generator seeded by ``seed``."""

    @door(max_shift=Int(0, cheap=5), seed=Int(0))
    def __init__(self, model: nn.Module, max_shift: int = 5, seed: int = 0):
        super().__init__()
        self.model = model
        self.max_shift = max_shift
        self.generator = torch.Generator().manual_seed(seed)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and self.max_shift > 0:
            x = _shift_series(x, self.max_shift, self.generator)
        return self.model(x)


def _shift_series(x: torch.Tensor, max_shift: int, generator: torch.Generator) -> torch.Tensor:
    """Every row of (n, length) rolled by its own random shift in [-max_shift, max_shift]."""
    n, length = x.shape[0], x.shape[-1]
    x = x.reshape(n, length)
    shifts = torch.randint(-max_shift, max_shift + 1, (n, 1), generator=generator)
    index = (torch.arange(length).unsqueeze(0) - shifts) % length
    return torch.gather(x, 1, index.to(x.device))


@door(every=Int(1, cheap=3), n_train_eval=Int(1, cheap=12),
      X_val=Array(ndim=2, min_rows=1, example=(12, 2)), y_val=Labels("X_val"))
def learning_curves(model: nn.Module, X_train, y_train, X_val, y_val, *, every: int = 100,
                    n_train_eval: int = 1000, X_test=None, y_test=None, **fit_kwargs) -> dict:
    """Train ``model`` with :func:`dlfaq.learn.train.fit` (``fit_kwargs``: steps, lr, ...) and
    record
    its accuracy on (up to ``n_train_eval``) training examples and on the validation set every
    ``every`` steps. The weights at the best validation step are kept (early stopping).

    Returns ``step`` (k,), ``train_accuracy`` (k,), ``val_accuracy`` (k,), ``best_step``,
    ``best_val_accuracy``, ``final_val_accuracy``, ``final_train_accuracy``, ``train_seconds``,
    ``n_parameters``, and with test data ``test_accuracy_final`` / ``test_accuracy_early``
    (the final weights vs the best validation step's).
    """
    # the validation set meets the model before any training: width and label range
    model = train._check_model(model)
    train._check_data(model, "X_val", X_val, "y_val", y_val, device_of(model))
    X_sub, y_sub = np.asarray(X_train)[:n_train_eval], np.asarray(y_train)[:n_train_eval]
    steps, train_acc, val_acc, best = [], [], [], {"val": -1.0, "state": None, "step": 0}

    def record(step, net, _loss):
        if (step + 1) % every:
            return
        steps.append(step + 1)
        train_acc.append(train.evaluate(net, X_sub, y_sub)["accuracy"])
        val_acc.append(train.evaluate(net, X_val, y_val)["accuracy"])
        if val_acc[-1] > best["val"]:
            best.update(val=val_acc[-1], step=step + 1, state=copy.deepcopy(net.state_dict()))

    result = train.fit(model, X_train, y_train, callback=record, **fit_kwargs)
    out = {"step": np.array(steps), "train_accuracy": np.array(train_acc),
           "val_accuracy": np.array(val_acc), "best_step": best["step"],
           "best_val_accuracy": best["val"],
           "final_val_accuracy": val_acc[-1] if val_acc else float("nan"),
           "final_train_accuracy": result["train_accuracy"],
           "train_seconds": result["train_seconds"],
           "n_parameters": nets.n_parameters(model)}
    if X_test is not None:
        out["test_accuracy_final"] = train.evaluate(model, X_test, y_test)["accuracy"]
        if best["state"] is not None:
            final_state = copy.deepcopy(model.state_dict())
            model.load_state_dict(best["state"])
            out["test_accuracy_early"] = train.evaluate(model, X_test, y_test)["accuracy"]
            model.load_state_dict(final_state)
    return out


CURVE_RECIPES = {"MLP": {"lr": 2e-3, "weight_decay": 1e-2},
                 "ConvNet": {"lr": 1e-2, "weight_decay": 1e-3}}
REGULARISERS = ("none", "weight decay", "shift")


@door(n_train=Int(10, 3000))
def mnist1d_split(n_train: int = 3000) -> dict:
    """MNIST-1D's training series split into the first ``n_train`` (training) and the last
    1,000 (validation); its published 1,000 test series kept apart."""
    from dlfaq.learn import data

    d = data.load_mnist1d()
    return {"X_train": d["X_train"][:n_train], "y_train": d["y_train"][:n_train],
            "X_val": d["X_train"][3000:], "y_val": d["y_train"][3000:],
            "X_test": d["X_test"], "y_test": d["y_test"]}


@door(name=Choice(tuple(CURVE_RECIPES)), regulariser=Choice(REGULARISERS), steps=Int(1),
      every=Int(1), max_shift=Int(0), seed=Int(0))
def mnist1d_curves(name: str, regulariser: str = "none", *, n_train: int = 3000,
                   steps: int = 1000, every: int = 100, max_shift: int = 5,
                   seed: int = 0, device=None) -> dict:
    """:func:`learning_curves` of notebook 05's MLP (2 x 100 ReLU) or ConvNet1D on MNIST-1D,
    plain, with weight decay (:data:`CURVE_RECIPES`) or with random shifts (``max_shift``)."""
    from dlfaq.learn import convnets

    split = mnist1d_split(n_train)
    model = (nets.MLP(40, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
             if name == "MLP" else convnets.ConvNet1D(length=40, channels=25, seed=seed))
    if regulariser == "shift":
        model = ShiftAugment(model, max_shift=max_shift, seed=seed)
    recipe = CURVE_RECIPES[name]
    weight_decay = recipe["weight_decay"] if regulariser == "weight decay" else 0.0
    curves = learning_curves(model, split["X_train"], split["y_train"], split["X_val"],
                             split["y_val"], X_test=split["X_test"], y_test=split["y_test"],
                             every=every, steps=steps, batch_size=100, lr=recipe["lr"],
                             weight_decay=weight_decay, seed=seed, device=device)
    curves.update(model=name, regulariser=regulariser, n_train=n_train)
    return curves


#: Dropout's probability: below 1 too (SeededDropout's body says why).
_P = Float(0.0, 1.0, cheap=(0.0, 0.99))


class SeededDropout(nn.Module):
    """Dropout whose masks come from a private generator seeded by ``seed`` (torch's own
    ``nn.Dropout`` draws from the global generator)."""

    @door(p=_P, seed=Int(0))
    def __init__(self, p: float = 0.5, seed: int = 0):
        super().__init__()
        if p >= 1.0:
            raise ValueError(f"p must be below 1 (1 would zero every unit), got {p!r}")
        self.p = p
        self.generator = torch.Generator().manual_seed(seed)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.p
        return x * keep.to(x.device) / (1 - self.p)


@door(p=_P, seed=Int(0))
def with_dropout(model, p: float = 0.5, seed: int = 0):
    """Switch dropout on in a :class:`dlfaq.learn.nets.MLP`: after every hidden layer's activation,
    in training mode only. Returns the same model."""
    from dlfaq.learn import nets

    if not isinstance(model, nets.MLP):
        raise TypeError(f"model must be a dlfaq.learn.nets.MLP, got {type(model).__name__}")
    model.act = nn.Sequential(model.act, SeededDropout(p, seed))
    return model


def _split_and_net(name: str, seed: int, n_train: int):
    from dlfaq.learn import convnets, nets

    split = mnist1d_split(n_train)
    model = (nets.MLP(40, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
             if name == "MLP" else convnets.ConvNet1D(length=40, channels=25, seed=seed))
    return split, model


@door(seed=Int(0), steps=Int(1, cheap=2), every=Int(1, cheap=1), name=Choice(("MLP", "ConvNet")))
def random_label_curves(name: str = "MLP", *, steps: int = 3000, every: int = 500,
                        n_train: int = 3000, seed: int = 0, device=None) -> dict:
    """:func:`learning_curves` of notebook 06's MLP or ConvNet on the first
    ``n_train`` training series with their labels **shuffled** (a permutation drawn from
    ``seed``): what fraction of pure noise it memorises in ``steps`` steps. The validation
    series keep their true labels (chance: 10%). The recipe is
    :data:`CURVE_RECIPES`' without weight decay."""

    split, model = _split_and_net(name, seed, n_train)
    shuffled = np.random.default_rng(seed).permutation(split["y_train"])
    curves = learning_curves(model, split["X_train"], shuffled, split["X_val"],
                                     split["y_val"], every=every, steps=steps, batch_size=100,
                                     lr=CURVE_RECIPES[name]["lr"], seed=seed,
                                     device=device)
    curves.update(model=name, labels="shuffled", n_train=len(shuffled))
    return curves


@door(seed=Int(0), steps=Int(1, cheap=2), every=Int(1), p=_P)
def dropout_curves(p: float = 0.5, *, n_train: int = 3000, steps: int = 1000, every: int = 100,
                   seed: int = 0, device=None) -> dict:
    """:func:`learning_curves` of notebook 06's MLP with dropout ``p`` on its
    hidden units, on MNIST-1D, with section 2's recipe (no weight decay): the dropout row
    next to :func:`mnist1d_curves`' ones."""

    split, model = _split_and_net("MLP", seed, n_train)
    with_dropout(model, p, seed)
    curves = learning_curves(model, split["X_train"], split["y_train"], split["X_val"],
                                     split["y_val"], X_test=split["X_test"],
                                     y_test=split["y_test"], every=every, steps=steps,
                                     batch_size=100, lr=CURVE_RECIPES["MLP"]["lr"],
                                     seed=seed, device=device)
    curves.update(model="MLP", regulariser=f"dropout {p:g}", n_train=n_train)
    return curves
