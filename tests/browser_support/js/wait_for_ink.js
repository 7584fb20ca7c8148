// Resolves with the figure's ink (fraction of non-white pixels) once it reaches min, or with
// whatever it is after timeout ms (the caller decides: a blank figure).
(el, [min, timeout]) => new Promise((resolve) => {
  const t0 = performance.now();
  const poll = () => {
    const ink = window.__dlfaq.pixels(el).ink;
    if (ink >= min || performance.now() - t0 > timeout) return resolve(ink);
    requestAnimationFrame(poll);
  };
  poll();
})
