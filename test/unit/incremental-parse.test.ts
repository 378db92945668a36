/**
 * The incremental parse must give exactly the tree of a full parse, on every
 * step of a typing session, and must re-parse only the segments an edit touched.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocument, type ParsedDocument } from '../../server/src/engine';
import { lastIncrementalStats, parseDocumentReusing } from '../../server/src/engine/parse/incremental';
import { generateManyFindingsTemplate, generateTemplate } from '../../scripts/bench-templates';
import { caseRandom } from '../fuzz/fuzzer';

const SNIPPETS = ['a', ' ', '\n', ':', '-', '#', '[', ']', '{', '}', "'", '"', 'Key: value', '\n  Extra: 1', '\n    - item', '!Ref X', '&anchor ', '*alias', '|', '\t', '\r'];

/** Random edits, each checked against a full parse of the same text. */
function typeAndCompare(path: string, original: string, seed: number, steps: number): { segmentsMode: number; reusedSome: number } {
  // Deterministic, so that a failure can be replayed from its seed.
  const next = caseRandom(seed, 0);
  let text = original;
  let previous: ParsedDocument | undefined = parseDocumentReusing(path, text, undefined, { minLines: 0 });
  let segmentsMode = 0;
  let reusedSome = 0;
  for (let step = 0; step < steps; step++) {
    // Edits pile up for a few steps, then the user undoes them all, as while trying things out.
    if (step % 4 === 0) text = original;
    const at = Math.floor(next() * (text.length + 1));
    const choice = next();
    if (choice < 0.55) text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
    else if (choice < 0.85) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 6)));
    else {
      // Retype a whole line: delete it, then put it back, as an editor's undo would.
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const lineEnd = text.indexOf('\n', at);
      const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
      const without = text.slice(0, lineStart) + text.slice(lineEnd < 0 ? text.length : lineEnd);
      const parsedWithout = parseDocumentReusing(path, without, previous, { minLines: 0 });
      assert.deepEqual(strip(parsedWithout), strip(parseDocument(path, without)), `seed ${seed} step ${step}: line removed at ${lineStart}`);
      previous = parsedWithout;
      text = without.slice(0, lineStart) + line + without.slice(lineStart);
    }
    const incremental = parseDocumentReusing(path, text, previous, { minLines: 0 });
    if (lastIncrementalStats.mode === 'segments') {
      segmentsMode++;
      if (lastIncrementalStats.reused > 0) reusedSome++;
    }
    assert.deepEqual(strip(incremental), strip(parseDocument(path, text)), `seed ${seed} step ${step}: edit at ${at}`);
    previous = incremental;
  }
  return { segmentsMode, reusedSome };
}

function strip(document: ParsedDocument): unknown {
  return { root: document.root, issues: document.issues, format: document.format };
}

describe('incremental parse', () => {
  it('gives the full parse tree on the bench templates and reuses every untouched resource', () => {
    for (const text of [generateTemplate(1200), generateManyFindingsTemplate(1200)]) {
      const first = parseDocumentReusing('bench.yaml', text);
      assert.equal(lastIncrementalStats.mode, 'segments');
      assert.deepEqual(strip(first), strip(parseDocument('bench.yaml', text)));
      // A keystroke inside one resource: that resource alone is parsed again.
      const at = text.indexOf('Type: AWS::SNS::Topic');
      const edited = `${text.slice(0, at)}${text.slice(at, at + 6)}${text.slice(at + 6)}`.replace('Type: AWS::SNS::Topic', 'Type:  AWS::SNS::Topic');
      const second = parseDocumentReusing('bench.yaml', edited, first);
      assert.equal(lastIncrementalStats.mode, 'segments');
      assert.equal(lastIncrementalStats.segments - lastIncrementalStats.reused, 1, 'only the edited resource is parsed again');
      assert.deepEqual(strip(second), strip(parseDocument('bench.yaml', edited)));
    }
  });

  it('falls back to the full parse where a cut would not be equivalent', () => {
    const cases: Array<[string, string]> = [
      ['anchors', 'a: &x 1\nb: *x\n'],
      ['a flow collection continued at the top', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: { TopicName: [a,\n  b] }\n'],
      ['tabs', 'Resources:\n\tA: 1\n'],
      ['directives', '%YAML 1.2\n---\nResources:\n  A: 1\n'],
      ['a broken resource', 'Resources:\n  A:\n    Type: [AWS::SNS::Topic\n  B:\n    Type: AWS::SQS::Queue\n'],
    ];
    for (const [name, text] of cases) {
      const incremental = parseDocumentReusing('t.yaml', text, undefined, { minLines: 0 });
      assert.equal(lastIncrementalStats.mode, 'full', name);
      assert.deepEqual(strip(incremental), strip(parseDocument('t.yaml', text)), name);
    }
  });

  it('keeps the ranges of trailing comments as the YAML parser does', () => {
    const texts = [
      'Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n# end\n',
      'Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n  # two\n# zero\n',
      'Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n\n# zero\n    # four\n',
      'functions:\n  a:\n    handler: h\n  # two\n  #b:\n# zero\nservice: s\nprovider:\n  name: aws\n',
    ];
    for (const text of texts) {
      const incremental = parseDocumentReusing('t.yaml', text, undefined, { minLines: 0 });
      assert.equal(lastIncrementalStats.mode, 'segments', text);
      assert.deepEqual(strip(incremental), strip(parseDocument('t.yaml', text)), text);
    }
  });

  it('equals the full parse on every step of random typing sessions over the examples', () => {
    const root = resolve(__dirname, '../../examples');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ya?ml$/.test(entry.name)) files.push(path);
      }
    };
    walk(root);
    assert.ok(files.length > 0);
    let segmentsMode = 0;
    let reusedSome = 0;
    files.forEach((path, index) => {
      const figures = typeAndCompare(path, readFileSync(path, 'utf8'), 1000 + index, 60);
      segmentsMode += figures.segmentsMode;
      reusedSome += figures.reusedSome;
    });
    // The sessions must exercise the cut, not only the fallback.
    assert.ok(segmentsMode > files.length * 10, `segments used on ${segmentsMode} of ${files.length * 60} steps`);
    assert.ok(reusedSome > files.length * 5, `segments reused on ${reusedSome} of ${files.length * 60} steps`);
  });
});

export { typeAndCompare };

describe('incremental parse and the document limits', () => {
  it('applies the same limits as the full parse: a document over a limit is never cut into segments that each pass', () => {
    const resources = Array.from({ length: 300 }, (_, index) => `  Topic${index}:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: ${'['.repeat(150)}${']'.repeat(150)}\n`).join('');
    // Each resource alone is within the flow-depth limit; one of them is not.
    const deep = `Resources:\n${resources}  Deep:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const big = `Resources:\n${'  T:\n    Type: AWS::SNS::Topic\n'.repeat(300)}# ${'x'.repeat(6 * 1024 * 1024)}\n`;
    for (const text of [deep, big]) {
      const incremental = parseDocumentReusing('t.yaml', text);
      assert.equal(lastIncrementalStats.mode, 'full');
      assert.deepEqual(strip(incremental), strip(parseDocument('t.yaml', text)));
    }
  });
});
