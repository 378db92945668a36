import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
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

describe('hardcoded-secret-in-environment: Checkov CKV_AWS_41 named where its function-level form also fails', () => {
  const equivalentsOf = (path: string, text: string) => analyze({ path, text, rules: [rule] }).findings.map((finding) => [finding.message.split(' ')[2], finding.equivalents.join(',')]);
  it('an access key id and a secret key in a serverless.yml function, not a password', () => {
    const text = `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
    environment:
      AWS_ACCESS_KEY_ID: AKIA4QWZJ7VKXR2M9PLD
      AWS_SECRET_ACCESS_KEY: q8Rz3mT1vB7xKp2Lw9YdN4cF6hJs0GuE5aZiOtWr
      DB_PASSWORD: S3cure-Passw0rd-2024!
`;
    // CKV_AWS_45 reads CloudFormation and SAM functions only, never serverless.yml's functions.
    assert.deepEqual(equivalentsOf('serverless.yml', text), [
      ['AWS_ACCESS_KEY_ID', 'CKV_AWS_41'],
      ['AWS_SECRET_ACCESS_KEY', 'CKV_AWS_41'],
      ['DB_PASSWORD', ''],
    ]);
  });
  it('not in a CloudFormation function (CKV_AWS_41 is a serverless.yml check)', () => {
    const text = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          AWS_ACCESS_KEY_ID: AKIA4QWZJ7VKXR2M9PLD
`;
    assert.deepEqual(equivalentsOf('template.yaml', text), [['AWS_ACCESS_KEY_ID', 'CKV_AWS_45,KICS:2564172f-c92b-4261-9acd-464aed511696']]);
  });
  it("CKV_AWS_45 only on values its secret regexes match (checkov/common/util/secrets.py), not on a secret known by its name", () => {
    const text = `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          DB_PASSWORD: S3cure-Passw0rd-2024!
          SIGNING_SECRET: q8Rz3mT1vB7xKp2Lw9YdN4cF6hJs0GuE5aZiOtWr
`;
    assert.deepEqual(equivalentsOf('template.yaml', text), [
      ['DB_PASSWORD', ''],
      ['SIGNING_SECRET', 'CKV_AWS_45'],
    ]);
  });
});

describe("hardcoded-secret-in-environment: an access key id inside a longer value, and KICS's Hardcoded AWS Access Key In Lambda", () => {
  const KICS = 'KICS:2564172f-c92b-4261-9acd-464aed511696';
  const findingsOf = (path: string, text: string) => analyze({ path, text, rules: [rule] }).findings.map((finding) => [finding.message.split(' ')[2], finding.equivalents.filter((id) => id.startsWith('KICS:')).join(',')]);
  it('reports a key id inside a longer value, and names KICS on CloudFormation Lambda functions (its fixtures: a key alone, and one in a longer value)', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  LambdaFunction:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          databaseName: lambdadb
          databaseUser: admin
          KEY_ALONE: AKIA4QWZJ7VKXR2M9PLD
          CONNECTION: "keyid=AKIA4QWZJ7VKXR2M9PLD;region=eu-west-1"
          SIGNED_URL: https://bucket.s3.amazonaws.com/o?X-Amz-Credential=ASIA4QWZJ7VKXR2M9PLD%2F20240101
`;
    assert.deepEqual(findingsOf('template.yaml', text), [
      ['KEY_ALONE', KICS],
      ['CONNECTION', KICS],
      ['SIGNED_URL', KICS],
    ]);
  });
  it('does not report letters and digits that merely contain the prefix, or a value with only the A3T form KICS also matches', () => {
    const text = `Resources:
  LambdaFunction:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          BUILD_ID: XAKIA4QWZJ7VKXR2M9PLDQ
          LEGACY: A3TX4QWZJ7VKXR2M9PLDQ
          TABLE: orders-AKIA
`;
    // KICS's unanchored pattern fails BUILD_ID and LEGACY; neither is a key id AWS issues, so we report neither.
    assert.deepEqual(findingsOf('template.yaml', text), []);
  });
  it('names KICS on neither a SAM AWS::Serverless::Function nor serverless.yml, which the query does not read', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          CONNECTION: "keyid=AKIA4QWZJ7VKXR2M9PLD;region=eu-west-1"
`;
    assert.deepEqual(findingsOf('template.yaml', sam), [['CONNECTION', '']]);
    const serverless = `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
    environment:
      CONNECTION: "keyid=AKIA4QWZJ7VKXR2M9PLD;region=eu-west-1"
`;
    assert.deepEqual(findingsOf('serverless.yml', serverless), [['CONNECTION', '']]);
  });
});
