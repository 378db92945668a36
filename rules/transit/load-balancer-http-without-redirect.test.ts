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
