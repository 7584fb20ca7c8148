"""Build the site into build/site: pages, figures, explorers' frames, glossary, sizes.

Nothing here reaches the network: the pages load only files under build/site (their CSS, one
script, figures and frames); math is MathML rendered at build time; launch buttons are plain
links. ``report`` (build/site-report.json) gives every page's first load and every explorer's
data, checked against :data:`BUDGET_MB` and :data:`PAGE_BUDGET_MB`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from tools.site import catalogue, cells, explorers, glossary, pages, text

ROOT = catalogue.ROOT
TOOL = Path(__file__).resolve().parent
#: The whole site, every page and every frame: what a learner who reads every page and moves
#: every control through every value would download.
BUDGET_MB = 40.0
#: One page as it opens (HTML, style, script, its figures, its explorers' first frames and
#: data): what a learner on a phone downloads to read one notebook.
PAGE_BUDGET_MB = 2.5
COLAB_TAG = "colab-install"


def frames_for(nbs, cache: Path) -> dict[str, dict]:
    """{notebook file name: its explorers}, one notebook at a time, each in a process of its
    own (which shares its frames out between two forked workers); from a snapshot of the
    notebook as this build read it, so that its cell numbers are the page's."""
    snapshots = cache / "snapshots"
    snapshots.mkdir(parents=True, exist_ok=True)
    results = {}
    for nb in sorted(nbs, key=lambda nb: nb.number == "app"):  # the app last: it reuses
        if not explorers.explorer_cells(nb.nb):
            continue
        cached = explorers.cached_result(nb.nb, nb.path.stem, cache)
        if cached:
            results[nb.path.name] = cached
            continue
        snapshot = snapshots / nb.path.name
        nbformat.write(nb.nb, snapshot)
        done = subprocess.run([sys.executable, "-m", "tools.site.explorers", str(snapshot),
                               str(cache), str((ROOT / nb.path).parent)], cwd=ROOT, text=True,
                              capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        if done.returncode:
            raise RuntimeError(f"building the explorers of {nb.path} failed:\n"
                               f"{done.stderr[-3000:]}")
        results[nb.path.name] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


def notebook_page(nb, prev, nxt, found: dict, out: Path, figures: cells.Figures, math,
                  terms, first_use: dict, hub: str, sizes: dict) -> str:
    by_cell: dict[int, list] = {}
    for ex in found.get("explorers", []):
        by_cell.setdefault(ex["cell"], []).append(ex)
    used_ids: set[str] = set()
    seen_terms: set[str] = set()
    body = [f'<p class="kicker">Notebook {nb.number}</p>' if nb.number != "app" else "",
            pages.launch_bar(nb, hub)]
    last_paragraph = ""
    n_explorer = 0
    figures.count = 0

    def explorer_html(cell):
        nonlocal n_explorer
        waiting = by_cell.get(cell_index, [])
        if not waiting:
            return None
        manifest = waiting.pop(0)
        n_explorer += 1
        ident = f"explorer-{n_explorer}"
        data_name = f"explorers/{nb.path.stem}-{n_explorer}.json"
        names = {f["frame"] for f in manifest["frames"] if f["frame"]}
        frame_bytes = sum((out / "frames" / name).stat().st_size for name in names)
        payload = {"controls": manifest["controls"],
                   "frames": [[f["frame"], f["alt"], text.plain(f["message"])]
                              for f in manifest["frames"]]}
        (out / data_name).write_text(json.dumps(payload, separators=(",", ":")))
        json_bytes = (out / data_name).stat().st_size
        sizes["explorers"].append({
            "page": nb.page, "explorer": ident, "factory": manifest["factory"],
            "frames": len(names), "frames_kB": round(frame_bytes / 1024, 1),
            "data_kB": round(json_bytes / 1024, 1), "build_seconds": manifest["seconds"]})
        return pages.explorer(manifest, ident, nb, hub, data_name,
                              (frame_bytes + json_bytes) / 1024)

    for cell_index, cell in enumerate(nb.nb.cells):
        if cell.cell_type == "markdown":
            fragment = text.markdown(cell.source, math, f"{nb.path} cell {cell_index}", used_ids)
            fragment = text.link_terms(fragment, terms, seen_terms, "glossary.html#{}")
            for slug in re.findall(r'href="glossary\.html#([^"]+)"', fragment):
                first_use.setdefault(slug, nb.page)  # in the order the terms are met
            paragraphs = re.findall(r"<p>(.*?)</p>", fragment, flags=re.S)
            if paragraphs:  # the sentence above a figure says what it answers: its caption
                last_paragraph = text.first_sentence(text.plain(paragraphs[-1], keep_math=True))
            body.append(f'<section class="md">{fragment}</section>')
        elif cell.cell_type == "code":
            source = f'<pre class="code"><code>{cells.code(cell.source)}</code></pre>'
            outputs = cells.outputs_html(cell, figures, last_paragraph, explorer_html,
                                         nb.number)
            while by_cell.get(cell_index):  # an explorer the committed outputs lack (the app)
                outputs += explorer_html(cell)
            if COLAB_TAG in cell.metadata.get("tags", []):
                body.append('<details class="colab"><summary>The Colab-only install cell'
                            f"</summary>{source}</details>")
            else:
                body.append(f'<div class="cell">{source}{outputs}</div>')
    body.append(pages.pager(prev, nxt))
    return pages.frame(nb.title, "\n".join(body), description=nb.summary)


def first_load(page: Path, out: Path) -> int:
    """Bytes a browser fetches to show the page: the HTML, what it links (CSS, script, images
    and the explorers' data files)."""
    html_text = page.read_text()
    linked = set(re.findall(r'(?:src|href)="((?:static|figures|frames)/[^"]+)"', html_text))
    linked |= set(re.findall(r'data-explorer="([^"]+)"', html_text))
    return page.stat().st_size + sum((out / name).stat().st_size for name in linked)


def build(out: Path = ROOT / "build" / "site", hub: str = catalogue.DEFAULT_HUB,
          node_modules: Path = ROOT / "build" / "site-node" / "node_modules") -> dict:
    start = time.perf_counter()
    catalogue.hub_url(Path("x.ipynb"), hub)  # checks the hub's address
    if not (node_modules / "katex").exists():
        raise RuntimeError(f"{node_modules} has no KaTeX: run `make site` (it installs "
                           "tools/site/package-lock.json's packages there with npm ci)")
    nbs = catalogue.notebooks()
    cache = ROOT / "build" / "site-cache"
    found = frames_for(nbs, cache)
    frames_seconds = time.perf_counter() - start
    if out.exists():
        shutil.rmtree(out)
    for folder in ("static", "frames", "explorers", "figures"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy(TOOL / "static" / "explorer.js", out / "static" / "explorer.js")
    (out / "static" / "site.css").write_text((TOOL / "static" / "site.css").read_text()
                                             + cells.code_css())
    for result in found.values():
        for ex in result["explorers"]:
            for f in ex["frames"]:
                if f["frame"] and not (out / "frames" / f["frame"]).exists():
                    shutil.copy(cache / "frames" / f["frame"], out / "frames" / f["frame"])
    math, terms, first_use = text.Math(), glossary.patterns(), {}
    sizes: dict = {"explorers": []}
    figures = cells.Figures(out / "figures")
    html_pages = {}
    for i, nb in enumerate(nbs):
        prev = nbs[i - 1] if i else None
        nxt = nbs[i + 1] if i + 1 < len(nbs) else None
        html_pages[nb.page] = notebook_page(nb, prev, nxt, found.get(nb.path.name, {}), out,
                                            figures, math, terms, first_use, hub, sizes)
    math.render(node_modules)
    explorer_counts = {}
    for entry in sizes["explorers"]:
        explorer_counts[entry["page"]] = explorer_counts.get(entry["page"], 0) + 1
    html_pages["index.html"] = pages.landing(nbs, explorer_counts, hub)
    titles = {nb.page: nb.title for nb in nbs}
    html_pages["glossary.html"] = pages.glossary(glossary.TERMS, first_use, titles)
    for name, page in html_pages.items():
        (out / name).write_text(math.fill(page))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    report = {
        "pages": {name: round(first_load(out / name, out) / 1024, 1) for name in html_pages},
        "explorers": sizes["explorers"],
        "total_MB": round(total / 2**20, 2), "budget_MB": BUDGET_MB,
        "page_budget_MB": PAGE_BUDGET_MB,
        "unused_terms": [slug for slug, *_ in glossary.TERMS if slug not in first_use],
        "frames_seconds": round(frames_seconds, 1),
        "seconds": round(time.perf_counter() - start, 1),
        "notebooks_explorer_seconds": {k: v["seconds"] for k, v in found.items()},
    }
    (out.parent / "site-report.json").write_text(json.dumps(report, indent=1))
    over = [f"{name}: {kb / 1024:.2f} MB" for name, kb in report["pages"].items()
            if kb / 1024 > PAGE_BUDGET_MB]
    if report["total_MB"] > BUDGET_MB or over:
        raise ValueError(f"the site is over its size budget: {report['total_MB']} MB in all "
                         f"(budget {BUDGET_MB} MB); pages over {PAGE_BUDGET_MB} MB: {over}")
    return report

