"""The three environments (pip lock, conda, Binder) name the same packages at compatible
versions, and repo2docker accepts the Binder configuration."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# conda-forge name -> PyPI name, where they differ
CONDA_TO_PIP = {"pytorch-cpu": "torch"}
NOT_PACKAGES = {"python", "pip"}


def _pins(path):
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        name, version = line.split("==")
        pins[name.lower().replace("_", "-")] = version
    return pins


def _conda_specs():
    text = (ROOT / "environment.yml").read_text()
    specs = {}
    for match in re.finditer(r"^\s+- ([A-Za-z0-9_.\-]+)(==?)([0-9][^\s#]*)", text, re.M):
        name, _, version = match.groups()
        specs[CONDA_TO_PIP.get(name, name).lower()] = version
    return specs


def _top_level():
    names = []
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            names.append(re.split(r"[=<>\[]", line)[0].lower())
    return names


def test_torch_is_pinned_to_the_tested_version_everywhere():
    assert _pins(ROOT / "requirements.txt")["torch"] == "2.13.0"
    assert _pins(ROOT / "binder" / "requirements.txt")["torch"] == "2.13.0"
    assert _conda_specs()["torch"] == "2.13.0"


def test_lock_pins_every_top_level_package():
    pins = _pins(ROOT / "requirements.txt")
    missing = [name for name in _top_level() if name not in pins]
    assert not missing


def test_binder_installs_exactly_the_locked_versions():
    assert _pins(ROOT / "binder" / "requirements.txt") == _pins(ROOT / "requirements.txt")


def test_binder_uses_the_cpu_wheel_index_and_installs_dlfaq():
    text = (ROOT / "binder" / "requirements.txt").read_text()
    assert "download.pytorch.org/whl/cpu" in text
    post_build = ROOT / "binder" / "postBuild"
    assert "pip install --no-deps" in post_build.read_text() and "-e ." in post_build.read_text()
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable"


def test_conda_environment_names_every_top_level_package_at_a_compatible_version():
    pins, specs = _pins(ROOT / "requirements.txt"), _conda_specs()
    for name in _top_level():
        assert name in specs, f"environment.yml lacks {name}"
        assert pins[name] == specs[name] or pins[name].startswith(specs[name] + "."), (
            f"{name}: environment.yml says {specs[name]}, requirements.txt {pins[name]}")
    assert set(specs) <= set(_top_level()) | NOT_PACKAGES


def test_repo2docker_accepts_the_binder_configuration():
    exe = shutil.which("jupyter-repo2docker", path=str(Path(sys.executable).parent))
    assert exe, "jupyter-repo2docker is in requirements.txt"
    result = subprocess.run([exe, "--no-build", "--user-id", "1000", "--user-name", "jovyan",
                             str(ROOT)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    dockerfile = result.stdout
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "./binder/postBuild" in dockerfile
