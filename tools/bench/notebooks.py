"""Each notebook executed top to bottom in a fresh kernel, as a reader's Run All: the wall
seconds, the kernel's start, every cell's seconds, the kernel's memory.

Per run: ``seconds`` (kernel start to the last cell's reply), ``kernel_start_seconds`` (start
of the kernel process until it answers), ``import_seconds`` (the first code cell after the
Colab-only one: the imports and ``dlfaq.setup()`` in every notebook of the series), ``cells``
(index, first line, seconds),
``peak_rss_mb`` (the kernel's peak resident memory, VmHWM) and ``anon_mb`` (its anonymous
memory after the whole notebook ran, RssAnon: what stays in RAM while the notebook stays open).
Memory is read from /proc (Linux); elsewhere it is None.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from tools import colab_cell

SLOWEST = 5  # cells listed per notebook


def _proc_status(pid: int | None) -> dict:
    """{"VmHWM": MB, "RssAnon": MB, ...} of process ``pid`` from /proc, {} where unavailable."""
    if pid is None:
        return {}
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    values = {}
    for line in text.splitlines():
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            values[name] = int(parts[0]) / 1024
    return values


def _kernel_pid(client) -> int | None:
    provisioner = getattr(client.km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    return getattr(process, "pid", None)


def first_line(source: str, width: int = 60) -> str:
    """The first line of a cell that is not blank, shortened to ``width`` characters."""
    line = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
    return line if len(line) <= width else line[:width - 3] + "..."


def imports_seconds(cells: list[dict]) -> float:
    """Seconds of the first code cell that is not the Colab-only install cell (it does nothing
    outside Colab; the imports and ``dlfaq.setup()`` come right after it)."""
    return next((c["seconds"] for c in cells if not c.get("colab")), 0.0)


def run_once(path: Path, timeout: int = 900) -> dict:
    """Execute ``path`` once in a fresh kernel (working directory: its folder)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    cells = []
    start = time.perf_counter()
    with client.setup_kernel():
        client.wait_for_reply(client.kc.kernel_info())
        kernel_start = time.perf_counter() - start
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t0 = time.perf_counter()
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
            cells.append({"index": index, "first_line": first_line(cell.source),
                          "seconds": time.perf_counter() - t0,
                          "colab": colab_cell.is_colab_cell(cell)})
        seconds = time.perf_counter() - start
        memory = _proc_status(_kernel_pid(client))
    return {"seconds": seconds, "kernel_start_seconds": kernel_start,
            "import_seconds": imports_seconds(cells), "cells": cells,
            "peak_rss_mb": memory.get("VmHWM"), "anon_mb": memory.get("RssAnon")}


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(runs: list[dict]) -> dict:
    """Medians over runs; cells in notebook order, and the slowest ones first."""
    cells = [{"index": c["index"], "first_line": c["first_line"],
              "seconds": statistics.median(r["cells"][i]["seconds"] for r in runs)}
             for i, c in enumerate(runs[0]["cells"])]
    entry = {key: _median(r[key] for r in runs)
             for key in ("seconds", "kernel_start_seconds", "import_seconds", "peak_rss_mb",
                         "anon_mb")}
    entry["runs"] = len(runs)
    entry["cells"] = cells
    entry["slowest_cells"] = sorted(cells, key=lambda c: -c["seconds"])[:SLOWEST]
    return entry


def bench_notebooks(paths, repeats: int) -> dict:
    results = {}
    for path in paths:
        results[path.name] = entry = summarise([run_once(path) for _ in range(repeats)])
        anon = entry["anon_mb"]
        print(f"  {path.name}: {entry['seconds']:.1f} s (kernel start "
              f"{entry['kernel_start_seconds']:.1f} s, imports {entry['import_seconds']:.1f} s)"
              f"{'' if anon is None else f', {anon:.0f} MB anonymous after Run All'}",
              flush=True)
    return results
