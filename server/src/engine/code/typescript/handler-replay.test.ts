import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { generateHandler } from '../../../../../scripts/bench-handlers';
import { CodeDocumentCache } from '../document-cache';
import { analyzeCode } from '../index';
import type { AnalyzeCodeInput } from '../model';
import { SyntaxTreeCache } from '../syntax-cache';

const PATH = '/app/src/orders.ts';

/** `typed` inserted at `at` one character at a time, then removed one at a time. */
function typing(text: string, at: number, typed: string): string[] {
  const out: string[] = [];
  for (let length = 1; length <= typed.length; length++) out.push(text.slice(0, at) + typed.slice(0, length) + text.slice(at));
  for (let length = typed.length - 1; length >= 0; length--) out.push(text.slice(0, at) + typed.slice(0, length) + text.slice(at));
  return out;
}

/**
 * Analyses each text with kept trees and models (as the editor's worker does), then from scratch: the two
 * models must be identical at every step. Returns the handlers replayed and analysed over the session.
 */
function session(original: string, texts: string[], extra: Partial<AnalyzeCodeInput> = {}): { replayed: number; analysed: number } {
  const trees = new SyntaxTreeCache();
  const documents = new CodeDocumentCache();
  analyzeCode({ path: PATH, text: original, syntaxTrees: trees, documents, ...extra });
  const start = { ...documents.handlerCounts };
  texts.forEach((text, step) => {
    const kept = analyzeCode({ path: PATH, text, syntaxTrees: trees, documents, ...extra });
    const reference = analyzeCode({ path: PATH, text, ...extra });
    assert.deepEqual(kept, reference, `step ${step}`);
  });
  return { replayed: documents.handlerCounts.replayed - start.replayed, analysed: documents.handlerCounts.analysed - start.analysed };
}

/** The first statement of each exported handler's block body, in the generated bench file. */
function handlerBodies(text: string): number[] {
  const sourceFile = ts.createSourceFile(PATH, text, ts.ScriptTarget.Latest, true);
  const starts: number[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const init = statement.declarationList.declarations[0]?.initializer;
    if (init && ts.isArrowFunction(init) && ts.isBlock(init.body) && init.body.statements.length > 0) starts.push(init.body.statements[0].getStart(sourceFile));
  }
  return starts;
}

describe('replaying the handlers an edit inside another handler cannot change', () => {
  const generated = generateHandler(305);
  const text = generated.text;
  const named: Partial<AnalyzeCodeInput> = { handlers: generated.exports.map(({ name, isQueue }) => ({ exportName: name, trigger: isQueue ? 'sqs' : 'api-http' })) };

  it('gives the full analysis at every keystroke of code typed into each handler, and replays the others', () => {
    const bodies = handlerBodies(text);
    assert.ok(bodies.length >= 16, `${bodies.length} handlers with a block body`);
    let replayed = 0;
    let analysed = 0;
    for (const at of bodies) {
      const counts = session(text, typing(text, at, 'eval(event.body);\n  '), named);
      replayed += counts.replayed;
      analysed += counts.analysed;
    }
    // Each keystroke analyses the edited handler (and at worst a few that share its statement) and replays the rest.
    assert.ok(replayed > analysed * 5, `replayed ${replayed}, analysed ${analysed}`);
  });

  it('analyses again the handlers whose helper was edited, and the ones after a handler that stops calling a shared helper', () => {
    // A character typed in assertId's pattern reaches every handler that calls it; none of the others.
    const pattern = text.indexOf('{1,64}');
    assert.ok(pattern > 0);
    session(text, typing(text, pattern + 1, '0'), named);
    // The first handler to call assertId wrote its guard; commented out, the guard is first written by a later one.
    const call = text.indexOf('id = assertId(');
    session(text, typing(text, call, '// '), named);
    // A handler's own schema use commented out: the guard masks other handlers' cuts were credited with change.
    const schema = text.indexOf('OrderInput.safeParse(');
    session(text, typing(text, schema, 'void 0 && '), named);
  });

  it("replays with the file's trigger unknown and without named handlers", () => {
    const bodies = handlerBodies(text);
    const counts = session(text, typing(text, bodies[Math.floor(bodies.length / 2)], 'require(event.body);'));
    assert.ok(counts.replayed > 0);
  });

  it('analyses a handler again when a name it reads changes, in the edited statement or anywhere', () => {
    const source = [
      "import { exec } from 'child_process';",
      'const PREFIX = "ls ";',
      'export const first = async (event) => { exec(PREFIX + event.body); return { statusCode: 200 }; };',
      'export const second = async (event) => { const run = (cmd) => exec(cmd); run(event.body); return { statusCode: 200 }; };',
      'export const third = async (event) => { return { statusCode: 200, body: event.body }; };',
      '',
    ].join('\n');
    // Typing a new top-level declaration of `exec` shadows the import for every handler.
    const end = source.length;
    session(source, typing(source, end, 'function exec(x) { return x; }\n'));
    // Editing the constant that `first` reads, and a handler's local name another resolves through the tables.
    const constant = source.indexOf('"ls "');
    session(source, typing(source, constant + 1, 'cat '));
    const local = source.indexOf('const run');
    session(source, typing(source, local, 'const exec = (x) => x; '));
  });
});
