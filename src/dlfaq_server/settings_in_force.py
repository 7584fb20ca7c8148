"""A read-only Jupyter Server extension that says which settings the running server uses.

Every launch route (``make lab``, Binder, a JupyterHub) lays jupyter/'s settings out in its own
folders, and a file in the wrong folder is silently ignored: Jupyter Server reads
``jupyter_server_config.d/`` only for its list of extensions. So the tests ask the *running*
server instead of looking for files: ``GET <base_url>dlfaq/settings-in-force`` (authenticated
like every other API call) answers with

- ``kernel_manager_class``: the class of the server's kernel manager (the memory guard or not),
- ``culling``: the idle-kernel culling traits of that manager, and whether its culler runs,
- ``kernels``: for each running kernel, the transport it was started with (``ipc`` or ``tcp``),
- ``memory_guard``: the limit the guard keeps to (None without the guard),
- ``lab``: JupyterLab's ``news_url`` and update-check class, read from the running LabApp.

JupyterLab's own settings (the news pop-up, ``kernelShutdown``) are read from its settings API,
``/lab/api/settings/<plugin>``, which applies the overrides Lab found. Enabled by
``ServerApp.jpserver_extensions`` in jupyter/jupyter_server_config.json; it changes nothing.
"""

from __future__ import annotations

import json

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado import web

__all__ = ["CULLING", "ROUTE", "SettingsInForceHandler", "settings_in_force"]

CULLING = ("cull_idle_timeout", "cull_interval", "cull_connected", "cull_busy")
ROUTE = "dlfaq/settings-in-force"


def _name(obj) -> str:
    cls = obj if isinstance(obj, type) else type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def settings_in_force(serverapp) -> dict:
    """What the running server uses (see the module docstring)."""
    km = serverapp.kernel_manager
    kernels = {}
    for kernel_id in list(km.list_kernel_ids()):
        kernel = km.get_kernel(kernel_id)
        kernels[kernel_id] = {"transport": kernel.transport}
    guard = getattr(km, "guard_status", None)
    lab = None
    for apps in serverapp.extension_manager.extension_apps.values():
        for app in apps:
            if _name(app) == "jupyterlab.labapp.LabApp":
                lab = {"news_url": app.news_url,
                       "check_for_updates_class": _name(app.check_for_updates_class)}
    return {
        "kernel_manager_class": _name(km),
        "culling": {**{name: getattr(km, name) for name in CULLING},
                    "culler_running": getattr(km, "_culler_callback", None) is not None},
        "kernels": kernels,
        "memory_guard": guard() if guard else None,
        "lab": lab,
    }


class SettingsInForceHandler(APIHandler):
    """GET only: the settings in force, as JSON."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps(settings_in_force(self.serverapp)))


def _jupyter_server_extension_points():
    return [{"module": "dlfaq_server.settings_in_force"}]


def _load_jupyter_server_extension(serverapp):
    route = url_path_join(serverapp.web_app.settings["base_url"], ROUTE)
    serverapp.web_app.add_handlers(".*$", [(route, SettingsInForceHandler)])
