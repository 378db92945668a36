/**
 * The pre-scan: what it measures, what it neutralises (same length, so every
 * offset stays), what it refuses, and what it must leave alone (quotes,
 * comments and block scalars that merely contain brackets).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/engine';
import { MAX_ANCHORS_AND_ALIASES, MAX_FLOW_DEPTH, MAX_KEYS } from '../../server/src/engine/limits';
import { parseDocument } from '../../server/src/engine/parse';
import { prescan } from '../../server/src/engine/parse/prescan';

describe('prescan: measures', () => {
  it('counts flow and block nesting, keys, anchors and aliases, and the longest line', () => {
    const text = 'a:\n  b:\n    - c: [1, {d: [2]}]\n    - &x e\n    - *x\n';
    const { stats, issues, text: scanned } = prescan(text, 'yaml');
    assert.deepEqual(issues, []);
    assert.equal(scanned, text);
    assert.equal(stats.maxFlowDepth, 3);
    // a, b, the sequence, the map in its entry.
    assert.equal(stats.maxBlockDepth, 4);
    assert.equal(stats.keys, 4);
    assert.equal(stats.anchorsAndAliases, 2);
    assert.equal(stats.longestLine, '    - c: [1, {d: [2]}]'.length);
  });

  it('does not count brackets inside quotes, comments or block scalars', () => {
    const deep = '['.repeat(500);
    const text = `a: "${deep}"\nb: '${deep}'\nc: x # ${deep}\nd: |\n  ${deep}\n  more ${deep}\ne: >-\n  ${deep}\nf: it's ${deep}\n`;
    const { stats, issues, text: scanned } = prescan(text, 'yaml');
    assert.deepEqual(issues, []);
    assert.equal(scanned, text);
    assert.equal(stats.maxFlowDepth, 0);
    assert.deepEqual(parseDocument('a.yaml', text).issues, []);
  });

  it('reads JSON strings, escapes and comments', () => {
    const text = `{ "a": "[[[\\"[[[", // [[[\n "b": /* [[[ */ [1] }`;
    const { stats, issues } = prescan(text, 'json');
    assert.deepEqual(issues, []);
    assert.equal(stats.maxFlowDepth, 2);
    assert.equal(stats.keys, 2);
  });
});

describe('prescan: neutralises over-deep collections in place', () => {
  it('replaces the over-deep collection by a null of the same length, keeping line breaks', () => {
    const depth = MAX_FLOW_DEPTH + 5;
    const inner = `${'['.repeat(depth)}\n${']'.repeat(depth)}`;
    const text = `a: ${inner}\nb: 1\n`;
    const { text: scanned, issues } = prescan(text, 'yaml');
    assert.equal(scanned.length, text.length);
    assert.equal(scanned.split('\n').length, text.split('\n').length);
    assert.equal(issues.length, 1);
    // The opening line is cut at its end: the rest of the collection on later lines stays, as the parser reads it.
    const start = text.indexOf('[') + MAX_FLOW_DEPTH;
    assert.equal(issues[0].range.start, start);
    assert.equal(scanned.slice(start, start + 1), '~');
    assert.equal(scanned.slice(0, start), text.slice(0, start));
  });

  it('uses a JSON null, or a 0 where a null does not fit', () => {
    const short = `${'['.repeat(MAX_FLOW_DEPTH + 1)}${']'.repeat(MAX_FLOW_DEPTH + 1)}`;
    assert.equal(prescan(short, 'json').text, `${'['.repeat(MAX_FLOW_DEPTH)}0 ${']'.repeat(MAX_FLOW_DEPTH)}`);
    const long = `${'['.repeat(MAX_FLOW_DEPTH + 1)}12]${']'.repeat(MAX_FLOW_DEPTH)}`;
    const scanned = prescan(long, 'json').text;
    assert.equal(scanned, `${'['.repeat(MAX_FLOW_DEPTH)}null${']'.repeat(MAX_FLOW_DEPTH)}`);
    assert.doesNotThrow(() => JSON.parse(scanned));
  });
});

describe('prescan: refuses what no parser should get', () => {
  it('refuses more keys than the limit, with the reason', () => {
    const text = Array.from({ length: MAX_KEYS + 1 }, (_, index) => `k${index}: v`).join('\n');
    const document = parseDocument('a.yaml', text);
    assert.equal(document.root, null);
    assert.equal(document.issues.length, 1);
    assert.equal(document.issues[0].kind, 'limit');
    assert.match(document.issues[0].message, new RegExp(`^Not analysed: more than ${MAX_KEYS} mapping keys`));
  });

  it('refuses more anchors and aliases than the limit', () => {
    const text = `a: &a x\n${Array.from({ length: MAX_ANCHORS_AND_ALIASES }, (_, index) => `k${index}: *a`).join('\n')}\n`;
    const document = parseDocument('a.yaml', text);
    assert.equal(document.root, null);
    assert.match(document.issues[0].message, /anchors and aliases/);
  });
});

describe('line breaks', () => {
  it('parses CR-only text with the same offsets, and LineIndex gives the right lines', () => {
    const text = 'Resources:\r  Topic:\r    Type: AWS::SNS::Topic\r';
    const document = parseDocument('template.yaml', text);
    assert.deepEqual(document.issues, []);
    assert.equal(document.text, text);
    const lines = new LineIndex(text);
    const type = text.indexOf('AWS::SNS::Topic');
    assert.deepEqual(lines.positionAt(type), { line: 2, character: 10 });
    assert.equal(lines.lineCount, 4);
    assert.equal(lines.offsetAt({ line: 2, character: 10 }), type);
    assert.equal(text.slice(lines.lineStart(1), lines.lineEnd(1)), '  Topic:');
  });

  it('LineIndex counts CRLF as one break, and CR, LF and CRLF mixed', () => {
    const text = 'a\r\nb\rc\nd';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((letter) => lines.positionAt(text.indexOf(letter)).line), [0, 1, 2, 3]);
  });
});
