/**
 * Advice, never louder than info: data stores that AWS already encrypts at
 * rest by default (DynamoDB, SQS, Secrets Manager, CloudWatch Logs,
 * Timestream) but with a key that AWS owns or manages, so that no key policy
 * of yours decides who may decrypt. S3 is deliberately absent (see the doc).
 */
import { defineRule } from '../../server/src/engine';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import { booleanOf, combineWhen, describeCircumstances, failsKicsSqsSse, hasPropertiesKey, KICS_SQS_SSE_DISABLED, reportRange, settingValues, type SettingValue } from './support/settings';

interface KeyProblem {
  messageId: 'awsOwnedKey' | 'awsManagedKey';
  key: string;
  value: Pick<SettingValue, 'when' | 'assumptions'>;
  path: string[];
  /** True when the template names an AWS managed key (`alias/aws/sqs`) rather than leaving the key out. */
  isNamedAwsKey?: boolean;
  /** True when Checkov's check of the type passes what is written (a DynamoDB key id written empty, a queue with `SqsManagedSseEnabled: true`). */
  isCheckovPass?: boolean;
}

interface Store {
  label: string;
  /** What encrypts the store when no key is named. */
  defaultKey: { messageId: KeyProblem['messageId']; key: string };
  path: string[];
  /**
   * Checkov's check of this type, and whether it also fails a named AWS managed key, as read in their source
   * (checkov/cloudformation/checks/resource/aws/): CKV_AWS_149 (SecretManagerSecretEncrypted.py) fails a `KmsKeyId`
   * absent, empty or holding `aws/`; CKV_AWS_27 (SQSQueueEncryption.py) fails a queue without a non-empty
   * `KmsMasterKeyId` string unless `SqsManagedSseEnabled` is true; CKV_AWS_119 (DynamoDBTablesEncrypted.py) fails a
   * table unless `SSEEnabled` is truthy and `KMSMasterKeyId` is written; CKV_AWS_158 (CloudWatchLogGroupKMSKey.py)
   * and CKV_AWS_160 (TimestreamDatabaseKMSKey.py) fail a missing `KmsKeyId`. All but CKV_AWS_149 pass any key id.
   * A finding that holds only under a condition names none: their key paths do not reach into an `Fn::If`.
   */
  checkov?: { id: string; failsNamedAwsKey: boolean };
}

const KICS_DYNAMODB_NOT_ENCRYPTED = 'KICS:4bd21e68-38c1-4d58-acdc-6a14b203237f';
const KICS_SECRET_SPECIFY_KMS = 'KICS:c8ae9ba9-c2f7-4e5c-b32e-a4b7712d4d22';
const KICS_SECRET_WITHOUT_KMS = 'KICS:bed9762b-9bf6-4823-98e2-b1752bee0bf7';

const STORES: Record<string, Store> = {
  'AWS::SQS::Queue': { label: 'SQS queue', defaultKey: { messageId: 'awsOwnedKey', key: 'SSE-SQS' }, path: ['KmsMasterKeyId'], checkov: { id: 'CKV_AWS_27', failsNamedAwsKey: false } },
  'AWS::SecretsManager::Secret': { label: 'Secrets Manager secret', defaultKey: { messageId: 'awsManagedKey', key: 'aws/secretsmanager' }, path: ['KmsKeyId'], checkov: { id: 'CKV_AWS_149', failsNamedAwsKey: true } },
  'AWS::Logs::LogGroup': { label: 'CloudWatch log group', defaultKey: { messageId: 'awsOwnedKey', key: 'CloudWatch Logs default encryption' }, path: ['KmsKeyId'], checkov: { id: 'CKV_AWS_158', failsNamedAwsKey: false } },
  'AWS::Timestream::Database': { label: 'Timestream database', defaultKey: { messageId: 'awsManagedKey', key: 'aws/timestream' }, path: ['KmsKeyId'], checkov: { id: 'CKV_AWS_160', failsNamedAwsKey: false } },
  'AWS::DynamoDB::Table': { label: 'DynamoDB table', defaultKey: { messageId: 'awsManagedKey', key: 'aws/dynamodb' }, path: ['SSESpecification', 'KMSMasterKeyId'], checkov: { id: 'CKV_AWS_119', failsNamedAwsKey: false } },
  // Checkov's CKV_AWS_119 reads AWS::DynamoDB::Table only.
  'AWS::DynamoDB::GlobalTable': { label: 'DynamoDB global table', defaultKey: { messageId: 'awsManagedKey', key: 'aws/dynamodb' }, path: ['SSESpecification', 'KMSMasterKeyId'] },
};

export default defineRule({
  meta: {
    id: 'store-without-customer-managed-key',
    title: 'Data store encrypted with an AWS owned or AWS managed key, not a customer managed key',
    category: 'storage',
    severity: 'info',
    confidence: 'high',
    description:
      'DynamoDB tables, SQS queues, Secrets Manager secrets, CloudWatch log groups and Timestream databases are encrypted at rest by default, with a key AWS owns or manages. That is encryption, but not access control: with a customer managed key, your key policy decides who can decrypt, every use is in CloudTrail, and you can revoke access by disabling the key.',
    remediation:
      'For stores that hold sensitive data, create an `AWS::KMS::Key` (with rotation) and name it: `SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId }` (DynamoDB), `KmsMasterKeyId` (SQS), `KmsKeyId` (Secrets Manager, log groups, Timestream). Grant the service and your functions use of the key.',
    // Each check reads one store type, and most pass a named AWS managed key: a finding names its own (STORES). KICS's
    // SQS, DynamoDB and Secrets Manager queries read what is written (failsKicsSqsSse, failsKicsDynamoDb, kicsSecretChecks).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_119', 'CKV_AWS_27', 'CKV_AWS_149', 'CKV_AWS_158', 'CKV_AWS_160', KICS_SQS_SSE_DISABLED, KICS_DYNAMODB_NOT_ENCRYPTED, KICS_SECRET_SPECIFY_KMS, KICS_SECRET_WITHOUT_KMS],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-mgmt',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html',
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html',
      'https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html',
      'https://docs.aws.amazon.com/timestream/latest/developerguide/EncryptionAtRest.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      awsOwnedKey: '{{store}} {{resource}} is encrypted at rest with an AWS owned key ({{key}}), not a customer managed key{{when}}: consider one if it holds sensitive data.',
      awsManagedKey: '{{store}} {{resource}} is encrypted at rest with the AWS managed key {{key}}, not a customer managed key{{when}}: consider one if it holds sensitive data.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const model = context.model;
    for (const resource of model.resources) {
      const store = STORES[resource.type];
      if (!store) continue;
      const problem = resource.type.startsWith('AWS::DynamoDB::') ? dynamoDbProblem(model, resource, store) : keyProblem(model, resource, store);
      if (!problem) continue;
      context.report({
        messageId: problem.messageId,
        data: { store: store.label, resource: resource.logicalId, key: problem.key, when: describeCircumstances(problem.value) },
        node: { range: reportRange(resource, problem.path) },
        resource: resource.logicalId,
        equivalents: [
          ...(store.checkov && problem.value.when.length === 0 && !problem.isCheckovPass && (!problem.isNamedAwsKey || store.checkov.failsNamedAwsKey) ? [store.checkov.id] : []),
          ...(failsKicsSqsSse(model, resource) ? [KICS_SQS_SSE_DISABLED] : []),
          ...(failsKicsDynamoDb(model, resource) ? [KICS_DYNAMODB_NOT_ENCRYPTED] : []),
          ...kicsSecretChecks(model, resource),
        ],
      });
    }
  },
});

/** The first branch on which the key property is absent, empty, or an `alias/aws/...` AWS managed key. */
function keyProblem(model: AppModel, resource: CfnResource, store: Store): KeyProblem | undefined {
  // A queue with SSE-SQS switched off and no key is unencrypted: that is sqs-queue-encryption-disabled's finding, not advice.
  if (resource.type === 'AWS::SQS::Queue' && settingValues(model, resource.properties, ['SqsManagedSseEnabled']).some((value) => booleanOf(value) === false)) return undefined;
  // Checkov's CKV_AWS_27 passes a queue whose `SqsManagedSseEnabled` is written true: SSE-SQS, our advice all the same.
  const isSseSqsWritten = resource.type === 'AWS::SQS::Queue' && settingValues(model, resource.properties, ['SqsManagedSseEnabled']).some((value) => booleanOf(value) === true);
  for (const value of settingValues(model, resource.properties, store.path)) {
    if (value.state === 'absent' || (value.state === 'known' && value.value === '')) return { ...store.defaultKey, value, path: store.path, isCheckovPass: isSseSqsWritten };
    const managed = awsManagedAlias(value);
    if (managed) return { messageId: 'awsManagedKey', key: managed, value, path: store.path, isNamedAwsKey: true };
  }
  return undefined;
}

/**
 * DynamoDB: `SSEEnabled` false or absent is the AWS owned key; true without
 * `KMSMasterKeyId` (or with `alias/aws/dynamodb`) the AWS managed key. A
 * global table names the key per replica, so every replica must have one.
 */
function dynamoDbProblem(model: AppModel, resource: CfnResource, store: Store): KeyProblem | undefined {
  const path = ['SSESpecification', 'SSEEnabled'];
  const isGlobal = resource.type === 'AWS::DynamoDB::GlobalTable';
  const keys = isGlobal
    ? seqItems(valueOf(resource.properties, 'Replicas')).flatMap((replica) => settingValues(model, replica, ['SSESpecification', 'KMSMasterKeyId']))
    : settingValues(model, resource.properties, store.path);
  for (const enabled of settingValues(model, resource.properties, path)) {
    const isEnabled = booleanOf(enabled);
    if (enabled.state === 'absent' || isEnabled === false) return { messageId: 'awsOwnedKey', key: 'DynamoDB default encryption', value: enabled, path };
    if (isEnabled !== true) continue;
    for (const key of keys) {
      const when = combineWhen(enabled.when, key.when);
      if (!when) continue;
      const circumstances = { when, assumptions: [...enabled.assumptions, ...key.assumptions] };
      // CKV_AWS_119 passes any written key id, an empty one included.
      if (key.state === 'absent' || (key.state === 'known' && key.value === '')) return { messageId: 'awsManagedKey', key: 'aws/dynamodb', value: circumstances, path, isCheckovPass: key.state === 'known' };
      const managed = awsManagedAlias(key);
      if (managed) return { messageId: 'awsManagedKey', key: managed, value: circumstances, path, isNamedAwsKey: true };
    }
  }
  return undefined;
}

/**
 * KICS's "DynamoDB Table Not Encrypted" (assets/queries/cloudFormation/aws/dynamodb_table_not_encrypted/query.rego)
 * binds `properties := resource.Properties` (a table without the key passes) and fails `SSESpecification.SSEEnabled`
 * absent or null (`not common_lib.valid_key`, an `SSESpecification` absent, null, not a map or an intrinsic included)
 * or false. The versions we read disagree on what is false: one compares with the boolean `false`, another calls
 * `cf_lib.isCloudFormationFalse` (also the text `false` or `no`); we name it on the boolean only, where both fail.
 * `AWS::DynamoDB::Table` of a document's top-level `Resources` only: not global tables, not serverless.yml.
 */
function failsKicsDynamoDb(model: AppModel, resource: CfnResource): boolean {
  if (model.kind === 'serverless' || resource.type !== 'AWS::DynamoDB::Table' || !hasPropertiesKey(resource)) return false;
  const specification = resource.properties && isMap(resource.properties) ? entryOf(resource.properties, 'SSESpecification')?.value : undefined;
  if (!specification || !isMap(specification)) return true;
  const enabled = entryOf(specification, 'SSEEnabled')?.value;
  return !enabled || (isScalar(enabled) && (enabled.value === null || enabled.value === false));
}

/**
 * KICS's two queries of a secret's key, read in their source (assets/queries/cloudFormation/aws/), both on
 * `AWS::SecretsManager::Secret` of a document's top-level `Resources` (not serverless.yml), values as written:
 * - "Secrets Manager Should Specify KmsKeyId" (`secrets_manager_should_specify_kms_key_id/query.rego`) binds
 *   `properties := resource.Properties` (a secret without the key passes) and fails `KmsKeyId` absent or null
 *   (`not common_lib.valid_key`).
 * - "Secretsmanager Secret Without KMS" (`secretsmanager_secret_without_kms/query.rego`) fails `KmsKeyId` written as
 *   the empty string, or absent or null (`not common_lib.valid_key(resource.Properties, ...)`, which also holds
 *   without `Properties`).
 * An intrinsic or any other key (an `alias/aws/secretsmanager` included) passes both.
 */
function kicsSecretChecks(model: AppModel, resource: CfnResource): string[] {
  if (model.kind === 'serverless' || resource.type !== 'AWS::SecretsManager::Secret') return [];
  const properties = valueOf(resource.declaration, 'Properties');
  const key = isMap(properties) ? entryOf(properties, 'KmsKeyId')?.value : undefined;
  const isAbsent = !key || (isScalar(key) && key.value === null);
  if (isAbsent) return hasPropertiesKey(resource) ? [KICS_SECRET_SPECIFY_KMS, KICS_SECRET_WITHOUT_KMS] : [KICS_SECRET_WITHOUT_KMS];
  return isScalar(key) && key.value === '' ? [KICS_SECRET_WITHOUT_KMS] : [];
}

/** `aws/sqs` for `alias/aws/sqs` (or an ARN ending in it): the AWS managed key of a service. */
function awsManagedAlias(value: SettingValue): string | undefined {
  if (value.state !== 'known' || typeof value.value !== 'string') return undefined;
  const match = /(?:^|:)alias\/(aws\/[\w-]+)$/.exec(value.value);
  return match?.[1];
}
