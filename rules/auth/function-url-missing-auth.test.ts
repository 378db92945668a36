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
    {
      name: 'SAM: AuthType NONE only on a branch of a condition decided false by constants',
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
      FunctionUrlConfig:
        AuthType: !If [IsDev, NONE, AWS_IAM]
`,
    },
    {
      name: 'serverless: the URL authorizer from a variable that does not resolve',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  hello:
    handler: h.hello
    url:
      authorizer: \${self:custom.urlAuth.\${opt:stage}}
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
    {
      name: 'SAM: FunctionUrlConfig AuthType NONE when a condition is true (no quick fix)',
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
      FunctionUrlConfig:
        AuthType: !If [IsDev, NONE, AWS_IAM]
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ function-url-missing-auth
`,
      errors: [{ messageId: 'publicUrl', data: { function: 'Fn', when: 'has no authentication when condition IsDev is true:' } }],
    },
    {
      name: 'CloudFormation: AWS::Lambda::Url with AuthType NONE on the false branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Fn.Arn
      AuthType: !If [IsProd, AWS_IAM, NONE]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ function-url-missing-auth
`,
      errors: [{ messageId: 'publicUrl', data: { function: 'Fn', when: 'has no authentication when condition IsProd is false:' } }],
    },
    {
      name: 'serverless: a url authorizer in Fn::If',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  hello:
    handler: h.hello
    url:
#   ^^^ function-url-missing-auth
      authorizer: !If [IsDev, none, aws_iam]
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
`,
      errors: [{ messageId: 'publicUrl', data: { function: 'hello', when: 'when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: AWS::Lambda::Url with AuthType in Fn::If',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "Env": { "Type": "String" } },
  "Conditions": { "IsDev": { "Fn::Equals": [{ "Ref": "Env" }, "dev"] } },
  "Resources": {
    "Url": {
      "Type": "AWS::Lambda::Url",
      "Properties": {
        "TargetFunctionArn": { "Fn::GetAtt": ["Fn", "Arn"] },
        "AuthType": { "Fn::If": ["IsDev", "NONE", "AWS_IAM"] }
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ function-url-missing-auth
      }
    }
  }
}`,
      errors: [{ messageId: 'publicUrl', data: { function: 'Fn', when: 'has no authentication when condition IsDev is true:' } }],
    },
  ],
});
