import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './database-tls-not-enforced';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: DocumentDB on its TLS default, Redshift groups that require SSL, the 2025 default group, redshift-2.0, unknown values',
      path: 'template.yaml',
      code: `Parameters:
  RequireSsl:
    Type: String
  GroupName:
    Type: String
Resources:
  DocParams:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Family: docdb5.0
      Description: audit on
      Parameters:
        audit_logs: enabled
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      DBClusterParameterGroupName: !Ref DocParams
  DocsDefault:
    Type: AWS::DocDB::DBCluster
    Properties:
      MasterUsername: admin
  SslParams:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: ssl
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: 'true'
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref SslParams
  NoGroup:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
  Family2Params:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: logging
      ParameterGroupFamily: redshift-2.0
      Parameters:
        - ParameterName: enable_user_activity_logging
          ParameterValue: 'true'
  Family2:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref Family2Params
  UnknownParams:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: from a parameter
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: !Ref RequireSsl
  Unknown:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref UnknownParams
  External:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref GroupName
`,
    },
    {
      name: 'CloudFormation JSON: a DocumentDB group with tls enabled',
      path: 'template.json',
      code: `{ "Resources": { "Params": { "Type": "AWS::DocDB::DBClusterParameterGroup", "Properties": { "Family": "docdb5.0", "Description": "tls", "Parameters": { "tls": "enabled" } } },
  "Docs": { "Type": "AWS::DocDB::DBCluster", "Properties": { "DBClusterParameterGroupName": { "Ref": "Params" } } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: DocumentDB tls disabled is set back to enabled',
      path: 'template.yaml',
      code: `Resources:
  DocParams:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Family: docdb5.0
      Description: legacy client
      Parameters:
        tls: disabled # old driver
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      DBClusterParameterGroupName: !Ref DocParams
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:docdbTlsDisabled
`,
      errors: [{ messageId: 'docdbTlsDisabled', data: { resource: 'Docs', group: 'DocParams', value: 'disabled', when: '' } }],
      output: `Resources:
  DocParams:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Family: docdb5.0
      Description: legacy client
      Parameters:
        tls: enabled # old driver
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      DBClusterParameterGroupName: !Ref DocParams
`,
    },
    {
      name: 'CloudFormation JSON: a DocumentDB group that no cluster in the template uses',
      path: 'template.json',
      code: `{
  "Resources": {
    "Params": {
      "Type": "AWS::DocDB::DBClusterParameterGroup",
      "Properties": {
        "Family": "docdb5.0",
        "Description": "no tls",
        "Parameters": { "tls": "disabled" }
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:groupTlsDisabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'groupTlsDisabled', data: { store: 'DocumentDB', group: 'Params', parameter: 'tls', value: 'disabled' } }],
      output: `{
  "Resources": {
    "Params": {
      "Type": "AWS::DocDB::DBClusterParameterGroup",
      "Properties": {
        "Family": "docdb5.0",
        "Description": "no tls",
        "Parameters": { "tls": "enabled" }
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation YAML: a redshift-1.0 group without require_ssl gets it appended',
      path: 'template.yaml',
      code: `Resources:
  Params:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: logging
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: enable_user_activity_logging
          ParameterValue: 'true'
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref Params
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:redshiftSslNotRequired
`,
      errors: [{ messageId: 'redshiftSslNotRequired', data: { resource: 'Warehouse', group: 'Params', detail: 'does not set require_ssl, which is false by default in the redshift-1.0 family' } }],
      output: `Resources:
  Params:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: logging
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: enable_user_activity_logging
          ParameterValue: 'true'
        - ParameterName: require_ssl
          ParameterValue: 'true'
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref Params
`,
    },
    {
      name: 'CloudFormation JSON: require_ssl false is replaced',
      path: 'template.json',
      code: `{
  "Resources": {
    "Params": {
      "Type": "AWS::Redshift::ClusterParameterGroup",
      "Properties": {
        "Description": "no ssl",
        "ParameterGroupFamily": "redshift-2.0",
        "Parameters": [{ "ParameterName": "require_ssl", "ParameterValue": "false" }]
      }
    },
    "Warehouse": {
      "Type": "AWS::Redshift::Cluster",
      "Properties": { "NodeType": "ra3.xlplus", "ClusterType": "single-node", "ClusterParameterGroupName": { "Ref": "Params" } }
//                                                                            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:redshiftSslNotRequired
    }
  }
}
`,
      errors: [{ messageId: 'redshiftSslNotRequired', data: { detail: 'sets require_ssl to false' } }],
      output: `{
  "Resources": {
    "Params": {
      "Type": "AWS::Redshift::ClusterParameterGroup",
      "Properties": {
        "Description": "no ssl",
        "ParameterGroupFamily": "redshift-2.0",
        "Parameters": [{ "ParameterName": "require_ssl", "ParameterValue": "true" }]
      }
    },
    "Warehouse": {
      "Type": "AWS::Redshift::Cluster",
      "Properties": { "NodeType": "ra3.xlplus", "ClusterType": "single-node", "ClusterParameterGroupName": { "Ref": "Params" } }
    }
  }
}
`,
    },
    {
      name: 'serverless: the old default group, and a group without Parameters that gets them added',
      path: 'serverless.yml',
      code: `service: analytics
provider:
  name: aws
resources:
  Resources:
    Old:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: dc2.large
        ClusterType: single-node
        ClusterParameterGroupName: default.redshift-1.0
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:redshiftDefaultGroup
    Params:
      Type: AWS::Redshift::ClusterParameterGroup
      Properties:
        Description: empty
        ParameterGroupFamily: redshift-1.0
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: ra3.xlplus
        ClusterType: single-node
        ClusterParameterGroupName: !Ref Params
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:redshiftSslNotRequired
`,
      errors: [{ messageId: 'redshiftDefaultGroup', data: { resource: 'Old' } }, { messageId: 'redshiftSslNotRequired', data: { resource: 'Warehouse' } }],
      fixIndex: 1,
      output: `service: analytics
provider:
  name: aws
resources:
  Resources:
    Old:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: dc2.large
        ClusterType: single-node
        ClusterParameterGroupName: default.redshift-1.0
    Params:
      Type: AWS::Redshift::ClusterParameterGroup
      Properties:
        Description: empty
        ParameterGroupFamily: redshift-1.0
        Parameters:
          - ParameterName: require_ssl
            ParameterValue: 'true'
    Warehouse:
      Type: AWS::Redshift::Cluster
      Properties:
        NodeType: ra3.xlplus
        ClusterType: single-node
        ClusterParameterGroupName: !Ref Params
`,
    },
    {
      name: 'CloudFormation YAML: Fn::If names the condition and offers no fix',
      path: 'template.yaml',
      code: `Conditions:
  IsLegacy: !Equals [!Ref AWS::StackName, legacy]
Resources:
  DocParams:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties:
      Family: docdb5.0
      Description: maybe tls
      Parameters:
        tls: !If [IsLegacy, disabled, enabled]
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      DBClusterParameterGroupName: !Ref DocParams
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:docdbTlsDisabled
  RsParams:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties:
      Description: maybe ssl
      ParameterGroupFamily: redshift-1.0
      Parameters:
        - ParameterName: require_ssl
          ParameterValue: !If [IsLegacy, 'false', 'true']
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      NodeType: ra3.xlplus
      ClusterType: single-node
      ClusterParameterGroupName: !Ref RsParams
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ database-tls-not-enforced:redshiftSslNotRequired
`,
      errors: [
        { messageId: 'docdbTlsDisabled', data: { when: ' when condition IsLegacy is true' } },
        { messageId: 'redshiftSslNotRequired', data: { detail: 'sets require_ssl to false', when: ' when condition IsLegacy is true' } },
      ],
    },
  ],
});

describe('database-tls-not-enforced: equivalents per finding', () => {
  it("names each engine's checks: CKV_AWS_90 on DocumentDB, CKV_AWS_105 and RS1 on Redshift", () => {
    const text = `Resources:
  DocGroup:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: docs, Parameters: { tls: disabled } }
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties: { DBClusterParameterGroupName: !Ref DocGroup }
  Loose:
    Type: AWS::Redshift::ClusterParameterGroup
    Properties: { ParameterGroupFamily: redshift-1.0, Description: loose, Parameters: [{ ParameterName: require_ssl, ParameterValue: 'false' }] }
  Legacy:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, ClusterParameterGroupName: default.redshift-1.0 }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, finding.equivalents]).sort(),
      [
        ['Docs', 'docdbTlsDisabled', ['CKV_AWS_90']],
        ['Legacy', 'redshiftDefaultGroup', ['AwsSolutions-RS1']],
        ['Loose', 'groupTlsDisabled', ['CKV_AWS_105']],
      ],
    );
  });
});
