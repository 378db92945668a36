import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule from './deploy-time-secret-in-environment';
import { testRule } from '../support/rule-tester';
import { analyze } from '../../server/src/engine';

testRule(rule, {
  valid: [
    {
      name: 'serverless: managed stores, pointers to a secret, non-secret names and literals (hardcoded-secret-in-environment\'s)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  environment:
    DB_PASSWORD: \${ssm:/orders/\${sls:stage}/db-password}
    API_KEY_PARAM: \${env:API_KEY_PARAM}
    STRIPE_SECRET_ARN: \${opt:stripeSecretArn}
    STAGE: \${opt:stage, 'dev'}
    TABLE_NAME: \${env:TABLE_NAME}
functions:
  list:
    handler: h.list
    environment:
      TOKEN: literal-value-kept-elsewhere
`,
    },
    {
      name: 'SAM: dynamic references, SSM-typed parameters and names that point at the secret',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPasswordSsm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /orders/db-password
  SecretName:
    Type: String
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Environment:
        Variables:
          DB_PASSWORD: '{{resolve:secretsmanager:orders/db:SecretString:password}}'
          API_KEY: !Ref DbPasswordSsm
          API_KEY_SECRET_NAME: !Ref SecretName
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: ${env:}, ${opt:} with a fallback, ${param:} and ${self:} leading to ${env:}, in provider and function environments',
      path: 'serverless.yml',
      code: `service: orders
custom:
  secrets:
    slack: \${env:SLACK_TOKEN}
provider:
  name: aws
  environment:
    DB_PASSWORD: \${env:DB_PASSWORD}
#                ^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromDeployVariable
    JWT_SECRET: \${opt:jwtSecret, 'dev-secret'}
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromDeployVariable
functions:
  notify:
    handler: h.notify
    environment:
      SLACK_TOKEN: \${self:custom.secrets.slack}
#                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromDeployVariable
      STRIPE_API_KEY: \${param:stripeKey}
#                     ^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromDeployVariable
`,
      errors: [
        { messageId: 'fromDeployVariable', data: { message: 'Environment variable DB_PASSWORD gets a password from `${env:DB_PASSWORD}` at deploy time' } },
        { messageId: 'fromDeployVariable', data: { source: '`${opt:jwtSecret}`' } },
        { messageId: 'fromDeployVariable', data: { source: '`${env:SLACK_TOKEN}`' } },
        { messageId: 'fromDeployVariable', data: { source: '`${param:stripeKey}`' } },
      ],
    },
    {
      name: 'SAM: a parameter without NoEcho, one with NoEcho (still in the function configuration), in Globals and a function, and one branch of Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPassword:
    Type: String
  ApiToken:
    Type: String
    NoEcho: true
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Globals:
  Function:
    Environment:
      Variables:
        DB_PASSWORD: !Ref DbPassword
#                    ^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromParameter
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Environment:
        Variables:
          API_TOKEN: !If [IsProd, !Ref ApiToken, '']
#                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromParameter
`,
      errors: [
        { messageId: 'fromParameter', data: { message: 'from parameter DbPassword: it is stored in plain text', noEcho: 'without NoEcho describe-stacks shows it too' } },
        { messageId: 'fromParameter', data: { message: 'from parameter ApiToken when condition IsProd is true', noEcho: 'NoEcho masks it in CloudFormation, not in Lambda' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a Fn::Sub that builds a connection secret from a parameter',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": { "DbPassword": { "Type": "String" } },
  "Resources": {
    "Fn": {
      "Type": "AWS::Lambda::Function",
      "Properties": {
        "Runtime": "nodejs20.x",
        "Handler": "index.handler",
        "Role": "arn:aws:iam::123456789012:role/r",
        "Code": { "ZipFile": "exports.handler = async () => 1" },
        "Environment": { "Variables": { "DB_DSN": { "Fn::Sub": "postgres://app:\${DbPassword}@db.example.com/app" } } }
//                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ deploy-time-secret-in-environment:fromParameter
      }
    }
  }
}`,
      errors: [{ messageId: 'fromParameter', data: { message: 'Environment variable DB_DSN gets a connection string from parameter DbPassword' } }],
    },
  ],
});

describe('deploy-time-secret-in-environment severity', () => {
  it('is info: the secret is out of the repository, and the risk is who can read the function configuration', () => {
    const text = `service: s
provider:
  name: aws
  environment:
    API_KEY: \${env:API_KEY}
`;
    const findings = analyze({ path: 'serverless.yml', text, rules: [rule] }).findings;
    assert.deepEqual(findings.map((finding) => [finding.ruleId, finding.severity, finding.fixes.length]), [['deploy-time-secret-in-environment', 'info', 0]]);
  });
});
