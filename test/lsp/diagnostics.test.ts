/**
 * Pull diagnostics from the built server: codes, ranges, severities and data
 * of findings; incremental edits; documents that are not ours; half-typed
 * documents; cancellation.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, DiagnosticSeverity, DocumentDiagnosticRequest, LSPErrorCodes, type Diagnostic } from 'vscode-languageserver/node';
import { CLOUDFORMATION_OPEN_METHOD_JSON, GITHUB_WORKFLOW, KUBERNETES_MANIFEST_BROKEN, ROUTE_SEVERITY, SERVERLESS_HALF_TYPED, SERVERLESS_OPEN_ROUTE } from './documents';
import { editsFor, LspSession, makeTempDirectory, uriOf } from './lsp-session';

const ROUTE_DOC_URL = 'https://github.com/serverless-ward/serverless-ward/blob/main/rules/auth/route-missing-auth.md';

function byCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

describe('pull diagnostics', () => {
  const workspace = makeTempDirectory('slsward-lsp-diagnostics-');
  let session: LspSession;

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports route-missing-auth on the http event with code, source, doc link, severity and fix data', async () => {
    const uri = uriOf(join(workspace.path, 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    const diagnostics = await session.diagnostics(uri);
    const [route] = byCode(diagnostics, 'route-missing-auth');
    assert.ok(route, `no route-missing-auth in ${JSON.stringify(diagnostics)}`);
    assert.deepEqual(route.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 12 } });
    assert.equal(route.source, 'slsward');
    assert.equal(route.severity, ROUTE_SEVERITY);
    assert.equal(route.codeDescription?.href, ROUTE_DOC_URL);
    assert.equal(route.message, 'GET /orders has no authorization: anyone on the internet can invoke it.');
    // The data only finds the finding again; the edits are built when a code action asks.
    const data = route.data as { ruleId: string; version: number; uri: string; fixCount: number; index: number; offsets: { start: number; end: number }; canIgnore: boolean };
    assert.deepEqual(Object.keys(data).sort(), ['canIgnore', 'fixCount', 'index', 'offsets', 'ruleId', 'uri', 'version']);
    assert.equal(data.ruleId, 'route-missing-auth');
    assert.equal(data.version, 1);
    assert.equal(data.uri, uri);
    assert.equal(data.fixCount, 1);
    assert.deepEqual(data.offsets, { start: SERVERLESS_OPEN_ROUTE.indexOf('http:'), end: SERVERLESS_OPEN_ROUTE.indexOf('http:') + 4 });
    const [fix] = await session.codeActions(uri, [route]);
    assert.equal(fix.title, 'Serverless Ward: Require IAM auth on this route');
    assert.deepEqual(editsFor(uri, fix.edit), [{ range: { start: { line: 10, character: 21 }, end: { line: 10, character: 21 } }, newText: '\n          authorizer: aws_iam' }]);
    assert.equal(data.canIgnore, true);
    session.closeDocument(uri);
  });

  it('follows incremental edits: adding an authorizer removes the finding, removing it brings it back', async () => {
    const uri = uriOf(join(workspace.path, 'edits', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    assert.equal(byCode(await session.diagnostics(uri), 'route-missing-auth').length, 1);

    session.change(uri, [{ range: { start: { line: 10, character: 21 }, end: { line: 10, character: 21 } }, text: '\n          authorizer: aws_iam' }]);
    assert.equal(session.document(uri).getText().includes('authorizer: aws_iam'), true);
    assert.deepEqual(byCode(await session.diagnostics(uri), 'route-missing-auth'), []);

    session.replace(uri, '\n          authorizer: aws_iam', '');
    const [route] = byCode(await session.diagnostics(uri), 'route-missing-auth');
    assert.deepEqual(route.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 12 } });
    assert.equal((route.data as { version: number }).version, 3);

    // Two functions, two findings, each at its own `http` key; the new one is typed as two incremental changes.
    session.change(uri, [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 0 } }, text: '  createOrder:\n    handler: src/create.handler\n' }]);
    session.change(uri, [{ range: { start: { line: 13, character: 0 }, end: { line: 13, character: 0 } }, text: '    events:\n      - http: POST orders\n' }]);
    const ranges = byCode(await session.diagnostics(uri), 'route-missing-auth').map((diagnostic) => [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.message]);
    assert.deepEqual(ranges, [
      [8, 8, 'GET /orders has no authorization: anyone on the internet can invoke it.'],
      [14, 8, 'POST /orders has no authorization: anyone on the internet can invoke it.'],
    ]);
    session.closeDocument(uri);
  });

  it('reports JSON CloudFormation templates at the AuthorizationType entry', async () => {
    const uri = uriOf(join(workspace.path, 'template.json'));
    session.open(uri, CLOUDFORMATION_OPEN_METHOD_JSON, 'json');
    const [route] = byCode(await session.diagnostics(uri), 'route-missing-auth');
    assert.deepEqual(route.range, { start: { line: 13, character: 8 }, end: { line: 13, character: 35 } });
    session.closeDocument(uri);
  });

  it('gives documents that are not ours no diagnostics at all, not even syntax errors', async () => {
    const workflow = uriOf(join(workspace.path, '.github', 'workflows', 'ci.yml'));
    const manifest = uriOf(join(workspace.path, 'k8s', 'deployment.yaml'));
    const packageJson = uriOf(join(workspace.path, 'package.json'));
    session.open(workflow, GITHUB_WORKFLOW);
    session.open(manifest, KUBERNETES_MANIFEST_BROKEN);
    session.open(packageJson, '{ "name": "x", "version": "1.0.0", }', 'json');
    assert.deepEqual(await session.diagnostics(workflow), []);
    assert.deepEqual(await session.diagnostics(manifest), []);
    assert.deepEqual(await session.diagnostics(packageJson), []);
    for (const uri of [workflow, manifest, packageJson]) session.closeDocument(uri);
  });

  it('survives a half-typed document: reports what parses, plus the syntax error', async () => {
    const uri = uriOf(join(workspace.path, 'typing', 'serverless.yml'));
    session.open(uri, SERVERLESS_HALF_TYPED);
    const diagnostics = await session.diagnostics(uri);
    const routes = byCode(diagnostics, 'route-missing-auth');
    assert.deepEqual(routes[0].range, { start: { line: 7, character: 8 }, end: { line: 7, character: 12 } });
    const parseErrors = byCode(diagnostics, 'parse-error');
    assert.ok(parseErrors.length > 0, 'the syntax error is reported');
    assert.ok(parseErrors.every((diagnostic) => diagnostic.source === 'slsward' && diagnostic.severity === DiagnosticSeverity.Error && diagnostic.data === undefined));

    // Every prefix of the document, as if typed line by line, is answered.
    const lines = SERVERLESS_HALF_TYPED.split('\n');
    for (let count = 1; count <= lines.length; count++) {
      const document = session.document(uri);
      session.change(uri, [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, text: lines.slice(0, count).join('\n') }]);
      const items = await session.diagnostics(uri);
      assert.ok(Array.isArray(items));
    }
    assert.equal(session.hasExited, false);
    session.closeDocument(uri);
  });

  it('skips documents over the size limit and binary documents with one not-analysed diagnostic, and keeps serving', async () => {
    // A template that cannot be read must not vanish: the engine names it notAnalysed, the server shows it once.
    const huge = uriOf(join(workspace.path, 'huge', 'serverless.yml'));
    session.open(huge, `${SERVERLESS_OPEN_ROUTE}# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    assert.deepEqual((await session.diagnostics(huge)).map((diagnostic) => diagnostic.code), ['not-analysed']);
    const binary = uriOf(join(workspace.path, 'binary', 'serverless.yml'));
    session.open(binary, `${SERVERLESS_OPEN_ROUTE}\u0000\u0001`);
    assert.deepEqual((await session.diagnostics(binary)).map((diagnostic) => diagnostic.code), ['not-analysed']);
    session.closeDocument(huge);
    session.closeDocument(binary);
    const uri = uriOf(join(workspace.path, 'after-huge', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    assert.equal(byCode(await session.diagnostics(uri), 'route-missing-auth').length, 1);
    session.closeDocument(uri);
  });

  it('analyses untitled documents, choosing JSON or YAML by language id', async () => {
    const yaml = 'untitled:Untitled-1';
    const json = 'untitled:Untitled-2';
    session.open(yaml, SERVERLESS_OPEN_ROUTE, 'yaml');
    session.open(json, CLOUDFORMATION_OPEN_METHOD_JSON, 'json');
    assert.equal(byCode(await session.diagnostics(yaml), 'route-missing-auth').length, 1);
    assert.equal(byCode(await session.diagnostics(json), 'route-missing-auth').length, 1);
    session.closeDocument(yaml);
    session.closeDocument(json);
  });

  it('answers for a document it does not know with an empty report', async () => {
    assert.deepEqual(await session.diagnostics(uriOf(join(workspace.path, 'never-opened.yml'))), []);
  });

  it('honours cancellation', async () => {
    const uri = uriOf(join(workspace.path, 'cancel', 'serverless.yml'));
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    // Hold the server inside the request: after a settings change it must read the settings
    // again, and the answer is released only after the cancellation was sent.
    let release = () => {};
    session.configurationGate = new Promise<void>((resolve) => (release = resolve));
    const reads = session.configurationRequests.length;
    await session.changeSettings({});
    const source = new CancellationTokenSource();
    const request = session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } }, source.token);
    source.cancel();
    session.configurationGate = undefined;
    release();
    await assert.rejects(request, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);
    assert.ok(session.configurationRequests.length > reads);
    // The next request is answered normally.
    assert.equal(byCode(await session.diagnostics(uri), 'route-missing-auth').length, 1);
    session.closeDocument(uri);
  });
});
