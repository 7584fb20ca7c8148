"""Every place that must know a notebook, an explorer or an exercise knows it.

CONTRIBUTING.md ("Adding a notebook, an explorer or an exercise") lists, for each of the three,
every place to touch. This file checks each place for every notebook file
(``notebooks/NN_*.ipynb``), every registered explorer (``dlfaq.explorers.EXPLORERS``) and every
registered exercise (``dlfaq.exercises.ids()``), and a failure names the place to touch. It
reads files and registries only: no training, no kernel (a few seconds, the bench's explorer
cases loading the digits).
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from notebook_checks import NOTEBOOKS

from tools import colab_cell

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "notebooks" / "apps" / "explorers.ipynb"
EXERCISES = ROOT / "src" / "dlfaq" / "exercises"
README_ROW = re.compile(r"^\| (\d\d) \| \[[^]]+\]\(notebooks/(\d\d_\w+\.ipynb)\)", re.M)
CALL = re.compile(r"\b(\w+)\s*\(")
CHECK = re.compile(r"exercises\.check\(\s*[\"'](\d\d\.\d+)[\"']")


@dataclass
class House:
    """What each place knows, read once."""

    readme: set[str]  # notebook files in the README's table of the series
    memory: set[str]  # notebooks in deploy/notebook_memory.json
    exercise_modules: set[str]  # "nNN" modules dlfaq.exercises imports
    exercise_ids: list[str]
    explorers: dict  # the registry
    bench: set[tuple[str, str]]  # (explorer, notebook number) of tools/bench's cases
    grids: set[str]
    words: set[str]
    app: set[str]  # explorers the app builds
    texts: dict[str, str]  # tests/<file> -> its text
    mistakes: dict[str, int]  # exercise id -> how many MISTAKES
    series: dict[str, str]  # notebook number -> the code of the notebook(s) numbered so


def code_of(path: Path) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")


def read_house(notebooks=NOTEBOOKS) -> House:
    import test_exercises  # its MISTAKES (tests/ is on pytest's pythonpath)

    import dlfaq.exercises
    from tools.bench.explorers import explorer_cases
    from tools.site import grids

    memory = json.loads((ROOT / "deploy" / "notebook_memory.json").read_text())
    series: dict[str, str] = {}
    for path in notebooks:
        series[path.name[:2]] = series.get(path.name[:2], "") + code_of(path)
    return House(
        readme={name for _, name in README_ROW.findall((ROOT / "README.md").read_text())},
        memory=set(memory["kernel_anon_mb"]),
        exercise_modules={name for name in vars(dlfaq.exercises) if re.fullmatch(r"n\d\d", name)},
        exercise_ids=list(dlfaq.exercises.ids()),
        explorers=dict(importlib.import_module("dlfaq.explorers").EXPLORERS),
        bench={(case["function"], case["notebook"]) for case in explorer_cases(True).values()},
        grids=set(grids.GRIDS), words=set(grids.DESCRIBERS),
        app=set(CALL.findall(code_of(APP))),
        texts={name: (ROOT / "tests" / name).read_text() for name in
               ("door_table.py", "test_doors.py", "test_renderer.py")},
        mistakes={key: len(cases) for key, cases in test_exercises.MISTAKES.items()},
        series=series)


@pytest.fixture(scope="module")
def house() -> House:
    return read_house()


# ---------------------------------------------------------------- what each place must know
def notebook_problems(path: Path, house: House) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells, number, name = nb["cells"], path.name[:2], path.name
    code = code_of(path)
    problems = []
    title = "".join(cells[0]["source"]).lstrip() if cells else ""
    if not (cells and cells[0]["cell_type"] == "markdown" and title.startswith(f"# {number}")):
        problems.append(f"notebooks/{name}: its first cell is its title, `# {number} · ...`")
    if len(cells) < 2 or not colab_cell.is_colab_cell(cells[1]):
        problems.append(f"notebooks/{name}: run `python tools/colab_cell.py notebooks/{name}` "
                        "(the Colab install cell, after the title)")
    if "dlfaq.setup(" not in code:
        problems.append(f"notebooks/{name}: call `dlfaq.setup()` in its first code cell")
    if "code_sha256" not in nb["metadata"].get("dlfaq", {}):
        problems.append(f"notebooks/{name}: execute and stamp it, `make notebooks "
                        f"NB=notebooks/{name}`")
    if name not in house.readme:
        problems.append(f"README.md: add its row to the table of the series (`| {number} | "
                        f"[title](notebooks/{name}) | what it shows | Binder and Colab badges |`)")
    if name not in house.memory:
        problems.append("deploy/notebook_memory.json: add its kernel's memory after Run All "
                        "(`make bench` measures it: docs/benchmark.md's 'anon MB' column)")
    if f"n{number}" not in house.exercise_modules:
        problems.append(f"src/dlfaq/exercises/n{number}.py: its exercises' graders, the module "
                        f"imported on the import line of src/dlfaq/exercises/__init__.py")
    elif not any(i.startswith(f"{number}.") for i in house.exercise_ids):
        problems.append(f"src/dlfaq/exercises/n{number}.py: register its exercises there")
    for factory in sorted(set(CALL.findall(code)) & set(house.explorers)):
        if (factory, number) not in house.bench:
            problems.append(f"tools/bench/explorers.py: add a case for {factory} as notebook "
                            f"{number} builds it (explorer_cases, 'notebook': '{number}')")
    return problems


def explorer_problems(name: str, factory, house: House) -> list[str]:
    explorers = importlib.import_module("dlfaq.explorers")  # the module EXPLORERS was read from
    problems = []
    if name != getattr(factory, "__name__", None) or not name.endswith("_explorer"):
        problems.append(f"src/dlfaq/explorers/__init__.py: register it in EXPLORERS under its "
                        f"function's name, ending in _explorer (got {name!r})")
    if not getattr(factory, "__module__", "").startswith("dlfaq.explorers."):
        problems.append("src/dlfaq/explorers/<module>.py: define it in a module of "
                        "dlfaq.explorers")
    if getattr(explorers, name, None) is not factory or name not in explorers.__all__:
        problems.append("src/dlfaq/explorers/__init__.py: import it and list it in __all__")
    if f'"explorers.{name}"' not in house.texts["door_table.py"]:
        problems.append("tests/door_table.py: add its door to DOORS (its arguments' specs)")
    doors = house.texts["test_doors.py"]
    if f"explorers.{name}(" not in doors and "EXPLORERS" not in doors:
        problems.append("tests/test_doors.py: build it in made_explorers (Explorer.set's door)")
    if not any(function == name for function, _ in house.bench):
        problems.append("tools/bench/explorers.py: add its case to explorer_cases (as its "
                        "notebook builds it, default and heaviest settings)")
    if name not in house.grids:
        problems.append("tools/site/grids.py: add its grid to GRIDS (the slider values the site "
                        "precomputes; {} for none)")
    if name not in house.words:
        problems.append("tools/site/grids.py: add its words to DESCRIBERS (each frame's "
                        "alternative text, from explorer.data)")
    if name not in house.app:
        problems.append("notebooks/apps/explorers.ipynb: add a cell that builds it (the app "
                        "shows every explorer; `make app`)")
    if f'"{name}"' not in house.texts["test_renderer.py"]:
        problems.append("tests/test_renderer.py: add it to factories() (drawn as PNG)")
    if not any(re.search(rf"\b{name}\s*\(", code) for code in house.series.values()):
        problems.append("notebooks/NN_*.ipynb: a notebook of the series builds it (the browser "
                        "tests move the explorers the notebooks build)")
    return problems


def exercise_problems(exercise_id: str, entry, house: House) -> list[str]:
    number = exercise_id[:2]
    problems = []
    if getattr(entry.grader, "__module__", None) != f"dlfaq.exercises.n{number}":
        problems.append(f"src/dlfaq/exercises/n{number}.py: register its grader there with "
                        f"@exercise({exercise_id!r}, title, solutions.<name>)")
    if getattr(entry.solution, "__module__", None) != "dlfaq.exercises.solutions":
        problems.append("src/dlfaq/exercises/solutions.py: its worked solution, one function")
    if house.mistakes.get(exercise_id, 0) < 2:
        problems.append(f"tests/test_exercises.py: add at least two diagnosed mistakes to "
                        f"MISTAKES[{exercise_id!r}]")
    if exercise_id not in CHECK.findall(house.series.get(number, "")):
        problems.append(f"notebooks/{number}_*.ipynb: an exercise cell at its end calling "
                        f"`exercises.check({exercise_id!r}, ...)`")
    return problems


def report(kind: str, problems: dict[str, list[str]]) -> str:
    """The places to touch, one a line; "" when every place knows every one."""
    lines = [f"{kind} {who}: {p}" for who, found in problems.items() for p in found]
    return "places to touch (CONTRIBUTING.md, 'Adding a notebook, an explorer or an " \
        "exercise'):\n" + "\n".join(lines) if lines else ""


# ---------------------------------------------------------------- the checks
def test_every_notebook_is_known_everywhere(house):
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"
    missed = report("notebook", {p.name: notebook_problems(p, house) for p in NOTEBOOKS})
    assert not missed, missed


def test_every_registered_explorer_is_known_everywhere(house):
    assert house.explorers, "dlfaq.explorers.EXPLORERS is empty"
    missed = report("explorer", {name: explorer_problems(name, factory, house)
                                 for name, factory in house.explorers.items()})
    assert not missed, missed


def test_every_registered_exercise_is_known_everywhere(house):
    from dlfaq.exercises.core import REGISTRY

    assert house.exercise_ids, "no exercise registered"
    missed = report("exercise", {exercise_id: exercise_problems(exercise_id, REGISTRY[exercise_id],
                                                                house)
                                 for exercise_id in house.exercise_ids})
    assert not missed, missed


def test_every_graders_module_is_imported_so_its_exercises_register(house):
    files = {p.stem for p in EXERCISES.glob("n[0-9][0-9].py")}
    assert files <= house.exercise_modules, (
        f"src/dlfaq/exercises/__init__.py: add {sorted(files - house.exercise_modules)} to its "
        "import line (else their exercises never register and nothing checks them)")


# ---------------------------------------------------------------- the checks see what is missed
def test_a_new_explorer_registered_nowhere_else_is_named_at_every_place(house, monkeypatch):
    explorers = importlib.import_module("dlfaq.explorers")

    def spiral_explorer():
        """A stand-in, registered and nowhere else."""

    spiral_explorer.__module__ = "dlfaq.explorers.spiral"
    monkeypatch.setitem(explorers.EXPLORERS, "spiral_explorer", spiral_explorer)
    monkeypatch.setattr(house, "explorers", dict(explorers.EXPLORERS))
    with pytest.raises(AssertionError) as failure:
        test_every_registered_explorer_is_known_everywhere(house)
    message = str(failure.value)
    for place in ("__init__.py: import it", "door_table.py", "test_doors.py", "bench/explorers",
                  "GRIDS", "DESCRIBERS", "apps/explorers.ipynb", "test_renderer.py",
                  "a notebook of the series builds it"):
        assert "explorer spiral_explorer: " in message and place in message, place
    assert "explorer logistic_explorer" not in message


def test_a_new_notebook_known_nowhere_is_named_at_every_place(house, tmp_path):
    path = tmp_path / "09_new.ipynb"
    nb = json.loads(NOTEBOOKS[0].read_text())
    nb["cells"] = nb["cells"][2:] + [{"cell_type": "code", "metadata": {}, "outputs": [],
                                       "execution_count": None,
                                       "source": "explorers.gradient_explorer()"}]
    nb["metadata"].pop("dlfaq", None)
    path.write_text(json.dumps(nb))
    problems = notebook_problems(path, house)
    for place in ("first cell is its title", "colab_cell.py", "make notebooks", "README.md",
                  "notebook_memory.json", "exercises/n09.py", "a case for gradient_explorer"):
        assert any(place in p for p in problems), (place, problems)


def test_an_exercise_with_no_solution_mistakes_or_cell_is_named_at_every_place(house):
    from dlfaq.exercises.core import Exercise

    def grader(answer):
        pass

    grader.__module__ = "dlfaq.exercises.n03"
    problems = exercise_problems("08.9", Exercise("08.9", "a stand-in", grader, len), house)
    for place in ("n08.py: register its grader", "solutions.py", "MISTAKES['08.9']",
                  "exercises.check('08.9'"):
        assert any(place in p for p in problems), (place, problems)
