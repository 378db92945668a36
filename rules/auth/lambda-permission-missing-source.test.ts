import rule from './lambda-permission-missing-source';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: a named bucket, an account in the topic ARN, and a wildcard SourceArn beside SourceAccount',
      path: 'template.yaml',
      code: `Resources:
  BucketPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Resize
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::uploads-123
  TopicPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Notify
      Principal: sns.amazonaws.com
      SourceArn: !Sub 'arn:aws:sns:\${AWS::Region}:\${AWS::AccountId}:*'
  AnyBucketOfMine:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Resize
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::*
      SourceAccount: !Ref AWS::AccountId
`,
    },
    {
      name: 'CloudFormation: services with SourceArn or SourceAccount, an account principal, an Alexa token',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*
  Bucket:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: s3.amazonaws.com
      SourceAccount: !Ref AWS::AccountId
  Account:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: '901234567812'
  Alexa:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: alexa-appkit.amazon.com
      EventSourceToken: amzn1.ask.skill.xyz
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a SourceArn with a wildcard account names no source, fixed with SourceAccount',
      path: 'template.yaml',
      code: `Resources:
  TopicPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Notify
      Principal: sns.amazonaws.com
      SourceArn: !Sub 'arn:aws:sns:\${AWS::Region}:*:orders' # any account's orders topic
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:wildcardSource
`,
      errors: [{ messageId: 'wildcardSource', data: { principal: 'sns.amazonaws.com', arn: 'arn:aws:sns:' } }],
      output: `Resources:
  TopicPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Notify
      Principal: sns.amazonaws.com
      SourceArn: !Sub 'arn:aws:sns:\${AWS::Region}:*:orders' # any account's orders topic
      SourceAccount:
        Ref: AWS::AccountId
`,
    },
    {
      name: 'CloudFormation JSON: SourceArn arn:aws:s3:::* without SourceAccount',
      path: 'template.json',
      code: `{
  "Resources": {
    "BucketPermission": {
      "Type": "AWS::Lambda::Permission",
      "Properties": {
        "Action": "lambda:InvokeFunction",
        "FunctionName": { "Ref": "Resize" },
        "Principal": "s3.amazonaws.com",
        "SourceArn": "arn:aws:s3:::*"
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:wildcardSource
      }
    }
  }
}
`,
      errors: [{ messageId: 'wildcardSource', data: { arn: 'arn:aws:s3:::*' } }],
    },
    {
      name: 'CloudFormation: API Gateway without a source (Checkov fixture shape), fixed with SourceAccount',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  FunctionFailPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: TestFunction
      Principal: apigateway.amazonaws.com
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:missingSource
`,
      errors: [{ messageId: 'missingSource', data: { principal: 'apigateway.amazonaws.com' } }],
      output: `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  FunctionFailPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: TestFunction
      Principal: apigateway.amazonaws.com
      SourceAccount:
        Ref: AWS::AccountId
`,
    },
    {
      name: 'CloudFormation: SourceArn only when a condition holds',
      path: 'template.yaml',
      code: `Conditions:
  HasBucket: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Permission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Fn
      Principal: sns.amazonaws.com
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:missingSource
      SourceArn: !If [HasBucket, !Ref Topic, !Ref AWS::NoValue]
`,
      errors: [{ messageId: 'missingSource', data: { when: 'when condition HasBucket is false' } }],
    },
    {
      name: 'serverless: an events rule permission in resources',
      path: 'serverless.yml',
      code: `service: jobs
provider:
  name: aws
functions:
  tick:
    handler: h.tick
resources:
  Resources:
    TickPermission:
      Type: AWS::Lambda::Permission
      Properties:
        Action: lambda:InvokeFunction
        FunctionName: !GetAtt TickLambdaFunction.Arn
        Principal: events.amazonaws.com
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:missingSource
`,
      errors: [{ messageId: 'missingSource' }],
    },
    {
      name: 'SAM JSON: S3 without a source, fixed with SourceAccount',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "BucketPermission": {
      "Type": "AWS::Lambda::Permission",
      "Properties": {
        "Action": "lambda:InvokeFunction",
        "FunctionName": { "Ref": "Fn" },
        "Principal": "s3.amazonaws.com"
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ lambda-permission-missing-source:missingSource
      }
    }
  }
}`,
      errors: [{ messageId: 'missingSource' }],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "BucketPermission": {
      "Type": "AWS::Lambda::Permission",
      "Properties": {
        "Action": "lambda:InvokeFunction",
        "FunctionName": { "Ref": "Fn" },
        "Principal": "s3.amazonaws.com",
        "SourceAccount": {
          "Ref": "AWS::AccountId"
        }
      }
    }
  }
}`,
    },
  ],
});
