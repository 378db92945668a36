import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './api-stage-missing-throttling';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: a usage plan with throttle, and the serverless-api-gateway-throttling plugin for httpApi',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  apiGateway:
    usagePlan:
      throttle:
        burstLimit: 200
        rateLimit: 100
custom:
  apiGatewayThrottling:
    maxRequestsPerSecond: 100
    maxConcurrentRequests: 50
functions:
  create:
    handler: h.create
    events:
      - http: POST orders
      - httpApi: GET /orders
`,
    },
    {
      name: 'serverless: httpApi stage throttled through resources.extensions; REST API of another service',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  apiGateway:
    restApiId: abc123
    restApiRootResourceId: def456
functions:
  create:
    handler: h.create
    events:
      - http: POST orders
      - httpApi: GET /orders
resources:
  extensions:
    HttpApiStage:
      Properties:
        DefaultRouteSettings:
          ThrottlingBurstLimit: 100
          ThrottlingRateLimit: 50
`,
    },
    {
      name: 'serverless: the usage plan through a variable, resolved and unresolved',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  apiGateway:
    usagePlan: \${self:custom.plans.\${sls:stage}}
custom:
  plans:
    dev:
      throttle: { burstLimit: 10, rateLimit: 5 }
functions:
  create:
    handler: h.create
    events:
      - http: POST orders
`,
    },
    {
      name: 'SAM: MethodSettings on an Api, Auth.UsagePlan with Throttle, DefaultRouteSettings in Globals for HTTP APIs',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    DefaultRouteSettings:
      ThrottlingBurstLimit: 100
      ThrottlingRateLimit: 50
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          ThrottlingBurstLimit: 100
          ThrottlingRateLimit: 50
  KeyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
        UsagePlan:
          CreateUsagePlan: PER_API
          Throttle:
            BurstLimit: 100
            RateLimit: 50
  Http:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Implicit:
          Type: HttpApi
          Properties:
            Path: /x
            Method: get
`,
    },
    {
      name: 'CloudFormation: a throttled stage, a throttling usage plan, a rate-based WAF, a quick-create API with overrides, an API deployed elsewhere',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  StageApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: a }
  StageApiStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref StageApi
      DeploymentId: !Ref StageApiDeployment
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          ThrottlingRateLimit: 100
          ThrottlingBurstLimit: 50
  PlanApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: b }
  PlanApiDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref PlanApi
      StageName: prod
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref PlanApi
          Stage: prod
      Throttle: { BurstLimit: 50, RateLimit: 100 }
  WafApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: c }
  WafApiDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref WafApi
      StageName: prod
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Scope: REGIONAL
      DefaultAction: { Allow: {} }
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl }
      Rules:
        - Name: rate
          Priority: 0
          Action: { Block: {} }
          Statement:
            RateBasedStatement: { Limit: 1000, AggregateKeyType: IP }
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: rate }
  AclAssociation:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:\${AWS::Region}::/restapis/\${WafApi}/stages/prod
      WebACLArn: !GetAtt Acl.Arn
  QuickApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: quick
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
  QuickOverrides:
    Type: AWS::ApiGatewayV2::ApiGatewayManagedOverrides
    Properties:
      ApiId: !Ref QuickApi
      Stage:
        DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 }
  ElsewhereApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: elsewhere
      ProtocolType: HTTP
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: REST and HTTP APIs without throttling; a usage plan with only a quota',
      path: 'serverless.yml',
      code: `service: orders
provider:
#^^^^^^^ api-stage-missing-throttling:missingThrottling
#^^^^^^^ api-stage-missing-throttling:serverlessHttpApiMissingThrottling
  name: aws
  apiGateway:
    usagePlan:
      quota:
        limit: 5000
        period: MONTH
functions:
  create:
    handler: h.create
    events:
      - http: POST orders
      - http: GET orders
      - httpApi: GET /orders
`,
      errors: [{ messageId: 'missingThrottling', data: { api: 'The REST API of this service' } }, { messageId: 'serverlessHttpApiMissingThrottling' }],
    },
    {
      name: 'SAM: an Api without throttling, and the implicit REST API (reported on its first event)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
# ^^^ api-stage-missing-throttling:missingThrottling
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        UsagePlan:
          CreateUsagePlan: NONE
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Explicit:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /a
            Method: get
        Implicit:
#       ^^^^^^^^ api-stage-missing-throttling:missingThrottling
          Type: Api
          Properties:
            Path: /b
            Method: get
`,
      errors: [
        { messageId: 'missingThrottling', data: { api: 'REST API Api' } },
        { messageId: 'missingThrottling', data: { api: 'The implicit REST API (ServerlessRestApi)' } },
      ],
    },
    {
      name: 'CloudFormation: a REST API whose usage plan has no Throttle, and a WebSocket stage without route settings',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
# ^^^ api-stage-missing-throttling:missingThrottling
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: a }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      StageDescription:
        MetricsEnabled: true
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: prod
  Socket:
# ^^^^^^ api-stage-missing-throttling:missingThrottling
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  SocketStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Socket
      StageName: prod
      DefaultRouteSettings:
        DataTraceEnabled: false
`,
      errors: [
        { messageId: 'missingThrottling', data: { api: 'REST API Api' } },
        { messageId: 'missingThrottling', data: { api: 'WebSocket API Socket' } },
      ],
    },
    {
      name: 'CloudFormation JSON: an HTTP API stage without DefaultRouteSettings',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "HttpApi": {
//  ^^^^^^^^^ api-stage-missing-throttling:missingThrottling
      "Type": "AWS::ApiGatewayV2::Api",
      "Properties": { "Name": "orders", "ProtocolType": "HTTP" }
    },
    "Stage": {
      "Type": "AWS::ApiGatewayV2::Stage",
      "Properties": { "ApiId": { "Ref": "HttpApi" }, "StageName": "$default", "AutoDeploy": true }
    }
  }
}
`,
      errors: [{ messageId: 'missingThrottling', data: { api: 'HTTP API HttpApi' } }],
    },
  ],
});

describe('api-stage-missing-throttling: equivalents per finding', () => {
  it("names KICS's stage query on a REST API that no usage plan names, not on one whose plan sets no Throttle, nor on an HTTP API", () => {
    const text = `Resources:
  Open:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: open }
  OpenStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Open, StageName: prod, DeploymentId: dep-1 }
  Planned:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: planned }
  PlannedStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Planned, StageName: prod, DeploymentId: dep-2 }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: { ApiStages: [{ ApiId: !Ref Planned, Stage: prod }] }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: http, ProtocolType: HTTP }
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: prod }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]), [
      ['Open', ['KICS:7f8f1b60-43df-4c28-aa21-fb836dbd8071']],
      ['Planned', []],
      ['Http', []],
    ]);
  });
});
