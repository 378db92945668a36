/**
 * One linear pass over a document before any parser sees it: measures flow and
 * block nesting, anchors and aliases, keys and line length against `limits.ts`,
 * neutralises over-deep regions (same length, so every offset stays) and
 * refuses documents no parser should be given. It reads characters one by one,
 * with no regular expression that could backtrack and no recursion.
 */
import * as limits from '../limits';
import type { ParseIssue, SyntaxFormat } from '../types';

// Local copies: read once per character, and a module namespace may be a getter under some loaders.
const { MAX_ANCHORS_AND_ALIASES, MAX_BLOCK_DEPTH, MAX_FLOW_DEPTH, MAX_KEYS, MAX_YAML_LINE_LENGTH } = limits;

/** A line where a block node starts (not inside a block scalar, a quoted scalar or a flow collection). */
export interface BlockLine {
  /** Offset of the line's first character. */
  start: number;
  /** Leading spaces. */
  indent: number;
  /** The first character after the indentation: `-` for a sequence entry, `%` for a directive, and so on. */
  lead: string;
  /** `---` or `...` at column 0. */
  isDocumentMarker: boolean;
  /**
   * A line inside an unclosed quoted scalar that reads like a new entry
   * (`Topic:` at or left of the line that opened the quote). The parser reads
   * on to the next quote; recovery may start a segment there (each segment is
   * scanned again before it is parsed, so its limits hold).
   */
  isSuspect?: boolean;
}

export interface PrescanStats {
  maxFlowDepth: number;
  maxBlockDepth: number;
  anchorsAndAliases: number;
  keys: number;
  longestLine: number;
}

export interface PrescanResult {
  /** The text to parse: as long as the input, lone CRs read as LFs, over-deep regions neutralised. */
  text: string;
  /** One `limit` issue per neutralised region. */
  issues: ParseIssue[];
  /** Set when the document must not be parsed at all. */
  refused?: ParseIssue;
  /** YAML only: where block nodes start, for segment recovery. */
  blockLines: BlockLine[];
  stats: PrescanStats;
}

interface Region {
  start: number;
  end: number;
  /** A flow collection becomes a null; over-deep block lines become blank. */
  isFlow: boolean;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

export function prescan(input: string, format: SyntaxFormat): PrescanResult {
  // CloudFormation reads old-Mac line breaks; the parsers do not. A lone CR becomes an LF: same length, same offsets.
  const text = input.includes('\r') ? input.replace(/\r(?!\n)/g, '\n') : input;
  const scan = format === 'json' ? scanJson(text) : scanYaml(text);
  if (scan.refused) return { text, issues: [], refused: scan.refused, blockLines: [], stats: scan.stats };
  return { text: neutralise(text, scan.regions, format), issues: issuesOf(text, scan.regions), blockLines: scan.blockLines, stats: scan.stats };
}

interface Scan {
  regions: Region[];
  blockLines: BlockLine[];
  stats: PrescanStats;
  refused?: ParseIssue;
}

function newStats(): PrescanStats {
  return { maxFlowDepth: 0, maxBlockDepth: 0, anchorsAndAliases: 0, keys: 0, longestLine: 0 };
}

function refusal(message: string, start: number, end = start): ParseIssue {
  return { message, range: { start, end }, severity: 'warning', kind: 'limit' };
}

/**
 * Tracks flow collections (`[`, `{`) and what an over-deep one covers. Depth
 * here is what the `yaml` parser nests: each bracket, and each `key: value`
 * written after another one in the same collection without a comma between
 * them (`{a: 1 b: 2 c: 3}` nests one mapping in the next, and a few thousand
 * overflow the parser's stack). An over-deep collection ends at its matching
 * bracket when that is on the same line, else at the end of the line; the scan
 * then goes on as a parser reads the neutralised text (the enclosing
 * collections still open), so what this pass measures is what the parser sees.
 */
class FlowTracker {
  depth = 0;
  /** Nesting the parser sees at each open level: at its bracket, and its chain of comma-less keys. */
  private readonly base: number[] = [0];
  private readonly chain: number[] = [0];
  private openAt = -1;
  /** The level whose closing bracket ends the over-deep region, and whether that bracket is part of it. */
  private openLevel = 0;
  private isBracketRegion = false;
  constructor(private readonly regions: Region[], private readonly stats: PrescanStats) {}

  open(offset: number): void {
    const nesting = this.nestingHere() + 1;
    this.depth++;
    if (this.openAt >= 0) return;
    this.base[this.depth] = nesting;
    this.chain[this.depth] = 0;
    if (nesting > this.stats.maxFlowDepth) this.stats.maxFlowDepth = nesting;
    if (nesting > MAX_FLOW_DEPTH) this.startRegion(offset, true);
  }

  close(offset: number): void {
    if (this.depth === 0) return;
    if (this.openAt >= 0 && this.depth === this.openLevel) {
      this.regions.push({ start: this.openAt, end: this.isBracketRegion ? offset + 1 : offset, isFlow: true });
      this.openAt = -1;
    }
    this.depth--;
  }

  /** A `,` inside a collection: the next key starts a new entry, not a nested mapping. */
  separator(): void {
    if (this.openAt < 0 && this.depth > 0) this.chain[this.depth] = 0;
  }

  /** A `key:` inside a collection, whose token starts at `tokenStart`. */
  key(tokenStart: number): void {
    if (this.openAt >= 0 || this.depth === 0) return;
    this.chain[this.depth]++;
    const nesting = this.nestingHere();
    if (nesting > this.stats.maxFlowDepth) this.stats.maxFlowDepth = nesting;
    if (nesting > MAX_FLOW_DEPTH) this.startRegion(tokenStart, false);
  }

  /** The nesting at the current level: its bracket, plus one for each key after the first without a comma. */
  private nestingHere(): number {
    return this.base[this.depth] + Math.max(0, this.chain[this.depth] - 1);
  }

  /** The parser ended every open collection (an under-indented line). */
  terminate(): void {
    this.depth = 0;
  }

  get isInsideOverDeep(): boolean {
    return this.openAt >= 0;
  }

  /** At the end of a line: an over-deep region still open ends here. */
  endLine(lineEnd: number): void {
    if (this.openAt < 0) return;
    this.regions.push({ start: this.openAt, end: lineEnd, isFlow: true });
    this.openAt = -1;
    this.depth = this.isBracketRegion ? this.openLevel - 1 : this.openLevel;
  }

  private startRegion(offset: number, isBracket: boolean): void {
    this.openAt = offset;
    this.openLevel = this.depth;
    this.isBracketRegion = isBracket;
  }
}

function scanYaml(text: string): Scan {
  const stats = newStats();
  const regions: Region[] = [];
  const blockLines: BlockLine[] = [];
  const flow = new FlowTracker(regions, stats);
  const length = text.length;
  // Columns of the open block levels (indentation and `- ` entries).
  const stack: number[] = [];
  let quote = 0;
  let blockScalarParent = -2;
  // The last non-blank character scanned, and whether the token before the current one was a tag or an anchor.
  let lastChar = 0;
  let previousTokenIsProperty = false;
  let currentTokenIsProperty = false;
  let lineStart = 0;
  // Indentation of the block line where the open flow collection or quoted scalar started. The lexer ends a
  // flow collection at a line indented less than the key or `- ` before it; ending it at lines no deeper than the
  // opening line's indentation ends it at most where the lexer does, so the depth measured is never less.
  let openerIndent = 0;
  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = length;
    let contentEnd = lineEnd;
    if (contentEnd > lineStart && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
    const lineLength = contentEnd - lineStart;
    if (lineLength > stats.longestLine) stats.longestLine = lineLength;
    if (lineLength > MAX_YAML_LINE_LENGTH) {
      return { regions, blockLines, stats, refused: refusal(`Not analysed: a line is longer than ${MAX_YAML_LINE_LENGTH} characters (the limit for YAML).`, lineStart, contentEnd) };
    }
    let indent = 0;
    while (lineStart + indent < contentEnd && text.charCodeAt(lineStart + indent) === SPACE) indent++;
    let first = lineStart + indent;
    while (first < contentEnd && text.charCodeAt(first) === TAB) first++;
    const isBlank = first === contentEnd;
    let scanFrom = lineStart + indent;
    let isBlockLine = false;
    // For a block scalar: the column of the last `- ` entry marker on this line, if any.
    let lastMarkerColumn = -1;
    if (quote === 0 && flow.depth > 0 && !isBlank && indent <= openerIndent && text.charCodeAt(first) !== 35 /* # */) {
      // As the `yaml` lexer does: a line not indented past the block line that opened a flow collection ends every
      // open level (a lone closing bracket at that indentation excepted). CloudFormation reads such lines as
      // continuations; that reading (yaml-continuation.ts) is scanned again before it is parsed.
      const lead = text.charCodeAt(first);
      if (!(flow.depth === 1 && indent === openerIndent && (lead === 93 || lead === 125))) flow.terminate();
    }
    const isContinuation = quote !== 0 || flow.depth > 0;
    if (quote !== 0 && !isBlank && indent <= openerIndent && startsWithPlainKey(text, lineStart + indent, contentEnd)) {
      blockLines.push({ start: lineStart, indent, lead: text[lineStart + indent], isDocumentMarker: false, isSuspect: true });
    }
    if (!isContinuation) {
      if (blockScalarParent > -2) {
        if (isBlank || indent > blockScalarParent) {
          lineStart = lineEnd + 1;
          continue;
        }
        blockScalarParent = -2;
      }
      if (isBlank || text.charCodeAt(first) === 35 /* # */) {
        lineStart = lineEnd + 1;
        continue;
      }
      isBlockLine = true;
      const isDocumentMarker = indent === 0 && (text.startsWith('---', lineStart) || text.startsWith('...', lineStart)) && (contentEnd === lineStart + 3 || isBlankChar(text.charCodeAt(lineStart + 3)));
      blockLines.push({ start: lineStart, indent, lead: text[lineStart + indent], isDocumentMarker });
      if (isDocumentMarker) {
        stack.length = 0;
        scanFrom = lineStart + 3;
      } else {
        while (stack.length > 0 && stack[stack.length - 1] >= indent) stack.pop();
        stack.push(indent);
        let column = scanFrom;
        let overDeepAt = stack.length > MAX_BLOCK_DEPTH ? scanFrom : -1;
        // `- - - x` (and `? ? x`): each entry marker opens one more level on the same line.
        while (overDeepAt < 0 && (text.charCodeAt(column) === 45 /* - */ || text.charCodeAt(column) === 63 /* ? */) && (column + 1 === contentEnd || isBlankChar(text.charCodeAt(column + 1)))) {
          lastMarkerColumn = column - lineStart;
          column++;
          while (column < contentEnd && isBlankChar(text.charCodeAt(column))) column++;
          stack.push(column - lineStart);
          if (stack.length > MAX_BLOCK_DEPTH) overDeepAt = lastMarkerColumn + lineStart;
        }
        if (stack.length > stats.maxBlockDepth) stats.maxBlockDepth = stack.length;
        if (overDeepAt >= 0) {
          regions.push({ start: overDeepAt, end: contentEnd, isFlow: false });
          lineStart = lineEnd + 1;
          continue;
        }
        scanFrom = column;
      }
      lastChar = 0;
      currentTokenIsProperty = false;
    }
    let isAtTokenStart = true;
    let tokenStart = scanFrom;
    // True until the line's first value token (after any tag or anchor) has started.
    let isFirstValuePending = isBlockLine;
    // The outermost flow collection opened on this line stands alone (no key, no `- ` before it): the lexer
    // then takes the enclosing node's indentation, which this pass does not know, so it never ends it early.
    let isBareFlow = false;
    for (let index = scanFrom; index < contentEnd; index++) {
      const char = text.charCodeAt(index);
      if (quote === 39 /* ' */) {
        if (char === 39) {
          if (text.charCodeAt(index + 1) === 39) index++;
          else {
            quote = 0;
            lastChar = 39;
          }
        }
        continue;
      }
      if (quote === 34 /* " */) {
        if (char === 92 /* \ */) index++;
        else if (char === 34) {
          quote = 0;
          lastChar = 34;
        }
        continue;
      }
      if (char === SPACE || char === TAB) {
        isAtTokenStart = true;
        continue;
      }
      const isTokenStart = isAtTokenStart;
      isAtTokenStart = false;
      if (char === 35 /* # */ && isTokenStart) break;
      let isFirstValueToken = false;
      if (isTokenStart) {
        tokenStart = index;
        previousTokenIsProperty = currentTokenIsProperty;
        currentTokenIsProperty = char === 33 /* ! */ || char === 38 /* & */;
        // What lies inside a neutralised collection is never parsed, so it is not counted.
        if ((char === 38 || char === 42 /* * */) && !flow.isInsideOverDeep) stats.anchorsAndAliases++;
        isFirstValueToken = isFirstValuePending;
        isFirstValuePending = isFirstValuePending && currentTokenIsProperty;
      }
      // Where a quote or a bracket opens a construct: where a value starts (`it's` inside a plain scalar is no quote).
      const isValueStart =
        flow.depth > 0
          ? lastChar === 0 || lastChar === 91 || lastChar === 123 || lastChar === 44 || lastChar === 58 || lastChar === 63 || (isTokenStart && previousTokenIsProperty)
          : isTokenStart && (isFirstValueToken || lastChar === 58 /* : */ || lastChar === 63 /* ? */ || previousTokenIsProperty);
      if (char === 91 /* [ */ || char === 123 /* { */) {
        if (flow.depth === 0 && isValueStart) isBareFlow = isFirstValueToken && lastMarkerColumn < 0;
        if (flow.depth > 0 || isValueStart) flow.open(index);
      } else if (char === 93 /* ] */ || char === 125 /* } */) {
        if (flow.depth > 0) flow.close(index);
      } else if ((char === 39 || char === 34) && isValueStart) {
        quote = char;
      } else if (char === 44 /* , */) {
        flow.separator();
      } else if (char === 58 /* : */) {
        const next = index + 1 < contentEnd ? text.charCodeAt(index + 1) : SPACE;
        // After a quoted key (`"k":`) the flow key indicator needs no blank after it.
        const isKey = isBlankChar(next) || (flow.depth > 0 && (next === 44 || next === 93 || next === 125 || lastChar === 34 || lastChar === 39));
        if (isKey && !flow.isInsideOverDeep) {
          stats.keys++;
          flow.key(tokenStart);
        }
      } else if ((char === 124 /* | */ || char === 62 /* > */) && flow.depth === 0 && isValueStart && isBlockScalarHeader(text, index + 1, contentEnd)) {
        // Content lines are those indented past the node that owns the scalar: the `- ` entry, or the key.
        blockScalarParent = isFirstValueToken ? (lastMarkerColumn >= 0 ? lastMarkerColumn : indent - 1) : scanFrom - lineStart;
        break;
      }
      lastChar = char;
      if (stats.keys > MAX_KEYS) return { regions, blockLines, stats, refused: refusal(`Not analysed: more than ${MAX_KEYS} mapping keys.`, index, index + 1) };
      if (stats.anchorsAndAliases > MAX_ANCHORS_AND_ALIASES) {
        return { regions, blockLines, stats, refused: refusal(`Not analysed: more than ${MAX_ANCHORS_AND_ALIASES} YAML anchors and aliases.`, index, index + 1) };
      }
    }
    if (isBlockLine && (quote !== 0 || flow.depth > 0)) openerIndent = flow.depth > 0 && isBareFlow ? -1 : indent;
    if (flow.isInsideOverDeep) {
      // The parser will see the rest of this line as blank, and no quote left open by it.
      flow.endLine(contentEnd);
      quote = 0;
    }
    lineStart = lineEnd + 1;
  }
  return { regions, blockLines, stats };
}

/** `Key:` followed by a blank or the end of the line, with a plain key (letters, digits, `_-./`). */
function startsWithPlainKey(text: string, from: number, end: number): boolean {
  let index = from;
  while (index < end) {
    const char = text.charCodeAt(index);
    if ((char >= 48 && char <= 57) || (char >= 65 && char <= 90) || (char >= 97 && char <= 122) || char === 95 || char === 45 || char === 46 || char === 47) index++;
    else break;
  }
  return index > from && index < end && text.charCodeAt(index) === 58 && (index + 1 === end || isBlankChar(text.charCodeAt(index + 1)));
}

function isBlankChar(char: number): boolean {
  return char === SPACE || char === TAB || char === CR || char === LF || Number.isNaN(char);
}

/** After `|` or `>`: indentation and chomping indicators, then only blanks or a comment. */
function isBlockScalarHeader(text: string, from: number, end: number): boolean {
  let index = from;
  while (index < end && index - from < 3) {
    const char = text.charCodeAt(index);
    if (char === 43 /* + */ || char === 45 /* - */ || (char >= 48 && char <= 57)) index++;
    else break;
  }
  if (index < end && !isBlankChar(text.charCodeAt(index))) return false;
  while (index < end && isBlankChar(text.charCodeAt(index))) index++;
  return index === end || text.charCodeAt(index) === 35;
}

function scanJson(text: string): Scan {
  const stats = newStats();
  const regions: Region[] = [];
  const flow = new FlowTracker(regions, stats);
  const length = text.length;
  let lineLength = 0;
  for (let index = 0; index < length; index++) {
    const char = text.charCodeAt(index);
    if (char === LF) {
      if (lineLength > stats.longestLine) stats.longestLine = lineLength;
      lineLength = 0;
      if (flow.isInsideOverDeep) flow.endLine(index > 0 && text.charCodeAt(index - 1) === CR ? index - 1 : index);
      continue;
    }
    lineLength++;
    if (char === 34 /* " */) {
      // Strings never span lines in JSON; an unclosed one ends at the line's end, as jsonc-parser reads it.
      index++;
      while (index < length) {
        const inner = text.charCodeAt(index);
        if (inner === 92) index += 2;
        else if (inner === 34 || inner === LF) break;
        else index++;
      }
      if (index < length && text.charCodeAt(index) === LF) index--;
      lineLength = 0;
      continue;
    }
    if (char === 47 /* / */ && text.charCodeAt(index + 1) === 47) {
      const end = text.indexOf('\n', index);
      index = (end < 0 ? length : end) - 1;
      continue;
    }
    if (char === 47 && text.charCodeAt(index + 1) === 42 /* * */) {
      const end = text.indexOf('*/', index + 2);
      if (end < 0) break;
      // A block comment may span lines; an over-deep collection open before it still ends at its own line.
      const newline = text.indexOf('\n', index);
      if (flow.isInsideOverDeep && newline >= 0 && newline < end) flow.endLine(newline);
      index = end + 1;
      continue;
    }
    if (char === 91 || char === 123) flow.open(index);
    else if (char === 93 || char === 125) flow.close(index);
    else if (char === 58 && !flow.isInsideOverDeep) {
      stats.keys++;
      if (stats.keys > MAX_KEYS) return { regions, blockLines: [], stats, refused: refusal(`Not analysed: more than ${MAX_KEYS} object keys.`, index, index + 1) };
    }
  }
  if (lineLength > stats.longestLine) stats.longestLine = lineLength;
  if (flow.isInsideOverDeep) flow.endLine(length);
  return { regions, blockLines: [], stats };
}

/** Over-deep flow collections become a null of the same length; over-deep block lines become blank. Line breaks stay. */
function neutralise(text: string, regions: Region[], format: SyntaxFormat): string {
  if (regions.length === 0) return text;
  const parts: string[] = [];
  let cursor = 0;
  for (const region of regions) {
    // A region may start inside the one before it (a comma-less key whose token holds an over-deep bracket):
    // what is already neutral stays, so the text keeps its length.
    const start = Math.max(region.start, cursor);
    if (start >= region.end) continue;
    parts.push(text.slice(cursor, start));
    let blank = '';
    let lineStart = start;
    // Spaces for everything but LFs (a CR before one becomes a space too, which no parser minds).
    for (let newline = text.indexOf('\n', lineStart); newline >= 0 && newline < region.end; newline = text.indexOf('\n', lineStart)) {
      blank += ' '.repeat(newline - lineStart) + '\n';
      lineStart = newline + 1;
    }
    blank += ' '.repeat(region.end - lineStart);
    if (region.isFlow) {
      const nullText = format === 'json' ? (region.end - start >= 4 ? 'null' : '0') : '~';
      blank = nullText + blank.slice(nullText.length);
    }
    parts.push(blank);
    cursor = region.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/** One issue per neutralised part; neighbouring regions with only blanks between them (one per line) count as one. */
function issuesOf(text: string, regions: Region[]): ParseIssue[] {
  const issues: ParseIssue[] = [];
  let current: { start: number; end: number; isFlow: boolean } | undefined;
  const flush = () => {
    if (!current) return;
    const what = current.isFlow ? `Flow collections nested deeper than ${MAX_FLOW_DEPTH} levels` : `Block collections nested deeper than ${MAX_BLOCK_DEPTH} levels`;
    issues.push({ message: `${what}: this part was not analysed.`, range: { start: current.start, end: current.end }, severity: 'warning', kind: 'limit' });
  };
  for (const region of regions) {
    if (current && current.isFlow === region.isFlow && isBlankBetween(text, current.end, region.start)) current.end = region.end;
    else {
      flush();
      current = { ...region };
    }
  }
  flush();
  return issues;
}

function isBlankBetween(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) {
    const char = text.charCodeAt(index);
    if (char !== SPACE && char !== TAB && char !== LF && char !== CR && char !== 93 && char !== 125) return false;
  }
  return true;
}
