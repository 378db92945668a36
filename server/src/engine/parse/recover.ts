/**
 * Segment recovery for YAML documents with syntax errors: the document is
 * read again in parts (each top-level key, and each entry of the big maps such
 * as `Resources:` and `functions:`), every part parsed once on its own with its
 * offsets kept, and one tree is assembled from them. A broken part keeps what
 * its own parse could read and gives one issue; it can no longer swallow the
 * parts after it, as one unclosed bracket does in a whole-document parse.
 */
import type { MapEntry, MapNode, ParseIssue, ScalarNode, SourceNode, TextRange } from '../types';
import type { BlockLine } from './prescan';

/** Maps whose entries are parsed one by one: CloudFormation and SAM sections, and the Serverless Framework's big maps. */
const SPLIT_KEYS = new Set(['Resources', 'Outputs', 'Parameters', 'Conditions', 'Mappings', 'Globals', 'functions', 'resources', 'provider', 'custom', 'layers', 'stepFunctions', 'stateMachines']);

interface SegmentParse {
  root: SourceNode | null;
  issues: ParseIssue[];
  isClean: boolean;
}

type ParseSegment = (text: string, anchors: Map<string, SourceNode>) => SegmentParse;

interface Segment {
  /** Index in `blockLines` of the segment's first line. */
  line: number;
  start: number;
  end: number;
}

/**
 * Returns the assembled tree, or undefined when the document has no block
 * mapping at its root (a sequence, a scalar, a flow map): then the whole-document
 * parse stands.
 */
export function recoverBySegments(
  text: string,
  blockLines: BlockLine[],
  parseSegment: ParseSegment,
  wholeIssues: readonly ParseIssue[],
): { root: SourceNode | null; issues: ParseIssue[] } | undefined {
  // The first document only, as the whole-document parse reads it.
  let first = 0;
  while (first < blockLines.length && (blockLines[first].isDocumentMarker || blockLines[first].lead === '%')) first++;
  let last = first;
  while (last < blockLines.length && !blockLines[last].isDocumentMarker) last++;
  if (first >= last) return undefined;
  const top = blockLines[first];
  if (top.indent !== 0 || !isKeyLead(top.lead)) return undefined;
  const end = last < blockLines.length ? blockLines[last].start : text.length;
  const state: RecoveryState = { text, blockLines, parseSegment, wholeIssues, issues: [], anchors: new Map(), shifted: new Set() };
  const entries = readEntries(state, first, last, 0, end);
  if (entries.length === 0) return undefined;
  // The whole-document parse found an error; if no segment shows one (a cut that made it read as valid), its first
  // error stays, so a broken file never looks clean.
  if (!state.issues.some((issue) => issue.kind === 'syntax')) {
    const firstError = wholeIssues.find((issue) => issue.kind === 'syntax');
    if (firstError) state.issues.push(firstError);
  }
  const root: MapNode = { kind: 'map', isFlow: false, entries, range: { start: entries[0].range.start, end: entries[entries.length - 1].range.end } };
  return { root, issues: state.issues };
}

interface RecoveryState {
  text: string;
  blockLines: BlockLine[];
  parseSegment: ParseSegment;
  /** The whole-document parse's issues, for a segment that reads as valid on its own but is no entry. */
  wholeIssues: readonly ParseIssue[];
  issues: ParseIssue[];
  /** Anchors of the segments read so far, for aliases in later ones. */
  anchors: Map<string, SourceNode>;
  /** Range objects already moved to document offsets (a node reached through an alias is moved once). */
  shifted: Set<TextRange>;
}

/** The entries of the block map whose keys are the lines in [from, to) indented by `indent`. */
function readEntries(state: RecoveryState, from: number, to: number, indent: number, end: number): MapEntry[] {
  const segments: Segment[] = [];
  for (let index = from; index < to; index++) {
    const line = state.blockLines[index];
    if (line.indent === indent && isKeyLead(line.lead)) {
      if (segments.length > 0) segments[segments.length - 1].end = line.start;
      segments.push({ line: index, start: line.start, end });
    }
  }
  const entries: MapEntry[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const lineLimit = index + 1 < segments.length ? segments[index + 1].line : to;
    const split = splitHeader(state, segment, lineLimit, indent);
    if (split) entries.push(split);
    else entries.push(...readLeaf(state, segment));
  }
  return entries;
}

/**
 * A `Resources:` line with nothing after it, and its entries below: each
 * entry is read on its own. Returns undefined for any other segment.
 */
function splitHeader(state: RecoveryState, segment: Segment, lineLimit: number, indent: number): MapEntry | undefined {
  const line = state.blockLines[segment.line];
  const header = headerKey(state.text, line.start + indent);
  if (!header || !SPLIT_KEYS.has(header.value)) return undefined;
  const childLine = segment.line + 1;
  if (childLine >= lineLimit) return undefined;
  const childIndent = state.blockLines[childLine].indent;
  if (childIndent <= indent || !isKeyLead(state.blockLines[childLine].lead)) return undefined;
  const entries = readEntries(state, childLine, lineLimit, childIndent, segment.end);
  const key: ScalarNode = { kind: 'scalar', value: header.value, isQuoted: false, range: header.range };
  if (entries.length === 0) return { key, value: null, range: header.range };
  const value: MapNode = { kind: 'map', isFlow: false, entries, range: { start: entries[0].range.start, end: entries[entries.length - 1].range.end } };
  return { key, value, range: { start: header.range.start, end: value.range.end } };
}

/** `Key:` alone on its line (a comment may follow), with a plain key. */
function headerKey(text: string, start: number): { value: string; range: TextRange } | undefined {
  let index = start;
  while (index < text.length && isPlainKeyChar(text.charCodeAt(index))) index++;
  if (index === start || text.charCodeAt(index) !== 58 /* : */) return undefined;
  const keyEnd = index;
  index++;
  while (index < text.length && (text.charCodeAt(index) === 32 || text.charCodeAt(index) === 9 || text.charCodeAt(index) === 13)) index++;
  if (index < text.length && text.charCodeAt(index) !== 10 && text.charCodeAt(index) !== 35 /* # */) return undefined;
  return { value: text.slice(start, keyEnd), range: { start, end: keyEnd } };
}

function isPlainKeyChar(char: number): boolean {
  return (char >= 48 && char <= 57) || (char >= 65 && char <= 90) || (char >= 97 && char <= 122) || char === 95 || char === 45 || char === 46;
}

/** A line that can start a mapping entry (not a sequence entry, a comment, a directive or a flow collection). */
function isKeyLead(lead: string | undefined): boolean {
  return lead !== undefined && lead !== '-' && lead !== '#' && lead !== '%' && lead !== '[' && lead !== '{' && lead !== '?';
}

/** Parses one segment on its own; a broken one keeps what it could read and gives one issue. */
/**
 * A broken entry larger than this is left out instead of parsed again: the `yaml` library costs
 * about 2 us per byte of a long flow collection, so a second parse of a 400 KB broken line doubled
 * a 1 s parse. No real entry comes near it (the corpus's longest line is 7.8 KB).
 */
const MAX_REPARSED_BROKEN_ENTRY = 128 * 1024;

function readLeaf(state: RecoveryState, segment: Segment): MapEntry[] {
  if (segment.end - segment.start > MAX_REPARSED_BROKEN_ENTRY) {
    const there = state.wholeIssues.find((issue) => issue.kind === 'syntax' && issue.range.start >= segment.start && issue.range.start < segment.end);
    if (there) {
      const size = Math.round((segment.end - segment.start) / 1024);
      state.issues.push({ ...there, range: { ...there.range }, message: `${there.message} (this ${size} KB entry was left out of the analysis)` });
      return [];
    }
  }
  const parsed = state.parseSegment(state.text.slice(segment.start, segment.end), state.anchors);
  shiftTree(parsed.root, segment.start, state.shifted);
  let hasSyntaxIssue = false;
  // An error the parser places after the segment's last character (an unclosed bracket found out at the end)
  // is shown on that character, on the broken line, not on the next entry's line.
  let lastCharEnd = segment.end;
  while (lastCharEnd > segment.start && isBlank(state.text.charCodeAt(lastCharEnd - 1))) lastCharEnd--;
  for (const issue of parsed.issues) {
    const start = Math.min(issue.range.start + segment.start, Math.max(segment.start, lastCharEnd - 1));
    issue.range = { start, end: Math.max(start, Math.min(issue.range.end + segment.start, lastCharEnd)) };
    // One syntax issue per broken segment: the first error says where; the ones after it mostly echo it.
    if (issue.kind === 'syntax') {
      if (hasSyntaxIssue) continue;
      hasSyntaxIssue = true;
    }
    state.issues.push(issue);
  }
  if (parsed.root && parsed.root.kind === 'map' && !parsed.root.isFlow) return parsed.root.entries;
  // A segment that is no `key: value` entry (a stray scalar line at the top level): the whole parse's error there.
  if (!hasSyntaxIssue) {
    const there = state.wholeIssues.find((issue) => issue.kind === 'syntax' && issue.range.start >= segment.start && issue.range.start < segment.end);
    state.issues.push(there ?? { message: 'Expected a `key: value` entry here.', range: { start: segment.start, end: Math.max(segment.start, lastCharEnd) }, severity: 'error', kind: 'syntax' });
  }
  return [];
}

function isBlank(char: number): boolean {
  return char === 32 || char === 9 || char === 10 || char === 13;
}

/** Moves a segment's ranges (offsets in the segment) to offsets in the document, each range object once. */
function shiftTree(root: SourceNode | null, offset: number, shifted: Set<TextRange>): void {
  if (!root) return;
  const shift = (range: TextRange) => {
    if (shifted.has(range)) return;
    shifted.add(range);
    range.start += offset;
    range.end += offset;
  };
  const stack: SourceNode[] = [root];
  const visited = new Set<SourceNode>();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visited.has(node)) continue;
    visited.add(node);
    shift(node.range);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        shift(entry.range);
        stack.push(entry.key);
        if (entry.value) stack.push(entry.value);
      }
    } else if (node.kind === 'seq') for (const item of node.items) stack.push(item);
  }
}
