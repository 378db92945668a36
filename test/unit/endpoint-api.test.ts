// Each endpoint of the inventory names its API when a template can hold several of one kind
// (CloudFormation and SAM), so the report and the Endpoints view can group routes by API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { allRules } from '../../rules';

const apisOf = (path: string, text: string) => analyze({ path, text, rules: allRules }).endpoints.map((endpoint) => `${endpoint.kind} ${endpoint.method} ${endpoint.path} ${endpoint.api ?? '-'}`);

describe('the API of each endpoint', () => {
  it('SAM: implicit REST and HTTP APIs by their generated ids, an explicit one by its logical id', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  AdminApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      Runtime: nodejs20.x
      Events:
        Implicit:
          Type: Api
          Properties: { Path: /public, Method: get }
        Admin:
          Type: Api
          Properties: { Path: /admin, Method: post, RestApiId: !Ref AdminApi }
        Http:
          Type: HttpApi
          Properties: { Path: /h, Method: get }
`;
    assert.deepEqual(apisOf('template.yaml', text), ['rest GET /public ServerlessRestApi', 'rest POST /admin AdminApi', 'http GET /h ServerlessHttpApi']);
  });

  it('CloudFormation: a method by its RestApiId, a route by its ApiId; Serverless and function URLs name none', () => {
    const cloudformation = `Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
  Root:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Orders
      ResourceId: !GetAtt Orders.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: h, ProtocolType: HTTP }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: GET /items
`;
    assert.deepEqual(apisOf('template.yaml', cloudformation), ['rest GET / Orders', 'http GET /items Http']);
    const serverless = `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
    url: true
    events:
      - http: { path: /a, method: get }
`;
    assert.deepEqual(apisOf('serverless.yml', serverless).map((line) => line.split(' ').pop()), ['-', '-']);
  });
});

describe('the auth of each endpoint', () => {
  it("says a PRIVATE REST API's route without an authorizer is private, not a bare none; WebSocket $connect and state machine routes are listed", () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Internal:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration: PRIVATE
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: app.handler
      Events:
        Open: { Type: Api, Properties: { RestApiId: !Ref Internal, Path: /report, Method: get } }
        Iam: { Type: Api, Properties: { RestApiId: !Ref Internal, Path: /admin, Method: post, Auth: { Authorizer: AWS_IAM } } }
`;
    assert.deepEqual(
      analyze({ path: 'template.yaml', text: sam, rules: allRules }).endpoints.map((endpoint) => [endpoint.path, endpoint.auth]),
      [['/report', 'none (private API)'], ['/admin', 'iam']],
    );
    const serverless = `service: chat
provider:
  name: aws
functions:
  connect:
    handler: h.connect
    events:
      - websocket: $connect
stepFunctions:
  stateMachines:
    signup:
      events:
        - http: { path: signups, method: post, authorizer: aws_iam }
`;
    assert.deepEqual(
      analyze({ path: 'serverless.yml', text: serverless, rules: allRules }).endpoints.map((endpoint) => [endpoint.method, endpoint.path, endpoint.auth, endpoint.functionName ?? null, endpoint.resource]),
      [
        ['ANY', '$connect', 'none', 'connect', 'functions.connect'],
        ['POST', '/signups', 'iam', null, 'stepFunctions.stateMachines.signup'],
      ],
    );
  });
});

describe('ALB routes in the inventory', () => {
  it('lists each route with its load balancer, auth, function and findings; says when the load balancer is internal or another stack\'s', () => {
    const cloudformation = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SharedListenerArn: { Type: String }
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: a.h, Runtime: nodejs20.x }
  PublicAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [a, b] }
  PrivateAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal, Subnets: [a, b] }
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref PublicAlb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Account:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Http
      Priority: 1
      Conditions: [{ Field: path-pattern, Values: [/account/*] }, { Field: http-request-method, Values: [GET] }]
      Actions: [{ Type: authenticate-cognito, Order: 1 }, { Type: forward, Order: 2, TargetGroupArn: !Ref Targets }]
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
      Conditions: [{ Field: path-pattern, Values: [/shared] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
`;
    const endpoints = analyze({ path: 'template.yaml', text: cloudformation, rules: allRules }).endpoints;
    assert.deepEqual(
      endpoints.map((endpoint) => [endpoint.kind, endpoint.method, endpoint.path, endpoint.auth, endpoint.api ?? null, endpoint.functionName ?? null, endpoint.resource, endpoint.findings.includes('route-missing-auth'), endpoint.edgeValidation]),
      [
        ['alb', 'ANY', '/*', 'none', 'PublicAlb', 'Fn', 'Http', true, false],
        ['alb', 'GET', '/account/*', 'cognito', 'PublicAlb', 'Fn', 'Account', false, false],
        ['alb', 'ANY', '/*', 'none (internal load balancer)', 'PrivateAlb', 'Fn', 'Inside', false, false],
        ['alb', 'ANY', '/shared', 'none (listener not in this template)', null, 'Fn', 'Shared', false, false],
      ],
    );
  });
});
