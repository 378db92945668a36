/**
 * The `slsward/auditWorkspace` request: discovers the candidate files under
 * the workspace folders, audits them on the analysis workers (open documents
 * by their unsaved text, so diagnostics and hovers keep answering meanwhile)
 * and reports progress. The audit itself, discovery and
 * the report format belong to the workspace module; this file only adapts them
 * to LSP (settings per folder, progress, cancellation). The audit is an
 * explicit request, so it runs even where `slsward.enable` is false; the
 * exclude globs and rule settings of each folder apply.
 */
import { resolve } from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { comparePaths, discoverFiles, emptyReport, type AuditReport, type SkippedFile } from '../workspace';
import type { AnalysisPool, PoolWorker } from '../workspace/analysis-pool';
import { auditFilesInPool } from '../workspace/parallel-audit';
import { describeError } from './document-analyses';
import { formatHtml } from '../workspace/reporters/html';
import { formatJson } from '../workspace/reporters/json';
import { formatSarif } from '../workspace/reporters/sarif';
import { formatText } from '../workspace/reporters/text';
import type { AuditWorkspaceParams, FormatAuditReportParams } from './protocol';
import type { SettingsStore } from './settings';
import type { WorkspaceFolders } from './workspace-folders';

export interface AuditDependencies {
  connection: Connection;
  folders: WorkspaceFolders;
  settings: SettingsStore;
  pool: AnalysisPool;
  /** Sends a worker the open documents it lacks: the audit reads their unsaved text. */
  prepare(worker: PoolWorker): void;
}

interface RootGroup {
  folderUri: string | undefined;
  roots: string[];
}

export async function auditWorkspace(params: AuditWorkspaceParams | null | undefined, token: CancellationToken, dependencies: AuditDependencies): Promise<AuditReport> {
  const { connection } = dependencies;
  const requestedRoots = Array.isArray(params?.roots) ? params.roots.filter((root): root is string => typeof root === 'string' && root !== '').map((root) => resolve(root)) : undefined;
  const roots = requestedRoots ?? dependencies.folders.all().map((folder) => folder.path);
  const progress = await startProgress(connection, params);
  const isCancelled = () => token.isCancellationRequested || progress.token?.isCancellationRequested === true;
  const startedAt = Date.now();
  try {
    progress.reporter.begin('Serverless Ward: auditing the workspace', 0, 'Looking for templates', true);
    const groups = groupRootsByFolder(roots, dependencies.folders);
    const discovered: Array<{ group: RootGroup; files: string[]; codeFiles: string[]; skipped: SkippedFile[] }> = [];
    for (const group of groups) {
      const settings = await dependencies.settings.get(group.folderUri);
      // Handler sources too: the audit lists what each route's handler checks and reaches.
      const result = await discoverFiles(group.roots, { exclude: settings.exclude, code: true });
      discovered.push({ group, files: result.files, codeFiles: result.codeFiles ?? [], skipped: result.skipped });
      if (isCancelled()) break;
    }
    assignFilesToInnermostFolder(discovered, groups, dependencies.folders);
    const total = discovered.reduce((sum, item) => sum + item.files.length, 0);
    const abort = new AbortController();
    const cancellation = [token.onCancellationRequested(() => abort.abort()), progress.token?.onCancellationRequested(() => abort.abort())];
    const reports: AuditReport[] = [];
    let offset = 0;
    let lastPercentage = -1;
    try {
      for (const item of discovered) {
        if (isCancelled()) break;
        const settings = await dependencies.settings.get(item.group.folderUri);
        const report = await auditFilesInPool(item.files, dependencies.pool, {
          roots,
          settings: { rules: settings.rules, honourInlineIgnores: true, honourOtherToolSuppressions: settings.honourOtherToolSuppressions !== false },
          readSamConfig: true,
          preferOpenDocuments: true,
          prepare: dependencies.prepare,
          signal: abort.signal,
          code: { candidates: item.codeFiles },
          onProgress: (done) => {
            const overall = offset + done;
            const percentage = total === 0 ? 100 : Math.floor((overall / total) * 100);
            if (percentage !== lastPercentage || overall === total) {
              lastPercentage = percentage;
              progress.reporter.report(percentage, `${overall}/${total} files`);
            }
          },
        });
        report.skipped.push(...item.skipped);
        reports.push(report);
        offset += item.files.length;
      }
    } finally {
      for (const subscription of cancellation) subscription?.dispose();
    }
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The audit was cancelled.');
    const merged = mergeReports(reports);
    if (isCancelled()) merged.cancelled = true;
    for (const error of merged.internalErrors) connection.console.error(`Internal error while auditing ${error.path}: ${error.message}`);
    connection.console.info(
      `Audit${merged.cancelled ? ' (cancelled)' : ''}: ${total} candidate files, ${merged.files.length} templates, ${merged.findings.length} findings, ${merged.skipped.length} skipped, in ${Date.now() - startedAt} ms.`,
    );
    return merged;
  } catch (error) {
    if (error instanceof ResponseError) throw error;
    connection.console.error(`The audit failed: ${describeError(error)}`);
    throw new ResponseError(LSPErrorCodes.RequestFailed, `The audit failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress.reporter.done();
  }
}

/** Roots in one workspace folder share that folder's settings (exclude globs, rule severities). */
function groupRootsByFolder(roots: string[], folders: WorkspaceFolders): RootGroup[] {
  const groups = new Map<string, RootGroup>();
  for (const root of roots) {
    const folderUri = folders.folderOf(root)?.uri;
    const key = folderUri ?? '';
    const group = groups.get(key) ?? { folderUri, roots: [] };
    group.roots.push(root);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Workspace folders may nest. A file found under both is audited once, with
 * the settings of its innermost folder, whose exclude globs then decide.
 */
function assignFilesToInnermostFolder(discovered: Array<{ group: RootGroup; files: string[] }>, groups: RootGroup[], folders: WorkspaceFolders): void {
  if (discovered.length < 2) return;
  const seen = new Set<string>();
  for (const item of discovered) {
    item.files = item.files.filter((file) => {
      const innermostUri = folders.folderOf(file)?.uri;
      const owner = groups.find((group) => group.folderUri === innermostUri);
      if (owner && owner !== item.group) return false;
      if (seen.has(file)) return false;
      seen.add(file);
      return true;
    });
  }
}

export function mergeReports(reports: AuditReport[]): AuditReport {
  if (reports.length === 1) return reports[0];
  const merged = emptyReport();
  for (const report of reports) {
    merged.files.push(...report.files);
    merged.findings.push(...report.findings);
    merged.endpoints.push(...report.endpoints);
    merged.skipped.push(...report.skipped);
    merged.suppressed.push(...report.suppressed);
    merged.internalErrors.push(...report.internalErrors);
    merged.issues.push(...report.issues);
    merged.functions.push(...report.functions);
    for (const [severity, count] of Object.entries(report.counts.bySeverity)) {
      merged.counts.bySeverity[severity as keyof AuditReport['counts']['bySeverity']] = (merged.counts.bySeverity[severity as keyof AuditReport['counts']['bySeverity']] ?? 0) + count;
    }
    for (const [category, count] of Object.entries(report.counts.byCategory)) {
      merged.counts.byCategory[category as keyof AuditReport['counts']['byCategory']] = (merged.counts.byCategory[category as keyof AuditReport['counts']['byCategory']] ?? 0) + count;
    }
    if (report.cancelled) merged.cancelled = true;
  }
  // Two roots of different folders may overlap (nested folders); a file is reported once.
  merged.files = [...new Set(merged.files)].sort(comparePaths);
  merged.findings.sort((a, b) => comparePaths(a.path, b.path) || a.start.line - b.start.line || a.start.character - b.start.character);
  merged.endpoints.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
  merged.functions.sort((a, b) => comparePaths(a.path, b.path) || a.line - b.line);
  merged.skipped.sort((a, b) => comparePaths(a.path, b.path));
  return merged;
}

interface AuditProgress {
  reporter: WorkDoneProgressReporter;
  /** Set for server-created progress, whose cancel button cancels the audit. */
  token?: CancellationToken;
}

async function startProgress(connection: Connection, params: AuditWorkspaceParams | null | undefined): Promise<AuditProgress> {
  if (params?.workDoneToken !== undefined) return { reporter: connection.window.attachWorkDoneProgress(params.workDoneToken) };
  try {
    // Without client support this resolves to a reporter that sends nothing.
    const reporter = await connection.window.createWorkDoneProgress();
    return { reporter, token: reporter.token };
  } catch (error) {
    connection.console.warn(`The client refused progress for the audit: ${describeError(error)}`);
    return { reporter: connection.window.attachWorkDoneProgress(undefined) };
  }
}

/**
 * `slsward/formatAuditReport`: the CLI's reporters over a report the client holds, so that an
 * export from the editor's panel is the file `slsward audit --format ...` writes. SARIF describes
 * every rule, so the rules are loaded here on the first SARIF export only: the main thread
 * otherwise never loads them (the analysis workers do).
 */
export async function formatAuditReport(params: FormatAuditReportParams | null | undefined, version: string): Promise<{ text: string }> {
  const report = params?.report;
  if (!isReportShaped(report)) throw new ResponseError(LSPErrorCodes.RequestFailed, 'formatAuditReport needs the report of slsward/auditWorkspace.');
  const complete = { ...emptyReport(), ...report };
  switch (params?.format) {
    case 'html': {
      const webview = params.webview;
      if (webview !== undefined && (typeof webview.nonce !== 'string' || !/^[A-Za-z0-9+/=_-]{16,}$/.test(webview.nonce) || typeof webview.cspSource !== 'string')) {
        throw new ResponseError(LSPErrorCodes.RequestFailed, 'formatAuditReport: the webview needs a nonce of at least 16 letters or digits and a CSP source.');
      }
      return { text: formatHtml(complete, { webview, subtitle: typeof params.subtitle === 'string' ? params.subtitle : undefined }) };
    }
    case 'json':
      return { text: formatJson(complete) };
    case 'text':
      return { text: formatText(complete) };
    case 'sarif': {
      const { allRules, codeRules } = await import('../../../rules/index.js');
      return { text: formatSarif(complete, { toolVersion: version, rules: [...allRules.map((rule) => rule.meta), ...codeRules.map((rule) => rule.meta)] }) };
    }
    default:
      throw new ResponseError(LSPErrorCodes.RequestFailed, `formatAuditReport: unknown format '${String(params?.format)}' (html, sarif, json or text).`);
  }
}

/** The arrays every reporter walks; a client that sends something else gets an error, not a crash in a reporter. */
function isReportShaped(report: unknown): report is AuditReport {
  if (typeof report !== 'object' || report === null) return false;
  const candidate = report as Record<string, unknown>;
  const arrays = ['files', 'findings', 'endpoints', 'skipped', 'suppressed', 'internalErrors'];
  return arrays.every((key) => Array.isArray(candidate[key])) && typeof candidate.counts === 'object' && candidate.counts !== null;
}
