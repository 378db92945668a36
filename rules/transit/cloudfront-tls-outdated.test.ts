import rule from './cloudfront-tls-outdated';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: ACM certificates with TLS 1.2 and 1.3 policies, and a parameter',
      path: 'template.yaml',
      code: `Parameters:
  MinTls:
    Type: String
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
  Modern:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: !Ref AWS::NoValue
          IamCertificateId: ASCAEXAMPLE
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.3_2025
  Configurable:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: !Ref MinTls
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: SSLv3 and TLSv1_2016 with a custom certificate',
      path: 'template.yaml',
      code: `Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1_2016
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-tls-outdated:outdatedPolicy
`,
      errors: [{ messageId: 'outdatedPolicy', data: { value: 'TLSv1_2016' } }],
      output: `Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
          SslSupportMethod: sni-only
          MinimumProtocolVersion: TLSv1.2_2021
`,
    },
    {
      name: 'serverless: no ViewerCertificate, and CloudFrontDefaultCertificate true',
      path: 'serverless.yml',
      code: `service: site
provider:
  name: aws
resources:
  Resources:
    Site:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
#       ^^^^^^^^^^^^^^^^^^^ cloudfront-tls-outdated:defaultCertificate
          Enabled: true
    Docs:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          ViewerCertificate:
            CloudFrontDefaultCertificate: true
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-tls-outdated:defaultCertificate
`,
      errors: [
        { messageId: 'defaultCertificate', data: { resource: 'Site' } },
        { messageId: 'defaultCertificate', data: { resource: 'Docs' } },
      ],
    },
    {
      name: 'SAM: a condition chooses the default certificate',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  HasDomain: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Site:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        ViewerCertificate: !If
          - HasDomain
          - AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc
            SslSupportMethod: sni-only
            MinimumProtocolVersion: TLSv1.2_2021
          - CloudFrontDefaultCertificate: true
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-tls-outdated:defaultCertificate
`,
      errors: [{ messageId: 'defaultCertificate', data: { when: 'when condition HasDomain is false' } }],
    },
    {
      name: 'CloudFormation JSON: TLSv1.1_2016',
      path: 'template.json',
      code: `{
  "Resources": {
    "Site": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "ViewerCertificate": {
            "AcmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.1_2016"
//          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-tls-outdated:outdatedPolicy
          }
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'outdatedPolicy' }],
      output: `{
  "Resources": {
    "Site": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "ViewerCertificate": {
            "AcmCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc",
            "SslSupportMethod": "sni-only",
            "MinimumProtocolVersion": "TLSv1.2_2021"
          }
        }
      }
    }
  }
}
`,
    },
  ],
});
