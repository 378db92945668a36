import rule from './api-data-trace-enabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: an HTTP API stage ignores DataTraceEnabled (supported only for WebSocket APIs)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: orders
      ProtocolType: HTTP
  Prod:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref HttpApi
      StageName: prod
      DefaultRouteSettings:
        DataTraceEnabled: true
`,
    },
    {
      name: 'CloudFormation: execution logs without data tracing; HTTP API stage',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          LoggingLevel: INFO
          DataTraceEnabled: false
  Socket:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
      DefaultRouteSettings:
        LoggingLevel: ERROR
        DataTraceEnabled: !Ref TraceParameter
`,
    },
    {
      name: 'serverless: logs without full data, logs off, and no REST events',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
    restApi:
      fullExecutionData: false
    websocket:
      executionLogging: false
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - websocket: $default
`,
    },
    {
      name: 'serverless: restApi: true but only httpApi events',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
    restApi: true
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
      name: 'SAM: the implicit API takes MethodSettings from Globals.Api',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    MethodSettings:
      - ResourcePath: /*
        HttpMethod: '*'
        DataTraceEnabled: true
#       ^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:dataTrace
Resources:
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
      errors: [{ messageId: 'dataTrace', data: { api: 'implicit SAM API (ServerlessRestApi) (from Globals.Api)' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    MethodSettings:
      - ResourcePath: /*
        HttpMethod: '*'
        DataTraceEnabled: false
Resources:
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
      name: 'CloudFormation YAML: a REST stage method setting',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          LoggingLevel: INFO
          DataTraceEnabled: true # debugging
#         ^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:dataTrace
        - ResourcePath: /health
          HttpMethod: GET
          DataTraceEnabled: true
`,
      errors: [{ messageId: 'dataTrace', data: { api: 'REST API stage Prod' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          LoggingLevel: INFO
          DataTraceEnabled: false # debugging
        - ResourcePath: /health
          HttpMethod: GET
          DataTraceEnabled: false
`,
    },
    {
      name: 'CloudFormation YAML: a Deployment stage, a WebSocket route, and an Fn::If',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      StageDescription:
        DataTraceEnabled: true
#       ^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:dataTrace
  Socket:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
      RouteSettings:
        $connect:
          DataTraceEnabled: !If [IsDev, true, false]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:dataTrace
`,
      errors: [
        { messageId: 'dataTrace', data: { api: 'REST API stage of deployment Deployment' } },
        { messageId: 'dataTrace', data: { api: 'WebSocket API stage Socket', when: 'when condition IsDev is true' } },
      ],
    },
    {
      name: 'SAM: MethodSettings from Globals',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    MethodSettings:
      - ResourcePath: /*
        HttpMethod: '*'
        DataTraceEnabled: true
#       ^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:dataTrace
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
`,
      errors: [{ messageId: 'dataTrace', data: { api: 'SAM API Api (from Globals.Api)' } }],
    },
    {
      name: 'serverless: restApi: true logs full data by default',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
    restApi: true
#   ^^^^^^^^^^^^^ api-data-trace-enabled:serverlessFullData
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
      errors: [{ messageId: 'serverlessFullData', data: { key: 'restApi', detail: 'defaults to true' } }],
      output: `service: orders
provider:
  name: aws
  logs:
    restApi: { fullExecutionData: false }
functions:
  a:
    handler: a.h
    events:
      - http: GET /
`,
    },
    {
      name: 'serverless: websocket map without fullExecutionData, and an explicit restApi flag',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logs:
    restApi:
      level: INFO
      fullExecutionData: true
#     ^^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled:serverlessFullData
    websocket:
#   ^^^^^^^^^^ api-data-trace-enabled:serverlessFullData
      level: INFO
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - websocket: $default
`,
      errors: [
        { messageId: 'serverlessFullData', data: { key: 'restApi' } },
        { messageId: 'serverlessFullData', data: { key: 'websocket' } },
      ],
      fixIndex: 1,
      output: `service: orders
provider:
  name: aws
  logs:
    restApi:
      level: INFO
      fullExecutionData: true
    websocket:
      level: INFO
      fullExecutionData: false
functions:
  a:
    handler: a.h
    events:
      - http: GET /
      - websocket: $default
`,
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Prod": {
      "Type": "AWS::ApiGateway::Stage",
      "Properties": { "RestApiId": { "Ref": "Api" }, "MethodSettings": [{ "ResourcePath": "/*", "HttpMethod": "*", "DataTraceEnabled": true }] }
//                                                                                                                 ^^^^^^^^^^^^^^^^^^^^^^^^ api-data-trace-enabled
    }
  }
}
`,
      errors: [{ messageId: 'dataTrace' }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Prod": {
      "Type": "AWS::ApiGateway::Stage",
      "Properties": { "RestApiId": { "Ref": "Api" }, "MethodSettings": [{ "ResourcePath": "/*", "HttpMethod": "*", "DataTraceEnabled": false }] }
    }
  }
}
`,
    },
  ],
});
