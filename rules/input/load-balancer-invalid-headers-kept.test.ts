import rule from './load-balancer-invalid-headers-kept';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation YAML: quoted and unquoted true, Network and Gateway Load Balancers, unknown values',
      path: 'template.yaml',
      code: `Parameters:
  LbType:
    Type: String
  Attributes:
    Type: CommaDelimitedList
  AttributeKey:
    Type: String
  DropHeaders:
    Type: String
Resources:
  Quoted:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref SubnetA, !Ref SubnetB]
      LoadBalancerAttributes:
        - Key: idle_timeout.timeout_seconds
          Value: '60'
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'true'
  Unquoted:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: true
  Network:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      Subnets: [!Ref SubnetA]
  Gateway:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: gateway
      Subnets: [!Ref SubnetA]
  TypeFromParameter:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: !Ref LbType
  WholeListFromParameter:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: !Ref Attributes
  KeyFromParameter:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: !Ref AttributeKey
          Value: 'true'
  ValueFromParameter:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: !Ref DropHeaders
  ItemFromImport:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - !ImportValue shared-alb-attribute
`,
    },
    {
      name: 'CloudFormation JSON: the attribute set to "true", and both branches of an Fn::If dropping headers',
      path: 'template.json',
      code: `{
  "Conditions": { "IsProd": { "Fn::Equals": [{ "Ref": "AWS::AccountId" }, "123456789012"] } },
  "Resources": {
    "Alb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "Scheme": "internet-facing",
        "LoadBalancerAttributes": [
          { "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" }
        ]
      }
    },
    "Switched": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "LoadBalancerAttributes": { "Fn::If": ["IsProd",
          [{ "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" }, { "Key": "deletion_protection.enabled", "Value": "true" }],
          [{ "Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true" }]
        ] }
      }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: other attributes only; the item is appended to the list',
      path: 'template.yaml',
      code: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
      LoadBalancerAttributes:
#     ^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
        - Key: idle_timeout.timeout_seconds
          Value: '30'
        - Key: deletion_protection.enabled # keep in prod
          Value: 'true'
      Subnets: [!Ref SubnetA, !Ref SubnetB]
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Alb', attribute: 'routing.http.drop_invalid_header_fields.enabled' } }],
      output: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
      LoadBalancerAttributes:
        - Key: idle_timeout.timeout_seconds
          Value: '30'
        - Key: deletion_protection.enabled # keep in prod
          Value: 'true'
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'true'
      Subnets: [!Ref SubnetA, !Ref SubnetB]
`,
    },
    {
      name: 'CloudFormation YAML: the attribute set to false; the value becomes true',
      path: 'template.yaml',
      code: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'false'
#                ^^^^^^^ load-balancer-invalid-headers-kept:notTrue
`,
      errors: [{ messageId: 'notTrue', data: { resource: 'Alb', value: 'to "false", not "true"' } }],
      output: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'true'
`,
    },
    {
      name: 'CloudFormation YAML: no LoadBalancerAttributes; the property is added',
      path: 'template.yaml',
      code: `Resources:
  Alb:
# ^^^ load-balancer-invalid-headers-kept:notSet
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets:
        - !Ref SubnetA
        - !Ref SubnetB
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Alb' } }],
      output: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets:
        - !Ref SubnetA
        - !Ref SubnetB
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'true'
`,
    },
    {
      name: 'CloudFormation YAML: a flow list gets a flow item (an empty list is reported too)',
      path: 'template.yaml',
      code: `Resources:
  Flow:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: [{ Key: idle_timeout.timeout_seconds, Value: '30' }]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
  Empty:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: []
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Flow' } }, { messageId: 'notSet', data: { resource: 'Empty' } }],
      output: `Resources:
  Flow:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: [{ Key: idle_timeout.timeout_seconds, Value: '30' }, { Key: routing.http.drop_invalid_header_fields.enabled, Value: 'true' }]
  Empty:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: []
`,
    },
    {
      name: 'CloudFormation YAML: an empty list gets the item',
      path: 'template.yaml',
      code: `Resources:
  Empty:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: []
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
`,
      errors: [{ messageId: 'notSet' }],
      output: `Resources:
  Empty:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: [{ Key: routing.http.drop_invalid_header_fields.enabled, Value: 'true' }]
`,
    },
    {
      name: 'CloudFormation JSON: other attributes only; the item is appended',
      path: 'template.json',
      code: `{
  "Resources": {
    "Alb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "Scheme": "internet-facing",
        "LoadBalancerAttributes": [
//      ^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
          { "Key": "idle_timeout.timeout_seconds", "Value": "30" }
        ]
      }
    }
  }
}
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Alb' } }],
      output: `{
  "Resources": {
    "Alb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "Scheme": "internet-facing",
        "LoadBalancerAttributes": [
          { "Key": "idle_timeout.timeout_seconds", "Value": "30" },
          {
            "Key": "routing.http.drop_invalid_header_fields.enabled",
            "Value": "true"
          }
        ]
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation JSON: no LoadBalancerAttributes (a Network Load Balancer beside it is not concerned)',
      path: 'template.json',
      code: `{
  "Resources": {
    "Alb": {
//  ^^^^^ load-balancer-invalid-headers-kept:notSet
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "Type": "application",
        "Scheme": "internal"
      }
    },
    "Nlb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": { "Type": "network" }
    }
  }
}
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Alb' } }],
      output: `{
  "Resources": {
    "Alb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": {
        "Type": "application",
        "Scheme": "internal",
        "LoadBalancerAttributes": [
          {
            "Key": "routing.http.drop_invalid_header_fields.enabled",
            "Value": "true"
          }
        ]
      }
    },
    "Nlb": {
      "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "Properties": { "Type": "network" }
    }
  }
}
`,
    },
    {
      name: 'serverless: an ALB in resources.Resources in front of alb events',
      path: 'serverless.yml',
      code: `service: alb
provider:
  name: aws
functions:
  hello:
    handler: h.hello
    events:
      - alb:
          listenerArn: !Ref Https
          priority: 1
          conditions:
            path: /hello
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties:
        Type: application
        Subnets: \${self:custom.subnets}
        LoadBalancerAttributes:
#       ^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
          - Key: access_logs.s3.enabled
            Value: 'true'
          - Key: access_logs.s3.bucket
            Value: !Ref Logs
`,
      errors: [{ messageId: 'notSet', data: { resource: 'Alb' } }],
      output: `service: alb
provider:
  name: aws
functions:
  hello:
    handler: h.hello
    events:
      - alb:
          listenerArn: !Ref Https
          priority: 1
          conditions:
            path: /hello
resources:
  Resources:
    Alb:
      Type: AWS::ElasticLoadBalancingV2::LoadBalancer
      Properties:
        Type: application
        Subnets: \${self:custom.subnets}
        LoadBalancerAttributes:
          - Key: access_logs.s3.enabled
            Value: 'true'
          - Key: access_logs.s3.bucket
            Value: !Ref Logs
          - Key: routing.http.drop_invalid_header_fields.enabled
            Value: 'true'
`,
    },
    {
      name: 'Fn::If: the attribute only in production, a false value in one branch, and an ALB-or-NLB type (no fix on branches)',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref 'AWS::AccountId', '123456789012']
  UseAlb: !Equals [!Ref 'AWS::Region', eu-west-1]
Resources:
  ProdOnly:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: !If
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notSet
        - IsProd
        - - Key: routing.http.drop_invalid_header_fields.enabled
            Value: 'true'
        - - Key: idle_timeout.timeout_seconds
            Value: '30'
  ValueSwitched:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: !If [IsProd, 'true', 'false']
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ load-balancer-invalid-headers-kept:notTrue
  AlbOrNlb:
# ^^^^^^^^ load-balancer-invalid-headers-kept:notSet
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: !If [UseAlb, application, network]
`,
      errors: [
        { messageId: 'notSet', data: { resource: 'ProdOnly', when: ' when condition IsProd is false:' } },
        { messageId: 'notTrue', data: { resource: 'ValueSwitched', when: ' when condition IsProd is false:' } },
        { messageId: 'notSet', data: { resource: 'AlbOrNlb', when: ' when condition UseAlb is true:' } },
      ],
    },
  ],
});
