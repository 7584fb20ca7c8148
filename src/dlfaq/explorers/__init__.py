"""The explorers of the series: for each, its controls, one compute call and its figure.

Every explorer is an :class:`dlfaq.explorers.base.Explorer` (the mechanism: controls, a figure
updated in place, a renderer). Its compute is one call into a compute module that returns a
dict of numbers (:func:`dlfaq.learn.neuron.unit_view`, :func:`dlfaq.learn.backprop.snapshot_view`,
:func:`dlfaq.learn.gradients.layer_view`, :func:`dlfaq.learn.convnets.receptive_field_view`,
:func:`dlfaq.learn.convnets.pooling_view`); this module only adds the title and the message under
the
figure, written from those numbers. ``explorer.data`` holds the latest dict, and
``explorer.set(...)`` returns it.
"""

from dlfaq.explorers.base import Explorer, slider
from dlfaq.explorers.conv import pooling_explorer, receptive_field_explorer
from dlfaq.explorers.gradient import INIT_CHOICES, gradient_explorer
from dlfaq.explorers.hidden_layer import hidden_layer_explorer
from dlfaq.explorers.logistic import logistic_explorer

#: Every explorer of the series, in the order the notebooks show them: the one list that the
#: tests, the benchmark (tools/bench), the site (tools/site) and the app read.
EXPLORERS = {
    "logistic_explorer": logistic_explorer,  # notebook 01
    "hidden_layer_explorer": hidden_layer_explorer,  # 02
    "gradient_explorer": gradient_explorer,  # 03 and 04
    "receptive_field_explorer": receptive_field_explorer,  # 05
    "pooling_explorer": pooling_explorer,  # 05
}

__all__ = ["EXPLORERS", "Explorer", "INIT_CHOICES", "gradient_explorer",
           "hidden_layer_explorer", "logistic_explorer", "pooling_explorer",
           "receptive_field_explorer", "slider"]
