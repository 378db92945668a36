/**
 * The bundles' start-up costs: dist/typescript.js is loaded with the V8 code cache the build writes beside
 * it, and that cache must be one this Node accepts (else every CLI worker compiles 9 MB again, ~200 ms);
 * the `yaml` parser's per-token `process.env` reads are removed from every bundle.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCliBuilt, REPO_ROOT } from './helpers';

const DIST = join(REPO_ROOT, 'dist');

test('the TypeScript code cache is accepted by this Node, in the main thread and in a worker with resource limits', () => {
  assertCliBuilt();
  // In a child with Node's default flags, as the CLI runs; the worker has the limits the analysis pool sets.
  const folder = mkdtempSync(join(tmpdir(), 'slsward-code-cache-'));
  try {
    const probe = join(folder, 'probe.js');
    writeFileSync(
      probe,
      `const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const vm = require('node:vm'), Module = require('node:module'), fs = require('node:fs');
const file = ${JSON.stringify(join(DIST, 'typescript.js'))};
const rejected = () => new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: fs.readFileSync(file + '.cache') }).cachedDataRejected;
if (isMainThread) {
  const main = rejected();
  new Worker(__filename, { resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 } }).on('message', (inWorker) => console.log(JSON.stringify({ main, inWorker })));
} else parentPort.postMessage(rejected());
`,
    );
    const output = execFileSync(process.execPath, [probe], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(output), { main: false, inWorker: false });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('no bundle reads the yaml debug switches per token', () => {
  assertCliBuilt();
  for (const bundle of ['cli.js', 'server.js', 'analysis-worker.js']) {
    const text = readFileSync(join(DIST, bundle), 'utf8');
    assert.ok(text.includes('node_modules/yaml/dist/parse/parser.js'), `${bundle} bundles the yaml parser`);
    assert.ok(!/env\.LOG_TOKENS|env\.LOG_STREAM/.test(text), `${bundle} still reads LOG_TOKENS or LOG_STREAM`);
  }
});
