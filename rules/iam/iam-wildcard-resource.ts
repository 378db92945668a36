/**
 * An Allow statement whose Resource reaches every resource of its actions'
 * types: `*`, or an ARN pattern with wildcards such as
 * `arn:aws:dynamodb:*:*:table/*` or `arn:aws:iam::123456789012:role/*`, for
 * actions that could name their resources. The IAM action table and its
 * resource types say which actions take a resource and which patterns reach
 * every resource of a type, so `xray:PutTraceSegments` on `*`, a prefix such as
 * `role/app-*` and one bucket's objects (`arn:aws:s3:::my-bucket/...`) never
 * make a warning, and unknown services stay silent. Actions that need `*` in
 * practice (a Lambda VPC function's network interfaces, SMS) are reported at
 * info with the reason (support/scope-exceptions.ts). Deny statements, NotAction
 * (a rule of its own), administrator statements (iam-wildcard-action) and
 * statements with a constraining Condition are not reported. Entries that grant
 * a data-exfiltration action (`s3:GetObject`, `ssm:GetParameter*`,
 * `secretsmanager:GetSecretValue`, `s3:Get*`) are left to iam-data-exfiltration,
 * which says what they can read.
 */
import { defineRule } from '../../server/src/engine';
import { effectiveAccessLevel } from '../../server/src/engine/iam';
import type { AppModel, IamStatement } from '../../server/src/engine/model/types';
import type { Resolver } from '../../server/src/engine/resolve/resolver';
import {
  DATA_EXFILTRATION_ACTIONS,
  EVERY_ACTION,
  WHOLE_SERVICE,
  broadResources,
  compatible,
  describeWhen,
  expandActionPattern,
  hasConstrainingCondition,
  holderOf,
  isScopedByPolicyTemplate,
  listForMessage,
  parseArnPattern,
  reachForMessage,
  reachesEveryResourceOfType,
  reachOf,
  reportNode,
  resourceForMessage,
  resourceTypesOf,
  statementValues,
  type BroadResource,
  type IamAction,
  type ResourceType,
  type StatementValue,
} from './support/iam-statements';
import { MANAGED_POLICY_EQUIVALENTS, isScopable, neededOnWildcard, type ScopeContext } from './support/scope-exceptions';
import { codeUseOf, fixesOf, resourceScopeOf } from './support/code-use';
import { isReadByCdkNagIam5 } from './support/cdk-nag';
import { cfnNagRuleFor } from './support/cfn-nag';
import { cloudsplainingView, hasLiteralStarResource } from './support/cloudsplaining';

export default defineRule({
  meta: {
    id: 'iam-wildcard-resource',
    title: "IAM statement grants scopable actions on Resource '*'",
    category: 'iam',
    severity: 'warning',
    // Actions that need '*' in practice (Lambda's VPC network interfaces, SMS) are named at info, with the reason.
    messageSeverity: { wildcardResourceNeeded: 'info' },
    confidence: 'high',
    description:
      "`Resource: '*'` applies the statement's actions to every matching resource in the account, present and future: every table, bucket, queue or key, not only the one the function uses. So does an ARN pattern that leaves the name open (`arn:aws:dynamodb:*:*:table/*`, `arn:aws:iam::123456789012:role/*`). These actions accept resource ARNs, so the wildcard is a choice, not a necessity.",
    remediation:
      "Replace the wildcard with the ARNs the function uses (`!GetAtt Table.Arn`, `!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'`). Keep `'*'` only for actions that support no resource type, in a statement of their own.",
    // Each of the other tools' checks reads some kinds of policy and one form of wildcard: each finding names
    // those its statement fails (see otherToolChecks).
    equivalents: [],
    findingEquivalents: ['W11', 'W12', 'W13', 'AwsSolutions-IAM5', 'CKV_AWS_111', 'CKV_AWS_109'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-732',
      'CWE-250',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      wildcardResource: '{{resource}} gives {{holder}} {{actions}} on {{reach}}{{when}}; these actions accept resource ARNs, so scope them to the ones it uses{{code}}.',
      wildcardResourceNeeded: "{{resource}} gives {{holder}} {{actions}}{{when}}. These need '*' in practice: {{reason}}.",
    },
    // Once the handlers' calls are known: the Resource scoped to the resources they call when the template names every one,
    // else the Action narrowed to the actions they call.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    const statements = context.model.iamStatements;
    for (const statement of statements) {
      if (statement.effect !== 'Allow' || statement.isNotAction || statement.origin === 'resource-policy') continue;
      // SAM's policy templates use '*' where SAM chose to; the user cannot scope them. A '*' the user gave a
      // template's parameter (`TableName: '*'`) is the user's, and is reported on the template entry.
      if (isScopedByPolicyTemplate(statement)) continue;
      if (hasConstrainingCondition(statement)) continue;
      const resources = broadResources(statement, resolver);
      if (resources.length === 0) continue;
      const actions = statementValues(statement.actions, resolver).known;
      // Action '*' on Resource '*' is administrator access: iam-wildcard-action says so, with the right words.
      if (actions.some((action) => EVERY_ACTION.test(action.text))) continue;
      const scope: ScopeContext = { statements, resolver, actionNames: actions.map((action) => action.text.toLowerCase()) };
      let needed: { resource: BroadResource; entries: StatementValue[]; reason: string } | undefined;
      let isReported = false;
      for (const resource of resources) {
        const scopable: Array<{ entry: StatementValue; type?: ResourceType }> = [];
        const neededHere: Array<{ entry: StatementValue; reason: string }> = [];
        for (const entry of actions) {
          if (!compatible(entry.when, resource.when)) continue;
          const verdict = verdictOf(entry.text, resource, statement, scope);
          if (verdict?.kind === 'scopable') scopable.push({ entry, type: verdict.type });
          else if (verdict?.kind === 'needed') neededHere.push({ entry, reason: verdict.reason });
        }
        if (scopable.length > 0) {
          const names = [...new Set(scopable.map((item) => item.entry.text))];
          // Once every call's resource is known from the template, the first fix scopes the Resource itself (and the
          // Action); the Action-only rewrite stays on offer.
          const scoped = resourceScopeOf(context, statement);
          const use = codeUseOf(context, statement);
          context.report({
            messageId: 'wildcardResource',
            data: {
              resource: resourceForMessage(resource),
              holder: holderOf(statement),
              actions: listForMessage(names),
              reach: reachForMessage(scopable[0].type),
              when: describeWhen([...resource.when, ...scopable[0].entry.when]),
              code: scoped?.text ?? use.text,
            },
            node: reportNode(statement, resource.node),
            resource: statement.resource,
            // A template's statements are SAM's expansion: no text of theirs to rewrite here.
            fixes: statement.policyTemplate ? [] : [...(scoped ? fixesOf(scoped) : []), ...fixesOf(use)],
            equivalents: [...otherToolChecks(context.model, statement), ...cloudsplainingEquivalents(context.model, statement, resource, scopable.map((item) => item.entry.text))],
          });
          isReported = true;
          break;
        }
        if (neededHere.length > 0 && !needed) needed = { resource, entries: neededHere.map((item) => item.entry), reason: neededHere[0].reason };
      }
      if (isReported || !needed) continue;
      context.report({
        messageId: 'wildcardResourceNeeded',
        data: {
          resource: resourceForMessage(needed.resource),
          holder: holderOf(statement),
          actions: listForMessage([...new Set(needed.entries.map((entry) => entry.text))]),
          reason: needed.reason,
          when: describeWhen([...needed.resource.when, ...needed.entries[0].when]),
        },
        node: reportNode(statement, needed.resource.node),
        resource: statement.resource,
        // cfn_nag and cdk-nag fail '*' even where it is the only value the actions take.
        equivalents: otherToolChecks(context.model, statement),
      });
    }
  },
});

type Verdict = { kind: 'scopable'; type?: ResourceType } | { kind: 'needed'; reason: string } | undefined;

/**
 * What an Action entry granted on a broad resource amounts to. An entry is
 * scopable when the action it names could name its resources and the resource
 * reaches all of them; a wildcard entry (`dynamodb:Get*`) when most of the
 * actions it matches are, so `ec2:Describe*` (a few of about 200 describe
 * actions take a resource) is not: `*` is the right resource there. Entries
 * AWS needs on `*` (scope-exceptions.ts) are `needed`; undefined: nothing to say.
 */
function verdictOf(pattern: string, resource: BroadResource, statement: IamStatement, scope: ScopeContext): Verdict {
  // What AWSLambdaBasicExecutionRole grants on '*': the same as attaching it.
  if (MANAGED_POLICY_EQUIVALENTS.has(pattern.toLowerCase())) return undefined;
  // `s3:*`: iam-wildcard-action already asks to list the actions and scope Resource; one finding is enough.
  if (WHOLE_SERVICE.test(pattern)) return undefined;
  const matched = expandActionPattern(pattern);
  if (!matched || matched.length === 0) return undefined;
  // Reported by iam-data-exfiltration, with what the entry can read; one finding per entry is enough.
  if (matched.some((action) => DATA_EXFILTRATION_ACTIONS.has(action.qualifiedName.toLowerCase()))) return undefined;
  const isWildcardEntry = /[*?]/.test(pattern);
  if (!isWildcardEntry) {
    const action = matched[0];
    if (!resource.isEverything && !reachOf(resource, action)) return undefined;
    const excuse = neededOnWildcard(action, statement, scope);
    if (excuse) return { kind: 'needed', reason: excuse.reason };
    if (!isScopable(action)) return undefined;
    if (isDeniedOnEveryResource(action, statement, scope)) return undefined;
    return { kind: 'scopable', type: reachOf(resource, action)?.type };
  }
  const candidates = resource.isEverything ? matched.filter(isScopable) : matched.filter((action) => reachOf(resource, action) !== undefined);
  const total = resource.isEverything ? matched.length : matched.filter((action) => resourceTypesOf(action).length > 0).length;
  if (candidates.length * 2 <= total) return undefined;
  const reached = candidates.find((action) => !neededOnWildcard(action, statement, scope));
  if (!reached) return undefined;
  return { kind: 'scopable', type: reachOf(resource, reached)?.type };
}

/**
 * True when the same role or policy denies the action, without a condition, on
 * every resource of each of its types: the Allow on `*` then reaches only what
 * has no ARN (`sns:Publish` to a phone number, with `Deny sns:Publish` on
 * `arn:aws:sns:*:*:*`), which is the narrowest grant IAM can write.
 */
function isDeniedOnEveryResource(action: IamAction, statement: IamStatement, scope: ScopeContext): boolean {
  const types = resourceTypesOf(action);
  if (types.length === 0) return false;
  return scope.statements.some((other) => {
    if (other.effect !== 'Deny' || other.isNotAction || other.resource !== statement.resource || other.origin !== statement.origin || other.condition) return false;
    if (!denies(other, action, scope.resolver)) return false;
    const denied = broadResources(other, scope.resolver);
    return types.every((type) => denied.some((resource) => resource.isEverything || coversType(resource, type)));
  });
}

function denies(statement: IamStatement, action: IamAction, resolver: Resolver): boolean {
  return statementValues(statement.actions, resolver).known.some((entry) => (expandActionPattern(entry.text) ?? []).some((candidate) => candidate.qualifiedName === action.qualifiedName));
}

/** True when a broad resource reaches every resource of this one type (reachOf names only the first type it reaches). */
function coversType(resource: BroadResource, type: ResourceType): boolean {
  const parts = parseArnPattern(resource.text);
  return parts !== undefined && reachesEveryResourceOfType(parts, type);
}

/**
 * The checks that fail any `'*'` in the statement's resources, whatever the actions:
 * - cfn_nag `W11`/`W12`/`W13` (IamRoleWildcardResourceOnPermissionsPolicyRule.rb, IamPolicyWildcardResourceRule.rb,
 *   IamManagedPolicyWildcardResourceRule.rb): an Allow statement of a role's, a policy's or a managed policy's
 *   document whose Resource holds a literal `*` (cfn-model's `wildcard_resources`); conditions are not read.
 *   Not an ARN pattern such as `arn:aws:s3:::*`, not a SAM function's Policies, not serverless.yml (support/cfn-nag.ts).
 * - cdk-nag `AwsSolutions-IAM5`: any `*` in the document of an IAM resource (support/cdk-nag.ts).
 */
function otherToolChecks(model: AppModel, statement: IamStatement): string[] {
  const checks: string[] = [];
  const cfnNag = cfnNagRuleFor(model, statement, ['W11', 'W12', 'W13']);
  if (cfnNag && hasLiteralStarResource(statement)) checks.push(cfnNag);
  if (isReadByCdkNagIam5(model, statement)) checks.push('AwsSolutions-IAM5');
  return checks;
}

/**
 * Checkov's cloudsplaining checks fail an IAM policy that allows, on a literal `Resource: '*'` and without any
 * Condition, actions of a given access level that accept resource ARNs: `CKV_AWS_111` for Write, `CKV_AWS_109`
 * for Permissions management (Checkov's `IAMWriteAccess` and `IAMPermissionsManagement`, which read
 * cloudsplaining's `write_actions_without_constraints` and `permissions_management_without_constraints`;
 * support/cloudsplaining.ts). A finding of ours on such a statement names them for the actions it reports.
 */
function cloudsplainingEquivalents(model: AppModel, statement: IamStatement, resource: BroadResource, actions: readonly string[]): string[] {
  const view = cloudsplainingView(statement, model.resolver);
  if (!resource.isEverything || !view || view.hasCondition) return [];
  const levels = new Set(actions.flatMap((text) => (expandActionPattern(text) ?? []).filter((action) => action.resourceTypes !== 'none').map((action) => effectiveAccessLevel(action))));
  return [...(levels.has('Write') ? ['CKV_AWS_111'] : []), ...(levels.has('Permissions management') ? ['CKV_AWS_109'] : [])];
}
