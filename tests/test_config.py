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
        "import dlfaq, dlfaq.learn.data, dlfaq.learn.neuron, dlfaq.plots, dlfaq.explorers;"
        "assert dict(mpl.rcParams) == rc, 'rcParams changed';"
        "assert torch.get_num_threads() == n, 'threads changed'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_default_device_is_the_last_setups_and_cpu_before_any(monkeypatch):
    from dlfaq.core import config

    monkeypatch.setattr(config, "_chosen_device", None)
    assert config.default_device() == "cpu"
    monkeypatch.setattr(config, "_chosen_device", "cuda")  # as setup() on a GPU machine
    assert config.default_device() == "cuda"
    assert config.resolve_device(None) == "cuda" and config.resolve_device("cpu") == "cpu"
    before = torch.get_num_threads()
    try:
        dlfaq.setup(device="cpu", verbose=False)
    finally:
        torch.set_num_threads(before)
    assert config.default_device() == "cpu"


def test_functions_given_no_device_use_setups(monkeypatch):
    import numpy as np

    from dlfaq.core import config
    from dlfaq.learn import nets, train

    seen = []
    # "cpu:0" stands for the device setup() chose ("cuda" on a GPU machine): it differs from
    # the literal "cpu" that functions used to default to, and runs here
    monkeypatch.setattr(config, "_chosen_device", "cpu:0")
    model = nets.MLP(3, 2, depth=1, width=4)
    original = model.to
    monkeypatch.setattr(model, "to", lambda device: seen.append(device) or original(device))
    X, y = np.zeros((8, 3)), np.arange(8) % 2
    result = train.fit(model, X, y, steps=1)
    # trained there, then handed back where it was (the CPU, where it was made)
    assert seen[0] == "cpu:0" and seen[-1] == torch.device("cpu") and result["device"] == "cpu:0"
    asked = []
    as_tensor = torch.as_tensor
    monkeypatch.setattr(torch, "as_tensor", lambda *a, **k: asked.append(k.get("device"))
                        or as_tensor(*a, **k))
    train.as_tensors(X, y)
    assert asked == ["cpu", "cpu"], "tensors for a model as fit hands it back: on the CPU"


def test_resolve_device_keeps_a_model_the_caller_put_on_a_gpu(monkeypatch):
    from dlfaq.core import config

    class OnGpu(torch.nn.Module):
        def parameters(self):
            yield torch.empty(0, device="meta")  # stands for a parameter away from the CPU

    monkeypatch.setattr(config, "_chosen_device", "cpu")
    assert config.resolve_device(None, OnGpu()) == "meta"
    assert config.resolve_device(None, torch.nn.Linear(2, 2)) == "cpu"
    assert config.resolve_device("cpu", OnGpu()) == "cpu"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_training_on_a_gpu_hands_the_model_back_on_the_cpu():
    # what the notebooks do after training: read weights with NumPy, feed CPU tensors
    import numpy as np

    from dlfaq.core.config import device_of
    from dlfaq.learn import convnets, nets, train

    X, y = np.random.default_rng(0).normal(size=(64, 40)), np.arange(64) % 10
    for model in (nets.MLP(40, 10, depth=2, width=8), convnets.ConvNet1D(length=40, channels=4)):
        result = train.fit(model, X, y, steps=3, device="cuda")
        assert result["device"].startswith("cuda") and device_of(model).type == "cpu"
        assert train.evaluate(model, X, y, device="cuda")["accuracy"] >= 0
        assert device_of(model).type == "cpu"
        model(torch.as_tensor(X[:2], dtype=torch.float32))
        [p.detach().numpy() for p in model.parameters()]
