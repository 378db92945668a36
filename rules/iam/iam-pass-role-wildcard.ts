/**
 * `iam:PassRole` on `Resource: '*'`: the holder can hand any role of the
 * account, an administrator role included, to a service it can drive
 * (Lambda, EC2, ECS, CloudFormation, Glue...), and act with that role's
 * permissions. `*`, `*:*` and `iam:*` are left to iam-wildcard-action and
 * iam-privilege-escalation; Deny statements are guardrails.
 */
import { defineRule } from '../../server/src/engine';
import type { IamStatement } from '../../server/src/engine/model/types';
import { mapEntries } from '../../server/src/engine/parse/tree';
import { EVERY_ACTION, describeWhen, hasConstrainingCondition, holderOf, reportNode, resourceForMessage, unconstrainedGrant } from './support/iam-statements';
import { cfnNagRuleFor } from './support/cfn-nag';

/** `iam:*` is every IAM action: iam-wildcard-action and iam-privilege-escalation report it. */
const IAM_WILDCARD = /^iam:\*$/i;

/** cfn_nag's PassRole-on-'*' rules, one per resource type (role, policy, managed policy); see support/cfn-nag.ts. */
const CFN_NAG_FAMILY = ['F38', 'F39', 'F40'] as const;

export default defineRule({
  meta: {
    id: 'iam-pass-role-wildcard',
    title: "iam:PassRole on Resource '*'",
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      "`iam:PassRole` on `'*'` lets the holder give any role of the account, an administrator role included, to a service it can configure (a Lambda function, an EC2 instance, an ECS task, a CloudFormation stack), and then act with that role's permissions. It is a classic privilege-escalation step.",
    remediation:
      "Scope `Resource` to the ARNs of the roles the function must pass (`!GetAtt TaskRole.Arn`), and add `Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } }` to name the service that receives them.",
    // cfn_nag has one rule per resource type, and reads a literal '*' only: a finding names the one of its
    // statement's when the resource is '*' (CFN_NAG_FAMILY), not on `arn:aws:iam::123456789012:role/*`.
    equivalents: [],
    findingEquivalents: ['F38', 'F39', 'F40'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      passRoleWildcard: "'{{action}}' on {{resource}} lets {{holder}} pass any role of the account{{service}}, an administrator role included{{when}}.",
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      const grant = unconstrainedGrant(statement, resolver, constrainsRoles);
      if (!grant) continue;
      const entry = grant.entries.find((candidate) => !EVERY_ACTION.test(candidate.entry.text) && !IAM_WILDCARD.test(candidate.entry.text) && candidate.actions.some((action) => action.qualifiedName === 'iam:PassRole'));
      if (!entry) continue;
      const service = passedToService(statement);
      context.report({
        messageId: 'passRoleWildcard',
        data: {
          action: entry.entry.text,
          resource: resourceForMessage(entry.resource),
          holder: holderOf(statement),
          service: service ? ` to ${service}` : '',
          when: describeWhen([...entry.resource.when, ...entry.entry.when]),
        },
        node: reportNode(statement, entry.entry.node),
        resource: statement.resource,
        equivalents: entry.resource.isEverything ? cfnNagChecks(context.model, statement) : [],
      });
    }
  },
});

/**
 * `iam:PassedToService` names the service that receives the role, not which
 * roles: with `Resource: '*'` every role can still be passed to it. Any other
 * condition (a role tag, `iam:AssociatedResourceArn`...) counts as a constraint.
 */
function constrainsRoles(statement: IamStatement): boolean {
  if (!hasConstrainingCondition(statement)) return false;
  const keys = mapEntries(statement.condition).flatMap((operator) => mapEntries(operator.value).map((key) => String(key.key.value).toLowerCase()));
  if (keys.length === 0) return true;
  return keys.some((key) => key !== 'iam:passedtoservice');
}

function passedToService(statement: IamStatement): string | undefined {
  for (const operator of mapEntries(statement.condition)) {
    for (const key of mapEntries(operator.value)) {
      if (String(key.key.value).toLowerCase() !== 'iam:passedtoservice') continue;
      const value = key.value;
      if (value?.kind === 'scalar' && typeof value.value === 'string') return value.value;
      if (value?.kind === 'seq') return value.items.map((item) => (item.kind === 'scalar' ? String(item.value) : '?')).join(' or ');
    }
  }
  return undefined;
}

/** The cfn_nag rule of the family that reads this statement, as a list of equivalents. */
function cfnNagChecks(model: Parameters<typeof cfnNagRuleFor>[0], statement: Parameters<typeof cfnNagRuleFor>[1]): string[] {
  const check = cfnNagRuleFor(model, statement, CFN_NAG_FAMILY);
  return check ? [check] : [];
}
