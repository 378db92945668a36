/**
 * The fast path of the YAML reader: composes the engine's source tree straight
 * from the `yaml` library's CST, skipping its Composer and our converter.
 *
 * It must give exactly the tree that `parseYamlTextWithLibrary` (yaml.ts) gives,
 * or decline. So it follows the library's compose code (compose/*.js of yaml
 * 2.9.1) step by step, computing each node's `range` triple as it does, and
 * declines wherever that code would report an error (the slow path then reads
 * `document.errors` and recovers) or where we chose not to follow it: anchors
 * and aliases, tags other than the CloudFormation short forms, explicit `?`
 * keys, non-scalar or empty keys, directives,
 * `...`, several documents, tabs in indentation or separation, and anything
 * nested near the depth limit. Warnings do not reach the tree, except through
 * the converter's own issues (depth, alias budget), which cannot arise here.
 * The converter's steps (ranges trimmed of trailing whitespace, short forms,
 * merge keys, key stringification) are applied as each node is composed.
 */
import * as YAML from 'yaml';
import type { MapEntry, MapNode, ScalarNode, SeqNode, SourceNode, TextRange } from '../types';
import { MAX_TREE_DEPTH } from '../limits';
import { isWhitespace, SHORT_FORM_TAGS, shortFormOf, whitespaceRuns } from './yaml-shared';

type Token = YAML.CST.Token;
type SourceToken = YAML.CST.SourceToken;
type FlowScalarToken = YAML.CST.FlowScalar;

/** Thrown (never as an Error: no stack is captured) when the document is not ours to read. */
const DECLINE = { declined: true };
function decline(): never {
  throw DECLINE;
}

/** What `resolveProps` (compose/resolve-props.js) finds in the tokens before a node. */
interface Props {
  found: SourceToken | null;
  tag: SourceToken | null;
  comma: SourceToken | null;
  hasComment: boolean;
  hasNewline: boolean;
  newlineAfterProp: SourceToken | null;
  end: number;
}

/** The parser options of yaml.ts's `parseWith`, for the schema's tags and their resolvers. */
const LIBRARY_OPTIONS = { uniqueKeys: false, strict: false, prettyErrors: false, keepSourceTokens: false } as const;

interface ScalarTag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve: (value: string, onError: (message: string) => void, options: unknown) => unknown;
}
let schema: { tags: ScalarTag[]; options: unknown } | undefined;

/** The core schema's scalar tags, from a Document made with the options the slow path parses with. */
function coreSchema(): { tags: ScalarTag[]; options: unknown } {
  if (!schema) {
    const document = new YAML.Document(undefined, LIBRARY_OPTIONS);
    const tags = (document.schema.tags as unknown as Array<ScalarTag & { collection?: string }>).filter((tag) => !tag.collection && tag.default === true && tag.test);
    schema = { tags, options: document.options };
  }
  return schema;
}

/**
 * Whether a plain scalar's first character can start a value of a core-schema
 * tag other than str: every test (null, bool, int, float) starts with one of
 * `~ n N t T f F + - . 0-9` or matches the empty string.
 */
function mayBeNonString(value: string): boolean {
  if (value.length === 0) return true;
  const c = value.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70 || c === 43 || c === 45 || c === 46;
}

/** The value the core schema gives a plain scalar (`findScalarTagByTest`, then the tag's `resolve`). */
function resolvePlain(value: string): unknown {
  if (!mayBeNonString(value)) return value;
  const { tags, options } = coreSchema();
  const tag = tags.find((candidate) => candidate.test!.test(value));
  if (!tag) return value;
  const resolved = tag.resolve(value, decline, options);
  return YAML.isScalar(resolved) ? resolved.value : resolved;
}

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isFlowScalar(token: Token | null | undefined): token is FlowScalarToken {
  return !!token && (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar');
}

function isBlock(token: Token | null | undefined): boolean {
  return !!token && (token.type === 'block-map' || token.type === 'block-seq');
}

/** compose/resolve-props.js, declining wherever it reports an error, and on anchors, tabs and unknown tags. */
function resolveProps(tokens: SourceToken[], flow: boolean, indicator: string, next: Token | null | undefined, offset: number, startOnNewline: boolean): Props {
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let hasComment = false;
  let hasNewline = false;
  let reqSpace = false;
  let tag: SourceToken | null = null;
  let newlineAfterProp: SourceToken | null = null;
  let comma: SourceToken | null = null;
  let found: SourceToken | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') decline();
      reqSpace = false;
    }
    const type = token.type;
    if (type === 'space') {
      // The library's tab checks depend on what follows; any tab declines.
      if (token.source.includes('\t')) decline();
      hasSpace = true;
    } else if (type === 'comment') {
      if (!hasSpace) decline();
      hasComment = true;
      atNewline = false;
    } else if (type === 'newline') {
      atNewline = true;
      hasNewline = true;
      if (tag) newlineAfterProp = token;
      hasSpace = true;
    } else if (type === 'tag') {
      if (tag || !hasOwn(SHORT_FORM_TAGS, token.source)) decline();
      tag = token;
      atNewline = false;
      hasSpace = false;
      reqSpace = true;
    } else if (type === indicator) {
      if (tag || found) decline();
      found = token;
      atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
      hasSpace = false;
    } else if (type === 'comma' && flow) {
      if (comma) decline();
      comma = token;
      atNewline = false;
      hasSpace = false;
    } else {
      // Anchors (not followed here), errors, and every token the library reports as unexpected.
      decline();
    }
  }
  void atNewline;
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) decline();
  return { found, tag, comma, hasComment, hasNewline, newlineAfterProp, end };
}

/** compose/resolve-end.js: the offset after the tokens that end a node; declines on any other token. */
function resolveEnd(end: SourceToken[] | undefined, offset: number): number {
  if (end) {
    for (const token of end) {
      if (token.type !== 'space' && token.type !== 'comment' && token.type !== 'newline') decline();
      offset += token.source.length;
    }
  }
  return offset;
}

/** compose/util-contains-newline.js, for the scalar keys we accept. */
function scalarContainsNewline(key: FlowScalarToken): boolean {
  if (key.source.includes('\n')) return true;
  if (key.end) for (const token of key.end) if (token.type === 'newline') return true;
  return false;
}

/** compose/util-empty-scalar-position.js */
function emptyScalarPosition(offset: number, before: SourceToken[] | undefined, pos?: number): number {
  if (before) {
    pos ??= before.length;
    for (let i = pos - 1; i >= 0; --i) {
      let token: SourceToken | undefined = before[i];
      if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
        offset -= token.source.length;
        continue;
      }
      token = before[++i];
      while (token?.type === 'space') {
        offset += token.source.length;
        token = before[++i];
      }
      break;
    }
  }
  return offset;
}

interface ResolvedScalar {
  value: string;
  type: string;
  range: [number, number, number];
}

/**
 * compose/resolve-flow-scalar.js and resolve-block-scalar.js (through the
 * library's `resolveAsScalar`, with `strict: false` as the parse has), declining
 * on any error. One-line plain and single-quoted scalars, most of a template,
 * are resolved here as that code resolves them: a plain one is its source
 * unless it starts with a character the library rejects; a single-quoted one
 * is its source between the quotes with `''` read as `'`.
 */
function resolveScalar(token: FlowScalarToken | YAML.CST.BlockScalar): ResolvedScalar {
  if (token.type === 'scalar' || token.type === 'single-quoted-scalar') {
    const source = token.source;
    if (!source.includes('\n')) {
      const offset = token.offset;
      const valueEnd = offset + source.length;
      if (token.type === 'scalar') {
        if (!BAD_PLAIN_START.has(source.charCodeAt(0))) return { value: source, type: 'PLAIN', range: [offset, valueEnd, resolveEnd(token.end, valueEnd)] };
      } else if (source.length > 1 && source.charCodeAt(source.length - 1) === 39) {
        const inner = source.slice(1, -1);
        return { value: inner.includes("'") ? inner.replace(/''/g, "'") : inner, type: 'QUOTE_SINGLE', range: [offset, valueEnd, resolveEnd(token.end, valueEnd)] };
      }
    }
  }
  const resolved = YAML.CST.resolveAsScalar(token, false, decline);
  if (!resolved || resolved.type === null) decline();
  return resolved as ResolvedScalar;
}

/** First characters of a plain scalar that the library reports (`plainValue`): tab , % | > @ and backquote. */
const BAD_PLAIN_START = new Set([9, 44, 37, 124, 62, 64, 96]);

interface Pair {
  key: ScalarNode;
  /** `String()` of the key's composed value, as the converter compares keys for merges. */
  keyText: string;
  value: SourceNode | null;
  valueIsScalar: boolean;
  /** The value's items before any short form, when the value is a sequence (merge sources). */
  valueItems: SourceNode[] | null;
}

class CstComposer {
  /** range[2] of the node composed last (its end with trailing comments and line breaks). */
  private end2 = 0;
  /** range[1] of the node composed last (its value's end). */
  private end1 = 0;
  /** Whether the node composed last is a YAML scalar (before any short form). */
  private wasScalar = false;
  /** The items of the node composed last, when it is a YAML sequence (before any short form). */
  private seqItems: SourceNode[] | null = null;
  private whitespaceRunStart: Int32Array | undefined;

  constructor(private readonly text: string) {}

  composeDocument(document: YAML.CST.Document): SourceNode {
    const { start, value, end } = document;
    const props = resolveProps(start, false, 'doc-start', value ?? end?.[0], document.offset, true);
    if (props.found && value && isBlock(value) && !props.hasNewline) decline();
    const root = value ? this.composeNode(value, props, 0) : this.composeEmpty(props.end, start, props);
    resolveEnd(end, this.end2);
    return root;
  }

  private composeNode(token: Token, props: Props, depth: number): SourceNode {
    // The converter stops at MAX_TREE_DEPTH with an issue; our depth counts at least as many levels as its.
    if (depth > MAX_TREE_DEPTH - 4) decline();
    switch (token.type) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.composeScalar(token, props.tag);
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        return this.composeCollection(token, props, depth);
      default:
        // Aliases (not followed here), errors and anything unexpected.
        return decline();
    }
  }

  /** compose/compose-scalar.js, then the converter's `convertScalar` and short form. */
  private composeScalar(token: FlowScalarToken | YAML.CST.BlockScalar, tagToken: SourceToken | null): SourceNode {
    const resolved = resolveScalar(token);
    const range = resolved.range;
    this.end2 = range[2];
    this.end1 = range[1];
    this.wasScalar = true;
    this.seqItems = null;
    // An unknown tag (every short form) resolves as a string, whatever the text; untagged plain scalars by test.
    let value: unknown = tagToken || token.type !== 'scalar' ? resolved.value : resolvePlain(resolved.value);
    if (typeof value === 'bigint') value = Number(value);
    if (value instanceof Date) value = this.text.slice(range[0], range[1]);
    if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') value = String(value);
    const node: ScalarNode = { kind: 'scalar', value: value as ScalarNode['value'], isQuoted: resolved.type !== 'PLAIN', range: this.rangeOf(range[0], range[1]) };
    return tagToken ? shortFormOf(this.text, tagToken.source, node) : node;
  }

  /** compose-node.js `composeEmptyNode`: a plain empty scalar (null; '' when tagged). */
  private composeEmpty(offset: number, before: SourceToken[] | undefined, props: Props): SourceNode {
    const position = emptyScalarPosition(offset, before);
    this.end2 = props.hasComment ? props.end : position;
    this.end1 = position;
    this.wasScalar = true;
    this.seqItems = null;
    const node: ScalarNode = { kind: 'scalar', value: props.tag ? '' : null, isQuoted: false, range: this.rangeOf(position, position) };
    return props.tag ? shortFormOf(this.text, props.tag.source, node) : node;
  }

  /** A map key: a flow scalar on one line, as the converter's `keyScalar` reads it. */
  private composeKey(key: FlowScalarToken): { node: ScalarNode; text: string } {
    const resolved = resolveScalar(key);
    const range = resolved.range;
    this.end2 = range[2];
    this.end1 = range[1];
    const value = key.type === 'scalar' ? resolvePlain(resolved.value) : resolved.value;
    const text = String(value);
    return { node: { kind: 'scalar', value: value === null ? '' : text, isQuoted: resolved.type !== 'PLAIN', range: this.rangeOf(range[0], range[1]) }, text };
  }

  /** compose/compose-collection.js */
  private composeCollection(token: YAML.CST.BlockMap | YAML.CST.BlockSequence | YAML.CST.FlowCollection, props: Props, depth: number): SourceNode {
    const tagToken = props.tag;
    if (token.type === 'block-seq' && tagToken) {
      const newline = props.newlineAfterProp;
      if (!newline || newline.offset < tagToken.offset) decline();
    }
    const node = token.type === 'block-map' ? this.composeBlockMap(token, depth) : token.type === 'block-seq' ? this.composeBlockSeq(token, depth) : this.composeFlow(token, depth);
    // `seqItems` and `end2` are this collection's: a short form wraps the node but keeps both.
    return tagToken ? shortFormOf(this.text, tagToken.source, node) : node;
  }

  /** compose/resolve-block-map.js */
  private composeBlockMap(map: YAML.CST.BlockMap, depth: number): MapNode {
    let offset = map.offset;
    let commentEnd: number | null = null;
    const pairs: Pair[] = [];
    for (const item of map.items) {
      const { start, key, sep, value } = item as YAML.CST.CollectionItem;
      const keyProps = resolveProps(start, false, 'explicit-key-ind', key ?? sep?.[0], offset, true);
      if (keyProps.found) decline();
      if (key) {
        if (key.type === 'block-seq') decline();
        if ('indent' in key && key.indent !== map.indent) decline();
      }
      if (!keyProps.tag && !sep) {
        if (key || value) decline();
        commentEnd = keyProps.end;
        continue;
      }
      if (keyProps.tag || !isFlowScalar(key) || keyProps.newlineAfterProp || scalarContainsNewline(key)) decline();
      const composedKey = this.composeKey(key);
      const valueProps = resolveProps(sep ?? [], false, 'map-value-ind', value, this.end2, false);
      offset = valueProps.end;
      if (!valueProps.found) decline();
      if (value?.type === 'block-map' && !valueProps.hasNewline) decline();
      const valueNode = value ? this.composeNode(value, valueProps, depth + 1) : this.composeEmpty(offset, sep, valueProps);
      offset = this.end2;
      pairs.push({ key: composedKey.node, keyText: composedKey.text, value: valueNode, valueIsScalar: this.wasScalar, valueItems: this.seqItems });
    }
    if (commentEnd && commentEnd < offset) decline();
    const end2 = commentEnd ?? offset;
    const node: MapNode = { kind: 'map', entries: this.entriesOf(pairs), isFlow: false, range: this.rangeOf(map.offset, offset) };
    this.end2 = end2;
    this.end1 = offset;
    this.wasScalar = false;
    this.seqItems = null;
    return node;
  }

  /** compose/resolve-block-seq.js */
  private composeBlockSeq(seq: YAML.CST.BlockSequence, depth: number): SeqNode {
    let offset = seq.offset;
    let commentEnd: number | null = null;
    const items: SourceNode[] = [];
    for (const { start, value } of seq.items) {
      const props = resolveProps(start, false, 'seq-item-ind', value, offset, true);
      if (!props.found) {
        if (props.tag || value) decline();
        commentEnd = props.end;
        continue;
      }
      items.push(value ? this.composeNode(value, props, depth + 1) : this.composeEmpty(props.end, start, props));
      offset = this.end2;
    }
    const node: SeqNode = { kind: 'seq', items, isFlow: false, range: this.rangeOf(seq.offset, offset) };
    this.end2 = commentEnd ?? offset;
    this.end1 = offset;
    this.wasScalar = false;
    this.seqItems = items;
    return node;
  }

  /** compose/resolve-flow-collection.js */
  private composeFlow(flow: YAML.CST.FlowCollection, depth: number): MapNode | SeqNode {
    const isMap = flow.start.source === '{';
    let offset = flow.offset + flow.start.source.length;
    const pairs: Pair[] = [];
    const items: SourceNode[] = [];
    for (let i = 0; i < flow.items.length; ++i) {
      const { start, key, sep, value } = flow.items[i];
      const props = resolveProps(start, true, 'explicit-key-ind', key ?? sep?.[0], offset, false);
      if (props.found) decline();
      if (!props.tag && !sep && !value) {
        if (key) decline();
        if (i === 0 && props.comma) decline();
        else if (i < flow.items.length - 1) decline();
        offset = props.end;
        continue;
      }
      if (i === 0) {
        if (props.comma) decline();
      } else if (!props.comma) decline();
      if (!isMap && !sep) {
        // The library moves a comment that follows the previous item's comma onto that item, which may leave
        // this item's comment empty and change an empty node's end: decline rather than follow it.
        if (key || isBlock(value) || (!value && props.hasComment)) decline();
        items.push(value ? this.composeNode(value, props, depth + 1) : this.composeEmpty(props.end, sep, props));
        offset = this.end2;
        continue;
      }
      if (props.tag || !isFlowScalar(key)) decline();
      const composedKey = this.composeKey(key);
      const keyEnd1 = this.end1;
      const valueProps = resolveProps(sep ?? [], true, 'map-value-ind', value, this.end2, false);
      if (!valueProps.found && value) decline();
      if (isBlock(value)) decline();
      let valueNode: SourceNode | null = null;
      if (value) valueNode = this.composeNode(value, valueProps, depth + 1);
      else if (valueProps.found) valueNode = this.composeEmpty(valueProps.end, sep, valueProps);
      const pair: Pair = { key: composedKey.node, keyText: composedKey.text, value: valueNode, valueIsScalar: valueNode !== null && this.wasScalar, valueItems: valueNode ? this.seqItems : null };
      if (isMap) pairs.push(pair);
      else {
        // A pair in a flow sequence (`[a, Ref: b]`) is a one-pair flow map, from its key to its value (or key).
        items.push({ kind: 'map', entries: this.entriesOf([pair]), isFlow: true, range: this.rangeOf(composedKey.node.range.start, valueNode ? this.end1 : keyEnd1) });
      }
      offset = valueNode ? this.end2 : valueProps.end;
    }
    const [close, ...rest] = flow.end;
    if (close?.source !== (isMap ? '}' : ']')) decline();
    const closeEnd = close.offset + close.source.length;
    const end2 = rest.length > 0 ? resolveEnd(rest, closeEnd) : closeEnd;
    const range = this.rangeOf(flow.offset, closeEnd);
    const node: MapNode | SeqNode = isMap ? { kind: 'map', entries: this.entriesOf(pairs), isFlow: true, range } : { kind: 'seq', items, isFlow: true, range };
    this.end2 = end2;
    this.end1 = closeEnd;
    this.wasScalar = false;
    this.seqItems = isMap ? null : items;
    return node;
  }

  /** The converter's `convertMap`: entries in order; merge keys (`<<`) add the entries the map does not write. */
  private entriesOf(pairs: Pair[]): MapEntry[] {
    const entries: MapEntry[] = [];
    for (const pair of pairs) {
      const key = pair.key;
      if (key.value === '<<' && !pair.valueIsScalar) {
        const sources = pair.valueItems ?? (pair.value ? [pair.value] : []);
        for (const source of sources) {
          if (source.kind !== 'map') continue;
          for (const entry of source.entries) {
            if (!pairs.some((p) => p.keyText === String(entry.key.value))) entries.push(entry);
          }
        }
        continue;
      }
      const value = pair.value;
      const end = value ? Math.max(value.range.end, key.range.end) : key.range.end;
      entries.push({ key, value, range: { start: key.range.start, end } });
    }
    return entries;
  }

  /** The converter's `rangeOfYaml`: from range[0] to range[1] less trailing whitespace. */
  private rangeOf(start: number, end: number): TextRange {
    let trimmed = end;
    let steps = 0;
    while (trimmed > start && isWhitespace(this.text.charCodeAt(trimmed - 1))) {
      trimmed--;
      if (++steps > 64) {
        this.whitespaceRunStart ??= whitespaceRuns(this.text);
        return { start, end: Math.max(start, this.whitespaceRunStart[end]) };
      }
    }
    return { start, end: trimmed };
  }
}

/** The parser's tokens of a text (lexer and parser, no Composer). */
export function readCst(text: string): Token[] {
  return Array.from(new YAML.Parser().parse(text));
}

/**
 * The tree of a clean one-document text, exactly as the library path reads it
 * (`root` null for a text without a document), or undefined: not handled.
 */
export function composeFromCst(text: string, tokens?: Token[]): { root: SourceNode | null } | undefined {
  try {
    let document: YAML.CST.Document | undefined;
    for (const token of tokens ?? readCst(text)) {
      switch (token.type) {
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        case 'document':
          if (document) return undefined;
          document = token;
          break;
        default:
          // Directives, `...`, errors.
          return undefined;
      }
    }
    if (!document) return { root: null };
    return { root: new CstComposer(text).composeDocument(document) };
  } catch (error) {
    // DECLINE, or anything unexpected (a stack overflow): the library path decides.
    void error;
    return undefined;
  }
}
