/**
 * A pool of analysis workers (`worker_threads`) shared by the language server
 * and the CLI: it queues jobs, runs one job per worker at a time, ends a job
 * that exceeds its time or memory budget by terminating its worker (and
 * starting a replacement), and ends stale work on cancellation. It knows
 * nothing of what a job means; the worker script and the caller agree on that.
 */
import { Worker } from 'node:worker_threads';

/** Why a job ended without a result. */
export type StopReason = 'budget' | 'memory' | 'crash';

export type JobOutcome<T> =
  | { kind: 'done'; value: T }
  /** `phase`: the last phase the worker said the job had reached (`handler-code`: a template's handlers were being read). */
  | { kind: 'stopped'; reason: StopReason; message: string; phase?: string }
  | { kind: 'cancelled' };

export interface JobHandle<T> {
  readonly outcome: Promise<JobOutcome<T>>;
  /** Stale work: dropped when queued; when running, its worker is ended once the job has run `staleRunLimitMs`. */
  cancel(): void;
}

/** A worker as a caller sees it: `state` is the caller's own bookkeeping, lost when the worker is replaced. */
export interface PoolWorker {
  readonly id: number;
  readonly state: Map<string, unknown>;
  post(message: unknown): void;
}

export interface RunOptions {
  /**
   * Jobs with the same affinity (a document and its version) run on the worker
   * that last ran one, where its parse and analysis are cached; while one runs,
   * the others wait for it instead of repeating its work on another worker.
   */
  affinity?: string;
  /** Groups affinities (a document URI) to pick the worker that last saw the group. */
  group?: string;
  /** Messages the worker needs before this job (document texts it lacks). */
  prepare?(worker: PoolWorker): void;
  /** Background work (the files of an audit) waits behind every other queued job: a hover never queues behind an audit. */
  isBackground?: boolean;
}

export interface AnalysisPoolOptions {
  workerPath: string;
  size: number;
  /** Time budget per job in milliseconds; 0 stops every job at once (nothing is analysed). */
  budgetMs: number;
  /** `resourceLimits.maxOldGenerationSizeMb` of each worker. */
  maxOldGenerationSizeMb: number;
  /** `resourceLimits.maxYoungGenerationSizeMb` of each worker (default `YOUNG_GENERATION_MB`). */
  maxYoungGenerationSizeMb?: number;
  /**
   * A cancelled job that is already running is left to finish (its worker keeps
   * its caches) unless it runs past this; then its worker is ended and replaced.
   */
  staleRunLimitMs: number;
  /**
   * Jobs posted to one worker ahead of time (default 1). Above 1 the worker
   * never waits for this thread between jobs, which matters on a loaded
   * machine (the CLI); at 1 a quick job never waits behind a slow one (the editor).
   */
  jobsPerWorker?: number;
  /** `log` messages from the workers, and the pool's own notes. */
  log(message: string): void;
  /**
   * Load the TypeScript compiler in each worker before it says it is ready: an audit that reads handler
   * code then does not pay the compiler's load (about half a second, much more on a loaded machine)
   * inside the first code file's time budget. Both shells start with it off and turn it on with
   * `primeTypeScript()`: the CLI once discovery has found code files, the editor once a code file is open or
   * a template names a handler file.
   */
  primeTypeScript?: boolean;
}

interface Job {
  id: number;
  /** The phase the worker last said this job reached. */
  phase?: string;
  request: unknown;
  options: RunOptions;
  resolve(outcome: JobOutcome<unknown>): void;
  isSettled: boolean;
  isCancelled: boolean;
}

interface Slot extends PoolWorker {
  worker: Worker;
  /** Posted jobs in order; the first one is running, since `startedAt`. */
  jobs: Job[];
  startedAt: number;
  budgetTimer?: NodeJS.Timeout;
  staleTimer?: NodeJS.Timeout;
  /** Set when this worker is being ended on purpose, with the outcome its job gets. */
  ending?: JobOutcome<unknown>;
  isReady: boolean;
  /** Loading the compiler (`primeTypeScript()`): posted jobs wait, and their clocks start when it is loaded. */
  isPriming: boolean;
}

export const DEFAULT_BUDGET_MS = 2_000;
const MAX_FAILED_STARTS = 3;
export const DEFAULT_MAX_OLD_GENERATION_MB = 512;

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly lastWorkerOfGroup = new Map<string, number>();
  private nextJobId = 1;
  private nextWorkerId = 1;
  private isTerminated = false;
  private failedStarts = 0;
  private startFailure: JobOutcome<never> | undefined;

  constructor(private readonly options: AnalysisPoolOptions) {
    for (let index = 0; index < Math.max(1, options.size); index++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  run<T>(request: unknown, options: RunOptions = {}): JobHandle<T> {
    let job!: Job;
    const outcome = new Promise<JobOutcome<T>>((resolve) => {
      job = { id: this.nextJobId++, request, options, resolve: resolve as Job['resolve'], isSettled: false, isCancelled: false };
    });
    if (this.isTerminated) this.settle(job, { kind: 'cancelled' });
    else if (this.startFailure) this.settle(job, this.startFailure);
    else if (this.options.budgetMs <= 0) this.settle(job, { kind: 'stopped', reason: 'budget', message: describeStop('budget', this.options) });
    else {
      const firstBackground = options.isBackground ? -1 : this.queue.findIndex((queued) => queued.options.isBackground);
      if (firstBackground < 0) this.queue.push(job);
      else this.queue.splice(firstBackground, 0, job);
      this.dispatch();
    }
    return { outcome, cancel: () => this.cancel(job) };
  }

  /** Starts more workers, up to `size` in all; a pool never shrinks. */
  grow(size: number): void {
    while (!this.isTerminated && !this.startFailure && this.slots.length < size) this.slots.push(this.spawn());
    this.dispatch();
  }

  /**
   * Every worker, and every one started from now on, loads the TypeScript compiler before its next job,
   * outside that job's budget (see `AnalysisPoolOptions.primeTypeScript`). Call it before posting the
   * jobs that read code: a job already running is not waited for.
   */
  primeTypeScript(): void {
    if (this.options.primeTypeScript || this.isTerminated) return;
    this.options.primeTypeScript = true;
    for (const slot of this.slots) {
      if (slot.ending) continue;
      slot.isPriming = true;
      slot.worker.ref();
      slot.worker.postMessage({ type: 'prime' });
    }
  }

  /** Sends a message to every worker, busy or not; a busy one reads it after its job. */
  broadcast(message: unknown): void {
    for (const slot of this.slots) slot.worker.postMessage(message);
  }

  async terminate(): Promise<void> {
    if (this.isTerminated) return;
    this.isTerminated = true;
    for (const job of this.queue.splice(0)) this.settle(job, { kind: 'cancelled' });
    await Promise.all(
      this.slots.map((slot) => {
        this.clearTimers(slot);
        for (const job of slot.jobs.splice(0)) this.settle(job, { kind: 'cancelled' });
        // An idle worker is unref'd; its exit must still keep the process alive until it comes.
        slot.worker.ref();
        return slot.worker.terminate().catch(() => undefined);
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: this.options.maxYoungGenerationSizeMb ?? YOUNG_GENERATION_MB },
      workerData: { primeTypeScript: this.options.primeTypeScript === true },
      // Not forwarded to this process's stdout, which is the LSP stream in the server and the report in the CLI.
      stdout: true,
      stderr: false,
    });
    worker.stdout.setEncoding('utf8');
    worker.stdout.on('data', (chunk: string) => this.options.log(`Analysis worker output: ${chunk.trimEnd()}`));
    const slot: Slot = {
      id: this.nextWorkerId++,
      worker,
      state: new Map(),
      jobs: [],
      startedAt: 0,
      isReady: false,
      isPriming: false,
      post: (message) => worker.postMessage(message),
    };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      // ERR_WORKER_OUT_OF_MEMORY when `resourceLimits` are reached; anything else is a crash.
      const code = (error as NodeJS.ErrnoException).code;
      if (!slot.ending) slot.ending = code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.stopped('memory') : this.stopped('crash', error.message);
    });
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    // After `terminate`, a late message (a worker that became ready meanwhile) must not `unref` it: the
    // exit that `terminate` waits for would then keep nothing alive, and the CLI ended without its report.
    if (this.isTerminated || !message || typeof message !== 'object') return;
    if (message.type === 'ready' || message.type === 'primed') {
      if (message.type === 'ready') slot.isReady = true;
      else slot.isPriming = false;
      if (!slot.isReady || slot.isPriming) return;
      // Starting the worker (loading the rules, and the compiler when asked) is not the job's time.
      if (slot.jobs.length > 0) this.startClock(slot);
      // An idle worker must not keep the process alive; a starting one or one with jobs does.
      else slot.worker.unref();
      return;
    }
    if (message.type === 'log') {
      this.options.log(String(message.message));
      return;
    }
    if (message.type === 'phase') {
      if (slot.jobs[0]?.id === message.id) slot.jobs[0].phase = String(message.phase);
      return;
    }
    const job = slot.jobs[0];
    if (!job || message.id !== job.id || slot.ending) return;
    this.clearTimers(slot);
    slot.jobs.shift();
    if (message.type === 'result') this.settle(job, job.isCancelled ? { kind: 'cancelled' } : { kind: 'done', value: message.value });
    else this.settle(job, this.stopped('crash', String(message.message)));
    // The worker went straight on to the next posted job (after the compiler, when it was asked to load it).
    if (slot.isPriming) return this.dispatch();
    if (slot.jobs.length > 0) this.startClock(slot);
    else slot.worker.unref();
    this.dispatch();
  }

  private onExit(slot: Slot): void {
    this.clearTimers(slot);
    const index = this.slots.indexOf(slot);
    const [job, ...notStarted] = slot.jobs.splice(0);
    // Jobs posted behind the one that was ended never ran: they go back to the front of the queue.
    this.queue.unshift(...notStarted.filter((waiting) => !waiting.isSettled));
    if (job) {
      const outcome = slot.ending ?? this.stopped('crash', 'the analysis worker exited');
      this.settle(job, outcome);
      // The same document version waiting for this one would only hit the same wall.
      if (outcome.kind === 'stopped' && job.options.affinity !== undefined) {
        for (const waiting of this.queue.filter((candidate) => candidate.options.affinity === job.options.affinity)) {
          this.queue.splice(this.queue.indexOf(waiting), 1);
          this.settle(waiting, outcome);
        }
      }
    }
    if (this.isTerminated || index < 0) return;
    // A worker that cannot even start (a missing or broken script) would be restarted forever.
    this.failedStarts = slot.isReady ? 0 : this.failedStarts + 1;
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      this.startFailure = this.stopped('crash', `it could not start ${MAX_FAILED_STARTS} times`);
      this.options.log(`The analysis worker ${this.options.workerPath} could not start; analysis is off until the process restarts.`);
      for (const waiting of this.queue.splice(0)) this.settle(waiting, this.startFailure);
      this.slots.splice(index, 1);
      return;
    }
    this.slots[index] = this.spawn();
    for (const [group, id] of this.lastWorkerOfGroup) if (id === slot.id) this.lastWorkerOfGroup.delete(group);
    this.dispatch();
  }

  private cancel(job: Job): void {
    if (job.isSettled || job.isCancelled) return;
    job.isCancelled = true;
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, { kind: 'cancelled' });
      return;
    }
    // The caller stops waiting now; the worker is ended only if the stale work runs long.
    this.settle(job, { kind: 'cancelled' });
    // A worker still starting has not begun the job; its clock, when it starts, applies the limit.
    const slot = this.slots.find((candidate) => candidate.jobs[0] === job);
    if (slot?.isReady && !slot.isPriming) this.limitStaleRun(slot);
  }

  private limitStaleRun(slot: Slot): void {
    const remaining = this.options.staleRunLimitMs - (Date.now() - slot.startedAt);
    if (remaining <= 0) this.end(slot, { kind: 'cancelled' }, 'stale');
    else slot.staleTimer = setTimeout(() => this.end(slot, { kind: 'cancelled' }, 'stale'), remaining);
  }

  private dispatch(): void {
    if (this.isTerminated) return;
    const depth = Math.max(1, this.options.jobsPerWorker ?? 1);
    for (let index = 0; index < this.queue.length; ) {
      const job = this.queue[index];
      const free = this.slots.filter((slot) => slot.jobs.length < depth && !slot.ending);
      if (free.length === 0) return;
      const affinity = job.options.affinity;
      // Wait for a running job of the same document version, then reuse its worker's cache.
      if (affinity !== undefined && this.slots.some((slot) => slot.jobs.some((posted) => posted.options.affinity === affinity))) {
        index++;
        continue;
      }
      const groupWorker = job.options.group !== undefined ? this.lastWorkerOfGroup.get(job.options.group) : undefined;
      const slot = free.find((candidate) => candidate.id === groupWorker && candidate.jobs.length === 0) ?? this.leastBusy(free);
      this.queue.splice(index, 1);
      this.start(slot, job);
    }
  }

  /** Fewest posted jobs, then fewest documents already on it: a new document goes where fewer documents are cached. */
  private leastBusy(free: Slot[]): Slot {
    const groups = new Map<number, number>();
    for (const id of this.lastWorkerOfGroup.values()) groups.set(id, (groups.get(id) ?? 0) + 1);
    const load = (slot: Slot) => slot.jobs.length * 1e6 + (groups.get(slot.id) ?? 0);
    return free.reduce((best, slot) => (load(slot) < load(best) ? slot : best));
  }

  private start(slot: Slot, job: Job): void {
    slot.jobs.push(job);
    slot.worker.ref();
    if (job.options.group !== undefined) this.lastWorkerOfGroup.set(job.options.group, slot.id);
    try {
      job.options.prepare?.(slot);
      slot.worker.postMessage({ type: 'job', id: job.id, request: job.request });
    } catch (error) {
      // A request that cannot be cloned is a bug of the caller; it must not wedge the worker.
      slot.jobs.pop();
      this.settle(job, this.stopped('crash', error instanceof Error ? error.message : String(error)));
      return;
    }
    if (slot.jobs.length === 1 && slot.isReady && !slot.isPriming) this.startClock(slot);
  }

  /** The first posted job of the worker has started: its budget runs from now. */
  private startClock(slot: Slot): void {
    slot.startedAt = Date.now();
    slot.budgetTimer = setTimeout(() => this.end(slot, this.stopped('budget'), 'budget'), this.options.budgetMs);
    if (slot.jobs[0].isCancelled) this.limitStaleRun(slot);
  }

  /** Terminates a worker on purpose; its `exit` settles the job and starts a replacement. */
  private end(slot: Slot, outcome: JobOutcome<unknown>, why: 'budget' | 'stale'): void {
    if (slot.ending || slot.jobs.length === 0) return;
    const phase = slot.jobs[0].phase;
    slot.ending = phase !== undefined && outcome.kind === 'stopped' ? { ...outcome, phase } : outcome;
    this.clearTimers(slot);
    this.options.log(`Analysis worker ${slot.id} ended after ${Date.now() - slot.startedAt} ms (${why === 'budget' ? 'over its time budget' : 'its work was no longer needed'}); starting a new one.`);
    void slot.worker.terminate();
  }

  private stopped(reason: StopReason, detail?: string): JobOutcome<never> {
    return { kind: 'stopped', reason, message: describeStop(reason, this.options, detail) };
  }

  private clearTimers(slot: Slot): void {
    clearTimeout(slot.budgetTimer);
    clearTimeout(slot.staleTimer);
    slot.budgetTimer = undefined;
    slot.staleTimer = undefined;
  }

  private settle(job: Job, outcome: JobOutcome<unknown>): void {
    if (job.isSettled) return;
    job.isSettled = true;
    job.resolve(outcome);
  }
}

type WorkerMessage =
  | { type: 'ready' }
  /** The answer to `{ type: 'prime' }`: the compiler is loaded. */
  | { type: 'primed' }
  | { type: 'log'; message: string }
  | { type: 'phase'; id: number; phase: string }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string };

/**
 * An analysis allocates a whole model and its findings, most of it short-lived. V8's default
 * young generation for a worker is small, so it scavenged every few milliseconds: garbage
 * collection was the largest single cost of a keystroke at 5,000 lines (about 8 ms of 30).
 * 64 MB measured best here: keystroke median 41 -> 24-31 ms, p95 82 -> 61-64 ms at 5,072 lines,
 * and the corpus audit on two workers 3.3-4.0 -> 2.9-3.2 s. It costs at most that much memory per worker.
 */
const YOUNG_GENERATION_MB = 64;

/**
 * The CLI's workers: a batch audit has no keystroke to keep short, and its peak memory is what CI
 * machines see. Alternated on 2026-12-04 (load 2 to 3.8, `--jobs 2`): the 771 corpus templates took
 * 3.62-3.79 s at 48 MB against 3.79-4.24 s at 64 MB, at 310-330 against 390-421 MB peak RSS; the
 * overlaid corpus with handlers 5.9-6.4 s either way, at 357-381 against 395-446 MB. 32 MB saved more
 * memory (319-333 MB) but was about 5% slower on the templates.
 */
export const CLI_YOUNG_GENERATION_MB = 48;

export function describeStop(reason: StopReason, options: Pick<AnalysisPoolOptions, 'budgetMs' | 'maxOldGenerationSizeMb'>, detail?: string): string {
  switch (reason) {
    case 'budget':
      if (options.budgetMs <= 0) return 'analysis stopped at once: the time budget is 0 ms';
      return `analysis stopped after ${formatDuration(options.budgetMs)}: it took longer than its time budget`;
    case 'memory':
      return `analysis stopped: it needed more than ${options.maxOldGenerationSizeMb} MB of memory`;
    case 'crash':
      return `analysis stopped: the analysis worker failed${detail ? ` (${detail.split('\n')[0]})` : ''}`;
  }
}

export function formatDuration(milliseconds: number): string {
  return milliseconds >= 1000 && milliseconds % 100 === 0 ? `${milliseconds / 1000} s` : `${milliseconds} ms`;
}

/**
 * The budget from `SLSWARD_ANALYSIS_BUDGET_MS` (a whole number of
 * milliseconds, 0 meaning "analyse nothing"), else the default. A wrong value
 * is reported and ignored rather than turning the budget off.
 */
export function budgetFromEnvironment(environment: NodeJS.ProcessEnv, warn: (message: string) => void): number {
  const raw = environment.SLSWARD_ANALYSIS_BUDGET_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUDGET_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    warn(`SLSWARD_ANALYSIS_BUDGET_MS must be a whole number of milliseconds, not '${raw}'; using ${DEFAULT_BUDGET_MS}.`);
    return DEFAULT_BUDGET_MS;
  }
  return value;
}
