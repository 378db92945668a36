import rule from './hardcoded-secret-in-environment';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: references, pointers and ordinary settings',
      path: 'serverless.yml',
      code: `service: orders
custom:
  tableName: orders-table
provider:
  name: aws
  environment:
    DB_PASSWORD: \${ssm:/orders/prod/db-password}
    API_KEY: \${env:API_KEY}
    TABLE: \${self:custom.tableName}
functions:
  a:
    handler: a.h
    environment:
      SECRET_ARN: arn:aws:secretsmanager:us-east-1:123456789012:secret:db
      PASSWORD_PARAM: /orders/prod/db-password
      TOKEN_TTL: 3600
      BYPASS_CACHE: 'true'
      STRIPE_KEY: '{{resolve:secretsmanager:stripe}}'
`,
    },
    {
      name: 'SAM: Ref, GetAtt, Sub with a reference, and a dynamic reference',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword
          SECRET: !GetAtt Secret.Id
          API_TOKEN: !Sub '{{resolve:secretsmanager:\${Secret}:SecretString:token}}'
`,
    },
    {
      name: 'serverless: AWS keys in provider.environment are aws-credentials-in-provider findings',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  environment:
    AWS_ACCESS_KEY_ID: AKIAIOSFODNN7ABCDEFG
    AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzABCDEFGHIJK
    TEST_DB_PASSWORD: hunter2-for-tests
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a literal secret on one branch of an Fn::If, and a run-together name',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Environment:
        Variables:
          DB_PASSWORD: !If [IsProd, '{{resolve:secretsmanager:db}}', 'dev-pa55word']
#                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment:secretByName
          DBPASSWORD: 'pa55word-9'
#                     ^^^^^^^^^^^^ hardcoded-secret-in-environment:secretByName
`,
      errors: [
        { messageId: 'secretByName', data: { name: 'DB_PASSWORD', when: 'when condition IsProd is false' } },
        { messageId: 'secretByName', data: { name: 'DBPASSWORD', kind: 'password' } },
      ],
    },
    {
      name: 'serverless: provider and function environment, via self: too',
      path: 'serverless.yml',
      code: `service: orders
custom:
  dbPassword: hunter2-prod
provider:
  name: aws
  environment:
    DB_PASSWORD: \${self:custom.dbPassword}
#                ^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment:secretByName
functions:
  pay:
    handler: pay.h
    environment:
      STRIPE: sk_live_4eC39HqLyjWDarjtT1zdp7dc # test key
#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment:secretByShape
`,
      errors: [
        { messageId: 'secretByName', data: { name: 'DB_PASSWORD', kind: 'password' } },
        { messageId: 'secretByShape', data: { name: 'STRIPE', kind: 'Stripe live secret key' } },
      ],
      fixIndex: 1,
      output: `service: orders
custom:
  dbPassword: hunter2-prod
provider:
  name: aws
  environment:
    DB_PASSWORD: \${self:custom.dbPassword}
functions:
  pay:
    handler: pay.h
    environment:
      STRIPE: '\${ssm:/orders/\${sls:stage}/STRIPE}' # test key
`,
    },
    {
      name: 'SAM: Globals and function environment',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        JWT_SECRET: correct-horse-battery
#                   ^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Environment:
        Variables:
          DATABASE_URL: postgres://app:s3cr3tpw@db.internal:5432/orders
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment
`,
      errors: [{ messageId: 'secretByName', data: { name: 'JWT_SECRET' } }, { messageId: 'secretByShape', data: { kind: 'connection string' } }],
      fixIndex: 1,
      output: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        JWT_SECRET: correct-horse-battery
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Environment:
        Variables:
          DATABASE_URL: '{{resolve:secretsmanager:Fn/DATABASE_URL}}'
`,
    },
    {
      name: 'CloudFormation JSON: AWS::Lambda::Function',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": "index.handler",
        "Environment": { "Variables": { "ApiKey": "a9f3c2e1b7d64f0e8c5a" } }
//                                                ^^^^^^^^^^^^^^^^^^^^^^ hardcoded-secret-in-environment
      }
    }
  }
}`,
      errors: [{ messageId: 'secretByName', data: { name: 'ApiKey', kind: 'key' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Handler": "index.handler",
        "Environment": { "Variables": { "ApiKey": "{{resolve:secretsmanager:Fn/ApiKey}}" } }
      }
    }
  }
}`,
    },
  ],
});
