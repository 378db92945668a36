/**
 * `slsward/auditWorkspace` on a real directory: discovery (skipped and
 * excluded directories, files that are not ours), unsaved text of open
 * documents, the report's shape and positions, server-initiated progress and
 * cancellation.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver/node';
import { CLOUDFORMATION_OPEN_METHOD_JSON, GITHUB_WORKFLOW, onlyRules, ROUTE_RULE, SERVERLESS_IAM_ROUTE, SERVERLESS_OPEN_ROUTE } from './documents';
import { LspSession, makeTempDirectory, uriOf, type ProgressValue } from './lsp-session';

interface Report {
  version: number;
  files: string[];
  findings: Array<{ ruleId: string; path: string; severity: string; start: { line: number; character: number }; end: { line: number; character: number } }>;
  endpoints: Array<{ path: string; route: string; method: string; auth: string; functionName?: string; line: number; findings: string[] }>;
  skipped: Array<{ path: string; reason: string }>;
  counts: { bySeverity: Record<string, number>; byCategory: Record<string, number> };
  cancelled?: boolean;
}

describe('slsward/auditWorkspace', () => {
  const workspace = makeTempDirectory('slsward-lsp-audit-');
  const file = (relative: string) => join(workspace.path, relative);
  let session: LspSession;

  function write(relative: string, text: string): void {
    mkdirSync(dirname(file(relative)), { recursive: true });
    writeFileSync(file(relative), text);
  }

  before(async () => {
    write('serverless.yml', SERVERLESS_OPEN_ROUTE);
    write('services/orders/serverless.yml', SERVERLESS_IAM_ROUTE);
    write('stacks/template.json', CLOUDFORMATION_OPEN_METHOD_JSON);
    write('legacy/serverless.yml', SERVERLESS_OPEN_ROUTE);
    write('node_modules/some-plugin/serverless.yml', SERVERLESS_OPEN_ROUTE);
    write('.github/workflows/ci.yml', GITHUB_WORKFLOW);
    session = await LspSession.start({ folders: [workspace.path], settings: { exclude: ['legacy/**'], rules: onlyRules('route-missing-auth', 'function-url-missing-auth', 'hardcoded-secret-in-environment') } });
    // Unsaved in the editor: the open route is back, while the file on disk has IAM auth.
    session.open(uriOf(file('services/orders/serverless.yml')), SERVERLESS_OPEN_ROUTE);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('audits the workspace folders and returns the report, with server-initiated progress', async () => {
    const report = (await session.connection.sendRequest('slsward/auditWorkspace', {})) as Report;
    assert.equal(report.version, 1);
    assert.deepEqual(report.files, [file('serverless.yml'), file('services/orders/serverless.yml'), file('stacks/template.json')]);
    assert.deepEqual(
      report.findings.filter((finding) => finding.ruleId === 'route-missing-auth').map((finding) => [finding.path, finding.severity, finding.start, finding.end]),
      [
        [file('serverless.yml'), ROUTE_RULE.severity, { line: 8, character: 8 }, { line: 8, character: 12 }],
        // The open document's unsaved text, not the file on disk.
        [file('services/orders/serverless.yml'), ROUTE_RULE.severity, { line: 8, character: 8 }, { line: 8, character: 12 }],
        [file('stacks/template.json'), ROUTE_RULE.severity, { line: 13, character: 8 }, { line: 13, character: 35 }],
      ],
    );
    assert.deepEqual(
      report.endpoints.map((endpoint) => [endpoint.path, endpoint.method, endpoint.route, endpoint.auth, endpoint.functionName, endpoint.line, endpoint.findings]),
      [
        [file('serverless.yml'), 'GET', '/orders', 'none', 'listOrders', 8, ['route-missing-auth']],
        [file('services/orders/serverless.yml'), 'GET', '/orders', 'none', 'listOrders', 8, ['route-missing-auth']],
        [file('stacks/template.json'), 'GET', '/', 'none', undefined, 13, ['route-missing-auth']],
      ],
    );
    for (const severity of ['error', 'warning', 'info']) {
      assert.equal(report.counts.bySeverity[severity], report.findings.filter((finding) => finding.severity === severity).length, severity);
    }
    assert.ok(report.counts.byCategory.auth >= 3);
    assert.equal(report.cancelled, undefined);

    // Progress: created by the server, begun as cancellable, reported to 100 %, ended.
    assert.equal(session.createdProgressTokens.length, 1);
    const token = session.createdProgressTokens[0];
    await session.waitFor('the end of the audit progress', () => session.progress.get(token)?.some((value) => value.kind === 'end') === true);
    const values = session.progress.get(token) as ProgressValue[];
    assert.equal(values[0].kind, 'begin');
    assert.equal(values[0].kind === 'begin' && values[0].cancellable, true);
    const reports = values.filter((value) => value.kind === 'report');
    assert.ok(reports.length > 0);
    // Four candidates (the workflow is one, by name); three of them are templates.
    assert.deepEqual(reports.at(-1), { kind: 'report', percentage: 100, message: '4/4 files' });
    assert.equal(values.at(-1)?.kind, 'end');
  });

  it('audits only the given roots', async () => {
    const report = (await session.connection.sendRequest('slsward/auditWorkspace', { roots: [file('stacks')] })) as Report;
    assert.deepEqual(report.files, [file('stacks/template.json')]);
    assert.deepEqual(
      report.findings.map((finding) => finding.path),
      [file('stacks/template.json')],
    );
  });

  it('reports progress to a client-provided token instead when one is given', async () => {
    const created = session.createdProgressTokens.length;
    await session.connection.sendRequest('slsward/auditWorkspace', { workDoneToken: 'client-token', roots: [file('stacks')] });
    assert.equal(session.createdProgressTokens.length, created);
    await session.waitFor('the end of the client-token progress', () => session.progress.get('client-token')?.some((value) => value.kind === 'end') === true);
    assert.equal(session.progress.get('client-token')?.[0].kind, 'begin');
  });

  it('can be cancelled', async () => {
    const source = new CancellationTokenSource();
    const request = session.connection.sendRequest('slsward/auditWorkspace', {}, source.token);
    source.cancel();
    await assert.rejects(request, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);
    // The server still answers.
    const report = (await session.connection.sendRequest('slsward/auditWorkspace', { roots: [file('stacks')] })) as Report;
    assert.equal(report.files.length, 1);
  });
});
