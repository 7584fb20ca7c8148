"""A notebook's code stamp: the SHA-256 of its code cells, which its outputs must belong to.

tools/execute_notebooks.py writes it into ``metadata.dlfaq.code_sha256`` after executing a
notebook, tools/colab_cell.py renews it when only the Colab cell changed, and the tests
(tests/notebook_checks.py) recompute it: a notebook whose code changed without being re-executed
fails them. Tools and tests import it from here (tests may import tools, never the reverse).
"""

from __future__ import annotations

import hashlib


def code_cells(nb):
    """The notebook's code cells that hold code (empty ones are left out)."""
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def code_sha256(nb) -> str:
    """Hash of the notebook's code, the thing its outputs must belong to."""
    digest = hashlib.sha256()
    for cell in code_cells(nb):
        digest.update(cell.source.strip().encode())
        digest.update(b"\0")
    return digest.hexdigest()
