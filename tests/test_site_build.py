"""The pieces of `make site` (tools/site) without a browser: how explorers are found, which
values their grids offer, the launch links, the glossary's first-use links, the figures' words.
The pages themselves are tested in Chromium by tests/test_site.py."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import ipywidgets as widgets
import nbformat
import numpy as np
import pytest

from tools.site import catalogue, cells, glossary, grids, text
from tools.site.explorers import explorer_cells, factory_names

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _environment_kept():
    """The site's explorer capture sets DLFAQ_RENDERER, MPLBACKEND and CUDA_VISIBLE_DEVICES for
    its own process; a test must not hand them to the tests after it (kernels they start
    inherit them: a static figure then renders as nothing)."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


def notebook(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title")] + \
        [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_explorers_are_found_by_the_code_that_creates_them():
    nb = notebook("x = 1", "explorers.gradient_explorer()",
                  "explorer = explorers.logistic_explorer(X, y)\nexplorer",
                  "explorer.set(w1=2.0)", "%matplotlib inline\nlogistic_explorer(X, y)")
    assert explorer_cells(nb) == [2, 3, 5]


def test_the_site_knows_the_registered_explorers_and_no_others():
    """Every explorer having a grid and words is tests/test_places.py's check."""
    from dlfaq.explorers import EXPLORERS

    names = factory_names()
    assert names == set(EXPLORERS)
    assert set(grids.GRIDS) <= names, "a grid for a factory dlfaq.explorers no longer has"
    assert set(grids.DESCRIBERS) <= names, "words for a factory dlfaq.explorers no longer has"
    # an explorer without words is described by its figure's title
    assert grids.describe("new_explorer", {"title": "unit (1, 3) = 0.5"}) == "unit (1, 3) = 0.5"


def test_a_grid_offers_every_option_and_switch_and_the_starting_value():
    controls = {"depth": widgets.IntSlider(value=7, min=1, max=50),
                "width": widgets.IntSlider(value=32, min=4, max=128, step=4),
                "activation": widgets.Dropdown(options=["sigmoid", "relu"], value="relu"),
                "init": widgets.Dropdown(options=[("He", "he"), ("Xavier", "xavier")], value="he"),
                "batch_norm": widgets.Checkbox(value=True)}
    grid, held = grids.grid_for("gradient_explorer", controls)
    assert grid["depth"] == [2, 5, 7, 10, 20, 30, 50]
    assert grid["width"] == [32] and held == ["width"]
    assert grid["activation"] == ["sigmoid", "relu"] and grid["init"] == ["he", "xavier"]
    assert grid["batch_norm"] == [False, True]


def test_an_unlisted_slider_is_offered_whole_when_small_and_held_when_not():
    controls = {"size": widgets.IntSlider(value=2, min=1, max=4),
                "w": widgets.FloatSlider(value=0.3, min=-5, max=5, step=0.1)}
    grid, held = grids.grid_for("some_new_explorer", controls)
    assert grid == {"size": [1, 2, 3, 4], "w": [0.3]} and held == ["w"]


def test_a_log_slider_is_labelled_as_the_notebook_shows_it():
    lr = widgets.FloatLogSlider(value=1.0, base=10, min=-2, max=1, step=0.1)
    assert grids.label(lr, 0.1) == "0.1" and grids.label(lr, 10.0) == "10"
    assert grids.live_range(lr).startswith("from 0.01 to 10 (log scale")


def test_launch_links_are_the_readmes_badges_and_nbgitpuller_links():
    path = Path("notebooks/03_vanishing_gradients.ipynb")
    readme = (ROOT / "README.md").read_text()
    assert f"({catalogue.binder_url(path)})" in readme
    assert f"({catalogue.colab_url(path)})" in readme
    hub = urlparse(catalogue.hub_url(path, "https://hub.example.org/"))
    assert (hub.netloc, hub.path) == ("hub.example.org", "/hub/user-redirect/git-pull")
    assert parse_qs(hub.query) == {"repo": ["https://github.com/dlfaq/dlfaq"],
                                   "branch": ["main"],
                                   "urlpath": ["lab/tree/dlfaq/" + path.as_posix()]}
    with pytest.raises(ValueError, match="hub must be the hub's address"):
        catalogue.hub_url(path, "hub.example.org")


def test_every_notebook_has_a_title_and_a_page():
    found = catalogue.notebooks()
    assert [nb.number for nb in found[:8]] == [f"{i:02d}" for i in range(1, 9)]
    assert found[-1].number == "app" and found[-1].page == "app-explorers.html"
    assert all(nb.title for nb in found)


def test_the_glossary_links_each_terms_first_use_outside_code_headings_and_links():
    html = ('<h2>Backpropagation</h2><p>We use <code>backpropagation</code> and '
            '<a href="x">backpropagation</a>; then backpropagation, and backpropagation again, '
            "with a ReLU.</p>")
    seen: set[str] = set()
    out = text.link_terms(html, glossary.patterns(), seen, "glossary.html#{}")
    assert out.count('href="glossary.html#backpropagation"') == 1
    assert '<h2>Backpropagation</h2>' in out and "<code>backpropagation</code>" in out
    assert 'then <a class="term" href="glossary.html#backpropagation">backpropagation</a>,' in out
    assert 'href="glossary.html#relu">ReLU</a>' in out
    again = text.link_terms("<p>backpropagation</p>", glossary.patterns(), seen, "#{}")
    assert "<a" not in again, "a term is linked once per page"


def test_glossary_slugs_are_unique_and_every_pattern_matches_its_own_term():
    slugs = [slug for slug, *_ in glossary.TERMS]
    assert len(slugs) == len(set(slugs))
    for (slug, term, _, _), (_, pattern) in zip(glossary.TERMS, glossary.patterns(),
                                                strict=True):
        assert pattern.search(term.split(" (")[0]), f"{slug}: {term!r}"


def test_markdown_keeps_math_for_katex_and_points_notebook_links_at_pages():
    math = text.Math()
    ids: set[str] = set()
    out = text.markdown("## The slope\n\n$a < b$ and [next](02_hidden_layers_backprop.ipynb)\n"
                        "\n$$\\frac{1}{4}$$", math, "test", ids)
    assert '<h2 id="the-slope">' in out and 'href="02_hidden_layers_backprop.html"' in out
    assert [(tex, display) for tex, display, _ in math.items] == [("\\frac{1}{4}", True),
                                                                  ("a < b", False)]


def test_a_notebook_figures_words_come_from_its_code_and_printed_numbers():
    cell = nbformat.v4.new_code_cell(
        'fig, ax = plt.subplots()\nax.set_title(f"Loss after {n} steps")\n'
        'ax.set_xlabel("step")\nprint(loss)')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="loss 0.12\n"),
                    nbformat.v4.new_output("display_data", data={
                        "image/png": "", "text/plain": "<Figure size 640x480 with 1 Axes>"})]
    alt = cells.alt_text(cell, cell.outputs[1], 0, 1)
    assert alt == ('A figure with one panel, drawn by the code above with title "Loss after … '
                   'steps"; x axis "step". The cell printed: loss 0.12.')
    cell.metadata["dlfaq"] = {"alt": "The loss falls from 0.7 to 0.12."}
    assert cells.alt_text(cell, cell.outputs[1], 0, 1) == "The loss falls from 0.7 to 0.12."


def test_an_explorer_frames_words_are_its_numbers():
    data = {"weight_grad_norm": np.array([1e-9, 1e-5, 1e-2, 0.5]), "saturation": [0.9, 0.1],
            "message": "<b>Vanished:</b> below 1e-08 in layers 1."}
    alt = grids.describe("gradient_explorer", data)
    assert "3 hidden layers" in alt and "1.0e-09 at layer 1" in alt and "1.0e-02 at layer 3" \
        in alt
    assert "90% of units saturated" in alt and "Vanished: below" in alt and "<b>" not in alt


def test_cached_frames_are_dropped_when_a_module_they_were_drawn_by_changes(tmp_path):
    from tools.site.explorers import still_valid

    module = tmp_path / "neuron.py"
    module.write_text("A = 1\n")
    import hashlib

    recorded = {str(module): hashlib.sha256(module.read_bytes()).hexdigest()}
    assert still_valid(recorded)
    module.write_text("A = 2\n")
    assert not still_valid(recorded)
    module.unlink()
    assert not still_valid(recorded)


@pytest.mark.slow
def test_a_notebooks_explorer_is_drawn_at_every_grid_point_then_served_from_the_cache(tmp_path):
    """build_notebook runs the notebook's code up to its explorers, draws every point of the
    grid with explorer.set (a pooling explorer: 2 windows x 2 poolings x 7 shifts here), lets
    the same explorer started elsewhere share those frames, and reuses everything on a second
    build."""
    from tools.site.explorers import build_notebook

    nb = notebook("import numpy as np\nfrom dlfaq import explorers",
                  "image = np.zeros((4, 4))\nimage[1:3, 1] = 1.0",
                  "explorers.pooling_explorer(image, np.ones((3, 3)), size=2, shift=1)",
                  "explorers.pooling_explorer(image, np.ones((3, 3)), mode='average')")
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    first = build_notebook(path, tmp_path / "cache")
    explorer, other = first["explorers"]
    assert explorer["cell"] == 3 and explorer["factory"] == "pooling_explorer"
    controls = {c["name"]: c for c in explorer["controls"]}
    assert controls["size"]["values"] == [1, 2] and controls["shift"]["values"] == list(
        range(-3, 4))
    assert controls["size"]["labels"][controls["size"]["start"]] == "2"
    assert len(explorer["frames"]) == 2 * 2 * 7 == explorer["drawn"]
    assert all((tmp_path / "cache" / "frames" / f["frame"]).exists() for f in explorer["frames"])
    assert len({f["frame"] for f in explorer["frames"]}) > 10, "settings draw different frames"
    assert "Left: the 4x4 feature map" in explorer["frames"][0]["alt"]
    assert other["drawn"] == 0 and other["frames"] == explorer["frames"], "shared, once checked"
    assert controls["mode"]["start"] == 0 and other["controls"][1]["start"] == 1
    again = build_notebook(path, tmp_path / "cache")
    assert again == first, "the second build comes from the cache"


def test_a_running_kernel_is_not_a_convolution_kernel():
    seen: set[str] = set()
    out = text.link_terms("<p>With a running kernel the sliders move.</p>",
                          glossary.patterns(), seen, "#{}")
    assert "kernel" not in seen and "<a" not in out
    out = text.link_terms("<p>Each 3x3 kernel slides.</p>", glossary.patterns(), seen, "#{}")
    assert 'href="#kernel">kernel</a>' in out
