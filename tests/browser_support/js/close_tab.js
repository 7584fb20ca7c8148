// Close the Lab tab with this widget id without the "save changes?" dialog.
(id) => {
  const w = Array.from(window.jupyterapp.shell.widgets('main')).find(w => w.id === id);
  if (w) w.dispose();
}
