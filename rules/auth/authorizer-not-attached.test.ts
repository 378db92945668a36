import rule from './authorizer-not-attached';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: an httpApi authorizer used by an event; a Cognito authorizer resource used by an http event',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      jwt:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer
        audience: [a]
functions:
  list:
    handler: h.list
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            name: jwt
      - http:
          path: orders
          method: post
          authorizer:
            type: COGNITO_USER_POOLS
            authorizerId: !Ref ApiGatewayAuthorizer
resources:
  Resources:
    ApiGatewayAuthorizer:
      Type: AWS::ApiGateway::Authorizer
      Properties:
        Name: cognito
        Type: COGNITO_USER_POOLS
        RestApiId: !Ref ApiGatewayRestApi
        IdentitySource: method.request.header.Authorization
        ProviderARNs: [!GetAtt Pool.Arn]
`,
    },
    {
      name: 'serverless: events in another file may use the authorizer',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      jwt:
        issuerUrl: https://issuer
        audience: [a]
functions: \${file(./functions.yml)}
`,
    },
    {
      name: 'SAM: authorizers used as DefaultAuthorizer and by an event; Globals authorizer used by the implicit API',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      Authorizers:
        GlobalAuth:
          FunctionArn: !GetAtt AuthFn.Arn
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
          Token:
            FunctionArn: !GetAtt AuthFn.Arn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Admin:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /admin
            Method: get
            Auth:
              Authorizer: Token
        Implicit:
          Type: Api
          Properties:
            Path: /x
            Method: get
            Auth:
              Authorizer: GlobalAuth
`,
    },
    {
      name: 'SAM: an event with an unresolvable authorizer may use any of them',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  AuthName:
    Type: String
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        Authorizers:
          Jwt:
            JwtConfiguration: { issuer: https://issuer, audience: [a] }
            IdentitySource: $request.header.Authorization
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Auth:
              Authorizer: !Ref AuthName
`,
    },
    {
      name: 'CloudFormation: authorizer used by a method, and one exported for another stack',
      path: 'template.yaml',
      code: `Resources:
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: TOKEN
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
  Exported:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref HttpApi
      AuthorizerType: JWT
      Name: jwt
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref Authorizer
      RestApiId: !Ref Api
      ResourceId: !Ref Res
Outputs:
  AuthorizerId:
    Value: !Ref Exported
    Export: { Name: shared-authorizer }
`,
    },
    {
      name: 'OpenAPI: a scheme used at the root',
      path: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        securityDefinitions:
          Token:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authorizer: { type: token, authorizerUri: x }
        security: [{ Token: [] }]
        paths:
          /a:
            get: {}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: an httpApi authorizer no event uses, and an authorizer resource nothing refers to',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      jwt:
#     ^^^ authorizer-not-attached:unusedAuthorizer
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer
        audience: [a]
functions:
  list:
    handler: h.list
    events:
      - httpApi: GET /orders
resources:
  Resources:
    CognitoAuthorizer:
#   ^^^^^^^^^^^^^^^^^ authorizer-not-attached:unusedAuthorizer
      Type: AWS::ApiGateway::Authorizer
      Properties:
        Name: cognito
        Type: COGNITO_USER_POOLS
        RestApiId: !Ref ApiGatewayRestApi
        ProviderARNs: [!GetAtt Pool.Arn]
`,
      errors: [{ messageId: 'unusedAuthorizer', data: { name: 'jwt' } }, { messageId: 'unusedAuthorizer', data: { name: 'CognitoAuthorizer' } }],
    },
    {
      name: 'SAM: an Auth.Authorizers entry that is neither the default nor used by an event',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        Authorizers:
          Cognito:
#         ^^^^^^^ authorizer-not-attached:unusedAuthorizer
            UserPoolArn: !GetAtt Pool.Arn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
`,
      errors: [{ messageId: 'unusedAuthorizer', data: { name: 'Cognito' } }],
    },
    {
      name: 'OpenAPI: a security scheme with an API Gateway authorizer that no operation uses (OpenAPI 3, JSON)',
      path: 'template.json',
      code: `{
  "Resources": {
    "HttpApi": {
      "Type": "AWS::ApiGatewayV2::Api",
      "Properties": {
        "Body": {
          "openapi": "3.0.1",
          "components": {
            "securitySchemes": {
              "jwt": {
//            ^^^^^ authorizer-not-attached:unusedAuthorizer
                "type": "oauth2",
                "x-amazon-apigateway-authorizer": { "type": "jwt", "jwtConfiguration": { "issuer": "https://issuer", "audience": ["a"] } }
              }
            }
          },
          "paths": { "/items": { "get": { "x-amazon-apigateway-integration": { "type": "aws_proxy", "uri": "x", "payloadFormatVersion": "2.0" } } } }
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'unusedAuthorizer', data: { name: 'jwt' } }],
    },
    {
      name: 'serverless: every httpApi route already has IAM or another authorizer: an unused one is info; an http route left open keeps the Cognito resource loud',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    authorizers:
      jwt:
#     ^^^ authorizer-not-attached:authorizerUnused
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer
        audience: [a]
      other:
        identitySource: $request.header.Authorization
        issuerUrl: https://issuer
        audience: [b]
functions:
  list:
    handler: h.list
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            type: aws_iam
      - httpApi:
          method: POST
          path: /orders
          authorizer:
            name: other
      - http: GET open
resources:
  Resources:
    CognitoAuthorizer:
#   ^^^^^^^^^^^^^^^^^ authorizer-not-attached:unusedAuthorizer
      Type: AWS::ApiGateway::Authorizer
      Properties:
        RestApiId: !Ref ApiGatewayRestApi
        Type: COGNITO_USER_POOLS
`,
      errors: [
        { messageId: 'authorizerUnused', data: { message: 'Every route of the HTTP API already has its own auth (IAM, JWT)' } },
        { messageId: 'unusedAuthorizer', data: { name: 'CognitoAuthorizer' } },
      ],
    },
    {
      name: "SAM: the API's routes all use IAM: an unused Cognito authorizer is info",
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        Authorizers:
          Cognito:
#         ^^^^^^^ authorizer-not-attached:authorizerUnused
            UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
            Auth:
              Authorizer: AWS_IAM
        Preflight:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: options
            Auth:
              Authorizer: NONE
`,
      errors: [{ messageId: 'authorizerUnused', data: { message: 'Every route of API Api already has its own auth (IAM)' } }],
    },
    {
      name: 'CloudFormation YAML: an authorizer resource on an API whose methods all use IAM is info; on an API with an open method it stays a warning',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Secured:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: secured }
  Open:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: open }
  SecuredAuthorizer:
# ^^^^^^^^^^^^^^^^^ authorizer-not-attached:authorizerUnused
    Type: AWS::ApiGateway::Authorizer
    Properties: { RestApiId: !Ref Secured, Type: TOKEN, IdentitySource: method.request.header.Authorization }
  OpenAuthorizer:
# ^^^^^^^^^^^^^^ authorizer-not-attached:unusedAuthorizer
    Type: AWS::ApiGateway::Authorizer
    Properties: { RestApiId: !Ref Open, Type: TOKEN, IdentitySource: method.request.header.Authorization }
  SecuredGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Secured, ResourceId: !GetAtt Secured.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM }
  OpenGet:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Open, ResourceId: !GetAtt Open.RootResourceId, HttpMethod: GET, AuthorizationType: NONE }
`,
      errors: [{ messageId: 'authorizerUnused', data: { name: 'SecuredAuthorizer' } }, { messageId: 'unusedAuthorizer', data: { name: 'OpenAuthorizer' } }],
    },
    {
      name: 'OpenAPI (CloudFormation JSON): a scheme no operation uses, on an API whose operations all use another one, is info',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGatewayV2::Api",
      "Properties": {
        "Body": {
          "openapi": "3.0.1",
          "components": {
            "securitySchemes": {
              "jwt": { "type": "oauth2", "x-amazon-apigateway-authorizer": { "type": "jwt", "jwtConfiguration": { "issuer": "https://issuer", "audience": ["a"] }, "identitySource": "$request.header.Authorization" } },
              "old": { "type": "oauth2", "x-amazon-apigateway-authorizer": { "type": "jwt", "jwtConfiguration": { "issuer": "https://old", "audience": ["a"] }, "identitySource": "$request.header.Authorization" } }
//            ^^^^^ authorizer-not-attached:authorizerUnused
            }
          },
          "paths": { "/items": { "get": { "security": [{ "jwt": [] }] } } }
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'authorizerUnused', data: { name: 'old' } }],
    },
  ],
});
