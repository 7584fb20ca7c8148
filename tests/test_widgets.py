"""Explorers are plain objects: tests set their controls, as a reader would, without a browser,
and read the numbers the figure shows from ``explorer.data``."""

import numpy as np
import pytest

from dlfaq import explorers
from dlfaq.explorers.base import Explorer
from dlfaq.learn import backprop, data, neuron


@pytest.fixture
def explorer():
    X, y = data.make_2d("blobs", seed=0)
    return explorers.logistic_explorer(X, y)


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
    X, y = data.make_2d("blobs", seed=0)
    for name in ("w1", "w2", "b"):
        shown = explorer.set(**{name: extreme})
        assert shown is explorer.data
        w, b = [explorer.controls["w1"].value, explorer.controls["w2"].value], shown["b"]
        p = neuron.predict_proba(X, w, b)
        assert shown["loss"] == pytest.approx(neuron.log_loss(p, y))
        assert shown["accuracy"] == pytest.approx(neuron.accuracy(p, y))
        assert np.all(np.isfinite(shown["proba"]))
        assert f"accuracy {shown['accuracy']:.0%}" in shown["title"]
    shown = explorer.set(w1=0.0, w2=0.0)
    assert shown["boundary"] is None
    assert "no boundary" in explorer.status.value
    assert f"{neuron.sigmoid(shown['b']):.2f}" in explorer.status.value


def test_logistic_explorer_data_are_the_numbers_of_the_figure(explorer):
    X, y = data.make_2d("blobs", seed=0)
    shown = explorer.set(w1=2.0, w2=-1.0, b=0.5)
    assert shown is explorer.data
    assert np.allclose(shown["proba"], neuron.probability_grid([2.0, -1.0], 0.5,
                                                              resolution=80)["proba"])
    assert shown["loss"] == pytest.approx(
        neuron.log_loss(neuron.predict_proba(X, [2.0, -1.0], 0.5), y))
    np.testing.assert_array_equal(explorer.artists["image"].get_array(), shown["proba"])


def test_explorer_rejects_unknown_controls(explorer):
    with pytest.raises(ValueError, match="unknown control"):
        explorer.set(w3=1.0)


def test_explorer_shows_compute_errors_as_a_message_not_a_traceback():
    import ipywidgets as widgets

    def compute(x):
        if x > 1:
            raise ValueError("x must be <= 1 for this demo")
        return {"x": x}

    def draw(fig, data):
        return {"line": fig.add_subplot().plot([0, data["x"]])[0]}

    def redraw(artists, data):
        artists["line"].set_ydata([0, data["x"]])
        return [artists["line"]]

    explorer = Explorer({"x": widgets.FloatSlider(value=0.5, min=0, max=2)}, compute, draw, redraw)
    assert explorer.set(x=1.5) is None
    assert "x must be &lt;= 1" in explorer.status.value
    assert explorer.data == {"x": 0.5}, "the data stay those of the figure shown"


def test_hidden_layer_explorer_accuracy_is_that_of_the_network_at_the_step_shown():
    explorer = explorers.hidden_layer_explorer("xor", hidden=4, steps=200, record_every=20)
    X, y = data.make_2d("xor", n_samples=200, seed=0)
    run = backprop.fit(X, y, hidden=3, activation="tanh", lr=1.0, steps=200, seed=0,
                       record_every=20)
    for step in (0, 100, 200):
        shown = explorer.set(hidden=3, step=step)
        params = dict(run["snapshots"])[step]
        y_hat, _, _ = backprop.forward(params, X, "tanh")
        assert shown["step"] == step
        assert shown["accuracy"] == pytest.approx(np.mean(y_hat.argmax(1) == y))
        assert np.allclose(shown["proba"], backprop.probability_grid(params, "tanh")["proba"])
        np.testing.assert_array_equal(shown["losses"], run["losses"][:step + 1])
        assert f"accuracy {shown['accuracy']:.0%}" in shown["title"]


def test_logistic_explorer_rejects_non_2d_data():
    with pytest.raises(ValueError, match="X must have shape"):
        explorers.logistic_explorer(np.zeros((10, 3)), np.zeros(10, dtype=int))


def test_static_figures_after_an_explorer_still_render_as_pictures(tmp_path):
    """ipympl's import switches pyplot's backend; dlfaq puts inline back, hooks included."""
    import nbformat
    from nbclient import NotebookClient

    cells = [
        "import matplotlib.pyplot as plt\nfrom dlfaq import explorers\n"
        "from dlfaq.learn import data\n"
        "X, y = data.make_2d('blobs')\nexplorers.logistic_explorer(X, y)",
        "fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    kinds = {mime for output in nb.cells[1].outputs for mime in output.get("data", {})}
    assert "image/png" in kinds
