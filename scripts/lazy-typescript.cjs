// Bundles load `typescript` (9 MB, about 300 ms and 48 MB to initialise) only when handler code is
// first analysed: `scripts/build.mjs` aliases `typescript` to this module and copies the compiler to
// dist/typescript.js, beside the bundles, which leave it out. The exported object starts
// empty with a proxy as its prototype; the first property read through it loads the real compiler and
// copies its exports onto the object, so every later `ts.isX(node)` is an ordinary own-property read.
// (A plain Proxy as the export cost a trap per read: +60% on the syntax walks of the code front end.)
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

/**
 * Loads dist/typescript.js with V8's code cache that the build writes beside it (make-code-cache.cjs), as
 * Node's loader would load it otherwise (same wrapper and arguments). Without a cache, or when V8 rejects
 * it (another V8 version), the compiler is compiled from source as usual.
 */
function loadCompiler() {
  const file = join(__dirname, 'typescript.js');
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    return require('./typescript.js');
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const compiled = { exports: {} };
  script.runInThisContext()(compiled.exports, Module.createRequire(file), compiled, file, __dirname);
  return compiled.exports;
}

let loaded;
const lazy = {};
const load = () => {
  if (!loaded) {
    loaded = loadCompiler();
    for (const key of Object.keys(loaded)) if (!Object.prototype.hasOwnProperty.call(lazy, key) || key === '__esModule') lazy[key] = loaded[key];
  }
  return loaded;
};
// esbuild's interop (`__toESM`) reads `__esModule` when a bundle imports this module: answered here, so
// that merely importing `typescript` does not load it (it did, in every thread, before this line).
Object.defineProperty(lazy, '__esModule', { value: false, writable: true, configurable: true });
Object.setPrototypeOf(
  lazy,
  new Proxy(Object.prototype, {
    get: (_target, key) => load()[key],
    has: (_target, key) => key in load(),
  }),
);
module.exports = lazy;
