"""The networks the probes read (notebook 07): notebook 06's MNIST-1D ConvNet and MLP, trained
with their recipes, the same ConvNet untrained, and each layer's activations."""

from __future__ import annotations

import hashlib
import inspect
from pathlib import Path

import torch

from dlfaq.core.doors import Array, Int, door
from dlfaq.learn import convnets, data, nets, train
from dlfaq.studies import comparison

__all__ = ["NETWORKS", "layer_activations", "train_networks"]

#: The networks whose layers are probed, in table order.
NETWORKS = ("ConvNet", "ConvNet, untrained", "MLP")

def _cache_key(seed: int) -> str:
    """Changes whenever what the trained weights depend on changes (recipes, code, torch)."""
    parts = [repr(sorted(comparison.RECIPES.items())), inspect.getsource(convnets.ConvNet1D),
             inspect.getsource(nets.MLP), inspect.getsource(train.fit),
             inspect.getsource(comparison.deep_model), torch.__version__, str(seed)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]


@door(seed=Int(0))
def train_networks(seed: int = 0, *, device: str | None = None, progress: bool = False,
                   cache_dir=None) -> dict:
    """Train notebook 06's MNIST-1D ConvNet and MLP (their recipes, seed ``seed``).

    Parameters
    ----------
    seed : int, default 0
        Seed of the weights and the batch order.
    device : str, optional
        Where to train; default: the device :func:`dlfaq.setup` chose.
    progress : bool, default False
        Progress bars while training.
    cache_dir : path, optional
        Keep the trained weights there and reuse them while the recipes, the model code and
        torch's version stay the same (tests use it; the notebook trains live).

    Returns
    -------
    dict with ``models`` ({"ConvNet", "ConvNet, untrained", "MLP"}: torch models in eval mode
    on the CPU; the untrained one is the ConvNet's own starting point) and ``test_accuracy``
    ({"ConvNet", "MLP"}: the networks' own test accuracy, 0..1).
    """
    split = data.load_mnist1d()
    path = None
    if cache_dir is not None:
        path = Path(cache_dir) / f"mnist1d-networks-{_cache_key(seed)}.pt"
    untrained = comparison.deep_model("mnist1d", "ConvNet", 40, seed)
    trained, accuracy = {}, {}
    if path is not None and path.exists():
        saved = torch.load(path, weights_only=True)
        for name in ("ConvNet", "MLP"):
            trained[name] = comparison.deep_model("mnist1d", name, 40, seed)
            trained[name].load_state_dict(saved[name])
            accuracy[name] = float(saved["accuracy"][name])
    else:
        for name in ("ConvNet", "MLP"):
            run = comparison.run_deep("mnist1d", name, split["X_train"], split["y_train"],
                                     split["X_test"], split["y_test"], seed=seed,
                                     progress=progress, device=device)
            trained[name] = run["model"].cpu()
            accuracy[name] = float(run["test_accuracy"])
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            torch.save({**{n: m.state_dict() for n, m in trained.items()},
                        "accuracy": accuracy}, path)
    models = {"ConvNet": trained["ConvNet"], "ConvNet, untrained": untrained,
              "MLP": trained["MLP"]}
    for model in models.values():
        model.eval()
    return {"models": models, "test_accuracy": accuracy}


@torch.no_grad()
@door(X=Array(ndim=2, min_rows=1))
def layer_activations(model, X) -> dict:
    """Each hidden layer's activations (after its ReLU), flattened: {name: (n, d) float32}.

    A :class:`dlfaq.learn.convnets.ConvNet1D` gives "conv 1", "conv 2", "conv 3" (channels x
    positions); a :class:`dlfaq.learn.nets.MLP` gives "hidden 1", "hidden 2", ... The last one is
    the layer that feeds the output layer.
    """
    if not isinstance(model, (convnets.ConvNet1D, nets.MLP)):
        raise TypeError(f"model must be a ConvNet1D or an MLP, got {type(model).__name__}")
    X = torch.as_tensor(X, dtype=torch.float32)
    model = model.cpu().eval()
    if isinstance(model, convnets.ConvNet1D):
        maps = model.features(X)
        return {f"conv {i}": m.flatten(1).numpy() for i, m in enumerate(maps, start=1)}
    if isinstance(model, nets.MLP):
        _, hidden = model(X, return_activations=True)
        return {f"hidden {i}": h.numpy() for i, h in enumerate(hidden, start=1)}
    raise TypeError(f"model must be a ConvNet1D or an MLP, got {type(model).__name__}")
