import rule from './appsync-field-logging-all';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: ERROR, and ALL with verbose content excluded (tracing only)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Errors:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
        FieldLogLevel: ERROR
  Tracing:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
        FieldLogLevel: ALL
        ExcludeVerboseContent: true
`,
    },
    {
      name: 'CloudFormation: ALL without the role publishes nothing (appsync-logging-disabled reports it)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoRole:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        FieldLogLevel: ALL
`,
    },
    {
      name: 'SAM: no Logging (SAM excludes verbose content), and Logging at ERROR',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
  Errors:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging:
        FieldLogLevel: ERROR
`,
    },
    {
      name: 'serverless: the plugin at ERROR, and at ALL but disabled',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: orders
  logging:
    level: ALL
    enabled: false
custom:
  appSync:
    name: legacy
    logConfig:
      level: ERROR
`,
    },
    {
      name: 'an unknown level, and a level whose logging is turned on by a variable that cannot be read, give no finding',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync:
  name: orders-api
  logging:
    level: \${ssm:/appsync/level}
custom:
  appSync:
    name: legacy
    logConfig: \${file(logs.yml)}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: ALL with verbose content (the default)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn # the AppSync logs role
        FieldLogLevel: ALL
#                      ^^^ appsync-field-logging-all:fieldLogAll
`,
      errors: [{ messageId: 'fieldLogAll', data: { name: 'Api', when: '' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn # the AppSync logs role
        FieldLogLevel: ERROR
`,
    },
    {
      name: 'CloudFormation JSON: ALL with ExcludeVerboseContent false',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::AppSync::GraphQLApi",
      "Properties": {
        "Name": "orders",
        "AuthenticationType": "AWS_IAM",
        "LogConfig": { "CloudWatchLogsRoleArn": { "Fn::GetAtt": ["LogsRole", "Arn"] }, "FieldLogLevel": "ALL", "ExcludeVerboseContent": false }
//                                                                                                      ^^^^^ appsync-field-logging-all
      }
    }
  }
}
`,
      errors: [{ messageId: 'fieldLogAll', data: { name: 'Api' } }],
      output: `{
  "Resources": {
    "Api": {
      "Type": "AWS::AppSync::GraphQLApi",
      "Properties": {
        "Name": "orders",
        "AuthenticationType": "AWS_IAM",
        "LogConfig": { "CloudWatchLogsRoleArn": { "Fn::GetAtt": ["LogsRole", "Arn"] }, "FieldLogLevel": "ERROR", "ExcludeVerboseContent": false }
      }
    }
  }
}
`,
    },
    {
      name: 'SAM: Logging at ALL without ExcludeVerboseContent',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging:
        FieldLogLevel: 'ALL'
#                      ^^^^^ appsync-field-logging-all
`,
      errors: [{ messageId: 'fieldLogAll', data: { name: 'Api' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging:
        FieldLogLevel: 'ERROR'
`,
    },
    {
      name: 'serverless: the AppSync plugin, v2 (appSync.logging) and v1 (custom.appSync list)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: orders-api
  logging:
    level: ALL
#          ^^^ appsync-field-logging-all
    retentionInDays: 14
custom:
  appSync:
    - name: legacy-api
      logConfig:
        loggingRoleArn: { Fn::GetAtt: [AppSyncLoggingRole, Arn] }
        level: ALL
#              ^^^ appsync-field-logging-all
        excludeVerboseContent: false
`,
      errors: [
        { messageId: 'fieldLogAll', data: { name: 'orders-api' } },
        { messageId: 'fieldLogAll', data: { name: 'legacy-api' } },
      ],
    },
    {
      name: 'CloudFormation: verbose content excluded only under a condition, reported with the other branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
        FieldLogLevel: ALL
#                      ^^^ appsync-field-logging-all:fieldLogAll
        ExcludeVerboseContent: !If [IsProd, true, false]
`,
      errors: [{ messageId: 'fieldLogAll', data: { name: 'Api', when: ' when condition IsProd is false' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
        FieldLogLevel: ERROR
        ExcludeVerboseContent: !If [IsProd, true, false]
`,
    },
    {
      name: 'serverless: the plugin v2 level from a variable is reported where the variable is written, with no fix',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
custom:
  logLevel: ALL
appSync:
  name: orders-api
  logging:
    level: \${self:custom.logLevel}
#          ^^^^^^^^^^^^^^^^^^^^^^^ appsync-field-logging-all:fieldLogAll
`,
      errors: [{ messageId: 'fieldLogAll', data: { name: 'orders-api', when: '' } }],
    },
  ],
});
