// Whether the current Lab tab's kernel is connected and idle.
() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session &&
            w.sessionContext.session.kernel;
  return Boolean(k && k.connectionStatus === 'connected' && k.status === 'idle');
}
