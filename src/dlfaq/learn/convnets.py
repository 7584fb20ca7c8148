"""Convolutional networks and the small computations behind them (notebooks 05 and 06).

Builders: :class:`ConvNet2D` (8x8 digits) and :class:`ConvNet1D` (MNIST-1D series), seeded by
``seed=`` through a private ``torch.Generator``; train them with :func:`dlfaq.learn.train.fit`.
Compute helpers, in NumPy, for the figures and widgets: :func:`correlate2d` (the "valid" conv
sum, as torch's ``conv2d`` computes it), :func:`pool2d` (max/average pooling),
:func:`receptive_field` and :func:`receptive_field_view` (which input window feeds which
feature-map unit), :func:`pooling_view` and :func:`relative_change` (how much a shift moves a
map), :func:`square_kernel`, :func:`shift_image`, :func:`zoom_image` and :func:`edge_kernels`
(hand-made detectors).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from dlfaq.core.checks import check_array, check_int
from dlfaq.core.doors import Array, Choice, Float, Int, door

__all__ = ["ConvNet1D", "ConvNet2D", "KERNEL_KINDS", "POOLS", "conv_parameters", "correlate2d",
           "edge_kernels", "pool2d", "pooling_view", "receptive_field", "receptive_field_view",
           "relative_change", "relu_maps", "shift_image", "square_kernel", "zoom_image"]

POOLS = ("max", "average")
_IMAGE = Array(ndim=2, min_rows=1, example=(8, 8))  # a 2-D image or map, any size


# --- compute helpers (NumPy) ------------------------------------------------------------------

@door(image=_IMAGE, kernel=Array(ndim=2, min_rows=1, example=(3, 3)))
def correlate2d(image, kernel) -> np.ndarray:
    """The "valid" conv sum of deep learning: out[i, j] = sum_{u,v} image[i+u, j+v] kernel[u, v].

    (Strictly a cross-correlation: the kernel is not flipped, exactly as ``torch.conv2d``.)
    image (H, W), kernel (k, l) with k <= H, l <= W; returns (H - k + 1, W - l + 1).
    """
    k, l = kernel.shape
    if k > image.shape[0] or l > image.shape[1]:
        raise ValueError(f"kernel {kernel.shape} is larger than image {image.shape}")
    windows = np.lib.stride_tricks.sliding_window_view(image, (k, l))  # (H-k+1, W-l+1, k, l)
    return np.einsum("ijuv,uv->ij", windows, kernel)


@door(feature_map=_IMAGE, mode=Choice(POOLS), size=Int(1, cheap=8))
def pool2d(feature_map, size: int, mode: str = "max") -> np.ndarray:
    """Non-overlapping pooling of a (H, W) map in ``size`` x ``size`` windows (stride = size).

    Rows and columns that do not fill a whole window are dropped, as in torch's pooling layers.
    Returns (H // size, W // size).
    """
    h, w = feature_map.shape
    size = check_int("size", size, high=min(h, w))  # at most the map's side
    blocks = feature_map[:h - h % size, :w - w % size].reshape(h // size, size, w // size, size)
    return blocks.max(axis=(1, 3)) if mode == "max" else blocks.mean(axis=(1, 3))


@door(kernel_size=Int(1, cheap=3), row=Int(0, cheap=5), col=Int(0, cheap=5))
def receptive_field(row: int, col: int, kernel_size: int, image_shape) -> dict:
    """Which input pixels feed unit (row, col) of a "valid" conv map with a k x k kernel.

    Returns a dict with ``rows`` and ``cols`` (slices into the image), ``map_shape`` (the
    feature map's shape) and ``corner`` (top-left pixel of the window).
    """
    height, width = (check_int("image height", int(s), low=1) for s in image_shape)
    kernel_size = check_int("kernel_size", kernel_size, high=min(height, width))
    map_shape = (height - kernel_size + 1, width - kernel_size + 1)  # row and col inside it:
    row = check_int("row", row, high=map_shape[0] - 1)
    col = check_int("col", col, high=map_shape[1] - 1)
    return {"rows": slice(row, row + kernel_size), "cols": slice(col, col + kernel_size),
            "map_shape": map_shape, "corner": (row, col)}


KERNEL_KINDS = ("vertical edge", "horizontal edge", "average")


@door(kind=Choice(KERNEL_KINDS), size=Int(1, 64, cheap=7))
def square_kernel(kind: str, size: int) -> np.ndarray:
    """A size x size kernel: "vertical edge" (+1 on the left column falling to -1 on the
    right), "horizontal edge" (top to bottom) or "average" (all 1/size^2)."""
    if kind == "average":
        return np.full((size, size), 1.0 / size**2)
    ramp = np.linspace(1.0, -1.0, size) if size > 1 else np.zeros(1)
    kernel = np.tile(ramp, (size, 1)) / size
    return kernel if kind == "vertical edge" else kernel.T.copy()


@door(image=_IMAGE, kernel_size=Int(1, cheap=3), row=Int(0), col=Int(0),
      kind=Choice(KERNEL_KINDS))
def receptive_field_view(image, row: int, col: int, kernel_size: int = 3,
                         kind: str = "vertical edge") -> dict:
    """Everything the receptive-field figure shows: the image, a ``kind`` kernel of
    ``kernel_size``, its "valid" feature map, the unit at (row, col) (held inside the map,
    with a message saying so) and its value, the conv sum over its window.

    Returns a dict with ``image``, ``kernel``, ``feature_map``, ``corner`` (the unit),
    ``kernel_size``, ``value``, ``title`` and ``message``.
    """
    kernel_size = check_int("kernel_size", kernel_size, high=min(image.shape))
    kernel = square_kernel(kind, kernel_size)
    fmap = correlate2d(image, kernel)
    map_rows, map_cols = fmap.shape
    r, c = min(row, map_rows - 1), min(col, map_cols - 1)
    field = receptive_field(r, c, kernel_size, image.shape)
    value = float(np.sum(image[field["rows"], field["cols"]] * kernel))
    notes = []
    if (r, c) != (row, col):
        notes.append(f"With a {kernel_size}x{kernel_size} kernel the map is only "
                     f"{map_rows}x{map_cols}: the window stops at the image's edge, so the "
                     f"position is held at ({r}, {c}).")
    if kernel_size == 1 and kind != "average":
        notes.append("A 1x1 kernel sees one pixel: an edge (a difference between neighbours) "
                     "needs at least 2.")
    return {"image": image, "kernel": kernel, "feature_map": fmap, "corner": (r, c),
            "kernel_size": kernel_size, "value": value,
            "title": f"unit ({r}, {c}) = sum(window x kernel) = {value:+.2f}   "
                     f"[{kernel_size}x{kernel_size} window -> {map_rows}x{map_cols} map]",
            "message": " ".join(notes)}


def relative_change(new, old) -> float:
    """How much a representation moved: |new - old| / |old| (L2 norms of the whole arrays;
    the denominator at least 1e-12, so an all-zero ``old`` gives |new - old| / 1e-12)."""
    new = np.asarray(new, dtype=float)
    old = np.asarray(old, dtype=float)
    if new.shape != old.shape:
        raise ValueError(f"new and old must have the same shape, got {new.shape} and "
                         f"{old.shape}")
    return float(np.linalg.norm(new - old) / max(np.linalg.norm(old), 1e-12))


def pooling_view(image, kernel, size: int = 2, mode: str = "max", shift: int = 0) -> dict:
    """What the pooling explorer shows: the feature map of ``image`` shifted ``shift`` pixels
    right under ``kernel`` (square, odd side; "same" zero padding, so the map has the image's
    size), its ``size`` x ``size`` ``mode`` pooling, and how much each moved against the
    unshifted image (:func:`relative_change`).

    Returns a dict with ``feature_map``, ``pooled``, ``size``, ``mode``, ``shift``,
    ``change_map`` and ``change_pooled``.
    """
    image = check_array("image", image, ndim=2, min_rows=1)
    kernel = check_array("kernel", kernel, ndim=2, min_rows=1)
    if kernel.shape[0] % 2 == 0 or kernel.shape[0] != kernel.shape[1]:
        raise ValueError(f"kernel must be square with an odd side, got shape {kernel.shape}")
    shift = check_int("shift", shift)
    pad = kernel.shape[0] // 2

    def feature_map(dx):
        return correlate2d(np.pad(shift_image(image, 0, dx), pad), kernel)

    fmap, reference = feature_map(shift), feature_map(0)
    pooled = pool2d(fmap, size, mode)
    return {"feature_map": fmap, "pooled": pooled, "size": size, "mode": mode, "shift": shift,
            "change_map": relative_change(fmap, reference),
            "change_pooled": relative_change(pooled, pool2d(reference, size, mode))}


@door(image=_IMAGE, dy=Int(), dx=Int())
def shift_image(image, dy: int, dx: int) -> np.ndarray:
    """Shift a 2-D image by (dy, dx) pixels (down, right), filling with zeros (no wrap-around)."""
    out = np.zeros_like(image)
    h, w = image.shape
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src = image[max(0, -dy):h - max(0, dy), max(0, -dx):w - max(0, dx)]
    out[max(0, dy):max(0, dy) + src.shape[0], max(0, dx):max(0, dx) + src.shape[1]] = src
    return out


@door(image=_IMAGE, factor=Float(0, low_inclusive=False, cheap=(0.5, 3.0)))
def zoom_image(image, factor: float) -> np.ndarray:
    """Scale a 2-D image about its centre by ``factor`` (bilinear), keeping its shape."""
    h, w = image.shape
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yy, xx = np.mgrid[0:h, 0:w].astype(float)
    sy, sx = cy + (yy - cy) / factor, cx + (xx - cx) / factor  # where each output pixel reads
    y0, x0 = np.floor(sy).astype(int), np.floor(sx).astype(int)
    fy, fx = sy - y0, sx - x0

    def at(y, x):
        inside = (y >= 0) & (y < h) & (x >= 0) & (x < w)
        return np.where(inside, image[np.clip(y, 0, h - 1), np.clip(x, 0, w - 1)], 0.0)

    return ((1 - fy) * (1 - fx) * at(y0, x0) + (1 - fy) * fx * at(y0, x0 + 1)
            + fy * (1 - fx) * at(y0 + 1, x0) + fy * fx * at(y0 + 1, x0 + 1))


def edge_kernels() -> dict:
    """Hand-made 3x3 feature detectors: Sobel edges and a blob (centre-surround) detector."""
    sobel = np.array([[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]])
    return {"vertical edge": sobel, "horizontal edge": sobel.T.copy(),
            "diagonal edge": np.array([[0.0, 1.0, 2.0], [-1.0, 0.0, 1.0], [-2.0, -1.0, 0.0]]),
            "centre-surround": np.array([[-1.0, -1.0, -1.0], [-1.0, 8.0, -1.0],
                                         [-1.0, -1.0, -1.0]]) / 8}


@door(out_channels=Int(1, cheap=16), in_channels=Int(1, cheap=4), kernel_size=Int(1, cheap=3))
def conv_parameters(in_shape, out_channels: int, kernel_size: int, in_channels: int = 1) -> dict:
    """Parameters of a conv layer against a locally connected and a dense layer with the same
    input and output sizes.

    in_shape (H, W) of each input channel; "valid" convolution, stride 1, biases included.
    The dense layer connects every input to every output unit; the locally connected layer
    connects each output unit to its k x k window only (locality) but with weights of its own
    at every position; the conv layer also shares one kernel across positions (weight sharing).
    Returns ``conv``, ``locally_connected``, ``dense`` (counts) and ``out_shape`` (C_out, H', W').
    """
    height, width = (check_int("in_shape", int(s), low=1) for s in in_shape)
    kernel_size = check_int("kernel_size", kernel_size, high=min(height, width))
    out_shape = (out_channels, height - kernel_size + 1, width - kernel_size + 1)
    n_in, n_out = in_channels * height * width, math.prod(out_shape)
    per_window = in_channels * kernel_size ** 2 + 1  # one unit's weights and bias
    return {"conv": out_channels * per_window, "locally_connected": n_out * per_window,
            "dense": n_out * (n_in + 1), "out_shape": out_shape}


# --- models -----------------------------------------------------------------------------------

class ConvNet2D(nn.Module):
    """A small 2-D ConvNet for 8x8 digits: conv 3x3 -> ReLU -> conv 3x3 -> ReLU -> max-pool 2
    -> linear.

    Input (n, 64) flat or (n, 1, 8, 8); output logits (n, n_out). Padding 1 keeps 8x8 until the
    pool (4x4).

    Parameters
    ----------
    channels : int, default 16
        Feature maps per conv layer (1 to 256).
    n_out : int, default 10
    seed : int, default 0
    """

    @door(channels=Int(1, 256, cheap=8), n_out=Int(1, cheap=10), seed=Int(0))
    def __init__(self, channels: int = 16, n_out: int = 10, seed: int = 0):
        super().__init__()
        self.config = {"channels": channels, "n_out": n_out, "seed": seed}
        with torch.random.fork_rng(devices=[]):  # torch's own init draws from the global RNG
            self.conv1 = nn.Conv2d(1, channels, 3, padding=1)
            self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
            self.pool = nn.MaxPool2d(2)
            self.out = nn.Linear(channels * 4 * 4, n_out)
        _seeded_init(self, seed)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The feature maps after each conv layer's ReLU: [(n, C, 8, 8), (n, C, 8, 8)]."""
        x = x.reshape(-1, 1, 8, 8)
        a1 = torch.relu(self.conv1(x))
        a2 = torch.relu(self.conv2(a1))
        return [a1, a2]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.pool(self.features(x)[-1]).flatten(1))

    def n_parameters(self) -> int:
        """Number of trainable parameters (:func:`dlfaq.learn.nets.n_parameters`)."""
        from dlfaq.learn.nets import n_parameters

        return n_parameters(self)


def relu_maps(convs, x: torch.Tensor) -> list[torch.Tensor]:
    """The 1-D conv layers ``convs`` in turn on series ``x`` (n, length), each followed by a
    ReLU: the maps after each ReLU, (n, channels, length') each (what :class:`ConvNet1D` and
    :class:`dlfaq.learn.motifs.MotifNet` call their features)."""
    h = x.reshape(len(x), 1, -1)
    maps = []
    for conv in convs:
        h = torch.relu(conv(h))
        maps.append(h)
    return maps


class ConvNet1D(nn.Module):
    """A small 1-D ConvNet for MNIST-1D, after the package's reference ``ConvBase``.

    ``depth`` conv layers (default three: kernel 5, then 3, 3; stride 2; padding 1; ReLU) and a
    linear layer. Input (n, length) or (n, 1, length); output logits (n, n_out).

    Parameters
    ----------
    length : int, default 40
        Length of the input series (>= 8).
    channels : int, default 25
    n_out : int, default 10
    seed : int, default 0
    depth : int, default 3
        Conv layers (1 to 6); each roughly halves the length (never below one position).
    """

    @door(length=Int(8, cheap=64), channels=Int(1, 512, cheap=8), n_out=Int(1, cheap=10),
          seed=Int(0), depth=Int(1, 6))
    def __init__(self, length: int = 40, channels: int = 25, n_out: int = 10, seed: int = 0,
                 depth: int = 3):
        super().__init__()
        self.config = {"length": length, "channels": channels, "n_out": n_out, "seed": seed,
                       "depth": depth}
        with torch.random.fork_rng(devices=[]):  # torch's own init draws from the global RNG
            self.convs = nn.ModuleList(
                [nn.Conv1d(1, channels, 5, stride=2, padding=1)]
                + [nn.Conv1d(channels, channels, 3, stride=2, padding=1)
                   for _ in range(depth - 1)])
            n = length
            for conv in self.convs:
                n = (n + 2 * conv.padding[0] - conv.kernel_size[0]) // conv.stride[0] + 1
            self.out = nn.Linear(channels * n, n_out)
        _seeded_init(self, seed)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The feature maps after each conv layer's ReLU, (n, channels, length') each."""
        return relu_maps(self.convs, x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.features(x)[-1].flatten(1))

    def n_parameters(self) -> int:
        """Number of trainable parameters (:func:`dlfaq.learn.nets.n_parameters`)."""
        from dlfaq.learn.nets import n_parameters

        return n_parameters(self)


def _seeded_init(model: nn.Module, seed: int) -> None:
    """PyTorch's default init for conv/linear layers, U(+-1/sqrt(fan_in)), from a private RNG."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Conv1d | nn.Conv2d | nn.Linear):
                fan_in = module.weight[0].numel()
                bound = 1.0 / math.sqrt(fan_in)
                module.weight.uniform_(-bound, bound, generator=generator)
                module.bias.uniform_(-bound, bound, generator=generator)
