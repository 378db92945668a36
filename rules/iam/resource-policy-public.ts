/**
 * A resource-based policy (S3 bucket policy, SQS queue policy, SNS topic
 * policy, KMS key policy, Secrets Manager resource policy) with an Allow
 * statement for `Principal: '*'` or `AWS: '*'` and no condition tying the
 * caller to an account, an organisation, a source or a network. Deny
 * statements (`aws:SecureTransport` guards) are never reported, and a bucket
 * policy that only lets everyone read objects is left to
 * `s3-bucket-policy-public-read`, which reports it as the deliberate choice
 * it usually is.
 */
import { defineRule } from '../../server/src/engine';
import type { IamStatement, ResourcePolicyService } from '../../server/src/engine/model/types';
import { describeWhen, type Resolver } from '../../server/src/engine/resolve/resolver';
import { hasRestrictingCondition, publicPrincipalOf } from './support/public-principal';
import { isPublicObjectReadOnly } from './support/s3-public-read';

const WHAT: Record<Exclude<ResourcePolicyService, 'iam-role-trust'>, string> = {
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  kms: 'KMS key',
  secretsmanager: 'secret',
};

export default defineRule({
  meta: {
    id: 'resource-policy-public',
    title: 'Resource policy allows any principal',
    category: 'iam',
    severity: 'error',
    confidence: 'high',
    description:
      "A bucket, queue, topic, KMS key or secret policy that allows Principal '*' without a restricting condition opens the resource to every AWS account (and, for S3, to anonymous requests): anyone can read, write or use it within the allowed actions.",
    remediation:
      'Name the principals (an account, a role, a service such as events.amazonaws.com), or keep * only with a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or kms:CallerAccount.',
    equivalents: ['CKV_AWS_33', 'CKV_AWS_70'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-284',
      'CWE-732',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicPrincipal: "The policy {{policy}} lets any AWS principal, in any account, {{actions}} on {{what}} {{target}}: it allows Principal {{principal}} without a condition on the caller's account, organisation or source{{when}}.",
      notPrincipal: 'The policy {{policy}} lets every principal except the listed ones {{actions}} on {{what}} {{target}}: it allows with NotPrincipal{{when}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      const service = statement.resourcePolicy?.service;
      if (statement.origin !== 'resource-policy' || !service || service === 'iam-role-trust') continue;
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || hasRestrictingCondition(statement, resolver)) continue;
      if (service === 's3' && principal.form !== 'not-principal' && isPublicObjectReadOnly(statement, resolver)) continue;
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipal' : 'publicPrincipal',
        data: {
          policy: statement.resource,
          actions: actionSummary(statement, resolver),
          what: WHAT[service],
          target: statement.resourcePolicy?.targets.join(', ') || '(unknown)',
          principal: principal.form === 'star' ? "'*'" : "{ AWS: '*' }",
          when: describeWhen(principal.when),
        },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: statement.resource,
      });
    }
  },
});

/** `call s3:GetObject, s3:PutObject` or `call every action except ...`, for the message. */
function actionSummary(statement: IamStatement, resolver: Resolver): string {
  const texts = statement.actions.map((action) => resolver.display(resolver.resolve(action)));
  if (statement.isNotAction) return `call every action except ${texts.join(', ')}`;
  if (texts.length === 0) return 'act';
  const shown = texts.length > 3 ? `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more` : texts.join(', ');
  return `call ${shown}`;
}
