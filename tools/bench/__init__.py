"""`make bench` (``python -m tools.bench``): measure what readers feel, in one run, and publish
the table. Every time is also given in yardsticks (Y): seconds divided by the time this machine
takes for a fixed small training workload (:mod:`tools.bench.yardstick`), so that figures from
machines of different speed, or from one machine under different load, can be compared.

Modules: ``cli`` (the command and the order of the sections), ``yardstick``, ``notebooks``
(each notebook in a fresh kernel: seconds, kernel start, slowest cells, memory), ``explorers``
(kernel-side update times), ``models`` (notebook 04's and 06's models, the ConvNet step with 1
thread and torch's default), ``report`` (machine, targets, build/bench.md).
"""
