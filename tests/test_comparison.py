"""The comparison of notebook 06, at smoke-test size (quick=True): shapes and contracts."""

import numpy as np
import pytest
import torch

from dlfaq.learn import train
from dlfaq.studies import comparison

ROW_KEYS = {"model", "features", "test_accuracy", "train_seconds"}


@pytest.fixture(scope="module")
def digits_rows():
    return comparison.compare("digits", quick=True, seed=0)


def test_compare_returns_one_row_per_model_with_the_documented_keys(digits_rows):
    assert [r["model"] for r in digits_rows] == ["logistic regression", "RBF SVM"] * 2 + [
        "MLP", "ConvNet"]
    assert [r["features"] for r in digits_rows][:4] == ["raw", "raw", "gradient histograms",
                                                        "gradient histograms"]
    for row in digits_rows:
        assert ROW_KEYS <= set(row)
        assert 0.0 <= row["test_accuracy"] <= 1.0 and row["train_seconds"] >= 0


def test_compare_classical_models_learn_digits_even_on_500_examples(digits_rows):
    assert min(r["test_accuracy"] for r in digits_rows[:4]) > 0.8


def test_compare_rejects_unknown_dataset():
    with pytest.raises(ValueError, match="dataset must be one of 'mnist1d', 'digits'"):
        comparison.compare("cifar")


def test_engineered_features_have_documented_sizes():
    assert comparison.engineer("mnist1d", np.zeros((3, 40))).shape == (3, 21)
    assert comparison.engineer("mnist1d", np.zeros((3, 40)), "random convolutions").shape == (
        3, 2 * comparison.N_KERNELS)
    assert comparison.engineer("digits", np.zeros((3, 64))).shape == (3, 4 * 4 * 4)


def test_permutation_is_fixed_by_the_seed():
    assert np.array_equal(comparison.permutation(40, 1), comparison.permutation(40, 1))
    assert sorted(comparison.permutation(40, 1)) == list(range(40))


def test_logistic_regression_does_not_care_about_input_order(digits_rows):
    rows = comparison.shuffle_positions("digits", quick=True, models=("logistic regression",))
    plain = digits_rows[0]
    assert rows[0]["features"] == "shuffled positions"
    assert rows[0]["test_accuracy"] == pytest.approx(plain["test_accuracy"], abs=0.01)


def test_training_size_curve_returns_one_accuracy_per_size():
    curve = comparison.training_size_curve("digits", sizes=(100, 200), classical="k-NN",
                                          quick=True)
    assert list(curve["sizes"]) == [100, 200]
    assert curve["classical"].shape == curve["deep"].shape == (2,)
    assert curve["labels"] == ("k-NN on raw", "ConvNet")


def test_training_size_curve_rejects_sizes_beyond_the_training_set():
    with pytest.raises(ValueError, match="size must be <="):
        comparison.training_size_curve("digits", sizes=(10_000,), quick=True)


def test_table_has_a_header_and_one_line_per_row(digits_rows):
    text = comparison.table(digits_rows, spread={("MLP", "raw"): [0.60, 0.62, 0.64]})
    lines = text.splitlines()
    assert len(lines) == len(digits_rows) + 2 and "test acc." in lines[0]
    assert "62.0 +- 2.0" in lines[-2]


def test_validation_split_is_carved_from_training_data_without_overlap():
    X, y = np.arange(100)[:, None] * 1.0, np.arange(100) % 10
    X_fit, y_fit, X_val, y_val = train.validation_split(X, y, fraction=0.2, seed=3)
    assert len(X_val) == 20 and len(X_fit) == 80
    assert sorted(np.r_[X_fit[:, 0], X_val[:, 0]]) == list(range(100))
    assert np.array_equal(y_val, X_val[:, 0].astype(int) % 10), "rows keep their labels"
    order = np.random.default_rng(3).permutation(100)
    assert np.array_equal(X_val[:, 0], order[:20]), "a seeded random fifth"
    with pytest.raises(ValueError, match="fraction must be < 1"):
        train.validation_split(X, y, fraction=1.0)


def _at_edge(grid, setting) -> list:
    """The parameters of ``setting`` whose value is the first or last of its grid's values
    (in the grid's order), unless that value is a bound nothing can pass."""
    edges = []
    for name, value in setting.items():
        values = list(dict.fromkeys(s[name] for s in grid))
        if value in (values[0], values[-1]) and value not in comparison.BOUNDS.get(name, ()):
            edges.append(f"{name}={value}")
    return edges


def test_no_chosen_setting_sits_at_the_edge_of_its_grid():
    at_edge = {key: _at_edge(comparison.GRIDS[key[0]], setting)
               for key, setting in comparison.SELECTED.items()}
    at_edge.update({key: _at_edge(comparison.SIZE_GRIDS.get(key[0], comparison.GRIDS[key[0]]),
                                  setting)
                    for key, setting in comparison.SELECTED_BY_SIZE.items()})
    assert not {k: v for k, v in at_edge.items() if v}, "widen these grids"
    assert comparison.SELECTED_BY_SIZE, "the training-size curve has its own choices"


def test_the_edge_check_sees_an_edge():
    grid = comparison.GRIDS["RBF SVM"]
    assert _at_edge(grid, {"C": 1.0, "gamma": 0.01}) == ["C=1.0"]
    assert _at_edge(comparison.GRIDS["k-NN"], {"n_neighbors": 1}) == []  # a bound


def test_the_selected_settings_are_the_recorded_searchs_choices():
    run = comparison.SEED_RUN
    assert {k: v["best"] for k, v in run["search"].items()} == comparison.SELECTED
    assert {k: v["best"] for k, v in run["search_sizes"].items()} == comparison.SELECTED_BY_SIZE


def test_search_scores_every_setting_on_validation_data():
    found = comparison.search("digits", quick=True)
    assert ("MLP", "raw") in found and ("RBF SVM", "gradient histograms") in found
    for (model, _), result in found.items():
        grid = comparison.GRIDS[model]
        assert len(result["scores"]) == len(grid) and result["best"] in grid


def test_shuffled_run_has_the_mlp_control():
    rows = comparison.shuffle_positions("digits", quick=True)
    assert [r["model"] for r in rows] == ["logistic regression", "MLP", "ConvNet"]


@pytest.mark.slow
def test_mnist1d_convnet_recipe_reaches_93_percent_for_seeds_0_to_4():
    split = comparison.load("mnist1d")
    accuracies = []
    for seed in range(5):
        model = comparison.train_mnist1d_convnet(split["X_train"], split["y_train"], seed=seed)
        with torch.no_grad():
            logits = model(torch.tensor(split["X_test"]))
        accuracies.append(float((logits.argmax(1).numpy() == split["y_test"]).mean()))
    assert min(accuracies) >= 0.93, accuracies
