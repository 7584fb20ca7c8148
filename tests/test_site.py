"""The site as a reader's browser sees it: every page of build/site (`make site`) in headless
Chromium, with the network cut off: only the local server answers, and any request elsewhere
fails the test. Every page renders with its figures (each image loaded, with alternative text
and a caption), every internal link resolves (file and anchor), axe-core (npm, served by the
same local server) finds no serious or critical violation, and every kernel-free explorer
changes its picture, its alternative text and its announced state when a control is moved
with the keyboard. `make site-test` builds the site and runs these.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import nbformat
import pytest
from browser_support import chromium, console_errors

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
AXE = ROOT / "build" / "site-node" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__axe__/axe.min.js"
BAD_IMPACTS = ("serious", "critical")


class Handler(http.server.SimpleHTTPRequestHandler):
    """build/site, plus axe-core at AXE_URL (it is the test's, not the site's)."""

    def translate_path(self, path):
        return str(AXE) if path.split("?")[0] == AXE_URL else super().translate_path(path)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    if not (SITE / "index.html").exists():
        pytest.fail("build/site has no index.html: run `make site` first (make site-test "
                    "builds it)", pytrace=False)
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make site` installs it from tools/site's lock file",
                    pytrace=False)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Handler, directory=str(SITE)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser(server):
    """A Chromium context in which every request not to the local server is refused and
    recorded (a page that tries to reach the internet fails the test that opened it)."""
    with chromium(viewport=(1100, 900)) as context:
        outside: list[str] = []

        def route(request_route):
            if request_route.request.url.startswith(server + "/"):
                request_route.continue_()
            else:
                outside.append(request_route.request.url)
                request_route.abort("internetdisconnected")

        context.route("**/*", route)
        context.outside = outside
        yield context


def pages() -> list[str]:
    return sorted(p.name for p in SITE.glob("*.html")) if SITE.exists() else []


def expected_figures(page: str) -> int:
    """How many figures the committed notebook behind a page has (image/png outputs)."""
    for path in [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("notebooks/apps/*.ipynb")]:
        if page in (f"{path.stem}.html", f"app-{path.stem}.html"):
            nb = nbformat.read(path, as_version=4)
            return sum("image/png" in o.get("data", {}) for c in nb.cells
                       if c.cell_type == "code" for o in c.outputs)
    return 0


def open_page(browser, server, name):
    page = browser.new_page()
    before = len(browser.outside)
    with console_errors(page) as errors:
        page.goto(f"{server}/{name}", wait_until="load")
        page.wait_for_function("() => [...document.querySelectorAll('figure.explorer')]"
                               ".every(f => f.classList.contains('ready'))", timeout=15_000)
    return page, errors, browser.outside[before:]


@pytest.mark.parametrize("name", pages())
def test_page_renders_offline_with_its_figures(browser, server, name):
    page, errors, outside = open_page(browser, server, name)
    try:
        assert not outside, f"{name} tried to reach the network: {outside[:5]}"
        assert not errors, f"{name}: console errors {errors}"
        assert page.locator("main h1").count() >= 1, f"{name} has no title"
        # Figures load lazily (a phone fetches what it scrolls to): ask for all of them now.
        page.evaluate("() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
        page.wait_for_function("() => [...document.images].every(i => i.complete)",
                               timeout=15_000)
        images = page.evaluate("""() => [...document.querySelectorAll('main img')].map(i => ({
            src: i.getAttribute('src'), ok: i.complete && i.naturalWidth > 0,
            alt: i.alt, caption: !!i.closest('figure')?.querySelector('figcaption')}))""")
        broken = [i["src"] for i in images if not i["ok"]]
        assert not broken, f"{name}: images that did not load: {broken}"
        no_alt = [i["src"] for i in images if len(i["alt"].split()) < 5]
        assert not no_alt, f"{name}: images without a real alternative text: {no_alt}"
        assert all(i["caption"] for i in images), f"{name}: a figure without a caption"
        figures = page.locator("figure.nbfigure img").count()
        assert figures == expected_figures(name), \
            f"{name} shows {figures} notebook figures; the notebook has {expected_figures(name)}"
        if name not in ("index.html", "glossary.html"):
            launch = page.locator(".launch-bar a").all_inner_texts()
            assert [t.split("\n")[0] for t in launch][:3] == ["Binder", "Colab", "JupyterHub"]
    finally:
        page.close()


def ids_of(name: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', (SITE / name).read_text()))


@pytest.mark.parametrize("name", pages())
def test_every_internal_link_resolves(browser, server, name):
    page, _, _ = open_page(browser, server, name)
    try:
        links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    finally:
        page.close()
    internal = {link for link in links if link.startswith(server + "/")}
    assert internal, f"{name} links to no other page"
    broken = []
    for link in sorted(internal):
        url, fragment = urldefrag(link)
        target = urlparse(url).path.lstrip("/") or "index.html"
        if not (SITE / target).is_file():
            broken.append(link)
        elif fragment and target.endswith(".html") and fragment not in ids_of(target):
            broken.append(link)
    assert not broken, f"{name}: links that lead nowhere: {broken}"
    external = [link for link in links if not link.startswith(server + "/")]
    assert all(link.startswith("https://") for link in external), external


@pytest.mark.parametrize("name", pages())
def test_axe_finds_no_serious_or_critical_violation(browser, server, name):
    page, _, _ = open_page(browser, server, name)
    try:
        page.add_script_tag(url=AXE_URL)
        result = page.evaluate("""() => axe.run(document, {resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))""")
    finally:
        page.close()
    bad = [v for v in result if v["impact"] in BAD_IMPACTS]
    assert not bad, f"{name}: axe-core: {json.dumps(bad, indent=1)}"


def explorer_pages() -> list[str]:
    return [p for p in pages() if 'class="explorer"' in (SITE / p).read_text()]


def _state(figure):
    return figure.evaluate("""f => ({src: f.querySelector('img.frame').getAttribute('src'),
        alt: f.querySelector('img.frame').alt, status: f.querySelector('.status').textContent,
        loaded: f.querySelector('img.frame').complete
                && f.querySelector('img.frame').naturalWidth > 0})""")


@pytest.mark.parametrize("name", explorer_pages())
def test_every_explorer_answers_the_keyboard(browser, server, name):
    """Each control of each explorer, reached by Tab-able focus and moved by a key, shows
    another frame (loaded), another alternative text and announces the new state."""
    page, errors, outside = open_page(browser, server, name)
    try:
        figures = page.locator("figure.explorer")
        assert figures.count() >= 1
        for k in range(figures.count()):
            figure = figures.nth(k)
            figure.scroll_into_view_if_needed()
            assert figure.locator(".status").get_attribute("aria-live") == "polite"
            for control in figure.locator("[data-control]").all():
                before = _state(figure)
                kind = control.evaluate("c => c.type")
                at_end = control.evaluate("c => c.type === 'range' ? c.value === c.max : "
                                          "c.type === 'checkbox' ? false : "
                                          "c.selectedIndex === c.options.length - 1")
                control.focus()
                key = " " if kind == "checkbox" else ("ArrowLeft" if at_end else "ArrowRight") \
                    if kind == "range" else ("ArrowUp" if at_end else "ArrowDown")
                page.keyboard.press(key)
                page.wait_for_function(
                    "([f, src]) => { const i = f.querySelector('img.frame');"
                    " return i.getAttribute('src') !== src && i.complete && i.naturalWidth > 0 }",
                    arg=[figure.element_handle(), before["src"]], timeout=10_000)
                after = _state(figure)
                what = f"{name} explorer {k + 1}, control {control.get_attribute('id')}"
                assert after["loaded"], f"{what}: the new frame did not load"
                assert after["alt"] != before["alt"], f"{what}: the alternative text stayed"
                assert after["status"] != before["status"], f"{what}: nothing was announced"
        assert not errors, errors
        assert not outside, outside
    finally:
        page.close()


def test_the_site_has_a_page_per_notebook_a_landing_page_and_a_glossary(server):
    notebooks = [*ROOT.glob("notebooks/[0-9][0-9]_*.ipynb"), *ROOT.glob("notebooks/apps/*.ipynb")]
    wanted = {"index.html", "glossary.html"} | {
        f"{p.stem}.html" if p.parent.name == "notebooks" else f"app-{p.stem}.html"
        for p in notebooks}
    assert wanted <= set(pages()), sorted(wanted - set(pages()))
    index = (SITE / "index.html").read_text()
    assert all(f'href="{page}"' in index for page in wanted - {"index.html"} - {"glossary.html"})
