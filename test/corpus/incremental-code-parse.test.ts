/**
 * Incremental re-parsing of handler code against the reference: editing sessions over the corpus's
 * JavaScript and TypeScript handlers, where every step is analysed twice, once through a kept syntax
 * tree (TypeScript's incremental parser reusing the previous version's nodes) and once parsed from
 * scratch, and the two code models must be identical. The sessions type a statement character by
 * character at three places (half-typed code is a syntax error at most steps), delete a line and
 * put it back, and duplicate a block. Every third file by default; `SLSWARD_INCREMENTAL_STRIDE=1` runs
 * all. Needs ../shared/corpus (skipped when absent).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode, SyntaxTreeCache } from '../../server/src/engine/code';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader } from './corpus-helpers';

const missing = corpusMissingReason('handlers');
const STRIDE = Number(process.env.SLSWARD_INCREMENTAL_STRIDE ?? 3);
const TYPED = "const id = event.pathParameters?.id; await exec(`ls ${id}`);";

/** The texts of one session, in order. */
function* session(original: string): Generator<{ label: string; text: string }> {
  const lineStarts = [0];
  for (let index = original.indexOf('\n'); index >= 0; index = original.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  const places = [0.3, 0.5, 0.8].map((fraction) => lineStarts[Math.floor((lineStarts.length - 1) * fraction)]);
  for (const at of places) {
    // Typed one character at a time, then removed again at once.
    for (let length = 1; length <= TYPED.length; length += 6) yield { label: `typed ${length} at ${at}`, text: original.slice(0, at) + TYPED.slice(0, length) + '\n' + original.slice(at) };
    yield { label: `removed at ${at}`, text: original };
    const end = original.indexOf('\n', at);
    if (end > at) {
      yield { label: `line deleted at ${at}`, text: original.slice(0, at) + original.slice(end + 1) };
      yield { label: `line restored at ${at}`, text: original };
    }
  }
  const blockStart = lineStarts[Math.floor(lineStarts.length / 4)];
  const blockEnd = lineStarts[Math.min(lineStarts.length - 1, Math.floor(lineStarts.length / 4) + 8)];
  yield { label: 'block duplicated', text: original.slice(0, blockEnd) + original.slice(blockStart, blockEnd) + original.slice(blockEnd) };
  yield { label: 'block removed', text: original };
}

describe('incremental re-parse of handler code over the corpus', { skip: missing }, () => {
  it('gives the same code model as a full parse at every step of every session', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root).filter((_, index) => index % STRIDE === 0);
    const readModule = corpusModuleReader(root);
    const mismatches: string[] = [];
    let steps = 0;
    for (const path of files) {
      const original = readFileSync(path, 'utf8');
      const trees = new SyntaxTreeCache();
      analyzeCode({ path, text: original, readModule, syntaxTrees: trees });
      for (const { label, text } of session(original)) {
        steps++;
        const incremental = JSON.stringify(analyzeCode({ path, text, readModule, syntaxTrees: trees }));
        const reference = JSON.stringify(analyzeCode({ path, text, readModule }));
        if (incremental !== reference) {
          mismatches.push(`${relative(root, path)}: ${label}`);
          break;
        }
      }
    }
    context.diagnostic(`${files.length} files, ${steps} steps`);
    assert.deepEqual(mismatches, []);
    assert.ok(steps > 0);
  });
});
