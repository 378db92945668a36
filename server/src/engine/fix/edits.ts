/**
 * Minimal text edits for quick fixes, computed from node ranges so that
 * comments and layout survive. Never re-serialises a document. Handles YAML
 * block maps, YAML flow maps and JSON objects, following the file's own indent.
 */
import type { MapNode, ParsedDocument, SourceNode, TextEdit } from '../types';

export type PlainValue = string | number | boolean | PlainValue[] | { [key: string]: PlainValue };

/** The column (0-based) of an offset. */
export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** The end of the line that holds `offset`, before its line break. */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/**
 * The file's indent unit: the smallest indentation step it uses, 2 when unsure.
 * Every fix of a document asks for it, so the scan runs once per text: a scan per
 * finding made a keystroke cost findings x file size.
 */
export function indentUnitOf(text: string): number {
  if (text === lastIndentText) return lastIndentUnit;
  let smallest = Infinity;
  const limit = Math.min(text.length, 200_000);
  // One pass over line starts, no regular expression over the whole text.
  for (let lineStart = 0; lineStart < limit; ) {
    let column = lineStart;
    while (column < limit && text.charCodeAt(column) === 32) column++;
    const width = column - lineStart;
    if (width > 0 && column < limit && !isLineBreakOrSpace(text.charCodeAt(column)) && width < smallest) smallest = width;
    const newline = text.indexOf('\n', column);
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  lastIndentText = text;
  lastIndentUnit = Number.isFinite(smallest) && smallest <= 8 ? smallest : 2;
  return lastIndentUnit;
}

let lastIndentText: string | undefined;
let lastIndentUnit = 2;

function isLineBreakOrSpace(code: number): boolean {
  return code === 10 || code === 13 || code === 9 || code === 32 || code === 12 || code === 11;
}

export function replaceNode(node: { range: { start: number; end: number } }, newText: string): TextEdit {
  return { range: { start: node.range.start, end: node.range.end }, newText };
}

/** Adds entries to a map, in the style of the map (block YAML, flow YAML or JSON). */
export function insertMapEntries(document: ParsedDocument, map: MapNode, entries: Record<string, PlainValue>): TextEdit {
  const text = document.text;
  if (document.format === 'json') return insertJsonEntries(text, map, entries);
  if (map.isFlow || map.entries.length === 0) return insertFlowYamlEntries(text, map, entries);
  const indent = columnOf(text, map.entries[0].key.range.start);
  const unit = indentUnitOf(text);
  const last = map.entries[map.entries.length - 1];
  // After the end of the last entry's line, so a trailing comment stays where it was.
  const at = endOfLine(text, last.range.end);
  const lines = Object.entries(entries).map(([key, value]) => yamlBlockEntry(key, value, indent, unit)).join('\n');
  return { range: { start: at, end: at }, newText: `\n${lines}` };
}

/** The YAML text of `key: value` at an indent, nested maps and lists in block style. */
export function yamlBlockEntry(key: string, value: PlainValue, indent: number, unit: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const [first, ...rest] = Object.entries(item).map(([k, v]) => yamlBlockEntry(k, v, indent + unit + 2, unit));
        return `${pad}${' '.repeat(unit)}- ${first.trimStart()}${rest.length ? '\n' + rest.join('\n') : ''}`;
      }
      return `${pad}${' '.repeat(unit)}- ${yamlScalar(item)}`;
    });
    return `${pad}${yamlKey(key)}:\n${items.join('\n')}`;
  }
  if (value !== null && typeof value === 'object') {
    const nested = Object.entries(value).map(([k, v]) => yamlBlockEntry(k, v, indent + unit, unit));
    return `${pad}${yamlKey(key)}:\n${nested.join('\n')}`;
  }
  return `${pad}${yamlKey(key)}: ${yamlScalar(value)}`;
}

function yamlKey(key: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(key) ? key : JSON.stringify(key);
}

/** A scalar in YAML, quoted only when plain style would change its meaning. */
export function yamlScalar(value: PlainValue): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return JSON.stringify(value);
  const needsQuotes =
    value === '' ||
    /^[\s]|[\s]$/.test(value) ||
    /^(true|false|yes|no|on|off|null|~|-?\d[\d.e+-]*)$/i.test(value) ||
    /[:#]\s|[{}[\],&*!|>'"%@`]|^[-?:]|\s#|:$/.test(value);
  return needsQuotes ? `'${value.replace(/'/g, "''")}'` : value;
}

function flowValue(value: PlainValue): string {
  if (Array.isArray(value)) return `[${value.map(flowValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${yamlKey(k)}: ${flowValue(v)}`).join(', ')} }`;
  return yamlScalar(value);
}

function insertFlowYamlEntries(text: string, map: MapNode, entries: Record<string, PlainValue>): TextEdit {
  const body = Object.entries(entries).map(([key, value]) => `${yamlKey(key)}: ${flowValue(value)}`).join(', ');
  if (map.entries.length === 0) return { range: { start: map.range.start, end: map.range.end }, newText: `{ ${body} }` };
  const last = map.entries[map.entries.length - 1];
  return { range: { start: last.range.end, end: last.range.end }, newText: `, ${body}` };
}

function insertJsonEntries(text: string, map: MapNode, entries: Record<string, PlainValue>): TextEdit {
  const unit = indentUnitOf(text);
  if (map.entries.length === 0) {
    // `"Key": {}`: the new entries go one unit deeper than the line, and the brace closes at the line's indent.
    const indent = lineIndentOf(text, map.range.start);
    const inner = Object.entries(entries).map(([key, value]) => `${' '.repeat(indent + unit)}${JSON.stringify(key)}: ${jsonValue(value, indent + unit, unit)}`);
    return { range: { start: map.range.start, end: map.range.end }, newText: `{\n${inner.join(',\n')}\n${' '.repeat(indent)}}` };
  }
  const last = map.entries[map.entries.length - 1];
  const isSingleLine = !text.slice(map.range.start, map.range.end).includes('\n');
  if (isSingleLine) {
    const body = Object.entries(entries).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ');
    return { range: { start: last.range.end, end: last.range.end }, newText: `, ${body}` };
  }
  const indent = columnOf(text, last.key.range.start);
  const lines = Object.entries(entries).map(([key, value]) => `${' '.repeat(indent)}${JSON.stringify(key)}: ${jsonValue(value, indent, unit)}`);
  return { range: { start: last.range.end, end: last.range.end }, newText: `,\n${lines.join(',\n')}` };
}

/** The indentation (leading spaces) of the line holding an offset. */
export function lineIndentOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  // Reads the line's leading blanks only: a slice to the end of the text per fix made fixes cost findings x file size.
  let end = lineStart;
  while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return end - lineStart;
}

/** JSON text of a value, pretty-printed to continue at `indent`. */
export function jsonValue(value: PlainValue, indent: number, unit: number): string {
  return JSON.stringify(value, null, unit).replace(/\n/g, `\n${' '.repeat(indent)}`);
}

/** The text of a new value for an existing node, in the document's syntax. */
export function valueText(document: ParsedDocument, node: SourceNode, value: PlainValue): string {
  if (document.format === 'json') return jsonValue(value, lineIndentOf(document.text, node.range.start), indentUnitOf(document.text));
  return typeof value === 'object' ? flowValue(value) : yamlScalar(value);
}
