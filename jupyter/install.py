"""Install jupyter/'s settings into a Python environment, where its Jupyter server reads them.

    python jupyter/install.py PREFIX      (PREFIX: the environment's sys.prefix)

- the server settings go into ``PREFIX/etc/jupyter/jupyter_server_config.json``, merged into
  whatever that file already holds (ours win on the keys we set). Not into
  ``jupyter_server_config.d/``: Jupyter Server reads that folder only for its list of
  extensions, so a kernel manager or culling set there is silently ignored;
- JupyterLab's default settings go into ``PREFIX/share/jupyter/lab/settings/overrides.d/``
  (``LabApp.app_settings_dir`` defaults to ``PREFIX/share/jupyter/lab/settings``).

binder/postBuild runs it (Binder, and every image repo2docker builds from binder/), and so do
The Littlest JupyterHub's steps in deploy/README.md. Standard library only: it runs before
anything else is installed.
"""

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SERVER = HERE / "jupyter_server_config.json"
LAB = HERE / "lab-settings" / "overrides.d" / "dlfaq.json"


def merge(base: dict, ours: dict) -> dict:
    """base with ours laid over it, dicts merged key by key."""
    merged = dict(base)
    for key, value in ours.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def install(prefix: Path) -> list[Path]:
    """Write the settings under prefix; return the files written."""
    prefix = Path(prefix)
    if not prefix.is_dir():
        raise SystemExit(f"install.py: prefix {prefix} is not a directory (give the "
                         "environment's sys.prefix, e.g. $NB_PYTHON_PREFIX or /opt/tljh/user)")
    etc = prefix / "etc" / "jupyter"
    server = etc / "jupyter_server_config.json"
    existing = json.loads(server.read_text()) if server.exists() else {}
    etc.mkdir(parents=True, exist_ok=True)
    server.write_text(json.dumps(merge(existing, json.loads(SERVER.read_text())), indent=2) + "\n")
    stale = etc / "jupyter_server_config.d" / "dlfaq.json"  # where older versions put it
    if stale.exists():
        stale.unlink()
    lab = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "dlfaq.json"
    lab.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB, lab)
    return [server, lab]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    for path in install(Path(sys.argv[1])):
        print(f"installed {path}")
