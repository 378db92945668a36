/**
 * The audit report panel: a webview that shows the server's HTML report (the
 * CLI's `--format html` document, with a nonce in its CSP and a toolbar), opens
 * the file at a finding, endpoint or function when its row is clicked, re-runs
 * the audit on Refresh and exports the report to a file the user picks. The
 * panel holds no document, so nothing asks to be saved when it closes. It
 * never builds HTML from report text itself: the server's reporter escapes.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { displayPath, type AuditService } from './audit-command';
import { renderAuditReport } from './audit-report';
import { FormatAuditReportRequest, type AuditReport } from './protocol';
import { displayReport, exportLine } from './report-model';

export const REPORT_VIEW_TYPE = 'slsward.auditReport';

export type ExportFormat = 'markdown' | 'html' | 'sarif' | 'json';
export const EXPORT_FORMATS: Record<ExportFormat, { extension: string; label: string }> = {
  markdown: { extension: 'md', label: 'Markdown' },
  html: { extension: 'html', label: 'HTML' },
  sarif: { extension: 'sarif', label: 'SARIF' },
  json: { extension: 'json', label: 'JSON' },
};

/** What the webview's script posts (see `REPORT_SCRIPT` in the server's HTML reporter). */
export type PanelMessage =
  | { type: 'openFinding'; index: number }
  | { type: 'openEndpoint'; index: number }
  | { type: 'openFunction'; index: number }
  | { type: 'refresh' }
  | { type: 'export'; format: ExportFormat };

export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The report the panel shows, with absolute paths: a row's index points into it. */
  private shown: AuditReport | undefined;
  /** The render in progress, so that the command and the audit listener do not render one report twice. */
  private rendering: { report: AuditReport; done: Promise<void> } | undefined;
  private readonly rendered = new vscode.EventEmitter<AuditReport>();
  private readonly disposables: vscode.Disposable[] = [this.rendered];

  /** Fires when the panel shows a report (tests wait on it; rendering is asynchronous). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly audits: AuditService,
    private readonly output: vscode.OutputChannel,
  ) {
    // A new report (a refresh, the command, the Endpoints view) replaces the one on show.
    this.disposables.push(audits.onDidAudit((report) => {
      if (this.panel) void this.render(report);
    }));
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The report on show (tests read it). */
  get report(): AuditReport | undefined {
    return this.shown;
  }

  /** Opens the panel (or reveals it) on `report`. */
  async show(report: AuditReport): Promise<void> {
    if (!this.panel) {
      const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
      this.panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, 'Serverless Ward Audit', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
        enableScripts: true,
        enableFindWidget: true,
        // Nothing is loaded from disk but the panel's icon; the report is inline, allowed by its nonce.
        localResourceRoots: [media],
      });
      this.panel.iconPath = vscode.Uri.joinPath(media, 'audit.svg');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.shown = undefined;
        this.rendering = undefined;
      });
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message));
    } else {
      this.panel.reveal(undefined, false);
    }
    await this.render(report);
  }

  private render(report: AuditReport): Promise<void> {
    if (this.shown === report) return Promise.resolve();
    if (this.rendering?.report === report) return this.rendering.done;
    const rendering = { report, done: this.renderNow(report) };
    this.rendering = rendering;
    void rendering.done.finally(() => {
      if (this.rendering === rendering) this.rendering = undefined;
    });
    return rendering.done;
  }

  private async renderNow(report: AuditReport): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const nonce = randomBytes(18).toString('base64url');
    let html: string;
    try {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const subtitle = folders.length > 0 ? `Workspace: ${folders.map((folder) => folder.name).join(', ')}` : undefined;
      html = (await this.client.sendRequest(FormatAuditReportRequest, { report: displayReport(report, displayPath), format: 'html', webview: { nonce, cspSource: panel.webview.cspSource }, subtitle })).text;
    } catch (error) {
      this.output.appendLine(`Rendering the audit report failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage('Serverless Ward: the audit report could not be shown. See the output for details.');
      return;
    }
    // A newer report started rendering meanwhile (or the panel closed): it wins.
    if (this.panel !== panel || this.rendering?.report !== report) return;
    this.shown = report;
    panel.webview.html = html;
    this.rendered.fire(report);
  }

  /**
   * A message from the webview: a row was clicked, or a toolbar button. Anything else is ignored;
   * the webview's script is ours, but its messages are still checked before they are used.
   */
  async receive(message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const { type, index, format } = message as { type?: unknown; index?: unknown; format?: unknown };
    const report = this.shown;
    try {
      if (type === 'refresh') {
        await this.audits.run({ progress: 'window' });
      } else if (type === 'export' && typeof format === 'string' && format in EXPORT_FORMATS) {
        await this.exportReport(format as ExportFormat);
      } else if (report && typeof index === 'number' && Number.isInteger(index) && index >= 0) {
        if (type === 'openFinding' && index < report.findings.length) {
          const finding = report.findings[index];
          await openAt(finding.path, new vscode.Range(finding.start.line, finding.start.character, finding.end.line, finding.end.character), this.panel?.viewColumn);
        } else if (type === 'openEndpoint' && index < report.endpoints.length) {
          const endpoint = report.endpoints[index];
          await openAt(endpoint.path, new vscode.Range(endpoint.line, 0, endpoint.line, 0), this.panel?.viewColumn);
        } else if (type === 'openFunction' && report.functions && index < report.functions.length) {
          const entry = report.functions[index];
          await openAt(entry.path, new vscode.Range(entry.line, 0, entry.line, 0), this.panel?.viewColumn);
        }
      }
    } catch (error) {
      this.output.appendLine(`The report panel's action failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      void vscode.window.showErrorMessage(`Serverless Ward: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Writes the report in `format` to `target`, or to a file the user picks in a save dialog.
   * Markdown is written here; HTML, SARIF and JSON by the server's reporters, so they are the files
   * the CLI writes. Returns the file written, or undefined when the user cancelled.
   */
  async exportReport(format: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const report = this.shown ?? this.audits.report ?? (await this.audits.ensureReport());
    if (!report) {
      void vscode.window.showWarningMessage('Serverless Ward: there is no audit report to export yet.');
      return undefined;
    }
    const { extension, label } = EXPORT_FORMATS[format];
    let uri = target;
    if (!uri) {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      uri = await vscode.window.showSaveDialog({
        title: `Export the Serverless Ward audit as ${label}`,
        saveLabel: 'Export',
        defaultUri: folder ? vscode.Uri.joinPath(folder, `slsward-audit.${extension}`) : undefined,
        filters: { [label]: [extension] },
      });
      if (!uri) return undefined;
    }
    const shown = displayReport(report, displayPath);
    const text =
      format === 'markdown'
        ? renderAuditReport(shown, { displayPath: (file) => file })
        : (await this.client.sendRequest(FormatAuditReportRequest, { report: shown, format })).text;
    // An export saved into the workspace (the default) is not a change to its templates.
    this.audits.expectWrite(uri);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (!target) void vscode.window.showInformationMessage(`Serverless Ward: the audit report was exported to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/**
 * Opens `file` with `range` selected, in the first editor column, or beside the panel when the
 * panel is in that column, so that the report stays in view.
 */
export async function openAt(file: string, range: vscode.Range, panelColumn?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const viewColumn = panelColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(document, { selection: range, viewColumn, preview: false });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

/** Opens a handler file at the declaration of its export (or its first line). */
export async function openHandler(file: string, exportName: string | undefined, panelColumn?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const line = exportName ? exportLine(document.getText(), exportName) : 0;
  return openAt(file, new vscode.Range(line, 0, line, 0), panelColumn);
}
