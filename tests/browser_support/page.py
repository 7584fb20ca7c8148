"""Headless Chromium, the JavaScript the tests inject (``js/*.js``), and what a page shows.

Every page gets ``js/page_helpers.js`` before its own scripts (``window.__dlfaq``): it hashes a
figure's pixels, whether the figure is an ipympl ``<canvas>`` or the PNG renderer's ``<img>``,
and notes when a control last moved, so a test can time keydown to new pixels.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

JS_DIR = Path(__file__).parent / "js"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

#: The main canvas of each ipympl figure (the second canvas in the div is the rubber band).
FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div canvas:first-child"


@cache
def js(name: str) -> str:
    """The function in js/<name>.js, for page.evaluate (its leading // comment dropped)."""
    lines = (JS_DIR / f"{name}.js").read_text().splitlines()
    while lines and (lines[0].startswith("//") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


PAGE_HELPERS = js("page_helpers")

#: Console errors a page may show without anything being wrong for a reader: {regular
#: expression: why it is harmless}. Any other console error (or uncaught exception) fails the
#: browser tests. Empty: JupyterLab 4.6 and every notebook's widgets ran without one (seen
#: 2026-11-30); add a message here only with the reason it does not matter to a reader.
CONSOLE_ALLOWED: dict[str, str] = {}


def unexpected_console_errors(messages: list[str]) -> list[str]:
    """The console errors not matched by a pattern of :data:`CONSOLE_ALLOWED`."""
    return [m for m in messages if not any(re.search(p, m) for p in CONSOLE_ALLOWED)]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def chromium_path() -> str | None:
    """The Chromium to drive: $DLFAQ_CHROMIUM, else chromium/chromium-browser on PATH."""
    candidates = [os.environ.get("DLFAQ_CHROMIUM"), shutil.which("chromium"),
                  shutil.which("chromium-browser"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def require_browser() -> str:
    """Return Chromium's path, or skip (fail in CI) saying how to get one."""
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "the playwright Python package is not installed (pip install -r requirements.txt)"
    path = chromium_path()
    if why is None and path is None:
        why = ("no Chromium found (looked for $DLFAQ_CHROMIUM, chromium, chromium-browser); "
               "install it, e.g. `sudo apt-get install chromium`, to run the browser tests")
    if why:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {why}", pytrace=False)
        pytest.skip(why)
    return path


@contextlib.contextmanager
def chromium(viewport=(1280, 900)):
    """A Playwright browser context on Debian's Chromium, with the page helpers installed in
    every page; closed whatever happens."""
    from playwright.sync_api import sync_playwright

    path = require_browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            context.set_default_timeout(30_000)
            context.add_init_script(f"({PAGE_HELPERS})()")
            yield context
        finally:
            browser.close()


def wait_for_ink(figure, min_ink: float = 0.02, timeout_ms: float = 30_000) -> float:
    """Wait until a figure (canvas or img element handle) has been drawn (a resize can wipe
    the first frame); return its ink, which is below min_ink if it stayed blank."""
    figure.wait_for_element_state("visible", timeout=timeout_ms)
    return figure.evaluate(js("wait_for_ink"), [min_ink, timeout_ms])


def wait_for_change(figure, old_hash: int, timeout_ms: float = 15_000) -> float | None:
    """Wait for the figure's pixels to differ from old_hash; return ms since the last keydown
    (or change event), checked every animation frame; None on timeout."""
    return figure.evaluate(js("wait_for_change"), [old_hash, timeout_ms])


def wait_until_settled(figure, quiet_ms: float = 150, timeout_ms: float = 10_000) -> int:
    """Wait until the figure stops changing for quiet_ms; return its final hash."""
    return figure.evaluate(js("wait_until_settled"), [quiet_ms, timeout_ms])


def widget_problems(page, root: str = "body") -> list[str]:
    """Texts a reader would see instead of a widget (under the CSS selector root)."""
    return page.evaluate(js("widget_problems"), root)


@contextlib.contextmanager
def console_errors(page):
    """Collect the page's console errors and uncaught exceptions while the block runs."""
    seen = []

    def on_console(message):
        if message.type == "error":
            seen.append(message.text)

    def on_page_error(error):
        seen.append(f"uncaught exception: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    try:
        yield seen
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_page_error)


#: Error and stderr outputs: JupyterLab and Voila render both with this mime type.
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


def output_errors(page) -> list[str]:
    """What a reader sees of a failure on the page: error and stderr outputs, and Voila's
    "There was an error when executing cell" notice (shown instead when tracebacks are off)."""
    texts = [t[:500] for t in page.locator(STDERR).all_inner_texts()]
    body = page.locator("body").inner_text()
    if "There was an error when executing" in body:
        texts.append(body[body.index("There was an error"):][:500])
    return texts
