"""A release a class can pin: one version (pyproject.toml, read back as dlfaq.__version__), a
changelog entry for it, and the licences of the code and of the text."""

import importlib.util
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile

import pytest
from notebook_checks import ROOT
from packaging.requirements import Requirement

import dlfaq

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_package_reports_the_version_of_pyproject():
    assert dlfaq.__version__ == VERSION, "reinstall: make env (the metadata is read at install)"


def test_the_changelog_has_an_entry_for_the_version():
    assert f"\n## {VERSION} " in (ROOT / "CHANGELOG.md").read_text()


def test_the_code_and_the_text_each_have_a_licence():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-text").read_text()
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == "MIT"


def _metadata_with_setuptools(tmp_path, version: str) -> subprocess.CompletedProcess:
    """Prepare dlfaq's wheel metadata with exactly that setuptools (from pip's index), the way
    an image's own setuptools would under --no-build-isolation."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", f"setuptools=={version}", "-d", str(wheels)],
                   check=True, capture_output=True, timeout=300)
    site = tmp_path / "site"
    zipfile.ZipFile(next(wheels.glob("setuptools-*.whl"))).extractall(site)
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE", "LICENSE-text"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    code = ("import setuptools, sys; from setuptools import build_meta; "
            "print(setuptools.__version__); "
            "print(build_meta.prepare_metadata_for_build_wheel(sys.argv[1]))")
    out = tmp_path / "out"
    out.mkdir()
    return subprocess.run([sys.executable, "-c", code, str(out)], cwd=project, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(site)},
                          timeout=300)


@pytest.mark.slow
def test_the_oldest_setuptools_build_system_allows_builds_the_package(tmp_path):
    oldest = Requirement(tomllib.loads((ROOT / "pyproject.toml").read_text())
                         ["build-system"]["requires"][0]).specifier
    (minimum,) = [spec.version for spec in oldest if spec.operator == ">="]
    result = _metadata_with_setuptools(tmp_path, minimum)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[0] == minimum, "that setuptools, not the venv's"
    info = tmp_path / "out" / result.stdout.splitlines()[-1] / "METADATA"
    text = info.read_text()
    assert f"Version: {VERSION}" in text and "License-Expression: MIT" in text


@pytest.mark.slow
def test_setuptools_68_the_old_floor_fails_on_the_licence(tmp_path):
    """Why the floor moved: with setuptools 68 (what [build-system] allowed before), the PEP 639
    `license = "MIT"` stops the build."""
    result = _metadata_with_setuptools(tmp_path, "68.2.2")
    assert result.returncode != 0 and "license" in result.stderr.lower()


def _release_check():
    spec = importlib.util.spec_from_file_location("release_check",
                                                  ROOT / "tools" / "release_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_dist(folder, leave_out: str = "") -> None:
    """A wheel and an sdist of this version, with every file release_check looks for but one."""
    info = f"dlfaq-{VERSION}.dist-info"
    modules = sorted(_release_check().package_files())
    names = modules + [f"{info}/licenses/LICENSE", f"{info}/licenses/LICENSE-text"]
    with zipfile.ZipFile(folder / f"dlfaq-{VERSION}-py3-none-any.whl", "w") as wheel:
        for name in names:
            if name != leave_out:
                wheel.writestr(name, "")
    with tarfile.open(folder / f"dlfaq-{VERSION}.tar.gz", "w:gz") as sdist:
        for name in [f"src/{m}" for m in modules] + ["LICENSE", "LICENSE-text",
                                                     "CHANGELOG.md", "pyproject.toml"]:
            if name != leave_out:
                sdist.addfile(tarfile.TarInfo(f"dlfaq-{VERSION}/{name}"), io.BytesIO(b""))


def test_the_release_check_passes_a_complete_dist_and_names_what_is_missing(tmp_path):
    check = _release_check()
    _fake_dist(tmp_path)
    assert check.check_dist(tmp_path) == []
    for missing, problem in [(f"dlfaq-{VERSION}.dist-info/licenses/LICENSE-text", "wheel lacks"),
                             ("dlfaq/__init__.py", "wheel lacks"),
                             ("CHANGELOG.md", "sdist lacks")]:
        folder = tmp_path / missing.replace("/", "_")
        folder.mkdir()
        _fake_dist(folder, leave_out=missing)
        assert check.check_dist(folder) == [f"{problem} {missing}"]


def test_make_test_builds_the_release_and_runs_a_notebook_from_the_wheel_in_a_fresh_venv():
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = subprocess.run(["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True,
                         env=env, check=True).stdout
    assert "-m build --outdir build/dist" in out
    assert "-m venv build/release-venv" in out and "--system-site-packages" not in out
    assert '"dlfaq[lab] @ file://' in out and "-c requirements.txt" in out
    assert "release_check.py run" in out and "-e ." not in out.split("-m build")[1]
