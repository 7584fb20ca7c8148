"""Greedy layer-wise pretraining: the trick that first made deep nets trainable (2006-2010).

Before ReLU, careful initialisation and batch normalisation, a deep sigmoid net trained from
random weights stayed at chance. Hinton, Osindero & Teh (2006) trained one instead a layer at a
time, without labels: a stack of restricted Boltzmann machines, each trained by contrastive
divergence on the codes of the one below (a deep belief net). Bengio et al. (2007) replaced
each RBM by an *autoencoder*, a layer trained to reconstruct its own input; Vincent et al.
(2008) made it reconstruct from a corrupted copy (a *denoising* autoencoder). This module
implements that autoencoder variant. The pretrained weights are the starting point of ordinary
supervised training ("fine-tuning", :func:`dlfaq.learn.train.fit`).

:func:`pretrain_layerwise` changes the hidden layers of a :class:`dlfaq.learn.nets.MLP` in place and
returns the reconstruction losses; the output layer is left for fine-tuning. Each layer sees its
input standardised, and that standardisation stays folded into the layer:
:func:`standardise_layerwise` does only this part, without any reconstruction (the ablation
that tells the two apart).
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_array
from dlfaq.core.config import resolve_device
from dlfaq.core.doors import Device, Float, Int, door
from dlfaq.learn import optim
from dlfaq.learn.nets import MLP

__all__ = ["MIN_STD", "pretrain_layerwise", "standardise_layerwise"]

#: Floor on a feature's standard deviation when standardising a layer's input (constant
#: features, such as the always-blank corner pixels of the digits, stay 0 after centring).
MIN_STD = 1e-2


@door(steps_per_layer=Int(0, 1_000_000, cheap=3), batch_size=Int(1, cheap=64),
      lr=Float(0.0, low_inclusive=False), corruption=Float(0.0, 0.99), seed=Int(0),
      device=Device())
def pretrain_layerwise(model: MLP, X, *, steps_per_layer: int = 100, batch_size: int = 128,
                       lr: float = 1e-2, corruption: float = 0.3, seed: int = 0,
                       device: str | None = None, progress: bool = False) -> dict:
    """Pretrain every hidden layer of ``model``, bottom up, as a denoising autoencoder.

    Layer k is the encoder ``a = act(W_k z + b_k)`` of its own input, standardised: ``z`` is
    ``h`` (the data for k = 0, else the codes of layer k - 1, computed once with the layers
    below frozen) centred and scaled per feature. A fresh linear decoder maps ``a`` back to
    ``z``. Both minimise the mean squared error between the decoder's output and the clean
    ``z`` when the encoder sees ``z`` with a random fraction ``corruption`` of its entries set
    to zero (to the mean). The standardisation is then folded into ``W_k`` and ``b_k``, so the
    network computes the same function on raw inputs. Labels are never used.

    Parameters
    ----------
    model : dlfaq.learn.nets.MLP
        A plain stack (no batch norm, no residual connections); changed in place.
    X : array of shape (n_samples, model.config["n_in"])
        Unlabelled training inputs.
    steps_per_layer : int, default 100
        Adam steps for each layer's autoencoder (0 to 1,000,000). 0 trains nothing and only
        folds each layer's input standardisation into it (:func:`standardise_layerwise`).
    batch_size : int, default 128
        Mini-batch size (at most n_samples are used); batches are drawn at random.
    lr : float, default 1e-2
        Adam's learning rate.
    corruption : float, default 0.3
        Fraction of input entries zeroed, in [0, 1); 0 gives a plain autoencoder.
    seed : int, default 0
        Seed of the decoders' weights, the batches and the corruption (a private generator).
    device : str, optional
        Where to train; the model is moved there. Default: as :func:`dlfaq.learn.train.fit` chooses
        (:func:`dlfaq.core.config.resolve_device`: the model's device when not the CPU, else the
        device :func:`dlfaq.setup` chose).
    progress : bool, default False
        Show a ``tqdm`` progress bar.

    Returns
    -------
    dict with ``history`` (depth, steps_per_layer): each layer's reconstruction loss per step,
    ``train_seconds`` (wall time) and ``device``.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be a dlfaq.learn.nets.MLP, got {type(model).__name__}")
    if model.config["batch_norm"] or model.config["residual"]:
        raise ValueError("layer-wise pretraining needs a plain stack of layers: build the MLP "
                         "with batch_norm=False and residual=False")
    X = check_array("X", X, ndim=2, shape=(None, model.config["n_in"]), min_rows=1)
    batch_size = min(batch_size, len(X))
    device = resolve_device(device, model)
    model.to(device)
    generator = torch.Generator().manual_seed(seed)
    codes = torch.as_tensor(X, dtype=torch.float32, device=device)
    losses = np.empty((len(model.hidden), steps_per_layer))
    bar = None
    if progress and steps_per_layer:
        from tqdm.auto import tqdm

        bar = tqdm(total=losses.size, desc="layer-wise pretraining", leave=False,
                   mininterval=0.5)
    start = time.perf_counter()
    for k, encoder in enumerate(model.hidden):
        # each autoencoder sees its input standardised, so that every layer faces a problem of
        # the same size however small the variation of the codes below has become
        mean, std = codes.mean(0), codes.std(0).clamp_min(MIN_STD)
        inputs = (codes - mean) / std
        decoder = _decoder(encoder, generator).to(device)
        opt = optim.Adam([*encoder.parameters(), *decoder.parameters()], lr=lr)
        for step in range(steps_per_layer):
            index = torch.randint(len(inputs), (batch_size,), generator=generator)
            clean = inputs[index.to(device)]
            keep = (torch.rand(clean.shape, generator=generator) >= corruption).to(device)
            reconstruction = decoder(model.act(encoder(clean * keep)))
            loss = nn.functional.mse_loss(reconstruction, clean)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses[k, step] = loss.item()
            if bar is not None:
                bar.update(1)
        with torch.no_grad():
            # fold the standardisation into the layer: W z + b with z = (h - mean) / std
            encoder.weight /= std
            encoder.bias -= encoder.weight @ mean
            codes = model.act(encoder(codes))  # this layer's codes: the next layer's data
    seconds = time.perf_counter() - start
    if bar is not None:
        bar.close()
    return {"history": losses, "train_seconds": seconds, "device": str(device)}


@door(device=Device())
def standardise_layerwise(model: MLP, X, *, device: str | None = None) -> dict:
    """Only the standardisation part of :func:`pretrain_layerwise`, no autoencoder.

    Bottom up, each hidden layer's input (the data, then the codes of the layer below) is
    centred and scaled per feature over ``X``, and that map is folded into the layer's random
    weights and bias: ``W <- W / std``, ``b <- b - W mean``. No weight is trained and no label
    is used; a data-dependent initialisation that keeps every layer's input at unit scale.
    Returns what :func:`pretrain_layerwise` returns (``history`` of shape (depth, 0)).
    """
    return pretrain_layerwise(model, X, steps_per_layer=0, device=device, progress=False)


def _decoder(encoder: nn.Linear, generator: torch.Generator) -> nn.Linear:
    """A linear map from the encoder's codes back to its inputs, Xavier-initialised."""
    decoder = nn.Linear(encoder.out_features, encoder.in_features)
    std = (2.0 / (encoder.in_features + encoder.out_features)) ** 0.5
    with torch.no_grad():
        decoder.weight.normal_(0.0, std, generator=generator)
        decoder.bias.zero_()
    return decoder
