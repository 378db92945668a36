/**
 * Where the IAM rules part from the service authorization reference on
 * purpose, in one curated list with a reason per entry: actions that can name
 * a resource but need `*` in practice (reported at info, with the reason),
 * actions whose `*` is AWS's own managed policy (not reported), and actions
 * the reference lists without a resource type although the service authorises
 * them against an ARN (scopable). Data and small predicates only; the gap test
 * (scope-exceptions.test.ts) checks every entry against the shipped IAM data.
 */
import type { IamStatement } from '../../../server/src/engine/model/types';
import type { Resolver } from '../../../server/src/engine/resolve/resolver';
import { mapEntries, oneOrMany } from '../../../server/src/engine/parse/tree';
import type { IamAction } from '../../../server/src/engine/iam';

export interface NeededOnWildcard {
  /** Lower case, as keys elsewhere: `ec2:createnetworkinterface`. */
  action: string;
  /** Why `*` is the practical resource, for the message: completes "… on Resource '*': {{reason}}". */
  reason: string;
  /** When the exception holds (an SMS role); absent: always. */
  appliesTo?: (statement: IamStatement, context: ScopeContext) => boolean;
}

/** What a predicate may read besides its statement. */
export interface ScopeContext {
  statements: readonly IamStatement[];
  resolver: Resolver;
  /** The statement's own action entries, resolved (lower case). */
  actionNames: readonly string[];
}

const LAMBDA_VPC =
  "Lambda (and EventBridge Pipes) create and delete the network interfaces they use in a VPC with this role, before their ARNs exist, and AWS's own AWSLambdaVPCAccessExecutionRole grants these on '*'";

/**
 * Scopable in the reference, `*` in practice. Each is reported at info with its
 * reason instead of as a warning. Actions with no resource type at all
 * (`xray:PutTraceSegments`, `xray:PutTelemetryRecords`, `ec2:DescribeNetworkInterfaces`,
 * `sns:SetSMSAttributes`) need no entry: the action table already makes them
 * unscopable, and the gap test keeps them out of this list. `cloudwatch:PutMetricData`
 * (an optional dataset) is one of the action table's PLAIN_CALL_NEEDS_WILDCARD.
 */
export const NEEDED_ON_WILDCARD: readonly NeededOnWildcard[] = [
  // The five permissions of AWSLambdaVPCAccessExecutionRole; DescribeNetworkInterfaces takes no resource.
  { action: 'ec2:createnetworkinterface', reason: LAMBDA_VPC },
  { action: 'ec2:deletenetworkinterface', reason: LAMBDA_VPC },
  { action: 'ec2:assignprivateipaddresses', reason: LAMBDA_VPC },
  { action: 'ec2:unassignprivateipaddresses', reason: LAMBDA_VPC },
  // A text message goes to a phone number, which has no ARN: an SMS sender needs sns:Publish on '*'.
  // Only in a role that sends SMS, so a topic publisher on '*' stays a warning.
  { action: 'sns:publish', reason: 'a text message goes to a phone number, which has no ARN, so sending SMS needs sns:Publish on \'*\'', appliesTo: isSmsSender },
  // Its only resource types (stack, stack set) are optional: with TemplateBody or TemplateURL it names no resource.
  { action: 'cloudformation:gettemplatesummary', reason: 'called with a template body or URL it names no stack, so it needs \'*\'' },
];

/**
 * The Lambda basic execution permissions: AWS's AWSLambdaBasicExecutionRole
 * grants them on `*`, and a function that writes them out by hand is no broader
 * than one that attaches the policy. Not reported at all.
 */
export const MANAGED_POLICY_EQUIVALENTS: ReadonlySet<string> = new Set(['logs:createloggroup', 'logs:createlogstream', 'logs:putlogevents']);

/**
 * Actions the service authorization reference lists with no resource type,
 * although the service checks them against an ARN: `*` on them is a choice.
 * AppSync authorises its control-plane calls against the request path under
 * the API (`arn:aws:appsync:<region>:<account>:/v1/apis/<apiId>/apikeys` for
 * CreateApiKey, as AppSync's own AccessDenied message names it, aws/aws-cdk#26746),
 * so every call that names an API can be scoped to it. The gap test fails when
 * the reference adds a type to one of them (the entry is then redundant).
 */
export const SCOPABLE_DESPITE_REFERENCE: ReadonlyMap<string, string> = new Map(
  [
    'CreateApiKey', 'DeleteApiKey', 'UpdateApiKey',
    'CreateApiCache', 'DeleteApiCache', 'UpdateApiCache', 'FlushApiCache', 'GetApiCache',
    'CreateDataSource', 'DeleteDataSource', 'UpdateDataSource', 'GetDataSource',
    'CreateFunction', 'DeleteFunction', 'UpdateFunction', 'GetFunction',
    'CreateResolver', 'DeleteResolver', 'UpdateResolver', 'GetResolver',
    'CreateType', 'DeleteType', 'UpdateType', 'GetType',
    'GetGraphqlApiEnvironmentVariables', 'PutGraphqlApiEnvironmentVariables',
  ].map((name) => [`appsync:${name.toLowerCase()}`, 'arn:${Partition}:appsync:${Region}:${Account}:/v1/apis/${ApiId}/…']),
);

/** True when `Resource` could name ARNs for this action: the reference says so, or the service does (SCOPABLE_DESPITE_REFERENCE). */
export function isScopable(action: IamAction): boolean {
  return action.supportsResourceLevel || SCOPABLE_DESPITE_REFERENCE.has(action.qualifiedName.toLowerCase());
}

/** The entry of NEEDED_ON_WILDCARD that excuses this action in this statement, if any. */
export function neededOnWildcard(action: IamAction, statement: IamStatement, context: ScopeContext): NeededOnWildcard | undefined {
  const name = action.qualifiedName.toLowerCase();
  const entry = NEEDED_ON_WILDCARD.find((candidate) => candidate.action === name);
  if (!entry) return undefined;
  return !entry.appliesTo || entry.appliesTo(statement, context) ? entry : undefined;
}

/** SNS actions that only make sense for SMS: a statement with one of them belongs to an SMS sender. */
const SMS_ONLY_ACTIONS = new Set(['sns:setsmsattributes', 'sns:getsmsattributes', 'sns:checkifphonenumberisoptedout', 'sns:optinphonenumber', 'sns:listphonenumbersoptedout', 'sns:getsmssandboxaccountstatus', 'sns:listoriginationnumbers']);

/**
 * A role that sends SMS: Cognito's SMS role (trusted by `cognito-idp.amazonaws.com`,
 * named as a user pool's `SnsCallerArn`), or a statement that also grants an
 * SMS-only action.
 */
function isSmsSender(statement: IamStatement, context: ScopeContext): boolean {
  if (context.actionNames.some((name) => SMS_ONLY_ACTIONS.has(name))) return true;
  // The role that holds the statement: itself for an inline policy, the roles it is attached to for an AWS::IAM::Policy.
  const roles = [statement.resource, ...(statement.attachedTo?.roles ?? [])];
  return context.statements.some(
    (other) =>
      other.origin === 'resource-policy' &&
      other.resourcePolicy?.service === 'iam-role-trust' &&
      other.effect === 'Allow' &&
      other.resourcePolicy.targets.some((target) => roles.includes(target)) &&
      trustsService(other, context.resolver, 'cognito-idp.amazonaws.com'),
  );
}

function trustsService(statement: IamStatement, resolver: Resolver, service: string): boolean {
  for (const entry of mapEntries(statement.principal)) {
    if (String(entry.key.value) !== 'Service') continue;
    for (const value of oneOrMany(entry.value)) {
      for (const outcome of resolver.outcomes(value)) if (outcome.state === 'known' && outcome.value === service) return true;
    }
  }
  return false;
}

