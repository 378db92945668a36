/**
 * A Cognito identity pool that hands out AWS credentials to unauthenticated
 * (guest) identities. Anyone who knows the pool id gets the unauthenticated
 * role's permissions; whether that is safe depends on that role.
 */
import { defineRule } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, nodeAt, valueOf } from '../../server/src/engine/parse/tree';

export default defineRule({
  meta: {
    id: 'cognito-identity-pool-unauthenticated',
    title: 'Cognito identity pool allows unauthenticated identities',
    category: 'auth',
    severity: 'warning',
    // Guest access is a legitimate design (analytics, public maps); the risk is in the role it grants.
    confidence: 'medium',
    description:
      'With AllowUnauthenticatedIdentities, anyone who knows the identity pool id (it ships in the web or mobile client) gets temporary AWS credentials with the permissions of the unauthenticated role.',
    remediation:
      'Set AllowUnauthenticatedIdentities to false, or keep guest access and give the unauthenticated role only the few actions guests need, on specific resources.',
    // Checkov fails any value but a literal false; cfn_nag and cdk-nag only a written true (see the report).
    equivalents: ['CKV_AWS_366'],
    findingEquivalents: ['W57', 'AwsSolutions-COG7'],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-284',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/identity-pools.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      guestAccess: 'Identity pool {{resource}} gives AWS credentials to unauthenticated guests{{when}}: anyone with the pool id gets the permissions of {{role}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Cognito::IdentityPool') continue;
      const entry = entryOf(resource.properties, 'AllowUnauthenticatedIdentities');
      if (!entry?.value) continue;
      const guestOutcome = model.resolver.outcomes(entry.value).find((outcome) => outcome.state === 'known' && (outcome.value === true || String(outcome.value).toLowerCase() === 'true'));
      if (!guestOutcome) continue;
      const attachment = model.resources.find(
        (candidate) => candidate.type === 'AWS::Cognito::IdentityPoolRoleAttachment' && referencedLogicalId(valueOf(candidate.properties, 'IdentityPoolId')) === resource.logicalId,
      );
      const roleId = referencedLogicalId(nodeAt(attachment?.properties, ['Roles', 'unauthenticated']));
      const isPlainScalar = entry.value.kind === 'scalar';
      context.report({
        messageId: 'guestAccess',
        data: { resource: resource.logicalId, role: roleId ? `the unauthenticated role ${roleId}` : 'the unauthenticated role', when: describeWhen(guestOutcome.when) },
        node: entry,
        resource: resource.logicalId,
        fixes: isPlainScalar ? [{ title: 'Disallow unauthenticated identities', edits: [replaceNode(entry.value, valueText(model.document, entry.value, false))] }] : [],
        // cfn_nag's W57 (CognitoIdentityPoolAllowUnauthenticatedIdentitiesRule.rb) fails a value whose text is `true` in any
        // case, and cdk-nag's COG7 (CognitoUserPoolNoUnauthenticatedLogins.ts) a truthy primitive: both see an intrinsic as
        // something else, and neither reads serverless.yml.
        equivalents: isPlainScalar && model.kind !== 'serverless' ? ['W57', 'AwsSolutions-COG7'] : [],
      });
    }
  },
});
