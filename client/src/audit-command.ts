/**
 * The "Serverless Ward: Audit Workspace" command: asks the server to audit
 * every template, shows the findings of files that are not open in the
 * Problems panel, opens a Markdown report and returns the report (the e2e
 * tests read it). Open files get live diagnostics instead, never both.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { renderAuditReport } from './audit-report';
import { AuditWorkspaceRequest, type AuditReport, type ReportFinding } from './protocol';
import { DIAGNOSTIC_SOURCE } from './status-item';

const SEVERITIES: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Languages whose open documents the server analyses live (the client's document selector). */
const LIVE_LANGUAGES: ReadonlySet<string> = new Set(['yaml', 'json', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

export class AuditCommand implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('slsward-audit');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private auditCount = 0;

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.OutputChannel,
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
      }),
    );
  }

  async run(): Promise<AuditReport | undefined> {
    const auditNumber = ++this.auditCount;
    let report: AuditReport;
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Serverless Ward: auditing the workspace', cancellable: true },
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
            return await this.client.sendRequest(AuditWorkspaceRequest, { workDoneToken }, token);
          } finally {
            listener.dispose();
          }
        },
      );
    } catch (error) {
      if (isCancellation(error)) {
        void vscode.window.showInformationMessage('Serverless Ward: the audit was cancelled.');
        return undefined;
      }
      this.output.appendLine(`The audit failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Serverless Ward: the audit failed (${error instanceof Error ? error.message : String(error)}). See the output for details.`);
      return undefined;
    }
    this.showInProblems(report);
    try {
      const content = renderAuditReport(report, { displayPath });
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(document, { preview: false });
    } catch (error) {
      this.output.appendLine(`Opening the audit report failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    return report;
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
function isLiveDocument(uri: vscode.Uri): boolean {
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

function displayPath(file: string): string {
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
