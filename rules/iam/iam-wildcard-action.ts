/**
 * An Allow statement of an identity policy whose Action is `*`, `*:*` or a
 * whole service (`dynamodb:*`): every API of that service, including the
 * destructive and the privilege-changing ones. With `Resource: '*'`, Action
 * `*` is full administrator access. Deny statements, NotAction (a rule of its
 * own) and actions that cannot be resolved are not reported. Once the
 * functions' handler code is known (`readsHandlerCode: 'refines'`), a statement
 * whose use can be judged (as `iam-unused-permission` judges it: every function
 * on the role has a handler whose calls were all read) names the actions the
 * code calls, and the fix rewrites the Action to them.
 */
import { defineRule } from '../../server/src/engine';
import type { AppModel, IamStatement } from '../../server/src/engine/model/types';
import { describeWhen, type Outcome, type Resolved, type Resolver } from '../../server/src/engine/resolve/resolver';
import { isReadByCdkNagIam5 } from './support/cdk-nag';
import { cfnNagRuleFor } from './support/cfn-nag';
import { cloudsplainingView, failsCredentialsExposure, failsDataExfiltration, failsPermissionsManagement, failsPrivilegeEscalation, failsWriteAccess } from './support/cloudsplaining';
import { codeUseOf, fixesOf, type CodeUse } from './support/code-use';
import { CREDENTIAL_ACTIONS, DATA_EXFILTRATION_ACTIONS, ESCALATION_ACTIONS, holderOf, isPermissionsManagement, resourceForMessage, unconstrainedGrant } from './support/iam-statements';
import { failsSonarS6302 } from './support/sonar';
import { entryOf, isMap, isScalar, seqItems } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

const KICS_SERVERLESS_ROLE_FULL_PRIVILEGES = 'KICS:59ebb4f3-2a6c-46dc-b4f0-cc5418dcddcd';
const KICS_IAM_POLICY_FULL_PRIVILEGES = 'KICS:953b3cdb-ce13-428a-aa12-318726506661';

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
    messageSeverity: { wildcardAction: 'warning', wildcardActionOnEverything: 'warning' },
    confidence: 'high',
    description:
      "A wildcard action grants every API of a service, today's and those AWS adds later: `s3:*` includes DeleteBucket and PutBucketPolicy, `dynamodb:*` includes DeleteTable, and `*` includes IAM itself. Whoever controls the function (an injection, a vulnerable dependency) inherits all of it.",
    remediation:
      'List the actions the code calls (`dynamodb:GetItem`, `dynamodb:PutItem`, ...) and scope Resource to the ARNs it uses. IAM Access Analyzer can generate a policy from CloudTrail activity.',
    // The other tools' checks each read one kind of policy and one form of wildcard, so each finding names
    // those its statement would fail (see wildcardEquivalents); cdk-nag's IAM5 fails every wildcard of the IAM
    // resources it reads (support/cdk-nag.ts).
    equivalents: [],
    findingEquivalents: ['AwsSolutions-IAM5', 'CKV_AWS_49', 'CKV_AWS_63', 'CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_111', 'F3', 'F4', 'F5', 'S6302', KICS_SERVERLESS_ROLE_FULL_PRIVILEGES, KICS_IAM_POLICY_FULL_PRIVILEGES],
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
      wildcardAction: "Action '{{action}}' grants {{scope}} to {{holder}}{{when}}{{code}}.",
      wildcardActionOnEverything: "Action '{{action}}' on {{resource}} grants {{scope}} on every resource of the account to {{holder}}{{when}}, including {{includes}}{{code}}.",
      adminAccess: "This statement grants full administrator access to {{holder}}: Action '{{action}}' on Resource '*'{{when}}{{code}}.",
    },
    // Once the handlers' calls are known: the Action rewritten to the actions they call.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.effect !== 'Allow' || statement.isNotAction) continue;
      // A resource policy's wildcard is about who may call, not what a function may do; other rules read those.
      if (statement.origin === 'resource-policy') continue;
      let codeUse: CodeUse | undefined;
      for (const action of statement.actions) {
        const found = wildcardOf(resolver.outcomes(action));
        if (!found) continue;
        const wildcard = found.text;
        const isAdmin = EVERY_ACTION.test(wildcard) && !statement.isNotResource && statement.resources.some((resource) => knownStrings(resolver.outcomes(resource)).includes('*'));
        const service = WHOLE_SERVICE.exec(wildcard)?.[1];
        // `sqs:*` on Resource '*' without a limiting Condition: the narrower rules leave the entry to this finding, which
        // names what it includes and answers their checks (CKV_AWS_107 to CKV_AWS_110) for it.
        const { risks, resource } = !isAdmin && service ? risksOnEverything(context.model, statement, wildcard) : { risks: [], resource: undefined };
        codeUse ??= codeUseOf(context, statement);
        context.report({
          messageId: isAdmin ? 'adminAccess' : risks.length > 0 ? 'wildcardActionOnEverything' : 'wildcardAction',
          data: {
            action: wildcard,
            scope: service ? `every ${service.toLowerCase()} action` : 'every action of every AWS service',
            holder: holderOf(statement),
            // `Action: !If [IsDev, 's3:*', 's3:GetObject']`: the wildcard exists only on one branch.
            when: describeWhen(found.when),
            includes: listOf(risks.map((risk) => risk.text)),
            resource: resource ?? "Resource '*'",
            code: codeUse.text,
          },
          equivalents: [
            ...wildcardEquivalents(context.model, statement, wildcard, isAdmin),
            ...(failsSonarS6302(context.model, statement, action) ? ['S6302'] : []),
            ...(failsKicsServerlessRoleFullPrivileges(context.model, statement) ? [KICS_SERVERLESS_ROLE_FULL_PRIVILEGES] : []),
            ...(failsKicsIamPolicyFullPrivileges(context.model, statement) ? [KICS_IAM_POLICY_FULL_PRIVILEGES] : []),
            ...risks.filter((risk) => risk.fails).map((risk) => risk.check),
          ],
          // The nodes of a statement read from another file are not in this document.
          node: statement.isForeign ? { range: statement.range } : action,
          resource: statement.resource,
          fixes: fixesOf(codeUse),
        });
      }
    }
  },
});

/**
 * What a whole-service wildcard granted on Resource '*' (or on a pattern that
 * reaches every resource of its types, `arn:aws:s3:::*`) without a limiting
 * Condition includes, in the terms of the narrower IAM rules, each with the
 * Checkov check it answers, and the Resource entry it is granted on. Empty
 * when the grant is scoped or constrained.
 */
/** A risk a service wildcard on '*' includes, the Checkov check about it, and whether that check fails this statement. */
interface Risk {
  text: string;
  check: string;
  fails: boolean;
}

function risksOnEverything(model: AppModel, statement: IamStatement, wildcard: string): { risks: Risk[]; resource?: string } {
  const grant = unconstrainedGrant(statement, model.resolver);
  // Whether Checkov's check fails too: it reads only `AWS::IAM::*` policies, a literal '*', and for 109 no Condition at all.
  const view = cloudsplainingView(statement, model.resolver);
  const entry = grant?.entries.find((candidate) => candidate.entry.text === wildcard);
  if (!entry) return { risks: [] };
  const names = entry.actions.map((action) => action.qualifiedName.toLowerCase());
  const first = (set: ReadonlyMap<string, string>) => entry.actions.find((action) => set.has(action.qualifiedName.toLowerCase()))?.qualifiedName;
  const risks: Risk[] = [];
  const managingActions = entry.actions.filter(isPermissionsManagement);
  // A telling example: a grant of access (PutResourcePolicy, AddPermission) rather than a removal.
  const managing =
    managingActions.find((action) => WELL_KNOWN_GRANTS.has(action.qualifiedName)) ??
    managingActions.find((action) => /:(Put|Set|Add|Attach)\w*(Policy|Permission|Acl)$/.test(action.qualifiedName)) ??
    managingActions[0];
  if (managing) risks.push({ text: `permissions management (${managing.qualifiedName})`, check: 'CKV_AWS_109', fails: failsPermissionsManagement(view) });
  const reading = first(DATA_EXFILTRATION_ACTIONS);
  if (reading) risks.push({ text: `reading data (${reading})`, check: 'CKV_AWS_108', fails: failsDataExfiltration(view) });
  const exposing = first(CREDENTIAL_ACTIONS);
  if (exposing) risks.push({ text: `credentials (${exposing})`, check: 'CKV_AWS_107', fails: failsCredentialsExposure(view) });
  const escalating = first(ESCALATION_ACTIONS) ?? (names.includes('iam:passrole') ? 'iam:PassRole' : undefined);
  if (escalating) risks.push({ text: `privilege escalation (${escalating})`, check: 'CKV_AWS_110', fails: failsPrivilegeEscalation(model, statement, names) });
  return { risks, resource: resourceForMessage(entry.resource) };
}

/** Checkov's CKV_AWS_62 and CKV_AWS_63 read the inline policies of roles, users and groups and `AWS::IAM::Policy`, not managed policies. */
const CHECKOV_POLICY_DOCUMENT_ORIGINS = new Set<IamStatement['origin']>(['iam-role-inline', 'iam-policy', 'iam-user-inline', 'iam-group-inline']);

/**
 * The checks of other tools that fail this statement's wildcard, read from their source:
 * - Checkov `CKV_AWS_63` (CloudFormation) and `CKV_AWS_49` (serverless.yml `iamRoleStatements`) fail an
 *   exact `*` in Action, not `s3:*`; `CKV_AWS_62` and `CKV_AWS_1` fail `*` on Resource `*`.
 * - Action `*` on a literal Resource `*` grants every write, permissions-management, credential, read and
 *   escalation action: Checkov's cloudsplaining checks (`CKV_AWS_107` to `CKV_AWS_111`) fail it where they
 *   read it (support/cloudsplaining.ts: `AWS::IAM::*` resources only; 109 and 111 not with a Condition),
 *   and the narrower rules, whose equivalents they are, leave it to this finding.
 * - cfn_nag `F3`/`F4`/`F5` count `*` and `service:*` in a role's, a policy's or a managed policy's statements
 *   (support/cfn-nag.ts: not SAM functions' Policies, which its SAM transform drops, nor serverless.yml).
 * - cdk-nag `AwsSolutions-IAM5` fails any `*` in the policies of IAM resources (support/cdk-nag.ts).
 * - Sonar `S6302` reports a literal Action `*` (all privileges), whatever the resource, in the policies it
 *   collects from CloudFormation and SAM resources (support/sonar.ts; named by the caller, which has the entry).
 */
function wildcardEquivalents(model: AppModel, statement: IamStatement, wildcard: string, isAdmin: boolean): string[] {
  const isEveryAction = EVERY_ACTION.test(wildcard);
  const isServerless = statement.origin === 'serverless-provider-role' || statement.origin === 'serverless-function-role';
  const checks: string[] = [];
  if (isEveryAction && wildcard === '*') {
    if (isServerless) checks.push('CKV_AWS_49', ...(isAdmin ? ['CKV_AWS_1'] : []));
    if (CHECKOV_POLICY_DOCUMENT_ORIGINS.has(statement.origin)) checks.push('CKV_AWS_63', ...(isAdmin ? ['CKV_AWS_62'] : []));
  }
  if (isAdmin) {
    const view = cloudsplainingView(statement, model.resolver);
    if (failsCredentialsExposure(view)) checks.push('CKV_AWS_107');
    if (failsDataExfiltration(view)) checks.push('CKV_AWS_108');
    if (failsPermissionsManagement(view)) checks.push('CKV_AWS_109');
    // Action '*' grants each method's actions; PutRolePolicy alone is one of cloudsplaining's methods.
    if (failsPrivilegeEscalation(model, statement, ['iam:putrolepolicy'])) checks.push('CKV_AWS_110');
    if (failsWriteAccess(view)) checks.push('CKV_AWS_111');
  } else if (WHOLE_SERVICE.test(wildcard) && failsWriteAccess(cloudsplainingView(statement, model.resolver))) {
    // `sqs:*` on a literal '*' allows Write actions that can name a resource: CKV_AWS_111 fails, and
    // iam-wildcard-resource leaves a whole-service entry to this finding.
    checks.push('CKV_AWS_111');
  }
  if (isReadByCdkNagIam5(model, statement)) checks.push('AwsSolutions-IAM5');
  const cfnNag = cfnNagRuleFor(model, statement, ['F3', 'F4', 'F5']);
  if (cfnNag) checks.push(cfnNag);
  return checks;
}

/**
 * KICS's "Serverless Role With Full Privileges" (assets/queries/serverlessFW/serverless_role_with_full_privileges/query.rego)
 * reads the statements of `provider.iam.role.statements` in a serverless.yml (not `iamRoleStatements`, a function's
 * role or a `${file()}` list, and no variable resolved), and fails one whose effect is Allow (`common_lib.is_allow_effect`:
 * `Effect` absent, or `Allow` exactly; the newest copy also reads a lower-case `effect`) and whose `Resource` and `Action`
 * each contain `*` as a substring (`containsOrInArrayContains`: a string, or any string of a list). So `s3:Get*` on
 * `arn:aws:s3:::bucket/*` fails it too; our findings are the wildcard actions, and they name it when their statement
 * fails it as written.
 */
function failsKicsServerlessRoleFullPrivileges(model: AppModel, statement: IamStatement): boolean {
  if (model.kind !== 'serverless' || statement.origin !== 'serverless-provider-role' || statement.resource !== 'provider.iam.role' || statement.isForeign) return false;
  const declaration = statement.declaration;
  if (!isMap(declaration)) return false;
  return isKicsAllow(declaration) && containsStar(writtenEntry(declaration, 'Action')) && containsStar(writtenEntry(declaration, 'Resource'));
}

/**
 * KICS's "IAM Policies With Full Privileges" (assets/queries/cloudFormation/aws/iam_policies_with_full_privileges/query.rego)
 * reads the `PolicyDocument` statements (a map or a list) of `AWS::IAM::Policy` resources of a document's top-level
 * `Resources` (not roles' inline policies, managed policies, SAM `Policies` or serverless.yml), and fails an Allow
 * statement whose `Resource` and `Action` each equal `*` (`common_lib.equalsOrInArray`: the string, or an entry of a list;
 * no substring). A statement inside an `Fn::If` is an intrinsic map there, without `Action`: it passes.
 */
function failsKicsIamPolicyFullPrivileges(model: AppModel, statement: IamStatement): boolean {
  if (model.kind === 'serverless' || statement.origin !== 'iam-policy' || statement.isForeign || !isMap(statement.declaration)) return false;
  const policy = model.resources.find((resource) => resource.logicalId === statement.resource && resource.type === 'AWS::IAM::Policy');
  const document = policy?.properties && isMap(policy.properties) ? writtenEntry(policy.properties, 'PolicyDocument') : undefined;
  const statements = document && isMap(document) ? writtenEntry(document, 'Statement') : undefined;
  if (!statements || !(statements === statement.declaration || (statements.kind === 'seq' && seqItems(statements).includes(statement.declaration)))) return false;
  return isKicsAllow(statement.declaration) && equalsStar(writtenEntry(statement.declaration, 'Action')) && equalsStar(writtenEntry(statement.declaration, 'Resource'));
}

/** A key's value, absent when the key is missing or null (`common_lib.valid_key`). */
function writtenEntry(map: SourceNode, key: string): SourceNode | undefined {
  const value = entryOf(map, key)?.value;
  return value && !(isScalar(value) && value.value === null) ? value : undefined;
}

/**
 * `common_lib.is_allow_effect`: `Effect` absent, else exactly `Allow`. The newest library also accepts a lower-case
 * `effect: Allow` and rejects a lower-case one otherwise; without `Effect` we count it Allow only where both agree.
 */
function isKicsAllow(statement: SourceNode): boolean {
  const effect = writtenEntry(statement, 'Effect');
  const lowerEffect = writtenEntry(statement, 'effect');
  return effect ? isScalar(effect) && effect.value === 'Allow' : !lowerEffect || (isScalar(lowerEffect) && lowerEffect.value === 'Allow');
}

/** `equalsOrInArray(field, "*")`: the string `*`, or a list with it. */
function equalsStar(node: SourceNode | undefined): boolean {
  const holds = (item: SourceNode | null | undefined) => !!item && isScalar(item) && item.value === '*';
  if (!node) return false;
  return node.kind === 'seq' ? seqItems(node).some(holds) : holds(node);
}

/** `containsOrInArrayContains(field, "*")`: a string holding `*`, or a list with such a string. */
function containsStar(node: SourceNode | undefined): boolean {
  const holds = (item: SourceNode | null | undefined) => !!item && isScalar(item) && typeof item.value === 'string' && item.value.includes('*');
  if (!node) return false;
  return node.kind === 'seq' ? seqItems(node).some(holds) : holds(node);
}

/** The permissions-management actions a reader recognises first, when a wildcard includes one. */
const WELL_KNOWN_GRANTS = new Set(['iam:PutRolePolicy', 's3:PutBucketPolicy', 'kms:CreateGrant', 'sqs:AddPermission', 'sns:AddPermission', 'lambda:AddPermission', 'secretsmanager:PutResourcePolicy', 'dynamodb:PutResourcePolicy', 'logs:PutResourcePolicy']);

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

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

