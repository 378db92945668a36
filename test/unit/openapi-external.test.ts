/**
 * OpenAPI definitions a template keeps in workspace files (SAM `DefinitionUri`, `AWS::Include` in
 * `DefinitionBody` or `Body`, a local `BodyS3Location`): the engine reads them through the reader the
 * shell gives it, and their routes, auth and validators count as an inline body's do. Findings on an
 * operation of such a file sit on the template's reference, name the operation, and point at it in the
 * file. Remote definitions are never read; missing or refused files say why.
 */
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { analyze, type AnalysisResult, type WorkspaceFileReader } from '../../server/src/engine';

/** An in-memory workspace under `/ws`: paths resolve against the template's folder, and nothing leaves `/ws`. */
function memoryReader(files: Record<string, string>): WorkspaceFileReader & { calls: string[] } {
  const calls: string[] = [];
  const target = (from: string, relative: string) => posix.resolve(posix.dirname(from), relative);
  const reader = ((from: string, relative: string) => {
    const path = target(from, relative);
    calls.push(path);
    if (!path.startsWith('/ws/')) return undefined;
    const text = files[path];
    return text === undefined ? undefined : { path, text };
  }) as WorkspaceFileReader & { calls: string[] };
  reader.calls = calls;
  reader.whyUnreadable = (from, relative) => {
    const path = target(from, relative);
    if (!path.startsWith('/ws/')) return { path, reason: 'is outside the workspace' };
    return files[path] === undefined ? { path, reason: 'was not found' } : undefined;
  };
  return reader;
}

function run(text: string, files: Record<string, string>, path = '/ws/app/template.yaml'): AnalysisResult & { reader: ReturnType<typeof memoryReader> } {
  const reader = memoryReader(files);
  return { ...analyze({ path, text, rules: allRules, readFile: reader, strict: true }), reader };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length - 1;
}

const SAM_DEFINITION_URI = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: api/openapi.yaml
  ShopFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
`;

const OPENAPI_YAML = `openapi: 3.0.1
info: { title: shop, version: '1' }
paths:
  /orders:
    post:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:ShopFunction/invocations
    delete:
      x-amazon-apigateway-integration: { type: aws_proxy }
  /orders/{id}:
    get:
      security:
        - Cognito: []
      x-amazon-apigateway-integration: { type: aws_proxy }
components:
  securitySchemes:
    Cognito:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs: [arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc]
`;

describe('OpenAPI in workspace files: SAM DefinitionUri', () => {
  it('reads a YAML file relative to the template, and reports each open operation on the DefinitionUri line with the operation named and placed in the file', () => {
    const result = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': OPENAPI_YAML });
    assert.deepEqual(result.reader.calls, ['/ws/app/api/openapi.yaml']);
    const open = result.findings.filter((finding) => finding.ruleId === 'route-missing-auth');
    assert.deepEqual(open.map((finding) => finding.message.split(' has ')[0]).sort(), ['DELETE /orders', 'POST /orders']);
    const referenceLine = SAM_DEFINITION_URI.split('\n').findIndex((line) => line.includes('DefinitionUri'));
    for (const finding of open) {
      assert.equal(lineOf(SAM_DEFINITION_URI, finding.range.start), referenceLine);
      assert.equal(SAM_DEFINITION_URI.slice(finding.range.start, finding.range.end), 'api/openapi.yaml');
      // No edit is offered: the operation's nodes carry the other file's offsets.
      assert.deepEqual(finding.fixes, []);
      const [related] = finding.related ?? [];
      assert.equal(related?.path, '/ws/app/api/openapi.yaml');
      const method = finding.message.startsWith('POST') ? 'post' : 'delete';
      assert.equal(OPENAPI_YAML.slice(related.range.start, related.range.end), method);
    }
    const byRoute = new Map(result.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint]));
    assert.equal(byRoute.get('GET /orders/{id}')?.auth, 'cognito');
    assert.equal(byRoute.get('GET /orders/{id}')?.authorizer, 'Cognito');
    assert.equal(byRoute.get('POST /orders')?.auth, 'none');
    assert.equal(byRoute.get('GET /orders/{id}')?.definedIn?.path, '/ws/app/api/openapi.yaml');
    // Each operation's findings are its own, though they share one place in the template.
    assert.deepEqual(byRoute.get('POST /orders')?.findings, ['route-missing-auth']);
    assert.deepEqual(byRoute.get('GET /orders/{id}')?.findings, []);
    assert.equal(result.model?.externalDefinitions?.[0]?.status, 'read');
  });

  it('reads a JSON (Swagger 2) file the same way', () => {
    const swagger = JSON.stringify({
      swagger: '2.0',
      info: { title: 'shop', version: '1' },
      securityDefinitions: { Iam: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } },
      paths: { '/admin/users': { get: { security: [{ Iam: [] }] }, delete: {} } },
    }, null, 2);
    const text = SAM_DEFINITION_URI.replace('api/openapi.yaml', './openapi.json');
    const result = run(text, { '/ws/app/openapi.json': swagger });
    const byRoute = new Map(result.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint]));
    assert.equal(byRoute.get('GET /admin/users')?.auth, 'iam');
    assert.equal(byRoute.get('DELETE /admin/users')?.auth, 'none');
    const open = result.findings.filter((finding) => finding.ruleId === 'route-missing-auth');
    assert.deepEqual(open.map((finding) => finding.message.split(' has ')[0]), ['DELETE /admin/users']);
    const [related] = open[0].related ?? [];
    assert.equal(swagger.slice(related.range.start, related.range.end), '"delete"');
  });

  it('does not apply the API Auth to a DefinitionUri file, and a SAM event on one of its routes keeps the file\'s security', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: api/openapi.yaml
  ShopFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref ShopApi
            Path: /orders
            Method: post
            Auth:
              Authorizer: AWS_IAM
`;
    const result = run(text, { '/ws/app/api/openapi.yaml': OPENAPI_YAML });
    const post = result.endpoints.filter((endpoint) => endpoint.method === 'POST' && endpoint.path === '/orders');
    assert.equal(post.length, 1, 'one route, one endpoint');
    assert.equal(post[0].auth, 'none');
  });
});

describe('OpenAPI in workspace files: AWS::Include', () => {
  it('reads a local Location in a SAM DefinitionBody, with the API DefaultAuthorizer applied as SAM does', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: https://example.auth0.com/
              audience: [api]
      DefinitionBody:
        Fn::Transform:
          Name: AWS::Include
          Parameters:
            Location: ./spec/api.yaml
  ItemsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
`;
    const spec = `openapi: 3.0.1
paths:
  /items:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        payloadFormatVersion: '2.0'
        # CloudFormation expands AWS::Include before it resolves intrinsics, so the file may use them.
        uri:
          Fn::Sub: arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ItemsFunction.Arn}/invocations
  /health:
    get:
      security: []
`;
    const result = run(text, { '/ws/app/spec/api.yaml': spec });
    const byRoute = new Map(result.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint]));
    assert.equal(byRoute.get('GET /items')?.auth, 'jwt');
    assert.equal(byRoute.get('GET /items')?.kind, 'http');
    assert.equal(byRoute.get('GET /items')?.functionName, 'ItemsFunction');
    // `security: []` opts out, but SAM may still add its DefaultAuthorizer there: unknown, as for an inline body.
    assert.equal(byRoute.get('GET /health')?.auth, 'unknown');
    const finding = result.findings.find((candidate) => candidate.ruleId === 'route-missing-auth');
    assert.equal(finding, undefined);
  });

  it('reads a local Location in a CloudFormation RestApi Body, with its request validators', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Body:
        'Fn::Transform':
          Name: 'AWS::Include'
          Parameters:
            Location: 'api.yaml'
`;
    const spec = `swagger: '2.0'
x-amazon-apigateway-request-validators:
  all: { validateRequestBody: true, validateRequestParameters: true }
  params: { validateRequestBody: false, validateRequestParameters: true }
paths:
  /orders:
    post:
      x-amazon-apigateway-request-validator: all
      security: [{ Sigv4: [] }]
    put:
      x-amazon-apigateway-request-validator: params
      security: [{ Sigv4: [] }]
securityDefinitions:
  Sigv4: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
`;
    const result = run(text, { '/ws/app/api.yaml': spec });
    const byRoute = new Map(result.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint]));
    assert.equal(byRoute.get('POST /orders')?.auth, 'iam');
    assert.equal(byRoute.get('POST /orders')?.edgeValidation, true);
    assert.equal(byRoute.get('PUT /orders')?.edgeValidation, false);
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'route-missing-auth').length, 0);
  });
});

describe('OpenAPI definitions that are not read', () => {
  const WITH_EVENT = (uri: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  ShopApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ${uri}
  ShopFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref ShopApi
            Path: /orders
            Method: post
`;

  it('never reads a remote definition; the inventory says its routes are unknown, and no route finding is invented', () => {
    for (const uri of ['s3://my-bucket/openapi.yaml', 'https://example.com/openapi.yaml']) {
      const result = run(WITH_EVENT(uri), {});
      assert.deepEqual(result.reader.calls, [], 'nothing is read for a remote definition');
      const record = result.model?.externalDefinitions?.[0];
      assert.equal(record?.status, 'remote');
      assert.equal(record?.reason, `not read: remote definition (${uri})`);
      const [endpoint] = result.endpoints;
      assert.equal(endpoint.auth, 'unknown');
      assert.equal(endpoint.definitionNotRead, `not read: remote definition (${uri})`);
      assert.equal(result.findings.filter((finding) => finding.category === 'auth' && finding.ruleId.startsWith('route')).length, 0);
    }
  });

  it('treats DefinitionUri { Bucket, Key } as remote', () => {
    const text = WITH_EVENT('{ Bucket: my-bucket, Key: openapi.yaml }');
    const result = run(text, {});
    assert.equal(result.model?.externalDefinitions?.[0]?.status, 'remote');
    assert.deepEqual(result.reader.calls, []);
  });

  it('says why a missing file was not read, and keeps the route unknown', () => {
    const result = run(WITH_EVENT('api/missing.yaml'), {});
    const record = result.model?.externalDefinitions?.[0];
    assert.equal(record?.status, 'unreadable');
    assert.equal(record?.path, '/ws/app/api/missing.yaml');
    assert.equal(record?.reason, 'not read: api/missing.yaml was not found');
    assert.equal(result.endpoints[0].auth, 'unknown');
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'route-missing-auth').length, 0);
  });

  it('refuses a path that leaves the workspace, with the reader\'s reason', () => {
    const result = run(WITH_EVENT('../../etc/openapi.yaml'), { '/etc/openapi.yaml': OPENAPI_YAML });
    const record = result.model?.externalDefinitions?.[0];
    assert.equal(record?.status, 'unreadable');
    assert.equal(record?.reason, 'not read: ../../etc/openapi.yaml is outside the workspace');
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'route-missing-auth').length, 0);
  });

  it('reads nothing without a reader, and says so', () => {
    const result = analyze({ path: '/ws/app/template.yaml', text: WITH_EVENT('api/openapi.yaml'), rules: allRules });
    assert.equal(result.model?.externalDefinitions?.[0]?.reason, 'not read: api/openapi.yaml (no workspace files in this analysis)');
  });

  it('keeps a file that is not OpenAPI, or over the document limits, out of the model with a reason', () => {
    const notOpenApi = run(WITH_EVENT('api/openapi.yaml'), { '/ws/app/api/openapi.yaml': 'StartAt: A\nStates: {}\n' });
    assert.equal(notOpenApi.model?.externalDefinitions?.[0]?.status, 'not-openapi');
    const huge = run(WITH_EVENT('api/openapi.yaml'), { '/ws/app/api/openapi.yaml': `openapi: 3.0.1\ndescription: '${'x'.repeat(6 * 1024 * 1024)}'\n` });
    const record = huge.model?.externalDefinitions?.[0];
    assert.equal(record?.status, 'unreadable');
    assert.match(record?.reason ?? '', /could not be parsed \(File is larger than 5 MB/);
  });

  it('reads an over-deep file under the pre-scan limits, and still finds its routes', () => {
    const deep = `openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const result = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': deep });
    assert.deepEqual(result.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.path} ${endpoint.auth}`), ['GET /a none']);
    // Read, but not whole: the routes of the part past the limit are unknown, and the record says where.
    const record = result.model?.externalDefinitions?.[0];
    assert.equal(record?.status, 'read');
    assert.match(record?.partial ?? '', /^partly read: api\/openapi\.yaml exceeds an input limit at line 5 \(Flow collections nested deeper than \d+ levels/);
  });

  it('says a file with a syntax error was read in part, and keeps the routes that parsed', () => {
    const broken = `openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses: {}\n  /b: [unclosed\n  /admin:\n    delete:\n      responses: {}\n`;
    const result = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': broken });
    assert.ok(result.endpoints.some((endpoint) => endpoint.path === '/a'));
    assert.match(result.model?.externalDefinitions?.[0]?.partial ?? '', /^partly read: api\/openapi\.yaml has a syntax error at line 7 /);
  });

  it('says nothing of a part when the whole file parsed', () => {
    const result = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': 'openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses: {}\n' });
    assert.equal(result.model?.externalDefinitions?.[0]?.partial, undefined);
  });
});

describe('OpenAPI files: placing findings and re-reading', () => {
  it('gives a finding to the operation its message names as a whole (GET /a is not GET /a/b)', () => {
    const spec = `swagger: '2.0'
paths:
  /a:
    get: {}
  /a/b:
    get: {}
  /a/{proxy+}:
    x-amazon-apigateway-any-method: {}
`;
    const result = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': spec });
    const placed = result.findings
      .filter((finding) => finding.ruleId === 'route-missing-auth')
      .map((finding) => [finding.message.split(' has ')[0], spec.slice(finding.related![0].range.start, finding.related![0].range.end), lineOf(spec, finding.related![0].range.start)]);
    assert.deepEqual(placed.sort(), [
      ['ANY /a/{proxy+}', 'x-amazon-apigateway-any-method', 7],
      ['GET /a', 'get', 3],
      ['GET /a/b', 'get', 5],
    ]);
    const byRoute = new Map(result.endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint.findings]));
    assert.deepEqual(byRoute.get('GET /a'), ['route-missing-auth']);
    assert.deepEqual(byRoute.get('GET /a/b'), ['route-missing-auth']);
  });

  it('reads the file again when its text changed, between two analyses of the same template', () => {
    const first = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': OPENAPI_YAML });
    const second = run(SAM_DEFINITION_URI, { '/ws/app/api/openapi.yaml': OPENAPI_YAML.replace('    delete:\n      x-amazon-apigateway-integration: { type: aws_proxy }\n', '') });
    const open = (result: AnalysisResult) => result.findings.filter((finding) => finding.ruleId === 'route-missing-auth').map((finding) => finding.message.split(' has ')[0]).sort();
    assert.deepEqual(open(first), ['DELETE /orders', 'POST /orders']);
    assert.deepEqual(open(second), ['POST /orders']);
  });
});

describe('OpenAPI files: CORS of an HTTP API', () => {
  const httpApi = (extra = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: api/openapi.yaml${extra}
`;
  const spec = `openapi: 3.0.1
x-amazon-apigateway-cors:
  allowOrigins: ['*']
  allowCredentials: true
paths:
  /orders:
    get: {}
`;
  it('judges x-amazon-apigateway-cors in the file, reported on the DefinitionUri and naming the file', () => {
    const template = httpApi();
    const result = run(template, { '/ws/app/api/openapi.yaml': spec });
    const cors = result.findings.filter((finding) => finding.ruleId === 'cors-wildcard-origin');
    assert.deepEqual(cors.map((finding) => [finding.messageId, template.slice(finding.range.start, finding.range.end)]), [['wildcardWithCredentials', 'api/openapi.yaml']]);
    assert.match(cors[0].message, /^The x-amazon-apigateway-cors of API Http in openapi\.yaml allows CORS from every origin/);
  });

  it('leaves it to the template when the API sets CorsConfiguration itself', () => {
    const result = run(httpApi("\n      CorsConfiguration:\n        AllowOrigins: ['https://app.example.com']"), { '/ws/app/api/openapi.yaml': spec });
    assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'cors-wildcard-origin'), []);
  });
});
