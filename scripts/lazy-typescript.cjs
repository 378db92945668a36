// Bundles load `typescript` (9 MB, about 300 ms and 48 MB to initialise) only when handler code is
// first analysed: `scripts/build.mjs` aliases `typescript` to this module and copies the compiler to
// dist/typescript.js, beside the bundles, which leave it out. The exported object starts
// empty with a proxy as its prototype; the first property read through it loads the real compiler and
// copies its exports onto the object, so every later `ts.isX(node)` is an ordinary own-property read.
// (A plain Proxy as the export cost a trap per read: +60% on the syntax walks of the code front end.)
let loaded;
const lazy = {};
const load = () => {
  if (!loaded) {
    loaded = require('./typescript.js');
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
