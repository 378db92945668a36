import rule from './function-url-missing-auth';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: url with aws_iam, and url: false',
      path: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  a:
    handler: a.h
    url:
      authorizer: aws_iam
  b:
    handler: b.h
    url: false
`,
    },
    {
      name: 'SAM: FunctionUrlConfig with AWS_IAM, and one from a parameter without default',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  UrlAuth:
    Type: String
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: AWS_IAM
  Other:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: !Ref UrlAuth
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: url: true becomes url with an IAM authorizer',
      path: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  webhook:
    handler: a.h
    url: true
#   ^^^ function-url-missing-auth:publicUrl
`,
      errors: [{ messageId: 'publicUrl', data: { function: 'webhook' } }],
      output: `service: s
provider:
  name: aws
functions:
  webhook:
    handler: a.h
    url:
      authorizer: aws_iam
`,
    },
    {
      name: 'serverless: url map with cors only',
      path: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  webhook:
    handler: a.h
    url:
#   ^^^ function-url-missing-auth
      cors: true
`,
      errors: [{ messageId: 'publicUrl' }],
      output: `service: s
provider:
  name: aws
functions:
  webhook:
    handler: a.h
    url:
      cors: true
      authorizer: aws_iam
`,
    },
    {
      name: 'SAM: FunctionUrlConfig AuthType NONE',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: NONE
#       ^^^^^^^^^^^^^^ function-url-missing-auth
`,
      errors: [{ messageId: 'publicUrl', data: { function: 'Fn' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: AWS_IAM
`,
    },
    {
      name: 'CloudFormation JSON: AWS::Lambda::Url with AuthType NONE',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Url": {
      "Type": "AWS::Lambda::Url",
      "Properties": {
        "TargetFunctionArn": { "Fn::GetAtt": ["Fn", "Arn"] },
        "AuthType": "NONE"
//      ^^^^^^^^^^^^^^^^^^ function-url-missing-auth
      }
    }
  }
}`,
      errors: [{ messageId: 'publicUrl', data: { function: 'Fn' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Url": {
      "Type": "AWS::Lambda::Url",
      "Properties": {
        "TargetFunctionArn": { "Fn::GetAtt": ["Fn", "Arn"] },
        "AuthType": "AWS_IAM"
      }
    }
  }
}`,
    },
  ],
});
