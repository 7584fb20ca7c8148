"""The house's shape: import-linter's contracts (pyproject.toml, [tool.importlinter]) hold on the
tree, and each of them catches a violation planted in a copy of src/ (so none of them is a check
that cannot fail). `make lint` runs the same contracts on the tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
CONTRACTS = [c["name"] for c in tomllib.loads((ROOT / "pyproject.toml").read_text())
             ["tool"]["importlinter"]["contracts"]]

#: One violation of each contract, in the order of pyproject.toml: (file, line added at its end).
PLANTED = [
    ("dlfaq/learn/data.py", "from dlfaq.explorers import base as _planted"),  # a layer climbs
    ("dlfaq/studies/margins.py", "import matplotlib as _planted"),  # computing draws
    ("dlfaq_server/memory_guard.py", "import dlfaq.core.checks as _planted"),  # buildings meet
    ("dlfaq/core/tables.py", "import tornado as _planted"),  # the learner's imports the server
]


def lint(src: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(src)}  # ahead of the editable install's path
    return subprocess.run([str(LINT), "--no-cache", str(ROOT / "pyproject.toml")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def broken(output: str) -> set[str]:
    flat = " ".join(output.split())
    return {name for name in CONTRACTS if f"{name} BROKEN" in flat}


def test_every_contract_has_a_planted_violation():
    assert len(PLANTED) == len(CONTRACTS)


@pytest.mark.slow
def test_the_tree_keeps_every_contract_and_each_catches_a_planted_violation(tmp_path):
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in result.stdout

    src = tmp_path / "src"
    shutil.copytree(ROOT / "src", src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for path, line in PLANTED:
        with open(src / path, "a", encoding="utf-8") as f:
            f.write(f"\n{line}\n")
    result = lint(src)
    assert result.returncode != 0
    assert broken(result.stdout) == set(CONTRACTS), result.stdout[-3000:]
