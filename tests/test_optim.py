"""dlfaq.learn.optim: the optimizers written out train a model to exactly the weights torch's own
reach (the records of the series were made with torch's), without importing torch._dynamo."""

import subprocess
import sys

import pytest
import torch

from dlfaq.learn import convnets, optim, train


def _batches(n=12, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return [(torch.randn(32, 40, generator=generator),
             torch.randint(0, 10, (32,), generator=generator)) for _ in range(n)]


def _train(model, opt, batches, schedule=None):
    for step, (x, y) in enumerate(batches):
        if schedule is not None:
            schedule(step)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [p.detach().clone() for p in model.parameters()]


@pytest.mark.parametrize("name, kwargs", [
    ("Adam", {"lr": 1e-2}), ("Adam", {"lr": 3e-3, "weight_decay": 1e-3}),
    ("SGD", {"lr": 0.1}), ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 1e-4})])
def test_each_optimizer_reaches_torchs_weights_to_the_bit(name, kwargs):
    batches = _batches()
    theirs_model, ours_model = convnets.ConvNet1D(seed=3), convnets.ConvNet1D(seed=3)
    theirs = _train(theirs_model, getattr(torch.optim, name)(theirs_model.parameters(),
                                                             **kwargs), batches)
    ours = _train(ours_model, getattr(optim, name)(ours_model.parameters(), **kwargs), batches)
    assert all(torch.equal(a, b) for a, b in zip(theirs, ours, strict=True))
    assert not torch.equal(theirs[0], convnets.ConvNet1D(seed=3).convs[0].weight)  # it trained


@pytest.mark.parametrize("name", ["Adam", "SGD"])
def test_one_cycle_is_torchs_schedule_to_the_bit(name):
    steps, max_lr = 12, 0.05
    batches = _batches(steps)
    theirs_model, ours_model = convnets.ConvNet1D(seed=1), convnets.ConvNet1D(seed=1)
    opt = getattr(torch.optim, name)(theirs_model.parameters(), lr=max_lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=max_lr, total_steps=steps)
    rates = []
    for x, y in batches:
        group = opt.param_groups[0]
        rates.append((group["lr"], group["betas"][0] if name == "Adam" else group["momentum"]))
        loss = torch.nn.functional.cross_entropy(theirs_model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        scheduler.step()
    theirs = [p.detach().clone() for p in theirs_model.parameters()]
    ours_rates = list(optim.one_cycle(steps, max_lr))
    assert ours_rates == rates
    ours_opt = getattr(optim, name)(ours_model.parameters(), lr=max_lr)

    def schedule(step):
        ours_opt.lr, ours_opt.momentum = ours_rates[step]

    ours = _train(ours_model, ours_opt, batches, schedule)
    assert all(torch.equal(a, b) for a, b in zip(theirs, ours, strict=True))


def test_fit_with_the_series_recipe_matches_torchs_optimizer():
    """train.fit's one-cycle Adam recipe (notebooks 05-08) against the same loop on torch's."""
    X, y = _batches(1)[0]
    recipe = {"steps": 20, "batch_size": 8, "lr": 6e-2, "weight_decay": 1e-4}
    ours_model = convnets.ConvNet1D(seed=2)
    train.fit(ours_model, X.numpy(), y.numpy(), schedule="onecycle", seed=5, **recipe)
    model = convnets.ConvNet1D(seed=2)
    opt = torch.optim.Adam(model.parameters(), lr=recipe["lr"],
                           weight_decay=recipe["weight_decay"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=recipe["lr"],
                                                    total_steps=recipe["steps"])
    generator = torch.Generator().manual_seed(5)
    order, position = torch.randperm(len(X), generator=generator), 0
    for _ in range(recipe["steps"]):
        if position + recipe["batch_size"] > len(X):
            order, position = torch.randperm(len(X), generator=generator), 0
        index = order[position:position + recipe["batch_size"]]
        position += recipe["batch_size"]
        loss = torch.nn.functional.cross_entropy(model(X[index]), y[index])
        opt.zero_grad()
        loss.backward()
        opt.step()
        scheduler.step()
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), ours_model.parameters(),
                                                 strict=True))


def test_training_never_imports_torchs_compiler():
    code = ("import sys, numpy as np; from dlfaq.learn import convnets, pretrain, train, nets; "
            "X = np.random.default_rng(0).normal(size=(64, 40)).astype('float32'); "
            "y = np.arange(64) % 10; "
            "train.fit(convnets.ConvNet1D(), X, y, steps=3, schedule='onecycle'); "
            "train.fit(nets.MLP(40, 10, depth=2, width=8), X, y, steps=3, optimizer='sgd'); "
            "print('torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_canary_torch_optim_still_imports_its_compiler():
    """Canary: dlfaq.learn.optim exists because building any torch.optim optimizer imports
    torch's compiler, torch._dynamo (``add_param_group`` is marked "never compile"): with torch
    2.13 on a CPU, 1.1 s and 71 MB in every kernel; ``import torch`` alone imports torch.optim
    without it. Passes while that holds; fails on the torch release where it stops."""
    code = ("import sys, torch; before = 'torch._dynamo' in sys.modules; "
            "w = torch.nn.Parameter(torch.zeros(3)); w.sum().backward(); "
            "opts = [torch.optim.SGD([w], lr=0.1, momentum=0.9), torch.optim.Adam([w])]; "
            "torch.optim.lr_scheduler.OneCycleLR(opts[1], max_lr=0.1, total_steps=2); "
            "[o.step() for o in opts]; "
            "print(before, 'torch._dynamo' in sys.modules)")
    before, after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                   check=True).stdout.split()
    retire = ("so dlfaq.learn.optim saves nothing: retire it (learn/train.py and learn/pretrain.py "
              "back on torch.optim.SGD/Adam and torch.optim.lr_scheduler.OneCycleLR, "
              "studies/tricks.ADAM_EPS read from torch.optim.Adam, src/dlfaq/learn/optim.py and "
              "this file's comparisons deleted), then re-measure notebooks 05-08's time and memory")
    torch_version = f"torch {torch.__version__}"
    assert before == "False", f"{torch_version}: import torch now imports torch._dynamo, {retire}"
    assert after == "True", (f"{torch_version}: torch.optim no longer imports torch._dynamo when "
                             f"an optimizer is built, {retire}")


def test_adam_eps_of_the_tricks_study_is_the_one_training_uses():
    from dlfaq.studies import tricks

    params = list(convnets.ConvNet1D().parameters())
    assert tricks.ADAM_EPS == optim.Adam(params).eps == torch.optim.Adam(params).defaults["eps"]


def test_bad_settings_are_refused_by_name():
    params = list(convnets.ConvNet1D().parameters())
    with pytest.raises(ValueError, match="lr"):
        optim.Adam(params, lr=0)
    with pytest.raises(ValueError, match="momentum"):
        optim.SGD(params, momentum=1.5)
    with pytest.raises(ValueError, match="steps"):
        optim.one_cycle(0, 0.1)
