import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './iam-allow-not-action';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: Deny with NotAction is a guardrail',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Deny
          NotAction: [s3:GetObject, s3:PutObject]
          Resource: arn:aws:s3:::orders/*
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::orders/*
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'CloudFormation JSON: Allow with Action',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*" }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: Allow with NotAction on every resource',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      NotAction: iam:*
#     ^^^^^^^^^ iam-allow-not-action:allowNotAction
      Resource: '*'
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'allowNotAction', data: { holder: 'function list', excluded: 'iam:*', resources: ' on every resource' } }],
    },
    {
      name: 'SAM: Allow with NotAction in a function policy',
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
              NotAction: [iam:*, organizations:*]
#             ^^^^^^^^^ iam-allow-not-action:allowNotAction
              Resource: !GetAtt Table.Arn
`,
      errors: [{ messageId: 'allowNotAction', data: { holder: 'function Fn', excluded: 'iam:* and organizations:*', resources: '' } }],
    },
    {
      name: 'CloudFormation: IAM::Policy, IAM::ManagedPolicy and a role',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            NotAction: s3:DeleteBucket
#           ^^^^^^^^^ iam-allow-not-action:allowNotAction
            Resource: '*'
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: q
          PolicyDocument:
            Statement:
              - Effect: Allow
                NotAction: [iam:*]
#               ^^^^^^^^^ iam-allow-not-action:allowNotAction
                Resource: '*'
`,
      errors: [
        { messageId: 'allowNotAction', data: { holder: 'policy Policy' } },
        { messageId: 'allowNotAction', data: { holder: 'role Role' } },
      ],
    },
    {
      name: 'CloudFormation JSON: ManagedPolicy with NotAction',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }] } }
//                                                                           ^^^^^^^^^^^ iam-allow-not-action:allowNotAction
    }
  }
}
`,
      errors: [{ messageId: 'allowNotAction', data: { holder: 'policy Policy', excluded: 'iam:*' } }],
    },
  ],
});

describe('iam-allow-not-action: equivalents per finding', () => {
  it("names the cfn_nag rule of the statement's resource type only", () => {
    const text = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, NotAction: 'iam:*', Resource: '*' }] } }]
  Attached:
    Type: AWS::IAM::Policy
    Properties: { PolicyName: p, Roles: [worker], PolicyDocument: { Statement: [{ Effect: Allow, NotAction: 'iam:*', Resource: '*' }] } }
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties: { PolicyDocument: { Statement: [{ Effect: Allow, NotAction: 'iam:*', Resource: '*' }] } }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]), [['Role', ['W15']], ['Attached', ['W16']], ['Managed', ['W17']]]);
  });
});
