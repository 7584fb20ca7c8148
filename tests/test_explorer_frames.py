"""What one explorer update costs the kernel: the first move after the figure is shown is a blit
(not a second full redraw), and ipympl's frames are the canvas's own pixels, sent as whole RGB
PNGs (tools/classroom measures the round trip of these updates under a class's load)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from dlfaq import explorers
from dlfaq.learn import data
from dlfaq.plots import render


@pytest.fixture
def explorer(monkeypatch):
    monkeypatch.setattr(render, "_chosen", "ipympl")
    digits = data.load_digits()
    return explorers.gradient_explorer(digits["X_train"][:64], digits["y_train"][:64])


def count_full_draws(explorer):
    draws = []
    explorer.fig.canvas.mpl_connect("draw_event", lambda event: draws.append(event))
    return draws


def test_the_first_move_after_the_figure_is_shown_is_a_blit(explorer):
    draws = count_full_draws(explorer)
    explorer.fig.canvas.draw()  # what ipympl's front end asks for when it shows the figure
    assert len(draws) == 1
    for depth in (5, 20, 12):
        explorer.set(depth=depth)
    assert len(draws) == 1, "a move redrew the whole figure instead of blitting"
    explorer.set(activation="relu", init="he")  # new value labels: still artists only
    assert len(draws) == 1


def test_the_blitted_figure_is_the_fully_drawn_one(explorer):
    explorer.fig.canvas.draw()
    explorer.set(depth=17, activation="tanh")
    blitted = np.asarray(explorer.fig.canvas.buffer_rgba()).copy()
    explorer.fig.canvas.draw()  # everything again, the moved artists drawn on top as before
    np.testing.assert_array_equal(blitted, np.asarray(explorer.fig.canvas.buffer_rgba()))


def test_ipympl_frames_are_whole_rgb_pngs_of_the_canvas_pixels(explorer):
    canvas = explorer.fig.canvas
    frames = []
    canvas.send_binary = frames.append
    canvas.draw()
    for depth in (3, 30):
        explorer.set(depth=depth)
    assert len(frames) == 3, "one frame per draw or blit"
    last = Image.open(io.BytesIO(frames[-1]))
    assert last.mode == "RGB" and last.size == canvas.get_width_height()
    np.testing.assert_array_equal(np.asarray(last),
                                  np.asarray(canvas.buffer_rgba())[..., :3])
    assert canvas._current_image_mode == "full"
