"""dlfaq: the small helper package behind the notebooks of the dlfaq series.

The series asks *what is the difference between deep learning and usual machine learning?*
Each notebook shows the lesson's key lines itself and calls this package for the plumbing, in
layers, each importing only the layers below it (`make lint` checks it):

- ``dlfaq.setup`` (:mod:`dlfaq.session`): one call in each notebook's first cell;
- :mod:`dlfaq.exercises` (graders) and :mod:`dlfaq.explorers` (sliders wired to a figure);
- :mod:`dlfaq.plots` (figures drawn on a given matplotlib ``Axes``) and :mod:`dlfaq.studies`
  (the experiments the notebooks report, as plain numbers);
- :mod:`dlfaq.learn` (the lesson's machinery: data, the logistic unit, backprop, nets,
  training, ConvNets, features);
- :mod:`dlfaq.core` (argument checks, the device, tables).

Importing dlfaq changes nothing global: a notebook calls :func:`dlfaq.setup` in its first cell.
"""

from importlib.metadata import PackageNotFoundError, version

from dlfaq.session import setup

try:  # one place for the version: pyproject.toml, read from the installed package's metadata
    __version__ = version("dlfaq")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"
__all__ = ["setup", "__version__"]
