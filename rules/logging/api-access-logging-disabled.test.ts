import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './api-access-logging-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: REST, HTTP and WebSocket stages with access logs; a Deployment without StageName',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      DeploymentId: !Ref Deployment
      AccessLogSetting:
        DestinationArn: !GetAtt AccessLogs.Arn
  Enabled:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      StageName: Prod
      ApiId: CFNWebSocket
      AccessLogSettings:
        DestinationArn: 'arn:aws:logs:us-east-1:123456789:log-group:my-log-group'
`,
    },
    {
      name: 'SAM: explicit APIs with their own settings, and the implicit APIs configured in Globals',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    AccessLogSetting:
      DestinationArn: !GetAtt AccessLogs.Arn
  HttpApi:
    AccessLogSettings:
      DestinationArn: !GetAtt AccessLogs.Arn
Resources:
  Enabled:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
      AccessLogSettings:
        DestinationArn: 'arn:aws:logs:us-east-1:123456789:log-group:my-log-group'
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: get }
        Post:
          Type: HttpApi
          Properties: { Path: /, Method: post }
`,
    },
    {
      name: 'serverless: logs on for every API kind, and a shared REST API',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
    restApi: true
    httpApi: true
    websocket:
      level: ERROR
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - httpApi: POST /
      - websocket: $connect
`,
    },
    {
      name: 'serverless: no API events, an unresolved setting, and a shared REST API',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  apiGateway:
    restApiId: xyz123
  logs:
    httpApi: \${env:HTTP_LOGS}
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - httpApi: POST /
      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a REST stage, a Deployment with StageName, a WebSocket stage, and an Fn::If',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Default:
# ^^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      TracingEnabled: true
  Deployment:
# ^^^^^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
  Socket:
# ^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      StageName: Prod
      ApiId: CFNWebSocket
      DefaultRouteSettings:
        LoggingLevel: INFO
  Conditional:
# ^^^^^^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      AccessLogSetting: !If [IsProd, { DestinationArn: !GetAtt Logs.Arn }, !Ref 'AWS::NoValue']
`,
      errors: [
        { messageId: 'stageWithoutAccessLogs', data: { api: 'REST API stage Default', setting: 'AccessLogSetting' } },
        { messageId: 'stageWithoutAccessLogs', data: { setting: 'StageDescription.AccessLogSetting' } },
        { messageId: 'stageWithoutAccessLogs', data: { api: 'API stage Socket', setting: 'AccessLogSettings' } },
        { messageId: 'stageWithoutAccessLogs', data: { when: 'when condition IsProd is false' } },
      ],
    },
    {
      name: 'SAM: explicit HttpApi and Api without logs, and the implicit REST API',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
# ^^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
  Rest:
# ^^^^ api-access-logging-disabled:stageWithoutAccessLogs
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
#       ^^^ api-access-logging-disabled:stageWithoutAccessLogs
          Type: Api
          Properties: { Path: /, Method: get }
        Other:
          Type: Api
          Properties: { Path: /other, Method: get }
`,
      errors: [
        { messageId: 'stageWithoutAccessLogs', data: { api: 'SAM HTTP API Default' } },
        { messageId: 'stageWithoutAccessLogs', data: { api: 'SAM API Rest' } },
        { messageId: 'stageWithoutAccessLogs', data: { api: 'implicit SAM API (ServerlessRestApi)', setting: 'Globals.Api.AccessLogSetting' } },
      ],
    },
    {
      name: 'serverless: http and websocket events without logs; restApi with accessLogging off',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
# ^^^^ api-access-logging-disabled:serverlessWithoutAccessLogs
# ^^^^ api-access-logging-disabled:serverlessWithoutAccessLogs
    restApi:
      accessLogging: false
      executionLogging: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - websocket: $default
`,
      errors: [
        { messageId: 'serverlessWithoutAccessLogs', data: { api: 'REST API', key: 'restApi' } },
        { messageId: 'serverlessWithoutAccessLogs', data: { api: 'WebSocket API', key: 'websocket' } },
      ],
      output: `service: orders
provider:
  name: aws
  logs:
    restApi:
      accessLogging: true
      executionLogging: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - websocket: $default
`,
    },
    {
      name: 'serverless: no logs at all; the fix adds provider.logs',
      path: 'serverless.yml',
      code: `service: orders
provider:
#^^^^^^^ api-access-logging-disabled:serverlessWithoutAccessLogs
  name: aws
  runtime: nodejs20.x
functions:
  a:
    handler: a.h
    events:
      - httpApi: GET /
`,
      errors: [{ messageId: 'serverlessWithoutAccessLogs', data: { api: 'HTTP API', key: 'httpApi' } }],
      output: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  logs:
    httpApi: true
functions:
  a:
    handler: a.h
    events:
      - httpApi: GET /
`,
    },
    {
      name: 'serverless: a logs map without restApi gets one without full data',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
# ^^^^ api-access-logging-disabled:serverlessWithoutAccessLogs
    frameworkLambda: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
      errors: [{ messageId: 'serverlessWithoutAccessLogs', data: { key: 'restApi' } }],
      output: `service: orders
provider:
  name: aws
  logs:
    frameworkLambda: true
    restApi:
      fullExecutionData: false
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
    },
    {
      name: 'CloudFormation JSON: an HTTP API stage',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Stage": {
//  ^^^^^^^ api-access-logging-disabled:stageWithoutAccessLogs
      "Type": "AWS::ApiGatewayV2::Stage",
      "Properties": { "ApiId": { "Ref": "Api" }, "StageName": "$default", "AutoDeploy": true }
    }
  }
}
`,
      errors: [{ messageId: 'stageWithoutAccessLogs' }],
    },
  ],
});

describe('api-access-logging-disabled: equivalents per finding', () => {
  it('names the checks of each kind of stage', () => {
    const text = `Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  RestStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: prod, DeploymentId: !Ref Deploy }
  Deploy:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: dev }
  LoneDeploy:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: test }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders-http, ProtocolType: HTTP }
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: prod }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]).sort(),
      [
        // cfn_nag's W45 passes a Deployment without StageDescription that a Stage names by DeploymentId.
        ['Deploy', []],
        ['HttpStage', ['AwsSolutions-APIG1', 'CKV_AWS_95', 'KICS:80d45af4-4920-4236-a56e-b7ef419d1941', 'W46']],
        ['LoneDeploy', ['W45']],
        ['RestStage', ['AwsSolutions-APIG1', 'CKV_AWS_76', 'KICS:80d45af4-4920-4236-a56e-b7ef419d1941', 'W69']],
      ],
    );
  });

  it('names no check on Serverless APIs, whose settings no other tool reads', () => {
    const text = `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
      - httpApi: { path: /orders, method: get }
`;
    const result = analyze({ path: '/app/serverless.yml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents]).sort(),
      [
        ['provider.logs.httpApi', []],
        ['provider.logs.restApi', []],
      ],
    );
  });

  it("names KICS's Serverless query only on provider.logs.restApi.accessLogging: false, not on an absent setting", () => {
    const service = (logs: string) => `service: orders
provider:
  name: aws
${logs}functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
`;
    const equivalentsOf = (logs: string) => {
      const result = analyze({ path: '/app/serverless.yml', text: service(logs), rules: [rule], strict: true });
      assert.deepEqual(result.internalErrors, []);
      return result.findings.map((finding) => [finding.resource, finding.equivalents]);
    };
    assert.deepEqual(equivalentsOf('  logs:\n    restApi:\n      accessLogging: false\n'), [['provider.logs.restApi', ['KICS:a4d32883-aac7-42e1-b403-9415af0f3846']]]);
    assert.deepEqual(equivalentsOf('  logs:\n    restApi: false\n'), [['provider.logs.restApi', []]]);
    assert.deepEqual(equivalentsOf(''), [['provider.logs.restApi', []]]);
  });
});

describe("api-access-logging-disabled: KICS's API Gateway Stage Access Logging Settings Not Defined", () => {
  it('is named on Stage resources with neither AccessLogSettings nor DefaultRouteSettings written (the V2 key, on REST stages too)', () => {
    const KICS = 'KICS:80d45af4-4920-4236-a56e-b7ef419d1941';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Rest:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
  RestInProd:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: test
      AccessLogSetting: !If [IsProd, { DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:a }, !Ref AWS::NoValue]
  Http:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: http
      StageName: $default
  Throttled:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: http
      StageName: throttled
      DefaultRouteSettings:
        ThrottlingBurstLimit: 10
  HttpInProd:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: http
      StageName: maybe
      AccessLogSettings: !If [IsProd, { DestinationArn: arn:aws:logs:us-east-1:123456789012:log-group:a, Format: $context.requestId }, !Ref AWS::NoValue]
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]).sort(),
      [
        ['Http', true],
        ['HttpInProd', false],
        ['Rest', true],
        ['RestInProd', true],
        ['Throttled', false],
      ],
    );
  });
});
