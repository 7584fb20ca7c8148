"""The renderer of the explorers (dlfaq.plots.render): which one is chosen, and the PNG one at work.

The browser side (an image on the page whose pixels follow the controls) is
tests/test_browser_png.py; here the choice logic and every explorer drawn as PNG frames.
"""

from __future__ import annotations

import io
import subprocess
import sys
import types
import warnings

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

import dlfaq
from dlfaq import explorers
from dlfaq.explorers.base import Explorer
from dlfaq.learn import convnets, data
from dlfaq.plots import render


@pytest.fixture(autouse=True)
def clean_choice(monkeypatch):
    """Every test starts from "auto", no DLFAQ_RENDERER, nothing warned, not on Colab."""
    monkeypatch.setattr(render, "_chosen", "auto")
    monkeypatch.setattr(render, "_warned", set())
    monkeypatch.delenv(render.ENV_VAR, raising=False)
    google_before = {n: m for n, m in sys.modules.items() if n.split(".")[0] == "google"}
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    yield
    for name in [n for n in sys.modules if n.split(".")[0] == "google"]:
        if name not in google_before:  # a google package found on a test's temporary path
            del sys.modules[name]


def fake_colab(monkeypatch):
    google = sys.modules.get("google") or types.ModuleType("google")
    colab = types.ModuleType("google.colab")
    monkeypatch.setitem(sys.modules, "google", google)
    monkeypatch.setitem(sys.modules, "google.colab", colab)


# ---------------------------------------------------------------- the choice
def test_auto_picks_ipympl_where_it_is_installed_and_not_on_colab():
    assert not render.on_colab()
    assert render.resolve() == "ipympl"
    assert render.resolve("auto") == "ipympl"


def test_auto_picks_png_on_colab(monkeypatch):
    fake_colab(monkeypatch)
    assert render.on_colab()
    assert render.resolve() == "png"


def test_auto_picks_png_when_google_colab_is_importable_but_not_imported(tmp_path,
                                                                         monkeypatch):
    package = tmp_path / "google" / "colab"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [n for n in sys.modules if n == "google" or n.startswith("google.")]:
        monkeypatch.delitem(sys.modules, name)
    assert render.resolve() == "png"


def test_auto_picks_png_when_ipympl_is_not_installed(monkeypatch):
    real = render.importlib.util.find_spec
    monkeypatch.setattr(render.importlib.util, "find_spec",
                        lambda name, *a: None if name == "ipympl" else real(name, *a))
    assert render.resolve() == "png"


@pytest.mark.parametrize("value, expected", [("png", "png"), ("ipympl", "ipympl"),
                                             ("PNG", "png"), (" ipympl ", "ipympl")])
def test_the_environment_variable_overrides_auto(monkeypatch, value, expected):
    monkeypatch.setenv(render.ENV_VAR, value)
    assert render.resolve() == expected


def test_the_environment_variable_overrides_auto_on_colab_too(monkeypatch):
    fake_colab(monkeypatch)
    monkeypatch.setenv(render.ENV_VAR, "ipympl")
    assert render.resolve() == "ipympl"


def test_an_explicit_choice_beats_the_environment_variable(monkeypatch):
    monkeypatch.setenv(render.ENV_VAR, "png")
    render.set_renderer("ipympl")
    assert render.resolve() == "ipympl"
    assert render.resolve("png") == "png"


def test_a_bad_environment_value_warns_once_and_falls_back_to_auto(monkeypatch):
    monkeypatch.setenv(render.ENV_VAR, "svg")
    with pytest.warns(UserWarning, match=r"DLFAQ_RENDERER='svg' is not a renderer.*'png'"):
        assert render.resolve() == "ipympl"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render.resolve() == "ipympl"  # said once, not on every explorer
    fake_colab(monkeypatch)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render.resolve() == "png"  # auto's own choice


def test_an_unknown_renderer_name_is_an_error_naming_the_allowed_ones():
    allowed = "renderer must be one of 'auto', 'ipympl', 'png'; got 'svg'"
    with pytest.raises(ValueError, match=allowed):
        dlfaq.setup(renderer="svg", verbose=False)
    with pytest.raises(ValueError, match=allowed):
        render.set_renderer("svg")
    with pytest.raises(ValueError, match=allowed):
        Explorer({"x": widgets.FloatSlider()}, lambda x: {}, lambda fig, d: {}, lambda a, d: None,
                 renderer="svg")
    assert render._chosen == "auto", "a refused name changes nothing"


def test_setup_chooses_the_renderer_of_later_explorers_and_says_so(capsys):
    before = render._chosen
    try:
        chosen = dlfaq.setup(renderer="png")
        assert chosen.renderer == "png"
        assert "figures as PNG images" in capsys.readouterr().out
        X, y = data.make_2d("blobs", seed=0)
        assert explorers.logistic_explorer(X, y).renderer.name == "png"
        chosen = dlfaq.setup(renderer="auto")
        assert chosen.renderer == "ipympl"
        assert "PNG" not in capsys.readouterr().out  # the usual line, unchanged
        assert explorers.logistic_explorer(X, y).renderer.name == "ipympl"
    finally:
        render._chosen = before


def test_the_png_renderer_never_imports_ipympl():
    code = ("import os, sys; os.environ['DLFAQ_RENDERER'] = 'png'\n"
            "from dlfaq import explorers\nfrom dlfaq.learn import data\n"
            "X, y = data.make_2d('blobs', seed=0)\n"
            "e = explorers.logistic_explorer(X, y); e.set(w1=2.0)\n"
            "assert e.renderer.name == 'png'\n"
            "assert 'ipympl' not in sys.modules, 'ipympl imported'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- every explorer as PNG
def factories() -> dict:
    """Every public explorer, built small (a new explorer must be added here)."""
    X, y = data.make_2d("blobs", n_samples=100, seed=0)
    digits = data.load_digits(seed=0)
    digit = digits["images_train"][0]
    edge = convnets.edge_kernels()["vertical edge"]
    return {
        "logistic_explorer": (lambda: explorers.logistic_explorer(X, y), {"w1": -3.0}),
        "hidden_layer_explorer": (lambda: explorers.hidden_layer_explorer(
            "xor", hidden=4, steps=100, record_every=10), {"step": 50}),
        "gradient_explorer": (lambda: explorers.gradient_explorer(
            digits["X_train"][:64], digits["y_train"][:64], depth=5), {"depth": 12}),
        "receptive_field_explorer": (lambda: explorers.receptive_field_explorer(digit),
                                     {"col": 4}),
        "pooling_explorer": (lambda: explorers.pooling_explorer(digit, edge), {"shift": 2}),
    }


def public_explorers() -> set[str]:
    return set(explorers.EXPLORERS)


def decode(png: bytes) -> np.ndarray:
    png = bytes(png)
    assert png.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_every_public_explorer_is_checked_here():
    assert set(factories()) == public_explorers()


@pytest.mark.parametrize("name", sorted(factories()))
def test_every_explorer_draws_png_frames_that_follow_its_controls(name, monkeypatch):
    monkeypatch.setenv(render.ENV_VAR, "png")
    build, change = factories()[name]
    explorer = build()
    image = explorer.renderer.widget
    assert explorer.renderer.name == "png"
    assert isinstance(image, widgets.Image) and image in explorer.widget.children
    first = decode(image.value)
    width, height = explorer.fig.get_size_inches() * explorer.fig.dpi
    assert first.shape == (round(height), round(width), 3)
    assert image.layout.width == f"{round(width)}px", "one figure pixel per CSS pixel"
    assert (first < 245).any(axis=2).mean() > 0.02, "the first frame is drawn, not blank"

    explorer.set(**change)
    second = decode(image.value)
    assert (first != second).any(axis=2).mean() > 0.001, f"{name}: {change} left the pixels"
    # the frame is the figure as drawn: the canvas's own pixels
    drawn = np.asarray(explorer.fig.canvas.buffer_rgba())[..., :3]
    np.testing.assert_array_equal(second, drawn)


@pytest.mark.parametrize("name", ["logistic_explorer", "pooling_explorer"])
def test_png_and_ipympl_draw_the_same_figure(name):
    build, change = factories()[name]
    frames = {}
    for renderer in ("png", "ipympl"):
        render.set_renderer(renderer)
        explorer = build()
        assert explorer.renderer.name == renderer
        explorer.set(**change)
        explorer.fig.canvas.draw()
        frames[renderer] = np.asarray(explorer.fig.canvas.buffer_rgba())[..., :3].copy()
    np.testing.assert_array_equal(frames["png"], frames["ipympl"])
