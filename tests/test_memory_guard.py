"""The memory guard (dlfaq_server.memory_guard): its choices without starting kernels (which limit
it
reads; idle kernels least recently used first, never a busy one, only as many as needed), then
on real kernels: one is emptied, and the learner's next cell there says what happened; and what
it relies on in Jupyter Server and jupyter_client that is not public API, so that an upgrade
that moves it fails here. The browser tests prove it in a real 1 GB session."""

import asyncio
import datetime
import os
from types import SimpleNamespace

import pytest

from dlfaq_server import memory_guard
from dlfaq_server.memory_guard import MemoryGuardKernelManager


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
    the server 100 MB, limit 1000 MB (margin 128)."""
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

    async def empty_kernel(kernel_id, message):
        pid = kernels[kernel_id].provisioner.process.pid
        killed.append(pid)
        alive.pop(pid)
        assert "run this notebook again from the top" in message

    monkeypatch.setattr(manager, "empty_kernel", empty_kernel)
    manager.killed = killed
    return manager


def make_room(guard, *args):
    return asyncio.run(guard.make_room(*args))


def test_idle_kernels_are_stopped_least_recently_used_first_never_a_busy_one(guard):
    # 1300 MB in use, 872 allowed (1000 - margin): the two least recently used idle ones go
    assert make_room(guard) == 2
    assert guard.killed == [101, 102]
    # 4000 MB asked for: every idle kernel goes, the busy one stays
    assert make_room(guard, 3000) == 1 and guard.killed == [101, 102, 103]


def test_only_as_many_as_needed(guard):
    guard._kernels.pop("c")
    guard._kernels.pop("d")
    # server 100 + a 300 + b 300 = 700 MB; a starting kernel needs 320: one must go
    assert make_room(guard, 320) == 1
    assert guard.killed == [101]
    assert guard._kernels["a"].execution_state == "restarting"  # never chosen twice
    assert make_room(guard, 0) == 0


def test_a_kernel_idle_for_a_moment_is_left_alone(guard):
    for kid in ("a", "b", "c"):
        guard._kernels[kid].last_activity = datetime.datetime.now(datetime.UTC)
    assert make_room(guard) == 0  # between two cells of a Run All


def test_without_a_limit_nothing_happens(guard, monkeypatch):
    guard.limit_mb = 0
    guard._limit = None
    monkeypatch.setattr(memory_guard, "session_limit_mb", lambda: None)
    assert make_room(guard, 10_000) == 0 and guard.killed == []


# --- real kernels -----------------------------------------------------------------------------

def _run_on_real_kernels(tmp_path, body):
    """A guard with kernels on IPC sockets (jupyter/'s transport), as in a server; body(km)."""
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport = "ipc"

    async def main():
        km = MemoryGuardKernelManager(config=config, limit_mb=100_000, min_idle_s=0,
                                      connection_dir=str(tmp_path))
        try:
            return await body(km)
        finally:
            await km.shutdown_all(now=True)

    return asyncio.run(asyncio.wait_for(main(), 120))


async def _idle(km, kernel_id, client=None, timeout=30):
    """Until the server's activity watcher has seen the kernel idle; with a client, ask the
    kernel for kernel_info each second (a reply the watcher was not yet subscribed for is lost,
    as a notebook's first request can be)."""
    loop = asyncio.get_running_loop()
    deadline, asked = loop.time() + timeout, 0.0
    while km.get_kernel(kernel_id).execution_state != "idle":
        assert loop.time() < deadline, "the kernel never went idle"
        if client is not None and loop.time() - asked > 1:
            client.kernel_info()
            asked = loop.time()
        await asyncio.sleep(0.1)


def test_an_emptied_kernel_tells_the_learner_at_their_next_cell_once(tmp_path):
    async def body(km):
        from jupyter_client.session import Session

        kernel_id = await km.start_kernel(kernel_name="python3")
        kernel = km.get_kernel(kernel_id)
        learner = Session(key=kernel.session.key)  # as the notebook's websocket has its own
        client = kernel.client(session=learner)
        client.start_channels()
        await client.wait_for_ready(timeout=60)
        await client.execute_interactive("x = 41", timeout=60)
        await _idle(km, kernel_id, client)
        before = km._pid(kernel_id)
        assert await km.make_room(needed_mb=10**6, why="test") == 1  # more than there is
        assert km._pid(kernel_id) not in (None, before), "a new, empty process"
        assert kernel_id in km._emptied and await km.make_room(needed_mb=10**6) == 0
        runs = []
        for _ in range(2):
            outputs = []
            reply = await client.execute_interactive(
                "x", timeout=60, output_hook=lambda m, out=outputs: out.append(m))
            runs.append((reply["content"], [m["content"].get("text", "") for m in outputs
                                            if m["msg_type"] == "stream"]))
        client.stop_channels()
        return runs

    (first, first_text), (second, second_text) = _run_on_real_kernels(tmp_path, body)
    told = "".join(first_text)
    assert "was stopped at" in told and "to free memory" in told
    assert "Your code and your outputs are still here" in told
    assert "run this notebook again from the top" in told
    assert first["status"] == "error" and first["ename"] == "NameError", "x is gone"
    assert second_text == [], "told once"
    assert "_dlfaq_leave_note" not in told


# --- what the guard relies on that is not Jupyter's public API ---------------------------------

def test_the_private_jupyter_parts_the_guard_relies_on_are_still_there(tmp_path):
    """The guard and the settings-in-force extension read: MultiKernelManager._kernels (the
    kernel managers by id), a kernel manager's provisioner.process.pid, the execution_state and
    last_activity Jupyter Server's activity watcher sets on it, jupyter_server._tz.utcnow,
    MappingKernelManager._culler_callback, and they override _async_start_kernel (the
    coroutine behind start_kernel). A Jupyter Server or jupyter_client release that moves one
    of them fails here, not in a class."""
    from jupyter_server._tz import utcnow
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    assert AsyncMappingKernelManager.start_kernel is AsyncMappingKernelManager._async_start_kernel
    assert hasattr(AsyncMappingKernelManager, "_culler_callback")

    async def body(km):
        kernel_id = await km.start_kernel(kernel_name="python3")
        assert km.start_kernel.__func__ is MemoryGuardKernelManager._async_start_kernel
        assert isinstance(km._kernels, dict) and kernel_id in km._kernels
        kernel = km._kernels[kernel_id]
        pid = kernel.provisioner.process.pid
        from jupyter_client.session import Session

        client = kernel.client(session=Session(key=kernel.session.key))
        client.start_channels()
        await client.wait_for_ready(timeout=60)  # a notebook connects: the kernel goes idle
        await _idle(km, kernel_id, client)
        client.stop_channels()
        assert pid == km._pid(kernel_id) and memory_guard.rss_anon_mb(pid) > 10
        assert isinstance(kernel.last_activity, datetime.datetime)
        assert (utcnow() - kernel.last_activity).total_seconds() >= 0
        assert km._culler_callback is None or hasattr(km._culler_callback, "start")
        assert km._victim() == kernel_id
        return kernel.transport

    assert _run_on_real_kernels(tmp_path, body) == "ipc"
