/**
 * Wires the LSP connection to the engine: document sync, pull diagnostics,
 * code actions, hover, settings and the workspace audit. Handlers are thin;
 * conversion and caching live in the sibling modules. No handler lets an
 * exception escape: a failing analysis is logged and yields no diagnostics.
 * Diagnostics are pulled by the client only; this server never pushes them.
 */
import { dirname, resolve } from 'node:path';
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { allRules } from '../../../rules/index';
import { suppressionFix, type RuleMeta, type RuleModule, type WorkspaceFileReader } from '../engine';
import { createWorkspaceFileReader } from '../workspace';
import { auditWorkspace } from './audit';
import { codeActionsFor } from './code-actions';
import { diagnosticsOf, toLspFix, type FindingDiagnosticData, type LspFix } from './diagnostics';
import { AnalysisCache, describeError } from './document-analyses';
import { hoverAt } from './hover';
import { locationOfUri, type DocumentLocation } from './paths';
import { AuditWorkspaceRequest } from './protocol';
import { SettingsStore, type ServerSettings } from './settings';
import { isExcludedPath, relativeInside, WorkspaceFolders } from './workspace-folders';

export interface ServerOptions {
  /** The rules to run; the registry (`allRules`) by default. */
  rules?: readonly RuleModule[];
}

interface DocumentContext {
  location: DocumentLocation;
  settings: ServerSettings;
  /** Disabled by `slsward.enable`, or excluded by `slsward.exclude` or a skipped directory. */
  isIgnored: boolean;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const rules = options.rules ?? allRules;
  const rulesById = new Map<string, RuleMeta>(rules.map((rule) => [rule.meta.id, rule.meta]));
  const documents = new TextDocuments(TextDocument);
  const folders = new WorkspaceFolders();
  let capabilities: ClientCapabilities = {};
  const settingsStore = new SettingsStore(connection, () => capabilities.workspace?.configuration === true);
  const logError = (message: string) => connection.console.error(message);

  /** Open documents by file system path, for `${file(...)}` and the audit. */
  const openDocumentText = (path: string): string | undefined => {
    for (const document of documents.all()) {
      const location = locationOfUri(document.uri, document.languageId);
      if (location.isFile && location.path === path) return document.getText();
    }
    return undefined;
  };

  const createFileReader = (roots: string[], dependencies?: Set<string>): WorkspaceFileReader => {
    const readFromDisk = createWorkspaceFileReader(roots);
    return (fromPath, relativePath) => {
      // Recorded even when the read fails: creating the missing file must refresh its dependents too.
      if (typeof relativePath === 'string' && relativePath !== '') dependencies?.add(resolve(dirname(fromPath), relativePath));
      const read = readFromDisk(fromPath, relativePath);
      if (!read) return undefined;
      dependencies?.add(read.path);
      const open = openDocumentText(read.path);
      return open !== undefined ? { path: read.path, text: open } : read;
    };
  };

  const analyses = new AnalysisCache({
    rules,
    logError,
    createFileReader: (dependencies) =>
      createFileReader(
        folders.all().map((folder) => folder.path),
        dependencies,
      ),
  });

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

  /** A file other documents read through `${file(...)}` changed: their findings may have too. */
  function onFileChanged(path: string): void {
    if (analyses.invalidateDependentsOf(path)) scheduleRefresh();
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
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.removed) folders.remove(folder);
        for (const folder of event.added) folders.add(folder);
        settingsStore.invalidate(undefined);
        scheduleRefresh();
      });
    }
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
    const location = locationOfUri(event.document.uri, event.document.languageId);
    if (location.isFile) onFileChanged(location.path);
  });

  documents.onDidClose((event) => {
    analyses.delete(event.document.uri);
    // Dependents read the unsaved text while it was open; the file on disk may differ.
    const location = locationOfUri(event.document.uri, event.document.languageId);
    if (location.isFile) onFileChanged(location.path);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const location = locationOfUri(change.uri);
      if (location.isFile) onFileChanged(location.path);
    }
  });

  connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
    const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const uri = params.textDocument.uri;
    const opened = documents.get(uri);
    if (!opened) return empty;
    try {
      const { location, settings, isIgnored } = await contextOf(opened);
      // Let a queued didChange or $/cancelRequest arrive before the work starts.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Diagnostics request cancelled.');
      if (isIgnored) return empty;
      // The document may have changed while the settings were read; analyse what is open now.
      const document = documents.get(uri);
      if (!document) return empty;
      const analysis = analyses.analyse(document, location, settings);
      return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(analysis, { isRule: (ruleId) => rulesById.has(ruleId) }) };
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      logError(`Diagnostics for ${uri} failed: ${describeError(error)}`);
      return empty;
    }
  });

  /** The ignore edit, from the cached parse and analysis of exactly the version the diagnostic came from. */
  function suppressionFor(data: FindingDiagnosticData): LspFix | undefined {
    const analysis = analyses.peek(data.uri, data.version);
    const finding = analysis?.result.findings.find((candidate) => candidate.ruleId === data.ruleId && candidate.range.start === data.offsets.start && candidate.range.end === data.offsets.end);
    if (!analysis || !finding) return undefined;
    try {
      const fix = suppressionFix(analysis.parsed, finding);
      return fix ? toLspFix(analysis.lineIndex, fix) : undefined;
    } catch (error) {
      logError(`Building the ignore edit for ${data.ruleId} in ${data.uri} failed: ${describeError(error)}`);
      return undefined;
    }
  }

  connection.onCodeAction((params) => {
    try {
      return codeActionsFor(params, {
        currentVersionOf: (uri) => documents.get(uri)?.version,
        supportsDocumentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
        suppressionFor,
      });
    } catch (error) {
      logError(`Code actions for ${params.textDocument.uri} failed: ${describeError(error)}`);
      return [];
    }
  });

  connection.onHover(async (params) => {
    const opened = documents.get(params.textDocument.uri);
    if (!opened) return null;
    try {
      const { location, settings, isIgnored } = await contextOf(opened);
      const document = documents.get(params.textDocument.uri);
      if (isIgnored || !document) return null;
      const analysis = analyses.analyse(document, location, settings);
      return hoverAt(analysis, document.offsetAt(params.position), rulesById);
    } catch (error) {
      logError(`Hover for ${params.textDocument.uri} failed: ${describeError(error)}`);
      return null;
    }
  });

  connection.onRequest(AuditWorkspaceRequest, (params, token) =>
    auditWorkspace(params, token, { connection, folders, settings: settingsStore, rules, openDocumentText, createFileReader: (roots) => createFileReader(roots) }),
  );

  documents.listen(connection);
}
