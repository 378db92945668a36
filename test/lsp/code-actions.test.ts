/**
 * Quick fixes from the built server: titles, kinds, the edited text, that the
 * finding is gone afterwards, the "ignore with a reason" flow, and refusal
 * when the diagnostic belongs to an older version of the document.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeActionKind, CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import { CLOUDFORMATION_OPEN_METHOD_JSON, onlyRules, SERVERLESS_IAM_ROUTE, SERVERLESS_OPEN_ROUTE } from './documents';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const FIX_TITLE = 'Serverless Ward: Require IAM auth on this route';
const IGNORE_TITLE = 'Serverless Ward: Ignore route-missing-auth with a reason';

async function routeDiagnostic(session: LspSession, uri: string): Promise<Diagnostic> {
  const diagnostic = (await session.diagnostics(uri)).find((item) => item.code === 'route-missing-auth');
  assert.ok(diagnostic, 'route-missing-auth is reported');
  return diagnostic;
}

function actionTitled(actions: CodeAction[], title: string): CodeAction {
  const action = actions.find((item) => item.title === title);
  assert.ok(action, `no action '${title}' in ${JSON.stringify(actions.map((item) => item.title))}`);
  return action;
}

describe('code actions', () => {
  const workspace = makeTempDirectory('slsward-lsp-actions-');
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path], settings: { rules: onlyRules('route-missing-auth', 'function-url-missing-auth', 'hardcoded-secret-in-environment', 'iam-wildcard-action', 'sns-topic-unencrypted') } });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('offers the rule fix first (preferred) and the ignore action, as quick fixes', async () => {
    const uri = uriOf(join(workspace.path, 'offer', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const diagnostic = await routeDiagnostic(session, uri);
    const actions = await session.codeActions(uri, [diagnostic]);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind, action.isPreferred === true]),
      [
        [FIX_TITLE, CodeActionKind.QuickFix, true],
        [IGNORE_TITLE, CodeActionKind.QuickFix, false],
      ],
    );
    assert.deepEqual(actions[0].diagnostics, [diagnostic]);
    // Versioned edits: the client itself rejects them if the document changed meanwhile.
    assert.deepEqual(actions[0].edit?.documentChanges?.[0] && 'textDocument' in actions[0].edit.documentChanges[0] ? actions[0].edit.documentChanges[0].textDocument : undefined, { uri, version: 1 });
    session.closeDocument(uri);
  });

  it('applies the YAML fix as a minimal edit, and the finding is gone', async () => {
    const uri = uriOf(join(workspace.path, 'fix', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const actions = await session.codeActions(uri, [await routeDiagnostic(session, uri)]);
    const document = session.applyEdit(uri, actionTitled(actions, FIX_TITLE).edit!);
    assert.equal(document.getText(), SERVERLESS_IAM_ROUTE);
    const after = await session.diagnostics(uri);
    assert.deepEqual(after.filter((item) => item.code === 'route-missing-auth' || item.code === 'parse-error'), []);
    session.closeDocument(uri);
  });

  it('ignores with a reason: the comment goes above the flagged line and needs a real reason', async () => {
    const uri = uriOf(join(workspace.path, 'ignore', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const actions = await session.codeActions(uri, [await routeDiagnostic(session, uri)]);
    const document = session.applyEdit(uri, actionTitled(actions, IGNORE_TITLE).edit!);
    assert.equal(
      document.getText(),
      SERVERLESS_OPEN_ROUTE.replace('      - http:\n', '      # slsward-ignore route-missing-auth: <why this is acceptable>\n      - http:\n'),
    );
    // The placeholder is not a reason: the finding stays, and the comment itself is flagged.
    const withPlaceholder = await session.diagnostics(uri);
    assert.deepEqual(
      withPlaceholder.map((item) => [item.code, item.range.start.line]),
      [
        ['slsward-ignore-missing-reason', 8],
        ['route-missing-auth', 9],
      ],
    );
    // The engine's own finding cannot itself be ignored.
    const onComment = await session.codeActions(uri, [withPlaceholder[0]]);
    assert.deepEqual(onComment, []);

    session.replace(uri, '<why this is acceptable>', 'health check, fronted by a WAF allow-list');
    assert.deepEqual(await session.diagnostics(uri), []);
    session.closeDocument(uri);
  });

  it('fixes and ignores in JSON templates, and the result is still valid JSON', async () => {
    const fixUri = uriOf(join(workspace.path, 'json-fix', 'template.json'));
    session.open(fixUri, CLOUDFORMATION_OPEN_METHOD_JSON, 'json');
    const fixActions = await session.codeActions(fixUri, [await routeDiagnostic(session, fixUri)]);
    const fixed = session.applyEdit(fixUri, actionTitled(fixActions, FIX_TITLE).edit!);
    assert.equal(fixed.getText(), CLOUDFORMATION_OPEN_METHOD_JSON.replace('"AuthorizationType": "NONE"', '"AuthorizationType": "AWS_IAM"'));
    assert.deepEqual(await session.diagnostics(fixUri), []);
    session.closeDocument(fixUri);

    const ignoreUri = uriOf(join(workspace.path, 'json-ignore', 'template.json'));
    session.open(ignoreUri, CLOUDFORMATION_OPEN_METHOD_JSON, 'json');
    const ignoreActions = await session.codeActions(ignoreUri, [await routeDiagnostic(session, ignoreUri)]);
    const ignored = session.applyEdit(ignoreUri, actionTitled(ignoreActions, IGNORE_TITLE).edit!);
    const template = JSON.parse(ignored.getText());
    assert.deepEqual(template.Resources.GetOrders.Metadata, { slsward: { ignore: [{ rule: 'route-missing-auth', reason: '<why this is acceptable>' }] } });
    assert.equal(template.Resources.GetOrders.Properties.AuthorizationType, 'NONE');
    session.replace(ignoreUri, '<why this is acceptable>', 'public catalogue, read-only');
    assert.deepEqual(await session.diagnostics(ignoreUri), []);
    session.closeDocument(ignoreUri);
  });

  it('refuses actions for a diagnostic of an older document version', async () => {
    const uri = uriOf(join(workspace.path, 'stale', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const stale = await routeDiagnostic(session, uri);
    // A comment line above shifts every offset: version 1's edits would land one line too high.
    session.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# orders service\n' }]);
    assert.deepEqual(await session.codeActions(uri, [stale]), []);

    const fresh = await routeDiagnostic(session, uri);
    assert.equal((fresh.data as { version: number }).version, 2);
    const actions = await session.codeActions(uri, [fresh]);
    const document = session.applyEdit(uri, actionTitled(actions, FIX_TITLE).edit!);
    assert.equal(document.getText(), `# orders service\n${SERVERLESS_IAM_ROUTE}`);
    session.closeDocument(uri);
  });

  it('refuses actions for closed documents, foreign diagnostics, and other kinds than quick fix', async () => {
    const uri = uriOf(join(workspace.path, 'refuse', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const diagnostic = await routeDiagnostic(session, uri);
    const refactor = await session.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: [CodeActionKind.Refactor] } });
    assert.deepEqual(refactor, []);
    const foreign = { ...diagnostic, source: 'yaml', data: undefined };
    assert.deepEqual(await session.codeActions(uri, [foreign]), []);
    const forged = { ...diagnostic, data: { ruleId: 'route-missing-auth' } };
    assert.deepEqual(await session.codeActions(uri, [forged]), []);
    session.closeDocument(uri);
    assert.deepEqual(await session.codeActions(uri, [diagnostic]), []);
  });
});
