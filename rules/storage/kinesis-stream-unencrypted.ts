/**
 * A Kinesis data stream without server-side encryption: Kinesis encrypts
 * records only when the stream sets `StreamEncryption` with `EncryptionType:
 * KMS`. The fix names the AWS managed key, a suggestion because producers and
 * consumers may need KMS permissions.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import { describeCircumstances, reportRange, setValueEdit, settingValues } from './support/settings';

const FIX_TITLE = 'Encrypt this stream with the AWS managed key (alias/aws/kinesis)';

export default defineRule({
  meta: {
    id: 'kinesis-stream-unencrypted',
    title: 'Kinesis data stream without encryption at rest',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'Kinesis Data Streams keeps records for a day or more. Unless the stream sets StreamEncryption with EncryptionType KMS, they are stored unencrypted: Kinesis, unlike S3, DynamoDB and SQS, does not encrypt by default.',
    remediation:
      'Add `StreamEncryption: { EncryptionType: KMS, KeyId: alias/aws/kinesis }`, or a customer managed key. Encryption can be enabled on an existing stream without interruption.',
    equivalents: ['CKV_AWS_43'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/streams/latest/dev/server-side-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kinesis-stream.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      notEnabled: 'Kinesis stream {{resource}} is not encrypted at rest: it sets no StreamEncryption{{when}}.',
      disabled: 'Kinesis stream {{resource}} is not encrypted at rest: StreamEncryption.EncryptionType is {{value}}{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const model = context.model;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Kinesis::Stream') continue;
      const values = settingValues(model, resource.properties, ['StreamEncryption', 'EncryptionType']);
      const bad = values.find((value) => value.state === 'absent' || (value.state === 'known' && String(value.value).toUpperCase() === 'NONE'));
      if (!bad) continue;
      // `StreamEncryption` present without a type is invalid anyway; only a wholly absent one gets the fix.
      const isPlainlyAbsent = values.length === 1 && bad.state === 'absent' && bad.when.length === 0 && settingValues(model, resource.properties, ['StreamEncryption']).every((value) => value.state === 'absent');
      const edit = isPlainlyAbsent ? setValueEdit(model, resource, ['StreamEncryption'], { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' }) : undefined;
      const fixes: Fix[] = edit ? [{ title: FIX_TITLE, edits: [edit] }] : [];
      context.report({
        messageId: bad.state === 'absent' ? 'notEnabled' : 'disabled',
        data: { resource: resource.logicalId, value: String(bad.value ?? ''), when: describeCircumstances(bad) },
        node: { range: reportRange(resource, ['StreamEncryption']) },
        resource: resource.logicalId,
        fixes,
      });
    }
  },
});
