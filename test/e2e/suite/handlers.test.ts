// Handler code in a real VS Code: opening the handler that a template names gives a squiggle whose
// severity and reason come from the template (a public route), with related information pointing at
// that route; the hover shows the path from the event to the sink; and the `execFile` quick fix
// rewrites the call and makes the finding go away. The fixture is test/e2e/fixtures/handler-app.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  ACTION_TITLE_PREFIX,
  activateExtension,
  applyCodeAction,
  DIAGNOSTIC_SOURCE,
  describeDiagnostics,
  exampleUri,
  HANDLER_APP,
  openExample,
  revertAndCloseAll,
  ruleIdOf,
  slswardActionsFor,
  waitForDiagnostics,
} from './helpers';

const RULE_ID = 'code-command-injection';
// The reason the template gives: the route that invokes this handler has no authorizer.
const PUBLIC_REASON = '(POST /convert is public)';
const FIX_TITLE = `${ACTION_TITLE_PREFIX}Run \`convert\` with execFile and an argument list (no shell)`;
const IGNORE_TITLE = `${ACTION_TITLE_PREFIX}Ignore ${RULE_ID} with a reason`;
// The server finds the templates at start and then asks the client to refresh, so the first
// diagnostics of the handler may lack the template's context; allow for a slow, shared machine.
const DIAGNOSTIC_TIMEOUT_MS = 45_000;

function injections(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE && ruleIdOf(diagnostic) === RULE_ID);
}

/** Opens the handler and waits until its injection finding carries the template's public-route reason. */
async function openHandlerWithFinding(): Promise<{ document: vscode.TextDocument; diagnostic: vscode.Diagnostic }> {
  const uri = exampleUri(HANDLER_APP.handler);
  const { document } = await openExample(HANDLER_APP.handler);
  const diagnostics = await waitForDiagnostics(
    uri,
    (current) => injections(current).some((diagnostic) => diagnostic.message.endsWith(PUBLIC_REASON)),
    DIAGNOSTIC_TIMEOUT_MS,
  );
  const found = injections(diagnostics);
  assert.equal(found.length, 1, `one ${RULE_ID} finding expected:\n    ${describeDiagnostics(found)}`);
  return { document, diagnostic: found[0] };
}

function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

describe('handler code', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('reports the command injection as an error, because the template makes the route public', async () => {
    const { document, diagnostic } = await openHandlerWithFinding();
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, describeDiagnostics([diagnostic]));
    assert.match(diagnostic.message, /event\.body.*child_process\.exec/s);
    // The squiggle is on the command string, in the `exec` call.
    assert.equal(document.lineAt(diagnostic.range.start.line).text.trim(), 'exec(`convert ${name} out.png`, () => {});');
    assert.equal(document.getText(diagnostic.range), '`convert ${name} out.png`');
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.ok(code.target.toString(true).includes(RULE_ID), `the docs link ${code.target.toString(true)} should name ${RULE_ID}`);

    // Related information points at the route in serverless.yml that invokes this handler.
    const templateUri = exampleUri(HANDLER_APP.template);
    const template = await vscode.workspace.openTextDocument(templateUri);
    const routeLine = template.getText().split('\n').findIndex((line) => /^\s*- http:\s*$/.test(line));
    assert.ok(routeLine > 0, 'the fixture template has an http event');
    const related = diagnostic.relatedInformation ?? [];
    const toTemplate = related.filter((item) => item.location.uri.toString() === templateUri.toString());
    assert.ok(
      toTemplate.some((item) => item.location.range.start.line === routeLine && item.message.includes('POST /convert')),
      `no related information at serverless.yml line ${routeLine + 1}; got:\n    ${related
        .map((item) => `${vscode.workspace.asRelativePath(item.location.uri)}:${item.location.range.start.line + 1} ${item.message}`)
        .join('\n    ')}`,
    );
  });

  it('shows the path from source to sink on hover', async () => {
    const { document, diagnostic } = await openHandlerWithFinding();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, diagnostic.range.start);
    const text = hoverText(hovers ?? []);
    assert.match(text, /Path from source to sink/, `hover:\n${text}`);
    // The first step reads the event, the last one reaches the sink.
    assert.match(text, /^1\. .*event\.body/m, `hover:\n${text}`);
    // The hover escapes Markdown in the messages, so `child_process` may show as `child\_process`.
    assert.match(text, /^\d+\. reaches .*child\\?_process\.exec/m, `hover:\n${text}`);
    assert.ok(text.includes(RULE_ID), `the hover names the rule:\n${text}`);
  });

  it('applies the execFile fix, and the finding goes away', async () => {
    const { document, diagnostic } = await openHandlerWithFinding();
    const original = document.getText();

    const actions = await slswardActionsFor(document.uri, diagnostic);
    const offered = actions.map((action) => action.title).join(' | ') || '(none)';
    assert.ok(actions.some((action) => action.title === IGNORE_TITLE), `no "${IGNORE_TITLE}"; offered: ${offered}`);
    const fix = actions.find((action) => action.title === FIX_TITLE);
    assert.ok(fix, `no "${FIX_TITLE}"; offered: ${offered}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `${fix.title} should be a quick fix`);
    await applyCodeAction(fix);

    // Exactly two edits: execFile joins the destructuring of the require, and the call takes the
    // program and an argument array. Everything else, comments included, is unchanged.
    const expected = original
      .replace("const { exec } = require('child_process');", "const { exec, execFile } = require('child_process');")
      .replace('exec(`convert ${name} out.png`, () => {});', "execFile('convert', [name, 'out.png'], () => {});");
    assert.notEqual(expected, original, 'the fixture has the lines the fix rewrites');
    assert.equal(document.getText(), expected);

    const after = await waitForDiagnostics(document.uri, (current) => injections(current).length === 0, DIAGNOSTIC_TIMEOUT_MS);
    assert.deepEqual(injections(after), []);
  });
});
