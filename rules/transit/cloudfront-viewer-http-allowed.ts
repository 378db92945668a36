/**
 * CloudFront cache behaviors with `ViewerProtocolPolicy: allow-all`: viewers
 * can fetch (and, for dynamic origins, post) over plain HTTP. Each behavior
 * is read, the default one and every entry of `CacheBehaviors`, through
 * `Fn::If` branches; the fix redirects HTTP to HTTPS.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, oneOrMany, scalarText, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { nodesAt, textOf } from './support/values';

export default defineRule({
  meta: {
    id: 'cloudfront-viewer-http-allowed',
    title: 'CloudFront behavior serves plain HTTP',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'With `ViewerProtocolPolicy: allow-all`, viewers can load pages, scripts and API responses over plain HTTP, where anyone on the network path can read or rewrite them and steal cookies sent with the request.',
    remediation: 'Set `ViewerProtocolPolicy: redirect-to-https` (browsers) or `https-only` (API clients) on the default cache behavior and on every entry of `CacheBehaviors`.',
    // Checkov's CKV_AWS_34 (CloudfrontDistributionEncryption.py) reads the written DefaultCacheBehavior and the
    // items of a written CacheBehaviors list, and fails a ViewerProtocolPolicy equal to the text allow-all; an
    // intrinsic anywhere on that path passes (or gives no verdict). Named per finding.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_34'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-cachebehavior.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      allowAll: 'CloudFront distribution {{resource}} serves {{behavior}} over plain HTTP: ViewerProtocolPolicy is allow-all{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::CloudFront::Distribution') checkDistribution(context, resource);
    }
  },
});

function checkDistribution(context: RuleContext, resource: CfnResource): void {
  const { model } = context;
  const properties = resource.properties ?? null;
  for (const config of nodesAt(model, properties, ['DistributionConfig'])) {
    if (!isMap(config.node)) continue;
    for (const branch of model.resolver.branches(valueOf(config.node, 'DefaultCacheBehavior'), config.when)) {
      checkBehavior(context, resource, branch.node, 'the default cache behavior', branch.when);
    }
    for (const list of model.resolver.branches(valueOf(config.node, 'CacheBehaviors'), config.when)) {
      for (const item of oneOrMany(list.node)) {
        for (const branch of model.resolver.branches(item, list.when)) {
          const pattern = scalarText(valueOf(branch.node, 'PathPattern'));
          checkBehavior(context, resource, branch.node, pattern ? `cache behavior ${pattern}` : 'a cache behavior', branch.when);
        }
      }
    }
  }
}

function checkBehavior(context: RuleContext, resource: CfnResource, behavior: SourceNode | null | undefined, label: string, when: ConditionAssumption[]): void {
  const entry = entryOf(behavior, 'ViewerProtocolPolicy');
  if (!entry) return;
  const bad = context.model.resolver.outcomes(entry.value).find((outcome) => textOf(outcome)?.toLowerCase() === 'allow-all');
  if (!bad) return;
  const value = entry.value;
  context.report({
    messageId: 'allowAll',
    data: { resource: resource.logicalId, behavior: label, when: describeWhen([...when, ...bad.when]) },
    node: entry,
    resource: resource.logicalId,
    fixes: value && value.kind === 'scalar' ? [{ title: 'Redirect HTTP to HTTPS', edits: [replaceNode(value, valueText(context.model.document, value, 'redirect-to-https'))] }] : [],
    // Written all the way (no branch of an intrinsic on the path) and the exact text, as Checkov compares it.
    equivalents: when.length === 0 && value?.kind === 'scalar' && value.value === 'allow-all' ? ['CKV_AWS_34'] : [],
  });
}
