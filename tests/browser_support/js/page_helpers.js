// Installed in every page before its scripts run (context.add_init_script): window.__dlfaq.
// keydown: when a control last moved; pixels: a hash and the ink of a figure, whether the
// figure is an ipympl <canvas> or the PNG renderer's <img>; snap/differing: compare a canvas
// with a snapshot of itself.
() => {
  if (window.__dlfaq) return;
  const state = {keydown: 0};
  document.addEventListener('keydown', () => { state.keydown = performance.now(); }, true);
  document.addEventListener('change', () => { state.keydown = performance.now(); }, true);
  state.canvasPixels = (canvas) => {
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return {hash: 0, ink: 0};
    const d = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let h = 2166136261, ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      h = Math.imul(h ^ d[i] ^ (d[i + 1] << 8) ^ (d[i + 2] << 16), 16777619);
      if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) ink++;
    }
    return {hash: h >>> 0, ink: ink / (d.length / 4)};
  };
  // An <img> is drawn into a canvas once per new src (until the next frame has loaded, the
  // last loaded frame's value), so polling every animation frame stays cheap.
  state.imagePixels = (img) => {
    const cache = img.__dlfaqPixels || {src: null, value: {hash: 0, ink: 0}};
    if (cache.src === img.src || !img.complete || !img.naturalWidth) return cache.value;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    c.getContext('2d').drawImage(img, 0, 0);
    const value = state.canvasPixels(c);
    img.__dlfaqPixels = {src: img.src, value};
    return value;
  };
  state.pixels = (el) => (el.tagName === 'IMG' ? state.imagePixels(el) : state.canvasPixels(el));
  state.snaps = {};
  state.snap = (canvas, name) => {
    state.snaps[name] = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  };
  state.differing = (canvas, name) => {  // fraction of pixels that differ from a snapshot
    const a = state.snaps[name].data;
    const b = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    if (a.length !== b.length) return 1;
    let n = 0;
    for (let i = 0; i < a.length; i += 4)
      if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
    return n / (a.length / 4);
  };
  window.__dlfaq = state;
}
