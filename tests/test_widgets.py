"""Explorers are plain objects: tests set their controls, as a reader would, without a browser."""

import numpy as np
import pytest

from dlfaq import data, widgets


@pytest.fixture
def explorer():
    X, y = data.make_2d("blobs", seed=0)
    return widgets.logistic_explorer(X, y)


def test_logistic_explorer_moves_the_boundary_with_the_bias(explorer):
    before = explorer.set(w1=1.0, w2=1.0, b=0.0)["boundary"]
    after = explorer.set(b=2.0)["boundary"]
    assert before != after
    # the new boundary satisfies w . x + b = 0 for the slider values
    (xa, ya), _ = after
    assert xa + ya + 2.0 == pytest.approx(0)


def test_logistic_explorer_figure_pixels_change_when_a_slider_moves(explorer):
    explorer.fig.canvas.draw()
    before = np.asarray(explorer.fig.canvas.buffer_rgba()).copy()
    explorer.set(w1=-3.0)
    after = np.asarray(explorer.fig.canvas.buffer_rgba())
    assert (before != after).any(axis=2).mean() > 0.05


@pytest.mark.parametrize("extreme", [-5.0, 5.0])
def test_logistic_explorer_survives_every_slider_extreme(explorer, extreme):
    for name in ("w1", "w2", "b"):
        assert explorer.set(**{name: extreme}) is not None
    explorer.set(w1=0.0, w2=0.0)
    assert "no boundary" in explorer.status.value


def test_explorer_rejects_unknown_controls(explorer):
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(w3=1.0)


def test_explorer_shows_compute_errors_as_a_message_not_a_traceback():
    import ipywidgets as W

    def compute(x):
        if x > 1:
            raise ValueError("x must be <= 1 for this demo")
        return {"x": x}

    def draw(fig, data):
        return {"line": fig.add_subplot().plot([0, data["x"]])[0]}

    def redraw(artists, data):
        artists["line"].set_ydata([0, data["x"]])
        return [artists["line"]]

    explorer = widgets.Explorer({"x": W.FloatSlider(value=0.5, min=0, max=2)}, compute, draw,
                                redraw)
    assert explorer.set(x=1.5) is None
    assert "x must be &lt;= 1" in explorer.status.value


def test_logistic_explorer_rejects_non_2d_data():
    with pytest.raises(ValueError, match="X must have shape"):
        widgets.logistic_explorer(np.zeros((10, 3)), np.zeros(10, dtype=int))


def test_static_figures_after_an_explorer_still_render_as_pictures(tmp_path):
    """ipympl's import switches pyplot's backend; dlfaq puts inline back, hooks included."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "import matplotlib.pyplot as plt\nfrom dlfaq import data, widgets\n"
        "X, y = data.make_2d('blobs')\nwidgets.logistic_explorer(X, y)",
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    kinds = {mime for output in nb.cells[1].outputs for mime in output.get("data", {})}
    assert "image/png" in kinds
