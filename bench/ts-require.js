"use strict";
// Lets a benchmark require the TypeScript of tests/ (the fuzzer's generators), compiled on load by
// @swc/core with the options Jest uses, so the bench and the tests run the same code.
const fs = require("node:fs");
const path = require("node:path");
const swc = require("@swc/core");

const TESTS = path.join(__dirname, "..", "tests") + path.sep;
const OPTIONS = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};

let installed = false;
function install() {
  if (installed) return;
  installed = true;
  // Deprecated, but Node 20 has no other synchronous hook for CommonJS (and no type stripping).
  require.extensions[".ts"] = (module, filename) => {
    if (!filename.startsWith(TESTS)) throw new Error(`bench/ts-require compiles tests/ only, not ${filename}`);
    const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), { ...OPTIONS, filename });
    module._compile(code, filename);
  };
}

/** require() of a .ts module under tests/. */
function requireTs(file) {
  install();
  return require(path.join(TESTS, file));
}

module.exports = { requireTs };
