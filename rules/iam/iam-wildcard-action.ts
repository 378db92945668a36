/**
 * An Allow statement of an identity policy whose Action is `*`, `*:*` or a
 * whole service (`dynamodb:*`): every API of that service, including the
 * destructive and the privilege-changing ones. With `Resource: '*'`, Action
 * `*` is full administrator access. Deny statements, NotAction (a rule of its
 * own) and actions that cannot be resolved are not reported.
 */
import { defineRule } from '../../server/src/engine';
import type { IamStatement } from '../../server/src/engine/model/types';
import { describeWhen, type Outcome, type Resolved } from '../../server/src/engine/resolve/resolver';

/** `*` and `*:*` both match every action of every service. */
const EVERY_ACTION = /^\*(?::\*)?$/;
/** `s3:*`, `dynamodb:*`: IAM service prefixes are letters, digits and hyphens; matching is case-insensitive. */
const WHOLE_SERVICE = /^([a-z0-9-]+):\*$/i;

export default defineRule({
  meta: {
    id: 'iam-wildcard-action',
    title: 'IAM statement allows every action of a service',
    category: 'iam',
    // Full administrator access is an error, as iam-admin-managed-policy; a service-wide wildcard a warning.
    severity: 'error',
    messageSeverity: { wildcardAction: 'warning' },
    // Action '*' on Resource '*' is every narrower IAM check at once; those rules leave it to this one finding.
    messageEquivalents: { adminAccess: ['CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110'] },
    confidence: 'high',
    description:
      "A wildcard action grants every API of a service, today's and those AWS adds later: `s3:*` includes DeleteBucket and PutBucketPolicy, `dynamodb:*` includes DeleteTable, and `*` includes IAM itself. Whoever controls the function (an injection, a vulnerable dependency) inherits all of it.",
    remediation:
      'List the actions the code calls (`dynamodb:GetItem`, `dynamodb:PutItem`, ...) and scope Resource to the ARNs it uses. IAM Access Analyzer can generate a policy from CloudTrail activity.',
    equivalents: ['CKV_AWS_49', 'CKV_AWS_63', 'CKV_AWS_1', 'CKV_AWS_62', 'F3', 'F4', 'F5', 'AwsSolutions-IAM5', 'S6302'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-250',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      wildcardAction: "Action '{{action}}' grants {{scope}} to {{holder}}{{when}}.",
      adminAccess: "This statement grants full administrator access to {{holder}}: Action '{{action}}' on Resource '*'{{when}}.",
    },
    fix: 'none',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.effect !== 'Allow' || statement.isNotAction) continue;
      // A resource policy's wildcard is about who may call, not what a function may do; other rules read those.
      if (statement.origin === 'resource-policy') continue;
      for (const action of statement.actions) {
        const found = wildcardOf(resolver.outcomes(action));
        if (!found) continue;
        const wildcard = found.text;
        const isAdmin = EVERY_ACTION.test(wildcard) && !statement.isNotResource && statement.resources.some((resource) => knownStrings(resolver.outcomes(resource)).includes('*'));
        const service = WHOLE_SERVICE.exec(wildcard)?.[1];
        context.report({
          messageId: isAdmin ? 'adminAccess' : 'wildcardAction',
          data: {
            action: wildcard,
            scope: service ? `every ${service.toLowerCase()} action` : 'every action of every AWS service',
            holder: holderOf(statement),
            // `Action: !If [IsDev, 's3:*', 's3:GetObject']`: the wildcard exists only on one branch.
            when: describeWhen(found.when),
          },
          // The nodes of a statement read from another file are not in this document.
          node: statement.isForeign ? { range: statement.range } : action,
          resource: statement.resource,
        });
      }
    }
  },
});

/** The first wildcard among the values an action can take; partial and unknown values are never guessed at. */
function wildcardOf(outcomes: Outcome[]): { text: string; when: Outcome['when'] } | undefined {
  for (const outcome of outcomes) {
    if (outcome.state !== 'known' || typeof outcome.value !== 'string') continue;
    const text = outcome.value.trim();
    if (EVERY_ACTION.test(text) || WHOLE_SERVICE.test(text)) return { text, when: outcome.when };
  }
  return undefined;
}

function knownStrings(outcomes: Resolved[]): string[] {
  return outcomes.flatMap((outcome) => (outcome.state === 'known' && typeof outcome.value === 'string' ? [outcome.value] : []));
}

/** Who gets the permission: the functions when the model knows them, else the role or policy. */
function holderOf(holder: Pick<IamStatement, 'functions' | 'resource' | 'origin'>): string {
  const names = holder.functions;
  if (names.length === 1) return `function ${names[0]}`;
  if (names.length > 1 && names.length <= 3) return `functions ${names.join(', ')}`;
  if (names.length > 3) return `functions ${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  switch (holder.origin) {
    case 'iam-role-inline':
      return `role ${holder.resource}`;
    case 'iam-policy':
    case 'iam-managed-policy':
      return `policy ${holder.resource}`;
    case 'serverless-provider-role':
      return `the provider role (${holder.resource})`;
    default:
      return holder.resource;
  }
}
