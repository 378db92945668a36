/**
 * Reusing a handler's code model across edits between top-level statements, against the reference:
 * typing sessions over the corpus's JavaScript and TypeScript handlers, where every step is analysed
 * twice, once with kept syntax trees and kept models (as the editor's worker does) and once from
 * scratch, and the two models must be identical. The sessions type line, block and doc comments between
 * statements, a comment after a statement on its line, before its first token and inside a function, open and delete blank lines, and type code inside a
 * function (which must be analysed again). Half of the files are analysed with every export named as an
 * HTTP handler, as a template would. Every third file by default; `SLSWARD_INCREMENTAL_STRIDE=1` runs
 * all. Needs ../shared/corpus (skipped when absent).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { codeRules } from '../../rules';
import { analyzeHandlerFile } from '../../server/src/engine';
import { analyzeCode, CodeDocumentCache, SyntaxTreeCache, type AnalyzeCodeInput } from '../../server/src/engine/code';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader } from './corpus-helpers';

const missing = corpusMissingReason('handlers');
const STRIDE = Number(process.env.SLSWARD_INCREMENTAL_STRIDE ?? 3);

/** Counts full analyses: the front end keeps a model only after analysing in full. */
class CountingCache extends CodeDocumentCache {
  analysed = 0;
  override set(owner: string, path: string, record: unknown): void {
    this.analysed++;
    super.set(owner, path, record);
  }
}

/** `typed` inserted at `at` one character at a time, then removed one at a time. */
function* typing(text: string, at: number, typed: string, label: string): Generator<{ label: string; text: string }> {
  for (let length = 1; length <= typed.length; length++) yield { label: `${label}: typed ${length}`, text: text.slice(0, at) + typed.slice(0, length) + text.slice(at) };
  for (let length = typed.length - 1; length >= 0; length--) yield { label: `${label}: removed to ${length}`, text: text.slice(0, at) + typed.slice(0, length) + text.slice(at) };
}

/** The texts of one session, in order; each one returns to the original text. */
function* session(path: string, original: string): Generator<{ label: string; text: string }> {
  const sourceFile = ts.createSourceFile(path, original, ts.ScriptTarget.Latest, true);
  const statements = sourceFile.statements;
  if (statements.length === 0) return;
  for (const fraction of [0.25, 0.5, 0.9]) {
    const statement = statements[Math.min(statements.length - 1, Math.floor(statements.length * fraction))];
    const lineStart = original.lastIndexOf('\n', statement.getStart(sourceFile) - 1) + 1;
    // A line opened above the statement and a comment typed on it, as in an editor.
    yield { label: `line opened at ${lineStart}`, text: original.slice(0, lineStart) + '\n' + original.slice(lineStart) };
    const opened = original.slice(0, lineStart) + '// \n' + original.slice(lineStart);
    yield* typing(opened, lineStart + 3, 'note', `comment above the statement at ${lineStart}`);
    yield { label: `line removed at ${lineStart}`, text: original };
    // A comment after the statement, on its line; a block and a doc comment above it; a comment typed
    // right before its first token, which comments the statement out (one analysis in full per step).
    yield* typing(original, statement.end, ' // x', `trailing comment at ${statement.end}`);
    const blocked = original.slice(0, lineStart) + '/*  */\n' + original.slice(lineStart);
    yield* typing(blocked, lineStart + 3, 'a\nb', `block comment above the statement at ${lineStart}`);
    const documented = original.slice(0, lineStart) + '/**  */\n' + original.slice(lineStart);
    yield* typing(documented, lineStart + 4, '@param {*/ x', `doc comment above the statement at ${lineStart}`);
    yield* typing(original, statement.getStart(sourceFile), '// ', `comment before the first token at ${lineStart}`);
  }
  // Inside the first function with a block body: a comment, then code. Neither may be reused.
  let body: ts.Block | undefined;
  const find = (node: ts.Node): void => {
    if (body) return;
    if ((ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.body && ts.isBlock(node.body) && node.body.statements.length > 0) body = node.body;
    else ts.forEachChild(node, find);
  };
  find(sourceFile);
  if (body) {
    const inside = body.statements[0].getStart(sourceFile);
    yield* typing(original, inside, '// y\n', `comment in a function at ${inside}`);
    yield* typing(original, inside, 'eval(event.body);', `code in a function at ${inside}`);
  }
  yield { label: 'blank line at the end', text: `${original}\n` };
  yield { label: 'back to the original', text: original };
}

describe('reusing the code model across edits between statements, over the corpus', { skip: missing }, () => {
  it('gives the model of a full analysis at every step of every session', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root).filter((_, index) => index % STRIDE === 0);
    const readModule = corpusModuleReader(root);
    const mismatches: string[] = [];
    let steps = 0;
    let reused = 0;
    files.forEach((path, fileIndex) => {
      const original = readFileSync(path, 'utf8');
      const base: AnalyzeCodeInput = { path, text: original, readModule };
      // Every other file as a template would name it: each export an HTTP handler.
      if (fileIndex % 2 === 1) base.handlers = analyzeCode(base).exports.map((entry) => ({ exportName: entry.name, trigger: 'api-http' }));
      const trees = new SyntaxTreeCache();
      const documents = new CountingCache();
      analyzeCode({ ...base, syntaxTrees: trees, documents });
      for (const { label, text } of session(path, original)) {
        steps++;
        const before = documents.analysed;
        const kept = JSON.stringify(analyzeCode({ ...base, text, syntaxTrees: trees, documents }));
        if (documents.analysed === before) reused++;
        const reference = JSON.stringify(analyzeCode({ ...base, text }));
        if (kept !== reference) {
          mismatches.push(`${relative(root, path)}: ${label}`);
          break;
        }
      }
    });
    context.diagnostic(`${files.length} files, ${steps} steps, ${reused} of them with the kept model moved`);
    assert.deepEqual(mismatches, []);
    assert.ok(reused > 0 && reused < steps);
  });

  it('gives the findings of a full analysis at every step, through the code rules', (context) => {
    // The rules run on the new text either way; this checks the whole result the editor shows (findings, suppressions, model).
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root).filter((_, index) => index % (STRIDE * 3) === 1);
    const readModule = corpusModuleReader(root);
    const mismatches: string[] = [];
    let steps = 0;
    let findings = 0;
    for (const path of files) {
      const original = readFileSync(path, 'utf8');
      const trees = new SyntaxTreeCache();
      const documents = new CodeDocumentCache();
      analyzeHandlerFile({ path, text: original, rules: codeRules, readModule, syntaxTrees: trees, documents });
      for (const { label, text } of session(path, original)) {
        steps++;
        const kept = analyzeHandlerFile({ path, text, rules: codeRules, readModule, syntaxTrees: trees, documents });
        const reference = analyzeHandlerFile({ path, text, rules: codeRules, readModule });
        findings += reference.findings.length;
        if (JSON.stringify(kept) !== JSON.stringify(reference)) {
          mismatches.push(`${relative(root, path)}: ${label}`);
          break;
        }
      }
    }
    context.diagnostic(`${files.length} files, ${steps} steps, ${findings} findings over all steps`);
    assert.deepEqual(mismatches, []);
    assert.ok(findings > 0);
  });
});
