/**
 * An Allow statement with NotResource: it grants its actions on every
 * resource except the ones listed, including resources created later and
 * resources of other accounts. Deny with NotResource is a common guardrail
 * and is not reported.
 */
import { defineRule } from '../../server/src/engine';
import { valueOf } from '../../server/src/engine/parse/tree';
import { holderOf, listForMessage, reportNode, statementValues } from './support/iam-statements';
import { cfnNagRuleFor } from './support/cfn-nag';

/** cfn_nag's Allow+NotResource rules, one per resource type (role, policy, managed policy); see support/cfn-nag.ts. */
const CFN_NAG_FAMILY = ['W21', 'W22', 'W23'] as const;

export default defineRule({
  meta: {
    id: 'iam-allow-not-resource',
    title: 'IAM statement allows actions on everything except the listed resources (Allow with NotResource)',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      '`Effect: Allow` with `NotResource` applies the actions to every resource except the listed ones: every table, bucket or queue created later, in this account and, for services that allow it, in others. AWS advises against combining Allow with NotResource.',
    remediation: 'Name the resources the function uses in `Resource`. To protect some resources from broad access, use a separate `Effect: Deny` statement on them.',
    // cfn_nag has one rule per resource type: a finding names the one of its statement's (CFN_NAG_FAMILY).
    equivalents: [],
    findingEquivalents: ['W21', 'W22', 'W23'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-732',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      allowNotResource: 'This statement allows {{holder}} {{actions}} on every resource except {{excluded}}: Allow with NotResource reaches whatever is not listed, including resources created later.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.effect !== 'Allow' || !statement.isNotResource) continue;
      const excluded = statementValues(statement.resources, resolver);
      const actions = statementValues(statement.actions, resolver);
      const actionNames = [...new Set(actions.known.map((value) => value.text))];
      const excludedNames = [...new Set(excluded.known.map((value) => value.text))];
      const key = statement.declaration.kind === 'map' ? statement.declaration.entries.find((entry) => entry.key.value === 'NotResource')?.key : undefined;
      const node = key ?? valueOf(statement.declaration, 'NotResource') ?? statement.declaration;
      context.report({
        messageId: 'allowNotResource',
        data: {
          holder: holderOf(statement),
          actions: statement.isNotAction ? 'every action not excluded by NotAction' : actionNames.length > 0 ? listForMessage(actionNames) : 'its actions',
          excluded: excludedNames.length > 0 ? listForMessage(excludedNames) : 'the listed ones',
        },
        node: reportNode(statement, node),
        resource: statement.resource,
        equivalents: cfnNagChecks(context.model, statement),
      });
    }
  },
});

/** The cfn_nag rule of the family that reads this statement, as a list of equivalents. */
function cfnNagChecks(model: Parameters<typeof cfnNagRuleFor>[0], statement: Parameters<typeof cfnNagRuleFor>[1]): string[] {
  const check = cfnNagRuleFor(model, statement, CFN_NAG_FAMILY);
  return check ? [check] : [];
}
