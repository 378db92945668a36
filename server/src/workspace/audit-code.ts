/**
 * The audit's handler side, shared by the CLI and the editor's audit: what one template says about
 * the handler files it names (a plain, serialisable summary per function), the findings of inline
 * handler code moved into the template, and the audit of one handler file with those bindings.
 * Positions of related places in templates are read through the caller's line indexes.
 */
import {
  analyzeCode,
  analyzeHandlerFile,
  buildProject,
  codeRangeToTemplate,
  reExportedHandlers,
  LineIndex,
  summariseHandlerCode,
  actionResourcesOf,
  isActionGranted,
  type AnalysisResult,
  type AppModel,
  type CodeDocument,
  type CodeRuleModule,
  type HandlerCodeSummary,
  type EngineSettings,
  type Finding,
  type HandlerBinding,
  type InlineHandler,
  type ModuleReader,
  type ProjectFiles,
  type TextRange,
} from '../engine';
import { locate, type AuditReport, type LineIndexOf } from './audit';

/** One function of an audited template, for the audit of the file it names. */
export interface ProjectFunctionSummary {
  templatePath: string;
  functionName: string;
  status: 'file' | 'inline' | 'unresolved';
  codePath?: string;
  binding: HandlerBinding;
  /** Why the handler could not be analysed (status `unresolved`). */
  reason?: string;
  /**
   * The functions of other modules the handler export is, through the file's re-exports (`export { handler } from
   * './impl'`): they are analysed in this file, so the module's audit leaves them out (`reExportedElsewhereOf`).
   */
  reExports?: Array<{ path: string; exportName: string }>;
}

export interface TemplateHandlers {
  functions: ProjectFunctionSummary[];
  inline: InlineHandler[];
}

/**
 * The functions of one template and where their handlers are; never throws (an error is an empty list). With
 * `readModule`, each handler file's re-exports of the named export are followed (`reExports`).
 */
export function handlersOfTemplate(path: string, model: AppModel, files: ProjectFiles, roots: readonly string[], readModule?: ModuleReader): TemplateHandlers {
  const project = buildProject({ templates: [{ path, model }], files, roots });
  const reExportsOf = new Map<string, Array<{ path: string; exportName: string }>>();
  const reExports = (codePath: string, exportName: string) => {
    const key = `${codePath}\u0000${exportName}`;
    let found = reExportsOf.get(key);
    if (!found) {
      const text = files.read?.(codePath);
      try {
        found = text === undefined || !readModule ? [] : reExportedHandlers({ path: codePath, text, exportNames: [exportName], readModule });
      } catch {
        found = [];
      }
      reExportsOf.set(key, found);
    }
    return found;
  };
  return {
    functions: project.functions(path).map((fn) => {
      const targets = fn.status === 'file' && fn.codePath && readModule ? reExports(fn.codePath, fn.binding.exportName) : [];
      return {
        templatePath: fn.templatePath,
        functionName: fn.functionName,
        status: fn.status,
        codePath: fn.codePath,
        binding: fn.binding,
        reason: fn.unresolved?.message,
        ...(targets.length > 0 && { reExports: targets }),
      };
    }),
    inline: project.inlineHandlers(path),
  };
}


/**
 * What the handlers of a template's routes do, by function name, for `joinHandlerCode`: each
 * function with an endpoint whose handler file resolved is read and modelled (no rules run).
 * `codeOf` caches the models per file for the caller.
 */
export function handlerSummariesOf(result: AnalysisResult, handlers: TemplateHandlers, codeOf: (path: string, exports: string[]) => CodeDocument | undefined): Map<string, HandlerCodeSummary> {
  const summaries = new Map<string, HandlerCodeSummary>();
  // Every function whose handler file resolved: the endpoint inventory reads its routes' handlers, least privilege every function's.
  void result;
  for (const fn of handlers.functions) {
    if (fn.status !== 'file' || !fn.codePath) continue;
    const code = codeOf(fn.codePath, [fn.binding.exportName]);
    if (!code || code.skipped) continue;
    summaries.set(fn.functionName, summaryOf(code, fn.binding));
  }
  // Inline code (`ZipFile`, `InlineCode`): its routes' handlers are in the template itself, and its places are moved there.
  for (const inline of handlers.inline) {
    const code = inlineCodeModel(inline);
    if (!code || code.skipped) continue;
    const summary = summaryOf(code, inline.binding);
    const inTemplate = (place: { path: string; range: TextRange }) => (place.path === inline.virtualPath ? { path: inline.templatePath, range: codeRangeToTemplate(inline, place.range) } : place);
    summaries.set(inline.functionName, { ...summary, path: inline.templatePath, inline: true, ...(summary.authLocation && { authLocation: inTemplate(summary.authLocation) }) });
  }
  return summaries;
}

/**
 * The code model of a function's inline code, kept per function while its text is the same: the editor joins a
 * template with its handlers at every version, and a keystroke elsewhere in the template leaves the code as it was.
 */
const inlineModels = new Map<string, { text: string; exportName: string; code: CodeDocument | undefined }>();
const KEPT_INLINE_MODELS = 256;

function inlineCodeModel(inline: InlineHandler): CodeDocument | undefined {
  const kept = inlineModels.get(inline.virtualPath);
  if (kept && kept.text === inline.text && kept.exportName === inline.binding.exportName) return kept.code;
  let code: CodeDocument | undefined;
  try {
    code = analyzeCode({ path: inline.virtualPath, text: inline.text, handlers: [{ exportName: inline.binding.exportName }] });
  } catch {
    code = undefined;
  }
  inlineModels.delete(inline.virtualPath);
  inlineModels.set(inline.virtualPath, { text: inline.text, exportName: inline.binding.exportName, code });
  if (inlineModels.size > KEPT_INLINE_MODELS) inlineModels.delete(inlineModels.keys().next().value as string);
  return code;
}

/** What one handler does, with the actions its calls need against what the function's role grants. */
function summaryOf(code: CodeDocument, binding: HandlerBinding): HandlerCodeSummary {
  const summary = summariseHandlerCode(code, binding.exportName);
  // The resources each action's calls act on, for the fix that scopes a statement's Resource to them.
  if (summary.actions) summary.actionResources = actionResourcesOf(code, { exportName: binding.exportName, environmentResources: binding.environmentResources });
  // Actions the role does not grant, when every grant that reaches it was read; calls made with a client's own credentials are not the role's.
  const permissions = binding.permissions;
  if (summary.actions && permissions && !code.awsCredentials) {
    const answers = summary.actions.map((action) => ({ action, state: isActionGranted(permissions, action).state }));
    const missing = answers.filter((answer) => answer.state === 'not-granted').map((answer) => answer.action);
    if (missing.length > 0 && !answers.some((answer) => answer.state === 'unknown')) summary.actionsNotGranted = missing;
  }
  return summary;
}

export interface CodeAuditOptions {
  rules: readonly CodeRuleModule[];
  settings?: Partial<EngineSettings>;
  readModule?: ModuleReader;
  lineIndexOf?: LineIndexOf;
  /** This file's exports that a template-named handler file re-exports: reported there (`reExportedElsewhereOf`). */
  reExportedElsewhere?: readonly string[];
}

/** What an audited code file turned out to be: a handler (named by a template, or handler-shaped), or a possible helper module. */
export type CodeFileRole = 'handler' | 'module';

/**
 * Audits one code file and adds its results to `report`. A file no template names and with no
 * handler-shaped export is a `module`: its results count only when a handler loads it (see
 * `helper-modules.ts`), which the caller decides once every file is read. Undefined when the file
 * adds nothing (it could not be analysed and no template names it).
 */
export function auditCodeText(path: string, text: string, bindings: readonly HandlerBinding[], options: CodeAuditOptions, report: AuditReport): CodeFileRole | undefined {
  let result;
  try {
    result = analyzeHandlerFile({ path, text, rules: options.rules, bindings, settings: options.settings, readModule: options.readModule, reExportedElsewhere: options.reExportedElsewhere });
  } catch (error) {
    report.internalErrors.push({ path, message: String((error as Error)?.message ?? error).split('\n')[0] });
    return 'handler';
  }
  const code = result.code;
  const role: CodeFileRole = bindings.length === 0 && (!code || code.handlers.length === 0) ? 'module' : 'handler';
  if (code?.skipped || result.notAnalysed) {
    // A file a template names but that cannot be analysed (minified, over 1 MB) is listed, never dropped silently.
    if (bindings.length > 0) report.skipped.push({ path, reason: result.notAnalysed?.reason ?? code?.skipped ?? 'not analysed' });
    return bindings.length > 0 ? role : undefined;
  }
  const lines = new LineIndex(text);
  report.files.push(path);
  addFindings(report, path, lines, result.findings, options.lineIndexOf);
  for (const suppressed of result.suppressed) {
    const finding = locate(suppressed.finding, path, lines, options.lineIndexOf);
    report.suppressed.push({ path, ruleId: finding.ruleId, reason: suppressed.reason, via: suppressed.via, line: finding.start.line, finding });
  }
  for (const issue of result.issues.slice(0, 10)) report.issues.push({ path, message: issue.message, severity: issue.severity, start: lines.positionAt(issue.range.start) });
  for (const message of result.internalErrors) report.internalErrors.push({ path, message });
  return role;
}

/** What the code rules found in one function's inline code, moved into the template; or why it was not analysed. */
export type InlineCodeAnalysis =
  /** `limits`: where the analysis stopped short of part of the code (see `CodeIssue`), in the words the reports use. */
  | { findings: Finding[]; internalErrors: string[]; limits: string[] }
  /** Refused as code (huge, one over-long line, too deep): `inline code of function Fn: Not analysed: ...`. */
  | { refused: string }
  /** The analysis threw (the engine promises not to); the first line of the error. */
  | { error: string };

/**
 * Analyses one function's inline code (`ZipFile`, `InlineCode`), with every range moved from the
 * code into the template. The CLI, the workspace audit and the editor all call this, so they agree
 * on the same bytes. Fixes are left out: their edits were computed on the code as Lambda sees it,
 * not on the template's escaped text.
 */
export function analyzeInlineHandler(handler: InlineHandler, options: Pick<CodeAuditOptions, 'rules' | 'settings'>): InlineCodeAnalysis {
  let result;
  try {
    result = analyzeHandlerFile({ path: handler.virtualPath, text: handler.text, rules: options.rules, bindings: [handler.binding], settings: options.settings });
  } catch (error) {
    return { error: String((error as Error)?.message ?? error).split('\n')[0] };
  }
  const refused = result.notAnalysed?.reason ?? (result.code?.skipped ? `Not analysed: ${result.code.skipped}` : undefined);
  // Hostile inline code (huge, one over-long line, too deep) is refused as code; the template itself was analysed.
  if (refused !== undefined) return { refused: `inline code of function ${handler.functionName}: ${refused}` };
  return {
    findings: result.findings.map((finding) => moveIntoTemplate(finding, handler)),
    internalErrors: result.internalErrors,
    limits: result.issues.filter((issue) => issue.kind === 'limit').map((issue) => `inline code of function ${handler.functionName}: ${issue.message}`),
  };
}

/** Audits the inline code of a template's functions and adds its findings, or why it was skipped, to the template's report. */
export function auditInlineHandlers(templatePath: string, templateText: string, inline: readonly InlineHandler[], options: CodeAuditOptions, report: AuditReport): void {
  if (inline.length === 0) return;
  const lines = new LineIndex(templateText);
  for (const handler of inline) {
    const analysis = analyzeInlineHandler(handler, options);
    if ('error' in analysis) {
      report.internalErrors.push({ path: templatePath, message: analysis.error });
    } else if ('refused' in analysis) {
      report.skipped.push({ path: templatePath, reason: analysis.refused });
    } else {
      const first = report.findings.length;
      addFindings(report, templatePath, lines, analysis.findings, options.lineIndexOf);
      // Each route's inventory line lists its handler's findings, as for handler files (`parallel-audit.ts`): a code finding points at the route that invokes it.
      for (const finding of report.findings.slice(first)) {
        for (const place of finding.relatedPlaces ?? []) {
          for (const endpoint of report.endpoints) {
            if (endpoint.path === place.path && endpoint.line === place.start.line && !endpoint.findings.includes(finding.ruleId)) endpoint.findings = [...endpoint.findings, finding.ruleId].sort();
          }
        }
      }
      for (const message of analysis.internalErrors) report.internalErrors.push({ path: templatePath, message });
      for (const message of analysis.limits) report.issues.push({ path: templatePath, message, severity: 'warning', start: lines.positionAt(handler.range.start) });
    }
  }
}

function moveIntoTemplate(finding: Finding, handler: InlineHandler): Finding {
  const move = (range: Finding['range']) => codeRangeToTemplate(handler, range);
  return {
    ...finding,
    range: move(finding.range),
    fixes: [],
    steps: finding.steps?.map((step) => (step.path === undefined ? { ...step, range: move(step.range) } : step)),
    related: finding.related?.map((place) => (place.path === undefined ? { ...place, range: move(place.range) } : place)),
  };
}

function addFindings(report: AuditReport, path: string, lines: LineIndex, findings: readonly Finding[], lineIndexOf?: LineIndexOf): void {
  for (const finding of findings) {
    report.findings.push(locate(finding, path, lines, lineIndexOf));
    report.counts.bySeverity[finding.severity] = (report.counts.bySeverity[finding.severity] ?? 0) + 1;
    report.counts.byCategory[finding.category] = (report.counts.byCategory[finding.category] ?? 0) + 1;
  }
}
