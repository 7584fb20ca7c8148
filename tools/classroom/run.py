"""`make classroom`: a real JupyterHub under a class's load, measured.

    python -m tools.classroom.run [--students 1,2,4,8,16] [--notebook 06_...ipynb]
                                  [--updates 30] [--budget 1800] [--out build]
                                  [--starts 5] [--start-students 16]

For each class size N: a fresh hub on 127.0.0.1 (tools/classroom/hub.py), N student accounts
and servers created over the hub's REST API, the explorer phase and the Run All storm
(tools/classroom/load.py), memory and CPU read from the processes, then everything stopped by
PID. ``--keep`` re-measures only the sizes given and keeps the others from the existing
build/classroom.json. Writes build/classroom.json and build/classroom.md
(tools/classroom/report.py) and copies the figures to deploy/measured.json, which deploy/'s
configurations must agree with.
`--budget` bounds the whole run in seconds: the last Run All storm gets what is left and
reports how many students finished.
Then ``--starts`` class starts of ``--start-students`` (tools/classroom/starts.py: every server,
then every kernel, started at once, again and again on one hub; ``--starts 0`` skips them),
recorded as "class_starts" in build/classroom.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from pathlib import Path

import httpx
import psutil

from tools.classroom import load, report, starts
from tools.classroom.hub import Hub, missing_tools

ROOT = Path(__file__).resolve().parents[2]
RUN_ALL_NOTEBOOK = "06_usual_ml_vs_deep_learning.ipynb"
# A Run All storm leaves this much of the budget to every larger class still to come (hub,
# spawns, the explorer phase): a storm that runs long is cut short, not the classes after it.
RESERVE_S, RESERVE_PER_STUDENT_S = 90, 16


def _tree(process: psutil.Process) -> list[psutil.Process]:
    try:
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def memory_mb(process: psutil.Process) -> dict:
    """A student's server and its kernels: unique memory (what one more student adds) and
    resident memory (counting shared libraries in full), MB."""
    uss = rss = 0
    for p in _tree(process):
        try:
            info = p.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        uss, rss = uss + info.uss, rss + info.rss
    return {"uss": uss / 2**20, "rss": rss / 2**20}


def kernel_process(server: psutil.Process, kernel_id: str) -> psutil.Process | None:
    for child in server.children(recursive=True):
        try:
            if any(kernel_id in part for part in child.cmdline()):
                return child
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return None


def cpu_s(process: psutil.Process | None) -> float:
    if process is None:
        return float("nan")
    try:
        t = process.cpu_times()
        return t.user + t.system + t.children_user + t.children_system
    except psutil.NoSuchProcess:
        return float("nan")


async def class_load(hub: Hub, names: list[str], run_all_cells: list[str], updates: int,
                     pace_s: float, explorer_deadline: float, run_all_deadline: float,
                     log, quick: bool = False, out: dict | None = None) -> dict:
    """Both phases for every student at once; returns the raw measurements, written into
    `out` as they are taken (a storm that fails keeps the explorer's)."""
    out = {} if out is None else out
    servers = {name: hub.server_process(name) for name in names}
    limits = httpx.Limits(max_connections=4 * len(names) + 8)
    async with httpx.AsyncClient(limits=limits) as http:
        kernels = {n: load.Kernel(hub.url, n, hub.user_tokens[n]) for n in names}
        await asyncio.gather(*(k.start(http) for k in kernels.values()))
        hub.collect_pids()
        t0 = time.monotonic()
        await asyncio.gather(*(load.open_explorer(k, explorer_deadline, quick)
                               for k in kernels.values()))
        log(f"  explorer open for every student in {time.monotonic() - t0:.0f} s")
        # every kernel has answered its last cell (idle) and every server was ready before:
        # what the class's processes still burn now is not the explorer's
        settle = await asyncio.to_thread(busy_cores, hub)

        async def student(kernel, floor):  # people do not move in lockstep: start within 1 s
            await asyncio.sleep(random.uniform(0, pace_s))
            return await load.move_slider(kernel, updates, pace_s, explorer_deadline, floor)

        moved = await asyncio.gather(*(student(k, False) for k in kernels.values()))
        with_floor = await asyncio.gather(*(student(k, True) for k in kernels.values()))
        out.update(trips=[t for m in moved for t in m[0]],
                   floors=[t for m in with_floor for t in m[1]],
                   trips_with_floor=[t for m in with_floor for t in m[0]], settle_cores=settle)
        out["memory"] = {n: memory_mb(servers[n]) for n in names}
        log(f"  explorer ms median {_median(out['trips']):.0f}, p90 {_p90(out['trips']):.0f}; "
            f"floor ms median {_median(out['floors']):.1f}, p90 {_p90(out['floors']):.1f}; "
            f"{settle:.2f} cores busy before")
        await asyncio.gather(*(k.shutdown(http) for k in kernels.values()))  # notebook 03 closed

        kernels = {n: load.Kernel(hub.url, n, hub.user_tokens[n]) for n in names}
        await asyncio.gather(*(k.start(http) for k in kernels.values()))
        hub.collect_pids()
        processes = {n: kernel_process(servers[n], kernels[n].id) for n in names}
        before = {n: cpu_s(processes[n]) for n in names}
        results, cpu = out.setdefault("run_all", {}), out.setdefault("cpu", {})

        async def press_run_all(name):  # "run it": everyone within the same few seconds
            await asyncio.sleep(random.uniform(0, 3))
            results[name] = await load.run_all(kernels[name], run_all_cells, run_all_deadline)
            cpu[name] = cpu_s(processes[name]) - before[name]

        allowed = out["run_all_allowed_s"] = max(0.0, run_all_deadline - time.monotonic())
        log(f"  Run All storm: {len(names)} students, {allowed:.0f} s allowed")
        await asyncio.gather(*(press_run_all(n) for n in names))
        await asyncio.gather(*(k.shutdown(http) for k in kernels.values()),
                             return_exceptions=True)
    return out


def busy_cores(hub: Hub, seconds: float = 2.0) -> float:
    """Cores the hub's whole process tree (hub, proxy, servers, kernels) keeps busy over
    `seconds`: near 0 when the class is idle."""
    processes = []
    for pid in hub.collect_pids():
        try:
            processes.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    before = {p.pid: cpu_s(p) for p in processes}
    time.sleep(seconds)
    used = [cpu_s(p) - before[p.pid] for p in processes]
    return sum(u for u in used if u == u) / seconds  # a process gone meanwhile counts 0


def measure(n: int, run_all_notebook: str, updates: int, pace_s: float, deadline: float,
            run_all_deadline: float | None = None, quick: bool = False, log=print) -> dict:
    """One class of n students on a fresh hub; always stops what it started. The Run All
    storm ends at run_all_deadline (default: deadline); quick opens the explorer with its
    notebook's first cell only."""
    hub = Hub(log=log)
    names = [f"student{i + 1:02d}" for i in range(n)]
    out = {"students": n, "hub_version": "", "spawned": 0, "stopped": False, "alive": []}
    started = time.monotonic()
    try:
        hub.start()
        out["stages"] = {"hub": time.monotonic() - started}
        out["hub_version"] = hub.version
        hub.create_users(names)
        spawn = hub.spawn(names, timeout=max(30.0, min(600.0, deadline - time.monotonic())))
        out["spawned"], out["spawn_s"] = len(spawn), list(spawn.values())
        if len(spawn) < n:
            raise RuntimeError(f"only {len(spawn)} of {n} servers started: {hub.log_tail()}")
        log(f"  {n} servers ready, slowest in {max(spawn.values()):.1f} s")
        out["stages"]["spawn"] = time.monotonic() - started
        # the explorer phase needs the servers' start plus twice the slider's 'updates'
        # seconds (alone, then with the floor)
        explorer_deadline = min(deadline, time.monotonic() + 600 + updates * pace_s * 4)
        asyncio.run(class_load(
            hub, names, load.code_cells(run_all_notebook), updates, pace_s,
            explorer_deadline, run_all_deadline or deadline, log, quick, out))
        out["stages"]["load"] = time.monotonic() - started
    except Exception as error:  # reported in the figures; the hub is stopped below
        out["error"] = f"{type(error).__name__}: {error}"
        log(f"  error: {out['error']}\n  the hub's log ends with:\n{hub.log_tail(2000)}")
    finally:
        out["alive"] = hub.stop()
        out["stopped"] = not out["alive"]
        out["wall_s"] = time.monotonic() - started
        out.setdefault("stages", {})["stopped"] = out["wall_s"]
    return out


def summarise(raw: dict) -> dict:
    """The figures of one class size, in the shape build/classroom.json promises."""
    runs = list(raw.get("run_all", {}).values())
    done = [r["seconds"] for r in runs if r["finished"]]
    cpu = [raw["cpu"][n] for n, r in raw.get("run_all", {}).items() if r["finished"]]
    trips, spawn, floors = raw.get("trips", []), raw.get("spawn_s", []), raw.get("floors", [])
    memory = [m["uss"] for m in raw.get("memory", {}).values()]
    return {
        "students": raw["students"],
        "spawn_s": {"median": _r(_median(spawn)), "max": _r(max(spawn, default=None))},
        "explorer_ms": {"median": _r(_median(trips), 0), "p90": _r(_p90(trips), 0)},
        "floor_ms": {"median": _r(_median(floors)), "p90": _r(_p90(floors))},
        "run_all_s": {"median": _r(_median(done)), "max": _r(max(done, default=None)),
                      "finished": len(done)},
        "memory_mb_per_student": _r(_median(memory), 0),
        "cpu_s_per_student": _r(_median(cpu)),
    }


def _median(xs):
    return statistics.median(xs) if xs else None


def _p90(xs):
    return report.p90(xs)


def _r(x, digits=1):
    return None if x is None else round(float(x), digits)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", default="1,2,4,8,16")
    parser.add_argument("--notebook", default=RUN_ALL_NOTEBOOK)
    parser.add_argument("--updates", type=int, default=30)
    parser.add_argument("--pace", type=float, default=1.0)
    parser.add_argument("--budget", type=float, default=1800.0)
    parser.add_argument("--out", default="build")
    parser.add_argument("--keep", action="store_true",
                        help="keep the class sizes of the existing <out>/classroom.json that "
                             "this run does not measure (re-measure one size, keep the rest)")
    parser.add_argument("--starts", type=int, default=5,
                        help="class starts to repeat after the sizes (0: none)")
    parser.add_argument("--start-students", type=int, default=16)
    parser.add_argument("--deploy", default="deploy/measured.json",
                        help="where the figures the deploy/ configs follow go ('' for nowhere)")
    args = parser.parse_args(argv)
    why = missing_tools()
    if why:
        raise SystemExit(f"make classroom: {why}")
    sizes = [int(s) for s in args.students.split(",")]
    deadline = time.monotonic() + args.budget
    context = {"load_start": os.getloadavg()[0], "started": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                         time.gmtime())}
    raws = []
    for n in sizes:
        if deadline - time.monotonic() < 120:
            print(f"N = {n}: skipped, the time budget ({args.budget:.0f} s) is spent")
            continue
        print(f"N = {n}")
        later = sizes[sizes.index(n) + 1:]
        run_all_deadline = deadline - sum(RESERVE_S + RESERVE_PER_STUDENT_S * m for m in later)
        raw = measure(n, args.notebook, args.updates, args.pace, deadline, run_all_deadline)
        raws.append(raw)
        print(f"  {summarise(raw)}")
        print(f"  stopped: {raw['stopped']} in {raw['wall_s']:.0f} s")
    class_starts = None
    if args.starts > 0:
        print(f"class starts: {args.starts} of {args.start_students} students")
        class_starts = starts.class_starts(args.starts, args.start_students)
        context["class_starts"] = class_starts
        print(f"  {report.figures('', [], class_starts)['class_starts']}")
    context.update(load_end=os.getloadavg()[0], notebook=args.notebook, updates=args.updates,
                   pace=args.pace, budget=args.budget, sizes=sizes)
    runs = [summarise(r) for r in raws]
    previous = Path(args.out) / "classroom.json"
    if args.keep and previous.exists():
        kept = [r for r in json.loads(previous.read_text())["runs"]
                if r["students"] not in {run["students"] for run in runs}]
        context["kept"] = [r["students"] for r in kept]
        runs = sorted(kept + runs, key=lambda r: r["students"])
    figures = report.figures(raws[0]["hub_version"] if raws else "", runs, class_starts)
    report.write(Path(args.out), figures, raws, context,
                 Path(args.deploy) if args.deploy else None)
    print(f"wrote {args.out}/classroom.json and {args.out}/classroom.md")
    starts_ok = class_starts is None or (not class_starts["alive"]
                                         and class_starts["starts"] == args.starts)
    return 0 if raws and starts_ok and all(r["stopped"] and "error" not in r for r in raws) \
        else 1


if __name__ == "__main__":
    raise SystemExit(main())
