"""Servers and a headless Chromium for the browser tests (tests/test_browser.py, test_app.py).

Everything runs on 127.0.0.1 with a random free port, isolated Jupyter config/runtime/settings
dirs under a temp dir, and is stopped by PID (the server, then any kernel it left behind)
whatever happens. Chromium is Debian's (`/usr/bin/chromium`; `.ci/run` installs it); Playwright's
own browser download is not used. Without Chromium the tests skip, except in CI (`CI=true`),
where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "build" / "browser"
TIMINGS = ROOT / "build" / "browser.json"

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def chromium_path() -> str | None:
    """The Chromium to drive: $DLFAQ_CHROMIUM, else chromium/chromium-browser on PATH."""
    candidates = [os.environ.get("DLFAQ_CHROMIUM"), shutil.which("chromium"),
                  shutil.which("chromium-browser"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def require_browser() -> str:
    """Return Chromium's path, or skip (fail in CI) saying how to get one."""
    why = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        why = "the playwright Python package is not installed (pip install -r requirements.txt)"
    path = chromium_path()
    if why is None and path is None:
        why = ("no Chromium found (looked for $DLFAQ_CHROMIUM, chromium, chromium-browser); "
               "install it, e.g. `sudo apt-get install chromium`, to run the browser tests")
    if why:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {why}", pytrace=False)
        pytest.skip(why)
    return path


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


# --- a memory limit for the server and its kernels ---------------------------------------------

CGROUP_ROOT = Path("/sys/fs/cgroup")


class MemoryCgroup:
    """A memory cgroup (v2 where that is mounted, else v1's memory controller) that a server is
    started in; its kernels inherit it. Needs root. `why_not()` says why one cannot be made."""

    def __init__(self, limit_mb: int):
        self.limit_mb = limit_mb
        self.path = None
        self.v2 = (CGROUP_ROOT / "cgroup.controllers").exists()

    @staticmethod
    def why_not() -> str | None:
        if not sys.platform.startswith("linux"):
            return f"memory cgroups are Linux only (this is {sys.platform})"
        if os.geteuid() != 0:
            return "setting a memory cgroup needs root (CI runs as root)"
        v2 = (CGROUP_ROOT / "cgroup.controllers").exists()
        parent = CGROUP_ROOT if v2 else CGROUP_ROOT / "memory"
        if v2 and "memory" not in (CGROUP_ROOT / "cgroup.controllers").read_text().split():
            return "cgroup v2 is mounted without its memory controller"
        if not v2 and not (parent / "memory.limit_in_bytes").exists():
            return f"no cgroup v1 memory controller at {parent}"
        if not os.access(parent, os.W_OK):
            return f"{parent} is not writable (a container without cgroup access?)"
        return None

    def __enter__(self):
        parent = CGROUP_ROOT if self.v2 else CGROUP_ROOT / "memory"
        self.path = parent / f"dlfaq-test-{os.getpid()}-{secrets.token_hex(3)}"
        self.path.mkdir()
        limit = str(self.limit_mb * 1024 * 1024)
        if self.v2:
            (self.path / "memory.max").write_text(limit)
            with contextlib.suppress(OSError):  # as on Binder: no swap to hide an overrun
                (self.path / "memory.swap.max").write_text("0")
        else:
            (self.path / "memory.limit_in_bytes").write_text(limit)
            with contextlib.suppress(OSError):
                (self.path / "memory.memsw.limit_in_bytes").write_text(limit)
        return self

    def add_self(self):
        """Move the calling process into the cgroup (a Popen preexec_fn: the server, before it
        execs; its kernels inherit the cgroup)."""
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def _read(self, name: str) -> str:
        try:
            return (self.path / name).read_text()
        except OSError:
            return ""

    def oom_kills(self) -> int:
        """Processes the kernel's OOM killer killed in this cgroup (-1 where not reported)."""
        for line in self._read("memory.events" if self.v2 else "memory.oom_control").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return -1

    def peak_mb(self) -> float | None:
        text = self._read("memory.peak" if self.v2 else "memory.max_usage_in_bytes").strip()
        return round(int(text) / 2**20, 1) if text.isdigit() else None

    def procs(self) -> list[int]:
        return [int(p) for p in self._read("cgroup.procs").split()]

    def __exit__(self, *exc):
        if self.path is None:
            return
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                self.path.rmdir()
                return
            except OSError:  # processes still leaving
                time.sleep(0.3)


class JupyterLab:
    """A JupyterLab server on copies of some notebooks; use as a context manager.

    With memory_limit_mb, the server and its kernels run inside a memory cgroup of that size
    where one can be made (`self.cgroup`; else `self.no_cgroup` says why)."""

    def __init__(self, notebooks, clear_outputs: bool = True, memory_limit_mb: int | None = None):
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
        results = ROOT / "notebooks" / "results"  # saved runs some notebooks read
        if results.is_dir():
            shutil.copytree(results, self.root / "results")
        env = isolated_env(base)
        # The project's own server and Lab settings (jupyter/), as `make lab` and Binder use.
        env["JUPYTER_CONFIG_PATH"] = str(ROOT / "jupyter")
        write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
        self.log = base / "server.log"
        preexec = None
        if self.memory_limit_mb:
            self.no_cgroup = MemoryCgroup.why_not()
            if self.no_cgroup is None:
                self.cgroup = MemoryCgroup(self.memory_limit_mb).__enter__()
                preexec = self.cgroup.add_self
        cmd = [str(BIN / "jupyter"), "lab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--LabApp.news_url=",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
               f"--LabApp.app_settings_dir={ROOT / 'jupyter' / 'lab-settings'}",
               "--LabApp.expose_app_in_browser=True"]
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
    """`voila NOTEBOOK --Voila.ip=127.0.0.1 --no-browser` on a random port (as `make app`)."""

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
               f"--port={self.port}"]
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


@contextlib.contextmanager
def chromium(viewport=(1280, 900)):
    """A Playwright browser context on Debian's Chromium, closed whatever happens."""
    from playwright.sync_api import sync_playwright

    path = require_browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            context.set_default_timeout(30_000)
            yield context
        finally:
            browser.close()


# --- reading an ipympl figure from the page ---------------------------------------------------

#: The main canvas of each ipympl figure (the second canvas in the div is the rubber band).
FIGURE_CANVAS = ".jupyter-matplotlib-canvas-div canvas:first-child"

PAGE_HELPERS = """
() => {
  if (window.__dlfaq) return;
  const state = {keydown: 0};
  document.addEventListener('keydown', () => { state.keydown = performance.now(); }, true);
  document.addEventListener('change', () => { state.keydown = performance.now(); }, true);
  state.pixels = (canvas) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return {hash: 0, ink: 0};
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261, ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      h = Math.imul(h ^ d[i] ^ (d[i + 1] << 8) ^ (d[i + 2] << 16), 16777619);
      if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) ink++;
    }
    return {hash: h >>> 0, ink: ink / (d.length / 4)};
  };
  state.snaps = {};
  state.snap = (canvas, name) => {
    state.snaps[name] = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  };
  state.differing = (canvas, name) => {  // fraction of pixels that differ from a snapshot
    const a = state.snaps[name].data;
    const b = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    if (a.length !== b.length) return 1;
    let n = 0;
    for (let i = 0; i < a.length; i += 4)
      if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
    return n / (a.length / 4);
  };
  window.__dlfaq = state;
}
"""


def install_helpers(page):
    page.evaluate(PAGE_HELPERS)


def pixels(canvas) -> dict:
    """{'hash': ..., 'ink': fraction of non-white pixels} of a canvas element handle."""
    return canvas.evaluate("c => window.__dlfaq.pixels(c)")


def wait_for_ink(canvas, timeout_ms: float = 30_000, min_ink: float = 0.02):
    """Wait until the figure has been drawn (a resize can wipe the first frame)."""
    canvas.wait_for_element_state("visible", timeout=timeout_ms)
    canvas.evaluate_handle(
        """(c, [min, timeout]) => new Promise((resolve, reject) => {
             const t0 = performance.now();
             const poll = () => {
               if (window.__dlfaq.pixels(c).ink >= min) return resolve(true);
               if (performance.now() - t0 > timeout)
                 return reject(new Error('the figure stays blank'));
               requestAnimationFrame(poll);
             };
             poll();
           })""", [min_ink, timeout_ms])


def wait_for_change(canvas, old_hash: int, timeout_ms: float = 15_000) -> float | None:
    """Wait for the canvas pixels to differ from old_hash; return ms since the last keydown
    (or change event), checked every animation frame; None on timeout."""
    return canvas.evaluate(
        """(c, args) => new Promise((resolve) => {
             const [old, timeout] = args, t0 = performance.now();
             const poll = () => {
               const now = performance.now();
               if (window.__dlfaq.pixels(c).hash !== old)
                 return resolve(now - window.__dlfaq.keydown);
               if (now - t0 > timeout) return resolve(null);
               requestAnimationFrame(poll);
             };
             poll();
           })""", [old_hash, timeout_ms])


def wait_until_settled(canvas, quiet_ms: float = 150, timeout_ms: float = 10_000) -> int:
    """Wait until the canvas stops changing for quiet_ms; return its final hash."""
    return canvas.evaluate(
        """(c, args) => new Promise((resolve) => {
             const [quiet, timeout] = args, t0 = performance.now();
             let last = window.__dlfaq.pixels(c).hash, since = t0;
             const poll = () => {
               const now = performance.now(), h = window.__dlfaq.pixels(c).hash;
               if (h !== last) { last = h; since = now; }
               if (now - since >= quiet || now - t0 > timeout) return resolve(last);
               setTimeout(poll, 25);
             };
             poll();
           })""", [quiet_ms, timeout_ms])


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


def record_session(key: str, entry: dict):
    """build/browser.json "sessions": what a whole learner's session used, per memory limit."""
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    try:
        current = json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        current = {}
    current.setdefault("sessions", {})[key] = entry
    TIMINGS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


def record_timings(entries: dict):
    """Merge {"<notebook>:<explorer>": {...}} into build/browser.json (read by `make bench`)."""
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    try:
        current = json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        current = {}
    explorers = current.setdefault("explorers", {})
    explorers.update(entries)
    # forget notebooks that no longer exist (renamed, or a test's throwaway copy)
    stems = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} | {"app"}
    for key in [k for k in explorers if k.split(":")[0] not in stems]:
        del explorers[key]
    current["note"] = ("browser_ms: keydown on a control to changed pixels in the figure's "
                       "canvas (checked every animation frame), headless Chromium, "
                       "median over samples; measured by tests/test_browser.py and test_app.py")
    TIMINGS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


# --- exercising the explorers of a page ---------------------------------------------------------

#: Controls a reader can change, sliders first (the one timed is the first that redraws).
CONTROL_KINDS = (".widget-slider .noUi-handle", ".widget-dropdown select",
                 ".widget-toggle-buttons button, .widget-toggle-button",
                 ".widget-checkbox input")
CONTROLS = ", ".join(CONTROL_KINDS)


def _nudge(control, backwards: bool = False) -> str:
    """Change one control the way a reader would; return what was done."""
    kind = control.evaluate("e => e.tagName.toLowerCase() + ':' + (e.className || '')")
    if "noUi-handle" in kind:
        before = control.get_attribute("aria-valuenow")
        control.press("ArrowLeft" if backwards else "ArrowRight")
        if control.get_attribute("aria-valuenow") == before:  # at the end of its range
            control.press("ArrowRight" if backwards else "ArrowLeft")
        return f"slider {before} -> {control.get_attribute('aria-valuenow')}"
    if kind.startswith("select"):
        options = control.evaluate("e => [...e.options].map(o => o.value)")
        current = control.input_value()
        target = options[(options.index(current) + (-1 if backwards else 1)) % len(options)]
        control.select_option(target)
        return f"dropdown {current} -> {target}"
    control.click()
    return f"clicked {kind}"


def raise_if(condition: bool, message: str):
    if condition:
        raise AssertionError(message)


def _values(controls) -> list:
    return controls.evaluate_all(
        "els => els.map(e => e.getAttribute('aria-valuenow') ?? e.value ?? e.checked"
        " ?? e.className)")


def exercise_explorer(output, key: str, shots: Path, samples: int = 10, warmup: int = 1) -> dict:
    """Check that the controls of one explorer output change its figure(s); time one control.

    output: the locator of the output area holding the explorer (controls + ipympl canvas).
    Saves <shots>/<key>-before.png and -after.png. Returns the timing entry for browser.json.
    """
    canvases = [output.locator(FIGURE_CANVAS).nth(i)
                for i in range(output.locator(FIGURE_CANVAS).count())]
    handles = [c.element_handle() for c in canvases]
    for handle in handles:
        wait_for_ink(handle)
    controls = output.locator(CONTROLS)
    ordered = [output.locator(kind).nth(i) for kind in CONTROL_KINDS
               for i in range(output.locator(kind).count())]
    n_controls = len(ordered)
    assert n_controls, f"{key}: an interactive figure without any control"
    safe = key.replace(":", "-").replace("/", "-")
    shots.mkdir(parents=True, exist_ok=True)
    output.screenshot(path=str(shots / f"{safe}-before.png"))

    # Time the first control that changes the first figure, moving it back and forth around its
    # default so the explorer stays at its default settings.
    timing = None
    unchanged = set(range(len(handles)))
    start_values = _values(controls)
    for index in range(n_controls):
        control = ordered[index]
        hashes = [wait_until_settled(h) for h in handles]
        did = _nudge(control)
        first = wait_for_change(handles[0], hashes[0], timeout_ms=15_000)
        settled = [wait_until_settled(h) for h in handles]
        unchanged -= {i for i, h in enumerate(settled) if h != hashes[i]}
        if first is not None and timing is None:
            times = []
            warmup += (warmup + samples) % 2 == 0  # an odd count ends back at the default
            for sample in range(warmup + samples):
                before = wait_until_settled(handles[0])
                _nudge(control, backwards=sample % 2 == 0)
                ms = wait_for_change(handles[0], before)
                assert ms is not None, f"{key}: figure stopped updating after {did}"
                if sample >= warmup:
                    times.append(ms)
                if sample == 0:  # back at the start, drawn the way every update draws
                    wait_until_settled(handles[0])
                    handles[0].evaluate("c => window.__dlfaq.snap(c, 'start')")
            wait_until_settled(handles[0])
            if _values(controls) == start_values:
                # Back at the same settings, the same pixels: no update was lost on the way.
                differing = handles[0].evaluate("c => window.__dlfaq.differing(c, 'start')")
                if differing > 0.001:
                    output.screenshot(path=str(shots / f"{safe}-after.png"))
                raise_if(differing > 0.001,
                         f"{key}: back at its starting settings, {differing:.1%} of the figure's "
                         "pixels differ from how it started (a lost frame left stale pixels?); "
                         f"compare {safe}-before.png and -after.png")
            times.sort()
            timing = {"browser_ms_median": round(times[len(times) // 2], 1),
                      "browser_ms_min": round(times[0], 1),
                      "browser_ms_max": round(times[-1], 1),
                      "samples": len(times), "control": did}
        if not unchanged and timing is not None:
            break
    output.screenshot(path=str(shots / f"{safe}-after.png"))
    assert timing is not None, f"{key}: no control changed the figure's pixels"
    assert not unchanged, f"{key}: figure(s) {sorted(unchanged)} never changed with any control"
    return timing


def widget_problems(page, root: str = "body") -> list[str]:
    """Texts a reader would see instead of a widget (under the CSS selector root)."""
    return page.evaluate("""(root) => {
        const bad = [];
        const scope = document.querySelector(root) || document.body;
        for (const el of scope.querySelectorAll('.jp-OutputArea-output, .jp-RenderedText')) {
          const t = el.innerText || '';
          if (t.includes('Error displaying widget')) bad.push(t.slice(0, 300));
          if (t.includes('Loading widget')) bad.push(t.slice(0, 300));
        }
        // ipywidgets 8 draws a widget whose view failed as a broken-image icon
        for (const el of scope.querySelectorAll('.jupyter-widgets-error-widget'))
          bad.push('broken widget: ' + (el.innerText || '').slice(0, 300));
        return bad;
    }""", root)
