"""A class's load through the hub's proxy, as JupyterLab makes it: REST to start a kernel, the
kernel's websocket to execute code (Jupyter messaging protocol, JSON frames).

Two phases per student, all students concurrently:
  explorer  run notebook 03's cells up to the gradient explorer, then once a second
            `explorer.set(depth=...)`; each update's round trip (request sent -> reply with the
            result received) in ms; then as many updates again with, half-way between two,
            `pass` executed by the same kernel through the same websocket: the floor, the round
            trip of an execution that costs nothing (proxy, server and kernel under the class's
            load). The floor has its own stretch because its messages add about a quarter to
            what the class's processes spend per second: the updates' own figures come from
            the stretch without it
  run all   every code cell of a notebook in order, stopping at the first error (what Run All
            does), started by every student within the same second; wall seconds per student
Loops are bounded in count and in time; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from pathlib import Path

import httpx
import nbformat
import websockets

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
EXPLORER_NOTEBOOK = "03_vanishing_gradients.ipynb"
EXPLORER_CELL = "explorers.gradient_explorer("
DEPTHS = (2, 5, 10, 20, 15, 8)  # the depth slider, moved by a student


def code_cells(notebook: str) -> list[str]:
    nb = nbformat.read(NOTEBOOKS / notebook, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]


def explorer_cells(quick: bool = False) -> list[str]:
    """Notebook 03's code cells up to and including the one that shows the gradient explorer
    (quick: only the first cell, the imports, and that one)."""
    cells = code_cells(EXPLORER_NOTEBOOK)
    imports = next(i for i, source in enumerate(cells) if "import dlfaq" in source)
    last = next(i for i, source in enumerate(cells) if EXPLORER_CELL in source)
    return [cells[imports], cells[last]] if quick else cells[: last + 1]


class KernelError(RuntimeError):
    pass


class Kernel:
    """One kernel of one student, reached through the hub's proxy with the student's token."""

    def __init__(self, hub_url: str, user: str, token: str):
        self.base = f"{hub_url}/user/{user}"
        self.ws_base = self.base.replace("http://", "ws://", 1)
        self.headers = {"Authorization": f"token {token}"}
        self.id: str | None = None
        self.ws = None
        self.session = uuid.uuid4().hex

    async def start(self, http: httpx.AsyncClient) -> None:
        response = await http.post(f"{self.base}/api/kernels", headers=self.headers,
                                   json={"name": "python3", "path": ""}, timeout=300)
        response.raise_for_status()
        self.id = response.json()["id"]
        self.ws = await websockets.connect(
            f"{self.ws_base}/api/kernels/{self.id}/channels?session_id={self.session}",
            additional_headers=self.headers, max_size=None, open_timeout=120,
            ping_interval=None, max_queue=None)  # always read: the server's pings get pongs

    async def execute(self, code: str, timeout: float) -> dict:
        """Run code; wait for its reply and for the kernel to go idle. Returns the reply content
        with the text of any `execute_result` under "result"."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "student",
                  "session": self.session, "version": "5.3",
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
        await self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {},
                                       "buffers": [], "channel": "shell", "content": content}))
        reply, idle, result = None, False, None
        deadline = time.monotonic() + timeout
        while reply is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply in {timeout:.0f} s")
            msg = self._parse(await asyncio.wait_for(self.ws.recv(), left), msg_id)
            if msg is None:
                continue
            kind, content = msg
            if kind == "execute_reply":
                reply = content
            elif kind == "execute_result":
                result = content["data"].get("text/plain")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        if reply["status"] != "ok":
            raise KernelError(f"{reply.get('ename')}: {reply.get('evalue')}")
        return {**reply, "result": result}

    def _parse(self, frame, msg_id: str) -> tuple[str, dict] | None:
        """(message type, content) of a frame that answers msg_id; None for any other."""
        if isinstance(frame, bytes):  # a message with binary buffers (widget comms)
            return None
        msg = json.loads(frame)
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            return None
        return msg["header"]["msg_type"], msg["content"]

    async def shutdown(self, http: httpx.AsyncClient) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.id is not None:
            await http.delete(f"{self.base}/api/kernels/{self.id}", headers=self.headers,
                              timeout=60)


async def open_explorer(kernel: Kernel, deadline: float, quick: bool = False) -> None:
    """Run notebook 03's cells up to the one that shows the gradient explorer, then draw its
    figure once, as ipympl's front end asks the kernel to when it shows the figure."""
    for source in [*explorer_cells(quick), "explorer.fig.canvas.draw()"]:
        await kernel.execute(source, timeout=max(1.0, deadline - time.monotonic()))


async def move_slider(kernel: Kernel, updates: int, pace_s: float, deadline: float,
                      floor: bool = False) -> tuple[list, list]:
    """Move the explorer's depth control `updates` times, one move every `pace_s` seconds;
    with `floor`, execute `pass` half-way between two moves. Returns each update's round trip
    and each `pass`'s, in ms (fewer if the deadline comes first)."""
    trips, floors = [], []
    next_at = time.monotonic()
    for i in range(updates):
        if time.monotonic() >= deadline:
            break
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        next_at += pace_s
        depth = DEPTHS[i % len(DEPTHS)]
        start = time.perf_counter()
        reply = await kernel.execute(
            f'float(explorer.set(depth={depth})["weight_grad_norm"][0])',
            timeout=max(1.0, deadline - time.monotonic()))
        trips.append((time.perf_counter() - start) * 1000)
        if reply["result"] is None:
            raise KernelError("the explorer update returned no result")
        if floor:
            await asyncio.sleep(max(0.0, next_at - pace_s / 2 - time.monotonic()))
            if time.monotonic() >= deadline:
                break
            start = time.perf_counter()
            await kernel.execute("pass", timeout=max(1.0, deadline - time.monotonic()))
            floors.append((time.perf_counter() - start) * 1000)
    return trips, floors


async def run_all(kernel: Kernel, cells: list[str], deadline: float) -> dict:
    """Every code cell in order (Run All); seconds and whether it finished before the deadline."""
    start = time.perf_counter()
    try:
        for source in cells:
            await kernel.execute(source, timeout=max(1.0, deadline - time.monotonic()))
    except TimeoutError:
        return {"seconds": time.perf_counter() - start, "finished": False, "error": "timeout"}
    except KernelError as error:
        return {"seconds": time.perf_counter() - start, "finished": False, "error": str(error)}
    except websockets.ConnectionClosed as error:  # the student's server or its proxy route went
        return {"seconds": time.perf_counter() - start, "finished": False,
                "error": f"connection closed: {error}"}
    return {"seconds": time.perf_counter() - start, "finished": True, "error": None}
