"""A Jupyter kernel manager that keeps a learner's session inside its memory limit.

Learners open the notebooks one after another and close none: each keeps a kernel (about
150 MB for notebook 01, 300-360 MB for those that train torch models). On Binder (1-2 GB per
session) the kernels outgrow the limit; near it, Linux first evicts the code pages every process
needs (the whole session freezes), then kills a process, often the one running.

This manager watches the memory of the server and its kernels (anonymous RSS, the part no
eviction can free) against the session's limit (its cgroup, or Binder's ``MEM_LIMIT``). When a
new kernel starts or the total comes within ``margin_mb`` of the limit, it restarts the *idle*
kernel used least recently, never a busy one, which frees its memory (an empty kernel keeps
about 35 MB). It then leaves a note in the emptied kernel (an IPython ``pre_run_cell`` hook,
installed by a silent execution): the first cell the learner runs when they come back to that
notebook prints, in the learner's words, what happened, that their code is intact, and to run
the notebook again from the top. The server log says why. Without a known limit (a laptop) it
does nothing.

Enabled in jupyter/jupyter_server_config.json (``ServerApp.kernel_manager_class``).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.session import Session
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.ioloop import PeriodicCallback
from traitlets import Float, Int

__all__ = ["CGROUP", "MAX_SOCKET_PATH", "MemoryGuardKernelManager", "UNLIMITED", "rss_anon_mb",
           "session_limit_mb", "told_code", "told_message"]

CGROUP = Path("/sys/fs/cgroup")
UNLIMITED = 1 << 60
MAX_SOCKET_PATH = 100  # bytes; Linux allows 107, macOS 103


def rss_anon_mb(pid: int) -> float:
    """A process's anonymous resident memory in MB (0 if it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _own_cgroup_limit() -> int | None:
    """The memory limit (bytes) of this process's cgroup, v2 or v1; None if none applies."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    candidates = []
    for line in lines:
        _, controllers, path = line.split(":", 2)
        path = path.lstrip("/")
        if controllers == "":  # v2
            candidates += [CGROUP / path / "memory.max", CGROUP / "memory.max"]
        elif "memory" in controllers.split(","):  # v1
            candidates += [CGROUP / "memory" / path / "memory.limit_in_bytes",
                           CGROUP / "memory" / "memory.limit_in_bytes"]
    for file in candidates:
        try:
            text = file.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and int(text) < UNLIMITED:
            return int(text)
    return None


def session_limit_mb() -> float | None:
    """The session's memory limit in MB: its cgroup's, or MEM_LIMIT (bytes, set by Binder)."""
    limits = []
    cgroup = _own_cgroup_limit()
    if cgroup:
        limits.append(cgroup / 2**20)
    env = os.environ.get("MEM_LIMIT", "")
    if env.isdigit() and int(env) > 0:
        limits.append(int(env) / 2**20)
    return min(limits) if limits else None


def told_message(stopped_at: str, limit_mb: float) -> str:
    """What the learner reads in the first output of the notebook whose kernel was stopped."""
    return (
        f"This notebook was stopped at {stopped_at} to free memory. All your open notebooks "
        f"share {limit_mb:,.0f} MB, and together they needed more, so the one you had not "
        "used for the longest, this one, was stopped.\n"
        "Your code and your outputs are still here; what running them had made (variables, "
        "trained models, data) is gone.\n"
        "To carry on: run this notebook again from the top (menu Run > Run All Cells), then "
        "continue where you were. Closing the tabs of notebooks you have finished with frees "
        "their memory.")


def told_code(message: str) -> str:
    """Code that, run silently in a kernel, makes the next cell run there print message first
    (once; IPython's pre_run_cell event), and leaves nothing in the learner's namespace."""
    return (
        "def _dlfaq_leave_note():\n"
        "    import sys\n"
        "    shell = get_ipython()\n"
        "    def tell(*args):\n"
        "        shell.events.unregister('pre_run_cell', tell)\n"
        f"        print({message!r}, file=sys.stderr)\n"
        "    shell.events.register('pre_run_cell', tell)\n"
        "_dlfaq_leave_note()\n"
        "del _dlfaq_leave_note\n")


class MemoryGuardKernelManager(AsyncMappingKernelManager):
    """Stops the least recently used idle kernel when the session nears its memory limit."""

    limit_mb = Float(0, config=True,
                     help="Memory limit of the session in MB; 0: its cgroup's or MEM_LIMIT.")
    margin_mb = Float(128, config=True,
                      help="Act when the server and kernels come within this of the limit "
                           "(the limit also counts what the guard does not see: page cache, "
                           "the kernel's own memory; 64 MB let the OOM killer strike once in "
                           "an 8-notebook session at 2 GB).")
    start_reserve_mb = Float(480, config=True,
                             help="Room a starting kernel is given: the largest peak of a "
                                  "notebook's kernel while it runs (475 MB, notebook 07, "
                                  "`make bench`); it keeps 140-320 MB once run.")
    check_interval_s = Float(0.5, config=True, help="Seconds between two memory checks.")
    min_idle_s = Int(5, config=True,
                     help="A kernel idle for less than this is never stopped (it may be "
                          "between two cells of a Run All).")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._guard = None
        self._limit = None
        self._checking = None
        self._emptied: set[str] = set()  # restarted by the guard, not used since
        self._short_connection_dir()

    def _short_connection_dir(self):
        """Kernels on IPC sockets (jupyter/: ``KernelManager.transport = "ipc"``, so that kernels
        started at once by a class never race for TCP ports) get socket files named after their
        connection file, ``<connection_dir>/kernel-<uuid>-ipc-<n>``. A Unix socket's path holds
        at most 103-107 bytes, which a hub's runtime folder under a long home can pass: then the
        connection files and sockets go to a private folder of /tmp instead."""
        if sys.platform == "win32" or not Path("/tmp").is_dir():
            return
        transport = self.kernel_manager_factory(parent=self, log=self.log).transport
        longest = Path(self.connection_dir or ".", f"kernel-{'0' * 36}-ipc-99")
        if transport == "ipc" and len(str(longest.absolute())) > MAX_SOCKET_PATH:
            short = tempfile.mkdtemp(prefix="jk-", dir="/tmp")  # mode 0700
            self.log.info("Kernel sockets in %s (%s is too long for a socket path)", short,
                          self.connection_dir)
            self.connection_dir = short

    def guard_status(self) -> dict:
        """The limit this guard keeps to (None: no limit known, it does nothing) and its margins:
        what the settings-in-force extension reports."""
        return {"limit_mb": self._active_limit(), "margin_mb": self.margin_mb,
                "start_reserve_mb": self.start_reserve_mb}

    def _active_limit(self) -> float | None:
        if self._limit is None:
            self._limit = self.limit_mb or session_limit_mb() or 0.0
        return self._limit or None if sys.platform.startswith("linux") else None

    def _pid(self, kernel_id: str) -> int | None:
        kernel = self._kernels.get(kernel_id)
        process = getattr(getattr(kernel, "provisioner", None), "process", None)
        return getattr(process, "pid", None)

    def used_mb(self) -> float:
        """Anonymous memory of the server and of every kernel, MB."""
        pids = [os.getpid()] + [p for p in map(self._pid, list(self._kernels)) if p]
        return sum(rss_anon_mb(pid) for pid in pids)

    def _victim(self, exclude=()) -> str | None:
        from jupyter_server._tz import utcnow

        now = utcnow()
        idle = [(kernel.last_activity, kid) for kid, kernel in list(self._kernels.items())
                if kid not in exclude and kid not in self._emptied
                and getattr(kernel, "execution_state", "") == "idle"
                and getattr(kernel, "last_activity", None) is not None
                and (now - kernel.last_activity).total_seconds() >= self.min_idle_s
                and self._pid(kid)]
        return min(idle)[1] if idle else None

    async def make_room(self, needed_mb: float = 0.0, exclude=(), why: str = "check") -> int:
        """Empty idle kernels until used + needed_mb fits under limit - margin; return how many.
        Each is restarted (its memory freed) and left a note for the learner, before this
        returns: a kernel that starts after it has the room."""
        limit = self._active_limit()
        if not limit:
            return 0
        self._emptied = {k for k in self._emptied if k in self._kernels
                         and getattr(self._kernels[k], "execution_state", "") != "busy"}
        chosen, used = [], self.used_mb()
        while used + needed_mb > limit - self.margin_mb:
            victim = self._victim([*exclude, *chosen])
            if victim is None:
                break
            pid = self._pid(victim)
            freed = rss_anon_mb(pid)
            self.log.warning(
                "Memory guard: %.0f MB of the session's %.0f MB in use (%s); stopping the idle "
                "kernel %s (pid %s, %.0f MB): it restarts empty and tells the learner in its "
                "notebook.", used, limit, why, victim, pid, freed)
            self._kernels[victim].execution_state = "restarting"  # never picked twice
            chosen.append(victim)
            used -= freed
        stopped_at = time.strftime("%H:%M")
        results = await asyncio.gather(*(self.empty_kernel(k, told_message(stopped_at, limit))
                                         for k in chosen), return_exceptions=True)
        for kernel_id, result in zip(chosen, results, strict=True):
            if isinstance(result, BaseException):
                self.log.error("Memory guard: emptying kernel %s failed: %r", kernel_id, result)
        return len(chosen)

    async def empty_kernel(self, kernel_id: str, message: str) -> None:
        """Restart the kernel (its process and memory go; the notebook keeps its connection),
        then leave the note the learner reads when they next run a cell there."""
        restarted = await self.restart_kernel(kernel_id, now=True)
        if asyncio.isfuture(restarted):  # Jupyter Server: resolved by the new kernel's info
            await asyncio.wait_for(restarted, 60)
        kernel = self.get_kernel(kernel_id)
        # a session of its own: a client's shell socket is named after its session, and the
        # kernel's router sends replies to one socket per name
        own = Session(key=kernel.session.key, signature_scheme=kernel.session.signature_scheme)
        client = kernel.client(session=own)
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive(told_code(message), silent=True,
                                                     store_history=False, timeout=60)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the note was refused: {reply['content']}")
        finally:
            client.stop_channels()
        self._emptied.add(kernel_id)

    def _check(self):
        """The periodic check: one make_room at a time."""
        if self._checking is None or self._checking.done():
            self._checking = asyncio.ensure_future(self.make_room())

    async def _async_start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is None or kernel_id not in self:
            await self.make_room(self.start_reserve_mb, why="a new kernel starts")
        kernel_id = await super()._async_start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        if self._guard is None and self._active_limit():
            self.log.info("Memory guard: keeping kernels within %.0f MB (margin %.0f MB)",
                          self._active_limit(), self.margin_mb)
            self._guard = PeriodicCallback(self._check, 1000 * self.check_interval_s)
            self._guard.start()
        return kernel_id

    start_kernel = _async_start_kernel

    def __del__(self):
        if getattr(self, "_guard", None) is not None:
            self._guard.stop()
