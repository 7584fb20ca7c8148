"""An explorer's frames over its grid: ``explorer.set(...)`` at every point, each frame a PNG.

Frames are PNGs of 256 colours (median cut: the same look, a third of the bytes), named by the
hash of their bytes, so a frame two settings (or two explorers) share is stored once. The
points are shared out between two forked copies of the explorer (both cores; each copy draws
exactly as the original would). Explorers of one *family* (same factory and arguments, other
starting values) share frames once three sample points drawn by the newcomer match the stored
ones byte for byte; otherwise the newcomer gets frames of its own.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import multiprocessing
import os
import time
from pathlib import Path

from tools.site import grids

WORKERS = 2
_explorer = None  # the explorer the forked workers draw with
_job: dict = {}


def frame_png(explorer) -> bytes:
    """The explorer's figure as drawn now: PNG, 256 colours, median cut."""
    from PIL import Image

    buffer = explorer.fig.canvas.buffer_rgba()
    height, width = buffer.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), buffer, "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    image.quantize(256).save(out, format="png", compress_level=9)
    return out.getvalue()


def draw(points: list[dict]) -> list[dict]:
    """Set the explorer to each point and save its frame; [{frame, alt, message}]."""
    explorer, factory, folder = _explorer, _job["factory"], _job["folder"]
    explorer.renderer.publish = lambda: None  # no widget to send the frame to
    seen: dict[bytes, str] = {}
    records = []
    for values in points:
        data = explorer.set(**values)
        if data is None:  # the explorer refused this setting: its message says why
            message = grids.plain(explorer.status.value)
            records.append({"frame": None, "alt": message, "message": message})
            continue
        raw = hashlib.sha256(explorer.fig.canvas.buffer_rgba()).digest()
        if raw not in seen:
            png = frame_png(explorer)
            name = hashlib.sha256(png).hexdigest()[:16] + ".png"
            if not (folder / name).exists():
                tmp = folder / f".{name}.{os.getpid()}"
                tmp.write_bytes(png)
                tmp.replace(folder / name)
            seen[raw] = name
        records.append({"frame": seen[raw], "alt": grids.describe(factory, data),
                        "message": grids.plain(str(data.get("message", "")))})
    return records


def draw_all(explorer, factory: str, folder: Path, points: list[dict]) -> list[dict]:
    """draw() over the points, shared out between WORKERS forked copies of the explorer."""
    global _explorer, _job
    _explorer, _job = explorer, {"factory": factory, "folder": folder}
    if len(points) < 8 or WORKERS < 2:
        return draw(points)
    chunks = [points[i:i + 16] for i in range(0, len(points), 16)]
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        return list(itertools.chain.from_iterable(pool.map(draw, chunks)))


def _key(values: dict) -> str:
    return json.dumps([values[k] for k in sorted(values)], default=str)


def _load(path: Path, still_valid) -> dict:
    """The frames stored at path, if the dlfaq modules they were drawn by are unchanged."""
    if not path.exists():
        return {}
    stored = json.loads(path.read_text())
    return stored["points"] if still_valid(stored["modules"]) else {}


def render(explorer, factory: str, key: str, family: str, folder: Path, stores: Path,
           modules: dict, still_valid) -> dict:
    """The manifest of one explorer: its controls, grid and a frame per grid point. Stored
    frames are reused while ``still_valid(modules they were drawn by)``."""
    start = time.perf_counter()
    controls = explorer.controls
    grid, held = grids.grid_for(factory, controls)
    initial = explorer.values()
    names = list(grid)
    points = [dict(zip(names, p, strict=True)) for p in itertools.product(*grid.values())]
    store_path = stores / f"{factory}-{family}.json"
    store = _load(store_path, still_valid)
    if store:
        sample = [initial] + [p for p in points if _key(p) in store][:: max(1, len(points) // 2)]
        drawn = draw_all(explorer, factory, folder, sample[:3])
        if any(store.get(_key(p), {}).get("frame") != r["frame"]
               for p, r in zip(sample, drawn, strict=False) if _key(p) in store):
            store_path = stores / f"{factory}-{key}.json"  # its own frames
            store = _load(store_path, still_valid)
    missing = [p for p in points if _key(p) not in store]
    for p, record in zip(missing, draw_all(explorer, factory, folder, missing), strict=True):
        store[_key(p)] = record
    if missing:
        tmp = store_path.with_suffix(f".{os.getpid()}")
        tmp.write_text(json.dumps({"modules": modules, "points": store}))
        tmp.replace(store_path)
    return {
        "factory": factory,
        "width": round(explorer.fig.get_size_inches()[0] * explorer.fig.dpi),
        "height": round(explorer.fig.get_size_inches()[1] * explorer.fig.dpi),
        "controls": [{"name": n, "kind": grids.control_kind(controls[n]),
                      "description": controls[n].description or n,
                      "values": [_plain(v) for v in grid[n]],
                      "labels": [grids.label(controls[n], v) for v in grid[n]],
                      "start": grid[n].index(initial[n]),
                      "live": grids.live_range(controls[n])} for n in names],
        "held": [{"name": n, "description": controls[n].description or n,
                  "value": grids.label(controls[n], initial[n])} for n in held],
        "frames": [store[_key(p)] for p in points],
        "drawn": len(missing),
        "seconds": round(time.perf_counter() - start, 2),
    }


def _plain(value):
    return value.item() if hasattr(value, "item") else value
