/**
 * Re-parses a YAML document after an edit by parsing only the pieces whose text
 * changed. The document is cut into segments at its top-level keys and at the
 * entries of its big maps (`Resources`, `functions`, `resources.Resources`); each
 * segment is parsed on its own and kept, keyed by its text, for the next version.
 * A keystroke inside one resource then re-parses that resource alone.
 *
 * The result must be the tree a full parse gives (a test compares both on every
 * step of typing sessions over the corpus). Whenever the cut is not certain to be
 * equivalent (anchors and aliases, tabs, directives, lines that continue a value at
 * the top level, a segment that does not parse cleanly into one entry), it falls
 * back to the full parse, which also owns error recovery and the input limits.
 */
import type { MapEntry, MapNode, ParsedDocument, ScalarNode, SourceNode, TextRange } from '../types';
import { MAX_DOCUMENT_LENGTH } from '../limits';
import { parseDocument, syntaxOf } from './index';
import { prescan } from './prescan';
import { parseYaml } from './yaml';

/** Maps whose entries are cut into their own segments: `Resources` of a template, `functions` of a service. */
const SPLIT_AT_ROOT = new Set(['Resources', 'functions', 'Conditions', 'Outputs', 'Parameters']);
/** Serverless `resources:` holds a CloudFormation fragment whose `Resources` map is cut as well. */
const SPLIT_UNDER_SERVERLESS_RESOURCES = new Set(['Resources', 'Outputs', 'Conditions']);
/** Documents with fewer lines are parsed whole: the cut would save nothing. */
const MIN_LINES_TO_SPLIT = 200;

/** A parsed segment: its tree with offsets relative to the segment's start. */
interface SegmentParse {
  /** The tree with offsets relative to the segment's start. */
  entry: MapEntry;
  /** The tree moved to where the segment last stood; reused as is while it stays there. */
  placed?: { start: number; entry: MapEntry };
}

interface PlacedEntry {
  entry: MapEntry;
  /** Where the enclosing map ends when this is its last entry. */
  mapEnd: number;
}

interface SegmentCache {
  segments: Map<string, SegmentParse>;
}

/** The segment cache that produced each parse; kept beside the parse, never inside it. */
const cacheOf = new WeakMap<ParsedDocument, SegmentCache>();

/** Statistics for tests and the benchmark: how the last call was served. */
export interface IncrementalStats {
  mode: 'full' | 'segments';
  segments: number;
  reused: number;
  reason?: string;
}

export let lastIncrementalStats: IncrementalStats = { mode: 'full', segments: 0, reused: 0 };

/**
 * Parses `text`, reusing the segments of `previous` (an earlier version of the
 * same document) whose text is unchanged. Gives the same tree as `parseDocument`.
 */
export function parseDocumentReusing(path: string, text: string, previous?: ParsedDocument, options: { minLines?: number } = {}): ParsedDocument {
  if (syntaxOf(path, text) !== 'yaml') return full(path, text, 'not YAML');
  // The document-wide gates come first, exactly as in parseDocument: a segment's own scan cannot see
  // the file's size, its total of keys or aliases, or a region the whole-text scan would neutralise.
  if (text.length > MAX_DOCUMENT_LENGTH || text.includes('\u0000')) return full(path, text, 'refused by the document limits');
  const scanned = prescan(text, 'yaml');
  if (scanned.refused || scanned.issues.length > 0 || scanned.text !== text) return full(path, text, 'the pre-scan limits apply');
  const planned = planSegments(text, options.minLines ?? MIN_LINES_TO_SPLIT);
  if (typeof planned === 'string') return full(path, text, planned);
  const plan = planned.segments;
  const oldSegments = previous ? cacheOf.get(previous)?.segments : undefined;
  const segments = new Map<string, SegmentParse>();
  let reused = 0;
  const parseSegment = (start: number, end: number): MapEntry | undefined => {
    const segmentText = text.slice(start, end);
    let parsed = segments.get(segmentText) ?? oldSegments?.get(segmentText);
    if (parsed) reused++;
    else {
      parsed = parseSingleEntry(segmentText);
      if (!parsed) return undefined;
    }
    segments.set(segmentText, parsed);
    // Segments before an edit keep their offsets: their trees are shared with the previous version.
    if (parsed.placed?.start !== start) parsed.placed = { start, entry: shiftEntry(parsed.entry, start) };
    return parsed.placed.entry;
  };
  /** A segment, or a map whose entries are segments: `Key:` alone on its line, then the entries. */
  const assemble = (segment: PlannedSegment): PlacedEntry | undefined => {
    if (!segment.children) {
      const entry = parseSegment(segment.start, segment.end);
      return entry && { entry, mapEnd: Math.max(entry.range.end, tailCommentEnd(segment, segment.indent)) };
    }
    const header = parseSegment(segment.start, segment.children[0].start);
    if (!header || !isEmptyValue(header.value)) return undefined;
    const children: PlacedEntry[] = [];
    for (const child of segment.children) {
      const placed = assemble(child);
      if (!placed) return undefined;
      children.push(placed);
    }
    const last = children[children.length - 1];
    // Comments after the last entry that are indented deeper than the entries extend this map.
    const lastChild = segment.children[segment.children.length - 1];
    const valueEnd = Math.max(last.entry.range.end, tailCommentEnd(lastChild, segment.childIndent!));
    const value: MapNode = { kind: 'map', entries: children.map((child) => child.entry), isFlow: false, range: { start: children[0].entry.range.start, end: valueEnd } };
    const entry: MapEntry = { key: header.key, value, range: { start: header.key.range.start, end: Math.max(value.range.end, header.key.range.end) } };
    return { entry, mapEnd: Math.max(entry.range.end, tailCommentEnd(segment, segment.indent)) };
  };

  const rootEntries: PlacedEntry[] = [];
  for (const top of plan) {
    const placed = assemble(top);
    if (!placed) return full(path, text, 'a segment did not parse cleanly');
    rootEntries.push(placed);
  }
  const rootEnd = rootEntries[rootEntries.length - 1].mapEnd;
  const root: MapNode = { kind: 'map', entries: rootEntries.map((placed) => placed.entry), isFlow: false, range: { start: rootEntries[0].entry.range.start, end: rootEnd } };
  const parsed: ParsedDocument = { path, text, format: 'yaml', root, issues: [] };
  cacheOf.set(parsed, { segments });
  lastIncrementalStats = { mode: 'segments', segments: segments.size, reused };
  return parsed;
}

/**
 * Comments after the last content extend the open block maps as the YAML parser
 * does: once one of them is indented deeper than a map's entries, that map runs to
 * the end of the last comment; comments at the map's own indent or less do not.
 */
function tailCommentEnd(segment: PlannedSegment, deeperThan: number): number {
  if (!segment.tailComments.some((comment) => comment.indent > deeperThan)) return -1;
  return Math.max(...segment.tailComments.map((comment) => comment.end));
}

function full(path: string, text: string, reason: string): ParsedDocument {
  lastIncrementalStats = { mode: 'full', segments: 0, reused: 0, reason };
  return parseDocument(path, text);
}

/** Parses a segment that must hold exactly one map entry and no error. */
function parseSingleEntry(segmentText: string): SegmentParse | undefined {
  const { root, issues } = parseYaml(segmentText);
  if (issues.length > 0 || !root || root.kind !== 'map' || root.isFlow || root.entries.length !== 1) return undefined;
  return { entry: root.entries[0] };
}

// ---------------------------------------------------------------------------
// Cutting the text into segments (one linear pass over its lines)
// ---------------------------------------------------------------------------

interface PlannedSegment {
  start: number;
  end: number;
  /** The indent of this segment's key line. */
  indent: number;
  /** Set for a map whose entries are segments of their own; `start` is then the header line. */
  children?: PlannedSegment[];
  /** The indent of the entries in `children`. */
  childIndent?: number;
  /** Comments after the segment's last line of content: they can extend the ranges of the maps that end there. */
  tailComments: Array<{ indent: number; end: number }>;
}

interface Line {
  start: number;
  /** Offset after the line break (or the text's end). */
  next: number;
  indent: number;
  /** Blank or comment only. */
  isNeutral: boolean;
  isComment: boolean;
  /** The end of the line's text, without trailing spaces and line break. */
  contentEnd: number;
  /** `key:` (optionally with a value) at its indent. */
  key?: string;
  /** Nothing but a comment after `key:`. */
  opensBlock: boolean;
}

/** The segments of `text`, or the reason it must be parsed whole. */
function planSegments(text: string, minLines: number): { segments: PlannedSegment[] } | string {
  if (text.includes('\t')) return 'tabs';
  const lines = linesOf(text);
  if (typeof lines === 'string') return lines;
  if (lines.length < minLines) return 'small document';
  const tops = siblings(lines, 0, lines.length, 0);
  if (typeof tops === 'string') return tops;
  if (tops.length === 0) return 'no top-level keys';
  const isServerless = tops.some((top) => top.key === 'service') && tops.some((top) => top.key === 'provider');
  const plan: PlannedSegment[] = [];
  for (const top of tops) {
    const segment = planned(lines, top);
    if (SPLIT_AT_ROOT.has(top.key) || (isServerless && top.key === 'resources')) {
      const children = childrenOf(lines, top);
      if (typeof children === 'string') return children;
      if (children) {
        segment.children = children.entries.map((child) => planned(lines, child));
        segment.childIndent = children.indent;
        if (isServerless && top.key === 'resources') {
          for (let i = 0; i < children.entries.length; i++) {
            const child = children.entries[i];
            if (!SPLIT_UNDER_SERVERLESS_RESOURCES.has(child.key)) continue;
            const grand = childrenOf(lines, child);
            if (typeof grand === 'string') return grand;
            if (!grand) continue;
            segment.children[i].children = grand.entries.map((entry) => planned(lines, entry));
            segment.children[i].childIndent = grand.indent;
          }
        }
      }
    }
    plan.push(segment);
  }
  return { segments: plan };
}

interface Sibling {
  key: string;
  /** Index of the key line. */
  first: number;
  /** Index after the last line that belongs to it. */
  last: number;
}

function planned(lines: Line[], sibling: Sibling): PlannedSegment {
  const tailComments: PlannedSegment['tailComments'] = [];
  for (let index = sibling.last - 1; index > sibling.first && lines[index].isNeutral; index--) {
    if (lines[index].isComment) tailComments.push({ indent: lines[index].indent, end: lines[index].contentEnd });
  }
  return { start: lines[sibling.first].start, end: lines[sibling.last - 1].next, indent: lines[sibling.first].indent, tailComments };
}

/** The entries at `indent` among lines [from, to): every non-neutral line at that indent must be a key. */
function siblings(lines: Line[], from: number, to: number, indent: number): Sibling[] | string {
  const result: Sibling[] = [];
  for (let index = from; index < to; index++) {
    const line = lines[index];
    if (line.isNeutral) continue;
    if (line.indent < indent) return 'a line continues a value below its indent';
    if (line.indent > indent) {
      if (result.length === 0) return 'the first entry is indented';
      continue;
    }
    if (line.key === undefined) return 'a line at the top of a map is not a key';
    if (result.length > 0) result[result.length - 1].last = index;
    result.push({ key: line.key, first: index, last: to });
  }
  return result;
}

/** The entries of a block map opened by `Key:` alone on its line, or undefined when it is not one. */
function childrenOf(lines: Line[], parent: Sibling): { entries: Sibling[]; indent: number } | undefined | string {
  const header = lines[parent.first];
  if (!header.opensBlock) return undefined;
  let firstChild = parent.first + 1;
  while (firstChild < parent.last && lines[firstChild].isNeutral) firstChild++;
  if (firstChild >= parent.last) return undefined;
  const indent = lines[firstChild].indent;
  if (indent <= header.indent || lines[firstChild].key === undefined) return undefined;
  const entries = siblings(lines, firstChild, parent.last, indent);
  if (typeof entries === 'string') return entries;
  return { entries, indent };
}

const KEY_LINE = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[A-Za-z0-9_$][^:#{}[\],&*!|>'"%@`]*?)[ ]*:(?=[ \r]|$)/;

/** Keys deeper than this are never cut at, so their lines are not read closely. */
const MAX_CUT_INDENT = 16;
const ANCHOR_OR_ALIAS = /(^|[\s[{,])[&*][^\s,\]}]/m;

function linesOf(text: string): Line[] | string {
  if (/\r(?!\n)/.test(text)) return 'a bare carriage return';
  if (ANCHOR_OR_ALIAS.test(text)) return 'anchors or aliases';
  const lines: Line[] = [];
  for (let start = 0; start < text.length; ) {
    let newline = text.indexOf('\n', start);
    if (newline < 0) newline = text.length;
    let indent = start;
    while (indent < newline && text.charCodeAt(indent) === 32) indent++;
    let contentEnd = newline;
    while (contentEnd > indent && isSpaceOrReturn(text.charCodeAt(contentEnd - 1))) contentEnd--;
    const isComment = text.charCodeAt(indent) === 35; // '#'
    const isNeutral = isComment || contentEnd === indent;
    const line: Line = { start, next: Math.min(newline + 1, text.length), indent: indent - start, isNeutral, isComment, contentEnd, opensBlock: false };
    if (!isNeutral && indent - start <= MAX_CUT_INDENT) {
      const body = text.slice(indent, contentEnd);
      if (indent === start && (body.startsWith('---') || body.startsWith('...') || body.startsWith('%'))) return 'document markers or directives';
      const key = KEY_LINE.exec(body);
      if (key) {
        const rawKey = key[0].slice(0, key[0].lastIndexOf(':')).trimEnd();
        line.key = rawKey.startsWith('"') || rawKey.startsWith("'") ? rawKey.slice(1, -1) : rawKey;
        const rest = body.slice(key[0].length).trim();
        line.opensBlock = rest === '' || rest.startsWith('#');
      }
    }
    lines.push(line);
    start = newline + 1;
  }
  return lines;
}

function isSpaceOrReturn(code: number): boolean {
  return code === 32 || code === 13;
}

// ---------------------------------------------------------------------------
// Moving a parsed segment to its place in the document
// ---------------------------------------------------------------------------

function shiftRange(range: TextRange, by: number): TextRange {
  return { start: range.start + by, end: range.end + by };
}

function shiftEntry(entry: MapEntry, by: number): MapEntry {
  return { key: shiftNode(entry.key, by) as ScalarNode, value: entry.value ? shiftNode(entry.value, by) : null, range: shiftRange(entry.range, by) };
}

function shiftNode(node: SourceNode, by: number): SourceNode {
  const base = node.shortTag === undefined ? {} : { shortTag: node.shortTag };
  switch (node.kind) {
    case 'scalar':
      return { ...base, kind: 'scalar', value: node.value, isQuoted: node.isQuoted, range: shiftRange(node.range, by) };
    case 'seq':
      return { ...base, kind: 'seq', items: node.items.map((item) => shiftNode(item, by)), isFlow: node.isFlow, range: shiftRange(node.range, by) };
    case 'map':
      return { ...base, kind: 'map', entries: node.entries.map((entry) => shiftEntry(entry, by)), isFlow: node.isFlow, range: shiftRange(node.range, by) };
  }
}

/** `Key:` with nothing after it reads as a null scalar. */
function isEmptyValue(value: SourceNode | null): boolean {
  return value === null || (value.kind === 'scalar' && value.value === null && !value.isQuoted);
}
