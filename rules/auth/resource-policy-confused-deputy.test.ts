import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './resource-policy-confused-deputy';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: source conditions with any operator (StringEquals, ArnLike, StringLike, ForAnyValue, IfExists), an org condition, a KMS encryption context',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              ArnLike:
                aws:SourceArn: !GetAtt Rule.Arn
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              StringEquals:
                AWS:SourceAccount: '123456789012'
          - Effect: Allow
            Principal: { Service: cloudwatch.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              ForAnyValue:StringEquals:
                aws:SourceOrgID: o-abc123
          - Effect: Allow
            Principal: { Service: budgets.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              StringEqualsIfExists:
                aws:SourceOrgPaths: o-abc123/r-ab12/ou-ab12-11111111/*
          - Effect: Allow
            Principal: { Service: codestar-notifications.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
            Condition:
              StringLike:
                aws:SourceArn: !Sub 'arn:aws:codestar-notifications:*:\${AWS::AccountId}:notificationrule/*'
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }
            Action: kms:*
            Resource: '*'
          - Effect: Allow
            Principal: { Service: !Sub 'logs.\${AWS::Region}.amazonaws.com' }
            Action: [kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*]
            Resource: '*'
            Condition:
              ArnLike:
                kms:EncryptionContext:aws:logs:arn: !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:*'
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: [kms:Decrypt, kms:GenerateDataKey]
            Resource: '*'
  Deny:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: { Service: delivery.logs.amazonaws.com }
            Action: s3:*
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation: an unreadable Condition is given the benefit of the doubt; account principals are not services',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Strict: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sns.amazonaws.com }
            Action: sqs:SendMessage
            Resource: '*'
            Condition: !If [Strict, { ArnEquals: { aws:SourceArn: !Ref Topic } }, !Ref AWS::NoValue]
          - Effect: Allow
            Principal: { AWS: '123456789012' }
            Action: sqs:SendMessage
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation: a Cognito SMS role that requires the ExternalId',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SmsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cognito-idp.amazonaws.com }
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                sts:ExternalId: pool-sms
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: an ECR repository that lets Lambda pull without a source (cross-account images), with no fix',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryName: orders-api
      RepositoryPolicyText:
        Version: '2012-10-17'
        Statement:
          - Sid: LambdaPull # for the functions of the app account
            Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
#                                 ^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
`,
      // No fix: a repository policy names Lambda for functions in other accounts (Lambda grants itself pulls in the
      // repository's own account), so this account's id in aws:SourceAccount would lock them out.
      errors: [{ messageId: 'serviceWithoutSource', data: { principal: 'lambda.amazonaws.com', what: 'repository Images', policy: 'Images' } }],
    },
    {
      name: 'CloudFormation YAML: EventBridge to SNS without a source, fixed with a new Condition',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: events.amazonaws.com
#                      ^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: sns:Publish
            Resource: !Ref Topic # the alarms topic
`,
      errors: [{ messageId: 'serviceWithoutSource', data: { principal: 'events.amazonaws.com', what: 'topic Topic' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: events.amazonaws.com
            Action: sns:Publish
            Resource: !Ref Topic # the alarms topic
            Condition:
              StringEquals:
                "aws:SourceAccount": !Ref AWS::AccountId
`,
    },
    {
      name: 'CloudFormation YAML: a SourceArn whose account is a wildcard names no source (any account can create a topic of that name); a bucket ARN without account stays a restriction',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sns.amazonaws.com }
#                                 ^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !Sub 'arn:aws:sns:\${AWS::Region}:*:orders'
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnLike:
                aws:SourceArn: arn:aws:s3:::uploads-bucket
`,
      errors: [{ messageId: 'serviceWithoutSource', data: { principal: 'sns.amazonaws.com', what: 'queue', target: 'Queue' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: sns.amazonaws.com }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals:
                aws:SourceArn: !Sub 'arn:aws:sns:\${AWS::Region}:*:orders'
              StringEquals:
                "aws:SourceAccount": !Ref AWS::AccountId
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnLike:
                aws:SourceArn: arn:aws:s3:::uploads-bucket
`,
    },
    {
      name: 'SAM: a principal chosen by Fn::If names each service with its own condition; the fix keeps the comment',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow # encrypted topic or queue, by stage
            Principal:
              Service: !If [IsProd, sns.amazonaws.com, sqs.amazonaws.com]
#                                   ^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: [kms:GenerateDataKey*, kms:Decrypt]
            Resource: '*'
`,
      errors: [
        {
          messageId: 'serviceWithoutSource',
          data: {
            message:
              'Key lets sns.amazonaws.com (when condition IsProd is true), sqs.amazonaws.com (when condition IsProd is false) call kms:GenerateDataKey*, kms:Decrypt on KMS key Key on behalf of any AWS account: the statement has no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition that names a source.',
          },
        },
      ],
      output: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow # encrypted topic or queue, by stage
            Principal:
              Service: !If [IsProd, sns.amazonaws.com, sqs.amazonaws.com]
            Action: [kms:GenerateDataKey*, kms:Decrypt]
            Resource: '*'
            Condition:
              StringEquals:
                "aws:SourceAccount": !Ref AWS::AccountId
`,
    },
    {
      name: 'CloudFormation YAML: merged into an existing StringEquals (log delivery to S3), and a wildcard SourceArn does not count',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: delivery.logs.amazonaws.com }
#                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: s3:PutObject
            Resource: !Sub '\${Logs.Arn}/*'
            Condition:
              StringEquals:
                s3:x-amz-acl: bucket-owner-full-control
              ArnLike:
                aws:SourceArn: arn:aws:logs:*:*:*
`,
      errors: [{ messageId: 'serviceWithoutSource' }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: delivery.logs.amazonaws.com }
            Action: s3:PutObject
            Resource: !Sub '\${Logs.Arn}/*'
            Condition:
              StringEquals:
                s3:x-amz-acl: bucket-owner-full-control
                "aws:SourceAccount": !Ref AWS::AccountId
              ArnLike:
                aws:SourceArn: arn:aws:logs:*:*:*
`,
    },
    {
      name: 'CloudFormation YAML: CloudTrail reading the bucket ACL is metadata only (info), fixed as the others',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TrailPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Trail
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudtrail.amazonaws.com }
#                                 ^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:metadataReadWithoutSource
            Action: s3:GetBucketAcl
            Resource: !GetAtt Trail.Arn
`,
      errors: [{ messageId: 'metadataReadWithoutSource' }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  TrailPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Trail
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cloudtrail.amazonaws.com }
            Action: s3:GetBucketAcl
            Resource: !GetAtt Trail.Arn
            Condition:
              StringEquals:
                "aws:SourceAccount": !Ref AWS::AccountId
`,
    },
    {
      name: 'SAM: a KMS key for CloudWatch Logs gets the log-group encryption context, not SourceAccount',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  LogsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              Service: !Sub 'logs.\${AWS::Region}.amazonaws.com'
#                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: [kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*]
            Resource: '*'
`,
      errors: [{ messageId: 'serviceWithoutSource', data: { principal: 'logs.${AWS::Region}.amazonaws.com', what: 'KMS key LogsKey' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  LogsKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              Service: !Sub 'logs.\${AWS::Region}.amazonaws.com'
            Action: [kms:Encrypt*, kms:Decrypt*, kms:GenerateDataKey*]
            Resource: '*'
            Condition:
              ArnLike:
                "kms:EncryptionContext:aws:logs:arn": !Sub 'arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:*'
`,
    },
    {
      name: 'SAM: services beside an account principal are reported without a fix (the condition would lock the account out)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Secret:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref DbSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'
              Service: [appsync.amazonaws.com, pipes.amazonaws.com]
#                       ^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
            Action: secretsmanager:GetSecretValue
            Resource: '*'
`,
      errors: [{ messageId: 'serviceWithoutSource', data: { principal: 'appsync.amazonaws.com, pipes.amazonaws.com', what: 'secret DbSecret' } }],
    },
    {
      name: 'serverless.yml resources: S3 to SQS, fixed with ${aws:accountId}',
      path: 'serverless.yml',
      code: `service: uploads
provider:
  name: aws
functions:
  scan:
    handler: h.scan
resources:
  Resources:
    QueuePolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues:
          - Ref: Uploads
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal:
                Service: s3.amazonaws.com
#                        ^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
              Action: sqs:SendMessage
              Resource:
                Fn::GetAtt: [Uploads, Arn]
`,
      errors: [{ messageId: 'serviceWithoutSource', data: { what: 'queue Uploads' } }],
      output: `service: uploads
provider:
  name: aws
functions:
  scan:
    handler: h.scan
resources:
  Resources:
    QueuePolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues:
          - Ref: Uploads
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal:
                Service: s3.amazonaws.com
              Action: sqs:SendMessage
              Resource:
                Fn::GetAtt: [Uploads, Arn]
              Condition:
                StringEquals:
                  "aws:SourceAccount": '\${aws:accountId}'
`,
    },
    {
      name: 'CloudFormation JSON: an EventBridge bus policy statement for a service, fixed with {"Ref": "AWS::AccountId"}',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "BusPolicy": {
      "Type": "AWS::Events::EventBusPolicy",
      "Properties": {
        "EventBusName": { "Ref": "Bus" },
        "StatementId": "FromScheduler",
        "Statement": {
          "Effect": "Allow",
          "Principal": { "Service": "scheduler.amazonaws.com" },
//                                  ^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
          "Action": "events:PutEvents",
          "Resource": { "Fn::GetAtt": ["Bus", "Arn"] }
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'serviceWithoutSource', data: { what: 'event bus Bus' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "BusPolicy": {
      "Type": "AWS::Events::EventBusPolicy",
      "Properties": {
        "EventBusName": { "Ref": "Bus" },
        "StatementId": "FromScheduler",
        "Statement": {
          "Effect": "Allow",
          "Principal": { "Service": "scheduler.amazonaws.com" },
          "Action": "events:PutEvents",
          "Resource": { "Fn::GetAtt": ["Bus", "Arn"] },
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": {
                "Ref": "AWS::AccountId"
              }
            }
          }
        }
      }
    }
  }
}`,
    },
    {
      name: 'CloudFormation JSON: a KMS key for CloudWatch alarms, merged into an existing Condition',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AlarmKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "Service": "cloudwatch.amazonaws.com" },
//                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:serviceWithoutSource
              "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
              "Resource": "*",
              "Condition": {
                "StringNotEquals": { "aws:SourceAccount": "111122223333" }
              }
            }
          ]
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'serviceWithoutSource' }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AlarmKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "KeyPolicy": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "Service": "cloudwatch.amazonaws.com" },
              "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
              "Resource": "*",
              "Condition": {
                "StringNotEquals": { "aws:SourceAccount": "111122223333" },
                "StringEquals": {
                  "aws:SourceAccount": {
                    "Ref": "AWS::AccountId"
                  }
                }
              }
            }
          ]
        }
      }
    }
  }
}`,
    },
    {
      name: 'CloudFormation: the Cognito SMS role, fixed with the ExternalId its user pool sends',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      SmsConfiguration:
        SnsCallerArn: !GetAtt SmsRole.Arn
        ExternalId: !Sub '\${AWS::StackName}-sms'
  SmsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: cognito-idp.amazonaws.com
#                      ^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:smsRoleWithoutExternalId
            Action: sts:AssumeRole
`,
      errors: [{ messageId: 'smsRoleWithoutExternalId', data: { role: 'SmsRole', hint: 'user pool Pool sends an ExternalId' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::UserPool
    Properties:
      SmsConfiguration:
        SnsCallerArn: !GetAtt SmsRole.Arn
        ExternalId: !Sub '\${AWS::StackName}-sms'
  SmsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Service: cognito-idp.amazonaws.com
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                "sts:ExternalId": !Sub '\${AWS::StackName}-sms'
`,
    },
    {
      name: 'serverless.yml resources: the Cognito SMS role shared with Lambda gets no fix, and a pool without ExternalId is named',
      path: 'serverless.yml',
      code: `service: auth
provider:
  name: aws
resources:
  Resources:
    Pool:
      Type: AWS::Cognito::UserPool
      Properties:
        SmsConfiguration:
          SnsCallerArn:
            Fn::GetAtt: [SmsRole, Arn]
    SmsRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal:
                Service: [lambda.amazonaws.com, cognito-idp.amazonaws.com]
#                                               ^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-confused-deputy:smsRoleWithoutExternalId
              Action: sts:AssumeRole
`,
      errors: [{ messageId: 'smsRoleWithoutExternalId', data: { hint: 'set SmsConfiguration.ExternalId on user pool Pool' } }],
    },
  ],
});

describe('resource-policy-confused-deputy: container repositories', () => {
  it('offers no fix on an ECR repository policy, whose Lambda statement serves other accounts', () => {
    const text = `Resources:
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
`;
    const result = analyze({ path: 'template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.findings.map((finding) => [finding.messageId, finding.fixes.length]), [['serviceWithoutSource', 0]]);
  });
});
