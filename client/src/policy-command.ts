/**
 * "Serverless Ward: Show Least-Privilege Policy": asks the server for the statements the function at
 * the cursor needs (a template's function, or the handler the cursor is in) and shows them in a
 * read-only YAML document, in the template's syntax, ready to copy into the role. The document is
 * virtual (`slsward-policy:`), so closing it never asks to save.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { LeastPrivilegePolicyRequest, type LeastPrivilegePolicyResult } from './protocol';

export const POLICY_SCHEME = 'slsward-policy';

export class PolicyCommand implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private count = 0;

  constructor(private readonly client: LanguageClient) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(POLICY_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async run(): Promise<vscode.TextDocument | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Serverless Ward: open a template or a handler file, and put the cursor in a function.');
      return undefined;
    }
    const position = editor.selection.active;
    const result = await this.client.sendRequest(LeastPrivilegePolicyRequest, { textDocument: { uri: editor.document.uri.toString() }, position: { line: position.line, character: position.character } });
    if (result.functions.length === 0) {
      void vscode.window.showInformationMessage(result.message ?? 'Serverless Ward: no function here.');
      return undefined;
    }
    const names = result.functions.map((fn) => fn.functionName);
    const uri = vscode.Uri.from({ scheme: POLICY_SCHEME, path: `/${names.length === 1 ? names[0] : 'functions'}-${++this.count}.yaml` });
    this.contents.set(uri.toString(), policyText(result));
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'yaml');
    await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    return document;
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** The statements of each function as YAML, with where they come from and what could not be scoped as comments. */
export function policyText(result: LeastPrivilegePolicyResult): string {
  const blocks = result.functions.map((fn) => {
    const lines = [`# Least-privilege statements for function ${fn.functionName} (${fn.template})`];
    if (fn.handler) lines.push(`# from the AWS calls of ${fn.handler.path}, export ${fn.handler.exportName}`);
    if (fn.missing) lines.push(`# no policy: ${fn.missing}`);
    else if (!fn.yaml) lines.push('# its code makes no AWS SDK call');
    else lines.push(fn.yaml);
    for (const note of fn.notes ?? []) lines.push(`# note: ${note.replace(/\s+/g, ' ')}`);
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
