"""The one table formatter, and the tables the modules print with it."""

import pytest

from dlfaq.core import tables
from dlfaq.studies import comparison, probes, tricks


def test_columns_line_up_text_left_numbers_right_under_a_rule():
    rows = [{"name": "a", "acc": 0.5, "n": 3}, {"name": "longer", "acc": 0.25, "n": 1200}]
    text = tables.format_table(rows, [("name",), ("acc", "accuracy", ".0%"), ("n", "n", ",d")])
    assert text.splitlines() == ["name    accuracy      n",
                                 "-" * 23,
                                 "a            50%      3",
                                 "longer       25%  1,200"]


def test_a_value_function_and_a_missing_key_show_as_told():
    rows = [{"x": 2.0}, {}]
    text = tables.format_table(rows, [tables.Column("x", "double", ".1f",
                                                    value=lambda r: 2 * r["x"] if r else None,
                                                    missing="-")], rule=False)
    assert text.splitlines() == ["double", "   4.0", "     -"]


def test_a_bad_column_is_refused():
    with pytest.raises(TypeError, match="a column is"):
        tables.format_table([{"a": 1}], [3])
    with pytest.raises(ValueError, match="at least one column"):
        tables.format_table([{"a": 1}], [])


def test_the_tricks_table_shows_every_row_with_coarse_numbers():
    row = {"configuration": "ReLU, He init", "train_loss": 0.123, "val_accuracy": 0.914,
           "test_accuracy": 0.9, "first_layer_grad_norm": 0.00123, "train_seconds": 4.56}
    lines = tricks.format_table([row, {**row, "configuration": "x"}]).splitlines()
    assert len(lines) == 4 and "val. acc." in lines[0] and set(lines[1]) == {"-"}
    assert lines[2].split() == ["ReLU,", "He", "init", "0.12", "91%", "90%", "1e-03", "4.6"]


def test_the_comparison_table_adds_the_spread_over_seeds_where_there_is_one():
    rows = [{"model": "MLP", "features": "raw", "test_accuracy": 0.651, "train_seconds": 3.2},
            {"model": "k-NN", "features": "|FFT|", "test_accuracy": 0.377, "train_seconds": 0.1}]
    lines = comparison.table(rows, spread={("MLP", "raw"): [0.60, 0.62, 0.64]}).splitlines()
    assert lines[0].split()[:4] == ["model", "features", "test", "acc."]
    assert lines[2].split() == ["MLP", "raw", "65%", "3.2", "62.0", "+-", "2.0"]
    assert lines[3].split() == ["k-NN", "|FFT|", "38%", "0.1"]


def test_the_probe_tables_show_every_probe_and_every_seed():
    result = {"rows": [{"network": "input", "layer": "raw series", "last": False, "dims": 40,
                        "C": 0.1, "test_accuracy": 0.315},
                       {"network": "ConvNet", "layer": "conv 3", "last": True, "dims": 125,
                        "C": 1.0, "test_accuracy": 0.949}],
              "test_accuracy": {"ConvNet": 0.955}}
    lines = probes.table(result).splitlines()
    assert lines[2].split() == ["raw", "series", "(40", "samples)", "40", "0.1", "32%"]
    assert lines[3].split() == ["ConvNet:", "conv", "3", "->", "output", "125", "1", "95%"]
    assert lines[4].split() == ["ConvNet", "itself", "(its", "own", "output", "layer)", "96%"]
    sweep = probes.sweep_table(probes.SEED_RUN["sweep"]).splitlines()
    assert sweep[0].split()[-2:] == ["min", "max"] and len(sweep) == 2 + len(probes.SWEEP_ROWS)
    assert sweep[2].split() == ["input", "/", "raw", "series", "32%", "32%", "32%", "32%", "33%",
                                "34%", "31%", "32%", "32%", "30%", "30%", "34%"]
