import rule from './iam-full-access-managed-policy';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: execution-role and read-only managed policies, administrator-class (another rule), a customer policy named like one',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess
        - arn:aws:iam::aws:policy/AdministratorAccess
        - arn:aws:iam::123456789012:policy/AmazonS3FullAccess
        - \${ssm:/orders/policy-arn}
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: policy templates, and Policies ignored when the function names a Role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref Table }
        - AWSXRayDaemonWriteAccess
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.other
      Runtime: nodejs20.x
      Role: !GetAtt OtherRole.Arn
      Policies: [AmazonS3FullAccess]
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: bare names, with the scoped template to use instead',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - AmazonDynamoDBFullAccess
#         ^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
        - SecretsManagerReadWrite
#         ^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
`,
      errors: [
        { messageId: 'fullAccess', data: { holder: 'Function ListFunction', policy: 'AmazonDynamoDBFullAccess', hint: 'DynamoDBCrudPolicy' } },
        { messageId: 'fullAccess', data: { policy: 'SecretsManagerReadWrite', grants: 'every secret' } },
      ],
    },
    {
      name: 'serverless: provider iamManagedPolicies with a partition variable reach every function',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamManagedPolicies:
    - 'arn:\${aws:partition}:iam::aws:policy/AmazonS3FullAccess'
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
functions:
  list:
    handler: h.list
  create:
    handler: h.create
`,
      errors: [{ messageId: 'fullAccess', data: { holder: 'Functions list, create', has: 'have', policy: 'AmazonS3FullAccess' } }],
    },
    {
      name: 'CloudFormation: a role used by a function, a user, and an Fn::If branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref AWS::AccountId, '111111111111']
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
      ManagedPolicyArns:
        - !If [IsDev, !Sub 'arn:\${AWS::Partition}:iam::aws:policy/AWSLambda_FullAccess', !Ref AWS::NoValue]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
  Deployer:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSQSFullAccess]
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
`,
      errors: [
        { messageId: 'fullAccess', data: { holder: 'Function Fn', policy: 'AWSLambda_FullAccess', when: ' when condition IsDev is true' } },
        { messageId: 'fullAccess', data: { holder: 'User Deployer', policy: 'AmazonSQSFullAccess' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a group with a FullAccess policy',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Operators": {
      "Type": "AWS::IAM::Group",
      "Properties": { "ManagedPolicyArns": ["arn:aws:iam::aws:policy/CloudWatchFullAccess"] }
//                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
    }
  }
}
`,
      errors: [{ messageId: 'fullAccess', data: { holder: 'Group Operators', policy: 'CloudWatchFullAccess' } }],
    },
  ],
});
