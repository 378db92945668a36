/**
 * A Kinesis data stream without server-side encryption: Kinesis encrypts
 * records only when the stream sets `StreamEncryption` with `EncryptionType:
 * KMS`. The fix names the AWS managed key, a suggestion because producers and
 * consumers may need KMS permissions.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { describeCircumstances, reportRange, setValueEdit, settingValues } from './support/settings';

const FIX_TITLE = 'Encrypt this stream with the AWS managed key (alias/aws/kinesis)';
const KICS_KINESIS_SSE = 'KICS:7f65be75-90ab-4036-8c2a-410aef7bb650';

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
    // KICS's query reads what is written, and not a serverless.yml here (failsKicsKinesisSse).
    findingEquivalents: [KICS_KINESIS_SSE],
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
        equivalents: failsKicsKinesisSse(model, resource) ? [KICS_KINESIS_SSE] : [],
      });
    }
  },
});

/**
 * KICS's "Kinesis SSE Not Configured" (assets/queries/cloudFormation/aws/kinesis_sse_not_configured/query.rego) fails a
 * stream on three counts, each `not common_lib.valid_key(...)` (a key absent or null, and `not` holds too when its
 * argument is undefined): `Properties.StreamEncryption`, `StreamEncryption.EncryptionType`, `StreamEncryption.KeyId`.
 * So it passes only a `StreamEncryption` map with both keys written non-null, whatever their values (`EncryptionType:
 * NONE` with a `KeyId` passes, and an intrinsic for either is a value), and fails a stream without `Properties` or whose
 * `StreamEncryption` is an intrinsic. It finds streams by `walk()`; we name it outside serverless.yml only, not having
 * verified that KICS runs its CloudFormation queries on a serverless.yml.
 */
function failsKicsKinesisSse(model: AppModel, resource: CfnResource): boolean {
  if (model.kind === 'serverless') return false;
  const encryption = resource.properties && isMap(resource.properties) ? entryOf(resource.properties, 'StreamEncryption')?.value : undefined;
  if (!encryption || !isMap(encryption)) return true;
  return !hasValue(encryption, 'EncryptionType') || !hasValue(encryption, 'KeyId');
}

/** `common_lib.valid_key`: the key written with a non-null value. */
function hasValue(map: SourceNode, key: string): boolean {
  const value = entryOf(map, key)?.value;
  return !!value && !(isScalar(value) && value.value === null);
}
