/**
 * Audits a list of files with the engine and gathers one report, positions
 * in 0-based lines and characters. Shared by the CLI and the editor's audit
 * command; it yields to the event loop between files so that progress and
 * cancellation work, and it never throws for a file's content.
 */
import { basename } from 'node:path';
import { analyze, LineIndex, mayBeTemplate, parseDocument } from '../engine';
import type { AnalysisResult, Category, EndpointSummary, EngineSettings, Finding, ParameterValues, RuleModule, Severity, SuppressionTool, WorkspaceFileReader } from '../engine';
import type { SkippedFile } from './discover';
import { mergeParameters, samConfigBeside } from './parameters';
import { readTextFileSafely, type TextFileResult } from './read-file';

export interface Position {
  line: number;
  character: number;
}

/** A place another finding points at (a route in the template, a step of a taint path), with its position. */
export interface LocatedPlace {
  path: string;
  start: Position;
  end: Position;
  message: string;
}

/**
 * A finding with its file and positions. `relatedPlaces` and `flow` are `related` and `steps`
 * located (with their own file's positions); a place whose file could not be read is left out.
 */
export type LocatedFinding = Finding & { path: string; start: Position; end: Position; relatedPlaces?: LocatedPlace[]; flow?: LocatedPlace[] };

/** The line index of another file of the audit (a template a handler finding points at), or undefined. */
export type LineIndexOf = (path: string) => LineIndex | undefined;

/**
 * `path` is the file, as for findings; the route's own path (`/orders/{id}`),
 * which `EndpointSummary` calls `path`, moves to `route`.
 */
export type LocatedEndpoint = Omit<EndpointSummary, 'path'> & {
  path: string;
  route: string;
  line: number;
  /** For an operation of an OpenAPI file the template names: that file and the 0-based line of the operation. */
  definition?: { path: string; line: number };
};

export interface SuppressedReportEntry {
  path: string;
  ruleId: string;
  reason: string;
  via: string;
  /** Set when another tool's suppression was honoured (`checkov`, `cfn_nag`, `cfn-lint`, `semgrep`). */
  tool?: SuppressionTool;
  /** The other tool's id that it names; '' for a bare `# nosemgrep`. */
  toolRuleId?: string;
  /** 0-based line of the suppressed finding. */
  line: number;
  /** The finding that was suppressed, with its position (SARIF reports it as suppressed). */
  finding: LocatedFinding;
}

export interface AuditIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  start: Position;
}

export interface AuditReport {
  version: 1;
  /** The analysed files that are ours (serverless, SAM or CloudFormation). */
  files: string[];
  findings: LocatedFinding[];
  endpoints: LocatedEndpoint[];
  skipped: SkippedFile[];
  suppressed: SuppressedReportEntry[];
  internalErrors: Array<{ path: string; message: string }>;
  /** Syntax problems in files that are ours; analysis went on with what parsed. */
  issues: AuditIssue[];
  counts: { bySeverity: Record<Severity, number>; byCategory: Record<Category, number> };
  /** Every function of the audited templates, with its handler and the IAM actions its code calls (handler code audits only). */
  functions: FunctionInventoryEntry[];
  /** True when `isCancelled` stopped the audit early. */
  cancelled?: boolean;
}

/** One function of a template in the audit's inventory: where its handler is, and what its code calls against what its role grants. */
export interface FunctionInventoryEntry {
  /** The template. */
  path: string;
  /** 0-based line of the function's declaration. */
  line: number;
  functionName: string;
  /** `file`: the handler file resolved; `inline`: code in the template; `unresolved`: not found (`reason`). */
  status: 'file' | 'inline' | 'unresolved';
  handler?: { path: string; exportName: string };
  reason?: string;
  /** The IAM actions the handler's AWS calls need; absent when it makes none or was not read. */
  actions?: string[];
  /** Of `actions`, those the role does not grant (when every grant was read). */
  actionsNotGranted?: string[];
  /** Why `actions` may lack some. */
  actionsIncomplete?: string[];
  /** The handler file resolved but its code was not analysed (too large, minified, unreadable): why. Then `actions` says nothing. */
  codeNotRead?: string;
}

export interface AuditOptions {
  rules: readonly RuleModule[];
  settings?: Partial<EngineSettings>;
  readFile?: WorkspaceFileReader;
  /** Parameter values for every file (a `--parameters` file); they win over samconfig.toml. */
  parameters?: ParameterValues;
  /** Read the `samconfig.toml` beside each template for parameter values (default true). */
  readSamConfig?: boolean;
  onProgress?: (done: number, total: number) => void;
  isCancelled?: () => boolean;
  /** Reads a file's text; the LSP passes one that prefers open documents. */
  readText?: (path: string) => Promise<TextFileResult>;
}

/** Distinct syntax problems listed per file; the rest are counted. */
const MAX_ISSUES_PER_FILE = 10;

export const CATEGORIES: readonly Category[] = ['auth', 'iam', 'input', 'storage', 'transit', 'secrets', 'logging', 'throttling'];
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function emptyReport(): AuditReport {
  return {
    version: 1,
    files: [],
    findings: [],
    endpoints: [],
    skipped: [],
    suppressed: [],
    internalErrors: [],
    issues: [],
    functions: [],
    counts: {
      bySeverity: Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>,
      byCategory: Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as Record<Category, number>,
    },
  };
}

export async function auditFiles(files: string[], options: AuditOptions): Promise<AuditReport> {
  const report = emptyReport();
  const readText = options.readText ?? readTextFileSafely;
  const samConfigs = new Map<string, ReturnType<typeof samConfigBeside>>();
  options.onProgress?.(0, files.length);
  for (let index = 0; index < files.length; index++) {
    if (options.isCancelled?.()) {
      report.cancelled = true;
      break;
    }
    const path = files[index];
    let read: TextFileResult;
    try {
      read = await readText(path);
    } catch (error) {
      read = { error: `cannot be read (${(error as Error)?.message ?? String(error)})` };
    }
    if ('error' in read) report.skipped.push({ path, reason: read.error });
    else {
      let samConfig: ParameterValues | undefined;
      if (options.readSamConfig !== false) {
        const found = samConfigBeside(path);
        if (!samConfigs.has(found.path)) {
          samConfigs.set(found.path, found);
          if (found.reason) report.skipped.push({ path: found.path, reason: `parameter values not used: ${found.reason}` });
        }
        samConfig = found.parameters;
      }
      auditText(path, read.text, { ...options, parameters: mergeParameters(samConfig, options.parameters) }, report);
    }
    options.onProgress?.(index + 1, files.length);
    // Let progress notifications and cancellation requests through.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return report;
}

/** Analyses one text and adds its results to `report`; returns the analysis when the file is ours. */
export function auditText(
  path: string,
  text: string,
  options: Pick<AuditOptions, 'rules' | 'settings' | 'readFile' | 'parameters'> & { lineIndexOf?: LineIndexOf },
  report: AuditReport,
  /** Joins what the template's handlers do (`joinHandlerCode`) before the results are recorded. */
  join?: (result: AnalysisResult) => AnalysisResult,
): AnalysisResult | undefined {
  let result: AnalysisResult;
  try {
    // A file that cannot be a template is not parsed (`analyze` says so without a parse).
    const parsed = mayBeTemplate(path, text) ? parseDocument(path, text) : undefined;
    result = analyze({ path, text, parsed, rules: options.rules, settings: options.settings, readFile: options.readFile, parameters: options.parameters });
    if (join && result.kind !== null) result = join(result);
    if (result.kind === null) {
      // A file that looks like a template but could not be read says why; anything else is not ours.
      if (result.notAnalysed) report.skipped.push({ path, reason: result.notAnalysed.reason });
      return undefined;
    }
  } catch (error) {
    // The engine promises not to throw; if it does, the audit goes on.
    report.internalErrors.push({ path, message: firstLine(error) });
    return undefined;
  }
  const lines = new LineIndex(text);
  report.files.push(path);
  const lineIndexOf = externalLineIndexes(result, options.lineIndexOf);
  for (const finding of result.findings) {
    report.findings.push(locate(finding, path, lines, lineIndexOf));
    report.counts.bySeverity[finding.severity] = (report.counts.bySeverity[finding.severity] ?? 0) + 1;
    report.counts.byCategory[finding.category] = (report.counts.byCategory[finding.category] ?? 0) + 1;
  }
  for (const endpoint of result.endpoints) {
    const definitionLines = endpoint.definedIn ? lineIndexOf?.(endpoint.definedIn.path) : undefined;
    const definition = endpoint.definedIn && definitionLines ? { definition: { path: endpoint.definedIn.path, line: definitionLines.positionAt(endpoint.definedIn.range.start).line } } : {};
    report.endpoints.push({ ...endpoint, path, route: endpoint.path, line: lines.positionAt(endpoint.range.start).line, ...definition });
  }
  for (const suppressed of result.suppressed) {
    const finding = locate(suppressed.finding, path, lines, lineIndexOf);
    const tool = suppressed.tool ? { tool: suppressed.tool, toolRuleId: suppressed.toolRuleId ?? '' } : {};
    report.suppressed.push({ path, ruleId: finding.ruleId, reason: suppressed.reason, via: suppressed.via, ...tool, line: finding.start.line, finding });
  }
  // Pathological input can produce hundreds of identical parser errors; a few say enough.
  const seenMessages = new Set<string>();
  let omitted = 0;
  let omittedAreSyntax = true;
  for (const issue of result.issues) {
    if (seenMessages.has(issue.message) || seenMessages.size >= MAX_ISSUES_PER_FILE) {
      omitted++;
      if (issue.kind !== 'syntax') omittedAreSyntax = false;
      continue;
    }
    seenMessages.add(issue.message);
    report.issues.push({ path, message: issue.message, severity: issue.severity, start: lines.positionAt(issue.range.start) });
  }
  // Not all of them are syntax: `${file()}`s not read, parts over a limit, handler code read in part.
  if (omitted > 0) report.issues.push({ path, message: `${omitted} more ${omittedAreSyntax ? 'syntax ' : ''}${omitted === 1 ? 'problem' : 'problems'} not listed`, severity: 'warning', start: { line: 0, character: 0 } });
  for (const message of result.internalErrors) report.internalErrors.push({ path, message });
  addUnreadDefinitions(path, result, report);
  return result;
}

/**
 * The OpenAPI files a template names that could not be read (missing, outside the workspace, a symbolic
 * link out, too large, not OpenAPI) are listed like other skipped reads, with the template that names
 * them; their routes' auth stays unknown. So is a file read only in part (a syntax error or an input limit):
 * the routes that parsed are checked, the others are not. Remote definitions are not reads, so they are not listed here:
 * the inventory says so on their routes.
 */
function addUnreadDefinitions(path: string, result: AnalysisResult, report: AuditReport): void {
  for (const reference of result.model?.externalDefinitions ?? []) {
    // A file read only in part is listed too: the routes in its unparsed part were not checked.
    const unread = reference.status === 'unreadable' || reference.status === 'not-openapi';
    if (!unread && !(reference.status === 'read' && reference.partial)) continue;
    const skippedPath = reference.path ?? reference.location ?? path;
    const reason = `${(unread ? reference.reason : reference.partial) ?? 'not read'} (the OpenAPI definition of ${reference.api} in ${basename(path)})`;
    if (!report.skipped.some((entry) => entry.path === skippedPath && entry.reason === reason)) report.skipped.push({ path: skippedPath, reason });
  }
}

/** Line indexes of the OpenAPI files the analysis read (a finding on one of their operations points into it), then the caller's. */
function externalLineIndexes(result: AnalysisResult, fallback: LineIndexOf | undefined): LineIndexOf | undefined {
  const definitions = (result.model?.openApiDefinitions ?? []).filter((definition) => definition.external);
  if (definitions.length === 0) return fallback;
  const indexes = new Map<string, LineIndex>();
  return (otherPath) => {
    const definition = definitions.find((candidate) => candidate.external!.path === otherPath);
    if (!definition) return fallback?.(otherPath);
    let index = indexes.get(otherPath);
    if (!index) indexes.set(otherPath, (index = new LineIndex(definition.external!.text)));
    return index;
  };
}

export function locate(finding: Finding, path: string, lines: LineIndex, lineIndexOf?: LineIndexOf): LocatedFinding {
  const located: LocatedFinding = { ...finding, path, start: lines.positionAt(finding.range.start), end: lines.positionAt(finding.range.end) };
  const place = (entry: { path?: string; range: { start: number; end: number }; message: string }): LocatedPlace | undefined => {
    const placePath = entry.path ?? path;
    const placeLines = entry.path === undefined || entry.path === path ? lines : lineIndexOf?.(entry.path);
    if (!placeLines) return undefined;
    return { path: placePath, start: placeLines.positionAt(entry.range.start), end: placeLines.positionAt(entry.range.end), message: entry.message };
  };
  if (finding.related?.length) located.relatedPlaces = finding.related.map(place).filter((entry): entry is LocatedPlace => entry !== undefined);
  if (finding.steps?.length) located.flow = finding.steps.map(place).filter((entry): entry is LocatedPlace => entry !== undefined);
  return located;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}
