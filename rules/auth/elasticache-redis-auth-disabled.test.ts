import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './elasticache-redis-auth-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: AUTH token, RBAC user groups, an unknown token, Memcached clusters and an unknown engine',
      path: 'template.yaml',
      code: `Parameters:
  CacheEngine:
    Type: String
Resources:
  TokenGroup:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: true
      AuthToken: '{{resolve:secretsmanager:CacheToken:SecretString:token}}'
  RbacGroup:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: valkey
      TransitEncryptionEnabled: true
      UserGroupIds: [!Ref AppUsers]
  ImportedToken:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: true
      AuthToken: !ImportValue shared-cache-token
  Memcached:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: memcached
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
  SomeEngine:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: !Ref CacheEngine
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
  ServerlessWithUsers:
    Type: AWS::ElastiCache::ServerlessCache
    Properties:
      ServerlessCacheName: sessions
      Engine: valkey
      UserGroupId: !Ref AppUsers
  ServerlessMemcached:
    Type: AWS::ElastiCache::ServerlessCache
    Properties:
      ServerlessCacheName: pages
      Engine: memcached
`,
    },
    {
      name: 'serverless.yml: a replication group with an AUTH token from SSM',
      path: 'serverless.yml',
      code: `service: sessions
provider:
  name: aws
resources:
  Resources:
    Cache:
      Type: AWS::ElastiCache::ReplicationGroup
      Properties:
        ReplicationGroupDescription: sessions
        TransitEncryptionEnabled: true
        AuthToken: \${ssm:/sessions/cache-token}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: no AUTH, with encryption in transit on',
      path: 'template.yaml',
      code: `Resources:
  SessionCache:
# ^^^^^^^^^^^^ elasticache-redis-auth-disabled:noAuth
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: true
`,
      errors: [{ messageId: 'noAuth', data: { resource: 'SessionCache', when: '' } }],
    },
    {
      name: 'CloudFormation: no AUTH and no encryption in transit (AuthToken cannot be set yet)',
      path: 'template.yaml',
      code: `Resources:
  SessionCache:
# ^^^^^^^^^^^^ elasticache-redis-auth-disabled:noAuthNoTransit
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
`,
      errors: [{ messageId: 'noAuthNoTransit', data: { resource: 'SessionCache' } }],
    },
    {
      name: 'CloudFormation: AuthToken only on one branch of a condition',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  SessionCache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: true
      AuthToken: !If [IsProd, !Ref CacheToken, !Ref AWS::NoValue]
#     ^^^^^^^^^ elasticache-redis-auth-disabled:noAuth
`,
      errors: [{ messageId: 'noAuth', data: { when: ' when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation: a Redis CacheCluster, and a serverless cache without a user group',
      path: 'template.yaml',
      code: `Resources:
  LegacyCache:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
#     ^^^^^^ elasticache-redis-auth-disabled:clusterNoAuth
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
  Serverless:
# ^^^^^^^^^^ elasticache-redis-auth-disabled:serverlessNoAuth
    Type: AWS::ElastiCache::ServerlessCache
    Properties:
      ServerlessCacheName: sessions
      Engine: valkey
`,
      errors: [
        { messageId: 'clusterNoAuth', data: { resource: 'LegacyCache', engine: 'Redis' } },
        { messageId: 'serverlessNoAuth', data: { resource: 'Serverless', engine: 'Valkey' } },
      ],
    },
    {
      name: 'serverless.yml: resources.Resources replication group without AUTH',
      path: 'serverless.yml',
      code: `service: sessions
provider:
  name: aws
resources:
  Resources:
    Cache:
#   ^^^^^ elasticache-redis-auth-disabled:noAuth
      Type: AWS::ElastiCache::ReplicationGroup
      Properties:
        ReplicationGroupDescription: sessions
        TransitEncryptionEnabled: true
`,
      errors: [{ messageId: 'noAuth', data: { resource: 'Cache' } }],
    },
    {
      name: 'SAM: a replication group beside a function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
  Cache:
# ^^^^^ elasticache-redis-auth-disabled:noAuthNoTransit
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: false
`,
      errors: [{ messageId: 'noAuthNoTransit' }],
    },
    {
      name: 'CloudFormation JSON: no AUTH',
      path: 'template.json',
      code: `{
  "Resources": {
    "SessionCache": {
//  ^^^^^^^^^^^^^^ elasticache-redis-auth-disabled:noAuth
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": {
        "ReplicationGroupDescription": "sessions",
        "TransitEncryptionEnabled": true
      }
    }
  }
}`,
      errors: [{ messageId: 'noAuth', data: { resource: 'SessionCache' } }],
    },
  ],
});

describe('elasticache-redis-auth-disabled: equivalents per finding', () => {
  it('names CKV_AWS_31, AEC6 and ElastiCache.6 on replication groups only, not on a Redis CacheCluster or a serverless cache; ElastiCache.6 only before Redis 6', () => {
    const text = `Resources:
  Group:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      EngineVersion: '5.0.6'
      TransitEncryptionEnabled: true
  Newer:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      EngineVersion: '7.1'
      TransitEncryptionEnabled: true
  Latest:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: true
  Single:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
  Serverless:
    Type: AWS::ElastiCache::ServerlessCache
    Properties:
      ServerlessCacheName: sessions
      Engine: valkey
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Group', 'noAuth', ['AwsSolutions-AEC6', 'CKV_AWS_31', 'ElastiCache.6']],
        // Config's elasticache-repl-grp-redis-auth-enabled judges Redis below 6 only; an absent version is the newest.
        ['Newer', 'noAuth', ['AwsSolutions-AEC6', 'CKV_AWS_31']],
        ['Latest', 'noAuth', ['AwsSolutions-AEC6', 'CKV_AWS_31']],
        ['Single', 'clusterNoAuth', []],
        ['Serverless', 'serverlessNoAuth', []],
      ],
    );
  });
});
