// Resolves with the figure's hash once its pixels have not changed for quiet ms (or after
// timeout ms).
(el, [quiet, timeout]) => new Promise((resolve) => {
  const t0 = performance.now();
  let last = window.__dlfaq.pixels(el).hash, since = t0;
  const poll = () => {
    const now = performance.now(), h = window.__dlfaq.pixels(el).hash;
    if (h !== last) { last = h; since = now; }
    if (now - since >= quiet || now - t0 > timeout) return resolve(last);
    setTimeout(poll, 25);
  };
  poll();
})
