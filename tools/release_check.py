"""Check a release as a class would get it (`make release`).

    python tools/release_check.py dist DIR        the wheel and the sdist in DIR
    python tools/release_check.py run NOTEBOOK    in a fresh venv with the wheel installed

`dist` checks that DIR holds exactly one wheel and one sdist of this version, that the wheel
carries the package (every file of src/dlfaq) and both licences, and the sdist the sources,
the licences and the changelog. `run`, started by the fresh venv's own Python, checks that dlfaq
is imported from that venv's site-packages (not from the repository), reports this version,
then executes the notebook there (nbclient, the venv's kernel) and fails on any error, as a
learner pressing Run All would.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
LICENCES = ("LICENSE", "LICENSE-text")


PACKAGES = ("src/dlfaq", "src/dlfaq_server")


def package_files() -> set[str]:
    """Every module and data file of both packages (dlfaq, the learner's, and dlfaq_server,
    the Jupyter server's) committed to git (paths under src/); outside a git checkout, every
    file under them."""
    try:
        listed = subprocess.run(["git", "ls-files", *PACKAGES], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = [p.relative_to(ROOT).as_posix() for package in PACKAGES
                  for p in (ROOT / package).rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts]
    return {name.removeprefix("src/") for name in listed}


def check_dist(folder: Path) -> list[str]:
    """What is wrong with the built distributions in folder (empty when nothing)."""
    wheels = sorted(folder.glob("dlfaq-*.whl"))
    sdists = sorted(folder.glob("dlfaq-*.tar.gz"))
    if [w.name for w in wheels] != [f"dlfaq-{VERSION}-py3-none-any.whl"]:
        return [f"expected one wheel dlfaq-{VERSION}-py3-none-any.whl, found {wheels}"]
    if [s.name for s in sdists] != [f"dlfaq-{VERSION}.tar.gz"]:
        return [f"expected one sdist dlfaq-{VERSION}.tar.gz, found {sdists}"]
    problems = []
    modules = package_files()
    wheel = set(zipfile.ZipFile(wheels[0]).namelist())
    problems += [f"wheel lacks {m}" for m in sorted(modules - wheel)]
    info = f"dlfaq-{VERSION}.dist-info"
    problems += [f"wheel lacks {info}/licenses/{name}" for name in LICENCES
                 if f"{info}/licenses/{name}" not in wheel]
    prefix = f"dlfaq-{VERSION}/"
    sdist = {n[len(prefix):] for n in tarfile.open(sdists[0]).getnames()}
    wanted = {f"src/{m}" for m in modules} | {*LICENCES, "CHANGELOG.md", "pyproject.toml"}
    problems += [f"sdist lacks {name}" for name in sorted(wanted - sdist)]
    return problems


def run_notebook(path: Path) -> None:
    import nbformat
    from nbclient import NotebookClient

    import dlfaq

    where = Path(dlfaq.__file__).resolve()
    if not where.is_relative_to(Path(sys.prefix).resolve()) or "site-packages" not in where.parts:
        raise SystemExit(f"release: dlfaq came from {where}, not this venv's site-packages")
    if dlfaq.__version__ != VERSION:
        raise SystemExit(f"release: the wheel says {dlfaq.__version__}, pyproject {VERSION}")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    print(f"release: {path.name} ran with dlfaq {VERSION} from {where.parent}")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("dist", "run"):
        raise SystemExit(__doc__.split("\n\n")[1])
    if argv[0] == "dist":
        problems = check_dist(Path(argv[1]))
        for problem in problems:
            print(f"release: {problem}", file=sys.stderr)
        if not problems:
            print(f"release: wheel and sdist of dlfaq {VERSION} complete")
        return 1 if problems else 0
    run_notebook(Path(argv[1]).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
