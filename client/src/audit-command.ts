/**
 * Runs the workspace audit (`slsward/auditWorkspace`) and keeps its latest
 * report: the "Serverless Ward: Audit Workspace" command, the report panel's
 * Refresh button and the Endpoints view all go through `AuditService`, which
 * runs one audit at a time and tells its listeners when a report arrives. It
 * shows the findings of files that are not open in the Problems panel (open
 * files get live diagnostics instead, never both), and re-runs the audit,
 * debounced, when the live diagnostics change while a view of it is showing.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { AuditWorkspaceRequest, type AuditReport, type ReportFinding } from './protocol';
import { DIAGNOSTIC_SOURCE } from './status-item';

const SEVERITIES: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Languages whose open documents the server analyses live (the client's document selector). */
const LIVE_LANGUAGES: ReadonlySet<string> = new Set(['yaml', 'json', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

/**
 * How long the live diagnostics must stay still before the audit re-runs. Typing changes them at
 * every pull; an audit reads every template and handler of the workspace, so it waits for a pause.
 */
export const REFRESH_DEBOUNCE_MS = 1500;

/** Templates (and the samconfig.toml beside them) and handler sources: the files an audit reads. */
const WATCHED_FILES = '**/*.{yml,yaml,json,toml,js,mjs,cjs,jsx,ts,mts,cts,tsx}';
/** Folders whose churn (an install, a build, git) is not a change to the application. */
const IGNORED_FOLDERS = /\/(?:node_modules|\.git|\.serverless|\.aws-sam|cdk\.out)\//;
const OWN_WRITE_GRACE_MS = 5000;

export interface AuditRunOptions {
  /** `notification` (the command: cancellable, with the server's progress) or `window` (a refresh: the status bar only). */
  progress: 'notification' | 'window';
}

export class AuditService implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('slsward-audit');
  private readonly changed = new vscode.EventEmitter<AuditReport>();
  private readonly disposables: vscode.Disposable[] = [this.collection, this.changed];
  private auditCount = 0;
  private latest: AuditReport | undefined;
  private inFlight: Promise<AuditReport | undefined> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Files saved since the latest audit: its findings for them may be stale. */
  private readonly savedSinceAudit = new Set<string>();
  /** Files the extension writes itself (exports), whose change events are ignored for a moment. */
  private readonly ownWrites = new Set<string>();
  /** The slsward diagnostics of each live document when last seen, so that a pull that changes nothing does not re-run the audit. */
  private readonly liveSignatures = new Map<string, string>();

  /** Fires with every report an audit returns (not for a cancelled or failed one). */
  readonly onDidAudit = this.changed.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
    /** True while something shows the report (the panel, the Endpoints view): only then do diagnostics changes re-run it. */
    private readonly isReportShown: () => boolean = () => false,
    /** Resolves once the language client has started (the Endpoints view may ask for a report before). */
    private readonly whenClientReady: () => Promise<void> = () => Promise.resolve(),
  ) {
    // Once a file is open its live diagnostics take over; the audit's copy would duplicate them.
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (LIVE_LANGUAGES.has(document.languageId)) this.collection.delete(document.uri);
      }),
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        for (const tab of [...event.opened, ...event.changed]) {
          const uri = tabUri(tab);
          if (uri && isLiveDocument(uri)) this.collection.delete(uri);
        }
        // A closed file loses its live diagnostics: the audit's findings for it show again, unless
        // it was saved since that audit (they may be stale; the next audit has them).
        for (const tab of event.closed) {
          const uri = tabUri(tab);
          if (uri && !isLiveDocument(uri) && !this.savedSinceAudit.has(uri.toString())) this.restoreAuditFindings(uri);
        }
      }),
      vscode.workspace.onDidSaveTextDocument((document) => this.savedSinceAudit.add(document.uri.toString())),
      vscode.languages.onDidChangeDiagnostics((event) => this.onDiagnosticsChanged(event.uris)),
    );
    // A template or handler that changes on disk without an editor (created, deleted, a checkout, a
    // save from another tool) changes no live diagnostics; the watcher catches it.
    const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILES);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onFileChanged(uri)),
      watcher.onDidChange((uri) => this.onFileChanged(uri)),
      watcher.onDidDelete((uri) => this.onFileChanged(uri)),
    );
    // Deleting a folder reports the folder alone, which the pattern above does not match: any deletion
    // that takes a file of the report with it re-runs the audit.
    const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.disposables.push(
      deletions,
      deletions.onDidDelete((uri) => {
        const prefix = uri.fsPath.endsWith(path.sep) ? uri.fsPath : `${uri.fsPath}${path.sep}`;
        if (this.latest?.files.some((file) => file === uri.fsPath || file.startsWith(prefix))) this.onFileChanged(uri);
      }),
    );
  }

  /**
   * The extension is about to write `uri` (an exported report): its change is not a change to the
   * workspace's templates, so it does not re-run the audit.
   */
  expectWrite(uri: vscode.Uri): void {
    this.ownWrites.add(uri.toString());
    setTimeout(() => this.ownWrites.delete(uri.toString()), OWN_WRITE_GRACE_MS);
  }

  private onFileChanged(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || IGNORED_FOLDERS.test(uri.path) || this.ownWrites.has(uri.toString())) return;
    this.scheduleRefresh();
  }

  /** The audit's own diagnostics for `uri` (none while the file is open: live diagnostics replace them). Tests read it. */
  auditDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** The latest report, if an audit has finished. */
  get report(): AuditReport | undefined {
    return this.latest;
  }

  /** The latest report, or the report of an audit run now (the Endpoints view on its first reveal). */
  async ensureReport(): Promise<AuditReport | undefined> {
    return this.latest ?? this.inFlight ?? this.run({ progress: 'window' });
  }

  /**
   * Runs an audit. One runs at a time: a request while one is running waits for it and then runs
   * once more (requests that pile up meanwhile share that run), so the result reflects the request.
   */
  async run(options: AuditRunOptions): Promise<AuditReport | undefined> {
    if (this.inFlight) {
      const pending = this.inFlight;
      await pending.catch(() => undefined);
      // The first waiter to get here starts the re-run; the others join it.
      if (this.inFlight && this.inFlight !== pending) return this.inFlight;
    }
    const running = this.audit(options);
    this.inFlight = running;
    try {
      return await running;
    } finally {
      if (this.inFlight === running) this.inFlight = undefined;
    }
  }

  private async audit(options: AuditRunOptions): Promise<AuditReport | undefined> {
    const auditNumber = ++this.auditCount;
    // Saves from now on may or may not be in this audit's report; those before it are.
    const savedBefore = [...this.savedSinceAudit];
    let report: AuditReport;
    try {
      report = await vscode.window.withProgress(
        options.progress === 'notification'
          ? { location: vscode.ProgressLocation.Notification, title: 'Serverless Ward: auditing the workspace', cancellable: true }
          : { location: vscode.ProgressLocation.Window, title: 'Serverless Ward: auditing' },
        async (progress, token) => {
          // The server reports to this token, so its progress shows in this notification.
          const workDoneToken = `slsward-audit-${process.pid}-${auditNumber}-${Date.now()}`;
          let reported = 0;
          const listener = this.client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
            if (value.kind === 'end') return;
            const percentage = value.percentage ?? reported;
            progress.report({ message: value.message, increment: Math.max(0, percentage - reported) });
            reported = Math.max(reported, percentage);
          });
          try {
            await this.whenClientReady();
            return await this.client.sendRequest(AuditWorkspaceRequest, { workDoneToken }, token);
          } finally {
            listener.dispose();
          }
        },
      );
    } catch (error) {
      if (isCancellation(error)) {
        if (options.progress === 'notification') void vscode.window.showInformationMessage('Serverless Ward: the audit was cancelled.');
        return undefined;
      }
      this.output.appendLine(`The audit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (options.progress === 'notification') {
        void vscode.window.showErrorMessage(`Serverless Ward: the audit failed (${error instanceof Error ? error.message : String(error)}). See the output for details.`);
      }
      return undefined;
    }
    for (const key of savedBefore) this.savedSinceAudit.delete(key);
    this.latest = report;
    this.showInProblems(report);
    this.changed.fire(report);
    return report;
  }

  /**
   * The live diagnostics of an open template or handler changed: when the report is showing, run
   * the audit again once they have been still for `REFRESH_DEBOUNCE_MS`. The audit's own
   * collection only holds files that are not open, so setting it never triggers this.
   */
  private onDiagnosticsChanged(uris: readonly vscode.Uri[]): void {
    let changed = false;
    for (const uri of uris) {
      if (!isLiveDocument(uri)) continue;
      const key = uri.toString();
      const signature = vscode.languages
        .getDiagnostics(uri)
        .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE)
        .map((diagnostic) => `${diagnostic.range.start.line}:${diagnostic.range.start.character}:${diagnostic.severity}:${typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code}:${diagnostic.message}`)
        .sort()
        .join('\n');
      if (this.liveSignatures.get(key) === signature) continue;
      this.liveSignatures.set(key, signature);
      changed = true;
    }
    if (changed) this.scheduleRefresh();
  }

  /** While the report is showing, re-runs the audit once changes have been still for `REFRESH_DEBOUNCE_MS`. */
  private scheduleRefresh(): void {
    if (this.latest === undefined || !this.isReportShown()) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (this.isReportShown()) void this.run({ progress: 'window' });
    }, REFRESH_DEBOUNCE_MS);
  }

  private restoreAuditFindings(uri: vscode.Uri): void {
    const file = uri.fsPath;
    const findings = this.latest?.findings.filter((finding) => finding.path === file) ?? [];
    if (findings.length > 0) this.collection.set(uri, findings.map(toDiagnostic));
  }

  private showInProblems(report: AuditReport): void {
    this.collection.clear();
    const byFile = new Map<string, ReportFinding[]>();
    for (const finding of report.findings) {
      const findings = byFile.get(finding.path) ?? [];
      findings.push(finding);
      byFile.set(finding.path, findings);
    }
    for (const [file, findings] of byFile) {
      const uri = vscode.Uri.file(file);
      if (isLiveDocument(uri)) continue;
      this.collection.set(uri, findings.map(toDiagnostic));
    }
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function toDiagnostic(finding: ReportFinding): vscode.Diagnostic {
  const range = new vscode.Range(finding.start.line, finding.start.character, finding.end.line, finding.end.character);
  const diagnostic = new vscode.Diagnostic(range, finding.message, SEVERITIES[finding.severity] ?? vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.docsUrl ? { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) } : finding.ruleId;
  return diagnostic;
}

/**
 * The language client pulls diagnostics for documents shown in a tab, so a
 * file in a tab has live diagnostics and needs no audit copy.
 */
export function isLiveDocument(uri: vscode.Uri): boolean {
  const key = uri.toString();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tabUri(tab)?.toString() === key) {
        const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
        return document === undefined || LIVE_LANGUAGES.has(document.languageId);
      }
    }
  }
  return false;
}

function tabUri(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri;
  if (input instanceof vscode.TabInputTextDiff) return input.modified;
  return undefined;
}

/** How the report names a file: relative to its workspace folder, prefixed with the folder's name when there are several. */
export function displayPath(file: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
  if (!folder) return file;
  const relative = path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${relative}` : relative;
}

function isCancellation(error: unknown): boolean {
  if (error instanceof vscode.CancellationError) return true;
  const code = (error as { code?: unknown } | undefined)?.code;
  // -32800 is LSP's RequestCancelled.
  return code === -32800;
}
