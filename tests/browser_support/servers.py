"""JupyterLab and Voila servers for the browser tests, on 127.0.0.1, stopped by PID.

Each runs on a random free port with a random token and its Jupyter config, runtime and
settings dirs in a temp dir; stopping one stops the server, then any kernel it left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .cgroup import MemoryCgroup

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated_env(base: Path) -> dict:
    """Environment for a Jupyter server whose config, runtime and settings live under base."""
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_DATA_DIR", "data"), ("JUPYTERLAB_SETTINGS_DIR", "settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython")]:
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env.pop("JUPYTER_PATH", None)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    # The kernels are this environment's Python, whatever PATH says.
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def write_lab_settings(settings_dir: Path):
    """Every cell rendered (no windowing). No news or update check either, but from the
    project's jupyter/ settings, as `make lab` and Binder have them: the tests see that."""
    settings = {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    }
    for name, value in settings.items():
        path = settings_dir / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90):
    """Wait until url answers 200 (or the server process dies: then fail with its log)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.3)
    raise TimeoutError(f"port {port} not open within {timeout} s:\n{log.read_text()[-3000:]}")


def stop_process_tree(proc: subprocess.Popen, timeout: float = 15):
    """SIGTERM the server (it shuts its kernels down), then SIGKILL whatever is left, by PID."""
    import psutil

    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    _, alive = psutil.wait_procs(children, timeout=5)
    for child in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    psutil.wait_procs(alive, timeout=5)


class JupyterLab:
    """A JupyterLab server on copies of some notebooks; use as a context manager.

    With memory_limit_mb, the server and its kernels run inside a memory cgroup of that size
    where one can be made (`self.cgroup`; else `self.no_cgroup` says why). By default it uses
    this environment and the project's jupyter/ settings as `make lab` does; with `python` (an
    environment's interpreter) and project_settings=False it runs `python -m jupyterlab` with
    only what that environment's prefix holds (a Binder image's settings), and `env` adds
    variables (Binder's MEM_LIMIT)."""

    def __init__(self, notebooks, clear_outputs: bool = True, memory_limit_mb: int | None = None,
                 python: Path | None = None, project_settings: bool = True,
                 env: dict | None = None):
        self.python, self.project_settings, self.extra_env = python, project_settings, env or {}
        self.notebooks = [Path(p) for p in notebooks]
        self.clear_outputs = clear_outputs
        self.memory_limit_mb = memory_limit_mb
        self.cgroup, self.no_cgroup = None, None
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="dlfaq-lab-")
        base = Path(self._tmp.name)
        self.root = base / "notebooks"
        self.root.mkdir()
        for path in self.notebooks:
            self._copy(path, self.root / path.name)
        env = isolated_env(base)
        if self.project_settings:  # the project's server and Lab settings, as `make lab` has
            env["JUPYTER_CONFIG_PATH"] = str(ROOT / "jupyter")
        env.update(self.extra_env)
        write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
        self.log = base / "server.log"
        preexec = None
        if self.memory_limit_mb:
            self.no_cgroup = MemoryCgroup.why_not()
            if self.no_cgroup is None:
                self.cgroup = MemoryCgroup(self.memory_limit_mb).__enter__()
                preexec = self.cgroup.add_self
        start = [str(self.python), "-m", "jupyterlab"] if self.python else [
            str(BIN / "jupyter"), "lab"]
        cmd = [*start, "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True"]
        if self.project_settings:
            cmd += ["--LabApp.news_url=",
                    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                    f"--LabApp.app_settings_dir={ROOT / 'jupyter' / 'lab-settings'}"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         preexec_fn=preexec)
        try:
            wait_for_http(f"{self.url}/api/status?token={self.token}", self.proc, self.log)
        except BaseException:
            self.stop()
            raise
        return self

    def _copy(self, src: Path, dst: Path):
        nb = json.loads(src.read_text())
        if self.clear_outputs:
            for cell in nb["cells"]:
                if cell["cell_type"] == "code":
                    cell["outputs"], cell["execution_count"] = [], None
            nb.get("metadata", {}).pop("widgets", None)
        dst.write_text(json.dumps(nb))

    def api(self, method: str, path: str):
        request = urllib.request.Request(f"{self.url}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self):
        """Delete every session (and so its kernel) through the API."""
        with contextlib.suppress(Exception):
            for session in self.api("GET", "/api/sessions"):
                with contextlib.suppress(Exception):
                    self.api("DELETE", f"/api/sessions/{session['id']}")

    def lab_url(self, workspace: str, notebook: str | None = None) -> str:
        """A fresh workspace (nothing restored from an earlier page), optionally one notebook."""
        tree = f"/tree/{notebook}" if notebook else ""
        return f"{self.url}/lab/workspaces/{workspace}{tree}?reset&token={self.token}"

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.shutdown_kernels()
            stop_process_tree(self.proc)
            self.proc = None

    def kernel_deaths(self) -> list[str]:
        """Every sign that a kernel died: the server restarting one (its log), a process the
        OOM killer killed (the cgroup), a kernel not idle-and-alive (/api/kernels)."""
        signs = [line.strip() for line in self.log.read_text(errors="replace").splitlines()
                 if re.search(r"restarting kernel|appears to have died|Kernel died|"
                              r"kernel .* (died|dead)|Memory guard: .* stopping", line,
                              re.IGNORECASE)]
        if self.cgroup is not None and self.cgroup.oom_kills() > 0:
            signs.append(f"the OOM killer killed {self.cgroup.oom_kills()} process(es) "
                         f"in the {self.memory_limit_mb} MB cgroup")
        with contextlib.suppress(Exception):
            for kernel in self.api("GET", "/api/kernels"):
                if kernel.get("execution_state") in ("dead", "restarting", "autorestarting"):
                    signs.append(f"kernel {kernel['id']} is {kernel['execution_state']}")
        return signs

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            if self.cgroup is not None:
                self.cgroup.__exit__()
            self._tmp.cleanup()


class Voila:
    """`voila NOTEBOOK --Voila.ip=127.0.0.1 --no-browser` on a random port (as `make app`), with
    `--show_tracebacks=True`: a failing cell shows its traceback and stderr stays on the page
    (without it Voila replaces both with "There was an error when executing cell [n]")."""

    def __init__(self, notebook):
        self.notebook = Path(notebook)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = None

    def __enter__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="dlfaq-voila-")
        base = Path(self._tmp.name)
        env = isolated_env(base)
        self.log = base / "voila.log"
        cmd = [str(BIN / "voila"), str(self.notebook), "--Voila.ip=127.0.0.1", "--no-browser",
               f"--port={self.port}", "--show_tracebacks=True"]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            # Voila 0.5 answers HEAD with 405 and a GET executes the notebook: wait for the port.
            wait_for_port(self.port, self.proc, self.log)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        if self.proc is not None:
            stop_process_tree(self.proc)
            self.proc = None

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            self._tmp.cleanup()


def kernel_memory_mb(server) -> dict:
    """{notebook path: its kernel's RssAnon in MB} for every session of a JupyterLab server."""
    import psutil

    pids = {}
    for child in psutil.Process(server.proc.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cmdline = " ".join(child.cmdline())
            match = re.search(r"kernel-([0-9a-f-]{36})\.json", cmdline)
            if match:
                pids[match.group(1)] = child.pid
    result = {}
    for session in server.api("GET", "/api/sessions"):
        pid = pids.get((session.get("kernel") or {}).get("id"))
        with contextlib.suppress(OSError, TypeError):
            status = Path(f"/proc/{pid}/status").read_text()
            anon = re.search(r"RssAnon:\s+(\d+)", status)
            result[session["path"]] = round(int(anon.group(1)) / 1024, 1)
    return result
