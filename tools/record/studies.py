"""The parts of the records of notebooks 04 (``tricks``), 06 (``comparison``) and 07
(``probes``, ``motifs``). Each part is ``function(seeds, record) -> what the file keeps``;
``record`` is the file as it stands (the parts already recorded)."""

from __future__ import annotations

import numpy as np

from dlfaq.studies.seeds import over_seeds

# ---- notebook 04: the tricks' table over five seeds, its settings chosen on validation data
#: The settings of notebook 04's table, except the two chosen by ``selection``.
TRICKS_SETTINGS = {"depth": 30, "width": 32, "steps": 100, "batch_size": 128,
                   "pretrain_steps": 25, "n_grad": 256, "validation": 0.2}
LEARNING_RATES = (1e-3, 3e-3, 1e-2)
BRANCH_SCALES = (0.03, 0.1, 0.3)
RESIDUAL = "ReLU, He + residual (scaled branches)"
#: The depth sweep of the degradation figure (30, the table's, comes from ``rows``).
SWEEP_DEPTHS = (3, 10)
SWEEP_ROWS = ("ReLU, He init", RESIDUAL)


def _tricks_rows(configurations, seeds, **settings) -> list[dict]:
    from dlfaq.learn import data
    from dlfaq.studies import tricks

    runs = over_seeds(tricks.compare, seeds, configurations=configurations,
                      data=data.load_digits(), progress=False, device="cpu",
                      **{**TRICKS_SETTINGS, **settings})
    return [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in row.items()}
            for row in tricks.gather(runs)]


def tricks_selection(seeds, record) -> dict:
    """The learning rate shared by every row (from :data:`LEARNING_RATES`, by the mean
    validation accuracy over the rows and the seeds), then the residual branches' scale (from
    :data:`BRANCH_SCALES`, same rule, residual row only): on the validation split that
    ``tricks.compare`` carves from the training digits, never on the test set."""
    from dlfaq.studies import tricks

    def val_accuracy(rows):
        return {r["configuration"]: float(np.mean(r["val_accuracy"])) for r in rows}

    by_lr = {lr: val_accuracy(_tricks_rows(None, seeds, lr=lr)) for lr in LEARNING_RATES}
    lr = max(LEARNING_RATES, key=lambda v: np.mean(list(by_lr[v].values())))
    by_scale = {scale: val_accuracy(_tricks_rows(
        {RESIDUAL: {**tricks.CONFIGURATIONS[RESIDUAL], "residual_scale": scale}}, seeds,
        lr=lr))[RESIDUAL] for scale in BRANCH_SCALES}
    return {"settings": {**TRICKS_SETTINGS, "lr": lr}, "seeds": list(seeds),
            "learning_rate": {f"{v:g}": acc for v, acc in by_lr.items()},
            "chosen_learning_rate": lr,
            "branch_scale": {f"{v:g}": acc for v, acc in by_scale.items()},
            "chosen_branch_scale": max(BRANCH_SCALES, key=by_scale.get)}


def _chosen_configurations(record) -> tuple[dict, float]:
    from dlfaq.studies import tricks

    chosen = record["selection"]
    configurations = dict(tricks.CONFIGURATIONS)
    configurations[RESIDUAL] = {**configurations[RESIDUAL],
                                "residual_scale": chosen["chosen_branch_scale"]}
    return configurations, chosen["chosen_learning_rate"]


def tricks_rows(seeds, record) -> list[dict]:
    """Every row of the table with the settings ``selection`` chose: each number a list over
    the seeds."""
    configurations, lr = _chosen_configurations(record)
    return _tricks_rows(configurations, seeds, lr=lr)


def tricks_sweep(seeds, record) -> dict:
    """The final training loss of the plain and residual ReLU nets at :data:`SWEEP_DEPTHS`
    hidden layers, and at the table's 30 (from ``rows``): {row: {depth: [per seed]}}."""
    configurations, lr = _chosen_configurations(record)
    sweep = {}
    for depth in SWEEP_DEPTHS:
        for r in _tricks_rows({n: configurations[n] for n in SWEEP_ROWS}, seeds, lr=lr,
                              depth=depth):
            sweep.setdefault(r["configuration"], {})[depth] = r["train_loss"]
    for r in record["rows"]:
        if r["configuration"] in SWEEP_ROWS and r["seeds"] == list(seeds):
            sweep[r["configuration"]][TRICKS_SETTINGS["depth"]] = r["train_loss"]
    return {name: {str(d): v for d, v in sorted(losses.items())}
            for name, losses in sweep.items()}


# ---- notebook 06: usual machine learning against deep learning on MNIST-1D
def _pairs(by_key: dict) -> dict:
    """Tuple keys -> "model / features" strings (JSON keys are strings)."""
    return {" / ".join(map(str, key)): value for key, value in by_key.items()}


def comparison_search(seeds, record) -> dict:
    """The validation search of every row of notebook 06's table (one seed)."""
    from dlfaq.studies import comparison

    return _pairs(comparison.search("mnist1d", seed=seeds[0]))


def comparison_search_sizes(seeds, record) -> dict:
    """The validation search of the training-size curve (one seed)."""
    from dlfaq.studies import comparison

    return _pairs(comparison.search_sizes(seed=seeds[0]))


def comparison_study(seeds, record) -> dict:
    """Every experiment of notebook 06 (table, shuffled positions, training-size curve) over
    the seeds: :func:`dlfaq.studies.comparison.gather`'s shape."""
    from dlfaq.studies import comparison

    result = comparison.gather(over_seeds(comparison.experiments, seeds))
    return {**result, "table": _pairs(result["table"]),
            "train_seconds": _pairs(result["train_seconds"])}


# ---- notebook 07: linear probes and the motif study
def probes_sweep(seeds, record) -> dict:
    """Notebook 07's probe table summarised per seed: {seed: {row: accuracy}}."""
    from dlfaq.studies import probes

    return {str(seed): {key: round(value, 3) for key, value in acc.items()}
            for seed, acc in over_seeds(probes.probe_summary, seeds).items()}


def motifs_search(seeds, record) -> dict:
    """The MotifNet's learning rate on validation (one seed)."""
    from dlfaq.studies import motif_study

    found = motif_study.search(seeds[0])
    return {"lr": list(motif_study.LR_GRID), "scores": [round(s, 4) for s in found["scores"]]}


def motifs_study(seeds, record) -> dict:
    """The motif study, boosting included, per seed: {seed: {row: accuracy}}."""
    from dlfaq.studies import motif_study

    return {str(seed): {key: round(value, 4) for key, value in result["accuracy"].items()}
            for seed, result in over_seeds(motif_study.study, seeds, boosting=True).items()}


FIVE, UNSEEN = (0, 1, 2, 3, 4), (10, 11, 12, 13, 14)
#: record -> {part: (function, its seeds)}, in the order a whole record is run.
PARTS = {
    "tricks": {"selection": (tricks_selection, (0, 1, 2)), "rows": (tricks_rows, FIVE),
               "sweep": (tricks_sweep, FIVE)},
    "comparison": {"search": (comparison_search, (0,)),
                   "search_sizes": (comparison_search_sizes, (0,)),
                   "study": (comparison_study, FIVE), "unseen": (comparison_study, UNSEEN)},
    "probes": {"sweep": (probes_sweep, FIVE + UNSEEN)},
    "motifs": {"search": (motifs_search, (0,)), "study": (motifs_study, FIVE + UNSEEN)},
}
