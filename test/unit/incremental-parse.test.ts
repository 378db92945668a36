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

  it('re-parses only the edited property when typing goes on inside one resource', () => {
    for (const text of [generateTemplate(1200), generateManyFindingsTemplate(1200)]) {
      const line = text.search(/\n {6}(Description|DisplayName|RoleName|QueueName|TopicName): /) + 1;
      const lineEnd = text.indexOf('\n', line);
      assert.ok(line > 0, 'the bench template has a property to type in');
      let previous = parseDocumentReusing('bench.yaml', text);
      const parsedPerKeystroke: number[] = [];
      let current = text;
      for (const typed of ['x', 'y', 'z', 'w']) {
        const at = lineEnd + (current.length - text.length);
        current = `${current.slice(0, at)}${typed}${current.slice(at)}`;
        const next = parseDocumentReusing('bench.yaml', current, previous);
        assert.equal(lastIncrementalStats.mode, 'segments');
        assert.deepEqual(strip(next), strip(parseDocument('bench.yaml', current)));
        parsedPerKeystroke.push(lastIncrementalStats.parsed);
        previous = next;
      }
      // The first keystroke parses the resource by its keys, the second its Properties by theirs; then one line each.
      assert.deepEqual(parsedPerKeystroke.slice(2), [1, 1], `texts parsed per keystroke: ${parsedPerKeystroke.join(', ')}`);
    }
  });

  it('ends a map before a trailing empty value as the parser does, while editing', () => {
    // `Key: ` with a trailing space and no value: the parser ends the map before the empty value.
    const text = 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: a\n  B:\n    Type: AWS::SQS::Queue\n';
    let previous = parseDocumentReusing('t.yaml', text, undefined, { minLines: 0 });
    for (const edited of [text.replace('TopicName: a', 'TopicName: '), text.replace('TopicName: a', 'TopicName:  '), text.replace('TopicName: a', 'TopicName: b')]) {
      const next = parseDocumentReusing('t.yaml', edited, previous, { minLines: 0 });
      assert.deepEqual(strip(next), strip(parseDocument('t.yaml', edited)), JSON.stringify(edited));
      previous = next;
    }
  });

  it('gives the full parse tree for every layout of comments after nested content, fresh and while editing', () => {
    // The YAML parser's ranges after trailing comments depend on their indents and on what they close;
    // the cut must either agree or parse the segment whole. Generated: endings x comment indents.
    const endings = [
      '  t:\n    l: true\n',
      '    Properties:\n      Q:\n        - 1\n',
      '    Properties:\n      R: 2\n      Q: z\n',
      '    events:\n      - http:\n          path: x\n',
      '    Properties:\n      Code: |\n        line1\n        line2\n',
      '    Properties:\n      L: [a,\n        b]\n',
      '    Properties:\n      S: plain\n        continued\n',
      '    Properties:\n      P:\n      - a\n      - b:\n          c: d\n',
      '    Properties:\n      M:\n        N:\n          O: 1\n',
      '    Properties:\n      Q:\n',
      '    Properties:\n      Q: \n',
      '    Properties:\n      Q:   # note\n',
      '    Properties:\n      Q :\n',
      "    Properties:\n      Q: ''\n",
      '    Properties:\n      Q: z   # note\n',
      '    Properties:\n      L: [a, b] # note\n',
      '    Properties:\n      M:\n        N: 1 # note\n',
    ];
    // Levels (0, 2, 4, 6, 8) and the indents between them.
    const indents = [0, 2, 3, 5, 7, 9];
    const layouts: number[][] = [[]];
    for (const a of indents) {
      layouts.push([a]);
      for (const b of indents) layouts.push([a, b]);
    }
    let compared = 0;
    let cutWhileEditing = 0;
    for (const ending of endings) {
      for (const layout of layouts) {
        const comments = layout.map((indent, index) => `${' '.repeat(indent)}# c${index}\n`).join('');
        for (const after of ['', 'Outputs: 1\n', 'Outputs: 1 # note\n']) {
          const text = `Resources:\n  A:\n    Type: x\n  B:\n    Type: y\n${ending}${comments}${after}`;
          const edited = text.replace('Type: y', 'Type: yz');
          const first = parseDocumentReusing('t.yaml', text, undefined, { minLines: 0 });
          const second = parseDocumentReusing('t.yaml', edited, first, { minLines: 0 });
          if (lastIncrementalStats.mode === 'segments') cutWhileEditing++;
          const third = parseDocumentReusing('t.yaml', text, second, { minLines: 0 });
          assert.deepEqual(strip(first), strip(parseDocument('t.yaml', text)), JSON.stringify(text));
          assert.deepEqual(strip(second), strip(parseDocument('t.yaml', edited)), JSON.stringify(edited));
          assert.deepEqual(strip(third), strip(parseDocument('t.yaml', text)), JSON.stringify(text));
          compared += 3;
        }
      }
    }
    assert.ok(compared > 3_000);
    // The cut is exercised, not avoided: the parser places the comments, so no layout needs the full parse.
    assert.ok(cutWhileEditing >= 0.9 * (compared / 3), `cut while editing: ${cutWhileEditing} of ${compared / 3}`);
  });

  it('reads a line that starts a new key under a plain scalar as the whole document does', () => {
    // Cut out at indent 2, `T` would read as the description's next line; in the document it is an error.
    const text = 'Parameters:\n  PeerID:\n    Description: Peering ID\n    Type: String\n  Other:\n    Type: String\n';
    let previous = parseDocumentReusing('t.yaml', text, undefined, { minLines: 0 });
    for (const edited of [text.replace('    Type: String\n  Other', '    T\n  Other'), text.replace('    Type: String\n  Other', '    - T\n  Other'), text]) {
      const next = parseDocumentReusing('t.yaml', edited, previous, { minLines: 0 });
      assert.deepEqual(strip(next), strip(parseDocument('t.yaml', edited)), JSON.stringify(edited));
      previous = next;
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
