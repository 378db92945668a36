/**
 * A role whose trust policy (AssumeRolePolicyDocument) lets any AWS principal
 * assume it: `Principal: '*'` or `AWS: '*'` on an Allow statement, with no
 * Condition that ties the caller to an account, an organisation or a source.
 * Also a shared web identity provider (GitHub Actions OIDC, Cognito identity
 * pools) trusted without the condition that names your repository or pool.
 * Deny statements and service or account principals are not reported.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { isMap, isScalar, isSeq, mapEntries, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { CfnResource, IamStatement } from '../../server/src/engine/model/types';
import type { Resolver } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';
import { hasRestrictingCondition, publicPrincipalOf } from './support/public-principal';

/**
 * Web identity providers shared by every customer: without a condition on the
 * token's subject (GitHub) or audience (Cognito), a token from anyone's
 * repository or identity pool is accepted.
 */
const SHARED_IDENTITY_PROVIDERS = [
  { host: 'token.actions.githubusercontent.com', key: 'token.actions.githubusercontent.com:sub', messageId: 'githubAnyRepository' },
  { host: 'cognito-identity.amazonaws.com', key: 'cognito-identity.amazonaws.com:aud', messageId: 'cognitoAnyPool' },
] as const;

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
    // Checkov's CKV_AWS_60 (IAMRoleAllowsPublicAssume.py) reads AWS::IAM::Role only, and fails a role whose written
    // Statement list has a non-Deny statement with Principal.AWS equal to '*' or a list holding '*', conditions
    // ignored; it passes Principal: '*' (a string), NotPrincipal, Federated providers and intrinsics. Named on this
    // rule's findings of a role it fails.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_60'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-284',
      'CWE-732',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-trust-policy',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicTrust: "Role {{role}} can be assumed by any AWS principal in any account: its trust policy allows Principal {{principal}} without a condition on the caller's account or organisation{{when}}.",
      notPrincipalTrust: 'Role {{role}} can be assumed by every AWS principal except the listed ones: its trust policy allows with NotPrincipal{{when}}.',
      githubAnyRepository:
        "Role {{role}} trusts GitHub's OIDC provider without a condition on token.actions.githubusercontent.com:sub: a workflow in any GitHub repository, anyone's, can assume it.",
      cognitoAnyPool: 'Role {{role}} trusts Cognito identities without a condition on cognito-identity.amazonaws.com:aud: an identity from any identity pool, in any account, can assume it.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.origin !== 'resource-policy' || statement.resourcePolicy?.service !== 'iam-role-trust') continue;
      const provider = openSharedProviderOf(statement, resolver);
      if (provider) {
        context.report({
          messageId: provider.messageId,
          data: { role: statement.resource },
          node: statement.isForeign ? { range: statement.range } : provider.node,
          resource: statement.resource,
        });
        continue;
      }
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || hasRestrictingCondition(statement, resolver)) continue;
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipalTrust' : 'publicTrust',
        data: { role: statement.resource, principal: principal.form === 'star' ? "'*'" : "{ AWS: '*' }", when: describeWhen(principal.when) },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: statement.resource,
        equivalents: failsCkvAws60(context.model.resources.find((resource) => resource.logicalId === statement.resource)) ? ['CKV_AWS_60'] : [],
      });
    }
  },
});

/** A shared web identity provider trusted without the condition that names your repository or pool. */
function openSharedProviderOf(statement: IamStatement, resolver: Resolver): { node: SourceNode; messageId: (typeof SHARED_IDENTITY_PROVIDERS)[number]['messageId'] } | undefined {
  if (statement.effect !== 'Allow' || statement.isNotPrincipal || !isMap(statement.principal)) return undefined;
  const federated = valueOf(statement.principal, 'Federated');
  const items = isSeq(federated) ? seqItems(federated) : federated ? [federated] : [];
  for (const item of items) {
    const texts = resolver.outcomes(item).flatMap((outcome) => (outcome.state === 'known' && typeof outcome.value === 'string' ? [outcome.value] : outcome.state === 'partial' ? [outcome.text] : []));
    const provider = SHARED_IDENTITY_PROVIDERS.find((candidate) => texts.some((text) => text === candidate.host || text.endsWith(`:oidc-provider/${candidate.host}`)));
    if (!provider) continue;
    if (conditionNamesKey(statement.condition, provider.key, resolver)) return undefined;
    return { node: item, messageId: provider.messageId };
  }
  return undefined;
}

/**
 * True when a positive operator tests `key` with a value that is not a bare
 * wildcard (`*`, `repo:*`), or when the condition cannot be read.
 */
function conditionNamesKey(condition: SourceNode | undefined, key: string, resolver: Resolver): boolean {
  if (!condition) return false;
  if (!isMap(condition)) return true;
  for (const operator of mapEntries(condition)) {
    if (!isMap(operator.value)) return true;
    if (/Not|^(?:ForAllValues:|ForAnyValue:)?Null/.test(String(operator.key.value))) continue;
    for (const test of mapEntries(operator.value)) {
      if (String(test.key.value).toLowerCase() !== key.toLowerCase()) continue;
      const values = isSeq(test.value) ? seqItems(test.value) : test.value ? [test.value] : [];
      const isWildcard = (node: SourceNode) => resolver.outcomes(node).every((outcome) => outcome.state === 'known' && typeof outcome.value === 'string' && /^(?:repo:)?\*$/.test(outcome.value.trim()));
      if (values.length === 0 || !values.every(isWildcard)) return true;
    }
  }
  return false;
}

/** CKV_AWS_60 on a role's written AssumeRolePolicyDocument (a map, or JSON text). */
function failsCkvAws60(role: CfnResource | undefined): boolean {
  if (role?.type !== 'AWS::IAM::Role') return false;
  const document = valueOf(role.properties, 'AssumeRolePolicyDocument');
  let statements: unknown;
  if (isScalar(document) && typeof document.value === 'string') {
    try {
      statements = (JSON.parse(document.value) as { Statement?: unknown }).Statement;
    } catch {
      return false;
    }
    if (!Array.isArray(statements)) return false;
    return statements.some((statement) => {
      const item = statement as { Effect?: unknown; Principal?: { AWS?: unknown } };
      if (item?.Effect === 'Deny' || typeof item?.Principal !== 'object' || item.Principal === null) return false;
      const aws = item.Principal.AWS;
      return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
    });
  }
  const list = valueOf(document, 'Statement');
  if (!isSeq(list)) return false;
  return seqItems(list).some((statement) => {
    const effect = valueOf(statement, 'Effect');
    if (isScalar(effect) && effect.value === 'Deny') return false;
    const aws = valueOf(valueOf(statement, 'Principal'), 'AWS');
    if (isScalar(aws)) return aws.value === '*';
    return isSeq(aws) && seqItems(aws).some((item) => isScalar(item) && item.value === '*');
  });
}
