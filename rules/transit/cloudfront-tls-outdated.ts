/**
 * CloudFront distributions whose viewers can negotiate TLS below 1.2: a
 * custom certificate with `MinimumProtocolVersion` below `TLSv1.2_2018`
 * (absent means TLSv1), or the default `*.cloudfront.net` certificate, for
 * which CloudFront always uses the TLSv1 policy whatever the template says.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type RuleContext } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { booleanOf, nodesAt, textOf } from './support/values';

const OUTDATED = /^(SSLv3|TLSv1|TLSv1_2016|TLSv1\.1_2016)$/i;
const RECOMMENDED = 'TLSv1.2_2021';

export default defineRule({
  meta: {
    id: 'cloudfront-tls-outdated',
    title: 'CloudFront accepts TLS below 1.2',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'A distribution whose security policy allows SSLv3, TLS 1.0 or TLS 1.1 lets clients (or an attacker forcing a downgrade) use protocol versions with known weaknesses, deprecated by RFC 8996.',
    remediation:
      'Serve the distribution on your own domain with an ACM certificate, `SslSupportMethod: sni-only` and `MinimumProtocolVersion: TLSv1.2_2021`; the default *.cloudfront.net certificate always allows TLS 1.0.',
    // Each reads the written ViewerCertificate differently, none decides a condition, and only Checkov reads
    // serverless.yml: a finding names those that fail it (tlsEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_174', 'AwsSolutions-CFR4', 'W70'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-326',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-viewercertificate.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      outdatedPolicy: 'CloudFront distribution {{resource}} accepts viewers below TLS 1.2: MinimumProtocolVersion is {{value}}{{when}}.',
      defaultCertificate:
        'CloudFront distribution {{resource}} uses the default *.cloudfront.net certificate{{when}}, for which CloudFront always accepts TLS 1.0: serve it on your own domain with an ACM certificate and a TLS 1.2 policy.',
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

/**
 * The checks that fail the written `ViewerCertificate` (undefined when there is none), read from their source:
 * - Checkov `CKV_AWS_174` (CloudFrontTLS12.py): fails unless `CloudFrontDefaultCertificate` is not the boolean
 *   true and `MinimumProtocolVersion` is a string matching `TLSv1.2_<year>` or `TLSv1.3_<year>`;
 * - cfn_nag `W70` (CloudfrontMinimumProtocolVersionRule.rb): fails no certificate, a version absent or a string not
 *   starting with `TLSv1.2`, or a truthy `CloudFrontDefaultCertificate`;
 * - cdk-nag `AwsSolutions-CFR4` (CloudFrontDistributionHttpsViewerNoOutdatedSSL.ts): fails no certificate, the
 *   default one (boolean true), an `SslSupportMethod` absent or `vip`, a version absent or `SSLv3`, `TLSv1` or
 *   `TLSv1_2016`: it passes `TLSv1.1_2016`, which we report.
 * A finding under a condition names none; in a serverless.yml only Checkov's.
 */
function tlsEquivalents(context: RuleContext, when: readonly unknown[], certificate: SourceNode | undefined): string[] {
  if (when.length > 0) return [];
  const version = scalarOrUndefined(valueOf(certificate, 'MinimumProtocolVersion'));
  const usesDefault = scalarValue(valueOf(certificate, 'CloudFrontDefaultCertificate'));
  const checks: string[] = [];
  if (certificate === undefined || usesDefault === true || typeof version !== 'string' || !/^TLSv1\.(?:2|3)_\d{4}$/.test(version)) checks.push('CKV_AWS_174');
  if (context.model.kind === 'serverless') return checks;
  if (certificate === undefined || version === undefined || (typeof version === 'string' && !version.startsWith('TLSv1.2')) || (usesDefault !== undefined && usesDefault !== null && usesDefault !== false)) checks.push('W70');
  const support = scalarValue(valueOf(certificate, 'SslSupportMethod'));
  const isOutdatedForCdkNag = typeof version === 'string' && ['sslv3', 'tlsv1', 'tlsv1_2016'].includes(version.toLowerCase());
  if (certificate === undefined || usesDefault === true || support === undefined || String(support).toLowerCase() === 'vip' || version === undefined || isOutdatedForCdkNag) checks.push('AwsSolutions-CFR4');
  return checks;
}

/** A written scalar's value (null for an empty one), or undefined when absent; an intrinsic counts as a non-string value. */
function scalarValue(node: SourceNode | null | undefined): string | number | boolean | null | undefined | object {
  if (node === undefined) return undefined;
  if (node === null) return null;
  return isScalar(node) ? node.value : node;
}

function scalarOrUndefined(node: SourceNode | null | undefined): unknown {
  const value = scalarValue(node);
  return value === null ? undefined : value;
}

function checkDistribution(context: RuleContext, resource: CfnResource): void {
  const { model } = context;
  for (const config of nodesAt(model, resource.properties ?? null, ['DistributionConfig'])) {
    if (!isMap(config.node)) continue;
    const configEntry = entryOf(resource.properties, 'DistributionConfig');
    for (const certificate of model.resolver.branches(valueOf(config.node, 'ViewerCertificate'), config.when)) {
      if (certificate.node === null || certificate.node === undefined) {
        context.report({ messageId: 'defaultCertificate', data: { resource: resource.logicalId, when: describeWhen(certificate.when) }, node: configEntry ?? { range: resource.keyRange }, resource: resource.logicalId, equivalents: tlsEquivalents(context, certificate.when, undefined) });
        return;
      }
      if (!isMap(certificate.node)) continue;
      const usesDefault = model.resolver.outcomes(valueOf(certificate.node, 'CloudFrontDefaultCertificate')).find((outcome) => booleanOf(outcome) === true);
      const hasCustom = ['AcmCertificateArn', 'IamCertificateId'].some((key) => entryOf(certificate.node, key));
      if (usesDefault && !hasCustom) {
        const entry = entryOf(certificate.node, 'CloudFrontDefaultCertificate')!;
        context.report({ messageId: 'defaultCertificate', data: { resource: resource.logicalId, when: describeWhen([...certificate.when, ...usesDefault.when]) }, node: entry, resource: resource.logicalId, equivalents: tlsEquivalents(context, [...certificate.when, ...usesDefault.when], certificate.node) });
        return;
      }
      if (!hasCustom) continue;
      const versionEntry = entryOf(certificate.node, 'MinimumProtocolVersion');
      const outdated = model.resolver.outcomes(versionEntry?.value).find((outcome) => outcome.state === 'known' && (outcome.value === null || OUTDATED.test(String(outcome.value))));
      if (!outdated) continue;
      const value = versionEntry?.value;
      context.report({
        messageId: 'outdatedPolicy',
        data: { resource: resource.logicalId, value: textOf(outdated) ?? 'not set (TLSv1 by default)', when: describeWhen([...certificate.when, ...outdated.when]) },
        node: versionEntry ?? entryOf(config.node, 'ViewerCertificate') ?? { range: resource.keyRange },
        resource: resource.logicalId,
        fixes: value && value.kind === 'scalar' ? [{ title: `Use ${RECOMMENDED}`, edits: [replaceNode(value, valueText(model.document, value, RECOMMENDED))] }] : [],
        equivalents: tlsEquivalents(context, [...certificate.when, ...outdated.when], certificate.node),
      });
      return;
    }
  }
}
