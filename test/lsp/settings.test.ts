/**
 * Settings: read through `workspace/configuration`; a change is re-read and
 * followed by `workspace/diagnostic/refresh`; severities, `off`, `enable` and
 * `exclude` change what the next pull returns.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { ROUTE_SEVERITY, SERVERLESS_OPEN_ROUTE } from './documents';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

describe('settings', () => {
  const workspace = makeTempDirectory('slsward-lsp-settings-');
  let session: LspSession;
  const uri = uriOf(join(workspace.path, 'serverless.yml'));
  const legacyUri = uriOf(join(workspace.path, 'legacy', 'api', 'serverless.yml'));
  const vendoredUri = uriOf(join(workspace.path, 'node_modules', 'some-plugin', 'serverless.yml'));

  async function routeSeverities(target = uri): Promise<Array<DiagnosticSeverity | undefined>> {
    return (await session.diagnostics(target)).filter((item) => item.code === 'route-missing-auth').map((item) => item.severity);
  }

  /** Changes the settings and waits until the server has re-read them and asked for a refresh. */
  async function changeSettings(settings: Record<string, unknown>): Promise<void> {
    const refreshes = session.refreshCount;
    const reads = session.configurationRequests.length;
    await session.changeSettings(settings);
    await session.waitFor('workspace/diagnostic/refresh', () => session.refreshCount > refreshes);
    assert.ok(session.configurationRequests.length > reads, 'the settings were read again before the refresh');
  }

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path], settings: {} });
    session.open(uri, SERVERLESS_OPEN_ROUTE);
    session.open(legacyUri, SERVERLESS_OPEN_ROUTE);
    session.open(vendoredUri, SERVERLESS_OPEN_ROUTE);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reads the slsward section for the document’s workspace folder', async () => {
    assert.deepEqual(await routeSeverities(), [ROUTE_SEVERITY]);
    assert.ok(session.configurationRequests.some((request) => request.section === 'slsward' && request.scopeUri === uriOf(workspace.path)));
  });

  it('never analyses files under node_modules', async () => {
    assert.deepEqual(await session.diagnostics(vendoredUri), []);
  });

  it('applies a per-rule severity after a configuration change and a refresh', async () => {
    await changeSettings({ rules: { 'route-missing-auth': 'error' } });
    assert.deepEqual(await routeSeverities(), [DiagnosticSeverity.Error]);
    await changeSettings({ rules: { 'route-missing-auth': 'info' } });
    assert.deepEqual(await routeSeverities(), [DiagnosticSeverity.Information]);
  });

  it('turns a rule off', async () => {
    await changeSettings({ rules: { 'route-missing-auth': 'off' } });
    assert.deepEqual(await routeSeverities(), []);
  });

  it('excludes files matching slsward.exclude, relative to the workspace folder', async () => {
    await changeSettings({ exclude: ['legacy/**'] });
    assert.deepEqual(await routeSeverities(legacyUri), []);
    assert.deepEqual(await routeSeverities(), [ROUTE_SEVERITY]);
    // A pattern without a slash matches a directory name anywhere, as in the audit.
    await changeSettings({ exclude: ['api'] });
    assert.deepEqual(await routeSeverities(legacyUri), []);
    await changeSettings({ exclude: [] });
    assert.deepEqual(await routeSeverities(legacyUri), [ROUTE_SEVERITY]);
  });

  it('reports nothing, and shows no hover, when slsward.enable is false', async () => {
    await changeSettings({ enable: false });
    assert.deepEqual(await session.diagnostics(uri), []);
    assert.equal(await session.hover(uri, { line: 8, character: 10 }), null);
    await changeSettings({ enable: true });
    assert.deepEqual(await routeSeverities(), [ROUTE_SEVERITY]);
  });

  it('falls back to defaults for malformed settings', async () => {
    await changeSettings({ enable: 'no', rules: { 'route-missing-auth': 'loud' }, exclude: 'legacy/**' });
    assert.deepEqual(await routeSeverities(), [ROUTE_SEVERITY]);
    assert.deepEqual(await routeSeverities(legacyUri), [ROUTE_SEVERITY]);
  });
});
