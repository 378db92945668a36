/**
 * Inline handler code (CloudFormation `Code.ZipFile`, SAM `InlineCode`): its text, and a map from
 * offsets in that text to offsets in the template, so a code finding lands on the template's
 * characters. Pure string work over the parsed template; nothing here parses code.
 *
 * A YAML block scalar, a quoted string with escapes or a `!Join` list is not one contiguous slice
 * of the template: indentation is dropped, `\n` is two characters in the source and one in the
 * code, folded lines gain a space. So the map is a list of segments, each a run of characters that
 * the code and the template share verbatim. The runs are the source's lines (less the block's
 * indentation) cut at every escape sequence; each is found, in order, in the decoded text. A code
 * offset that falls between runs (an indentation space in the code, an escaped character, a
 * `!Join` delimiter) maps to the end of the run before it, which is the nearest template character.
 */
import { isMap, isScalar, isSeq, scalarText } from '../parse/tree';
import type { SourceNode, TextRange } from '../types';

/** `length` characters at `codeStart` in the inline code are the ones at `templateStart` in the template. */
export interface OffsetSegment {
  codeStart: number;
  templateStart: number;
  length: number;
}

export interface InlineCodeText {
  text: string;
  /** The value's whole range in the template (the block scalar from its `|`, the quoted string, the `!Join`). */
  range: TextRange;
  /** Sorted by `codeStart` (and so by `templateStart`). */
  segments: OffsetSegment[];
  /** `!Sub`: the code still holds `${...}` placeholders that CloudFormation substitutes. */
  isSubstituted?: boolean;
}

/** A gap between two runs is an escape, a fold or a delimiter: a few characters, never more. */
const MAX_GAP = 64;

/** Reads inline code given as a string, `Fn::Sub` of a string, or `Fn::Join` of literal strings; undefined otherwise. */
export function inlineCodeOf(templateText: string, node: SourceNode | null | undefined): InlineCodeText | undefined {
  if (isScalar(node) && typeof node.value === 'string') {
    return { text: node.value, range: node.range, segments: alignScalar(templateText, node.range, node.value) };
  }
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const [entry] = node.entries;
  const name = String(entry.key.value);
  if (name === 'Fn::Sub') {
    const template = isSeq(entry.value) ? entry.value.items[0] : entry.value;
    if (!isScalar(template) || typeof template.value !== 'string') return undefined;
    return { text: template.value, range: node.range, segments: alignScalar(templateText, template.range, template.value), isSubstituted: true };
  }
  if (name === 'Fn::Join' && isSeq(entry.value) && entry.value.items.length === 2) {
    const delimiter = scalarText(entry.value.items[0]);
    const list = entry.value.items[1];
    if (delimiter === undefined || !isSeq(list) || !list.items.every((item) => isScalar(item))) return undefined;
    let text = '';
    const segments: OffsetSegment[] = [];
    list.items.forEach((item, index) => {
      if (index > 0) text += delimiter;
      const value = scalarText(item) ?? '';
      for (const segment of alignScalar(templateText, item.range, value)) segments.push({ ...segment, codeStart: segment.codeStart + text.length });
      text += value;
    });
    return { text, range: node.range, segments };
  }
  return undefined;
}

/** The template offset of an offset in the inline code (see the module comment for offsets between runs). */
export function codeOffsetToTemplate(inline: Pick<InlineCodeText, 'segments' | 'range'>, offset: number): number {
  const segments = inline.segments;
  if (segments.length === 0 || offset < segments[0].codeStart) return segments[0]?.templateStart ?? inline.range.start;
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segments[middle].codeStart <= offset) low = middle;
    else high = middle - 1;
  }
  const segment = segments[low];
  return segment.templateStart + Math.min(offset - segment.codeStart, segment.length);
}

/** A range in the inline code as a range in the template. */
export function codeRangeToTemplate(inline: Pick<InlineCodeText, 'segments' | 'range'>, range: TextRange): TextRange {
  const start = codeOffsetToTemplate(inline, range.start);
  return { start, end: Math.max(start, codeOffsetToTemplate(inline, range.end)) };
}

/**
 * Segments of one scalar: the source between its delimiters, cut into runs (lines less their
 * indentation, split at escapes and at `''`), each found in order in the decoded value.
 */
export function alignScalar(templateText: string, range: TextRange, value: string): OffsetSegment[] {
  const source = templateText.slice(range.start, range.end);
  let bodyStart = 0;
  let bodyEnd = source.length;
  let quote: '"' | "'" | undefined;
  let blockIndent: number | undefined;
  if (source.startsWith('|') || source.startsWith('>')) {
    const newline = source.indexOf('\n');
    if (newline < 0) return [];
    bodyStart = newline + 1;
    const explicit = /^[|>][+-]?([1-9])/.exec(source) ?? /^[|>]([1-9])[+-]?/.exec(source);
    blockIndent = explicit ? Number(explicit[1]) : indentOfBlock(source.slice(bodyStart));
  } else if (source.startsWith('"') || source.startsWith("'")) {
    quote = source[0] as '"' | "'";
    bodyStart = 1;
    bodyEnd = source.endsWith(quote) && source.length > 1 ? source.length - 1 : source.length;
  }
  const segments: OffsetSegment[] = [];
  let pointer = 0;
  let lineStart = bodyStart;
  let isFirstLine = true;
  while (lineStart <= bodyEnd) {
    let lineEnd = source.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > bodyEnd) lineEnd = bodyEnd;
    let contentStart = lineStart;
    if (blockIndent !== undefined) {
      let spaces = 0;
      while (spaces < blockIndent && source[contentStart] === ' ') [contentStart, spaces] = [contentStart + 1, spaces + 1];
    } else if (!isFirstLine) {
      while (contentStart < lineEnd && (source[contentStart] === ' ' || source[contentStart] === '\t')) contentStart++;
    }
    let contentEnd = lineEnd;
    if (source[contentEnd - 1] === '\r') contentEnd--;
    for (const run of runsOf(source, contentStart, contentEnd, quote)) {
      let text = source.slice(run.start, run.end);
      let index = value.indexOf(text, pointer);
      // Plain and quoted scalars drop a line's trailing spaces where they fold it.
      if ((index < 0 || index - pointer > MAX_GAP) && blockIndent === undefined) {
        text = text.trimEnd();
        index = text.length > 0 ? value.indexOf(text, pointer) : -1;
      }
      if (index < 0 || index - pointer > MAX_GAP || text.length === 0) continue;
      segments.push({ codeStart: index, templateStart: range.start + run.start, length: text.length });
      pointer = index + text.length;
    }
    isFirstLine = false;
    lineStart = lineEnd + 1;
  }
  return segments;
}

/** A block scalar's indentation: that of its first non-blank line (YAML's rule). */
function indentOfBlock(body: string): number {
  const match = /^( *)[^ \r\n]/m.exec(body);
  return match ? match[1].length : 0;
}

/** Maximal runs of a line that appear verbatim in the decoded value: cut at escapes (`\n`, `\u00e9`) and at `''`. */
function runsOf(source: string, start: number, end: number, quote: '"' | "'" | undefined): Array<{ start: number; end: number }> {
  if (start >= end) return [];
  if (quote === undefined) return [{ start, end }];
  const runs: Array<{ start: number; end: number }> = [];
  const escape = quote === '"' ? /\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g : /''/g;
  escape.lastIndex = start;
  let runStart = start;
  for (let match = escape.exec(source); match && match.index < end; match = escape.exec(source)) {
    if (match.index > runStart) runs.push({ start: runStart, end: match.index });
    runStart = match.index + match[0].length;
  }
  if (runStart < end) runs.push({ start: runStart, end });
  return runs;
}
