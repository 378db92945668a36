import rule from './cloudfront-origin-http-only';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: https-only and match-viewer origins, an S3 origin, and an S3 website endpoint',
      path: 'template.yaml',
      code: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: api
            DomainName: !Sub '\${Api}.execute-api.\${AWS::Region}.amazonaws.com'
            CustomOriginConfig:
              OriginProtocolPolicy: https-only
          - Id: app
            DomainName: app.example.com
            CustomOriginConfig: { OriginProtocolPolicy: match-viewer }
          - Id: assets
            DomainName: !GetAtt Assets.RegionalDomainName
            S3OriginConfig: {}
          - Id: site
            DomainName: !Sub '\${Site}.s3-website-\${AWS::Region}.amazonaws.com'
            CustomOriginConfig:
              OriginProtocolPolicy: http-only
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: an ALB origin over HTTP',
      path: 'template.yaml',
      code: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: alb
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig:
              HTTPPort: 80
              OriginProtocolPolicy: http-only # the ALB has no certificate yet
#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-origin-http-only:httpOnly
`,
      errors: [{ messageId: 'httpOnly', data: { resource: 'Cdn', origin: 'alb' } }],
      output: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins:
          - Id: alb
            DomainName: !GetAtt Alb.DNSName
            CustomOriginConfig:
              HTTPPort: 80
              OriginProtocolPolicy: https-only # the ALB has no certificate yet
`,
    },
    {
      name: 'serverless: an origin over HTTP under a condition',
      path: 'serverless.yml',
      code: `service: site
provider:
  name: aws
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
  Resources:
    Cdn:
      Type: AWS::CloudFront::Distribution
      Properties:
        DistributionConfig:
          Enabled: true
          Origins:
            - Id: backend
              DomainName: backend.example.com
              CustomOriginConfig:
                OriginProtocolPolicy: !If [IsDev, http-only, https-only]
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-origin-http-only:httpOnly
`,
      errors: [{ messageId: 'httpOnly', data: { when: 'when condition IsDev is true' } }],
    },
    {
      name: 'SAM JSON: an origin over HTTP',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cdn": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "Origins": [
            { "Id": "backend", "DomainName": "backend.example.com", "CustomOriginConfig": { "OriginProtocolPolicy": "http-only" } }
//                                                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-origin-http-only:httpOnly
          ]
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'httpOnly' }],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cdn": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "Origins": [
            { "Id": "backend", "DomainName": "backend.example.com", "CustomOriginConfig": { "OriginProtocolPolicy": "https-only" } }
          ]
        }
      }
    }
  }
}
`,
    },
  ],
});
