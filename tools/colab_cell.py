"""Give every notebook of the series the cell that installs this release of dlfaq on Colab only.

    python tools/colab_cell.py [notebooks/01_one_neuron.ipynb ...]   (default: notebooks/NN_*)
    (or python -m tools.colab_cell ..., from the repository's root)

Colab ships torch, NumPy, matplotlib, scikit-learn and ipywidgets but not dlfaq or mnist1d. The
cell installs dlfaq at this version's tag (v<pyproject's version>, what the README's Colab
badges open) with ``--no-deps``, so Colab's own packages are kept, then only what Colab lacks,
at the versions of requirements.txt; it says that the notebooks were tested with those pins
only. Anywhere else (JupyterLab, Binder, nbval) it does nothing and prints nothing. On Colab
the explorers draw as PNG frames (dlfaq.plots.render: no ipympl needed).

The cell comes right after the notebook's title, its code folded away (a Colab form; hidden in
JupyterLab). The tool is idempotent: the cell is found by its tag, replaced when it differs or
sits elsewhere, and a notebook already right is not rewritten. A replaced cell keeps its
execution count (it has no output outside Colab), and the notebook's code stamp
(metadata.dlfaq.code_sha256) is recomputed when it matched the code before: nothing else
changed, so the outputs still belong to the code, with no re-execution. A notebook that had no
cell, or whose stamp was already stale, is left for `make notebooks` to re-execute.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

import nbformat

try:  # python -m tools.colab_cell, or imported by the tests
    from tools.notebook_stamp import code_sha256
except ModuleNotFoundError:  # python tools/colab_cell.py: tools/ is sys.path[0]
    from notebook_stamp import code_sha256

ROOT = Path(__file__).resolve().parents[1]

REPOSITORY = "https://github.com/dlfaq/dlfaq"
TAG = "colab-install"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
#: Neither is installed on Colab: torch is Colab's own; ipympl is not used there (PNG frames).
SKIPPED = {"torch", "ipympl"}
#: Distribution name -> module name, where they differ.
MODULES = {"scikit-learn": "sklearn", "pillow": "PIL"}
#: Folds the code away: Colab shows a form with the title; JupyterLab hides the source.
HIDDEN = {"cellView": "form", "jupyter": {"source_hidden": True}}


def light_dependencies() -> list[tuple[str, str]]:
    """[(pinned requirement, module)] of dlfaq's dependencies other than torch and ipympl, at
    the versions of requirements.txt."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line.strip())
        if match:
            pins[match[1].lower().replace("_", "-")] = match[0]
    deps = []
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)[0].lower().replace("_", "-")
        if name not in SKIPPED:
            deps.append((pins.get(name, name), MODULES.get(name, name.replace("-", "_"))))
    return deps


def cell_source() -> str:
    wanted = ", ".join(f'"{module}": "{req}"' for req, module in light_dependencies())
    lines = []  # the dict wrapped at 100 columns
    for item in re.findall(r'"[^"]+": "[^"]+"', wanted):
        if lines and len(lines[-1]) + len(item) + 2 <= 86:
            lines[-1] += f", {item}"
        else:
            lines.append(item)
    pins = (",\n" + " " * 14).join(lines)
    return f'''\
# @title Colab only: install dlfaq {VERSION} (this cell does nothing anywhere else)
# Colab's own torch, NumPy, matplotlib, scikit-learn and ipywidgets are kept; only what Colab
# lacks (mnist1d) is added, at this release's pins. The notebooks were tested with the pinned
# versions (requirements.txt) only, never with Colab's.
import sys

if "google.colab" in sys.modules:
    import importlib.util
    import subprocess

    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    release = "dlfaq @ git+{REPOSITORY}@v{VERSION}"
    subprocess.run([*pip, "--no-deps", release], check=True)
    wanted = {{{pins}}}
    missing = [pin for module, pin in wanted.items() if importlib.util.find_spec(module) is None]
    if missing:
        subprocess.run([*pip, *missing], check=True)
    importlib.invalidate_caches()'''


def is_colab_cell(cell) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", [])


def _title_count(cells) -> int:
    """1 when the notebook opens with its title (a markdown cell starting with '# '), else 0."""
    first = cells[0] if cells else None
    return int(first is not None and first.cell_type == "markdown"
               and first.source.lstrip().startswith("# "))


def apply(path: Path) -> bool:
    """Put the current Colab cell right after the notebook's title; return whether the file
    changed."""
    nb = nbformat.read(path, as_version=4)
    wanted = cell_source()
    rest = [c for c in nb.cells if not is_colab_cell(c)]
    at = _title_count(rest)
    found = [c for c in nb.cells if is_colab_cell(c)]
    if (len(found) == 1 and nb.cells.index(found[0]) == at and found[0].source == wanted
            and all(found[0].metadata.get(k) == v for k, v in HIDDEN.items())):
        return False
    stamp = nb.metadata.get("dlfaq", {}).get("code_sha256")
    stamp_was_valid = stamp is not None and stamp == code_sha256(nb)
    if found:  # keep its id (nbformat 4.5), execution count and outputs; new source
        cell = found[0]
        cell.source = wanted
    else:
        cell = nbformat.v4.new_code_cell(wanted)
        stamp_was_valid = False  # a new code cell: the notebook must be re-executed
    cell.metadata["tags"] = [TAG]
    cell.metadata.update(HIDDEN)
    nb.cells = rest[:at] + [cell] + rest[at:]
    if stamp_was_valid:
        nb.metadata["dlfaq"]["code_sha256"] = code_sha256(nb)
    nbformat.write(nb, path)
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    for path in paths:
        shown = path.resolve().relative_to(ROOT) if path.resolve().is_relative_to(ROOT) else path
        print(f"{shown}: {'Colab cell written' if apply(path) else 'already has the Colab cell'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
