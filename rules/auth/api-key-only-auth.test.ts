import rule from './api-key-only-auth';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: an API key together with an authorizer; a route with neither is route-missing-auth\'s',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http:
          path: orders
          method: get
          private: true
          authorizer: aws_iam
      - http:
          path: orders
          method: post
`,
    },
    {
      name: 'CloudFormation: API key with Cognito; OPTIONS with an API key',
      path: 'template.yaml',
      code: `Resources:
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
      ApiKeyRequired: true
      RestApiId: !Ref Api
      ResourceId: !Ref Res
  Options:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      ApiKeyRequired: true
      RestApiId: !Ref Api
      ResourceId: !Ref Res
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: private: true without an authorizer',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  apiGateway:
    apiKeys: [partner]
functions:
  list:
    handler: h.list
    events:
      - http:
#       ^^^^ api-key-only-auth:apiKeyOnly
          path: orders
          method: get
          private: true
`,
      errors: [{ messageId: 'apiKeyOnly', data: { method: 'GET', path: '/orders' } }],
      output: `service: orders
provider:
  name: aws
  apiGateway:
    apiKeys: [partner]
functions:
  list:
    handler: h.list
    events:
      - http:
          path: orders
          method: get
          private: true
          authorizer: aws_iam
`,
    },
    {
      name: 'SAM: ApiKeyRequired on the event, and on the API by default',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Implicit:
#       ^^^^^^^^ api-key-only-auth:apiKeyOnly
          Type: Api
          Properties:
            Path: /a
            Method: get
            Auth:
              ApiKeyRequired: true
        Explicit:
#       ^^^^^^^^ api-key-only-auth:apiKeyOnly
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /b
            Method: post
`,
      errors: [{ messageId: 'apiKeyOnly', data: { path: '/a' } }, { messageId: 'apiKeyOnly', data: { path: '/b' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Implicit:
          Type: Api
          Properties:
            Path: /a
            Method: get
            Auth:
              ApiKeyRequired: true
              Authorizer: AWS_IAM
        Explicit:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /b
            Method: post
`,
    },
    {
      name: 'CloudFormation JSON: AuthorizationType NONE with ApiKeyRequired (Checkov CKV_AWS_59 passes it)',
      path: 'template.json',
      code: `{
  "Resources": {
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "GET",
        "AuthorizationType": "NONE",
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-key-only-auth:apiKeyOnly
        "ApiKeyRequired": true,
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Ref": "Res" }
      }
    }
  }
}`,
      errors: [{ messageId: 'apiKeyOnly' }],
      output: `{
  "Resources": {
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "HttpMethod": "GET",
        "AuthorizationType": "AWS_IAM",
        "ApiKeyRequired": true,
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Ref": "Res" }
      }
    }
  }
}`,
    },
    {
      name: 'OpenAPI: an operation whose only security is the x-api-key scheme',
      path: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        securityDefinitions:
          api_key:
            type: apiKey
            name: x-api-key
            in: header
        paths:
          /reports:
            get:
#           ^^^ api-key-only-auth:apiKeyOnly
              security:
                - api_key: []
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: x }
`,
      errors: [{ messageId: 'apiKeyOnly', data: { method: 'GET', path: '/reports' } }],
    },
    {
      name: 'CloudFormation: ApiKeyRequired in Fn::If (the branch without a key is route-missing-auth\'s), and AuthorizationType in Fn::If with a key',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
#     ^^^^^^^^^^^^^^^^^^^^^^^ api-key-only-auth
      ApiKeyRequired: !If [IsDev, false, true]
  Put:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      AuthorizationType: !If [IsDev, AWS_IAM, NONE]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-key-only-auth
      ApiKeyRequired: true
`,
      errors: [
        { messageId: 'apiKeyOnly', data: { message: 'GET / requires only an API key when condition IsDev is false:' } },
        { messageId: 'apiKeyOnly', data: { message: 'PUT / requires only an API key when condition IsDev is false:' } },
      ],
    },
    {
      name: 'SAM: an event ApiKeyRequired in Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
#       ^^^ api-key-only-auth
          Type: Api
          Properties:
            Path: /x
            Method: get
            Auth:
              ApiKeyRequired: !If [IsDev, true, false]
`,
      errors: [{ messageId: 'apiKeyOnly', data: { message: 'GET /x requires only an API key when condition IsDev is true:' } }],
    },
    {
      name: 'CloudFormation JSON: ApiKeyRequired in Fn::If',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "Env": { "Type": "String" } },
  "Conditions": { "IsDev": { "Fn::Equals": [{ "Ref": "Env" }, "dev"] } },
  "Resources": {
    "Api": { "Type": "AWS::ApiGateway::RestApi", "Properties": { "Name": "orders" } },
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "HttpMethod": "GET",
        "AuthorizationType": "NONE",
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-key-only-auth
        "ApiKeyRequired": { "Fn::If": ["IsDev", true, false] }
      }
    }
  }
}`,
      errors: [{ messageId: 'apiKeyOnly', data: { message: 'GET / requires only an API key when condition IsDev is true:' } }],
    },
  ],
});
