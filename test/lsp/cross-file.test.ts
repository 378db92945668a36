/**
 * `${file(...)}` makes one document's findings depend on another file. An
 * edit to that file (in the editor or on disk) invalidates its dependents and
 * asks the client to pull again.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

// The finding sits in serverless.yml (the environment value); whether it is one depends on the included file.
const SERVERLESS_WITH_INCLUDED_FUNCTIONS = `service: orders
custom: \${file(./functions.yml)}
provider:
  name: aws
  environment:
    DB_PASSWORD: \${self:custom.dbPassword}
`;

const FUNCTIONS_IAM = `dbPassword: \${ssm:/orders/db-password}
`;
const REFERENCE = '\${ssm:/orders/db-password}';
const LITERAL = 'hunter2-prod';

describe('cross-file dependencies', () => {
  const workspace = makeTempDirectory('slsward-lsp-cross-file-');
  const serverlessPath = join(workspace.path, 'serverless.yml');
  const functionsPath = join(workspace.path, 'functions.yml');
  let session: LspSession;

  async function routeCodes(): Promise<string[]> {
    return (await session.diagnostics(uriOf(serverlessPath))).map((item) => String(item.code)).filter((code) => code === 'hardcoded-secret-in-environment');
  }

  before(async () => {
    mkdirSync(workspace.path, { recursive: true });
    writeFileSync(functionsPath, FUNCTIONS_IAM);
    writeFileSync(serverlessPath, SERVERLESS_WITH_INCLUDED_FUNCTIONS);
    session = await LspSession.start({ folders: [workspace.path] });
    session.open(uriOf(serverlessPath), SERVERLESS_WITH_INCLUDED_FUNCTIONS);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reads the included file from disk', async () => {
    assert.deepEqual(await routeCodes(), []);
  });

  it('refreshes dependents when the included file is edited in the editor, using the unsaved text', async () => {
    const functionsUri = uriOf(functionsPath);
    session.open(functionsUri, FUNCTIONS_IAM);
    assert.deepEqual(await session.diagnostics(functionsUri), [], 'the fragment alone is not a template');
    const refreshes = session.refreshCount;
    session.replace(functionsUri, REFERENCE, LITERAL);
    await session.waitFor('a refresh after the included file changed', () => session.refreshCount > refreshes);
    assert.deepEqual(await routeCodes(), ['hardcoded-secret-in-environment']);

    // Closing it without saving: the dependents read the disk again.
    const beforeClose = session.refreshCount;
    session.closeDocument(functionsUri);
    await session.waitFor('a refresh after the included file closed', () => session.refreshCount > beforeClose);
    assert.deepEqual(await routeCodes(), []);
  });

  it('refreshes dependents when a missing included file is created', async () => {
    const uri = uriOf(join(workspace.path, 'later', 'serverless.yml'));
    const text = SERVERLESS_WITH_INCLUDED_FUNCTIONS.replace('./functions.yml', './more-functions.yml');
    session.open(uri, text);
    // Nothing to analyse yet, and the file that is missing is named.
    const before = await session.diagnostics(uri);
    assert.deepEqual(before.map((item) => item.code), ['not-analysed']);
    assert.match(String(before[0].message), /^\$\{file\(\.\/more-functions\.yml\)\} was not read: the file was not found\./);
    mkdirSync(join(workspace.path, 'later'), { recursive: true });
    writeFileSync(join(workspace.path, 'later', 'more-functions.yml'), FUNCTIONS_IAM.replace(REFERENCE, LITERAL));
    const refreshes = session.refreshCount;
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(join(workspace.path, 'later', 'more-functions.yml')), type: FileChangeType.Created }] });
    await session.waitFor('a refresh after the included file was created', () => session.refreshCount > refreshes);
    assert.deepEqual((await session.diagnostics(uri)).map((item) => item.code), ['hardcoded-secret-in-environment']);
    session.closeDocument(uri);
  });

  it('refreshes dependents when the included file changes on disk', async () => {
    writeFileSync(functionsPath, FUNCTIONS_IAM.replace(REFERENCE, LITERAL));
    const refreshes = session.refreshCount;
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(functionsPath), type: FileChangeType.Changed }] });
    await session.waitFor('a refresh after the file changed on disk', () => session.refreshCount > refreshes);
    assert.deepEqual(await routeCodes(), ['hardcoded-secret-in-environment']);
  });
});
