/**
 * Locates the shared third-party corpus (`../shared/corpus`, never copied into
 * the project) and analyses files from it with every rule, timing each one.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRules } from '../../rules';
import { analyze, type AnalysisResult } from '../../server/src/engine';
import { createWorkspaceFileReader, readTextFileSafely } from '../../server/src/workspace';

export const REPO_ROOT = resolve(__dirname, '../..');
/** `SLSWARD_CORPUS` points elsewhere; CI has shared/ beside the clone. */
export const CORPUS_ROOT = process.env.SLSWARD_CORPUS ?? resolve(REPO_ROOT, '../shared/corpus');

export function corpusMissingReason(sub: string): string | undefined {
  const path = resolve(CORPUS_ROOT, sub);
  return existsSync(path) ? undefined : `corpus not found at ${path} (set SLSWARD_CORPUS or put shared/corpus beside the project); skipped`;
}

export interface AnalysedFile {
  path: string;
  result?: AnalysisResult;
  skipped?: string;
  milliseconds: number;
  bytes: number;
}

export async function analyseFile(path: string, root: string): Promise<AnalysedFile> {
  const read = await readTextFileSafely(path);
  if ('error' in read) return { path, skipped: read.error, milliseconds: 0, bytes: 0 };
  const readFile = createWorkspaceFileReader([root]);
  const started = performance.now();
  const result = analyze({ path, text: read.text, rules: allRules, readFile });
  return { path, result, milliseconds: performance.now() - started, bytes: Buffer.byteLength(read.text) };
}

/** A fixed-width table for the test log. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => (row[column] ?? '').length)));
  const render = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...cells.map(render)].join('\n');
}
