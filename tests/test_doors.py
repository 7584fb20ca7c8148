"""Every public door of dlfaq refuses bad input in its own words (property-based, Hypothesis).

For each entry point in :data:`door_table.DOORS` (every function or class of the package with
a ``@door`` declaration, :mod:`dlfaq.core.doors`, and the fixtures tests/door_table.py adds):
generated bad values of one parameter at a
time (wrong types, NaN/inf, empty or misshapen arrays, out-of-range numbers, unknown strings,
devices this machine lacks) must raise ``ValueError`` or ``TypeError`` *raised by dlfaq's own
code* (the traceback's last frame is in the package), never a torch, NumPy or scikit-learn
error, and never succeed silently; generated good values must succeed.
:func:`test_every_public_callable_has_a_door_or_a_reason` keeps the list complete: a new public
function fails it until it declares its door (or is named in :data:`~door_table.NOT_DOORS`
with the reason). :func:`test_the_table_of_doors_in_contributing_is_up_to_date` keeps
CONTRIBUTING.md's table, written by tools/doors.py from the declarations, in step.
CONTRIBUTING.md lists the doors and this file as their guard.
"""

from __future__ import annotations

import inspect
import itertools
import os
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from door_specs import Choice, Door, Fixed, Float, Int, Switch
from door_table import DOORS, LEGACY, NOT_DOORS, UNDECLARED, public_callables, tiny_mlp
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import dlfaq
from dlfaq import explorers
from dlfaq.learn import convnets, data, nets, neuron, train
from dlfaq.studies import comparison, overfitting

PACKAGE = Path(dlfaq.__file__).resolve().parent
settings.register_profile("dlfaq", max_examples=10, deadline=None, derandomize=True,
                          database=None, suppress_health_check=[HealthCheck.too_slow])
# A quick look at every door (no shrinking): HYPOTHESIS_PROFILE=survey pytest tests/test_doors.py
settings.register_profile("survey", max_examples=10, deadline=None, derandomize=True,
                          database=None, phases=[Phase.explicit, Phase.generate],
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dlfaq"))


def test_every_public_callable_has_a_door_or_a_reason():
    doors = {name.split(" ")[0] for name in DOORS}
    missing = [full for module, full, _ in public_callables()
               if full not in doors and full not in NOT_DOORS and module not in NOT_DOORS]
    assert not missing, f"public callables with no door test and no reason: {missing}"


def test_every_parameter_of_a_door_is_accounted_for():
    """A declared door's every parameter is declared, given by TESTS or listed in UNDECLARED:
    a declaration dropped by mistake fails here (its bad values would no longer be drawn)."""
    unaccounted = []
    for name, door in DOORS.items():
        if name in LEGACY:
            continue
        function = door.call.__init__ if isinstance(door.call, type) else door.call
        free = UNDECLARED.get(name.split(" ")[0], "").split()
        unaccounted += [f"{name}: {p}" for p, par in inspect.signature(function).parameters.items()
                        if p != "self" and par.kind not in (par.VAR_POSITIONAL, par.VAR_KEYWORD)
                        and p not in door.params and p not in free]
    assert not unaccounted, (f"parameters neither declared (@door) nor in tests/door_table.py's "
                             f"TESTS or UNDECLARED: {unaccounted}")


def test_the_table_of_doors_in_contributing_is_up_to_date():
    from tools import doors as table_tool

    text = table_tool.CONTRIBUTING.read_text()
    assert table_tool.rewritten(text) == text, (
        f"CONTRIBUTING.md's table of doors differs from the declarations: run "
        f"{table_tool.COMMAND} (and commit CONTRIBUTING.md)")


def _raised_in_dlfaq(excinfo) -> bool:
    frame = excinfo.tb
    while frame.tb_next is not None:
        frame = frame.tb_next
    return Path(frame.tb_frame.f_code.co_filename).resolve().is_relative_to(PACKAGE)


def _refused(door: Door, kwargs: dict, param: str):
    try:
        door.call(**kwargs)
    except (ValueError, TypeError) as err:
        import sys

        info = pytest.ExceptionInfo.from_exc_info(sys.exc_info())
        assert _raised_in_dlfaq(info), (
            f"{param}={kwargs[param]!r} was refused, but not by dlfaq: "
            f"{type(err).__name__}: {err}")
        return
    except Exception as err:  # noqa: BLE001 - any other error is the defect we look for
        raise AssertionError(f"{param}={kwargs[param]!r} raised {type(err).__name__} "
                             f"(not ValueError/TypeError): {err}") from err
    raise AssertionError(f"{param}={kwargs[param]!r} was accepted silently")


def _good_kwargs(draw, door: Door) -> dict:
    return {name: draw(spec.good()) for name, spec in door.params.items()}


@pytest.mark.parametrize("name", list(DOORS))
def test_bad_input_is_refused_by_dlfaq_in_words(name):
    door = DOORS[name]
    params = [p for p, spec in door.params.items()
              if not (isinstance(spec, Fixed) and not spec.bad_values)]

    @given(st.data())
    def check(data):
        kwargs = _good_kwargs(data.draw, door)
        param = data.draw(st.sampled_from(params), label="parameter")
        kwargs[param] = data.draw(door.params[param].bad(), label=param)
        _refused(door, kwargs, param)

    check()


@pytest.mark.parametrize("name", [n for n, door in DOORS.items() if door.good_calls])
def test_good_input_is_accepted(name):
    door = DOORS[name]

    @settings(max_examples=8)
    @given(st.data())
    def check(data):
        door.call(**_good_kwargs(data.draw, door))

    check()


# ---------------------------------------------------------------- explorers: set() from code
@pytest.fixture(scope="module")
def made_explorers():
    digits = data.load_digits()
    image = digits["images"][0] if "images" in digits else np.eye(8)
    X, y = data.make_2d("xor", n_samples=40)
    return {
        "logistic": explorers.logistic_explorer(X, y),
        "hidden layer": explorers.hidden_layer_explorer(steps=50, record_every=10),
        "gradient": explorers.gradient_explorer(max_depth=12, width=16, max_width=16, n_samples=32),
        "receptive field": explorers.receptive_field_explorer(image),
        "pooling": explorers.pooling_explorer(image, convnets.square_kernel("vertical edge", 3)),
    }


def _control_spec(control):
    import ipywidgets as widgets

    if isinstance(control, widgets.Checkbox):
        return Switch()
    if getattr(control, "options", None) is not None:
        return Choice(tuple(o[1] if isinstance(o, tuple) else o for o in control.options))
    if isinstance(control, widgets.FloatLogSlider):
        return Float(control.base ** control.min, control.base ** control.max)
    if isinstance(control, widgets.IntSlider):
        return Int(control.min, control.max)
    return Float(control.min, control.max)


@pytest.mark.parametrize("which", ["logistic", "hidden layer", "gradient", "receptive field",
                                   "pooling"])
def test_explorer_set_refuses_values_outside_a_control_and_changes_nothing(made_explorers, which):
    explorer = made_explorers[which]

    @settings(max_examples=15)
    @given(st.data())
    def check(data):
        name = data.draw(st.sampled_from(sorted(explorer.controls)), label="control")
        value = data.draw(_control_spec(explorer.controls[name]).bad(), label=name)
        before = explorer.values()
        with pytest.raises((ValueError, TypeError), match=name) as info:
            explorer.set(**{name: value})
        assert _raised_in_dlfaq(info)
        assert explorer.values() == before

    check()


def test_explorer_set_names_the_range_it_allows(made_explorers):
    explorer = made_explorers["gradient"]
    with pytest.raises(ValueError, match=r"depth must be between 1 and 12 .* got -1"):
        explorer.set(depth=-1)


def test_fit_on_a_machine_without_a_gpu_suggests_the_cpu():
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    X, y = np.zeros((4, 2)), np.zeros(4, int)
    with pytest.raises(ValueError, match="no CUDA GPU; use 'cpu'"):
        train.fit(tiny_mlp(), X, y, steps=1, device="cuda", progress=False)


def test_fit_names_the_width_the_model_expects_instead_of_torchs_shape_error():
    with pytest.raises(ValueError, match=r"X_train does not fit the model: .* shape \(3,\)"):
        train.fit(tiny_mlp(), np.zeros((10, 3)), np.zeros(10, int), steps=1, progress=False)


def test_fit_names_labels_beyond_the_models_outputs_instead_of_torchs_bounds_error():
    with pytest.raises(ValueError, match=r"y_train holds class 5, but the model has 2 outputs"):
        train.fit(tiny_mlp(), np.zeros((10, 2)), np.r_[np.zeros(9, int), 5], steps=1,
                  progress=False)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_fit_refuses_non_finite_inputs_instead_of_training_on_them(bad):
    X = np.zeros((10, 2))
    X[3, 1] = bad
    with pytest.raises(ValueError, match="X_train must contain only finite values"):
        train.fit(tiny_mlp(), X, np.zeros(10, int), steps=1, progress=False)


# ---------------------------------------------------------------- nets.MLP: notebook 04's switches
@pytest.mark.parametrize(("kwargs", "error", "words"), [
    *[({"activation": v}, ValueError, "activation must be one of 'sigmoid', 'tanh', 'relu'")
      for v in ("ReLU", "Sigmoid", "leaky_relu", "")],
    *[({"init": v}, ValueError, "init must be one of .*'xavier', 'he'")
      for v in ("kaiming", "glorot", "He", None)],
    *[({switch: v}, TypeError, f"{switch} must be True or False")
      for switch in ("batch_norm", "residual") for v in ("False", 1, None)],
    ({"depth": 2.5}, TypeError, "depth"), ({"depth": True}, TypeError, "depth"),
    ({"width": "32"}, TypeError, "width"), ({"residual_scale": 1.5}, ValueError, "residual_scale"),
    ({"residual_scale": float("nan")}, ValueError, "residual_scale"),
    ({"seed": -1}, ValueError, "seed"),
    ({"depth": 3, "width": [16, 8, 16], "residual": True}, ValueError,
     r"\[16, 8, 16\].*skip connection adds"),
], ids=repr)
def test_mlp_refuses_a_bad_setting_naming_it_and_what_it_allows(kwargs, error, words):
    with pytest.raises(error, match=words):
        nets.MLP(4, 3, **kwargs)


def test_mlp_accepts_one_width_given_as_a_list_for_residual_and_numpy_booleans_as_switches():
    model = nets.MLP(4, 3, depth=3, width=[8, 8, 8], residual=True, batch_norm=np.bool_(True))
    assert model(torch.zeros(2, 4)).shape == (2, 3)
    assert model.config["batch_norm"] is True


def test_every_combination_of_notebook_04s_switches_builds_and_runs():
    X = torch.randn(8, 4)
    for activation, init, batch_norm, residual in itertools.product(
            nets.ACTIVATIONS, nets.INITS, [False, True], [False, True]):
        model = nets.MLP(4, 3, depth=4, width=8, activation=activation, init=init,
                         batch_norm=batch_norm, residual=residual, residual_scale=0.1)
        assert model(X).shape == (8, 3), (activation, init, batch_norm, residual)


# ---------------------------------------------------------------- the checks themselves
def test_the_origin_check_itself_fails_on_an_error_raised_inside_numpy():
    with pytest.raises(ValueError) as info:
        np.zeros(3).reshape(2, 2)
    assert not _raised_in_dlfaq(info)


def test_the_door_check_itself_fails_on_a_door_that_accepts_anything():
    door = Door(lambda **kw: None, {"x": Int(0, 3)})
    with pytest.raises(AssertionError, match="accepted silently"):
        _refused(door, {"x": -1}, "x")


def test_the_door_check_itself_fails_on_an_error_from_numpy():
    door = Door(lambda x: np.zeros(3).reshape(2, x), {"x": Int(0, 3)})
    with pytest.raises(AssertionError, match="not by dlfaq"):
        _refused(door, {"x": -1}, "x")


def test_the_origin_check_accepts_dlfaqs_own_refusal():
    with pytest.raises(ValueError) as info:
        data.make_2d("nope")
    assert _raised_in_dlfaq(info)


@pytest.mark.parametrize("call, words", [
    (lambda: neuron.predict_proba(np.zeros((0, 2)), np.zeros(2), 0.0), "X must not be empty"),
    (lambda: comparison.engineer("mnist1d", np.zeros((3, 39))), "X must have shape (None, 40)"),
    (lambda: overfitting.learning_curves(nets.MLP(2, 2, depth=1, width=3), np.zeros((12, 2)),
                                     np.arange(12) % 2, np.zeros((12, 2)), np.arange(12) % 5,
                                     steps=2), "y_val holds class 4"),
], ids=["predict_proba: no rows", "engineer: width", "learning_curves: y_val labels"])
def test_inputs_found_by_drawing_every_parameter_are_refused(call, words):
    """Cases a draw of bad values for every parameter of every door found accepted."""
    with pytest.raises(ValueError, match=re.escape(words)):
        call()
