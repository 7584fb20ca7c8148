"""Where `make env` (and so `make lab` and `make test`) takes torch from, and which tests each
stage selects, read with `make -n`."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def install_commands(*overrides: str) -> list[str]:
    """The pip commands `make env` would run from scratch (-B: as if nothing were installed)."""
    # A `make test TORCH_INDEX=...` above us passes its variables down in MAKEFLAGS: read the
    # Makefile's own default, not the caller's override.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TORCH_INDEX")}
    out = subprocess.run(["make", "-n", "-B", "env", *overrides], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=env).stdout
    return [line for line in out.splitlines() if "pip install" in line]


def torch_from_index(commands: list[str]) -> str | None:
    """The index torch is installed from alone before the rest, or None (configured index)."""
    torch_first = [c for c in commands if c.rstrip().endswith("torch==2.13.0")]
    if not torch_first:
        return None
    assert len(torch_first) == 1, torch_first
    words = torch_first[0].split()
    return words[words.index("--index-url") + 1]


def test_linux_x86_64_takes_torch_from_the_cpu_index_then_the_pins():
    commands = install_commands("UNAME_S=Linux", "UNAME_M=x86_64")
    assert torch_from_index(commands) == CPU_INDEX
    torch_at = next(i for i, c in enumerate(commands) if "torch==" in c)
    pins_at = next(i for i, c in enumerate(commands) if "-r requirements.txt" in c)
    assert torch_at < pins_at, "torch first, then the pinned rest (torch then already there)"
    assert "--index-url" not in commands[pins_at], "the rest comes from the configured index"


def test_this_machine_gets_the_default_of_its_platform():
    expected = CPU_INDEX if (platform.system(), platform.machine()) == ("Linux", "x86_64") \
        else None
    assert torch_from_index(install_commands()) == expected


@pytest.mark.parametrize("uname", [("Darwin", "arm64"), ("Darwin", "x86_64"),
                                   ("Linux", "aarch64")])
def test_other_platforms_keep_pypis_torch(uname):
    commands = install_commands(f"UNAME_S={uname[0]}", f"UNAME_M={uname[1]}")
    assert torch_from_index(commands) is None
    assert not any("--index-url" in c for c in commands)


def test_torch_index_overrides_the_default():
    assert torch_from_index(install_commands("UNAME_S=Linux", "UNAME_M=x86_64",
                                             "TORCH_INDEX=")) is None
    url = "https://mirror.example/whl/cpu"
    assert torch_from_index(install_commands("TORCH_INDEX=" + url)) == url


def test_ci_uses_the_configured_index():
    """CI machines' configured index serves the CPU wheel; an unreachable extra index costs
    retries for every package, so CI must not depend on PyTorch's."""
    run = (ROOT / ".ci" / "run").read_text()
    make_lines = [line.strip() for line in run.splitlines() if line.strip().startswith("make")]
    assert make_lines == ["make test TORCH_INDEX="]


def pytest_command(target: str) -> str:
    """The pytest command line `make <target>` runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = subprocess.run(["make", "-n", target], cwd=ROOT, check=True, capture_output=True,
                         text=True, env=env).stdout
    lines = [line for line in out.splitlines() if "-m pytest" in line]
    assert len(lines) == 1, out
    return lines[0]


def test_make_test_runs_the_slow_tests_and_make_test_fast_leaves_them_out():
    """`slow` (pyproject.toml) marks tests of several seconds: the unit stage of `make test`
    runs them, `make test-fast` deselects them for a quick check while developing."""
    markers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"][
        "ini_options"]["markers"]
    assert any(m.startswith("slow:") for m in markers), markers
    assert any("@pytest.mark.slow" in p.read_text() for p in (ROOT / "tests").glob("test_*.py"))
    unit, fast = pytest_command("unit"), pytest_command("test-fast")
    assert '-m "not browser"' in unit and "slow" not in unit
    assert '-m "not browser and not slow"' in fast
    assert unit.replace('"not browser"', '"not browser and not slow"') == fast
