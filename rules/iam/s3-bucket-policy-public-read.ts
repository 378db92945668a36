/**
 * A bucket policy that lets everyone on the internet read every object
 * (`Principal: '*'`, `s3:GetObject`, no restricting condition): the shape of
 * a static website bucket. Often deliberate, so it is advice (info) naming the
 * bucket, not an error; any wider public grant is `resource-policy-public`.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { hasRestrictingCondition, policyTargetLabel, publicPrincipalOf } from './support/public-principal';
import { isPublicObjectReadOnly } from './support/s3-public-read';

export default defineRule({
  meta: {
    id: 's3-bucket-policy-public-read',
    title: 'Bucket policy lets anyone read every object',
    category: 'iam',
    severity: 'info',
    confidence: 'medium',
    description:
      "Principal '*' with s3:GetObject makes every object of the bucket readable by anonymous requests. That is how a static website without CloudFront is served, and a data leak for any other bucket.",
    remediation:
      'Serve the site through CloudFront with origin access control and keep the bucket private (Block Public Access on). If the bucket must stay public, keep only public files in it.',
    // CKV_AWS_70 reads Terraform aws_s3_bucket and aws_s3_bucket_policy only (checkov/terraform/checks/resource/aws/): never a template.
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-200',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteAccessPermissionsReqd.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicRead: 'Anyone on the internet can read every object of bucket {{bucket}} (policy {{policy}}: Principal * with {{actions}}){{when}}. Fine for a public website; make sure nothing private is ever stored there, or serve it through CloudFront with origin access control.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.origin !== 'resource-policy' || statement.resourcePolicy?.service !== 's3') continue;
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || principal.form === 'not-principal' || hasRestrictingCondition(statement, resolver)) continue;
      if (!isPublicObjectReadOnly(statement, resolver)) continue;
      context.report({
        messageId: 'publicRead',
        data: {
          bucket: policyTargetLabel(statement, context.model.resources, resolver),
          policy: statement.resource,
          actions: statement.actions.map((action) => resolver.display(resolver.resolve(action))).join(', '),
          when: describeWhen(principal.when),
        },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: statement.resource,
      });
    }
  },
});
