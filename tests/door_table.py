"""Every public door of dlfaq, found by its declaration, and what only a test knows of it.

A door declares what it accepts beside its code (``@door(...)``, :mod:`dlfaq.core.doors`);
:data:`DOORS` is every public function or class of the package with a declaration, each with
its declared specs, plus what :data:`TESTS` adds: fixtures for the arguments that are objects
(a tiny MLP, a tiny split), specs of the parameters the body checks against another argument
(labels against a model's outputs), and the doors whose good calls train for seconds
(``good_calls=False``). :data:`NOT_DOORS` names the public callables that are not doors a
learner's input goes through, each with the reason. A new public function belongs in one of
them.
"""

from __future__ import annotations

import numpy as np
from door_specs import Array, Choice, Door, Drawn, Fixed, Int, Labels

from dlfaq import exercises, explorers
from dlfaq.core import doors as spec
from dlfaq.core.doors import door_of
from dlfaq.learn import backprop, convnets, motifs, nets
from tools.doors import public_callables


def tiny_mlp(n_in=2, n_out=2, **kw):
    return nets.MLP(n_in, n_out, depth=2, width=4, **kw)


X2, Y2 = Array((None, 2)), Labels(12, 2)
X2N = spec.Array(shape=(None, 2), min_rows=1)  # n points in the plane
EXERCISE_IDS = spec.Choice(tuple(exercises.ids()))
CONV_X = spec.Array(ndim=2, min_rows=1, example=(12, 16))  # series for TINY_CONV
PARAMS = Fixed(list(tiny_mlp().parameters()), ([], 3, "w", [1.0]))  # an optimiser's tensors
TINY_SPLIT = {k: np.arange(12.0).reshape(6, 2) if k.startswith("X") else np.arange(6) % 2
              for k in ("X_train", "y_train", "X_val", "y_val", "X_test", "y_test")}
IMAGE = Array((8, 8), any_size=True)
Z = Array((5,), -50, 50, min_rows=0, any_shape=True)
TINY_MLP = tiny_mlp()
TINY_CONV = convnets.ConvNet1D(length=16, channels=2, n_out=3)

def declared() -> dict:
    """Every public callable with a door declaration, by its door name."""
    return {full: obj for _, full, obj in public_callables() if door_of(obj) is not None}


def more(good_calls: bool = True, **params) -> Door:
    """What a test adds to a declared door: fixtures and specs of parameters by name."""
    return Door(None, params, good_calls)


#: What only a test knows, by door name; "name (variant)": the door again, other fixtures.
TESTS: dict[str, Door] = {
    "data.load_digits": more(good_calls=False),
    "neuron.predict_proba": more(X=X2N),
    "neuron.boundary_segment": more(extent=Fixed((-2.0, 2.0, -2.0, 2.0),
                                                 ((2.0, -2.0, -2.0, 2.0), "box", None))),
    "neuron.grid_probabilities": more(predict=Fixed(lambda grid_x, grid_y: 0.5 + 0 * grid_x)),
    "backprop.init_params": more(sizes=Fixed([2, 3, 2], ([2], [2, 0, 2], "abc", [2.5, 2]))),
    **{f"backprop.{name}": more(params=Fixed(backprop.init_params([2, 3, 2])), X=X2N,
                                y=spec.Labels("X", classes=2))
       for name in ("loss", "backward", "numerical_gradient")},
    "backprop.fit": more(hidden=spec.Int(1, 4096, cheap=8)),
    "nets.MLP": more(width=spec.Int(1, 4096, cheap=16)),
    "train.fit": more(model=Fixed(TINY_MLP, ("model", None, np.eye(2))), X_train=X2N,
                      y_train=spec.Labels("X_train", classes=2), progress=Fixed(False)),
    "train.fit (ConvNet)": more(model=Fixed(TINY_CONV), X_train=spec.Array(shape=(None, 16)),
                                y_train=spec.Labels("X_train", classes=3), progress=Fixed(False)),
    "train.evaluate": more(model=Fixed(TINY_MLP, ("model", None)), X=X2N,
                           y=spec.Labels("X", classes=2)),
    "convnets.receptive_field": more(image_shape=Fixed((8, 8), ((8,), "8x8", (0, 8)))),
    "convnets.conv_parameters": more(in_shape=Fixed((8, 8), ((8,), "8x8", (0, 8)))),
    "gradients.measure": more(model=Fixed(tiny_mlp()), X=X2N, y=spec.Labels("X", classes=2)),
    "pretrain.pretrain_layerwise": more(model=Fixed(tiny_mlp(), ("model", None)), X=X2N,
                                        progress=Fixed(False)),
    "pretrain.standardise_layerwise": more(model=Fixed(tiny_mlp(), ("model", None)), X=X2N),
    "optim.SGD": more(params=PARAMS),
    "optim.Adam": more(params=PARAMS, betas=Fixed((0.9, 0.999), (
        0.9, "ab", (0.9, 2.0), (-0.1, 0.9), (0.9, 0.99, 0.9)))),
    "compute.throughput": more(good_calls=False),
    "motifs.make_motif_order": more(separation=Fixed(12, (0, 49, 1.5))),
    "margins.mcnemar": more(**{
        "right_a": Fixed(np.arange(10) % 2 == 0, (np.zeros((2, 2)), np.zeros(3), np.zeros(0))),
        "right_b": Fixed(np.arange(10) % 3 == 0)}),
    "tabular.manipulate": more(split=Fixed(TINY_SPLIT, ({}, None, "split"))),
    "tabular.manipulation_table": more(good_calls=False,
                                       seeds=Fixed([0], ([-1], ["a"], [0.5], []))),
    "tabular.tabular_search": more(good_calls=False),
    "overfitting.ShiftAugment": more(model=Fixed(TINY_MLP)),
    "overfitting.with_dropout": more(model=Fixed(tiny_mlp(), ("model", None))),
    "overfitting.learning_curves": more(
        model=Fixed(TINY_MLP, ("model", None)), X_train=X2N,
        y_train=spec.Labels("X_train", classes=2), y_val=spec.Labels("X_val", classes=2),
        steps=spec.Int(1, cheap=3)),
    **{f"overfitting.{name}": more(good_calls=False)
       for name in ("mnist1d_curves", "random_label_curves", "dropout_curves")},
    "reuse.reuse_controls": more(good_calls=False),
    "reuse.reuse_features": more(
        good_calls=False, source=Fixed((0, 1, 2), ((0,), (0, 10), ("a", "b"), (-1, 0))),
        target=Fixed((3, 4), ((3,), (3, 3.5)))),
    **{f"comparison.{name}": more(good_calls=False)
       for name in ("compare", "load", "deep_model", "shuffle_positions", "training_size_curve",
                    "search")},
    "comparison.engineer": more(dataset=Fixed("mnist1d", ("MNIST1D", None, 3)),
                                X=spec.Array(shape=(None, 40), min_rows=1)),
    "comparison.run_classical": more(
        name=spec.Choice(("logistic regression",)), X_train=X2N, y_train=Fixed(np.arange(12) % 2),
        X_test=X2N, y_test=spec.Labels("X_test")),
    "comparison.run_deep": more(
        dataset=spec.Choice(("mnist1d",)), name=spec.Choice(("MLP",)),
        X_train=spec.Array(shape=(None, 40), min_rows=1), y_train=spec.Labels("X_train", 10),
        X_test=spec.Array(shape=(None, 40), min_rows=1), y_test=spec.Labels("X_test", 10)),
    "comparison.train_mnist1d_convnet": more(
        good_calls=False, X_train=spec.Array(ndim=2, min_rows=1, example=(12, 40)),
        y_train=spec.Labels("X_train", 10), seed=spec.Int(0), device=spec.Device()),
    "comparison.search_sizes": more(good_calls=False, sizes=Fixed((250,), (
        (10,), (10**6,), ("a",)))),
    "session.setup": more(device=spec.Choice(("auto", "cpu")), verbose=Fixed(False)),
    "config.device_of": more(model=Fixed(TINY_MLP, ("model", None))),
    "render.set_renderer": more(renderer=spec.Choice(("auto", "png"))),
    "tricks.compare": more(good_calls=False, seed=spec.Int(0), device=spec.Device()),
    "probes.probe": more(y_train=Fixed(np.arange(30) % 3), y_test=Fixed(np.arange(6) % 3)),
    "probes.random_conv_probe": more(
        X_test=spec.Array(shape=(None, 12), min_rows=1, example=(6, 12)),
        y_train=Fixed(np.arange(20) % 2), y_test=Fixed(np.arange(6) % 2)),
    "probes.layer_activations": more(model=Fixed(TINY_CONV, ("model", None)), X=CONV_X),
    "probes.top_fragments": more(model=Fixed(TINY_CONV), X=CONV_X, n_units=Fixed(2)),
    "motif_study.pooled_layers": more(model=Fixed(motifs.MotifNet(channels=2), ("model", None))),
    "motif_study.train_motifnet": more(
        good_calls=False, X_test=spec.Array(shape=(None, 96), min_rows=1),
        y_test=spec.Labels("X_test", classes=2)),
    **{name: more(good_calls=False) for name in (
        "probes.train_networks", "probes.probe_table", "motif_study.search", "motif_study.study")},
    "explorers.logistic_explorer": more(good_calls=False),
    "exercises.check": more(exercise_id=EXERCISE_IDS, answer=Fixed(None)),
    "exercises.solution": more(exercise_id=EXERCISE_IDS),
    "depth_width.matched_widths": more(depths=Fixed((1, 2), ("12", None, (0,), (1.5,)))),
    "depth_width.depth_vs_width": more(good_calls=False, X_val=spec.Array(shape=(None, 4),
                                                                          min_rows=1),
                                       y_val=spec.Labels("X_val")),
}

#: Parameters of declared doors that neither the declaration nor TESTS name: passed on to
#: another door, checked in the body against another argument, or free (progress bars, quick
#: runs). A parameter missing from all three fails test_every_parameter_of_a_door_is_accounted.
UNDECLARED = {
    "compute.throughput": "threads", "depth.shallow_fits": "widths",
    "features.random_conv_features": "kernels seed", "gradients.measure": "edges keep_activations",
    "motifs.make_motif_order": "length", "neuron.probability_grid": "extent resolution",
    "neuron.grid_probabilities": "extent",
    "train.fit": "X_test y_test description callback", "session.setup": "renderer",
    "tricks.compare": "configurations data batch_size lr validation progress",
    "comparison.engineer": "kind", "comparison.run_classical": "settings",
    "comparison.run_deep": "seed progress settings",
    "comparison.train_mnist1d_convnet": "X_test y_test progress",
    "comparison.compare": "quick progress", "comparison.search": "quick progress",
    "comparison.search_sizes": "quick models",
    "comparison.shuffle_positions": "quick progress models",
    "comparison.training_size_curve": "sizes classical_features quick progress",
    "depth_width.depth_vs_width": "depths seeds device",
    "overfitting.learning_curves": "X_test y_test",
    **{f"overfitting.{name}": "n_train device"
       for name in ("mnist1d_curves", "random_label_curves", "dropout_curves")},
    "reuse.reuse_controls": "source target", "reuse.reuse_features": "device",
    "tabular.tabular_search": "device", "tabular.manipulation_table": "name n_noise",
    "probes.probe": "Cs val_fraction", "probes.random_conv_probe": "Cs",
    "probes.train_networks": "device progress cache_dir",
    "probes.probe_table": "networks device progress cache_dir", "probes.top_fragments": "units",
    "motif_study.train_motifnet": "lr progress device", "motif_study.search": "device",
    "motif_study.study": "boosting wide fixed progress device",
    "explorers.logistic_explorer": "b extent", "exercises.check": "reveal",
}

LEGACY: dict[str, Door] = {
    # data
    # networks and training
    # 08: when to use which
    # notebook 06's margins, 07's random-convolution probe and motif study
    # set-up and exercises
}

# Explorers: their constructors' arguments are doors too (a learner builds one with other data).
for _name, _factory, _params in [
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
    LEGACY[_name] = Door(_factory, _params, good_calls=False)

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
    "convnets.relu_maps": "the forward pass of ConvNet1D and MotifNet on their own layers",
    "curves": "smooths and averages results the package computed, before a plot draws them",
    "tables": "formats rows the package computed",
    "config.resolve_device": "the device rule; its device is check_device's, tested through "
                             "every door's Device spec",
    "nets.n_parameters": "counts the parameters of any torch module",
    "plots": "draws what a compute function returned on an Axes the package made",
    "explorers.Explorer": "the mechanism; its door is Explorer.set, tested below for every "
                          "explorer",
    "explorers.slider": "builds a control of an explorer the package made",
    "session.Setup": "a record returned by setup()",
    "checks": "the door checks themselves, tested in tests/test_doors.py's own cases",
    "doors": "the door declarations themselves: every declared door is tested through them",
    "config.set_default_device": "called by setup() with the device it chose",
    "exercises.Feedback": "a record returned by grade()",
    "exercises.Exercise": "a record of the registry",
    "exercises.reference_answer": "for tests; the id is checked as in exercises.solution",
    "exercises.grade": "exercises.check without printing (same door)",
    "exercises.ids": "takes nothing",
    "train.as_tensors": "conversion after train.fit/evaluate checked the data",
    "backprop.forward": "called by loss/backward after their checks",
    "backprop.max_relative_error": "compares two gradient lists the package computed",
    "backprop.probability_grid": "draws a trained model from backprop.fit",
    "comparison.table": "formats rows the package computed",
    "tricks.format_table": "formats rows the package computed",
    "tricks.activation_spread": "called by tricks.compare on its own activations",
    "config.default_device": "takes nothing",
    "data.load_mnist1d": "takes nothing",
    "convnets.edge_kernels": "takes nothing",
    "memory_guard": "runs inside the Jupyter server; configured, not called by learners",
    "seeds.over_seeds": "calls a study once per seed: the study's door checks the arguments "
                        "(the seeds themselves are checked in the body)",
    "recorded.load": "reads one of the package's own records, by a name of recorded.RECORDS",
    "recorded.path": "the file of one of the package's own records (recorded.RECORDS)",
    "comparison.experiments": "runs compare, shuffle_positions and training_size_curve for one "
                              "seed: their doors",
    "comparison.gather": "gathers experiments results the package computed",
    "tricks.gather": "gathers tricks.compare rows the package computed",
    "probes.probe_summary": "runs probe_table for one seed: its door",
    "tricks.spread": "summarises results the package computed",
    "tricks.format_spread": "formats rows the package computed",
    "tricks.disagreements": "compares rows the package computed with a saved run",
    "probes.accuracies": "reads a probe_table result",
    "probes.table": "formats a probe_table result",
    "probes.sweep_table": "formats probe_summary results over seeds",
    "probes.summary": "reads a probe_table result",
    "probes.claims": "reads accuracies the package computed",
    "probes.class_purity": "reads top_fragments' output",
    "probes.receptive_fields": "reads the layers of the package's own ConvNet1D",
    "data.cache_dir": "a path ($DLFAQ_CACHE_DIR or the user cache)",
    "data.mnist1d_cache_path": "takes nothing",
    "render.resolve": "the choice behind setup(renderer=) and set_renderer",
    "render.on_colab": "takes nothing",
    "tabular.tabular_comparison": "runs tabular_search per data set and seed: its door",
    "tabular.summarise": "summarises rows the package computed",
    "motif_study.lead": "reads accuracies the package computed",
    "motif_study.claims": "reads accuracies the package computed",
    "motif_study.one_standard_error": "reads validation scores the package computed",
    "margins.verdict": "compares accuracies the package computed",
}


def _doors() -> dict[str, Door]:
    found = {name: Door(obj, dict(door_of(obj))) for name, obj in declared().items()}
    for name, extra in TESTS.items():
        base = found.get(name.split(" (")[0])
        if base is None:
            raise LookupError(f"tests/door_table.py's TESTS names {name!r}, which declares no "
                              f"door (decorate it with @door, or drop the entry)")
        found[name] = Door(extra.call or base.call, {**base.params, **extra.params},
                           extra.good_calls)
    for door in found.values():  # what the tests draw from: each spec, knowing the others
        door.params = {name: Drawn(spec_, door.params) if isinstance(spec_, spec.Spec) else spec_
                       for name, spec_ in door.params.items()}
    clash = sorted(set(found) & set(LEGACY))
    assert not clash, f"declared and listed in LEGACY: {clash}"
    return {**found, **LEGACY}


DOORS = _doors()
