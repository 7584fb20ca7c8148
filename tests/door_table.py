"""Every public door of dlfaq and what it accepts: the table tests/test_doors.py checks.

:data:`DOORS` pairs each public entry point with the specs (tests/door_specs.py) of its
parameters; :data:`NOT_DOORS` names the public callables that are not doors a learner's input
goes through, each with the reason. A new public function belongs in one of them.
"""

from __future__ import annotations

import numpy as np
from door_specs import Array, Choice, Device, Door, Fixed, Float, Int, Labels, Switch
from door_table_answer import ANSWER_DOORS, ANSWER_NOT_DOORS

import dlfaq
from dlfaq import exercises, explorers
from dlfaq.learn import (
    backprop,
    compute,
    convnets,
    data,
    depth,
    features,
    gradients,
    nets,
    neuron,
    optim,
    pretrain,
    train,
)
from dlfaq.plots import render
from dlfaq.studies import comparison, depth_width, overfitting, probes, reuse, tabular, tricks


def tiny_mlp(n_in=2, n_out=2, **kw):
    return nets.MLP(n_in, n_out, depth=2, width=4, **kw)


X2, Y2 = Array((None, 2)), Labels(12, 2)
TINY_SPLIT = {k: np.arange(12.0).reshape(6, 2) if k.startswith("X") else np.arange(6) % 2
              for k in ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")}
IMAGE = Array((8, 8), any_size=True)
Z = Array((5,), -50, 50, min_rows=0, any_shape=True)
TINY_MLP = tiny_mlp()
TINY_CONV = convnets.ConvNet1D(length=16, channels=2, n_out=3)

DOORS: dict[str, Door] = {
    # data
    "data.make_2d": Door(data.make_2d, {
        "name": Choice(data.TOY_SETS), "n_samples": Int(4, 100_000, cheap=400),
        "noise": Float(0.0, 10.0),
        "seed": Int(0)}),
    "data.shifted_patterns": Door(data.shifted_patterns, {
        "n_samples": Int(4, 100_000, cheap=40), "length": Int(8, 1024, cheap=32),
        "seed": Int(0)}),
    "data.load_digits": Door(data.load_digits, {
        "test_size": Float(0.0, 1.0, low_inclusive=False), "seed": Int(0)},
        good_calls=False),
    # 01: one neuron
    "neuron.sigmoid": Door(neuron.sigmoid, {"z": Z}),
    "neuron.sigmoid_prime": Door(neuron.sigmoid_prime, {"z": Z}),
    "neuron.step": Door(neuron.step, {"z": Z}),
    "neuron.predict_proba": Door(neuron.predict_proba, {
        "X": X2, "w": Array((2,)), "b": Float()}),
    "neuron.log_loss": Door(neuron.log_loss, {"p": Array((12,), 0.0, 1.0), "y": Y2}),
    "neuron.accuracy": Door(neuron.accuracy, {"p": Array((12,), 0.0, 1.0), "y": Y2}),
    "neuron.train_logistic": Door(neuron.train_logistic, {
        "X": Array((None, 2), any_size=True), "y": Y2, "lr": Float(0.0, 100.0, low_inclusive=False),
        "steps": Int(1, 1_000_000, cheap=30),
        "l2": Float(0.0, 10.0)}),
    "neuron.probability_grid": Door(neuron.probability_grid, {
        "w": Array((2,)), "b": Float(), "resolution": Int(2, 1000, cheap=50)}),
    "neuron.boundary_segment": Door(neuron.boundary_segment, {
        "w": Array((2,)), "b": Float(), "extent": Fixed((-2.0, 2.0, -2.0, 2.0),
                                                        ((2.0, -2.0, -2.0, 2.0), "box", None))}),
    # 02: backprop from scratch
    "backprop.activate": Door(backprop.activate, {
        "z": Z, "activation": Choice(backprop.ACTIVATIONS)}),
    "backprop.init_params": Door(backprop.init_params, {
        "sizes": Fixed([2, 3, 2], ([2], [2, 0, 2], "abc", [2.5, 2])), "seed": Int(0)}),
    "backprop.fit": Door(backprop.fit, {
        "X": Array((None, 2), any_size=True), "y": Y2, "hidden": Int(1, 4096, cheap=8),
        "activation": Choice(backprop.ACTIVATIONS), "lr": Float(0.0, 1000.0, low_inclusive=False),
        "steps": Int(1, 1_000_000, cheap=20),
        "seed": Int(0)}),
    "backprop.loss": Door(backprop.loss, {
        "params": Fixed(backprop.init_params([2, 3, 2])), "X": X2, "y": Y2,
        "activation": Choice(backprop.ACTIVATIONS)}),
    "backprop.backward": Door(backprop.backward, {
        "params": Fixed(backprop.init_params([2, 3, 2])), "X": X2, "y": Y2,
        "activation": Choice(backprop.ACTIVATIONS)}),
    "backprop.numerical_gradient": Door(backprop.numerical_gradient, {
        "params": Fixed(backprop.init_params([2, 3, 2])), "X": X2, "y": Y2,
        "eps": Float(0.0, 1.0, low_inclusive=False)}),
    # networks and training
    "nets.MLP": Door(nets.MLP, {
        "n_in": Int(1, None, cheap=16), "n_out": Int(1, None, cheap=8),
        "depth": Int(1, 200, cheap=6), "width": Int(1, 4096, cheap=16),
        "activation": Choice(tuple(nets.ACTIVATIONS)), "init": Choice(tuple(nets.INITS)),
        "batch_norm": Switch(), "residual": Switch(),
        "residual_scale": Float(0.0, 1.0, low_inclusive=False), "seed": Int(0)}),
    "train.fit": Door(train.fit, {
        "model": Fixed(TINY_MLP, ("model", None, np.eye(2))), "X_train": X2, "y_train": Y2,
        "steps": Int(1, 10_000_000, cheap=5), "batch_size": Int(1, None, cheap=64),
        "lr": Float(0.0, 1.0, low_inclusive=False), "optimizer": Choice(train.OPTIMIZERS),
        "weight_decay": Float(0.0, 1.0), "seed": Int(0), "device": Device(),
        "progress": Fixed(False)}),
    "train.fit (ConvNet)": Door(train.fit, {
        "model": Fixed(TINY_CONV), "X_train": Array((None, 16)), "y_train": Labels(12, 3),
        "steps": Int(1, 10_000_000, cheap=3), "progress": Fixed(False)}),
    "optim.SGD": Door(optim.SGD, {
        "params": Fixed(list(tiny_mlp().parameters()), ([], 3, "w", [1.0])),
        "lr": Float(0.0, None, low_inclusive=False), "momentum": Float(0.0, 1.0),
        "weight_decay": Float(0.0)}),
    "optim.Adam": Door(optim.Adam, {
        "params": Fixed(list(tiny_mlp().parameters()), ([], 3, "w", [1.0])),
        "lr": Float(0.0, None, low_inclusive=False),
        "betas": Fixed((0.9, 0.999), (0.9, "ab", (0.9, 2.0), (-0.1, 0.9), (0.9, 0.99, 0.9))),
        "eps": Float(0.0), "weight_decay": Float(0.0)}),
    "optim.one_cycle": Door(optim.one_cycle, {
        "steps": Fixed(10, (0, -3, 1.5, None)),
        "max_lr": Float(0.0, None, low_inclusive=False),
        "pct_start": Float(0.0, 1.0, low_inclusive=False),
        "div_factor": Float(0.0, None, low_inclusive=False),
        "final_div_factor": Float(0.0, None, low_inclusive=False),
        "base_momentum": Float(0.0, 1.0), "max_momentum": Float(0.0, 1.0)}),
    "train.evaluate": Door(train.evaluate, {
        "model": Fixed(TINY_MLP, ("model", None)), "X": X2, "y": Y2, "device": Device(),
        "batch_size": Int(1, None, cheap=4096)}),
    "train.device_of": Door(train.device_of, {"model": Fixed(TINY_MLP, ("model", None))}),
    "gradients.measure": Door(gradients.measure, {
        "model": Fixed(tiny_mlp()), "X": X2, "y": Y2, "loss": Choice(gradients.LOSSES)}),
    "pretrain.pretrain_layerwise": Door(pretrain.pretrain_layerwise, {
        "model": Fixed(tiny_mlp(), ("model", None)), "X": X2,
        "steps_per_layer": Int(0, None, cheap=3),
        "batch_size": Int(1, 64), "lr": Float(0.0, 1.0, low_inclusive=False),
        "corruption": Float(0.0, 0.99), "seed": Int(0), "progress": Fixed(False)}),
    # 05: ConvNets
    "convnets.correlate2d": Door(convnets.correlate2d, {
        "image": IMAGE, "kernel": Array((3, 3), any_size=True)}),
    "convnets.pool2d": Door(convnets.pool2d, {
        "feature_map": IMAGE, "size": Int(1, 8), "mode": Choice(convnets.POOLS)}),
    "convnets.square_kernel": Door(convnets.square_kernel, {
        "kind": Choice(tuple(convnets.KERNEL_KINDS)), "size": Int(2, 7)}),
    "convnets.shift_image": Door(convnets.shift_image, {
        "image": IMAGE, "dy": Int(None, None), "dx": Int(None, None)}),
    "convnets.zoom_image": Door(convnets.zoom_image, {"image": IMAGE, "factor": Float(0.5, 3)}),
    "convnets.ConvNet1D": Door(convnets.ConvNet1D, {
        "length": Int(8, None, cheap=64), "channels": Int(1, None, cheap=8),
        "n_out": Int(1, None, cheap=10), "seed": Int(0)}),
    "convnets.ConvNet2D": Door(convnets.ConvNet2D, {
        "channels": Int(1, None, cheap=8), "n_out": Int(1, None, cheap=10), "seed": Int(0)}),
    "convnets.receptive_field": Door(convnets.receptive_field, {
        "row": Int(0, 5), "col": Int(0, 5), "kernel_size": Fixed(3, (0, 9, 2.5)),
        "image_shape": Fixed((8, 8), ((8,), "8x8", (0, 8)))}),
    "convnets.receptive_field_view": Door(convnets.receptive_field_view, {
        "image": IMAGE, "row": Int(0, 5), "col": Int(0, 5), "kernel_size": Choice((3,)),
        "kind": Choice(tuple(convnets.KERNEL_KINDS))}),
    "convnets.conv_parameters": Door(convnets.conv_parameters, {
        "in_shape": Fixed((8, 8), ((8,), "8x8", (0, 8))), "out_channels": Int(1, 16),
        "kernel_size": Int(1, 8), "in_channels": Int(1, 4)}),
    # 06: features and the comparison
    "features.fft_features": Door(features.fft_features, {
        "X": Array((None, 16), any_size=True)}),
    "features.gradient_histograms": Door(features.gradient_histograms, {
        "images": Array((None, 8, 8), rows=3, any_size=True), "cell_size": Int(1, 8),
        "n_bins": Int(2, 16)}),
    "comparison.compare": Door(comparison.compare, {
        "dataset": Choice(comparison.DATASETS), "seed": Int(0), "device": Device()},
        good_calls=False),
    "comparison.load": Door(comparison.load, {
        "dataset": Choice(comparison.DATASETS), "seed": Int(0)}, good_calls=False),
    "comparison.engineer": Door(comparison.engineer, {
        "dataset": Choice(("mnist1d",)), "X": Array((None, 40))}),
    "comparison.classical_model": Door(comparison.classical_model, {
        "name": Choice(tuple(comparison.CLASSICAL)), "seed": Int(0)}),
    "comparison.deep_model": Door(comparison.deep_model, {
        "dataset": Choice(comparison.DATASETS), "name": Choice(tuple(comparison.DEEP)),
        "n_in": Fixed(40), "seed": Int(0)}, good_calls=False),
    "comparison.run_classical": Door(comparison.run_classical, {
        "name": Choice(("logistic regression",)), "X_train": X2,
        "y_train": Fixed(np.arange(12) % 2), "X_test": X2,
        "y_test": Labels(12, 2, bounded=False), "seed": Int(0)}),
    "comparison.run_deep": Door(comparison.run_deep, {
        "dataset": Choice(("mnist1d",)), "name": Choice(("MLP",)),
        "X_train": Array((None, 40)), "y_train": Labels(12, 10), "X_test": Array((None, 40)),
        "y_test": Labels(12, 10), "steps": Int(1, None, cheap=3), "device": Device()}),
    "comparison.permutation": Door(comparison.permutation, {
        "length": Int(1, 100), "seed": Int(0)}),
    "comparison.shuffle_positions": Door(comparison.shuffle_positions, {
        "dataset": Choice(comparison.DATASETS), "seed": Int(0), "device": Device()},
        good_calls=False),
    "comparison.training_size_curve": Door(comparison.training_size_curve, {
        "dataset": Choice(comparison.DATASETS), "classical": Choice(tuple(comparison.CLASSICAL)),
        "deep": Choice(tuple(comparison.DEEP)), "seed": Int(0)}, good_calls=False),
    "compute.make_problem": Door(compute.make_problem, {
        "batch_size": Int(1, None, cheap=8), "n_in": Int(1, None, cheap=8),
        "hidden": Int(1, None, cheap=8), "n_out": Int(2, None, cheap=5), "seed": Int(0)}),
    "compute.throughput": Door(compute.throughput, {
        "batch_size": Int(1, None, cheap=8), "hidden": Int(1, None, cheap=8),
        "loop_samples": Int(1, 8, cheap=2), "min_seconds": Float(0.0, 10.0,
                                                                  low_inclusive=False),
        "seed": Int(0), "device": Device()}, good_calls=False),
    "depth.sawtooth": Door(depth.sawtooth, {
        "x": Array((None,), low=0.0, high=1.0), "k": Int(1, 30, cheap=5)}),
    "depth.deep_sawtooth_net": Door(depth.deep_sawtooth_net, {"k": Int(1, 30, cheap=4)}),
    "depth.shallow_fits": Door(depth.shallow_fits, {
        "k": Int(1, 16, cheap=3), "n_points": Int(3, 10_000_000, cheap=40)}),
    "tabular.manipulate": Door(tabular.manipulate, {
        "split": Fixed(TINY_SPLIT, ({}, None, "split")), "kind": Choice(tabular.MANIPULATIONS),
        "seed": Int(0), "n_noise": Int(1, 10_000, cheap=3)}),
    "tabular.manipulation_table": Door(tabular.manipulation_table, {
        "seeds": Fixed([0], ([-1], ["a"], [0.5], [])), "mlp_steps": Int(1, None, cheap=2)},
        good_calls=False),
    "overfitting.SeededDropout": Door(overfitting.SeededDropout, {
        "p": Float(0.0, 1.0, high_inclusive=False), "seed": Int(0)}),
    "overfitting.with_dropout": Door(overfitting.with_dropout, {
        "model": Fixed(tiny_mlp(), ("model", None)), "p": Float(0.0, 1.0, high_inclusive=False),
        "seed": Int(0)}),
    "overfitting.random_label_curves": Door(overfitting.random_label_curves, {
        "name": Choice(("MLP", "ConvNet")), "steps": Int(1, None, cheap=2),
        "every": Int(1, None, cheap=1), "seed": Int(0)}, good_calls=False),
    "overfitting.dropout_curves": Door(overfitting.dropout_curves, {
        "p": Float(0.0, 1.0, high_inclusive=False), "steps": Int(1, None, cheap=2),
        "seed": Int(0)}, good_calls=False),
    "reuse.reuse_controls": Door(reuse.reuse_controls, {
        "n_per_class": Int(1, None, cheap=2), "n_kernels": Int(1, 100_000, cheap=3),
        "seed": Int(0)}, good_calls=False),
    "tricks.compare": Door(tricks.compare, {
        "depth": Int(1, 60), "steps": Int(1, 10**5), "seed": Int(0),
        "device": Device()}, good_calls=False),
    "train.validation_split": Door(train.validation_split, {
        "X": X2, "y": Labels(12, 2, bounded=False),
        "fraction": Float(0.0, 1.0, low_inclusive=False, high_inclusive=False),
        "seed": Int(0), "stratify": Fixed(False, ("yes", 1, None))}),
    "comparison.train_mnist1d_convnet": Door(comparison.train_mnist1d_convnet, {
        "X_train": Array((None, 40), any_size=True), "y_train": Labels(12, 10), "seed": Int(0),
        "device": Device()}, good_calls=False),
    "comparison.search": Door(comparison.search, {
        "dataset": Choice(comparison.DATASETS), "seed": Int(0), "device": Device()},
        good_calls=False),
    "features.random_kernels": Door(features.random_kernels, {
        "n_kernels": Int(1, 100_000, cheap=20), "length": Int(11, None, cheap=60),
        "seed": Int(0)}),
    "features.random_conv_features": Door(features.random_conv_features, {
        "X": Array((None, 40), any_size=True), "seed": Int(0)}),
    "neuron.best_line": Door(neuron.best_line, {
        "X": X2, "y": Y2, "n_directions": Int(4, 100_000, cheap=50)}),
    "pretrain.standardise_layerwise": Door(pretrain.standardise_layerwise, {
        "model": Fixed(tiny_mlp(), ("model", None)), "X": X2, "device": Device()}),
    "probes.probe": Door(probes.probe, {
        "F_train": Array((None, 3), rows=30), "y_train": Fixed(np.arange(30) % 3),
        "F_test": Array((None, 3), rows=6), "y_test": Fixed(np.arange(6) % 3),
        "max_iter": Int(1, None, cheap=50), "seed": Int(0)}),
    "probes.layer_activations": Door(probes.layer_activations, {
        "model": Fixed(TINY_CONV, ("model", None)), "X": Array((None, 16), any_size=True)}),
    "probes.top_fragments": Door(probes.top_fragments, {
        "model": Fixed(TINY_CONV), "X": Array((None, 16), any_size=True), "layer": Int(1, 3),
        "n_units": Fixed(2), "k": Int(1, 12)}),
    "probes.train_networks": Door(probes.train_networks, {
        "seed": Int(0), "device": Device()}, good_calls=False),
    "probes.probe_table": Door(probes.probe_table, {
        "seed": Int(0), "device": Device()}, good_calls=False),
    "probes.seed_sweep": Door(probes.seed_sweep, {
        "seeds": Fixed([0], ([-1], ["a"], [0.5], "0"))}, good_calls=False),
    "render.set_renderer": Door(render.set_renderer, {"name": Choice(("auto", "png"))}),
    # 08: when to use which
    "tabular.load_tabular": Door(tabular.load_tabular, {
        "name": Choice(tabular.TABULAR), "seed": Int(0)}),
    "tabular.tabular_search": Door(tabular.tabular_search, {
        "name": Choice(tabular.TABULAR), "model": Choice(("gradient boosting", "MLP")),
        "seed": Int(0), "mlp_steps": Int(1, None, cheap=5)}, good_calls=False),
    "depth_width.mlp_parameters": Door(depth_width.mlp_parameters, {
        "n_in": Int(1, None), "n_out": Int(1, None), "depth": Int(1, None),
        "width": Int(1, None)}),
    "depth_width.matched_widths": Door(depth_width.matched_widths, {
        "n_in": Int(1, None, cheap=40), "n_out": Int(1, None, cheap=10),
        "depths": Fixed((1, 2), ("12", None, (0,), (1.5,))), "budget": Int(1, None, cheap=5000)}),
    "depth_width.convnet_parameters": Door(depth_width.convnet_parameters, {
        "n_in": Int(8, None), "n_out": Int(1, None), "depth": Int(1, None),
        "width": Int(1, None)}),
    "depth_width.depth_vs_width": Door(depth_width.depth_vs_width, {
        "X_train": Array((None, 4)), "y_train": Labels(12, 3, bounded=False),
        "X_val": Array((None, 4)), "y_val": Labels(12, 3, bounded=False),
        "network": Choice(("MLP", "ConvNet")),
        "budget": Int(1, None), "steps": Fixed(None, (0, -1, 1.5, "5")),
        "lr": Fixed(None, (0.0, -1.0, float("nan"), "x")),
        "weight_decay": Float(0.0, 1.0)}, good_calls=False),
    "overfitting.mnist1d_split": Door(overfitting.mnist1d_split, {"n_train": Int(10, 3000)}),
    "overfitting.mnist1d_curves": Door(overfitting.mnist1d_curves, {
        "name": Choice(tuple(overfitting.CURVE_RECIPES)),
        "regulariser": Choice(overfitting.REGULARISERS),
        "n_train": Int(10, 3000), "steps": Int(1, None), "every": Int(1, None),
        "max_shift": Int(0, None), "seed": Int(0)}, good_calls=False),
    "overfitting.learning_curves": Door(overfitting.learning_curves, {
        "model": Fixed(TINY_MLP, ("model", None)), "X_train": X2, "y_train": Y2,
        "X_val": X2, "y_val": Y2, "every": Int(1, None, cheap=3),
        "n_train_eval": Int(1, None, cheap=12), "steps": Int(1, None, cheap=3)}),
    "reuse.reuse_features": Door(reuse.reuse_features, {
        "source": Fixed((0, 1, 2), ((0,), (0, 10), ("a", "b"), (-1, 0))),
        "target": Fixed((3, 4), ((3,), (3, 3.5))), "n_per_class": Int(1, None),
        "source_steps": Int(1, None), "scratch_steps": Int(1, None), "seed": Int(0)},
        good_calls=False),
    "overfitting.ShiftAugment": Door(overfitting.ShiftAugment, {
        "model": Fixed(TINY_MLP), "max_shift": Int(0, None), "seed": Int(0)}),
    # set-up and exercises
    "session.setup": Door(dlfaq.setup, {
        "threads": Int(1, 2), "device": Choice(("auto", "cpu")), "verbose": Fixed(False)}),
    "exercises.check": Door(exercises.check, {
        "exercise_id": Choice(tuple(exercises.ids())), "answer": Fixed(None)}),
    "exercises.solution": Door(exercises.solution, {
        "exercise_id": Choice(tuple(exercises.ids()))}),
}

# Explorers: their constructors' arguments are doors too (a learner builds one with other data).
for _name, _factory, _params in [
    ("explorers.logistic_explorer", explorers.logistic_explorer, {"X": X2, "y": Y2}),
    ("explorers.hidden_layer_explorer", explorers.hidden_layer_explorer, {
        "name": Choice(("xor", "moons")), "steps": Int(10, 20_000, cheap=40),
        "activation": Choice(backprop.ACTIVATIONS), "seed": Int(0)}),
    ("explorers.gradient_explorer", explorers.gradient_explorer, {
        "depth": Int(1, 8), "width": Int(4, 16), "activation": Choice(("sigmoid", "relu")),
        "max_depth": Fixed(8), "max_width": Fixed(16), "n_samples": Fixed(16)}),
    ("explorers.receptive_field_explorer", explorers.receptive_field_explorer, {
        "image": Fixed(np.eye(8)), "row": Int(0, 7), "col": Int(0, 7)}),
    ("explorers.pooling_explorer", explorers.pooling_explorer, {
        "image": IMAGE, "kernel": Array((3, 3), any_size=True), "size": Int(1, 4),
        "mode": Choice(convnets.POOLS), "shift": Int(-3, 3)}),
]:
    DOORS[_name] = Door(_factory, _params, good_calls=False)

#: Public callables that are not doors a learner's input goes through, and why.
NOT_DOORS = {
    "depth.count_pieces": "counts the pieces of functions depth.sawtooth and the nets computed",
    "compute.step_loops": "one step of compute.throughput on the problem its door checked",
    "compute.step_per_sample": "one step of compute.throughput on the problem its door checked",
    "compute.step_batched": "one step of compute.throughput on the problem its door checked",
    "neuron.unit_view": "the logistic explorer's compute call; its inputs pass that explorer's "
                        "door and Explorer.set",
    "backprop.training_history": "the hidden-layer explorer's compute call (same door)",
    "backprop.snapshot_view": "reads a training_history result",
    "gradients.layer_view": "the gradient explorer's compute call (same door)",
    "gradients.value_range": "the gradient explorer's histogram range (same door)",
    "convnets.pooling_view": "the pooling explorer's compute call (same door)",
    "convnets.relative_change": "compares two arrays the package computed",
    "neuron.grid_probabilities": "takes a model's predict function; probability_grid is its door",
    "curves": "smooths and averages results the package computed, before a plot draws them",
    "tables": "formats rows the package computed",
    "config.resolve_device": "the device rule; its device is check_device's, tested through "
                             "every door's Device spec",
    "nets.n_parameters": "counts the parameters of any torch module",
    "plots": "draws what a compute function returned on an Axes the package made",
    "explorers.interactive_figure": "internal canvas factory (its size comes from the explorers)",
    "explorers.Explorer": "the mechanism; its door is Explorer.set, tested below for every explorer",
    "explorers.slider": "builds a control of an explorer the package made",
    "session.Setup": "a record returned by setup()",
    "checks": "the door checks themselves, tested in tests/test_doors.py's own cases",
    "config.set_default_device": "called by setup() with the device it chose",
    "explorers.check_control_value": "Explorer.set's check, tested below for every explorer",
    "exercises.Feedback": "a record returned by grade()",
    "exercises.Exercise": "a record of the registry",
    "exercises.reference_answer": "for tests; the id is checked as in exercises.solution",
    "exercises.grade": "exercises.check without printing (same door)",
    "exercises.ids": "takes nothing",
    "gradients.GradientRecorder": "a callback object handed to train.fit",
    "gradients.saturation": "called by gradients.measure on its own outputs",
    "gradients.histograms": "called by gradients.measure on its own outputs",
    "nets.init_linear": "called by nets.MLP on its own layers",
    "train.as_tensors": "conversion after train.fit/evaluate checked the data",
    "config.device_of": "called by resolve_device and train.device_of, which check the model",
    "backprop.activate_prime": "called by backprop.backward on its own forward pass",
    "backprop.softmax": "called by backprop.forward on its own scores",
    "backprop.forward": "called by loss/backward after their checks",
    "backprop.loss_and_gradients": "called by backward/fit after their checks",
    "backprop.max_relative_error": "compares two gradient lists the package computed",
    "backprop.probability_grid": "draws a trained model from backprop.fit",
    "comparison.table": "formats rows the package computed",
    "tricks.format_table": "formats rows the package computed",
    "tricks.activation_spread": "called by tricks.compare on its own activations",
    "config.default_device": "takes nothing",
    "data.load_mnist1d": "takes nothing",
    "convnets.edge_kernels": "takes nothing",
    "explorer.check_control_value": "the check behind Explorer.set, tested through it",
    "memory_guard": "runs inside the Jupyter server; configured, not called by learners",
    "comparison.main": "command line (argparse checks its arguments)",
    "probes.main": "command line (argparse checks its arguments)",
    "comparison.seed_spread": "runs compare/search per seed: their doors",
    "tricks.over_seeds": "runs tricks.compare per seed: its door",
    "tricks.spread": "summarises results the package computed",
    "tricks.format_spread": "formats rows the package computed",
    "tricks.disagreements": "compares rows the package computed with a saved run",
    "probes.accuracies": "reads a probe_table result",
    "probes.table": "formats a probe_table result",
    "probes.sweep_table": "formats a seed_sweep result",
    "probes.summary": "reads a probe_table result",
    "probes.claims": "reads accuracies the package computed",
    "probes.class_purity": "reads top_fragments' output",
    "probes.receptive_fields": "reads the layers of the package's own ConvNet1D",
    "data.cache_dir": "a path ($DLFAQ_CACHE_DIR or the user cache)",
    "data.digits_cache_path": "a path; load_digits checks the same arguments",
    "data.mnist1d_cache_path": "takes nothing",
    "render.resolve": "the choice behind setup(renderer=) and set_renderer",
    "render.on_colab": "takes nothing",
    "render.attach": "called by Explorer on its own figure",
    "render.IpymplRenderer": "made by render.attach",
    "render.PngRenderer": "made by render.attach",
    "tabular.tabular_comparison": "runs tabular_search per data set and seed: its door",
    "tabular.summarise": "summarises rows the package computed",
    "overfitting.shift_series": "called by ShiftAugment on its own batches",
}
DOORS.update(ANSWER_DOORS), NOT_DOORS.update(ANSWER_NOT_DOORS)  # tests/door_table_answer.py
