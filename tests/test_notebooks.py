"""The conventions every committed notebook keeps (they are read before anyone runs them).

nbval re-executes the notebooks (`make nbval`); these tests check what is committed: executed
top to bottom, no errors, outputs that belong to the current code, small, portable, offline.
"""

import ast
import re

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager
from notebook_checks import NOTEBOOKS, ROOT, WIDGET_MIME, code_cells, code_sha256


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return nbformat.read(request.param, as_version=4), request.param


def readme_notebooks(readme: str) -> list[str]:
    """The notebooks the README's table of the series links to, in its order."""
    return re.findall(r"^\| \d\d \| \[[^]]+\]\(notebooks/(\d\d_\w+\.ipynb)\)", readme, re.M)


def test_the_series_is_the_readmes_table_numbered_01_02_and_so_on():
    listed = readme_notebooks((ROOT / "README.md").read_text())
    assert [p.name for p in NOTEBOOKS] == listed, (
        "notebooks/NN_*.ipynb and the README's table of the series differ")
    numbers = [int(name[:2]) for name in listed]
    assert numbers == list(range(1, len(numbers) + 1)), "notebooks are numbered 01, 02, ..."


def test_is_executed_top_to_bottom(notebook):
    nb, _ = notebook
    counts = [c.execution_count for c in code_cells(nb)]
    assert None not in counts, "every code cell has been run"
    assert counts == list(range(1, len(counts) + 1)), "run once, top to bottom, in a fresh kernel"


def test_outputs_belong_to_the_committed_code(notebook):
    nb, path = notebook
    stamped = nb.metadata.get("dlfaq", {}).get("code_sha256")
    assert stamped == code_sha256(nb), (
        f"{path.name}: code changed since it was executed; run `make notebooks NB={path}`")


def test_has_no_error_outputs(notebook):
    nb, _ = notebook
    errors = [o for c in code_cells(nb) for o in c.outputs if o.output_type == "error"]
    assert not errors
    stderr = [o.text for c in code_cells(nb) for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr" and "Traceback" in o.text]
    assert not stderr


def test_uses_the_python3_kernel(notebook):
    nb, _ = notebook
    assert nb.metadata.kernelspec.name == "python3"


def test_is_under_1_5_megabytes(notebook):
    _, path = notebook
    assert path.stat().st_size < 1.5e6


def test_has_no_absolute_paths_or_user_names(notebook):
    _, path = notebook
    text = path.read_text()
    found = re.findall(r"(/root/|/home/\w+|/Users/\w+|/tmp/\w+|/work/\w+|C:\\\\Users)", text)
    assert not found, f"machine-specific paths: {sorted(set(found))}"


def series_cells(nb):
    """The code cells, less the Colab-only install cell (tools/colab_cell.py)."""
    return [c for c in code_cells(nb) if "colab-install" not in c.metadata.get("tags", [])]


def test_starts_with_dlfaq_setup_and_imports_dlfaq_as_installed(notebook):
    nb, _ = notebook
    first = series_cells(nb)[0].source
    assert "dlfaq.setup(" in first
    assert not any("sys.path" in c.source for c in code_cells(nb))


def test_fetches_nothing_from_the_network(notebook):
    nb, _ = notebook
    code = "\n".join(c.source for c in series_cells(nb))
    for forbidden in ("http://", "https://", "urlopen", "requests.", "get_dataset(", "download="):
        assert forbidden not in code


def _bound_names(tree) -> set[str]:
    """The names a cell's code binds: assignments, loop targets, defs, imports, arguments."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


def test_asserts_its_teaching_claims(notebook):
    """Key claims are checked by assertions on what the notebook computed, in cells that ran
    without an error: each such claim held when the committed outputs were made."""
    nb, path = notebook
    bound, claims = set(), []
    for cell in series_cells(nb):
        tree = ast.parse(TransformerManager().transform_cell(cell.source))
        bound |= _bound_names(tree)
        claims += [(cell, node) for node in ast.walk(tree) if isinstance(node, ast.Assert)]
    assert len(claims) >= 5, f"{path.name}: {len(claims)} assert statements, expected >= 5"
    vacuous = [ast.unparse(node.test) for _, node in claims
               if not {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)} & bound]
    assert not vacuous, f"{path.name}: asserts that check nothing the notebook computed: {vacuous}"
    unproven = [ast.unparse(node.test) for cell, node in claims
                if cell.execution_count is None
                or any(o.output_type == "error" for o in cell.outputs)]
    assert not unproven, f"{path.name}: asserts in cells not run, or run into an error: {unproven}"


def test_every_interactive_figure_follows_a_static_one(notebook):
    nb, _ = notebook
    seen_static = False
    for cell in code_cells(nb):
        kinds = {mime for o in cell.outputs for mime in o.get("data", {})}
        if WIDGET_MIME in kinds and "image/png" not in kinds:
            assert seen_static, "a static figure of the same idea comes before each widget"
        if "image/png" in kinds:
            seen_static = True
