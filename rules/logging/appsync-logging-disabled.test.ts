import rule from './appsync-logging-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: a LogConfig with a role (Checkov fixture Enabled)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Enabled:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: example
      AuthenticationType: API_KEY
      LogConfig:
        CloudWatchLogsRoleArn: iam_role_arn
        FieldLogLevel: ERROR
`,
    },
    {
      name: 'SAM: GraphQLApi logs by default, and with a LogConfig',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
  Configured:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging:
        FieldLogLevel: ERROR
`,
    },
    {
      name: 'serverless: the AppSync plugin with logging (v2, enabled by default) and logConfig (v1, one API or a list)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync:
  name: orders-api
  authentication:
    type: AWS_IAM
  logging:
    level: ERROR
custom:
  appSync:
    - name: legacy
      authenticationType: AWS_IAM
      logConfig:
        level: ERROR
`,
    },
    {
      name: 'serverless: an AppSync plugin API in another file, or logging enabled by a variable, is unknown',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync: \${file(appsync.yml)}
custom:
  appSync:
    name: legacy
    authenticationType: AWS_IAM
    logConfig: \${file(logs.yml)}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: no LogConfig (Checkov fixture Default), and one without a role',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Default:
# ^^^^^^^ appsync-logging-disabled:noLogConfig
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: example
      AuthenticationType: API_KEY
  NoRole:
# ^^^^^^ appsync-logging-disabled:noLogConfig
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: example
      AuthenticationType: API_KEY
      LogConfig:
        FieldLogLevel: ALL
`,
      errors: [
        { messageId: 'noLogConfig', data: { name: 'Default' } },
        { messageId: 'noLogConfig', data: { name: 'NoRole' } },
      ],
    },
    {
      name: 'SAM: Logging: false',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging: false
#     ^^^^^^^^^^^^^^ appsync-logging-disabled:samLoggingOff
`,
      errors: [{ messageId: 'samLoggingOff', data: { name: 'Api' } }],
    },
    {
      name: 'CloudFormation JSON and serverless resources',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Api": {
//  ^^^^^ appsync-logging-disabled
      "Type": "AWS::AppSync::GraphQLApi",
      "Properties": { "Name": "orders", "AuthenticationType": "AWS_IAM" }
    }
  }
}
`,
      errors: [{ messageId: 'noLogConfig' }],
    },
    {
      name: 'serverless: an AppSync API in resources',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
resources:
  Resources:
    GraphApi:
#   ^^^^^^^^ appsync-logging-disabled
      Type: AWS::AppSync::GraphQLApi
      Properties:
        Name: orders
        AuthenticationType: AMAZON_COGNITO_USER_POOLS
`,
      errors: [{ messageId: 'noLogConfig', data: { name: 'GraphApi' } }],
    },
    {
      name: 'serverless: the AppSync plugin v2 without logging, and v1 APIs of a list without logConfig',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync:
#^^^^^^ appsync-logging-disabled:pluginNoLogging
  name: orders-api
  authentication:
    type: AWS_IAM
custom:
  appSync:
    - name: legacy
#     ^^^^ appsync-logging-disabled:pluginNoLogging
      authenticationType: AWS_IAM
    - name: logged
      authenticationType: AWS_IAM
      logConfig:
        level: ERROR
`,
      errors: [
        { messageId: 'pluginNoLogging', data: { name: 'orders-api', setting: 'appSync.logging' } },
        { messageId: 'pluginNoLogging', data: { name: 'legacy', setting: 'custom.appSync.logConfig' } },
      ],
    },
    {
      name: 'serverless: the AppSync plugin v2 with logging turned off',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync:
  name: orders-api
  authentication:
    type: AWS_IAM
  logging:
# ^^^^^^^^ appsync-logging-disabled:pluginLoggingOff
    level: ERROR
    enabled: false
`,
      errors: [{ messageId: 'pluginLoggingOff', data: { name: 'orders-api', setting: 'appSync.logging' } }],
    },
    {
      name: 'CloudFormation: a LogConfig only under a condition is reported with the other branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
# ^^^ appsync-logging-disabled:noLogConfig
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig: !If
        - IsProd
        - CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
          FieldLogLevel: ERROR
        - !Ref AWS::NoValue
`,
      errors: [{ messageId: 'noLogConfig', data: { name: 'Api', when: ' when condition IsProd is false' } }],
    },
  ],
});
