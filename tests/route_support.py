"""Lay the Jupyter settings out as a launch route does, start the server as it starts it, and ask
the running server what it uses (tests/test_routes.py).

- ``Prefix``: a Python environment prefix standing for an image's or a hub's environment (Binder's
  ``$NB_PYTHON_PREFIX``, TLJH's ``/opt/tljh/user``): a venv whose ``sys.prefix`` is a fresh
  temporary folder, importing this project's packages from .venv (a ``.pth`` file), with the
  Jupyter files an environment has before the project is added (.venv's ``etc/jupyter``: the
  extensions' enable files; ``share/jupyter``: Lab's assets and schemas, linked).
- ``FakeHub``: the three calls a JupyterHub single-user server makes to its hub (version, token
  check, activity), so that ``jupyterhub-singleuser`` starts and authenticates without a hub and
  its proxy (those are tested by `make classroom` and tests/test_classroom.py).
- ``Server``: a Jupyter server process on 127.0.0.1, stopped by PID; ``in_force()`` asks it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from browser_support.servers import free_port, stop_process_tree

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.prefix)
SITE = Path(next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix)))
PLUGINS = {"tracker": "@jupyterlab/notebook-extension:tracker",
           "notification": "@jupyterlab/apputils-extension:notification"}


class Prefix:
    """A fresh environment prefix at `path` (see the module docstring)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(self.path)],
                       check=True, timeout=60)
        site = self.path / "lib" / SITE.parent.name / "site-packages"
        (site / "dlfaq_test_venv.pth").write_text(f"import site; site.addsitedir({str(SITE)!r})\n")
        # the extensions' enable files only: never a settings file this project's install left
        shutil.copytree(VENV / "etc" / "jupyter", self.path / "etc" / "jupyter",
                        ignore=lambda folder, names: [n for n in names if n.endswith(
                            (".json", ".py")) and Path(folder).name == "jupyter"])
        share = self.path / "share" / "jupyter"
        (share / "lab").mkdir(parents=True)
        for part in ("static", "schemas", "themes"):
            (share / "lab" / part).symlink_to(VENV / "share" / "jupyter" / "lab" / part)
        for part in ("labextensions", "nbconvert"):
            (share / part).symlink_to(VENV / "share" / "jupyter" / part)
        self.python = self.path / "bin" / "python"

    def run(self, command: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 120):
        """A shell command with this prefix's python first on PATH (as in repo2docker's build,
        where `python` is $NB_PYTHON_PREFIX/bin/python)."""
        environ = {**os.environ, "PATH": f"{self.path / 'bin'}{os.pathsep}{os.environ['PATH']}",
                   "PIP_DISABLE_PIP_VERSION_CHECK": "1", **(env or {})}
        environ.pop("VIRTUAL_ENV", None)
        result = subprocess.run(["bash", "-c", command], cwd=cwd, env=environ, timeout=timeout,
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        return result.stdout


class _HubAPI(BaseHTTPRequestHandler):
    hub = None  # set per server class

    def log_message(self, *args):
        pass

    def _reply(self, status: int, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-JupyterHub-Version", self.hub.version)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0].rstrip("/")
        if path == "/hub/api":
            return self._reply(200, {"version": self.hub.version})
        if path == "/hub/api/user":
            token = self.headers.get("Authorization", "").removeprefix("token ")
            if token != self.hub.user_token:
                return self._reply(403, {"status": 403, "message": "not a token of this hub"})
            return self._reply(200, {"kind": "user", "name": self.hub.user, "admin": False,
                                     "groups": [], "scopes": self.hub.scopes})
        return self._reply(404, {"status": 404})

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith(f"/hub/api/users/{self.hub.user}/activity"):
            return self._reply(200, {})
        return self._reply(404, {"status": 404})


class FakeHub:
    """The hub's API as a single-user server sees it; use as a context manager."""

    def __init__(self, user: str = "student"):
        import jupyterhub

        self.version, self.user = jupyterhub.__version__, user
        self.server_token, self.user_token = secrets.token_hex(16), secrets.token_hex(16)
        self.scopes = [f"access:servers!server={user}/", f"access:servers!user={user}"]
        handler = type("Handler", (_HubAPI,), {"hub": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def singleuser_env(self, port: int) -> dict:
        """What a spawner gives jupyterhub-singleuser (JupyterHub's Spawner.get_env)."""
        prefix = f"/user/{self.user}/"
        return {
            "JUPYTERHUB_API_TOKEN": self.server_token, "JPY_API_TOKEN": self.server_token,
            "JUPYTERHUB_API_URL": f"{self.url}/hub/api", "JUPYTERHUB_BASE_URL": "/",
            "JUPYTERHUB_CLIENT_ID": f"jupyterhub-user-{self.user}", "JUPYTERHUB_USER": self.user,
            "JUPYTERHUB_SERVER_NAME": "", "JUPYTERHUB_SERVICE_PREFIX": prefix,
            "JUPYTERHUB_SERVICE_URL": f"http://127.0.0.1:{port}{prefix}",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{prefix}oauth_callback",
            "JUPYTERHUB_OAUTH_ACCESS_SCOPES": json.dumps(self.scopes),
            "JUPYTERHUB_OAUTH_SCOPES": json.dumps(self.scopes),
            "JUPYTERHUB_ACTIVITY_URL": f"{self.url}/hub/api/users/{self.user}/activity",
            "JUPYTERHUB_HOST": "", "JUPYTERHUB_DEFAULT_URL": "/lab",
        }


def clean_env(home: Path) -> dict:
    """The environment of a server on a fresh machine: a new home, no Jupyter variables."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "JPY_", "IPYTHON", "VIRTUAL_ENV"))}
    home.mkdir(parents=True, exist_ok=True)
    env.update(HOME=str(home), PYDEVD_DISABLE_FILE_VALIDATION="1")
    return env


class Server:
    """A Jupyter server started with `command` and `env`, answering at `url` with `token`."""

    def __init__(self, command: list[str], env: dict, cwd: Path, url: str, token: str,
                 log: Path):
        if os.geteuid() == 0 and command[0] != "bash":  # a hub's user is never root
            command = [*command, "--ServerApp.allow_root=True"]
        self.url, self.token, self.log = url.rstrip("/") + "/", token, log
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            self._wait(timeout=60)
        except BaseException:
            self.stop()
            raise

    def _wait(self, timeout: float):
        """Until the server answers an authenticated API call (its hub's token check included)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n"
                                   f"{self.log.read_text()[-3000:]}")
            try:
                self.api("GET", "api/status")
                return
            except (OSError, ValueError):
                time.sleep(0.2)
        raise TimeoutError(f"{self.url} did not answer in {timeout} s:\n"
                           f"{self.log.read_text()[-3000:]}")

    def api(self, method: str, path: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, data=data,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
        return json.loads(text) if text else None

    def in_force(self) -> dict:
        """Ask the running server: its settings-in-force report with one kernel running (the
        kernel's transport), and the defaults Lab serves for the plugins jupyter/ sets."""
        kernel = self.api("POST", "api/kernels", {"name": "python3"})
        try:
            report = self.api("GET", "dlfaq/settings-in-force")
            report["kernel_info"] = self.kernel_info(kernel["id"])
        finally:
            self.api("DELETE", f"api/kernels/{kernel['id']}")
        report["lab_defaults"] = {}
        for short, plugin in PLUGINS.items():
            schema = self.api("GET", f"lab/api/settings/{plugin}")["schema"]
            report["lab_defaults"][short] = {key: spec.get("default") for key, spec
                                             in schema["properties"].items()}
        return report

    def kernel_info(self, kernel_id: str, timeout: float = 60) -> dict:
        """The kernel's answer to kernel_info_request through the server's websocket: proof
        that it started and talks to the server over its transport."""
        from websockets.sync.client import connect

        url = self.url.replace("http://", "ws://", 1) + f"api/kernels/{kernel_id}/channels"
        msg_id = secrets.token_hex(8)
        request = {"header": {"msg_id": msg_id, "msg_type": "kernel_info_request",
                              "username": "test", "session": secrets.token_hex(8),
                              "version": "5.3"},
                   "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}
        deadline = time.monotonic() + timeout
        with connect(url, additional_headers={"Authorization": f"token {self.token}"},
                     open_timeout=timeout) as ws:
            ws.send(json.dumps(request))
            while True:
                frame = ws.recv(timeout=max(0.1, deadline - time.monotonic()))
                if isinstance(frame, str):
                    msg = json.loads(frame)
                    if (msg["header"]["msg_type"] == "kernel_info_reply"
                            and msg["parent_header"].get("msg_id") == msg_id):
                        return msg["content"]

    def stop(self):
        if self.proc is not None:
            stop_process_tree(self.proc)
            self.proc = None


def singleuser(prefix: Prefix, hub: FakeHub, home: Path, log: Path, extra_env=None) -> Server:
    """`jupyterhub-singleuser` of the prefix, as a spawner starts it (every hub route)."""
    port = free_port()
    env = {**clean_env(home), **hub.singleuser_env(port), **(extra_env or {})}
    command = [str(prefix.python), "-m", "jupyterhub.singleuser"]
    return Server(command, env, home, f"http://127.0.0.1:{port}/user/{hub.user}/",
                  hub.user_token, log)
