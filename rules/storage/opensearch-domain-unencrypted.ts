/**
 * OpenSearch Service and Elasticsearch domains without encryption at rest.
 * CloudFormation creates a domain unencrypted unless
 * `EncryptionAtRestOptions.Enabled` is true.
 */
import { defineRule } from '../../server/src/engine';
import { failsOptionsFlagAsWritten, hasPropertiesKey, isWrittenTrue, reportEncryptionFlags, writtenValue, type EncryptionFlag } from './support/settings';

const FIX_TITLE = 'Set EncryptionAtRestOptions.Enabled: true (an existing domain is updated blue/green; t2 instance types do not support it)';

const os8: EncryptionFlag['equivalentsOf'] = (_model, problem) => (failsOptionsFlagAsWritten(problem.resource, ['EncryptionAtRestOptions', 'Enabled']) ? ['AwsSolutions-OS8'] : []);
// cfn_nag's W54 (ElasticsearchDomainEncryptionAtRestOptionsRule.rb) reads `AWS::Elasticsearch::Domain` only.
const os8AndW54: EncryptionFlag['equivalentsOf'] = (_model, problem) => (failsOptionsFlagAsWritten(problem.resource, ['EncryptionAtRestOptions', 'Enabled']) ? ['AwsSolutions-OS8', 'W54'] : []);

const KICS_ES_AT_REST = 'KICS:86a248ab-0e01-4564-a82a-878303e253bb';

/**
 * KICS's "ElasticSearch Not Encrypted At Rest" (assets/queries/cloudFormation/aws/elasticsearch_not_encrypted_at_rest/query.rego)
 * reads `AWS::Elasticsearch::Domain` only, found by `walk()`; it binds `properties := resource.Properties` (a domain
 * without the key passes) and fails `EncryptionAtRestOptions` absent or null, or `not cf_lib.isCloudFormationTrue(Enabled)`:
 * anything but `true` or the text `true` in any case, an absent `Enabled` and an intrinsic included. Our findings are
 * false or absent on some branch, so each of them with `Properties` written fails it unless `Enabled` is written true.
 * Not serverless.yml (flagEquivalents keeps Checkov's checks alone there).
 */
const kicsAtRest: EncryptionFlag['equivalentsOf'] = (_model, problem) =>
  hasPropertiesKey(problem.resource) && !isWrittenTrue(writtenValue(problem.resource, ['EncryptionAtRestOptions', 'Enabled'])) ? [KICS_ES_AT_REST] : [];

const FLAGS: readonly EncryptionFlag[] = [
  // Checkov's CKV_AWS_5 (ElasticsearchEncryption.py) reads `AWS::Elasticsearch::Domain` only; cdk-nag's
  // AwsSolutions-OS8 (OpenSearchEncryptedAtRest.ts) reads both kinds of domain, and gives no verdict on an
  // intrinsic `Enabled` (failsOptionsFlagAsWritten).
  { type: 'AWS::OpenSearchService::Domain', label: 'OpenSearch domain', path: ['EncryptionAtRestOptions', 'Enabled'], fixTitle: FIX_TITLE, equivalentsOf: os8 },
  { type: 'AWS::Elasticsearch::Domain', label: 'Elasticsearch domain', path: ['EncryptionAtRestOptions', 'Enabled'], fixTitle: FIX_TITLE, equivalents: ['CKV_AWS_5'], equivalentsOf: (model, problem) => [...os8AndW54(model, problem), ...kicsAtRest(model, problem)] },
];

export default defineRule({
  meta: {
    id: 'opensearch-domain-unencrypted',
    title: 'OpenSearch or Elasticsearch domain without encryption at rest',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'Without EncryptionAtRestOptions.Enabled, an OpenSearch or Elasticsearch domain stores its indices, automated snapshots, logs and swap unencrypted. Search indices often hold copies of user records and application logs.',
    remediation: 'Set `EncryptionAtRestOptions: { Enabled: true }` (and `KmsKeyId` for a customer managed key). Fine-grained access control requires it too.',
    equivalents: [],
    findingEquivalents: ['CKV_AWS_5', 'AwsSolutions-OS8', 'W54', KICS_ES_AT_REST],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/encryption-at-rest.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-opensearchservice-domain.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      notEnabled: '{{store}} {{resource}} is not encrypted at rest: {{setting}} is not set, and it defaults to false{{when}}.',
      disabled: '{{store}} {{resource}} is not encrypted at rest: {{setting}} is false{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    reportEncryptionFlags(context, FLAGS, { absent: 'notEnabled', disabled: 'disabled' });
  },
});
