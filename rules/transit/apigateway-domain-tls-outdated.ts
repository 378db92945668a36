/**
 * API Gateway custom domains that accept TLS 1.0: `SecurityPolicy: TLS_1_0`
 * on REST (`AWS::ApiGateway::DomainName`, SAM `Api.Domain`) and HTTP/V2
 * (`DomainNameConfigurations`, SAM `HttpApi.Domain`) domains, and
 * serverless-domain-manager's `securityPolicy: tls_1_0`. A REST domain
 * without `SecurityPolicy` is created with TLS_1_0 by CloudFormation, so it
 * is reported too; V2 domains and serverless-domain-manager default to TLS 1.2.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, intrinsicName, isMap, nodeAt, oneOrMany, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry, MapNode, SourceNode } from '../../server/src/engine/types';
import { textOf } from './support/values';

const OUTDATED = /^(TLS_1_0|SecurityPolicy_TLS1[01]_.*|SecurityPolicy_TLS13_1_[01]_.*)$/i;

const KICS_DOMAIN_SECURITY_POLICY = 'KICS:8275fab0-68ec-4705-bbf4-86975edb170e';

export default defineRule({
  meta: {
    id: 'apigateway-domain-tls-outdated',
    title: 'API Gateway custom domain accepts TLS 1.0',
    category: 'transit',
    severity: 'warning',
    confidence: 'medium',
    description:
      'A custom domain with the TLS_1_0 security policy accepts TLS 1.0 and 1.1 with weak cipher suites, so clients (or an attacker forcing a downgrade) can use protocol versions deprecated by RFC 8996.',
    remediation:
      'Set `SecurityPolicy: TLS_1_2` on the domain (SAM: `Domain.SecurityPolicy`; serverless-domain-manager: `securityPolicy: tls_1_2`), or one of the enhanced `SecurityPolicy_TLS13_*` policies.',
    // CKV_AWS_206 reads Terraform aws_api_gateway_domain_name only (checkov/terraform/checks/resource/aws/): never a template.
    // KICS's "API Gateway Without Security Policy" reads AWS::ApiGateway::DomainName resources only (see the check).
    equivalents: [],
    findingEquivalents: [KICS_DOMAIN_SECURITY_POLICY],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-326',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainname.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigatewayv2-domainname-domainnameconfiguration.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-api-domainconfiguration.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      outdatedPolicy: 'API Gateway custom domain {{resource}} accepts TLS 1.0: its security policy is {{value}}{{when}}.',
      defaultPolicy: 'API Gateway custom domain {{resource}} accepts TLS 1.0: it sets no SecurityPolicy, and CloudFormation then creates REST API domains with TLS_1_0.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    const globalsDomain = model.kind === 'sam' ? nodeAt(model.document.root, ['Globals', 'Api', 'Domain']) : undefined;
    if (isMap(globalsDomain)) checkPolicy(context, 'Globals.Api', globalsDomain, 'SecurityPolicy', 'TLS_1_2', false);
    for (const resource of model.resources) {
      switch (resource.type) {
        case 'AWS::ApiGateway::DomainName':
          // KICS's "API Gateway Without Security Policy" (assets/queries/cloudFormation/aws/api_gateway_without_security_policy/
          // query.rego) reads this type in a document's top-level `Resources`, with `Properties` bound, and fails a
          // `SecurityPolicy` absent or null or not the text `TLS_1_2` (an intrinsic and the enhanced policies fail too):
          // every finding here, outside serverless.yml. It reads no V2 domain, SAM `Domain` or serverless-domain-manager.
          if (resource.properties) checkPolicy(context, resource.logicalId, resource.properties, 'SecurityPolicy', 'TLS_1_2', true, resource, undefined, model.kind === 'serverless' ? [] : [KICS_DOMAIN_SECURITY_POLICY]);
          break;
        case 'AWS::ApiGatewayV2::DomainName':
          for (const configuration of seqItems(valueOf(resource.properties, 'DomainNameConfigurations'))) {
            if (isMap(configuration) && !intrinsicName(configuration)) checkPolicy(context, resource.logicalId, configuration, 'SecurityPolicy', 'TLS_1_2', false);
          }
          break;
        case 'AWS::Serverless::Api':
        case 'AWS::Serverless::HttpApi': {
          const domain = valueOf(resource.properties, 'Domain');
          if (!isMap(domain) || intrinsicName(domain)) break;
          // SAM creates an AWS::ApiGateway::DomainName for an Api (TLS_1_0 when absent) and a V2 one for an HttpApi.
          const isRest = resource.type === 'AWS::Serverless::Api';
          const inheritsGlobal = isRest && isMap(globalsDomain) && entryOf(globalsDomain, 'SecurityPolicy');
          checkPolicy(context, resource.logicalId, domain, 'SecurityPolicy', 'TLS_1_2', isRest && !inheritsGlobal, undefined, entryOf(resource.properties, 'Domain'));
          break;
        }
      }
    }
    if (model.kind === 'serverless') checkServerlessDomains(context);
  },
});

/**
 * Reports `key` in `map` when a branch of it is an outdated policy, or when
 * it is absent and `isAbsentOutdated`. `resource` and `at` tune where the
 * absent case is shown (the logical id, or the `Domain` entry).
 */
function checkPolicy(context: RuleContext, name: string, map: MapNode, key: string, recommended: string, isAbsentOutdated: boolean, resource?: CfnResource, at?: MapEntry, equivalents: string[] = []): void {
  const { model } = context;
  const entry = entryOf(map, key);
  if (!entry) {
    if (!isAbsentOutdated) return;
    context.report({
      messageId: 'defaultPolicy',
      data: { resource: name },
      node: at ?? (resource ? { range: resource.keyRange } : map),
      resource: name,
      fixes: [{ title: `Set ${key}: ${recommended}`, edits: [insertMapEntries(model.document, map, { [key]: recommended })] }],
      equivalents,
    });
    return;
  }
  const bad = model.resolver.outcomes(entry.value).find((outcome) => OUTDATED.test(textOf(outcome) ?? ''));
  if (!bad) return;
  report(context, name, entry, textOf(bad)!, bad.when, recommended, equivalents);
}

function report(context: RuleContext, name: string, entry: MapEntry, value: string, when: ConditionAssumption[], recommended: string, equivalents: string[] = []): void {
  const fixes: Fix[] = entry.value && entry.value.kind === 'scalar' ? [{ title: `Use ${recommended}`, edits: [replaceNode(entry.value, valueText(context.model.document, entry.value, recommended))] }] : [];
  context.report({ messageId: 'outdatedPolicy', data: { resource: name, value, when: describeWhen(when) }, node: entry, resource: name, fixes, equivalents });
}

/**
 * serverless-domain-manager (`custom.customDomain`, `custom.customDomains`,
 * each possibly split in `rest`/`http`/`websocket`) and the Serverless
 * Framework v4 `domain` block. Their default is TLS 1.2: only an explicit
 * `tls_1_0` is reported.
 */
function checkServerlessDomains(context: RuleContext): void {
  const root = context.model.document.root;
  const candidates: Array<{ name: string; node: SourceNode | null | undefined }> = [
    { name: 'custom.customDomain', node: nodeAt(root, ['custom', 'customDomain']) },
    ...seqItems(nodeAt(root, ['custom', 'customDomains'])).map((node, index) => ({ name: `custom.customDomains[${index}]`, node })),
    { name: 'domain', node: valueOf(root, 'domain') },
    { name: 'provider.domain', node: nodeAt(root, ['provider', 'domain']) },
  ];
  for (const candidate of candidates) {
    for (const domain of oneOrMany(candidate.node)) {
      if (!isMap(domain)) continue;
      const parts = ['rest', 'http', 'websocket'].filter((key) => isMap(valueOf(domain, key)));
      const maps = parts.length ? parts.map((key) => ({ name: `${candidate.name}.${key}`, map: valueOf(domain, key) as MapNode })) : [{ name: candidate.name, map: domain }];
      for (const { name, map } of maps) {
        const entry = entryOf(map, 'securityPolicy');
        if (!entry) continue;
        const bad = context.model.resolver.outcomes(entry.value).find((outcome) => OUTDATED.test(textOf(outcome) ?? ''));
        if (bad) report(context, name, entry, textOf(bad)!, bad.when, /^tls_/.test(textOf(bad)!) ? 'tls_1_2' : 'TLS_1_2');
      }
    }
  }
}
