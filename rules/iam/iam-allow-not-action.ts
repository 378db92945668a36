/**
 * An Allow statement with NotAction: it grants every action of every service
 * except the ones listed, including services and actions AWS adds later.
 * Deny with NotAction is a common guardrail ("deny everything but...") and is
 * not reported.
 */
import { defineRule } from '../../server/src/engine';
import { holderOf, listForMessage, reportNode, statementValues } from './support/iam-statements';
import { valueOf } from '../../server/src/engine/parse/tree';
import { cfnNagRuleFor } from './support/cfn-nag';

/** cfn_nag's Allow+NotAction rules, one per resource type (role, policy, managed policy); see support/cfn-nag.ts. */
const CFN_NAG_FAMILY = ['W15', 'W16', 'W17'] as const;

export default defineRule({
  meta: {
    id: 'iam-allow-not-action',
    title: 'IAM statement allows everything except the listed actions (Allow with NotAction)',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      '`Effect: Allow` with `NotAction` grants every action of every AWS service except the listed ones, including IAM itself unless excluded and every action AWS adds in the future. It is almost always far broader than intended.',
    remediation:
      'List the actions the function needs in `Action`. To forbid some actions while allowing others, keep the Allow statement explicit and add a separate `Effect: Deny` statement.',
    // cfn_nag has one rule per resource type: a finding names the one of its statement's (CFN_NAG_FAMILY).
    equivalents: [],
    findingEquivalents: ['W15', 'W16', 'W17'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-250',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      allowNotAction: 'This statement allows {{holder}} every action except {{excluded}}{{resources}}: Allow with NotAction grants whatever is not listed, including actions AWS adds later.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.effect !== 'Allow' || !statement.isNotAction) continue;
      const excluded = statementValues(statement.actions, resolver);
      const names = [...new Set(excluded.known.map((value) => value.text))];
      const resources = statementValues(statement.resources, resolver).known;
      const isEveryResource = !statement.isNotResource && resources.some((value) => value.text === '*');
      // The NotAction key itself: the problem is the element, not one of its entries.
      const notActionKey = statement.declaration.kind === 'map' ? statement.declaration.entries.find((entry) => entry.key.value === 'NotAction')?.key : undefined;
      const node = notActionKey ?? valueOf(statement.declaration, 'NotAction') ?? statement.declaration;
      context.report({
        messageId: 'allowNotAction',
        data: {
          holder: holderOf(statement),
          excluded: names.length > 0 ? listForMessage(names) + (excluded.hasUnknown ? ' (and values not known until deployment)' : '') : 'the listed ones',
          resources: isEveryResource ? ' on every resource' : '',
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
