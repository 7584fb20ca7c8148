"""tools/choices_seeds.py and the record notebook 08 reads (notebooks/results/08_seeds.json)."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RECORD = json.loads((ROOT / "notebooks" / "results" / "08_seeds.json").read_text())
spec = importlib.util.spec_from_file_location("choices_seeds", ROOT / "tools" / "choices_seeds.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def test_the_record_holds_every_part_with_the_command_that_wrote_it():
    assert set(tool.PARTS) <= set(RECORD)
    for part in tool.PARTS:
        assert RECORD["meta"][part]["command"] == f"python tools/choices_seeds.py {part}"


def test_the_per_seed_parts_cover_seeds_the_notebooks_never_use():
    for part in ("curves", "small", "reuse"):
        assert {str(s) for s in tool.SEEDS} == set(RECORD[part]), part
        assert {"10", "11", "12"} <= set(RECORD[part])
    assert {r["seed"] for r in RECORD["tables"]} == set(tool.SEEDS)


def test_the_depth_sweep_tried_every_learning_rate_of_its_grid():
    for network, grid in tool.DEPTH_GRID.items():
        tried = set(RECORD["depth"][network]["runs"])
        assert tried == {f"{lr:g}" for lr in grid["lrs"]}, network
        assert RECORD["depth"][network]["steps"] == grid["steps"]


def test_the_unseen_depth_runs_use_the_chosen_learning_rates():
    chosen = tool.chosen_learning_rates(RECORD["depth"])
    assert set(RECORD["depth_unseen"]) == {f"{n}|{d}" for n, d in chosen}
    for rows in RECORD["depth_unseen"].values():
        assert [r["seed"] for r in rows] == [10, 11, 12]


def test_an_unknown_part_is_refused(capsys):
    assert tool.main(["nonsense"]) == 2
    assert "unknown part" in capsys.readouterr().err


@pytest.mark.parametrize("part", ["dropout", "random_labels", "recipe06"])
def test_the_other_parts_are_recorded_per_seed(part):
    assert RECORD[part] and all(key.isdigit() for key in RECORD[part])
