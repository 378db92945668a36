// Quick fixes in a real VS Code: the code actions that VS Code collects for a diagnostic, applied
// with workspace.applyEdit. Each fix must be a minimal edit (the rest of the file, comments
// included, survives) and must make that diagnostic, and only that one, go away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  ACTION_TITLE_PREFIX,
  activateExtension,
  applyCodeAction,
  changedBlock,
  DIAGNOSTIC_SOURCE,
  describeDiagnostics,
  EXAMPLES,
  exampleUri,
  indentOf,
  openExample,
  revertAndCloseAll,
  ruleIdOf,
  slswardActionsFor,
  waitForDiagnostics,
  waitForRuleDiagnostics,
} from './helpers';

function ofRule(diagnostics: readonly vscode.Diagnostic[], ruleId: string): vscode.Diagnostic[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && ruleIdOf(diagnostic) === ruleId)
    .sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** The first diagnostic of `ruleId` whose range covers a line matching `linePattern`. */
function diagnosticOnLine(document: vscode.TextDocument, diagnostics: vscode.Diagnostic[], ruleId: string, linePattern: RegExp): vscode.Diagnostic {
  const match = ofRule(diagnostics, ruleId).find((diagnostic) => {
    for (let line = diagnostic.range.start.line; line <= diagnostic.range.end.line; line++) {
      if (linePattern.test(document.lineAt(line).text)) return true;
    }
    return false;
  });
  assert.ok(match, `no ${ruleId} diagnostic covers a line matching ${linePattern}:\n    ${describeDiagnostics(diagnostics)}`);
  return match;
}

/** The rule's own fix (not the "ignore" action) among the Serverless Ward actions. */
function ruleFix(actions: vscode.CodeAction[], title: string): vscode.CodeAction {
  const fix = actions.find((action) => action.title === `${ACTION_TITLE_PREFIX}${title}`);
  assert.ok(fix, `no "${ACTION_TITLE_PREFIX}${title}" action; offered: ${actions.map((a) => a.title).join(' | ') || '(none)'}`);
  assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `${fix.title} should be a quick fix`);
  return fix;
}

function lineIndexOf(text: string, pattern: RegExp, from = 0): number {
  const lines = text.split('\n');
  for (let index = from; index < lines.length; index++) if (pattern.test(lines[index])) return index;
  return -1;
}

describe('quick fixes', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('requires IAM auth on an open Serverless http route', async () => {
    const uri = exampleUri(EXAMPLES.serverlessInsecure);
    const { document } = await openExample(EXAMPLES.serverlessInsecure);
    const before = await waitForRuleDiagnostics(uri, ['route-missing-auth']);
    const routesBefore = ofRule(before, 'route-missing-auth');
    // The first route is listOrders' `http` event (GET orders).
    const target = diagnosticOnLine(document, before, 'route-missing-auth', /^\s*-?\s*http:\s*$/);
    const original = document.getText();
    const targetLineText = document.lineAt(target.range.start.line).text;

    const actions = await slswardActionsFor(uri, target);
    assert.ok(
      actions.some((action) => action.title.startsWith(`${ACTION_TITLE_PREFIX}Ignore`)),
      `no "ignore with a reason" action; offered: ${actions.map((a) => a.title).join(' | ')}`,
    );
    await applyCodeAction(ruleFix(actions, 'Require IAM auth on this route'));

    const change = changedBlock(original, document.getText());
    assert.deepEqual(change.removed, [], 'the fix should only insert');
    assert.deepEqual(change.inserted.map((line) => line.trim()), ['authorizer: aws_iam']);
    // It lands inside the same event, at the indentation of its `path:` and `method:` keys.
    const pathLine = lineIndexOf(original, /^\s+path:\s*orders\s*$/, target.range.start.line);
    assert.ok(pathLine >= 0 && change.line > pathLine, `inserted at line ${change.line + 1}, the event's path is at ${pathLine + 1}`);
    assert.equal(indentOf(change.inserted[0]), indentOf(original.split('\n')[pathLine]));
    assert.equal(document.lineAt(target.range.start.line).text, targetLineText, 'the event line itself is unchanged');

    const after = await waitForDiagnostics(uri, (diagnostics) => ofRule(diagnostics, 'route-missing-auth').length === routesBefore.length - 1);
    const routesAfter = ofRule(after, 'route-missing-auth');
    assert.ok(
      routesAfter.every((diagnostic) => diagnostic.range.start.line !== target.range.start.line),
      `the fixed route is still flagged:\n    ${describeDiagnostics(routesAfter)}`,
    );
  });

  it('requires IAM auth on a public SAM function URL', async () => {
    const uri = exampleUri(EXAMPLES.samInsecure);
    const { document } = await openExample(EXAMPLES.samInsecure);
    const before = await waitForRuleDiagnostics(uri, ['function-url-missing-auth']);
    assert.equal(ofRule(before, 'function-url-missing-auth').length, 1);
    const [target] = ofRule(before, 'function-url-missing-auth');
    const original = document.getText();

    const actions = await slswardActionsFor(uri, target);
    await applyCodeAction(ruleFix(actions, 'Require IAM auth on this function URL'));

    const change = changedBlock(original, document.getText());
    assert.deepEqual(change.removed.map((line) => line.trim()), ['AuthType: NONE']);
    assert.deepEqual(change.inserted, [change.removed[0].replace('NONE', 'AWS_IAM')]);

    await waitForDiagnostics(uri, (diagnostics) => ofRule(diagnostics, 'function-url-missing-auth').length === 0);
    // The other findings of the file are untouched.
    assert.ok(ofRule(vscode.languages.getDiagnostics(uri), 'route-missing-auth').length > 0);
  });

  it('requires IAM auth on a CloudFormation method (JSON)', async () => {
    const uri = exampleUri(EXAMPLES.cloudFormationInsecure);
    const { document } = await openExample(EXAMPLES.cloudFormationInsecure);
    const before = await waitForRuleDiagnostics(uri, ['route-missing-auth']);
    const routesBefore = ofRule(before, 'route-missing-auth');
    const [target] = routesBefore;
    const original = document.getText();

    const actions = await slswardActionsFor(uri, target);
    await applyCodeAction(ruleFix(actions, 'Require IAM auth on this route'));

    const change = changedBlock(original, document.getText());
    assert.equal(change.removed.length, 1, `one line should change, got ${JSON.stringify(change)}`);
    assert.match(change.removed[0], /"AuthorizationType":\s*"NONE"/);
    assert.deepEqual(change.inserted, [change.removed[0].replace('"NONE"', '"AWS_IAM"')]);
    assert.doesNotThrow(() => JSON.parse(document.getText()), 'the fixed template must still be JSON');

    const after = await waitForDiagnostics(uri, (diagnostics) => ofRule(diagnostics, 'route-missing-auth').length === routesBefore.length - 1);
    assert.ok(
      ofRule(after, 'route-missing-auth').every((diagnostic) => !diagnostic.range.intersection(target.range)),
      `the fixed method is still flagged:\n    ${describeDiagnostics(ofRule(after, 'route-missing-auth'))}`,
    );
  });

  it('ignores a finding once its suppression comment has a reason', async () => {
    const uri = exampleUri(EXAMPLES.serverlessInsecure);
    const { document } = await openExample(EXAMPLES.serverlessInsecure);
    const ruleId = 'hardcoded-secret-in-environment';
    const before = await waitForRuleDiagnostics(uri, [ruleId]);
    const secretsBefore = ofRule(before, ruleId);
    const target = diagnosticOnLine(document, before, ruleId, /DB_PASSWORD/);
    const original = document.getText();

    const actions = await slswardActionsFor(uri, target);
    const ignore = actions.find((action) => action.title.startsWith(`${ACTION_TITLE_PREFIX}Ignore`) && action.title.includes(ruleId));
    assert.ok(ignore, `no ignore action for ${ruleId}; offered: ${actions.map((a) => a.title).join(' | ')}`);
    await applyCodeAction(ignore);

    // The action inserts only the comment, above the flagged line, with a placeholder for the reason.
    const change = changedBlock(original, document.getText());
    assert.deepEqual(change.removed, []);
    assert.equal(change.inserted.length, 1, `one comment line, got ${JSON.stringify(change.inserted)}`);
    const comment = change.inserted[0];
    assert.match(comment, new RegExp(`^\\s*# slsward-ignore ${ruleId}: `));
    assert.equal(indentOf(comment), indentOf(document.lineAt(change.line + 1).text));
    assert.match(document.lineAt(change.line + 1).text, /DB_PASSWORD:/);

    // A placeholder is not a reason: the finding stays, and the comment itself is flagged.
    const flagged = await waitForDiagnostics(uri, (diagnostics) => ofRule(diagnostics, 'slsward-ignore-missing-reason').length === 1);
    assert.equal(ofRule(flagged, ruleId).length, secretsBefore.length);

    // Typing a reason over the placeholder makes the suppression count.
    const commentLine = document.lineAt(change.line);
    const reasonStart = commentLine.text.indexOf(': ', commentLine.text.indexOf('slsward-ignore')) + 2;
    const reason = 'test credential of the local emulator, never deployed';
    const typed = new vscode.WorkspaceEdit();
    typed.replace(uri, new vscode.Range(change.line, reasonStart, change.line, commentLine.text.length), reason);
    assert.ok(await vscode.workspace.applyEdit(typed));

    const after = await waitForDiagnostics(
      uri,
      (diagnostics) => ofRule(diagnostics, ruleId).length === secretsBefore.length - 1 && ofRule(diagnostics, 'slsward-ignore-missing-reason').length === 0,
    );
    const passwordLine = lineIndexOf(document.getText(), /DB_PASSWORD:/);
    assert.ok(
      ofRule(after, ruleId).every((diagnostic) => diagnostic.range.start.line !== passwordLine),
      `DB_PASSWORD is still flagged:\n    ${describeDiagnostics(ofRule(after, ruleId))}`,
    );
  });
});
