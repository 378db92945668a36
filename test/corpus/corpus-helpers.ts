/**
 * Locates the shared third-party corpus (`../shared/corpus`, never copied into
 * the project) and analyses files from it with every rule, timing each one.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allRules } from '../../rules';
import { analyze, type AnalysisResult, type ModuleReader } from '../../server/src/engine';
import { createCodeFileAccess, isCodeFileName } from '../../server/src/workspace/code-files';
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

/** The JavaScript/TypeScript sources under a folder of the corpus (declarations and minified files left out), sorted. */
export function codeFilesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === '.git') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) codeFilesUnder(path, out);
    else if (isCodeFileName(name)) out.push(path);
  }
  return out;
}

/** Relative imports, read as the shells read them: the product's confined reader, with the corpus folder as the workspace. */
export function corpusModuleReader(root: string): ModuleReader {
  return createCodeFileAccess([root]).readModule;
}
