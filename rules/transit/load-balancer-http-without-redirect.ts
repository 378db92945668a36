/**
 * Elastic Load Balancing v2 listeners on plain HTTP whose default action does
 * not redirect to HTTPS: the application (often a Lambda target) is served
 * in clear text. `Fn::If` around the actions is followed branch by branch;
 * actions that cannot be read keep the rule silent.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { intrinsicName, isMap, isScalar, isSeq, oneOrMany, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { nodesAt, propertyOutcomes, reportNode, textOf } from './support/values';

const KICS_ALB_HTTP = 'KICS:275a3217-ca37-40c1-a6cf-bb57d245ab32';

export default defineRule({
  meta: {
    id: 'load-balancer-http-without-redirect',
    title: 'Load balancer listener serves plain HTTP',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'An HTTP listener that forwards requests (instead of redirecting them to HTTPS) serves the application in clear text: requests, responses, cookies and tokens can be read and altered on the network.',
    remediation:
      'Serve the application on an HTTPS listener with an ACM certificate, and make the HTTP listener\'s default action a `redirect` with `RedirectConfig: { Protocol: HTTPS, Port: "443", StatusCode: HTTP_301 }`.',
    // Checkov's CKV_AWS_2 (ALBListenerHTTPS.py) and CKV_AWS_103 (ALBListenerTLS12.py) fail a listener whose
    // Protocol is written as HTTP and whose default actions do not redirect to HTTPS. An `Fn::If` is a dict to
    // them, not HTTP: a finding that holds under a condition names neither.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_2', 'CKV_AWS_103', KICS_ALB_HTTP],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html',
      'https://repost.aws/knowledge-center/elb-redirect-http-to-https-using-alb',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-listener.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      httpWithoutRedirect: 'Listener {{resource}} serves plain HTTP: its default action does not redirect to HTTPS{{when}}.',
    },
    fix: 'none',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::ElasticLoadBalancingV2::Listener') checkListener(context, resource);
    }
  },
});

function checkListener(context: RuleContext, resource: CfnResource): void {
  const { model } = context;
  for (const protocol of propertyOutcomes(model, resource, ['Protocol'])) {
    if (textOf(protocol)?.toUpperCase() !== 'HTTP') continue;
    const verdicts = nodesAt(model, resource.properties ?? null, ['DefaultActions']).map((actions) => redirectsToHttps(context, actions.node, [...protocol.when, ...actions.when]));
    // `DefaultActions: !If [IsHttps, [redirect], [forward]]`: HTTPS is a deploy-time choice of the template (see below).
    if (verdicts.some((verdict) => verdict.state === 'yes') && verdicts.some((verdict) => verdict.state === 'no')) return;
    const plain = verdicts.find((verdict) => verdict.state === 'no');
    if (plain) {
      context.report({
        messageId: 'httpWithoutRedirect',
        data: { resource: resource.logicalId, when: describeWhen(plain.when) },
        node: reportNode(resource, ['Protocol']),
        resource: resource.logicalId,
        equivalents: [
          ...(plain.when.length === 0 && isWrittenHttp(resource) ? ['CKV_AWS_2', 'CKV_AWS_103'] : []),
          ...(model.kind !== 'serverless' && isWrittenHttp(resource) && !hasRedirectAction(resource) ? [KICS_ALB_HTTP] : []),
        ],
      });
      return;
    }
  }
}

/** Whether a list of actions (on every branch) redirects to HTTPS: `no` names the branch where it does not. */
function redirectsToHttps(context: RuleContext, actions: SourceNode | null | undefined, when: ConditionAssumption[]): { state: 'yes' | 'no' | 'unknown'; when: ConditionAssumption[] } {
  const { resolver } = context.model;
  if (actions === undefined) return { state: 'unknown', when };
  // No DefaultActions at all: the listener cannot redirect anything.
  if (actions === null) return { state: 'no', when };
  let plain: ConditionAssumption[] | undefined;
  let anyBranchRedirects = false;
  for (const list of resolver.branches(actions, when)) {
    if (list.node && !isSeq(list.node) && intrinsicName(list.node)) return { state: 'unknown', when };
    let isUnknown = false;
    let isRedirect = false;
    for (const item of oneOrMany(list.node)) {
      for (const action of resolver.branches(item, list.when)) {
        if (!isMap(action.node) || intrinsicName(action.node)) {
          isUnknown = true;
          continue;
        }
        const type = resolver.outcomes(valueOf(action.node, 'Type'));
        if (type.some((outcome) => outcome.state !== 'known')) isUnknown = true;
        if (!type.every((outcome) => textOf(outcome)?.toLowerCase() === 'redirect')) continue;
        const target = resolver.outcomes(valueOf(valueOf(action.node, 'RedirectConfig'), 'Protocol'));
        if (target.some((outcome) => outcome.state !== 'known')) isUnknown = true;
        else if (target.every((outcome) => textOf(outcome)?.toUpperCase() === 'HTTPS')) isRedirect = true;
      }
    }
    if (isRedirect) anyBranchRedirects = true;
    if (!isRedirect && !isUnknown) plain ??= list.when;
  }
  // `DefaultActions: !If [IsHttps, [redirect], [forward]]` makes HTTPS a deploy-time choice (no certificate in
  // some environments, so nothing to redirect to there): the template does redirect wherever HTTPS exists.
  // Checkov leaves such listeners without a verdict too; we stay silent rather than guess the environment.
  if (plain && anyBranchRedirects) return { state: 'unknown', when };
  if (plain) return { state: 'no', when: plain };
  return { state: 'yes', when };
}

/**
 * KICS's "ALB Listening on HTTP" (assets/queries/cloudFormation/aws/alb_listening_on_http/query.rego) reads listeners of
 * a document's top-level `Resources`: the version read fails every `AWS::ElasticLoadBalancingV2::Listener` whose
 * `Protocol == "HTTP"` (the text exactly), a redirect included; a later version's fixture (`test/negative3.yaml`) passes
 * an HTTP listener whose default action redirects to HTTPS. Named where both fail: `Protocol` written `HTTP` and no
 * default action of type `redirect` at all (an intrinsic `DefaultActions`, or one that is not a list, is not known to
 * have none). Not serverless.yml. `KICS_ALB_HTTP` is declared with the imports.
 */
function hasRedirectAction(resource: CfnResource): boolean {
  const actions = valueOf(resource.properties, 'DefaultActions');
  if (actions === undefined || actions === null) return false;
  if (!isSeq(actions)) return true;
  return seqItems(actions).some((action) => !isMap(action) || intrinsicName(action) !== undefined || /^redirect$/i.test(String(scalarValue(valueOf(action, 'Type')))));
}

function scalarValue(node: SourceNode | null | undefined): unknown {
  return node && isScalar(node) ? node.value : undefined;
}

/** `Protocol: HTTP` written as such (Checkov compares the raw value; an intrinsic is not HTTP to it). */
function isWrittenHttp(resource: CfnResource): boolean {
  const protocol = valueOf(resource.properties, 'Protocol');
  return isScalar(protocol) && protocol.value === 'HTTP';
}
