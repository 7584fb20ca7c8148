"""Motif order: a task where learning the features decides it (notebook 07's last section).

On MNIST-1D, random convolution kernels pooled over positions (ROCKET) are nearly as good as a
trained ConvNet's features (notebooks 06 and 07). That is because its classes differ in *which
local shapes* occur: a detector slid along the series and pooled (max, ppv) sees that, whether
it was learned or drawn at random. This module builds classes that differ only in *how local
shapes combine*:

- every series carries the same motifs: two "bumps" (A) and two "wiggles" (B), each with a
  random sign and amplitude, in noise;
- one A and one B sit close together (0 to 6 samples apart), the others far from everything;
- class 1: in the close pair the bump comes first ("A then B"); class 0: the wiggle first.

Which motifs occur, how many and with which signs is the same in both classes, so a detector
of A or of B pooled over positions carries no information about the class; where they occur is
random, so a model that gives each position its own weight learns nothing either. What decides
is a detector of *the pair in order*, anywhere, at any sign: a conjunction of two detections,
across a distance. Stacked learned layers build it (the first detects the motifs, the next ones
combine the detections); a linear kernel on the raw series cannot, because its response to
the pair is the sum of its responses to the parts, and the signs flip each part independently.

- :func:`make_motif_order`: the generator (seeded, checked at the door);
- :func:`load_motif_order`: a training and a test set drawn from one seed;
- :class:`MotifNet`: the learned model, three conv layers and a max over positions.

The comparison and the probes per layer are in :mod:`dlfaq.studies.motif_study`.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_int
from dlfaq.core.doors import Float, Int, door
from dlfaq.learn.convnets import relu_maps

__all__ = ["CLASSES", "MotifNet", "SHAPES", "WIDTH", "load_motif_order", "make_motif_order"]

#: The width of every motif, in samples.
WIDTH = 7
_t = np.arange(WIDTH)
#: The two motifs: A, a bump; B, one period of a sine (a wiggle). Peak values about 1.
SHAPES = {"A": np.exp(-0.5 * ((_t - 3) / 1.2) ** 2),
          "B": 1.2 * np.sin(2 * np.pi * _t / WIDTH)}
#: The two classes, in label order.
CLASSES = ("B then A", "A then B")


@door(n=Int(1, 1_000_000, cheap=5), max_gap=Int(0, 20, cheap=6), separation=Int(1, 48),
      noise=Float(0.0, 2.0), seed=Int(0))
def make_motif_order(n: int, *, length: int = 96, max_gap: int = 6, separation: int = 12,
                     noise: float = 0.35, seed: int = 0) -> dict:
    """Series whose class is the order of the one close pair of motifs A and B.

    Each series (``length`` samples of Gaussian noise, standard deviation ``noise``) gets four
    motifs of :data:`WIDTH` samples: a close pair (its two motifs 0 to ``max_gap`` samples
    apart) and one lone A and one lone B, at least ``separation`` samples from the pair and
    from each other. Every motif is multiplied by a random sign and an amplitude in [0.8, 1.2].
    Class 1 ("A then B"): the pair is A then B; class 0: B then A. Both classes thus hold two
    A's and two B's, with independent signs.

    Parameters
    ----------
    n : int
        Number of series (1 to 1,000,000).
    length : int, default 96
        Samples per series; must leave room for the motifs (at least
        4 * WIDTH + max_gap + 2 * separation).
    max_gap : int, default 6
        Largest gap inside the close pair (0 to 20); must stay below ``separation``.
    separation : int, default 12
        Smallest distance between the pair and the lone motifs (1 to 48).
    noise : float, default 0.35
        Standard deviation of the noise (0 to 2).
    seed : int, default 0

    Returns
    -------
    dict with ``X`` (n, length) float32, ``y`` (n,) int64 (index into :data:`CLASSES`),
    ``pair_start`` (n,), ``gap`` (n,), ``lone_a`` (n,), ``lone_b`` (n,): where the motifs start.
    """
    if separation <= max_gap:
        raise ValueError(f"separation must be larger than max_gap ({max_gap}), got "
                         f"{separation}: otherwise a lone motif could make a second pair")
    needed = 4 * WIDTH + max_gap + 2 * separation
    length = check_int("length", length, low=needed, high=4096)
    rng = np.random.default_rng(seed)
    y = rng.integers(2, size=n)
    gap = rng.integers(0, max_gap + 1, size=n)
    pair, lone_a, lone_b = (np.zeros(n, dtype=int) for _ in range(3))
    todo = np.arange(n)
    while len(todo):  # draw places until the three pieces keep their distances
        m = len(todo)
        p = rng.integers(0, length - (2 * WIDTH + gap[todo]) + 1)
        a, b = rng.integers(0, length - WIDTH + 1, size=(2, m))
        ends = (p + 2 * WIDTH + gap[todo], a + WIDTH, b + WIDTH)
        starts = (p, a, b)
        ok = np.ones(m, dtype=bool)
        for i in range(3):
            for j in range(i + 1, 3):
                distance = np.maximum(starts[i], starts[j]) - np.minimum(ends[i], ends[j])
                ok &= distance >= separation
        pair[todo[ok]], lone_a[todo[ok]], lone_b[todo[ok]] = p[ok], a[ok], b[ok]
        todo = todo[~ok]
    X = rng.normal(scale=noise, size=(n, length)) if noise > 0 else np.zeros((n, length))
    sign = rng.choice([-1.0, 1.0], size=(n, 4)) * rng.uniform(0.8, 1.2, size=(n, 4))
    first = np.where(y[:, None] == 1, SHAPES["A"], SHAPES["B"])
    second = np.where(y[:, None] == 1, SHAPES["B"], SHAPES["A"])
    rows = np.arange(n)[:, None]
    window = np.arange(WIDTH)
    X[rows, pair[:, None] + window] += sign[:, :1] * first
    X[rows, (pair + WIDTH + gap)[:, None] + window] += sign[:, 1:2] * second
    X[rows, lone_a[:, None] + window] += sign[:, 2:3] * SHAPES["A"]
    X[rows, lone_b[:, None] + window] += sign[:, 3:4] * SHAPES["B"]
    return {"X": X.astype(np.float32), "y": y.astype(np.int64), "pair_start": pair,
            "gap": gap, "lone_a": lone_a, "lone_b": lone_b}


@door(seed=Int(0), n_train=Int(10, 100_000, cheap=12), n_test=Int(10, 100_000, cheap=12))
def load_motif_order(seed: int = 0, n_train: int = 4000, n_test: int = 2000) -> dict:
    """A training and a test set of :func:`make_motif_order` (default settings), drawn from two
    independent streams of ``seed``: X_train, y_train, X_test, y_test."""
    train_seed, test_seed = (int(s.generate_state(1)[0])
                             for s in np.random.SeedSequence(seed).spawn(2))
    train = make_motif_order(n_train, seed=train_seed)
    test = make_motif_order(n_test, seed=test_seed)
    return {"X_train": train["X"], "y_train": train["y"], "X_test": test["X"],
            "y_test": test["y"]}


class MotifNet(nn.Module):
    """The learned model: three conv layers (kernel 7, then 5 and 3 with dilations 2 and 4;
    ReLU; the length kept), a max over positions per channel, a linear output layer.

    The first layer's units see 7 samples (a motif), the second's 15 and the third's 23 (a
    pair with its gap); the max makes the answer independent of where the pair sits. These
    choices (kernels, dilations, channels, depth, the max) were made by a person, as for any
    network: what training finds is the weights.

    Parameters
    ----------
    channels : int, default 16
        Channels of every conv layer (1 to 256).
    n_out : int, default 2
    seed : int, default 0
        Seed of the initial weights (PyTorch's default init, from a private generator).
    """

    @door(channels=Int(1, 256, cheap=4), n_out=Int(1, cheap=2), seed=Int(0))
    def __init__(self, channels: int = 16, n_out: int = 2, seed: int = 0):
        super().__init__()
        self.config = {"channels": channels, "n_out": n_out, "seed": seed}
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.convs = nn.ModuleList([
                nn.Conv1d(1, channels, WIDTH, padding=WIDTH // 2),
                nn.Conv1d(channels, channels, 5, padding=4, dilation=2),
                nn.Conv1d(channels, channels, 3, padding=4, dilation=4)])
            self.out = nn.Linear(channels, n_out)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The maps after each conv layer's ReLU, (n, channels, length) each."""
        return relu_maps(self.convs, x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(x)[-1].amax(dim=2))

    def n_parameters(self) -> int:
        """Number of trainable parameters (:func:`dlfaq.learn.nets.n_parameters`)."""
        from dlfaq.learn.nets import n_parameters

        return n_parameters(self)
