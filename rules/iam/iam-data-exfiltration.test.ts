import rule from './iam-data-exfiltration';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: "SAM: secretsmanager:* on * is left to iam-wildcard-action, whose finding names the data reads and answers CKV_AWS_108",
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
              Action: secretsmanager:*
              Resource: '*'
`,
    },
    {
      name: 'serverless: scoped reads, actions that return no data, BatchGetSecretValue (per-secret checks), Deny, a tag condition',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [secretsmanager:GetSecretValue]
          Resource: !Ref DbSecret
        - Effect: Allow
          Action: [ssm:GetParametersByPath, ssm:GetParameter]
          Resource: arn:aws:ssm:eu-west-1:111111111111:parameter/orders/*
        - Effect: Allow
          Action: [secretsmanager:BatchGetSecretValue, secretsmanager:ListSecrets, ssm:DescribeParameters, s3:ListAllMyBuckets, s3:GetBucketLocation]
          Resource: '*'
        - Effect: Deny
          Action: s3:GetObject
          Resource: '*'
        - Effect: Allow
          Action: s3:GetObject
          Resource: '*'
          Condition:
            StringEquals:
              aws:ResourceTag/app: orders
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: a policy template (SAM chooses its resources), a scoped inline statement',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - SSMParameterReadPolicy:
            ParameterName: orders/*
        - Statement:
            - Effect: Allow
              Action: s3:GetObject
              Resource: !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/*'
`,
    },
    {
      name: 'CloudFormation JSON: NotAction is left to iam-allow-not-action, Resource scoped',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [
        { "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" },
        { "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": { "Ref": "DbSecret" } }
      ] } }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: s3:GetObject on arn:aws:s3:::*/* and ssm:GetParameter on parameter/* read everything; one bucket does not',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: s3:GetObject
#                 ^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
          Resource: 'arn:aws:s3:::*/*'
        - Effect: Allow
          Action: ssm:GetParameter
#                 ^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
          Resource: 'arn:aws:ssm:*:*:parameter/*'
        - Effect: Allow
          Action: s3:GetObject
          Resource: 'arn:aws:s3:::my-bucket/*'
functions:
  list:
    handler: h.list
`,
      errors: [
        { messageId: 'dataExfiltration', data: { resource: "Resource 'arn:aws:s3:::*/*'", what: 'every object of every S3 bucket' } },
        { messageId: 'dataExfiltration', data: { resource: "Resource 'arn:aws:ssm:*:*:parameter/*'" } },
      ],
    },
    {
      name: 'serverless: provider statements reading objects and parameters; a SecureTransport condition is no constraint',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [s3:GetObject, ssm:GetParameter]
#                  ^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
          Resource: '*'
          Condition:
            Bool:
              aws:SecureTransport: 'true'
functions:
  list:
    handler: h.list
  get:
    handler: h.get
`,
      errors: [
        {
          messageId: 'dataExfiltration',
          data: { actions: "'s3:GetObject' and 'ssm:GetParameter'", holder: 'functions list, get', what: 'every SSM parameter (SecureString values included) and every object of every S3 bucket', when: '' },
        },
      ],
    },
    {
      name: 'serverless: a function statement with a wildcard (ssm:GetParameter*)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  config:
    handler: h.config
    iamRoleStatements:
      - Effect: Allow
        Action: ssm:GetParameter*
#               ^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
        Resource: '*'
`,
      errors: [{ messageId: 'dataExfiltration', data: { actions: "'ssm:GetParameter*'", holder: 'function config', what: 'every SSM parameter (SecureString values included)' } }],
    },
    {
      name: 'SAM: inline secretsmanager:Get* on *',
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
              Action: secretsmanager:Get*
#                     ^^^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
              Resource: '*'
`,
      errors: [{ messageId: 'dataExfiltration', data: { actions: "'secretsmanager:Get*'", holder: 'function Fn', what: 'the value of every Secrets Manager secret', when: '' } }],
    },
    {
      name: 'CloudFormation: a role whose Fn::If branch grants GetSecretValue names the condition',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref 'AWS::AccountId', '111111111111']
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
      Code: { ZipFile: 'def handler(e, c): pass' }
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - !If [IsDev, secretsmanager:GetSecretValue, !Ref 'AWS::NoValue']
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
                Resource: '*'
`,
      errors: [{ messageId: 'dataExfiltration', data: { holder: 'function Fn', what: 'the value of every Secrets Manager secret', when: ' when condition IsDev is true' } }],
    },
    {
      name: "CloudFormation: a policy for users with s3:Get*, a managed policy with Action '*' (full administrator access: iam-wildcard-action reports it, for CKV_AWS_108 too), user and group inline policies",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ReadPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: read
      Users: [alice]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:Get*
#                   ^^^^^^^ iam-data-exfiltration:dataExfiltration
            Resource: '*'
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
  Reader:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: params
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ssm:GetParameters
#                       ^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
                Resource: '*'
  Ops:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: history
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [ssm:GetParameterHistory, s3:GetObjectVersion]
#                        ^^^^^^^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
                Resource: '*'
`,
      errors: [
        { messageId: 'dataExfiltration', data: { actions: "'s3:Get*'", holder: 'policy ReadPolicy', what: 'every object of every S3 bucket' } },
        { messageId: 'dataExfiltration', data: { actions: "'ssm:GetParameters'", holder: 'user Reader' } },
        { messageId: 'dataExfiltration', data: { actions: "'ssm:GetParameterHistory' and 's3:GetObjectVersion'", holder: 'group Ops' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a managed policy with secretsmanager:GetSecretValue on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*" }] } }
//                                                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-data-exfiltration:dataExfiltration
    }
  }
}
`,
      errors: [{ messageId: 'dataExfiltration', data: { actions: "'secretsmanager:GetSecretValue'", holder: 'policy Policy', what: 'the value of every Secrets Manager secret' } }],
    },
  ],
});
