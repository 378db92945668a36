import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './opensearch-domain-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: encrypted OpenSearch and Elasticsearch domains, one from a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  Encrypt:
    Type: String
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions:
        Enabled: true
        KmsKeyId: !Ref SearchKey
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      EncryptionAtRestOptions: { Enabled: True }
  Unknown:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions:
        Enabled: !Ref Encrypt
`,
    },
    {
      name: 'CloudFormation JSON: an encrypted domain',
      path: 'template.json',
      code: `{ "Resources": { "Search": { "Type": "AWS::OpenSearchService::Domain", "Properties": { "EncryptionAtRestOptions": { "Enabled": true } } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a domain without EncryptionAtRestOptions gets it (suggestion)',
      path: 'template.yaml',
      code: `Resources:
  Search:
# ^^^^^^ opensearch-domain-unencrypted:notEnabled
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.13
      NodeToNodeEncryptionOptions:
        Enabled: true
`,
      errors: [{ messageId: 'notEnabled', data: { store: 'OpenSearch domain', setting: 'EncryptionAtRestOptions.Enabled' } }],
      output: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.13
      NodeToNodeEncryptionOptions:
        Enabled: true
      EncryptionAtRestOptions:
        Enabled: true
`,
    },
    {
      name: 'CloudFormation YAML: an Elasticsearch domain with Enabled False',
      path: 'template.yaml',
      code: `Resources:
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchVersion: '7.10'
      EncryptionAtRestOptions:
#     ^^^^^^^^^^^^^^^^^^^^^^^ opensearch-domain-unencrypted:disabled
        Enabled: False
`,
      errors: [{ messageId: 'disabled', data: { store: 'Elasticsearch domain' } }],
      output: `Resources:
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchVersion: '7.10'
      EncryptionAtRestOptions:
        Enabled: true
`,
    },
    {
      name: 'SAM: the whole options map under Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions: !If [IsProd, { Enabled: true }, !Ref AWS::NoValue]
#     ^^^^^^^^^^^^^^^^^^^^^^^ opensearch-domain-unencrypted:notEnabled
`,
      errors: [{ messageId: 'notEnabled', data: { when: 'when condition IsProd is false' } }],
    },
    {
      name: 'serverless: a domain in resources.Resources',
      path: 'serverless.yml',
      code: `service: search
provider:
  name: aws
resources:
  Resources:
    Search:
#   ^^^^^^ opensearch-domain-unencrypted:notEnabled
      Type: AWS::OpenSearchService::Domain
      Properties:
        EngineVersion: OpenSearch_2.13
`,
      errors: [{ messageId: 'notEnabled' }],
    },
    {
      name: 'CloudFormation JSON: EncryptionAtRestOptions without Enabled',
      path: 'template.json',
      code: `{
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "EncryptionAtRestOptions": {
//      ^^^^^^^^^^^^^^^^^^^^^^^^^ opensearch-domain-unencrypted:notEnabled
          "KmsKeyId": "alias/search"
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'notEnabled' }],
      output: `{
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "EncryptionAtRestOptions": {
          "KmsKeyId": "alias/search",
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

describe("opensearch-domain-unencrypted: KICS's ElasticSearch Not Encrypted At Rest", () => {
  it('is named on Elasticsearch domains with Properties written, not on OpenSearch domains, a domain without Properties or serverless.yml', () => {
    const KICS = 'KICS:86a248ab-0e01-4564-a82a-878303e253bb';
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
      EncryptionAtRestOptions:
        Enabled: !If [IsProd, true, false]
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
