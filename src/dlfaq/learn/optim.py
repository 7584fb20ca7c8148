"""The optimizers of the series, written out: SGD (with momentum), Adam, and the one-cycle
learning-rate schedule.

Each does the same arithmetic, in the same order, as torch's own (``torch.optim.SGD`` and
``torch.optim.Adam`` on their single-tensor path, the one torch takes on the CPU, and
``torch.optim.lr_scheduler.OneCycleLR`` with its defaults), so a model trains to the same
weights, to the bit (tests/test_optim.py compares them). Why not torch's: building any
``torch.optim`` optimizer imports torch's compiler, torch._dynamo, to mark its
``add_param_group`` "never compile": 0.9-1.1 s and 70 MB of memory in every kernel that trains
anything (measured with torch 2.13 on a CPU), for a compiler these notebooks never use
(tests/test_optim.py's canary fails on the torch release where that stops: then retire this
module). And the update rules are short enough to read.
"""

from __future__ import annotations

import math

import torch

from dlfaq.core.checks import check_float
from dlfaq.core.doors import Float, Int, door

__all__ = ["Adam", "SGD", "one_cycle"]


class _Optimizer:
    """What SGD and Adam share: the trainable tensors, ``zero_grad`` and the gradient of each
    tensor that has one, with ``weight_decay * w`` added (an L2 penalty on the weights)."""

    def __init__(self, params, lr: float, weight_decay: float):
        self.params = _parameters(params)
        self.lr, self.weight_decay = lr, weight_decay  # checked at SGD's and Adam's doors

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    def _gradients(self):
        """(index, tensor, gradient) of every tensor with a gradient."""
        for i, p in enumerate(self.params):
            if p.grad is not None:
                grad = p.grad
                if self.weight_decay != 0:
                    grad = grad.add(p, alpha=self.weight_decay)
                yield i, p, grad


class SGD(_Optimizer):
    """Gradient descent: ``w <- w - lr * (g + weight_decay * w)``; with ``momentum`` m, the
    step follows a running sum of gradients, ``b <- m * b + g`` (``b`` starts at the first
    gradient)."""

    @door(lr=Float(0.0, low_inclusive=False), momentum=Float(0.0, 1.0), weight_decay=Float(0.0))
    def __init__(self, params, lr: float = 1e-3, momentum: float = 0.0,
                 weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        self.momentum = momentum
        self.buffers: list[torch.Tensor | None] = [None] * len(self.params)

    @torch.no_grad()
    def step(self) -> None:
        for i, p, grad in self._gradients():
            if self.momentum != 0:
                if self.buffers[i] is None:
                    self.buffers[i] = grad.detach().clone()
                else:
                    self.buffers[i].mul_(self.momentum).add_(grad, alpha=1)
                grad = self.buffers[i]
            p.add_(grad, alpha=-self.lr)


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015): running means of the gradient (``beta1``) and of its square
    (``beta2``), corrected for starting at zero; each weight moves by ``lr`` times the first
    over the square root of the second, so every weight gets a step of about ``lr`` whatever
    the scale of its gradient. ``weight_decay`` adds ``weight_decay * w`` to the gradient."""

    @door(lr=Float(0.0, low_inclusive=False), eps=Float(0.0), weight_decay=Float(0.0))
    def __init__(self, params, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0):
        super().__init__(params, lr, weight_decay)
        if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__") or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        # beta1 is the gradient mean's momentum: kept under the name SGD's momentum has, so a
        # one-cycle schedule moves either optimizer's the same way
        self.momentum = check_float("betas[0]", betas[0], low=0.0, high=1.0)
        self.beta2 = check_float("betas[1]", betas[1], low=0.0, high=1.0)
        self.eps = eps
        self.steps = [0] * len(self.params)
        self.mean = [torch.zeros_like(p) for p in self.params]
        self.mean_square = [torch.zeros_like(p) for p in self.params]

    @torch.no_grad()
    def step(self) -> None:
        for i, p, grad in self._gradients():
            self.steps[i] += 1
            t = float(self.steps[i])
            self.mean[i].lerp_(grad, 1 - self.momentum)
            self.mean_square[i].mul_(self.beta2).addcmul_(grad, grad, value=1 - self.beta2)
            step_size = self.lr / (1 - self.momentum**t)
            denom = (self.mean_square[i].sqrt() / (1 - self.beta2**t) ** 0.5).add_(self.eps)
            p.addcdiv_(self.mean[i], denom, value=-step_size)


@door(steps=Int(1, cheap=10), max_lr=Float(0.0, low_inclusive=False),
      pct_start=Float(0.0, 1.0, low_inclusive=False), div_factor=Float(0.0, low_inclusive=False),
      final_div_factor=Float(0.0, low_inclusive=False), base_momentum=Float(0.0, 1.0),
      max_momentum=Float(0.0, 1.0))
def one_cycle(steps: int, max_lr: float, *, pct_start: float = 0.3,
              div_factor: float = 25.0, final_div_factor: float = 1e4,
              base_momentum: float = 0.85, max_momentum: float = 0.95):
    """(learning rate, momentum) for optimiser step 0, 1, ... ``steps`` - 1, in turn, of a one-cycle
    schedule (Smith & Topin, 2019): the rate rises from ``max_lr / div_factor`` to ``max_lr``
    over the first ``pct_start`` of the steps, then falls to ``div_factor * final_div_factor``
    times below ``max_lr``, both along half cosines; the momentum (Adam's ``beta1``) moves the
    other way, from ``max_momentum`` to ``base_momentum`` and back. The settings are checked
    here, once; a training step only takes the next pair (an iterator: no list of ``steps``
    pairs is kept)."""
    initial = max_lr / div_factor
    phases = ((float(pct_start * steps) - 1, initial, max_lr, max_momentum, base_momentum),
              (steps - 1, max_lr, initial / final_div_factor, base_momentum, max_momentum))
    return (_one_cycle_step(step, phases) for step in range(steps))


def _one_cycle_step(step: int, phases) -> tuple[float, float]:
    """The phase ``step`` is in, and where in it: torch's ``OneCycleLR.get_lr``."""
    start = 0.0
    for i, (end, lr_from, lr_to, momentum_from, momentum_to) in enumerate(phases):
        if step <= end or i == len(phases) - 1:
            pct = (step - start) / (end - start)
            return _cosine(lr_from, lr_to, pct), _cosine(momentum_from, momentum_to, pct)
        start = end
    raise AssertionError("unreachable: the last phase always answers")


def _parameters(params) -> list:
    """The trainable tensors of ``params`` (an iterable of tensors, e.g. a model's
    ``parameters()``)."""
    if isinstance(params, torch.Tensor) or not hasattr(params, "__iter__"):
        raise TypeError(f"params must be an iterable of tensors (a model's .parameters()), "
                        f"got {type(params).__name__}")
    params = list(params)
    if not params or not all(isinstance(p, torch.Tensor) for p in params):
        raise ValueError("params must hold at least one tensor, and only tensors")
    return [p for p in params if p.requires_grad]


def _cosine(start: float, end: float, pct: float) -> float:
    """From ``start`` (pct 0) to ``end`` (pct 1) along half a cosine."""
    return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
