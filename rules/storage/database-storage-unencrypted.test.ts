import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './database-storage-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: encrypted instance and clusters, Aurora members, restores, Serverless v1, a KMS key, a parameter without default',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Encrypt:
    Type: String
Resources:
  Instance:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      StorageEncrypted: true
  Aurora:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      StorageEncrypted: 'true'
  AuroraWriter:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-postgresql
      DBClusterIdentifier: !Ref Aurora
      DBInstanceClass: db.r6g.large
  Replica:
    Type: AWS::RDS::DBInstance
    Properties:
      SourceDBInstanceIdentifier: !Ref Instance
      DBInstanceClass: db.t4g.micro
  Restored:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      SnapshotIdentifier: arn:aws:rds:eu-west-1:123456789012:cluster-snapshot:nightly
  ServerlessV1:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      EngineMode: serverless
  WithKey:
    Type: AWS::DocDB::DBCluster
    Properties:
      KmsKeyId: !Ref DatabaseKey
      StorageEncrypted: true
  FromParameter:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: !Ref Encrypt
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      DBName: dev
      MasterUsername: admin
      ManageMasterPassword: true
`,
    },
    {
      name: 'CloudFormation JSON: an encrypted Neptune cluster',
      path: 'template.json',
      code: `{
  "Resources": {
    "Graph": { "Type": "AWS::Neptune::DBCluster", "Properties": { "StorageEncrypted": true } }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: an RDS instance without StorageEncrypted gets it (suggestion)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Database:
# ^^^^^^^^ database-storage-unencrypted:notEnabled
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres # managed by the platform team
      DBInstanceClass: db.t4g.micro
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'Database', setting: 'StorageEncrypted' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres # managed by the platform team
      DBInstanceClass: db.t4g.micro
      StorageEncrypted: true
`,
    },
    {
      name: 'CloudFormation YAML: StorageEncrypted false on an Aurora cluster is replaced',
      path: 'template.yaml',
      code: `Resources:
  Aurora:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      StorageEncrypted: false
#     ^^^^^^^^^^^^^^^^ database-storage-unencrypted:disabled
`,
      errors: [{ messageId: 'disabled', data: { store: 'RDS DB cluster' } }],
      output: `Resources:
  Aurora:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      StorageEncrypted: true
`,
    },
    {
      name: 'CloudFormation YAML: an Fn::If branch that can happen is reported with its condition, without a fix',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Parameters:
  Stage:
    Type: String
Resources:
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      StorageEncrypted: !If [IsProd, true, false]
#     ^^^^^^^^^^^^^^^^ database-storage-unencrypted:disabled
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: !If [IsProd, true, !Ref AWS::NoValue]
#     ^^^^^^^^^^^^^^^^ database-storage-unencrypted:notEnabled
`,
      errors: [
        { messageId: 'disabled', data: { resource: 'Docs', when: 'when condition IsProd is false' } },
        { messageId: 'notEnabled', data: { resource: 'Graph', when: 'when condition IsProd is false' } },
      ],
    },
    {
      name: 'CloudFormation YAML: a parameter whose default is false is reported with that assumption',
      path: 'template.yaml',
      code: `Parameters:
  Encrypt:
    Type: String
    Default: 'false'
Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: !Ref Encrypt
#     ^^^^^^^^^^^^^^^^ database-storage-unencrypted:disabled
`,
      errors: [{ messageId: 'disabled', data: { resource: 'Graph', when: 'parameter Encrypt keeps its default' } }],
    },
    {
      name: 'CloudFormation YAML: Redshift with Encrypted false',
      path: 'template.yaml',
      code: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, Encrypted: false }
#                                                                                                     ^^^^^^^^^ database-storage-unencrypted:disabled
`,
      errors: [{ messageId: 'disabled', data: { store: 'Redshift cluster' } }],
      output: `Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, Encrypted: true }
`,
    },
    {
      name: 'serverless: an RDS instance in resources.Resources',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  list:
    handler: handler.list
resources:
  Resources:
    OrdersDb:
#   ^^^^^^^^ database-storage-unencrypted:notEnabled
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: mysql
        DBInstanceClass: db.t4g.micro
        AllocatedStorage: '20'
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'OrdersDb' } }],
      output: `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  list:
    handler: handler.list
resources:
  Resources:
    OrdersDb:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: mysql
        DBInstanceClass: db.t4g.micro
        AllocatedStorage: '20'
        StorageEncrypted: true
`,
    },
    {
      name: 'serverless: a value from a custom variable is followed, and reported without a fix (it is defined elsewhere)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
custom:
  encrypt: false
resources:
  Resources:
    OrdersDb:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: mysql
        StorageEncrypted: \${self:custom.encrypt}
#       ^^^^^^^^^^^^^^^^ database-storage-unencrypted:disabled
`,
      errors: [{ messageId: 'disabled', data: { resource: 'OrdersDb' } }],
    },
    {
      name: 'SAM: an Aurora cluster next to a function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
  Cluster:
# ^^^^^^^ database-storage-unencrypted:notEnabled
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 }
`,
      errors: [{ messageId: 'notEnabled', data: { store: 'RDS DB cluster', resource: 'Cluster' } }],
    },
    {
      name: 'CloudFormation JSON: a DocumentDB cluster without StorageEncrypted',
      path: 'template.json',
      code: `{
  "Resources": {
    "Docs": {
//  ^^^^^^ database-storage-unencrypted:notEnabled
      "Type": "AWS::DocDB::DBCluster",
      "Properties": {
        "MasterUsername": "admin"
      }
    }
  }
}
`,
      errors: [{ messageId: 'notEnabled', data: { store: 'DocumentDB cluster' } }],
      output: `{
  "Resources": {
    "Docs": {
      "Type": "AWS::DocDB::DBCluster",
      "Properties": {
        "MasterUsername": "admin",
        "StorageEncrypted": true
      }
    }
  }
}
`,
    },
  ],
});

describe('database-storage-unencrypted: equivalents per finding', () => {
  it("names each resource type's own checks", () => {
    const text = `Resources:
  Instance:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-postgresql }
  Documents:
    Type: AWS::DocDB::DBCluster
    Properties: { MasterUsername: admin }
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties: {}
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, Encrypted: false }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]),
      [
        ['Instance', ['AwsSolutions-RDS2', 'CKV_AWS_16', 'F27', 'KICS:5beacce3-4020-4a3d-9e1d-a36f953df630']],
        ['Cluster', ['AwsSolutions-RDS2', 'CKV_AWS_96', 'F26']],
        ['Documents', ['AwsSolutions-DOC1', 'CKV_AWS_74']],
        ['Graph', ['CKV_AWS_44', 'F30']],
        ['Warehouse', ['CKV_AWS_64', 'F28']],
      ],
    );
  });
  it('names cdk-nag RDS2 and DOC1 and cfn_nag F26 and F27 only where the setting is written plainly: cdk-nag gives no verdict on an intrinsic, cfn_nag passes one', () => {
    const text = `Parameters:
  Encrypt: { Type: String, Default: 'false', AllowedValues: ['true', 'false'] }
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Written:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: false }
  Branching:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: !If [IsProd, true, false] }
  FromParameter:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-postgresql, StorageEncrypted: !Ref Encrypt }
  Documents:
    Type: AWS::DocDB::DBCluster
    Properties: { MasterUsername: admin, StorageEncrypted: !If [IsProd, true, false] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]),
      [
        ['Written', ['AwsSolutions-RDS2', 'CKV_AWS_16', 'F27', 'KICS:5beacce3-4020-4a3d-9e1d-a36f953df630']],
        ['Branching', ['CKV_AWS_16']],
        ['FromParameter', ['CKV_AWS_96']],
        ['Documents', ['CKV_AWS_74']],
      ],
    );
  });
});

describe("database-storage-unencrypted: KICS's RDS Storage Not Encrypted", () => {
  it('is named on DB instances whose StorageEncrypted is absent or written false; not on clusters, a parameter or serverless.yml', () => {
    const KICS = 'KICS:5beacce3-4020-4a3d-9e1d-a36f953df630';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Encrypt:
    Type: String
    Default: 'false'
Resources:
  Bare:
    Type: AWS::RDS::DBInstance
  Off:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      StorageEncrypted: false
  OffText:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      StorageEncrypted: 'false'
  FromParameter:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      StorageEncrypted: !Ref Encrypt
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Bare', true],
        ['Off', true],
        ['OffText', true],
        ['FromParameter', false],
        ['Cluster', false],
      ],
    );
    const service = `service: orders
provider:
  name: aws
resources:
  Resources:
    Db:
      Type: AWS::RDS::DBInstance
      Properties:
        Engine: postgres
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Db', false]]);
  });
});
