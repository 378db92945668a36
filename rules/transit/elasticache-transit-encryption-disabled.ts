/**
 * ElastiCache without encryption in transit: a Redis/Valkey replication group
 * whose `TransitEncryptionEnabled` is absent or false (CloudFormation's
 * default is false), or whose `TransitEncryptionMode` is `preferred` (plaintext
 * still accepted), and a Memcached cluster without it. Serverless caches
 * always use TLS and are never reported; neither are values that cannot be
 * resolved.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isScalar } from '../../server/src/engine/parse/tree';
import { booleanOf, propertyEntry, propertyOutcomes, reportNode, textOf } from './support/values';
import { failsCfnNagBoolean, failsKicsRedisFlag } from '../storage/support/settings';

const FIX_TITLE = 'Set TransitEncryptionEnabled: true (clients must then connect with TLS)';
const KICS_ELASTICACHE_TRANSIT = 'KICS:3b02569b-fc6f-4153-b3a3-ba91022fed68';

export default defineRule({
  meta: {
    id: 'elasticache-transit-encryption-disabled',
    title: 'ElastiCache without encryption in transit',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'Without in-transit encryption, everything between your functions and the cache (session tokens, cached records, the AUTH token itself) crosses the VPC in plaintext, and Redis AUTH cannot be used at all.',
    remediation:
      'Set `TransitEncryptionEnabled: true` (and leave `TransitEncryptionMode` at `required`), then connect with TLS (`rediss://`, `tls: true` in the client).',
    // Checkov's CKV_AWS_30 (ElasticacheReplicationGroupEncryptionAtTransit.py) fails a replication group whose
    // TransitEncryptionEnabled is not True, absent or an Fn::If included; CKV_AWS_31 (...AtTransitAuthToken.py)
    // fails one without TransitEncryptionEnabled == True *and* an AuthToken key, so every `disabled` finding fails
    // both. cdk-nag's AEC3 (ElastiCacheRedisClusterEncryption.ts) fails an absent TransitEncryptionEnabled or a
    // primitive false, but throws on an intrinsic (AtRestEncryptionEnabled included, read first) and reads no
    // serverless.yml: named per finding. None reads TransitEncryptionMode or a Memcached CacheCluster.
    equivalents: [],
    messageEquivalents: { disabled: ['CKV_AWS_30', 'CKV_AWS_31'] },
    findingEquivalents: ['AwsSolutions-AEC3', 'F33', KICS_ELASTICACHE_TRANSIT],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/in-transit-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-cachecluster.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      disabled: 'ElastiCache replication group {{resource}} does not encrypt data in transit: TransitEncryptionEnabled is {{value}}{{when}}.',
      preferredMode: 'ElastiCache replication group {{resource}} still accepts unencrypted connections: TransitEncryptionMode is preferred{{when}}.',
      memcachedDisabled: 'ElastiCache Memcached cluster {{resource}} does not encrypt data in transit: TransitEncryptionEnabled is {{value}}{{when}} (Memcached 1.6.12 or later supports it).',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::ElastiCache::ReplicationGroup') checkReplicationGroup(context, resource);
      else if (resource.type === 'AWS::ElastiCache::CacheCluster') checkMemcachedCluster(context, resource);
    }
  },
});

function checkReplicationGroup(context: RuleContext, resource: CfnResource): void {
  const model = context.model;
  // Replication groups are Redis or Valkey; an unknown engine is still one of them.
  const disabled = propertyOutcomes(model, resource, ['TransitEncryptionEnabled']).find((outcome) => {
    const value = booleanOf(outcome);
    return value === false || value === 'absent';
  });
  if (disabled) {
    context.report({
      messageId: 'disabled',
      data: { resource: resource.logicalId, value: booleanOf(disabled) === 'absent' ? 'not set (false by default)' : 'false', when: describeWhen(disabled.when) },
      node: reportNode(resource, ['TransitEncryptionEnabled']),
      resource: resource.logicalId,
      fixes: enableFix(context, resource),
      // cfn_nag's F33 (ElastiCacheReplicationGroupTransitEncryptionRule.rb) fails it nil or the text `false`.
      // KICS's transit query (failsKicsRedisFlag) reads only groups whose Engine is written `redis`.
      equivalents: [
        ...(failsAec3(model, resource) ? ['AwsSolutions-AEC3'] : []),
        ...(model.kind !== 'serverless' && failsCfnNagBoolean(resource, 'TransitEncryptionEnabled') ? ['F33'] : []),
        ...(failsKicsRedisFlag(model, resource, 'TransitEncryptionEnabled') ? [KICS_ELASTICACHE_TRANSIT] : []),
      ],
    });
    return;
  }
  const preferred = propertyOutcomes(model, resource, ['TransitEncryptionMode']).find((outcome) => textOf(outcome)?.toLowerCase() === 'preferred');
  if (preferred) {
    const entry = propertyEntry(resource, ['TransitEncryptionMode']);
    context.report({
      messageId: 'preferredMode',
      data: { resource: resource.logicalId, when: describeWhen(preferred.when) },
      node: reportNode(resource, ['TransitEncryptionMode']),
      resource: resource.logicalId,
      fixes:
        entry?.value && entry.value.kind === 'scalar'
          ? [{ title: 'Set TransitEncryptionMode: required (once every client uses TLS)', edits: [replaceNode(entry.value, valueText(model.document, entry.value, 'required'))] }]
          : [],
    });
  }
}

function checkMemcachedCluster(context: RuleContext, resource: CfnResource): void {
  const model = context.model;
  const engines = propertyOutcomes(model, resource, ['Engine']);
  // Redis CacheClusters cannot use in-transit encryption (a replication group can): only Memcached is reported here.
  if (!engines.every((outcome) => textOf(outcome)?.toLowerCase() === 'memcached')) return;
  const disabled = propertyOutcomes(model, resource, ['TransitEncryptionEnabled']).find((outcome) => {
    const value = booleanOf(outcome);
    return value === false || value === 'absent';
  });
  if (!disabled) return;
  context.report({
    messageId: 'memcachedDisabled',
    data: { resource: resource.logicalId, value: booleanOf(disabled) === 'absent' ? 'not set (false by default)' : 'false', when: describeWhen(disabled.when) },
    node: reportNode(resource, ['TransitEncryptionEnabled']),
    resource: resource.logicalId,
    fixes: enableFix(context, resource),
  });
}

/**
 * cdk-nag's AEC3 as its source reads the written properties: non-compliant when TransitEncryptionEnabled is
 * absent, or when it is a primitive false and AtRestEncryptionEnabled is absent or a primitive
 * (resolveIfPrimitive throws on an intrinsic, and at rest is resolved first). Not serverless.yml.
 */
function failsAec3(model: AppModel, resource: CfnResource): boolean {
  if (model.kind === 'serverless') return false;
  if (!resource.properties) return true;
  if (entryOf(resource.properties, 'Fn::If')) return false;
  const transit = entryOf(resource.properties, 'TransitEncryptionEnabled');
  if (!transit) return true;
  if (!isScalar(transit.value) || !isWrittenFalse(transit.value.value)) return false;
  const rest = entryOf(resource.properties, 'AtRestEncryptionEnabled');
  return !rest || isScalar(rest.value);
}

function isWrittenFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.toLowerCase() === 'false');
}

/** `TransitEncryptionEnabled: true`, replacing a literal `false` or added to Properties. */
function enableFix(context: RuleContext, resource: CfnResource): Fix[] {
  const document = context.model.document;
  const entry = propertyEntry(resource, ['TransitEncryptionEnabled']);
  if (entry) {
    if (!entry.value || entry.value.kind !== 'scalar') return [];
    return [{ title: FIX_TITLE, edits: [replaceNode(entry.value, valueText(document, entry.value, true))] }];
  }
  if (!resource.properties || entryOf(resource.properties, 'Fn::If')) return [];
  return [{ title: FIX_TITLE, edits: [insertMapEntries(document, resource.properties, { TransitEncryptionEnabled: true })] }];
}
