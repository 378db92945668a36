// Helpers for the end-to-end suites, which run inside VS Code's extension host against a throwaway
// copy of examples/ and test/e2e/fixtures/ (the workspace folder). They wait on VS Code events with
// timeouts, never on fixed sleeps, and they never write to the repository.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'serverless-ward.serverless-ward';
export const DIAGNOSTIC_SOURCE = 'slsward';
export const ACTION_TITLE_PREFIX = 'Serverless Ward: ';

/** The rules that every insecure example triggers, and that no fixed example may trigger. */
export const EXAMPLE_RULE_IDS = [
  'route-missing-auth',
  'function-url-missing-auth',
  'iam-wildcard-action',
  'iam-admin-managed-policy',
  'hardcoded-secret-in-environment',
  'sns-topic-unencrypted',
] as const;

export const EXAMPLES = {
  serverlessInsecure: 'serverless/insecure/serverless.yml',
  serverlessFixed: 'serverless/fixed/serverless.yml',
  samInsecure: 'sam/insecure/template.yaml',
  samFixed: 'sam/fixed/template.yaml',
  cloudFormationInsecure: 'cloudformation/insecure/template.json',
  cloudFormationFixed: 'cloudformation/fixed/template.json',
} as const;

/**
 * test/e2e/fixtures/handler-app, copied beside the examples: a public POST route whose handler
 * builds a shell command from the request body.
 */
export const HANDLER_APP = {
  template: 'handler-app/serverless.yml',
  handler: 'handler-app/src/app.js',
} as const;

/** test/e2e/fixtures/two-apis: one SAM template with two REST APIs (a public one and one behind IAM auth). */
export const TWO_APIS = 'two-apis/template.yaml';

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'The tests need the copy of examples/ open as the workspace folder.');
  return folder;
}

export function exampleUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, relativePath);
}

export async function activateExtension(): Promise<vscode.Extension<unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `Extension ${EXTENSION_ID} is not loaded.`);
  await extension.activate();
  return extension;
}

/**
 * Opens an example in an editor. The language client pulls diagnostics for documents that are
 * shown in a tab, so opening the document alone is not enough.
 */
export async function openExample(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(exampleUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The rule id of a diagnostic: VS Code gives `{ value, target }` when the code has a link. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function slswardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics
    .map((d) => `${d.source}/${ruleIdOf(d)} at ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`)
    .join('\n    ');
}

export interface WaitOptions {
  /** Ignore the current state and resolve only on a change that happens after this call. */
  requireChange?: boolean;
}

/**
 * Resolves with the diagnostics of `uri` once `predicate` holds for them, checking now and on every
 * `onDidChangeDiagnostics` for `uri`; rejects after `timeoutMs` with what was there instead.
 * Create it before the action that should change the diagnostics when `requireChange` is set.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
  options: WaitOptions = {},
): Promise<vscode.Diagnostic[]> {
  const key = uri.toString();
  return new Promise((resolveWait, rejectWait) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) rejectWait(error);
      else resolveWait(vscode.languages.getDiagnostics(uri));
    };
    const check = () => {
      try {
        if (predicate(vscode.languages.getDiagnostics(uri))) finish();
      } catch (error) {
        finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === key)) check();
    });
    const timer = setTimeout(() => {
      finish(
        new Error(
          `Timed out after ${timeoutMs} ms waiting for the diagnostics of ${vscode.workspace.asRelativePath(uri)}. ` +
            `They are:\n    ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`,
        ),
      );
    }, timeoutMs);
    if (!options.requireChange) check();
  });
}

/** Waits until every rule id in `ruleIds` has at least one slsward diagnostic in `uri`. */
export function waitForRuleDiagnostics(uri: vscode.Uri, ruleIds: readonly string[], timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return waitForDiagnostics(
    uri,
    (diagnostics) => {
      const found = new Set(diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).map(ruleIdOf));
      return ruleIds.every((ruleId) => found.has(ruleId));
    },
    timeoutMs,
  );
}

export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    uri,
    range,
  );
  return (actions ?? []).filter((action): action is vscode.CodeAction => 'title' in action && !('command' in action && typeof action.command === 'string'));
}

/** The Serverless Ward quick fixes offered for one diagnostic (its range, its rule). */
export async function slswardActionsFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await codeActionsAt(uri, diagnostic.range);
  return actions.filter((action) => action.title.startsWith(ACTION_TITLE_PREFIX));
}

export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `The code action "${action.title}" has no edit.`);
  const applied = await vscode.workspace.applyEdit(action.edit);
  assert.ok(applied, `VS Code refused the edit of "${action.title}".`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/**
 * Describes how `after` differs from `before` when the change is one contiguous block:
 * the lines removed and the lines inserted at `line` (0-based). Comments and layout elsewhere
 * must survive a fix, so anything wider than the intended block shows up here.
 */
export function changedBlock(before: string, after: string): { line: number; removed: string[]; inserted: string[] } {
  const oldLines = before.split('\n');
  const newLines = after.split('\n');
  let start = 0;
  while (start < oldLines.length && start < newLines.length && oldLines[start] === newLines[start]) start++;
  let oldEnd = oldLines.length;
  let newEnd = newLines.length;
  while (oldEnd > start && newEnd > start && oldLines[oldEnd - 1] === newLines[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  return { line: start, removed: oldLines.slice(start, oldEnd), inserted: newLines.slice(start, newEnd) };
}

export function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * Reverts every dirty document (the tests edit in memory only) and closes all editors and the audit
 * report panel, so no "save changes?" dialog can block the next test.
 */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (!document.isDirty) continue;
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
