"""Jupyter Server extensions shipped with dlfaq (they run inside the server; learners never
call them): ``settings_in_force``, which tells which settings a running server uses."""

__all__ = []
