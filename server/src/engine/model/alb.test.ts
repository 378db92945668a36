/**
 * Application Load Balancer routes to Lambda functions as endpoints of the model: CloudFormation and
 * SAM listener rules and listener default actions, serverless.yml `alb` events (and its `resources`),
 * with the auth of their authenticate actions and the load balancer's scheme.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../parse';
import { buildModel } from './build';
import { detectKind } from './kind';
import type { AppModel, Endpoint } from './types';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

/** `form resource method path auth function exposure`, one line per ALB endpoint. */
function albRoutes(model: AppModel): string[] {
  const exposure = (endpoint: Endpoint) => (endpoint.isExposureUnknown ? 'unknown' : endpoint.isPrivateNetwork ? 'internal' : 'public');
  return model.endpoints
    .filter((endpoint) => endpoint.kind === 'alb')
    .map((endpoint) => [endpoint.form, endpoint.resource, endpoint.method, endpoint.path, `${endpoint.auth.type}${endpoint.auth.authorizer ? `(${endpoint.auth.authorizer})` : ''}`, endpoint.functionName ?? '-', exposure(endpoint), endpoint.api ?? '-'].join(' '));
}

const CLOUDFORMATION = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SharedListenerArn: { Type: String }
Resources:
  Api:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: api.handler, Runtime: nodejs20.x }
  Admin:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: admin.handler, Runtime: nodejs20.x }
  Internal:
    Type: AWS::Lambda::Function
    Properties: { Code: src, Handler: internal.handler, Runtime: nodejs20.x }
  PublicAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [a, b] }
  PrivateAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal, Subnets: [a, b] }
  HttpsListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref PublicAlb
      Port: 443
      Protocol: HTTPS
      DefaultActions:
        - Type: forward
          ForwardConfig:
            TargetGroups:
              - TargetGroupArn: !Ref ApiTargets
  AdminRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HttpsListener
      Priority: 1
      Conditions:
        - Field: path-pattern
          PathPatternConfig: { Values: [/admin/*] }
        - Field: http-request-method
          HttpRequestMethodConfig: { Values: [get, post] }
      Actions:
        - Type: authenticate-cognito
          Order: 1
          AuthenticateCognitoConfig: { UserPoolArn: arn:aws:cognito-idp:eu-west-1:1:userpool/x, UserPoolClientId: c, UserPoolDomain: d }
        - Type: forward
          Order: 2
          TargetGroupArn: !Ref AdminTargets
  OpenRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HttpsListener
      Priority: 2
      Conditions:
        - Field: path-pattern
          Values: [/api/*]
      Actions:
        - Type: forward
          TargetGroupArn: !Ref ApiTargets
  OidcRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HttpsListener
      Priority: 3
      Conditions:
        - Field: host-header
          Values: [sso.example.com]
      Actions:
        - Type: authenticate-oidc
          Order: 1
        - Type: forward
          Order: 2
          TargetGroupArn: !Ref ApiTargets
  InternalListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref PrivateAlb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref InternalTargets
  ImportedRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref SharedListenerArn
      Priority: 10
      Conditions:
        - Field: path-pattern
          Values: [/shared/*]
      Actions:
        - Type: forward
          TargetGroupArn: !Ref InternalTargets
  NotLambda:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref HttpsListener
      Priority: 20
      Conditions: [{ Field: path-pattern, Values: [/legacy/*] }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref InstanceTargets }]
  ApiTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Api.Arn }]
  AdminTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Admin.Arn }]
  InternalTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Internal.Arn }]
  InstanceTargets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: { TargetType: instance, Port: 80, Protocol: HTTP, VpcId: vpc-1 }
`;

describe('model: ALB routes to Lambda functions', () => {
  it('CloudFormation: listener rules and default actions, with their auth, methods, paths and the load balancer scheme', () => {
    assert.deepEqual(albRoutes(modelOf('template.yaml', CLOUDFORMATION)), [
      'cfn-alb-listener HttpsListener ANY /* none Api public PublicAlb',
      'cfn-alb-listener-rule AdminRule GET,POST /admin/* cognito Admin public PublicAlb',
      'cfn-alb-listener-rule OpenRule ANY /api/* none Api public PublicAlb',
      'cfn-alb-listener-rule OidcRule ANY /* jwt Api public PublicAlb',
      'cfn-alb-listener InternalListener ANY /* none Internal internal PrivateAlb',
      // The listener is a parameter: another stack's, of a scheme this template does not show.
      'cfn-alb-listener-rule ImportedRule ANY /shared/* none Internal unknown -',
    ]);
    const rule = modelOf('template.yaml', CLOUDFORMATION).endpoints.find((endpoint) => endpoint.resource === 'OpenRule');
    assert.equal(rule?.targetGroup, 'ApiTargets');
  });

  it('SAM: a function of AWS::Serverless::Function behind a listener rule of the same template', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, Runtime: nodejs20.x, CodeUri: src }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internet-facing, Subnets: [a, b] }
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }]
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 1
      Conditions: [{ Field: http-request-method, HttpRequestMethodConfig: { Values: [POST] } }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
  Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
`;
    assert.deepEqual(albRoutes(modelOf('template.yaml', sam)), ['cfn-alb-listener-rule Rule POST /* none Fn public Alb']);
  });

  it('serverless.yml: alb events with and without authorizer, on an imported listener and on one of its resources', () => {
    const serverless = `service: shop
provider:
  name: aws
  alb:
    authorizers:
      pool:
        type: cognito
        userPoolArn: arn:aws:cognito-idp:eu-west-1:1:userpool/x
        userPoolClientId: c
        userPoolDomain: d
      sso:
        type: oidc
        issuer: https://sso.example.com
functions:
  open:
    handler: h.open
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/shared/1/2
          priority: 1
          conditions:
            path: /open
  mine:
    handler: h.mine
    events:
      - alb:
          listenerArn: !Ref Listener
          priority: 2
          conditions:
            path: [/orders, /orders/*]
            method: [GET, post]
      - alb:
          listenerArn: !Ref Listener
          priority: 3
          authorizer: pool
          conditions:
            path: /account
      - alb:
          listenerArn: { Ref: Listener }
          priority: 4
          authorizer: [sso]
          conditions:
            host: sso.example.com
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
`;
    assert.deepEqual(albRoutes(modelOf('serverless.yml', serverless)), [
      'serverless-alb functions.open ANY /open none open unknown -',
      'serverless-alb functions.mine GET,POST /orders, /orders/* none mine public Alb',
      'serverless-alb functions.mine ANY /account cognito(pool) mine public Alb',
      'serverless-alb functions.mine ANY /* jwt(sso) mine public Alb',
    ]);
  });

  it("serverless.yml resources: a listener rule naming a function by the Framework's logical id", () => {
    const serverless = `service: shop
provider:
  name: aws
functions:
  get-item:
    handler: h.get
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties: { Scheme: internal, Subnets: [a, b] }
    Listener:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: !Ref Alb
        Port: 80
        Protocol: HTTP
        DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Targets }]
    Targets:
      Type: AWS::ElasticLoadBalancingV2::TargetGroup
      Properties:
        TargetType: lambda
        Targets: [{ Id: !GetAtt GetDashitemLambdaFunction.Arn }]
`;
    assert.deepEqual(albRoutes(modelOf('serverless.yml', serverless)), ['cfn-alb-listener Listener ANY /* none get-item internal Alb']);
  });
});
