"""Moving an explorer's controls in the page, as a reader would, and timing its figure's answer."""

from __future__ import annotations

from pathlib import Path

from .page import FIGURE_CANVAS, wait_for_change, wait_for_ink, wait_until_settled

#: Controls a reader can change, sliders first (the one timed is the first that redraws).
CONTROL_KINDS = (".widget-slider .noUi-handle", ".widget-dropdown select",
                 ".widget-toggle-buttons button, .widget-toggle-button",
                 ".widget-checkbox input")
CONTROLS = ", ".join(CONTROL_KINDS)


def nudge(control, backwards: bool = False) -> str:
    """Change one control the way a reader would; return what was done."""
    kind = control.evaluate("e => e.tagName.toLowerCase() + ':' + (e.className || '')")
    if "noUi-handle" in kind:
        before = control.get_attribute("aria-valuenow")
        control.press("ArrowLeft" if backwards else "ArrowRight")
        if control.get_attribute("aria-valuenow") == before:  # at the end of its range
            control.press("ArrowRight" if backwards else "ArrowLeft")
        return f"slider {before} -> {control.get_attribute('aria-valuenow')}"
    if kind.startswith("select"):
        options = control.evaluate("e => [...e.options].map(o => o.value)")
        current = control.input_value()
        target = options[(options.index(current) + (-1 if backwards else 1)) % len(options)]
        control.select_option(target)
        return f"dropdown {current} -> {target}"
    control.click()
    return f"clicked {kind}"


def _values(controls) -> list:
    return controls.evaluate_all(
        "els => els.map(e => e.getAttribute('aria-valuenow') ?? e.value ?? e.checked"
        " ?? e.className)")


def exercise_explorer(output, key: str, shots: Path, samples: int = 10, warmup: int = 1) -> dict:
    """Check that the controls of one explorer output change its figure(s); time one control.

    output: the locator of the output area holding the explorer (controls + ipympl canvas).
    Saves <shots>/<key>-before.png and -after.png. Returns the timing entry for browser.json.
    """
    canvases = [output.locator(FIGURE_CANVAS).nth(i)
                for i in range(output.locator(FIGURE_CANVAS).count())]
    handles = [c.element_handle() for c in canvases]
    for i, handle in enumerate(handles):
        assert wait_for_ink(handle) >= 0.02, f"{key}: figure {i} stays blank"
    controls = output.locator(CONTROLS)
    ordered = [output.locator(kind).nth(i) for kind in CONTROL_KINDS
               for i in range(output.locator(kind).count())]
    assert ordered, f"{key}: an interactive figure without any control"
    safe = key.replace(":", "-").replace("/", "-")
    shots.mkdir(parents=True, exist_ok=True)
    output.screenshot(path=str(shots / f"{safe}-before.png"))

    # Time the first control that changes the first figure, moving it back and forth around its
    # default so the explorer stays at its default settings.
    timing = None
    unchanged = set(range(len(handles)))
    start_values = _values(controls)
    for control in ordered:
        hashes = [wait_until_settled(h) for h in handles]
        did = nudge(control)
        first = wait_for_change(handles[0], hashes[0], timeout_ms=15_000)
        settled = [wait_until_settled(h) for h in handles]
        unchanged -= {i for i, h in enumerate(settled) if h != hashes[i]}
        if first is not None and timing is None:
            timing = _time_control(output, control, handles[0], key, safe, shots, did,
                                   samples, warmup, start_values)
        if not unchanged and timing is not None:
            break
    output.screenshot(path=str(shots / f"{safe}-after.png"))
    assert timing is not None, f"{key}: no control changed the figure's pixels"
    assert not unchanged, f"{key}: figure(s) {sorted(unchanged)} never changed with any control"
    return timing


def _time_control(output, control, figure, key, safe, shots, did, samples, warmup,
                  start_values) -> dict:
    """Move one control back and forth (an odd count ends back at the default), timing each
    keydown to new pixels; back at the start, the figure must be the same pixels."""
    times = []
    warmup += (warmup + samples) % 2 == 0
    for sample in range(warmup + samples):
        before = wait_until_settled(figure)
        nudge(control, backwards=sample % 2 == 0)
        ms = wait_for_change(figure, before)
        assert ms is not None, f"{key}: figure stopped updating after {did}"
        if sample >= warmup:
            times.append(ms)
        if sample == 0:  # back at the start, drawn the way every update draws
            wait_until_settled(figure)
            figure.evaluate("c => window.__dlfaq.snap(c, 'start')")
    wait_until_settled(figure)
    if _values(output.locator(CONTROLS)) == start_values:
        # Back at the same settings, the same pixels: no update was lost on the way.
        differing = figure.evaluate("c => window.__dlfaq.differing(c, 'start')")
        if differing > 0.001:
            output.screenshot(path=str(shots / f"{safe}-after.png"))
        assert differing <= 0.001, (
            f"{key}: back at its starting settings, {differing:.1%} of the figure's pixels "
            "differ from how it started (a lost frame left stale pixels?); "
            f"compare {safe}-before.png and -after.png")
    times.sort()
    return {"browser_ms_median": round(times[len(times) // 2], 1),
            "browser_ms_min": round(times[0], 1), "browser_ms_max": round(times[-1], 1),
            "samples": len(times), "control": did}
