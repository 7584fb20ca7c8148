"""Measurements on :class:`dlfaq.learn.nets.MLP` networks: per-layer gradients and activations.

The vanishing-gradient story of notebook 03 (and the tricks of notebook 04) rests on a few
numbers per layer: the norm of the loss gradient with respect to each layer's weights and
biases, and the distribution of each layer's activations (how many units are saturated, i.e.
pass almost no gradient). :func:`measure` computes them all from one forward and one backward
pass and returns plain NumPy arrays; :class:`GradientRecorder` collects them during training
(as the ``callback`` of :func:`dlfaq.learn.train.fit`). No plotting here.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_array, check_choice, check_int, check_labels
from dlfaq.core.doors import Choice, Int, door

__all__ = ["GradientRecorder", "LOSSES", "NATURAL_RANGES", "SATURATION_Z", "layer_view",
           "measure", "value_range"]

#: |z| beyond which a unit counts as saturated: sigmoid within 0.01 of 0 or 1, |tanh| > 0.99;
#: a ReLU unit is "saturated" (inactive, gradient exactly 0) where z <= 0.
SATURATION_Z = {"sigmoid": float(np.log(99.0)), "tanh": float(np.arctanh(0.99)), "relu": 0.0}


LOSSES = ("softmax", "sigmoid")


@door(loss=Choice(LOSSES))
def measure(model: nn.Module, X, y, *, edges=None, loss: str = "softmax",
            keep_activations: bool = False) -> dict:
    """Per-layer gradient norms and activation statistics of ``model`` on one batch.

    Parameters
    ----------
    model : dlfaq.learn.nets.MLP
    X : array (n, n_in); y : array (n,) of class labels
    edges : array of bin edges, optional
        When given, also histogram every hidden layer's output over these edges (values
        outside are counted in the first/last bin, and reported in ``outside``).
    loss : {"softmax", "sigmoid"}, default "softmax"
        "softmax": the usual cross-entropy of the softmax of the logits (what
        :func:`dlfaq.learn.train.fit` minimises). "sigmoid": Nielsen's (ch. 3 and 5), one sigmoid
        per
        output unit and the binary cross-entropy summed over the outputs, averaged over the
        samples.
    keep_activations : bool, default False
        Also return ``activations``, the list of hidden-layer outputs (detached tensors).

    Returns
    -------
    dict of NumPy arrays, layer 1 (input side) first:

    - ``loss``: the mean loss (float)
    - ``weight_grad_norm``, ``bias_grad_norm`` (depth + 1,): Frobenius norm of dL/dW and
      dL/db of every Linear layer, the output layer last
    - ``act_mean``, ``act_std`` (depth,): mean and standard deviation of each hidden layer's
      output
    - ``saturation`` (depth,): fraction of units with |z| beyond :data:`SATURATION_Z`
      (ReLU: z <= 0)
    - with ``edges``: ``hist`` (bins, depth) the fraction of values per bin, ``outside``
      (depth,) the fraction of values beyond the edges

    Batch-norm running statistics are left unchanged; the model's .grad fields are untouched.
    """
    dtype = next(model.parameters()).dtype
    device = next(model.parameters()).device
    X = check_array("X", X, ndim=2, shape=(None, model.config["n_in"]))
    y = check_labels("y", y, X.shape[0], n_classes=model.config["n_out"])
    if X.shape[0] < 2 and model.config["batch_norm"]:
        raise ValueError("batch norm needs at least 2 samples per batch, got 1")
    X = torch.as_tensor(X, dtype=dtype, device=device)
    target = torch.as_tensor(y, dtype=torch.long, device=device)

    pre_activations = []
    hooks = [norm.register_forward_hook(lambda m, i, out: pre_activations.append(out))
             for norm in model.norms]
    saved = _freeze_batch_norm(model)
    try:
        logits, activations = model(X, return_activations=True)
        if loss == "softmax":
            loss_value = nn.functional.cross_entropy(logits, target)
        else:
            one_hot = nn.functional.one_hot(target, logits.shape[1]).to(dtype)
            loss_value = nn.functional.binary_cross_entropy_with_logits(
                logits, one_hot, reduction="sum") / len(target)
        weights = [layer.weight for layer in model.linears]
        biases = [layer.bias for layer in model.linears]
        grads = torch.autograd.grad(loss_value, weights + biases)
    finally:
        for hook in hooks:
            hook.remove()
        _restore_batch_norm(model, saved)
    depth = len(weights) - 1
    with torch.no_grad():
        result = {
            "loss": float(loss_value),
            "weight_grad_norm": _norms(grads[:depth + 1]),
            "bias_grad_norm": _norms(grads[depth + 1:]),
            "act_mean": torch.stack([a.mean() for a in activations]).double().cpu().numpy(),
            "act_std": torch.stack([a.std() if a.numel() > 1 else a.new_zeros(())
                                    for a in activations]).double().cpu().numpy(),
            "saturation": _saturation(pre_activations, model.config["activation"]),
        }
        if edges is not None:
            result["hist"], result["outside"] = _histograms(activations, edges)
        if keep_activations:
            result["activations"] = [a.detach() for a in activations]
    return result


#: The fixed value range of the activation histograms, per activation (without residuals).
NATURAL_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 3.0)}


def layer_view(model: nn.Module, X, y, *, bins: int = 40) -> dict:
    """What the gradient explorer shows for ``model`` on one batch: :func:`measure`'s numbers
    and every hidden layer's activation histogram over a fixed range.

    Returns :func:`measure`'s dict (without ``activations``) plus ``hist`` (bins, depth),
    ``outside`` (depth,), ``value_range`` (lo, hi) from :func:`value_range` and ``depth``.
    """
    bins = check_int("bins", bins, low=2, high=400)
    config = model.config
    view = measure(model, X, y, keep_activations=True)
    limits = value_range(config["activation"], config["residual"], view["act_mean"],
                         view["act_std"])
    edges = np.linspace(*limits, bins + 1)
    view["hist"], view["outside"] = _histograms(view.pop("activations"), edges)
    view["value_range"] = limits
    view["depth"] = int(config["depth"])
    return view


def value_range(activation: str, residual: bool, act_mean, act_std) -> tuple[float, float]:
    """Histogram range of an activation's outputs: fixed per activation
    (:data:`NATURAL_RANGES`); with residual sums, which grow with depth, a power of 2 up to
    4096 that holds mean + 3 sd of every layer."""
    check_choice("activation", activation, tuple(NATURAL_RANGES))
    lo, hi = NATURAL_RANGES[activation]
    if not residual:
        return lo, hi
    spread = np.nan_to_num(np.abs(np.asarray(act_mean, dtype=float))
                           + 3 * np.asarray(act_std, dtype=float),
                           nan=4096.0, posinf=4096.0)
    top = float(min(max(spread.max(initial=1.0), hi), 4096.0))
    top = float(2.0 ** np.ceil(np.log2(top)))
    return (0.0 if activation in ("sigmoid", "relu") else -top), top


def _saturation(pre_activations, activation: str) -> np.ndarray:
    """Fraction of saturated units per layer from the pre-activations z (list of tensors)."""
    limit = SATURATION_Z[activation]
    if activation == "relu":
        flags = [(z <= 0).double().mean() for z in pre_activations]
    else:
        flags = [(z.abs() > limit).double().mean() for z in pre_activations]
    return torch.stack(flags).cpu().numpy()


def _histograms(activations, edges) -> tuple[np.ndarray, np.ndarray]:
    """``(hist, outside)``: per-layer fractions per bin (bins, depth) and beyond the edges."""
    edges = check_array("edges", edges, ndim=1)
    if len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be at least two increasing numbers")
    lo, hi = float(edges[0]), float(edges[-1])
    bins, depth = len(edges) - 1, len(activations)
    if depth == 0:
        return np.zeros((bins, 0)), np.zeros(0)
    with torch.no_grad():
        values = [a.detach().reshape(-1).double() for a in activations]
        counts = torch.tensor([len(v) for v in values], dtype=torch.float64)
        flat = torch.nan_to_num(torch.cat(values), nan=lo, posinf=hi, neginf=lo).cpu()
        layer = torch.repeat_interleave(torch.arange(depth), counts.long())
        outside = torch.bincount(layer, weights=((flat < lo) | (flat > hi)).double(),
                                 minlength=depth)
        index = torch.bucketize(flat, torch.as_tensor(edges), right=True) - 1
        index = index.clamp(0, bins - 1)
        hist = torch.bincount(index * depth + layer, minlength=bins * depth).double()
        hist = hist.reshape(bins, depth) / counts.clamp_min(1)
        return hist.numpy(), (outside / counts.clamp_min(1)).numpy()


class GradientRecorder:
    """A ``callback`` for :func:`dlfaq.learn.train.fit` that records per-layer learning speed.

    Every ``every`` steps it stores the norm of dL/dW and dL/db of every Linear layer (from the
    .grad fields the step just used) and the relative change of each weight matrix since the
    previous record, ||W_t - W_prev|| / ||W_prev||. Read ``steps`` (records,),
    ``weight_grad_norm``, ``bias_grad_norm`` and ``weight_change`` (records, layers) after
    training.
    """

    @door(every=Int(1, cheap=10))
    def __init__(self, every: int = 10):
        self.every = every
        self._steps, self._w, self._b, self._change = [], [], [], []
        self._previous = None

    def __call__(self, step, model, loss):
        if step % self.every:
            return
        with torch.no_grad():
            layers = model.linears
            self._steps.append(step)
            self._w.append(_norms([layer.weight.grad for layer in layers]))
            self._b.append(_norms([layer.bias.grad for layer in layers]))
            current = [layer.weight.detach().clone() for layer in layers]
            if self._previous is None:
                self._change.append(np.full(len(layers), np.nan))
            else:
                self._change.append(np.array([
                    float((now - before).norm() / before.norm().clamp_min(1e-30))
                    for now, before in zip(current, self._previous, strict=True)]))
            self._previous = current

    @property
    def steps(self) -> np.ndarray:
        return np.array(self._steps)

    @property
    def weight_grad_norm(self) -> np.ndarray:
        return np.array(self._w)

    @property
    def bias_grad_norm(self) -> np.ndarray:
        return np.array(self._b)

    @property
    def weight_change(self) -> np.ndarray:
        return np.array(self._change)


def _norms(tensors) -> np.ndarray:
    if any(t is None for t in tensors):
        return np.array([np.nan if t is None else float(t.detach().double().norm())
                         for t in tensors])
    return torch.stack([t.detach().double().norm() for t in tensors]).cpu().numpy()


def _freeze_batch_norm(model):
    saved = []
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            saved.append((module, module.momentum, module.training))
            module.momentum = 0.0  # running = (1 - 0) * running + 0 * batch: unchanged
            module.train()  # batch statistics, as in training
    return saved


def _restore_batch_norm(model, saved):
    for module, momentum, training in saved:
        module.momentum = momentum
        module.train(training)
