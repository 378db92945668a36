/**
 * In-memory caches without encryption at rest: ElastiCache (Redis OSS)
 * replication groups and DAX clusters. Both keep their data, and their
 * snapshots or swap files, unencrypted unless the template asks otherwise.
 */
import { defineRule } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isScalar } from '../../server/src/engine/parse/tree';
import { failsCfnNagBoolean, failsKicsRedisFlag, failsOptionsFlagAsWritten, knownText, reportEncryptionFlags, writtenValue, type EncryptionFlag } from './support/settings';

const REPLACEMENT_WARNING = 'replaces an existing cluster and empties the cache: use only on one not yet created';

const KICS_ELASTICACHE_AT_REST = 'KICS:e4ee3903-9225-4b6a-bdfb-e62dbadef821';

const FLAGS: readonly EncryptionFlag[] = [
  {
    type: 'AWS::ElastiCache::ReplicationGroup',
    // Checkov's CKV_AWS_29 fails any AtRestEncryptionEnabled that is not True. cdk-nag's AEC3
    // (ElastiCacheRedisClusterEncryption.ts) asks for at rest and in transit: it fails either absent, else
    // resolves each with resolveIfPrimitive, which throws on an intrinsic, and fails a false one.
    equivalents: ['CKV_AWS_29'],
    // cfn_nag's F25 (ElastiCacheReplicationGroupAtRestEncryptionRule.rb) fails it nil or the text `false`.
    // KICS's at-rest query (failsKicsRedisFlag) reads only groups whose Engine is written `redis`.
    equivalentsOf: (model, problem) => [
      ...(failsAec3AtRest(problem.resource) ? ['AwsSolutions-AEC3'] : []),
      ...(failsCfnNagBoolean(problem.resource, 'AtRestEncryptionEnabled') ? ['F25'] : []),
      ...(failsKicsRedisFlag(model, problem.resource, 'AtRestEncryptionEnabled') ? [KICS_ELASTICACHE_AT_REST] : []),
    ],
    label: 'ElastiCache replication group',
    path: ['AtRestEncryptionEnabled'],
    // A member of a global datastore takes the primary's setting; a KMS key states the intent to encrypt.
    exemptWhenSet: ['GlobalReplicationGroupId', 'KmsKeyId'],
    // ElastiCache defaults AtRestEncryptionEnabled to true for Valkey (false for Redis OSS): only an explicit false is reported there.
    isOnByDefault: (model, resource) => knownText(model, resource, 'Engine')?.toLowerCase() === 'valkey',
    fixTitle: `Set AtRestEncryptionEnabled: true (${REPLACEMENT_WARNING})`,
  },
  {
    type: 'AWS::DAX::Cluster',
    equivalents: ['CKV_AWS_47'],
    label: 'DAX cluster',
    path: ['SSESpecification', 'SSEEnabled'],
    // cfn_nag's W83 (DAXClusterEncryptionRule.rb) fails `SSESpecification` nil or whose `SSEEnabled` is not the text
    // `true`: an intrinsic fails too (an `Fn::If` for the whole map has no `SSEEnabled`). Every finding but one on a
    // resource whose `Properties` is itself an intrinsic.
    equivalentsOf: (_model, problem) => {
      const written = writtenValue(problem.resource, ['SSESpecification', 'SSEEnabled']);
      // cdk-nag's DDB4 (DAXEncrypted.ts) fails `sseSpecification` undefined, else `!resolveIfPrimitive(sseEnabled)`
      // of the resolved map: the OpenSearch options shape (failsOptionsFlagAsWritten).
      return [
        ...(written.kind === 'intrinsic' && written.depth < 0 ? [] : ['W83']),
        ...(failsOptionsFlagAsWritten(problem.resource, ['SSESpecification', 'SSEEnabled']) ? ['AwsSolutions-DDB4'] : []),
      ];
    },
    fixTitle: `Set SSESpecification.SSEEnabled: true (${REPLACEMENT_WARNING})`,
  },
];

/** An absent AtRestEncryptionEnabled, or a primitive false beside a TransitEncryptionEnabled absent or primitive. */
function failsAec3AtRest(resource: CfnResource): boolean {
  if (!resource.properties) return true;
  if (entryOf(resource.properties, 'Fn::If')) return false;
  const rest = entryOf(resource.properties, 'AtRestEncryptionEnabled');
  if (!rest) return true;
  if (!isScalar(rest.value)) return false;
  const transit = entryOf(resource.properties, 'TransitEncryptionEnabled');
  return !transit || isScalar(transit.value);
}

export default defineRule({
  meta: {
    id: 'cache-cluster-unencrypted',
    title: 'ElastiCache replication group or DAX cluster without encryption at rest',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'An ElastiCache replication group without AtRestEncryptionEnabled, or a DAX cluster without SSESpecification.SSEEnabled, writes cached items, snapshots and swap to disk unencrypted. Caches often hold sessions, tokens and copies of database rows.',
    remediation:
      'Set `AtRestEncryptionEnabled: true` on the replication group, or `SSESpecification: { SSEEnabled: true }` on the DAX cluster, when you create it. The change replaces an existing cluster.',
    // Each check reads one resource type: a finding names those of its own (FLAGS).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_29', 'CKV_AWS_47', 'AwsSolutions-AEC3', 'F25', 'W83', 'AwsSolutions-DDB4', KICS_ELASTICACHE_AT_REST],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html',
      'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionAtRest.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticache-replicationgroup.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dax-cluster.html',
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
