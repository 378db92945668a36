import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './iam-allow-not-resource';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: Deny with NotResource is a guardrail',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Deny
          Action: s3:*
          NotResource: [arn:aws:s3:::orders, arn:aws:s3:::orders/*]
        - Effect: Allow
          Action: s3:GetObject
          Resource: arn:aws:s3:::orders/*
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'CloudFormation JSON: Allow with Resource',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111111111111:jobs" }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: Allow with NotResource',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: [s3:GetObject, s3:PutObject]
      NotResource: arn:aws:s3:::audit-logs/*
#     ^^^^^^^^^^^ iam-allow-not-resource:allowNotResource
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'allowNotResource', data: { holder: 'function list', actions: 's3:GetObject and s3:PutObject', excluded: 'arn:aws:s3:::audit-logs/*' } }],
    },
    {
      name: 'SAM: Allow with NotResource in a function policy',
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
              Action: dynamodb:DeleteItem
              NotResource: !GetAtt AuditTable.Arn
#             ^^^^^^^^^^^ iam-allow-not-resource:allowNotResource
`,
      errors: [{ messageId: 'allowNotResource', data: { holder: 'function Fn', actions: 'dynamodb:DeleteItem', excluded: 'the listed ones' } }],
    },
    {
      name: 'CloudFormation: a role policy with NotAction and NotResource',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
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
        - PolicyName: q
          PolicyDocument:
            Statement:
              - Effect: Allow
                NotAction: iam:*
                NotResource: arn:aws:s3:::secret/*
#               ^^^^^^^^^^^ iam-allow-not-resource:allowNotResource
`,
      errors: [{ messageId: 'allowNotResource', data: { holder: 'role Role', actions: 'every action not excluded by NotAction' } }],
    },
    {
      name: 'CloudFormation JSON: ManagedPolicy with NotResource',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::audit/*" }] } }
//                                                                                             ^^^^^^^^^^^^^ iam-allow-not-resource:allowNotResource
    }
  }
}
`,
      errors: [{ messageId: 'allowNotResource', data: { holder: 'policy Policy', actions: 's3:*' } }],
    },
  ],
});

describe('iam-allow-not-resource: equivalents per finding', () => {
  it("names the cfn_nag rule of the statement's resource type, and none on a serverless.yml statement", () => {
    const template = `Resources:
  Attached:
    Type: AWS::IAM::Policy
    Properties: { PolicyName: p, Roles: [worker], PolicyDocument: { Statement: [{ Effect: Allow, Action: 's3:GetObject', NotResource: 'arn:aws:s3:::private/*' }] } }
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties: { PolicyDocument: { Statement: [{ Effect: Allow, Action: 's3:GetObject', NotResource: 'arn:aws:s3:::private/*' }] } }
`;
    const result = analyze({ path: '/app/template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]), [['Attached', ['W22']], ['Managed', ['W23']]]);
    const service = `service: files
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: 's3:GetObject'
          NotResource: 'arn:aws:s3:::private/*'
functions:
  read:
    handler: h.read
`;
    const serverless = analyze({ path: '/app/serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(serverless.findings.map((finding) => finding.equivalents), [[]]);
  });
});
