"""From the measured figures (build/classroom.json, deploy/measured.json) to what a teacher
sizes: students per core and per GB, a server for a class, a Kubernetes node pool, and the
numbers in deploy/'s configurations. Pure functions: tests/test_deploy.py checks the configs
against them, so a re-measurement that changes a figure fails until the configs follow.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

NOTEBOOK_MEMORY = Path(__file__).resolve().parents[2] / "deploy" / "notebook_memory.json"

EXPLORER_P90_MS = 250        # an update still feels immediate at human pace
STORM_S = 300                # a Run All storm should be over in five minutes
HEADROOM = 1.3               # The Littlest JupyterHub: peak memory x (1.2 to 1.4) ...
HUB_MB = 128                 # ... + 128 MB for the hub and its proxy
CPU_HEADROOM = 1.2           # ... and CPU: concurrent users x CPU per user + 20%
NOTEBOOKS_OPEN = 3           # a student's memory: the server and this many notebooks' kernels
NODE_ALLOCATABLE = 0.9       # what Kubernetes leaves to pods of a node's memory
MEMORY_STEP_MB = 256         # memory figures are rounded up to this


def reference(measured: dict) -> dict:
    """The run the sizing uses: the largest class whose figures are all there."""
    complete = [r for r in measured["runs"]
                if r["memory_mb_per_student"] and r["cpu_s_per_student"]
                and r["explorer_ms"]["p90"] is not None]
    if not complete:
        raise ValueError("no complete run in the measured figures")
    return max(complete, key=lambda r: r["students"])


def interactive_per_core(measured: dict) -> float:
    """Students per core while they move controls: the largest class measured whose explorer
    p90 stayed under EXPLORER_P90_MS, divided by the cores (a lower bound: larger classes were
    not tried)."""
    ok = [r["students"] for r in measured["runs"]
          if r["explorer_ms"]["p90"] is not None and r["explorer_ms"]["p90"] < EXPLORER_P90_MS]
    return max(ok, default=0) / measured["machine"]["cores"]


def storm_per_core(measured: dict) -> float:
    """Students per core for whom everyone's Run All of notebook 06 is over in STORM_S."""
    return STORM_S / (reference(measured)["cpu_s_per_student"] * CPU_HEADROOM)


def cpu_share(measured: dict, pace_s: float = 1.0) -> float:
    """The share of a core a student uses moving a control once every pace_s seconds: the
    largest of every measured class's median update round trip (wall time, so an upper bound),
    over the pace. Each class's median is over all its students' updates, and the largest of
    them, not the lone student's one run, is the figure that holds from run to run (the lone
    student's swung between 28 and 100 ms from one run to the next, the class medians did not)."""
    medians = [r["explorer_ms"]["median"] for r in measured["runs"]
               if r["explorer_ms"]["median"] is not None]
    if not medians:
        raise ValueError("no explorer round trip in the measured figures")
    return max(medians) / 1000 / pace_s


def cpu_runs(measured: dict) -> list[float]:
    """The class medians cpu_share takes the largest of, ms."""
    return [r["explorer_ms"]["median"] for r in measured["runs"]
            if r["explorer_ms"]["median"] is not None]


def notebook_memory(path: Path = NOTEBOOK_MEMORY) -> dict:
    """{notebook: its kernel's anonymous memory after Run All, MB} as `make bench` measured it
    (deploy/notebook_memory.json; docs/benchmark.md's table carries the same figures)."""
    return json.loads(Path(path).read_text())["kernel_anon_mb"]


def student_memory_mb(measured: dict, kernels_mb: dict) -> float:
    """What one student keeps with NOTEBOOKS_OPEN notebooks open: the server with notebook 06's
    kernel as measured under a class's load, plus the largest other kernels (RssAnon after Run
    All, `make bench`: deploy/notebook_memory.json)."""
    others = sorted((mb for nb, mb in kernels_mb.items() if not nb.startswith("06")),
                    reverse=True)
    return reference(measured)["memory_mb_per_student"] + sum(others[:NOTEBOOKS_OPEN - 1])


def per_gb(measured: dict) -> float:
    """Students per GB, with The Littlest JupyterHub's headroom on one notebook open."""
    return 1024 / (reference(measured)["memory_mb_per_student"] * HEADROOM)


def tljh_ram_gb(measured: dict, concurrent: int) -> float:
    """The Littlest JupyterHub's formula: concurrent x memory per user x headroom + 128 MB."""
    mb = reference(measured)["memory_mb_per_student"]
    return (concurrent * mb * HEADROOM + HUB_MB) / 1024


def storm_minutes(measured: dict, students: int, cores: int) -> float:
    """How long everyone's Run All takes when they all press it at once on `cores` cores."""
    return students * reference(measured)["cpu_s_per_student"] * CPU_HEADROOM / cores / 60


def deploy_figures(measured: dict, kernels_mb: dict | None = None) -> dict:
    """The numbers deploy/'s configurations must carry. Memory: guarantee = limit = a student
    with NOTEBOOKS_OPEN notebooks open (no overcommit: a class that opens its notebooks gets
    what the scheduler promised it; past the limit the memory guard stops the least recently
    used idle kernel, and the learner is told when they return to it)."""
    kernels_mb = notebook_memory() if kernels_mb is None else kernels_mb
    limit = _round_up(student_memory_mb(measured, kernels_mb), MEMORY_STEP_MB)
    guarantee = limit
    cpu_guarantee = _round_up(cpu_share(measured) * 100, 5) / 100
    return {"memory_guarantee": f"{guarantee}M", "memory_limit": f"{limit}M",
            "memory_guarantee_mb": guarantee, "memory_limit_mb": limit,
            "cpu_guarantee": cpu_guarantee, "cpu_limit": 1.0}


def server_for_class(measured: dict, students: int, cores: int, memory_gb: float) -> dict:
    ram = tljh_ram_gb(measured, students)
    return {"students": students, "cores": cores, "memory_gb": memory_gb,
            "ram_needed_gb": round(ram, 1), "fits_memory": ram <= memory_gb,
            "fits_interactive": students <= interactive_per_core(measured) * cores,
            "storm_minutes": round(storm_minutes(measured, students, cores), 1)}


def node_pool(measured: dict, students: int, node_cores: int, node_gb: float,
              kernels_mb: dict | None = None) -> dict:
    """Nodes for a class on Kubernetes, pods placed by their memory and CPU guarantees."""
    figures = deploy_figures(measured, kernels_mb)
    by_memory = int(node_gb * 1024 * NODE_ALLOCATABLE // figures["memory_guarantee_mb"])
    by_cpu = int(node_cores // figures["cpu_guarantee"])
    per_node = min(by_memory, by_cpu)
    return {"students": students, "node_cores": node_cores, "node_gb": node_gb,
            "students_per_node": per_node, "nodes": math.ceil(students / per_node),
            "storm_minutes": round(storm_minutes(
                measured, per_node, node_cores), 1)}


def _round_up(x: float, step: int) -> int:
    return int(math.ceil(x / step) * step)


def markdown_table(measured: dict, kernels_mb: dict | None = None) -> str:
    """The sizing table of docs/classroom.md (tests/test_deploy.py checks that the page
    carries exactly this text for deploy/measured.json and deploy/notebook_memory.json)."""
    kernels_mb = notebook_memory() if kernels_mb is None else kernels_mb
    ref, d = reference(measured), deploy_figures(measured, kernels_mb)
    mb, cpu = ref["memory_mb_per_student"], ref["cpu_s_per_student"]
    share = cpu_share(measured)
    one = server_for_class(measured, 30, 8, 32)
    pool = node_pool(measured, 300, 8, 32, kernels_mb)
    runs = cpu_runs(measured)
    cores = measured["machine"]["cores"]
    rows = [
        ("students per core, moving controls",
         f"{1 / share:.1f} by CPU cost; {interactive_per_core(measured):.1f} reached here",
         f"1 / {share:.3f} core per student (the largest of {len(runs)} classes' median "
         f"updates, {min(runs):.0f}-{max(runs):.0f} ms, at one a second); largest class with "
         f"explorer p90 < {EXPLORER_P90_MS} ms / {cores} cores"),
        ("students per core, Run All storm over in 5 min", f"{storm_per_core(measured):.1f}",
         f"{STORM_S} s / ({cpu:.1f} CPU s per Run All of notebook 06 + 20%)"),
        ("students per GB (one notebook open)", f"{per_gb(measured):.1f}",
         f"1024 MB / ({mb:.0f} MB x {HEADROOM})"),
        ("30 students, one 8-core / 32 GB server (TLJH)",
         f"RAM {one['ram_needed_gb']} GB of 32; CPU "
         f"{30 * share * CPU_HEADROOM:.1f} cores of 8; storm {one['storm_minutes']} min",
         f"RAM = 30 x {mb:.0f} MB x {HEADROOM} + {HUB_MB} MB; CPU = 30 x {share:.3f} cores "
         f"+ 20%; storm = 30 x {cpu:.1f} s x {CPU_HEADROOM} / 8 cores"),
        (f"memory per student, {NOTEBOOKS_OPEN} notebooks open",
         f"{student_memory_mb(measured, kernels_mb):.0f} MB: guarantee = limit = "
         f"{d['memory_limit']}",
         f"{mb:.0f} MB (server + notebook 06) + the {NOTEBOOKS_OPEN - 1} largest other kernels "
         f"after Run All, rounded up to {MEMORY_STEP_MB} MB"),
        ("300 students, 8-core / 32 GB nodes (Kubernetes)",
         f"{pool['students_per_node']} per node, {pool['nodes']} nodes; storm "
         f"{pool['storm_minutes']} min",
         f"memory guarantee {d['memory_guarantee']}, CPU guarantee {d['cpu_guarantee']}, "
         f"{int(NODE_ALLOCATABLE * 100)}% of a node's memory for pods"),
    ]
    lines = ["| | sizing | how |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    print(markdown_table(json.loads(open(sys.argv[1] if len(sys.argv) > 1
                                         else "deploy/measured.json").read())))
