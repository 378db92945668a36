import rule from './s3-bucket-policy-public-read';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: read restricted to a CloudFront distribution, a Deny, and wider grants (resource-policy-public reports those)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudfront.amazonaws.com }
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*'
            Condition:
              StringEquals: { AWS:SourceArn: !Sub 'arn:aws:cloudfront::\${AWS::AccountId}:distribution/\${Cdn}' }
          - Effect: Deny
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*'
            Condition: { Bool: { aws:SecureTransport: false } }
          - Effect: Allow
            Principal: '*'
            Action: [s3:GetObject, s3:PutObject]
            Resource: !Sub '\${Site.Arn}/*'
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a static website bucket readable by everyone',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Sid: PublicReadForGetBucketObjects
            Effect: Allow
            Principal: '*'
#                      ^^^ s3-bucket-policy-public-read:publicRead
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*'
`,
      errors: [{ messageId: 'publicRead', data: { bucket: 'Site', policy: 'SitePolicy', actions: 's3:GetObject' } }],
    },
    {
      name: 'serverless: a website bucket policy in resources, with AWS *',
      path: 'serverless.yml',
      code: `service: site
provider:
  name: aws
functions:
  api:
    handler: h.api
resources:
  Resources:
    WebsitePolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: my-site-bucket
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal: { AWS: '*' }
#                               ^^^ s3-bucket-policy-public-read:publicRead
              Action: [s3:GetObject, s3:GetObjectVersion]
              Resource: arn:aws:s3:::my-site-bucket/*
`,
      errors: [{ messageId: 'publicRead', data: { bucket: 'my-site-bucket' } }],
    },
    {
      name: 'CloudFormation JSON: the website bucket policy of the AWS sample templates',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "BucketPolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "S3Bucket" },
        "PolicyDocument": {
          "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": { "Fn::Join": ["", ["arn:aws:s3:::", { "Ref": "S3Bucket" }, "/*"]] } }]
//                                                        ^^^ s3-bucket-policy-public-read:publicRead
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'publicRead', data: { bucket: 'S3Bucket' } }],
    },
  ],
});
