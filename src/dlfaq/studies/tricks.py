"""The tricks that made depth trainable, measured side by side (notebook 04).

:func:`compare` trains the same deep :class:`dlfaq.learn.nets.MLP` on the same data for the same
number of supervised steps once per *configuration* (sigmoid or ReLU, an initialisation, batch
norm, residual connections, layer-wise pretraining or only its per-layer standardisation, or a
one-hidden-layer reference) and returns one plain row per configuration: final training loss,
validation and test accuracy, the first layer's gradient at the start of supervised training,
the budget and the wall time. A validation split is carved from the training data
(:func:`dlfaq.learn.train.validation_split`, stratified): settings are chosen on it, never on the
test set. :func:`format_table` prints the rows. Over seeds, :func:`dlfaq.studies.seeds.over_seeds`
repeats :func:`compare`, :func:`gather` collects each row's numbers over the seeds and
:func:`format_spread` prints the mean and spread; ``python -m tools.record tricks`` runs them for
notebook 04 and records the result.
:data:`CONFIGURATIONS` names the rows of notebook 04's table; the benchmark (``make bench``)
calls :func:`compare` with small sizes. No plotting here.
"""

from __future__ import annotations

import inspect
import time

import numpy as np

from dlfaq.core.checks import check_choice
from dlfaq.core.config import resolve_device
from dlfaq.core.doors import Int, Switch, door
from dlfaq.core.tables import Column
from dlfaq.core.tables import format_table as _format_table
from dlfaq.learn import gradients, nets, optim, pretrain, train

__all__ = ["ADAM_EPS", "CONFIGURATIONS", "QUICK", "SCALARS", "TABLE_COLUMNS", "TRICKS_TABLE",
           "activation_spread", "compare", "disagreements", "format_spread", "format_table",
           "gather", "spread"]

#: The rows of notebook 04's table: name -> keyword arguments of :class:`dlfaq.learn.nets.MLP`,
#: plus ``pretrain`` (True: greedy layer-wise autoencoders before supervised training;
#: "standardise": only their per-layer input standardisation, no training) and ``depth`` (to
#: override the table's depth, as the one-hidden-layer reference row does). The residual
#: branches' scale, like the learning rate of notebook 04, was chosen on validation data by
#: ``python -m tools.record tricks``.
#: Notebook 04's comparison table: ``compare(data=digits, **TRICKS_TABLE, device=...)``, one
#: deep MLP per configuration of :data:`CONFIGURATIONS` under the same budget; ``make bench``
#: times exactly this.
TRICKS_TABLE = {"depth": 30, "width": 32, "steps": 100, "lr": 3e-3, "seed": 0}

CONFIGURATIONS = {
    "sigmoid, Xavier": {"activation": "sigmoid", "init": "xavier"},
    "sigmoid, Xavier + batch norm": {"activation": "sigmoid", "init": "xavier",
                                     "batch_norm": True},
    "sigmoid, Xavier + pretraining": {"activation": "sigmoid", "init": "xavier",
                                      "pretrain": True},
    "sigmoid, Xavier + standardisation only": {"activation": "sigmoid", "init": "xavier",
                                               "pretrain": "standardise"},
    "ReLU, PyTorch default init": {"activation": "relu", "init": "default"},
    "ReLU, He init": {"activation": "relu", "init": "he"},
    "ReLU, He + residual (scaled branches)": {"activation": "relu", "init": "he",
                                              "residual": True, "residual_scale": 0.03},
    "one hidden layer (ReLU, He)": {"activation": "relu", "init": "he", "depth": 1},
}
_MLP_KEYS = {"activation", "init", "batch_norm", "residual", "residual_scale"}
_OTHER_KEYS = {"pretrain", "depth"}
_PRETRAIN = (False, True, "standardise")

#: Adam's epsilon as :func:`dlfaq.learn.train.fit` uses it (the default of
#: :class:`dlfaq.learn.optim.Adam`, torch's): a gradient entry far below it gets a step
#: proportionally smaller than the learning rate; above it, a full step.
ADAM_EPS = inspect.signature(optim.Adam).parameters["eps"].default

#: The sizes :func:`compare` caps with ``quick=True`` (a smoke test).
QUICK = {"depth": 3, "width": 8, "steps": 5, "pretrain_steps": 2, "n_grad": 16}

#: The numbers of a row that :func:`gather` collects over seeds.
SCALARS = ("train_loss", "val_accuracy", "test_accuracy", "first_layer_grad_norm",
           "first_layer_above_eps", "out_spread", "train_seconds")


@door(depth=Int(1, 200, cheap=3), width=Int(1, cheap=8), steps=Int(1, cheap=5),
      pretrain_steps=Int(0, 1_000_000), n_grad=Int(2), quick=Switch())
def compare(configurations=None, data: dict | None = None, *, depth: int = 30, width: int = 32,
            steps: int = 300, batch_size: int = 128, lr: float = 3e-3,
            pretrain_steps: int = 25, n_grad: int = 256, validation: float = 0.2,
            seed: int = 0, quick: bool = False, device: str | None = None,
            progress: bool = False) -> list[dict]:
    """Train one MLP per configuration under the same supervised budget; one row each.

    Parameters
    ----------
    configurations : list of names of :data:`CONFIGURATIONS`, or dict name -> settings
        Settings are :class:`dlfaq.learn.nets.MLP` keyword arguments (``activation``, ``init``,
        ``batch_norm``, ``residual``, ``residual_scale``), optionally ``pretrain`` (True or
        "standardise") and ``depth``. Default: every entry of :data:`CONFIGURATIONS`.
    data : dict with X_train, y_train, X_test, y_test (and optionally X_val, y_val), optional
        Default: :func:`dlfaq.learn.data.load_digits`.
    depth, width : int, default 30 and 32
        Hidden layers and units per layer, the same for every row unless a configuration sets
        its own ``depth``.
    steps, batch_size, lr : int, int, float, default 300, 128, 3e-3
        The supervised budget (Adam, :func:`dlfaq.learn.train.fit`), the same for every row.
    pretrain_steps : int, default 25
        Autoencoder steps per layer for ``pretrain=True`` rows
        (:func:`dlfaq.learn.pretrain.pretrain_layerwise`), on top of ``steps``: such a row's budget
        is ``steps`` supervised steps plus ``depth * pretrain_steps`` autoencoder steps (each
        through one layer and its decoder), reported as ``autoencoder_steps``.
    n_grad : int, default 256
        Training samples on which the first layer's gradient is measured.
    validation : float, default 0.2
        Fraction of the training data held out as a validation set (stratified, always the
        same samples: :func:`dlfaq.learn.train.validation_split` with ``stratify=True`` and seed
        0), unless ``data`` brings its own
        ``X_val``, ``y_val``. Training uses the rest.
    seed : int, default 0
        Seed of the weights, the batches and the pretraining.
    quick : bool, default False
        Smoke-test size: caps the sizes at :data:`QUICK` (3 hidden layers of 8 units, 5
        steps, 2 autoencoder steps per layer, 16 gradient samples). The numbers it gives are
        not the lesson's.
    device : str, optional
        Default: the device :func:`dlfaq.setup` chose (:func:`dlfaq.core.config.default_device`).
    progress : bool, default False
        Progress bars while training.

    Returns
    -------
    list of dicts, one per configuration, in order, with ``configuration`` (name),
    ``train_loss`` (mean cross-entropy on the training part after training),
    ``val_accuracy`` and ``test_accuracy`` (0 to 1), ``first_layer_grad_norm`` (Frobenius norm
    of dL/dW of the first layer on ``n_grad`` training samples, before supervised training,
    after any pretraining), ``first_layer_above_eps`` (the fraction of those gradient entries
    above Adam's epsilon :data:`ADAM_EPS`), ``out_spread`` (:func:`activation_spread` of the
    last hidden layer, same moment), ``steps``, ``autoencoder_steps``, ``train_seconds`` (wall
    time of pretraining plus supervised training), ``pretrain_seconds``, ``ms_per_step``
    (supervised training), ``n_parameters``, ``depth``, ``n_train``, ``n_val``, ``seed`` and
    ``device``; and as arrays ``history`` (steps,) the mini-batch loss of every step,
    ``grad_norms`` and ``act_spread`` (depth,) every hidden layer's gradient norm
    (:func:`dlfaq.learn.gradients.measure`) and :func:`activation_spread` before supervised
    training.
    """
    from dlfaq.learn import data as data_module

    configurations = _resolve(configurations)
    if quick:
        depth, width, steps = (min(depth, QUICK["depth"]), min(width, QUICK["width"]),
                               min(steps, QUICK["steps"]))
        pretrain_steps = min(pretrain_steps, QUICK["pretrain_steps"])
        n_grad = min(n_grad, QUICK["n_grad"])
    data = data_module.load_digits() if data is None else data
    missing = {"X_train", "y_train", "X_test", "y_test"} - set(data)
    if missing:
        raise ValueError(f"data lacks {sorted(missing)}; it needs X_train, y_train, X_test, "
                         "y_test (e.g. dlfaq.learn.data.load_digits())")
    if "X_val" in data and "y_val" in data:
        X, y, X_val, y_val = data["X_train"], data["y_train"], data["X_val"], data["y_val"]
    else:
        X, y, X_val, y_val = train.validation_split(data["X_train"], data["y_train"],
                                                    validation, stratify=True)
    n_classes = int(max(y.max(), y_val.max(), data["y_test"].max())) + 1
    device = resolve_device(device)
    rows = []
    for name, settings in configurations.items():
        row_depth = settings.get("depth", depth)
        row_depth = min(row_depth, QUICK["depth"]) if quick else row_depth
        model = nets.MLP(X.shape[1], n_classes, depth=row_depth, width=width, seed=seed,
                         **{k: v for k, v in settings.items() if k in _MLP_KEYS}).to(device)
        start = time.perf_counter()
        autoencoder_steps = 0
        if settings.get("pretrain") == "standardise":
            pretrain.standardise_layerwise(model, X, device=device)
        elif settings.get("pretrain"):
            pretrain.pretrain_layerwise(model, X, steps_per_layer=pretrain_steps,
                                        batch_size=batch_size, seed=seed,
                                        device=device, progress=progress)
            autoencoder_steps = row_depth * pretrain_steps
        pretrain_seconds = time.perf_counter() - start
        start_stats, first_grad = _measure_at_start(model, X[:n_grad], y[:n_grad])
        result = train.fit(model, X, y, X_test=X_val, y_test=y_val, steps=steps,
                           batch_size=batch_size, lr=lr, seed=seed, device=device,
                           progress=progress, description=name)
        test = train.evaluate(model, data["X_test"], data["y_test"], device=device)
        spread = activation_spread(start_stats["activations"])
        rows.append({"configuration": name, "train_loss": result["train_loss"],
                     "val_accuracy": result["test_accuracy"],
                     "test_accuracy": test["accuracy"],
                     "first_layer_grad_norm": float(start_stats["weight_grad_norm"][0]),
                     "first_layer_above_eps": float((first_grad.abs() > ADAM_EPS)
                                                    .double().mean()),
                     "out_spread": float(spread[-1]),
                     "steps": steps, "autoencoder_steps": autoencoder_steps,
                     "train_seconds": time.perf_counter() - start,
                     "pretrain_seconds": pretrain_seconds,
                     "ms_per_step": 1000 * result["train_seconds"] / steps,
                     "n_parameters": result["n_parameters"], "depth": row_depth,
                     "n_train": len(X), "n_val": len(X_val), "seed": seed,
                     "device": result["device"], "history": result["history"],
                     "grad_norms": start_stats["weight_grad_norm"][:-1],
                     "act_spread": spread})
    return rows


def gather(runs: dict) -> list[dict]:
    """{seed: :func:`compare`'s rows} (``over_seeds(compare, seeds, ...)``,
    :func:`dlfaq.studies.seeds.over_seeds`) -> one row per configuration, each of
    :data:`SCALARS` as an array over the seeds (in their order), plus ``configuration``,
    ``seeds`` and ``depth``."""
    if not runs:
        raise ValueError("runs must hold at least one seed's rows")
    seeds = list(runs)
    return [{"configuration": rows[0]["configuration"], "seeds": seeds,
             "depth": rows[0]["depth"],
             **{key: np.array([r[key] for r in rows]) for key in SCALARS}}
            for rows in zip(*runs.values(), strict=True)]


def spread(values) -> tuple[float, float]:
    """``(mean, sd)`` of values over seeds (sd: sample standard deviation, 0 for one value)."""
    values = np.asarray(values, dtype=float)
    return float(values.mean()), float(values.std(ddof=1)) if len(values) > 1 else 0.0


def format_spread(rows) -> str:
    """Rows of :func:`gather` (or the same dicts read back from JSON) as a plain-text
    table (:func:`dlfaq.core.tables.format_table`): mean +- sd over the seeds of the training loss,
    the validation accuracy (on which settings are chosen) and the test accuracy (which
    reports them)."""
    n = len(rows[0]["seeds"])
    return _format_table(rows, [
        ("configuration", f"configuration, over {n} seeds"),
        Column("train_loss", "train loss (mean +- sd)",
               value=lambda r: "{:.2f} +- {:.2f}".format(*spread(r["train_loss"])), align=">"),
        Column("val_accuracy", "val. acc. (mean +- sd)",
               value=lambda r: "{:.0%} +- {:.0%}".format(*spread(r["val_accuracy"])),
               align=">"),
        Column("test_accuracy", "test acc. (mean +- sd)",
               value=lambda r: "{:.0%} +- {:.0%}".format(*spread(r["test_accuracy"])),
               align=">")])


def disagreements(rows, saved_rows) -> list[str]:
    """What in ``rows`` (one seed of :func:`compare`) disagrees with the same seed in
    ``saved_rows`` (rows of :func:`gather`, or the same dicts read back from JSON); an
    empty list when they agree up to a CPU's rounding.

    Checked per row: the first layer's gradient norm at the start of supervised training
    (within a factor 1.5: no training has happened yet, or only the autoencoders'), and the
    outcome of training, whose rounding differences grow over 100 steps in the rows that are
    sensitive to the seed: the training loss within max(0.1, 3 sd over the saved seeds) and the
    validation accuracy within max(0.05, 3 sd).
    """
    saved = {r["configuration"]: r for r in saved_rows}
    problems = []
    for row in rows:
        name = row["configuration"]
        if name not in saved:
            problems.append(f"{name}: not in the saved run")
            continue
        other = saved[name]
        if row["seed"] not in other["seeds"]:
            problems.append(f"{name}: seed {row['seed']} not in the saved run")
            continue
        i = list(other["seeds"]).index(row["seed"])
        grad, saved_grad = row["first_layer_grad_norm"], other["first_layer_grad_norm"][i]
        if not (saved_grad / 1.5 <= grad <= 1.5 * saved_grad):
            problems.append(f"{name}: first-layer gradient {grad:.2g}, saved {saved_grad:.2g}")
        for key, floor in (("train_loss", 0.1), ("val_accuracy", 0.05)):
            values = np.asarray(other[key], dtype=float)
            tolerance = max(floor, 3 * spread(values)[1])
            if abs(row[key] - values[i]) > tolerance:
                problems.append(f"{name}: {key} {row[key]:.3g}, saved {values[i]:.3g} "
                                f"(tolerance {tolerance:.2g})")
    return problems


def activation_spread(activations) -> np.ndarray:
    """How much each layer's output varies from one input to another: the standard deviation
    over the samples, averaged over the units (list of (n, width) tensors -> (depth,)).

    Unlike the standard deviation over all entries, this ignores differences between units
    that every input shares (set by the biases), so it falls to 0 when a layer's output no
    longer depends on the input.
    """
    return np.array([float(a.detach().std(dim=0).mean()) for a in activations])


def _measure_at_start(model, X, y):
    """:func:`dlfaq.learn.gradients.measure` on (X, y) with the activations, and the first layer's
    dL/dW itself (caught on its way by a hook: one forward and backward pass for both)."""
    caught = []
    hook = model.hidden[0].weight.register_hook(lambda grad: caught.append(grad.detach()))
    try:
        measured = gradients.measure(model, X, y, keep_activations=True)
    finally:
        hook.remove()
    return measured, caught[0]


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
        unknown = set(settings) - _MLP_KEYS - _OTHER_KEYS
        if unknown:
            raise ValueError(f"configuration {name!r} has unknown setting(s) {sorted(unknown)}; "
                             f"allowed: {sorted(_MLP_KEYS | _OTHER_KEYS)}")
        if settings.get("pretrain", False) not in _PRETRAIN:
            raise ValueError(f"configuration {name!r}: pretrain must be one of {_PRETRAIN}, "
                             f"got {settings['pretrain']!r}")
    return dict(configurations)


#: The columns :func:`format_table` shows (:func:`dlfaq.core.tables.format_table`).
TABLE_COLUMNS = (("configuration",), ("train_loss", "train loss", ".2f"),
                 ("val_accuracy", "val. acc.", ".0%"), ("test_accuracy", "test acc.", ".0%"),
                 ("first_layer_grad_norm", "first-layer |dL/dW|", ".0e"),
                 ("train_seconds", "time (s)", ".1f"))


def format_table(rows) -> str:
    """The rows of :func:`compare` as a plain-text table with coarse numbers
    (:func:`dlfaq.core.tables.format_table` with :data:`TABLE_COLUMNS`)."""
    return _format_table(rows, TABLE_COLUMNS)
