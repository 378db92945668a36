/**
 * Credentials exposure (Checkov CKV_AWS_107): an Allow statement that grants,
 * on `Resource: '*'` and without a constraining Condition, an action whose
 * response is a credential: IAM access keys, STS session or federation
 * tokens, database passwords and tokens, instance passwords and keys.
 * `ecr:GetAuthorizationToken` is not reported (see CREDENTIAL_ACTIONS). `*`
 * is left to iam-wildcard-action; entries that also grant escalation actions
 * (`iam:*`) to iam-privilege-escalation.
 */
import { defineRule } from '../../server/src/engine';
import { CREDENTIAL_ACTIONS, ESCALATION_ACTIONS, EVERY_ACTION, WHOLE_SERVICE, describeWhen, holderOf, listForMessage, reportNode, resourceForMessage, unconstrainedGrant } from './support/iam-statements';
import { codeUseOf, fixesOf } from './support/code-use';
import { cloudsplainingView, failsCredentialsExposure } from './support/cloudsplaining';

export default defineRule({
  meta: {
    id: 'iam-credential-exposure',
    title: "IAM statement allows actions that return credentials on Resource '*'",
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      'Some actions return credentials: `iam:CreateAccessKey` (keys for any user), `sts:GetSessionToken` and `sts:GetFederationToken`, `sts:AssumeRole` (any role that trusts the account), `redshift:GetClusterCredentials`, `ec2:GetPasswordData`. Whoever controls the function can mint credentials that outlive it and use them from anywhere.',
    remediation:
      "Remove the action unless issuing credentials is the function's job. Otherwise scope `Resource` to the users, roles, clusters or database users it serves, or add a Condition that limits them.",
    // Checkov's CKV_AWS_107 reads only some statements: named per finding, where it fails too (see support/cloudsplaining.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_107'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-522',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/STS/latest/APIReference/welcome.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      credentialExposure: "'{{action}}' on {{resource}} lets {{holder}} obtain {{what}}{{more}}{{when}}{{code}}.",
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
        // `*` and `sts:*`: iam-wildcard-action reports the entry once, and its finding answers this check too.
        if (EVERY_ACTION.test(entry.text) || WHOLE_SERVICE.test(entry.text)) continue;
        if (actions.some((action) => ESCALATION_ACTIONS.has(action.qualifiedName.toLowerCase()))) continue;
        const exposing = actions.filter((action) => CREDENTIAL_ACTIONS.has(action.qualifiedName.toLowerCase())).map((action) => action.qualifiedName);
        if (exposing.length === 0) continue;
        const use = codeUseOf(context, statement);
        context.report({
          messageId: 'credentialExposure',
          data: {
            action: entry.text,
            resource: resourceForMessage(resource),
            holder: holderOf(statement),
            what: CREDENTIAL_ACTIONS.get(exposing[0].toLowerCase()) ?? 'credentials',
            more: exposing.length > 1 ? ` (also through ${listForMessage(exposing.slice(1))})` : '',
            when: describeWhen([...resource.when, ...entry.when]),
            code: use.text,
          },
          node: reportNode(statement, entry.node),
          resource: statement.resource,
          fixes: fixesOf(use),
          // Checkov reads only AWS::IAM::* policies, a literal '*', and its own list of actions (support/cloudsplaining.ts).
          equivalents: failsCredentialsExposure(cloudsplainingView(statement, resolver)) ? ['CKV_AWS_107'] : [],
        });
        break;
      }
    }
  },
});
