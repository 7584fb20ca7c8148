"""Write CONTRIBUTING.md's table of doors from the declarations in the package.

    python tools/doors.py           rewrite the table between the two markers
    python tools/doors.py --check   exit 1, saying so, when the committed table is stale

Every public function or class of dlfaq that declares its door with ``@door(...)``
(:mod:`dlfaq.core.doors`) gets a row: the parameters it declares and what each accepts, in the
declaration's own words (``Spec.words()``). Parameters checked in the body against another
argument (an array against a model, a size against an image) are not in the table; the
functions' docstrings say them. tests/test_doors.py fails when the table is stale.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
BEGIN = "<!-- doors: begin (written by python tools/doors.py; do not edit by hand) -->"
END = "<!-- doors: end -->"
COMMAND = "python tools/doors.py"
#: The layers whose modules are named by their own names ("data", not "learn.data"); the other
#: packages (plots, explorers, exercises) are named as a whole, by what they re-export.
LAYERS = ("core", "learn", "studies")
#: Modules of those packages that are named by themselves all the same: plots' renderer choice.
OWN_NAME = ("dlfaq.plots.render",)


def modules():
    """``(short name, module)`` of every public module, as the door names use them."""
    import dlfaq

    for info in pkgutil.iter_modules(dlfaq.__path__):
        if info.name.startswith("_"):
            continue
        package = importlib.import_module(f"dlfaq.{info.name}")
        if info.name not in LAYERS:
            yield info.name, package
            continue
        for sub in pkgutil.iter_modules(package.__path__):
            if not sub.name.startswith("_"):
                yield sub.name, importlib.import_module(f"{package.__name__}.{sub.name}")
    for name in OWN_NAME:
        yield name.rpartition(".")[2], importlib.import_module(name)


def public_callables():
    """``(short module name, "module.name", object)`` of every public callable defined in a
    module (or, for a package named as a whole, in one of its submodules)."""
    for short, module in modules():
        for name, obj in vars(module).items():
            owner = getattr(obj, "__module__", None) or ""
            if (not name.startswith("_") and callable(obj)
                    and (owner == module.__name__ or owner.startswith(module.__name__ + "."))):
                yield short, f"{short}.{name}", obj


def doors() -> list[tuple[str, str, dict]]:
    """``(module, name, declaration)`` of every declared door, in the package's order."""
    from dlfaq.core.doors import door_of

    return [(short, full.partition(".")[2], door_of(obj))
            for short, full, obj in public_callables() if door_of(obj) is not None]


def table() -> str:
    """The markdown table, markers included."""
    lines = [BEGIN, "", "| module | door | declared parameters: what each accepts |",
             "|---|---|---|"]
    for module, name, declaration in doors():
        accepts = "; ".join(f"`{param}`: {spec.words()}" for param, spec in declaration.items())
        lines.append(f"| {module} | `{name}` | {accepts or '(all checked in the body)'} |")
    return "\n".join([*lines, "", END])


def rewritten(text: str) -> str:
    """``text`` with the table between the markers replaced by :func:`table`."""
    if BEGIN not in text or END not in text:
        raise SystemExit(f"{CONTRIBUTING.name} has no {BEGIN!r} ... {END!r} markers")
    before, rest = text.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    return before + table() + after


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only say whether the committed table is up to date")
    args = parser.parse_args(argv)
    text = CONTRIBUTING.read_text()
    new = rewritten(text)
    if args.check:
        if new != text:
            print(f"{CONTRIBUTING.name}'s table of doors is stale: run {COMMAND}")
            return 1
        return 0
    if new != text:
        CONTRIBUTING.write_text(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
