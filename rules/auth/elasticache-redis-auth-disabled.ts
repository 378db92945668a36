/**
 * ElastiCache Redis/Valkey that lets any client which reaches it run commands
 * without credentials: a replication group with neither `AuthToken` (Redis
 * AUTH) nor `UserGroupIds` (RBAC), a Redis/Valkey `CacheCluster` (which cannot
 * have either), and a Redis/Valkey serverless cache without `UserGroupId`.
 * Memcached has no AUTH and is not reported. Encryption in transit is
 * elasticache-transit-encryption-disabled's; this rule only mentions it when
 * AUTH cannot be turned on without it.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isScalar, isSeq } from '../../server/src/engine/parse/tree';
import { booleanOf, combineWhen, describeCircumstances, reportRange, settingValues, type SettingValue } from '../storage/support/settings';

export default defineRule({
  meta: {
    id: 'elasticache-redis-auth-disabled',
    title: 'ElastiCache Redis/Valkey without authentication',
    category: 'auth',
    severity: 'warning',
    // Security groups still decide who reaches the cache; AUTH is the second lock.
    confidence: 'high',
    description:
      'Without Redis AUTH or RBAC user groups, every client that can reach the cache endpoint (any function, container or instance in the VPC that the security group lets in) can read, change and flush all keys, and run administrative commands.',
    remediation:
      'Give replication groups an `AuthToken` (from Secrets Manager, with `TransitEncryptionEnabled: true`) or RBAC `UserGroupIds`; give serverless caches a `UserGroupId`; replace a Redis `CacheCluster` with a replication group.',
    // All read replication groups only. Checkov's CKV_AWS_31 (ElasticacheReplicationGroupEncryptionAtTransitAuthToken.py)
    // passes a group with an AuthToken key, whatever its value (an empty one, an Fn::If), and TransitEncryptionEnabled
    // == True; cdk-nag's AEC6 (ElastiCacheRedisClusterRedisAuth.ts) fails an absent or empty AuthToken only (an
    // intrinsic is a non-empty token there) and reads no serverless.yml. Both ignore UserGroupIds. Named per finding.
    equivalents: [],
    // Security Hub's ElastiCache.6 (AWS Config elasticache-repl-grp-redis-auth-enabled) judges only groups whose Redis
    // version is below 6 (6 and later use RBAC): named where every EngineVersion the template can deploy is below 6.
    findingEquivalents: ['CKV_AWS_31', 'AwsSolutions-AEC6', 'ElastiCache.6'],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-306',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/auth.html',
      'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Clusters.RBAC.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-replicationgroup.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      noAuth: 'ElastiCache replication group {{resource}} accepts clients without credentials: it sets neither AuthToken nor UserGroupIds{{when}}.',
      noAuthNoTransit:
        'ElastiCache replication group {{resource}} accepts clients without credentials: it sets neither AuthToken nor UserGroupIds{{when}}, and both need TransitEncryptionEnabled: true, which is off.',
      clusterNoAuth:
        'ElastiCache {{engine}} cluster {{resource}} accepts clients without credentials{{when}}: an AWS::ElastiCache::CacheCluster cannot use AUTH or user groups; a replication group can.',
      serverlessNoAuth: 'ElastiCache Serverless cache {{resource}} ({{engine}}) accepts clients without credentials: it has no UserGroupId{{when}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::ElastiCache::ReplicationGroup') checkReplicationGroup(context, resource);
      else if (resource.type === 'AWS::ElastiCache::CacheCluster') checkByEngine(context, resource, 'clusterNoAuth', undefined);
      else if (resource.type === 'AWS::ElastiCache::ServerlessCache') checkByEngine(context, resource, 'serverlessNoAuth', 'UserGroupId');
    }
  },
});

/** True when a value gives the cache credentials: anything but absent, an empty string or an empty list. Unknown counts as set. */
function isSet(value: SettingValue): boolean {
  if (value.state === 'absent') return false;
  if (value.state === 'known') return value.value !== '' && value.value !== null;
  return !(isSeq(value.node) && value.node.items.length === 0);
}

function checkReplicationGroup(context: RuleContext, resource: CfnResource): void {
  const model = context.model;
  // Replication groups are Redis or Valkey (Memcached cannot form one); an unknown engine is one of them.
  const tokens = settingValues(model, resource.properties, ['AuthToken']).filter((value) => !isSet(value));
  const groups = settingValues(model, resource.properties, ['UserGroupIds']).filter((value) => !isSet(value));
  for (const token of tokens) {
    for (const group of groups) {
      const when = combineWhen(token.when, group.when);
      if (!when) continue;
      const transitOff = settingValues(model, resource.properties, ['TransitEncryptionEnabled']).some(
        (value) => (value.state === 'absent' || booleanOf(value) === false) && combineWhen(when, value.when) !== undefined,
      );
      context.report({
        messageId: transitOff ? 'noAuthNoTransit' : 'noAuth',
        data: { resource: resource.logicalId, when: describeCircumstances({ when, assumptions: [...token.assumptions, ...group.assumptions] }) },
        node: { range: reportRange(resource, ['AuthToken']) },
        resource: resource.logicalId,
        equivalents: replicationGroupChecks(model, resource),
      });
      return;
    }
  }
}

/**
 * The checks that fail this replication group, as their sources read the written properties: CKV_AWS_31 unless
 * an AuthToken key is written and TransitEncryptionEnabled is a literal true; AEC6 when AuthToken is absent or the
 * empty string, outside serverless.yml.
 */
function replicationGroupChecks(model: AppModel, resource: CfnResource): string[] {
  const token = entryOf(resource.properties, 'AuthToken');
  const transit = entryOf(resource.properties, 'TransitEncryptionEnabled');
  const transitTrue = isScalar(transit?.value) && (transit.value.value === true || String(transit.value.value).toLowerCase() === 'true');
  const checks: string[] = [];
  if (isRedisBelow6(model, resource)) checks.push('ElastiCache.6');
  if (!token || !transitTrue) checks.push('CKV_AWS_31');
  if (model.kind !== 'serverless' && !entryOf(resource.properties, 'Fn::If') && (!token || token.value === null || (isScalar(token.value) && (token.value.value === '' || token.value.value === null)))) checks.push('AwsSolutions-AEC6');
  return checks;
}

/**
 * True when the group runs Redis OSS before 6.0 on every branch: each `EngineVersion` known and below 6, and the
 * engine absent (Redis) or `redis`. An absent version is the newest one, 6 or later; Valkey starts at 7.2.
 */
function isRedisBelow6(model: AppModel, resource: CfnResource): boolean {
  const versions = settingValues(model, resource.properties, ['EngineVersion']);
  const engines = settingValues(model, resource.properties, ['Engine']);
  const isRedis = engines.every((value) => value.state === 'absent' || (value.state === 'known' && String(value.value).toLowerCase() === 'redis'));
  return isRedis && versions.every((value) => value.state === 'known' && Number.parseInt(String(value.value), 10) < 6);
}

/** Redis or Valkey CacheClusters (never authenticated) and serverless caches without `credentialKey`. */
function checkByEngine(context: RuleContext, resource: CfnResource, messageId: string, credentialKey: string | undefined): void {
  const model = context.model;
  const engines = settingValues(model, resource.properties, ['Engine']).filter((value) => value.state === 'known' && /^(redis|valkey)$/i.test(String(value.value)));
  const credentials = credentialKey ? settingValues(model, resource.properties, [credentialKey]).filter((value) => !isSet(value)) : [{ state: 'absent', when: [], assumptions: [] } as SettingValue];
  for (const engine of engines) {
    for (const credential of credentials) {
      const when = combineWhen(engine.when, credential.when);
      if (!when) continue;
      context.report({
        messageId,
        data: { resource: resource.logicalId, engine: engineLabel(String(engine.value)), when: describeCircumstances({ when, assumptions: [...engine.assumptions, ...credential.assumptions] }) },
        node: { range: reportRange(resource, credentialKey ? [credentialKey] : ['Engine']) },
        resource: resource.logicalId,
      });
      return;
    }
  }
}

function engineLabel(engine: string): string {
  return engine.toLowerCase() === 'valkey' ? 'Valkey' : 'Redis';
}
