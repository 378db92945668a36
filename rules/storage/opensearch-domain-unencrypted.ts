/**
 * OpenSearch Service and Elasticsearch domains without encryption at rest.
 * CloudFormation creates a domain unencrypted unless
 * `EncryptionAtRestOptions.Enabled` is true.
 */
import { defineRule } from '../../server/src/engine';
import { failsOptionsFlagAsWritten, reportEncryptionFlags, type EncryptionFlag } from './support/settings';

const FIX_TITLE = 'Set EncryptionAtRestOptions.Enabled: true (an existing domain is updated blue/green; t2 instance types do not support it)';

const os8: EncryptionFlag['equivalentsOf'] = (_model, problem) => (failsOptionsFlagAsWritten(problem.resource, ['EncryptionAtRestOptions', 'Enabled']) ? ['AwsSolutions-OS8'] : []);
// cfn_nag's W54 (ElasticsearchDomainEncryptionAtRestOptionsRule.rb) reads `AWS::Elasticsearch::Domain` only.
const os8AndW54: EncryptionFlag['equivalentsOf'] = (_model, problem) => (failsOptionsFlagAsWritten(problem.resource, ['EncryptionAtRestOptions', 'Enabled']) ? ['AwsSolutions-OS8', 'W54'] : []);

const FLAGS: readonly EncryptionFlag[] = [
  // Checkov's CKV_AWS_5 (ElasticsearchEncryption.py) reads `AWS::Elasticsearch::Domain` only; cdk-nag's
  // AwsSolutions-OS8 (OpenSearchEncryptedAtRest.ts) reads both kinds of domain, and gives no verdict on an
  // intrinsic `Enabled` (failsOptionsFlagAsWritten).
  { type: 'AWS::OpenSearchService::Domain', label: 'OpenSearch domain', path: ['EncryptionAtRestOptions', 'Enabled'], fixTitle: FIX_TITLE, equivalentsOf: os8 },
  { type: 'AWS::Elasticsearch::Domain', label: 'Elasticsearch domain', path: ['EncryptionAtRestOptions', 'Enabled'], fixTitle: FIX_TITLE, equivalents: ['CKV_AWS_5'], equivalentsOf: os8AndW54 },
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
    findingEquivalents: ['CKV_AWS_5', 'AwsSolutions-OS8', 'W54'],
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
