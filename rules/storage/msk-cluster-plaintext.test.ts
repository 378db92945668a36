import { testRule } from '../support/rule-tester';
import rule from './msk-cluster-plaintext';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: the defaults (no EncryptionInfo), explicit TLS, and a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  ClientBroker:
    Type: String
Resources:
  Defaults:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: defaults
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }
  Tls:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: tls
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }
      EncryptionInfo:
        EncryptionInTransit:
          ClientBroker: TLS
          InCluster: true
  Unknown:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: unknown
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }
      EncryptionInfo:
        EncryptionInTransit:
          ClientBroker: !Ref ClientBroker
`,
    },
    {
      name: 'CloudFormation JSON: TLS only',
      path: 'template.json',
      code: `{ "Resources": { "Kafka": { "Type": "AWS::MSK::Cluster", "Properties": { "EncryptionInfo": { "EncryptionInTransit": { "ClientBroker": "TLS" } } } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: plaintext client connections and unencrypted broker traffic',
      path: 'template.yaml',
      code: `Resources:
  Kafka:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: events
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }
      EncryptionInfo:
#     ^^^^^^^^^^^^^^ msk-cluster-plaintext:clientBroker
#     ^^^^^^^^^^^^^^ msk-cluster-plaintext:inCluster
        EncryptionInTransit:
          ClientBroker: TLS_PLAINTEXT
          InCluster: false
`,
      errors: [
        { messageId: 'clientBroker', data: { resource: 'Kafka', value: 'TLS_PLAINTEXT' } },
        { messageId: 'inCluster', data: { resource: 'Kafka' } },
      ],
    },
    {
      name: 'serverless: PLAINTEXT on one branch of a condition',
      path: 'serverless.yml',
      code: `service: events
provider:
  name: aws
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
  Resources:
    Kafka:
      Type: AWS::MSK::Cluster
      Properties:
        ClusterName: events
        EncryptionInfo:
#       ^^^^^^^^^^^^^^ msk-cluster-plaintext:clientBroker
          EncryptionInTransit:
            ClientBroker: !If [IsDev, PLAINTEXT, TLS]
`,
      errors: [{ messageId: 'clientBroker', data: { value: 'PLAINTEXT', when: 'when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: PLAINTEXT',
      path: 'template.json',
      code: `{
  "Resources": {
    "Kafka": {
      "Type": "AWS::MSK::Cluster",
      "Properties": {
        "EncryptionInfo": { "EncryptionInTransit": { "ClientBroker": "PLAINTEXT" } }
//      ^^^^^^^^^^^^^^^^ msk-cluster-plaintext:clientBroker
      }
    }
  }
}
`,
      errors: [{ messageId: 'clientBroker' }],
    },
  ],
});
