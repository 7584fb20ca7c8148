"""Every launch route has jupyter/'s settings in force, asked of the running server.

For each route the files are laid out as that route lays them out and the server is started as
that route starts it (tests/route_support.py); then the *running* server is asked (the
read-only extension dlfaq_server.settings_in_force, Lab's settings API, and one kernel
started and asked for kernel_info) which kernel manager, culling, kernel transport and Lab
defaults it uses:

- ``make lab``: the command `make -n lab` prints, run as printed (plus a port and a token);
- Binder: binder/postBuild run by repo2docker's rules (``python`` and ``$NB_PYTHON_PREFIX``
  are the environment's) into a fresh prefix; `jupyterhub-singleuser` from that prefix, with
  Binder's ``MEM_LIMIT``;
- Zero to JupyterHub: the image (the same postBuild: deploy/README.md builds it from binder/),
  deploy/kubernetes/config.yaml's ``singleuser.extraFiles`` mounted where the chart mounts them,
  its ``extraEnv``, and ``MEM_LIMIT`` from its memory limit (KubeSpawner sets it);
- The Littlest JupyterHub: deploy/README.md's install step run into a fresh prefix standing for
  /opt/tljh/user, started as its spawner starts it, ``MEM_LIMIT`` from deploy/tljh/config.yaml;
- a university's hub, where the teacher controls only the image: that image, started by a hub
  that disables user config (``JUPYTERHUB_DISABLE_USER_CONFIG``) in a home whose own
  ~/.jupyter says otherwise.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from route_support import ROOT, FakeHub, Prefix, Server, clean_env, free_port, singleuser

SERVER_CONFIG = json.loads((ROOT / "jupyter" / "jupyter_server_config.json").read_text())
LAB_OVERRIDES = json.loads(
    (ROOT / "jupyter" / "lab-settings" / "overrides.d" / "dlfaq.json").read_text())
GUARD = "dlfaq_server.memory_guard.MemoryGuardKernelManager"
Z2JH = yaml.safe_load((ROOT / "deploy" / "kubernetes" / "config.yaml").read_text())
TLJH = yaml.safe_load((ROOT / "deploy" / "tljh" / "config.yaml").read_text())
IMAGE_PREFIX = "/srv/conda/envs/notebook"  # repo2docker's $NB_PYTHON_PREFIX

pytestmark = pytest.mark.slow  # one server (and one kernel) per route: 5-10 s each


def megabytes(quantity) -> float:
    """A memory limit as JupyterHub's spawners read it (ByteSpecification: 'M' is 2**20 bytes;
    KubeSpawner and TLJH's spawner both take it so and set MEM_LIMIT in bytes), in MB."""
    from jupyterhub.traitlets import ByteSpecification

    return ByteSpecification().validate(None, str(quantity)) / 2**20


def assert_in_force(report: dict, limit_mb: float | None, culling: dict | None = None):
    """jupyter/'s settings, as the running server reported them."""
    assert report["kernel_manager_class"] == GUARD, report["kernel_manager_class"]
    expected = culling or SERVER_CONFIG["MappingKernelManager"]
    for key, value in expected.items():
        assert report["culling"][key] == value, (key, report["culling"])
    assert report["culling"]["culler_running"], "the culler runs once a kernel started"
    (kernel,) = report["kernels"].values()
    assert kernel["transport"] == SERVER_CONFIG["KernelManager"]["transport"] == "ipc"
    assert report["kernel_info"]["status"] == "ok", "the kernel answered over its transport"
    guard = report["memory_guard"]
    assert (guard["limit_mb"] is None) if limit_mb is None else (
        abs(guard["limit_mb"] - limit_mb) < 1), (guard, limit_mb)
    assert report["lab"] == {"news_url": None, "check_for_updates_class":
                             "jupyterlab.handlers.announcements.NeverCheckForUpdate"}
    for plugin, values in LAB_OVERRIDES.items():
        short = plugin.rsplit(":", 1)[1]
        served = report["lab_defaults"]["tracker" if short == "tracker" else short]
        for key, value in values.items():
            assert served[key] == value, (plugin, key, served[key])


@pytest.fixture(scope="module")
def image(tmp_path_factory):
    """An environment built as repo2docker builds binder/: binder/postBuild run with the
    environment's python first on PATH and NB_PYTHON_PREFIX set to it."""
    prefix = Prefix(tmp_path_factory.mktemp("image") / "notebook")
    prefix.run("bash binder/postBuild", env={"NB_PYTHON_PREFIX": str(prefix.path)})
    return prefix


def test_make_lab(tmp_path):
    recipe = subprocess.run(["make", "-n", "lab", "TORCH_INDEX="], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.replace("\\\n", " ")
    (command,) = [line for line in recipe.splitlines() if " lab " in line]
    port, token = free_port(), "a" * 32
    command += f" --ServerApp.port={port} --IdentityProvider.token={token}"
    server = Server(["bash", "-c", command], clean_env(tmp_path),
                    ROOT, f"http://127.0.0.1:{port}/", token, tmp_path / "server.log")
    try:
        assert_in_force(server.in_force(), limit_mb=None)  # a laptop: no limit, guard idle
    finally:
        server.stop()


def test_binder(image, tmp_path):
    with FakeHub() as hub:
        server = singleuser(image, hub, tmp_path / "home", tmp_path / "server.log",
                            {"MEM_LIMIT": str(2048 * 2**20)})  # mybinder.org's maximum
        try:
            assert_in_force(server.in_force(), limit_mb=2048)
        finally:
            server.stop()


def _mount(prefix: Prefix, home, mount_path: str, data) -> None:
    """Write one of the chart's extraFiles as the chart does: `data` serialised by the file's
    extension (.json/.yaml), `stringData` as is."""
    path = mount_path.replace(IMAGE_PREFIX, str(prefix.path)).replace("/home/jovyan", str(home))
    assert path != mount_path, f"{mount_path} is neither in the image's prefix nor the home"
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        target.write_text(data)
    else:
        target.write_text(json.dumps(data) if path.endswith(".json") else yaml.safe_dump(data))


def test_zero_to_jupyterhub(image, tmp_path):
    user = Z2JH["singleuser"]
    home = tmp_path / "home"
    culling = dict(SERVER_CONFIG["MappingKernelManager"])
    for extra in (user.get("extraFiles") or {}).values():
        data = extra.get("data", extra.get("stringData"))
        _mount(image, home, extra["mountPath"], data)
        if isinstance(data, dict):  # what a mount sets must be what the server then uses
            culling.update(data.get("MappingKernelManager", {}))
    env = {k: str(v) for k, v in (user.get("extraEnv") or {}).items()}
    limit = megabytes(user["memory"]["limit"])
    env["MEM_LIMIT"] = str(int(limit * 2**20))
    with FakeHub() as hub:
        server = singleuser(image, hub, home, tmp_path / "server.log", env)
        try:
            assert_in_force(server.in_force(), limit_mb=limit, culling=culling)
        finally:
            server.stop()


def tljh_install_step() -> str:
    """The command of deploy/README.md that installs dlfaq and its settings into TLJH's user
    environment (the line that runs binder/postBuild)."""
    text = (ROOT / "deploy" / "README.md").read_text()
    lines = [line.strip() for line in text.replace("\\\n", " ").splitlines()
             if "binder/postBuild" in line and "/opt/tljh/user" in line]
    assert len(lines) == 1, f"one TLJH step runs binder/postBuild, found {lines}"
    return lines[0]


def test_the_littlest_jupyterhub(tmp_path):
    prefix = Prefix(tmp_path / "opt" / "tljh" / "user")
    step = tljh_install_step().replace("/opt/tljh/user", str(prefix.path))
    step = step.replace("/opt/dlfaq", shlex.quote(str(ROOT)))
    step = re.sub(r"\bsudo( -E)? ", "", step)
    prefix.run(step)
    limit = megabytes(TLJH["limits"]["memory"])
    with FakeHub() as hub:
        server = singleuser(prefix, hub, tmp_path / "home", tmp_path / "server.log",
                            {"MEM_LIMIT": str(int(limit * 2**20))})
        try:
            assert_in_force(server.in_force(), limit_mb=limit)
        finally:
            server.stop()


def test_a_university_hub_running_the_image(image, tmp_path):
    home = tmp_path / "home"
    stray = home / ".jupyter" / "jupyter_server_config.json"  # left by another course
    stray.parent.mkdir(parents=True)
    stray.write_text(json.dumps({"MappingKernelManager": {"cull_idle_timeout": 0},
                                 "ServerApp": {"kernel_manager_class":
                                               "jupyter_server.services.kernels.kernelmanager."
                                               "AsyncMappingKernelManager"}}))
    with FakeHub() as hub:
        server = singleuser(image, hub, home, tmp_path / "server.log",
                            {"JUPYTERHUB_DISABLE_USER_CONFIG": "1"})
        try:
            assert_in_force(server.in_force(), limit_mb=None)
        finally:
            server.stop()
