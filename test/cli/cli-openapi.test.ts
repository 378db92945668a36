/**
 * `slsward audit` reads the OpenAPI files templates name (SAM `DefinitionUri`, `AWS::Include`) through
 * the confined reader: their routes' findings and inventory entries point into the file, a file outside
 * the audited folder or a symbolic link out is refused and listed as skipped with its reason (without
 * changing the exit code), and a remote definition is never fetched: the inventory says its routes are unknown.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCleanError, runCli } from './helpers';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: api/openapi.yaml
  OutsideApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ../../outside/openapi.yaml
  LinkApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: api/link.yaml
  RemoteApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: s3://bucket/openapi.yaml
`;

const OPENAPI = `openapi: 3.0.1
paths:
  /barista/orders:
    put:
      security: [{ Users: [] }]
  /orders:
    post: {}
components:
  securitySchemes:
    Users:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: [{ 'Fn::GetAtt': [UserPool, Arn] }]
`;

interface JsonReport {
  findings: Array<{ ruleId: string; message: string; path: string; range: { start: { line: number } }; related?: Array<{ path: string; range: { start: { line: number } }; message: string }> }>;
  endpoints: Array<{ method: string; route: string; auth: string; path: string; line: number; resource: string; findings: string[]; definedIn?: { path: string; line: number }; definitionNotRead?: string }>;
  skipped: Array<{ path: string; reason: string }>;
}

describe('slsward audit: OpenAPI definitions in workspace files', () => {
  let base: string;
  let workspace: string;
  before(() => {
    base = mkdtempSync(join(tmpdir(), 'slsward-cli-openapi-'));
    workspace = join(base, 'ws');
    mkdirSync(join(workspace, 'app', 'api'), { recursive: true });
    mkdirSync(join(base, 'outside'));
    writeFileSync(join(workspace, 'app', 'template.yaml'), TEMPLATE);
    writeFileSync(join(workspace, 'app', 'api', 'openapi.yaml'), OPENAPI);
    writeFileSync(join(base, 'outside', 'openapi.yaml'), OPENAPI);
    symlinkSync(join(base, 'outside', 'openapi.yaml'), join(workspace, 'app', 'api', 'link.yaml'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reports the operations of an included file on the Location line, pointing at each operation, and lists refused files as skipped', async () => {
    const run = await runCli(['audit', '.', '--format', 'json'], { cwd: workspace });
    assertCleanError(run.stderr);
    // A warning and infos only (default --fail-on error); the refused OpenAPI files are not audited templates, so they do not make it 3.
    assert.equal(run.code, 0);
    const report = JSON.parse(run.stdout) as JsonReport;
    const locationLine = TEMPLATE.split('\n').findIndex((line) => line.includes('Location: api/openapi.yaml')) + 1;
    const open = report.findings.find((finding) => finding.ruleId === 'route-missing-auth');
    assert.equal(open?.message, 'POST /orders has no authorization: anyone on the internet can invoke it.');
    assert.equal(open?.path, 'app/template.yaml');
    assert.equal(open?.range.start.line, locationLine);
    assert.deepEqual(open?.related?.map((place) => [place.path, place.range.start.line, place.message]), [['app/api/openapi.yaml', 7, 'POST /orders is declared here']]);
    const admin = report.findings.find((finding) => finding.ruleId === 'admin-route-self-signup');
    assert.match(admin?.message ?? '', /^PUT \/barista\/orders looks administrative \(barista\).*any user who signs up can call it\.$/);
    assert.deepEqual(admin?.related?.map((place) => [place.path, place.range.start.line]), [['app/api/openapi.yaml', 4]]);

    const routes = report.endpoints.map((endpoint) => [endpoint.resource, endpoint.method, endpoint.route, endpoint.auth, endpoint.definedIn ?? endpoint.definitionNotRead ?? null]);
    assert.deepEqual(routes, [
      ['ShopApi', 'PUT', '/barista/orders', 'cognito', { path: 'app/api/openapi.yaml', line: 4 }],
      ['ShopApi', 'POST', '/orders', 'none', { path: 'app/api/openapi.yaml', line: 7 }],
      ['OutsideApi', '*', '*', 'unknown', 'not read: ../../outside/openapi.yaml is outside the workspace'],
      ['LinkApi', '*', '*', 'unknown', 'not read: api/link.yaml is a symbolic link out of the workspace'],
      ['RemoteApi', '*', '*', 'unknown', 'not read: remote definition (s3://bucket/openapi.yaml)'],
    ]);

    const skipped = report.skipped.filter((entry) => entry.reason.includes('OpenAPI definition'));
    assert.deepEqual(skipped.map((entry) => entry.reason).sort(), [
      'not read: ../../outside/openapi.yaml is outside the workspace (the OpenAPI definition of OutsideApi in template.yaml)',
      'not read: api/link.yaml is a symbolic link out of the workspace (the OpenAPI definition of LinkApi in template.yaml)',
    ]);
    assert.deepEqual(skipped.find((entry) => entry.reason.includes('LinkApi'))?.path, 'app/api/link.yaml');
    // The file outside (a copy of the included one) is never read: its routes appear once, from the included file.
    assert.equal(report.endpoints.filter((endpoint) => endpoint.route === '/barista/orders').length, 1);
  });

  it('shows where each route is declared in the text inventory, and why the others are unknown', async () => {
    const run = await runCli(['audit', '.'], { cwd: workspace });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /PUT +\/barista\/orders +cognito \(Users\).*admin-route-self-signup +app\/api\/openapi\.yaml:4/);
    assert.match(run.stdout, /\* +\* +unknown .*app\/template\.yaml:\d+ \(not read: remote definition \(s3:\/\/bucket\/openapi\.yaml\)\)/);
    assert.match(run.stderr, /skipped .*outside\/openapi\.yaml: not read: \.\.\/\.\.\/outside\/openapi\.yaml is outside the workspace/);
  });
});

describe('slsward audit: an OpenAPI file read only in part', () => {
  it('keeps the routes that parsed and lists the file as skipped, saying where the rest was lost', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'slsward-cli-openapi-partial-'));
    try {
      writeFileSync(join(workspace, 'template.yaml'), "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: api.yaml\n");
      // 100,000 nested brackets between two paths: the pre-scan refuses that part, and the route after it is unknown.
      writeFileSync(join(workspace, 'api.yaml'), `openapi: 3.0.1\npaths:\n  /a:\n    get: {}\nx: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n  /admin:\n    delete: {}\n`);
      const run = await runCli(['audit', '.', '--format', 'json'], { cwd: workspace });
      assertCleanError(run.stderr);
      const report = JSON.parse(run.stdout) as JsonReport;
      assert.deepEqual(report.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.route}`), ['GET /a']);
      assert.deepEqual(report.skipped.map((entry) => [entry.path, entry.reason.replace(/\d+ levels/, 'N levels')]), [
        ['api.yaml', 'partly read: api.yaml exceeds an input limit at line 5 (Flow collections nested deeper than N levels: this part was not analysed.); routes in the part that did not parse are unknown (the OpenAPI definition of Api in template.yaml)'],
      ]);
      // CI can refuse it like any file that was not checked whole.
      const strict = await runCli(['audit', '.', '--fail-on-skipped'], { cwd: workspace });
      assert.notEqual(strict.code, 0);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
