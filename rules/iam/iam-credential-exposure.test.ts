import rule from './iam-credential-exposure';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: ecr:GetAuthorizationToken (as Checkov), and access keys for the caller only',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ecr:GetAuthorizationToken
          Resource: '*'
        - Effect: Allow
          Action: iam:CreateAccessKey
          Resource: arn:aws:iam::111111111111:user/\${aws:username}
functions:
  keys:
    handler: h.keys
`,
    },
    {
      name: 'CloudFormation: Deny, a constraining condition, Action * (left to iam-wildcard-action)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: sts:GetFederationToken
            Resource: '*'
          - Effect: Allow
            Action: sts:AssumeRole
            Resource: '*'
            Condition:
              StringEquals:
                aws:ResourceAccount: '111111111111'
          - Effect: Allow
            Action: '*'
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: Redshift credentials for one database user',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "redshift:GetClusterCredentials", "Resource": { "Fn::Sub": "arn:aws:redshift:\${AWS::Region}:\${AWS::AccountId}:dbuser:analytics/reporter" } }] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: sts:AssumeRole on every role of any account (arn:aws:iam::*:role/*); a role prefix is scoped',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  BrokerFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: sts:AssumeRole
#                     ^^^^^^^^^^^^^^ iam-credential-exposure:credentialExposure
              Resource: 'arn:aws:iam::*:role/*'
            - Effect: Allow
              Action: sts:AssumeRole
              Resource: 'arn:aws:iam::*:role/tenant-*'
`,
      errors: [{ messageId: 'credentialExposure', data: { resource: "Resource 'arn:aws:iam::*:role/*'", holder: 'function BrokerFunction' } }],
    },
    {
      name: 'serverless: iam:CreateAccessKey on *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: [iam:ListUsers, iam:CreateAccessKey]
#                             ^^^^^^^^^^^^^^^^^^^ iam-credential-exposure:credentialExposure
      Resource: '*'
functions:
  keys:
    handler: h.keys
`,
      errors: [{ messageId: 'credentialExposure', data: { action: 'iam:CreateAccessKey', holder: 'function keys', what: 'long-lived access keys for any IAM user', more: '' } }],
    },
    {
      name: 'SAM: sts:AssumeRole on *',
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
              Action: sts:AssumeRole
#                     ^^^^^^^^^^^^^^ iam-credential-exposure:credentialExposure
              Resource: '*'
`,
      errors: [{ messageId: 'credentialExposure', data: { holder: 'function Fn', what: 'the credentials of any role that trusts this account' } }],
    },
    {
      name: 'CloudFormation: sts:Get* matches GetSessionToken and GetFederationToken',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: root
      Users: [alice]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sts:Get*
#                   ^^^^^^^^ iam-credential-exposure:credentialExposure
            Resource: '*'
`,
      errors: [{ messageId: 'credentialExposure', data: { action: 'sts:Get*', holder: 'policy Policy' } }],
    },
    {
      name: 'CloudFormation JSON: redshift:GetClusterCredentials on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "redshift:GetClusterCredentials", "Resource": "*" }] } }
//                                                                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-credential-exposure:credentialExposure
    }
  }
}
`,
      errors: [{ messageId: 'credentialExposure', data: { holder: 'policy Policy', what: 'database credentials for any Redshift user' } }],
    },
  ],
});
