"""deploy/ parses, and its numbers are the measured ones: deploy/measured.json is what
`make classroom` measured; the configurations and docs/classroom.md's sizing table follow it
(tools/classroom/sizing.py holds the rules), so a re-measurement that moves a figure fails
here until they do."""

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from tools.classroom import sizing

ROOT = Path(__file__).resolve().parents[1]

DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def measured():
    return json.loads((DEPLOY / "measured.json").read_text())


@pytest.fixture(scope="module")
def kernels_mb():
    return sizing.notebook_memory()


@pytest.fixture(scope="module")
def expected(measured, kernels_mb):
    return sizing.deploy_figures(measured, kernels_mb)


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


SCHEMA = DEPLOY / "kubernetes" / "reference" / "z2jh-values.schema.json"  # snapshot: README
DEFAULTS = DEPLOY / "kubernetes" / "reference" / "z2jh-values.defaults.yaml"


def merged_over(base, values):
    """Helm's merge of a values file over the chart's defaults: dicts key by key, anything
    else replaced."""
    if isinstance(base, dict) and isinstance(values, dict):
        return {**base, **{k: merged_over(base.get(k), v) for k, v in values.items()}}
    return values


def test_kubernetes_config_is_valid_for_the_pinned_chart(z2jh):
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    defaults = yaml.safe_load(DEFAULTS.read_text())
    jsonschema.validate(merged_over(defaults, z2jh), schema)
    with pytest.raises(jsonschema.ValidationError):  # the check can fail: a misspelt key
        jsonschema.validate(merged_over(defaults, {**z2jh, "singleuser": {
            **z2jh["singleuser"], "memroy": {"limit": "1G"}}}), schema)


def test_kubernetes_pins_the_chart_and_the_readme_installs_that_one(z2jh):
    config = (DEPLOY / "kubernetes" / "config.yaml").read_text()
    (pin,) = set(re.findall(r"--version (\S+)", config))
    readme = (DEPLOY / "README.md").read_text().replace("\\\n", " ")
    installs = re.findall(r"helm upgrade --install .*", readme)
    assert installs and all(f"--version {pin}" in line for line in installs), installs


def test_the_class_can_log_in_to_kubernetes(z2jh):
    hub = z2jh["hub"]["config"]
    name = hub["JupyterHub"]["authenticator_class"]
    assert name not in ("dummy", "null", "jupyterhub.auth.DummyAuthenticator")
    assert name == "github", "the OAuth section below is GitHub's"
    oauth = hub["GitHubOAuthenticator"]
    # JupyterHub 5+: without an allow rule only admins may log in
    rules = [oauth.get("allow_all") is True, bool(oauth.get("allowed_users")),
             bool(oauth.get("allowed_organizations")),
             bool(hub.get("Authenticator", {}).get("allowed_users"))]
    assert any(rules), "no allow rule: nobody but the admins could log in"
    for key in ("client_id", "client_secret", "oauth_callback_url"):
        assert "REPLACE-ME" in oauth[key], f"{key}: a clearly marked placeholder, no secret"
    assert oauth["oauth_callback_url"].startswith("https://")
    https = z2jh["proxy"]["https"]
    assert https["enabled"] is True and https["hosts"]
    assert oauth["oauth_callback_url"] == f"https://{https['hosts'][0]}/hub/oauth_callback"


def test_the_tljh_steps_set_the_recorded_limits(tljh):
    readme = (DEPLOY / "README.md").read_text()
    steps = dict(re.findall(r"tljh-config set (\S+) (\S+)", readme))
    assert steps["limits.memory"] == tljh["limits"]["memory"]
    assert float(steps["limits.cpu"]) == float(tljh["limits"]["cpu"])
    assert int(steps["services.cull.timeout"]) == tljh["services"]["cull"]["timeout"]


def test_the_memory_figures_are_the_benchmark_table(kernels_mb):
    table = (ROOT / "docs" / "benchmark.md").read_text()
    for notebook, mb in kernels_mb.items():
        row = re.search(rf"^\| {re.escape(notebook)} \|.*\| (\d+) \|$", table, re.M)
        assert row and int(row.group(1)) == mb, (notebook, mb)
    assert len(kernels_mb) == 8


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
    assert re.search(r"^nbgitpuller==", hub, re.M), "the image serves nbgitpuller links"


#: The hub of the chart config.yaml pins (../shared/reference/README.md: appVersion 5.5.0).
CHART_HUB = "5.5"


def test_the_image_runs_the_charts_jupyterhub():
    pins = (ROOT / "binder" / "requirements.txt").read_text()
    version = re.search(r"^jupyterhub==(\S+)", pins, re.M).group(1)
    assert version.rsplit(".", 1)[0] == CHART_HUB, (
        f"the image's jupyterhub {version}, the chart's hub {CHART_HUB}: a single-user server "
        "should run its hub's major.minor version")


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


def test_the_teachers_page_asks_for_the_measured_figures(expected):
    page = (ROOT / "docs" / "teachers.md").read_text()
    assert f"Memory per student: {expected['memory_limit_mb']} MB" in page
    assert f"CPU per student: {expected['cpu_guarantee']} of a core guaranteed" in page
    for what in ("binder/requirements.txt", "binder/postBuild", "nbgitpuller",
                 "dlfaq/settings-in-force"):
        assert what in page, what
