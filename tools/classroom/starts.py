"""Repeated class starts: a whole class's servers and kernels started in the same seconds, again
and again, on one hub, counting the kernels that do not come up (`make classroom`, the
"class_starts" figures of build/classroom.json).

One start: every student's server is spawned at once, then every student opens a notebook at
once (a kernel started over REST and asked for kernel_info through its websocket, as
JupyterLab does); a kernel that fails to start or to answer within the timeout is lost. Then
the kernels and servers are stopped and the next start begins. Kernels on TCP ports lose
starts: every student's server picks free ports for its kernels at the same time, and on one
machine one kernel in 16 was lost to `ZMQError: Address already in use`. jupyter/'s settings
(which the hub's servers use, tools/classroom/hub.py) put kernels on IPC sockets, and these
starts count what is still lost with them.
"""

from __future__ import annotations

import asyncio
import re
import time

import httpx

from tools.classroom import load
from tools.classroom.hub import Hub

PORT_CLASH = re.compile(r"Address already in use")


async def _open_notebooks(hub: Hub, names: list[str], timeout: float) -> dict[str, str | None]:
    """Every student starts a kernel at once and asks it for kernel_info; {name: error or None}."""
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=4 * len(names) + 8)) as http:
        kernels = {n: load.Kernel(hub.url, n, hub.user_tokens[n]) for n in names}

        async def one(name):
            try:
                await asyncio.wait_for(kernels[name].start(http), timeout)
                await kernels[name].execute("pass", timeout=timeout)
                return None
            except Exception as error:  # noqa: BLE001 - any failure is a lost kernel, reported
                return f"{type(error).__name__}: {error}"

        errors = dict(zip(names, await asyncio.gather(*(one(n) for n in names)), strict=True))
        await asyncio.gather(*(k.shutdown(http) for k in kernels.values()),
                             return_exceptions=True)
    return errors


def _stop_servers(hub: Hub, names: list[str], timeout: float = 120) -> None:
    for name in names:
        hub.request("DELETE", f"/users/{name}/server", timeout=60)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        users = hub.request("GET", "/users")
        if not any(u.get("servers") for u in users if u["name"] in names):
            return
        time.sleep(0.5)
    raise RuntimeError(f"servers still running {timeout:.0f} s after they were stopped")


def class_starts(starts: int, students: int, timeout: float = 300, log=print) -> dict:
    """`starts` class starts of `students` on one fresh hub; always stops what it started.
    Returns {"starts", "students", "kernels_lost", ...} (the first three are what
    build/classroom.json promises; the rest say what was lost and why)."""
    if starts < 1 or students < 1:
        raise ValueError(f"starts and students must be at least 1, got {starts} and {students}")
    hub = Hub(log=log)
    names = [f"start{i + 1:02d}" for i in range(students)]
    out = {"starts": 0, "students": students, "kernels_lost": 0, "servers_lost": 0,
           "port_clashes": 0, "errors": [], "wall_s": 0.0}
    began = time.monotonic()
    try:
        hub.start()
        hub.create_users(names)
        for start in range(starts):
            spawned = hub.spawn(names, timeout=timeout)
            out["servers_lost"] += students - len(spawned)
            ready = [n for n in names if n in spawned]
            errors = asyncio.run(_open_notebooks(hub, ready, timeout))
            lost = {n: e for n, e in errors.items() if e}
            out["kernels_lost"] += len(lost) + students - len(ready)
            out["errors"] += [f"start {start + 1}, {n}: {e}" for n, e in lost.items()]
            out["starts"] += 1
            log(f"  class start {start + 1}/{starts}: {len(ready)} servers, "
                f"{len(ready) - len(lost)} kernels answered, slowest server "
                f"{max(spawned.values(), default=0):.0f} s")
            _stop_servers(hub, ready)
        out["port_clashes"] = len(PORT_CLASH.findall(hub.log_tail(10**8)))
    except Exception as error:  # reported in the figures; the hub is stopped below
        out["errors"].append(f"{type(error).__name__}: {error}")
        log(f"  error: {out['errors'][-1]}\n{hub.log_tail(2000)}")
    finally:
        out["alive"] = hub.stop()
        out["wall_s"] = round(time.monotonic() - began, 1)
    return out
