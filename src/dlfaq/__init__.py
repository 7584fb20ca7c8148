"""dlfaq: the small helper package behind the notebooks of the dlfaq series.

The series asks *what is the difference between deep learning and usual machine learning?*
Each notebook shows the lesson's key lines itself and calls this package for the plumbing:
data (`dlfaq.learn.data`), the from-scratch logistic unit (`dlfaq.learn.neuron`), figures drawn on
a given
matplotlib ``Axes`` (`dlfaq.plots`) and sliders wired to them (`dlfaq.explorers`).

Importing dlfaq changes nothing global: a notebook calls :func:`dlfaq.setup` in its first cell.
"""

from importlib.metadata import PackageNotFoundError, version

from dlfaq.session import setup

try:  # one place for the version: pyproject.toml, read from the installed package's metadata
    __version__ = version("dlfaq")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "unknown"
__all__ = ["setup", "__version__"]
