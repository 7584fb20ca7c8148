"""Memorising and generalising, measured on MNIST-1D (notebook 08, section 2).

:func:`random_label_curves` trains notebook 06's MLP or ConvNet on the training series with
their labels shuffled (Zhang et al., 2017: networks memorise random labels too, so their size
alone cannot explain why they generalise on real ones). :class:`SeededDropout` and
:func:`with_dropout` switch **dropout** on in a :class:`dlfaq.nets.MLP` (every hidden unit
zeroed with probability ``p`` at each training step, the rest scaled by ``1 / (1 - p)``;
nothing in evaluation), and :func:`dropout_curves` measures what it does. The curves are
:func:`dlfaq.choices.learning_curves`'. No plotting here.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlfaq._checks import check_choice, check_float, check_int


class SeededDropout(nn.Module):
    """Dropout whose masks come from a private generator seeded by ``seed`` (torch's own
    ``nn.Dropout`` draws from the global generator)."""

    def __init__(self, p: float = 0.5, seed: int = 0):
        super().__init__()
        self.p = check_float("p", p, low=0.0, high=1.0)
        if self.p >= 1.0:
            raise ValueError(f"p must be below 1 (1 would zero every unit), got {p!r}")
        self.generator = torch.Generator().manual_seed(check_int("seed", seed, low=0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.p
        return x * keep.to(x.device) / (1 - self.p)


def with_dropout(model, p: float = 0.5, seed: int = 0):
    """Switch dropout on in a :class:`dlfaq.nets.MLP`: after every hidden layer's activation,
    in training mode only. Returns the same model."""
    from dlfaq import nets

    if not isinstance(model, nets.MLP):
        raise TypeError(f"model must be a dlfaq.nets.MLP, got {type(model).__name__}")
    model.act = nn.Sequential(model.act, SeededDropout(p, seed))
    return model


def _split_and_net(name: str, seed: int, n_train: int):
    from dlfaq import choices, convnets, nets

    check_choice("name", name, ("MLP", "ConvNet"))
    split = choices.mnist1d_split(check_int("n_train", n_train, low=10, high=3000))
    model = (nets.MLP(40, 10, depth=2, width=100, activation="relu", init="he", seed=seed)
             if name == "MLP" else convnets.ConvNet1D(length=40, channels=25, seed=seed))
    return split, model


def random_label_curves(name: str = "MLP", *, steps: int = 3000, every: int = 500,
                        n_train: int = 3000, seed: int = 0, device=None) -> dict:
    """:func:`dlfaq.choices.learning_curves` of notebook 06's MLP or ConvNet on the first
    ``n_train`` training series with their labels **shuffled** (a permutation drawn from
    ``seed``): what fraction of pure noise it memorises in ``steps`` steps. The validation
    series keep their true labels (chance: 10%). The recipe is
    :data:`dlfaq.choices.CURVE_RECIPES`' without weight decay."""
    from dlfaq import choices

    seed = check_int("seed", seed, low=0)
    steps, every = check_int("steps", steps, low=1), check_int("every", every, low=1)
    split, model = _split_and_net(name, seed, n_train)
    shuffled = np.random.default_rng(seed).permutation(split["y_train"])
    curves = choices.learning_curves(model, split["X_train"], shuffled, split["X_val"],
                                     split["y_val"], every=every, steps=steps, batch_size=100,
                                     lr=choices.CURVE_RECIPES[name]["lr"], seed=seed,
                                     device=device)
    curves.update(model=name, labels="shuffled", n_train=len(shuffled))
    return curves


def dropout_curves(p: float = 0.5, *, n_train: int = 3000, steps: int = 1000, every: int = 100,
                   seed: int = 0, device=None) -> dict:
    """:func:`dlfaq.choices.learning_curves` of notebook 06's MLP with dropout ``p`` on its
    hidden units, on MNIST-1D, with section 2's recipe (no weight decay): the dropout row
    next to :func:`dlfaq.choices.mnist1d_curves`' ones."""
    from dlfaq import choices

    seed = check_int("seed", seed, low=0)
    steps, every = check_int("steps", steps, low=1), check_int("every", every, low=1)
    split, model = _split_and_net("MLP", seed, n_train)
    with_dropout(model, p, seed)
    curves = choices.learning_curves(model, split["X_train"], split["y_train"], split["X_val"],
                                     split["y_val"], X_test=split["X_test"],
                                     y_test=split["y_test"], every=every, steps=steps,
                                     batch_size=100, lr=choices.CURVE_RECIPES["MLP"]["lr"],
                                     seed=seed, device=device)
    curves.update(model="MLP", regulariser=f"dropout {p:g}", n_train=n_train)
    return curves
