/**
 * Shared helpers for the CLI suites: run the built binary (dist/cli.js, built
 * by `npm test`) as a child process and collect its output and exit code.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../..');
/** `SLSWARD_CLI` lets a developer point the suites at another build. */
export const CLI_PATH = process.env.SLSWARD_CLI ?? join(REPO_ROOT, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} does not exist: run 'npm run build' (npm test does it).`);
}

export function runCli(args: string[], options: { cwd?: string; nodeOptions?: string[]; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliRun> {
  assertCliBuilt();
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), CLI_PATH, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', SLSWARD_DEBUG: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        milliseconds: Date.now() - started,
      });
    });
  });
}

/** How a run ended, for an assertion's message: a failure in CI must say why the output is missing. */
export function describeRun(run: CliRun): string {
  return `exit code ${run.code}, signal ${run.signal}, ${run.milliseconds} ms, stdout ${run.stdout.length} characters, stderr: ${run.stderr.slice(0, 2000) || '(empty)'}`;
}

/** A one-line, user-facing error: no stack frames, no source excerpts. */
export function assertCleanError(stderr: string): void {
  if (/\n\s+at /.test(stderr) || /Error: .*\n.*node:internal/.test(stderr)) throw new Error(`stderr holds a stack trace:\n${stderr}`);
}

export const SEVERITIES = ['error', 'warning', 'info'];
export const CATEGORIES = ['auth', 'iam', 'input', 'storage', 'transit', 'secrets', 'logging', 'throttling'];
