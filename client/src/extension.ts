/**
 * The VS Code extension: starts the language server, registers the commands
 * and the status item. All analysis happens in the server, reached over LSP;
 * this side imports nothing from `server/`.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AuditCommand } from './audit-command';
import { PolicyCommand } from './policy-command';
import { createStatusItem } from './status-item';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
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
  const audit = new AuditCommand(client, output);
  const policy = new PolicyCommand(client);
  context.subscriptions.push(
    audit,
    policy,
    vscode.commands.registerCommand('slsward.showLeastPrivilegePolicy', () => policy.run()),
    createStatusItem(),
    vscode.commands.registerCommand('slsward.auditWorkspace', () => audit.run()),
    vscode.commands.registerCommand('slsward.showOutput', () => output.show(true)),
  );

  try {
    await client.start();
  } catch (error) {
    output.appendLine(`The Serverless Ward language server did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    void vscode.window.showErrorMessage('Serverless Ward: the language server did not start. See the output for details.');
  }
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  await stopping?.stop();
}
