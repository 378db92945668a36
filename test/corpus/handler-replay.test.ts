/**
 * Replaying the handlers a keystroke cannot reach, against the reference, over the corpus's JavaScript and
 * TypeScript handlers: code is typed into the first, a middle and the last function of each file (and
 * the first statement of each is commented out, which changes what it calls), one character at a time,
 * and every step is analysed with kept trees and models, as the editor's worker does, and from scratch.
 * The two models must be identical. Half of the files are analysed with every export named as an HTTP
 * handler. Every second file by default; `SLSWARD_REPLAY_STRIDE=1` runs all. Needs ../shared/corpus.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { analyzeCode, CodeDocumentCache, SyntaxTreeCache, type AnalyzeCodeInput } from '../../server/src/engine/code';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader } from './corpus-helpers';

const missing = corpusMissingReason('handlers');
const STRIDE = Number(process.env.SLSWARD_REPLAY_STRIDE ?? 2);

/** The first statement of each function with a block body, in document order. */
function functionBodies(path: string, text: string): number[] {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const starts: number[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.body && ts.isBlock(node.body) && node.body.statements.length > 0) starts.push(node.body.statements[0].getStart(sourceFile));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return starts;
}

function* typing(text: string, at: number, typed: string, label: string): Generator<{ label: string; text: string }> {
  for (let length = 1; length <= typed.length; length++) yield { label: `${label}: typed ${length}`, text: text.slice(0, at) + typed.slice(0, length) + text.slice(at) };
  for (let length = typed.length - 1; length >= 0; length--) yield { label: `${label}: removed to ${length}`, text: text.slice(0, at) + typed.slice(0, length) + text.slice(at) };
}

function* session(path: string, original: string): Generator<{ label: string; text: string }> {
  const bodies = functionBodies(path, original);
  const picked = [...new Set([bodies[0], bodies[Math.floor(bodies.length / 2)], bodies[bodies.length - 1]])].filter((at) => at !== undefined);
  for (const at of picked) {
    yield* typing(original, at, 'eval(event.body);\n', `code at ${at}`);
    yield* typing(original, at, '// ', `first statement commented out at ${at}`);
  }
}

describe('replaying handlers across keystrokes in code, over the corpus', { skip: missing }, () => {
  it('gives the model of a full analysis at every step, and replays handlers', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root).filter((_, index) => index % STRIDE === 0);
    const readModule = corpusModuleReader(root);
    const mismatches: string[] = [];
    let steps = 0;
    let replayed = 0;
    let analysed = 0;
    files.forEach((path, fileIndex) => {
      const original = readFileSync(path, 'utf8');
      const base: AnalyzeCodeInput = { path, text: original, readModule };
      if (fileIndex % 2 === 1) base.handlers = analyzeCode(base).exports.map((entry) => ({ exportName: entry.name, trigger: 'api-http' }));
      const trees = new SyntaxTreeCache();
      const documents = new CodeDocumentCache();
      analyzeCode({ ...base, syntaxTrees: trees, documents });
      const start = { ...documents.handlerCounts };
      for (const { label, text } of session(path, original)) {
        steps++;
        const kept = JSON.stringify(analyzeCode({ ...base, text, syntaxTrees: trees, documents }));
        const reference = JSON.stringify(analyzeCode({ ...base, text }));
        if (kept !== reference) {
          mismatches.push(`${relative(root, path)}: ${label}`);
          break;
        }
      }
      replayed += documents.handlerCounts.replayed - start.replayed;
      analysed += documents.handlerCounts.analysed - start.analysed;
    });
    context.diagnostic(`${files.length} files, ${steps} steps, ${replayed} handler analyses replayed, ${analysed} run`);
    assert.deepEqual(mismatches, []);
    assert.ok(replayed > 0);
  });
});
