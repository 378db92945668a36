/**
 * Small read-only helpers over the source tree (`SourceNode`), shared by the
 * model builders and the rules so that nobody walks YAML or JSON by hand.
 */
import type { MapEntry, MapNode, ScalarNode, SeqNode, SourceNode, TextRange } from '../types';

export function isMap(node: SourceNode | null | undefined): node is MapNode {
  return !!node && node.kind === 'map';
}

export function isSeq(node: SourceNode | null | undefined): node is SeqNode {
  return !!node && node.kind === 'seq';
}

export function isScalar(node: SourceNode | null | undefined): node is ScalarNode {
  return !!node && node.kind === 'scalar';
}

/** The entry for `key` in a map; the last one wins, as in CloudFormation and the YAML libraries. */
export function entryOf(node: SourceNode | null | undefined, key: string): MapEntry | undefined {
  if (!isMap(node)) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    if (String(node.entries[i].key.value) === key) return node.entries[i];
  }
  return undefined;
}

export function valueOf(node: SourceNode | null | undefined, key: string): SourceNode | null | undefined {
  return entryOf(node, key)?.value;
}

/** Follows a path of map keys (strings) and sequence indexes (numbers). */
export function nodeAt(node: SourceNode | null | undefined, path: Array<string | number>): SourceNode | null | undefined {
  let current = node;
  for (const step of path) {
    if (!current) return undefined;
    if (typeof step === 'number') current = isSeq(current) ? current.items[step] : undefined;
    else current = valueOf(current, step);
  }
  return current;
}

/** A scalar's value as a string, or undefined for collections and null. */
export function scalarText(node: SourceNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return String(node.value);
}

/** The keys and values of a map, skipping entries without a value. */
export function mapEntries(node: SourceNode | null | undefined): MapEntry[] {
  return isMap(node) ? node.entries : [];
}

export function seqItems(node: SourceNode | null | undefined): SourceNode[] {
  return isSeq(node) ? node.items : [];
}

/** A single value or a list of values, as IAM and CloudFormation allow in many places. */
export function oneOrMany(node: SourceNode | null | undefined): SourceNode[] {
  if (!node) return [];
  return isSeq(node) ? node.items : [node];
}

/** The name of the intrinsic function this node is (`Ref`, `Fn::Sub`, ...), if it is one. */
export function intrinsicName(node: SourceNode | null | undefined): string | undefined {
  if (!isMap(node) || node.entries.length !== 1) return undefined;
  const key = String(node.entries[0].key.value);
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : undefined;
}

export function isTruthyScalar(node: SourceNode | null | undefined): boolean {
  const text = scalarText(node);
  return text !== undefined && /^(true|yes|on)$/i.test(text);
}

export function rangeOf(node: SourceNode | MapEntry): TextRange {
  return node.range;
}

/**
 * A node as plain data (maps as objects, lists as arrays, scalars as their values); an intrinsic stays its map
 * (`{"Fn::GetAtt": ["T", "Arn"]}`). Bounded in depth, as any walk of a tree the user wrote.
 */
export function plainValueOf(node: SourceNode | null | undefined, depth = 0): unknown {
  if (!node || depth > 64) return undefined;
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => plainValueOf(item, depth + 1));
  return Object.fromEntries(node.entries.map((entry) => [String(entry.key.value), plainValueOf(entry.value, depth + 1)]));
}
