/**
 * One worker thread (analyze-worker.ts) that runs cases one at a time, with a
 * time limit and a heap limit per case: a case that hangs or exhausts memory
 * is stopped, reported as such, and the next case gets a fresh worker. Used
 * by the hostile suite and the fuzzer so that no input can hang a test run.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerResult } from './analyze-worker';

export type CaseOutcome =
  | { status: 'done'; result: WorkerResult }
  | { status: 'exception'; message: string }
  | { status: 'timeout'; milliseconds: number }
  | { status: 'crashed'; message: string };

const WORKER_FILE = join(__dirname, 'analyze-worker.ts');
// The worker loads TypeScript through tsx's CommonJS hook: Node 20 does not pass the parent's `--import tsx` hooks to workers.
const BOOTSTRAP = `require(require.resolve('tsx/cjs/api', { paths: [${JSON.stringify(__dirname)}] })).require(${JSON.stringify(WORKER_FILE)}, ${JSON.stringify(__filename)});`;

export class CaseRunner {
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: { heapMegabytes?: number; keepSpare?: boolean } = {}) {}

  /** Runs a named hostile file or a given text; cases queue behind each other. */
  run(input: { name: string } | { path: string; text: string; withText?: boolean }, timeoutMs: number): Promise<CaseOutcome> {
    const next = this.queue.then(() => this.runNow(input, timeoutMs));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    await Promise.all([this.current?.worker.terminate(), this.spare?.worker.terminate()]);
    this.current = undefined;
    this.spare = undefined;
  }

  private ensureWorker(): { worker: Worker; ready: Promise<boolean> } {
    if (!this.current) this.current = this.spare ?? this.startWorker();
    // A spare warms up while the current worker runs, so that a stopped case costs no start-up (about two seconds) to the next.
    this.spare = this.options.keepSpare ? (this.spare && this.spare !== this.current ? this.spare : this.startWorker()) : undefined;
    return this.current;
  }

  private current: { worker: Worker; ready: Promise<boolean> } | undefined;
  private spare: { worker: Worker; ready: Promise<boolean> } | undefined;

  private startWorker(): { worker: Worker; ready: Promise<boolean> } {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      // The main thread's stack (about 1 MB), not a worker's default 4 MB: recursion that overflows in the CLI must overflow here too.
      resourceLimits: { maxOldGenerationSizeMb: this.options.heapMegabytes ?? 1024, stackSizeMb: 0.95 },
      stdout: true,
      stderr: true,
    });
    worker.unref();
    // The worker says when its modules are loaded, so that the time limit counts only the case.
    const ready = new Promise<boolean>((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('error', () => resolve(false));
      worker.once('exit', () => resolve(false));
    });
    return { worker, ready };
  }

  private async runNow(input: { name: string } | { path: string; text: string; withText?: boolean }, timeoutMs: number): Promise<CaseOutcome> {
    const { worker, ready } = this.ensureWorker();
    if (!(await ready)) {
      this.current = undefined;
      return { status: 'crashed', message: 'the worker did not start' };
    }
    const id = this.nextId++;
    return new Promise<CaseOutcome>((resolve) => {
      const finish = (outcome: CaseOutcome, isWorkerDead: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (isWorkerDead) {
          this.current = undefined;
          void worker.terminate();
        }
        resolve(outcome);
      };
      const onMessage = (message: { id: number; result: WorkerResult | { exception: string } }) => {
        if (message.id !== id) return;
        if ('exception' in message.result) finish({ status: 'exception', message: message.result.exception }, false);
        else finish({ status: 'done', result: message.result }, false);
      };
      const onError = (error: Error) => finish({ status: 'crashed', message: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim() }, true);
      const onExit = (code: number) => finish({ status: 'crashed', message: `worker exited with code ${code}` }, true);
      const timer = setTimeout(() => finish({ status: 'timeout', milliseconds: timeoutMs }, true), timeoutMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, ...input });
    });
  }
}
