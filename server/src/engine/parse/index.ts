/**
 * Picks the syntax (JSON or YAML) for a document and parses it into the
 * engine's source tree. Never throws: problems become parse issues.
 */
import type { ParsedDocument, SyntaxFormat } from '../types';
import { parseJson } from './json';
import { parseYaml } from './yaml';

/** Larger documents are not analysed; the biggest real templates are far below this. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

export function syntaxOf(path: string, text: string): SyntaxFormat {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return /^\s*[{[]/.test(text.slice(0, 200)) ? 'json' : 'yaml';
}

export function parseDocument(path: string, text: string): ParsedDocument {
  const format = syntaxOf(path, text);
  if (text.length > MAX_DOCUMENT_LENGTH) {
    return { path, text, format, root: null, issues: [{ message: `File is larger than ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB and was not analysed.`, range: { start: 0, end: 0 }, severity: 'warning' }] };
  }
  if (text.includes('\u0000')) {
    return { path, text, format, root: null, issues: [{ message: 'File looks binary and was not analysed.', range: { start: 0, end: 0 }, severity: 'warning' }] };
  }
  const { root, issues } = format === 'json' ? parseJson(text) : parseYaml(text);
  return { path, text, format, root, issues };
}
