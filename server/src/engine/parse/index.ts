/**
 * Picks the syntax (JSON or YAML) for a document, runs the linear pre-scan
 * (`prescan.ts`, which applies the limits in `limits.ts`) and parses it into the
 * engine's source tree. Never throws: problems become parse issues, each with
 * its kind (syntax, limit or internal). The editor and the CLI both call this.
 */
import { MAX_DOCUMENT_LENGTH, MAX_PARSE_ISSUES } from '../limits';
import type { ParsedDocument, ParseIssue, SyntaxFormat } from '../types';
import { parseJson } from './json';
import { prescan } from './prescan';
import { parseYaml } from './yaml';

export { MAX_DOCUMENT_LENGTH };

export function syntaxOf(path: string, text: string): SyntaxFormat {
  if (/\.json$/i.test(path)) return 'json';
  if (/\.ya?ml$/i.test(path)) return 'yaml';
  return /^\s*[{[]/.test(text.slice(0, 200)) ? 'json' : 'yaml';
}

export function parseDocument(path: string, text: string): ParsedDocument {
  const format = syntaxOf(path, text);
  const refused = (message: string): ParsedDocument => ({ path, text, format, root: null, issues: [{ message, range: { start: 0, end: 0 }, severity: 'warning', kind: 'limit' }] });
  if (text.length > MAX_DOCUMENT_LENGTH) return refused(`File is larger than ${MAX_DOCUMENT_LENGTH / 1024 / 1024} MB and was not analysed.`);
  if (text.includes('\u0000')) return refused('File looks binary and was not analysed.');
  try {
    const scanned = prescan(text, format);
    if (scanned.refused) return { path, text, format, root: null, issues: [scanned.refused] };
    // Same length as `text`: every range the parsers give points into the user's text.
    const { root, issues } = format === 'json' ? parseJson(scanned.text, true) : parseYaml(scanned.text, scanned);
    return { path, text, format, root, issues: capIssues([...scanned.issues, ...issues]) };
  } catch (error) {
    // The parsers do not throw on any input we know of; if one does, it is our bug, not a syntax error.
    const message = `The ${format === 'json' ? 'JSON' : 'YAML'} parser failed (internal error: ${String((error as Error)?.message ?? error).split('\n')[0]}).`;
    return { path, text, format, root: null, issues: [{ message, range: { start: 0, end: 0 }, severity: 'error', kind: 'internal' }] };
  }
}

/**
 * At most MAX_PARSE_ISSUES issues, then one that says how many more there were.
 * Limit and internal issues come first (they say what was not analysed), then
 * syntax errors in document order.
 */
function capIssues(issues: ParseIssue[]): ParseIssue[] {
  if (issues.length <= MAX_PARSE_ISSUES) return issues;
  const sorted = [...issues].sort((a, b) => Number(a.kind === 'syntax') - Number(b.kind === 'syntax') || a.range.start - b.range.start);
  const kept = sorted.slice(0, MAX_PARSE_ISSUES).sort((a, b) => a.range.start - b.range.start);
  const omitted = sorted.length - kept.length;
  const at = sorted[MAX_PARSE_ISSUES].range;
  kept.push({ message: `${omitted} more parse ${omitted === 1 ? 'issue' : 'issues'} in this file not listed.`, range: { start: at.start, end: at.start }, severity: 'warning', kind: 'limit' });
  return kept;
}
