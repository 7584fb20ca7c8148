"""build/classroom.json (the figures, in a shape other tools read) and build/classroom.md (the
same as tables a person reads, with the targets and the sizing they give)."""

from __future__ import annotations

import json
import os
import statistics
from pathlib import Path

import psutil

from tools.classroom import sizing

KEYS = ["students", "spawn_s", "explorer_ms", "run_all_s", "memory_mb_per_student",
        "cpu_s_per_student"]
# Extra figures, written when measured (runs kept from before they existed have none):
# floor_ms, the round trip of `pass` through the same path between two explorer updates.
EXTRA = ["floor_ms"]


STARTS_KEYS = ["starts", "students", "kernels_lost"]


def figures(hub_version: str, runs: list[dict], class_starts: dict | None = None) -> dict:
    """build/classroom.json. class_starts (tools/classroom/starts.py), when measured, adds
    "class_starts": {"starts", "students", "kernels_lost"}."""
    out = {"hub_version": hub_version,
           "machine": {"cores": os.cpu_count(),
                       "memory_gb": round(psutil.virtual_memory().total / 2**30, 1)},
           "runs": [{key: run[key] for key in KEYS + EXTRA if key in run} for run in runs]}
    if class_starts is not None:
        out["class_starts"] = {key: class_starts[key] for key in STARTS_KEYS}
    return out


def p90(xs):
    """The 90th percentile (inclusive method); the value itself for one."""
    if len(xs) > 1:
        return statistics.quantiles(xs, n=10, method="inclusive")[-1]
    return statistics.median(xs) if xs else None


def _f(x, fmt="{:.1f}"):
    return "n/a" if x is None else fmt.format(x)


def markdown(figures: dict, raws: list[dict], context: dict) -> str:
    m = figures["machine"]
    lines = [
        "# A class on one JupyterHub, measured",
        "",
        f"Measured {context.get('started', '')} by `make classroom` on {m['cores']} cores, "
        f"{m['memory_gb']} GB, JupyterHub {figures['hub_version']}, "
        f"load average {context.get('load_start', 0):.1f} at the start and "
        f"{context.get('load_end', 0):.1f} at the end. "
        f"Explorer: {context.get('updates')} updates of notebook 03's gradient explorer, one "
        f"every {context.get('pace')} s; Run All: {context.get('notebook')}.",
        "",
        "| students | spawn s (median / max) | explorer ms (median / p90) "
        "| floor ms (median / p90) "
        "| Run All s (median / max) | finished | MB per student | CPU s per Run All |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in figures["runs"]:
        floor = r.get("floor_ms", {})
        lines.append(
            f"| {r['students']} | {_f(r['spawn_s']['median'])} / {_f(r['spawn_s']['max'])} "
            f"| {_f(r['explorer_ms']['median'], '{:.0f}')} / "
            f"{_f(r['explorer_ms']['p90'], '{:.0f}')} "
            f"| {_f(floor.get('median'), '{:.0f}')} / {_f(floor.get('p90'), '{:.0f}')} "
            f"| {_f(r['run_all_s']['median'])} / {_f(r['run_all_s']['max'])} "
            f"| {r['run_all_s']['finished']} of {r['students']} "
            f"| {_f(r['memory_mb_per_student'], '{:.0f}')} | {_f(r['cpu_s_per_student'])} |")
    if context.get("kept"):
        lines += ["", f"N = {', '.join(map(str, context['kept']))}: kept from the previous run "
                  "(`--keep`); the notes below are this run's."]
    lines += ["", "MB per student: the unique memory (USS) of a student's server and kernel "
              "with one notebook open (03, after the explorer phase); resident memory, "
              "counting shared libraries in full, in the notes below. CPU s: the kernel's CPU "
              "seconds for one student's Run All. Floor: the round trip of `pass` executed "
              "by the same kernel half-way between two explorer updates, in a second stretch "
              "of as many updates (n/a: measured before the floor was); the explorer figures "
              "are the first stretch's, without it. Idle before: the cores the class's "
              "processes kept busy in the 2 s between the last explorer opening and the first "
              "update (near 0: the phase measured the class, not spawns or imports still "
              "running).", ""]
    for raw in raws:
        rss = [v["rss"] for v in raw.get("memory", {}).values()]
        note = f"- N = {raw['students']}: hub run {raw.get('wall_s', 0):.0f} s"
        if rss:
            note += f", resident MB per student {min(rss):.0f}-{max(rss):.0f}"
        if "settle_cores" in raw:
            note += f", idle before the explorer phase: {raw['settle_cores']:.2f} cores busy"
        if raw.get("trips_with_floor"):
            with_floor = raw["trips_with_floor"]
            note += (f", explorer ms beside the floor {statistics.median(with_floor):.0f} / "
                     f"{p90(with_floor):.0f} (median / p90)")
        errors = {r["error"] for r in raw.get("run_all", {}).values() if r["error"]}
        if errors:
            note += (f"; Run All not finished: {', '.join(sorted(errors))} (the time budget "
                     f"left it {raw.get('run_all_allowed_s', 0):.0f} s)")
        if "error" in raw:
            note += f"; error: {raw['error']}"
        note += "; every process stopped" if raw["stopped"] else f"; LEFT RUNNING {raw['alive']}"
        lines.append(note)
    starts = context.get("class_starts")
    if starts:
        lines += ["", f"Class starts: {starts['starts']} starts of {starts['students']} "
                  f"students (every server spawned at once, then every kernel started at "
                  f"once): {starts['kernels_lost']} kernels lost, {starts['servers_lost']} "
                  f"servers lost, {starts['port_clashes']} 'Address already in use' in the "
                  f"servers' logs, {starts['wall_s']:.0f} s in all"
                  + (f"; {'; '.join(starts['errors'][:5])}" if starts["errors"] else "")
                  + ("" if not starts.get("alive") else f"; LEFT RUNNING {starts['alive']}")]
    lines += ["", *targets(figures), "", *sizing_lines(figures)]
    return "\n".join(lines) + "\n"


def targets(figures: dict) -> list[str]:
    runs = {r["students"]: r for r in figures["runs"]}
    top = runs.get(max(runs, default=0))
    if top is None:
        return []
    n = top["students"]

    def verdict(ok):
        return "met" if ok else "**missed**"

    p90, mem = top["explorer_ms"]["p90"], top["memory_mb_per_student"]
    done = top["run_all_s"]["finished"]
    return [
        "| target | measured | |", "|---|---|---|",
        f"| explorer p90 under 250 ms at N = 16 | {_f(p90, '{:.0f}')} ms at N = {n} "
        f"| {verdict(n >= 16 and p90 is not None and p90 < 250)} |",
        f"| every student's Run All finishes at N = 16 | {done} of {n} "
        f"| {verdict(n >= 16 and done == n)} |",
        f"| memory per student (one notebook open) under 450 MB | {_f(mem, '{:.0f}')} MB "
        f"| {verdict(mem is not None and mem < 450)} |",
    ]


def sizing_lines(figures: dict) -> list[str]:
    try:
        sizing.reference(figures)
    except ValueError:
        return ["No complete run: no sizing."]
    d = sizing.deploy_figures(figures)
    one = sizing.server_for_class(figures, 30, 8, 32)
    pool = sizing.node_pool(figures, 300, 8, 32)
    return [
        "Sizing (tools/classroom/sizing.py):",
        f"- students per core: {1 / sizing.cpu_share(figures):.1f} moving controls by CPU "
        f"cost, {sizing.interactive_per_core(figures):.1f} reached with explorer p90 < "
        f"{sizing.EXPLORER_P90_MS} ms, "
        f"{sizing.storm_per_core(figures):.1f} for a Run All storm over in "
        f"{sizing.STORM_S // 60} min",
        f"- students per GB: {sizing.per_gb(figures):.1f}",
        f"- 30 students on 8 cores / 32 GB: RAM {one['ram_needed_gb']} GB, Run All storm "
        f"{one['storm_minutes']} min",
        f"- 300 students on 8-core / 32 GB nodes: {pool['students_per_node']} per node, "
        f"{pool['nodes']} nodes",
        f"- deploy/: memory guarantee {d['memory_guarantee']}, limit {d['memory_limit']}, "
        f"CPU guarantee {d['cpu_guarantee']}, limit {d['cpu_limit']}",
    ]


def write(out: Path, figures: dict, raws: list[dict], context: dict,
          deploy: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(figures, indent=2) + "\n"
    (out / "classroom.json").write_text(text)
    (out / "classroom.md").write_text(markdown(figures, raws, context))
    if deploy is not None:
        try:
            sizing.reference(figures)
        except ValueError:
            return  # an incomplete run never replaces the figures deploy/ follows
        deploy.parent.mkdir(parents=True, exist_ok=True)
        sized = {k: v for k, v in figures.items() if k != "class_starts"}  # deploy/ sizes by
        deploy.write_text(json.dumps(sized, indent=2) + "\n")                # the runs only
