import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './apigateway-domain-tls-outdated';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: REST domain with TLS_1_2, V2 domain without a policy, and a parameter',
      path: 'template.yaml',
      code: `Parameters:
  Policy:
    Type: String
Resources:
  Rest:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      RegionalCertificateArn: !Ref Certificate
      SecurityPolicy: TLS_1_2
  Http:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: http.example.com
      DomainNameConfigurations:
        - CertificateArn: !Ref Certificate
          EndpointType: REGIONAL
  Configurable:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: other.example.com
      SecurityPolicy: !Ref Policy
`,
    },
    {
      name: 'SAM: an Api domain inheriting TLS_1_2 from Globals, and an HttpApi domain without a policy',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Domain:
      SecurityPolicy: TLS_1_2
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Domain:
        DomainName: api.example.com
        CertificateArn: !Ref Certificate
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Domain:
        DomainName: http.example.com
        CertificateArn: !Ref Certificate
`,
    },
    {
      name: 'serverless: serverless-domain-manager defaults to TLS 1.2',
      path: 'serverless.yml',
      code: `service: api
provider:
  name: aws
plugins:
  - serverless-domain-manager
custom:
  customDomain:
    domainName: api.example.com
    certificateName: '*.example.com'
    securityPolicy: tls_1_2
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: explicit TLS_1_0 and an absent policy on REST domains',
      path: 'template.yaml',
      code: `Resources:
  Legacy:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_0 # for old Android clients
#     ^^^^^^^^^^^^^^^^^^^^^^^ apigateway-domain-tls-outdated:outdatedPolicy
  Unset:
# ^^^^^ apigateway-domain-tls-outdated:defaultPolicy
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: www.example.com
`,
      errors: [
        { messageId: 'outdatedPolicy', data: { resource: 'Legacy', value: 'TLS_1_0' } },
        { messageId: 'defaultPolicy', data: { resource: 'Unset' } },
      ],
      fixIndex: 1,
      output: `Resources:
  Legacy:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_0 # for old Android clients
  Unset:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: www.example.com
      SecurityPolicy: TLS_1_2
`,
    },
    {
      name: 'SAM: an Api Domain without SecurityPolicy, and TLS_1_0 on a V2 domain under a condition',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsLegacy: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Domain:
#     ^^^^^^^ apigateway-domain-tls-outdated:defaultPolicy
        DomainName: api.example.com
        CertificateArn: !Ref Certificate
  V2:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: ws.example.com
      DomainNameConfigurations:
        - CertificateArn: !Ref Certificate
          SecurityPolicy: !If [IsLegacy, TLS_1_0, TLS_1_2]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ apigateway-domain-tls-outdated:outdatedPolicy
`,
      errors: [
        { messageId: 'defaultPolicy', data: { resource: 'Api' } },
        { messageId: 'outdatedPolicy', data: { resource: 'V2', when: 'when condition IsLegacy is true' } },
      ],
      output: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsLegacy: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Domain:
        DomainName: api.example.com
        CertificateArn: !Ref Certificate
        SecurityPolicy: TLS_1_2
  V2:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: ws.example.com
      DomainNameConfigurations:
        - CertificateArn: !Ref Certificate
          SecurityPolicy: !If [IsLegacy, TLS_1_0, TLS_1_2]
`,
    },
    {
      name: 'serverless: serverless-domain-manager with tls_1_0, split by API type',
      path: 'serverless.yml',
      code: `service: api
provider:
  name: aws
plugins:
  - serverless-domain-manager
custom:
  customDomain:
    rest:
      domainName: api.example.com
      securityPolicy: tls_1_0
#     ^^^^^^^^^^^^^^^^^^^^^^^ apigateway-domain-tls-outdated:outdatedPolicy
    http:
      domainName: http.example.com
`,
      errors: [{ messageId: 'outdatedPolicy', data: { resource: 'custom.customDomain.rest', value: 'tls_1_0' } }],
      output: `service: api
provider:
  name: aws
plugins:
  - serverless-domain-manager
custom:
  customDomain:
    rest:
      domainName: api.example.com
      securityPolicy: tls_1_2
    http:
      domainName: http.example.com
`,
    },
    {
      name: 'CloudFormation JSON: TLS_1_0',
      path: 'template.json',
      code: `{
  "Resources": {
    "Domain": {
      "Type": "AWS::ApiGateway::DomainName",
      "Properties": {
        "DomainName": "api.example.com",
        "SecurityPolicy": "TLS_1_0"
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^ apigateway-domain-tls-outdated:outdatedPolicy
      }
    }
  }
}
`,
      errors: [{ messageId: 'outdatedPolicy' }],
      output: `{
  "Resources": {
    "Domain": {
      "Type": "AWS::ApiGateway::DomainName",
      "Properties": {
        "DomainName": "api.example.com",
        "SecurityPolicy": "TLS_1_2"
      }
    }
  }
}
`,
    },
  ],
});

describe("apigateway-domain-tls-outdated: KICS's API Gateway Without Security Policy", () => {
  it('is named on AWS::ApiGateway::DomainName findings, not on V2 domains, SAM domains or serverless.yml', () => {
    const KICS = 'KICS:8275fab0-68ec-4705-bbf4-86975edb170e';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Absent:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
  Old:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: old.example.com
      SecurityPolicy: TLS_1_0
  HttpDomain:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: http.example.com
      DomainNameConfigurations:
        - SecurityPolicy: TLS_1_0
  SamApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Domain:
        DomainName: sam.example.com
        CertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Absent', true],
        ['Old', true],
        ['HttpDomain', false],
        ['SamApi', false],
      ],
    );
    const service = `service: api
provider:
  name: aws
resources:
  Resources:
    Old:
      Type: AWS::ApiGateway::DomainName
      Properties:
        DomainName: old.example.com
        SecurityPolicy: TLS_1_0
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Old', false]]);
  });
});
