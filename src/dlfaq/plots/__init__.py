"""Figures: each function draws given data on a given matplotlib ``Axes`` and returns the
artists it made, so a widget can later update them in place (``update_*``). No computing here:
what a figure shows (a smoothed curve, a probability grid, a histogram) is computed by the
compute modules and handed in.

Colours are Okabe-Ito (colour-blind safe, see :data:`dlfaq.core.config.PALETTE`); probability
maps use the diverging ``PuOr`` map, also safe for the common colour-vision deficiencies.

Every figure is reached as ``dlfaq.plots.<name>``; the modules only group them:
:mod:`~dlfaq.plots.basic` (points, probability maps, curves, images, accuracy bars),
:mod:`~dlfaq.plots.layers` (per-layer diagnostics, notebooks 03-04),
:mod:`~dlfaq.plots.conv` (the ConvNet explorers, 05) and :mod:`~dlfaq.plots.comparison`
(notebooks 06-08).
"""

from dlfaq.core.config import PALETTE
from dlfaq.plots.basic import (
                               CLASS_COLOURS,
                               PROBA_CMAP,
                               plot_accuracy_bars,
                               plot_curve,
                               plot_filters_1d,
                               plot_functions,
                               plot_image,
                               plot_kernel_grid,
                               plot_points,
                               plot_probability_map,
                               update_probability_map,
)
from dlfaq.plots.comparison import (
                               plot_accuracy_table,
                               plot_cost_accuracy,
                               plot_depth_width,
                               plot_fragments,
                               plot_learning_curves,
                               plot_probe_accuracies,
                               plot_size_curve,
)
from dlfaq.plots.conv import (
                               plot_pooling,
                               plot_receptive_field,
                               update_pooling,
                               update_receptive_field,
)
from dlfaq.plots.layers import (
                               GRAD_LIMITS,
                               plot_activation_histograms,
                               plot_layer_gradients,
                               plot_layer_profiles,
                               plot_trick_comparison,
                               update_activation_histograms,
                               update_layer_gradients,
)

__all__ = ["CLASS_COLOURS", "GRAD_LIMITS", "PALETTE", "PROBA_CMAP", "plot_accuracy_bars",
           "plot_accuracy_table", "plot_activation_histograms", "plot_cost_accuracy",
           "plot_curve", "plot_depth_width", "plot_filters_1d", "plot_fragments",
           "plot_functions", "plot_image", "plot_kernel_grid", "plot_layer_gradients",
           "plot_layer_profiles", "plot_learning_curves", "plot_pooling", "plot_points",
           "plot_probability_map", "plot_probe_accuracies", "plot_receptive_field",
           "plot_size_curve", "plot_trick_comparison", "update_activation_histograms",
           "update_layer_gradients", "update_pooling", "update_probability_map",
           "update_receptive_field"]

# One public name per figure: dlfaq.plots.<name> (the modules above only group them).
for _name in __all__:
    if callable(globals()[_name]):
        globals()[_name].__module__ = __name__
del _name
