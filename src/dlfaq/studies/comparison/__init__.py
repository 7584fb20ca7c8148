"""Usual machine learning against deep learning, measured fairly (notebook 06).

:func:`compare` runs scikit-learn pipelines (on raw inputs and on engineered features from
:mod:`dlfaq.learn.features`) and the deep models (:class:`dlfaq.learn.nets.MLP`, a ConvNet from
:mod:`dlfaq.learn.convnets`, trained by :func:`dlfaq.learn.train.fit`) on the same train/test split
and
returns one row per model. Both sides get the same small search budget: three settings per
model (:data:`GRIDS`), chosen by :func:`search` on a validation split carved from the training
set (:func:`dlfaq.learn.train.validation_split`), never on the test set; :data:`SELECTED` holds the
choices of the run recorded in :data:`SEED_RUN`. :func:`shuffle_positions` and
:func:`training_size_curve` compute the two follow-up experiments; :func:`experiments` runs
everything for one seed (over seeds: :func:`dlfaq.studies.seeds.over_seeds`, then
:func:`gather`); :func:`table` prints rows.

- :mod:`dlfaq.studies.comparison.models`: the models, their recipes and settings, one fit each;
- :mod:`dlfaq.studies.comparison.studies`: the studies (several fits each) and the table;
- :mod:`dlfaq.studies.comparison.record`: the recorded run, read from its JSON record.

``python -m tools.record comparison`` (the validation searches, then every experiment over seeds
0-4 and 10-14) reproduces the recorded numbers.
``quick=True`` is every study's one size knob, for smoke tests; ``device=None`` means the
device :func:`dlfaq.setup` chose.
"""

from dlfaq.studies.comparison.models import (
    BOOSTING_MAX_ITER,
    BOUNDS,
    CLASSICAL,
    DATASETS,
    DEEP,
    DEFAULTS,
    FEATURES,
    GRIDS,
    N_KERNELS,
    RECIPES,
    SELECTED,
    SELECTED_BY_SIZE,
    SIZE_GRIDS,
    classical_model,
    deep_model,
    engineer,
    load,
    run_classical,
    run_deep,
    train_mnist1d_convnet,
)
from dlfaq.studies.comparison.record import SEED_RUN
from dlfaq.studies.comparison.studies import (
    compare,
    experiments,
    gather,
    permutation,
    search,
    search_sizes,
    shuffle_positions,
    table,
    training_size_curve,
)
from dlfaq.studies.tricks import spread

__all__ = ["BOOSTING_MAX_ITER", "BOUNDS", "CLASSICAL", "DATASETS", "DEEP", "DEFAULTS",
           "FEATURES", "GRIDS", "N_KERNELS", "RECIPES", "SEED_RUN", "SELECTED",
           "SELECTED_BY_SIZE", "SIZE_GRIDS", "classical_model", "compare", "deep_model",
           "engineer", "experiments", "gather", "load", "permutation", "run_classical",
           "run_deep", "search", "search_sizes", "shuffle_positions",
           "spread", "table", "train_mnist1d_convnet", "training_size_curve"]
