/**
 * A role whose trust policy (AssumeRolePolicyDocument) lets any AWS principal
 * assume it: `Principal: '*'` or `AWS: '*'` on an Allow statement, with no
 * Condition that ties the caller to an account, an organisation or a source.
 * Deny statements and service or account principals are not reported.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { hasRestrictingCondition, publicPrincipalOf } from './support/public-principal';

export default defineRule({
  meta: {
    id: 'iam-trust-policy-public',
    title: 'IAM role can be assumed by any AWS account',
    category: 'iam',
    severity: 'error',
    confidence: 'high',
    description:
      "A trust policy with Principal '*' (or AWS '*') and no restricting condition lets any IAM user or role in any AWS account call sts:AssumeRole on this role and act with all of its permissions.",
    remediation:
      "Name the principals that may assume the role (a service such as lambda.amazonaws.com, or an account ARN), or keep '*' only with a condition such as aws:PrincipalOrgID or aws:PrincipalAccount.",
    equivalents: ['CKV_AWS_60'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-284',
      'CWE-732',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicTrust: "Role {{role}} can be assumed by any AWS principal in any account: its trust policy allows Principal {{principal}} without a condition on the caller's account or organisation{{when}}.",
      notPrincipalTrust: 'Role {{role}} can be assumed by every AWS principal except the listed ones: its trust policy allows with NotPrincipal{{when}}.',
    },
    fix: 'none',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.origin !== 'resource-policy' || statement.resourcePolicy?.service !== 'iam-role-trust') continue;
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || hasRestrictingCondition(statement, resolver)) continue;
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipalTrust' : 'publicTrust',
        data: { role: statement.resource, principal: principal.form === 'star' ? "'*'" : "{ AWS: '*' }", when: describeWhen(principal.when) },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: statement.resource,
      });
    }
  },
});
