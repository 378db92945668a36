// Bundles load `typescript` (9 MB, about 300 ms and 48 MB to initialise) only when handler code is
// first analysed: `scripts/build.mjs` aliases `typescript` to this module, whose properties load the
// real compiler on first use. A template-only session, and every worker (re)start, never pays for it.
let loaded;
const load = () => (loaded ??= require('../node_modules/typescript/lib/typescript.js'));
module.exports = new Proxy(
  {},
  {
    get: (_target, key) => load()[key],
    has: (_target, key) => key in load(),
  },
);
