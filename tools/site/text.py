"""Markdown and math to HTML, offline: mistune for the text, KaTeX (run once per build by Node,
``math.js``) for the math, as MathML that browsers draw themselves (no script, no font).

:func:`markdown` renders one cell and leaves a placeholder per formula; :class:`Math` collects
the formulas of every page, renders them in one Node call and puts them back.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from pathlib import Path

import mistune

TOOL = Path(__file__).resolve().parent
_md = mistune.create_markdown(escape=False, plugins=["math", "table", "strikethrough"])
_INLINE = re.compile(r'<span class="math">\\\((.*?)\\\)</span>', re.S)
_BLOCK = re.compile(r'<div class="math">\$\$(.*?)\$\$</div>', re.S)
_HEADING = re.compile(r"<h([1-4])>(.*?)</h\1>", re.S)


class Math:
    """Formulas waiting to be rendered: ``add`` returns a placeholder, ``fill`` replaces every
    placeholder in a text by KaTeX's MathML."""

    def __init__(self):
        self.items: list[tuple[str, bool, str]] = []  # (tex, display, where)
        self.rendered: list[str] | None = None

    def add(self, tex: str, display: bool, where: str) -> str:
        self.items.append((tex.strip(), display, where))
        return f"@@MATH{len(self.items) - 1}@@"

    def render(self, node_modules: Path) -> None:
        payload = json.dumps([[tex, display] for tex, display, _ in self.items])
        try:
            done = subprocess.run(["node", str(TOOL / "math.js")], input=payload, text=True,
                                  capture_output=True, check=True,
                                  env={"NODE_PATH": str(node_modules), "PATH": _path()})
        except FileNotFoundError as err:
            raise RuntimeError("make site renders math with Node.js (KaTeX): install node and "
                               "npm (e.g. `apt-get install nodejs npm`)") from err
        out = json.loads(done.stdout)
        errors = [f"{where}: ${tex}$: {o['error']}" for (tex, _, where), o in
                  zip(self.items, out, strict=True) if "error" in o]
        if errors:
            raise ValueError("KaTeX cannot render these formulas:\n" + "\n".join(errors))
        self.rendered = [o["html"] for o in out]

    def fill(self, text: str) -> str:
        return re.sub(r"@@MATH(\d+)@@", lambda m: self._one(int(m.group(1))), text)

    def _one(self, i: int) -> str:
        body = self.rendered[i]
        return f'<span class="math-display">{body}</span>' if self.items[i][1] else body


def _path() -> str:
    import os

    return os.environ.get("PATH", "/usr/bin:/bin")


def slug(text: str) -> str:
    words = re.sub(r"<[^>]+>|@@MATH\d+@@", "", html.unescape(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", words).strip("-") or "section"


def markdown(source: str, math: Math, where: str, used_ids: set[str]) -> str:
    """One markdown cell as HTML: formulas as placeholders, headings with ids, links to other
    notebooks pointing at their pages."""
    out = _md(source)
    out = _BLOCK.sub(lambda m: math.add(html.unescape(m.group(1)), True, where), out)
    out = _INLINE.sub(lambda m: math.add(html.unescape(m.group(1)), False, where), out)

    def heading(match):
        level, inner = match.group(1), match.group(2)
        ident = base = slug(inner)
        n = 2
        while ident in used_ids:
            ident, n = f"{base}-{n}", n + 1
        used_ids.add(ident)
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    out = _HEADING.sub(heading, out)
    out = re.sub(r'href="(?:\./)?([0-9]{2}_[A-Za-z0-9_]+)\.ipynb(#[^"]*)?"',
                 lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', out)
    return out


def plain(fragment: str, keep_math: bool = False) -> str:
    """The words of an HTML fragment (math placeholders dropped unless keep_math)."""
    text = re.sub(r"<[^>]+>", " ", fragment)
    text = text if keep_math else re.sub(r"@@MATH\d+@@", "", text)
    return " ".join(html.unescape(text).split())


def first_sentence(text: str, limit: int = 300) -> str:
    sentence = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cut = re.sub(r"@@M?A?T?H?\d*@?$", "", sentence[: limit - 1])  # never half a formula
    return cut.rstrip() + "…"


_SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "math", "script", "style",
         "span", "figcaption", "label", "button", "summary"}


def link_terms(fragment: str, patterns: list[tuple[str, re.Pattern]], seen: set[str],
               href: str) -> str:
    """Link the first use (not yet in ``seen``) of each glossary term in the fragment's text,
    outside links, code, headings and math; ``href`` formats the term's slug into a link."""
    parts = re.split(r"(<[^>]+>)", fragment)
    depth = 0
    for i, part in enumerate(parts):
        if part.startswith("<"):
            tag = re.match(r"</?([a-zA-Z0-9]+)", part)
            if tag and tag.group(1).lower() in _SKIP and not part.endswith("/>"):
                depth += -1 if part.startswith("</") else 1
            continue
        if depth > 0 or not part.strip():
            continue
        hits = []
        for term, pattern in patterns:
            match = None if term in seen else pattern.search(part)
            if match:
                hits.append((match.start(), match.end(), term))
        pieces, last = [], 0
        for begin, end, term in sorted(hits):
            if begin < last:
                continue
            seen.add(term)
            pieces += [part[last:begin],
                       f'<a class="term" href="{href.format(term)}">{part[begin:end]}</a>']
            last = end
        parts[i] = "".join(pieces) + part[last:]
    return "".join(parts)
