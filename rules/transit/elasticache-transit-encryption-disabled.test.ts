import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './elasticache-transit-encryption-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: TLS on, a parameter, a Redis CacheCluster, Memcached with TLS, and a serverless cache',
      path: 'template.yaml',
      code: `Parameters:
  Tls:
    Type: String
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: true
      TransitEncryptionMode: required
  FromParameter:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: configurable
      TransitEncryptionEnabled: !Ref Tls
  SingleRedis:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: redis
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
  Memcached:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: memcached
      EngineVersion: 1.6.17
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 2
      TransitEncryptionEnabled: 'true'
  Serverless:
    Type: AWS::ElastiCache::ServerlessCache
    Properties:
      Engine: valkey
      ServerlessCacheName: cache
`,
    },
    {
      // CloudFormation reads the string as true; Checkov's CKV_AWS_30 fails it (value in [True]), a documented difference.
      name: 'a replication group with TransitEncryptionEnabled quoted',
      path: 'template.yaml',
      code: `Resources:
  Quoted:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: cache
      Engine: redis
      TransitEncryptionEnabled: 'true'
`,
    },
    {
      name: 'CloudFormation JSON: TLS on',
      path: 'template.json',
      code: `{
  "Resources": {
    "Cache": {
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": { "ReplicationGroupDescription": "c", "TransitEncryptionEnabled": true }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: TransitEncryptionEnabled absent is added',
      path: 'template.yaml',
      code: `Resources:
  Sessions:
# ^^^^^^^^ elasticache-transit-encryption-disabled:disabled
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions # shown in the console
      Engine: redis
`,
      errors: [{ messageId: 'disabled', data: { resource: 'Sessions', value: 'not set' } }],
      output: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions # shown in the console
      Engine: redis
      TransitEncryptionEnabled: true
`,
    },
    {
      name: 'CloudFormation YAML: explicit False is replaced',
      path: 'template.yaml',
      code: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: False
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ elasticache-transit-encryption-disabled:disabled
`,
      errors: [{ messageId: 'disabled', data: { value: 'false' } }],
      output: `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: true
`,
    },
    {
      name: 'CloudFormation YAML: a branch of Fn::If names its condition; preferred mode',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: !If [IsProd, true, false]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ elasticache-transit-encryption-disabled:disabled
  Migrating:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: migrating
      TransitEncryptionEnabled: true
      TransitEncryptionMode: preferred
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ elasticache-transit-encryption-disabled:preferredMode
`,
      errors: [
        { messageId: 'disabled', data: { when: 'when condition IsProd is false' } },
        { messageId: 'preferredMode', data: { resource: 'Migrating' } },
      ],
      fixIndex: 1,
      output: `Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      TransitEncryptionEnabled: !If [IsProd, true, false]
  Migrating:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: migrating
      TransitEncryptionEnabled: true
      TransitEncryptionMode: required
`,
    },
    {
      name: 'serverless: a Memcached cluster in resources',
      path: 'serverless.yml',
      code: `service: cache
provider:
  name: aws
resources:
  Resources:
    Memcached:
#   ^^^^^^^^^ elasticache-transit-encryption-disabled:memcachedDisabled
      Type: AWS::ElastiCache::CacheCluster
      Properties:
        Engine: memcached
        CacheNodeType: cache.t3.micro
        NumCacheNodes: 1
`,
      errors: [{ messageId: 'memcachedDisabled', data: { resource: 'Memcached' } }],
      output: `service: cache
provider:
  name: aws
resources:
  Resources:
    Memcached:
      Type: AWS::ElastiCache::CacheCluster
      Properties:
        Engine: memcached
        CacheNodeType: cache.t3.micro
        NumCacheNodes: 1
        TransitEncryptionEnabled: true
`,
    },
    {
      name: 'SAM JSON: explicit false',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cache": {
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": {
        "ReplicationGroupDescription": "c",
        "TransitEncryptionEnabled": false
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ elasticache-transit-encryption-disabled:disabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'disabled' }],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Cache": {
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": {
        "ReplicationGroupDescription": "c",
        "TransitEncryptionEnabled": true
      }
    }
  }
}
`,
    },
  ],
});

describe('elasticache-transit-encryption-disabled: equivalents per finding', () => {
  it('names CKV_AWS_30, CKV_AWS_31 and AEC3 on a replication group without encryption in transit, and no check on preferred mode or Memcached', () => {
    const text = `Resources:
  Plain:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
  Migrating:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: true
      TransitEncryptionMode: preferred
  Memcached:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: memcached
      CacheNodeType: cache.t3.micro
      NumCacheNodes: 1
      TransitEncryptionEnabled: false
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Plain', 'disabled', ['AwsSolutions-AEC3', 'CKV_AWS_30', 'CKV_AWS_31', 'F33', 'KICS:3b02569b-fc6f-4153-b3a3-ba91022fed68']],
        ['Migrating', 'preferredMode', []],
        ['Memcached', 'memcachedDisabled', []],
      ],
    );
  });
  it('names cfn_nag F33 only on a value written in the resource: cfn-model hands it an intrinsic as a map, which passes', () => {
    const text = `Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Branching:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: !If [IsDev, false, true]
  Quoted:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      TransitEncryptionEnabled: 'False'
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes('F33')]),
      [
        ['Branching', false],
        ['Quoted', true],
      ],
    );
  });
});

describe("KICS's ElastiCache With Disabled Transit Encryption", () => {
  it('is named on replication groups whose Engine is written redis and whose setting is absent or written false; not without an Engine, under a condition or in a serverless.yml', () => {
    const KICS = 'KICS:3b02569b-fc6f-4153-b3a3-ba91022fed68';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  NoEngine:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
  Redis:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: Redis
  RedisOff:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: false
      TransitEncryptionEnabled: false
  RedisInProd:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: !If [IsProd, true, false]
      TransitEncryptionEnabled: !If [IsProd, true, false]
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['NoEngine', false],
        ['Redis', true],
        ['RedisOff', true],
        ['RedisInProd', false],
      ],
    );
    const service = `service: sessions
provider:
  name: aws
resources:
  Resources:
    Redis:
      Type: AWS::ElastiCache::ReplicationGroup
      Properties:
        ReplicationGroupDescription: sessions
        Engine: redis
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Redis', false]]);
  });
});
