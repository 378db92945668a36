/**
 * Small text edits on map entries that the secrets rules' fixes need and the
 * engine's edit helpers do not offer: removing a whole YAML block entry line.
 * Pure text arithmetic on node ranges; never re-serialises a document.
 */
import type { MapEntry, ParsedDocument, TextEdit } from '../../../server/src/engine';

/**
 * Removes a block-YAML entry that sits alone on its line(s), with its line
 * break. Undefined for JSON and flow maps, or when something else shares the line.
 */
export function removeBlockEntry(document: ParsedDocument, entry: MapEntry): TextEdit | undefined {
  if (document.format !== 'yaml') return undefined;
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', entry.range.start - 1) + 1;
  if (text.slice(lineStart, entry.range.start).trim() !== '') return undefined;
  let lineEnd = text.indexOf('\n', entry.range.end);
  if (lineEnd < 0) lineEnd = text.length;
  const rest = text.slice(entry.range.end, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('#')) return undefined;
  return { range: { start: lineStart, end: Math.min(lineEnd + 1, text.length) }, newText: '' };
}
