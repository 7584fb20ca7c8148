"""The tricks that made depth trainable, measured side by side (notebook 04).

:func:`compare` trains the same deep :class:`dlfaq.nets.MLP` on the same data for the same
number of steps once per *configuration* (sigmoid or ReLU, an initialisation, batch norm,
residual connections, layer-wise pretraining) and returns one plain row per configuration:
final training loss, test accuracy, the norm of the first layer's gradient at the start of
supervised training and the wall time. :data:`CONFIGURATIONS` names the rows of notebook 04's
table; the benchmark (``make bench``) calls :func:`compare` with small sizes. No plotting here.
"""

from __future__ import annotations

import time

import numpy as np

from dlfaq import gradients, nets, pretrain, train
from dlfaq._checks import check_choice, check_int

#: The rows of notebook 04's table: name -> keyword arguments of :class:`dlfaq.nets.MLP`,
#: plus ``pretrain=True`` for greedy layer-wise pretraining before supervised training.
CONFIGURATIONS = {
    "sigmoid, Xavier": {"activation": "sigmoid", "init": "xavier"},
    "sigmoid, Xavier + batch norm": {"activation": "sigmoid", "init": "xavier",
                                     "batch_norm": True},
    "sigmoid, Xavier + pretraining": {"activation": "sigmoid", "init": "xavier",
                                      "pretrain": True},
    "ReLU, PyTorch default init": {"activation": "relu", "init": "default"},
    "ReLU, He init": {"activation": "relu", "init": "he"},
    "ReLU, He + residual (branches x 0.1)": {"activation": "relu", "init": "he",
                                             "residual": True, "residual_scale": 0.1},
}
_MLP_KEYS = {"activation", "init", "batch_norm", "residual", "residual_scale"}


def compare(configurations=None, data: dict | None = None, *, depth: int = 30, width: int = 32,
            steps: int = 300, batch_size: int = 128, lr: float = 3e-3,
            pretrain_steps: int = 25, n_grad: int = 256, seed: int = 0,
            device: str | None = None, progress: bool = True) -> list[dict]:
    """Train one deep MLP per configuration under the same budget; one row each.

    Parameters
    ----------
    configurations : list of names of :data:`CONFIGURATIONS`, or dict name -> settings
        Settings are :class:`dlfaq.nets.MLP` keyword arguments (``activation``, ``init``,
        ``batch_norm``, ``residual``, ``residual_scale``) and optionally ``pretrain=True``.
        Default: every entry of :data:`CONFIGURATIONS`.
    data : dict with X_train, y_train, X_test, y_test, optional
        Default: :func:`dlfaq.data.load_digits`.
    depth, width : int, default 30 and 32
        Hidden layers and units per layer, the same for every row (the size knob: tests and
        benchmarks use e.g. ``depth=3, width=8, steps=5``).
    steps, batch_size, lr : int, int, float, default 300, 128, 3e-3
        The supervised budget (Adam, :func:`dlfaq.train.fit`), the same for every row.
    pretrain_steps : int, default 25
        Autoencoder steps per layer for ``pretrain=True`` rows
        (:func:`dlfaq.pretrain.pretrain_layerwise`); not counted in ``steps``.
    n_grad : int, default 256
        Training samples on which the first layer's gradient is measured.
    seed : int, default 0
        Seed of the weights, the batches and the pretraining.
    device : str, optional
        Default: "cpu". Pass ``dlfaq.setup().device`` to use a GPU when there is one.
    progress : bool, default True
        Progress bars while training.

    Returns
    -------
    list of dicts, one per configuration, in order, with ``configuration`` (name),
    ``train_loss`` (mean cross-entropy on the whole training set after training),
    ``test_accuracy`` (0 to 1), ``first_layer_grad_norm`` (Frobenius norm of dL/dW of the first
    layer on ``n_grad`` training samples, before supervised training, after any pretraining),
    ``seconds`` (wall time of pretraining plus training), ``ms_per_step`` (supervised
    training), ``n_parameters``, ``depth`` and ``device``; and as arrays ``loss_curve``
    (steps,) the mini-batch loss of every step, ``grad_norms`` and ``act_spread`` (depth,)
    every hidden layer's gradient norm (:func:`dlfaq.gradients.measure`) and
    :func:`activation_spread` before supervised training.
    """
    from dlfaq import data as data_module

    configurations = _resolve(configurations)
    depth = check_int("depth", depth, low=1, high=200)
    n_grad = check_int("n_grad", n_grad, low=2)
    data = data_module.load_digits() if data is None else data
    missing = {"X_train", "y_train", "X_test", "y_test"} - set(data)
    if missing:
        raise ValueError(f"data lacks {sorted(missing)}; it needs X_train, y_train, X_test, "
                         "y_test (e.g. dlfaq.data.load_digits())")
    X, y = data["X_train"], data["y_train"]
    n_classes = int(max(y.max(), data["y_test"].max())) + 1
    device = device or "cpu"
    rows = []
    for name, settings in configurations.items():
        model = nets.MLP(X.shape[1], n_classes, depth=depth, width=width, seed=seed,
                         **{k: v for k, v in settings.items() if k in _MLP_KEYS}).to(device)
        start = time.perf_counter()
        if settings.get("pretrain"):
            pretrain.pretrain_layerwise(model, X, steps_per_layer=pretrain_steps,
                                        batch_size=batch_size, seed=seed,
                                        progress=progress)
        start_stats = gradients.measure(model, X[:n_grad], y[:n_grad], keep_activations=True)
        result = train.fit(model, X, y, X_test=data["X_test"], y_test=data["y_test"],
                           steps=steps, batch_size=batch_size, lr=lr, seed=seed,
                           progress=progress, description=name)
        rows.append({"configuration": name, "train_loss": result["train"]["loss"],
                     "test_accuracy": result["test"]["accuracy"],
                     "first_layer_grad_norm": float(start_stats["weight_grad_norm"][0]),
                     "seconds": time.perf_counter() - start,
                     "ms_per_step": 1000 * result["seconds"] / steps,
                     "n_parameters": model.n_parameters(), "depth": depth,
                     "device": result["device"], "loss_curve": result["train_loss"],
                     "grad_norms": start_stats["weight_grad_norm"][:-1],
                     "act_spread": activation_spread(start_stats["activations"])})
    return rows


def activation_spread(activations) -> np.ndarray:
    """How much each layer's output varies from one input to another: the standard deviation
    over the samples, averaged over the units (list of (n, width) tensors -> (depth,)).

    Unlike the standard deviation over all entries, this ignores differences between units
    that every input shares (set by the biases), so it falls to 0 when a layer's output no
    longer depends on the input.
    """
    return np.array([float(a.detach().std(dim=0).mean()) for a in activations])


def _resolve(configurations) -> dict:
    """Names or a dict of settings -> dict name -> settings, checked."""
    if configurations is None:
        return dict(CONFIGURATIONS)
    if isinstance(configurations, str):
        configurations = [configurations]
    if not isinstance(configurations, dict):
        configurations = {check_choice("configuration", name, CONFIGURATIONS):
                          CONFIGURATIONS[name] for name in configurations}
    if not configurations:
        raise ValueError("configurations must name at least one configuration")
    for name, settings in configurations.items():
        unknown = set(settings) - _MLP_KEYS - {"pretrain"}
        if unknown:
            raise ValueError(f"configuration {name!r} has unknown setting(s) {sorted(unknown)}; "
                             f"allowed: {sorted(_MLP_KEYS | {'pretrain'})}")
    return dict(configurations)


def format_table(rows) -> str:
    """The rows of :func:`compare` as a plain-text table with coarse numbers."""
    width = max(len("configuration"), *(len(r["configuration"]) for r in rows))
    lines = [f"{'configuration':<{width}}  train loss  test acc.  first-layer |dL/dW|  time",
             "-" * (width + 52)]
    for r in rows:
        lines.append(f"{r['configuration']:<{width}}  {r['train_loss']:10.2f}  "
                     f"{r['test_accuracy']:9.0%}  {r['first_layer_grad_norm']:19.0e}  "
                     f"{r['seconds']:4.1f} s")
    return "\n".join(lines)
