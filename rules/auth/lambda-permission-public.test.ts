import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
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

describe("lambda-permission-public: KICS's Lambda Permission Principal Is Wildcard", () => {
  it("is named on a Principal written '*', not on one from a parameter or in a serverless.yml", () => {
    const KICS = 'KICS:1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Who:
    Type: String
    Default: '*'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: 'exports.handler = async () => 1;' }
  Written:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: '*'
  FromParameter:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunction
      Principal: !Ref Who
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Written', true],
        ['FromParameter', false],
      ],
    );
    const service = `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
resources:
  Resources:
    Open:
      Type: AWS::Lambda::Permission
      Properties:
        FunctionName: !Ref ListLambdaFunction
        Action: lambda:InvokeFunction
        Principal: '*'
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Open', false]]);
  });
});
