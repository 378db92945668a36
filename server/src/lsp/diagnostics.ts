/**
 * Turns one document's analysis into LSP diagnostics, in the analysis worker.
 * A finding's diagnostic carries, in `data`, only what finds the finding again
 * (rule id, uri, version, offsets, how many fixes it has); the fixes' edits are
 * built when a code action asks, so a keystroke converts no fix.
 */
import type { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity as LspDiagnosticSeverity, Range, TextEdit } from 'vscode-languageserver/node';
import { uriOfPath } from './paths';
import type { Finding, Fix, LineIndex, Severity, TextRange } from '../engine';
import type { DocumentAnalysis } from './document-analyses';

export const DIAGNOSTIC_SOURCE = 'slsward';
export const PARSE_ERROR_CODE = 'parse-error';
/** A document that looks like a template but could not be read or parsed enough to know its kind. */
export const NOT_ANALYSED_CODE = 'not-analysed';
/** The analysis ran out of its time or memory budget, or its worker failed. */
export const ANALYSIS_STOPPED_CODE = 'analysis-stopped';
/** Syntax problems shown per document; the rest are summed up in one more diagnostic. */
export const MAX_PARSE_DIAGNOSTICS = 20;

export interface LspFix {
  title: string;
  /** Edits of the finding's document, and (with `uri`) of another one: a handler's fix that adds a statement to its template. */
  edits: Array<TextEdit & { uri?: string }>;
}

/** The `data` of a finding's diagnostic. */
export interface FindingDiagnosticData {
  ruleId: string;
  uri: string;
  /** The document version the ranges and edits belong to. */
  version: number;
  /** How many fixes the finding has; their edits come from the worker's cache of this version. */
  fixCount: number;
  /** The finding's place in that version's analysis: two findings of one rule may share a range. */
  index: number;
  /** The finding's offsets in that version: with the cached analysis of the version, they locate it again. */
  offsets: TextRange;
  /** False for the engine's own findings (a suppression without a reason), which cannot be ignored. */
  canIgnore: boolean;
}

/**
 * LSP's severity numbers. This module runs in the analysis worker, which must
 * not load the LSP library (a quarter of its bundle, parsed on every worker
 * start) for three constants; the type import keeps them checked.
 */
const DiagnosticSeverity = { Error: 1, Warning: 2, Information: 3 } as const satisfies Record<string, LspDiagnosticSeverity>;

const SEVERITIES: Record<Severity, LspDiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(lineIndex: LineIndex, range: TextRange): Range {
  return { start: lineIndex.positionAt(range.start), end: lineIndex.positionAt(range.end) };
}

/**
 * A fix in LSP terms. An edit to another file (`edit.path`) is placed with that file's current text,
 * from `textOf` (the open document first, else the disk): the fix is dropped, never misplaced, when the
 * file is gone or no longer holds the text the edit was computed after (`expectedBefore`).
 */
export function toLspFix(lineIndex: LineIndex, fix: Fix, textOf?: (path: string) => { text: string; lineIndex: LineIndex } | undefined): LspFix | undefined {
  const edits: LspFix['edits'] = [];
  for (const edit of fix.edits) {
    if (edit.path === undefined) {
      edits.push({ range: toLspRange(lineIndex, edit.range), newText: edit.newText });
      continue;
    }
    const other = textOf?.(edit.path);
    if (!other || edit.range.end > other.text.length) return undefined;
    if (edit.expectedBefore !== undefined && other.text.slice(edit.range.start - edit.expectedBefore.length, edit.range.start) !== edit.expectedBefore) return undefined;
    edits.push({ range: toLspRange(other.lineIndex, edit.range), newText: edit.newText, uri: uriOfPath(edit.path) });
  }
  return { title: fix.title, edits };
}

export interface DiagnosticOptions {
  /** Only findings of real rules get an "ignore" action; the engine's own (a suppression without a reason) do not. */
  isRule(ruleId: string): boolean;
  /** The output channel: internal errors go there, never into the Problems view. */
  log(message: string): void;
  /** The line index of another file (a template a handler finding points at); related places without one are left out. */
  lineIndexOf?(path: string): LineIndex | undefined;
  /** Whether a finding of a real rule can be ignored here (no "ignore" line fits some inline code); true by default. */
  canIgnore?(finding: Finding): boolean;
}


export function diagnosticsOf(analysis: DocumentAnalysis, options: DiagnosticOptions): Diagnostic[] {
  const { lineIndex } = analysis;
  const result = analysis.result;
  if (result.notAnalysed) {
    options.log(`Not analysed: ${analysis.uri} (version ${analysis.version}): ${result.notAnalysed.reason}`);
    return [documentDiagnostic(NOT_ANALYSED_CODE, `Serverless Ward: not analysed: ${result.notAnalysed.reason}`)];
  }
  // Documents that are not ours get nothing, not even syntax errors: another extension owns them.
  // Handler code is ours when `result.code` is set (a template names it, or it has a handler).
  if (result.kind === null && !result.code) return [];
  const diagnostics: Diagnostic[] = [];
  let hiddenIssues = 0;
  let hiddenAreSyntax = true;
  for (const issue of result.issues) {
    // The editor's own TypeScript shows a handler file's syntax errors; a second copy would only add noise.
    if (result.code && issue.kind === 'syntax') continue;
    // A parser's own failure is logged, never shown as a syntax problem in the user's file.
    if (issue.kind === 'internal') {
      options.log(`Internal error while analysing ${analysis.uri} (version ${analysis.version}): ${issue.message}`);
      continue;
    }
    // Hostile input can yield thousands of parser errors; a few locate the problem, and all of them would cost a conversion each.
    if (diagnostics.length >= MAX_PARSE_DIAGNOSTICS) {
      hiddenIssues++;
      if (issue.kind !== 'syntax') hiddenAreSyntax = false;
      continue;
    }
    diagnostics.push({
      range: toLspRange(lineIndex, issue.range),
      severity: issue.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      // A part over a limit, or a `${file()}` that was not read, is not a syntax error in the user's text.
      code: issue.kind === 'limit' ? NOT_ANALYSED_CODE : PARSE_ERROR_CODE,
      source: DIAGNOSTIC_SOURCE,
      message: issue.message,
    });
  }
  if (hiddenIssues > 0) {
    diagnostics.push({
      ...documentDiagnostic(PARSE_ERROR_CODE, `${hiddenIssues} more ${hiddenAreSyntax ? 'syntax ' : ''}${hiddenIssues === 1 ? 'problem' : 'problems'} not shown`),
      range: diagnostics[diagnostics.length - 1].range,
    });
  }
  result.findings.forEach((finding, index) => diagnostics.push(findingDiagnostic(analysis, finding, index, options)));
  // Inline code refused as code (huge, minified, too deep), or analysed only in part: one diagnostic on its value each,
  // as the CLI lists it (skipped, or under the problems reading the file).
  for (const entry of analysis.inlineCode?.notAnalysed ?? []) {
    diagnostics.push({ ...documentDiagnostic(NOT_ANALYSED_CODE, `Serverless Ward: ${entry.reason}`), range: toLspRange(lineIndex, entry.range) });
  }
  return diagnostics;
}

/** One diagnostic about the whole document, on its first line. */
export function documentDiagnostic(code: string, message: string): Diagnostic {
  return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Warning, code, source: DIAGNOSTIC_SOURCE, message };
}

function findingDiagnostic(analysis: DocumentAnalysis, finding: Finding, index: number, options: DiagnosticOptions): Diagnostic {
  const { lineIndex } = analysis;
  // No edit is computed here: the "ignore" edit costs a re-parse per finding in JSON, and fixes
  // are rarely applied; the code action asks the worker, which has this version's analysis cached.
  const data: FindingDiagnosticData = {
    ruleId: finding.ruleId,
    uri: analysis.uri,
    version: analysis.version,
    fixCount: finding.fixes.length,
    index,
    offsets: { start: finding.range.start, end: finding.range.end },
    canIgnore: options.isRule(finding.ruleId) && (options.canIgnore?.(finding) ?? true),
  };
  const diagnostic: Diagnostic = {
    range: toLspRange(lineIndex, finding.range),
    severity: SEVERITIES[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  if (finding.docsUrl) diagnostic.codeDescription = { href: finding.docsUrl };
  // A handler finding points at its route or function in the template, and its taint path's ends.
  const related = relatedInformationOf(analysis, finding, options);
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

function relatedInformationOf(analysis: DocumentAnalysis, finding: Finding, options: DiagnosticOptions): DiagnosticRelatedInformation[] {
  const places = [...(finding.related ?? [])];
  // The source of a taint path, when it is not where the finding is underlined.
  const source = finding.steps?.[0];
  if (source && (source.path !== undefined || source.range.start !== finding.range.start)) places.push({ ...source, message: `source: ${source.message}` });
  const out: DiagnosticRelatedInformation[] = [];
  for (const place of places) {
    const isHere = place.path === undefined || place.path === analysis.path;
    const lines = isHere ? analysis.lineIndex : options.lineIndexOf?.(place.path as string);
    if (!lines) continue;
    const uri = isHere ? analysis.uri : uriOfPath(place.path as string);
    out.push({ location: { uri, range: toLspRange(lines, place.range) }, message: place.message });
  }
  return out;
}

export function isFindingDiagnosticData(value: unknown): value is FindingDiagnosticData {
  if (!value || typeof value !== 'object') return false;
  const data = value as Partial<FindingDiagnosticData>;
  return (
    typeof data.ruleId === 'string' &&
    typeof data.uri === 'string' &&
    typeof data.version === 'number' &&
    typeof data.fixCount === 'number' &&
    typeof data.index === 'number' &&
    typeof data.offsets?.start === 'number' &&
    typeof data.offsets?.end === 'number'
  );
}
