// dlfaq site: explorers without a kernel. Each <figure class="explorer"> names its data file
// (data-explorer): the values every control offers and, for every combination (row-major, in
// the controls' order), the frame precomputed by the notebook's own explorer, its alternative
// text and the message the notebook shows under it. Moving a control shows that frame, updates
// the image's alt text and announces the new state in the figure's live region.
(function () {
  "use strict";

  function setUp(root) {
    fetch(root.dataset.explorer)
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.url); }
        return response.json();
      })
      .then(function (data) { wire(root, data); })
      .catch(function (err) {
        var status = root.querySelector(".status");
        status.textContent = "This explorer's frames could not be loaded (" + err.message + ").";
      });
  }

  function wire(root, data) {
    var img = root.querySelector("img.frame");
    var status = root.querySelector(".status");
    var inputs = data.controls.map(function (c) {
      return root.querySelector('[data-control="' + c.name + '"]');
    });

    function position(input, control) {
      if (!input) { return control.start; }  // held at its starting value: no control
      if (input.type === "checkbox") { return input.checked ? 1 : 0; }
      return parseInt(input.value, 10);
    }

    function show() {
      var index = 0;
      var words = [];
      data.controls.forEach(function (c, k) {
        var i = position(inputs[k], c);
        index = index * c.values.length + i;
        var label = c.labels[i];
        if (!inputs[k]) { return; }
        if (inputs[k].type === "range") {
          inputs[k].setAttribute("aria-valuetext", label);
          var out = root.querySelector('output[for="' + inputs[k].id + '"]');
          if (out) { out.textContent = label; }
        }
        words.push(c.description + " " + label);
      });
      var frame = data.frames[index];
      if (frame[0]) {
        img.src = "frames/" + frame[0];
        img.alt = frame[1];
      }
      status.textContent = words.join(", ") + ". " + (frame[2] || (frame[0] ? "" : frame[1]));
      root.dataset.frame = String(index);
    }

    inputs.forEach(function (input) {
      if (!input) { return; }
      input.addEventListener("input", show);
      input.addEventListener("change", show);
    });
    root.classList.add("ready");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.explorer[data-explorer]").forEach(setUp);
  });
})();
