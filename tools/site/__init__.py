"""`make site`: the series as a static website, built offline from the committed notebooks.

One page per notebook (its text, code, outputs and figures, as committed: nothing is
re-executed for the pages), a landing page, a glossary, launch buttons (Binder, Colab, a
JupyterHub through nbgitpuller) and explorers that answer their controls without a kernel
(frames precomputed by :mod:`tools.site.explorers`). Every file a page loads is in
``build/site``. ``python -m tools.site --help`` says how to build and view it.
"""
