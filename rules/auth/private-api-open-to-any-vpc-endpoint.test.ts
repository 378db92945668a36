import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './private-api-open-to-any-vpc-endpoint';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: "CloudFormation: AWS's pattern (Allow * with a Deny unless aws:SourceVpce), an Allow tied to a VPC, an API without a policy, a regional API open to all",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DenyPattern:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: deny-pattern
      EndpointConfiguration: { Types: [PRIVATE] }
      Policy:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringNotEquals: { aws:SourceVpce: vpce-0123456789abcdef0 }
          - Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
  VpcTied:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: vpc-tied
      EndpointConfiguration: { Types: [PRIVATE] }
      Policy:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition: { StringEquals: { aws:SourceVpc: !Ref Vpc } }
  NoPolicy:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: answers-no-one
      EndpointConfiguration: { Types: [PRIVATE] }
  Regional:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: public
      EndpointConfiguration: { Types: [REGIONAL] }
      Policy:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
`,
    },
    {
      name: "SAM: IntrinsicVpceWhitelist makes SAM write the endpoint conditions; an organisation condition; an account principal",
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Listed:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: { Type: PRIVATE }
      Auth:
        ResourcePolicy:
          IntrinsicVpceWhitelist: [!Ref Endpoint]
          CustomStatements:
            - Effect: Allow
              Principal: '*'
              Action: execute-api:Invoke
              Resource: execute-api:/*
  Org:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: { Type: PRIVATE }
      Auth:
        ResourcePolicy:
          CustomStatements:
            Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition: { StringEquals: { aws:PrincipalOrgID: o-abc123 } }
  Account:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: { Type: PRIVATE }
      Auth:
        ResourcePolicy:
          AwsAccountWhitelist: ['111122223333']
`,
    },
    {
      name: 'serverless.yml: a private API whose policy names the endpoint',
      path: 'serverless.yml',
      code: `service: internal
provider:
  name: aws
  endpointType: PRIVATE
  vpcEndpointIds: [vpce-0123456789abcdef0]
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: ['execute-api:/*/*/*']
        Condition:
          StringEquals:
            aws:SourceVpce: vpce-0123456789abcdef0
functions:
  report:
    handler: h.report
    events:
      - http: { path: report, method: get }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a private API open to any endpoint with a route without auth, fixed with its own endpoint ids',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  InternalApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal
      EndpointConfiguration:
        Types: [PRIVATE]
        VpcEndpointIds: [vpce-0123456789abcdef0]
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow # every caller that comes through a VPC endpoint
            Principal: '*'
#                      ^^^ private-api-open-to-any-vpc-endpoint:openRoutes
            Action: execute-api:Invoke
            Resource: execute-api:/*
  Payroll:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref InternalApi
      ParentId: !GetAtt InternalApi.RootResourceId
      PathPart: payroll
  PayrollGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref InternalApi
      ResourceId: !Ref Payroll
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
`,
      errors: [{ messageId: 'openRoutes', data: { api: 'InternalApi', principal: "Principal '*'", routes: 'GET /payroll' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  InternalApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal
      EndpointConfiguration:
        Types: [PRIVATE]
        VpcEndpointIds: [vpce-0123456789abcdef0]
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow # every caller that comes through a VPC endpoint
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringEquals:
                "aws:SourceVpce":
                  - vpce-0123456789abcdef0
  Payroll:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref InternalApi
      ParentId: !GetAtt InternalApi.RootResourceId
      PathPart: payroll
  PayrollGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref InternalApi
      ResourceId: !Ref Payroll
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
`,
    },
    {
      name: 'SAM: CustomStatements open to every endpoint on an implicit private API, and a Deny that ties nothing to the network',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    EndpointConfiguration: { Type: PRIVATE }
    Auth:
      ResourcePolicy:
        CustomStatements:
          - Effect: Allow
            Principal: { AWS: '*' }
#                             ^^^ private-api-open-to-any-vpc-endpoint:openRoutes
            Action: execute-api:*
            Resource: execute-api:/*
          - Effect: Deny
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*/DELETE/*
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      Events:
        List:
          Type: Api
          Properties: { Path: /orders, Method: get }
`,
      errors: [{ messageId: 'openRoutes', data: { api: 'ServerlessRestApi', principal: "Principal { AWS: '*' }", routes: 'GET /orders' } }],
    },
    {
      name: "SAM: an explicit private API with an event's own ResourcePolicy, fixed with SAM's VPCEndpointIds",
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Internal:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration:
        Type: PRIVATE
        VPCEndpointIds: [!Ref ApiEndpoint]
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Internal
            Path: /report
            Method: get
            Auth:
              ResourcePolicy:
                CustomStatements:
                  - Effect: Allow
                    Principal: '*'
#                              ^^^ private-api-open-to-any-vpc-endpoint:openRoutes
                    Action: execute-api:Invoke
                    Resource: execute-api:/*
`,
      errors: [{ messageId: 'openRoutes', data: { api: 'Internal', routes: 'GET /report' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Internal:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration:
        Type: PRIVATE
        VPCEndpointIds: [!Ref ApiEndpoint]
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Internal
            Path: /report
            Method: get
            Auth:
              ResourcePolicy:
                CustomStatements:
                  - Effect: Allow
                    Principal: '*'
                    Action: execute-api:Invoke
                    Resource: execute-api:/*
                    Condition:
                      StringEquals:
                        "aws:SourceVpce": [!Ref ApiEndpoint]
`,
    },
    {
      name: 'CloudFormation JSON: a private API whose routes all use IAM auth is a warning, with the policy as JSON text',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Name": "internal",
        "EndpointConfiguration": { "Types": ["PRIVATE"] },
        "Policy": "{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"execute-api:/*\\"}]}"
//                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ private-api-open-to-any-vpc-endpoint:authenticatedRoutes
      }
    },
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "HttpMethod": "GET",
        "AuthorizationType": "AWS_IAM"
      }
    }
  }
}
`,
      errors: [{ messageId: 'authenticatedRoutes', data: { api: 'Api' } }],
    },
    {
      name: 'serverless.yml: provider.apiGateway.resourcePolicy open to every endpoint, fixed with provider.vpcEndpointIds',
      path: 'serverless.yml',
      code: `service: internal
provider:
  name: aws
  endpointType: PRIVATE
  vpcEndpointIds:
    - vpce-0123456789abcdef0
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
#                  ^^^ private-api-open-to-any-vpc-endpoint:openRoutes
        Action: execute-api:Invoke
        Resource: ['execute-api:/*/*/*']
functions:
  report:
    handler: h.report
    events:
      - http: { path: report, method: get }
`,
      errors: [{ messageId: 'openRoutes', data: { api: 'of this service', routes: 'GET /report' } }],
      output: `service: internal
provider:
  name: aws
  endpointType: PRIVATE
  vpcEndpointIds:
    - vpce-0123456789abcdef0
  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: ['execute-api:/*/*/*']
        Condition:
          StringEquals:
            "aws:SourceVpce":
              - vpce-0123456789abcdef0
functions:
  report:
    handler: h.report
    events:
      - http: { path: report, method: get }
`,
    },
  ],
});

describe('private-api-open-to-any-vpc-endpoint', () => {
  it('judges a policy that cannot be read as restricted, and is silent for route-missing-auth on private APIs only through this rule', () => {
    const text = `Parameters:
  ApiPolicy: { Type: String }
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: { Types: [PRIVATE] }
      Policy: !Ref ApiPolicy
`;
    const result = analyze({ path: 'template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings, []);
  });
});
