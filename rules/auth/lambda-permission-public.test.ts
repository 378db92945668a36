import rule from './lambda-permission-public';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: "CloudFormation: an account, a service with SourceArn, Principal '*' narrowed by PrincipalOrgID or SourceAccount",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Account:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: '123456789012'
  Org:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: '*'
      PrincipalOrgID: o-abc123
  Service:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: '*'
      SourceAccount: !Ref AWS::AccountId
`,
    },
    {
      name: 'CloudFormation: the permission a public function URL needs is function-url-missing-auth territory',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  UrlPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunctionUrl
      FunctionName: !Ref Fn
      Principal: '*'
      FunctionUrlAuthType: NONE
  InvokePermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: '*'
      InvokedViaFunctionUrl: true
`,
    },
    {
      name: 'CloudFormation: a principal from a parameter without default is unknown',
      path: 'template.yaml',
      code: `Parameters:
  Caller:
    Type: String
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: !Ref Caller
`,
    },
  ],
  invalid: [
    {
      name: "CloudFormation: Principal '*'",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !GetAtt Fn.Arn
      Principal: '*'
#     ^^^^^^^^^^^^^^ lambda-permission-public:publicInvoke
`,
      errors: [{ messageId: 'publicInvoke', data: { resource: 'Permission', action: 'lambda:InvokeFunction' } }],
    },
    {
      name: "CloudFormation: Principal '*' on one branch of a condition, and with an IAM function URL",
      path: 'template.yaml',
      code: `Conditions:
  IsShared: !Equals [!Ref AWS::StackName, shared]
Resources:
  Maybe:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: !If [IsShared, '*', !Ref AWS::AccountId]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-public:publicInvoke
  IamUrl:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunctionUrl
      FunctionName: !Ref Fn
      Principal: '*'
#     ^^^^^^^^^^^^^^ lambda-permission-public:anyAccountUrl
      FunctionUrlAuthType: AWS_IAM
`,
      errors: [{ messageId: 'publicInvoke', data: { when: 'when condition IsShared is true' } }, { messageId: 'anyAccountUrl' }],
    },
    {
      name: "serverless: Principal '*' in resources",
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  hello:
    handler: h.hello
resources:
  Resources:
    OpenPermission:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !GetAtt HelloLambdaFunction.Arn
        Principal: "*"
#       ^^^^^^^^^^^^^^ lambda-permission-public:publicInvoke
`,
      errors: [{ messageId: 'publicInvoke' }],
    },
    {
      name: "SAM JSON: Principal '*'",
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Permission": {
      "Type": "AWS::Lambda::Permission",
      "Properties": {
        "Action": "lambda:InvokeFunction",
        "FunctionName": { "Ref": "Fn" },
        "Principal": "*"
//      ^^^^^^^^^^^^^^^^ lambda-permission-public:publicInvoke
      }
    }
  }
}`,
      errors: [{ messageId: 'publicInvoke' }],
    },
  ],
});
