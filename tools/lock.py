"""Write the lock files of each audience from one installed environment (`make lock`).

    python tools/lock.py            (run by the environment's own Python: .venv/bin/python)

pyproject.toml names what each audience needs: `dependencies` (what dlfaq imports) and the
extras `lab` (the learner's server), `test`, `hub` and `maint`. This reads the installed
packages' metadata, follows their requirements (markers evaluated for this machine) and pins
each closure at the installed versions:

- requirements.txt: dependencies + lab, what `make lab` installs (a learner's environment);
- requirements-dev.txt: `-r requirements.txt` plus what the other extras add (`make test`);
- binder/requirements.txt: dependencies + lab + hub (Binder, and deploy/'s classroom image,
  whose servers are started by jupyterhub-singleuser), with PyTorch's CPU index.

Every pin comes from one environment, so the three agree by construction; tests/test_environments.py
checks it. Install every extra first (`make env-dev`, then `pip install -U <package>` for what
should move), then `make lock`. environment.yml (conda) is kept by hand; the tests say what
to change there.
"""

from __future__ import annotations

import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
#: Installers' own packages: never pinned (pip freeze leaves them out too).
NOT_PINNED = {"pip", "setuptools", "wheel"}
HEADERS = {
    "requirements.txt": [
        "# The learner's environment, pinned: dlfaq's dependencies and the `lab` extra of",
        "# pyproject.toml (JupyterLab, a kernel, Voila). Written by `make lock` (tools/lock.py).",
    ],
    "requirements-dev.txt": [
        "# make test's environment: the learner's (requirements.txt) plus the extras `test`,",
        "# `hub` and `maint` of pyproject.toml, pinned. Written by `make lock` (tools/lock.py).",
        "-r requirements.txt",
    ],
    "binder/requirements.txt": [
        "# Binder (repo2docker) and the classroom image (deploy/): the learner's pins plus the",
        "# `hub` extra, with PyTorch's CPU wheel index so that torch resolves to the CPU build.",
        "# Written by `make lock` (tools/lock.py); tests/test_environments.py checks the pins.",
        "--extra-index-url https://download.pytorch.org/whl/cpu",
    ],
}


def audiences(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, list[str]]:
    """{"dependencies": [...], "lab": [...], ...}: the top-level requirements of each audience."""
    project = tomllib.loads(pyproject.read_text())["project"]
    return {"dependencies": list(project["dependencies"]), **project["optional-dependencies"]}


def closure(requirements: list[str]) -> dict[str, str]:
    """{name: installed version} of the requirements and everything they need, here."""
    pinned: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise SystemExit(f"lock: {name} is not installed here; run `make env-dev` first") \
                from None
        pinned[name] = f"{dist.metadata['Name']}=={dist.version.split('+')[0]}"
        for line in dist.requires or []:
            dep = Requirement(line)
            extras = [{"extra": e} for e in ("", *req.extras)]
            if dep.marker is None or any(dep.marker.evaluate(env) for env in extras):
                todo.append(dep)
    return {n: pin for n, pin in pinned.items() if n not in NOT_PINNED and n != "dlfaq"}


def lock_files() -> dict[str, list[str]]:
    """{path: pinned lines} of the three lock files, from this environment."""
    groups = audiences()
    learner = closure(groups["dependencies"] + groups["lab"])
    everything = closure([r for reqs in groups.values() for r in reqs])
    binder = closure(groups["dependencies"] + groups["lab"] + groups["hub"])

    def lines(pins: dict[str, str]) -> list[str]:
        return sorted(pins.values(), key=str.lower)

    return {"requirements.txt": lines(learner),
            "requirements-dev.txt": lines({n: p for n, p in everything.items()
                                           if n not in learner}),
            "binder/requirements.txt": lines(binder)}


def main() -> int:
    for path, pins in lock_files().items():
        (ROOT / path).write_text("\n".join(HEADERS[path] + pins) + "\n")
        print(f"{path}: {len(pins)} pins")
    print("environment.yml is kept by hand: `make test` checks it against requirements.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
