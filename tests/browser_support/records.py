"""What the browser tests measured: build/browser.json (read by `make bench`), screenshots."""

from __future__ import annotations

import json

from .servers import ROOT

ARTIFACTS = ROOT / "build" / "browser"
TIMINGS = ROOT / "build" / "browser.json"


def _read() -> dict:
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    try:
        return json.loads(TIMINGS.read_text())
    except (OSError, ValueError):
        return {}


def _write(current: dict):
    TIMINGS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")


def record_session(key: str, entry: dict):
    """build/browser.json "sessions": what a whole learner's session used, per memory limit."""
    current = _read()
    current.setdefault("sessions", {})[key] = entry
    _write(current)


def record_timings(entries: dict):
    """Merge {"<notebook>:<explorer>": {...}} into build/browser.json (read by `make bench`)."""
    current = _read()
    explorers = current.setdefault("explorers", {})
    explorers.update(entries)
    # forget notebooks that no longer exist (renamed, or a test's throwaway copy)
    stems = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")} | {"app"}
    for key in [k for k in explorers if k.split(":")[0] not in stems]:
        del explorers[key]
    current["note"] = ("browser_ms: keydown on a control to changed pixels in the figure's "
                       "canvas (checked every animation frame), headless Chromium, "
                       "median over samples; measured by tests/test_browser.py and test_app.py")
    _write(current)
