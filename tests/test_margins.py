"""The margin rule (dlfaq.studies.margins): a win must beat 3 sd of the per-seed difference plus the
CPU-to-CPU drift; anything less is a tie. McNemar's paired test on one test set."""

import numpy as np
import pytest

from dlfaq.studies import margins


def test_a_steady_lead_larger_than_its_noise_is_a_win():
    result = margins.verdict([0.95, 0.96, 0.95, 0.96], [0.90, 0.91, 0.90, 0.90])
    assert result["verdict"] == "a ahead" and result["mean"] == pytest.approx(0.0525)
    assert result["noise"] == pytest.approx(3 * result["sd"] + margins.CPU_DRIFT)


def test_a_lead_of_a_point_is_a_tie_whatever_the_seeds_say():
    # ahead on every seed, by less than the drift between two CPUs
    result = margins.verdict([0.951, 0.952, 0.953], [0.945, 0.946, 0.946])
    assert result["lowest"] > 0 and result["verdict"] == "tie"


def test_a_noisy_lead_is_a_tie_and_a_steady_deficit_is_b_ahead():
    assert margins.verdict([0.95, 0.90, 0.99], [0.93, 0.93, 0.93])["verdict"] == "tie"
    assert margins.verdict([0.5, 0.51, 0.5], [0.7, 0.7, 0.71])["verdict"] == "b ahead"


def test_verdict_refuses_unpaired_inputs():
    with pytest.raises(ValueError, match="same seeds"):
        margins.verdict([0.9, 0.8], [0.9])
    with pytest.raises(ValueError, match="at least two"):
        margins.verdict([0.9], [0.8])
    with pytest.raises(ValueError, match="finite"):
        margins.verdict([0.9, np.nan], [0.8, 0.8])


def test_mcnemar_counts_only_the_rows_where_the_models_disagree():
    right_a = np.array([1, 1, 1, 1, 0, 0, 1, 1], dtype=bool)
    right_b = np.array([1, 1, 0, 0, 0, 1, 1, 1], dtype=bool)
    result = margins.mcnemar(right_a, right_b)
    assert (result["a_only"], result["b_only"]) == (2, 1)
    assert result["p_value"] == pytest.approx(1.0)  # 2 against 1: a coin toss
    lopsided = margins.mcnemar(np.ones(40, bool), np.r_[np.zeros(20, bool), np.ones(20, bool)])
    assert lopsided["p_value"] == pytest.approx(2 * 0.5 ** 20)
    with pytest.raises(ValueError, match="right_a and right_b"):
        margins.mcnemar(right_a, right_b[:3])
