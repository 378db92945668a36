import rule from './load-balancer-tls-policy-outdated';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: TLS 1.2 and 1.3 policies, an HTTP listener, an unknown policy name and a parameter',
      path: 'template.yaml',
      code: `Parameters:
  Policy:
    Type: String
Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
  Ext:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS-1-2-Ext-2018-06
  Tls:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: TLS
      SslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06
  Fs:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-FS-1-2-Res-2020-10
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTP
  Future:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-PQ-2099-01
  FromParameter:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: !Ref Policy
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: ELBSecurityPolicy-2016-08 is replaced',
      path: 'template.yaml',
      code: `Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-2016-08 # copied from an old sample
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-tls-policy-outdated:outdatedPolicy
`,
      errors: [{ messageId: 'outdatedPolicy', data: { value: 'ELBSecurityPolicy-2016-08', protocol: 'HTTPS' } }],
      output: `Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06 # copied from an old sample
`,
    },
    {
      name: 'serverless: a TLS listener without SslPolicy gets one',
      path: 'serverless.yml',
      code: `service: nlb
provider:
  name: aws
resources:
  Resources:
    Tls:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        Port: 443
        Protocol: TLS
#       ^^^^^^^^^^^^^ load-balancer-tls-policy-outdated:outdatedPolicy
        Certificates:
          - CertificateArn: !Ref Certificate
`,
      errors: [{ messageId: 'outdatedPolicy', data: { value: 'not set', protocol: 'TLS' } }],
      output: `service: nlb
provider:
  name: aws
resources:
  Resources:
    Tls:
      Type: AWS::ElasticLoadBalancingV2::Listener
      Properties:
        Port: 443
        Protocol: TLS
        Certificates:
          - CertificateArn: !Ref Certificate
        SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
`,
    },
    {
      name: 'SAM YAML: a TLS 1.1 policy on one branch',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsLegacy: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: !If [IsLegacy, ELBSecurityPolicy-TLS13-1-1-2021-06, ELBSecurityPolicy-TLS13-1-2-2021-06]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-tls-policy-outdated:outdatedPolicy
`,
      errors: [{ messageId: 'outdatedPolicy', data: { when: 'when condition IsLegacy is true' } }],
    },
    {
      name: 'CloudFormation JSON: FS-2018-06',
      path: 'template.json',
      code: `{
  "Resources": {
    "Https": {
      "Type": "AWS::ElasticLoadBalancingV2::Listener",
      "Properties": {
        "Protocol": "HTTPS",
        "SslPolicy": "ELBSecurityPolicy-FS-2018-06"
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-tls-policy-outdated:outdatedPolicy
      }
    }
  }
}
`,
      errors: [{ messageId: 'outdatedPolicy' }],
      output: `{
  "Resources": {
    "Https": {
      "Type": "AWS::ElasticLoadBalancingV2::Listener",
      "Properties": {
        "Protocol": "HTTPS",
        "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06"
      }
    }
  }
}
`,
    },
  ],
});
