"""The notebooks the site shows and the links that run each one (Binder, Colab, a JupyterHub).

The list is read from the repository (``notebooks/NN_*.ipynb`` in order, then the Voila app
``notebooks/apps/*.ipynb``); each title is the notebook's first heading. The repository's
address is the one the Colab cell installs from (``tools/colab_cell.REPOSITORY``), and the
links follow the conventions of README.md (Binder: JupyterLab on the notebook at HEAD; Colab:
the notebook at the release tag ``v<version>`` the Colab cell installs) and deploy/README.md
(nbgitpuller: ``<hub>/hub/user-redirect/git-pull?repo=...&branch=main``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import nbformat

from tools.colab_cell import REPOSITORY, VERSION

ROOT = Path(__file__).resolve().parents[2]
BRANCH = "main"
#: The JupyterHub the site's hub buttons point to (`make site SITE_HUB=https://...`).
DEFAULT_HUB = "https://hub.example.org"


@dataclass
class Notebook:
    path: Path  # relative to the repository root
    number: str  # "01" ... or "app"
    title: str
    summary: str
    nb: nbformat.NotebookNode

    @property
    def page(self) -> str:
        return f"{self.path.stem}.html" if self.number != "app" else f"app-{self.path.stem}.html"


def first_heading(nb) -> tuple[str, str]:
    """(the first # heading, the first paragraph after it that is not the series' tagline)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
        if match:
            rest = cell.source[match.end():].strip().split("\n\n")
            summary = next((p for p in rest if p.strip() and not p.startswith("*")), "")
            summary = re.sub(r"\*\*?|`", "", " ".join(summary.split()))  # words, no markup
            return match.group(1).strip(), summary
    return "", ""


def notebooks(root: Path = ROOT) -> list[Notebook]:
    """The series in order, then the Voila app(s)."""
    found = []
    paths = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    apps = sorted((root / "notebooks" / "apps").glob("*.ipynb"))
    for path in [*paths, *apps]:
        nb = nbformat.read(path, as_version=4)
        title, summary = first_heading(nb)
        number = path.name[:2] if path in paths else "app"
        if not title:
            raise ValueError(f"{path.relative_to(root)} has no # heading to title its page")
        found.append(Notebook(path.relative_to(root), number, title, summary, nb))
    return found


def binder_url(path: Path) -> str:
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    return (f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath="
            + quote(f"lab/tree/{path.as_posix()}", safe="/"))


def colab_url(path: Path) -> str:
    owner_repo = REPOSITORY.removeprefix("https://github.com/")
    return (f"https://colab.research.google.com/github/{owner_repo}/blob/v{VERSION}/"
            f"{path.as_posix()}")


def hub_url(path: Path, hub: str = DEFAULT_HUB) -> str:
    """An nbgitpuller link: the hub clones (then updates) the repository and opens the notebook."""
    if not re.match(r"^https?://[^\s/]+", hub or ""):
        raise ValueError(f"hub must be the hub's address, like {DEFAULT_HUB!r}, got {hub!r}")
    name = REPOSITORY.rstrip("/").rsplit("/", 1)[-1]
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?"
            + urlencode({"repo": REPOSITORY, "branch": BRANCH,
                         "urlpath": f"lab/tree/{name}/{path.as_posix()}"}))


def source_url(path: Path) -> str:
    return f"{REPOSITORY}/blob/{BRANCH}/{path.as_posix()}"


def launch_links(path: Path, hub: str = DEFAULT_HUB) -> list[tuple[str, str, str]]:
    """[(label, url, what it does)] of the buttons on a notebook's page."""
    return [
        ("Binder", binder_url(path), "JupyterLab on mybinder.org, free, no account"),
        ("Colab", colab_url(path), "Google Colab, a Google account"),
        ("JupyterHub", hub_url(path, hub), "your class's JupyterHub, through nbgitpuller"),
        ("Source", source_url(path), "the notebook on GitHub"),
    ]
