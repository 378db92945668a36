/**
 * YAML to the engine's source tree, with ranges, using the `yaml` library.
 * Normalises every CloudFormation short-form tag to the long form. Aliases are expanded within a budget, so an alias bomb stays small.
 */
import * as YAML from 'yaml';
import type { MapEntry, MapNode, ParseIssue, ScalarNode, SeqNode, SourceNode, TextRange } from '../types';
import { ALIAS_EXPANSION_BUDGET, MAX_TREE_DEPTH } from '../limits';
import { prescan, type BlockLine } from './prescan';
import { recoverBySegments } from './recover';
import { reindentFlowContinuations } from './yaml-continuation';
import { composeFromCst, readCst } from './yaml-cst';
import { isWhitespace, SHORT_FORM_TAGS, shortFormOf, whitespaceRuns } from './yaml-shared';

export { SHORT_FORM_TAGS };

export interface YamlParse {
  root: SourceNode | null;
  issues: ParseIssue[];
  /** True when the parser reported no error. */
  isClean: boolean;
}

/**
 * Parses a document, given as the pre-scan left it (`scanned`: its block
 * lines), or scanned here. When it has errors, the document is read again part
 * by part (`recover.ts`), so that one broken entry does not take the rest of
 * the file with it.
 */
export function parseYaml(text: string, scanned?: { blockLines: BlockLine[] }): { root: SourceNode | null; issues: ParseIssue[] } {
  // Called without a pre-scan (a caller parsing a piece of a document on its own), it scans first: no text
  // reaches the parser without the limits applied.
  if (!scanned) {
    const own = prescan(text, 'yaml');
    if (own.refused) return { root: null, issues: [own.refused] };
    const parsed = parseYaml(own.text, own);
    return own.issues.length === 0 ? parsed : { root: parsed.root, issues: [...own.issues, ...parsed.issues] };
  }
  const whole = parseYamlText(text);
  if (whole.isClean) return whole;
  return recoverBySegments(text, scanned.blockLines, parseSegment, whole.issues) ?? whole;
}

/**
 * A segment is scanned again before it is parsed: cut out of its document, its
 * text may read differently (a segment that starts inside a quoted scalar), and
 * the limits must hold for what the parser is given.
 */
function parseSegment(text: string, anchors: Map<string, SourceNode>): YamlParse {
  const scanned = prescan(text, 'yaml');
  if (scanned.refused) return { root: null, issues: [scanned.refused], isClean: false };
  const parsed = parseYamlText(scanned.text, anchors);
  return { ...parsed, issues: [...scanned.issues, ...parsed.issues], isClean: parsed.isClean && scanned.issues.length === 0 };
}

/**
 * One strict parse; when it has errors, one re-read with under-indented
 * continuation lines indented as CloudFormation reads them. `anchors` carries
 * anchors from earlier segments of the same document.
 */
export function parseYamlText(text: string, anchors?: Map<string, SourceNode>): YamlParse {
  // Most templates are clean: their tree is composed straight from the parser's tokens, which skips the
  // library's Composer (about 40% of a parse). It declines anything it cannot prove it reads as the path
  // below does (any error or warning that matters, anchors, other tags, ...), and that path then runs unchanged.
  if (!CST_FAST_PATH) return parseYamlTextWithLibrary(text, anchors);
  let tokens: YAML.CST.Token[] | undefined;
  try {
    tokens = readCst(text);
  } catch {
    // The library path fails the same way, and reports it.
    return parseYamlTextWithLibrary(text, anchors);
  }
  const fast = composeFromCst(text, tokens);
  if (fast) return { root: fast.root, issues: [], isClean: true };
  // The library's Composer reads the same tokens: the text is not lexed and parsed twice.
  return parseYamlTextWithLibrary(text, anchors, tokens);
}

/** Whether `parseYamlText` tries the CST fast path first (`yaml-cst.ts`). */
const CST_FAST_PATH = true;

/** The library's own path: its Composer, then the converter below. The fast path must match it exactly. */
export function parseYamlTextWithLibrary(text: string, anchors?: Map<string, SourceNode>, tokens?: YAML.CST.Token[]): YamlParse {
  const strict = parseWith(text, tokens);
  if (!strict.document || strict.document.errors.length === 0) return { ...convertDocument(text, strict, anchors), isClean: strict.failure === undefined };
  // CloudFormation accepts continuation lines that YAML 1.2 finds under-indented; read them as it does.
  const reindented = reindentFlowContinuations(text);
  // The re-indented text reads differently (under-indented lines no longer end flow collections): the parser
  // gets it only when it is within the limits too.
  if (!reindented || !isWithinLimits(reindented.text)) return { ...convertDocument(text, strict, anchors), isClean: false };
  const lenient = parseWith(reindented.text);
  // Only a clean re-read is used: while the user types an unclosed `[`, re-indenting the rest of the file would
  // swallow it into the bracket, and the strict tree, errors and all, keeps more of the document.
  if (!lenient.document || lenient.document.errors.length > 0) return { ...convertDocument(text, strict, anchors), isClean: false };
  const result = convertDocument(reindented.text, lenient, anchors);
  remapRanges(result.root, result.issues, reindented.toOriginal, text.length);
  return { ...result, isClean: true };
}

function isWithinLimits(text: string): boolean {
  const scanned = prescan(text, 'yaml');
  return !scanned.refused && scanned.issues.length === 0;
}

interface Parsed {
  document?: YAML.Document.Parsed;
  failure?: string;
}

/** The options of every parse; `prettyErrors: false` also leaves out the line counter, so tokens can be composed on their own. */
const PARSE_OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false } as const;

/** `tokens`: the parser's tokens of `text`, when already read; composed as `parseAllDocuments` composes them. */
function parseWith(text: string, tokens?: YAML.CST.Token[]): Parsed {
  // The parser builds an Error for every syntax error; their stack traces are never read, and on a file with
  // thousands of errors (recovery parses each broken part) capturing them is most of the time spent.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // The short-form tags are not registered with the parser: an unknown tag leaves its node as the plain
    // scalar, map or sequence it is, with `tag` set (and a warning, which is not read), which is all the
    // converter needs. Registered, they were 60 more entries that the parser scanned for every plain scalar
    // while looking for its type (about 7% of the parse on the corpus templates).
    const documents = (tokens ? Array.from(new YAML.Composer(PARSE_OPTIONS).compose(tokens)) : YAML.parseAllDocuments(text, PARSE_OPTIONS)) as YAML.Document.Parsed[];
    return { document: Array.isArray(documents) ? documents[0] : undefined };
  } catch (error) {
    // The pre-scan keeps nesting far below what exhausts the parser's stack; should anything still throw, it is
    // reported as an internal failure, never as a syntax error.
    return { failure: (error as Error).message };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function convertDocument(text: string, parsed: Parsed, anchors?: Map<string, SourceNode>): { root: SourceNode | null; issues: ParseIssue[] } {
  if (parsed.failure !== undefined) return { root: null, issues: [{ message: `The YAML parser failed (internal error: ${parsed.failure}).`, range: { start: 0, end: 0 }, severity: 'error', kind: 'internal' }] };
  const issues: ParseIssue[] = [];
  if (!parsed.document) return { root: null, issues };
  for (const error of parsed.document.errors) {
    const message = error.message.split('\n')[0];
    // The parser turns its own failures (a stack overflow, say) into errors too: those are ours, not the user's.
    const isInternal = error.code === 'RESOURCE_EXHAUSTION' || /Maximum call stack|out of memory|Invalid regular expression|Invalid array length/i.test(message);
    issues.push(
      isInternal
        ? { message: `The YAML parser failed here (internal error: ${message.replace(/ at line \d+, column \d+:?$/, '')}).`, range: clampRange(error.pos, text.length), severity: 'error', kind: 'internal' }
        : { message, range: clampRange(error.pos, text.length), severity: 'error', kind: 'syntax' },
    );
  }
  const converter = new Converter(text, issues, anchors);
  const root = converter.convert(parsed.document.contents, 0);
  converter.exportAnchors();
  return { root, issues };
}

/** Moves every range of a tree read from re-indented text back onto the original text (shared range objects once). */
function remapRanges(root: SourceNode | null, issues: ParseIssue[], toOriginal: (offset: number) => number, length: number): void {
  const seen = new Set<TextRange>();
  const remap = (range: TextRange) => {
    if (seen.has(range)) return;
    seen.add(range);
    range.start = Math.min(toOriginal(range.start), length);
    range.end = Math.max(range.start, Math.min(toOriginal(range.end), length));
  };
  const visited = new Set<SourceNode>();
  const walk = (node: SourceNode | null | undefined) => {
    if (!node || visited.has(node)) return;
    visited.add(node);
    remap(node.range);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        remap(entry.range);
        walk(entry.key);
        walk(entry.value);
      }
    } else if (node.kind === 'seq') node.items.forEach(walk);
  };
  walk(root);
  issues.forEach((issue) => remap(issue.range));
}

function clampRange(pos: [number, number] | undefined, length: number): TextRange {
  if (!pos) return { start: 0, end: 0 };
  const start = Math.max(0, Math.min(pos[0], length));
  return { start, end: Math.max(start, Math.min(pos[1], length)) };
}

class Converter {
  private readonly converted = new Map<unknown, SourceNode | null>();
  private expansionBudget = ALIAS_EXPANSION_BUDGET;
  private reportedBudget = false;
  private reportedDepth = false;

  /** `anchors`: anchors of earlier segments (read), and this document's, added at the end (write). */
  constructor(private readonly text: string, private readonly issues: ParseIssue[], private readonly sharedAnchors?: Map<string, SourceNode>) {}

  /** Hands this document's converted anchors to the next segment. */
  exportAnchors(): void {
    if (!this.sharedAnchors || !this.anchors) return;
    for (const [name, node] of this.anchors) {
      const converted = this.converted.get(node);
      if (converted) this.sharedAnchors.set(name, converted);
    }
  }

  convert(node: unknown, depth: number): SourceNode | null {
    if (node === null || node === undefined) return null;
    if (depth > MAX_TREE_DEPTH) {
      if (!this.reportedDepth) {
        this.reportedDepth = true;
        this.issues.push({ message: `Nesting deeper than ${MAX_TREE_DEPTH} levels was not analysed.`, range: this.rangeOfYaml(node), severity: 'warning', kind: 'limit' });
      }
      return null;
    }
    if (YAML.isAlias(node)) return this.convertAlias(node, depth);
    const cached = this.converted.get(node);
    if (cached !== undefined) return cached;
    let result: SourceNode | null;
    if (YAML.isMap(node)) result = this.convertMap(node, depth);
    else if (YAML.isSeq(node)) result = this.convertSeq(node, depth);
    else if (YAML.isScalar(node)) result = this.convertScalar(node);
    else result = null;
    if (result) result = this.applyShortForm(node as YAML.Node, result);
    this.converted.set(node, result);
    return result;
  }

  private convertAlias(alias: YAML.Alias, depth: number): SourceNode | null {
    const target = this.findAnchor(alias.source);
    const converted = target ? this.convert(target, depth) : this.sharedAnchors?.get(alias.source);
    if (!converted) return null;
    this.expansionBudget -= countNodes(converted, this.expansionBudget + 1);
    if (this.expansionBudget < 0) {
      if (!this.reportedBudget) {
        this.reportedBudget = true;
        this.issues.push({ message: 'Too many YAML alias expansions (possible alias bomb); the rest were not analysed.', range: this.rangeOfYaml(alias), severity: 'warning', kind: 'limit' });
      }
      return null;
    }
    return converted;
  }

  private anchors: Map<string, YAML.Node> | undefined;
  private findAnchor(name: string): YAML.Node | undefined {
    return this.anchors?.get(name);
  }

  private rememberAnchor(node: YAML.Node): void {
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) (this.anchors ??= new Map()).set(anchor, node);
  }

  private convertMap(node: YAML.YAMLMap, depth: number): MapNode {
    this.rememberAnchor(node);
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YAML.Node | null;
      const key = this.keyScalar(keyNode);
      if (!key) continue;
      // YAML merge keys (`<<: *defaults`) are common in serverless.yml; entries
      // written in the map itself win over merged ones, as in the YAML spec.
      if (key.value === '<<' && !YAML.isScalar(pair.value)) {
        for (const merged of this.mergeSources(pair.value, depth)) {
          for (const entry of merged.entries) {
            if (!node.items.some((p) => YAML.isScalar(p.key) && String(p.key.value) === String(entry.key.value))) entries.push(entry);
          }
        }
        continue;
      }
      const value = this.convert(pair.value, depth + 1);
      const end = value ? Math.max(value.range.end, key.range.end) : key.range.end;
      entries.push({ key, value, range: { start: key.range.start, end } });
    }
    return { kind: 'map', entries, isFlow: node.flow === true, range: this.rangeOfYaml(node) };
  }

  private mergeSources(value: unknown, depth: number): MapNode[] {
    const sources: MapNode[] = [];
    const items = YAML.isSeq(value) ? value.items : [value];
    for (const item of items) {
      const converted = this.convert(item, depth + 1);
      if (converted && converted.kind === 'map') sources.push(converted);
    }
    return sources;
  }

  private keyScalar(keyNode: YAML.Node | null): ScalarNode | null {
    if (!keyNode) return null;
    if (YAML.isScalar(keyNode)) {
      const range = this.rangeOfYaml(keyNode);
      return { kind: 'scalar', value: keyNode.value === null ? '' : String(keyNode.value), isQuoted: keyNode.type !== 'PLAIN', range };
    }
    // Complex keys do not occur in templates; keep their text so nothing is lost.
    const range = this.rangeOfYaml(keyNode);
    return { kind: 'scalar', value: this.text.slice(range.start, range.end), isQuoted: false, range };
  }

  private convertSeq(node: YAML.YAMLSeq, depth: number): SeqNode {
    this.rememberAnchor(node);
    const items: SourceNode[] = [];
    for (const item of node.items) {
      const converted = this.convert(item, depth + 1);
      items.push(converted ?? { kind: 'scalar', value: null, isQuoted: false, range: this.rangeOfYaml(item) });
    }
    return { kind: 'seq', items, isFlow: node.flow === true, range: this.rangeOfYaml(node) };
  }

  private convertScalar(node: YAML.Scalar): ScalarNode {
    this.rememberAnchor(node);
    let value = node.value as unknown;
    if (typeof value === 'bigint') value = Number(value);
    if (value instanceof Date) value = this.text.slice(node.range![0], node.range![1]);
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') value = String(value);
    const isQuoted = node.type !== undefined && node.type !== 'PLAIN';
    return { kind: 'scalar', value: value as ScalarNode['value'], isQuoted, range: this.rangeOfYaml(node) };
  }

  /** Turns `!Ref X` into `{ Ref: X }` (and so on), keeping the tag and its range. */
  private applyShortForm(yamlNode: YAML.Node, node: SourceNode): SourceNode {
    const tag = (yamlNode as { tag?: string }).tag;
    return tag && tag in SHORT_FORM_TAGS ? shortFormOf(this.text, tag, node) : node;
  }

  private rangeOfYaml(node: unknown): TextRange {
    const range = (node as { range?: [number, number, number] | null }).range;
    if (!range) return { start: 0, end: 0 };
    // Block collections end after their trailing newline; ranges end at the last character.
    return { start: range[0], end: this.trimmedEnd(range[0], range[1]) };
  }

  /** Start of the whitespace run that ends at each offset; built only for a document with long runs. */
  private whitespaceRunStart: Int32Array | undefined;

  private trimmedEnd(start: number, end: number): number {
    let trimmed = end;
    let steps = 0;
    while (trimmed > start && isWhitespace(this.text.charCodeAt(trimmed - 1))) {
      trimmed--;
      // Nested nodes that end in one long blank run (a neutralised region) would each walk it: walk it once.
      if (++steps > 64) {
        this.whitespaceRunStart ??= whitespaceRuns(this.text);
        return Math.max(start, this.whitespaceRunStart[end]);
      }
    }
    return trimmed;
  }
}

function countNodes(node: SourceNode, limit: number): number {
  let count = 0;
  const stack: SourceNode[] = [node];
  while (stack.length > 0 && count < limit) {
    const current = stack.pop()!;
    count++;
    if (current.kind === 'map') for (const entry of current.entries) { if (entry.value) stack.push(entry.value); }
    else if (current.kind === 'seq') for (const item of current.items) stack.push(item);
  }
  return count;
}
