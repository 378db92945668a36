import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from './route-missing-auth';
import { testRule } from '../support/rule-tester';
import { analyze } from '../../server/src/engine';
import { publicByDesign } from './support/public-routes';

testRule(rule, {
  valid: [
    {
      name: 'serverless: a WebSocket $connect with a Lambda authorizer, by name and by map',
      path: 'serverless.yml',
      code: `service: chat
provider:
  name: aws
functions:
  auth:
    handler: h.auth
  connect:
    handler: h.connect
    events:
      - websocket:
          route: $connect
          authorizer: auth
  connect2:
    handler: h.connect
    events:
      - websocket:
          route: $connect
          authorizer:
            name: auth
            identitySource: [route.request.header.Auth]
`,
    },
    {
      name: 'serverless: http with aws_iam, cognito and lambda authorizers, and a CORS preflight',
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
      - http:
          path: orders
          method: post
          authorizer:
            type: COGNITO_USER_POOLS
            authorizerId: !Ref ApiGatewayAuthorizer
      - http:
          path: orders/{id}
          method: delete
          authorizer: authFunction
      - http:
          path: orders
          method: options
`,
    },
    {
      name: 'serverless: httpApi with a JWT authorizer and with IAM',
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
  list:
    handler: h.list
    events:
      - httpApi:
          method: GET
          path: /orders
          authorizer:
            name: jwt
      - httpApi:
          method: POST
          path: /orders
          authorizer:
            type: aws_iam
`,
    },
    {
      name: 'serverless: private REST endpoint type',
      path: 'serverless.yml',
      code: `service: internal
provider:
  name: aws
  endpointType: PRIVATE
functions:
  list:
    handler: h.list
    events:
      - http: GET orders
`,
    },
    {
      name: 'SAM: default authorizer on the API, and in Globals for the implicit API',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: AWS_IAM
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
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Events:
        List:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
        Implicit:
          Type: Api
          Properties:
            Path: /health
            Method: get
`,
    },
    {
      name: 'SAM: API with an OpenAPI definition (auth lives there) and an unresolvable authorizer',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  AuthName:
    Type: String
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ./openapi.yaml
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        A:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /a
            Method: get
        B:
          Type: HttpApi
          Properties:
            Path: /b
            Method: get
            Auth:
              Authorizer: !Ref AuthName
`,
    },
    {
      name: 'CloudFormation JSON: IAM method and CORS OPTIONS method without auth',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "GetMethod": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": { "HttpMethod": "GET", "AuthorizationType": "AWS_IAM", "RestApiId": { "Ref": "Api" }, "ResourceId": { "Ref": "Res" } }
    },
    "OptionsMethod": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": { "HttpMethod": "OPTIONS", "AuthorizationType": "NONE", "RestApiId": { "Ref": "Api" }, "ResourceId": { "Ref": "Res" } }
    }
  }
}`,
    },
    {
      name: 'OpenAPI: SAM DefinitionBody with a Lambda authorizer, root security, mock OPTIONS and GET, SAM DefaultAuthorizer, and an unreadable security',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        securityDefinitions:
          TokenAuth:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: custom
            x-amazon-apigateway-authorizer:
              type: token
              authorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${AuthFn.Arn}/invocations
        security:
          - TokenAuth: []
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
            options:
              x-amazon-apigateway-integration:
                type: mock
          /ping:
            get:
              security: []
              x-amazon-apigateway-integration:
                type: MOCK
  DefaultApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /users:
            post:
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: x }
          /admin:
            get:
              security: !If [IsProd, [], []]
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
    },
    {
      name: 'OpenAPI: HTTP API body with a JWT authorizer and an IAM (sigv4) scheme',
      path: 'template.yaml',
      code: `Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Body:
        openapi: 3.0.1
        components:
          securitySchemes:
            jwt:
              type: oauth2
              x-amazon-apigateway-authorizer:
                type: jwt
                jwtConfiguration: { issuer: https://issuer, audience: [a] }
                identitySource: $request.header.Authorization
            sigv4:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: awsSigv4
        paths:
          /items:
            get:
              security: [{ jwt: [] }]
            put:
              security: [{ sigv4: [] }]
`,
    },
    {
      name: 'OpenAPI: SAM writes the event authorizer into the body operation of the same route',
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
            UserPoolArn: !GetAtt Pool.Arn
      DefinitionBody:
        swagger: '2.0'
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, httpMethod: POST, uri: x }
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
            Path: /orders/
            Method: GET
            Auth:
              Authorizer: Cognito
`,
    },
    {
      name: 'SAM: a DefaultAuthorizer in Fn::If whose branches both authenticate, and one decided by constants',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsNever: !Equals [a, b]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: !If [IsDev, AWS_IAM, Pool]
        Authorizers:
          Pool: { UserPoolArn: arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { Path: /x, Method: get, RestApiId: !Ref Api }
        Put:
          Type: Api
          Properties:
            Path: /x
            Method: put
            Auth:
              Authorizer: !If [IsNever, NONE, AWS_IAM]
`,
    },
    {
      name: 'serverless: an authorizer from a variable that does not resolve is unknown, not a branch',
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
          authorizer: \${self:custom.auth.\${opt:stage}}
`,
    },
    {
      name: 'ALB: an authenticate-cognito rule, an authenticate-oidc default action, an internal load balancer, a listener of another stack, a non-Lambda target group',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SharedListenerArn: { Type: String }
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: a.h, Runtime: nodejs20.x }
  PublicAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internet-facing, Subnets: [a, b] }
  PrivateAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal, Subnets: [a, b] }
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref PublicAlb
      Port: 443
      Protocol: HTTPS
      DefaultActions:
        - { Type: authenticate-oidc, Order: 1 }
        - { Type: forward, Order: 2, TargetGroupArn: !Ref Targets }
  Cognito:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 1
      Conditions: [{ Field: path-pattern, Values: [/orders/*] }]
      Actions:
        - { Type: authenticate-cognito, Order: 1 }
        - { Type: forward, Order: 2, TargetGroupArn: !Ref Targets }
  Inside:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref PrivateAlb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Shared:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref SharedListenerArn
      Priority: 2
      Conditions: [{ Field: path-pattern, Values: [/shared/*] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Legacy:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Https
      Priority: 3
      Conditions: [{ Field: path-pattern, Values: [/legacy/*] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Instances }]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
  Instances:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: instance, Port: 80, Protocol: HTTP, VpcId: vpc-1 }
`,
    },
    {
      name: 'serverless: alb events behind a Cognito authorizer, and one on a listener of another stack',
      path: 'serverless.yml',
      code: `service: shop
provider:
  name: aws
  alb:
    authorizers:
      pool: { type: cognito, userPoolArn: arn:aws:cognito-idp:eu-west-1:1:userpool/x, userPoolClientId: c, userPoolDomain: d }
functions:
  f:
    handler: h.f
    events:
      - alb:
          listenerArn: !Ref Listener
          priority: 1
          authorizer: pool
          conditions: { path: /account }
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/shared/1/2
          priority: 2
          conditions: { path: /open }
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties: { Subnets: [a, b] }
    Listener:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: !Ref Alb
        Port: 80
        Protocol: HTTP
        DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
`,
    },
  ],
  invalid: [
    {
      name: 'serverless-step-functions: a state machine started by an http event without authorizer, and one behind aws_iam',
      path: 'serverless.yml',
      code: `service: employees
provider:
  name: aws
stepFunctions:
  stateMachines:
    addEmployee:
      type: EXPRESS
      events:
        - http:
#         ^^^^ route-missing-auth:missingAuth
            path: employees/add
            method: POST
        - http:
            path: employees/import
            method: POST
            authorizer: aws_iam
      definition: { StartAt: Done, States: { Done: { Type: Succeed } } }
`,
      errors: [{ messageId: 'missingAuth', data: { method: 'POST', path: '/employees/add' } }],
    },
    {
      name: 'serverless: a WebSocket $connect without authorizer (shorthand and map); its other routes, and a $connect with an authorizer in another service, are not routes of their own',
      path: 'serverless.yml',
      code: `service: chat
provider:
  name: aws
functions:
  connect:
    handler: h.connect
    events:
      - websocket: $connect
#       ^^^^^^^^^ route-missing-auth:webSocketConnect
  message:
    handler: h.message
    events:
      - websocket:
          route: sendMessage
      - websocket:
          route: $default
`,
      errors: [{ messageId: 'webSocketConnect', data: { when: '' } }],
    },
    {
      name: 'CloudFormation: a WebSocket API $connect route without AuthorizationType, fixed with AWS_IAM',
      path: 'template.yaml',
      code: `Resources:
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  ConnectRoute:
# ^^^^^^^^^^^^ route-missing-auth:webSocketConnect
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Chat
      RouteKey: $connect
  MessageRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Chat
      RouteKey: sendMessage
`,
      errors: [{ messageId: 'webSocketConnect' }],
      output: `Resources:
  Chat:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: chat
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Chat
      RouteKey: $connect
      AuthorizationType: AWS_IAM
  MessageRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Chat
      RouteKey: sendMessage
`,
    },
    {
      name: 'serverless: http shorthand becomes the long form with aws_iam',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: GET orders # public for now
#       ^^^^ route-missing-auth:missingAuth
`,
      errors: [{ messageId: 'missingAuth', data: { method: 'GET', path: '/orders' } }],
      output: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http:
          path: orders
          method: get
          authorizer: aws_iam # public for now
`,
    },
    {
      name: 'serverless: http map without authorizer; a private (API key only) route is api-key-only-auth\'s',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - http:
#       ^^^^ route-missing-auth:missingAuth
          path: orders
          method: post # comment stays
          cors: true
      - http:
          path: orders
          method: get
          private: true
`,
      errors: [{ messageId: 'missingAuth' }],
      output: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - http:
          path: orders
          method: post # comment stays
          cors: true
          authorizer: aws_iam
      - http:
          path: orders
          method: get
          private: true
`,
    },
    {
      name: 'serverless: httpApi shorthand',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - httpApi: 'POST /orders'
#       ^^^^^^^ route-missing-auth:missingAuth
`,
      errors: [{ messageId: 'missingAuth', data: { method: 'POST', path: '/orders' } }],
      output: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - httpApi:
          path: /orders
          method: post
          authorizer:
            type: aws_iam
`,
    },
    {
      name: 'SAM: implicit API without auth, and an event that opts out with NONE',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Events:
        List:
#       ^^^^ route-missing-auth
          Type: Api
          Properties:
            Path: /orders
            Method: get
        Open:
#       ^^^^ route-missing-auth
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /open
            Method: post
            Auth:
              Authorizer: NONE
`,
      errors: [{ messageId: 'missingAuth', data: { path: '/orders' } }, { messageId: 'missingAuth', data: { path: '/open' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Events:
        List:
          Type: Api
          Properties:
            Path: /orders
            Method: get
            Auth:
              Authorizer: AWS_IAM
        Open:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /open
            Method: post
            Auth:
              Authorizer: NONE
`,
    },
    {
      name: 'SAM: HttpApi event; the fix also enables the IAM authorizer on the API',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
#       ^^^ route-missing-auth
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /items
            Method: get
`,
      errors: [{ messageId: 'missingAuth' }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
      Auth:
        EnableIamAuthorizer: true
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /items
            Method: get
            Auth:
              Authorizer: AWS_IAM
`,
    },
    {
      name: 'CloudFormation YAML: method with AuthorizationType NONE under a resource path',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: GET
      AuthorizationType: NONE
#     ^^^^^^^^^^^^^^^^^^^^^^^ route-missing-auth
`,
      errors: [{ messageId: 'missingAuth', data: { method: 'GET', path: '/orders' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: GET
      AuthorizationType: AWS_IAM
`,
    },
    {
      name: 'CloudFormation JSON: HTTP API route without AuthorizationType',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Route": {
//  ^^^^^^^ route-missing-auth
      "Type": "AWS::ApiGatewayV2::Route",
      "Properties": {
        "ApiId": { "Ref": "HttpApi" },
        "RouteKey": "POST /orders"
      }
    }
  }
}`,
      errors: [{ messageId: 'missingAuth', data: { method: 'POST', path: '/orders' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Route": {
      "Type": "AWS::ApiGatewayV2::Route",
      "Properties": {
        "ApiId": { "Ref": "HttpApi" },
        "RouteKey": "POST /orders",
        "AuthorizationType": "AWS_IAM"
      }
    }
  }
}`,
    },
    {
      name: 'OpenAPI: SAM DefinitionBody operation without security; its SAM event is the same route, reported once',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        paths:
          /orders:
            post:
#           ^^^^ route-missing-auth:missingAuth
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Post:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
`,
      errors: [{ messageId: 'missingAuth', data: { method: 'POST', path: '/orders' } }],
    },
    {
      name: 'OpenAPI: CloudFormation JSON Body, OpenAPI 3, explicit empty security on one operation',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Body": {
          "openapi": "3.0.1",
          "components": { "securitySchemes": { "iam": { "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "awsSigv4" } } },
          "security": [{ "iam": [] }],
          "paths": {
            "/health": {
              "get": { "security": [], "x-amazon-apigateway-integration": { "type": "aws_proxy", "httpMethod": "POST", "uri": "x" } },
//            ^^^^^ route-missing-auth:publicRead
              "delete": { "x-amazon-apigateway-integration": { "type": "aws_proxy", "httpMethod": "POST", "uri": "x" } }
            }
          }
        }
      }
    }
  }
}`,
      // A health check is public by design: info.
      errors: [{ messageId: 'publicRead', data: { method: 'GET', path: '/health' } }],
    },
    {
      name: 'SAM: DefaultAuthorizer NONE when a condition is true (no quick fix)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Api:
#       ^^^ route-missing-auth
          Type: Api
          Properties:
            Path: /x
            Method: get
            RestApiId: !Ref Api
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: !If [IsDev, NONE, AWS_IAM]
`,
      errors: [{ messageId: 'missingAuth', data: { message: 'GET /x has no authorization when condition IsDev is true:' } }],
    },
    {
      name: 'SAM: an event-level Authorizer and an HttpApi Authorizer in Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Get:
#       ^^^ route-missing-auth
          Type: Api
          Properties:
            Path: /x
            Method: get
            Auth:
              Authorizer: !If [IsProd, AWS_IAM, NONE]
        Post:
#       ^^^^ route-missing-auth
          Type: HttpApi
          Properties:
            Path: /x
            Method: post
            Auth:
              Authorizer: !If [IsProd, AWS_IAM, NONE]
`,
      errors: [
        { messageId: 'missingAuth', data: { message: 'GET /x has no authorization when condition IsProd is false:' } },
        { messageId: 'missingAuth', data: { message: 'POST /x has no authorization when condition IsProd is false:' } },
      ],
    },
    {
      name: 'CloudFormation: AuthorizationType in Fn::If (nested), on a REST method and an HTTP API route',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
  IsDemo: !Equals [!Ref Env, demo]
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
      AuthorizationType: !If [IsDev, NONE, !If [IsDemo, NONE, AWS_IAM]]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ route-missing-auth
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: POST /orders
      AuthorizationType: !If [IsDev, NONE, JWT]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ route-missing-auth
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders, ProtocolType: HTTP }
`,
      errors: [
        { messageId: 'missingAuth', data: { message: 'GET / has no authorization when condition IsDev is true or when conditions IsDev is false and IsDemo is true:' } },
        { messageId: 'missingAuth', data: { message: 'POST /orders has no authorization when condition IsDev is true:' } },
      ],
    },
    {
      name: 'serverless: an http authorizer in Fn::If',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http:
#       ^^^^ route-missing-auth
          path: orders
          method: get
          authorizer: !If [IsDev, !Ref AWS::NoValue, aws_iam]
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
`,
      errors: [{ messageId: 'missingAuth', data: { message: 'GET /orders has no authorization when condition IsDev is true:' } }],
    },
    {
      name: 'CloudFormation JSON: AuthorizationType in Fn::If',
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
        "AuthorizationType": { "Fn::If": ["IsDev", "NONE", "AWS_IAM"] }
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ route-missing-auth
      }
    }
  }
}`,
      errors: [{ messageId: 'missingAuth', data: { message: 'GET / has no authorization when condition IsDev is true:' } }],
    },
    {
      name: 'serverless: sign-in, sign-up, token and password-reset endpoints are public by design (info, no fix); writes, deletes and admin paths stay loud',
      path: 'serverless.yml',
      code: `service: accounts
provider:
  name: aws
functions:
  auth:
    handler: h.auth
    events:
      - http: POST auth/login
#       ^^^^ route-missing-auth:authEndpoint
      - httpApi: 'POST /users/signup'
#       ^^^^^^^ route-missing-auth:authEndpoint
      - http: POST oauth/token
#       ^^^^ route-missing-auth:authEndpoint
      - http: POST password/reset
#       ^^^^ route-missing-auth:authEndpoint
      - http: DELETE auth/login
#       ^^^^ route-missing-auth:missingAuth
      - http: POST admin/login
#       ^^^^ route-missing-auth:missingAuth
      - http: POST users/{id}/password/reset
#       ^^^^ route-missing-auth:missingAuth
      - http: POST devices/register
#       ^^^^ route-missing-auth:missingAuth
`,
      errors: [
        { messageId: 'authEndpoint', data: { message: 'POST /auth/login has no authorization, which a sign-in endpoint needs' } },
        { messageId: 'authEndpoint', data: { reason: 'sign-up endpoint' } },
        { messageId: 'authEndpoint', data: { reason: 'token endpoint' } },
        { messageId: 'authEndpoint', data: { reason: 'password reset endpoint' } },
        { messageId: 'missingAuth', data: { path: 'DELETE /auth/login' } },
        { messageId: 'missingAuth', data: { path: '/admin/login' } },
        { messageId: 'missingAuth', data: { path: '/users/{id}/password/reset' } },
        { messageId: 'missingAuth', data: { path: '/devices/register' } },
      ],
    },
    {
      name: 'SAM: reads of public content are info; reads of user data, orders, the caller and admin lists stay loud',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Products:
#       ^^^^^^^^ route-missing-auth:publicRead
          Type: Api
          Properties: { Path: '/products/{id}', Method: get }
        Health:
#       ^^^^^^ route-missing-auth:publicRead
          Type: HttpApi
          Properties: { Path: /health, Method: get }
        User:
#       ^^^^ route-missing-auth:missingAuth
          Type: Api
          Properties: { Path: '/users/{id}', Method: get }
        Orders:
#       ^^^^^^ route-missing-auth:missingAuth
          Type: Api
          Properties: { Path: /orders, Method: get }
        Me:
#       ^^ route-missing-auth:missingAuth
          Type: Api
          Properties: { Path: /me, Method: get }
        AdminProducts:
#       ^^^^^^^^^^^^^ route-missing-auth:missingAuth
          Type: Api
          Properties: { Path: /admin/products, Method: get }
        WriteProducts:
#       ^^^^^^^^^^^^^ route-missing-auth:missingAuth
          Type: Api
          Properties: { Path: /products, Method: post }
`,
      errors: [
        { messageId: 'publicRead', data: { message: 'GET /products/{id} has no authorization: a read-only route on what looks like public content (products)' } },
        { messageId: 'publicRead', data: { path: 'GET /health' } },
        { messageId: 'missingAuth', data: { path: 'GET /users/{id}' } },
        { messageId: 'missingAuth', data: { path: 'GET /orders' } },
        { messageId: 'missingAuth', data: { path: 'GET /me' } },
        { messageId: 'missingAuth', data: { path: 'GET /admin/products' } },
        { messageId: 'missingAuth', data: { path: 'POST /products' } },
      ],
    },
    {
      name: 'CloudFormation YAML: a login method is info, with no quick fix (IAM auth would lock every user out)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: shop }
  Login:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: login }
  PostLogin:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Login
      HttpMethod: POST
      AuthorizationType: NONE
#     ^^^^^^^^^^^^^^^^^^^^^^^ route-missing-auth:authEndpoint
`,
      errors: [{ messageId: 'authEndpoint', data: { path: 'POST /login' } }],
    },
    {
      name: 'SAM: a guest cart read by its id is info with the reason; the caller\'s own cart (no id) stays loud',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  CartFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: cart.handler
      Runtime: nodejs20.x
      Events:
        GetCart:
#       ^^^^^^^ route-missing-auth:guestCart
          Type: HttpApi
          Properties: { Path: '/guest/cart/{cartId}', Method: get }
        Mine:
#       ^^^^ route-missing-auth:missingAuth
          Type: HttpApi
          Properties: { Path: /cart, Method: get }
`,
      errors: [
        {
          messageId: 'guestCart',
          data: {
            message:
              "GET /guest/cart/{cartId} has no authorization: a read of a guest cart, which shoppers use before they sign in. Whoever holds a cart's id can read it: make cart ids random and long (UUIDs), and keep addresses and payment details behind an authorizer.",
          },
        },
        { messageId: 'missingAuth', data: { path: 'GET /cart' } },
      ],
    },
    {
      name: 'CloudFormation JSON: HTTP API routes, a catalogue read (info) and a catalogue write (loud)',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "ListRoute": {
//  ^^^^^^^^^^^ route-missing-auth:publicRead
      "Type": "AWS::ApiGatewayV2::Route",
      "Properties": { "ApiId": { "Ref": "HttpApi" }, "RouteKey": "GET /api/v1/catalog/categories" }
    },
    "WriteRoute": {
//  ^^^^^^^^^^^^ route-missing-auth:missingAuth
      "Type": "AWS::ApiGatewayV2::Route",
      "Properties": { "ApiId": { "Ref": "HttpApi" }, "RouteKey": "PUT /api/v1/catalog/categories" }
    }
  }
}`,
      errors: [
        { messageId: 'publicRead', data: { path: 'GET /api/v1/catalog/categories' } },
        { messageId: 'missingAuth', data: { path: 'PUT /api/v1/catalog/categories' } },
      ],
    },
    {
      name: 'ALB: an internet-facing listener rule and a default action that forward to a Lambda target group without an authenticate action; no fix',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: a.h, Runtime: nodejs20.x }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [a, b] }
  Http:
# ^^^^ route-missing-auth:albMissingAuth
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: !Ref Targets }] }
  Orders:
# ^^^^^^ route-missing-auth:albMissingAuth
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions:
        - { Field: path-pattern, PathPatternConfig: { Values: [/orders/*] } }
        - { Field: http-request-method, HttpRequestMethodConfig: { Values: [POST] } }
      Actions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Login:
# ^^^^^ route-missing-auth:authEndpoint
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 2
      Conditions: [{ Field: path-pattern, Values: [/login] }, { Field: http-request-method, Values: [POST] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
`,
      errors: [
        { messageId: 'albMissingAuth', data: { rule: "Http's default action", method: 'ANY', path: '/*' } },
        { messageId: 'albMissingAuth', data: { rule: 'rule Orders', method: 'POST', path: '/orders/*' } },
        { messageId: 'authEndpoint', data: { method: 'The ALB listener rule Login: POST', path: '/login' } },
      ],
    },
    {
      name: 'serverless: an alb event without authorizer on a listener of its resources',
      path: 'serverless.yml',
      code: `service: shop
provider:
  name: aws
functions:
  f:
    handler: h.f
    events:
      - alb:
#       ^^^ route-missing-auth:albMissingAuth
          listenerArn: { Ref: Listener }
          priority: 1
          conditions:
            path: /hello
            method: get
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties: { Scheme: internet-facing, Subnets: [a, b] }
    Listener:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: { Ref: Alb }
        Port: 80
        Protocol: HTTP
        DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
`,
      errors: [{ messageId: 'albMissingAuth', data: { rule: 'rule', method: 'GET', path: '/hello' } }],
    },
  ],
});

describe('route-missing-auth severities', () => {
  it('public-by-design routes are info and offer no fix; other open routes keep the warning and the IAM fix', () => {
    const text = `service: shop
provider:
  name: aws
functions:
  f:
    handler: h.f
    events:
      - http: POST login
      - http: GET products
      - http: GET orders
      - http: GET carts/{cartId}
      - http: POST carts/{cartId}/items
`;
    const findings = analyze({ path: 'serverless.yml', text, rules: [rule] }).findings;
    assert.deepEqual(
      findings.map((finding) => [finding.messageId, finding.severity, finding.fixes.length]),
      [
        ['authEndpoint', 'info', 0],
        ['publicRead', 'info', 0],
        ['missingAuth', 'warning', 1],
        ['guestCart', 'info', 0],
        ['missingAuth', 'warning', 1],
      ],
    );
  });
});

describe('route-missing-auth on ALB routes', () => {
  it('offers no fix: an authenticate action needs a user pool or an OIDC provider the template may not have', () => {
    const text = `service: shop
provider:
  name: aws
functions:
  f:
    handler: h.f
    events:
      - alb: { listenerArn: !Ref Listener, priority: 1, conditions: { path: /orders } }
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties: { Subnets: [a, b] }
    Listener:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties: { LoadBalancerArn: !Ref Alb, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: fixed-response }] }
`;
    const findings = analyze({ path: 'serverless.yml', text, rules: [rule] }).findings;
    assert.deepEqual(findings.map((finding) => [finding.messageId, finding.severity, finding.fixes.length]), [['albMissingAuth', 'warning', 0]]);
  });
});

describe('publicByDesign', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['POST', '/login', 'auth-endpoint'],
    ['POST', '/api/v1/auth/sign-in', 'auth-endpoint'],
    ['POST', '/users/register', 'auth-endpoint'],
    ['POST', '/token', 'auth-endpoint'],
    ['GET', '/oauth2/authorize', 'auth-endpoint'],
    ['GET', '/auth/callback', 'auth-endpoint'],
    ['POST', '/forgot-password', 'auth-endpoint'],
    ['POST', '/password/reset', 'auth-endpoint'],
    ['GET', '/verify-email', 'auth-endpoint'],
    ['GET', '/.well-known/jwks.json', 'auth-endpoint'],
    ['GET', '/products', 'public-read'],
    ['HEAD', '/catalog/{sku}', 'public-read'],
    ['GET', '/api/v2/categories/{slug}/products', 'public-read'],
    ['GET', '/health', 'public-read'],
    ['GET', '/public/{file}', 'public-read'],
    ['GET', '/cart/{cartId}', 'guest-cart'],
    ['GET', '/api/v1/carts/{id}/items', 'guest-cart'],
    ['GET', '/guest-cart', 'guest-cart'],
    ['HEAD', '/guest/basket/{id}', 'guest-cart'],
    // Loud: writes and deletes of content, user data, the caller, admin paths, parameters on auth endpoints.
    ['POST', '/products', undefined],
    ['DELETE', '/login', undefined],
    ['ANY', '/login', undefined],
    ['GET', '/users/{id}', undefined],
    ['GET', '/users', undefined],
    ['GET', '/orders', undefined],
    ['GET', '/me', undefined],
    ['GET', '/profile', undefined],
    ['GET', '/admin/products', undefined],
    ['GET', '/products/{id}/orders', undefined],
    ['GET', '/status/{executionToken}', undefined],
    ['GET', '/items', undefined],
    ['GET', '/', undefined],
    ['GET', '/{proxy+}', undefined],
    ['POST', '/admin/login', undefined],
    ['POST', '/accounts/{id}/token', undefined],
    ['POST', '/devices/register', undefined],
    ['PUT', '/users/{id}/password', undefined],
    // Loud: the caller's own cart (found from a session), a cart under a user, writes to a cart, a greedy path.
    ['GET', '/cart', undefined],
    ['GET', '/users/{id}/cart', undefined],
    ['POST', '/cart/{cartId}/items', undefined],
    ['DELETE', '/carts/{id}', undefined],
    ['GET', '/cart/{proxy+}', undefined],
    ['GET', '/carts/{id}/checkout/payment', undefined],
  ];
  for (const [method, path, expected] of cases) {
    it(`${method} ${path}: ${expected ?? 'stays loud'}`, () => assert.equal(publicByDesign(method, path)?.kind, expected));
  }
});

describe('route-missing-auth: each finding names the checks of its own resource type', () => {
  const equivalentsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]);
  };

  it('names CKV_AWS_59, W59, APIG4, S6333 and KICS on a REST method with AuthorizationType NONE, and the V2 checks on a route', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Explicit:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration: { Type: MOCK }
  Absent:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      Integration: { Type: MOCK }
  Lower:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: PUT
      AuthorizationType: none
      Integration: { Type: MOCK }
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders, ProtocolType: HTTP }
  OpenRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: POST /orders
      AuthorizationType: NONE
  DefaultRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref HttpApi
      RouteKey: GET /orders
`;
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [
      ['Explicit', ['AwsSolutions-APIG4', 'CKV_AWS_59', 'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0', 'S6333', 'W59']],
      // Checkov, Sonar and KICS read a present, upper-case NONE; cfn_nag and cdk-nag treat an absent type as NONE.
      ['Absent', ['AwsSolutions-APIG4', 'W59']],
      // cfn_nag compares without case; the others do not.
      ['Lower', ['W59']],
      ['OpenRoute', ['AwsSolutions-APIG4', 'CKV_AWS_309', 'S6333']],
      ['DefaultRoute', ['AwsSolutions-APIG4', 'CKV_AWS_309']],
    ]);
  });

  it('names none of them on SAM or Serverless events, which those checks never read, nor on a conditional type', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Get: { Type: Api, Properties: { Path: /orders, Method: get } }
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Conditional:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: !If [IsDev, NONE, AWS_IAM]
      Integration: { Type: MOCK }
`;
    const found = equivalentsOn('/app/template.yaml', sam);
    assert.deepEqual(found, [
      ['Fn', []],
      ['Conditional', []],
    ]);
    const serverless = `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
`;
    assert.deepEqual(equivalentsOn('/app/serverless.yml', serverless), [['functions.list', []]]);
  });
});
