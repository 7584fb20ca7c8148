"""Checkers of notebook 05, ConvNets: 05.1 the output size, 05.2 the parameter count, 05.3 the
conv sum by hand (each against PyTorch's own layer).
"""

from __future__ import annotations

import numpy as np

from dlfaq.exercises import solutions
from dlfaq.exercises.answers import Wrong, as_array, call, close, diagnose, int_answer
from dlfaq.exercises.core import exercise

__all__ = []

_CONV_CASES = [(28, 5, 1, 0), (8, 3, 1, 1), (32, 3, 2, 1), (9, 4, 2, 0), (10, 4, 3, 0),
               (7, 7, 1, 3)]


@exercise("05.1", "the size of a conv layer's output", solutions.conv_output_size)
def _grade_conv_output_size(conv_output_size):
    import torch

    got, expected = [], []
    for n, k, s, p in _CONV_CASES:
        expected.append(torch.nn.functional.conv2d(torch.zeros(1, 1, n, n),
                                                   torch.zeros(1, 1, k, k), stride=s,
                                                   padding=p).shape[-1])
        value = call(conv_output_size, n, k, s, p)
        if isinstance(value, float | np.floating) and not float(value).is_integer():
            raise Wrong(f"for n={n}, kernel_size={k}, stride={s}, padding={p} you return "
                        f"{value!r}: a window sits at whole positions only; use integer "
                        "division // (rounding down)")
        got.append(int_answer(value, "the size"))
    if got == expected:
        return "(n + 2 padding - kernel_size) // stride + 1, as PyTorch's Conv2d."
    i = next(i for i in range(len(got)) if got[i] != expected[i])
    n, k, s, p = _CONV_CASES[i]
    hint = diagnose(got, [
        ([(n + 2 * p - k) // s for n, k, s, p in _CONV_CASES],
         "off by one: a k-wide window fits at n - k + 1 positions when the stride is 1"),
        ([(n + p - k) // s + 1 for n, k, s, p in _CONV_CASES],
         "padding adds p on both sides: 2 * padding"),
        ([n + 2 * p - k + 1 for n, k, s, p in _CONV_CASES],
         "the stride is missing: the window jumps `stride` pixels at a time"),
        ([-(-(n + 2 * p - k) // s) + 1 for n, k, s, p in _CONV_CASES],
         "round down: a last window that does not fit is dropped"),
    ], rtol=0, atol=0)
    raise Wrong(f"for n={n}, kernel_size={k}, stride={s}, padding={p} you return {got[i]}; "
                f"expected {expected[i]}: "
                + (hint or "slide the window by hand on a small case and count"))


@exercise("05.2", "the parameters of a conv layer", solutions.conv_parameters)
def _grade_conv_parameters(conv_parameters):
    import torch

    cases = [(1, 6, 5), (3, 16, 3), (16, 32, 3), (6, 1, 7)]
    expected = [sum(p.numel() for p in torch.nn.Conv2d(c_in, c_out, k, device="meta")
                    .parameters()) for c_in, c_out, k in cases]
    got = [int_answer(call(conv_parameters, *case), "the count") for case in cases]
    if got == expected:
        dense = 28 * 28 * 6 * 24 * 24 + 6 * 24 * 24
        return (f"a conv layer's count does not depend on the image size; a dense layer from "
                f"a 28x28 image to the same 6x24x24 output would need {dense:,}.")
    i = next(i for i in range(len(got)) if got[i] != expected[i])
    c_in, c_out, k = cases[i]
    hint = diagnose(got, [
        ([o * i_ * q * q for i_, o, q in cases], "one bias per output channel is missing"),
        ([o * (q * q + 1) for i_, o, q in cases], "each filter spans every input channel: "
                                                  "in_channels x k x k weights"),
        ([o * (i_ * q + 1) for i_, o, q in cases], "a k x k window has k * k weights, not k"),
        ([o * i_ * (q * q + 1) for i_, o, q in cases], "one bias per output channel, not per "
                                                       "input-output pair"),
    ], rtol=0, atol=0)
    raise Wrong(f"for in_channels={c_in}, out_channels={c_out}, kernel_size={k} you count "
                f"{got[i]}; expected {expected[i]}: "
                + (hint or "count one filter's weights, then the filters, then the biases"))


@exercise("05.3", "the conv sum, by hand", solutions.conv2d)
def _grade_conv2d(conv2d):
    import torch

    rng = np.random.default_rng(503)
    image, kernel = np.round(rng.normal(size=(5, 7)), 2), np.round(rng.normal(size=(2, 3)), 2)
    got = as_array(call(conv2d, image.copy(), kernel.copy()), "conv2d(image, kernel)")
    expected = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                          torch.tensor(kernel)[None, None])[0, 0].numpy()
    if got.shape != expected.shape:
        hint = (" (that is 'same' size: only keep positions where the whole window fits)"
                if got.shape == image.shape else "")
        raise Wrong(f"a {kernel.shape} kernel on a {image.shape} image gives a "
                    f"{expected.shape} map (H - kh + 1, W - kw + 1); got {got.shape}{hint}")
    if close(got, expected):
        return "the same sum PyTorch's conv2d computes (a cross-correlation: no kernel flip)."
    flipped = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                         torch.tensor(kernel[::-1, ::-1].copy())[None, None])
    hint = diagnose(got, [
        (flipped[0, 0].numpy(), "you flipped the kernel (a true convolution); deep-learning "
                                "'convolutions' slide the kernel unflipped"),
    ])
    i, j = np.unravel_index(int(np.argmax(np.abs(got - expected))), got.shape)
    raise Wrong(hint or f"at output ({i}, {j}) yours is {got[i, j]:.3g}, expected "
                         f"{expected[i, j]:.3g}: output (i, j) sums the window of the image "
                         "that starts at (i, j), times the kernel, entry by entry")
