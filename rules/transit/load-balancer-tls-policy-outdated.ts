/**
 * HTTPS (ALB) and TLS (NLB) listeners whose `SslPolicy` accepts TLS 1.0 or
 * 1.1, including a listener without `SslPolicy`, which CloudFormation creates
 * with `ELBSecurityPolicy-2016-08`. Policy names we do not know are not
 * reported; neither are unresolved values.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import { setPropertyEdit } from './support/fixes';
import { propertyEntry, propertyOutcomes, reportNode, textOf } from './support/values';

const RECOMMENDED = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
/** The predefined policies whose minimum is TLS 1.0 or 1.1 (ALB and NLB), FIPS variants included. */
const OUTDATED = /^ELBSecurityPolicy-(2015-05|2016-08|TLS-1-0-2015-04|TLS-1-1-2017-01|FS-2018-06|FS-1-1-2019-08|TLS13-1-[01]-.*)$/i;

export default defineRule({
  meta: {
    id: 'load-balancer-tls-policy-outdated',
    title: 'Load balancer listener accepts TLS below 1.2',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'A listener security policy that accepts TLS 1.0 or 1.1 lets old clients, or an attacker forcing a downgrade, use protocol versions and cipher suites with known weaknesses (RFC 8996).',
    remediation: `Set \`SslPolicy: ${RECOMMENDED}\` (TLS 1.2 and 1.3) on HTTPS and TLS listeners.`,
    equivalents: ['CKV_AWS_103'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-326',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-listener.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      outdatedPolicy: '{{protocol}} listener {{resource}} accepts TLS below 1.2: SslPolicy is {{value}}{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::ElasticLoadBalancingV2::Listener') checkListener(context, resource);
    }
  },
});

function checkListener(context: RuleContext, resource: CfnResource): void {
  const { model } = context;
  const protocol = propertyOutcomes(model, resource, ['Protocol'])
    .map((outcome) => ({ name: textOf(outcome)?.toUpperCase(), when: outcome.when }))
    .find((outcome) => outcome.name === 'HTTPS' || outcome.name === 'TLS');
  if (!protocol) return;
  const outdated = propertyOutcomes(model, resource, ['SslPolicy']).find((outcome) => outcome.state === 'known' && (outcome.value === null || OUTDATED.test(String(outcome.value))));
  if (!outdated) return;
  const edit = setPropertyEdit(model.document, resource, ['SslPolicy'], RECOMMENDED);
  context.report({
    messageId: 'outdatedPolicy',
    data: {
      protocol: protocol.name!,
      resource: resource.logicalId,
      value: textOf(outdated) ?? 'not set (CloudFormation then uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0)',
      when: describeWhen([...protocol.when, ...outdated.when]),
    },
    node: propertyEntry(resource, ['SslPolicy']) ?? reportNode(resource, ['Protocol']),
    resource: resource.logicalId,
    fixes: edit ? [{ title: `Use ${RECOMMENDED}`, edits: [edit] }] : [],
  });
}
