"""The environments of each audience name the same packages at compatible versions: the
learner's lock (requirements.txt: dependencies + lab), make test's (requirements-dev.txt: the
rest, on top), Binder's (learner + hub) and conda's (learner); every lock is what tools/lock.py
writes from the environment the tests run in; repo2docker accepts the Binder configuration."""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

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
        # conda-forge spells some names with "_" (jupyter_server): compare canonical names
        specs[CONDA_TO_PIP.get(name, name).lower().replace("_", "-")] = version
    return specs


def _lock_tool():
    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOCK = _lock_tool()


def _names(*audiences):
    groups = LOCK.audiences()
    return [canonicalize_name(Requirement(r).name) for a in audiences for r in groups[a]]


def _top_level():
    """The learner's top-level packages: what dlfaq imports and the `lab` extra."""
    return _names("dependencies", "lab")


LEARNER = ROOT / "requirements.txt"
DEV = ROOT / "requirements-dev.txt"
BINDER = ROOT / "binder" / "requirements.txt"


def test_torch_is_pinned_to_the_tested_version_everywhere():
    assert _pins(ROOT / "requirements.txt")["torch"] == "2.13.0"
    assert _pins(ROOT / "binder" / "requirements.txt")["torch"] == "2.13.0"
    assert _conda_specs()["torch"] == "2.13.0"


def test_lock_pins_every_top_level_package():
    pins = _pins(ROOT / "requirements.txt")
    missing = [name for name in _top_level() if name not in pins]
    assert not missing


# The maintainers' stack a learner used to get (issue: every route installed it); nbformat,
# nbclient and psutil are in the test extra too, but JupyterLab itself needs them.
TEST_AND_MAINT = ["pytest", "pytest-xdist", "hypothesis", "nbval", "ruff", "playwright",
                  "build", "jupyter-repo2docker", "docker"]
HUB = ["jupyterhub", "sqlalchemy", "pamela", "nbgitpuller"]


def test_the_learners_lock_holds_no_test_hub_or_maintainer_tool():
    pins = _pins(LEARNER)
    assert not [name for name in TEST_AND_MAINT + HUB if name in pins]


def test_the_dev_lock_adds_every_other_extra_on_top_of_the_learners():
    assert "-r requirements.txt" in DEV.read_text().splitlines()
    learner, dev = _pins(LEARNER), _pins(DEV)
    assert not set(learner) & set(dev), "each package pinned once"
    missing = [name for name in _names("test", "hub", "maint") if name not in learner | dev]
    assert not missing


def test_binder_installs_the_learners_versions_and_the_hub_only():
    binder, learner, dev = _pins(BINDER), _pins(LEARNER), _pins(DEV)
    assert {n: v for n, v in binder.items() if n in learner} == learner
    assert {n: v for n, v in binder.items() if n not in learner} == {
        n: v for n, v in dev.items() if n in binder}, "the rest at make test's versions"
    assert all(name in binder for name in _names("hub"))
    assert not [name for name in TEST_AND_MAINT if name in binder]


def test_every_lock_is_what_make_lock_writes_from_this_environment():
    """The pins were all taken from one environment, the one these tests run in."""
    for path, pins in LOCK.lock_files().items():
        committed = [line for line in (ROOT / path).read_text().splitlines()
                     if line and not line.startswith(("#", "-"))]
        assert committed == pins, f"{path} differs from this environment: run make lock"


def test_binder_uses_the_cpu_wheel_index_and_installs_dlfaq():
    text = BINDER.read_text()
    assert "download.pytorch.org/whl/cpu" in text
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "pip install --no-deps" in post_build and "-e ." in post_build
    assert (ROOT / "binder" / "postBuild").stat().st_mode & 0o111, "postBuild is executable"


def test_binder_builds_dlfaq_with_the_setuptools_pyproject_asks_for_not_the_images():
    """pip's build isolation installs [build-system]'s setuptools (>=77.0.3, which reads the
    PEP 639 `license`); --no-build-isolation would use whatever the image has."""
    assert "--no-build-isolation" not in (ROOT / "binder" / "postBuild").read_text()


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
