/**
 * An OpenAPI file a template names (`DefinitionUri`) makes the template's findings depend on it, like a
 * `${file(...)}` include: editing it (unsaved), closing it, saving, deleting and creating it refresh the
 * template's diagnostics through the real server, which reads the file through its confined reader. The
 * findings on its operations sit on the `DefinitionUri` line and point at the operation in the file.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: api/openapi.yaml
`;

const OPEN_SPEC = `openapi: 3.0.1
paths:
  /orders:
    post:
      x-amazon-apigateway-integration: { type: aws_proxy }
`;
const SECURED = `      security: [{ Iam: [] }]
      x-amazon-apigateway-integration: { type: aws_proxy }
components:
  securitySchemes:
    Iam: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
`;
const OPEN_OPERATION = '      x-amazon-apigateway-integration: { type: aws_proxy }\n';

describe('OpenAPI files named by a template', () => {
  const workspace = makeTempDirectory('slsward-lsp-openapi-');
  const templatePath = join(workspace.path, 'template.yaml');
  const specPath = join(workspace.path, 'api', 'openapi.yaml');
  const templateUri = uriOf(templatePath);
  const specUri = uriOf(specPath);
  let session: LspSession;

  async function openRoutes(): Promise<string[]> {
    return (await session.diagnostics(templateUri)).filter((item) => item.code === 'route-missing-auth').map((item) => String(item.message).split(' has ')[0]);
  }

  async function watched(type: FileChangeType, description: string): Promise<void> {
    const refreshes = session.refreshCount;
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: specUri, type }] });
    await session.waitFor(description, () => session.refreshCount > refreshes);
  }

  before(async () => {
    mkdirSync(join(workspace.path, 'api'), { recursive: true });
    writeFileSync(templatePath, TEMPLATE);
    writeFileSync(specPath, OPEN_SPEC);
    session = await LspSession.start({ folders: [workspace.path] });
    session.open(templateUri, TEMPLATE);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports an open operation of the file on the DefinitionUri line, with the operation as related information', async () => {
    const [diagnostic] = (await session.diagnostics(templateUri)).filter((item) => item.code === 'route-missing-auth');
    assert.equal(String(diagnostic?.message).split(' has ')[0], 'POST /orders');
    assert.deepEqual(diagnostic.range, { start: { line: 7, character: 21 }, end: { line: 7, character: 37 } });
    assert.deepEqual(
      diagnostic.relatedInformation?.map((item) => [item.location.uri, item.location.range.start, item.message]),
      [[specUri, { line: 3, character: 4 }, 'POST /orders is declared here']],
    );
  });

  it('follows unsaved edits of the file, and the disk again when it is closed', async () => {
    session.open(specUri, OPEN_SPEC);
    assert.deepEqual(await session.diagnostics(specUri), [], 'the OpenAPI file alone is not a template');
    const refreshes = session.refreshCount;
    session.replace(specUri, OPEN_OPERATION, SECURED);
    await session.waitFor('a refresh after the OpenAPI file was edited', () => session.refreshCount > refreshes);
    assert.deepEqual(await openRoutes(), []);

    const beforeClose = session.refreshCount;
    session.closeDocument(specUri);
    await session.waitFor('a refresh after the OpenAPI file was closed unsaved', () => session.refreshCount > beforeClose);
    assert.deepEqual(await openRoutes(), ['POST /orders']);
  });

  it('follows the file on disk: saved, deleted, created', async () => {
    writeFileSync(specPath, OPEN_SPEC.replace(OPEN_OPERATION, SECURED));
    await watched(FileChangeType.Changed, 'a refresh after the OpenAPI file was saved');
    assert.deepEqual(await openRoutes(), []);

    rmSync(specPath);
    await watched(FileChangeType.Deleted, 'a refresh after the OpenAPI file was deleted');
    // Its routes are unknown now: nothing is reported, nothing is invented.
    assert.deepEqual(await openRoutes(), []);

    writeFileSync(specPath, OPEN_SPEC.replace('/orders', '/refunds'));
    await watched(FileChangeType.Created, 'a refresh after the OpenAPI file was created');
    assert.deepEqual(await openRoutes(), ['POST /refunds']);
  });

  it('follows an edit of the template that points DefinitionUri at S3 and back', async () => {
    session.replace(templateUri, 'DefinitionUri: api/openapi.yaml', 'DefinitionUri: s3://bucket/openapi.yaml');
    assert.deepEqual(await openRoutes(), []);
    session.replace(templateUri, 'DefinitionUri: s3://bucket/openapi.yaml', 'DefinitionUri: api/openapi.yaml');
    assert.deepEqual(await openRoutes(), ['POST /refunds']);
  });
});
