"""dlfaq.setup: explicit, reports its choices, validates its arguments; import changes nothing."""

import subprocess
import sys

import pytest
import torch

import dlfaq


def test_setup_sets_threads_and_reports_the_device(capsys):
    before = torch.get_num_threads()
    try:
        chosen = dlfaq.setup(threads=1)
        assert torch.get_num_threads() == 1
        assert chosen.device == ("cuda" if torch.cuda.is_available() else "cpu")
        assert f"on {chosen.device}" in capsys.readouterr().out
    finally:
        torch.set_num_threads(before)


def test_setup_rejects_unknown_device():
    with pytest.raises(ValueError, match="device must be one of 'auto', 'cpu', 'cuda'"):
        dlfaq.setup(device="tpu")


def test_setup_rejects_zero_threads():
    with pytest.raises(ValueError, match="threads must be >= 1"):
        dlfaq.setup(threads=0)


def test_importing_dlfaq_has_no_side_effects():
    code = (
        "import matplotlib as mpl, torch; rc = dict(mpl.rcParams); n = torch.get_num_threads();"
        "import dlfaq, dlfaq.data, dlfaq.neuron, dlfaq.plots, dlfaq.widgets;"
        "assert dict(mpl.rcParams) == rc, 'rcParams changed';"
        "assert torch.get_num_threads() == n, 'threads changed'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
