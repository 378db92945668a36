import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
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

describe("opensearch-node-to-node-encryption-disabled: KICS's Elasticsearch Domain Not Encrypted Node To Node", () => {
  it('is named on Elasticsearch domains and Elasticsearch_X.Y OpenSearch domains with Properties written and Enabled not the boolean true', () => {
    const KICS = 'KICS:43ed6fe0-edb6-43c2-97be-6501cf563d53';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Bare:
    Type: AWS::Elasticsearch::Domain
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchVersion: '7.10'
  LegacyInTest:
    Type: AWS::Elasticsearch::Domain
    Properties:
      NodeToNodeEncryptionOptions:
        Enabled: !If [IsProd, true, false]
  OpenSearchLegacyEngine:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: Elasticsearch_7.10
      NodeToNodeEncryptionOptions:
        Enabled: false
  OpenSearch:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Bare', false],
        ['Legacy', true],
        ['LegacyInTest', true],
        ['OpenSearchLegacyEngine', true],
        ['OpenSearch', false],
      ],
    );
    const service = `service: search
provider:
  name: aws
resources:
  Resources:
    Search:
      Type: AWS::Elasticsearch::Domain
      Properties:
        ElasticsearchVersion: '7.10'
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Search', false]]);
  });
});
