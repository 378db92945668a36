import rule from './iam-permissions-management';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: sqs:* on * is left to iam-wildcard-action, whose finding names permissions management and answers CKV_AWS_109',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: sqs:*
      Resource: '*'
functions:
  worker:
    handler: h.worker
`,
    },
    {
      name: 'serverless: permissions management scoped to one bucket; Write actions on *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [s3:PutBucketPolicy, s3:PutBucketAcl]
          Resource: arn:aws:s3:::orders
        - Effect: Allow
          Action: [sqs:SendMessage, s3:Get*]
          Resource: '*'
functions:
  admin:
    handler: h.admin
`,
    },
    {
      name: 'CloudFormation: Deny, a tag condition, escalation actions (reported by iam-privilege-escalation)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: '*'
            Resource: '*'
          - Effect: Allow
            Action: kms:CreateGrant
            Resource: '*'
            Condition:
              StringEquals:
                aws:ResourceTag/team: orders
          - Effect: Allow
            Action: [iam:PutRolePolicy, iam:PassRole]
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: iam:ChangePassword on one user',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "iam:ChangePassword", "Resource": "arn:aws:iam::111111111111:user/alice" }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: s3:PutBucketPolicy on arn:aws:s3:::* reaches every bucket; on one bucket it does not',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:PutBucketPolicy
#                   ^^^^^^^^^^^^^^^^^^ iam-permissions-management:permissionsManagement
            Resource: 'arn:aws:s3:::*'
          - Effect: Allow
            Action: s3:PutBucketAcl
            Resource: 'arn:aws:s3:::my-bucket'
`,
      errors: [{ messageId: 'permissionsManagement', data: { resource: "Resource 'arn:aws:s3:::*'", actions: 's3:PutBucketPolicy' } }],
    },
    {
      name: 'serverless: sqs:Set* and sqs:*Permission on * include SetQueueAttributes and AddPermission',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: ['sqs:Set*', 'sqs:*Permission']
#              ^^^^^^^^^^ iam-permissions-management:permissionsManagement
      Resource: '*'
functions:
  worker:
    handler: h.worker
`,
      errors: [{ messageId: 'permissionsManagement', data: { action: "'sqs:Set*'", holder: 'function worker' } }],
    },
    {
      name: 'SAM: s3:PutBucketAcl on * (Checkov CKV_AWS_109)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [s3:GetObject, s3:PutBucketAcl]
#                                    ^^^^^^^^^^^^^^^ iam-permissions-management:permissionsManagement
              Resource: '*'
`,
      errors: [{ messageId: 'permissionsManagement', data: { action: 's3:PutBucketAcl', holder: 'function Fn', actions: 's3:PutBucketAcl' } }],
    },
    {
      name: 'CloudFormation: iam:ChangePassword on * (as Checkov); Action * on * is left to iam-wildcard-action, which answers CKV_AWS_109 for it',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: root
      Roles: [example_role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [iam:ChangePassword]
#                    ^^^^^^^^^^^^^^^^^^ iam-permissions-management:permissionsManagement
            Resource: '*'
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
`,
      errors: [
        { messageId: 'permissionsManagement', data: { action: 'iam:ChangePassword', holder: 'policy Policy' } },
      ],
    },
    {
      name: 'CloudFormation JSON: kms:CreateGrant on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "kms:CreateGrant", "Resource": "*" }] } }
//                                                                                     ^^^^^^^^^^^^^^^^^ iam-permissions-management:permissionsManagement
    }
  }
}
`,
      errors: [{ messageId: 'permissionsManagement', data: { holder: 'policy Policy', actions: 'kms:CreateGrant' } }],
    },
  ],
});
