import rule from './iam-role-shared-by-functions';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: two functions on the provider role, and three that only write logs',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [sqs:SendMessage, sqs:ReceiveMessage]
          Resource: !GetAtt Queue.Arn
functions:
  sender:
    handler: h.send
  receiver:
    handler: h.receive
`,
    },
    {
      name: 'serverless: per-function iamRoleStatements and roles give functions their own roles; a logging-only provider role',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments]
          Resource: '*'
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
functions:
  a:
    handler: h.a
  b:
    handler: h.b
  c:
    handler: h.c
  d:
    handler: h.d
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:GetItem
        Resource: !GetAtt Table.Arn
`,
    },
    {
      name: 'SAM: every function gets its own generated role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, Runtime: nodejs20.x, Policies: [DynamoDBReadPolicy: { TableName: !Ref T }] }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.h, Runtime: nodejs20.x, Policies: [DynamoDBCrudPolicy: { TableName: !Ref T }] }
  C:
    Type: AWS::Serverless::Function
    Properties: { Handler: c.h, Runtime: nodejs20.x, Policies: [DynamoDBCrudPolicy: { TableName: !Ref T }] }
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: the provider role shared by a CRUD service',
      path: 'serverless.yml',
      code: `service: todos
provider:
  name: aws
  iam:
# ^^^ iam-role-shared-by-functions:sharedProviderRole
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:Query, dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem]
          Resource: arn:aws:dynamodb:us-east-1:*:table/todos
functions:
  create:
    handler: h.create
  list:
    handler: h.list
  delete:
    handler: h.delete
  own:
    handler: h.own
    iamRoleStatements: []
`,
      errors: [{ messageId: 'sharedProviderRole', data: { count: '3', names: 'create, list, delete', grant: 'dynamodb:Query, dynamodb:GetItem, dynamodb:PutItem and 1 more' } }],
    },
    {
      name: 'SAM: one role named by every function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  LambdaRole:
# ^^^^^^^^^^ iam-role-shared-by-functions:sharedRole
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonTranscribeFullAccess
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
  C:
    Type: AWS::Serverless::Function
    Properties: { Handler: c.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'LambdaRole', count: '3', grant: 'the managed policy AmazonTranscribeFullAccess' } }],
    },
    {
      name: 'serverless: provider.iam.role names a role of resources (through Fn::GetAtt), used by every function',
      path: 'serverless.yml',
      code: `service: jobs
provider:
  name: aws
  iam:
    role: { 'Fn::GetAtt': [JobsRole, Arn] }
functions:
  a:
    handler: h.a
  b:
    handler: h.b
  c:
    handler: h.c
resources:
  Resources:
    JobsRole:
#   ^^^^^^^^ iam-role-shared-by-functions:sharedRole
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
        Policies:
          - PolicyName: jobs
            PolicyDocument:
              Statement: [{ Effect: Allow, Action: 'sqs:ReceiveMessage', Resource: '*' }]
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'JobsRole', names: 'a, b, c', grant: 'sqs:ReceiveMessage' } }],
    },
    {
      name: 'CloudFormation JSON: a role with an attached AWS::IAM::Policy, used by three functions',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
//  ^^^^^^ iam-role-shared-by-functions:sharedRole
      "Type": "AWS::IAM::Role",
      "Properties": { "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] } }
    },
    "Access": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "access",
        "Roles": [{ "Ref": "Role" }],
        "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }] }
      }
    },
    "A": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "a.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } },
    "B": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "b.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } },
    "C": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "c.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } }
  }
}
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'Role', names: 'A, B, C', grant: 's3:GetObject' } }],
    },
  ],
});
