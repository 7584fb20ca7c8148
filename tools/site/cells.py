"""A notebook's code cells and their committed outputs as HTML, each figure with words.

A figure's alternative text cannot come from its data (a committed notebook keeps only the
PNG), so it is written from what the notebook says about it: the panels (matplotlib's own
text of the figure: "with 2 Axes"), the titles and axis labels in the cell's plotting code
(a formatted part of a title, computed at run time, is shown as "…"), and the numbers the
same cell printed. An author can replace it: ``cell.metadata["dlfaq"]["alt"]`` (a string, or
a list with one per figure of the cell) wins. The caption is the sentence above the cell that
says what the figure answers (the first sentence of the last paragraph of the markdown cell
before it), or ``cell.metadata["dlfaq"]["caption"]``.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import html
import re
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

LABELS = {"set_title": "title", "suptitle": "title", "title": "title", "set_xlabel": "x axis",
          "xlabel": "x axis", "set_ylabel": "y axis", "ylabel": "y axis"}
WIDGET = "application/vnd.jupyter.widget-view+json"


def code(source: str) -> str:
    return highlight(source, PythonLexer(), HtmlFormatter(nowrap=True))


def code_css() -> str:
    """Pygments' colours for the code (its default style: AA contrast on the light grey)."""
    return HtmlFormatter(style="default").get_style_defs("pre.code") + "\n"


def _words(node) -> str | None:
    """The text of a string literal or f-string ("…" for the formatted parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    return None


def figure_words(source: str) -> list[str]:
    """["title "…"", "x axis "…"", ...] from the plotting calls of a cell's code."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else \
            node.func.id if isinstance(node.func, ast.Name) else ""
        texts = []
        if name in LABELS and node.args:
            texts.append((LABELS[name], _words(node.args[0])))
        for keyword in node.keywords:
            if keyword.arg in ("title", "xlabel", "ylabel"):
                texts.append((LABELS[keyword.arg], _words(keyword.value)))
        for kind, text in texts:
            if text and text.strip("… "):
                text = " ".join(text.replace("$", "").replace("\\", "").split())
                found.append(f'{kind} "{text}"')
    seen = set()
    return [f for f in found if not (f in seen or seen.add(f))]


def printed(outputs) -> str:
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")
    return " ".join(text.split())


def panels(output) -> str:
    plain = "".join(output.get("data", {}).get("text/plain", ""))
    match = re.search(r"with (\d+) Axes", plain)
    if not match:
        return "A figure"
    n = int(match.group(1))
    return "A figure with one panel" if n == 1 else f"A figure of {n} axes (panels and colour bars)"


def alt_text(cell, output, index: int, n_figures: int) -> str:
    given = cell.metadata.get("dlfaq", {}).get("alt")
    if isinstance(given, list) and index < len(given):
        return given[index]
    if isinstance(given, str):
        return given
    words = figure_words(cell.source)
    parts = [panels(output) + (f" (figure {index + 1} of {n_figures} of this cell)"
                               if n_figures > 1 else "")]
    if words:
        parts[0] += ", drawn by the code above with " + "; ".join(words)
    numbers = printed(cell.outputs)
    if numbers:
        parts.append(f"The cell printed: {numbers[:600]}" + ("…" if len(numbers) > 600 else ""))
    return ". ".join(parts) + "."


class Figures:
    """Writes figures into the site's figures/ folder, named by content."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def save(self, png_b64: str) -> tuple[str, int, int]:
        data = base64.b64decode(png_b64)
        name = hashlib.sha256(data).hexdigest()[:16] + ".png"
        (self.folder / name).write_bytes(data)
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        return f"figures/{name}", width, height


def outputs_html(cell, figures: Figures, caption: str, explorer_html, number: str) -> str:
    """HTML of a code cell's outputs; ``explorer_html(cell)`` renders a widget output (or None)."""
    html_parts = []
    images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
    image_index = 0
    for output in cell.outputs:
        kind = output.get("output_type")
        data = output.get("data", {})
        if kind == "stream":
            cls = "stderr" if output.get("name") == "stderr" else "stdout"
            html_parts.append(f'<pre class="output {cls}">{html.escape(output["text"])}</pre>')
        elif kind == "error":
            html_parts.append('<pre class="output stderr">'
                              + html.escape("\n".join(output.get("traceback", [])))
                              + "</pre>")
        elif WIDGET in data:
            shown = explorer_html(cell)
            if shown is None and "text/plain" in data:  # a progress bar: its text
                shown = f'<pre class="output">{html.escape("".join(data["text/plain"]))}</pre>'
            html_parts.append(shown or _needs_kernel())
        elif "image/png" in data:
            src, width, height = figures.save(data["image/png"])
            figures.count += 1
            alt = alt_text(cell, output, image_index, len(images))
            given = cell.metadata.get("dlfaq", {}).get("caption")
            text = given if isinstance(given, str) else caption
            html_parts.append(
                f'<figure class="nbfigure"><img src="{src}" width="{width}" height="{height}" '
                f'alt="{html.escape(alt)}" loading="lazy">'
                f"<figcaption>Figure {number}.{figures.count}. {html.escape(text)}"
                "</figcaption></figure>")
            image_index += 1
        elif "text/html" in data:
            html_parts.append('<div class="output html" tabindex="0" role="region" '
                              f'aria-label="output">{"".join(data["text/html"])}</div>')
        elif "text/markdown" in data:
            html_parts.append(f'<pre class="output">{html.escape("".join(data["text/markdown"]))}'
                              "</pre>")
        elif "text/plain" in data:
            html_parts.append(f'<pre class="output">{html.escape("".join(data["text/plain"]))}'
                              "</pre>")
    return "".join(html_parts)


def _needs_kernel() -> str:
    return ('<p class="needs-kernel">This output is an interactive widget that needs a running '
            "kernel: open the notebook with one of the launch buttons above.</p>")
