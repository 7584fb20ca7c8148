"""Each notebook's kernel memory after running it top to bottom (nothing saved).

    python tools/kernel_memory.py [NOTEBOOK ...] [--json build/kernel_memory.json]

For every notebook: a fresh kernel (this Python) runs every code cell, then, before the kernel
is shut down, /proc/<kernel pid>/status gives RssAnon (the anonymous memory the kernel keeps:
what a memory limit counts and no other process shares), RssFile and VmHWM (peak RSS). Linux only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("RssAnon", "RssFile", "VmHWM")


def proc_status_mb(pid: int) -> dict:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in FIELDS:
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def measure(path: Path, timeout: int = 900, trim: bool = False) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        pid = client.km.provisioner.process.pid
        time.sleep(1)  # let the kernel go idle
        result = proc_status_mb(pid)
        if trim:  # what glibc could give back: freed heap it keeps for reuse
            trim_code = "import ctypes; ctypes.CDLL('libc.so.6').malloc_trim(0)"
            cell = nbformat.v4.new_code_cell(trim_code)
            nb.cells.append(cell)
            client.execute_cell(cell, len(nb.cells) - 1)
            result["RssAnon_trimmed"] = proc_status_mb(pid)["RssAnon"]
    result["run_s"] = round(time.perf_counter() - start, 1)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--trim", action="store_true",
                        help="then call malloc_trim(0) in the kernel and measure again")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    results = {}
    for path in paths:
        results[path.stem] = measure(path, trim=args.trim)
        print(f"{path.stem}: " + ", ".join(f"{k} {v}" for k, v in results[path.stem].items()),
              flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
