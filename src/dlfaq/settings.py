"""Settings shared by the notebooks and the benchmark (``make bench``), so that what the
benchmark measures is what a notebook runs: change a setting here, and both follow.

No imports, no computing: plain constants.
"""

# Notebook 04's comparison table: ``tricks.compare(data=digits, **TRICKS_TABLE, device=...)``,
# one deep MLP per configuration of ``tricks.CONFIGURATIONS`` under the same budget.
TRICKS_TABLE = {"depth": 30, "width": 32, "steps": 100, "lr": 3e-3, "seed": 0}
