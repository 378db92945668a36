import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './iam-pass-role-wildcard';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: a role-name prefix or a path (role/app-*, role/service-role/*) is a scope',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: iam:PassRole
          Resource:
            - arn:aws:iam::123456789012:role/app-*
            - arn:aws:iam::123456789012:role/service-role/*
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: PassRole scoped to one role',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: iam:PassRole
          Resource: !GetAtt SchedulerRole.Arn
functions:
  schedule:
    handler: h.schedule
`,
    },
    {
      name: 'CloudFormation: Deny, a role-tag condition, and iam:* (left to other rules)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: iam:PassRole
            Resource: '*'
          - Effect: Allow
            Action: iam:PassRole
            Resource: '*'
            Condition:
              StringEquals:
                aws:ResourceTag/passable: 'true'
          - Effect: Allow
            Action: iam:*
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: iam:GetRole on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "iam:GetRole", "Resource": "*" }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: iam:PassRole on role/* of a named account is every role, and the message names the pattern',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: iam:PassRole
#                 ^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
          Resource: arn:aws:iam::123456789012:role/*
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'passRoleWildcard', data: { resource: "Resource 'arn:aws:iam::123456789012:role/*'", holder: 'function list' } }],
    },
    {
      name: 'CloudFormation JSON: iam:PassRole on a Fn::Sub of role/* with pseudo parameters',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": { "Fn::Sub": "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/*" } }] } }
//                                                                                     ^^^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
    }
  }
}
`,
      errors: [{ messageId: 'passRoleWildcard', data: { resource: "Resource 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'" } }],
    },
    {
      name: 'serverless: PassRole on *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action:
        - ecs:RunTask
        - iam:PassRole
#         ^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
      Resource: '*'
functions:
  run:
    handler: h.run
`,
      errors: [{ messageId: 'passRoleWildcard', data: { action: 'iam:PassRole', holder: 'function run', service: '', when: '' } }],
    },
    {
      name: 'SAM: iam:PassedToService names the service, not the roles',
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
              Action: iam:Pass*
#                     ^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
              Resource: '*'
              Condition:
                StringEquals:
                  iam:PassedToService: ecs-tasks.amazonaws.com
`,
      errors: [{ messageId: 'passRoleWildcard', data: { action: 'iam:Pass*', holder: 'function Fn', service: ' to ecs-tasks.amazonaws.com' } }],
    },
    {
      name: 'CloudFormation: role policy and managed policy',
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
        - PolicyName: pass
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
#                       ^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
                Resource: '*'
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [iam:PassRole]
#                    ^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
            Resource: ['*']
`,
      errors: [
        { messageId: 'passRoleWildcard', data: { holder: 'role Role' } },
        { messageId: 'passRoleWildcard', data: { holder: 'policy Policy' } },
      ],
    },
    {
      name: 'CloudFormation JSON: PassRole on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }] } }
//                                                                                     ^^^^^^^^^^^^^^ iam-pass-role-wildcard:passRoleWildcard
    }
  }
}
`,
      errors: [{ messageId: 'passRoleWildcard', data: { holder: 'policy Policy' } }],
    },
  ],
});

describe('iam-pass-role-wildcard: equivalents per finding', () => {
  it("names the cfn_nag rule of the statement's resource type on '*' only, not on a role/* pattern", () => {
    const text = `Resources:
  Everything:
    Type: AWS::IAM::Policy
    Properties: { PolicyName: p, Roles: [deployer], PolicyDocument: { Statement: [{ Effect: Allow, Action: 'iam:PassRole', Resource: '*' }] } }
  EveryRole:
    Type: AWS::IAM::ManagedPolicy
    Properties: { PolicyDocument: { Statement: [{ Effect: Allow, Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' }] } }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]), [['Everything', ['F39']], ['EveryRole', []]]);
  });
});
