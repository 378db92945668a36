import rule from './rds-ssl-not-enforced';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: groups that force TLS, PostgreSQL 16 by default, Aurora instances, and unknown groups',
      path: 'template.yaml',
      code: `Parameters:
  GroupName:
    Type: String
Resources:
  PgParams:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Description: pg
      Parameters:
        rds.force_ssl: '1'
  Pg:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      EngineVersion: '14.10'
      DBParameterGroupName: !Ref PgParams
  Pg16Params:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres16
      Description: pg16
      Parameters:
        log_connections: '1'
  Pg16:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBParameterGroupName: !Ref Pg16Params
  Pg17Default:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      EngineVersion: '17.2'
  MysqlParams:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: mysql8.0
      Description: mysql
      Parameters: { require_secure_transport: 'ON' }
  Mysql:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBParameterGroupName: !Ref MysqlParams
  AuroraParams:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties:
      Family: aurora-postgresql15
      Description: aurora
      Parameters:
        rds.force_ssl: 1
  Aurora:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      DBClusterParameterGroupName: !Ref AuroraParams
  AuroraWriter:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: aurora-postgresql
      DBClusterIdentifier: !Ref Aurora
  External:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBParameterGroupName: !Ref GroupName
  Oracle:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: oracle-ee
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: rds.force_ssl 0 is replaced in the group',
      path: 'template.yaml',
      code: `Resources:
  PgParams:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Description: pg
      Parameters:
        rds.force_ssl: '0' # temporary
  Pg:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBParameterGroupName: !Ref PgParams
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ rds-ssl-not-enforced:groupNotEnforcing
`,
      errors: [{ messageId: 'groupNotEnforcing', data: { resource: 'Pg', group: 'PgParams', parameter: 'rds.force_ssl', value: '0' } }],
      output: `Resources:
  PgParams:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres14
      Description: pg
      Parameters:
        rds.force_ssl: '1' # temporary
  Pg:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBParameterGroupName: !Ref PgParams
`,
    },
    {
      name: 'serverless: an Aurora MySQL cluster group without require_secure_transport',
      path: 'serverless.yml',
      code: `service: db
provider:
  name: aws
resources:
  Resources:
    ClusterParams:
      Type: AWS::RDS::DBClusterParameterGroup
      Properties:
        Family: aurora-mysql8.0
        Description: cluster
        Parameters:
          time_zone: UTC
    Cluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-mysql
        DBClusterParameterGroupName: !Ref ClusterParams
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ rds-ssl-not-enforced:groupNotEnforcing
`,
      errors: [{ messageId: 'groupNotEnforcing', data: { parameter: 'require_secure_transport', value: 'nothing' } }],
      output: `service: db
provider:
  name: aws
resources:
  Resources:
    ClusterParams:
      Type: AWS::RDS::DBClusterParameterGroup
      Properties:
        Family: aurora-mysql8.0
        Description: cluster
        Parameters:
          time_zone: UTC
          require_secure_transport: '1'
    Cluster:
      Type: AWS::RDS::DBCluster
      Properties:
        Engine: aurora-mysql
        DBClusterParameterGroupName: !Ref ClusterParams
`,
    },
    {
      name: 'SAM YAML: MySQL and PostgreSQL 13 on their default groups',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Mysql:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
#     ^^^^^^^^^^^^^ rds-ssl-not-enforced:defaultGroup
      DBInstanceClass: db.t4g.micro
  Pg13:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
#     ^^^^^^^^^^^^^^^^ rds-ssl-not-enforced:defaultGroup
      EngineVersion: '13.14'
`,
      errors: [
        { messageId: 'defaultGroup', data: { resource: 'Mysql', parameter: 'require_secure_transport' } },
        { messageId: 'defaultGroup', data: { resource: 'Pg13', parameter: 'rds.force_ssl' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a SQL Server group with a condition',
      path: 'template.json',
      code: `{
  "Conditions": { "IsDev": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "eu-west-1"] } },
  "Resources": {
    "Params": {
      "Type": "AWS::RDS::DBParameterGroup",
      "Properties": {
        "Family": "sqlserver-se-15.0",
        "Description": "sql",
        "Parameters": { "rds.force_ssl": { "Fn::If": ["IsDev", "0", "1"] } }
      }
    },
    "Sql": {
      "Type": "AWS::RDS::DBInstance",
      "Properties": {
        "Engine": "sqlserver-se",
        "DBParameterGroupName": { "Ref": "Params" }
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ rds-ssl-not-enforced:groupNotEnforcing
      }
    }
  }
}
`,
      errors: [{ messageId: 'groupNotEnforcing', data: { when: 'when condition IsDev is true' } }],
    },
  ],
});
