"""The yardstick: a fixed small training workload whose time measures the machine.
``wall_per_cpu`` (its wall time over its CPU time) says how much other work shared the CPUs.

One torch thread, ``torch.manual_seed(0)``, a LeNet-5-like net on one fixed random batch of 64
28x28 inputs, SGD (lr 0.01, momentum 0.9), 10 warm-up steps, then the median of 5 runs of 200
steps (forward, cross-entropy, zero_grad, backward, step). One yardstick (1 Y) is that median in
seconds; every time of the report is also given divided by it (keys ending in ``_y``).
"""

from __future__ import annotations

import statistics
import time

STEPS, RUNS, WARMUP, BATCH = 200, 5, 10, 64


def lenet():
    from torch import nn

    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def measure(steps: int = STEPS, runs: int = RUNS, warmup: int = WARMUP) -> dict:
    """Time the workload. ``steps``/``runs`` smaller than the defaults (the smoke test) give
    ``yardstick_s`` scaled to 200 steps: an estimate, marked by ``steps`` in the result."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        torch.manual_seed(0)
        model = lenet()
        optimiser = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        x, y = torch.randn(BATCH, 1, 28, 28), torch.randint(0, 10, (BATCH,))

        def step():
            loss = torch.nn.functional.cross_entropy(model(x), y)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            return loss

        for _ in range(warmup):
            step()
        times, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(steps):
                loss = step()
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    finally:
        torch.set_num_threads(before)
    scale = STEPS / steps
    return {"yardstick_s": statistics.median(times) * scale,
            "runs_s": [t * scale for t in times], "steps": steps, "runs": runs,
            # wall / CPU time: about 1 on a machine to itself, more when others share its CPUs
            "wall_per_cpu": statistics.median(t / c for t, c in zip(times, cpu, strict=True)),
            "final_loss": loss.item()}


def is_time_key(key: str) -> bool:
    return key.endswith("seconds") or key.endswith("_ms") or "_ms_" in key


def in_yardsticks(value, key: str, y: float):
    """``value`` (seconds, or milliseconds where the key says ``_ms``) in yardsticks."""
    seconds = value / 1000 if ("_ms" in key) else value
    return seconds / y


def add_yardsticks(node, y: float):
    """Beside every time in ``node`` (nested dicts and lists), the same time in yardsticks:
    ``"seconds": 12.0`` gains ``"seconds_y": 12.0 / y``; ``"kernel_ms_median": 57`` gains
    ``"kernel_ms_median_y"``; a dict of times under a time key (``"section_seconds"``) gains
    a dict (``"section_seconds_y"``). Returns ``node``, changed in place."""
    if isinstance(node, list):
        for item in node:
            add_yardsticks(item, y)
    elif isinstance(node, dict):
        for key, value in list(node.items()):
            if not isinstance(key, str) or key.endswith("_y"):
                continue
            if is_time_key(key) and isinstance(value, int | float) and not isinstance(value,
                                                                                      bool):
                node[f"{key}_y"] = in_yardsticks(value, key, y)
            elif is_time_key(key) and isinstance(value, dict) and all(
                    isinstance(v, int | float) for v in value.values()):
                node[f"{key}_y"] = {k: in_yardsticks(v, key, y) for k, v in value.items()}
            else:
                add_yardsticks(value, y)
    return node
