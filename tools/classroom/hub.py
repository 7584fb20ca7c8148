"""A real JupyterHub on 127.0.0.1 for measuring a class: started, driven over REST, stopped.

Test-only settings: DummyAuthenticator and SimpleLocalProcessSpawner (every student's server is
a local process of this user); never use them for a real deployment (see deploy/). Everything
lives in a temporary directory; every process started is stopped by PID in `Hub.stop()`.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "build" / "node"
PROXY = NODE_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
BIN = Path(sys.executable).parent


def missing_tools() -> str | None:
    """Why a hub cannot start here (None when it can)."""
    if not shutil.which("node"):
        return "node is not installed (Node.js runs configurable-http-proxy)"
    if not PROXY.exists():
        if not shutil.which("npm"):
            return "npm is not installed (it installs configurable-http-proxy)"
        return f"configurable-http-proxy is not installed: run `make {PROXY.relative_to(ROOT)}`"
    if not (BIN / "jupyterhub").exists():
        return "jupyterhub is not installed in this environment (requirements.txt pins it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


CONFIG = """
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{tmp}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{tmp}/cookie_secret"
c.JupyterHub.pid_file = "{tmp}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.concurrent_spawn_limit = 0
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{tmp}/proxy.pid"
c.ConfigurableHTTPProxy.should_start = True
# test-only: any name logs in, every server is a process of this user
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{tmp}/home/{{username}}"
c.Spawner.cmd = ["{bin}/jupyterhub-singleuser"]
c.Spawner.args = {args}
c.Spawner.notebook_dir = "{notebooks}"
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.Spawner.environment = {environment}
c.JupyterHub.services = [{{"name": "classroom", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [{{
    "name": "classroom",
    "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users"],
    "services": ["classroom"],
}}]
"""


class Hub:
    """Start with `start()`; always `stop()` (it kills by PID whatever is left)."""

    def __init__(self, log=print):
        self.log = log
        self.tmp = Path(tempfile.mkdtemp(prefix="dlfaq-classroom-"))
        self.port, self.hub_port, self.proxy_api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.url}/hub/api"
        self.token = secrets.token_hex(32)
        self.process: subprocess.Popen | None = None
        self.pids: set[int] = set()
        self.user_tokens: dict[str, str] = {}
        self.version = ""

    # ------------------------------------------------------------------ life cycle
    def start(self, timeout: float = 120) -> None:
        why = missing_tools()
        if why:
            raise RuntimeError(why)
        mpl = self.tmp / "matplotlib"  # one font cache for every student, built once here
        cache = Path(os.environ.get("MPLCONFIGDIR", Path.home() / ".cache" / "matplotlib"))
        if list(cache.glob("fontlist-*.json")):
            shutil.copytree(cache, mpl, dirs_exist_ok=True)
        else:
            warm = ("import shutil, matplotlib, matplotlib.font_manager; shutil.copytree("
                    f"matplotlib.get_cachedir(), {str(mpl)!r}, dirs_exist_ok=True)")
            subprocess.run([sys.executable, "-c", warm], check=True, timeout=300)
        args = ["--allow-root"] if os.getuid() == 0 else []
        # the students' servers use jupyter/'s settings, as every deployment installs them
        # (memory guard, culling, kernels on IPC sockets)
        environment = {"MPLCONFIGDIR": str(mpl), "PYTHONUNBUFFERED": "1",
                       "JUPYTER_CONFIG_PATH": str(ROOT / "jupyter")}
        (self.tmp / "jupyterhub_config.py").write_text(CONFIG.format(
            port=self.port, hub_port=self.hub_port, proxy_api_port=self.proxy_api_port,
            tmp=self.tmp, proxy=PROXY, bin=BIN, args=json.dumps(args),
            notebooks=ROOT / "notebooks", environment=json.dumps(environment),
            token=self.token))
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        env.pop("JUPYTERHUB_API_TOKEN", None)
        self.version = importlib.metadata.version("jupyterhub")
        log = open(self.tmp / "jupyterhub.log", "w")  # noqa: SIM115 (lives with the process)
        self.process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(self.tmp / "jupyterhub_config.py")],
            cwd=self.tmp, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.pids.add(self.process.pid)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyterhub exited: {self.log_tail()}")
            try:
                if requests.get(f"{self.api}/", timeout=2).ok:
                    self.collect_pids()
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"jupyterhub did not answer in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, n: int = 3000) -> str:
        path = self.tmp / "jupyterhub.log"
        return path.read_text(errors="replace")[-n:] if path.exists() else ""

    def collect_pids(self) -> set[int]:
        """Record the hub's process tree (proxy, servers, kernels) so that stop() finds it."""
        if self.process is not None:
            try:
                tree = psutil.Process(self.process.pid).children(recursive=True)
                self.pids.update(p.pid for p in tree)
            except psutil.NoSuchProcess:
                pass
        return set(self.pids)

    def stop(self, grace: float = 15) -> list[int]:
        """Stop the servers, the hub and the proxy; kill by PID what is left. Returns the PIDs
        still alive afterwards (empty when everything stopped)."""
        self.collect_pids()
        if self.process is not None and self.process.poll() is None:
            # cleanup_servers: on SIGTERM the hub stops every server, then the proxy
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        alive = _alive(self.pids)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in alive:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + 5
            while (alive := _alive(self.pids)) and time.monotonic() < deadline:
                time.sleep(0.1)
            if not alive:
                break
        if self.process is not None:
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.tmp, ignore_errors=True)
        return sorted(alive)

    # ------------------------------------------------------------------ REST
    def request(self, method: str, path: str, timeout: float = 30, **kwargs):
        response = requests.request(method, f"{self.api}{path}", timeout=timeout,
                                    headers={"Authorization": f"token {self.token}"}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def create_users(self, names: list[str]) -> None:
        self.request("POST", "/users", json={"usernames": names})
        for name in names:
            token = self.request("POST", f"/users/{name}/tokens",
                                 json={"note": "classroom load", "expires_in": 7200})
            self.user_tokens[name] = token["token"]

    def spawn(self, names: list[str], timeout: float) -> dict[str, float]:
        """Ask for every server at once (a class arriving); seconds until each was ready."""
        start = time.monotonic()
        for name in names:
            self.request("POST", f"/users/{name}/server", timeout=60)
        ready: dict[str, float] = {}
        while len(ready) < len(names) and time.monotonic() - start < timeout:
            for user in self.request("GET", "/users", params={"state": "ready"}):
                if user["name"] in names and user["name"] not in ready:
                    if user.get("servers", {}).get("", {}).get("ready"):
                        ready[user["name"]] = time.monotonic() - start
            self.collect_pids()
            time.sleep(0.25)
        return ready

    def server_process(self, name: str) -> psutil.Process | None:
        """The user's single-user server (a child of the hub whose environment names it)."""
        for child in psutil.Process(self.process.pid).children():
            try:
                if child.environ().get("JUPYTERHUB_USER") == name:
                    return child
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return None


def _alive(pids) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive
