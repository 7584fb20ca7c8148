// The notebook of the Lab tab with this widget id, as JSON (its outputs as the page has them).
(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  return w.context.model.toJSON();
}
