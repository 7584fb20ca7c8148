"""deploy/ parses, and its numbers are the measured ones: deploy/measured.json is what
`make classroom` measured; the configurations and docs/classroom.md's sizing table follow it
(tools/classroom/sizing.py holds the rules), so a re-measurement that moves a figure fails
here until they do."""

import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools.classroom import sizing  # noqa: E402

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def measured():
    return json.loads((DEPLOY / "measured.json").read_text())


@pytest.fixture(scope="module")
def expected(measured):
    return sizing.deploy_figures(measured)


@pytest.fixture(scope="module")
def z2jh():
    return yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())


@pytest.fixture(scope="module")
def tljh():
    return yaml.safe_load((DEPLOY / "tljh" / "config.yaml").read_text())


def test_the_measured_figures_are_a_full_classroom_run(measured):
    assert set(measured) == {"hub_version", "machine", "runs"}
    assert measured["hub_version"].startswith("6.")
    sizes = [r["students"] for r in measured["runs"]]
    assert sizes[:4] == [1, 2, 4, 8], "make classroom's class sizes"
    ref = sizing.reference(measured)
    assert 50 < ref["memory_mb_per_student"] < 4000 and ref["cpu_s_per_student"] > 1


def test_kubernetes_resources_are_the_measured_ones(z2jh, expected):
    user = z2jh["singleuser"]
    assert user["memory"]["guarantee"] == expected["memory_guarantee"]
    assert user["memory"]["limit"] == expected["memory_limit"]
    assert user["cpu"]["guarantee"] == expected["cpu_guarantee"]
    assert user["cpu"]["limit"] == expected["cpu_limit"]


def test_single_server_limits_are_the_measured_ones(tljh, expected):
    assert tljh["limits"]["memory"] == expected["memory_limit"]
    assert float(tljh["limits"]["cpu"]) == expected["cpu_limit"]
    assert tljh["services"]["cull"]["enabled"] is True


def test_kubernetes_is_ready_for_a_class_start(z2jh):
    assert z2jh["cull"]["enabled"] is True and z2jh["cull"]["timeout"] > 0
    placeholders = z2jh["scheduling"]["userPlaceholder"]
    assert placeholders["enabled"] is True and placeholders["replicas"] > 0
    assert z2jh["scheduling"]["podPriority"]["enabled"] is True  # placeholders need it
    assert z2jh["prePuller"]["hook"]["enabled"] and z2jh["prePuller"]["continuous"]["enabled"]
    assert z2jh["hub"]["config"]["JupyterHub"]["authenticator_class"] != "dummy"


def _repository():
    match = re.search(r"mybinder\.org/v2/gh/([\w.-]+/[\w.-]+)/", (ROOT / "README.md").read_text())
    return f"https://github.com/{match.group(1)}"


def test_the_default_url_is_an_nbgitpuller_link_to_this_repository(z2jh):
    url = urlparse(z2jh["singleuser"]["defaultUrl"])
    assert url.path == "/git-pull"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["repo"] == _repository()
    clone = query["repo"].rsplit("/", 1)[1]  # nbgitpuller clones into the repository's name
    prefix = f"lab/tree/{clone}/"
    assert query["urlpath"].startswith(prefix)
    assert (ROOT / query["urlpath"][len(prefix):]).is_file()


def test_the_image_is_built_from_binder(z2jh):
    recipe = (DEPLOY / "README.md").read_text()
    assert "jupyter-repo2docker" in recipe and "binder/" in recipe
    assert z2jh["singleuser"]["image"]["name"].endswith("dlfaq-singleuser")
    hub = (ROOT / "binder" / "requirements.txt").read_text()
    assert re.search(r"^jupyterhub==6\.", hub, re.M), "the image's hub matches the chart's"
    assert re.search(r"^nbgitpuller==", hub, re.M), "the image serves nbgitpuller links"


def test_the_nbgitpuller_recipe_link_opens_a_notebook_of_the_series():
    recipe = (DEPLOY / "README.md").read_text()
    links = re.findall(r"https://[^\s`)]+/hub/user-redirect/git-pull\?[^\s`)]+", recipe)
    assert links
    for link in links:
        query = {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}
        assert query["repo"] == _repository()
        assert (ROOT / query["urlpath"].split("/", 3)[3]).is_file(), query["urlpath"]


def test_the_classroom_sizing_table_is_the_measured_one(measured):
    assert sizing.markdown_table(measured) in (ROOT / "docs" / "classroom.md").read_text()
