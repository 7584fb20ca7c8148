"""dlfaq: the small helper package behind the notebooks of the dlfaq series.

The series asks *what is the difference between deep learning and usual machine learning?*
Each notebook shows the lesson's key lines itself and calls this package for the plumbing:
data (`dlfaq.data`), the from-scratch logistic unit (`dlfaq.neuron`), figures drawn on a given
matplotlib ``Axes`` (`dlfaq.plots`) and sliders wired to them (`dlfaq.widgets`).

Importing dlfaq changes nothing global: a notebook calls :func:`dlfaq.setup` in its first cell.
"""

from dlfaq.config import setup

__version__ = "0.1.0"
__all__ = ["setup", "__version__"]
