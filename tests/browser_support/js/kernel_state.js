// "<connection status>/<kernel status>" of the kernel of the Lab tab with this widget id
// ("none" before it has one). window.jupyterapp: --LabApp.expose_app_in_browser.
(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  const k = w && w.sessionContext && w.sessionContext.session &&
            w.sessionContext.session.kernel;
  return k ? k.connectionStatus + '/' + k.status : 'none';
}
