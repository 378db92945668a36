import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './database-publicly-accessible';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: private stores, defaults that are private, and unknown values',
      path: 'template.yaml',
      code: `Parameters:
  Public:
    Type: String
Resources:
  Private:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      PubliclyAccessible: false
  InSubnetGroup:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t4g.micro
      DBSubnetGroupName: !Ref Subnets
  AuroraMember:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-postgresql
      DBInstanceClass: db.r6g.large
      DBClusterIdentifier: !Ref Cluster
  FromParameter:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t4g.micro
      DBSubnetGroupName: private
      PubliclyAccessible: !Ref Public
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      DBName: dev
  Kafka:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: events
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo:
        InstanceType: kafka.m5.large
        ClientSubnets: [subnet-1, subnet-2]
        ConnectivityInfo:
          PublicAccess:
            Type: DISABLED
  Migration:
    Type: AWS::DMS::ReplicationInstance
    Properties:
      ReplicationInstanceClass: dms.t3.medium
      PubliclyAccessible: false
`,
    },
    {
      name: 'CloudFormation JSON: a private Redshift cluster',
      path: 'template.json',
      code: `{ "Resources": { "Warehouse": { "Type": "AWS::Redshift::Cluster", "Properties": { "NodeType": "ra3.xlplus", "ClusterType": "single-node", "PubliclyAccessible": false } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: PubliclyAccessible true on an RDS instance is set to false',
      path: 'template.yaml',
      code: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      DBSubnetGroupName: !Ref Subnets
      PubliclyAccessible: true # for the BI tool
#     ^^^^^^^^^^^^^^^^^^ database-publicly-accessible:public
`,
      errors: [{ messageId: 'public', data: { store: 'RDS DB instance', resource: 'Db', setting: 'PubliclyAccessible', value: 'true', when: '' } }],
      output: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: db.t4g.micro
      DBSubnetGroupName: !Ref Subnets
      PubliclyAccessible: false # for the BI tool
`,
    },
    {
      name: 'CloudFormation YAML: an RDS instance without a subnet group is public in the default VPC',
      path: 'template.yaml',
      code: `Resources:
  Db:
# ^^ database-publicly-accessible:publicByDefault
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t4g.micro
      AllocatedStorage: '20'
`,
      errors: [{ messageId: 'publicByDefault', data: { store: 'RDS DB instance', resource: 'Db' } }],
      output: `Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t4g.micro
      AllocatedStorage: '20'
      PubliclyAccessible: false
`,
    },
    {
      name: 'CloudFormation JSON: a public Redshift cluster',
      path: 'template.json',
      code: `{
  "Resources": {
    "Warehouse": {
      "Type": "AWS::Redshift::Cluster",
      "Properties": {
        "NodeType": "ra3.xlplus",
        "ClusterType": "single-node",
        "PubliclyAccessible": "true"
//      ^^^^^^^^^^^^^^^^^^^^ database-publicly-accessible:public
      }
    }
  }
}
`,
      errors: [{ messageId: 'public', data: { store: 'Redshift cluster', value: 'true' } }],
      output: `{
  "Resources": {
    "Warehouse": {
      "Type": "AWS::Redshift::Cluster",
      "Properties": {
        "NodeType": "ra3.xlplus",
        "ClusterType": "single-node",
        "PubliclyAccessible": false
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation JSON: a DMS replication instance that leaves the public default',
      path: 'template.json',
      code: `{
  "Resources": {
    "Migration": {
//  ^^^^^^^^^^^ database-publicly-accessible:publicByDefault
      "Type": "AWS::DMS::ReplicationInstance",
      "Properties": {
        "ReplicationInstanceClass": "dms.t3.medium"
      }
    }
  }
}
`,
      errors: [{ messageId: 'publicByDefault', data: { store: 'DMS replication instance', reason: 'PubliclyAccessible is not set, and DMS defaults it to true' } }],
      output: `{
  "Resources": {
    "Migration": {
      "Type": "AWS::DMS::ReplicationInstance",
      "Properties": {
        "ReplicationInstanceClass": "dms.t3.medium",
        "PubliclyAccessible": false
      }
    }
  }
}
`,
    },
    {
      name: 'serverless: MSK brokers with public IP addresses in resources.Resources',
      path: 'serverless.yml',
      code: `service: events
provider:
  name: aws
resources:
  Resources:
    Kafka:
      Type: AWS::MSK::Cluster
      Properties:
        ClusterName: events
        KafkaVersion: 3.6.0
        NumberOfBrokerNodes: 2
        BrokerNodeGroupInfo:
#       ^^^^^^^^^^^^^^^^^^^ database-publicly-accessible:public
          InstanceType: kafka.m5.large
          ClientSubnets: [subnet-1, subnet-2]
          ConnectivityInfo:
            PublicAccess:
              Type: SERVICE_PROVIDED_EIPS
`,
      errors: [{ messageId: 'public', data: { store: 'MSK cluster', setting: 'PublicAccess.Type', value: 'SERVICE_PROVIDED_EIPS' } }],
      output: `service: events
provider:
  name: aws
resources:
  Resources:
    Kafka:
      Type: AWS::MSK::Cluster
      Properties:
        ClusterName: events
        KafkaVersion: 3.6.0
        NumberOfBrokerNodes: 2
        BrokerNodeGroupInfo:
          InstanceType: kafka.m5.large
          ClientSubnets: [subnet-1, subnet-2]
          ConnectivityInfo:
            PublicAccess:
              Type: DISABLED
`,
    },
    {
      name: 'CloudFormation YAML: Fn::If names the condition and offers no fix',
      path: 'template.yaml',
      code: `Conditions:
  IsDev: !Equals [!Ref AWS::StackName, dev]
Resources:
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      PubliclyAccessible: !If [IsDev, true, false]
#     ^^^^^^^^^^^^^^^^^^ database-publicly-accessible:public
  Workgroup:
    Type: AWS::RedshiftServerless::Workgroup
    Properties:
      WorkgroupName: analytics
      PubliclyAccessible: !If [IsDev, false, true]
#     ^^^^^^^^^^^^^^^^^^ database-publicly-accessible:public
`,
      errors: [
        { messageId: 'public', data: { resource: 'Warehouse', when: ' when condition IsDev is true' } },
        { messageId: 'public', data: { store: 'Redshift Serverless workgroup', resource: 'Workgroup', when: ' when condition IsDev is false' } },
      ],
    },
  ],
});

describe('database-publicly-accessible: equivalents per finding', () => {
  it("names CKV_AWS_17 on an explicit true only, F22 on both, and each type's own checks", () => {
    const text = `Resources:
  Explicit:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro, PubliclyAccessible: true }
  DefaultVpc:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, PubliclyAccessible: true }
  Migration:
    Type: AWS::DMS::ReplicationInstance
    Properties: { ReplicationInstanceClass: dms.t3.micro }
  Aurora:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-mysql, PubliclyAccessible: true }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Explicit', 'public', ['CKV_AWS_17', 'F22']],
        ['DefaultVpc', 'publicByDefault', ['F22']],
        ['Warehouse', 'public', ['AwsSolutions-RS8', 'CKV_AWS_87']],
        ['Migration', 'publicByDefault', ['CKV_AWS_89']],
        ['Aurora', 'public', []],
      ],
    );
  });
  it('names cfn_nag F22 and cdk-nag RS8 only on a value written in the resource, which is all they read', () => {
    const text = `Parameters:
  Public: { Type: String, Default: 'true', AllowedValues: ['true', 'false'] }
Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Branching:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro, DBSubnetGroupName: private, PubliclyAccessible: !If [IsDev, true, false] }
  FromParameter:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro, DBSubnetGroupName: private, PubliclyAccessible: !Ref Public }
  Quoted:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, DBInstanceClass: db.t3.micro, DBSubnetGroupName: private, PubliclyAccessible: 'True' }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, PubliclyAccessible: !If [IsDev, true, false] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, [...finding.equivalents].sort()]),
      [
        ['Branching', ['CKV_AWS_17']],
        ['FromParameter', ['CKV_AWS_17']],
        ['Quoted', ['CKV_AWS_17', 'F22']],
        ['Warehouse', ['CKV_AWS_87']],
      ],
    );
  });
});
