import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './resource-logging-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'state machines: Standard without logging (it keeps its history), Express with logging, a type from a parameter',
      path: 'template.yaml',
      code: `Parameters:
  Kind: { Type: String }
Resources:
  Standard:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
  Logged:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      LoggingConfiguration:
        Level: ERROR
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: !GetAtt Logs.Arn } }]
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
  Chosen:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: !Ref Kind
      DefinitionUri: statemachine/orders.asl.json
`,
    },
    {
      name: 'CloudFormation: every resource family with its log turned on',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Logging:
          Bucket: logs.s3.amazonaws.com
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: 'true'
        - Key: access_logs.s3.bucket
          Value: !Ref LogBucket
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      LogPublishingOptions:
        ES_APPLICATION_LOGS:
          CloudWatchLogsLogGroupArn: !GetAtt AppLogs.Arn
          Enabled: true
  Kafka:
    Type: AWS::MSK::Cluster
    Properties:
      LoggingInfo:
        BrokerLogs:
          CloudWatchLogs:
            Enabled: true
            LogGroup: !Ref BrokerLogs
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      EnableCloudwatchLogsExports: [audit]
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties:
      EnableCloudwatchLogsExports:
        - audit
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      LoggingProperties:
        LogDestinationType: cloudwatch
        LogExports: [connectionlog, useractivitylog, userlog]
`,
    },
    {
      name: 'unknown values stay silent: parameters, GetAtt, an unknown load balancer type; gateway load balancers have no access logs',
      path: 'template.yaml',
      code: `Parameters:
  LbType:
    Type: String
  Exports:
    Type: CommaDelimitedList
  LoggingOn:
    Type: String
Resources:
  Gateway:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: gateway
  Unknown:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: !Ref LbType
  ParamValue:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: !Ref LoggingOn
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties:
      EnableCloudwatchLogsExports: !Ref Exports
  Search:
    Type: AWS::Elasticsearch::Domain
    Properties:
      LogPublishingOptions:
        AUDIT_LOGS:
          CloudWatchLogsLogGroupArn: !GetAtt Logs.Arn
          Enabled: !Ref LoggingOn
`,
    },
    {
      name: 'CloudFront standard logging v2 through a CloudWatch Logs delivery source',
      path: 'template.yaml',
      code: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
  CdnLogs:
    Type: AWS::Logs::DeliverySource
    Properties:
      Name: cdn-access
      LogType: ACCESS_LOGS
      ResourceArn: !Sub arn:aws:cloudfront::\${AWS::AccountId}:distribution/\${Cdn}
`,
    },
  ],
  invalid: [
    {
      name: 'Express state machines without logging: CloudFormation (absent, Level OFF), SAM (Level absent), and the serverless plugin',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Checkout:
# ^^^^^^^^ resource-logging-disabled:stateMachine
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
  Quiet:
# ^^^^^ resource-logging-disabled:stateMachine
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      LoggingConfiguration:
        Level: 'OFF'
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
  Orders:
# ^^^^^^ resource-logging-disabled:stateMachine
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Logging:
        IncludeExecutionData: true
      DefinitionUri: statemachine/orders.asl.json
`,
      errors: [
        { messageId: 'stateMachine', data: { name: 'Checkout', property: 'LoggingConfiguration' } },
        { messageId: 'stateMachine', data: { name: 'Quiet' } },
        { messageId: 'stateMachine', data: { name: 'Orders', property: 'Set Logging with' } },
      ],
    },
    {
      name: 'serverless.yml: an Express state machine of the serverless-step-functions plugin without loggingConfig',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
stepFunctions:
  stateMachines:
    checkout:
#   ^^^^^^^^ resource-logging-disabled:stateMachine
      type: EXPRESS
      definition: { StartAt: Done, States: { Done: { Type: Succeed } } }
    audited:
      type: EXPRESS
      loggingConfig:
        level: ALL
        destinations: [{ 'Fn::GetAtt': [CheckoutLogs, Arn] }]
    standard:
      definition: { StartAt: Done, States: { Done: { Type: Succeed } } }
`,
      errors: [{ messageId: 'stateMachine', data: { name: 'checkout', property: 'loggingConfig' } }],
    },
    {
      name: 'CloudFormation YAML: one finding per resource family',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Cdn:
# ^^^ resource-logging-disabled:cloudfront
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
  Alb:
# ^^^ resource-logging-disabled:loadBalancer
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: application
      LoadBalancerAttributes:
        - Key: idle_timeout.timeout_seconds
          Value: '60'
  Nlb:
# ^^^ resource-logging-disabled:loadBalancer
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: network
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: false
  Search:
# ^^^^^^ resource-logging-disabled:openSearch
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
  Kafka:
# ^^^^^ resource-logging-disabled:msk
    Type: AWS::MSK::Cluster
    Properties:
      LoggingInfo:
        BrokerLogs:
          CloudWatchLogs:
            Enabled: false
  Docs:
# ^^^^ resource-logging-disabled:documentDb
    Type: AWS::DocDB::DBCluster
    Properties:
      EnableCloudwatchLogsExports: [profiler]
  Graph:
# ^^^^^ resource-logging-disabled:neptune
    Type: AWS::Neptune::DBCluster
    Properties:
      StorageEncrypted: true
  Warehouse:
# ^^^^^^^^^ resource-logging-disabled:redshift
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterType: single-node
`,
      errors: [
        { messageId: 'cloudfront', data: { name: 'Cdn', when: '' } },
        { messageId: 'loadBalancer', data: { name: 'Alb' } },
        { messageId: 'loadBalancer', data: { name: 'Nlb' } },
        { messageId: 'openSearch', data: { name: 'Search', service: 'OpenSearch' } },
        { messageId: 'msk', data: { name: 'Kafka' } },
        { messageId: 'documentDb', data: { name: 'Docs' } },
        { messageId: 'neptune', data: { name: 'Graph' } },
        { messageId: 'redshift', data: { name: 'Warehouse' } },
      ],
    },
    {
      name: 'OpenSearch with fine-grained access control but only slow logs: audit logs asked for',
      path: 'template.yaml',
      code: `Resources:
  Search:
# ^^^^^^ resource-logging-disabled:openSearchAudit
    Type: AWS::Elasticsearch::Domain
    Properties:
      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
      LogPublishingOptions:
        SEARCH_SLOW_LOGS:
          CloudWatchLogsLogGroupArn: !GetAtt Slow.Arn
          Enabled: true
        AUDIT_LOGS:
          CloudWatchLogsLogGroupArn: !GetAtt Audit.Arn
          Enabled: false
`,
      errors: [{ messageId: 'openSearchAudit', data: { name: 'Search', service: 'Elasticsearch' } }],
    },
    {
      name: 'Fn::If: the branch without logging is named',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Cdn:
# ^^^ resource-logging-disabled:cloudfront
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Logging: !If
          - IsProd
          - Bucket: logs.s3.amazonaws.com
          - !Ref AWS::NoValue
  Alb:
# ^^^ resource-logging-disabled:loadBalancer
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: access_logs.s3.enabled
          Value: !If [IsProd, 'true', 'false']
  Warehouse:
# ^^^^^^^^^ resource-logging-disabled:redshift
    Type: AWS::Redshift::Cluster
    Properties:
      LoggingProperties: !If [IsProd, { BucketName: audit-logs }, !Ref AWS::NoValue]
  Docs:
# ^^^^ resource-logging-disabled:documentDb
    Type: AWS::DocDB::DBCluster
    Properties:
      EnableCloudwatchLogsExports: !If [IsProd, [audit, profiler], []]
`,
      errors: [
        { messageId: 'cloudfront', data: { name: 'Cdn', when: ' when condition IsProd is false' } },
        { messageId: 'loadBalancer', data: { name: 'Alb', when: ' when condition IsProd is false' } },
        { messageId: 'redshift', data: { name: 'Warehouse', when: ' when condition IsProd is false' } },
        { messageId: 'documentDb', data: { name: 'Docs', when: ' when condition IsProd is false' } },
      ],
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Cluster": {
//  ^^^^^^^^^ resource-logging-disabled:msk
      "Type": "AWS::MSK::Cluster",
      "Properties": { "ClusterName": "events", "KafkaVersion": "3.5.1", "NumberOfBrokerNodes": 3 }
    },
    "Cdn": {
//  ^^^^^ resource-logging-disabled:cloudfront
      "Type": "AWS::CloudFront::Distribution",
      "Properties": { "DistributionConfig": { "Enabled": true, "Logging": { "Prefix": "cdn/" } } }
    }
  }
}
`,
      errors: [
        { messageId: 'msk', data: { name: 'Cluster' } },
        { messageId: 'cloudfront', data: { name: 'Cdn' } },
      ],
    },
    {
      name: 'serverless.yml: resources are CloudFormation resources',
      path: 'serverless.yml',
      code: `service: search
provider:
  name: aws
resources:
  Resources:
    SearchDomain:
#   ^^^^^^^^^^^^ resource-logging-disabled:openSearch
      Type: AWS::OpenSearchService::Domain
      Properties:
        LogPublishingOptions:
          ES_APPLICATION_LOGS:
            CloudWatchLogsLogGroupArn: !GetAtt AppLogs.Arn
            Enabled: false
`,
      errors: [{ messageId: 'openSearch', data: { name: 'SearchDomain', service: 'OpenSearch' } }],
    },
  ],
});

describe('resource-logging-disabled: equivalents per finding', () => {
  it("names each resource type's own checks, and CKV_AWS_84 only on a domain that publishes no log", () => {
    const text = `Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [subnet-1, subnet-2] }
  Documents:
    Type: AWS::DocDB::DBCluster
    Properties: { EnableCloudwatchLogsExports: [profiler] }
  Silent:
    Type: AWS::OpenSearchService::Domain
    Properties: {}
  Guarded:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AdvancedSecurityOptions: { Enabled: true }
      LogPublishingOptions:
        ES_APPLICATION_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:123456789012:log-group:app }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Balancer', 'loadBalancer', ['AwsSolutions-ELB2', 'CKV_AWS_91']],
        ['Documents', 'documentDb', ['AwsSolutions-DOC5', 'CKV_AWS_85']],
        ['Silent', 'openSearch', ['CKV_AWS_317', 'CKV_AWS_84']],
        ['Guarded', 'openSearchAudit', ['CKV_AWS_317']],
      ],
    );
  });
});

describe('resource-logging-disabled: DocumentDB audit_logs in the cluster parameter group', () => {
  const run = (text: string) => {
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.filter((finding) => finding.messageId === 'documentDbAuditParameter');
  };

  it('reports a used group without audit_logs and an unused group that turns it off, naming CKV_AWS_104', () => {
    const found = run(`Resources:
  Used:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: used, Parameters: { tls: enabled } }
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties: { DBClusterParameterGroupName: !Ref Used, EnableCloudwatchLogsExports: [audit] }
  Spare:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: spare, Parameters: { audit_logs: disabled } }
`);
    assert.deepEqual(
      found.map((finding) => [finding.resource, finding.message, finding.equivalents]),
      [
        ['Used', 'DocumentDB cluster parameter group Used does not set audit_logs, which is disabled by default: its clusters record no audit events, even when they export the audit log. Set audit_logs: enabled (or the event types to audit, such as ddl,dml_write).', ['CKV_AWS_104']],
        ['Spare', 'DocumentDB cluster parameter group Spare sets audit_logs to disabled: its clusters record no audit events, even when they export the audit log. Set audit_logs: enabled (or the event types to audit, such as ddl,dml_write).', ['CKV_AWS_104']],
      ],
    );
  });

  it('accepts event lists, an unused group without the parameter, and parameters it cannot read', () => {
    const found = run(`Parameters:
  GroupParameters: { Type: String }
Resources:
  Events:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: events, Parameters: { audit_logs: 'ddl,dml_write' } }
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties: { DBClusterParameterGroupName: !Ref Events, EnableCloudwatchLogsExports: [audit] }
  Spare:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: spare, Parameters: { tls: enabled } }
  Imported:
    Type: AWS::DocDB::DBClusterParameterGroup
    Properties: { Family: docdb5.0, Description: imported, Parameters: !Ref GroupParameters }
`);
    assert.deepEqual(found, []);
  });
});

describe('resource-logging-disabled: Express state machines and cdk-nag SF1', () => {
  it('names AwsSolutions-SF1 on a CloudFormation state machine only, not on SAM or under a condition', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Checkout:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      DefinitionUri: statemachine/orders.asl.json
  Maybe:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      LoggingConfiguration: !If [IsProd, { Level: ALL, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:x } }] }, !Ref AWS::NoValue]
      DefinitionString: '{}'
      RoleArn: arn:aws:iam::123456789012:role/sfn
`;
    const result = analyze({ path: 'template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents, /when condition IsProd is false/.test(finding.message)]),
      [
        ['Checkout', ['AwsSolutions-SF1'], false],
        ['Orders', [], false],
        ['Maybe', [], true],
      ],
    );
  });
});
