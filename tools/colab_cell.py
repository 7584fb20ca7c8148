"""Give every notebook of the series a first cell that installs dlfaq on Google Colab only.

    python tools/colab_cell.py [notebooks/01_one_neuron.ipynb ...]   (default: notebooks/NN_*)

Colab ships torch, NumPy, matplotlib, scikit-learn and ipywidgets but not dlfaq or mnist1d. The
cell installs dlfaq from the repository with ``--no-deps`` (so Colab's own torch is kept, never
replaced by a multi-GB download) and then only the light dependencies Colab lacks, at the
versions of requirements.txt. Anywhere else (JupyterLab, Binder, nbval) it does nothing and
prints nothing. On Colab the explorers draw as PNG frames (dlfaq.render: no ipympl needed).

Idempotent: the cell is found by its tag and replaced when it differs (or moved to the top);
a notebook already right is not rewritten. Re-execute the notebooks afterwards
(`make notebooks`): their code changed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/dlfaq/dlfaq"
TAG = "colab-install"
#: Neither is installed on Colab: torch is Colab's own; ipympl is not used there (PNG frames).
SKIPPED = {"torch", "ipympl"}
#: Distribution name -> module name, where they differ.
MODULES = {"scikit-learn": "sklearn", "pillow": "PIL"}


def light_dependencies() -> list[tuple[str, str]]:
    """[(pinned requirement, module)] of dlfaq's dependencies other than torch and ipympl, at
    the versions of requirements.txt."""
    import tomllib

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
    deps = ",\n".join(f'        ("{req}", "{module}")' for req, module in light_dependencies())
    return f'''\
# On Google Colab only: install this series' helper package, dlfaq, from its repository. Colab's
# own torch is kept (--no-deps); only the small packages Colab lacks are added. Elsewhere this
# cell does nothing.
import sys

if "google.colab" in sys.modules:
    import importlib.util
    import subprocess

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "dlfaq @ git+{REPOSITORY}"], check=True)
    missing = [requirement for requirement, module in [
{deps},
    ] if importlib.util.find_spec(module) is None]
    if missing:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *missing],
                       check=True)
    importlib.invalidate_caches()'''


def colab_cell() -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(cell_source())
    cell.metadata["tags"] = [TAG]
    return cell


def is_colab_cell(cell) -> bool:
    return TAG in cell.get("metadata", {}).get("tags", [])


def apply(path: Path) -> bool:
    """Make the Colab cell the notebook's first cell; return whether the file changed."""
    nb = nbformat.read(path, as_version=4)
    wanted = cell_source()
    found = [i for i, cell in enumerate(nb.cells) if is_colab_cell(cell)]
    if found == [0] and nb.cells[0].source == wanted:
        return False
    kept = nb.cells[found[0]] if found else None
    nb.cells = [c for c in nb.cells if not is_colab_cell(c)]
    cell = colab_cell()
    if kept is not None:  # keep its id (nbformat 4.5) and outputs; new source
        cell = kept
        cell.source = wanted
    nb.cells.insert(0, cell)
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
