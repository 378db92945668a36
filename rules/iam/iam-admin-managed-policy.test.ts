import rule from './iam-admin-managed-policy';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: scoped AWS managed policies and look-alike names',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AdministratorAccess-Amplify
        - arn:aws:iam::aws:policy/job-function/ViewOnlyAccess
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: a customer managed policy that is only named AdministratorAccess, and an opaque ARN',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamManagedPolicies:
    - arn:aws:iam::123456789012:policy/AdministratorAccess
    - \${ssm:/orders/policy-arn}
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: policy templates, a scoped managed policy, and Policies ignored when the function names a Role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - AWSLambdaBasicExecutionRole
        - DynamoDBReadPolicy:
            TableName: !Ref Table
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.other
      Runtime: nodejs20.x
      Role: !GetAtt ScopedRole.Arn
      Policies:
        - AdministratorAccess
`,
    },
    {
      name: 'CloudFormation: an ARN from a parameter without a default, and a customer managed policy in !Sub',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  PolicyArn:
    Type: String
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Ref PolicyArn
        - !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/PowerUserAccess'
`,
    },
    {
      name: 'CloudFormation JSON: a bare name is not an ARN outside SAM',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
        "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess", "AdministratorAccess"]
      }
    }
  }
}
`,
    },
    {
      name: 'SAM: AdministratorAccess only on a branch of a condition decided false by constants',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsDev: !Equals [prod, dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Policies:
        - !If [IsDev, AdministratorAccess, !Ref AWS::NoValue]
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: AdministratorAccess in provider.iam.role.managedPolicies reaches every function on the role',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
functions:
  list:
    handler: h.list
  create:
    handler: h.create
`,
      errors: [{ messageId: 'administrator', data: { holder: 'Functions list, create' } }],
    },
    {
      name: 'serverless: iamManagedPolicies with a partition variable and in the GovCloud partition',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamManagedPolicies:
    - 'arn:\${aws:partition}:iam::aws:policy/IAMFullAccess'
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
    - arn:aws-us-gov:iam::aws:policy/PowerUserAccess
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
functions:
  list:
    handler: h.list
`,
      errors: [
        { messageId: 'nearAdministrator', data: { policy: 'IAMFullAccess', holder: 'Function list' } },
        { messageId: 'nearAdministrator', data: { policy: 'PowerUserAccess' } },
      ],
    },
    {
      name: 'SAM: a bare policy name and a !Sub ARN',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  AdminFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.admin
      Runtime: python3.12
      Policies:
        - AWSLambdaBasicExecutionRole
        - AdministratorAccess
#         ^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
        - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/PowerUserAccess'
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
`,
      errors: [
        { messageId: 'administrator', data: { holder: 'Function AdminFunction' } },
        { messageId: 'nearAdministrator', data: { policy: 'PowerUserAccess', holder: 'Function AdminFunction' } },
      ],
    },
    {
      name: 'CloudFormation: IAM users and groups hold managed policies too (CKV_AWS_274)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Admins:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
  Ci:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/IAMFullAccess
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
`,
      errors: [
        { messageId: 'administrator', data: { holder: 'Group Admins' } },
        { messageId: 'nearAdministrator', data: { holder: 'User Ci', policy: 'IAMFullAccess' } },
      ],
    },
    {
      name: 'CloudFormation: a role used by a function, with Fn::Join and a Fn::If branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsSandbox: !Equals [!Ref 'AWS::AccountId', '111111111111']
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
        - !Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::aws:policy/AdministratorAccess']]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
        - !If [IsSandbox, 'arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: codebuild.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
`,
      errors: [
        { messageId: 'administrator', data: { holder: 'Function Fn' } },
        { messageId: 'nearAdministrator', data: { policy: 'PowerUserAccess', holder: 'Function Fn' } },
        { messageId: 'administrator', data: { holder: 'Role DeployRole' } },
      ],
    },
    {
      name: 'CloudFormation JSON: AdministratorAccess in ManagedPolicyArns',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
        "ManagedPolicyArns": [
          { "Fn::Sub": "arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess" }
//        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
        ]
      }
    }
  }
}
`,
      errors: [{ messageId: 'administrator', data: { holder: 'Role Role' } }],
    },
    {
      name: 'SAM: AdministratorAccess in an Fn::If item of Policies, and PowerUserAccess in an Fn::If around the list',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Policies:
        - !If [IsDev, AdministratorAccess, !Ref AWS::NoValue]
#                     ^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
        - AWSLambdaBasicExecutionRole
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Policies: !If [IsDev, [PowerUserAccess], [AWSLambdaBasicExecutionRole]]
#                            ^^^^^^^^^^^^^^^ iam-admin-managed-policy:nearAdministrator
`,
      errors: [
        { messageId: 'administrator', data: { message: 'Function Fn has the AWS managed policy AdministratorAccess when condition IsDev is true:' } },
        { messageId: 'nearAdministrator', data: { message: 'Function Worker has the AWS managed policy PowerUserAccess when condition IsDev is true,' } },
      ],
    },
    {
      name: 'CloudFormation: AdministratorAccess in an Fn::If item and around ManagedPolicyArns',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      ManagedPolicyArns:
        - !If [IsDev, arn:aws:iam::aws:policy/AdministratorAccess, !Ref AWS::NoValue]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
  Other:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [] }
      ManagedPolicyArns: !If [IsDev, [arn:aws:iam::aws:policy/ReadOnlyAccess], [arn:aws:iam::aws:policy/AdministratorAccess]]
#                                                                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
`,
      errors: [
        { messageId: 'administrator', data: { message: 'Role Role has the AWS managed policy AdministratorAccess when condition IsDev is true:' } },
        { messageId: 'administrator', data: { message: 'Role Other has the AWS managed policy AdministratorAccess when condition IsDev is false:' } },
      ],
    },
    {
      name: 'SAM JSON: AdministratorAccess in an Fn::If item of Policies',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Parameters": { "Env": { "Type": "String" } },
  "Conditions": { "IsDev": { "Fn::Equals": [{ "Ref": "Env" }, "dev"] } },
  "Resources": {
    "Fn": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Handler": "app.h",
        "Runtime": "nodejs20.x",
        "Policies": [{ "Fn::If": ["IsDev", "AdministratorAccess", { "Ref": "AWS::NoValue" }] }]
//                                         ^^^^^^^^^^^^^^^^^^^^^ iam-admin-managed-policy:administrator
      }
    }
  }
}
`,
      errors: [{ messageId: 'administrator', data: { message: 'Function Fn has the AWS managed policy AdministratorAccess when condition IsDev is true:' } }],
    },
  ],
});
