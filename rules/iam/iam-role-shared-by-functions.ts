/**
 * One execution role shared by several functions, with permissions beyond
 * logging: every function gets the union of what all of them need. The
 * Serverless Framework's default (one provider role for every function) is
 * the usual source. Advice (info): it is a least-privilege design point, not
 * an exposure. Roles that only grant logging and tracing, and functions whose
 * role is outside the file, are not reported. Once the handlers' code is known
 * (`readsHandlerCode: 'refines'`), the functions of a Serverless provider role
 * (per-function `iamRoleStatements`) and SAM functions that share an
 * `AWS::IAM::Role` (`Policies` per function) get a fix that gives each its own
 * role with exactly what its code calls (`least-privilege/split-role.ts`), when
 * nothing could be lost.
 */
import { defineRule } from '../../server/src/engine';
import { awsManagedPolicyName } from '../../server/src/engine/model/sam-policy-templates';
import type { AppModel, IamStatement, ManagedPolicyAttachment } from '../../server/src/engine/model/types';
import { splitCloudFormationRoleFix } from '../../server/src/engine/least-privilege/split-cloudformation-role';
import { splitProviderRoleFix, splitSharedRoleFix } from '../../server/src/engine/least-privilege/split-role';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import type { TextRange } from '../../server/src/engine/types';

/** Below this many functions, sharing a role is common and cheap to live with (see the rule page for the corpus counts). */
const MIN_FUNCTIONS = 3;
/** What every function needs anyway: writing its logs and traces. */
const HOUSEKEEPING_ACTION = /^(?:logs:(?:CreateLogGroup|CreateLogStream|PutLogEvents|DescribeLogStreams|\*)|xray:(?:PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries|\*)|cloudwatch:PutMetricData)$/i;
const HOUSEKEEPING_POLICIES = new Set([
  'AWSLambdaBasicExecutionRole',
  'AWSLambdaVPCAccessExecutionRole',
  'AWSXRayDaemonWriteAccess',
  'AWSXrayWriteOnlyAccess',
  'AWSLambdaENIManagementAccess',
  'CloudWatchLambdaInsightsExecutionRolePolicy',
]);

interface SharedRole {
  /** `provider` for the Serverless provider role, else the role's logical id. */
  name: string;
  functions: Set<string>;
  statements: IamStatement[];
  managedPolicies: ManagedPolicyAttachment[];
}

export default defineRule({
  meta: {
    id: 'iam-role-shared-by-functions',
    title: 'One IAM role shared by many functions',
    category: 'iam',
    severity: 'info',
    confidence: 'medium',
    description:
      'When several functions share one execution role, each of them holds every permission any of them needs: a flaw in the smallest function reaches every table, queue and secret of the whole service.',
    remediation:
      'Give each function its own role with only what it uses: per-function `iamRoleStatements` (serverless-iam-roles-per-function plugin) or `iam.role` per function in Serverless, `Policies` per function in SAM, one role per function in CloudFormation.',
    equivalents: ['serverless-iam-roles-per-function'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-250',
      'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html',
      'https://docs.aws.amazon.com/wellarchitected/latest/serverless-applications-lens/identity-and-access-management.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      sharedProviderRole:
        'The provider role is shared by {{count}} functions ({{names}}) and grants {{grant}}: every function holds what any of them needs. Give functions their own roles (per-function iamRoleStatements).',
      sharedRole: 'Role {{role}} is used by {{count}} functions ({{names}}) and grants {{grant}}: every function holds what any of them needs. Give each function a role of its own.',
    },
    // Once the handlers' code is known: functions sharing a role each get their own, with what their code calls.
    fix: 'suggestion',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const model = context.model;
    for (const role of sharedRoles(model)) {
      if (role.functions.size < MIN_FUNCTIONS) continue;
      const grant = grantsBeyondHousekeeping(model, role);
      if (!grant) continue;
      const names = [...role.functions];
      const isProvider = role.name === 'provider';
      const range = isProvider ? providerRoleRange(model) : model.resources.find((resource) => resource.logicalId === role.name)?.keyRange;
      if (!range) continue;
      context.report({
        messageId: isProvider ? 'sharedProviderRole' : 'sharedRole',
        data: {
          role: role.name,
          count: names.length,
          names: names.length > 4 ? `${names.slice(0, 4).join(', ')} and ${names.length - 4} more` : names.join(', '),
          grant,
        },
        node: { range },
        resource: isProvider ? 'provider.iam.role' : role.name,
        fixes: splitFixes(context.handlers, model, role.name, isProvider),
      });
    }
  },
});

/** The fix that gives each function its own role, once the handlers are known (the Serverless provider role, SAM or CloudFormation functions sharing an AWS::IAM::Role). */
function splitFixes(handlers: Parameters<typeof splitSharedRoleFix>[2] | undefined, model: AppModel, role: string, isProvider: boolean) {
  const split = isProvider ? splitProviderRoleFix : model.kind === 'cloudformation' ? (m: AppModel, h: NonNullable<typeof handlers>) => splitCloudFormationRoleFix(m, role, h) : (m: AppModel, h: NonNullable<typeof handlers>) => splitSharedRoleFix(m, role, h);
  const fix = handlers ? split(model, handlers) : undefined;
  return fix ? [fix] : [];
}

/** The roles of this file that functions use, with what each grants. */
function sharedRoles(model: AppModel): SharedRole[] {
  const roles = new Map<string, SharedRole>();
  const roleOf = (name: string) => {
    const existing = roles.get(name);
    if (existing) return existing;
    const created: SharedRole = { name, functions: new Set(), statements: [], managedPolicies: [] };
    roles.set(name, created);
    return created;
  };
  const roleIds = new Set(model.resources.filter((resource) => resource.type === 'AWS::IAM::Role').map((resource) => resource.logicalId));
  for (const fn of model.functions) if (fn.roleReference && roleIds.has(fn.roleReference)) roleOf(fn.roleReference).functions.add(fn.name);
  for (const statement of model.iamStatements) {
    if (statement.origin === 'serverless-provider-role') {
      const role = roleOf('provider');
      role.statements.push(statement);
      statement.functions.forEach((name) => role.functions.add(name));
    } else if (statement.origin === 'iam-role-inline' && roleIds.has(statement.resource)) {
      roleOf(statement.resource).statements.push(statement);
    } else if (statement.origin === 'iam-policy' || statement.origin === 'iam-managed-policy') {
      for (const id of statement.attachedTo?.roles ?? []) if (roleIds.has(id)) roleOf(id).statements.push(statement);
    }
  }
  for (const attachment of model.managedPolicies) {
    if (attachment.origin === 'serverless-provider-role') {
      const role = roleOf('provider');
      role.managedPolicies.push(attachment);
      attachment.functions.forEach((name) => role.functions.add(name));
    } else if (attachment.origin === 'iam-role' && roleIds.has(attachment.resource)) {
      roleOf(attachment.resource).managedPolicies.push(attachment);
    }
  }
  return [...roles.values()];
}

/** Permissions beyond logs and traces, for the message (`dynamodb:Query, dynamodb:Scan and 3 more`); undefined when the role only does housekeeping (or nothing is known). */
function grantsBeyondHousekeeping(model: AppModel, role: SharedRole): string | undefined {
  const resolver = model.resolver;
  const grants = new Set<string>();
  for (const statement of role.statements) {
    if (statement.effect !== 'Allow') continue;
    if (statement.isNotAction) grants.add('every action but a few (NotAction)');
    else
      for (const action of statement.actions) {
        for (const outcome of resolver.outcomes(action)) {
          if (outcome.state === 'known' && typeof outcome.value === 'string' && !HOUSEKEEPING_ACTION.test(outcome.value.trim())) grants.add(outcome.value.trim());
        }
      }
  }
  for (const attachment of role.managedPolicies) {
    for (const outcome of resolver.outcomes(attachment.node)) {
      const name = awsManagedPolicyName(outcome, false);
      if (name && !HOUSEKEEPING_POLICIES.has(name)) grants.add(`the managed policy ${name}`);
    }
  }
  const list = [...grants];
  if (list.length === 0) return undefined;
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
}

/** `provider.iam.role` (or `provider.iamRoleStatements` / `iamManagedPolicies`) key: where the provider role is declared. */
function providerRoleRange(model: AppModel): TextRange | undefined {
  const provider = valueOf(model.document.root, 'provider');
  const iam = entryOf(provider, 'iam');
  return (iam ?? entryOf(provider, 'iamRoleStatements') ?? entryOf(provider, 'iamManagedPolicies'))?.key.range;
}
