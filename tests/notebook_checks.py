"""Shared facts about the committed notebooks, used by the tests and tools/execute_notebooks.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def code_sha256(nb) -> str:
    """Hash of the notebook's code, the thing its outputs must belong to."""
    digest = hashlib.sha256()
    for cell in code_cells(nb):
        digest.update(cell.source.strip().encode())
        digest.update(b"\0")
    return digest.hexdigest()
