"""``python -m tools.record RECORD [PART ...] [--seeds S ...] [--device cpu] [--out DIR]``: run
the parts, write each into the record's JSON file with its provenance (see :mod:`tools.record`)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from pathlib import Path

from dlfaq.studies import recorded
from tools.record import choices, studies

#: record -> {part: (function(seeds, record), its seeds)}, in the order a whole record is run.
RECORDS = {**studies.PARTS, "choices": choices.PARTS}
assert set(RECORDS) == set(recorded.RECORDS), "every record has its parts, and only those"


def machine(device: str = "cpu") -> str:
    """The CPU's model name and count, the device if not the CPU, and torch's version."""
    import torch

    name = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    where = "" if device == "cpu" else f", {device} ({torch.cuda.get_device_name()})"
    return f"{os.cpu_count()} CPUs ({name}){where}, torch {torch.__version__}"


def write(path: Path, record: dict) -> None:
    """The record as JSON (one space of indent, UTF-8, a final newline): the only writer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(
        prog="python -m tools.record",
        description="Record a study over seeds for the notebooks (dlfaq.studies.recorded).",
        epilog="records and parts: " + "; ".join(f"{name}: {', '.join(parts)}"
                                                 for name, parts in RECORDS.items()))
    parser.add_argument("record", help=f"one of {', '.join(RECORDS)}")
    parser.add_argument("parts", nargs="*", help="default: every part, in order")
    parser.add_argument("--seeds", type=int, nargs="+", help="replace each part's own seeds")
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"),
                        help="dlfaq.setup's device (default cpu: the records so far are CPU runs)")
    parser.add_argument("--out", type=Path, default=recorded.FOLDER,
                        help="folder of the JSON files (default: the package's)")
    args = parser.parse_args(argv)
    if args.record not in RECORDS:
        parser.error(f"unknown record {args.record!r}; records: {', '.join(RECORDS)}")
    parts = RECORDS[args.record]
    unknown = [p for p in args.parts if p not in parts]
    if unknown:
        parser.error(f"unknown part(s) {unknown} of {args.record}; parts: {', '.join(parts)}")

    import torch

    import dlfaq

    chosen = dlfaq.setup(verbose=False, device=args.device)  # one thread, as the notebooks
    path = args.out / recorded.RECORDS[args.record]
    command = " ".join(["python -m tools.record", *argv])
    for name in args.parts or list(parts):
        function, seeds = parts[name]
        seeds = list(args.seeds or seeds)
        record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        start = time.perf_counter()
        result = function(seeds, record)
        record = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        record[name] = result  # the other parts are kept
        record.setdefault("meta", {})[name] = {
            "command": command, "date": dt.date.today().isoformat(),
            "machine": machine(chosen.device),
            "seeds": seeds, "seconds": round(time.perf_counter() - start),
            "torch": torch.__version__, "python": platform.python_version()}
        write(path, record)
        print(f"{args.record} {name}: {time.perf_counter() - start:.0f} s -> {path}", flush=True)
    return 0
