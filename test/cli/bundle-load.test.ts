/**
 * The bundles' start-up costs: dist/typescript.js is loaded with the V8 code cache the build writes beside
 * it, and that cache must be one this Node accepts (else every CLI worker compiles 9 MB again, ~200 ms);
 * the `yaml` parser's per-token `process.env` reads are removed from every bundle; and the compiler is loaded
 * only by the threads that read code (a module-level `ts.SyntaxKind` read once loaded it in every thread).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertCliBuilt, CLI_PATH, REPO_ROOT } from './helpers';

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

/**
 * Runs the CLI with a preload (applied to its worker threads too) that records which threads read
 * dist/typescript.js: 0 is the main thread.
 */
function threadsLoadingTypeScript(args: string[]): { threads: number[]; started: number[] } {
  const folder = mkdtempSync(join(tmpdir(), 'slsward-ts-load-'));
  try {
    const probe = join(folder, 'probe.cjs');
    const out = join(folder, 'out.txt');
    writeFileSync(
      probe,
      `const fs = require('node:fs');
const { threadId } = require('node:worker_threads');
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (String(path).endsWith('typescript.js')) fs.appendFileSync(${JSON.stringify(out)}, 'ts ' + threadId + '\\n');
  return read.call(this, path, ...rest);
};
fs.appendFileSync(${JSON.stringify(out)}, 'start ' + threadId + '\\n');
`,
    );
    writeFileSync(out, '');
    try {
      execFileSync(process.execPath, ['--require', probe, CLI_PATH, ...args], { encoding: 'utf8', cwd: folder, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      // Findings exit 1; anything else is a failure of the run itself.
      if ((error as { status?: number }).status !== 1) throw error;
    }
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const of = (word: string) => [...new Set(lines.filter((line) => line.startsWith(`${word} `)).map((line) => Number(line.split(' ')[1])))].sort();
    return { threads: of('ts'), started: of('start') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test('the CLI loads the TypeScript compiler only in workers, and only when there is code to read', () => {
  assertCliBuilt();
  assert.deepEqual(threadsLoadingTypeScript(['--help']).threads, [], 'printing the help');
  const templatesOnly = threadsLoadingTypeScript(['audit', join(REPO_ROOT, 'examples/sam'), '--format', 'json']);
  assert.ok(templatesOnly.started.some((thread) => thread !== 0), 'the probe ran in the workers too');
  assert.deepEqual(templatesOnly.threads, [], 'auditing templates without code');
  const withCode = threadsLoadingTypeScript(['audit', join(REPO_ROOT, 'examples/serverless/insecure'), '--format', 'json']);
  assert.ok(withCode.threads.length > 0 && !withCode.threads.includes(0), `auditing a service with handlers: threads ${withCode.threads.join(', ')}`);
});
