"""What every launch route shares: the Jupyter settings in jupyter/ (no news pop-up or update
check, idle kernels culled, a kernel stops when its tab closes) reach `make lab` and Binder, and
`import dlfaq; dlfaq.setup()` leaves torch and scikit-learn unimported until a notebook uses
them (each open notebook keeps a kernel: memory is what a 1-2 GB Binder session runs out of)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVER_CONFIG = ROOT / "jupyter" / "jupyter_server_config.json"
LAB_OVERRIDES = ROOT / "jupyter" / "lab-settings" / "overrides.d" / "dlfaq.json"


def test_server_config_turns_off_news_and_culls_idle_kernels():
    config = json.loads(SERVER_CONFIG.read_text())
    assert config["LabApp"]["news_url"] is None
    assert config["LabApp"]["check_for_updates_class"] == "jupyterlab.NeverCheckForUpdate"
    cull = config["MappingKernelManager"]
    assert cull["cull_idle_timeout"] > 0 and cull["cull_interval"] > 0
    # A kernel whose notebook is open in a tab is never culled behind the learner's back.
    assert cull["cull_connected"] is False and cull["cull_busy"] is False


def test_lab_overrides_turn_off_news_and_stop_kernels_on_close():
    overrides = json.loads(LAB_OVERRIDES.read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"] == {
        "fetchNews": "false", "checkForUpdates": False}
    assert overrides["@jupyterlab/notebook-extension:tracker"]["kernelShutdown"] is True


def test_lab_overrides_name_settings_jupyterlab_has():
    schemas = Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"
    overrides = json.loads(LAB_OVERRIDES.read_text())
    for plugin, values in overrides.items():
        package, _, name = plugin.rpartition(":")
        schema = json.loads((schemas / package / f"{name}.json").read_text())
        for key, value in values.items():
            spec = schema["properties"][key]
            allowed = [o["const"] for o in spec.get("oneOf", [])]
            assert not allowed or value in allowed, (plugin, key, value)


def test_make_lab_uses_the_settings():
    out = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert f"JUPYTER_CONFIG_PATH={ROOT}/jupyter" in out
    assert f"--LabApp.app_settings_dir={ROOT}/jupyter/lab-settings" in out


def test_the_installer_merges_into_an_existing_config_and_removes_the_ignored_copy(tmp_path):
    """jupyter/install.py (binder/postBuild runs it on Binder, in every image built from binder/
    and on TLJH): our keys laid over what the environment's config already holds; the copy
    older versions put in jupyter_server_config.d/ (read for extensions only) removed.
    tests/test_routes.py proves the result is in force in a running server."""
    etc = tmp_path / "etc" / "jupyter"
    (etc / "jupyter_server_config.d").mkdir(parents=True)
    (etc / "jupyter_server_config.d" / "dlfaq.json").write_text("{}")
    (etc / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {"other": True}}, "Other": {"x": 1}}))
    subprocess.run([sys.executable, str(ROOT / "jupyter" / "install.py"), str(tmp_path)],
                   check=True, capture_output=True)
    merged = json.loads((etc / "jupyter_server_config.json").read_text())
    ours = json.loads(SERVER_CONFIG.read_text())
    assert merged["Other"] == {"x": 1}
    assert merged["ServerApp"]["jpserver_extensions"] == {
        "other": True, **ours["ServerApp"]["jpserver_extensions"]}
    assert merged["MappingKernelManager"] == ours["MappingKernelManager"]
    assert not (etc / "jupyter_server_config.d" / "dlfaq.json").exists()
    lab = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "dlfaq.json"
    assert json.loads(lab.read_text()) == json.loads(LAB_OVERRIDES.read_text())
    refused = subprocess.run([sys.executable, str(ROOT / "jupyter" / "install.py"),
                              str(tmp_path / "missing")], capture_output=True, text=True)
    assert refused.returncode != 0 and "is not a directory" in refused.stderr


def test_binder_runs_the_installer():
    assert 'python jupyter/install.py "$prefix"' in (ROOT / "binder" / "postBuild").read_text()


def run_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout


def test_setup_imports_neither_torch_nor_sklearn():
    code = ("import sys, dlfaq; from dlfaq import explorers, exercises, plots; "
            "from dlfaq.learn import data, neuron;"
            "dlfaq.setup(verbose=False);"
            "print(sorted(m for m in ('torch', 'sklearn') if m in sys.modules))")
    # With a CUDA build and a GPU driver present setup() must import torch to answer 'auto'.
    from dlfaq.core._lazy import _cuda_possible

    expected = "['torch']" if _cuda_possible() else "[]"
    assert run_python(code).strip() == expected


def test_torch_imported_after_setup_gets_its_threads():
    code = ("import dlfaq; dlfaq.setup(threads=3, verbose=False); dlfaq.setup(threads=1, "
            "verbose=False); from dlfaq.learn import nets; import torch; "
            "print(torch.get_num_threads())")
    assert run_python(code).strip() == "1"
    code = "import dlfaq; dlfaq.setup(threads=2, verbose=False); import torch; " \
           "print(torch.get_num_threads())"
    assert run_python(code).strip() == "2"


@pytest.mark.skipif((os.cpu_count() or 1) >= 256, reason="setup() allows 256 threads at most")
def test_torch_gets_more_threads_than_cores_when_asked_whenever_it_is_imported():
    """What the environment variables setup() exports cannot do alone (torch caps
    OMP_NUM_THREADS at the number of cores): why dlfaq.core._lazy's import hook stays."""
    n = (os.cpu_count() or 1) + 1
    for before in ("", "import torch; "):
        code = (f"{before}import dlfaq; dlfaq.setup(threads={n}, verbose=False); import torch; "
                "print(torch.get_num_threads())")
        assert run_python(code).strip() == str(n), before or "torch imported after setup()"


def test_setup_reports_the_same_torch_without_importing_it():
    import torch

    import dlfaq

    code = "import dlfaq; print(dlfaq.setup(verbose=False).torch_version)"
    assert run_python(code).strip() == torch.__version__
    chosen = dlfaq.setup(verbose=False).device
    assert chosen == ("cuda" if torch.cuda.is_available() else "cpu")
    assert dlfaq.core.config.default_device() == chosen, "device=None means setup's device"
