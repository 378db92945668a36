/**
 * Random hostile text, from a fixed seed so every run is the same: brackets,
 * quotes, keys, entry markers, anchors, tags, comments, block scalars and all
 * three line breaks, mixed. Whatever the parsers make of it, parseDocument
 * never throws, never reports a parser failure (a stack overflow would show
 * as an internal issue), keeps every range inside the text and caps its issues.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PARSE_ISSUES } from '../../server/src/engine/limits';
import { parseDocument } from '../../server/src/engine/parse';
import { prescan } from '../../server/src/engine/parse/prescan';
import type { SourceNode } from '../../server/src/engine/types';

const PIECES = ['[', ']', '{', '}', '"', "'", ',', ': ', 'k: ', '"k": ', '- ', '? ', '\n', '\n  ', '\n    ', 'x', ' ', '#', '|\n', '&a ', '*a ', '!Sub ', '\r', '\r\n', '\t', '---\n', 'a: ['];

function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function* ranges(node: SourceNode | null | undefined, seen = new Set<SourceNode>()): Generator<{ start: number; end: number }> {
  if (!node || seen.has(node)) return;
  seen.add(node);
  yield node.range;
  if (node.kind === 'map') {
    for (const entry of node.entries) {
      yield entry.range;
      yield* ranges(entry.key, seen);
      yield* ranges(entry.value, seen);
    }
  } else if (node.kind === 'seq') for (const item of node.items) yield* ranges(item, seen);
}

describe('parse fuzz', () => {
  it('survives 120 random hostile documents, YAML and JSON', () => {
    const random = generator(20_261_203);
    for (let index = 0; index < 120; index++) {
      // A few favourite pieces repeated make the runs (deep brackets, comma-less keys) that random mixing alone would not.
      const favourites = Array.from({ length: 3 }, () => PIECES[Math.floor(random() * PIECES.length)]);
      const length = 1_000 + Math.floor(random() * 12_000);
      let text = '';
      while (text.length < length) text += random() < 0.7 ? favourites[Math.floor(random() * 3)] : PIECES[Math.floor(random() * PIECES.length)];
      const path = random() < 0.25 ? 'fuzz.json' : 'fuzz.yaml';
      const label = `case ${index} (${path}, ${JSON.stringify(favourites)})`;
      // The pre-scan keeps the text's length, so every offset of every parser points into the user's text.
      assert.equal(prescan(text, path.endsWith('.json') ? 'json' : 'yaml').text.length, text.length, label);
      const document = parseDocument(path, text);
      assert.ok(document.issues.length <= MAX_PARSE_ISSUES + 1, label);
      assert.deepEqual(document.issues.filter((issue) => issue.kind === 'internal'), [], label);
      for (const issue of document.issues) assert.ok(issue.range.start >= 0 && issue.range.end <= text.length && issue.range.start <= issue.range.end, label);
      for (const range of ranges(document.root)) assert.ok(range.start >= 0 && range.end <= text.length && range.start <= range.end, `${label}: ${JSON.stringify(range)}`);
    }
  });
});
