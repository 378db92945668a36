import rule from './function-missing-reserved-concurrency';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: reservedConcurrency set, also through a variable that cannot be resolved',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
custom:
  concurrency: 20
functions:
  create:
    handler: h.create
    reservedConcurrency: 10
  list:
    handler: h.list
    reservedConcurrency: \${self:custom.concurrency}
  report:
    handler: h.report
    reservedConcurrency: \${ssm:/orders/report-concurrency}
`,
    },
    {
      name: 'SAM: on the function, and in Globals.Function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    ReservedConcurrentExecutions: 50
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
  Own:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      ReservedConcurrentExecutions: 5
`,
    },
    {
      name: 'CloudFormation: a parameter without a default is unknown, so not reported',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Concurrency:
    Type: Number
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'exports.handler = async () => 1' }
      ReservedConcurrentExecutions: !Ref Concurrency
`,
    },
    {
      name: 'CloudFormation: a function that only serves a custom resource',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SeedFunction:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'def handler(event, context): pass' }
  Seed:
    Type: Custom::SeedTable
    Properties:
      ServiceToken: !GetAtt SeedFunction.Arn
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: a function without reservedConcurrency',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
# ^^^^^^ function-missing-reserved-concurrency:missingReservedConcurrency
    handler: h.create
  list:
    handler: h.list
    reservedConcurrency: 5
`,
      errors: [{ messageId: 'missingReservedConcurrency', data: { name: 'create' } }],
    },
    {
      name: 'SAM: a function without it, and Globals of another property',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
Resources:
  Default:
# ^^^^^^^ function-missing-reserved-concurrency:missingReservedConcurrency
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.lambdaHandler
      Runtime: python3.9
`,
      errors: [{ messageId: 'missingReservedConcurrency', data: { name: 'Default' } }],
    },
    {
      name: 'CloudFormation: Fn::If with AWS::NoValue names the condition',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Fn:
# ^^ function-missing-reserved-concurrency:missingReservedConcurrency
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'exports.handler = async () => 1' }
      ReservedConcurrentExecutions: !If [IsProd, 100, !Ref AWS::NoValue]
`,
      errors: [{ messageId: 'missingReservedConcurrency', data: { name: 'Fn', when: 'when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation JSON: AWS::Lambda::Function without ReservedConcurrentExecutions',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Worker": {
//  ^^^^^^^^ function-missing-reserved-concurrency:missingReservedConcurrency
      "Type": "AWS::Lambda::Function",
      "Properties": { "Handler": "index.handler", "Runtime": "python3.12", "Role": "arn:aws:iam::123456789012:role/r", "Code": { "S3Bucket": "b", "S3Key": "k" } }
    },
    "Limited": {
      "Type": "AWS::Lambda::Function",
      "Properties": { "Handler": "index.handler", "Runtime": "python3.12", "Role": "arn:aws:iam::123456789012:role/r", "Code": { "S3Bucket": "b", "S3Key": "k" }, "ReservedConcurrentExecutions": 10 }
    }
  }
}
`,
      errors: [{ messageId: 'missingReservedConcurrency', data: { name: 'Worker' } }],
    },
  ],
});
