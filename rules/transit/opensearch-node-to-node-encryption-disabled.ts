/**
 * OpenSearch and Elasticsearch domains without node-to-node encryption
 * (`NodeToNodeEncryptionOptions.Enabled` absent or false; CloudFormation's
 * default is false): traffic between the domain's nodes is plain text.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule } from '../../server/src/engine';
import { setPropertyEdit } from './support/fixes';
import { booleanOf, propertyOutcomes, reportNode } from './support/values';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar } from '../../server/src/engine/parse/tree';
import { failsOptionsFlagAsWritten, hasPropertiesKey } from '../storage/support/settings';

const DOMAIN_TYPES = new Set(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']);
const PATH = ['NodeToNodeEncryptionOptions', 'Enabled'];
const KICS_NODE_TO_NODE = 'KICS:43ed6fe0-edb6-43c2-97be-6501cf563d53';

export default defineRule({
  meta: {
    id: 'opensearch-node-to-node-encryption-disabled',
    title: 'OpenSearch domain without node-to-node encryption',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'Without node-to-node encryption, the documents and queries that a domain moves between its data nodes (replication, shard relocation, search fan-out) travel unencrypted inside the VPC. Fine-grained access control requires it.',
    remediation: 'Set `NodeToNodeEncryptionOptions: { Enabled: true }` (OpenSearch, or Elasticsearch 6.0 and later).',
    // cdk-nag's AwsSolutions-OS2 (OpenSearchNodeToNodeEncryption.ts) reads both kinds of domain; Checkov's
    // CKV_AWS_6 (ElasticsearchNodeToNodeEncryption.py) reads `AWS::Elasticsearch::Domain` only.
    // cdk-nag's OS2 reads Elasticsearch and OpenSearch domains of CloudFormation templates, not serverless.yml,
    // and gives no verdict on an intrinsic `Enabled` (failsOptionsFlagAsWritten).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_6', 'AwsSolutions-OS2', 'W85', KICS_NODE_TO_NODE],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ntn.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-opensearchservice-domain.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      disabled: 'Search domain {{resource}} does not encrypt traffic between its nodes: NodeToNodeEncryptionOptions.Enabled is {{value}}{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (!DOMAIN_TYPES.has(resource.type)) continue;
      const disabled = propertyOutcomes(model, resource, PATH).find((outcome) => {
        const value = booleanOf(outcome);
        return value === false || value === 'absent';
      });
      if (!disabled) continue;
      const edit = setPropertyEdit(model.document, resource, PATH, true);
      context.report({
        messageId: 'disabled',
        data: { resource: resource.logicalId, value: booleanOf(disabled) === 'absent' ? 'not set (false by default)' : 'false', when: describeWhen(disabled.when) },
        node: reportNode(resource, PATH),
        resource: resource.logicalId,
        fixes: edit ? [{ title: 'Enable node-to-node encryption', edits: [edit] }] : [],
        equivalents: [
          ...(resource.type === 'AWS::Elasticsearch::Domain' ? ['CKV_AWS_6'] : []),
          ...(model.kind !== 'serverless' && failsOptionsFlagAsWritten(resource, ['NodeToNodeEncryptionOptions', 'Enabled'])
            ? // cfn_nag's W85 (ElasticsearchDomainNodeToNodeEncryptionOptionsRule.rb) reads `AWS::Elasticsearch::Domain` only.
              ['AwsSolutions-OS2', ...(resource.type === 'AWS::Elasticsearch::Domain' ? ['W85'] : [])]
            : []),
          ...(failsKicsNodeToNode(model, resource) ? [KICS_NODE_TO_NODE] : []),
        ],
      });
    }
  },
});

/**
 * KICS's "Elasticsearch Domain Not Encrypted Node To Node"
 * (assets/queries/cloudFormation/aws/elasticsearch_domain_not_encrypted_node_to_node/query.rego) reads domains of a
 * document's top-level `Resources`: every `AWS::Elasticsearch::Domain`, and an `AWS::OpenSearchService::Domain` only
 * when its `EngineVersion` is written `Elasticsearch_X.Y` (regex `^Elasticsearch_[0-9]{1}\.[0-9]{1,2}$`). Its helpers
 * take `resource.Properties` as an argument, so a domain without a `Properties` key passes. It fails
 * `NodeToNodeEncryptionOptions` absent or null, or an `Enabled` that is not the boolean `true` (`not ... == true`:
 * absent, the text `'true'` and any intrinsic fail). Not serverless.yml.
 */
function failsKicsNodeToNode(model: AppModel, resource: CfnResource): boolean {
  if (model.kind === 'serverless' || !hasPropertiesKey(resource)) return false;
  const properties = resource.properties && isMap(resource.properties) ? resource.properties : undefined;
  if (resource.type === 'AWS::OpenSearchService::Domain') {
    const version = properties ? entryOf(properties, 'EngineVersion')?.value : undefined;
    if (!version || !isScalar(version) || typeof version.value !== 'string' || !/^Elasticsearch_[0-9]\.[0-9]{1,2}$/.test(version.value)) return false;
  }
  const options = properties ? entryOf(properties, 'NodeToNodeEncryptionOptions')?.value : undefined;
  const enabled = options && isMap(options) ? entryOf(options, 'Enabled')?.value : undefined;
  return !(enabled && isScalar(enabled) && enabled.value === true);
}
