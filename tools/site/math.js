// make site: render TeX to MathML with KaTeX at build time (no script or font is loaded by the
// pages for math: browsers draw MathML themselves). Reads [[tex, display], ...] as JSON on stdin,
// writes [{html} | {error}, ...] as JSON on stdout.
const katex = require("katex");
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map(([tex, display]) => {
    try {
      return { html: katex.renderToString(tex, { displayMode: display, output: "mathml", throwOnError: true }) };
    } catch (err) {
      return { error: String(err.message || err) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
