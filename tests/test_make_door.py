"""The door of the install: `make` refuses, in one line that says what to do, a Python or a
platform the pinned set cannot install on, before it builds anything; and each audience's
environment installs its own lock file. Driven with `make -n` (nothing runs), a stand-in Python
(a script printing a version) and UNAME_S/UNAME_M."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def fake_python(tmp_path: Path, version: str) -> Path:
    path = tmp_path / f"python{version}"
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


def make_n(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TORCH_INDEX", "VENV", "PYTHON")}
    return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env)


def new_env(tmp_path, python, uname=("Linux", "x86_64"), goal="lab"):
    """`make -n <goal>` as on a machine without the environment yet."""
    return make_n(goal, f"VENV={tmp_path / 'venv'}", f"PYTHON={python}",
                  f"UNAME_S={uname[0]}", f"UNAME_M={uname[1]}")


def refusal(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0, result.stdout
    assert result.stdout == "", "refused before any command"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.14"])
def test_a_supported_python_builds_the_environment(tmp_path, version):
    result = new_env(tmp_path, fake_python(tmp_path, version))
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / f'python{version}'} -m venv" in result.stdout


@pytest.mark.parametrize("version", ["3.10", "3.9", "2.7"])
def test_a_python_too_old_is_refused_with_the_version_needed_and_how_to_get_it(tmp_path,
                                                                                version):
    line = refusal(new_env(tmp_path, fake_python(tmp_path, version)))
    assert f"is {version}" in line and "3.11 to 3.14" in line
    assert "python.org" in line and "make lab PYTHON=python3.11" in line


def test_a_python_too_new_for_the_pins_is_refused(tmp_path):
    line = refusal(new_env(tmp_path, fake_python(tmp_path, "3.15"), goal="test"))
    assert "no wheels for 3.15" in line and "make test PYTHON=python3.14" in line


def test_a_missing_python_is_refused(tmp_path):
    line = refusal(new_env(tmp_path, tmp_path / "no-such-python"))
    assert "there is none at PYTHON=" in line and "make lab PYTHON=python3.11" in line


def test_an_intel_mac_is_sent_to_the_routes_that_work_there(tmp_path):
    line = refusal(new_env(tmp_path, fake_python(tmp_path, "3.11"), ("Darwin", "x86_64")))
    assert "Intel Macs" in line and "Binder" in line and "Colab" in line and "conda" in line


@pytest.mark.parametrize("uname", [("MINGW64_NT-10.0", "x86_64"), ("MSYS_NT-10.0", "x86_64")])
def test_windows_without_wsl_is_sent_to_wsl(tmp_path, uname):
    assert "use WSL" in refusal(new_env(tmp_path, fake_python(tmp_path, "3.11"), uname))


@pytest.mark.parametrize("uname", [("Linux", "aarch64"), ("Darwin", "arm64")])
def test_the_other_platforms_with_a_torch_wheel_are_let_in(tmp_path, uname):
    assert new_env(tmp_path, fake_python(tmp_path, "3.11"), uname).returncode == 0


def test_an_existing_environment_is_not_refused(tmp_path):
    """The door checks the Python that would build a new environment; one already built (any
    platform, since it was built) goes on."""
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").symlink_to(fake_python(tmp_path, "3.11"))
    result = new_env(tmp_path, tmp_path / "no-such-python", ("Darwin", "x86_64"))
    assert result.returncode == 0, result.stderr


def pip_lines(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "pip install" in line]


def test_make_lab_installs_the_learners_lock_only(tmp_path):
    lines = pip_lines(new_env(tmp_path, fake_python(tmp_path, "3.11")))
    assert any(line.endswith("-r requirements.txt") for line in lines)
    assert not any("requirements-dev.txt" in line for line in lines)


@pytest.mark.parametrize("goal", ["test", "unit", "nbval", "lint", "notebooks"])
def test_the_checks_install_the_dev_lock_on_top(tmp_path, goal):
    lines = pip_lines(new_env(tmp_path, fake_python(tmp_path, "3.11"), goal=goal))
    learner = next(i for i, line in enumerate(lines) if line.endswith("-r requirements.txt"))
    dev = next(i for i, line in enumerate(lines) if line.endswith("-r requirements-dev.txt"))
    assert learner < dev


def test_dlfaq_is_built_in_an_isolated_environment_whatever_setuptools_the_venv_has(tmp_path):
    lines = pip_lines(new_env(tmp_path, fake_python(tmp_path, "3.11")))
    editable = [line for line in lines if line.endswith("-e .")]
    assert len(editable) == 1 and "--no-build-isolation" not in editable[0]
