"""Notebook 04's table over five seeds, with its settings chosen on validation data.

    python tools/tricks_seeds.py        # about 5 to 10 minutes on 2 CPU cores

1. Chooses the learning rate shared by every row (from LEARNING_RATES, by the mean validation
   accuracy over the rows and seeds 0-2) and then the residual branches' scale (from
   BRANCH_SCALES, same rule, residual row only): on the validation split that
   ``dlfaq.studies.tricks.compare`` carves from the training digits, never on the test set.
2. Runs every row of the table for seeds 0-4 with the chosen settings, and the depth sweep of
   the degradation figure (plain and residual ReLU nets, 3 and 10 hidden layers; 30 is the
   table's).
3. Writes notebooks/results/04_tricks_seeds.json: the settings, the selection, the rows (each
   number as a list over the seeds) and the sweep, with the date, the machine and this command.

Notebook 04 reads that file, checks that its own seed-0 run agrees with it and shows the
spread; tests/test_tricks.py asserts the notebook's claims over its five seeds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "notebooks" / "results" / "04_tricks_seeds.json"
#: The settings of notebook 04's table, except the two chosen below.
SETTINGS = {"depth": 30, "width": 32, "steps": 100, "batch_size": 128, "pretrain_steps": 25,
            "n_grad": 256, "validation": 0.2}
LEARNING_RATES = (1e-3, 3e-3, 1e-2)
BRANCH_SCALES = (0.03, 0.1, 0.3)
RESIDUAL = "ReLU, He + residual (scaled branches)"
SELECTION_SEEDS = (0, 1, 2)
SEEDS = (0, 1, 2, 3, 4)
SWEEP_DEPTHS = (3, 10)
SWEEP_ROWS = ("ReLU, He init", RESIDUAL)


def _plain(rows) -> list[dict]:
    """over_seeds rows -> JSON-ready dicts (arrays to lists)."""
    return [{k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in r.items()}
            for r in rows]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    import torch

    import dlfaq
    from dlfaq.learn import data
    from dlfaq.studies import tricks

    dlfaq.setup(verbose=False, device="cpu")
    digits = data.load_digits()
    start = time.perf_counter()
    run = {"settings": dict(SETTINGS), "progress": False, "device": "cpu"}

    def val_accuracy(rows):
        return {r["configuration"]: float(np.mean(r["val_accuracy"])) for r in rows}

    by_lr = {}
    for lr in LEARNING_RATES:
        rows = tricks.over_seeds(SELECTION_SEEDS, None, digits, lr=lr, progress=False,
                                 **SETTINGS)
        by_lr[lr] = val_accuracy(rows)
        print(f"lr {lr:g}: mean validation accuracy {np.mean(list(by_lr[lr].values())):.3f}",
              flush=True)
    lr = max(LEARNING_RATES, key=lambda v: np.mean(list(by_lr[v].values())))
    by_scale = {}
    for scale in BRANCH_SCALES:
        settings = {**tricks.CONFIGURATIONS[RESIDUAL], "residual_scale": scale}
        rows = tricks.over_seeds(SELECTION_SEEDS, {RESIDUAL: settings}, digits, lr=lr,
                                 progress=False, **SETTINGS)
        by_scale[scale] = val_accuracy(rows)[RESIDUAL]
        print(f"branch scale {scale:g}: validation accuracy {by_scale[scale]:.3f}", flush=True)
    scale = max(BRANCH_SCALES, key=by_scale.get)

    configurations = dict(tricks.CONFIGURATIONS)
    configurations[RESIDUAL] = {**configurations[RESIDUAL], "residual_scale": scale}
    rows = tricks.over_seeds(SEEDS, configurations, digits, lr=lr, progress=False, **SETTINGS)
    print(tricks.format_spread(rows), flush=True)
    sweep = {}
    for depth in SWEEP_DEPTHS:
        settings = {**SETTINGS, "depth": depth}
        for r in tricks.over_seeds(SEEDS, {n: configurations[n] for n in SWEEP_ROWS}, digits,
                                   lr=lr, progress=False, **{k: v for k, v in settings.items()}):
            sweep.setdefault(r["configuration"], {})[depth] = r["train_loss"].tolist()
    for r in rows:
        if r["configuration"] in SWEEP_ROWS:
            sweep[r["configuration"]][SETTINGS["depth"]] = r["train_loss"].tolist()

    run["settings"].update(lr=lr)
    report = {
        "meta": {"date": dt.date.today().isoformat(), "cpus": os.cpu_count(),
                 "processor": _cpu_model(), "python": platform.python_version(),
                 "torch": torch.__version__, "command": "python tools/tricks_seeds.py",
                 "load_average": round(os.getloadavg()[0], 1),
                 "minutes": round((time.perf_counter() - start) / 60, 1)},
        "settings": run["settings"],
        "selection": {"seeds": list(SELECTION_SEEDS),
                      "learning_rate": {f"{v:g}": acc for v, acc in by_lr.items()},
                      "chosen_learning_rate": lr,
                      "branch_scale": {f"{v:g}": acc for v, acc in by_scale.items()},
                      "chosen_branch_scale": scale},
        "rows": _plain(rows),
        "sweep": {name: {str(d): v for d, v in sorted(losses.items())}
                  for name, losses in sweep.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)} in {report['meta']['minutes']} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
