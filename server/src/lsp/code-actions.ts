/**
 * Quick fixes, built from a diagnostic's `data`: the rule's own fixes, and the
 * "ignore with a reason" edit, whose edits the analysis worker builds from its
 * cached analysis of the version the data names. A diagnostic of an older
 * document version gets no action, because its edits would land in the wrong
 * place. Nothing here analyses.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { DIAGNOSTIC_SOURCE, isFindingDiagnosticData, type FindingDiagnosticData, type LspFix } from './diagnostics';

/** The edits of one finding's fixes and of its "ignore" action; the worker builds them. */
export interface FindingEdits {
  fixes: LspFix[];
  suppression?: LspFix;
}

export const ACTION_TITLE_PREFIX = 'Serverless Ward: ';

export interface CodeActionContextInfo {
  /** The version of the open document, or undefined when it is not open. */
  currentVersionOf(uri: string): number | undefined;
  /** Whether the client accepts versioned `documentChanges` (it then rejects edits to a changed document too). */
  supportsDocumentChanges: boolean;
  /** The edits for the finding the data describes (from `diagnosticsNeedingEdits`), or null when it is gone. */
  editsFor(data: FindingDiagnosticData): FindingEdits | null | undefined;
}

/** The diagnostics of the current version that can have an action: their edits are worth building. */
export function diagnosticsNeedingEdits(params: CodeActionParams, currentVersion: number | undefined): FindingDiagnosticData[] {
  if (!isQuickFixRequested(params.context.only) || currentVersion === undefined) return [];
  const uri = params.textDocument.uri;
  return params.context.diagnostics
    .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && isFindingDiagnosticData(diagnostic.data))
    .map((diagnostic) => diagnostic.data as FindingDiagnosticData)
    .filter((data) => data.uri === uri && data.version === currentVersion && (data.fixCount > 0 || data.canIgnore));
}

export function codeActionsFor(params: CodeActionParams, context: CodeActionContextInfo): CodeAction[] {
  if (!isQuickFixRequested(params.context.only)) return [];
  const uri = params.textDocument.uri;
  const currentVersion = context.currentVersionOf(uri);
  if (currentVersion === undefined) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !isFindingDiagnosticData(diagnostic.data)) continue;
    const data = diagnostic.data;
    if (data.uri !== uri || data.version !== currentVersion) continue;
    const edits = context.editsFor(data);
    if (!edits) continue;
    edits.fixes.forEach((fix, index) => {
      actions.push(quickFix(`${ACTION_TITLE_PREFIX}${fix.title}`, diagnostic, data, fix, index === 0, context));
    });
    const suppression = data.canIgnore ? edits.suppression : undefined;
    if (suppression && suppression.edits.length > 0) {
      actions.push(quickFix(`${ACTION_TITLE_PREFIX}Ignore ${data.ruleId} with a reason`, diagnostic, data, suppression, false, context));
    }
  }
  return actions;
}

function quickFix(title: string, diagnostic: Diagnostic, data: FindingDiagnosticData, fix: LspFix, isPreferred: boolean, context: CodeActionContextInfo): CodeAction {
  // Edits by document: the finding's own, and another file's (a template a handler's fix adds a statement to).
  const byUri = new Map<string, TextEdit[]>();
  for (const { uri, ...edit } of fix.edits) {
    const target = uri ?? data.uri;
    byUri.set(target, [...(byUri.get(target) ?? []), edit]);
  }
  // An open document is edited at its current version (a changed one rejects the edit); a closed one, on disk (null).
  const versionOf = (uri: string) => (uri === data.uri ? data.version : context.currentVersionOf(uri) ?? null);
  const edit: WorkspaceEdit = context.supportsDocumentChanges
    ? { documentChanges: [...byUri].map(([uri, edits]) => ({ textDocument: { uri, version: versionOf(uri) }, edits })) }
    : { changes: Object.fromEntries(byUri) };
  const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
  if (isPreferred) action.isPreferred = true;
  return action;
}

/** `only` lists kinds or their parents (`''` is every kind); quick fixes are `quickfix`. */
function isQuickFixRequested(only: string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((kind) => kind === '' || kind === CodeActionKind.QuickFix);
}
