import rule from './cors-wildcard-origin';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: cors: true on a public route adds nothing; a listed origin on an authenticated route',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http:
          path: status
          method: get
          cors: true
      - http:
          path: orders
          method: get
          authorizer: aws_iam
          cors:
            origin: https://app.example.com
`,
    },
    {
      name: 'SAM: a listed origin on a Cognito API; wildcard on an API whose routes are all public',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://app.example.com'"
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
  PublicApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /orders, Method: get }
        Status:
          Type: Api
          Properties: { RestApiId: !Ref PublicApi, Path: /status, Method: get }
`,
    },
    {
      name: 'CloudFormation: function URL with a listed origin (Checkov ValidLambdaUrl), and with NONE auth',
      path: 'template.yaml',
      code: `Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: AWS_IAM
      Cors:
        AllowOrigins: [https://example.com]
        AllowMethods: ['*']
  PublicUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: NONE
      Cors:
        AllowOrigins: ['*']
`,
    },
    {
      name: 'CloudFormation: a hand-made CORS preflight with * on a REST API whose methods are public',
      path: 'template.yaml',
      code: `Resources:
  Options:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: GET
      AuthorizationType: NONE
`,
    },
    {
      name: 'serverless: provider.httpApi.cors true with a JWT authorizer; function URL with cors true and aws_iam (header auth, no credentials: a website can call them only with a token it already holds)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  httpApi:
    cors: true
    authorizers:
      jwt:
        issuerUrl: https://issuer
        audience: [a]
functions:
  list:
    handler: h.list
    url:
      authorizer: aws_iam
      cors: true
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            name: jwt
`,
    },
    {
      name: 'SAM: Globals Api Cors on the implicit API with AWS_IAM by default; HttpApi CorsConfiguration true with IAM (header auth, no credentials)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Cors:
      AllowOrigin: "'*'"
      AllowHeaders: "'Content-Type,Authorization'"
    Auth:
      DefaultAuthorizer: AWS_IAM
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Get:
          Type: Api
          Properties: { Path: /orders, Method: get }
        Post:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /orders
            Method: post
            Auth:
              Authorizer: AWS_IAM
`,
    },
    {
      name: 'CloudFormation: a hand-made CORS preflight with * on a REST API with a Cognito method; OpenAPI mock OPTIONS with * and an IAM operation (header auth, no credentials)',
      path: 'template.yaml',
      code: `Resources:
  Options:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Res
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
      AuthorizerId: !Ref Authorizer
  BodyApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        securityDefinitions:
          sigv4: { type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4 }
        paths:
          /items:
            get:
              security: [{ sigv4: [] }]
            options:
              x-amazon-apigateway-integration:
                type: mock
                responses:
                  default:
                    statusCode: '200'
                    responseParameters:
                      method.response.header.Access-Control-Allow-Origin: "'*'"
`,
    },
    {
      name: 'CloudFormation: x-amazon-apigateway-cors in an ApiGatewayV2 Body whose route has a JWT authorizer (header auth, no credentials)',
      path: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: 3.0.1
        x-amazon-apigateway-cors:
          allowOrigins: ['*']
        paths:
          /orders:
            get:
              security: [{ jwt: [] }]
        components:
          securitySchemes:
            jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                identitySource: $request.header.Authorization
                jwtConfiguration: { audience: [a], issuer: https://issuer.example.com }
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: cors: true on a route with a Lambda authorizer (its identity source may be a cookie), and origin * with credentials',
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
          authorizer: checkSession
          cors: true
#         ^^^^ cors-wildcard-origin:wildcardOnAuthenticated
      - http:
          path: status
          method: get
          cors:
#         ^^^^ cors-wildcard-origin:wildcardWithCredentials
            origin: '*'
            allowCredentials: true
  checkSession:
    handler: h.authorize
`,
      errors: [{ messageId: 'wildcardOnAuthenticated', data: { target: 'GET /orders' } }, { messageId: 'wildcardWithCredentials' }],
    },
    {
      name: 'CloudFormation: Checkov LambdaOpenCorsPolicy shapes (function URL, origin *), reported on the function when its AuthType is unknown; silent with AWS_IAM (a signature, no credentials)',
      path: 'template.yaml',
      code: `Resources:
  InvalidLambdaUrl:
    Type: AWS::Lambda::Url
    Properties:
      FunctionName: !Ref InvalidLambdaFunction
      Cors:
#     ^^^^ cors-wildcard-origin:wildcardOnAuthenticated
        AllowOrigins:
          - "*"
        AllowMethods:
          - "*"
  IamUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: AWS_IAM
      Cors:
        AllowOrigins: !If [IsDev, ['*'], [https://app.example.com]]
  ParameterUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: !Ref UrlAuthType
      Cors:
#     ^^^^ cors-wildcard-origin:wildcardOnAuthenticated
        AllowOrigins: !If [IsDev, ['*'], [https://app.example.com]]
`,
      errors: [{ messageId: 'wildcardOnAuthenticated', data: { target: 'InvalidLambdaFunction' } }, { messageId: 'wildcardOnAuthenticated', data: { when: 'when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: HTTP API CorsConfiguration * with credentials',
      path: 'template.json',
      code: `{
  "Resources": {
    "HttpApi": {
      "Type": "AWS::ApiGatewayV2::Api",
      "Properties": {
        "ProtocolType": "HTTP",
        "CorsConfiguration": { "AllowOrigins": ["*"], "AllowCredentials": true }
//      ^^^^^^^^^^^^^^^^^^^ cors-wildcard-origin:wildcardWithCredentials
      }
    }
  }
}`,
      errors: [{ messageId: 'wildcardWithCredentials', data: { target: 'HttpApi' } }],
    },
    {
      name: 'serverless: origin * with credentials on an IAM route is info (header auth); on a route with a Lambda authorizer it stays a warning (it may read a cookie)',
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
          authorizer: aws_iam
          cors:
#         ^^^^ cors-wildcard-origin:wildcardWithCredentialsHeaderAuth
            origin: '*'
            allowCredentials: true
      - http:
          path: session
          method: get
          authorizer: sessionAuthorizer
          cors:
#         ^^^^ cors-wildcard-origin:wildcardWithCredentials
            origin: '*'
            allowCredentials: true
  sessionAuthorizer:
    handler: h.authorize
`,
      errors: [
        { messageId: 'wildcardWithCredentialsHeaderAuth', data: { message: "GET /orders allows CORS from every origin ('*') with credentials, but its routes authenticate with a header (IAM signatures)" } },
        { messageId: 'wildcardWithCredentials', data: { target: 'GET /session' } },
      ],
    },
    {
      name: 'SAM: HttpApi CorsConfiguration * with credentials on JWT routes is info; with one public route it stays a warning',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Secured:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
#     ^^^^^^^^^^^^^^^^^ cors-wildcard-origin:wildcardWithCredentialsHeaderAuth
        AllowOrigins: ['*']
        AllowCredentials: true
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: { issuer: https://issuer, audience: [a] }
  Mixed:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
#     ^^^^^^^^^^^^^^^^^ cors-wildcard-origin:wildcardWithCredentials
        AllowOrigins: ['*']
        AllowCredentials: true
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration: { issuer: https://issuer, audience: [a] }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
          Type: HttpApi
          Properties: { ApiId: !Ref Secured, Path: /orders, Method: get }
        Mine:
          Type: HttpApi
          Properties: { ApiId: !Ref Mixed, Path: /orders, Method: get }
        Open:
          Type: HttpApi
          Properties:
            ApiId: !Ref Mixed
            Path: /status
            Method: get
            Auth:
              Authorizer: NONE
`,
      errors: [
        { messageId: 'wildcardWithCredentialsHeaderAuth', data: { auth: 'JWT bearer tokens' } },
        { messageId: 'wildcardWithCredentials', data: { target: 'API Mixed' } },
      ],
    },
    {
      name: 'CloudFormation YAML: a function URL with AWS_IAM, origin * and credentials is info',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.handler, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: AWS_IAM
      Cors:
#     ^^^^ cors-wildcard-origin:wildcardWithCredentialsHeaderAuth
        AllowOrigins: ['*']
        AllowCredentials: true
`,
      errors: [{ messageId: 'wildcardWithCredentialsHeaderAuth', data: { target: 'The function URL of Fn', auth: 'IAM signatures' } }],
    },
    {
      name: 'SAM: x-amazon-apigateway-cors in an HTTP API body, with credentials on a public route and without on a JWT route',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Open:
    Type: AWS::Serverless::HttpApi
    Properties:
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /login:
            post: {}
        x-amazon-apigateway-cors:
#       ^^^^^^^^^^^^^^^^^^^^^^^^ cors-wildcard-origin:wildcardWithCredentials
          allowOrigins: ['*']
          allowCredentials: true
`,
      errors: [{ messageId: 'wildcardWithCredentials', data: { target: 'The x-amazon-apigateway-cors of API Open' } }],
    },
  ],
});
