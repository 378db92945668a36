/**
 * Runs the code rules over one handler source file: the code model from `analyzeCode`, joined with
 * what the templates say about its handlers (`HandlerBinding`s). It sets each finding's severity from
 * the handler's exposure, points it at the route or function in the template, applies rule settings
 * and `slsward-ignore` comments, and never throws: a rule that throws becomes an internal error.
 */
import type { AnalysisResult } from '../analyze';
import type { CodeReportDescriptor, CodeRuleModule } from '../code-rule';
import type { Suppression } from '../model/types';
import type { Exposure, HandlerBinding, HandlerTrigger } from '../project/types';
import { docsUrlOf } from '../rule';
import { missingReasonFinding, reasonOf } from '../suppress/suppressions';
import type { EngineSettings, Finding, Severity, TextRange } from '../types';
import { defaultEngineSettings } from '../types';
import { analyzeCode } from './index';
import type { CodeDocumentCache } from './document-cache';
import type { SyntaxTreeCache } from './syntax-cache';
import type { CodeDocument, CodeLocation, ModuleReader, TriggerKind } from './model';
import { isAnalysisLimit } from './model';
import { edgeBodyGuardOf, type EdgeBodyGuard } from './edge-schema';

export interface AnalyzeHandlerInput {
  path: string;
  text: string;
  rules: readonly CodeRuleModule[];
  /** What the templates say about this file's exports; absent or empty when no template names it. */
  bindings?: readonly HandlerBinding[];
  settings?: Partial<EngineSettings>;
  /** Relative imports and re-exports, confined to the workspace by the caller. */
  readModule?: ModuleReader;
  workBudget?: number;
  /** Throw when a rule reports an undeclared messageId or fix, or throws (tests only). */
  strict?: boolean;
  /** The caller's kept syntax trees, for an incremental re-parse of the next version (see `SyntaxTreeCache`). */
  syntaxTrees?: SyntaxTreeCache;
  /** The caller's kept code models, with `syntaxTrees` (see `CodeDocumentCache`). */
  documents?: CodeDocumentCache;
  /**
   * Exports of this file that a template-named handler file re-exports (`reExportedHandlers`): that file's analysis
   * reports them, at its re-export, with its bindings. Here their findings are left out (unless a template names the
   * export in this file too), so one flow is not reported again as a handler no template names.
   */
  reExportedElsewhere?: readonly string[];
}

const HTTP_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket']);
/** Most exposed first: an unknown exposure may be public, so it ranks above an authenticated one. */
const EXPOSURE_RANK: Record<Exposure, number> = { public: 0, unknown: 1, authenticated: 2, internal: 3 };
const LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'info' };
export const UNBOUND_REASON = 'no template names this handler: the event is treated as untrusted';

export function isHttpTrigger(trigger: HandlerTrigger | TriggerKind): boolean {
  return HTTP_TRIGGERS.has(typeof trigger === 'string' ? trigger : trigger.kind);
}

/** The trigger a template gives an export: its first HTTP trigger, else its first trigger. */
function triggerOfExport(bindings: readonly HandlerBinding[], exportName: string): TriggerKind | undefined {
  const triggers = bindings.filter((binding) => binding.exportName === exportName).flatMap((binding) => binding.triggers);
  return (triggers.find(isHttpTrigger) ?? triggers[0])?.kind;
}

/**
 * What API Gateway's request validation proves about the export's body: only when every trigger of it is a
 * REST route whose body is checked against a model the template shows (a queue or an unvalidated route would
 * hand it bodies nobody checked).
 */
function edgeBodyOfExport(bindings: readonly HandlerBinding[], exportName: string): EdgeBodyGuard | undefined {
  const triggers = bindings.filter((binding) => binding.exportName === exportName).flatMap((binding) => binding.triggers);
  if (triggers.length === 0 || !triggers.every((trigger) => trigger.kind === 'api-rest' && trigger.edgeBodyModel)) return undefined;
  return edgeBodyGuardOf(triggers.map((trigger) => trigger.edgeBodyModel!));
}

/** The most exposed of the bindings that name `handler` (all bindings for a file-wide fact). */
export function mostExposedBinding(bindings: readonly HandlerBinding[], handler: string | undefined): HandlerBinding | undefined {
  const named = handler === undefined ? bindings : bindings.filter((binding) => binding.exportName === handler);
  return [...named].sort((a, b) => EXPOSURE_RANK[a.exposure] - EXPOSURE_RANK[b.exposure])[0];
}

/** The template place a binding's finding points at: the most exposed HTTP trigger (an unauthenticated one first), else the function. */
function relatedOfBinding(binding: HandlerBinding): { path: string; range: TextRange; message: string } {
  const http = binding.triggers.filter(isHttpTrigger).sort((a, b) => Number(a.auth !== 'none') - Number(b.auth !== 'none'))[0];
  if (http) return { path: http.location.path, range: http.location.range, message: `${http.description} invokes this handler (function ${binding.functionName})` };
  return { path: binding.functionLocation.path, range: binding.functionLocation.range, message: `function ${binding.functionName} names this handler` };
}

function severityFor(base: Severity, exposure: Exposure | undefined): Severity {
  if (exposure === 'public') return 'error';
  if (exposure === 'authenticated' || exposure === 'internal') return LOWER[base];
  return base;
}

function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

function toPlace(location: CodeLocation | { path: string; range: TextRange }, message: string): { path?: string; range: TextRange; message: string } {
  return location.path === undefined ? { range: location.range, message } : { path: location.path, range: location.range, message };
}

/**
 * `slsward-ignore <rule-id>: <reason>` in a comment, with the templates' semantics: a comment alone on
 * its line covers the next line, a trailing one its own line; no reason, no suppression.
 */
function codeSuppressions(document: CodeDocument, text: string): Suppression[] {
  const out: Suppression[] = [];
  for (const comment of document.comments ?? []) {
    // `/** slsward-ignore ... */` keeps a leading `*` in the comment's text.
    const match = /^\*?\s*slsward-ignore\s+([A-Za-z0-9_-]+)\s*(?::\s*([\s\S]*?))?\s*$/.exec(comment.text);
    if (!match) continue;
    const lineStart = text.lastIndexOf('\n', comment.range.start - 1) + 1;
    const isOwnLine = text.slice(lineStart, comment.range.start).trim() === '';
    // A block comment may span lines: the line it ends on, or the one after, is covered.
    const endLineStart = text.lastIndexOf('\n', comment.range.end - 1) + 1;
    const endLineEnd = lineEnd(text, comment.range.end);
    const next = text.indexOf('\n', comment.range.end);
    const afterComment = text.slice(comment.range.end, endLineEnd).trim();
    let appliesTo = isOwnLine && afterComment === '' && next >= 0 ? { start: next + 1, end: lineEnd(text, next + 1) } : { start: Math.min(lineStart, endLineStart), end: endLineEnd };
    // Above a statement written over several lines (a call with its arguments below), the whole statement.
    if (isOwnLine && comment.covers && comment.covers.start <= appliesTo.end && comment.covers.end > appliesTo.end) appliesTo = { start: appliesTo.start, end: comment.covers.end };
    out.push({ ruleId: match[1], reason: reasonOf(match[2]), range: comment.range, appliesTo, via: 'slsward-ignore' });
  }
  return out;
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}|${finding.messageId}|${finding.range.start}|${finding.range.end}|${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function analyzeHandlerFile(input: AnalyzeHandlerInput): AnalysisResult {
  const result: AnalysisResult = { path: input.path, kind: null, findings: [], suppressed: [], issues: [], endpoints: [], internalErrors: [] };
  try {
    return runCodeRules(input, result);
  } catch (error) {
    if (input.strict) throw error;
    result.internalErrors.push(`code analysis: ${(error as Error)?.stack ?? error}`);
    return result;
  }
}

function runCodeRules(input: AnalyzeHandlerInput, result: AnalysisResult): AnalysisResult {
  const settings: EngineSettings = { ...defaultEngineSettings, ...input.settings, rules: { ...defaultEngineSettings.rules, ...input.settings?.rules } };
  const bindings = input.bindings ?? [];
  const exportNames = [...new Set(bindings.map((binding) => binding.exportName))];
  const handlers = exportNames.map((exportName) => {
    const edgeBody = edgeBodyOfExport(bindings, exportName);
    return { exportName, trigger: triggerOfExport(bindings, exportName), ...(edgeBody && { edgeBody }) };
  });
  const document = analyzeCode({ path: input.path, text: input.text, handlers: handlers.length > 0 ? handlers : undefined, readModule: input.readModule, workBudget: input.workBudget, syntaxTrees: input.syntaxTrees, documents: input.documents });
  result.code = document;
  if (document.skipped) {
    // A skipped file that a template names is one the user expects us to read: say why we did not.
    if (bindings.length > 0) result.notAnalysed = { reason: `Not analysed: ${document.skipped}` };
    return result;
  }
  // Where the analysis stopped short (a budget, nesting, a re-export chain, a named export that is missing or whose
  // app cannot be read), the user is told: without it, a handler with no finding reads as clean. Syntax errors are
  // issues of kind `syntax`: a report lists them (the code was analysed only as far as it parses), while the editor
  // leaves them to its own TypeScript. Our own failures are internal errors.
  for (const issue of document.issues) {
    if (issue.severity === 'error') result.internalErrors.push(issue.message);
    else if (issue.kind === 'syntax') result.issues.push({ message: `Handler code has ${issue.message}.`, range: issue.range ?? { start: 0, end: 0 }, severity: 'warning', kind: 'syntax' });
    else if (isAnalysisLimit(issue)) result.issues.push({ message: `Handler code not fully analysed: ${issue.message}.`, range: issue.range ?? { start: 0, end: 0 }, severity: 'warning', kind: 'limit' });
  }
  const rawFindings: Finding[] = [];
  const reportedElsewhere = new Set((input.reExportedElsewhere ?? []).filter((name) => !exportNames.includes(name)));
  for (const rule of input.rules) {
    const meta = rule.meta;
    if (!meta.languages.includes(document.language)) continue;
    const configured = settings.rules[meta.id];
    if (configured === 'off') continue;
    const report = (descriptor: CodeReportDescriptor) => {
      if (descriptor.handler !== undefined && reportedElsewhere.has(descriptor.handler)) return;
      const template = meta.messages[descriptor.messageId];
      if (template === undefined) {
        if (input.strict) throw new Error(`Rule ${meta.id} reported unknown messageId '${descriptor.messageId}'.`);
        return;
      }
      if (input.strict && descriptor.fixes?.length && meta.fix === 'none') throw new Error(`Rule ${meta.id} reported a fix but declares fix: 'none'.`);
      const base = meta.messageSeverity?.[descriptor.messageId] ?? meta.severity;
      const binding = mostExposedBinding(bindings, descriptor.handler);
      let message = formatMessage(template, descriptor.data);
      let severity = base;
      if (meta.severityFollowsExposure) {
        severity = severityFor(base, binding?.exposure);
        message += ` (${binding ? binding.exposureReason : UNBOUND_REASON})`;
      }
      const named = descriptor.handler === undefined ? bindings : bindings.filter((candidate) => candidate.exportName === descriptor.handler);
      const related = [
        ...[...named].sort((a, b) => EXPOSURE_RANK[a.exposure] - EXPOSURE_RANK[b.exposure]).slice(0, 8).map(relatedOfBinding),
        ...(descriptor.related ?? []).map((entry) => toPlace(entry.location, entry.message)),
      ];
      const equivalents = [...new Set([...meta.equivalents, ...(meta.messageEquivalents?.[descriptor.messageId] ?? []), ...(descriptor.equivalents ?? [])])];
      rawFindings.push({
        ruleId: meta.id,
        messageId: descriptor.messageId,
        message,
        severity: configured ?? severity,
        category: meta.category,
        range: descriptor.range,
        fixes: descriptor.fixes ?? [],
        equivalents,
        docsUrl: docsUrlOf(meta),
        ...(related.length > 0 && { related }),
        ...(descriptor.steps?.length && { steps: descriptor.steps.map((step) => toPlace(step.location, step.description)) }),
      });
    };
    try {
      rule.checkCode({ code: document, bindings, text: input.text, report });
    } catch (error) {
      if (input.strict) throw error;
      result.internalErrors.push(`${meta.id}: ${(error as Error)?.stack ?? error}`);
    }
  }

  const suppressions = settings.honourInlineIgnores ? codeSuppressions(document, input.text) : [];
  for (const finding of dedupe(rawFindings)) {
    const match = suppressions.find((s) => s.ruleId === finding.ruleId && s.appliesTo.start <= finding.range.start && finding.range.start <= s.appliesTo.end);
    if (match?.reason) result.suppressed.push({ finding, reason: match.reason, via: match.via });
    else result.findings.push(finding);
  }
  const rulesById = new Map(input.rules.map((rule) => [rule.meta.id, rule]));
  for (const suppression of suppressions) {
    if (suppression.reason) continue;
    const target = rulesById.get(suppression.ruleId)?.meta;
    result.findings.push(missingReasonFinding(suppression, target && { ...target, targets: [] }));
  }
  result.findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return result;
}
