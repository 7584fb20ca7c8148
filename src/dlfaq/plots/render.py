"""How an explorer's figure reaches the reader: ipympl's canvas, or PNG frames in an Image.

Two renderers draw the same matplotlib Figure with the same fixed margins:

``"ipympl"``
    The figure's canvas is ipympl's widget; a draw sends the frame to the browser, which
    paints it on an HTML canvas. Needs ipympl's front end (JupyterLab, Notebook 7, Voila).
``"png"``
    The figure is drawn with Agg in the kernel and every update is sent as a PNG in a core
    ``ipywidgets.Image``: works wherever core ipywidgets do (Colab, where ipympl has been
    broken through 2025-26; any front end without ipympl's extension).

The choice, made when an explorer is built (:func:`resolve`):

1. ``dlfaq.setup(renderer="ipympl" | "png")`` wins;
2. with ``"auto"`` (the default), the environment variable ``DLFAQ_RENDERER`` (``ipympl`` or
   ``png``) decides; another value is reported once and ignored;
3. otherwise ``"png"`` on Colab (``google.colab`` importable) or when ipympl is not installed,
   ``"ipympl"`` everywhere else.

A kernel cannot see which front end displays it, so "auto" goes by what it can see.
"""

from __future__ import annotations

import importlib.util
import io
import os
import sys
import warnings

import numpy as np
from PIL import Image

from dlfaq.core.checks import check_choice
from dlfaq.core.doors import Choice, door

__all__ = ["ENV_VAR", "RENDERERS", "on_colab", "resolve", "set_renderer"]

RENDERERS = ("auto", "ipympl", "png")
ENV_VAR = "DLFAQ_RENDERER"
_chosen = "auto"
_warned: set[str] = set()


@door(renderer=Choice(RENDERERS))
def set_renderer(renderer: str) -> str:
    """Remember the renderer of the explorers built from now on (``dlfaq.setup`` calls this)."""
    global _chosen
    _chosen = renderer
    return _chosen


def resolve(name: str | None = None) -> str:
    """The renderer an explorer built now uses, "ipympl" or "png" (see the module docstring).

    ``name`` None means the one set with :func:`set_renderer` (``dlfaq.setup``).
    """
    name = _chosen if name is None else check_choice("renderer", name, RENDERERS)
    if name != "auto":
        return name
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env.lower() in ("ipympl", "png"):
        return from_env.lower()
    if from_env and from_env not in _warned:
        _warned.add(from_env)
        warnings.warn(f"{ENV_VAR}={from_env!r} is not a renderer (use 'ipympl' or 'png'); "
                      "ignoring it and choosing automatically", stacklevel=2)
    if on_colab() or importlib.util.find_spec("ipympl") is None:
        return "png"
    return "ipympl"


def on_colab() -> bool:
    """True inside a Google Colab kernel (``google.colab`` is imported or importable)."""
    if "google.colab" in sys.modules:
        return True
    try:
        return importlib.util.find_spec("google.colab") is not None
    except (ImportError, ValueError):
        return False


def _attach(fig, name: str | None = None):
    """Give ``fig`` a canvas for the chosen renderer; return the renderer (``.widget`` shows it,
    ``.before_draw()`` and ``.publish()`` bracket every update)."""
    return (_PngRenderer if resolve(name) == "png" else _IpymplRenderer)(fig)


class _IpymplRenderer:
    """ipympl's canvas widget: a draw (or blit) sends the frame itself."""

    name = "ipympl"

    def __init__(self, fig):
        Canvas, FigureManager = _ipympl_classes()
        canvas = Canvas(fig)
        FigureManager(canvas, 0)
        canvas.header_visible = False
        canvas.footer_visible = False
        canvas.toolbar_visible = False
        canvas.resizable = False
        canvas.capture_scroll = False
        # ipympl (0.10) syncs every frame drawn before the browser says "initialized" as a data
        # URL *without* its "data:image/png;base64," prefix; a browser that builds the figure
        # from that state gets a broken image and a 0x0 canvas (seen in JupyterLab when a cell
        # calls explorer.set() right after the explorer's cell). Not syncing it is what a
        # connected browser asks for anyway; the browser draws the first frame it is sent.
        canvas.syncing_data_url = False
        canvas.get_diff_image = lambda: _full_frame_png(canvas)
        self.widget = canvas

    def before_draw(self):
        # Send a whole frame, not a diff: ipympl's front end drops a frame that arrives before
        # the previous one has loaded, and a dropped diff leaves stale pixels (an old title,
        # trails of an old line) until the next full redraw. Measured in Chromium
        # (tests/test_browser.py): same round trip, no corruption.
        self.widget._force_full = True

    def publish(self):
        """Nothing to do: ipympl sent the frame when the canvas drew or blitted."""


class _PngRenderer:
    """Agg in the kernel, each frame a PNG in an ``ipywidgets.Image`` of the figure's size.

    The frame is the canvas's pixel buffer as drawn (after a full draw or a blit), encoded by
    Pillow at zlib level 1 (about 10 ms for a 800x300 frame here; the default level 6 takes
    twice as long for a file 15% smaller), RGB (figures are opaque).
    """

    name = "png"

    def __init__(self, fig):
        import ipywidgets as widgets
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
        width, height = (round(v) for v in fig.get_size_inches() * fig.dpi)
        # One figure pixel per CSS pixel, as ipympl shows it on a 1x display; narrower output
        # areas scale it down whole (height follows the width).
        self.widget = widgets.Image(format="png", layout=widgets.Layout(
            width=f"{width}px", max_width="100%", height="auto"))
        self.widget.add_class("dlfaq-png-figure")
        self.fig = fig

    def before_draw(self):
        """Nothing to do: Agg draws into the kernel's buffer."""

    def publish(self):
        """Encode the canvas's current pixels and send them to the Image widget."""
        from PIL import Image

        buffer = self.fig.canvas.buffer_rgba()
        height, width = buffer.shape[:2]
        frame = Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        frame.convert("RGB").save(out, format="png", compress_level=1)
        self.widget.value = out.getvalue()


def _full_frame_png(canvas):
    """The frame ipympl sends after a draw or a blit (None when nothing new was drawn): the
    whole figure, as matplotlib's own ``get_diff_image`` sends it in "full" mode, but RGB when
    every pixel is opaque (figures are) and at zlib level 1: the same pixels on screen in about
    4 ms instead of 7 for an 800x300 frame here, and a frame 10% smaller. Every frame is whole
    (see ``before_draw``), so the previous one is not kept for a diff."""
    if not canvas._png_is_old:
        return None
    canvas._png_is_old = False
    canvas._force_full = False
    canvas.set_image_mode("full")
    pixels = canvas.get_renderer().buffer_rgba()
    height, width = pixels.shape[:2]
    frame = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    if np.asarray(pixels)[..., 3].min() == 255:
        frame = frame.convert("RGB")
    with io.BytesIO() as out:
        frame.save(out, format="png", compress_level=1)
        return out.getvalue()


def _ipympl_classes():
    """Import ipympl's canvas without letting it switch pyplot's backend.

    Importing ipympl calls ``matplotlib.use("module://ipympl.backend_nbagg")``; the notebooks'
    static figures stay inline PNGs (readable without a kernel), so the backend is put back.
    """
    import matplotlib

    backend = matplotlib.get_backend()
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend() != backend:
        matplotlib.use(backend)
        _reattach_inline(backend)
    return Canvas, FigureManager


def _reattach_inline(backend: str) -> None:
    """Switching away from the inline backend unhooked IPython's figure display; hook it again
    (without this, every later ``plt.show()`` prints ``<Figure ...>`` instead of the picture)."""
    if "inline" not in backend:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        from matplotlib_inline.backend_inline import configure_inline_support

        configure_inline_support(shell, backend)
