/**
 * A role that a function uses (or any role in the template) with an
 * administrator-class AWS managed policy attached: AdministratorAccess, or
 * IAMFullAccess and PowerUserAccess, which are one step from it. Matches ARNs
 * in any partition, `!Sub`/`Fn::Join` ARNs whose only unknown is the
 * partition, and SAM's bare policy names. Customer managed policies that
 * merely share the name are not AWS's and are not reported. A policy attached
 * on one branch of an `Fn::If` only is reported with that branch's conditions.
 */
import { defineRule } from '../../server/src/engine';
import type { ManagedPolicyAttachment } from '../../server/src/engine/model/types';
import { describeWhen, type Outcome } from '../../server/src/engine/resolve/resolver';
import { managedPolicyChecks } from './support/managed-policy-checks';
import { attachmentHolder as holderOf } from './support/holder';

/** What each administrator-class AWS managed policy amounts to, for the message. */
const ADMIN_CLASS_POLICIES: Record<string, { messageId: 'administrator' | 'nearAdministrator'; why?: string }> = {
  AdministratorAccess: { messageId: 'administrator' },
  IAMFullAccess: {
    messageId: 'nearAdministrator',
    why: 'can create and attach any IAM policy, its own role included, so it is one call away from administrator access',
  },
  PowerUserAccess: {
    messageId: 'nearAdministrator',
    why: "allows every action of every service except IAM, Organizations and account management: all data, all secrets, and every other function's code",
  },
};

/**
 * An AWS managed policy ARN (account `aws`, no path), in any partition. The
 * partition may be an unresolved placeholder (`${AWS::Partition}` left by
 * `!Sub` or `Fn::Join`, `${?}`): the policy it names is the same.
 */
const AWS_MANAGED_POLICY_ARN = /^arn:(?:aws(?:-[a-z]+)*|\$\{[^}]*\}):iam::aws:policy\/([A-Za-z0-9+=,.@_-]+)$/;

export default defineRule({
  meta: {
    id: 'iam-admin-managed-policy',
    title: 'Administrator-class AWS managed policy attached',
    category: 'iam',
    severity: 'error',
    confidence: 'high',
    description:
      'AdministratorAccess lets the role do anything in the account. IAMFullAccess can grant itself the same, and PowerUserAccess reaches every service but IAM, including the code of every other function. A function holding one of them turns any code execution flaw into an account takeover.',
    remediation:
      'Detach the policy and grant the actions the function calls on the resources it uses (`iamRoleStatements`, SAM policy templates such as `DynamoDBCrudPolicy`, or an inline policy). IAM Access Analyzer can generate a policy from CloudTrail activity.',
    // Each check reads the managed policies of some IAM resources only (support/managed-policy-checks.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_274', 'W43', 'AwsSolutions-IAM4'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-250',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html',
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/IAMFullAccess.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      administrator: '{{holder}} {{has}} the AWS managed policy AdministratorAccess{{when}}: every action on every resource in the account.',
      nearAdministrator: '{{holder}} {{has}} the AWS managed policy {{policy}}{{when}}, which {{why}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    for (const attachment of context.model.managedPolicies) {
      const found = adminClassPolicyOf(context.model.resolver.outcomes(attachment.node), attachment);
      if (!found) continue;
      const { messageId, why } = ADMIN_CLASS_POLICIES[found.policy];
      // The attachment's own conditions (an `Fn::If` around it or its list), then those of the value's branch.
      const when = describeWhen([...(attachment.when ?? []), ...found.when]);
      context.report({
        messageId,
        data: { holder: holderOf(attachment), has: attachment.functions.length > 1 ? 'have' : 'has', policy: found.policy, why: why ?? '', when },
        node: attachment.node,
        resource: attachment.resource,
        equivalents: managedPolicyChecks(context.model, attachment),
      });
    }
  },
});

/**
 * The administrator-class policy an attachment names in any of its outcomes (`Fn::If` branches), if any,
 * and the conditions it is named under: none when every outcome names the same policy.
 */
function adminClassPolicyOf(outcomes: Outcome[], attachment: ManagedPolicyAttachment): { policy: string; when: Outcome['when'] } | undefined {
  const names = outcomes.map((outcome) => adminClassPolicyName(outcome, attachment));
  const index = names.findIndex((name) => name !== undefined);
  if (index < 0) return undefined;
  const policy = names[index]!;
  return { policy, when: names.every((name) => name === policy) ? [] : outcomes[index].when };
}

function adminClassPolicyName(outcome: Outcome, attachment: ManagedPolicyAttachment): string | undefined {
  const text = outcome.state === 'known' && typeof outcome.value === 'string' ? outcome.value : outcome.state === 'partial' ? outcome.text : undefined;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  // SAM turns a bare name into the AWS managed policy's ARN; elsewhere a bare name is not a valid ARN.
  const name = AWS_MANAGED_POLICY_ARN.exec(trimmed)?.[1] ?? (attachment.origin === 'sam-policies' && outcome.state === 'known' ? trimmed : undefined);
  return name !== undefined && Object.hasOwn(ADMIN_CLASS_POLICIES, name) ? name : undefined;
}
