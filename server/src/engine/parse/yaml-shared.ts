/**
 * What the two YAML readers share: the library's Composer path (`yaml.ts`) and
 * the fast path that composes the tree from the library's CST (`yaml-cst.ts`).
 * Both must give the same tree, so the pieces that decide ranges and short
 * forms live here once.
 */
import type { ScalarNode, SourceNode } from '../types';

/** Short-form tag -> the long-form key it stands for. */
export const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Split': 'Fn::Split',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** How far before its value a short-form tag is looked for (`!Sub` then blanks, a line break, an anchor). */
const TAG_SEARCH_WINDOW = 200;

/**
 * Turns the value of a short-form tag (`!Ref X`) into its long form (`{ Ref: X }`), keeping the tag and its
 * range. `tag` must be one of `SHORT_FORM_TAGS`.
 */
export function shortFormOf(text: string, tag: string, node: SourceNode): SourceNode {
  // The tag is written just before its value (each tag is, so the scans back add up to the text's length).
  const found = text.lastIndexOf(tag, node.range.start);
  const start = found >= 0 && node.range.start - found < TAG_SEARCH_WINDOW ? found : node.range.start;
  const range = { start, end: node.range.end };
  let value: SourceNode = node;
  if (tag === '!GetAtt' && node.kind === 'scalar' && typeof node.value === 'string') {
    // `!GetAtt Resource.Attribute.Part` splits at the first dot only.
    const dot = node.value.indexOf('.');
    const parts = dot < 0 ? [node.value] : [node.value.slice(0, dot), node.value.slice(dot + 1)];
    value = { kind: 'seq', isFlow: true, range: node.range, items: parts.map((part) => ({ kind: 'scalar', value: part, isQuoted: false, range: node.range }) as ScalarNode) };
  }
  const key: ScalarNode = { kind: 'scalar', value: SHORT_FORM_TAGS[tag], isQuoted: false, range: { start, end: start + tag.length } };
  return { kind: 'map', isFlow: true, shortTag: tag, range, entries: [{ key, value, range }] };
}

export function isWhitespace(char: number): boolean {
  return char === 32 || char === 10 || char === 13 || char === 9 || char === 11 || char === 12 || (char > 127 && /\s/.test(String.fromCharCode(char)));
}

/** For each offset, where the whitespace run just before it starts (the offset itself when none). */
export function whitespaceRuns(text: string): Int32Array {
  const runs = new Int32Array(text.length + 1);
  for (let offset = 0; offset <= text.length; offset++) {
    runs[offset] = offset > 0 && isWhitespace(text.charCodeAt(offset - 1)) ? runs[offset - 1] : offset;
  }
  return runs;
}

