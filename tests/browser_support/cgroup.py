"""A memory limit for a Jupyter server and its kernels (Linux memory cgroups, root only)."""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
import time
from pathlib import Path

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
