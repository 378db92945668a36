/**
 * JSON to the engine's source tree, with ranges, using `jsonc-parser`, which
 * is far faster than a YAML parser on JSON and keeps going after errors.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { MAX_TREE_DEPTH } from '../limits';
import { prescan } from './prescan';
import type { MapEntry, ParseIssue, ScalarNode, SourceNode } from '../types';


/**
 * Parses JSON given as the pre-scan left it (`isScanned`), or scanned here:
 * a policy document held in a string is parsed on its own, and no text
 * reaches the parser without the limits applied.
 */
export function parseJson(text: string, isScanned = false): { root: SourceNode | null; issues: ParseIssue[] } {
  if (!isScanned) {
    const scanned = prescan(text, 'json');
    if (scanned.refused) return { root: null, issues: [scanned.refused] };
    const parsed = parseJson(scanned.text, true);
    return scanned.issues.length === 0 ? parsed : { root: parsed.root, issues: [...scanned.issues, ...parsed.issues] };
  }
  const errors: ParseError[] = [];
  const issues: ParseIssue[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  } catch (error) {
    return { root: null, issues: [{ message: `The JSON parser failed (internal error: ${(error as Error).message}).`, range: { start: 0, end: 0 }, severity: 'error', kind: 'internal' }] };
  }
  // The caller keeps the first few; a flood of errors costs no more than the text it came from.
  for (const error of errors) {
    issues.push({ message: `JSON: ${printParseErrorCode(error.error)}`, range: { start: error.offset, end: error.offset + error.length }, severity: 'error', kind: 'syntax' });
  }
  let tooDeep = false;
  const convert = (node: JsonNode | undefined, depth: number): SourceNode | null => {
    if (!node) return null;
    if (depth > MAX_TREE_DEPTH) {
      tooDeep = true;
      return null;
    }
    const range = { start: node.offset, end: node.offset + node.length };
    switch (node.type) {
      case 'object': {
        const entries: MapEntry[] = [];
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode) continue;
          const key: ScalarNode = { kind: 'scalar', value: String(keyNode.value), isQuoted: true, range: { start: keyNode.offset, end: keyNode.offset + keyNode.length } };
          const value = convert(valueNode, depth + 1);
          entries.push({ key, value, range: { start: property.offset, end: property.offset + property.length } });
        }
        return { kind: 'map', entries, isFlow: true, range };
      }
      case 'array':
        return { kind: 'seq', isFlow: true, range, items: (node.children ?? []).map((child) => convert(child, depth + 1) ?? { kind: 'scalar', value: null, isQuoted: false, range: { start: child.offset, end: child.offset + child.length } }) };
      case 'string':
        return { kind: 'scalar', value: String(node.value), isQuoted: true, range };
      case 'number':
      case 'boolean':
        return { kind: 'scalar', value: node.value as number | boolean, isQuoted: false, range };
      default:
        return { kind: 'scalar', value: null, isQuoted: false, range };
    }
  };
  const root = convert(tree, 0);
  if (tooDeep) issues.push({ message: `Nesting deeper than ${MAX_TREE_DEPTH} levels was not analysed.`, range: { start: 0, end: 0 }, severity: 'warning', kind: 'limit' });
  return { root, issues };
}
