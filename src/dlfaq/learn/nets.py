"""Networks of the series, built in PyTorch from one configurable builder.

:class:`MLP` is a stack of fully connected hidden layers whose depth, width, activation and
initialisation are arguments, with optional batch normalisation and residual (skip)
connections: the same builder serves the XOR net of notebook 02, the vanishing-gradient
explorer of notebook 03 and every row of notebook 04's comparison table. Weights are drawn from
a ``torch.Generator`` seeded by ``seed=``: building a net never touches torch's global RNG.
:func:`n_parameters` counts a network's trainable parameters (every network of the series).
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Choice, Float, Int, Switch, door

__all__ = ["ACTIVATIONS", "INITS", "MLP", "n_parameters"]

ACTIVATIONS = {"sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "relu": nn.ReLU}
INITS = {
    "default": "PyTorch's default: U(-1/sqrt(n_in), 1/sqrt(n_in)) for weights and biases",
    "nielsen": "Nielsen's: weights N(0, 1/n_in), biases N(0, 1)",
    "xavier": "Glorot & Bengio: weights N(0, 2/(n_in + n_out)), biases 0",
    "he": "He et al.: weights N(0, 2/n_in), biases 0",
    "large": "large weights N(0, 16/n_in), biases 0: gradients explode (ReLU) or units saturate",
}


def _init_linear(layer: nn.Linear, init: str, generator: torch.Generator) -> None:
    """Initialise one Linear layer in place with the named scheme (see :data:`INITS`)."""
    n_out, n_in = layer.weight.shape
    with torch.no_grad():
        if init == "default":
            bound = 1.0 / math.sqrt(n_in)
            layer.weight.uniform_(-bound, bound, generator=generator)
            layer.bias.uniform_(-bound, bound, generator=generator)
            return
        std = {"nielsen": math.sqrt(1.0 / n_in), "xavier": math.sqrt(2.0 / (n_in + n_out)),
               "he": math.sqrt(2.0 / n_in), "large": 4.0 / math.sqrt(n_in)}[init]
        layer.weight.normal_(0.0, std, generator=generator)
        if init == "nielsen":
            layer.bias.normal_(0.0, 1.0, generator=generator)
        else:
            layer.bias.zero_()


class MLP(nn.Module):
    """A multi-layer perceptron: ``depth`` hidden layers, then a linear output layer.

    Parameters
    ----------
    n_in, n_out : int
        Input features and output classes (the output layer gives logits).
    depth : int, default 1
        Number of hidden layers (1 to 200).
    width : int or list of int, default 32
        Units per hidden layer (1 to 4096), one number for all or one per hidden layer.
    activation : {"sigmoid", "tanh", "relu"}, default "sigmoid"
    init : {"default", "nielsen", "xavier", "he", "large"}, default "default"
        See :data:`INITS`.
    batch_norm : bool, default False
        Batch-normalise every hidden layer's pre-activation (Ioffe & Szegedy, 2015).
    residual : bool, default False
        From the second hidden layer on, add the layer's input to its output,
        h <- h + residual_scale * f(h) (He et al., 2016). Needs equal hidden widths.
    residual_scale : float, default 1.0
        Factor on the residual branch (0 < scale <= 1); small values keep deep plain-init
        residual nets from blowing up without batch norm.
    seed : int, default 0
        Seed of the weights.
    """

    @door(n_in=Int(1, cheap=16), n_out=Int(1, cheap=8), depth=Int(1, 200, cheap=6),
          activation=Choice(tuple(ACTIVATIONS)), init=Choice(tuple(INITS)),
          residual_scale=Float(0.0, 1.0, low_inclusive=False), batch_norm=Switch(),
          residual=Switch(), seed=Int(0))
    def __init__(self, n_in: int, n_out: int, depth: int = 1, width=32,
                 activation: str = "sigmoid", init: str = "default", batch_norm: bool = False,
                 residual: bool = False, residual_scale: float = 1.0, seed: int = 0):
        super().__init__()
        widths = [width] * depth if not isinstance(width, list | tuple) else list(width)
        if len(widths) != depth:
            raise ValueError(f"width lists one size per hidden layer: got {len(widths)} sizes "
                             f"for depth={depth}")
        widths = [check_int("width", w, low=1, high=4096) for w in widths]
        if residual and len(set(widths)) > 1:
            raise ValueError(
                f"residual=True needs all hidden layers the same width, got {widths}: a skip "
                "connection adds a layer's input to its output, so both must have one size")
        self.config = {"n_in": n_in, "n_out": n_out, "depth": depth, "widths": widths,
                       "activation": activation, "init": init, "batch_norm": batch_norm,
                       "residual": residual, "residual_scale": residual_scale, "seed": seed}
        sizes = [n_in, *widths]
        with torch.random.fork_rng(devices=[]):  # nn.Linear's own init draws from the global RNG
            self.hidden = nn.ModuleList(nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:],
                                                                        strict=True))
            self.norms = nn.ModuleList(nn.BatchNorm1d(w) if batch_norm else nn.Identity()
                                       for w in widths)
            self.act = ACTIVATIONS[activation]()
            self.out = nn.Linear(widths[-1], n_out)
        generator = torch.Generator().manual_seed(seed)
        for layer in [*self.hidden, self.out]:
            _init_linear(layer, init, generator)

    @property
    def linears(self) -> list[nn.Linear]:
        """Every Linear layer, input side first; the last one is the output layer."""
        return [*self.hidden, self.out]

    def forward(self, x: torch.Tensor, return_activations: bool = False):
        """Logits (n, n_out); with ``return_activations`` also the list of hidden activations."""
        activations = []
        h = x
        for i, (layer, norm) in enumerate(zip(self.hidden, self.norms, strict=True)):
            a = self.act(norm(layer(h)))
            h = h + self.config["residual_scale"] * a if self.config["residual"] and i > 0 else a
            activations.append(h)
        logits = self.out(h)
        return (logits, activations) if return_activations else logits

    def n_parameters(self) -> int:
        """Number of trainable parameters (:func:`n_parameters`)."""
        return n_parameters(self)


def n_parameters(model: nn.Module) -> int:
    """Number of trainable parameters of ``model`` (those with ``requires_grad``): the one
    count the series reports, for every network."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)
