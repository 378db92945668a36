// Writes dist/typescript.js.cache: V8's code cache for the TypeScript compiler, which the bundles load on
// first use (lazy-typescript.cjs). Compiling the 9 MB file costs about 200 ms in every thread that loads it
// (each CLI worker, each language-server worker); with the cache it is about 30 ms. The cache is made after
// parsing two of our own sources, so the parser's functions are in it too. V8 accepts a cache only from the
// same V8 version and flags: made by `npm run build` with the Node that runs the CLI, it serves the CLI and
// the tests; under another runtime (VS Code's Electron) V8 rejects it and compiles as before.
const { readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

const dist = resolve(__dirname, '..', 'dist');
const file = join(dist, 'typescript.js');
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
const compiled = { exports: {} };
script.runInThisContext()(compiled.exports, Module.createRequire(file), compiled, file, dist);
const ts = compiled.exports;
for (const [sample, kind] of [['server/src/engine/code/typescript/front-end.ts', ts.ScriptKind.TS], ['scripts/lazy-typescript.cjs', ts.ScriptKind.JS]]) {
  const path = resolve(__dirname, '..', sample);
  ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}
writeFileSync(`${file}.cache`, script.createCachedData());
