"""Shared facts about the committed notebooks, used by the tests; the code stamp
(:func:`code_sha256`) is tools/notebook_stamp.py's, the one tools/execute_notebooks.py writes."""

from __future__ import annotations

from pathlib import Path

from tools.notebook_stamp import code_cells, code_sha256

__all__ = ["NOTEBOOKS", "ROOT", "WIDGET_MIME", "code_cells", "code_sha256"]

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
