/**
 * Permissions management without constraints (Checkov CKV_AWS_109): an Allow
 * statement that grants, on `Resource: '*'` and without a constraining
 * Condition, actions at the "Permissions management" access level: the ones
 * that change who may do what (resource policies, ACLs, grants, IAM users,
 * roles and credentials). Actions that support no resource type are not
 * counted (`*` is their only possible resource). Escalation, PassRole and
 * credential actions written explicitly are left to their own rules, so one
 * entry gives one finding.
 */
import { defineRule } from '../../server/src/engine';
import {
  CREDENTIAL_ACTIONS,
  ESCALATION_ACTIONS,
  EVERY_ACTION,
  describeWhen,
  holderOf,
  isPermissionsManagement,
  listForMessage,
  reportNode,
  resourceForMessage,
  unconstrainedGrant,
  WHOLE_SERVICE,
  type IamAction,
} from './support/iam-statements';
import { codeUseOf, fixesOf } from './support/code-use';
import { cloudsplainingView, failsPermissionsManagement } from './support/cloudsplaining';

export default defineRule({
  meta: {
    id: 'iam-permissions-management',
    title: "IAM statement allows permissions management on Resource '*'",
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      "Permissions-management actions change who may access what: bucket policies and ACLs, queue and topic policies, KMS grants, IAM users and roles. Granted on `'*'`, whoever controls the function can open any resource of the account to the world or to another account.",
    remediation:
      'Remove these actions unless the function manages access as its job. Otherwise scope `Resource` to the resources it manages, or add a Condition (`aws:ResourceTag/...`) that limits them.',
    // Checkov's CKV_AWS_109 reads only some statements: named per finding, where it fails too (see support/cloudsplaining.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_109'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-732',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      permissionsManagement: "'{{action}}' on {{resource}} lets {{holder}} change permissions on any resource of the account: {{actions}}{{when}}{{code}}.",
    },
    // Once the handlers' calls are known: the Action rewritten to the actions they call.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      const grant = unconstrainedGrant(statement, resolver);
      if (!grant) continue;
      for (const { entry, actions, resource } of grant.entries) {
        const isEverything = EVERY_ACTION.test(entry.text);
        // Action '*' (administrator access) and `sqs:*` (a whole service): iam-wildcard-action reports the entry once,
        // and its finding answers this check too.
        if (isEverything || WHOLE_SERVICE.test(entry.text)) continue;
        const managed = actions.filter((action) => isPermissionsManagement(action) && (isEverything || !isOwnedElsewhere(action)));
        // An entry that grants an action another rule reports (`iam:*`, `iam:Put*`) is left to that rule.
        if (managed.length === 0 || (!isEverything && actions.some(isOwnedElsewhere))) continue;
        const names = managed.map((action) => action.qualifiedName);
        const use = codeUseOf(context, statement);
        context.report({
          messageId: 'permissionsManagement',
          data: {
            action: entry.text,
            resource: resourceForMessage(resource),
            holder: holderOf(statement),
            actions: isEverything
              ? `every permissions-management action, such as ${listForMessage(examples(names), 4)}`
              : /[*?]/.test(entry.text)
                ? listForMessage(examples(names), 4)
                : listForMessage(names, 3),
            when: describeWhen([...resource.when, ...entry.when]),
            code: use.text,
          },
          node: reportNode(statement, entry.node),
          resource: statement.resource,
          fixes: fixesOf(use),
          // Checkov reads only AWS::IAM::* policies, a literal '*', and no Condition at all (support/cloudsplaining.ts).
          equivalents: failsPermissionsManagement(cloudsplainingView(statement, resolver)) ? ['CKV_AWS_109'] : [],
        });
        break;
      }
    }
  },
});

/** Reported by iam-privilege-escalation, iam-pass-role-wildcard or iam-credential-exposure. */
function isOwnedElsewhere(action: IamAction): boolean {
  const name = action.qualifiedName.toLowerCase();
  return ESCALATION_ACTIONS.has(name) || CREDENTIAL_ACTIONS.has(name) || name === 'iam:passrole';
}

/** Three telling names for a wildcard (policies, ACLs, grants first), then how many more. */
function examples(names: string[]): string[] {
  const preferred = ['iam:PutRolePolicy', 's3:PutBucketPolicy', 'kms:CreateGrant', 'sqs:SetQueueAttributes'];
  const rank = (name: string) => (preferred.includes(name) ? 0 : /:(Put|Set|Add)\w*(Policy|Acl|Permission)/.test(name) ? 1 : /Policy|Acl|Permission/.test(name) ? 2 : 3);
  const ordered = [...names].sort((a, b) => rank(a) - rank(b));
  return ordered.length > 3 ? [...ordered.slice(0, 3), `${ordered.length - 3} more`] : ordered;
}
