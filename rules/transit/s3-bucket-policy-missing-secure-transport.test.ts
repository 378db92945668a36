import rule from './s3-bucket-policy-missing-secure-transport';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: a policy with the HTTPS-only deny, a bucket without a policy, and an unreadable policy',
      path: 'template.yaml',
      code: `Resources:
  Site:
    Type: AWS::S3::Bucket
  Plain:
    Type: AWS::S3::Bucket
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
          - Sid: AllowSSLRequestsOnly
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!GetAtt Site.Arn, !Sub '\${Site.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: false
  Imported:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Plain
      PolicyDocument: !ImportValue shared-policy
`,
    },
    {
      name: 'serverless: BoolIfExists with a list value',
      path: 'serverless.yml',
      code: `service: files
provider:
  name: aws
resources:
  Resources:
    Uploads:
      Type: AWS::S3::Bucket
    UploadsPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: !Ref Uploads
        PolicyDocument:
          Statement:
            - Effect: Deny
              Principal: '*'
              Action: 's3:*'
              Resource: '*'
              Condition: { BoolIfExists: { 'aws:SecureTransport': ['false'] } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: the deny is appended to the statements',
      path: 'template.yaml',
      code: `Resources:
  Site:
    Type: AWS::S3::Bucket
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
#     ^^^^^^^^^^^^^^^ s3-bucket-policy-missing-secure-transport:missingDeny
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: cloudfront.amazonaws.com }
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*' # objects only
`,
      errors: [{ messageId: 'missingDeny', data: { resource: 'SitePolicy', bucket: 'bucket Site' } }],
      output: `Resources:
  Site:
    Type: AWS::S3::Bucket
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: cloudfront.amazonaws.com }
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*' # objects only
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource:
              - !GetAtt Site.Arn
              - !Join ['', [!GetAtt Site.Arn, '/*']]
            Condition:
              Bool:
                aws:SecureTransport: 'false'
`,
    },
    {
      name: 'SAM YAML: an Allow on SecureTransport true is not a deny; a bucket by name gets no fix',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-logs-bucket
      PolicyDocument:
#     ^^^^^^^^^^^^^^^ s3-bucket-policy-missing-secure-transport:missingDeny
        Statement:
          - Effect: Allow
            Principal: { Service: logging.s3.amazonaws.com }
            Action: s3:PutObject
            Resource: arn:aws:s3:::my-logs-bucket/*
            Condition:
              Bool:
                aws:SecureTransport: true
`,
      errors: [{ messageId: 'missingDeny', data: { bucket: 'bucket my-logs-bucket' } }],
    },
    {
      name: 'serverless: the deny is only on one branch of Fn::If',
      path: 'serverless.yml',
      code: `service: files
provider:
  name: aws
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
  Resources:
    Uploads:
      Type: AWS::S3::Bucket
    UploadsPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: !Ref Uploads
        PolicyDocument:
#       ^^^^^^^^^^^^^^^ s3-bucket-policy-missing-secure-transport:missingDeny
          Statement: !If
            - IsProd
            - - Effect: Deny
                Principal: '*'
                Action: 's3:*'
                Resource: '*'
                Condition: { Bool: { 'aws:SecureTransport': 'false' } }
            - - Effect: Allow
                Principal: { AWS: !Ref AWS::AccountId }
                Action: 's3:GetObject'
                Resource: '*'
`,
      errors: [{ messageId: 'missingDeny', data: { when: 'when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation YAML: a deny statement that is AWS::NoValue on one branch',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Site:
    Type: AWS::S3::Bucket
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
#     ^^^^^^^^^^^^^^^ s3-bucket-policy-missing-secure-transport:missingDeny
        Statement:
          - Effect: Allow
            Principal: { AWS: !Ref AWS::AccountId }
            Action: s3:GetObject
            Resource: '*'
          - !If
            - IsProd
            - Effect: Deny
              Principal: '*'
              Action: 's3:*'
              Resource: '*'
              Condition: { Bool: { 'aws:SecureTransport': 'false' } }
            - !Ref AWS::NoValue
`,
      errors: [{ messageId: 'missingDeny', data: { when: 'when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation JSON: the deny is appended',
      path: 'template.json',
      code: `{
  "Resources": {
    "Site": { "Type": "AWS::S3::Bucket" },
    "SitePolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "Site" },
        "PolicyDocument": {
//      ^^^^^^^^^^^^^^^^^ s3-bucket-policy-missing-secure-transport:missingDeny
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
              "Action": "s3:GetObject",
              "Resource": "*"
            }
          ]
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'missingDeny' }],
      output: `{
  "Resources": {
    "Site": { "Type": "AWS::S3::Bucket" },
    "SitePolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": { "Ref": "Site" },
        "PolicyDocument": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
              "Action": "s3:GetObject",
              "Resource": "*"
            },
            {
              "Sid": "DenyInsecureTransport",
              "Effect": "Deny",
              "Principal": "*",
              "Action": "s3:*",
              "Resource": [
                {
                  "Fn::GetAtt": [
                    "Site",
                    "Arn"
                  ]
                },
                {
                  "Fn::Join": [
                    "",
                    [
                      {
                        "Fn::GetAtt": [
                          "Site",
                          "Arn"
                        ]
                      },
                      "/*"
                    ]
                  ]
                }
              ],
              "Condition": {
                "Bool": {
                  "aws:SecureTransport": "false"
                }
              }
            }
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
