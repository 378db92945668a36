/**
 * What each function's role grants, read from the template model: the statements that reach it
 * (Serverless provider and per-function statements, SAM `Policies` with policy templates expanded,
 * a role's inline policies, `AWS::IAM::Policy` and customer managed policies attached to it) and the
 * managed policies attached by ARN or name (those whose documents are bundled, `managed-policies.ts`,
 * by what they allow). It answers one question, "may this function call this
 * action?", with granted, not granted or unknown. Unknown whenever something reaches the role that
 * we cannot read (a role imported by ARN, a managed policy we hold no document for, an action list
 * built from a parameter), so that a finding saying "the role does not grant it" is never a guess.
 * Given the resource a call acts on, an Allow counts only when its Resource may match it
 * (`resource-match.ts`): a statement on another table's ARN does not grant a write to this one.
 */
import { effectiveAccessLevel, expandActionPattern, lookupAction, patternMatches, statementValues, type StatementValues } from '../iam';
import { awsManagedPolicyName } from '../model/sam-policy-templates';
import { MANAGED_POLICY_DOCUMENTS } from './managed-policies';
import { referencedLogicalId, SERVERLESS_GENERATED_ROLE, usesServerlessGeneratedRole } from '../model/cloudformation';
import { intrinsicName, isMap, isSeq, scalarText, valueOf } from '../parse/tree';
import type { SourceNode } from '../types';
import type { AppModel, IamStatement, LambdaFunction, ManagedPolicyAttachment } from '../model/types';
import type { TextRange } from '../types';
import { resourceShapeOf, type ResourceKind } from './resource-kinds';
import { patternsMayMatch, resourcePatterns, targetPattern, templateResourceArns } from './resource-match';

export interface GrantingStatement {
  statement: IamStatement;
  /** The Action (or NotAction) entries, resolved. */
  actions: StatementValues;
  /** The Resource (or NotResource) entries, resolved. */
  resources: StatementValues;
  /** The Resource entries as patterns to compare with a call's target (`resource-match.ts`); undefined: any resource. */
  resourcePatterns?: string[];
}

export interface FunctionGrants {
  functionName: string;
  /** Allow statements that reach the function's role. */
  allows: GrantingStatement[];
  /** Deny statements that reach it. */
  denies: GrantingStatement[];
  managedPolicies: ManagedPolicyAttachment[];
  /** AWS managed policies whose documents are bundled (`managed-policies.ts`): what they allow, and how far that list is trusted. */
  managedGrants: ManagedGrant[];
  /** Why the grant cannot be known completely; empty when every statement that reaches the role was read. */
  unknown: string[];
  /** The ARN pattern of each template resource whose ARN shape is known, by logical id, to compare Resource entries with. */
  resourceArns?: Record<string, string>;
}

export interface ManagedGrant {
  /** The policy's name: `AmazonS3ReadOnlyAccess`. */
  name: string;
  /** The attachment, to point at. */
  range: TextRange;
  actions: readonly string[];
  /** `read-only`: it may grant read actions not listed, and no write; `complete`: nothing else. */
  trust: 'complete' | 'read-only';
  /** The Resource entries as patterns (`resource-match.ts`); undefined: every resource. */
  resources?: string[];
}

/**
 * The same answer in a form that travels (to the analysis of a handler file, in another thread):
 * action patterns as text and where each statement is; no model nodes.
 */
export interface PermissionSummary {
  allows: Array<{ actions: string[]; isNotAction: boolean; hasUnknownActions: boolean; holder: string; range: TextRange; isForeign: boolean; resources?: string[] }>;
  /** Action patterns of Deny statements that apply whatever the condition and resource: `Resource: '*'`, no Condition. */
  alwaysDenied: string[];
  unknown: string[];
  /** The ARN pattern of each template resource, by logical id (shared by the functions of one template). */
  resourceArns?: Record<string, string>;
  /** Bundled read-only AWS managed policies: an action they do not list is "not granted" by them only when it writes. */
  readOnlyPolicies?: string[];
}

/** The template resource a call acts on, to compare with each statement's Resource. */
export interface GrantTarget {
  logicalId: string;
  /** Its CloudFormation type: `AWS::DynamoDB::Table`. */
  type: string;
  /** What of it the call acts on, when the call's input decides (`callTargetKind`: an index of the table); else the action's kind. */
  kind?: ResourceKind;
}

export type GrantAnswer =
  /** `by`: the role or policy holding the statement that grants it; `range`: that statement. */
  | { state: 'granted'; by: string; range: TextRange }
  /** `onOtherResources`: the statements that allow the action, but on resources that cannot be the target. */
  | { state: 'not-granted'; onOtherResources?: Array<{ by: string; range: TextRange; isForeign: boolean }> }
  | { state: 'unknown'; reason: string };

/** Statement origins that give permissions to a function's role (resource policies and users' or groups' policies do not). */
const ROLE_ORIGINS = new Set<IamStatement['origin']>(['serverless-provider-role', 'serverless-function-role', 'sam-policies', 'sam-policy-template', 'iam-role-inline', 'iam-policy', 'iam-managed-policy']);

/**
 * Managed policies whose effect on a function's own calls is known without their document: the VPC
 * execution role and ENI management grant CloudWatch Logs and network interfaces, X-Ray's write access
 * grants trace uploads, Lambda Insights its metrics; none of them grants an action of a service whose
 * calls are judged (`code-permission-not-granted`). The pollers' execution roles (SQS, Kinesis, DynamoDB,
 * MSK) do grant what a handler may call (`sqs:DeleteMessage`): their documents are bundled.
 */
const SERVICE_ONLY_MANAGED_POLICIES = new Set([
  'awslambdavpcaccessexecutionrole',
  'awslambdaenieventmanagementaccess',
  'awsxraydaemonwriteaccess',
  'awsxraywriteonlyaccess',
  'cloudwatchlambdainsightsexecutionrolepolicy',
]);

/** The grants of every function of the model, by function name. */
export function functionGrants(model: AppModel): Map<string, FunctionGrants> {
  const out = new Map<string, FunctionGrants>();
  const roleIds = new Set(model.resources.filter((resource) => resource.type === 'AWS::IAM::Role').map((resource) => resource.logicalId));
  const managedPolicyIds = new Set(model.resources.filter((resource) => resource.type === 'AWS::IAM::ManagedPolicy').map((resource) => resource.logicalId));
  const otherGrants = grantsNotModelled(model);
  const mixedRoles = functionsWithUncertainRole(model);
  const resourceArns = templateResourceArns(model);
  for (const fn of model.functions) {
    const unknown = [...roleUnknowns(model, fn, roleIds), ...otherGrants];
    if (mixedRoles.has(fn.name)) unknown.push('its iamRoleStatements may also inherit, or be replaced by, the provider\'s statements (serverless-iam-roles-per-function)');
    out.set(fn.name, { functionName: fn.name, allows: [], denies: [], managedPolicies: [], managedGrants: [], unknown, resourceArns });
  }
  // Read once per statement, not once per function it reaches.
  const patternsOf = (statement: IamStatement) => (statement.effect === 'Allow' ? resourcePatterns(model, statement.resources, statement.isNotResource) : undefined);
  for (const statement of model.iamStatements) {
    if (!ROLE_ORIGINS.has(statement.origin)) continue;
    const values = statementValues(statement.actions, model.resolver);
    const resources = statementValues(statement.resources, model.resolver);
    let patterns: string[] | undefined;
    for (const name of statement.functions) {
      const grants = out.get(name);
      if (!grants) continue;
      if (statement.effect === 'unknown') {
        grants.unknown.push(`a statement of ${statement.resource} has an Effect that cannot be resolved`);
        continue;
      }
      if (statement.isForeign && statement.origin !== 'sam-policy-template' && statement.policyTemplate === undefined && values.known.length === 0) {
        grants.unknown.push(`a statement of ${statement.resource} is defined in another file that could not be read`);
        continue;
      }
      if (values.hasUnknown && statement.effect === 'Allow') grants.unknown.push(`a statement of ${statement.resource} lists actions that cannot be resolved`);
      patterns ??= patternsOf(statement);
      (statement.effect === 'Allow' ? grants.allows : grants.denies).push({ statement, actions: values, resources, ...(patterns ? { resourcePatterns: patterns } : {}) });
    }
  }
  for (const attachment of model.managedPolicies) {
    if (attachment.origin === 'iam-user' || attachment.origin === 'iam-group') continue;
    for (const name of attachment.functions) {
      const grants = out.get(name);
      if (!grants) continue;
      grants.managedPolicies.push(attachment);
      const bundled = bundledDocumentOf(model, attachment);
      if (bundled) {
        grants.managedGrants.push({ name: bundled.name, range: attachment.range, actions: bundled.document.allows, trust: bundled.document.trust });
        continue;
      }
      const reason = managedPolicyUnknown(model, attachment, managedPolicyIds);
      if (reason) grants.unknown.push(reason);
    }
  }
  // What the format adds to a generated role for the function's event sources (SAM's pollers' policies, the Framework's statements).
  for (const fn of model.functions) out.get(fn.name)?.managedGrants.push(...eventSourceGrants(model, fn));
  // A customer managed policy of this template attached through a role's `ManagedPolicyArns: [!Ref Policy]`: its statements reach the role too.
  for (const grants of out.values()) {
    for (const attachment of grants.managedPolicies) {
      const local = localPolicyId(model, attachment, managedPolicyIds);
      if (!local) continue;
      for (const statement of model.iamStatements) {
        if (statement.origin !== 'iam-managed-policy' || statement.resource !== local || statement.functions.includes(grants.functionName)) continue;
        const values = statementValues(statement.actions, model.resolver);
        const resources = statementValues(statement.resources, model.resolver);
        const patterns = patternsOf(statement);
        if (statement.effect === 'Allow' || statement.effect === 'Deny') (statement.effect === 'Allow' ? grants.allows : grants.denies).push({ statement, actions: values, resources, ...(patterns ? { resourcePatterns: patterns } : {}) });
      }
    }
  }
  return out;
}

/**
 * Whether the function's role may call `action` (`dynamodb:GetItem`): on some resource, or, given
 * `target`, on that resource of the template. An Allow whose Resource cannot match the target does not
 * grant the call; one whose Resource cannot be read (a parameter, an import) may, and counts.
 */
export function isActionGranted(grants: FunctionGrants | PermissionSummary, action: string, target?: GrantTarget): GrantAnswer {
  const summary = 'alwaysDenied' in grants ? grants : permissionSummaryOf(grants);
  if (summary.alwaysDenied.some((pattern) => patternMatches(pattern, action))) return { state: 'not-granted' };
  const wanted = target && summary.resourceArns ? targetPattern(summary.resourceArns, target, target.kind ?? resourceShapeOf(action).kind) : undefined;
  const elsewhere: Array<{ by: string; range: TextRange; isForeign: boolean }> = [];
  for (const allow of summary.allows) {
    const matched = allow.actions.some((pattern) => patternMatches(pattern, action));
    // NotAction: everything except the listed actions.
    if (!(allow.isNotAction ? !matched && !allow.hasUnknownActions : matched)) continue;
    if (wanted !== undefined && allow.resources && !allow.resources.some((pattern) => patternsMayMatch(pattern, wanted))) {
      elsewhere.push({ by: allow.holder, range: allow.range, isForeign: allow.isForeign });
      continue;
    }
    return { state: 'granted', by: allow.holder, range: allow.range };
  }
  if (summary.unknown.length > 0) return { state: 'unknown', reason: summary.unknown[0] };
  // A read-only AWS managed policy may grant read actions added after its bundled version, never a write.
  const readOnly = summary.readOnlyPolicies?.[0];
  if (readOnly !== undefined && !isWriteAction(action)) return { state: 'unknown', reason: `the AWS managed policy ${readOnly} may grant read actions that its bundled document does not list` };
  return elsewhere.length > 0 ? { state: 'not-granted', onOtherResources: elsewhere } : { state: 'not-granted' };
}

/** The travelling form of a function's grants. */
export function permissionSummaryOf(grants: FunctionGrants): PermissionSummary {
  return {
    allows: [
      ...grants.allows.map(({ statement, actions, resourcePatterns: patterns }) => ({
        actions: actions.known.map((value) => value.text),
        isNotAction: statement.isNotAction,
        hasUnknownActions: actions.hasUnknown,
        holder: statement.resource,
        range: statement.range,
        isForeign: statement.isForeign,
        ...(patterns ? { resources: patterns } : {}),
      })),
      // Each bundled managed policy as one Allow on every resource; its attachment is where it is shown.
      ...grants.managedGrants.map((grant) => ({ actions: [...grant.actions], isNotAction: false, hasUnknownActions: false, holder: grant.name, range: grant.range, isForeign: false, ...(grant.resources ? { resources: grant.resources } : {}) })),
    ],
    // Only a Deny that surely applies makes an answer "not granted": no condition, every resource, every action known.
    alwaysDenied: grants.denies
      .filter((deny) => !deny.statement.condition && !deny.statement.isNotResource && !deny.statement.isNotAction && !deny.actions.hasUnknown && !deny.resources.hasUnknown && deny.resources.known.some((value) => value.text === '*' && value.when.length === 0))
      .flatMap((deny) => deny.actions.known.filter((value) => value.when.length === 0).map((value) => value.text)),
    unknown: [...grants.unknown],
    ...(grants.resourceArns ? { resourceArns: grants.resourceArns } : {}),
    ...(grants.managedGrants.some((grant) => grant.trust === 'read-only') ? { readOnlyPolicies: grants.managedGrants.filter((grant) => grant.trust === 'read-only').map((grant) => grant.name) } : {}),
  };
}

/** Whether an action writes, deletes, tags or manages permissions: what no read-only policy grants. Unknown actions count as reads. */
function isWriteAction(action: string): boolean {
  const known = lookupAction(action);
  if (!known) return false;
  const level = effectiveAccessLevel(known);
  return level === 'Write' || level === 'Permissions management' || level === 'Tagging';
}

/**
 * What the format adds by itself to a function's generated role for its event sources, read from the
 * function's declaration. SAM attaches the AWS managed policy of each poller (`AWSLambdaSQSQueueExecutionRole`
 * for an SQS event, the Kinesis, DynamoDB and MSK ones likewise), on every resource. The Serverless Framework
 * adds statements on the event's ARN: `sqs:ReceiveMessage`, `sqs:DeleteMessage` and `sqs:GetQueueAttributes`
 * for an `sqs` event, the stream reads for a `stream` event. Broker sources (MQ, Kafka, DocumentDB) read
 * their credentials' secret: `secretsmanager:GetSecretValue` is taken as granted on any resource, which can
 * only silence a finding. A role the function names gets nothing of this.
 */
function eventSourceGrants(model: AppModel, fn: LambdaFunction): ManagedGrant[] {
  if (fn.roleReference !== undefined) return [];
  const out: ManagedGrant[] = [];
  const broker = (range: TextRange, label: string) => out.push({ name: `the role's access to the credentials of ${label}`, range, actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'kms:Decrypt'], trust: 'complete' });
  if (model.kind === 'sam') {
    const events = valueOf(valueOf(fn.declaration, 'Properties'), 'Events');
    if (!isMap(events)) return out;
    for (const entry of events.entries) {
      const type = scalarText(valueOf(entry.value, 'Type'));
      const policy = type ? SAM_POLLER_POLICIES[type] : undefined;
      const document = policy ? MANAGED_POLICY_DOCUMENTS.get(policy.toLowerCase()) : undefined;
      if (policy && document) out.push({ name: `${policy} (SAM attaches it for the ${type} event ${entry.key.value})`, range: entry.key.range, actions: document.allows, trust: document.trust });
      if (type && /^(MQ|MSK|SelfManagedKafka|DocumentDB)$/.test(type)) broker(entry.key.range, `the ${type} event ${entry.key.value}`);
    }
    return out;
  }
  if (model.kind !== 'serverless') return out;
  // A service with a WebSocket route: the Framework lets its generated role post to any connection
  // (`execute-api:ManageConnections` on `arn:${AWS::Partition}:execute-api:*:*:*/@connections/*`: the websockets compiler's `compileApi`).
  if (model.functions.some(hasWebSocketEvent)) out.push({ name: "the Serverless Framework's statement for the service's WebSocket API", range: fn.nameRange, actions: ["execute-api:ManageConnections"], trust: 'complete' });
  const events = valueOf(fn.declaration, 'events');
  if (!isSeq(events)) return out;
  for (const item of events.items) {
    if (!isMap(item)) continue;
    for (const entry of item.entries) {
      const kind = String(entry.key.value);
      const value = entry.value;
      if (kind === 'sqs' || kind === 'stream') {
        // `- sqs: arn:...` or `- sqs: { arn: ... }`.
        const arn = isMap(value) && !intrinsicName(value) ? valueOf(value, 'arn') : value;
        if (arn === undefined || arn === null) continue;
        const resources = resourcePatterns(model, [arn], false);
        const actions = kind === 'sqs' ? SERVERLESS_SQS_ACTIONS : streamActions(model, value, arn);
        out.push({ name: `the Serverless Framework's statement for the ${kind} event of ${fn.name}`, range: entry.key.range, actions, trust: 'complete', ...(resources && !resources.includes('*') ? { resources } : {}) });
        // A Kinesis consumer is subscribed to on its own ARN.
        if (kind === 'stream' && isMap(value) && valueOf(value, 'consumer') !== undefined) out.push({ name: `the Serverless Framework's statement for the stream consumer of ${fn.name}`, range: entry.key.range, actions: ['kinesis:SubscribeToShard'], trust: 'complete' });
      } else if (/^(msk|kafka|activemq|rabbitmq)$/.test(kind)) {
        broker(entry.key.range, `the ${kind} event of ${fn.name}`);
      }
    }
  }
  return out;
}

function hasWebSocketEvent(fn: LambdaFunction): boolean {
  const events = valueOf(fn.declaration, 'events');
  return isSeq(events) && events.items.some((item) => isMap(item) && item.entries.some((entry) => entry.key.value === 'websocket'));
}

/** The AWS managed policy SAM attaches to a generated role for each poller event type. */
const SAM_POLLER_POLICIES: Readonly<Record<string, string>> = {
  SQS: 'AWSLambdaSQSQueueExecutionRole',
  Kinesis: 'AWSLambdaKinesisExecutionRole',
  DynamoDB: 'AWSLambdaDynamoDBExecutionRole',
  MSK: 'AWSLambdaMSKExecutionRole',
};

/** What the Serverless Framework allows on an `sqs` event's queue (`lib/plugins/aws/package/compile/events/sqs.js`). */
const SERVERLESS_SQS_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'];
const SERVERLESS_DYNAMODB_STREAM_ACTIONS = ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'];
/** Kinesis, with or without a consumer (`stream.js` grants `DescribeStream` and `ListStreams` without, `DescribeStreamSummary` and `ListShards` with). */
const SERVERLESS_KINESIS_ACTIONS = ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:ListStreams', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards'];

/** The read actions the Framework allows on a `stream` event's ARN: by its `type`, else by the ARN's service; both when neither says. */
function streamActions(model: AppModel, event: SourceNode | null | undefined, arn: SourceNode): string[] {
  const declared = isMap(event) ? scalarText(valueOf(event, 'type')) : undefined;
  const arnText = model.resolver.resolve(arn);
  const text = arnText.state === 'known' && typeof arnText.value === 'string' ? arnText.value : arnText.state === 'partial' ? arnText.text : '';
  const referenced = referencedLogicalId(arn);
  const referencedType = referenced ? model.resources.find((resource) => resource.logicalId === referenced)?.type : undefined;
  const type = declared ?? (/^arn:[^:]*:dynamodb:/.test(text) || referencedType === 'AWS::DynamoDB::Table' ? 'dynamodb' : /^arn:[^:]*:kinesis:/.test(text) || referencedType === 'AWS::Kinesis::Stream' ? 'kinesis' : undefined);
  if (type === 'dynamodb') return SERVERLESS_DYNAMODB_STREAM_ACTIONS;
  if (type === 'kinesis') return SERVERLESS_KINESIS_ACTIONS;
  return [...SERVERLESS_DYNAMODB_STREAM_ACTIONS, ...SERVERLESS_KINESIS_ACTIONS];
}

/** The bundled document of the AWS managed policy an attachment names, when it names one (by ARN in any partition, or a bare name in SAM). */
function bundledDocumentOf(model: AppModel, attachment: ManagedPolicyAttachment) {
  const outcomes = model.resolver.outcomes(attachment.node);
  if (outcomes.length !== 1) return undefined;
  const name = awsManagedPolicyName(outcomes[0], attachment.origin === 'sam-policies');
  const document = name ? MANAGED_POLICY_DOCUMENTS.get(name.toLowerCase()) : undefined;
  return name && document ? { name, document } : undefined;
}

/**
 * Resources that add permissions to roles in ways the model does not read yet: a policy whose `Roles` entry
 * cannot be matched to a role of the template, `AWS::IAM::RolePolicy`
 * (an inline policy declared on its own), SAM connectors (`AWS::Serverless::Connector`, or a function's
 * `Connectors`). While a template has one, no answer about its functions is "not granted".
 */
function grantsNotModelled(model: AppModel): string[] {
  const reasons: string[] = [];
  // A policy attached to a role named by a value that cannot be read (`Fn::Select` of a split ARN) may be any role's.
  const policies = new Map<string, string[]>();
  for (const statement of model.iamStatements) {
    const unresolved = statement.attachedTo?.unresolvedRoles;
    if ((statement.origin === 'iam-policy' || statement.origin === 'iam-managed-policy') && unresolved && unresolved.length > 0) policies.set(statement.resource, unresolved);
  }
  for (const [policy, entries] of policies) reasons.push(`${policy} is attached to a role named by a value that cannot be matched to a role of this template (${entries.join(', ')})`);
  const types = new Set(model.resources.map((resource) => resource.type));
  if (types.has('AWS::IAM::RolePolicy')) reasons.push('the template declares AWS::IAM::RolePolicy resources, which are not read yet');
  if (types.has('AWS::Serverless::Connector') || model.resources.some((resource) => resource.type === 'AWS::Serverless::Function' && resource.properties?.entries.some((entry) => entry.key.value === 'Connectors'))) {
    reasons.push('the template declares SAM connectors, which grant permissions that are not read yet');
  }
  return reasons;
}

/**
 * Serverless functions with their own `iamRoleStatements` whose role is not those statements alone:
 * the `serverless-iam-roles-per-function` plugin is not listed (the framework then ignores them and
 * the function uses the provider role), or it is told to inherit the provider's statements
 * (`iamRoleStatementsInherit: true` on the function, or `defaultInherit: true` in its custom settings).
 */
export function functionsWithUncertainRole(model: AppModel): Set<string> {
  const out = new Set<string>();
  if (model.kind !== 'serverless') return out;
  const root = model.document.root;
  const plugins = valueOf(root, 'plugins');
  const pluginNames = isSeq(plugins) ? plugins.items.map((item) => scalarText(item)) : isMap(plugins) ? seqOf(valueOf(plugins, 'modules')).map((item) => scalarText(item)) : [];
  const hasPlugin = pluginNames.includes('serverless-iam-roles-per-function');
  // true, false, 'unknown' (a variable), or undefined when not set.
  const flag = (node: SourceNode | null | undefined): boolean | 'unknown' | undefined => {
    if (node === undefined) return undefined;
    const resolved = model.resolver.resolve(node);
    return resolved.state === 'known' && typeof resolved.value === 'boolean' ? resolved.value : 'unknown';
  };
  const defaultInherit = flag(valueOf(valueOf(valueOf(root, 'custom'), 'serverless-iam-roles-per-function'), 'defaultInherit'));
  for (const fn of model.functions) {
    if (valueOf(fn.declaration, 'iamRoleStatements') === undefined) continue;
    const own = flag(valueOf(fn.declaration, 'iamRoleStatementsInherit'));
    const inherits = own === undefined ? defaultInherit !== undefined && defaultInherit !== false : own !== false;
    if (!hasPlugin || inherits) out.add(fn.name);
  }
  return out;
}

function seqOf(node: SourceNode | null | undefined): SourceNode[] {
  return isSeq(node) ? node.items : [];
}

/** Why a function's role cannot be read from this template, if it cannot. */
function roleUnknowns(model: AppModel, fn: LambdaFunction, roleIds: ReadonlySet<string>): string[] {
  // `resources` may override or extend the generated role (merged into it at deploy): what it then grants is not read.
  if (usesServerlessGeneratedRole(model, fn) && generatedRoleOverridden(model)) return [`the template overrides the generated role ${SERVERLESS_GENERATED_ROLE} in resources`];
  // serverless-lift's constructs (a queue, a bucket, a table...) add statements to the generated role at package time.
  if (usesServerlessGeneratedRole(model, fn) && hasLiftConstructs(model)) return ['serverless-lift constructs add statements to the generated role that this template does not show'];
  const reference = fn.roleReference;
  if (reference === undefined || roleIds.has(reference)) return [];
  if (model.kind === 'serverless' && !reference.startsWith('arn:') && !/[${}]/.test(reference)) {
    // `provider.iam.role: myRole` names a role in `resources.Resources`; one that is not there is defined elsewhere.
    return [`its role ${reference} is not defined in this file`];
  }
  return [`its role is ${reference.startsWith('arn:') ? `an existing role (${reference})` : `defined elsewhere (${reference})`}`];
}

/** A serverless.yml with serverless-lift `constructs`: each grants the service's functions access to what it creates (a queue's SendMessage, a bucket's objects). */
function hasLiftConstructs(model: AppModel): boolean {
  if (model.kind !== 'serverless') return false;
  const constructs = valueOf(model.document.root, 'constructs');
  return constructs !== undefined && constructs !== null && !(isMap(constructs) && constructs.entries.length === 0);
}

/** True when a serverless.yml declares `resources.Resources.IamRoleLambdaExecution` or `resources.extensions.IamRoleLambdaExecution`. */
export function generatedRoleOverridden(model: AppModel): boolean {
  if (model.kind !== 'serverless') return false;
  if (model.resources.some((resource) => resource.logicalId === SERVERLESS_GENERATED_ROLE)) return true;
  const resources = valueOf(model.document.root, 'resources');
  const fragments = isSeq(resources) ? resources.items : [resources];
  return fragments.some((fragment) => valueOf(valueOf(fragment, 'Resources'), SERVERLESS_GENERATED_ROLE) !== undefined || valueOf(valueOf(fragment, 'extensions'), SERVERLESS_GENERATED_ROLE) !== undefined);
}

/** The logical id of a customer managed policy of this template that an attachment names, if it does. */
function localPolicyId(model: AppModel, attachment: ManagedPolicyAttachment, managedPolicyIds: ReadonlySet<string>): string | undefined {
  // `!Ref Policy` of an AWS::IAM::ManagedPolicy resolves to its ARN, which the resolver leaves unknown with the reference.
  const id = referencedLogicalId(attachment.node);
  if (id && managedPolicyIds.has(id)) return id;
  const resolved = model.resolver.resolve(attachment.node);
  const reference = resolved.state === 'unknown' ? resolved.reference : undefined;
  const target = reference?.startsWith('resource:') ? reference.slice('resource:'.length) : undefined;
  return target && managedPolicyIds.has(target) ? target : undefined;
}

function managedPolicyUnknown(model: AppModel, attachment: ManagedPolicyAttachment, managedPolicyIds: ReadonlySet<string>): string | undefined {
  if (localPolicyId(model, attachment, managedPolicyIds)) return undefined;
  const name = managedPolicyName(model, attachment);
  if (name && SERVICE_ONLY_MANAGED_POLICIES.has(name.toLowerCase())) return undefined;
  return `managed policy ${name ?? 'named by a value that cannot be resolved'} is attached, and its document is not known here`;
}

function managedPolicyName(model: AppModel, attachment: ManagedPolicyAttachment): string | undefined {
  for (const outcome of model.resolver.outcomes(attachment.node)) {
    if (outcome.state !== 'known' || typeof outcome.value !== 'string') continue;
    const text = outcome.value.trim();
    // `arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`, or a bare name in SAM `Policies`.
    const arn = /^arn:[^:]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(text);
    return arn ? arn[1] : text;
  }
  return undefined;
}

/** The concrete actions an Allow entry grants (wildcards expanded); undefined when it cannot be expanded. */
export function grantedActionsOf(granting: GrantingStatement): string[] | undefined {
  if (granting.statement.isNotAction || granting.actions.hasUnknown) return undefined;
  const out = new Set<string>();
  for (const value of granting.actions.known) {
    const expanded = expandActionPattern(value.text);
    if (!expanded) return undefined;
    for (const action of expanded) out.add(action.qualifiedName);
  }
  return [...out].sort();
}
