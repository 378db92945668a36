/**
 * Wires the LSP connection to the analysis workers: document sync, pull
 * diagnostics, code actions, hover, settings and the workspace audit. Analysis
 * never runs on this thread: handlers forward document texts to the worker pool
 * and answer from its serialisable results, so this thread always answers
 * (other documents, hover, cancellation, shutdown). No handler lets an
 * exception escape. Diagnostics are pulled by the client only; this server
 * never pushes them.
 */
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type Hover,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../../../package.json';
import type { DiagnosticsResult, FindingFixes, MirroredDocument, TemplateHandlersResult, WorkerRequest } from '../worker/analysis-worker';
import { discoverFiles, isCandidateFileName, isInside } from '../workspace';
import { isCodeFileName } from '../workspace/code-files';
import { TemplateIndex } from './template-index';
import { AnalysisPool, budgetFromEnvironment, DEFAULT_MAX_OLD_GENERATION_MB, type JobOutcome, type PoolWorker } from '../workspace/analysis-pool';
import { auditWorkspace, formatAuditReport } from './audit';
import { codeActionsFor, diagnosticsNeedingEdits } from './code-actions';
import { ANALYSIS_STOPPED_CODE, documentDiagnostic, type FindingDiagnosticData } from './diagnostics';
import { describeError } from './document-analyses';
import { locationOfUri, type DocumentLocation } from './paths';
import { AuditWorkspaceRequest, FormatAuditReportRequest, LeastPrivilegePolicyRequest, type LeastPrivilegePolicyResult } from './protocol';
import { analysisSettingsKey, SettingsStore, type ServerSettings } from './settings';
import { isExcludedPath, relativeInside, WorkspaceFolders } from './workspace-folders';

export interface ServerOptions {
  /** The analysis worker script; `analysis-worker.js` beside this bundle by default. */
  workerPath?: string;
  /** `SLSWARD_ANALYSIS_BUDGET_MS`, `SLSWARD_ANALYSIS_WORKERS`; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
}

interface DocumentContext {
  location: DocumentLocation;
  settings: ServerSettings;
  /** Disabled by `slsward.enable`, or excluded by `slsward.exclude` or a skipped directory. */
  isIgnored: boolean;
}

/**
 * A cancelled (stale) job is left to finish while it is younger than this, and
 * its worker is ended once it is older. Ending costs a new worker (measured
 * 100-270 ms to load the rules and IAM data on the loaded 2-core machine) and
 * its first analysis runs cold (+120 ms at 332 lines, +350 ms at 4,900 lines),
 * so work that ends within about half a second is cheaper to let finish.
 */
const STALE_RUN_LIMIT_MS = 500;
/** Two workers: one slow document does not queue the others behind it. */
const DEFAULT_WORKERS = 2;

/** What the worker mirror of one pool worker holds: uri -> version, and the roots. */
const SYNCED_VERSIONS = 'versions';
const SYNCED_ROOTS = 'roots';

export function startServer(connection: Connection, options: ServerOptions = {}): { dispose(): Promise<void> } {
  const env = options.env ?? process.env;
  const documents = new TextDocuments(TextDocument);
  const folders = new WorkspaceFolders();
  let capabilities: ClientCapabilities = {};
  const settingsStore = new SettingsStore(connection, () => capabilities.workspace?.configuration === true);
  const logError = (message: string) => connection.console.error(message);

  const budgetMs = budgetFromEnvironment(env, logError);
  const workerCount = workersFromEnvironment(env, logError);
  const pool = new AnalysisPool({
    workerPath: options.workerPath ?? join(__dirname, 'analysis-worker.js'),
    size: workerCount,
    budgetMs,
    maxOldGenerationSizeMb: DEFAULT_MAX_OLD_GENERATION_MB,
    staleRunLimitMs: STALE_RUN_LIMIT_MS,
    log: (message) => connection.console.log(message),
  });

  /** Files each document's last analysis read, so a change to one refreshes its dependents. */
  const dependenciesByUri = new Map<string, Set<string>>();
  /** Versions whose analysis was stopped: answered from here, never retried. */
  const stoppedVersions = new Map<string, { version: number; settingsKey: string; diagnostic: Diagnostic }>();
  /** Running and queued jobs per document, so that a newer version ends their stale work. */
  const jobsByUri = new Map<string, Set<{ version: number; cancel(): void }>>();

  /**
   * The workspace's templates and the handler files they name (`TemplateIndex`): candidates are
   * found by name once at start, on folder changes and when such a file is created or deleted; each
   * is read in its own background job (with the usual budget), and an open template updates its
   * entry with every analysis. Never re-scanned per keystroke.
   */
  const templateIndex = new TemplateIndex();
  let templateCandidates: string[] = [];
  let discovery: Promise<void> | undefined;
  let isDiscoveryStale = false;

  function discoverTemplates(): void {
    if (discovery) {
      isDiscoveryStale = true;
      return;
    }
    discovery = (async () => {
      const found = new Set<string>();
      for (const folder of folders.all()) {
        try {
          const settings = await settingsStore.get(folder.uri);
          const result = await discoverFiles([folder.path], { exclude: settings.exclude });
          for (const file of result.files) found.add(file);
        } catch (error) {
          logError(`Finding the templates of ${folder.uri} failed: ${describeError(error)}`);
        }
      }
      templateCandidates = [...found].sort();
      indexedTemplates.clear();
      refreshHandlersOf(templateIndex.retain(found));
      indexTemplatesIfNeeded();
    })().finally(() => {
      discovery = undefined;
      if (isDiscoveryStale) {
        isDiscoveryStale = false;
        discoverTemplates();
      }
    });
  }

  /** Templates read for the index since the last discovery. */
  const indexedTemplates = new Set<string>();

  /**
   * The index is needed only for handler files: the templates are read once the first one is open,
   * so a workspace edited for its templates alone costs nothing more.
   */
  /**
   * Once the session has handler code to read (an open code file, or a template that names a handler file),
   * the workers load the TypeScript compiler ahead of their next job: its load (about 250 ms, seconds on a
   * busy machine) would otherwise fall inside the first code analysis's time budget.
   */
  let isPrimed = false;
  function primeIfCode(): void {
    // Called after each template analysis: once primed, nothing is looked at again.
    if (isPrimed) return;
    const hasCode = templateIndex.handlerFiles().length > 0 || documents.all().some((document) => isCodeFileName(locationOfUri(document.uri, document.languageId).path));
    if (!hasCode) return;
    isPrimed = true;
    pool.primeTypeScript();
  }

  function indexTemplatesIfNeeded(): void {
    const hasCodeDocument = documents.all().some((document) => isCodeFileName(locationOfUri(document.uri, document.languageId).path));
    if (!hasCodeDocument) return;
    primeIfCode();
    for (const path of templateCandidates) if (!indexedTemplates.has(path)) indexTemplate(path);
  }

  /** Reads one template for the index in a background job; an open template is indexed by its own analyses. */
  function indexTemplate(path: string): void {
    indexedTemplates.add(path);
    if (documents.all().some((document) => locationOfUri(document.uri, document.languageId).path === path)) return;
    const handle = pool.run<TemplateHandlersResult>({ kind: 'templateHandlers', path }, { prepare: syncDocuments, isBackground: true });
    void handle.outcome.then(
      (outcome) => {
        if (outcome.kind === 'done') refreshHandlersOf(templateIndex.update(path, outcome.value.functions));
        else if (outcome.kind === 'stopped') connection.console.warn(`Reading ${path} for the handler index stopped: ${outcome.message}.`);
      },
      (error: unknown) => logError(`Reading ${path} for the handler index failed: ${describeError(error)}`),
    );
  }

  /**
   * Handler files whose bindings changed: an open one is pulled again, and so is an open code file no
   * template names (the handlers it may be a module of changed).
   */
  function refreshHandlersOf(paths: ReadonlySet<string>): void {
    primeIfCode();
    if (paths.size === 0) return;
    const isAffected = (path: string) => paths.has(path) || (isCodeFileName(path) && templateIndex.bindingsFor(path).length === 0);
    if (documents.all().some((document) => isAffected(locationOfUri(document.uri, document.languageId).path))) scheduleRefresh();
  }

  /** Sends the worker the open documents (and roots) it has not seen at their current version. */
  function syncDocuments(worker: PoolWorker): void {
    const synced = (worker.state.get(SYNCED_VERSIONS) as Map<string, number> | undefined) ?? new Map<string, number>();
    worker.state.set(SYNCED_VERSIONS, synced);
    const changed: MirroredDocument[] = [];
    const open = new Set<string>();
    for (const document of documents.all()) {
      open.add(document.uri);
      if (synced.get(document.uri) === document.version) continue;
      const location = locationOfUri(document.uri, document.languageId);
      changed.push({ uri: document.uri, version: document.version, path: location.path, isFile: location.isFile, languageId: document.languageId, text: document.getText() });
      synced.set(document.uri, document.version);
    }
    const closed = [...synced.keys()].filter((uri) => !open.has(uri));
    for (const uri of closed) synced.delete(uri);
    const roots = folders.all().map((folder) => folder.path);
    const rootsKey = JSON.stringify(roots);
    const hasNewRoots = worker.state.get(SYNCED_ROOTS) !== rootsKey;
    worker.state.set(SYNCED_ROOTS, rootsKey);
    if (changed.length > 0 || closed.length > 0 || hasNewRoots) worker.post({ type: 'sync', documents: changed, closed, roots: hasNewRoots ? roots : undefined });
  }

  /** Runs a job about one document version; a newer version or a cancelled request ends it. */
  /** Template versions whose analysis with their handlers' code was stopped: analysed without that code. */
  const codeJoinStopped = new Map<string, number>();

  async function runForDocument<T>(request: WorkerRequest & { uri: string; version: number }, token?: CancellationToken): Promise<JobOutcome<T>> {
    // Once this version's analysis with its handlers' code was stopped, every request on it asks for the template alone.
    const withoutCode = codeJoinStopped.get(request.uri) === request.version ? { ...request, withoutHandlerCode: true } : request;
    const handle = pool.run<T>(withoutCode, { affinity: `${request.version}@${request.uri}`, group: request.uri, prepare: syncDocuments });
    const entry = { version: request.version, cancel: () => handle.cancel() };
    const jobs = jobsByUri.get(request.uri) ?? new Set();
    jobs.add(entry);
    jobsByUri.set(request.uri, jobs);
    const subscription = token?.onCancellationRequested(() => handle.cancel());
    try {
      return await handle.outcome;
    } finally {
      subscription?.dispose();
      jobs.delete(entry);
      if (jobs.size === 0) jobsByUri.delete(request.uri);
    }
  }

  function cancelStaleJobs(uri: string, currentVersion: number | undefined): void {
    for (const job of jobsByUri.get(uri) ?? []) if (currentVersion === undefined || job.version < currentVersion) job.cancel();
  }

  async function contextOf(document: TextDocument): Promise<DocumentContext> {
    const location = locationOfUri(document.uri, document.languageId);
    const folder = location.isFile ? folders.folderOf(location.path) : undefined;
    const settings = await settingsStore.get(folder?.uri);
    const relativePath = folder ? relativeInside(folder.path, location.path) : undefined;
    const isExcluded = relativePath !== undefined && isExcludedPath(relativePath, settings.exclude);
    return { location, settings, isIgnored: !settings.enable || isExcluded };
  }

  let isRefreshScheduled = false;
  /** Asks the client to pull again; several causes in one tick make one request. */
  function scheduleRefresh(): void {
    if (isRefreshScheduled || capabilities.workspace?.diagnostics?.refreshSupport !== true) return;
    isRefreshScheduled = true;
    setImmediate(() => {
      isRefreshScheduled = false;
      connection.languages.diagnostics.refresh().catch((error: unknown) => logError(`workspace/diagnostic/refresh failed: ${describeError(error)}`));
    });
  }

  /** A file other documents read through `${file(...)}` (or a samconfig.toml) changed: their findings may have too. */
  function onFileChanged(path: string): void {
    pool.broadcast({ type: 'invalidate', path });
    let hasDependents = false;
    for (const dependencies of dependenciesByUri.values()) if (dependencies.has(path)) hasDependents = true;
    if (hasDependents) scheduleRefresh();
  }

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    folders.replace(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        // `${file(...)}` makes one file's findings depend on another.
        diagnosticProvider: { identifier: 'slsward', interFileDependencies: true, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Serverless Ward' },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`Analysis runs in ${workerCount} worker ${workerCount === 1 ? 'thread' : 'threads'}, ${budgetMs} ms and ${DEFAULT_MAX_OLD_GENERATION_MB} MB per analysis.`);
    discoverTemplates();
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) folders.remove(folder);
        for (const folder of event.added) folders.add(folder);
        settingsStore.invalidate(undefined);
        discoverTemplates();
        scheduleRefresh();
      });
    }
  });

  connection.onShutdown(async () => {
    // Busy workers are ended, not waited for: shutdown must answer at once.
    await pool.terminate();
  });

  connection.onDidChangeConfiguration(async (params) => {
    settingsStore.invalidate(params.settings);
    // Read the new values before asking for a refresh, so the pulls that follow see them.
    try {
      await Promise.all([undefined, ...folders.all().map((folder) => folder.uri)].map((scopeUri) => settingsStore.get(scopeUri)));
    } catch (error) {
      logError(`Reading the changed settings failed: ${describeError(error)}`);
    }
    scheduleRefresh();
  });

  documents.onDidChangeContent((event) => {
    cancelStaleJobs(event.document.uri, event.document.version);
    const location = locationOfUri(event.document.uri, event.document.languageId);
    if (location.isFile) onFileChanged(location.path);
  });

  documents.onDidOpen(() => indexTemplatesIfNeeded());

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    cancelStaleJobs(uri, undefined);
    dependenciesByUri.delete(uri);
    stoppedVersions.delete(uri);
    // Dependents read the unsaved text while it was open; the file on disk may differ.
    const location = locationOfUri(uri, event.document.languageId);
    if (location.isFile) onFileChanged(location.path);
  });

  connection.onDidChangeWatchedFiles((params) => {
    let templatesChanged = false;
    for (const change of params.changes) {
      const location = locationOfUri(change.uri);
      if (!location.isFile) continue;
      onFileChanged(location.path);
      if (isCandidateFileName(basename(location.path))) {
        // A template created or deleted changes the candidates; one changed on disk is read again.
        if (change.type === FileChangeType.Changed && indexedTemplates.has(location.path)) indexTemplate(location.path);
        else templatesChanged = true;
      } else if (change.type !== FileChangeType.Changed && isCodeFileName(location.path)) {
        // A handler file created or deleted changes how the templates above it resolve their handlers.
        for (const template of templateCandidates) {
          if (indexedTemplates.has(template) && (isInside(dirname(template), location.path) || isInside(dirname(dirname(template)), location.path))) indexTemplate(template);
        }
      }
    }
    if (templatesChanged) discoverTemplates();
  });

  /** The one diagnostic of a version whose analysis was stopped, if it was. */
  function stoppedDiagnostic(document: TextDocument, settings: ServerSettings): Diagnostic | undefined {
    const stopped = stoppedVersions.get(document.uri);
    return stopped && stopped.version === document.version && stopped.settingsKey === analysisSettingsKey(settings) ? stopped.diagnostic : undefined;
  }

  function recordStopped(document: TextDocument, settings: ServerSettings, message: string): Diagnostic {
    const diagnostic = documentDiagnostic(ANALYSIS_STOPPED_CODE, `Serverless Ward: ${message}. No findings are shown for this version; see the output for details.`);
    stoppedVersions.set(document.uri, { version: document.version, settingsKey: analysisSettingsKey(settings), diagnostic });
    connection.console.warn(`${document.uri} (version ${document.version}): ${message}.`);
    return diagnostic;
  }

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, 'Diagnostics request cancelled.');
    const uri = params.textDocument.uri;
    const opened = documents.get(uri);
    if (!opened) return empty;
    try {
      const { settings, isIgnored } = await contextOf(opened);
      if (token.isCancellationRequested) throw cancelled();
      if (isIgnored) return empty;
      // The document may have changed while the settings were read; analyse what is open now.
      const document = documents.get(uri);
      if (!document) return empty;
      const stopped = stoppedDiagnostic(document, settings);
      if (stopped) return { kind: DocumentDiagnosticReportKind.Full, items: [stopped] };
      // A handler file gets what the templates say about it; a template's answer updates the index.
      const location = locationOfUri(uri, document.languageId);
      const bindings = location.isFile && isCodeFileName(location.path) ? templateIndex.bindingsFor(location.path) : undefined;
      // A code file no template names may be a module a handler loads: the worker looks from the handler files.
      const handlerFiles = bindings?.length === 0 ? templateIndex.handlerFiles() : undefined;
      // Exports a named handler file re-exports are reported there, not here again as handlers no template names.
      const reExportedElsewhere = bindings ? templateIndex.reExportedFor(location.path) : undefined;
      let outcome = await runForDocument<DiagnosticsResult | undefined>({ kind: 'diagnostics', uri, version: document.version, settings, bindings, handlerFiles, reExportedElsewhere }, token);
      if (outcome.kind === 'cancelled') throw cancelled();
      let codeNotJoined: Diagnostic | undefined;
      // Only a job stopped while it read the handlers' code (the worker said so) is tried again without that code.
      if (outcome.kind === 'stopped' && outcome.phase === 'handler-code' && codeJoinStopped.get(uri) !== document.version) {
        // A template's analysis reads the handlers it names: when that is what ran over, show the template's own findings.
        codeJoinStopped.set(uri, document.version);
        codeNotJoined = documentDiagnostic(
          ANALYSIS_STOPPED_CODE,
          `Serverless Ward: the analysis with this template's handler code stopped (${outcome.message}); the template's own findings are shown, without what its handlers' code adds.`,
        );
        connection.console.warn(`${uri} (version ${document.version}): analysis with handler code stopped (${outcome.message}); analysed without it.`);
        outcome = await runForDocument<DiagnosticsResult | undefined>({ kind: 'diagnostics', uri, version: document.version, settings, bindings, handlerFiles, reExportedElsewhere }, token);
        if (outcome.kind === 'cancelled') throw cancelled();
      }
      if (outcome.kind === 'stopped') return { kind: DocumentDiagnosticReportKind.Full, items: [recordStopped(document, settings, outcome.message)] };
      if (!outcome.value) return empty;
      if (codeNotJoined) return { kind: DocumentDiagnosticReportKind.Full, items: [codeNotJoined, ...outcome.value.items] };
      dependenciesByUri.set(uri, new Set(outcome.value.dependencies));
      if (outcome.value.functions) refreshHandlersOf(templateIndex.update(location.path, outcome.value.functions));
      return { kind: DocumentDiagnosticReportKind.Full, items: outcome.value.items };
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logError(`Diagnostics for ${uri} failed: ${describeError(error)}`);
      return empty;
    }
  });

  connection.onCodeAction(async (params, token) => {
    const uri = params.textDocument.uri;
    try {
      const document = documents.get(uri);
      const wanted = diagnosticsNeedingEdits(params, document?.version);
      if (!document || wanted.length === 0) return [];
      const { settings } = await contextOf(document);
      if (stoppedDiagnostic(document, settings)) return [];
      const outcome = await runForDocument<Array<FindingFixes | null>>(
        { kind: 'fixes', uri, version: document.version, settings, findings: wanted.map((data) => ({ ruleId: data.ruleId, index: data.index, offsets: data.offsets })) },
        token,
      );
      if (outcome.kind !== 'done') return [];
      const editsByData = new Map<FindingDiagnosticData, FindingFixes | null>(wanted.map((data, index) => [data, outcome.value[index] ?? null]));
      return codeActionsFor(params, {
        currentVersionOf: (candidate) => documents.get(candidate)?.version,
        supportsDocumentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
        editsFor: (data) => editsByData.get(data),
      });
    } catch (error) {
      logError(`Code actions for ${uri} failed: ${describeError(error)}`);
      return [];
    }
  });

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const opened = documents.get(params.textDocument.uri);
    if (!opened) return null;
    try {
      const { settings, isIgnored } = await contextOf(opened);
      const document = documents.get(params.textDocument.uri);
      if (isIgnored || !document || stoppedDiagnostic(document, settings)) return null;
      const outcome = await runForDocument<Hover | null>({ kind: 'hover', uri: document.uri, version: document.version, settings, position: params.position }, token);
      if (outcome.kind === 'stopped') recordStopped(document, settings, outcome.message);
      return outcome.kind === 'done' ? outcome.value : null;
    } catch (error) {
      logError(`Hover for ${params.textDocument.uri} failed: ${describeError(error)}`);
      return null;
    }
  });

  connection.onRequest(LeastPrivilegePolicyRequest, async (params, token): Promise<LeastPrivilegePolicyResult> => {
    const opened = documents.get(params.textDocument.uri);
    if (!opened) return { functions: [], message: 'The document is not open.' };
    const { settings, isIgnored } = await contextOf(opened);
    const document = documents.get(params.textDocument.uri);
    if (isIgnored || !document) return { functions: [], message: 'Serverless Ward is turned off for this file (slsward.enable or slsward.exclude).' };
    const location = locationOfUri(document.uri, document.languageId);
    const bindings = location.isFile && isCodeFileName(location.path) ? templateIndex.bindingsFor(location.path) : undefined;
    const outcome = await runForDocument<LeastPrivilegePolicyResult>({ kind: 'leastPrivilegePolicy', uri: document.uri, version: document.version, settings, position: params.position, bindings }, token);
    if (outcome.kind === 'done') return outcome.value;
    if (outcome.kind === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Least-privilege policy request cancelled.');
    return { functions: [], message: `Serverless Ward: ${outcome.message}.` };
  });

  connection.onRequest(AuditWorkspaceRequest, (params, token) => auditWorkspace(params, token, { connection, folders, settings: settingsStore, pool, prepare: syncDocuments }));
  connection.onRequest(FormatAuditReportRequest, (params) => formatAuditReport(params, version));

  documents.listen(connection);
  return { dispose: () => pool.terminate() };
}

/** `SLSWARD_ANALYSIS_WORKERS`: how many analysis threads the server runs (default 2). */
function workersFromEnvironment(env: NodeJS.ProcessEnv, warn: (message: string) => void): number {
  const raw = env.SLSWARD_ANALYSIS_WORKERS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_WORKERS;
  const value = Number(raw);
  const limit = Math.max(DEFAULT_WORKERS, availableParallelism());
  if (!Number.isInteger(value) || value < 1 || value > limit) {
    warn(`SLSWARD_ANALYSIS_WORKERS must be a whole number from 1 to ${limit}, not '${raw}'; using ${DEFAULT_WORKERS}.`);
    return DEFAULT_WORKERS;
  }
  return value;
}
