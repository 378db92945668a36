import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './cache-cluster-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: encrypted replication group and DAX cluster, a global datastore member, Valkey without the setting',
      path: 'template.yaml',
      code: `Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: true
  Secondary:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions (eu)
      GlobalReplicationGroupId: sessions-global
  Valkey:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: valkey
      Engine: valkey
  ValkeyConditional:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: valkey
      Engine: valkey
      AtRestEncryptionEnabled: !If [HasKey, true, !Ref AWS::NoValue]
  Dax:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.t3.small
      ReplicationFactor: 1
      IAMRoleARN: !GetAtt DaxRole.Arn
      SSESpecification:
        SSEEnabled: true
  Single:
    Type: AWS::ElastiCache::CacheCluster
    Properties:
      Engine: memcached
      CacheNodeType: cache.t4g.micro
      NumCacheNodes: 1
`,
    },
    {
      name: 'CloudFormation JSON: an encrypted replication group',
      path: 'template.json',
      code: `{ "Resources": { "Cache": { "Type": "AWS::ElastiCache::ReplicationGroup", "Properties": { "ReplicationGroupDescription": "x", "AtRestEncryptionEnabled": true } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a replication group without the setting, a DAX cluster with SSE disabled',
      path: 'template.yaml',
      code: `Resources:
  Cache:
# ^^^^^ cache-cluster-unencrypted:notEnabled
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
  ValkeyOff:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: valkey
      Engine: valkey
      AtRestEncryptionEnabled: false
#     ^^^^^^^^^^^^^^^^^^^^^^^ cache-cluster-unencrypted:disabled
  Dax:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.t3.small
      ReplicationFactor: 1
      IAMRoleARN: !GetAtt DaxRole.Arn
      SSESpecification:
#     ^^^^^^^^^^^^^^^^ cache-cluster-unencrypted:disabled
        SSEEnabled: false
`,
      errors: [
        { messageId: 'notEnabled', data: { store: 'ElastiCache replication group', resource: 'Cache' } },
        { messageId: 'disabled', data: { resource: 'ValkeyOff' } },
        { messageId: 'disabled', data: { store: 'DAX cluster', setting: 'SSESpecification.SSEEnabled' } },
      ],
      output: `Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: true
  ValkeyOff:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: valkey
      Engine: valkey
      AtRestEncryptionEnabled: false
  Dax:
    Type: AWS::DAX::Cluster
    Properties:
      NodeType: dax.t3.small
      ReplicationFactor: 1
      IAMRoleARN: !GetAtt DaxRole.Arn
      SSESpecification:
        SSEEnabled: false
`,
    },
    {
      name: 'serverless: a DAX cluster without SSESpecification gets the nested map',
      path: 'serverless.yml',
      code: `service: cache
provider:
  name: aws
resources:
  Resources:
    Dax:
#   ^^^ cache-cluster-unencrypted:notEnabled
      Type: AWS::DAX::Cluster
      Properties:
        NodeType: dax.t3.small
        ReplicationFactor: 1
`,
      errors: [{ messageId: 'notEnabled', data: { store: 'DAX cluster' } }],
      output: `service: cache
provider:
  name: aws
resources:
  Resources:
    Dax:
      Type: AWS::DAX::Cluster
      Properties:
        NodeType: dax.t3.small
        ReplicationFactor: 1
        SSESpecification:
          SSEEnabled: true
`,
    },
    {
      name: 'SAM: a replication group whose setting depends on a condition',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  Encrypt: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      AtRestEncryptionEnabled: !If [Encrypt, true, !Ref AWS::NoValue]
#     ^^^^^^^^^^^^^^^^^^^^^^^ cache-cluster-unencrypted:notEnabled
`,
      errors: [{ messageId: 'notEnabled', data: { when: 'when condition Encrypt is false' } }],
    },
    {
      name: 'CloudFormation JSON: a replication group with AtRestEncryptionEnabled false',
      path: 'template.json',
      code: `{
  "Resources": {
    "Cache": {
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": {
        "ReplicationGroupDescription": "sessions",
        "AtRestEncryptionEnabled": "false"
//      ^^^^^^^^^^^^^^^^^^^^^^^^^ cache-cluster-unencrypted:disabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'disabled' }],
      output: `{
  "Resources": {
    "Cache": {
      "Type": "AWS::ElastiCache::ReplicationGroup",
      "Properties": {
        "ReplicationGroupDescription": "sessions",
        "AtRestEncryptionEnabled": true
      }
    }
  }
}
`,
    },
  ],
});

describe('cache-cluster-unencrypted: equivalents per finding', () => {
  it('names the ElastiCache checks on a replication group and the DAX check on a DAX cluster', () => {
    const text = `Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
  Accelerator:
    Type: AWS::DAX::Cluster
    Properties:
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
      NodeType: dax.t3.small
      ReplicationFactor: 1
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]),
      [
        ['Sessions', ['AwsSolutions-AEC3', 'CKV_AWS_29', 'F25', 'KICS:e4ee3903-9225-4b6a-bdfb-e62dbadef821']],
        ['Accelerator', ['AwsSolutions-DDB4', 'CKV_AWS_47', 'W83']],
      ],
    );
  });

  it('names cfn_nag F25 only on a value written in the resource, and W83 on an intrinsic SSEEnabled too (it wants the text true), where cdk-nag DDB4 gives no verdict', () => {
    const text = `Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      ReplicationGroupDescription: sessions
      Engine: redis
      AtRestEncryptionEnabled: !If [IsDev, false, true]
  Accelerator:
    Type: AWS::DAX::Cluster
    Properties:
      IAMRoleARN: arn:aws:iam::123456789012:role/dax
      NodeType: dax.t3.small
      ReplicationFactor: 1
      SSESpecification: { SSEEnabled: !If [IsDev, false, true] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]),
      [
        ['Sessions', ['CKV_AWS_29']],
        ['Accelerator', ['CKV_AWS_47', 'W83']],
      ],
    );
  });
});

describe("KICS's ElastiCache With Disabled at Rest Encryption", () => {
  it('is named on replication groups whose Engine is written redis and whose setting is absent or written false; not without an Engine, under a condition or in a serverless.yml', () => {
    const KICS = 'KICS:e4ee3903-9225-4b6a-bdfb-e62dbadef821';
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
