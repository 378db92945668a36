import rule from './http-api-route-unvalidated-input';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: httpApi POST with a JWT authorizer, with IAM, and a public GET',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      jwt:
        identitySource: $request.header.Authorization
        issuerUrl: https://cognito-idp.us-east-1.amazonaws.com/pool
        audience: [abc]
functions:
  create:
    handler: h.create
    events:
      - httpApi:
          method: POST
          path: /orders
          authorizer:
            name: jwt
      - httpApi:
          method: PUT
          path: /orders/{id}
          authorizer:
            type: aws_iam
      - httpApi: GET /orders
      - httpApi: '*'
`,
    },
    {
      name: 'SAM: HttpApi with a default Lambda authorizer, and an API with an OpenAPI definition',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: LambdaAuth
        Authorizers:
          LambdaAuth:
            FunctionArn: !GetAtt AuthFn.Arn
  Defined:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionUri: ./openapi.yaml
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Create:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /orders
            Method: post
        Other:
          Type: HttpApi
          Properties:
            ApiId: !Ref Defined
            Path: /other
            Method: post
`,
    },
    {
      name: 'CloudFormation: a JWT route and a WebSocket route',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: orders
      ProtocolType: HTTP
  Socket:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  CreateRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: POST /orders
      AuthorizationType: JWT
      AuthorizerId: !Ref JwtAuthorizer
  SendRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Socket
      RouteKey: sendmessage
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: httpApi shorthand and long form without an authorizer',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - httpApi: 'POST /orders'
#       ^^^^^^^ http-api-route-unvalidated-input:unvalidatedBody
      - httpApi:
#       ^^^^^^^ http-api-route-unvalidated-input:unvalidatedBody
          method: patch
          path: /orders/{id}
`,
      errors: [
        { messageId: 'unvalidatedBody', data: { method: 'POST', path: '/orders' } },
        { messageId: 'unvalidatedBody', data: { method: 'PATCH', path: '/orders/{id}' } },
      ],
    },
    {
      name: 'SAM: implicit HTTP API event without auth',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Create:
#       ^^^^^^ http-api-route-unvalidated-input:unvalidatedBody
          Type: HttpApi
          Properties:
            Path: /orders
            Method: post
`,
      errors: [{ messageId: 'unvalidatedBody', data: { method: 'POST', path: '/orders' } }],
    },
    {
      name: 'CloudFormation JSON: a PUT route with AuthorizationType NONE',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Api": { "Type": "AWS::ApiGatewayV2::Api", "Properties": { "Name": "orders", "ProtocolType": "HTTP" } },
    "PutRoute": {
//  ^^^^^^^^^^ http-api-route-unvalidated-input:unvalidatedBody
      "Type": "AWS::ApiGatewayV2::Route",
      "Properties": { "ApiId": { "Ref": "Api" }, "RouteKey": "PUT /orders/{id}", "AuthorizationType": "NONE" }
    }
  }
}
`,
      errors: [{ messageId: 'unvalidatedBody', data: { method: 'PUT', path: '/orders/{id}' } }],
    },
  ],
});
