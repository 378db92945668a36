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
  ],
});
