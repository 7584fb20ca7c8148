"""Which values of each explorer's controls the site precomputes; each frame's words.

A grid maps every control to the values the site offers. A menu or a switch offers all its
options; a slider offers the values in :data:`GRIDS` (one entry per explorer factory of
:mod:`dlfaq.explorers`) or, for a slider not listed there, its whole range when that is at most
:data:`MAX_STEPS` values. The value a notebook starts the explorer at is always added, so the
site opens on the very figure the notebook's reader sees first. A slider whose range is not
covered is held at its starting value and named in the page as something to try live.

``describe(factory, data)`` turns one frame's numbers (``explorer.data``, the dict the figure
was drawn from) into the frame's alternative text.
"""

from __future__ import annotations

import html
import re

import numpy as np

#: A slider not listed in GRIDS is offered in full when it has at most this many values.
MAX_STEPS = 12

#: Slider values offered on the site, per explorer factory (None: held at the starting value;
#: ``{}``: every slider offered whole, or held when long). One entry per explorer of
#: ``dlfaq.explorers.EXPLORERS`` (tests/test_places.py); the words are :data:`DESCRIBERS`.
GRIDS: dict[str, dict[str, list | None]] = {
    "logistic_explorer": {"w1": [-3, -2, -1, 0, 1, 2, 3], "w2": [-3, -2, -1, 0, 1, 2, 3],
                          "b": [-2, 0, 2]},
    "hidden_layer_explorer": {"hidden": [1, 2, 4, 8, 16], "lr": [0.1, 1.0, 10.0],
                              "step": [0, 100, 300, 600, 1000]},
    "gradient_explorer": {"depth": [2, 5, 10, 20, 30, 50], "width": None},
    "receptive_field_explorer": {"kernel_size": [1, 3, 5]},
    "pooling_explorer": {},
}


def control_kind(control) -> str:
    """"select", "checkbox" or "range", the HTML control that stands for an ipywidgets one."""
    if hasattr(control, "options"):
        return "select"
    if type(control).__name__ == "Checkbox":
        return "checkbox"
    return "range"


def options_of(control) -> list[tuple[str, object]]:
    """[(label, value)] of a menu, whatever form its options take."""
    return [o if isinstance(o, tuple) else (str(o), o) for o in control.options]


def slider_range(control) -> list:
    """Every value a slider can take (its min, max and step), when they are few."""
    low, high, step = control.min, control.max, control.step
    if type(control).__name__ == "FloatLogSlider":
        return [float(control.base ** e) for e in np.arange(low, high + step / 2, step)]
    values = np.arange(low, high + step / 2, step)
    return [int(v) for v in values] if isinstance(control.value, int) else \
        [round(float(v), 10) for v in values]


def grid_for(factory: str, controls: dict) -> tuple[dict[str, list], list[str]]:
    """({control: values offered}, [controls held at their starting value])."""
    chosen = GRIDS.get(factory, {})
    grid, held = {}, []
    for name, control in controls.items():
        start = control.value
        kind = control_kind(control)
        if kind == "select":
            values = [value for _, value in options_of(control)]
        elif kind == "checkbox":
            values = [False, True]
        elif name in chosen:
            values = chosen[name]
            if values is None:
                values, _ = [start], held.append(name)
        else:
            everything = slider_range(control)
            if len(everything) > MAX_STEPS:
                values, _ = [start], held.append(name)
            else:
                values = everything
        values = list(values)
        if kind == "range":
            values = [type(start)(v) for v in values]
            if not any(np.isclose(v, start) for v in values):
                values.append(start)
            values = sorted(set(values))
            values = [start if np.isclose(v, start) else v for v in values]
        grid[name] = values
    return grid, held


def label(control, value) -> str:
    """How the page shows a control's value (as the notebook's control does)."""
    kind = control_kind(control)
    if kind == "select":
        return next(text for text, v in options_of(control) if v == value)
    if kind == "checkbox":
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:.2g}" if type(control).__name__ == "FloatLogSlider" else f"{value:.1f}"
    return str(value)


def live_range(control) -> str:
    """What the control offers in a running notebook, in words."""
    kind = control_kind(control)
    if kind == "select":
        return "one of " + ", ".join(text for text, _ in options_of(control))
    if kind == "checkbox":
        return "on or off"
    if type(control).__name__ == "FloatLogSlider":
        return (f"from {control.base ** control.min:g} to {control.base ** control.max:g} "
                f"(log scale, steps of x{control.base ** control.step:.3g})")
    return f"from {control.min:g} to {control.max:g} in steps of {control.step:g}"


def plain(text: str) -> str:
    """HTML of a message, as words."""
    return html.unescape(re.sub(r"<[^>]+>", "", text or "")).strip()


def describe(factory: str, data: dict) -> str:
    """The alternative text of one frame, from the numbers the figure was drawn from (an
    explorer with no entry in :data:`DESCRIBERS` is described by its title)."""
    return DESCRIBERS.get(factory, _generic)(data)


def _generic(data: dict) -> str:
    return plain(str(data.get("title", ""))) or "The explorer's figure."


def _logistic(d: dict) -> str:
    (w1, w2), b = d["w"], d["b"]
    if d["boundary"] is None:
        line = (f"With w = 0 there is no boundary: the unit outputs {d['constant']:.2f} "
                "everywhere, one flat colour.")
    else:
        (xa, ya), (xb, yb) = d["boundary"]
        line = (f"The decision boundary, a black line where P = 0.5, runs from "
                f"({xa:.1f}, {ya:.1f}) to ({xb:.1f}, {yb:.1f}); P(y = 1) grows towards the side "
                f"w = ({w1:.1f}, {w2:.1f}) points to.")
    return (f"Probability map of one sigmoid unit with w = ({w1:.1f}, {w2:.1f}), b = {b:.1f}, "
            "over the 2-D data (class 0 blue circles, class 1 orange triangles); colour shows "
            f"P(y = 1 | x), purple near 0, orange near 1. {line} Loss {d['loss']:.2f}, "
            f"accuracy {d['accuracy']:.0%}.")


def _hidden(d: dict) -> str:
    losses = np.asarray(d["losses"], dtype=float)
    finite = losses[np.isfinite(losses)]
    trend = (f"the loss went from {finite[0]:.2f} to {finite[-1]:.2f}" if finite.size > 1 else
             f"the loss is {finite[0]:.2f}" if finite.size else "the loss is not finite")
    return (f"Left: P(class 1 | x) of a one-hidden-layer network with {d['hidden']} hidden units "
            f"(learning rate {d['lr']:.2g}) after {d['step']} gradient-descent steps, over the "
            f"2-D data; accuracy {d['accuracy']:.0%}. Right: the training loss so far: {trend}"
            f"{' and then left the plotted range (diverged)' if d['diverged'] else ''}; the "
            "dotted line is ln 2, a coin flip.")


def _gradient(d: dict) -> str:
    w = np.asarray(d["weight_grad_norm"], dtype=float)[:-1]
    depth = len(w)
    sat = np.asarray(d["saturation"], dtype=float)
    values = ", ".join(f"{v:.0e}" for v in w[:: max(1, depth // 6)])
    return (f"Left: gradient norm of the weights of each of the {depth} hidden layers on a log "
            f"axis: {w[0]:.1e} at layer 1, {w[-1]:.1e} at layer {depth} (every few layers: "
            f"{values}). Right: one histogram of activations per layer; {sat[0]:.0%} of units "
            f"saturated or inactive in layer 1, {sat[-1]:.0%} in layer {depth}. "
            f"{plain(d.get('message', ''))}").strip()


def _receptive(d: dict) -> str:
    r, c = d["corner"]
    k = d["kernel_size"]
    return (f"Left: the 8x8 digit with a {k}x{k} window whose top-left corner is at row {r}, "
            f"column {c}. Middle: the {k}x{k} kernel (blue negative, red positive). Right: the "
            f"feature map, unit ({r}, {c}) marked; its value is the sum of window times kernel, "
            f"{d['value']:+.2f}. {plain(d.get('message', ''))}").strip()


def _pooling(d: dict) -> str:
    fmap, pooled = np.asarray(d["feature_map"]), np.asarray(d["pooled"])
    return (f"Left: the {fmap.shape[0]}x{fmap.shape[1]} feature map of the digit shifted by "
            f"{d['shift']:+d} pixels (blue negative, red positive), with the {d['size']}x"
            f"{d['size']} pooling windows drawn on it. Right: the {d['mode']}-pooled map, "
            f"{pooled.shape[0]}x{pooled.shape[1]}. {plain(d.get('message', ''))}").strip()


#: Each explorer's words, per explorer factory (like :data:`GRIDS`, one entry per explorer of
#: ``dlfaq.explorers.EXPLORERS``; tests/test_places.py checks every explorer has both).
DESCRIBERS = {"logistic_explorer": _logistic, "hidden_layer_explorer": _hidden,
              "gradient_explorer": _gradient, "receptive_field_explorer": _receptive,
              "pooling_explorer": _pooling}
