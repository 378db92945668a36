import rule from './opensearch-node-to-node-encryption-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: enabled on both domain types, and unknown from a parameter',
      path: 'template.yaml',
      code: `Parameters:
  NodeToNode:
    Type: String
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      NodeToNodeEncryptionOptions:
        Enabled: true
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      NodeToNodeEncryptionOptions: { Enabled: 'true' }
  Configurable:
    Type: AWS::OpenSearchService::Domain
    Properties:
      NodeToNodeEncryptionOptions:
        Enabled: !Ref NodeToNode
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: absent options are added',
      path: 'template.yaml',
      code: `Resources:
  Search:
# ^^^^^^ opensearch-node-to-node-encryption-disabled:disabled
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11 # pinned
`,
      errors: [{ messageId: 'disabled', data: { resource: 'Search', value: 'not set' } }],
      output: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11 # pinned
      NodeToNodeEncryptionOptions:
        Enabled: true
`,
    },
    {
      name: 'serverless: Enabled false in a flow map',
      path: 'serverless.yml',
      code: `service: search
provider:
  name: aws
resources:
  Resources:
    Search:
      Type: AWS::Elasticsearch::Domain
      Properties:
        NodeToNodeEncryptionOptions: { Enabled: false }
#                                      ^^^^^^^^^^^^^^ opensearch-node-to-node-encryption-disabled:disabled
`,
      errors: [{ messageId: 'disabled', data: { value: 'false' } }],
      output: `service: search
provider:
  name: aws
resources:
  Resources:
    Search:
      Type: AWS::Elasticsearch::Domain
      Properties:
        NodeToNodeEncryptionOptions: { Enabled: true }
`,
    },
    {
      name: 'SAM JSON: options present without Enabled',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "NodeToNodeEncryptionOptions": {}
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ opensearch-node-to-node-encryption-disabled:disabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'disabled' }],
      output: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "NodeToNodeEncryptionOptions": {
          "Enabled": true
        }
      }
    }
  }
}
`,
    },
  ],
});
