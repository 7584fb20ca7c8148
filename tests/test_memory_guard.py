"""The memory guard's choices (dlfaq.memory_guard), without starting kernels: which limit it
reads, and that it stops idle kernels least recently used first, never a busy one, only as many
as needed. The browser test proves it in a real 1 GB session."""

import datetime
import os
import signal
from types import SimpleNamespace

import pytest

from dlfaq import memory_guard
from dlfaq.memory_guard import MemoryGuardKernelManager


def test_binder_mem_limit_is_read(monkeypatch):
    monkeypatch.setattr(memory_guard, "_own_cgroup_limit", lambda: None)
    monkeypatch.setenv("MEM_LIMIT", str(1024 * 2**20))
    assert memory_guard.session_limit_mb() == 1024
    monkeypatch.setattr(memory_guard, "_own_cgroup_limit", lambda: 512 * 2**20)
    assert memory_guard.session_limit_mb() == 512  # the smaller limit is the real one
    monkeypatch.delenv("MEM_LIMIT")
    monkeypatch.setattr(memory_guard, "_own_cgroup_limit", lambda: None)
    assert memory_guard.session_limit_mb() is None


@pytest.fixture
def guard(monkeypatch):
    """A guard over four fake kernels: a..c idle (a least recently used), d busy; 300 MB each,
    the server 100 MB, limit 1000 MB (margin 64)."""
    now = datetime.datetime.now(datetime.UTC)
    manager = MemoryGuardKernelManager(limit_mb=1000)
    kernels = {kid: SimpleNamespace(execution_state=state, last_activity=now - age,
                                    provisioner=SimpleNamespace(process=SimpleNamespace(pid=pid)))
               for kid, state, age, pid in [
                   ("a", "idle", datetime.timedelta(minutes=9), 101),
                   ("b", "idle", datetime.timedelta(minutes=5), 102),
                   ("c", "idle", datetime.timedelta(minutes=1), 103),
                   ("d", "busy", datetime.timedelta(minutes=20), 104)]}
    monkeypatch.setattr(manager, "_kernels", kernels)
    alive = {os.getpid(): 100.0, 101: 300.0, 102: 300.0, 103: 300.0, 104: 300.0}
    monkeypatch.setattr(memory_guard, "rss_anon_mb", lambda pid: alive.get(pid, 0.0))
    killed = []

    def kill(pid, sig):
        assert sig == signal.SIGKILL
        killed.append(pid)
        alive.pop(pid)

    monkeypatch.setattr(memory_guard.os, "kill", kill)
    manager.killed = killed
    return manager


def test_idle_kernels_are_stopped_least_recently_used_first_never_a_busy_one(guard):
    # 1300 MB in use, 936 allowed (1000 - margin): the two least recently used idle ones go
    assert guard.make_room() == 2
    assert guard.killed == [101, 102]
    # 4000 MB asked for: every idle kernel goes, the busy one stays
    assert guard.make_room(3000) == 1 and guard.killed == [101, 102, 103]


def test_only_as_many_as_needed(guard):
    guard._kernels.pop("c")
    guard._kernels.pop("d")
    # server 100 + a 300 + b 300 = 700 MB; a starting kernel needs 320: one must go
    assert guard.make_room(320) == 1
    assert guard.killed == [101]
    assert guard._kernels["a"].execution_state == "restarting"  # never chosen twice
    assert guard.make_room(0) == 0


def test_a_kernel_idle_for_a_moment_is_left_alone(guard):
    for kid in ("a", "b", "c"):
        guard._kernels[kid].last_activity = datetime.datetime.now(datetime.UTC)
    assert guard.make_room() == 0  # between two cells of a Run All


def test_without_a_limit_nothing_happens(guard, monkeypatch):
    guard.limit_mb = 0
    guard._limit = None
    monkeypatch.setattr(memory_guard, "session_limit_mb", lambda: None)
    assert guard.make_room(10_000) == 0 and guard.killed == []
