/**
 * The worker pool on its own, with a small worker script written for the test:
 * a job that never ends is stopped at its time budget, one that allocates
 * without end at its memory limit, and either way the worker is replaced and
 * the jobs behind it still run. Cancellation drops queued work and ends stale
 * running work. Outcomes are awaited; nothing sleeps.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { AnalysisPool, type AnalysisPoolOptions } from '../../server/src/workspace/analysis-pool';
import { makeTempDirectory } from './lsp-session';

const WORKER_SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  // Loading the compiler, slower than the test's budget: the job behind it must not be charged for it.
  if (message.type === 'prime') {
    const until = Date.now() + 600;
    while (Date.now() < until) {}
    parentPort.postMessage({ type: 'primed' });
  }
  if (message.type !== 'job') return;
  const request = message.request;
  if (request.kind === 'echo') parentPort.postMessage({ type: 'result', id: message.id, value: request.value });
  if (request.kind === 'busy') { const until = Date.now() + request.ms; while (Date.now() < until) {} parentPort.postMessage({ type: 'result', id: message.id, value: 'busy' }); }
  if (request.kind === 'workerData') parentPort.postMessage({ type: 'result', id: message.id, value: require('node:worker_threads').workerData });
  if (request.kind === 'forever') for (;;) {}
  if (request.kind === 'hog') { const kept = []; for (;;) kept.push(new Array(100000).fill(kept.length)); }
  if (request.kind === 'fail') parentPort.postMessage({ type: 'error', id: message.id, message: 'bug in the worker' });
});
parentPort.postMessage({ type: 'ready' });
`;

describe('AnalysisPool', () => {
  const directory = makeTempDirectory('slsward-pool-');
  const workerPath = join(directory.path, 'worker.js');
  writeFileSync(workerPath, WORKER_SCRIPT);
  const pools: AnalysisPool[] = [];
  after(async () => {
    await Promise.all(pools.map((pool) => pool.terminate()));
    directory.dispose();
  });

  function createPool(options: Partial<AnalysisPoolOptions> = {}, logs: string[] = []): AnalysisPool {
    const pool = new AnalysisPool({ workerPath, size: 1, budgetMs: 300, maxOldGenerationSizeMb: 64, staleRunLimitMs: 100, log: (message) => logs.push(message), ...options });
    pools.push(pool);
    return pool;
  }

  it('stops a job at its time budget, replaces the worker and runs the jobs posted behind it', async () => {
    const logs: string[] = [];
    const pool = createPool({ jobsPerWorker: 3 }, logs);
    const stuck = pool.run({ kind: 'forever' });
    const first = pool.run({ kind: 'echo', value: 1 });
    const second = pool.run({ kind: 'echo', value: 2 });
    assert.deepEqual(await stuck.outcome, { kind: 'stopped', reason: 'budget', message: 'analysis stopped after 300 ms: it took longer than its time budget' });
    assert.deepEqual(await first.outcome, { kind: 'done', value: 1 });
    assert.deepEqual(await second.outcome, { kind: 'done', value: 2 });
    assert.equal(logs.filter((line) => /ended after \d+ ms \(over its time budget\)/.test(line)).length, 1);
  });

  it('stops a job at its memory limit', async () => {
    const pool = createPool({ budgetMs: 60_000, maxOldGenerationSizeMb: 32 });
    const outcome = await pool.run({ kind: 'hog' }).outcome;
    assert.deepEqual(outcome, { kind: 'stopped', reason: 'memory', message: 'analysis stopped: it needed more than 32 MB of memory' });
    assert.deepEqual(await pool.run({ kind: 'echo', value: 'after' }).outcome, { kind: 'done', value: 'after' });
  });

  it('reports a failing job as stopped and keeps the worker', async () => {
    const pool = createPool();
    const outcome = await pool.run({ kind: 'fail' }).outcome;
    assert.equal(outcome.kind, 'stopped');
    assert.match((outcome as { message: string }).message, /the analysis worker failed \(bug in the worker\)/);
    assert.deepEqual(await pool.run({ kind: 'echo', value: 3 }).outcome, { kind: 'done', value: 3 });
  });

  it('drops a cancelled queued job, and ends a cancelled running job that runs past the stale limit', async () => {
    const logs: string[] = [];
    const pool = createPool({ budgetMs: 60_000 }, logs);
    const running = pool.run({ kind: 'forever' });
    const queued = pool.run({ kind: 'echo', value: 'never' });
    const next = pool.run({ kind: 'echo', value: 'next' });
    queued.cancel();
    assert.deepEqual(await queued.outcome, { kind: 'cancelled' });
    running.cancel();
    assert.deepEqual(await running.outcome, { kind: 'cancelled' });
    assert.deepEqual(await next.outcome, { kind: 'done', value: 'next' });
    assert.equal(logs.filter((line) => /its work was no longer needed/.test(line)).length, 1);
  });

  it('gives the jobs waiting for the same document version the stopped outcome instead of a second attempt', async () => {
    const logs: string[] = [];
    const pool = createPool({ size: 2 }, logs);
    const diagnostics = pool.run({ kind: 'forever' }, { affinity: '1@file:///slow.yaml', group: 'file:///slow.yaml' });
    const hover = pool.run({ kind: 'forever' }, { affinity: '1@file:///slow.yaml', group: 'file:///slow.yaml' });
    const other = pool.run({ kind: 'echo', value: 'other' }, { affinity: '1@file:///other.yaml', group: 'file:///other.yaml' });
    assert.deepEqual(await other.outcome, { kind: 'done', value: 'other' }, 'another document uses the second worker');
    const [first, second] = await Promise.all([diagnostics.outcome, hover.outcome]);
    assert.equal(first.kind, 'stopped');
    assert.deepEqual(second, first);
    assert.equal(logs.filter((line) => /over its time budget/.test(line)).length, 1);
  });

  it('runs interactive jobs before queued background jobs', async () => {
    const pool = createPool({ budgetMs: 60_000 });
    const finished: string[] = [];
    const track = (name: string, handle: { outcome: Promise<unknown> }) => handle.outcome.then(() => finished.push(name));
    await Promise.all([
      track('audit 1', pool.run({ kind: 'echo', value: 1 }, { isBackground: true })),
      track('audit 2', pool.run({ kind: 'echo', value: 2 }, { isBackground: true })),
      track('audit 3', pool.run({ kind: 'echo', value: 3 }, { isBackground: true })),
      track('hover', pool.run({ kind: 'echo', value: 'hover' })),
    ]);
    // The first audit file was already running; the hover goes before the files still queued.
    assert.deepEqual(finished, ['audit 1', 'hover', 'audit 2', 'audit 3']);
  });

  it('loads the compiler when asked, outside the budget of the jobs behind it, and in every worker started later', async () => {
    const pool = createPool({ budgetMs: 300, jobsPerWorker: 2 });
    pool.primeTypeScript();
    // Priming takes 600 ms in this worker; the budget is 300 ms from the job's start, which comes after it.
    assert.deepEqual(await pool.run({ kind: 'echo', value: 'after priming' }).outcome, { kind: 'done', value: 'after priming' });
    pool.grow(2);
    const [first, second] = await Promise.all([pool.run({ kind: 'workerData' }).outcome, pool.run({ kind: 'workerData' }).outcome]);
    assert.deepEqual([first, second], [
      { kind: 'done', value: { primeTypeScript: false } },
      { kind: 'done', value: { primeTypeScript: true } },
    ]);
  });

  it("asked to load the compiler while a job runs, starts the next job's clock only once it is loaded", async () => {
    const pool = createPool({ budgetMs: 300, jobsPerWorker: 2 });
    await pool.run({ kind: 'echo', value: 'started' }).outcome;
    const running = pool.run({ kind: 'busy', ms: 100 });
    pool.primeTypeScript();
    const next = pool.run({ kind: 'echo', value: 'next' });
    assert.deepEqual(await running.outcome, { kind: 'done', value: 'busy' });
    assert.deepEqual(await next.outcome, { kind: 'done', value: 'next' }, 'the 600 ms load is not charged to the next job');
  });

  it('with a budget of 0 stops every job at once', async () => {
    const pool = createPool({ budgetMs: 0 });
    assert.deepEqual(await pool.run({ kind: 'echo', value: 1 }).outcome, { kind: 'stopped', reason: 'budget', message: 'analysis stopped at once: the time budget is 0 ms' });
  });

  it('gives up, with a clear outcome, on a worker script that cannot start', async () => {
    let onGaveUp = () => {};
    const gaveUp = new Promise<void>((resolve) => (onGaveUp = resolve));
    const pool = createPool({ workerPath: join(directory.path, 'missing.js'), size: 2, log: (line) => /could not start; analysis is off/.test(line) && onGaveUp() });
    const first = await pool.run({ kind: 'echo', value: 1 }).outcome;
    assert.equal(first.kind, 'stopped');
    assert.match((first as { message: string }).message, /^analysis stopped: the analysis worker failed \(Cannot find module .*missing\.js/);
    await gaveUp;
    const later = await pool.run({ kind: 'echo', value: 2 }).outcome;
    assert.deepEqual(later, { kind: 'stopped', reason: 'crash', message: 'analysis stopped: the analysis worker failed (it could not start 3 times)' });
  });

  it('cancels what is left when terminated', async () => {
    const pool = createPool({ budgetMs: 60_000 });
    const running = pool.run({ kind: 'forever' });
    const queued = pool.run({ kind: 'echo', value: 1 });
    await pool.terminate();
    assert.deepEqual(await running.outcome, { kind: 'cancelled' });
    assert.deepEqual(await queued.outcome, { kind: 'cancelled' });
    assert.deepEqual(await pool.run({ kind: 'echo', value: 2 }).outcome, { kind: 'cancelled' });
  });

  it('keeps the process alive until terminate is done, even when a worker becomes ready meanwhile', () => {
    // The CLI awaits `terminate` before it prints its report. A worker's "ready" that arrived after
    // `terminate` used to unref that worker; with nothing else alive, the process ended in silence.
    // Here the worker says "ready" (and leaves a mark on disk) while the main thread is held, so the
    // message is read only after `terminate` was called.
    const mark = join(directory.path, 'posted-ready');
    const lateWorker = join(directory.path, 'late-worker.js');
    writeFileSync(lateWorker, `
const { parentPort } = require('node:worker_threads');
parentPort.postMessage({ type: 'ready' });
require('node:fs').writeFileSync(${JSON.stringify(mark)}, '');
setInterval(() => {}, 1000);
`);
    const script = join(directory.path, 'terminate.ts');
    writeFileSync(script, `
import { existsSync } from 'node:fs';
import { AnalysisPool } from ${JSON.stringify(resolve(__dirname, '../../server/src/workspace/analysis-pool'))};
const pool = new AnalysisPool({ workerPath: ${JSON.stringify(lateWorker)}, size: 1, budgetMs: 1000, maxOldGenerationSizeMb: 64, staleRunLimitMs: 100, log: () => undefined });
const deadline = Date.now() + 20_000;
while (!existsSync(${JSON.stringify(mark)}) && Date.now() < deadline);
void pool.terminate().then(() => console.log('terminated'));
`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.stdout.trim(), 'terminated', run.stderr);
  });
});
