import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './api-tracing-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: traced stages, HTTP API stages, a Deployment without StageName, an unknown flag',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Trace:
    Type: String
Resources:
  Enabled:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: true
  FromParameter:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: !Ref Trace
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: MyRestApi
  Http:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
`,
    },
    {
      name: 'SAM: Globals.Api traces the explicit and the implicit API; HttpApi is never reported',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    TracingEnabled: true
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Http:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: get }
`,
    },
    {
      name: 'serverless: apiGateway tracing on; httpApi only',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  tracing:
    apiGateway: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
    },
    {
      name: 'serverless: only HTTP API events',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  a:
    handler: a.h
    events:
      - httpApi: GET /
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: Checkov fixtures Disabled and Default, a Deployment, and an Fn::If',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Disabled:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: false
#     ^^^^^^^^^^^^^^^^^^^^^ api-tracing-disabled:stageNotTraced
  Default:
# ^^^^^^^ api-tracing-disabled:stageNotTraced
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
  Deployment:
# ^^^^^^^^^^ api-tracing-disabled:stageNotTraced
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: MyRestApi
      StageName: prod
  Conditional:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: !If [IsProd, true, false]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-tracing-disabled:stageNotTraced
`,
      errors: [
        { messageId: 'stageNotTraced', data: { api: 'REST API stage Disabled' } },
        { messageId: 'stageNotTraced', data: { api: 'REST API stage Default' } },
        { messageId: 'stageNotTraced', data: { setting: 'StageDescription.TracingEnabled' } },
        { messageId: 'stageNotTraced', data: { when: 'when condition IsProd is false' } },
      ],
      fixIndex: 1,
      output: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Disabled:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: false
  Default:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: true
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: MyRestApi
      StageName: prod
  Conditional:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: MyRestApi
      TracingEnabled: !If [IsProd, true, false]
`,
    },
    {
      name: 'SAM: explicit APIs and the implicit one',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
# ^^^^^^^ api-tracing-disabled:stageNotTraced
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Disabled:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      TracingEnabled: false
#     ^^^^^^^^^^^^^^^^^^^^^ api-tracing-disabled:stageNotTraced
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
#       ^^^ api-tracing-disabled:stageNotTraced
          Type: Api
          Properties: { Path: /, Method: get }
`,
      errors: [
        { messageId: 'stageNotTraced', data: { api: 'SAM API Default' } },
        { messageId: 'stageNotTraced', data: { api: 'SAM API Disabled' } },
        { messageId: 'stageNotTraced', data: { api: 'implicit SAM API (ServerlessRestApi)' } },
      ],
      fixIndex: 1,
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Disabled:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      TracingEnabled: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { Path: /, Method: get }
`,
    },
    {
      name: 'serverless: no provider.tracing: on provider, not on the route',
      path: 'serverless.yml',
      code: `service: orders
provider:
#^^^^^^^ api-tracing-disabled:stageNotTraced
  name: aws
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
      // No fix: without a `provider.tracing` map the rule offers none (unchanged by moving the finding).
      errors: [{ messageId: 'stageNotTraced', data: { setting: 'provider.tracing.apiGateway' } }],
    },
    {
      name: 'serverless: http events without provider.tracing.apiGateway',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  tracing:
# ^^^^^^^ api-tracing-disabled:stageNotTraced
    lambda: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
      errors: [{ messageId: 'stageNotTraced', data: { setting: 'provider.tracing.apiGateway' } }],
      output: `service: orders
provider:
  name: aws
  tracing:
    lambda: true
    apiGateway: true
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Prod": {
//  ^^^^^^ api-tracing-disabled
      "Type": "AWS::ApiGateway::Stage",
      "Properties": { "RestApiId": { "Ref": "Api" }, "StageName": "prod" }
    }
  }
}
`,
      errors: [{ messageId: 'stageNotTraced' }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Prod": {
      "Type": "AWS::ApiGateway::Stage",
      "Properties": { "RestApiId": { "Ref": "Api" }, "StageName": "prod", "TracingEnabled": true }
    }
  }
}
`,
    },
  ],
});

describe('api-tracing-disabled: equivalents per finding', () => {
  it("names CKV_AWS_73 and cdk-nag's check on a Stage, CKV_AWS_73 on a SAM Api, neither on a Deployment's stage", () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: prod, DeploymentId: !Ref Deploy }
  Deploy:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: dev }
  Sam:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]).sort(), [
      ['Deploy', []],
      ['Prod', ['CKV_AWS_73', 'Serverless-APIGWXrayEnabled', 'KICS:4ab10c48-bedb-4deb-8f3b-ff12783b61de']],
      ['Sam', ['CKV_AWS_73']],
    ]);
  });

  it("names KICS's stage query where TracingEnabled is absent or written false, not where an intrinsic holds it", () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Trace: { Type: String, Default: 'false' }
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Absent:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: a, DeploymentId: d }
  Off:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: b, DeploymentId: d, TracingEnabled: false }
  QuotedOff:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: c, DeploymentId: d, TracingEnabled: 'false' }
  Conditional:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: e, DeploymentId: d, TracingEnabled: !If [IsProd, true, false] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    const kics = 'KICS:4ab10c48-bedb-4deb-8f3b-ff12783b61de';
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents.includes(kics)]).sort(), [
      ['Absent', true],
      ['Conditional', false],
      ['Off', true],
      ['QuotedOff', true],
    ]);
  });

  it("names KICS's Serverless query only where provider.tracing is written without apiGateway: true", () => {
    const service = (tracing: string) => `service: orders
provider:
  name: aws
${tracing}functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
`;
    const equivalentsOf = (tracing: string) => {
      const result = analyze({ path: '/app/serverless.yml', text: service(tracing), rules: [rule], strict: true });
      assert.deepEqual(result.internalErrors, []);
      return result.findings.map((finding) => [finding.resource, finding.equivalents]);
    };
    const kics = 'KICS:434945e5-4dfd-41b1-aba1-47075ccd9265';
    // KICS reads nothing when provider.tracing is absent, though X-Ray is off by default.
    assert.deepEqual(equivalentsOf(''), [['provider.tracing.apiGateway', []]]);
    assert.deepEqual(equivalentsOf('  tracing:\n    lambda: true\n'), [['provider.tracing.apiGateway', [kics]]]);
    assert.deepEqual(equivalentsOf('  tracing:\n    apiGateway: false\n'), [['provider.tracing.apiGateway', [kics]]]);
    assert.deepEqual(equivalentsOf('  tracing:\n    apiGateway: true\n'), []);
  });
});
