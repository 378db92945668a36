import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from './index';
import { SyntaxTreeCache, textChangeBetween } from './syntax-cache';
import { parseSource } from './typescript/module-scan';

describe('textChangeBetween', () => {
  const cases: Array<[string, string, string, ReturnType<typeof textChangeBetween>]> = [
    ['equal texts', 'abc', 'abc', undefined],
    ['an insertion', 'abcd', 'abXcd', { start: 2, oldLength: 0, newLength: 1 }],
    ['a deletion', 'abXcd', 'abcd', { start: 2, oldLength: 1, newLength: 0 }],
    ['a replacement', 'let a = 1;', 'let a = 22;', { start: 8, oldLength: 1, newLength: 2 }],
    // Repeated characters: prefix and suffix must not overlap.
    ['a doubled character', 'aa', 'aaa', { start: 2, oldLength: 0, newLength: 1 }],
    ['everything', 'abc', 'xyz', { start: 0, oldLength: 3, newLength: 3 }],
    ['from empty', '', 'x', { start: 0, oldLength: 0, newLength: 1 }],
  ];
  for (const [label, before, after, expected] of cases) {
    it(label, () => {
      const change = textChangeBetween(before, after);
      assert.deepEqual(change, expected);
      if (change) assert.equal(before.slice(0, change.start) + after.slice(change.start, change.start + change.newLength) + before.slice(change.start + change.oldLength), after);
    });
  }
});

describe('SyntaxTreeCache with the TypeScript front end', () => {
  const first = 'import { exec } from "child_process";\nexport const a = async (event) => { return 1; };\nexport const b = async (event) => { exec(event.body); };\n';
  const second = first.replace('return 1;', 'return 12;');

  it('re-parses an edited text incrementally: nodes outside the edit are reused', () => {
    const trees = new SyntaxTreeCache();
    const before = parseSource('/app/h.ts', first, trees);
    const untouched = before.statements[2];
    const after = parseSource('/app/h.ts', second, trees);
    assert.notEqual(after, before);
    assert.equal(after.text, second);
    assert.equal(after.statements[2], untouched, 'the statement after the edit is the same node');
    assert.equal(parseSource('/app/h.ts', second, trees), after, 'the same text gives the kept tree');
  });

  it('gives the same code model as a full parse, half-typed code included', () => {
    const trees = new SyntaxTreeCache();
    const typed = 'const cmd = event.queryStringParameters.cmd; exec(cmd);';
    analyzeCode({ path: '/app/h.ts', text: first, syntaxTrees: trees });
    for (let length = 0; length <= typed.length; length++) {
      const text = first.replace('return 1;', typed.slice(0, length));
      assert.deepEqual(analyzeCode({ path: '/app/h.ts', text, syntaxTrees: trees }), analyzeCode({ path: '/app/h.ts', text }), `after ${length} characters`);
    }
  });

  it('keeps one tree per file up to its capacity, oldest dropped first', () => {
    const trees = new SyntaxTreeCache(2);
    const a = parseSource('/a.ts', first, trees);
    parseSource('/b.ts', first, trees);
    parseSource('/c.ts', first, trees);
    assert.notEqual(parseSource('/a.ts', first, trees), a, '/a.ts was dropped');
    trees.forget('/c.ts');
    const c = parseSource('/c.ts', first, trees);
    assert.equal(parseSource('/c.ts', first, trees), c);
  });
});
