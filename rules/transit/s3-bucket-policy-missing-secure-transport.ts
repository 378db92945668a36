/**
 * S3 bucket policies without the HTTPS-only statement (a `Deny` on
 * `aws:SecureTransport: false`): S3 answers plain-HTTP requests unless the
 * bucket policy refuses them. Reported per `AWS::S3::BucketPolicy`; buckets
 * without any policy are not reported (see the doc for why). The fix appends
 * the statement AWS documents.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import type { PlainValue } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { CfnResource } from '../../server/src/engine/model/types';
import { valueOf } from '../../server/src/engine/parse/tree';
import { appendMapItem, SECURE_TRANSPORT_CONDITION, secureTransportVerdict, statementList } from './support/secure-transport';
import { reportNode } from './support/values';

export default defineRule({
  meta: {
    id: 's3-bucket-policy-missing-secure-transport',
    title: 'S3 bucket policy does not require HTTPS',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'S3 serves plain-HTTP requests too. Unless the bucket policy denies requests without TLS, a client or tool configured with an http:// endpoint sends signed requests and object contents in clear text.',
    remediation:
      'Add a statement to the bucket policy: `Effect: Deny`, `Principal: "*"`, `Action: "s3:*"`, the bucket and `bucket/*` as `Resource`, and `Condition: { Bool: { aws:SecureTransport: "false" } }`.',
    // Security Hub judges the deployed bucket's policy, whatever wrote it; cdk-nag a bucket of the template (s10Equivalents).
    equivalents: ['S3.5'],
    findingEquivalents: ['AwsSolutions-S10'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit',
      'https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingDeny: 'Bucket policy {{resource}} ({{bucket}}) does not refuse plain-HTTP requests: it has no Deny statement on aws:SecureTransport false{{when}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type !== 'AWS::S3::BucketPolicy') continue;
      const verdict = secureTransportVerdict(context.model, resource);
      if (verdict.state !== 'missing') continue;
      context.report({
        messageId: 'missingDeny',
        data: { resource: resource.logicalId, bucket: bucketLabel(context, resource), when: describeWhen(verdict.when) },
        node: reportNode(resource, ['PolicyDocument']),
        resource: resource.logicalId,
        fixes: denyFix(context, resource),
        equivalents: s10Equivalents(context, resource),
      });
    }
  },
});

/**
 * cdk-nag's AwsSolutions-S10 (src/rules/s3/S3BucketSSLRequestsOnly.ts) judges each `CfnBucket`: compliant when a
 * `CfnBucketPolicy` whose `Bucket` resolves to it holds the HTTPS-only Deny. The finding names it when its policy's
 * bucket is an `AWS::S3::Bucket` of this template (by `Ref`) that no other bucket policy protects; serverless.yml is
 * not read.
 */
function s10Equivalents(context: RuleContext, policy: CfnResource): string[] {
  const { model } = context;
  if (model.kind === 'serverless') return [];
  const bucketId = referencedLogicalId(valueOf(policy.properties, 'Bucket'));
  if (!model.resources.some((resource) => resource.logicalId === bucketId && resource.type === 'AWS::S3::Bucket')) return [];
  const protectedByAnother = model.resources.some(
    (other) => other !== policy && other.type === 'AWS::S3::BucketPolicy' && referencedLogicalId(valueOf(other.properties, 'Bucket')) === bucketId && secureTransportVerdict(model, other).state !== 'missing',
  );
  return protectedByAnother ? [] : ['AwsSolutions-S10'];
}

function bucketLabel(context: RuleContext, policy: CfnResource): string {
  const bucket = valueOf(policy.properties, 'Bucket');
  const id = referencedLogicalId(bucket);
  if (id) return `bucket ${id}`;
  return `bucket ${context.model.resolver.display(context.model.resolver.resolve(bucket))}`;
}

/** Appends AWS's HTTPS-only statement, for a policy on a bucket of this template (its ARN by `Fn::GetAtt`). */
function denyFix(context: RuleContext, policy: CfnResource): Fix[] {
  const { model } = context;
  const bucketId = referencedLogicalId(valueOf(policy.properties, 'Bucket'));
  const bucket = model.resources.find((resource) => resource.logicalId === bucketId && resource.type === 'AWS::S3::Bucket');
  const list = statementList(policy);
  if (!bucket || !list) return [];
  const arn: PlainValue = { 'Fn::GetAtt': [bucket.logicalId, 'Arn'] };
  const statement: Record<string, PlainValue> = {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
    Condition: SECURE_TRANSPORT_CONDITION,
  };
  const id = bucket.logicalId;
  const yaml = {
    block: (unit: string) => [
      'Sid: DenyInsecureTransport',
      'Effect: Deny',
      "Principal: '*'",
      "Action: 's3:*'",
      'Resource:',
      `${unit}- !GetAtt ${id}.Arn`,
      `${unit}- !Join ['', [!GetAtt ${id}.Arn, '/*']]`,
      'Condition:',
      `${unit}Bool:`,
      `${unit}${unit}aws:SecureTransport: 'false'`,
    ],
    flow: `{ Sid: DenyInsecureTransport, Effect: Deny, Principal: '*', Action: 's3:*', Resource: [!GetAtt ${id}.Arn, !Join ['', [!GetAtt ${id}.Arn, '/*']]], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }`,
  };
  return [{ title: 'Deny requests that do not use HTTPS', edits: [appendMapItem(model.document, list, statement, yaml)] }];
}
