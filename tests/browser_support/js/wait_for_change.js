// Resolves with the ms since the last keydown (or change event) once the figure's pixels differ
// from the hash old, checked every animation frame; null after timeout ms.
(el, [old, timeout]) => new Promise((resolve) => {
  const t0 = performance.now();
  const poll = () => {
    const now = performance.now();
    if (window.__dlfaq.pixels(el).hash !== old) return resolve(now - window.__dlfaq.keydown);
    if (now - t0 > timeout) return resolve(null);
    requestAnimationFrame(poll);
  };
  poll();
})
