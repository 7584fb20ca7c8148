// Texts a reader would see instead of a widget, under the CSS selector root.
(root) => {
  const bad = [];
  const scope = document.querySelector(root) || document.body;
  for (const el of scope.querySelectorAll('.jp-OutputArea-output, .jp-RenderedText')) {
    const t = el.innerText || '';
    if (t.includes('Error displaying widget')) bad.push(t.slice(0, 300));
    if (t.includes('Loading widget')) bad.push(t.slice(0, 300));
  }
  // ipywidgets 8 draws a widget whose view failed as a broken-image icon
  for (const el of scope.querySelectorAll('.jupyter-widgets-error-widget'))
    bad.push('broken widget: ' + (el.innerText || '').slice(0, 300));
  return bad;
}
