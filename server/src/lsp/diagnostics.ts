/**
 * Turns one document's analysis into LSP diagnostics. Each finding's
 * diagnostic carries, in `data`, what its code actions need (the fixes as LSP
 * edits and the version they apply to), so code actions never re-analyse.
 */
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { Finding, Fix, LineIndex, Severity, TextRange } from '../engine';
import type { DocumentAnalysis } from './document-analyses';

export const DIAGNOSTIC_SOURCE = 'slsward';
export const PARSE_ERROR_CODE = 'parse-error';

export interface LspFix {
  title: string;
  edits: TextEdit[];
}

/** The `data` of a finding's diagnostic. */
export interface FindingDiagnosticData {
  ruleId: string;
  uri: string;
  /** The document version the ranges and edits belong to. */
  version: number;
  fixes: LspFix[];
  /** The finding's offsets in that version: with the cached parse of the version, they locate it for the "ignore" edit. */
  offsets: TextRange;
  /** False for the engine's own findings (a suppression without a reason), which cannot be ignored. */
  canIgnore: boolean;
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(lineIndex: LineIndex, range: TextRange): Range {
  return { start: lineIndex.positionAt(range.start), end: lineIndex.positionAt(range.end) };
}

export function toLspFix(lineIndex: LineIndex, fix: Fix): LspFix {
  return { title: fix.title, edits: fix.edits.map((edit) => ({ range: toLspRange(lineIndex, edit.range), newText: edit.newText })) };
}

export interface DiagnosticOptions {
  /** Only findings of real rules get an "ignore" action; the engine's own (a suppression without a reason) do not. */
  isRule(ruleId: string): boolean;
}

export function diagnosticsOf(analysis: DocumentAnalysis, options: DiagnosticOptions): Diagnostic[] {
  const { result, lineIndex } = analysis;
  // Documents that are not ours get nothing, not even syntax errors: another extension owns them.
  if (result.kind === null) return [];
  const diagnostics: Diagnostic[] = [];
  for (const issue of result.issues) {
    diagnostics.push({
      range: toLspRange(lineIndex, issue.range),
      severity: issue.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      code: PARSE_ERROR_CODE,
      source: DIAGNOSTIC_SOURCE,
      message: issue.message,
    });
  }
  for (const finding of result.findings) {
    diagnostics.push(findingDiagnostic(analysis, finding, options));
  }
  return diagnostics;
}

function findingDiagnostic(analysis: DocumentAnalysis, finding: Finding, options: DiagnosticOptions): Diagnostic {
  const { lineIndex } = analysis;
  // The "ignore" edit is not computed here: for JSON it costs a re-parse per finding (several
  // times the whole analysis on a large template), on every keystroke, for edits rarely used.
  // The code action computes it from the cached parse of this same version instead.
  const data: FindingDiagnosticData = {
    ruleId: finding.ruleId,
    uri: analysis.uri,
    version: analysis.version,
    fixes: finding.fixes.map((fix) => toLspFix(lineIndex, fix)),
    offsets: { start: finding.range.start, end: finding.range.end },
    canIgnore: options.isRule(finding.ruleId),
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
  return diagnostic;
}

export function isFindingDiagnosticData(value: unknown): value is FindingDiagnosticData {
  if (!value || typeof value !== 'object') return false;
  const data = value as Partial<FindingDiagnosticData>;
  return (
    typeof data.ruleId === 'string' &&
    typeof data.uri === 'string' &&
    typeof data.version === 'number' &&
    Array.isArray(data.fixes) &&
    typeof data.offsets?.start === 'number' &&
    typeof data.offsets?.end === 'number'
  );
}
