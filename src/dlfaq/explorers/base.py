"""The explorer mechanism: controls wired to a compute function and a figure updated in place.

:class:`Explorer` is the one mechanism every interactive figure of the series uses: a dict of
ipywidgets controls, a ``compute(**values) -> data`` function, a ``draw(fig, data) -> artists``
function that builds the figure once and a ``redraw(artists, data)`` function that updates it.
A change of any control calls :meth:`Explorer.refresh`, a plain method that tests and
benchmarks call without a browser; the latest data is kept in ``explorer.data`` (a dict of
numbers that notebooks and tests read). The figure, with fixed margins, reaches the reader
through a renderer chosen at run time (:mod:`dlfaq.plots.render`): an ipympl canvas updated in place
(measured about 5x faster per update than re-rendering an inline PNG), or, where ipympl's front
end is missing (Colab), PNG frames of the same figure in an ``widgets.Image``.

When ``redraw`` returns the artists it changed, only those are redrawn over a cached background
(blitting, matplotlib's BlitManager pattern): text layout dominates a full redraw (40-90 ms
here), so an update that moves a line or an image but no tick costs a few milliseconds. When
``redraw`` returns None (limits or labels changed), the whole figure is redrawn.

The explorers themselves (which controls, which compute call, which figure) are in
:mod:`dlfaq.explorers`.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from dlfaq.core.checks import check_choice, check_float, check_int
from dlfaq.plots import render

__all__ = ["Explorer", "slider"]


def _interactive_figure(figsize=(6.4, 4.0), dpi: int = 80, renderer: str | None = None):
    """A matplotlib Figure (no pyplot, no global state) with a canvas for ``renderer``
    ("auto", "ipympl" or "png"; None: the one :func:`dlfaq.setup` chose, see
    :mod:`dlfaq.plots.render`). Returns ``(fig, renderer)``; ``renderer.widget`` shows it."""
    fig = Figure(figsize=figsize, dpi=dpi)
    return fig, render._attach(fig, renderer)


class Explorer:
    """Controls + compute + figure, updated in place whenever a control changes.

    Parameters
    ----------
    controls : dict of name -> ipywidgets ValueWidget
        Their values are passed to ``compute`` as keyword arguments.
    compute : callable(**values) -> data
        Pure computation; raising ValueError shows its message under the figure instead of a
        traceback.
    draw : callable(fig, data) -> artists
        Builds the axes and artists once.
    redraw : callable(artists, data) -> list of artists or None
        Updates the artists for new data; returns the artists it changed when nothing else
        changed (they are then blitted), or None to have the whole figure redrawn.
    figsize : (width, height) in inches
    renderer : {"auto", "ipympl", "png"} or None
        How the figure is shown (see :mod:`dlfaq.plots.render`); None: what :func:`dlfaq.setup`
        chose. ``explorer.renderer.name`` says which one is used.
    """

    def __init__(self, controls: dict, compute: Callable, draw: Callable, redraw: Callable,
                 figsize=(6.4, 4.0), margins: dict | None = None,
                 renderer: str | None = None):
        if not controls:
            raise ValueError("controls must name at least one control")
        self.controls = dict(controls)
        self.compute, self.redraw_fn = compute, redraw
        self.fig, self.renderer = _interactive_figure(figsize, renderer=renderer)
        self.fig.subplots_adjust(**(margins or {"left": 0.1, "right": 0.95, "bottom": 0.13,
                                                "top": 0.9, "wspace": 0.35}))
        self.status = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
        self.last_ms = float("nan")
        self.data = compute(**self.values())
        self.artists = draw(self.fig, self.data)
        self._animated: list = []
        self._background = None
        # The artists an update changes are animated from the start: the first full draw (the
        # one the browser asks for when it shows the figure) then caches the background they
        # are blitted over, and the reader's first move is a blit, not a full redraw.
        changed = self.redraw_fn(self.artists, self.data)
        if changed is not None:
            self._set_animated(list(changed))
        self.fig.canvas.mpl_connect("draw_event", self._on_draw)
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        control_box = widgets.HBox(list(self.controls.values()),
                                   layout=widgets.Layout(flex_flow="row wrap"))
        self.widget = widgets.VBox([control_box, self.renderer.widget, self.status])
        if self.renderer.name == "png":  # ipympl draws when the browser asks; a PNG is sent
            self.fig.canvas.draw()
            self.renderer.publish()

    def values(self) -> dict:
        """The current value of every control, by name."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values):
        """Set some controls (as a reader would) and refresh once; returns the new data."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; "
                             f"this explorer has {sorted(self.controls)}")
        for name, value in values.items():
            _check_control_value(name, self.controls[name], value)
        self._hold = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._hold = False
        return self.refresh()

    def refresh(self):
        """Recompute from the controls and update the figure in place; returns the data."""
        start = time.perf_counter()
        try:
            with np.errstate(all="ignore"):
                data = self.compute(**self.values())
        except ValueError as err:
            self.status.value = f"<b>Cannot show this setting:</b> {html.escape(str(err))}"
            return None
        self.data = data
        changed = self.redraw_fn(self.artists, data)
        self.status.value = data.get("message", "") if isinstance(data, dict) else ""
        self.renderer.before_draw()
        if changed is None:
            self._set_animated([])
            self.fig.canvas.draw()
        else:
            self._blit(list(changed))
        self.renderer.publish()
        self.last_ms = 1000 * (time.perf_counter() - start)
        return data

    def _set_animated(self, artists):
        for artist in self._animated:
            artist.set_animated(False)
        for artist in artists:
            artist.set_animated(True)
        self._animated = artists

    def _blit(self, artists):
        canvas = self.fig.canvas
        if self._background is None or [id(a) for a in artists] != [id(a) for a in
                                                                    self._animated]:
            self._set_animated(artists)
            canvas.draw()  # full draw without them; _on_draw caches it and draws them on top
        else:  # (one frame per update: draw() has already sent its own)
            canvas.restore_region(self._background)
            self._draw_animated()
            canvas.blit(self.fig.bbox)

    def _on_draw(self, event):
        """After any full draw (ours or one the browser asks for): cache the background."""
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_animated()

    def _draw_animated(self):
        for artist in self._animated:
            self.fig.draw_artist(artist)

    def _on_change(self, change):
        if not getattr(self, "_hold", False):
            self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def _check_control_value(name: str, control, value) -> None:
    """Refuse a value that ``control`` cannot show (a slider would silently clamp it).

    A reader moving a slider cannot leave its range; code calling ``explorer.set(...)`` can,
    and deserves to be told the range instead of seeing another value than the one it asked for.
    """
    if isinstance(control, widgets.Checkbox):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {value!r}")
        return
    options = getattr(control, "options", None)
    if options is not None:
        labels = [option[1] if isinstance(option, tuple) else option for option in options]
        check_choice(name, value, labels)
        return
    low, high = getattr(control, "min", None), getattr(control, "max", None)
    if low is None or high is None:
        return
    if isinstance(control, widgets.FloatLogSlider):
        low, high = control.base ** low, control.base ** high
    if isinstance(control, (widgets.IntSlider, widgets.IntRangeSlider, widgets.BoundedIntText)):
        value = check_int(name, value)
    else:
        value = check_float(name, value)
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g} (the control's range), "
                         f"got {value!r}")


def slider(description: str, value: float, low: float, high: float, step: float = 0.1):
    """A float slider of the explorers' look (250 px, one decimal), updating as it is dragged."""
    return widgets.FloatSlider(value=value, min=low, max=high, step=step, description=description,
                         continuous_update=True, readout_format=".1f",
                         layout=widgets.Layout(width="250px"))
