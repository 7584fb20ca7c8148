"""The HTML of the site's pages: the frame every page shares, a notebook's page, the landing
page, the glossary, and the kernel-free explorer (controls, frame, live region, notes)."""

from __future__ import annotations

import html
import math

from tools.site import catalogue

SITE_NAME = "dlfaq"
QUESTION = ("What is the difference between deep learning and “usual” machine learning?")
ANSWER = ("Deep learning is a set of techniques that make it possible to train neural networks "
          "with many layers, and those layers learn the features that usual machine learning "
          "has to engineer by hand. Each notebook takes one step of that road, shows it, "
          "measures it and checks its claims with assertions on the numbers it computes.")


def e(text) -> str:
    return html.escape(str(text), quote=True)


def frame(title: str, body: str, *, nav_current: str = "", description: str = "") -> str:
    """The page every page shares: a skip link, the site's navigation, the body, a footer."""
    links = [("index.html", "The series"), ("glossary.html", "Glossary")]
    current = ' aria-current="page"'
    nav = "".join(f'<li><a href="{href}"{current if href == nav_current else ""}>{label}</a></li>'
                  for href, label in links)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · {SITE_NAME}</title>
<meta name="description" content="{e(description or QUESTION)}">
<link rel="stylesheet" href="static/site.css">
<script src="static/explorer.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="site"><a class="brand" href="index.html">{SITE_NAME}</a>
<nav aria-label="Site"><ul>{nav}</ul></nav></header>
<main id="main">
{body}
</main>
<footer class="site"><p>Built from the committed, executed notebooks: every output is the one
the notebook's checks verify. The explorers' frames were computed when the site was built; the
launch buttons run the real thing.</p></footer>
</body>
</html>
"""


def launch_bar(nb: catalogue.Notebook, hub: str) -> str:
    items = "".join(
        f'<li><a class="launch" href="{e(url)}" rel="noopener">{label}'
        f'<span class="what">{e(what)}</span></a></li>'
        for label, url, what in catalogue.launch_links(nb.path, hub))
    return f'<nav class="launch-bar" aria-label="Run this notebook"><ul>{items}</ul></nav>'


def pager(prev: catalogue.Notebook | None, nxt: catalogue.Notebook | None) -> str:
    parts = []
    if prev:
        parts.append(f'<a rel="prev" href="{prev.page}">← {e(prev.title)}</a>')
    if nxt:
        parts.append(f'<a rel="next" href="{nxt.page}">{e(nxt.title)} →</a>')
    return f'<nav class="pager" aria-label="Notebooks">{"".join(parts)}</nav>'


def explorer(manifest: dict, ident: str, nb: catalogue.Notebook, hub: str,
             data_url: str, size_kb: float) -> str:
    """A kernel-free explorer: native controls over the precomputed grid, the frame, a live
    region announcing the state, and what runs only in a kernel."""
    controls, frames = manifest["controls"], manifest["frames"]
    start = [c["start"] for c in controls]
    index = 0
    for c, i in zip(controls, start, strict=True):
        index = index * len(c["values"]) + i
    first = frames[index]
    rows = []
    for c in controls:
        if len(c["values"]) == 1:  # held at its starting value: said below, not a control
            continue
        cid = f"{ident}-{c['name']}"
        label = e(c["description"])
        if c["kind"] == "select":
            options = "".join(f'<option value="{i}"{" selected" if i == c["start"] else ""}>'
                              f"{e(text)}</option>" for i, text in enumerate(c["labels"]))
            rows.append(f'<div class="control"><label for="{cid}">{label}</label>'
                        f'<select id="{cid}" data-control="{e(c["name"])}">{options}</select>'
                        "</div>")
        elif c["kind"] == "checkbox":
            checked = " checked" if c["start"] == 1 else ""
            rows.append(f'<div class="control"><input type="checkbox" id="{cid}" '
                        f'data-control="{e(c["name"])}"{checked}><label for="{cid}">{label}'
                        "</label></div>")
        else:
            now = c["labels"][c["start"]]
            rows.append(f'<div class="control"><label for="{cid}">{label}</label>'
                        f'<input type="range" id="{cid}" data-control="{e(c["name"])}" min="0" '
                        f'max="{len(c["values"]) - 1}" step="1" value="{c["start"]}" '
                        f'aria-valuetext="{e(now)}"><output for="{cid}">{e(now)}</output></div>')
    state = ", ".join(f"{c['description']} {c['labels'][c['start']]}" for c in controls
                      if len(c["values"]) > 1)
    offered = "; ".join(f"{e(c['description'])}: {', '.join(e(v) for v in c['labels'])}"
                        f" (live: {e(c['live'])})" for c in controls
                        if c["kind"] == "range" and len(c["values"]) > 1)
    held = "".join(f"<li>{e(h['description'])} is held at {e(h['value'])}; live it is a "
                   "slider of its own.</li>" for h in manifest["held"])
    live = "".join(f'<a href="{e(url)}" rel="noopener">{label}</a> '
                   for label, url, _ in catalogue.launch_links(nb.path, hub)[:3])
    width, height = manifest["width"], manifest["height"]
    n = sum(1 for f in frames if f["frame"])
    return f"""<figure class="explorer" id="{ident}" data-explorer="{e(data_url)}">
<div class="controls" role="group" aria-label="Controls of the explorer">{''.join(rows)}</div>
<img class="frame" src="frames/{e(first['frame'])}" width="{width}" height="{height}"
 alt="{e(first['alt'])}">
<p class="status" aria-live="polite" aria-atomic="true">{e(state)}. {e(first['message'])}</p>
<figcaption>Explorer without a kernel: each setting shows the figure the notebook's explorer
draws for it, computed when this site was built ({n} frames, {size_kb:,.0f} kB in all; each
move loads one frame of about {size_kb / max(n, 1):.0f} kB). Use the Tab key to reach a control,
the arrow keys to move it.</figcaption>
<div class="precomputed"><p>Precomputed here: {offered or 'every setting'}.</p>
{f'<ul>{held}</ul>' if held else ''}
<p>Every other value needs a running kernel: {live}</p></div>
</figure>"""


def landing(notebooks, explorers_total: dict, hub: str) -> str:
    rows = "".join(
        f'<tr><th scope="row"><a href="{nb.page}">{e(nb.title)}</a></th>'
        f"<td>{e(nb.summary)}</td><td>{explorers_total.get(nb.page, 0)}</td></tr>"
        for nb in notebooks)
    first = notebooks[0]
    routes = "".join(f'<li><a href="{e(url)}" rel="noopener">{label}</a>: {e(what)}</li>'
                     for label, url, what in catalogue.launch_links(first.path, hub)[:3])
    body = f"""<h1>{e(QUESTION)}</h1>
<p class="lead">{e(ANSWER)}</p>
<p>Read the notebooks here, without installing anything: their text, code, outputs and
figures as executed, and explorers whose controls answer without a kernel. Then run them:
every page has buttons that open its notebook in a running Jupyter.</p>
<h2 id="notebooks">The notebooks</h2>
<table class="notebooks"><caption>The series in reading order, then the app of its explorers
</caption><thead><tr><th scope="col">notebook</th>
<th scope="col">what it shows</th><th scope="col">explorers</th></tr></thead>
<tbody>{rows}</tbody></table>
<h2 id="run">Run it</h2>
<ul>{routes}
<li>On your machine: <code>make lab</code> in a clone of <a href="{e(catalogue.REPOSITORY)}"
rel="noopener">the repository</a> (Python 3.11 and make; everything else is installed into
<code>.venv</code>), then open the address it prints.</li></ul>
<p>The buttons above open notebook 01; each notebook's page has its own.</p>
<p>Terms the series introduces are explained in the <a href="glossary.html">glossary</a>.</p>"""
    return frame("Deep learning vs usual machine learning", body, nav_current="index.html")


def glossary(entries, first_use: dict, pages: dict) -> str:
    items = []
    known = {slug: (term, definition) for slug, term, _, definition in entries}
    for slug, page in first_use.items():  # in the order the terms are met
        term, definition = known[slug]
        items.append(f'<dt id="{slug}">{e(term)}</dt><dd>{e(definition)} <span class="first">'
                     f'First used in <a href="{page}">{e(pages[page])}</a>.</span></dd>')
    body = (f"<h1>Glossary</h1><p>The terms the series introduces, in the order they are "
            f"met. Each page links a term's first use on it to its entry here.</p>"
            f'<dl class="glossary">{"".join(items)}</dl>')
    return frame("Glossary", body, nav_current="glossary.html")


def kilobytes(n_bytes: int) -> float:
    return math.ceil(n_bytes / 1024 * 10) / 10
