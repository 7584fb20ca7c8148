"""The motif-order task (notebook 07): the generator's promises, the learned model's shape, and
the study's rows; the recorded seeds' claims are checked against a fresh run in a slow test."""

import numpy as np
import pytest
import torch

from dlfaq.learn import motifs
from dlfaq.studies import motif_study, probes


def _clean(n=400, seed=0, **kwargs):
    return motifs.make_motif_order(n, noise=0.0, seed=seed, **kwargs)


def _motif_at(X, rows, starts):
    return X[rows[:, None], starts[:, None] + np.arange(motifs.WIDTH)]


def test_the_close_pair_is_a_then_b_in_class_1_and_b_then_a_in_class_0():
    d = _clean()
    rows = np.arange(len(d["y"]))
    first = _motif_at(d["X"], rows, d["pair_start"])
    second = _motif_at(d["X"], rows, d["pair_start"] + motifs.WIDTH + d["gap"])
    for motif, shape in (first, "A"), (second, "B"):
        scale = motif @ motifs.SHAPES[shape] / (motifs.SHAPES[shape] @ motifs.SHAPES[shape])
        fits = np.abs(motif - scale[:, None] * motifs.SHAPES[shape]).max(axis=1) < 1e-5
        assert np.array_equal(fits, d["y"] == 1), f"{shape} where class 1 puts it"
    assert 0.8 <= np.abs(scale[d["y"] == 1]).min() and np.abs(scale).max() <= 1.2 + 1e-6


def test_every_series_holds_two_of_each_motif_with_both_signs_in_both_classes():
    d = _clean(2000, seed=1)
    rows = np.arange(len(d["y"]))
    lone_a = _motif_at(d["X"], rows, d["lone_a"]) @ motifs.SHAPES["A"]
    lone_b = _motif_at(d["X"], rows, d["lone_b"]) @ motifs.SHAPES["B"]
    assert (np.abs(lone_a) > 0.5).all() and (np.abs(lone_b) > 0.5).all()
    for label in (0, 1):
        share_positive = (lone_a[d["y"] == label] > 0).mean()
        assert 0.45 < share_positive < 0.55, "signs are a coin toss in each class"
    assert 0.45 < d["y"].mean() < 0.55


def test_the_pieces_keep_their_distances():
    d = _clean(1000, seed=2, max_gap=4, separation=10)
    pieces = [(d["pair_start"], d["pair_start"] + 2 * motifs.WIDTH + d["gap"]),
              (d["lone_a"], d["lone_a"] + motifs.WIDTH), (d["lone_b"], d["lone_b"] + motifs.WIDTH)]
    for i in range(3):
        for j in range(i + 1, 3):
            distance = (np.maximum(pieces[i][0], pieces[j][0])
                        - np.minimum(pieces[i][1], pieces[j][1]))
            assert distance.min() >= 10
    assert d["gap"].min() == 0 and d["gap"].max() == 4
    assert pieces[0][1].max() <= 96


def test_pooled_motif_detectors_say_nothing_about_the_class():
    """The max over positions of a matched filter for A (or B) has the same distribution in
    both classes: which motifs occur is not what decides."""
    d = motifs.make_motif_order(4000, seed=3)
    for shape in ("A", "B"):
        windows = np.lib.stride_tricks.sliding_window_view(d["X"], motifs.WIDTH, axis=1)
        response = np.abs(windows @ motifs.SHAPES[shape]).max(axis=1)
        gap = abs(response[d["y"] == 1].mean() - response[d["y"] == 0].mean())
        assert gap < 0.05 * response.std(), shape


def test_the_generator_is_seeded():
    a, b = motifs.make_motif_order(5, seed=4), motifs.make_motif_order(5, seed=4)
    assert np.array_equal(a["X"], b["X"]) and a["X"].dtype == np.float32
    assert not np.array_equal(a["X"], motifs.make_motif_order(5, seed=5)["X"])
    split = motifs.load_motif_order(0, n_train=20, n_test=10)
    assert split["X_train"].shape == (20, 96) and split["X_test"].shape == (10, 96)
    assert not np.array_equal(split["X_train"][:10], split["X_test"]), "two streams"


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "n must be >= 1"),
    ({"n": 5, "separation": 6}, "separation must be larger than max_gap"),
    ({"n": 5, "length": 50}, "length must be >= 58"),
    ({"n": 5, "noise": -1.0}, "noise"),
])
def test_the_generator_refuses_what_it_cannot_draw(kwargs, message):
    with pytest.raises(ValueError, match=message):
        motifs.make_motif_order(**kwargs)


def test_motifnet_sees_a_motif_then_a_pair_and_pools_over_positions():
    net = motifs.MotifNet(channels=4, seed=0)
    x = torch.zeros(3, 96)
    assert net(x).shape == (3, 2)
    assert [m.shape for m in net.features(x)] == [(3, 4, 96)] * 3
    spans = [1 + sum((c.kernel_size[0] - 1) * c.dilation[0] for c in net.convs[:k])
             for k in (1, 2, 3)]
    assert spans == [7, 15, 23], "a motif, then up to a pair with its gap"
    series = torch.randn(1, 96)
    with torch.no_grad():
        a = net(torch.nn.functional.pad(series[:, 20:60], (20, 36)))
        b = net(torch.nn.functional.pad(series[:, 20:60], (32, 24)))
    assert torch.allclose(a, b, atol=1e-5), "the max over positions: where does not matter"
    assert torch.equal(motifs.MotifNet(seed=7).convs[0].weight,
                       motifs.MotifNet(seed=7).convs[0].weight)


def test_pooled_layers_are_each_layers_max_over_positions():
    net = motifs.MotifNet(channels=3, seed=1)
    X = np.random.default_rng(0).normal(size=(5, 96)).astype(np.float32)
    pooled = motif_study.pooled_layers(net, X)
    assert list(pooled) == ["conv 1", "conv 2", "conv 3"]
    with torch.no_grad():
        maps = net.features(torch.as_tensor(X))
        assert np.allclose(pooled["conv 3"], maps[2].amax(2).numpy())
        assert np.allclose(net.out(torch.as_tensor(pooled["conv 3"])).numpy(),
                           net(torch.as_tensor(X)).numpy(), atol=1e-6)
    with pytest.raises(TypeError, match="MotifNet"):
        motif_study.pooled_layers(torch.nn.Linear(96, 2), X)


def test_random_conv_probe_is_the_probe_on_random_conv_features():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(60, 40)), np.arange(60) % 2
    X[y == 1, 10:15] += 3.0  # a bump in class 1 only
    result = probes.random_conv_probe(X[:40], y[:40], X[40:], y[40:], n_kernels=20, seed=2)
    assert result["n_kernels"] == 20 and result["dims"] == 40
    assert result["C"] in probes.RANDOM_CONV_CS and result["test_accuracy"] >= 0.8


def test_lead_is_over_the_strongest_fixed_row():
    acc = {"raw series": 0.5, "random convolutions": 0.7, "untrained conv 3": 0.6,
           "trained conv 3": 0.95, "MotifNet itself": 0.96}
    assert motif_study.lead(acc) == pytest.approx(0.26)


def test_the_recorded_run_holds_the_notebooks_claims_on_every_seed():
    run = motif_study.SEED_RUN
    assert set(run["seeds"]) >= {0, 1, 2, 3, 4, 10, 11, 12, 13, 14}
    for seed, acc in run["seeds"].items():
        assert all(motif_study.claims(acc).values()), (seed, motif_study.claims(acc))


@pytest.mark.slow
def test_the_recorded_run_is_what_the_code_computes_now():
    seed = 10  # a seed the notebook never runs
    fresh = motif_study.study(seed, boosting=True)["accuracy"]
    recorded = motif_study.SEED_RUN["seeds"][seed]
    for key, value in recorded.items():
        assert abs(fresh[key] - value) <= 0.03, (key, fresh[key], value)
