/**
 * Re-parses a YAML document after an edit by parsing only the pieces whose text
 * changed. The document is cut into segments at its top-level keys and at the
 * entries of its big maps (`Resources`, `functions`, `resources.Resources`); each
 * segment is parsed on its own and kept, keyed by its text, for the next version.
 * A keystroke inside one resource then re-parses that resource alone; and when the
 * resource was there before the edit (its key line is unchanged), only the part of
 * it that changed: the resource is cut again at its own keys, and deeper where a key
 * opens a block map, and the unchanged parts come from the previous version's
 * parse of that resource.
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
  /** When it was assembled from its parts: those parts by text, for the next edit of the same segment. */
  parts?: Map<string, SegmentParse>;
}

/** Where parsed segments are looked up (the previous version's) and kept (this version's). */
interface SegmentScope {
  old?: ReadonlyMap<string, SegmentParse>;
  next: Map<string, SegmentParse>;
  /** `old` by first line (the key line), built when an edited segment first needs it. */
  oldByKeyLine?: Map<string, SegmentParse>;
}

/** Parts are cut this many levels below a resource or function at most (a key line deeper than MAX_CUT_INDENT is never read anyway). */
const MAX_PART_DEPTH = 6;

interface SegmentCache {
  segments: Map<string, SegmentParse>;
  /** The parser's answers of `mapEnd`, by level, headers and last leaf: relative to the leaf's start, or null. */
  mapEnds: Map<string, number | null>;
}

/** The segment cache that produced each parse; kept beside the parse, never inside it. */
const cacheOf = new WeakMap<ParsedDocument, SegmentCache>();

/** Statistics for tests and the benchmark: how the last call was served. */
export interface IncrementalStats {
  mode: 'full' | 'segments';
  segments: number;
  reused: number;
  /** Texts given to the YAML parser: whole segments, and the parts of an edited one. */
  parsed: number;
  reason?: string;
}

export let lastIncrementalStats: IncrementalStats = { mode: 'full', segments: 0, reused: 0, parsed: 0 };

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
  const cut = planSegments(text, options.minLines ?? MIN_LINES_TO_SPLIT);
  if (typeof cut === 'string') return full(path, text, cut);
  const { segments: plan, lines } = cut;
  const previousCache = previous ? cacheOf.get(previous) : undefined;
  const top: SegmentScope = { old: previousCache?.segments, next: new Map() };
  const mapEnds = new Map<string, number | null>();
  let reused = 0;
  let parsedTexts = 0;

  /** One segment's entry: reused when its text is unchanged, else parsed (by parts when it is an edited version of one). */
  const parseSegment = (segment: PlannedSegment, end: number, scope: SegmentScope, depth: number, ancestors: readonly PlannedSegment[]): MapEntry | undefined => {
    const segmentText = text.slice(segment.start, end);
    let parsed = scope.next.get(segmentText) ?? scope.old?.get(segmentText);
    if (parsed) {
      if (scope === top) reused++;
    } else {
      const before = depth < MAX_PART_DEPTH && end === segment.end ? previousVersionOf(scope, segmentText) : undefined;
      parsed = (before && parseByParts(segment, before, depth, ancestors)) ?? parseSingleEntry(segmentText);
      if (!parsed) return undefined;
      if (!parsed.parts) parsedTexts++;
    }
    scope.next.set(segmentText, parsed);
    // Segments before an edit keep their offsets: their trees are shared with the previous version.
    if (parsed.placed?.start !== segment.start) parsed.placed = { start: segment.start, entry: shiftEntry(parsed.entry, segment.start) };
    return parsed.placed.entry;
  };

  /**
   * An edited segment assembled from its parts (its key line, then its entries), each reused from the
   * previous version's parts when its text is unchanged. Undefined when the segment is not a block map
   * of keys: it is then parsed whole.
   */
  const parseByParts = (segment: PlannedSegment, before: SegmentParse, depth: number, ancestors: readonly PlannedSegment[]): SegmentParse | undefined => {
    const children = childrenOf(lines, { key: '', first: segment.firstLine, last: segment.lastLine });
    if (!children || typeof children === 'string') return undefined;
    const split: PlannedSegment = { ...segment, children: children.entries.map((child) => planned(lines, child)), childIndent: children.indent };
    const scope: SegmentScope = { old: before.parts, next: new Map() };
    const entry = assemble(split, scope, depth + 1, ancestors);
    if (!entry) return undefined;
    return { entry: shiftEntry(entry, -segment.start), placed: { start: segment.start, entry }, parts: scope.next };
  };

  /** A segment, or a map whose entries are segments: `Key:` alone on its line, then the entries. */
  const assemble = (segment: PlannedSegment, scope: SegmentScope, depth: number, ancestors: readonly PlannedSegment[]): MapEntry | undefined => {
    if (!segment.children) return parseSegment(segment, segment.end, scope, depth, ancestors);
    const header = parseSegment(segment, segment.children[0].start, scope, MAX_PART_DEPTH, ancestors);
    if (!header || !isEmptyValue(header.value)) return undefined;
    const chain = [...ancestors, segment];
    const entries: MapEntry[] = [];
    for (const child of segment.children) {
      const entry = assemble(child, scope, depth, chain);
      if (!entry) return undefined;
      entries.push(entry);
    }
    const end = mapEnd(chain, entries[entries.length - 1]);
    if (end === undefined) return undefined;
    const value: MapNode = { kind: 'map', entries, isFlow: false, range: { start: entries[0].range.start, end } };
    return { key: header.key, value, range: { start: header.key.range.start, end: Math.max(value.range.end, header.key.range.end) } };
  };

  /**
   * Where the map of the last segment of `chain` ends (the root map for an empty chain), given its last
   * entry: where that entry ends, when it ends where the last line of content does and no comment
   * follows. Otherwise the parser's rules decide: comments (after the value on its line, or on lines
   * below) may extend the map, depending on their indents and on the collections they close on the
   * way, and the parser ends a map at the colon of an empty last value. Rather than model them, the
   * parser is asked: it reads the headers of the chain and the last leaf with its comments, and its
   * map at that level ends where the real one does.
   */
  const mapEnd = (chain: readonly PlannedSegment[], last: MapEntry): number | undefined => {
    let leaf = chain.length === 0 ? plan[plan.length - 1] : chain[chain.length - 1].children![chain[chain.length - 1].children!.length - 1];
    if (leaf.tailComments.length === 0 && last.range.end === leaf.lastContentEnd && !endsWithEmptyValue(last)) return last.range.end;
    const headers: string[] = chain.map((segment) => text.slice(segment.start, segment.children![0].start));
    while (leaf.children) {
      headers.push(text.slice(leaf.start, leaf.children[0].start));
      leaf = leaf.children[leaf.children.length - 1];
    }
    const prefix = headers.join('');
    const leafText = text.slice(leaf.start, leaf.end);
    // Asked once per layout: the last resource's comment is there on every keystroke elsewhere.
    const key = `${chain.length}\u0000${prefix}\u0000${leafText}`;
    let relative = mapEnds.get(key) ?? previousCache?.mapEnds.get(key);
    if (relative === undefined) relative = mapEndInLeaf(prefix, leafText, chain.length);
    mapEnds.set(key, relative);
    return relative === null ? undefined : leaf.start + relative;
  };

  const rootEntries: MapEntry[] = [];
  for (const segment of plan) {
    const entry = assemble(segment, top, 0, []);
    if (!entry) return full(path, text, 'a segment did not parse cleanly');
    rootEntries.push(entry);
  }
  const rootEnd = mapEnd([], rootEntries[rootEntries.length - 1]);
  if (rootEnd === undefined) return full(path, text, 'the comments at the end could not be placed');
  const root: MapNode = { kind: 'map', entries: rootEntries, isFlow: false, range: { start: rootEntries[0].range.start, end: rootEnd } };
  const parsed: ParsedDocument = { path, text, format: 'yaml', root, issues: [] };
  cacheOf.set(parsed, { segments: top.next, mapEnds });
  lastIncrementalStats = { mode: 'segments', segments: top.next.size, reused, parsed: parsedTexts };
  return parsed;
}

/** Where the map `levels` deep ends in `prefix + leafText`, relative to the leaf's start; null when the parser cannot say. */
function mapEndInLeaf(prefix: string, leafText: string, levels: number): number | null {
  const mini = parseYaml(prefix + leafText);
  if (mini.issues.length > 0 || !mini.root || mini.root.kind !== 'map') return null;
  let map: SourceNode = mini.root;
  for (let level = 0; level < levels; level++) {
    const value: SourceNode | null | undefined = map.kind === 'map' ? map.entries[map.entries.length - 1]?.value : undefined;
    if (!value || value.kind !== 'map') return null;
    map = value;
  }
  return map.range.end < prefix.length ? null : map.range.end - prefix.length;
}

/**
 * The previous version of an edited segment: the old segment with the same key line. Only its parts'
 * texts are reused, each for an identical text, so a wrong guess (two entries with one key line)
 * costs parsing, never a different tree.
 */
function previousVersionOf(scope: SegmentScope, segmentText: string): SegmentParse | undefined {
  if (!scope.old) return undefined;
  if (!scope.oldByKeyLine) {
    scope.oldByKeyLine = new Map();
    for (const [text, parse] of scope.old) scope.oldByKeyLine.set(keyLineOf(text), parse);
  }
  return scope.oldByKeyLine.get(keyLineOf(segmentText));
}

function keyLineOf(segmentText: string): string {
  const newline = segmentText.indexOf('\n');
  return newline < 0 ? segmentText : segmentText.slice(0, newline);
}

function full(path: string, text: string, reason: string): ParsedDocument {
  lastIncrementalStats = { mode: 'full', segments: 0, reused: 0, parsed: 1, reason };
  return parseDocument(path, text);
}

/** Parses a segment that must hold exactly one map entry and no error. */
function parseSingleEntry(segmentText: string): SegmentParse | undefined {
  if (hasUnderIndentedContinuation(segmentText)) return undefined;
  const { root, issues } = parseYaml(segmentText);
  if (issues.length > 0 || !root || root.kind !== 'map' || root.isFlow || root.entries.length !== 1) return undefined;
  return { entry: root.entries[0] };
}

/**
 * A line that is not a key or a sequence item, under a `key: plain scalar` line and indented no
 * deeper than that key: in the document it ends the scalar (a syntax error while the user types a
 * new key), but in a segment cut out at a deeper indent the parser reads it as the scalar's next
 * line, with no error. Such a segment is not parsed on its own. Block scalars, flow collections and
 * quoted scalars open no plain scalar, and their lines are skipped.
 */
function hasUnderIndentedContinuation(segmentText: string): boolean {
  /** The indent of the key whose plain scalar is open, or -1. */
  let plainKeyIndent = -1;
  /** The indent of the key of an open block scalar (`|`, `>`), or -1: deeper lines are its text. */
  let blockKeyIndent = -1;
  /** Brackets still open in a flow collection that continues on the next lines. */
  let flowDepth = 0;
  for (let start = 0; start < segmentText.length; ) {
    let end = segmentText.indexOf('\n', start);
    if (end < 0) end = segmentText.length;
    let at = start;
    while (at < end && segmentText.charCodeAt(at) === 32) at++;
    let indent = at - start;
    let body = segmentText.slice(at, end).trimEnd();
    start = end + 1;
    if (body === '' || body.startsWith('#')) continue;
    if (flowDepth > 0) {
      flowDepth = Math.max(0, flowDepth + bracketBalance(body));
      continue;
    }
    if (blockKeyIndent >= 0 && indent > blockKeyIndent) continue;
    blockKeyIndent = -1;
    // `- key: value` opens a map at the indent after the dashes; an item also ends any open scalar.
    const isItem = /^-(\s|$)/.test(body);
    while (/^-(\s|$)/.test(body)) {
      const rest = body.slice(1).trimStart();
      indent += body.length - rest.length;
      body = rest;
    }
    const colon = /^[^'"[{#][^#]*?:(\s|$)/.exec(body) ?? KEY_LINE.exec(body);
    if (!colon) {
      if (!isItem && plainKeyIndent >= 0 && indent <= plainKeyIndent && !/^[?:](\s|$)/.test(body)) return true;
      if (/^[[{]/.test(body)) flowDepth = Math.max(0, bracketBalance(body));
      continue;
    }
    const value = body.slice(colon[0].length).trimStart();
    plainKeyIndent = value === '' || /^[#'"[{|>!&*]/.test(value) ? -1 : indent;
    if (/^[|>]/.test(value)) blockKeyIndent = indent;
    if (/^[[{]/.test(value)) flowDepth = Math.max(0, bracketBalance(value));
  }
  return false;
}

/** Opening minus closing brackets of a line, outside quotes and comments (near enough to follow a flow collection over lines). */
function bracketBalance(line: string): number {
  let balance = 0;
  let quote = '';
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '#' && (index === 0 || line[index - 1] === ' ')) break;
    else if (char === '[' || char === '{') balance++;
    else if (char === ']' || char === '}') balance--;
  }
  return balance;
}

// ---------------------------------------------------------------------------
// Cutting the text into segments (one linear pass over its lines)
// ---------------------------------------------------------------------------

interface PlannedSegment {
  start: number;
  end: number;
  /** The segment's lines: [firstLine, lastLine) of the planner's line table. */
  firstLine: number;
  lastLine: number;
  /** The indent of this segment's key line. */
  indent: number;
  /** Set for a map whose entries are segments of their own; `start` is then the header line. */
  children?: PlannedSegment[];
  /** The indent of the entries in `children`. */
  childIndent?: number;
  /** Comments after the segment's last line of content: they can extend the ranges of the maps that end there. */
  tailComments: Array<{ indent: number; end: number }>;
  /** Where that last line of content ends (before trailing spaces). */
  lastContentEnd: number;
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
function planSegments(text: string, minLines: number): { segments: PlannedSegment[]; lines: Line[] } | string {
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
  return { segments: plan, lines };
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
  let index = sibling.last - 1;
  for (; index > sibling.first && lines[index].isNeutral; index--) {
    if (lines[index].isComment) tailComments.push({ indent: lines[index].indent, end: lines[index].contentEnd });
  }
  return {
    start: lines[sibling.first].start,
    end: lines[sibling.last - 1].next,
    firstLine: sibling.first,
    lastLine: sibling.last,
    indent: lines[sibling.first].indent,
    tailComments,
    lastContentEnd: lines[index].contentEnd,
  };
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

/** `key:` as the last entry, with nothing after it but spaces or a comment (see `mapEnd`). */
function endsWithEmptyValue(entry: MapEntry): boolean {
  const value = entry.value;
  return value === null || (value.kind === 'scalar' && value.value === null && !value.isQuoted && value.range.start === value.range.end);
}

/** `Key:` with nothing after it reads as a null scalar. */
function isEmptyValue(value: SourceNode | null): boolean {
  return value === null || (value.kind === 'scalar' && value.value === null && !value.isQuoted);
}
