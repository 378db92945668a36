/**
 * OpenSearch and Elasticsearch domains that accept plain HTTP
 * (`DomainEndpointOptions.EnforceHTTPS` absent or false; CloudFormation's
 * default is false) or that negotiate TLS 1.0 (`TLSSecurityPolicy:
 * Policy-Min-TLS-1-0-2019-07`). OpenSearch Serverless collections always use
 * TLS and are not concerned.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import { setPropertyEdit } from './support/fixes';
import { booleanOf, propertyOutcomes, reportNode, textOf } from './support/values';
import { failsKicsMissingOrFalse } from '../storage/support/settings';

const DOMAIN_TYPES = new Set(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain']);
const TLS_1_2_POLICY = 'Policy-Min-TLS-1-2-2019-07';
const KICS_HTTPS_DISABLED = 'KICS:4cdc88e6-c0c8-4081-a639-bb3a557cbedf';

export default defineRule({
  meta: {
    id: 'opensearch-https-not-enforced',
    title: 'OpenSearch domain accepts HTTP or TLS 1.0',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'A search domain that does not enforce HTTPS answers plain HTTP requests, so queries, indexed documents and signed requests can be read or altered on the way; a TLS 1.0 policy allows protocol versions with known weaknesses.',
    remediation: 'Set `DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07 }` (or `Policy-Min-TLS-1-2-PFS-2023-10`).',
    // Checkov's CKV_AWS_83 (ElasticsearchDomainEnforceHTTPS.py) reads `EnforceHTTPS` of `AWS::Elasticsearch::Domain`
    // only, and no TLS policy: named on those findings only. KICS's query reads both domain types as written (kicsEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_83', KICS_HTTPS_DISABLED],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'CWE-326',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/infrastructure-security.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-opensearchservice-domain-domainendpointoptions.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      httpsNotEnforced: 'Search domain {{resource}} accepts plain HTTP: DomainEndpointOptions.EnforceHTTPS is {{value}}{{when}}.',
      outdatedTls: 'Search domain {{resource}} accepts TLS 1.0 and 1.1: TLSSecurityPolicy is {{policy}}{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (DOMAIN_TYPES.has(resource.type)) checkDomain(context, resource);
    }
  },
});

function checkDomain(context: RuleContext, resource: CfnResource): void {
  const { model } = context;
  const httpsPath = ['DomainEndpointOptions', 'EnforceHTTPS'];
  const notEnforced = propertyOutcomes(model, resource, httpsPath).find((outcome) => {
    const value = booleanOf(outcome);
    return value === false || value === 'absent';
  });
  if (notEnforced) {
    const edit = setPropertyEdit(model.document, resource, httpsPath, true, { TLSSecurityPolicy: TLS_1_2_POLICY });
    context.report({
      messageId: 'httpsNotEnforced',
      data: { resource: resource.logicalId, value: booleanOf(notEnforced) === 'absent' ? 'not set (false by default)' : 'false', when: describeWhen(notEnforced.when) },
      node: reportNode(resource, httpsPath),
      resource: resource.logicalId,
      fixes: edit ? [{ title: 'Enforce HTTPS on the domain endpoint', edits: [edit] }] : [],
      equivalents: [...(resource.type === 'AWS::Elasticsearch::Domain' ? ['CKV_AWS_83'] : []), ...kicsEquivalents(model.kind, resource)],
    });
    return;
  }
  const tlsPath = ['DomainEndpointOptions', 'TLSSecurityPolicy'];
  const outdated = propertyOutcomes(model, resource, tlsPath).find((outcome) => /^Policy-Min-TLS-1-[01]-/i.test(textOf(outcome) ?? ''));
  if (!outdated) return;
  const edit = setPropertyEdit(model.document, resource, tlsPath, TLS_1_2_POLICY);
  context.report({
    messageId: 'outdatedTls',
    data: { resource: resource.logicalId, policy: textOf(outdated) ?? '', when: describeWhen(outdated.when) },
    node: reportNode(resource, tlsPath),
    resource: resource.logicalId,
    fixes: edit ? [{ title: `Use ${TLS_1_2_POLICY}`, edits: [edit] }] : [],
  });
}

/**
 * KICS's "Elasticsearch with HTTPS disabled" (assets/queries/cloudFormation/aws/elasticsearch_with_https_disabled/query.rego)
 * reads `AWS::Elasticsearch::Domain` and `AWS::OpenSearchService::Domain` found by `walk()`, and fails
 * `DomainEndpointOptions` or its `EnforceHTTPS` absent or null (an intrinsic options map included), or `EnforceHTTPS`
 * `cf_lib.isCloudFormationFalse`; an intrinsic `EnforceHTTPS` passes. Named outside serverless.yml only: we have not
 * verified that KICS runs its CloudFormation queries on a serverless.yml.
 */
function kicsEquivalents(kind: string, resource: CfnResource): string[] {
  return kind !== 'serverless' && failsKicsMissingOrFalse(resource, ['DomainEndpointOptions', 'EnforceHTTPS']) ? [KICS_HTTPS_DISABLED] : [];
}
