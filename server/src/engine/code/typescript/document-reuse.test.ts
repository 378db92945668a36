import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodeDocumentCache } from '../document-cache';
import { analyzeCode } from '../index';
import type { AnalyzeCodeInput, ModuleReader } from '../model';
import { SyntaxTreeCache } from '../syntax-cache';

/** Counts full analyses: the front end keeps a model only after analysing in full. */
class CountingCache extends CodeDocumentCache {
  analysed = 0;
  override set(owner: string, path: string, record: unknown): void {
    this.analysed++;
    super.set(owner, path, record);
  }
}

const PATH = '/app/src/h.ts';
const HANDLER = [
  "import { exec } from 'child_process';",
  "import { query } from './db';",
  '',
  '// Runs the command of the request.',
  'export const run = async (event) => {',
  '  const cmd = event.body; // the body',
  '  exec(`ls ${cmd}`);',
  '  return { statusCode: 200 };',
  '};',
  '',
  'export const read = async (event) => query("SELECT * FROM t WHERE id = " + event.pathParameters.id);',
  '',
].join('\n');

/** Analyses each text with kept trees and models, then from scratch; the two models must be identical. Returns how many steps reused the model. */
function replay(texts: string[], extra: Partial<AnalyzeCodeInput> = {}, readers?: ModuleReader[]): number {
  const trees = new SyntaxTreeCache();
  const documents = new CountingCache();
  let before = 0;
  let reused = 0;
  texts.forEach((text, index) => {
    const readModule = readers?.[index] ?? extra.readModule;
    const kept = analyzeCode({ path: PATH, text, ...extra, readModule, syntaxTrees: trees, documents });
    const fresh = analyzeCode({ path: PATH, text, ...extra, readModule });
    assert.equal(JSON.stringify(kept), JSON.stringify(fresh), `step ${index}: ${JSON.stringify(text.slice(0, 80))}`);
    assert.deepEqual(kept, fresh);
    if (index > 0 && documents.analysed === before) reused++;
    before = documents.analysed;
  });
  return reused;
}

/** Each prefix of `typed` inserted at `at`, one character more per step, then removed one at a time. */
function typing(text: string, at: number, typed: string): string[] {
  const out = [text];
  for (let length = 1; length <= typed.length; length++) out.push(text.slice(0, at) + typed.slice(0, length) + text.slice(at));
  for (let length = typed.length - 1; length >= 0; length--) out.push(text.slice(0, at) + typed.slice(0, length) + text.slice(at));
  return out;
}

const readDb: ModuleReader = (_from, specifier) => (specifier === './db' ? { path: '/app/src/db.ts', text: 'export const query = (sql) => pool.query(sql);\n' } : undefined);

describe('reusing the code model across an edit between statements', () => {
  it('moves the model when a comment is typed between two handlers', () => {
    // A line opened and a comment begun, as in an editor; a lone `/` would start a regular expression.
    const at = HANDLER.indexOf('export const read');
    const opened = HANDLER.slice(0, at) + '// \n' + HANDLER.slice(at);
    const texts = typing(opened, at + 3, 'reads one row');
    assert.equal(replay(texts, { readModule: readDb }), texts.length - 1);
    // Right after the statement before, on its line.
    const after = HANDLER.indexOf('};\n\nexport') + 2;
    const trailing = typing(HANDLER, after, ' // done');
    // A lone `/` starts a regular expression: that step and the one after it (up and down) are analysed in full.
    assert.equal(replay(trailing), trailing.length - 1 - 4);
  });

  it('moves the weakened JWT options and their fix ranges with the model', () => {
    const jwt = [
      "import jwt from 'jsonwebtoken';",
      '',
      'export const me = async (event) => {',
      "  const claims = jwt.verify(event.headers.authorization, process.env.KEY, { ignoreExpiration: true, algorithms: ['HS256', 'none'] });",
      '  return { statusCode: 200, body: claims.sub };',
      '};',
      '',
    ].join('\n');
    // Every step is compared with a full analysis (replay); most reuse the model (a lone `/` and the line break typed are analysed in full).
    const texts = typing(jwt, jwt.indexOf('export const me'), '// who is calling\n');
    assert.ok(replay(texts) >= texts.length - 1 - 6);
    const document = analyzeCode({ path: PATH, text: texts[texts.length - 2] });
    assert.deepEqual(document.jwtWeaknesses?.map((weakness) => weakness.kind), ['ignore-expiration', 'none-accepted']);
  });

  it('moves it for a blank line and for a comment at the very start and end of the file', () => {
    const texts = [HANDLER, HANDLER.replace('\n\nexport const read', '\n\n\nexport const read'), HANDLER];
    assert.equal(replay(texts), 2);
    const headed = `/*  */\n${HANDLER}`;
    assert.equal(replay(typing(headed, 3, 'header')), 'header'.length * 2);
    // At the end of the file, with the same four steps around a lone `/`.
    assert.equal(replay(typing(HANDLER, HANDLER.length, '// end')), '// end'.length * 2 - 4);
  });

  it('analyses again when a comment typed before a statement on its line runs over it, or is left open', () => {
    const at = HANDLER.indexOf('export const read');
    // `//` before `export` comments the statement out: that step is analysed in full, and the steps after it
    // (typing on in the comment, and back to `//`) move the model of that version, without the handler.
    // A lone `/` is analysed in full each time. `/*` alone comments out the rest of the file.
    assert.equal(replay(typing(HANDLER, at, '// x ')), 6);
    assert.equal(replay([HANDLER, HANDLER.slice(0, at) + '/* ' + HANDLER.slice(at), HANDLER]), 0);
  });

  it('checks a doc comment against the tree, and moves the model when it parses to the same statements', () => {
    const at = HANDLER.indexOf('export const read');
    const opened = HANDLER.slice(0, at) + '/**  */\n' + HANDLER.slice(at);
    const texts = typing(opened, at + 4, '@param {*} event');
    assert.equal(replay(texts), texts.length - 1);
  });

  it('analyses again for an edit inside a statement, even in a comment there', () => {
    const inCode = HANDLER.indexOf('event.body;') + 'event.body'.length;
    assert.equal(replay(typing(HANDLER, inCode, '.trim()')), 0);
    const inComment = HANDLER.indexOf('// the body') + '// the body'.length;
    assert.equal(replay(typing(HANDLER, inComment, ' text')), 0);
  });

  it('analyses again when removing a line break makes the statements a syntax error', () => {
    const text = 'const a = 1\nexport const h = async (event) => { eval(event.body); }\n';
    const joined = text.replace('1\nexport', '1 export');
    assert.equal(replay([text, joined, text]), 0);
  });

  it('checks the parse errors against the tree when whitespace follows an unfinished statement', () => {
    // `function` at the end has one error (the parser drops the second at the same place); `function ` has two.
    const texts = typing(HANDLER, HANDLER.length, 'function exec(x) { return x; }\n');
    replay(texts);
  });

  it('analyses again when a comment opens a whole-text gate or adds a directive', () => {
    const at = HANDLER.indexOf('export const read');
    assert.equal(replay([HANDLER, HANDLER.slice(0, at) + '// policyDocument groups INSERT\n' + HANDLER.slice(at), HANDLER]), 0);
    const texts = typing(HANDLER, at, '// slsward-ignore code-sql-injection: tested\n');
    // Reused only while the comment is too short to be a directive, and once it is gone again.
    assert.ok(replay(texts) < texts.length - 1);
  });

  it('analyses again when an imported module now reads differently', () => {
    const at = HANDLER.indexOf('export const read');
    const texts = [HANDLER, HANDLER.slice(0, at) + '\n' + HANDLER.slice(at)];
    const changedDb: ModuleReader = (_from, specifier) => (specifier === './db' ? { path: '/app/src/db.ts', text: 'export const query = (sql) => sql;\n' } : undefined);
    assert.equal(replay(texts, {}, [readDb, changedDb]), 0);
    assert.equal(replay(texts, {}, [readDb, readDb]), 1);
  });

  it('analyses again when the templates name other handlers or another trigger', () => {
    const trees = new SyntaxTreeCache();
    const documents = new CountingCache();
    analyzeCode({ path: PATH, text: HANDLER, handlers: [{ exportName: 'run', trigger: 'api-http' }], syntaxTrees: trees, documents });
    const moved = HANDLER.replace('\n\nexport const read', '\n\n\nexport const read');
    const other = analyzeCode({ path: PATH, text: moved, handlers: [{ exportName: 'run', trigger: 'sqs' }], syntaxTrees: trees, documents });
    assert.equal(documents.analysed, 2);
    assert.deepEqual(other, analyzeCode({ path: PATH, text: moved, handlers: [{ exportName: 'run', trigger: 'sqs' }] }));
  });
});
