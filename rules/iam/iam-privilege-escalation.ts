/**
 * Privilege escalation: an identity statement that allows, on every resource
 * and without a constraining condition, an action that raises the holder's
 * own privileges (rewrite or attach a policy, join a group, take over a user
 * or a role's trust, run code under another function's role), or `iam:PassRole`
 * together with a service that runs something with the passed role. The
 * methods are Rhino Security Labs', as cloudsplaining and Checkov use them.
 * Action `*` is left to iam-wildcard-action (administrator access already).
 */
import { defineRule } from '../../server/src/engine';
import type { IamStatement } from '../../server/src/engine/model/types';
import {
  ESCALATION_ACTIONS,
  EVERY_ACTION,
  WHOLE_SERVICE,
  PASS_ROLE_COMBINATIONS,
  describeWhen,
  holderOf,
  listForMessage,
  reportNode,
  resourceForMessage,
  unconstrainedGrant,
  type UnconstrainedEntry,
  type UnconstrainedGrant,
} from './support/iam-statements';
import { codeUseOf, fixesOf } from './support/code-use';
import { failsPrivilegeEscalation } from './support/cloudsplaining';

export default defineRule({
  meta: {
    id: 'iam-privilege-escalation',
    title: 'IAM statement allows privilege escalation',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      'Some actions let their holder give itself more permissions: `iam:PutRolePolicy` or `iam:AttachRolePolicy` on its own role, `iam:CreatePolicyVersion` on a policy it has, `iam:UpdateAssumeRolePolicy` on an administrator role, `lambda:UpdateFunctionCode` on a function with a stronger role, or `iam:PassRole` with `lambda:CreateFunction`. Granted on every resource, whoever controls the function controls the account.',
    remediation:
      'Remove the action if the function does not manage IAM or other functions. Otherwise scope `Resource` to the exact roles, policies or functions it manages, and add a permissions boundary to the roles it creates.',
    // Checkov's CKV_AWS_110 reads only some statements and knows only cloudsplaining's methods: named per
    // finding, where it fails too (see support/cloudsplaining.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_110'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-269',
      'CWE-250',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
      'https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      escalationAction: "'{{action}}' on {{resource}} lets {{holder}} {{effect}}{{more}}: privilege escalation{{when}}{{code}}.",
      passRoleEscalation: "'{{action}}' together with iam:PassRole on {{resource}} lets {{holder}} run {{via}} with any role of the account, an administrator role included{{when}}{{code}}.",
    },
    // Once the handlers' calls are known: the Action rewritten to the actions they call.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    const grantsByHolder = new Map<string, UnconstrainedGrant[]>();
    for (const statement of context.model.iamStatements) {
      const grant = unconstrainedGrant(statement, resolver);
      if (!grant) continue;
      const key = `${statement.origin}\u0000${statement.resource}`;
      grantsByHolder.set(key, [...(grantsByHolder.get(key) ?? []), grant]);

      // Single actions, one finding per statement on the first entry that grants one.
      // `*` and `iam:*`: iam-wildcard-action reports the entry once, and its finding answers this check too.
      const escalating = grant.entries.filter((entry) => !EVERY_ACTION.test(entry.entry.text) && !WHOLE_SERVICE.test(entry.entry.text)).map((entry) => ({ entry, actions: escalationActionsOf(entry) })).filter((item) => item.actions.length > 0);
      if (escalating.length === 0) continue;
      const names = [...new Set(escalating.flatMap((item) => item.actions))];
      const first = escalating[0];
      const use = codeUseOf(context, statement);
      context.report({
        messageId: 'escalationAction',
        data: {
          action: first.entry.entry.text,
          holder: holderOf(statement),
          resource: resourceForMessage(first.entry.resource),
          effect: ESCALATION_ACTIONS.get(first.actions[0].toLowerCase()) ?? 'raise its own privileges',
          more: names.length > 1 ? ` (also ${listForMessage(names.filter((name) => name !== first.actions[0]))})` : '',
          when: describeWhen([...first.entry.resource.when, ...first.entry.entry.when]),
          code: use.text,
        },
        node: reportNode(statement, first.entry.entry.node),
        resource: statement.resource,
        fixes: fixesOf(use),
        // Not for iam:DeleteRolePermissionsBoundary and the like, which cloudsplaining does not list.
        equivalents: failsPrivilegeEscalation(context.model, statement, names) ? ['CKV_AWS_110'] : [],
      });
    }

    // iam:PassRole with a service that runs what it is given, across the statements of one role or policy.
    for (const grants of grantsByHolder.values()) {
      const usable = grants.flatMap((grant) => grant.entries.filter((entry) => !EVERY_ACTION.test(entry.entry.text)).map((entry) => ({ grant, entry })));
      const passRole = usable.find(({ entry }) => entry.actions.some((action) => action.qualifiedName === 'iam:PassRole'));
      if (!passRole) continue;
      for (const combination of PASS_ROLE_COMBINATIONS) {
        const providers = combination.actions.map((alternatives) => usable.find(({ entry }) => entry.actions.some((action) => alternatives.includes(action.qualifiedName.toLowerCase()))));
        if (providers.some((provider) => provider === undefined)) continue;
        const first = providers[0]!;
        const statement: IamStatement = first.grant.statement;
        const use = codeUseOf(context, statement);
        context.report({
          messageId: 'passRoleEscalation',
          data: {
            action: first.entry.entry.text,
            holder: holderOf(statement),
            via: combination.via,
            resource: resourceForMessage(passRole.entry.resource),
            when: describeWhen([...first.entry.resource.when, ...first.entry.entry.when, ...passRole.entry.entry.when, ...passRole.entry.resource.when]),
            code: use.text,
          },
          node: reportNode(statement, first.entry.entry.node),
          resource: statement.resource,
          fixes: fixesOf(use),
          // cloudsplaining knows fewer PassRole combinations than we report (not CodeBuild, ECS, SageMaker in 0.7).
          equivalents: failsPrivilegeEscalation(context.model, statement, ['iam:passrole', ...providers.flatMap((provider) => provider!.entry.actions.map((action) => action.qualifiedName))]) ? ['CKV_AWS_110'] : [],
        });
      }
    }
  },
});

/** The escalation actions an entry grants, in AWS's spelling. */
function escalationActionsOf(entry: UnconstrainedEntry): string[] {
  const order = [...ESCALATION_ACTIONS.keys()];
  return entry.actions
    .filter((action) => ESCALATION_ACTIONS.has(action.qualifiedName.toLowerCase()))
    .sort((a, b) => order.indexOf(a.qualifiedName.toLowerCase()) - order.indexOf(b.qualifiedName.toLowerCase()))
    .map((action) => action.qualifiedName);
}
