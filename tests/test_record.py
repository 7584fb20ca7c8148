"""The recorded runs (dlfaq.studies.recorded: one JSON format, every part with its provenance),
the one command that writes them (python -m tools.record) and the one way to repeat a study
over seeds (dlfaq.studies.seeds.over_seeds). The notebooks' own claims over the records are
tested beside each study (test_tricks, test_comparison, test_probes, test_motifs)."""

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dlfaq.studies import comparison, motif_study, probes, recorded
from dlfaq.studies.seeds import over_seeds
from tools.record import choices, cli

ROOT = Path(__file__).resolve().parents[1]

RECORDS = {name: recorded.load(name) for name in recorded.RECORDS}


# ---- the format -----------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(recorded.RECORDS))
def test_every_part_of_every_record_says_where_it_came_from(name):
    record = RECORDS[name]
    assert set(record) - {"meta"} == set(record["meta"]) == set(cli.RECORDS[name]), name
    for part, meta in record["meta"].items():
        assert meta["command"].startswith(f"python -m tools.record {name}"), (name, part)
        assert meta["date"] and meta["machine"], (name, part)
        assert meta["seeds"] and all(isinstance(s, int) for s in meta["seeds"]), (name, part)


@pytest.mark.parametrize("name", list(recorded.RECORDS))
def test_the_files_are_as_the_one_writer_writes_them(name, tmp_path):
    text = recorded.path(name).read_text(encoding="utf-8")
    cli.write(tmp_path / "again.json", json.loads(text))
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == text


def test_a_record_is_package_data_and_an_unknown_name_is_refused():
    assert recorded.FOLDER.parent == Path(recorded.__file__).resolve().parent
    assert sorted(p.name for p in recorded.FOLDER.glob("*.json")) == sorted(
        recorded.RECORDS.values())
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]
    assert "results/*.json" in package_data["dlfaq.studies"], "the wheel must carry them"
    with pytest.raises(ValueError, match="no record named"):
        recorded.load("nonsense")
    assert recorded.load("probes") is not recorded.load("probes")  # a fresh dict each time


def test_the_studies_read_their_records_with_int_seeds_and_pairs():
    assert list(probes.SEED_RUN["sweep"]) == [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]
    assert list(motif_study.SEED_RUN["seeds"]) == [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]
    run = comparison.SEED_RUN
    assert ("logistic regression", "|FFT|") in run["table"], "a '|' inside a name survives"
    assert ("ConvNet", "raw", 1000) in run["search_sizes"]
    assert run["unseen"]["seeds"] == [10, 11, 12, 13, 14]
    assert [len(v) for v in run["table"].values()] == [5] * len(run["table"])


# ---- the command ----------------------------------------------------------------------------
def test_an_unknown_record_or_part_is_refused(capsys):
    for argv, message in ((["nonsense"], "unknown record"), (["probes", "nope"], "unknown part")):
        with pytest.raises(SystemExit) as stop:
            cli.main(argv)
        assert stop.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.slow
def test_the_command_writes_a_part_with_its_provenance_and_keeps_the_others(tmp_path):
    """One cheap part (notebook 06's ConvNet recipe on 08's split, one seed, a few seconds) in
    a scratch copy of the record: the same numbers as the record's seed 0."""
    (tmp_path / recorded.RECORDS["choices"]).write_text(
        recorded.path("choices").read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "tools.record", "choices", "recipe06", "--seeds", "0",
                    "--out", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    written = json.loads((tmp_path / recorded.RECORDS["choices"]).read_text(encoding="utf-8"))
    assert written["recipe06"] == {"0": RECORDS["choices"]["recipe06"]["0"]}
    meta = written["meta"]["recipe06"]
    assert meta["command"] == f"python -m tools.record choices recipe06 --seeds 0 --out {tmp_path}"
    assert meta["seeds"] == [0] and "CPUs" in meta["machine"] and meta["date"]
    assert {k: v for k, v in written.items() if k not in ("recipe06", "meta")} == {
        k: v for k, v in RECORDS["choices"].items() if k not in ("recipe06", "meta")}


def test_the_per_seed_parts_of_08_cover_seeds_the_notebooks_never_use():
    record = RECORDS["choices"]
    for part in ("curves", "small", "reuse"):
        assert {str(s) for s in choices.SEEDS} == set(record[part]), part
        assert {"10", "11", "12"} <= set(record[part])
    assert {r["seed"] for r in record["tables"]} == set(choices.SEEDS)
    for part in ("dropout", "random_labels", "recipe06"):
        assert record[part] and all(key.isdigit() for key in record[part]), part
        assert [int(k) for k in record[part]] == record["meta"][part]["seeds"], part


def test_the_depth_sweep_tried_every_learning_rate_of_its_grid():
    record = RECORDS["choices"]
    for network, grid in choices.DEPTH_GRID.items():
        assert set(record["depth"][network]["runs"]) == {f"{lr:g}" for lr in grid["lrs"]}
        assert record["depth"][network]["steps"] == grid["steps"]


def test_the_unseen_depth_runs_use_the_chosen_learning_rates():
    record = RECORDS["choices"]
    chosen = choices.chosen_learning_rates(record["depth"])
    assert set(record["depth_unseen"]) == {f"{n}|{d}" for n, d in chosen}
    for rows in record["depth_unseen"].values():
        assert [r["seed"] for r in rows] == [10, 11, 12]


# ---- over_seeds -----------------------------------------------------------------------------
def test_over_seeds_calls_the_study_once_per_seed_in_order():
    calls = []

    def study(*, seed, scale=1):
        calls.append(seed)
        return seed * scale

    assert over_seeds(study, [3, 1, 10], scale=2) == {3: 6, 1: 2, 10: 20}
    assert calls == [3, 1, 10] and list(over_seeds(study, range(2))) == [0, 1]


@pytest.mark.parametrize("seeds, error", [("012", TypeError), (3, TypeError), ([], ValueError),
                                          ([0, -1], ValueError), ([0.5], TypeError),
                                          ([1, 1], ValueError)])
def test_over_seeds_refuses_what_is_not_a_list_of_seeds(seeds, error):
    with pytest.raises(error):
        over_seeds(lambda seed: seed, seeds)


def test_over_seeds_sets_the_seed_itself():
    with pytest.raises(TypeError, match="sets seed itself"):
        over_seeds(lambda seed: seed, [0], seed=1)
    with pytest.raises(TypeError, match="study must be a function"):
        over_seeds("compare", [0])
