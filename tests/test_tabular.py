"""dlfaq.studies.tabular: Grinsztajn et al.'s manipulations of a table."""

import numpy as np
import pytest

from dlfaq.studies import tabular


@pytest.fixture(scope="module")
def split():
    return tabular.load_tabular("breast_cancer", seed=0)


def test_uninformative_columns_are_appended_and_the_real_ones_kept(split):
    out = tabular.manipulate(split, "uninformative columns", seed=1, n_noise=5)
    original = tabular.manipulate(split, "original")
    assert out["X_train"].shape[1] == split["X_train"].shape[1] + 5
    np.testing.assert_allclose(out["X_test"][:, :-5], original["X_test"])


def test_a_rotation_keeps_every_distance_between_rows(split):
    original = tabular.manipulate(split, "original")
    rotated = tabular.manipulate(split, "rotation", seed=3)
    a, b = original["X_train"][:20], rotated["X_train"][:20]
    np.testing.assert_allclose(np.linalg.norm(a[:, None] - a[None], axis=2),
                               np.linalg.norm(b[:, None] - b[None], axis=2), atol=1e-9)
    assert not np.allclose(a, b)


@pytest.mark.slow
def test_the_table_scores_every_model_on_every_manipulation():
    rows = tabular.manipulation_table(seeds=(0,), mlp_steps=5)
    assert {(r["manipulation"], r["model"]) for r in rows} == {
        (k, m) for k in tabular.MANIPULATIONS for m in tabular.MODELS}
    assert all(0 <= r["test_accuracy"] <= 1 for r in rows)


def test_a_split_that_is_not_a_dict_is_refused():
    with pytest.raises(TypeError, match="split must be a dict"):
        tabular.manipulate([1, 2], "rotation")
