"""Execute notebooks top to bottom in a fresh kernel and save them with their outputs.

    python tools/execute_notebooks.py notebooks/01_one_neuron.ipynb [...]

Each saved notebook carries, in its metadata, the SHA-256 of its code cells
(`metadata.dlfaq.code_sha256`, tools/notebook_stamp.py). The notebook checks in tests/ recompute
it: a notebook whose code changed without being re-executed here fails `make test`. Outputs are
sanitised (memory addresses, absolute paths of this checkout) so committed notebooks carry
nothing machine-specific.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

try:  # python -m tools.execute_notebooks, or imported by the tests
    from tools.notebook_stamp import code_sha256
except ModuleNotFoundError:  # python tools/execute_notebooks.py: tools/ is sys.path[0]
    from notebook_stamp import code_sha256

ROOT = Path(__file__).resolve().parents[1]

ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def sanitise(text: str) -> str:
    text = ADDRESS.sub(" at 0x...", text)
    return text.replace(str(ROOT) + "/", "").replace(str(Path.home()), "~")


def execute(path: Path, timeout: int = 600) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = sanitise(output["text"])
            data = output.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if mime in data:
                    data[mime] = sanitise(data[mime] if isinstance(data[mime], str)
                                          else "".join(data[mime]))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nb.metadata.setdefault("dlfaq", {})["code_sha256"] = code_sha256(nb)
    nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        seconds = execute(path)
        size = path.stat().st_size / 1e6
        print(f"{path}: executed in {seconds:.1f} s, {size:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
