import rule from './iam-privilege-escalation';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: IAM actions scoped to one role; read-only IAM on *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [iam:PutRolePolicy, iam:AttachRolePolicy]
          Resource: !GetAtt WorkerRole.Arn
        - Effect: Allow
          Action: [iam:GetRole, iam:ListRoles]
          Resource: '*'
functions:
  admin:
    handler: h.admin
`,
    },
    {
      name: 'CloudFormation: Deny, a constraining condition, Action * (left to iam-wildcard-action), PassRole without a service',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: iam:PutRolePolicy
            Resource: '*'
          - Effect: Allow
            Action: iam:AttachRolePolicy
            Resource: '*'
            Condition:
              ArnEquals:
                iam:PolicyARN: arn:aws:iam::aws:policy/ReadOnlyAccess
          - Effect: Allow
            Action: '*'
            Resource: '*'
  Other:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [iam:PassRole, lambda:InvokeFunction]
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: lambda:UpdateFunctionCode on one function',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "lambda:UpdateFunctionCode", "Resource": { "Fn::GetAtt": ["Fn", "Arn"] } }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: iam:AttachRolePolicy and iam:PutRolePolicy on role/* of any account',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  AdminFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [iam:AttachRolePolicy, iam:PutRolePolicy]
#                      ^^^^^^^^^^^^^^^^^^^^ iam-privilege-escalation:escalationAction
              Resource: 'arn:aws:iam::*:role/*'
            - Effect: Allow
              Action: [iam:PutRolePolicy]
              Resource: 'arn:aws:iam::*:role/app-*'
`,
      errors: [{ messageId: 'escalationAction', data: { resource: "Resource 'arn:aws:iam::*:role/*'", holder: 'function AdminFunction' } }],
    },
    {
      name: 'serverless: iam:PutRolePolicy and iam:AttachRolePolicy on *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action:
        - iam:PutRolePolicy
#         ^^^^^^^^^^^^^^^^^ iam-privilege-escalation:escalationAction
        - iam:AttachRolePolicy
      Resource: '*'
functions:
  admin:
    handler: h.admin
`,
      errors: [
        {
          messageId: 'escalationAction',
          data: { action: 'iam:PutRolePolicy', holder: 'function admin', effect: 'write an inline policy granting anything to any role, its own included', more: ' (also iam:AttachRolePolicy)', when: '' },
        },
      ],
    },
    {
      name: 'SAM: lambda:CreateFunction with iam:PassRole in two statements of one function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Deployer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [lambda:CreateFunction, lambda:InvokeFunction]
#                      ^^^^^^^^^^^^^^^^^^^^^ iam-privilege-escalation:passRoleEscalation
              Resource: '*'
            - Effect: Allow
              Action: iam:PassRole
              Resource: '*'
`,
      errors: [{ messageId: 'passRoleEscalation', data: { action: 'lambda:CreateFunction', holder: 'function Deployer', via: 'a new Lambda function' } }],
    },
    {
      name: 'CloudFormation: iam:Put* and lambda:UpdateFunctionCode in a branch (iam:* itself is left to iam-wildcard-action, which answers CKV_AWS_110)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref 'AWS::AccountId', '111111111111']
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:Put*
#                       ^^^^^^^^ iam-privilege-escalation:escalationAction
                Resource: '*'
              - Effect: Allow
                Action: iam:*
                Resource: '*'
              - Effect: Allow
                Action: !If [IsDev, lambda:UpdateFunctionCode, lambda:GetFunction]
#                                   ^^^^^^^^^^^^^^^^^^^^^^^^^ iam-privilege-escalation:escalationAction
                Resource: '*'
`,
      errors: [
        { messageId: 'escalationAction', data: { action: 'iam:Put*', holder: 'role Role' } },
        { messageId: 'escalationAction', data: { action: 'lambda:UpdateFunctionCode', when: ' when condition IsDev is true' } },
      ],
    },
    {
      name: 'CloudFormation JSON: iam:CreatePolicyVersion on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*" }] } }
//                                                                                     ^^^^^^^^^^^^^^^^^^^^^^^^^ iam-privilege-escalation:escalationAction
    }
  }
}
`,
      errors: [{ messageId: 'escalationAction', data: { holder: 'policy Policy', effect: 'rewrite any customer managed policy', more: '' } }],
    },
  ],
});
