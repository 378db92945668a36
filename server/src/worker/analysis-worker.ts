/**
 * The analysis worker (`dist/analysis-worker.js`), run by `AnalysisPool` in a
 * worker thread for the language server and the CLI. It loads the rules and IAM
 * data once, keeps a mirror of the editor's open documents and their per-version
 * parse and analysis, and answers jobs with plain, serialisable results:
 * diagnostics, a hover, the edits of a diagnostic's quick fixes, the audit of one
 * file. File access goes through the confined workspace reader only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Hover, Position } from 'vscode-languageserver/node';
import { allRules, codeRules } from '../../../rules/index';
import { analyzeCode, buildModel, codeSuppressionFix, detectKind, inlineCodeSuppressionFix, joinHandlerCode, LineIndex, looksLikeTemplate, parseDocument, type AnalysisResult, type CodeDocument, suppressionFix, type CodeRuleMeta, type EngineSettings, type Finding, type HandlerBinding, type InlineHandler, type ParameterValues, type RuleMeta, type WorkspaceFileReader } from '../engine';
import { diagnosticsOf, toLspFix, type LspFix } from '../lsp/diagnostics';
import { AnalysisCache, describeError, type DocumentAnalysis, type InlineCodeOfTemplate } from '../lsp/document-analyses';
import { policyForHandler, policyForTemplate, type LeastPrivilegePolicyResult } from './least-privilege-policy';
import { HandlerAnalyses } from '../lsp/handler-analyses';
import { hoverAt } from '../lsp/hover';
import type { ServerSettings } from '../lsp/settings';
import { auditText, emptyReport, type AuditReport } from '../workspace/audit';
import { resolvedImportsOf } from '../workspace/helper-modules';
import { analyzeInlineHandler, auditCodeText, auditInlineHandlers, type CodeFileRole, handlerSummariesOf, handlersOfTemplate, type InlineCodeAnalysis, type ProjectFunctionSummary, type TemplateHandlers } from '../workspace/audit-code';
import { createCodeFileAccess, isCodeFileName } from '../workspace/code-files';
import { createWorkspaceFileReader } from '../workspace/file-reader';
import { mergeParameters, samConfigBeside, samConfigPathBeside } from '../workspace/parameters';
import { readTextFileSafelySync } from '../workspace/read-file';
import { dirname, resolve } from 'node:path';

/** An open editor document, as the main thread last sent it. */
export interface MirroredDocument {
  uri: string;
  version: number;
  /** The file system path for `file:` URIs, else a synthetic name with the right extension. */
  path: string;
  isFile: boolean;
  languageId: string;
  text: string;
}

export type WorkerInput =
  | { type: 'sync'; documents?: MirroredDocument[]; closed?: string[]; roots?: string[] }
  /** A file changed on disk or in the editor: analyses that read it are dropped, and its samconfig.toml is read again. */
  | { type: 'invalidate'; path: string }
  /** Load the TypeScript compiler now, before the jobs that read code (see `AnalysisPool.primeTypeScript`). */
  | { type: 'prime' }
  | { type: 'job'; id: number; request: WorkerRequest };

export type WorkerRequest =
  /** `bindings`: for a handler file, what the templates say about it (the main thread's index). */
  /** `handlerFiles`: for a code file no template names, every file the templates name (is it one of their modules?). */
  /** `reExportedElsewhere`: this file's exports that a template-named handler file re-exports (reported there). */
  | { kind: 'diagnostics'; uri: string; version: number; settings: ServerSettings; bindings?: HandlerBinding[]; handlerFiles?: string[]; reExportedElsewhere?: string[] }
  /** A template on disk, read for the index: its functions and the handler files they name. */
  | { kind: 'templateHandlers'; path: string }
  | { kind: 'hover'; uri: string; version: number; settings: ServerSettings; position: Position }
  /** The least-privilege statements of the function at `position` (a template) or of the handler there (a handler file, with its bindings). */
  | { kind: 'leastPrivilegePolicy'; uri: string; version: number; settings: ServerSettings; position: Position; bindings?: HandlerBinding[] }
  | { kind: 'fixes'; uri: string; version: number; settings: ServerSettings; findings: FindingKey[] }
  | AuditFileRequest
  | AuditCodeFileRequest;

export interface AuditFileRequest {
  kind: 'auditFile';
  /** One reader per audit: files read through `${file(...)}` are read once per audit, not once per template. */
  auditId: string;
  path: string;
  roots: string[];
  settings: Partial<EngineSettings>;
  parameters?: ParameterValues;
  readSamConfig: boolean;
  /** Prefer the text of an open editor document (the editor's audit). */
  preferOpenDocuments: boolean;
  /** Also read the handlers the template names (and audit its inline code). */
  includeCode?: boolean;
  /**
   * Why the template's own analysis runs without its handlers' code: the first try, which read that code
   * (for the inventory, least privilege and inline code), was stopped. The handler files are still listed
   * for the second phase, each in its own job; inline code is listed as skipped with this reason.
   */
  withoutCodeBecause?: string;
}

/** The audit of one handler source file, with what the audited templates say about it. */
export interface AuditCodeFileRequest {
  kind: 'auditCodeFile';
  auditId: string;
  path: string;
  roots: string[];
  settings: Partial<EngineSettings>;
  bindings: HandlerBinding[];
  /** This file's exports that a template-named handler file re-exports (reported there). */
  reExportedElsewhere?: string[];
  preferOpenDocuments: boolean;
}

export interface FindingKey {
  ruleId: string;
  index: number;
  offsets: { start: number; end: number };
}

export interface DiagnosticsResult {
  /** The version analysed; it differs from the one asked for when the document moved on meanwhile. */
  version: number;
  items: Diagnostic[];
  /** Files the analysis read (or tried to), for refreshing its diagnostics when they change. */
  dependencies: string[];
  /** For a template file: its functions and the handler files they name, for the main thread's index. */
  functions?: ProjectFunctionSummary[];
}

export interface TemplateHandlersResult {
  functions: ProjectFunctionSummary[];
}

export interface FindingFixes {
  fixes: LspFix[];
  suppression?: LspFix;
}

export interface AuditFileResult {
  /** This file's share of the report; the caller merges them in file order. */
  report: AuditReport;
  /** The samconfig.toml beside the file could not be used; reported once per audit by the caller. */
  samConfigProblem?: { path: string; reason: string };
  /** The template's functions and the handler files they name, for the audit of those files. */
  functions?: ProjectFunctionSummary[];
  /** A code file: a handler, or a module whose report counts only when a handler loads it. */
  codeRole?: CodeFileRole;
  /** A code file: the files it loads through relative imports, resolved in the workspace. */
  imports?: string[];
}

const port = parentPort;
if (!port) throw new Error('analysis-worker.ts runs only as a worker thread.');

const rulesById = new Map<string, RuleMeta | CodeRuleMeta>([...allRules, ...codeRules].map((rule) => [rule.meta.id, rule.meta]));
const documents = new Map<string, MirroredDocument & { document?: TextDocument }>();
let roots: string[] = [];

const log = (message: string) => port.postMessage({ type: 'log', message });

/** The text of an open document with this file path, for `${file(...)}` and the audit. */
function openDocumentText(path: string): string | undefined {
  for (const document of documents.values()) if (document.isFile && document.path === path) return document.text;
  return undefined;
}

function createEditorFileReader(readerRoots: string[], dependencies?: Set<string>): WorkspaceFileReader {
  const readFromDisk = createWorkspaceFileReader(readerRoots);
  const reader: WorkspaceFileReader = (fromPath, relativePath) => {
    // Recorded even when the read fails: creating the missing file must refresh its dependents too.
    if (typeof relativePath === 'string' && relativePath !== '') dependencies?.add(resolve(dirname(fromPath), relativePath));
    const read = readFromDisk(fromPath, relativePath);
    if (!read) return undefined;
    dependencies?.add(read.path);
    const open = openDocumentText(read.path);
    return open !== undefined ? { path: read.path, text: open } : read;
  };
  reader.whyUnreadable = readFromDisk.whyUnreadable;
  return reader;
}

const analyses = new AnalysisCache({
  rules: allRules,
  logError: log,
  createFileReader: (dependencies) => createEditorFileReader(roots, dependencies),
});

/**
 * The editor's view of handler files and their imports: disk reads are kept until a file event
 * names the path (`invalidate`), so neither a keystroke in a template (its handlers are looked up)
 * nor one in a handler (its imports are read) touches the disk.
 */
let editorCodeAccess = createCodeFileAccess(roots, openDocumentText);
const handlerAnalyses = new HandlerAnalyses({ rules: codeRules, access: () => editorCodeAccess, roots: () => roots, logError: log });

/**
 * The analysis of the mirrored document, or undefined when the mirror holds no such document.
 * `bindings` (handler files only) are what the main thread's template index says about the file;
 * without them, the analysis last made for this version is reused.
 */
function analysisOf(uri: string, settings: ServerSettings, bindings?: HandlerBinding[], handlerFiles?: string[], reExportedElsewhere?: string[]): DocumentAnalysis | undefined {
  const mirrored = documents.get(uri);
  if (!mirrored) return undefined;
  if (isCodeFileName(mirrored.path)) return handlerAnalyses.analyse(uri, mirrored.version, mirrored.text, { path: mirrored.path, isFile: mirrored.isFile }, settings, bindings, handlerFiles, reExportedElsewhere);
  mirrored.document ??= TextDocument.create(mirrored.uri, mirrored.languageId, mirrored.version, mirrored.text);
  const analysis = analyses.analyse(mirrored.document, { path: mirrored.path, isFile: mirrored.isFile }, settings);
  return mirrored.isFile && !isWithoutHandlerCode ? withHandlerCode(analysis, settings).analysis : analysis;
}

/**
 * Set for the job being run: the main thread asks for a template's own analysis alone (`withoutHandlerCode`)
 * once its analysis with its handlers' code was stopped, so slow code never hides the template's findings.
 */
let isWithoutHandlerCode = false;
let currentJobId: number | undefined;

/** Code models of the handler files templates name, by path, while their text stays the same. */
const handlerCodeModels = new Map<string, { text: string; exports: string; code: CodeDocument }>();
/** The last join per template document, so that one version keeps one list of findings (fixes find them by index). */
const joinedAnalyses = new Map<string, { base: DocumentAnalysis; key: string; joined: DocumentAnalysis; functions: ProjectFunctionSummary[]; inline: InlineHandler[] }>();
/** The last analysis of each template's inline code, by template and function, while the inline value (text, place, binding) and settings stay the same. */
const inlineAnalyses = new Map<string, { key: string; analysis: InlineCodeAnalysis }>();

/**
 * A template's analysis joined with what its routes' handlers do: the inventory gains them, and a
 * route whose handler verifies a token itself says so (`joinHandlerCode`). Also returns the
 * template's functions and the handler files they name, for the main thread's index. Only this
 * template is read: its own model, and the handler files it names.
 */
function withHandlerCode(analysis: DocumentAnalysis, settings: ServerSettings): { analysis: DocumentAnalysis; functions: ProjectFunctionSummary[] } {
  const model = analysis.result.model;
  if (!model) return { analysis, functions: [] };
  const previous = joinedAnalyses.get(analysis.uri);
  const access = editorCodeAccess;
  let handlers: TemplateHandlers;
  try {
    handlers = previous?.base === analysis ? { functions: previous.functions, inline: previous.inline } : handlersOfTemplate(analysis.path, model, access.files, roots, access.readModule);
  } catch (error) {
    log(`Reading the handlers of ${analysis.path} failed: ${describeError(error)}`);
    return { analysis, functions: [] };
  }
  if (handlers.functions.length === 0) return { analysis, functions: handlers.functions };
  // The template's own analysis is done: if reading its handlers' code runs over the budget, the main thread
  // knows to ask for the template alone (`withoutHandlerCode`).
  if (currentJobId !== undefined) port?.postMessage({ type: 'phase', id: currentJobId, phase: 'handler-code' });
  const summaries = handlerSummariesOf(analysis.result, handlers, (path, exports) => {
    const exportsKey = exports.join(',');
    const cached = handlerCodeModels.get(path);
    // A file on disk is read again only after it changed (an `invalidate`); an open one is compared with its text.
    const open = openDocumentText(path);
    if (cached && cached.exports === exportsKey && (open === undefined || open === cached.text)) return cached.code;
    const text = open ?? access.files.read?.(path);
    if (text === undefined) return undefined;
    const code = analyzeCode({ path, text, handlers: exports.map((exportName) => ({ exportName })), readModule: access.readModule });
    handlerCodeModels.set(path, { text, exports: exportsKey, code });
    return code;
  });
  const key = JSON.stringify([...summaries]);
  if (previous && previous.base === analysis && previous.key === key) return { analysis: previous.joined, functions: previous.functions };
  // The same settings as the template's own analysis (`document-analyses.ts`), for the rules that read handler code.
  const joinSettings = { rules: settings.rules, honourInlineIgnores: true, honourOtherToolSuppressions: settings.honourOtherToolSuppressions !== false };
  const joined = withInlineCode({ ...analysis, result: joinHandlerCode(analysis.result, summaries, { rules: allRules, settings: joinSettings }) }, handlers.inline, joinSettings);
  joinedAnalyses.set(analysis.uri, { base: analysis, key, joined, functions: handlers.functions, inline: handlers.inline });
  return { analysis: joined, functions: handlers.functions };
}

/**
 * A template's analysis with the findings of its inline handler code (`ZipFile`, `InlineCode`) added,
 * placed in the template, as the CLI's audit adds them (`analyzeInlineHandler` serves both). The
 * inline code is part of the template's text, so each version of the template analyses it again,
 * unless the inline value and its binding are what they were.
 */
function withInlineCode(analysis: DocumentAnalysis, inline: readonly InlineHandler[], settings: Partial<EngineSettings>): DocumentAnalysis {
  if (inline.length === 0) return analysis;
  const inlineCode: InlineCodeOfTemplate = { sourceOf: new Map(), notAnalysed: [] };
  // On the value's first line (the `|` of a block): the whole block would underline the function's code.
  const headerOf = (handler: InlineHandler) => {
    const headerEnd = analysis.parsed.text.indexOf('\n', handler.range.start);
    return { start: handler.range.start, end: headerEnd < 0 || headerEnd > handler.range.end ? handler.range.end : headerEnd };
  };
  const findings = [...analysis.result.findings];
  const settingsKey = JSON.stringify(settings);
  for (const handler of inline) {
    const cacheKey = `${analysis.uri}\u0000${handler.functionName}`;
    const key = JSON.stringify([handler, settingsKey]);
    let cached = inlineAnalyses.get(cacheKey);
    if (cached?.key !== key) {
      cached = { key, analysis: analyzeInlineHandler(handler, { rules: codeRules, settings }) };
      inlineAnalyses.set(cacheKey, cached);
    }
    const result = cached.analysis;
    if ('error' in result) {
      logOncePerVersion(analysis, `Analysing the inline code of function ${handler.functionName} in ${analysis.uri} (version ${analysis.version}) failed: ${result.error}`);
    } else if ('refused' in result) {
      inlineCode.notAnalysed.push({ range: headerOf(handler), reason: result.refused });
    } else {
      for (const reason of result.limits) inlineCode.notAnalysed.push({ range: headerOf(handler), reason });
      for (const finding of result.findings) {
        findings.push(finding);
        inlineCode.sourceOf.set(finding, handler);
      }
      for (const message of result.internalErrors) logOncePerVersion(analysis, `Internal error in the inline code of function ${handler.functionName} in ${analysis.uri} (version ${analysis.version}): ${message}`);
    }
  }
  return { ...analysis, result: { ...analysis.result, findings }, inlineCode };
}

/** A template on disk, for the main thread's index: its functions and the handler files they name. */
function templateHandlers(request: Extract<WorkerRequest, { kind: 'templateHandlers' }>): TemplateHandlersResult {
  const text = openDocumentText(request.path) ?? (() => {
    const read = readTextFileSafelySync(request.path);
    return 'text' in read ? read.text : undefined;
  })();
  if (text === undefined || !looksLikeTemplate(request.path, text.slice(0, 4096))) return { functions: [] };
  const document = parseDocument(request.path, text);
  const kind = detectKind(document.root);
  if (!kind) return { functions: [] };
  // With the OpenAPI files it names: their operations are routes of its functions too.
  const model = buildModel(document, kind, createEditorFileReader(roots));
  return { functions: handlersOfTemplate(request.path, model, editorCodeAccess.files, roots, editorCodeAccess.readModule).functions };
}

/** The line index of a template (or any open document) the project reads, for related locations. */
function lineIndexOfPath(path: string): LineIndex | undefined {
  const text = editorCodeAccess.files.read?.(path);
  if (text === undefined) return undefined;
  const cached = lineIndexesByPath.get(path);
  if (cached?.text === text) return cached.index;
  const index = new LineIndex(text);
  lineIndexesByPath.set(path, { text, index });
  return index;
}

/** The last line index of each file the editor's related places point at (templates), while its text stays the same. */
const lineIndexesByPath = new Map<string, { text: string; index: LineIndex }>();

function diagnostics(request: Extract<WorkerRequest, { kind: 'diagnostics' }>): DiagnosticsResult | undefined {
  const analysis = analysisOf(request.uri, request.settings, request.bindings, request.handlerFiles, request.reExportedElsewhere);
  if (!analysis) return undefined;
  const isCode = analysis.result.code !== undefined || isCodeFileName(analysis.path);
  const items = diagnosticsOf(analysis, {
    isRule: (ruleId) => rulesById.has(ruleId),
    canIgnore: (finding) => suppressionOfInline(analysis, finding) !== null,
    log: (message) => logOncePerVersion(analysis, message),
    lineIndexOf: (path) => lineIndexOfPath(path),
  });
  // A handler's findings follow the modules it imports (the templates reach it through the index);
  // a template's follow the handler files it names.
  const functions = isCode ? undefined : joinedAnalyses.get(request.uri)?.functions;
  const namedFiles = (functions ?? []).map((fn) => fn.codePath).filter((path): path is string => path !== undefined);
  const dependencies = isCode ? handlerAnalyses.dependenciesOf(request.uri) : [...analyses.dependenciesOf(request.uri), ...namedFiles];
  return { version: analysis.version, items, dependencies, functions: isCode || !documents.get(request.uri)?.isFile ? undefined : (functions ?? []) };
}

/** Lines already logged for the current version of each document: every pull of one version asks again. */
const loggedLines = new Map<string, { version: number; lines: Set<string> }>();

function logOncePerVersion(analysis: DocumentAnalysis, message: string): void {
  let logged = loggedLines.get(analysis.uri);
  if (!logged || logged.version !== analysis.version) {
    logged = { version: analysis.version, lines: new Set() };
    loggedLines.set(analysis.uri, logged);
  }
  if (logged.lines.has(message)) return;
  logged.lines.add(message);
  log(message);
}

function hover(request: Extract<WorkerRequest, { kind: 'hover' }>): Hover | null {
  const analysis = analysisOf(request.uri, request.settings);
  if (!analysis || analysis.version !== request.version) return null;
  return hoverAt(analysis, analysis.lineIndex.offsetAt(request.position), rulesById);
}

function leastPrivilegePolicy(request: Extract<WorkerRequest, { kind: 'leastPrivilegePolicy' }>): LeastPrivilegePolicyResult {
  const mirrored = documents.get(request.uri);
  if (!mirrored) return { functions: [], message: 'The document is not open.' };
  const sources = { access: editorCodeAccess, roots, openText: openDocumentText };
  if (isCodeFileName(mirrored.path)) {
    const offset = new LineIndex(mirrored.text).offsetAt(request.position);
    return policyForHandler(mirrored.path, mirrored.text, mirrored.isFile ? (request.bindings ?? []) : [], offset, sources);
  }
  const analysis = analysisOf(request.uri, request.settings);
  if (!analysis) return { functions: [], message: 'The document is not open.' };
  return policyForTemplate(analysis.path, analysis.result, analysis.lineIndex.offsetAt(request.position), sources);
}

/**
 * The "ignore" edit of a finding of inline code: a `// slsward-ignore` line inside its block, which the
 * code analysis honours (a `#` comment in the template would not reach the code). Null when no line fits
 * (a folded block, a quoted string, a `!Join`); undefined when the finding is not one of inline code.
 */
function suppressionOfInline(analysis: DocumentAnalysis, finding: Finding): ReturnType<typeof inlineCodeSuppressionFix> | null {
  const source = analysis.inlineCode?.sourceOf.get(finding);
  if (!source) return undefined;
  return inlineCodeSuppressionFix(analysis.parsed.text, source, finding) ?? null;
}

/** The quick-fix and ignore edits of the findings, built only when a code action asks. */
function fixes(request: Extract<WorkerRequest, { kind: 'fixes' }>): Array<FindingFixes | null> {
  const analysis = analysisOf(request.uri, request.settings);
  if (!analysis || analysis.version !== request.version) return request.findings.map(() => null);
  return request.findings.map((key) => {
    const finding = analysis.result.findings[key.index];
    if (!finding || finding.ruleId !== key.ruleId || finding.range.start !== key.offsets.start || finding.range.end !== key.offsets.end) return null;
    let suppression: LspFix | undefined;
    if (rulesById.has(finding.ruleId)) {
      try {
        const inline = suppressionOfInline(analysis, finding);
        const fix = inline !== undefined ? (inline ?? undefined) : analysis.result.code ? codeSuppressionFix(analysis.parsed.text, finding) : suppressionFix(analysis.parsed, finding);
        suppression = fix ? toLspFix(analysis.lineIndex, fix) : undefined;
      } catch (error) {
        log(`Building the ignore edit for ${finding.ruleId} in ${request.uri} failed: ${describeError(error)}`);
      }
    }
    // A fix of a handler may add a statement to its template: placed with the template's current text (open or on disk).
    const textOf = (path: string) => {
      const text = editorCodeAccess.files.read?.(path);
      const lineIndex = text === undefined ? undefined : lineIndexOfPath(path);
      return text !== undefined && lineIndex ? { text, lineIndex } : undefined;
    };
    return { fixes: finding.fixes.map((fix) => toLspFix(analysis.lineIndex, fix, textOf)).filter((fix): fix is LspFix => fix !== undefined), suppression };
  });
}

/**
 * What one audit shares across its files in this worker: the `${file(...)}` reader, samconfig.toml
 * files, the view of handler files and their imports, the code models read for the inventory, and
 * the line indexes of templates that handler findings point at. A new audit id starts afresh.
 */
interface AuditState {
  id: string;
  readFile: WorkspaceFileReader;
  samConfigs: Map<string, ReturnType<typeof samConfigBeside>>;
  codeAccess: ReturnType<typeof createCodeFileAccess>;
  codeModels: Map<string, CodeDocument | undefined>;
  lineIndexes: Map<string, LineIndex | undefined>;
}

let auditState: AuditState | undefined;

function auditStateFor(request: { auditId: string; roots: string[]; preferOpenDocuments: boolean }): AuditState {
  if (auditState?.id !== request.auditId) {
    const readFile = request.preferOpenDocuments ? createEditorFileReader(request.roots) : createWorkspaceFileReader(request.roots);
    const codeAccess = createCodeFileAccess(request.roots, request.preferOpenDocuments ? openDocumentText : undefined);
    auditState = { id: request.auditId, readFile, samConfigs: new Map(), codeAccess, codeModels: new Map(), lineIndexes: new Map() };
  }
  return auditState;
}

/** The text of an audited file (the editor's unsaved text when the audit prefers it), or why it cannot be read. */
function auditedText(request: { path: string; preferOpenDocuments: boolean }): { text: string } | { error: string } {
  const open = request.preferOpenDocuments ? openDocumentText(request.path) : undefined;
  return open !== undefined ? { text: open } : readTextFileSafelySync(request.path);
}

function auditFile(request: AuditFileRequest): AuditFileResult {
  const state = auditStateFor(request);
  const report = emptyReport();
  const read = auditedText(request);
  if ('error' in read) {
    report.skipped.push({ path: request.path, reason: read.error });
    return { report };
  }
  let samConfigParameters: ParameterValues | undefined;
  let samConfigProblem: AuditFileResult['samConfigProblem'];
  if (request.readSamConfig) {
    const configPath = samConfigPathBeside(request.path);
    let found = state.samConfigs.get(configPath);
    if (!found) {
      found = samConfigBeside(request.path);
      state.samConfigs.set(configPath, found);
    }
    if (found.error) samConfigProblem = { path: found.path, reason: `parameter values not used: ${found.error.slice(found.path.length + 2)}` };
    samConfigParameters = found.parameters;
  }
  let handlers: TemplateHandlers | undefined;
  const lineIndexOf = (path: string) => auditLineIndexOf(state, path);
  // The handler files this template names (audited next, with these bindings); what its routes' handlers do joins the inventory.
  const join = (analysis: AnalysisResult): AnalysisResult => {
    if (!request.includeCode || !analysis.model) return analysis;
    // The template's own analysis is done: a stop from here on is its handlers' code (see `withoutCodeBecause`).
    if (request.withoutCodeBecause === undefined && currentJobId !== undefined) port?.postMessage({ type: 'phase', id: currentJobId, phase: 'handler-code' });
    try {
      handlers = handlersOfTemplate(request.path, analysis.model, state.codeAccess.files, request.roots, state.codeAccess.readModule);
      const summaries = request.withoutCodeBecause !== undefined ? new Map() : handlerSummariesOf(analysis, handlers, (path, exports) => auditCodeModel(state, path, exports));
      const lines = new LineIndex(read.text);
      for (const fn of handlers.functions) {
        const summary = summaries.get(fn.functionName);
        // A handler whose file resolved but was not analysed has no summary: say so, rather than "no AWS call".
        const codeNotRead =
          fn.status === 'file' && fn.codePath && !summary
            ? request.withoutCodeBecause !== undefined
              ? `not joined with the template: ${request.withoutCodeBecause}`
              : (auditCodeModel(state, fn.codePath, [fn.binding.exportName])?.skipped ?? 'the file could not be read')
            : undefined;
        report.functions.push({
          path: request.path,
          line: lines.positionAt(fn.binding.functionLocation.range.start).line,
          functionName: fn.functionName,
          status: fn.status,
          ...(fn.status === 'file' && fn.codePath ? { handler: { path: fn.codePath, exportName: fn.binding.exportName } } : {}),
          ...(fn.reason ? { reason: fn.reason } : {}),
          ...(summary?.actions ? { actions: summary.actions } : {}),
          ...(summary?.actionsNotGranted ? { actionsNotGranted: summary.actionsNotGranted } : {}),
          ...(summary?.actionsIncomplete ? { actionsIncomplete: summary.actionsIncomplete } : {}),
          ...(codeNotRead ? { codeNotRead } : {}),
        });
      }
      return joinHandlerCode(analysis, summaries, { rules: allRules, settings: request.settings });
    } catch (error) {
      report.internalErrors.push({ path: request.path, message: `handlers: ${describeError(error).split('\n')[0]}` });
      return analysis;
    }
  };
  auditText(request.path, read.text, { rules: allRules, settings: request.settings, readFile: state.readFile, parameters: mergeParameters(samConfigParameters, request.parameters) }, report, join);
  // Inline code (`ZipFile`, `InlineCode`) is audited here, in the template.
  if (handlers && request.withoutCodeBecause !== undefined) {
    for (const inline of handlers.inline) report.skipped.push({ path: request.path, reason: `inline code of function ${inline.functionName} not analysed: ${request.withoutCodeBecause}` });
  } else if (handlers) auditInlineHandlers(request.path, read.text, handlers.inline, { rules: codeRules, settings: request.settings, lineIndexOf }, report);
  return { report, samConfigProblem, functions: handlers?.functions };
}

/** A handler file's code model for the inventory, read once per audit. */
function auditCodeModel(state: AuditState, path: string, exports: string[]): CodeDocument | undefined {
  const key = `${path}\u0000${exports.join(',')}`;
  if (!state.codeModels.has(key)) {
    const text = state.codeAccess.files.read?.(path);
    state.codeModels.set(key, text === undefined ? undefined : analyzeCode({ path, text, handlers: exports.map((exportName) => ({ exportName })), readModule: state.codeAccess.readModule }));
  }
  return state.codeModels.get(key);
}

function auditLineIndexOf(state: AuditState, path: string): LineIndex | undefined {
  if (!state.lineIndexes.has(path)) {
    const text = state.codeAccess.files.read?.(path);
    state.lineIndexes.set(path, text === undefined ? undefined : new LineIndex(text));
  }
  return state.lineIndexes.get(path);
}

function auditCodeFile(request: AuditCodeFileRequest): AuditFileResult {
  const state = auditStateFor(request);
  const report = emptyReport();
  const read = auditedText(request);
  if ('error' in read) {
    // An unreadable file that no template names is not ours to report.
    if (request.bindings.length > 0) report.skipped.push({ path: request.path, reason: read.error });
    return { report };
  }
  const options = { rules: codeRules, settings: request.settings, readModule: state.codeAccess.readModule, lineIndexOf: (path: string) => auditLineIndexOf(state, path), reExportedElsewhere: request.reExportedElsewhere };
  const codeRole = auditCodeText(request.path, read.text, request.bindings, options, report);
  return { report, codeRole, imports: resolvedImportsOf(request.path, read.text, state.codeAccess.readModule) };
}

function handle(request: WorkerRequest): unknown {
  switch (request.kind) {
    case 'diagnostics':
      return diagnostics(request);
    case 'hover':
      return hover(request);
    case 'leastPrivilegePolicy':
      return leastPrivilegePolicy(request);
    case 'fixes':
      return fixes(request);
    case 'auditFile':
      return auditFile(request);
    case 'auditCodeFile':
      return auditCodeFile(request);
    case 'templateHandlers':
      return templateHandlers(request);
  }
}

port.on('message', (message: WorkerInput) => {
  switch (message.type) {
    case 'sync':
      if (message.roots) {
        roots = message.roots;
        editorCodeAccess = createCodeFileAccess(roots, openDocumentText);
      }
      for (const uri of message.closed ?? []) {
        documents.delete(uri);
        analyses.delete(uri);
        handlerAnalyses.delete(uri);
        joinedAnalyses.delete(uri);
        for (const key of inlineAnalyses.keys()) if (key.startsWith(`${uri}\u0000`)) inlineAnalyses.delete(key);
        loggedLines.delete(uri);
      }
      for (const document of message.documents ?? []) documents.set(document.uri, document);
      return;
    case 'prime':
      void ts.version;
      port.postMessage({ type: 'primed' });
      return;
    case 'invalidate':
      analyses.invalidateDependentsOf(message.path);
      handlerAnalyses.invalidateDependentsOf(message.path);
      handlerCodeModels.delete(message.path);
      editorCodeAccess.forget(message.path);
      return;
    case 'job':
      try {
        isWithoutHandlerCode = (message.request as { withoutHandlerCode?: boolean }).withoutHandlerCode === true;
        currentJobId = message.id;
        port.postMessage({ type: 'result', id: message.id, value: handle(message.request) });
      } catch (error) {
        // The engine promises not to throw; if something here does, the job fails and the worker lives on.
        port.postMessage({ type: 'error', id: message.id, message: describeError(error) });
      }
      return;
  }
});

// The pool asks for the compiler up front when its jobs will read handler code (see `primeTypeScript`).
if ((workerData as { primeTypeScript?: boolean } | undefined)?.primeTypeScript) void ts.version;
port.postMessage({ type: 'ready' });
