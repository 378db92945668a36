/**
 * CloudFront custom origins fetched over plain HTTP
 * (`CustomOriginConfig.OriginProtocolPolicy: http-only`). S3 website
 * endpoints are left out: they only speak HTTP, and the remedy there is a
 * different origin type, not this setting.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type RuleContext } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, oneOrMany, valueOf } from '../../server/src/engine/parse/tree';
import { nodesAt, textOf } from './support/values';

export default defineRule({
  meta: {
    id: 'cloudfront-origin-http-only',
    title: 'CloudFront fetches a custom origin over plain HTTP',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'With `OriginProtocolPolicy: http-only`, CloudFront forwards every request (headers, cookies, bodies) to the origin and receives its responses in clear text, across the internet for origins outside AWS, even when viewers use HTTPS.',
    remediation: 'Serve the origin over HTTPS with a certificate for its domain name, and set `OriginProtocolPolicy: https-only`.',
    // CKV2_AWS_72 (CloudFormation graph check CloudfrontOriginNotHTTPSOnly.yaml) passes a distribution whose Enabled is
    // false, that has no CustomOriginConfig, or whose origins not on https-only have no DomainName containing `.elb.`,
    // `.mediastore.` or `.mediapackage.`: named only on an http-only origin with such a written domain name.
    equivalents: ['CloudFront.9'],
    findingEquivalents: ['CKV2_AWS_72'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-9',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-customoriginconfig.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      httpOnly: 'CloudFront distribution {{resource}} fetches origin {{origin}} over plain HTTP: OriginProtocolPolicy is http-only{{when}}.',
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
  for (const origins of nodesAt(model, resource.properties ?? null, ['DistributionConfig', 'Origins'])) {
    for (const item of oneOrMany(origins.node)) {
      for (const origin of model.resolver.branches(item, origins.when)) {
        if (!isMap(origin.node)) continue;
        const entry = entryOf(valueOf(origin.node, 'CustomOriginConfig'), 'OriginProtocolPolicy');
        if (!entry) continue;
        const bad = model.resolver.outcomes(entry.value).find((outcome) => textOf(outcome)?.toLowerCase() === 'http-only');
        if (!bad) continue;
        const domain = model.resolver.resolve(valueOf(origin.node, 'DomainName'));
        const domainText = domain.state === 'known' ? String(domain.value) : domain.state === 'partial' ? domain.text : '';
        // S3 website endpoints serve HTTP only; the fix there is an S3 REST origin with origin access control.
        if (/s3-website[.-]/i.test(domainText)) continue;
        const id = textOf({ ...model.resolver.resolve(valueOf(origin.node, 'Id')), when: [] });
        const value = entry.value;
        context.report({
          messageId: 'httpOnly',
          data: { resource: resource.logicalId, origin: id ?? model.resolver.display(domain), when: describeWhen([...origin.when, ...bad.when]) },
          node: entry,
          resource: resource.logicalId,
          equivalents: origin.when.length === 0 && bad.when.length === 0 && /\.(elb|mediastore|mediapackage)\./.test(domainText) && domain.state === 'known' && textOf({ ...model.resolver.resolve(valueOf(valueOf(resource.properties ?? null, 'DistributionConfig'), 'Enabled')), when: [] })?.toLowerCase() !== 'false' ? ['CKV2_AWS_72'] : [],
          fixes: value && value.kind === 'scalar' ? [{ title: 'Fetch the origin over HTTPS only', edits: [replaceNode(value, valueText(model.document, value, 'https-only'))] }] : [],
        });
      }
    }
  }
}
