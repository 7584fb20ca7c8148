"""Linear probes: how much of the answer a linear classifier can read off each layer (notebook 07).

A *probe* is one fixed, simple model, scikit-learn's logistic regression on standardised
inputs, handed one representation of the data at a time: the raw MNIST-1D series, the
hand-engineered |FFT| features of :mod:`dlfaq.learn.features`, or the activations of one layer of a
network. The probe never changes; only its input does, so its test accuracy measures how good
that representation is as *features*. Usual machine learning is "engineered features + a simple
model"; a network's last hidden layer is "learned features + the same simple model".

- :func:`train_networks`: the MNIST-1D ConvNet and MLP of notebook 06, trained with their
  recipes by :func:`dlfaq.studies.comparison.run_deep` (optionally cached on disk), and the same
  ConvNet before training (the untrained control).
- :func:`layer_activations`: each layer's activations, flattened, one row per example.
- :func:`probe`: the probe on one representation; its penalty ``C`` picked on a validation
  split of the training set, never on the test set.
- :func:`probe_table`: every row of notebook 07's table; :func:`table` prints it.
- :func:`receptive_fields`, :func:`top_fragments`, :func:`class_purity`: which input windows
  excite a conv unit most, and how many digit classes they come from.
- :func:`probe_summary`: one seed's summary of the table; over seeds with
  :func:`dlfaq.studies.seeds.over_seeds`. :data:`SEED_RUN` is the recorded run that notebook 07
  shows (``python -m tools.record probes`` writes it).

Modules: :mod:`~dlfaq.studies.probes.networks`, :mod:`~dlfaq.studies.probes.linear` (the probe and
its
table), :mod:`~dlfaq.studies.probes.units`, :mod:`~dlfaq.studies.probes.seeds`; their public names
are
re-exported here. ``device=None`` means the device :func:`dlfaq.setup` chose.
"""

from dlfaq.studies.probes.linear import (
    CS,
    MAX_ITER,
    RANDOM_CONV_CS,
    VAL_FRACTION,
    accuracies,
    probe,
    probe_table,
    random_conv_probe,
    table,
)
from dlfaq.studies.probes.networks import NETWORKS, layer_activations, train_networks
from dlfaq.studies.probes.seeds import (
    SEED_RUN,
    SWEEP_ROWS,
    claims,
    probe_summary,
    summary,
    sweep_table,
)
from dlfaq.studies.probes.units import class_purity, receptive_fields, top_fragments

__all__ = ["CS", "MAX_ITER", "NETWORKS", "RANDOM_CONV_CS", "SEED_RUN", "SWEEP_ROWS",
           "VAL_FRACTION", "accuracies", "claims", "class_purity", "layer_activations",
           "probe", "probe_summary", "probe_table", "random_conv_probe",
           "receptive_fields", "summary", "sweep_table", "table", "top_fragments",
           "train_networks"]

