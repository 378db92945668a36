/**
 * An SQS queue whose server-side encryption is switched off: since October
 * 2022 SQS encrypts every new queue with SSE-SQS unless the template sets
 * `SqsManagedSseEnabled: false` without a KMS key. A queue with neither
 * setting is encrypted, and is left to `store-without-customer-managed-key`.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import { booleanOf, describeCircumstances, combineWhen, failsKicsSqsSse, KICS_SQS_SSE_DISABLED, reportRange, setValueEdit, settingValues } from './support/settings';

const FIX_TITLE = 'Turn SSE-SQS back on (SqsManagedSseEnabled: true)';

export default defineRule({
  meta: {
    id: 'sqs-queue-encryption-disabled',
    title: 'SQS queue with server-side encryption switched off',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'SQS encrypts new queues with SSE-SQS by default. A queue that sets SqsManagedSseEnabled: false and names no KMS key opts out, and its messages are stored unencrypted until they are consumed or expire.',
    remediation:
      'Remove `SqsManagedSseEnabled: false` or set it to true (SSE-SQS, no key to manage, transparent to producers and consumers), or set `KmsMasterKeyId` to a KMS key.',
    // Checkov's CKV_AWS_27 (SQSQueueEncryption.py) fails a queue whose SqsManagedSseEnabled is not true and that has no
    // non-empty KmsMasterKeyId string; it reads no condition, so only an unconditional finding names it. KICS's query
    // reads what is written (failsKicsSqsSse).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_27', KICS_SQS_SSE_DISABLED],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      disabled: 'SQS queue {{resource}} is not encrypted at rest: SqsManagedSseEnabled is false and it names no KmsMasterKeyId{{when}}.',
    },
    fix: 'safe',
    scope: 'resource',
  },
  check(context) {
    const model = context.model;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::SQS::Queue') continue;
      const managed = settingValues(model, resource.properties, ['SqsManagedSseEnabled']);
      const keys = settingValues(model, resource.properties, ['KmsMasterKeyId']);
      const withoutKey = keys.filter((key) => key.state === 'absent' || (key.state === 'known' && key.value === ''));
      let found: { when: typeof managed[number]['when']; assumptions: string[] } | undefined;
      for (const off of managed.filter((value) => booleanOf(value) === false)) {
        for (const key of withoutKey) {
          const when = combineWhen(off.when, key.when);
          if (when) {
            found = { when, assumptions: [...off.assumptions, ...key.assumptions] };
            break;
          }
        }
        if (found) break;
      }
      if (!found) continue;
      const isPlain = managed.length === 1 && keys.length === 1 && found.when.length === 0 && found.assumptions.length === 0;
      const edit = isPlain ? setValueEdit(model, resource, ['SqsManagedSseEnabled'], true) : undefined;
      const fixes: Fix[] = edit ? [{ title: FIX_TITLE, edits: [edit] }] : [];
      context.report({
        messageId: 'disabled',
        data: { resource: resource.logicalId, when: describeCircumstances(found) },
        node: { range: reportRange(resource, ['SqsManagedSseEnabled']) },
        resource: resource.logicalId,
        fixes,
        equivalents: [...(found.when.length === 0 ? ['CKV_AWS_27'] : []), ...(failsKicsSqsSse(model, resource) ? [KICS_SQS_SSE_DISABLED] : [])],
      });
    }
  },
});

