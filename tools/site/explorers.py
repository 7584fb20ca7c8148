"""Kernel-free explorers: every explorer of a notebook, its frames precomputed over a grid.

A notebook's explorers are found by the code that creates them: a code cell calling one of
:mod:`dlfaq.explorers`' ``*_explorer`` factories. The notebook's code cells up to the last such
cell run in a plain IPython shell (no kernel, no front end; the Colab cell does nothing
outside Colab), with ``DLFAQ_RENDERER=png``: the explorers are built from the very arguments
the notebook gives them and draw with the PNG renderer, Agg's pixels of the same figure that
JupyterLab shows. Then every point of the explorer's grid (:mod:`tools.site.grids`) is set with
``explorer.set(...)``, as a reader moving the controls would, and its frame is saved as a PNG
(256 colours, median cut: the same look, a third of the bytes) named by the hash of its
pixels, with the frame's alternative text written from ``explorer.data`` and the message the
notebook shows under the figure. The notebook's committed outputs are not touched: the site
shows those.

Cached in ``build/site-cache``: a notebook's result is keyed by the hash of its code cells up
to its last explorer and of this tool, and holds while every ``dlfaq`` module the run imported
is unchanged; frames of one explorer (factory and arguments, and those modules) are shared by
every notebook that builds the same one.

    python -m tools.site.explorers NOTEBOOK CACHE_DIR [WORKDIR]   (one notebook; prints JSON)
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import io
import json
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOL = Path(__file__).resolve().parent


def factory_names() -> set[str]:
    """The explorers of the series: the names in ``dlfaq.explorers.EXPLORERS``."""
    from dlfaq.explorers import EXPLORERS

    return set(EXPLORERS)


def explorer_cells(nb, names: set[str] | None = None) -> list[int]:
    """Indices of the code cells that call an explorer factory."""
    from IPython.core.inputtransformer2 import TransformerManager

    names = factory_names() if names is None else names
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(TransformerManager().transform_cell(cell.source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else \
                    func.id if isinstance(func, ast.Name) else None
                if called in names:
                    found.append(index)
                    break
    return found


def tool_hash() -> str:
    """Hash of this tool's code that frames depend on."""
    digest = hashlib.sha256()
    for name in ("explorers.py", "grids.py", "frames.py"):
        digest.update((TOOL / name).read_bytes())
    return digest.hexdigest()


def loaded_modules() -> dict[str, str]:
    """{file: sha256} of every dlfaq module this process has imported: what its frames were
    computed by (a change anywhere else in dlfaq does not touch them)."""
    found = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        name = getattr(module, "__name__", "")
        if path and (name == "dlfaq" or name.startswith("dlfaq.")):
            path = Path(path)
            found[path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else
                  str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(found.items()))


def still_valid(modules: dict[str, str]) -> bool:
    """True when every recorded module file is unchanged."""
    for name, digest in modules.items():
        path = ROOT / name if not Path(name).is_absolute() else Path(name)
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def notebook_key(nb, cells: list[int]) -> str:
    """The cache key of a notebook's explorers: its code up to the last explorer cell."""
    digest = hashlib.sha256(tool_hash().encode())
    for cell in nb.cells[: (max(cells) + 1) if cells else 0]:
        if cell.cell_type == "code":
            digest.update(cell.source.encode())
    return digest.hexdigest()[:20]


def family_key(name: str, args, kwargs, explorer) -> str:
    """Explorers built from the same arguments but other starting values of their controls (a
    keyword named like a control, or the prefix of one: ``w`` of ``w1, w2``) may share frames,
    once a sample of them is checked to be identical (:func:`tools.site.frames.render`)."""
    controls = list(explorer.controls)
    kept = sorted((k, v) for k, v in kwargs.items()
                  if not any(c.startswith(k) for c in controls))
    return hashlib.sha256(pickle.dumps((name, args, kept))).hexdigest()[:20]


def capture(nb_path: Path, cells: list[int], workdir: Path | None = None):
    """Run the notebook's code cells up to its last explorer cell in an IPython shell; return
    [(cell index, factory name, arguments hash, family hash, explorer)] in creation order."""
    os.environ["DLFAQ_RENDERER"] = "png"
    # Frames are computed on the CPU, whatever the machine has: the same pixels everywhere, and
    # the forked workers (tools.site.frames) never meet a CUDA context they cannot inherit.
    os.environ["CUDA_VISIBLE_DEVICES"] = ""
    os.environ.setdefault("MPLBACKEND", "Agg")
    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from dlfaq import explorers


    made: list = []
    current = {"cell": None}

    def wrap(name, factory):
        def recorded(*args, **kwargs):
            explorer = factory(*args, **kwargs)
            key = hashlib.sha256(pickle.dumps((name, args, sorted(kwargs.items())))).hexdigest()
            made.append((current["cell"], name, key[:20], family_key(name, args, kwargs,
                                                                     explorer), explorer))
            return explorer
        return recorded

    originals = {name: getattr(explorers, name) for name in factory_names()}
    for name, factory in originals.items():
        setattr(explorers, name, wrap(name, factory))
    nb = nbformat.read(nb_path, as_version=4)
    shell = InteractiveShell.instance()
    here = Path.cwd()
    os.chdir(workdir or nb_path.parent)
    try:
        for index, cell in enumerate(nb.cells[: max(cells) + 1]):
            if cell.cell_type != "code":
                continue
            current["cell"] = index
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                result = shell.run_cell(cell.source, silent=True, store_history=False)
            if not result.success:
                error = result.error_in_exec or result.error_before_exec
                raise RuntimeError(f"{nb_path.name}: code cell {index} failed while building "
                                   f"its explorers: {error!r}\n{out.getvalue()[-2000:]}")
            import matplotlib.pyplot as plt
            plt.close("all")
    finally:
        os.chdir(here)
        for name, factory in originals.items():  # a caller in this process sees dlfaq unchanged
            setattr(explorers, name, factory)
    return made


def cached_result(nb, stem: str, cache: Path) -> dict | None:
    """A notebook's explorers as built before, if nothing they depend on changed."""
    done = cache / "notebooks" / f"{stem}-{notebook_key(nb, explorer_cells(nb))}.json"
    if done.exists():
        cached = json.loads(done.read_text())
        if still_valid(cached["modules"]):
            return cached
    return None


def build_notebook(nb_path: Path, cache: Path, workdir: Path | None = None) -> dict:
    """{"key", "explorers": [{"cell", "factory", manifest...}], "seconds"} for one notebook
    (``nb_path`` may be a snapshot of it; its code runs in ``workdir``, by default the folder
    of ``nb_path``)."""
    import nbformat

    from tools.site import frames

    nb = nbformat.read(nb_path, as_version=4)
    cells = explorer_cells(nb)
    key = notebook_key(nb, cells)
    done = cache / "notebooks" / f"{nb_path.stem}-{key}.json"
    cached = cached_result(nb, nb_path.stem, cache)
    if cached:
        return cached
    start = time.perf_counter()
    frames_dir, store_dir = cache / "frames", cache / "explorers"
    for folder in (frames_dir, store_dir, done.parent):
        folder.mkdir(parents=True, exist_ok=True)
    explorers = []
    made = capture(nb_path, cells, workdir) if cells else []
    modules = loaded_modules()
    for cell, factory, arg_key, family, explorer in made:
        manifest = frames.render(explorer, factory, arg_key, family, frames_dir, store_dir,
                                 modules, still_valid)
        explorers.append({"cell": cell, **manifest})
    result = {"notebook": nb_path.name, "key": key, "modules": modules, "explorers": explorers,
              "seconds": round(time.perf_counter() - start, 2)}
    done.write_text(json.dumps(result))
    return result


if __name__ == "__main__":  # python -m tools.site.explorers, from the root (tools/site/build.py)
    print(json.dumps(build_notebook(*(Path(arg).resolve() for arg in sys.argv[1:4]))))
