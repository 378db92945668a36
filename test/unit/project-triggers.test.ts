// Triggers, exposure and edge validation per function in the project model: every Serverless event
// kind, SAM Events and FunctionUrlConfig, CloudFormation event source mappings, permissions,
// notifications, rules and API Gateway methods, and the exposure that each mix of triggers gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProject, exposureOf, primaryTrigger, type HandlerBinding, type HandlerTrigger } from '../../server/src/engine/project';

function bindingsOf(path: string, text: string): Map<string, HandlerBinding> {
  const project = buildProject({ templates: [{ path, text }], files: { exists: () => true } });
  return new Map(project.functions().map((fn) => [fn.functionName, fn.binding]));
}

function summary(binding: HandlerBinding | undefined): string[] {
  return (binding?.triggers ?? []).map((trigger) => `${trigger.kind}|${trigger.description}${trigger.auth ? `|${trigger.auth}` : ''}${trigger.edgeValidation !== undefined ? `|validated=${trigger.edgeValidation}` : ''}`);
}

const SERVERLESS = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    authorizers:
      jwtAuth:
        identitySource: $request.header.Authorization
        issuerUrl: https://example.com
        audience: [x]
functions:
  create:
    handler: src/orders.create
    events:
      - http:
          method: post
          path: orders
          request:
            schemas:
              application/json: \${file(schema.json)}
      - http:
          method: get
          path: admin
          authorizer:
            type: COGNITO_USER_POOLS
            name: CognitoAuth
            arn: arn:aws:cognito-idp:us-east-1:123:userpool/x
  private:
    handler: src/private.handler
    events:
      - httpApi:
          method: GET
          path: /me
          authorizer:
            name: jwtAuth
      - http:
          method: delete
          path: items/{id}
          authorizer: aws_iam
  worker:
    handler: src/worker.handler
    events:
      - sqs:
          arn: arn:aws:sqs:us-east-1:123:orders-queue
      - stream:
          type: dynamodb
          arn: !GetAtt Table.StreamArn
      - stream: arn:aws:kinesis:us-east-1:123:stream/clicks
      - s3:
          bucket: uploads
          event: s3:ObjectCreated:*
      - sns: alerts
      - schedule: rate(5 minutes)
      - eventBridge:
          pattern:
            source: [shop]
      - cognitoUserPool:
          pool: users
          trigger: PreSignUp
      - alexaSkill: amzn1.ask.skill.x
      - alexaSmartHome
  url:
    handler: src/url.handler
    url: true
  lb:
    handler: src/lb.handler
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:x
          priority: 1
          conditions:
            path: /lb
  ws:
    handler: src/ws.handler
    events:
      - websocket:
          route: $connect
      - websocket:
          route: sendMessage
  none:
    handler: src/none.handler
resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
`;

describe('project triggers and exposure', () => {
  const serverless = bindingsOf('serverless.yml', SERVERLESS);

  it('reads every Serverless event kind with its auth and edge validation', () => {
    assert.deepEqual(summary(serverless.get('create')), ['api-rest|POST /orders|none|validated=true', 'api-rest|GET /admin|cognito|validated=false']);
    assert.deepEqual(summary(serverless.get('private')), ['api-http|GET /me|jwt|validated=false', 'api-rest|DELETE /items/{id}|iam|validated=false']);
    assert.deepEqual(summary(serverless.get('worker')), [
      'sqs|SQS queue orders-queue',
      'dynamodb-stream|DynamoDB stream Table',
      'kinesis|Kinesis stream clicks',
      's3|S3 bucket uploads (s3:ObjectCreated:*)',
      'sns|SNS topic alerts',
      'schedule|schedule rate(5 minutes)',
      'eventbridge|EventBridge rule',
      'cognito|Cognito user pool users (PreSignUp)',
      'unknown|Alexa skill',
      'unknown|Alexa Smart Home skill',
    ]);
    assert.deepEqual(summary(serverless.get('url')), ['function-url|the function URL|none|validated=false']);
    assert.deepEqual(summary(serverless.get('lb')), ['alb|ALB ANY /lb|none|validated=false']);
    assert.deepEqual(summary(serverless.get('ws')), ['websocket|WebSocket route $connect|none|validated=false', 'websocket|WebSocket route sendMessage|none|validated=false']);
  });

  it('gives each function its exposure and a reason for messages', () => {
    const exposures = Object.fromEntries([...serverless].map(([name, binding]) => [name, `${binding.exposure}: ${binding.exposureReason}`]));
    assert.deepEqual(exposures, {
      create: 'public: POST /orders is public',
      private: 'authenticated: every HTTP trigger requires auth (the JWT authorizer jwtAuth, IAM auth)',
      worker: 'internal: invoked by SQS, a DynamoDB stream, Kinesis, S3, SNS, a schedule, EventBridge, Cognito, Alexa skill and Alexa Smart Home skill only',
      url: 'public: the function URL is public',
      lb: 'public: ALB ANY /lb is public',
      ws: 'public: WebSocket route $connect is public',
      none: 'unknown: no trigger is declared in the template',
    });
  });

  it('points each trigger at its declaration in the template', () => {
    const [post] = serverless.get('create')!.triggers;
    assert.equal(post.location.path, 'serverless.yml');
    assert.equal(SERVERLESS.slice(post.location.range.start, post.location.range.end), 'http');
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/orders');
  });

  it('reads SAM Events, FunctionUrlConfig, Globals auth and request models', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: CognitoAuth
      Authorizers:
        CognitoAuth:
          UserPoolArn: arn:aws:cognito-idp:us-east-1:123:userpool/x
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Admin:
          Type: Api
          Properties:
            Path: /admin
            Method: get
        Create:
          Type: Api
          Properties:
            Path: /orders
            Method: post
            RequestModel:
              Model: Order
              ValidateBody: true
  Open:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.open
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Health:
          Type: HttpApi
          Properties:
            Path: /health
            Method: get
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.consume
      Runtime: nodejs20.x
      Events:
        Queue:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
        Stream:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table.StreamArn
        Nightly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 3 * * ? *)
        Rule:
          Type: EventBridgeRule
          Properties:
            Pattern: { source: [x] }
        Bucket:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
  Queue:
    Type: AWS::SQS::Queue
  Table:
    Type: AWS::DynamoDB::Table
  Uploads:
    Type: AWS::S3::Bucket
`;
    const bindings = bindingsOf('template.yaml', sam);
    assert.deepEqual(summary(bindings.get('Api')), ['api-rest|GET /admin|cognito|validated=false', 'api-rest|POST /orders|cognito|validated=true']);
    assert.equal(bindings.get('Api')!.exposure, 'authenticated');
    assert.equal(bindings.get('Api')!.exposureReason, 'its 2 HTTP triggers are behind the Cognito authorizer CognitoAuth');
    assert.deepEqual(summary(bindings.get('Open')), ['api-http|GET /health|none|validated=false', 'function-url|the function URL|none|validated=false']);
    assert.equal(bindings.get('Open')!.exposureReason, 'GET /health is public');
    assert.deepEqual(summary(bindings.get('Consumer')), [
      'sqs|SQS queue Queue',
      'dynamodb-stream|DynamoDB stream Table',
      'schedule|schedule cron(0 3 * * ? *)',
      'eventbridge|EventBridge rule Rule',
      's3|S3 bucket Uploads',
    ]);
    assert.equal(bindings.get('Consumer')!.exposureReason, 'invoked by SQS, a DynamoDB stream, a schedule, EventBridge and S3 only');
  });

  it('says that a route asking only for an API key is public for that reason, and prefers an open route without a key', () => {
    const serverless = `service: keys
provider:
  name: aws
  runtime: nodejs20.x
functions:
  keyed:
    handler: keyed.handler
    events:
      - http:
          method: get
          path: reports
          private: true
  mixed:
    handler: mixed.handler
    events:
      - http:
          method: get
          path: stats
          private: true
      - http:
          method: get
          path: health
`;
    const bindings = bindingsOf('serverless.yml', serverless);
    assert.equal(bindings.get('keyed')!.exposure, 'public');
    assert.equal(bindings.get('keyed')!.exposureReason, 'GET /reports asks only for an API key');
    assert.equal(bindings.get('keyed')!.triggers[0].apiKeyRequired, true);
    assert.equal(bindings.get('mixed')!.exposureReason, 'GET /health is public');
  });

  it('reads CloudFormation methods, mappings, permissions, notifications, rules, subscriptions and custom resources', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: src
      Handler: app.handler
      Runtime: nodejs20.x
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Code: src
      Handler: app.worker
      Runtime: nodejs20.x
  Hidden:
    Type: AWS::Lambda::Function
    Properties:
      Code: src
      Handler: app.hidden
      Runtime: nodejs20.x
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: POST
      AuthorizationType: NONE
      RequestValidatorId: !Ref Validator
      RequestModels:
        application/json: Order
      Integration:
        Type: AWS_PROXY
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      ValidateRequestBody: true
  ApiPermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: apigateway.amazonaws.com
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Queue.Arn
  Queue:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      NotificationConfiguration:
        LambdaConfigurations:
          - Event: s3:ObjectCreated:*
            Function: !GetAtt Worker.Arn
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets:
        - Arn: !GetAtt Worker.Arn
          Id: w
  RulePermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Worker
      Principal: events.amazonaws.com
      SourceArn: !GetAtt Rule.Arn
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: lambda
      Endpoint: !GetAtt Worker.Arn
      TopicArn: !Ref Topic
  Topic:
    Type: AWS::SNS::Topic
  Custom:
    Type: Custom::Seed
    Properties:
      ServiceToken: !GetAtt Worker.Arn
  AnyonePermission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Hidden
      Principal: '*'
`;
    const bindings = bindingsOf('stack.yaml', cfn);
    assert.deepEqual(summary(bindings.get('Fn')), ['api-rest|POST /|none|validated=true']);
    assert.equal(bindings.get('Fn')!.exposure, 'public');
    assert.deepEqual(summary(bindings.get('Worker')), ['sqs|SQS queue Queue', 's3|S3 bucket Bucket', 'schedule|schedule rate(1 hour)', 'sns|SNS topic Topic', 'custom-resource|custom resource Custom']);
    assert.equal(bindings.get('Worker')!.exposure, 'internal');
    assert.deepEqual(summary(bindings.get('Hidden')), ['unknown|principal * (permission AnyonePermission)|unknown']);
    assert.equal(bindings.get('Hidden')!.exposure, 'unknown');
  });

  it("reads the model a validated REST route's body is checked against, in the three formats", () => {
    const models = (path: string, text: string) => {
      const out: Record<string, unknown> = {};
      for (const [name, binding] of bindingsOf(path, text)) {
        const model = binding.triggers[0]?.edgeBodyModel;
        out[name] = model ? { name: model.name, contentTypes: model.contentTypes, schema: model.schema } : undefined;
      }
      return out;
    };
    const enumSchema = { type: 'object', properties: { cmd: { type: 'string', enum: ['ls', 'pwd'] } } };
    const serverless = `service: s
provider:
  name: aws
  runtime: nodejs20.x
  apiGateway:
    request:
      schemas:
        cmd-model:
          name: CmdModel
          schema:
            type: object
            properties:
              cmd: { type: string, enum: [ls, pwd] }
functions:
  inline:
    handler: h.inline
    events:
      - http:
          path: inline
          method: post
          request:
            schemas:
              $default:
                schema:
                  type: object
                  properties:
                    cmd: { type: string, enum: [ls, pwd] }
  named:
    handler: h.named
    events:
      - http:
          path: named
          method: post
          request:
            schemas:
              application/json: cmd-model
  open:
    handler: h.open
    events:
      - http: POST open
`;
    assert.deepEqual(models('serverless.yml', serverless), {
      inline: { name: 'the request schema for $default', contentTypes: ['$default'], schema: enumSchema },
      named: { name: 'the model cmd-model', contentTypes: ['application/json'], schema: enumSchema },
      open: undefined,
    });
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Models:
        Cmd:
          type: object
          properties:
            cmd: { type: string, enum: [ls, pwd] }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: h.handler
      Events:
        Run:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /run
            Method: post
            RequestModel: { Model: Cmd, ValidateBody: true }
`;
    assert.deepEqual(models('template.yaml', sam), { Fn: { name: 'the model Cmd', contentTypes: ['application/json'], schema: enumSchema } });
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: a }
  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties: { RestApiId: !Ref Api, ValidateRequestBody: true }
  CmdModel:
    Type: AWS::ApiGateway::Model
    Properties:
      RestApiId: !Ref Api
      ContentType: application/json
      Schema: '{"type": "object", "properties": {"cmd": {"type": "string", "enum": ["ls", "pwd"]}}}'
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      RequestValidatorId: !Ref Validator
      RequestModels: { $default: !Ref CmdModel }
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: ./src
`;
    assert.deepEqual(models('stack.yaml', cfn), { Fn: { name: 'the model CmdModel', contentTypes: ['$default'], schema: enumSchema } });
  });

  it('reads an AppSync Lambda data source as an AppSync trigger, whose auth the template does not decide', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: a, AuthenticationType: API_KEY }
  Source:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: orders
      Type: AWS_LAMBDA
      LambdaConfig: { LambdaFunctionArn: !GetAtt Resolver.Arn }
  Table:
    Type: AWS::AppSync::DataSource
    Properties:
      ApiId: !GetAtt Api.ApiId
      Name: table
      Type: AMAZON_DYNAMODB
  Resolver:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: ./src
`;
    const bindings = bindingsOf('stack.yaml', cfn);
    assert.deepEqual(summary(bindings.get('Resolver')), ['appsync|AppSync data source orders|unknown']);
    assert.equal(bindings.get('Resolver')!.exposure, 'unknown');
  });

  it('an API Gateway permission with no route in the template leaves the exposure unknown', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Code: src
      Handler: app.handler
      Runtime: nodejs20.x
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Fn.Arn
      Principal: apigateway.amazonaws.com
`;
    const binding = bindingsOf('stack.yaml', cfn).get('Fn')!;
    assert.equal(binding.exposure, 'unknown');
    assert.match(binding.exposureReason, /API Gateway \(permission Permission; the route is not in this template\)/);
  });

  it('decides exposure for each mix of triggers', () => {
    const t = (kind: HandlerTrigger['kind'], description: string, auth?: HandlerTrigger['auth'], authorizer?: string): HandlerTrigger => ({
      kind,
      description,
      ...(auth ? { auth } : {}),
      ...(authorizer ? { authorizer } : {}),
      location: { path: 't', range: { start: 0, end: 0 } },
    });
    const cases: Array<[HandlerTrigger[], string]> = [
      [[t('api-rest', 'POST /orders', 'none')], 'public: POST /orders is public'],
      [[t('sqs', 'SQS queue q'), t('api-http', 'GET /x', 'none')], 'public: GET /x is public'],
      [[t('api-rest', 'GET /a', 'iam'), t('function-url', 'the function URL', 'none')], 'public: the function URL is public'],
      [[t('api-rest', 'GET /admin', 'cognito', 'CognitoAuth')], 'authenticated: GET /admin is behind the Cognito authorizer CognitoAuth'],
      [[t('api-rest', 'GET /a', 'lambda', 'Auth'), t('api-rest', 'GET /b', 'iam')], 'authenticated: every HTTP trigger requires auth (the Lambda authorizer Auth, IAM auth)'],
      [[t('api-rest', 'GET /a', 'iam'), t('api-rest', 'GET /b', 'unknown')], 'unknown: the auth of GET /b cannot be decided from the template'],
      [[t('sqs', 'SQS queue q')], 'internal: invoked by SQS only'],
      [[t('schedule', 'schedule rate(1 day)'), t('s3', 'S3 bucket b')], 'internal: invoked by a schedule and S3 only'],
      [[], 'unknown: no trigger is declared in the template'],
    ];
    for (const [triggers, expected] of cases) {
      const { exposure, exposureReason } = exposureOf(triggers);
      assert.equal(`${exposure}: ${exposureReason}`, expected);
    }
  });

  it('an auth that depends on an undecided condition is unknown; a decided one is used', () => {
    const template = (given: string) => `Transform: AWS::Serverless-2016-10-31
Parameters:
  Secure:
    Type: String
Conditions:
  IsSecure: !Equals [!Ref Secure, 'yes']
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: !If [IsSecure, AWS_IAM, ${given}]
`;
    assert.equal(bindingsOf('t.yaml', template('NONE')).get('Fn')!.exposure, 'unknown');
    assert.equal(bindingsOf('t.yaml', template('AWS_IAM')).get('Fn')!.exposure, 'authenticated');
  });
  it('reads WebSocket routes, quick-create HTTP APIs, ALB listeners, Lambda authorizers and a Join-built integration URI', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OnConnect:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: ws.connect, Runtime: nodejs20.x }
  OnMessage:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: ws.message, Runtime: nodejs20.x }
  Authorizer:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: auth.handler, Runtime: nodejs20.x }
  Quick:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: quick.handler, Runtime: nodejs20.x }
  Behind:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: alb.handler, Runtime: nodejs20.x }
  Joined:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: joined.handler, Runtime: nodejs20.x }
  WsApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: ws, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action }
  ConnectRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WsApi
      RouteKey: $connect
      AuthorizationType: CUSTOM
      AuthorizerId: !Ref WsAuthorizer
      Target: !Join ['/', [integrations, !Ref ConnectIntegration]]
  MessageRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref WsApi
      RouteKey: sendMessage
      Target: !Sub integrations/\${MessageIntegration}
  ConnectIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WsApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OnConnect.Arn}/invocations
  MessageIntegration:
    Type: AWS::ApiGatewayV2::Integration
    Properties:
      ApiId: !Ref WsApi
      IntegrationType: AWS_PROXY
      IntegrationUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OnMessage.Arn}/invocations
  WsAuthorizer:
    Type: AWS::ApiGatewayV2::Authorizer
    Properties:
      ApiId: !Ref WsApi
      AuthorizerType: REQUEST
      AuthorizerUri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Authorizer.Arn}/invocations
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt Quick.Arn
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets:
        - Id: !GetAtt Behind.Arn
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      DefaultActions:
        - Type: authenticate-cognito
          Order: 1
        - Type: forward
          Order: 2
          TargetGroupArn: !Ref TargetGroup
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: AWS_PROXY
        Uri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt Joined.Arn, '/invocations']]
`;
    const bindings = bindingsOf('stack.yaml', cfn);
    assert.deepEqual(summary(bindings.get('OnConnect')), ['websocket|WebSocket route $connect|lambda|validated=false']);
    assert.deepEqual(summary(bindings.get('OnMessage')), ['websocket|WebSocket route sendMessage|lambda|validated=false']);
    assert.equal(bindings.get('OnMessage')!.exposure, 'authenticated');
    assert.deepEqual(summary(bindings.get('Authorizer')), ['unknown|Lambda authorizer WsAuthorizer|none|validated=false']);
    assert.equal(bindings.get('Authorizer')!.triggers[0].isAuthorizer, true);
    assert.equal(bindings.get('Authorizer')!.exposure, 'public');
    assert.deepEqual(summary(bindings.get('Quick')), ['api-http|$default route of HTTP API HttpApi (quick create)|none|validated=false']);
    assert.deepEqual(summary(bindings.get('Behind')), ['alb|ALB ANY /*|cognito|validated=false']);
    assert.deepEqual(summary(bindings.get('Joined')), ['api-rest|GET /|iam|validated=false']);
  });

  it('gives a function behind an ALB one trigger per route, not one per route and one per target group or permission', () => {
    const cfn = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: api.handler, Runtime: nodejs20.x }
  Orphan:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: orphan.handler, Runtime: nodejs20.x }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal, Subnets: [a, b] }
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref ApiTargets
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 1
      Conditions:
        - Field: path-pattern
          Values: [/api/*]
      Actions:
        - Type: authenticate-oidc
          Order: 1
        - Type: forward
          Order: 2
          TargetGroupArn: !Ref ApiTargets
  ApiTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Api.Arn }]
  ApiPermission:
    Type: AWS::Lambda::Permission
    Properties: { Action: lambda:InvokeFunction, FunctionName: !GetAtt Api.Arn, Principal: elasticloadbalancing.amazonaws.com }
  OrphanTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Orphan.Arn }]
`;
    const bindings = bindingsOf('alb.yaml', cfn);
    assert.deepEqual(summary(bindings.get('Api')), ['alb|ALB ANY /* (internal load balancer)|none|validated=false', 'alb|ALB ANY /api/* (internal load balancer)|jwt|validated=false']);
    // No listener of this template forwards to it: the target group is the trigger, and its auth is another stack's.
    assert.deepEqual(summary(bindings.get('Orphan')), ['alb|ALB target group OrphanTargets|unknown|validated=false']);
  });

  it('reads SAM and Serverless Lambda authorizers', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt AuthFn.Arn
  AuthFn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: src, Handler: auth.handler, Runtime: nodejs20.x }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /items, Method: get }
`;
    const samBindings = bindingsOf('template.yaml', sam);
    assert.deepEqual(summary(samBindings.get('AuthFn')), ['unknown|Lambda authorizer TokenAuth|none|validated=false']);
    assert.equal(samBindings.get('Fn')!.exposureReason, 'GET /items is behind the Lambda authorizer TokenAuth');
    const serverless = `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  auth:
    handler: auth.handler
  private:
    handler: app.handler
    events:
      - http:
          path: private
          method: post
          authorizer: auth
`;
    const slsBindings = bindingsOf('serverless.yml', serverless);
    assert.deepEqual(summary(slsBindings.get('auth')), ['unknown|Lambda authorizer auth|none|validated=false']);
    assert.equal(slsBindings.get('private')!.exposure, 'authenticated');
  });
  it('hands analyzeCode the most exposed trigger of each export, and unknown when two functions disagree', () => {
    const serverless = `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  api:
    handler: src/app.main
    events:
      - sqs: arn:aws:sqs:x:1:q
      - http: { method: get, path: x, authorizer: aws_iam }
      - httpApi: 'POST /open'
  worker:
    handler: src/app.work
    events:
      - sqs: arn:aws:sqs:x:1:q
  twice:
    handler: src/app.work
    events:
      - schedule: rate(1 day)
`;
    const project = buildProject({ templates: [{ path: 'serverless.yml', text: serverless }], files: { exists: (path) => path === 'src/app.ts' } });
    assert.equal(primaryTrigger(project.bindingsFor('src/app.ts')[0])?.description, 'POST /open');
    assert.deepEqual(project.codeHandlersFor('src/app.ts'), [
      { exportName: 'main', trigger: 'api-http' },
      { exportName: 'work', trigger: 'unknown' },
    ]);
  });
});
