import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './opensearch-https-not-enforced';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: HTTPS enforced (TLS policy absent or 1.2), a parameter, and a serverless collection',
      path: 'template.yaml',
      code: `Parameters:
  Https:
    Type: String
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: 'True'
  Configurable:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: !Ref Https
  Collection:
    Type: AWS::OpenSearchServerless::Collection
    Properties:
      Name: logs
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: no DomainEndpointOptions at all',
      path: 'template.yaml',
      code: `Resources:
  Search:
# ^^^^^^ opensearch-https-not-enforced:httpsNotEnforced
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
`,
      errors: [{ messageId: 'httpsNotEnforced', data: { resource: 'Search', value: 'not set' } }],
      output: `Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
`,
    },
    {
      name: 'CloudFormation YAML: a TLS policy without EnforceHTTPS, and a TLS 1.0 policy',
      path: 'template.yaml',
      code: `Resources:
  Search:
    Type: AWS::Elasticsearch::Domain
    Properties:
      DomainEndpointOptions:
#     ^^^^^^^^^^^^^^^^^^^^^^ opensearch-https-not-enforced:httpsNotEnforced
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
  Old:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ opensearch-https-not-enforced:outdatedTls
`,
      errors: [{ messageId: 'httpsNotEnforced' }, { messageId: 'outdatedTls', data: { policy: 'Policy-Min-TLS-1-0-2019-07' } }],
      fixIndex: 1,
      output: `Resources:
  Search:
    Type: AWS::Elasticsearch::Domain
    Properties:
      DomainEndpointOptions:
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
  Old:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
`,
    },
    {
      name: 'serverless: EnforceHTTPS false under a condition',
      path: 'serverless.yml',
      code: `service: search
provider:
  name: aws
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
  Resources:
    Search:
      Type: AWS::OpenSearchService::Domain
      Properties:
        DomainEndpointOptions:
          EnforceHTTPS: !If [IsDev, false, true]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ opensearch-https-not-enforced:httpsNotEnforced
`,
      errors: [{ messageId: 'httpsNotEnforced', data: { when: 'when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: EnforceHTTPS false is replaced',
      path: 'template.json',
      code: `{
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "DomainEndpointOptions": {
          "EnforceHTTPS": false
//        ^^^^^^^^^^^^^^^^^^^^^ opensearch-https-not-enforced:httpsNotEnforced
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'httpsNotEnforced', data: { value: 'false' } }],
      output: `{
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "DomainEndpointOptions": {
          "EnforceHTTPS": true
        }
      }
    }
  }
}
`,
    },
  ],
});

describe("opensearch-https-not-enforced: KICS's Elasticsearch with HTTPS disabled", () => {
  const KICS = 'KICS:4cdc88e6-c0c8-4081-a639-bb3a557cbedf';
  const kicsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.messageId, finding.equivalents.includes(KICS)]);
  };

  it('is named on both domain types when EnforceHTTPS is absent or written false, not on a condition, a TLS 1.0 policy or a serverless.yml', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Bare:
    Type: AWS::OpenSearchService::Domain
  NoHttps:
    Type: AWS::Elasticsearch::Domain
    Properties:
      DomainEndpointOptions:
        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07
  Off:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: 'false'
  OffInTest:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: !If [IsProd, true, false]
  OldTls:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        EnforceHTTPS: true
        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07
`;
    assert.deepEqual(kicsOn('template.yaml', template), [
      ['Bare', 'httpsNotEnforced', true],
      ['NoHttps', 'httpsNotEnforced', true],
      ['Off', 'httpsNotEnforced', true],
      ['OffInTest', 'httpsNotEnforced', false],
      ['OldTls', 'outdatedTls', false],
    ]);
    const service = `service: search
provider:
  name: aws
resources:
  Resources:
    Search:
      Type: AWS::OpenSearchService::Domain
      Properties:
        EngineVersion: OpenSearch_2.11
`;
    assert.deepEqual(kicsOn('serverless.yml', service), [['Search', 'httpsNotEnforced', false]]);
  });
});
