import rule from './cloudfront-viewer-http-allowed';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: redirect and https-only behaviors, Fn::If with two HTTPS branches, and a parameter',
      path: 'template.yaml',
      code: `Parameters:
  Policy:
    Type: String
Conditions:
  IsHttps: !Equals [!Ref Policy, x]
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https
        CacheBehaviors: !If
          - IsHttps
          - - PathPattern: '/api/*'
              TargetOriginId: api
              ViewerProtocolPolicy: https-only
          - - PathPattern: '/api/*'
              TargetOriginId: api
              ViewerProtocolPolicy: !Ref Policy
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: allow-all on the default and on one cache behavior',
      path: 'template.yaml',
      code: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: allow-all # legacy
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-viewer-http-allowed:allowAll
        CacheBehaviors:
          - PathPattern: '*.jpg'
            TargetOriginId: site
            ViewerProtocolPolicy: https-only
          - PathPattern: '/api/*'
            TargetOriginId: api
            ViewerProtocolPolicy: 'allow-all'
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-viewer-http-allowed:allowAll
`,
      errors: [
        { messageId: 'allowAll', data: { behavior: 'the default cache behavior' } },
        { messageId: 'allowAll', data: { behavior: 'cache behavior /api/*' } },
      ],
      output: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior:
          TargetOriginId: site
          ViewerProtocolPolicy: redirect-to-https # legacy
        CacheBehaviors:
          - PathPattern: '*.jpg'
            TargetOriginId: site
            ViewerProtocolPolicy: https-only
          - PathPattern: '/api/*'
            TargetOriginId: api
            ViewerProtocolPolicy: 'allow-all'
`,
    },
    {
      name: 'serverless: a branch of Fn::If allows HTTP',
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
          DefaultCacheBehavior:
            TargetOriginId: site
            ViewerProtocolPolicy: !If [IsDev, allow-all, redirect-to-https]
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-viewer-http-allowed:allowAll
`,
      errors: [{ messageId: 'allowAll', data: { when: 'when condition IsDev is true' } }],
    },
    {
      name: 'SAM JSON: allow-all on the default behavior',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cdn": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "DefaultCacheBehavior": { "TargetOriginId": "site", "ViewerProtocolPolicy": "allow-all" }
//                                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cloudfront-viewer-http-allowed:allowAll
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'allowAll', data: { resource: 'Cdn' } }],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cdn": {
      "Type": "AWS::CloudFront::Distribution",
      "Properties": {
        "DistributionConfig": {
          "Enabled": true,
          "DefaultCacheBehavior": { "TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https" }
        }
      }
    }
  }
}
`,
    },
  ],
});
