"""The doors of notebook 06's margins and 07's random-convolution probe and motif task (issue
24), kept apart so that tests/door_table.py stays readable; door_table merges them into DOORS."""

from __future__ import annotations

import numpy as np
from door_specs import Array, Device, Door, Fixed, Float, Int, Labels

from dlfaq.learn import motifs
from dlfaq.studies import comparison, margins, motif_study, probes

ANSWER_DOORS: dict[str, Door] = {
    "probes.random_conv_probe": Door(probes.random_conv_probe, {
        "X_train": Array((None, 12), rows=20), "y_train": Fixed(np.arange(20) % 2),
        "X_test": Array((None, 12), rows=6), "y_test": Fixed(np.arange(6) % 2),
        "n_kernels": Int(1, 20_000, cheap=3), "seed": Int(0)}),
    "margins.mcnemar": Door(margins.mcnemar, {
        "right_a": Fixed(np.arange(10) % 2 == 0, (np.zeros((2, 2)), np.zeros(3), np.zeros(0))),
        "right_b": Fixed(np.arange(10) % 3 == 0)}),
    "comparison.search_sizes": Door(comparison.search_sizes, {
        "sizes": Fixed((250,), ((10,), (10**6,), ("a",))), "seed": Int(0),
        "device": Device()}, good_calls=False),
    # 07: the motif-order task
    "motifs.make_motif_order": Door(motifs.make_motif_order, {
        "n": Int(1, 1_000_000, cheap=5), "max_gap": Int(0, 20, cheap=6),
        "noise": Float(0.0, 2.0), "seed": Int(0)}),
    "motifs.load_motif_order": Door(motifs.load_motif_order, {
        "seed": Int(0), "n_train": Int(10, 100_000, cheap=12),
        "n_test": Int(10, 100_000, cheap=12)}),
    "motifs.MotifNet": Door(motifs.MotifNet, {
        "channels": Int(1, 256, cheap=4), "n_out": Int(1, None, cheap=2), "seed": Int(0)}),
    "motif_study.pooled_layers": Door(motif_study.pooled_layers, {
        "model": Fixed(motifs.MotifNet(channels=2), ("model", None)),
        "X": Array((None, 96), rows=3)}),
    "motif_study.train_motifnet": Door(motif_study.train_motifnet, {
        "X_train": Array((None, 96), rows=12), "y_train": Labels(12, 2),
        "X_test": Array((None, 96), rows=12), "y_test": Labels(12, 2), "seed": Int(0),
        "device": Device()}, good_calls=False),
    "motif_study.search": Door(motif_study.search, {
        "seed": Int(0), "device": Device()}, good_calls=False),
    "motif_study.study": Door(motif_study.study, {
        "seed": Int(0), "n_kernels": Int(1, 20_000, cheap=3), "device": Device()},
        good_calls=False),
    "motif_study.seed_sweep": Door(motif_study.seed_sweep, {
        "seeds": Fixed([0], ([-1], ["a"], [0.5], "0"))}, good_calls=False),
}

ANSWER_NOT_DOORS = {
    "motif_study.main": "command line (argparse checks its arguments)",
    "motif_study.lead": "reads accuracies the package computed",
    "motif_study.claims": "reads accuracies the package computed",
    "motif_study.one_standard_error": "reads validation scores the package computed",
    "margins.over_seeds": "compares accuracies the package computed",
}
