import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './store-without-customer-managed-key';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: every store with a customer managed key, S3 without settings, a key from a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  KeyArn:
    Type: String
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      SSESpecification:
        SSEEnabled: true
        SSEType: KMS
        KMSMasterKeyId: !Ref DataKey
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: !Ref DataKey
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: !GetAtt DataKey.Arn
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      KmsKeyId: !GetAtt DataKey.Arn
  Metrics:
    Type: AWS::Timestream::Database
    Properties:
      KmsKeyId: !Ref KeyArn
  Bucket:
    Type: AWS::S3::Bucket
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
      SSESpecification: { SSEEnabled: true, SSEType: KMS }
      Replicas:
        - Region: eu-west-1
          SSESpecification: { KMSMasterKeyId: arn:aws:kms:eu-west-1:123456789012:key/abc }
        - Region: us-east-1
          SSESpecification: { KMSMasterKeyId: arn:aws:kms:us-east-1:123456789012:key/def }
  Unencrypted:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
`,
    },
    {
      name: 'CloudFormation JSON: a queue with a customer managed key',
      path: 'template.json',
      code: `{ "Resources": { "Jobs": { "Type": "AWS::SQS::Queue", "Properties": { "KmsMasterKeyId": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: each store type with the AWS owned or managed key',
      path: 'template.yaml',
      code: `Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      SSESpecification:
#     ^^^^^^^^^^^^^^^^ store-without-customer-managed-key:awsManagedKey
        SSEEnabled: true
  OwnedTable:
# ^^^^^^^^^^ store-without-customer-managed-key:awsOwnedKey
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Queue:
# ^^^^^ store-without-customer-managed-key:awsOwnedKey
    Type: AWS::SQS::Queue
  ManagedQueue:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
#     ^^^^^^^^^^^^^^ store-without-customer-managed-key:awsManagedKey
  Secret:
# ^^^^^^ store-without-customer-managed-key:awsManagedKey
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString: { PasswordLength: 32 }
  Logs:
# ^^^^ store-without-customer-managed-key:awsOwnedKey
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 30
  Metrics:
# ^^^^^^^ store-without-customer-managed-key:awsManagedKey
    Type: AWS::Timestream::Database
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
      SSESpecification: { SSEEnabled: true, SSEType: KMS }
#     ^^^^^^^^^^^^^^^^ store-without-customer-managed-key:awsManagedKey
      Replicas:
        - Region: eu-west-1
          SSESpecification: { KMSMasterKeyId: arn:aws:kms:eu-west-1:123456789012:key/abc }
        - Region: us-east-1
`,
      errors: [
        { messageId: 'awsManagedKey', data: { store: 'DynamoDB table', key: 'aws/dynamodb' } },
        { messageId: 'awsOwnedKey', data: { resource: 'OwnedTable' } },
        { messageId: 'awsOwnedKey', data: { store: 'SQS queue', key: 'SSE-SQS' } },
        { messageId: 'awsManagedKey', data: { key: 'aws/sqs' } },
        { messageId: 'awsManagedKey', data: { key: 'aws/secretsmanager' } },
        { messageId: 'awsOwnedKey', data: { store: 'CloudWatch log group' } },
        { messageId: 'awsManagedKey', data: { store: 'Timestream database', key: 'aws/timestream' } },
        { messageId: 'awsManagedKey', data: { store: 'DynamoDB global table', resource: 'Global' } },
      ],
    },
    {
      name: 'serverless: a table in resources.Resources, with a key only when a condition holds',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
        SSESpecification:
#       ^^^^^^^^^^^^^^^^ store-without-customer-managed-key:awsManagedKey
          SSEEnabled: true
          KMSMasterKeyId: !If [IsProd, !Ref OrdersKey, !Ref AWS::NoValue]
`,
      errors: [{ messageId: 'awsManagedKey', data: { resource: 'Orders', when: 'when condition IsProd is false' } }],
    },
    {
      name: 'SAM: a log group next to a function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
  FnLogs:
# ^^^^^^ store-without-customer-managed-key:awsOwnedKey
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/\${Fn}
      RetentionInDays: 14
`,
      errors: [{ messageId: 'awsOwnedKey' }],
    },
    {
      name: 'CloudFormation JSON: a secret without a key',
      path: 'template.json',
      code: `{
  "Resources": {
    "Secret": {
//  ^^^^^^^^ store-without-customer-managed-key:awsManagedKey
      "Type": "AWS::SecretsManager::Secret",
      "Properties": { "Description": "db password" }
    }
  }
}
`,
      errors: [{ messageId: 'awsManagedKey' }],
    },
  ],
});

describe('store-without-customer-managed-key: equivalents per finding', () => {
  it("names each store's check, and on a named AWS managed key only the one that fails it (CKV_AWS_149)", () => {
    const text = `Resources:
  Jobs:
    Type: AWS::SQS::Queue
  NamedQueueKey:
    Type: AWS::SQS::Queue
    Properties: { KmsMasterKeyId: alias/aws/sqs }
  Token:
    Type: AWS::SecretsManager::Secret
    Properties: { KmsKeyId: alias/aws/secretsmanager }
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: alias/aws/dynamodb }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, finding.equivalents]),
      [
        ['Jobs', 'awsOwnedKey', ['CKV_AWS_27']],
        ['NamedQueueKey', 'awsManagedKey', []],
        ['Token', 'awsManagedKey', ['CKV_AWS_149']],
        ['Orders', 'awsManagedKey', []],
      ],
    );
  });
});

describe("store-without-customer-managed-key: KICS's SQS With SSE Disabled", () => {
  it('is named on queues with Properties written, no KmsMasterKeyId key and SSE-SQS not written true', () => {
    const KICS = 'KICS:12726829-93ed-4d51-9cbe-13423f4299e1';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bare:
    Type: AWS::SQS::Queue
  Plain:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
  SseSqs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: true
  EmptyKey:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: ''
  AwsKey:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Bare', false],
        ['Plain', true],
        ['SseSqs', false],
        ['EmptyKey', false],
        ['AwsKey', false],
      ],
    );
  });
});

describe("store-without-customer-managed-key: KICS's DynamoDB Table Not Encrypted", () => {
  it('is named on tables with Properties written whose SSEEnabled is absent, null or the boolean false; not on global tables or serverless.yml', () => {
    const KICS = 'KICS:4bd21e68-38c1-4d58-acdc-6a14b203237f';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
  Bare:
    Type: AWS::DynamoDB::Table
  Plain:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
  Off:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: false
  OffText:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: 'false'
  AwsManaged:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification:
        SSEEnabled: true
  KeyInProd:
    Type: AWS::DynamoDB::Table
    Properties:
      SSESpecification: !If [IsProd, { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref Key }, !Ref AWS::NoValue]
  Global:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      Replicas:
        - Region: us-east-1
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Bare', false],
        ['Plain', true],
        ['Off', true],
        ['OffText', false],
        ['AwsManaged', false],
        ['KeyInProd', true],
        ['Global', false],
      ],
    );
    const service = `service: orders
provider:
  name: aws
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Orders', false]]);
  });
});

describe("store-without-customer-managed-key: KICS's Secrets Manager key queries, from their own fixtures", () => {
  it('names c8ae9ba9 on a secret with Properties and no KmsKeyId, bed9762b also on an empty one or one without Properties; neither on a key, an AWS alias, a condition or serverless.yml', () => {
    const SPECIFY = 'KICS:c8ae9ba9-c2f7-4e5c-b32e-a4b7712d4d22';
    const WITHOUT = 'KICS:bed9762b-9bf6-4823-98e2-b1752bee0bf7';
    // secretsmanager_secret_without_kms test/positive1.json (Description only; its resource policy left out), positive3.json
    // (`KmsKeyId: ""`) and negative2.yaml (a key id), adapted to one template.
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Keyed: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  MySecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Description: secret description
  MySecretB:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: MySecretForAppB
      KmsKeyId: ""
      GenerateSecretString: { PasswordLength: 32 }
  MyCMK:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: test
      KmsKeyId: test-key
  Bare:
    Type: AWS::SecretsManager::Secret
  AwsManaged:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: alias/aws/secretsmanager
  Conditional:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: !If [Keyed, alias/app, !Ref AWS::NoValue]
`;
    const result = analyze({ path: 'template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    const kics = (finding: { equivalents: string[] }) => finding.equivalents.filter((id) => id === SPECIFY || id === WITHOUT);
    // KICS passes any written key: the AWS managed alias and the Fn::If are our advice alone. Specify binds
    // `resource.Properties`, so a secret without it passes that query; the other's `not valid_key` holds without it.
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, kics(finding)]),
      [
        ['MySecret', [SPECIFY, WITHOUT]],
        ['MySecretB', [WITHOUT]],
        ['Bare', [WITHOUT]],
        ['AwsManaged', []],
        ['Conditional', []],
      ],
    );
    const service = `service: s
provider:
  name: aws
resources:
  Resources:
    MySecret:
      Type: AWS::SecretsManager::Secret
      Properties:
        Description: secret description
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, kics(finding)]), [['MySecret', []]]);
  });
});
