/**
 * The API part of the application model: which APIs and stages each format
 * declares (explicit, SAM implicit, the Serverless provider's), and each
 * stage's settings with where they are written and the conditions they hold under.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../parse';
import { buildModel } from './build';
import { detectKind } from './kind';
import type { ApiStage, AppModel } from './types';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

function stageNamed(model: AppModel, name: string): ApiStage {
  const stage = model.apis.flatMap((api) => api.stages).find((candidate) => candidate.name === name);
  assert.ok(stage, `a stage named ${name}`);
  return stage;
}

function textOf(model: AppModel, range: { start: number; end: number } | undefined): string | undefined {
  return range && model.document.text.slice(range.start, range.end);
}

describe('model: CloudFormation APIs and stages', () => {
  const model = modelOf(
    'template.yaml',
    `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Parameters:
  Env:
    Type: String
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Rest
      TracingEnabled: !If [IsProd, true, false]
      AccessLogSetting: !If [IsProd, { DestinationArn: arn }, !Ref 'AWS::NoValue']
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          ThrottlingRateLimit: 10
  Deploy:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Rest
      StageName: dev
  Unnamed:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Rest
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Http
  Imported:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !ImportValue shared-api
`,
  );

  it('groups stages under the API they reference, and keeps stages of APIs declared elsewhere apart', () => {
    assert.deepEqual(
      model.apis.map((api) => ({ id: api.id, protocol: api.protocol, isDeclaredHere: api.isDeclaredHere, stages: api.stages.map((stage) => `${stage.form}:${stage.name}`) })),
      [
        { id: 'Rest', protocol: 'rest', isDeclaredHere: true, stages: ['cfn-stage:Prod', 'cfn-deployment:Deploy'] },
        { id: 'Http', protocol: 'http', isDeclaredHere: true, stages: ['cfn-v2-stage:HttpStage'] },
        { id: '', protocol: 'rest', isDeclaredHere: false, stages: ['cfn-stage:Imported'] },
      ],
    );
  });

  it('reads each setting with its Fn::If branches, and where a fix would insert it', () => {
    const prod = stageNamed(model, 'Prod');
    assert.deepEqual(prod.tracing?.values, [
      { state: 'on', when: [{ condition: 'IsProd', value: true }] },
      { state: 'off', when: [{ condition: 'IsProd', value: false }] },
    ]);
    assert.deepEqual(prod.accessLogging.values, [
      { state: 'on', when: [{ condition: 'IsProd', value: true }] },
      { state: 'absent', when: [{ condition: 'IsProd', value: false }] },
    ]);
    assert.equal(textOf(model, prod.tracing?.entry?.key.range), 'TracingEnabled');
    assert.equal(prod.tracing?.host, prod.declaration?.properties);
    assert.equal(prod.isThrottled, true);
    assert.equal(textOf(model, prod.throttlingEntry?.key.range), 'ThrottlingRateLimit');
    // No LoggingLevel in the stage-wide method setting: AWS's default, off, and the item is where it would go.
    assert.deepEqual(prod.executionLogging?.values, [{ state: 'off', when: [] }]);
    assert.equal(textOf(model, prod.executionLogging?.host?.range)?.startsWith('ResourcePath: /*'), true);
    assert.deepEqual(model.apis[0].throttling, { isThrottled: true, by: 'stage' });

    const deploy = stageNamed(model, 'Deploy');
    assert.equal(deploy.hasStageName, true);
    assert.equal(deploy.tracing?.name, 'StageDescription.TracingEnabled');
    assert.deepEqual(deploy.tracing?.values, [{ state: 'absent', when: [] }]);
    assert.equal(textOf(model, deploy.range), 'Deploy');
  });

  it('knows that HTTP API stages have no tracing and no cache', () => {
    const stage = stageNamed(model, 'HttpStage');
    assert.equal(stage.protocol, 'http');
    assert.equal(stage.tracing, undefined);
    assert.equal(stage.cache, undefined);
    assert.equal(stage.throttlingEntry, undefined);
    assert.equal(stage.executionLogging, undefined);
    assert.equal(stage.accessLogging.name, 'AccessLogSettings');
    assert.deepEqual(model.apis[1].throttling, { isThrottled: false });
  });
});

describe('model: SAM APIs, implicit APIs and Globals', () => {
  const model = modelOf(
    'template.yaml',
    `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    TracingEnabled: true
    MethodSettings:
      - ResourcePath: /*
        HttpMethod: '*'
        DataTraceEnabled: true
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      AccessLogSetting:
        DestinationArn: arn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: get }
        Own:
          Type: Api
          Properties: { Path: /own, Method: get, RestApiId: !Ref Api }
        Http:
          Type: HttpApi
`,
  );

  it('adds the implicit REST and HTTP APIs, shown on the first event that creates each', () => {
    assert.deepEqual(
      model.apis.map((api) => `${api.form}:${api.protocol}:${api.id}:${textOf(model, api.range)}`),
      ['sam:rest:Api:Api', 'sam-implicit:rest:ServerlessRestApi:Get', 'sam-implicit:http:ServerlessHttpApi:Http'],
    );
  });

  it('falls back to Globals.Api, which is no place to fix one API', () => {
    const explicit = stageNamed(model, 'Api');
    assert.deepEqual(explicit.accessLogging.values, [{ state: 'on', when: [] }]);
    assert.equal(explicit.accessLogging.isGlobal, false);
    assert.equal(explicit.tracing?.isGlobal, true);
    assert.equal(explicit.tracing?.name, 'Globals.Api.TracingEnabled');
    assert.equal(explicit.tracing?.host, undefined);
    assert.equal(explicit.isDataTraceFromGlobals, true);
    assert.deepEqual(explicit.dataTrace.map((flag) => flag.values), [[{ state: 'on', when: [] }]]);

    const implicit = stageNamed(model, 'ServerlessRestApi');
    assert.equal(implicit.label, 'implicit SAM API (ServerlessRestApi)');
    assert.equal(implicit.accessLogging.name, 'Globals.Api.AccessLogSetting');
    assert.deepEqual(implicit.accessLogging.values, [{ state: 'absent', when: [] }]);
    assert.equal(implicit.api.implicitEvent?.functionName, 'Fn');
  });
});

describe('model: the Serverless provider API', () => {
  const model = modelOf(
    'serverless.yml',
    `service: orders
provider:
  name: aws
  logs:
    restApi:
      accessLogging: false
  tracing:
    lambda: true
  apiGateway:
    usagePlan:
      throttle: { burstLimit: 10, rateLimit: 5 }
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
functions:
  a:
    handler: a.h
    events:
      - http: { method: get, path: /, caching: { enabled: true } }
      - websocket: $connect
`,
  );

  it('has one API per event kind, shown on provider', () => {
    assert.deepEqual(
      model.apis.map((api) => `${api.protocol}:${textOf(model, api.range)}:${api.stages.map((stage) => stage.form).join()}`),
      ['rest:provider:serverless-rest', 'websocket:provider:serverless-websocket'],
    );
  });

  it('reads provider.logs, provider.tracing, the usage plan and the caching plugin', () => {
    const rest = model.apis[0].stages[0];
    assert.deepEqual(rest.accessLogging.values, [{ state: 'off', when: [] }]);
    assert.equal(textOf(model, rest.accessLogging.entry?.key.range), 'restApi');
    assert.equal(textOf(model, rest.accessLogging.hostEntry?.key.range), 'logs');
    assert.deepEqual(rest.executionLogging?.values, [{ state: 'on', when: [] }]);
    assert.deepEqual(rest.tracing?.values, [{ state: 'absent', when: [] }]);
    assert.equal(textOf(model, rest.tracing?.hostEntry?.key.range), 'tracing');
    assert.deepEqual(model.apis[0].throttling, { isThrottled: true, by: 'usage-plan' });
    const plugin = rest.cache?.plugin;
    assert.equal(plugin?.isEnabled, true);
    assert.deepEqual(plugin?.dataEncrypted.value, false);
    assert.deepEqual(plugin?.endpoints.map((endpoint) => endpoint.label), ['GET / (function a)']);

    const socket = model.apis[1].stages[0];
    assert.deepEqual(socket.accessLogging.values, [{ state: 'off', when: [] }]);
    assert.equal(socket.tracing, undefined);
    assert.deepEqual(socket.executionLogging?.values, [{ state: 'off', when: [] }]);
  });
});
