"""The README is a newcomer's page: short, the series' table with a Binder and a Colab badge for
every notebook (Colab's at the release the notebooks' install cell installs), the learner's
route first, and every local link pointing at a file that exists."""

import re
import tomllib

from notebook_checks import NOTEBOOKS, ROOT

README = (ROOT / "README.md").read_text()
REPOSITORY = "dlfaq/dlfaq"


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def table_rows() -> dict[str, str]:
    """notebook file name -> its row in the README's table of the series."""
    rows = re.findall(r"^(\| \d\d \| \[[^]]+\]\(notebooks/(\d\d_\w+\.ipynb)\).*)$", README, re.M)
    return {name: row for row, name in rows}


def binder_link(name: str) -> str:
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/HEAD?urlpath=lab/tree/notebooks/{name}"


def colab_link(name: str) -> str:
    return (f"https://colab.research.google.com/github/{REPOSITORY}/blob/v{version()}/"
            f"notebooks/{name}")


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 150, "details belong in docs/, not the README"


def test_every_notebook_has_a_binder_and_a_colab_badge_in_its_row():
    rows = table_rows()
    for path in NOTEBOOKS:
        row = rows.get(path.name, "")
        assert f"(https://mybinder.org/badge_logo.svg)]({binder_link(path.name)})" in row, (
            f"{path.name}: no Binder badge in its row of the README's table")
        assert f"(https://colab.research.google.com/assets/colab-badge.svg)]" \
               f"({colab_link(path.name)})" in row, (
            f"{path.name}: no Colab badge at v{version()} in its row of the README's table")


def test_no_badge_points_at_a_notebook_that_is_gone_or_at_another_release():
    names = {p.name for p in NOTEBOOKS} | {"apps/explorers.ipynb"}
    for link in re.findall(r"\]\((https://(?:mybinder\.org|colab\.research)[^)]+\.ipynb)\)",
                           README):
        assert link.rsplit("notebooks/", 1)[1] in names, link
        if "colab" in link:
            assert f"/blob/v{version()}/" in link, link


def test_the_learners_route_comes_before_the_other_routes():
    clone, lab = README.index("git clone "), README.index("make lab")
    assert clone < lab < README.index("## Other routes")
    assert "make test" in README
    for route in ("Binder", "Colab", "conda", "Windows", "Intel Mac"):
        assert route in README[README.index("## Other routes"):], route


def test_every_local_link_exists():
    links = re.findall(r"\]\(((?!https?:)[^)#\s]+)\)", README)
    assert links
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, missing
