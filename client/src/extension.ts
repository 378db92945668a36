/**
 * The VS Code extension: starts the language server, registers the commands,
 * the audit report panel, the Endpoints view and the status item. All analysis
 * happens in the server, reached over LSP; this side imports nothing from
 * `server/`.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AuditService } from './audit-command';
import { ENDPOINTS_VIEW_ID, EndpointsProvider, type EndpointNode } from './endpoints-view';
import { PolicyCommand } from './policy-command';
import { EXPORT_FORMATS, ReportPanel, type ExportFormat } from './report-panel';
import { createStatusItem } from './status-item';

/**
 * What `activate` returns: the panel and the Endpoints view's provider, for the end-to-end tests
 * (they post the panel the message a row click posts, and read the view's items).
 */
export interface ExtensionApi {
  audits: AuditService;
  reportPanel: ReportPanel;
  endpoints: EndpointsProvider;
  endpointsView: vscode.TreeView<EndpointNode>;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const output = vscode.window.createOutputChannel('Serverless Ward', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  // Templates, and the Lambda handler sources they name (JavaScript and TypeScript).
  const documentSelector = ['yaml', 'json', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    diagnosticCollectionName: 'slsward',
    outputChannel: output,
    synchronize: {
      configurationSection: 'slsward',
      // Files read through `${file(...)}` may change on disk; the server refreshes their dependents.
      // samconfig.toml gives parameter values to the templates beside it. A handler's findings depend on
      // the modules it imports, and a template's handler path resolves only when the file exists.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml,json}'),
        vscode.workspace.createFileSystemWatcher('**/samconfig.toml'),
        vscode.workspace.createFileSystemWatcher('**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'),
      ],
    },
    diagnosticPullOptions: { onChange: true, onSave: true },
  };

  client = new LanguageClient('slsward', 'Serverless Ward', serverOptions, clientOptions);
  // The panel and the view decide whether a diagnostics change re-runs the audit; they are created after the service.
  let isReportShown = () => false;
  let starting: Promise<void> | undefined;
  const audits = new AuditService(client, output, () => isReportShown(), () => starting ?? Promise.resolve());
  const reportPanel = new ReportPanel(context, client, audits, output);
  const endpoints = new EndpointsProvider(audits);
  const endpointsView = vscode.window.createTreeView(ENDPOINTS_VIEW_ID, { treeDataProvider: endpoints, showCollapseAll: true });
  isReportShown = () => reportPanel.isOpen || endpointsView.visible;
  const policy = new PolicyCommand(client);
  context.subscriptions.push(
    audits,
    reportPanel,
    endpoints,
    endpointsView,
    policy,
    vscode.commands.registerCommand('slsward.showLeastPrivilegePolicy', () => policy.run()),
    createStatusItem(),
    // Returns the report (the end-to-end tests read it) after opening the panel on it.
    vscode.commands.registerCommand('slsward.auditWorkspace', async () => {
      const report = await audits.run({ progress: 'notification' });
      if (report) await reportPanel.show(report);
      return report;
    }),
    vscode.commands.registerCommand('slsward.refreshAudit', () => audits.run({ progress: 'window' })),
    // `format` and `target` (a Uri or an absolute path) skip the pickers: scripts and the end-to-end tests pass them.
    vscode.commands.registerCommand('slsward.exportAuditReport', async (format?: unknown, target?: unknown) => {
      let chosen = typeof format === 'string' && format in EXPORT_FORMATS ? (format as ExportFormat) : undefined;
      if (!chosen) {
        const picked = await vscode.window.showQuickPick(
          Object.entries(EXPORT_FORMATS).map(([value, { label, extension }]) => ({ label, description: `.${extension}`, value: value as ExportFormat })),
          { title: 'Export the Serverless Ward audit as' },
        );
        if (!picked) return undefined;
        chosen = picked.value;
      }
      const uri = target instanceof vscode.Uri ? target : typeof target === 'string' && target !== '' ? vscode.Uri.file(target) : undefined;
      return reportPanel.exportReport(chosen, uri);
    }),
    vscode.commands.registerCommand('slsward.openRoute', (node?: EndpointNode) => endpoints.openRoute(node)),
    vscode.commands.registerCommand('slsward.openHandler', (node?: EndpointNode) => endpoints.openHandler(node)),
    vscode.commands.registerCommand('slsward.showOutput', () => output.show(true)),
  );

  try {
    starting = client.start();
    await starting;
  } catch (error) {
    output.appendLine(`The Serverless Ward language server did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void vscode.window.showErrorMessage('Serverless Ward: the language server did not start. See the output for details.');
  }
  return { audits, reportPanel, endpoints, endpointsView };
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  await stopping?.stop();
}
