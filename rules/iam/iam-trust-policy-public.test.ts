import rule from './iam-trust-policy-public';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: service principals, an account, a Deny with AWS *, and * restricted to the organisation',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: [lambda.amazonaws.com] }
            Action: sts:AssumeRole
          - Effect: Deny
            Principal: { AWS: '*' }
            Action: sts:AssumeRole
  CrossAccountRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${TrustedAccount}:root' }
            Action: sts:AssumeRole
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: sts:AssumeRole
            Condition:
              StringEquals:
                aws:PrincipalOrgID: o-a1b2c3d4e5
`,
    },
    {
      name: 'serverless: a role in resources with a Lambda trust policy',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    role: ListRole
resources:
  Resources:
    ListRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal: { Service: lambda.amazonaws.com }
              Action: sts:AssumeRole
`,
    },
    {
      name: 'CloudFormation: a condition that cannot be read (Fn::If) is given the benefit of the doubt',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Strict: !Equals [a, a]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: sts:AssumeRole
            Condition: !If [Strict, { StringEquals: { aws:PrincipalAccount: '111111111111' } }, !Ref AWS::NoValue]
`,
    },
    {
      name: 'CloudFormation: GitHub OIDC limited to one organisation, and a Cognito identity pool named by aud',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com' }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { token.actions.githubusercontent.com:aud: sts.amazonaws.com }
              StringLike: { token.actions.githubusercontent.com:sub: 'repo:my-org/orders:*' }
  AppUserRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { cognito-identity.amazonaws.com:aud: !Ref IdentityPool }
              ForAnyValue:StringLike: { cognito-identity.amazonaws.com:amr: authenticated }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: AWS * alone and in a list (Checkov CKV_AWS_60 fixtures)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AWSStarPrincipal:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS:
                - '*'
#                 ^^^ iam-trust-policy-public:publicTrust
            Action: ['sts:AssumeRole']
  Mixed:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
#                      ^^^ iam-trust-policy-public:publicTrust
            Action: sts:AssumeRole
            Condition:
              Bool: { aws:SecureTransport: 'true' }
              StringNotEquals: { aws:PrincipalAccount: '111111111111' }
`,
      errors: [
        { messageId: 'publicTrust', data: { role: 'AWSStarPrincipal', principal: "{ AWS: '*' }" } },
        { messageId: 'publicTrust', data: { role: 'Mixed', principal: "'*'" } },
      ],
    },
    {
      name: 'CloudFormation: a trust policy written as a JSON string is reported on the string',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  StringPolicy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: '{"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789101:root", "*"]}}]}'
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-trust-policy-public:publicTrust
  Notp:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            NotPrincipal: { AWS: arn:aws:iam::123456789012:root }
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-trust-policy-public:notPrincipalTrust
            Action: sts:AssumeRole
`,
      errors: [{ messageId: 'publicTrust', data: { role: 'StringPolicy' } }, { messageId: 'notPrincipalTrust', data: { role: 'Notp' } }],
    },
    {
      name: 'serverless: a role in resources, under an Fn::If branch',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
resources:
  Conditions:
    IsDev: { 'Fn::Equals': ['\${sls:stage}', dev] }
  Resources:
    DebugRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement:
            - Effect: Allow
              Principal:
                AWS: { 'Fn::If': [IsDev, '*', 'arn:aws:iam::123456789012:root'] }
#                                        ^^^ iam-trust-policy-public:publicTrust
              Action: sts:AssumeRole
`,
      errors: [{ messageId: 'publicTrust', data: { role: 'DebugRole', when: ' when condition IsDev is true' } }],
    },
    {
      name: 'SAM: a function that overrides the trust policy of its generated role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
#                             ^^^ iam-trust-policy-public:publicTrust
            Action: sts:AssumeRole
`,
      errors: [{ messageId: 'publicTrust', data: { role: 'Fn' } }],
    },
    {
      name: 'CloudFormation: GitHub OIDC checked on the audience only, or on any repository; Cognito without aud',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: !Sub 'arn:aws:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com'
#                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-trust-policy-public:githubAnyRepository
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringEquals: { token.actions.githubusercontent.com:aud: sts.amazonaws.com }
  AnyRepoRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: [arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com] }
#                                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-trust-policy-public:githubAnyRepository
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
              StringLike: { token.actions.githubusercontent.com:sub: 'repo:*' }
  GuestRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Federated: cognito-identity.amazonaws.com }
#                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-trust-policy-public:cognitoAnyPool
            Action: sts:AssumeRoleWithWebIdentity
`,
      errors: [
        { messageId: 'githubAnyRepository', data: { role: 'DeployRole' } },
        { messageId: 'githubAnyRepository', data: { role: 'AnyRepoRole' } },
        { messageId: 'cognitoAnyPool', data: { role: 'GuestRole' } },
      ],
    },
    {
      name: 'CloudFormation JSON: Principal * in a JSON template',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "OpenRole": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": {
          "Statement": [{ "Effect": "Allow", "Principal": { "AWS": "*" }, "Action": "sts:AssumeRole", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }]
//                                                                 ^^^ iam-trust-policy-public:publicTrust
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'publicTrust', data: { role: 'OpenRole' } }],
    },
  ],
});
