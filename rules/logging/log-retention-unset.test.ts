import rule from './log-retention-unset';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: log groups with a retention, also from a parameter; functions are not reported',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Days:
    Type: Number
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 90
  FromParameter:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !Ref Days
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
`,
    },
    {
      name: 'serverless: provider.logRetentionInDays; functions with their own retention or without logs',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  logRetentionInDays: 30
functions:
  a:
    handler: a.h
`,
    },
    {
      name: 'serverless: every function sets its own retention or disables logs',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  a:
    handler: a.h
    logRetentionInDays: 14
  b:
    handler: b.h
    disableLogs: true
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a log group without retention gets a year',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AccessLogs:
# ^^^^^^^^^^ log-retention-unset:logGroupNeverExpires
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /orders/access # shared with ops
`,
      errors: [{ messageId: 'logGroupNeverExpires', data: { name: 'AccessLogs' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AccessLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /orders/access # shared with ops
      RetentionInDays: 365
`,
    },
    {
      name: 'SAM: a log group without Properties, and one whose retention is removed on a branch',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
# ^^^^^ log-retention-unset:logGroupNeverExpires
    Type: AWS::Logs::LogGroup
  Conditional:
# ^^^^^^^^^^^ log-retention-unset:logGroupNeverExpires
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !If [IsProd, !Ref 'AWS::NoValue', 7]
`,
      errors: [
        { messageId: 'logGroupNeverExpires', data: { name: 'Plain' } },
        { messageId: 'logGroupNeverExpires', data: { name: 'Conditional', when: 'when condition IsProd is true' } },
      ],
      output: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 365
  Conditional:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !If [IsProd, !Ref 'AWS::NoValue', 7]
`,
    },
    {
      name: 'serverless: function log groups without retention',
      path: 'serverless.yml',
      code: `service: orders
provider:
#^^^^^^^ log-retention-unset:functionLogsNeverExpire
  name: aws
  runtime: nodejs20.x
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    logRetentionInDays: 7
`,
      errors: [{ messageId: 'functionLogsNeverExpire', data: { functions: 'a' } }],
      output: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  logRetentionInDays: 365
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    logRetentionInDays: 7
`,
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Logs": {
//  ^^^^^^ log-retention-unset
      "Type": "AWS::Logs::LogGroup",
      "Properties": {
        "LogGroupName": "/orders/app"
      }
    }
  }
}
`,
      errors: [{ messageId: 'logGroupNeverExpires' }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Logs": {
      "Type": "AWS::Logs::LogGroup",
      "Properties": {
        "LogGroupName": "/orders/app",
        "RetentionInDays": 365
      }
    }
  }
}
`,
    },
  ],
});
