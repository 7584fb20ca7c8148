"""Linear probes (notebook 07): the probe itself, layer activations, receptive fields, top input
windows, and the notebook's claims over seeds 0-4 (trained networks cached between runs)."""

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from dlfaq.learn import convnets, nets
from dlfaq.studies import probes
from dlfaq.studies.seeds import over_seeds


def _blobs(n, seed):
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 3
    return rng.normal(size=(n, 5)) + 2.0 * np.eye(5)[y], y


# --- the probe --------------------------------------------------------------------------------

def test_probe_is_standardise_then_logistic_regression_chosen_on_held_out_rows():
    X, y = _blobs(200, 0)
    X_test, y_test = _blobs(100, 1)
    result = probes.probe(X, y, X_test, y_test, Cs=[0.5], val_fraction=0.25, seed=3)
    order = np.random.default_rng(3).permutation(200)
    val, fit = order[:50], order[50:]
    scaler = StandardScaler().fit(X[fit])
    model = LogisticRegression(C=0.5, max_iter=probes.MAX_ITER).fit(scaler.transform(X[fit]),
                                                                     y[fit])
    assert result["val_accuracy"] == model.score(scaler.transform(X[val]), y[val])
    assert result["test_accuracy"] == model.score(scaler.transform(X_test), y_test)
    assert result["dims"] == 5 and result["C"] == 0.5 and result["converged"]


def test_probe_keeps_the_penalty_that_is_best_on_validation_not_on_test():
    X, y = _blobs(300, 0)
    X_test, y_test = _blobs(300, 1)
    best = probes.probe(X, y, X_test, y_test, Cs=[1e-4, 1.0])
    assert best["C"] == 1.0  # C = 1e-4 shrinks every weight to almost nothing
    single = probes.probe(X, y, X_test, y_test, Cs=[1.0])
    assert best["test_accuracy"] == single["test_accuracy"]


def test_probe_checks_its_inputs():
    X, y = _blobs(40, 0)
    with pytest.raises(ValueError, match="differ in width"):
        probes.probe(X, y, X[:, :3], y)
    with pytest.raises(ValueError, match="val_fraction"):
        probes.probe(X, y, X, y, val_fraction=1.0)
    with pytest.raises(ValueError, match="Cs"):
        probes.probe(X, y, X, y, Cs=[0.0])
    with pytest.raises(ValueError, match="y_train"):
        probes.probe(X, y[:-1], X, y)


# --- activations, receptive fields, top windows ---------------------------------------------

def test_layer_activations_of_the_convnet_are_its_flattened_feature_maps():
    model = convnets.ConvNet1D(seed=1)
    X = np.random.default_rng(0).normal(size=(7, 40)).astype(np.float32)
    acts = probes.layer_activations(model, X)
    assert list(acts) == ["conv 1", "conv 2", "conv 3"]
    assert [a.shape for a in acts.values()] == [(7, 25 * 19), (7, 25 * 10), (7, 25 * 5)]
    with torch.no_grad():
        logits = model.out(torch.as_tensor(acts["conv 3"]))
        assert torch.allclose(logits, model(torch.as_tensor(X)), atol=1e-5)
    assert all((a >= 0).all() for a in acts.values()), "after the ReLU"


def test_layer_activations_of_the_mlp_are_its_hidden_layers():
    model = nets.MLP(40, 10, depth=2, width=100, activation="relu", init="he")
    acts = probes.layer_activations(model, np.zeros((3, 40)))
    assert list(acts) == ["hidden 1", "hidden 2"] and acts["hidden 2"].shape == (3, 100)
    with pytest.raises(TypeError, match="ConvNet1D or an MLP"):
        probes.layer_activations(torch.nn.Linear(40, 10), np.zeros((3, 40)))


@pytest.mark.parametrize("layer", [1, 2, 3])
def test_receptive_fields_are_where_the_gradient_reaches(layer):
    model = convnets.ConvNet1D(seed=2)
    field = probes.receptive_fields(model)[layer - 1]
    for unit in (0, 2):
        # Without the ReLUs (which can zero a path) every input in the window matters.
        x = torch.ones(1, 1, 40, requires_grad=True)
        h = x
        for conv in model.convs[:layer]:
            h = conv(h)
        h[0, :, unit].sum().backward()
        touched = np.flatnonzero(x.grad[0, 0].numpy() != 0)
        start = field["start"] + unit * field["jump"]
        expected = np.arange(max(start, 0), min(start + field["size"], 40))
        assert np.array_equal(touched, expected)


def test_top_fragments_are_the_windows_of_the_strongest_responses():
    model = convnets.ConvNet1D(seed=3).eval()
    X = np.random.default_rng(4).normal(size=(60, 40)).astype(np.float32)
    top = probes.top_fragments(model, X, 2, units=[5, 7], k=4)
    maps = model.features(torch.as_tensor(X))[1].detach().numpy()
    field = top["field"]
    assert top["fragments"].shape == (2, 4, field["size"])
    for i, unit in enumerate([5, 7]):
        peaks = maps[:, unit].max(axis=1)
        assert np.allclose(top["activation"][i], np.sort(peaks)[::-1][:4])
        for j, (s, p) in enumerate(zip(top["series"][i], top["positions"][i], strict=True)):
            start = field["start"] + p * field["jump"]
            inside = np.arange(start, start + field["size"])
            ok = (inside >= 0) & (inside < 40)
            assert np.array_equal(top["fragments"][i, j][ok], X[s, inside[ok]])
            assert np.isnan(top["fragments"][i, j][~ok]).all()


def test_class_purity_is_the_share_of_the_most_common_class():
    y = np.array([0, 0, 1, 2, 2, 2])
    assert np.allclose(probes.class_purity(y, [[0, 1, 2, 3], [3, 4, 5, 5]]), [0.5, 1.0])


# --- the claims of notebook 07, over seeds ----------------------------------------------------

def test_the_recorded_run_names_its_origin_and_holds_every_claim():
    run = probes.SEED_RUN
    assert len(probes.claims(run["sweep"][0])) == 8
    assert run["date"] and run["machine"] and run["command"] == "python -m tools.record probes"
    assert sorted(run["sweep"]) == [0, 1, 2, 3, 4, 10, 11, 12, 13, 14], "seeds 10-14: unseen"
    for seed, acc in run["sweep"].items():
        assert all(probes.claims(acc).values()), f"seed {seed}: {probes.claims(acc)}"


@pytest.fixture(scope="module")
def sweep(request, tmp_path_factory):
    cache = getattr(request.config, "cache", None)
    cache_dir = cache.mkdir("dlfaq-probes") if cache else tmp_path_factory.mktemp("probes")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # as dlfaq.setup() does: BLAS threads slow small fits
        return over_seeds(probes.probe_summary, range(5), cache_dir=cache_dir)


@pytest.mark.slow
@pytest.mark.parametrize("claim", ["rises", "errors_fall", "last_near_network",
                                   "training_adds_more_with_depth", "untrained_falls",
                                   "learned_beats_engineered", "random_ties_the_last_layer",
                                   "mlp_below_convnet"])
def test_notebook_claims_hold_for_seeds_0_to_4(sweep, claim):
    failing = {seed: acc for seed, acc in sweep.items() if not probes.claims(acc)[claim]}
    assert not failing, f"{claim} fails for seeds {sorted(failing)}"


@pytest.mark.slow
def test_the_recorded_run_is_what_the_code_computes_now(sweep):
    recorded = probes.SEED_RUN["sweep"]
    worst = max(abs(sweep[s][k] - recorded[s][k]) for s in sweep for k in sweep[s])
    assert worst <= 0.05, "the record is stale: rerun `python -m tools.record probes`"
