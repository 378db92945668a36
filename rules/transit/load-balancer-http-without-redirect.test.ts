import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './load-balancer-http-without-redirect';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: a redirect on one branch of Fn::If makes HTTPS a deploy-time choice (Checkov gives no verdict either)',
      path: 'serverless.yml',
      code: `service: alb
provider:
  name: aws
functions:
  hello:
    handler: h.hello
    events:
      - alb:
          listenerArn: !Ref Http
          priority: 1
          conditions:
            path: /hello
resources:
  Conditions:
    IsHttps: !Equals ['\${sls:stage}', prod]
  Resources:
    Http:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: !Ref Alb
        Port: 80
        Protocol: HTTP
        DefaultActions: !If
          - IsHttps
          - - Type: redirect
              RedirectConfig: { Protocol: HTTPS, Port: '443', StatusCode: HTTP_301 }
          - - Type: fixed-response
              FixedResponseConfig: { StatusCode: '404' }
`,
    },
    {
      name: 'CloudFormation: a redirecting HTTP listener, an HTTPS listener, a TCP listener and unknown actions',
      path: 'template.yaml',
      code: `Parameters:
  Actions:
    Type: String
Resources:
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: redirect
          RedirectConfig:
            Protocol: HTTPS
            Port: '443'
            StatusCode: HTTP_301
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 443
      Protocol: HTTPS
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Functions
  Tcp:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: TCP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Targets
  FromParameter:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 8080
      Protocol: HTTP
      DefaultActions:
        - Type: !Ref Actions
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: HTTP forward to Lambda, and a listener without DefaultActions',
      path: 'template.yaml',
      code: `Resources:
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
#     ^^^^^^^^^^^^^^ load-balancer-http-without-redirect:httpWithoutRedirect
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Functions
  Bare:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Port: 443
      Protocol: HTTP
#     ^^^^^^^^^^^^^^ load-balancer-http-without-redirect:httpWithoutRedirect
`,
      errors: [
        { messageId: 'httpWithoutRedirect', data: { resource: 'Http' } },
        { messageId: 'httpWithoutRedirect', data: { resource: 'Bare' } },
      ],
    },
    {
      name: 'SAM JSON: redirect to HTTP is not a redirect to HTTPS',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Http": {
      "Type": "AWS::ElasticLoadBalancingV2::Listener",
      "Properties": {
        "LoadBalancerArn": { "Ref": "Alb" },
        "Port": 80,
        "Protocol": "HTTP",
//      ^^^^^^^^^^^^^^^^^^ load-balancer-http-without-redirect:httpWithoutRedirect
        "DefaultActions": [{ "Type": "redirect", "RedirectConfig": { "Protocol": "HTTP", "Port": "8080", "StatusCode": "HTTP_302" } }]
      }
    }
  }
}
`,
      errors: [{ messageId: 'httpWithoutRedirect' }],
    },
  ],
});

describe("load-balancer-http-without-redirect: KICS's ALB Listening on HTTP", () => {
  it('is named on a listener with Protocol written HTTP and no redirect action; not on a redirect to HTTP, a parameter or serverless.yml', () => {
    const KICS = 'KICS:275a3217-ca37-40c1-a6cf-bb57d245ab32';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Protocol:
    Type: String
    Default: HTTP
Resources:
  Forward:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1
  RedirectToHttp:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 8080
      Protocol: HTTP
      DefaultActions:
        - Type: redirect
          RedirectConfig: { Protocol: HTTP, Port: '80', StatusCode: HTTP_301 }
  FromParameter:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 81
      Protocol: !Ref Protocol
      DefaultActions:
        - Type: forward
          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Forward', true],
        ['RedirectToHttp', false],
        ['FromParameter', false],
      ],
    );
    const service = `service: web
provider:
  name: aws
resources:
  Resources:
    Forward:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
        Port: 80
        Protocol: HTTP
        DefaultActions:
          - Type: forward
            TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Forward', false]]);
  });
});
