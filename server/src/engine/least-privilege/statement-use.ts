/**
 * Which actions of a role statement its functions' code uses, judged from what each function's
 * handler calls (`HandlerCodeSummary.actions`, with side permissions counted as possibly used) and
 * what Lambda itself does with the role (logs, tracing, VPC interfaces, keys, event-source polling,
 * dead-letter and destination sends). Undefined whenever the answer is not certain: a function on the
 * role whose calls were not all read, a role something else may assume, layers, actions that depend
 * on a parameter or a condition. `iam-unused-permission` reports on it, and the join refines the
 * wildcard findings with it. Pure.
 */
import { indentUnitOf, jsonValue, lineIndentOf, valueText } from '../fix/edits';
import { effectiveAccessLevel, expandActionPattern, isExpandedPolicyTemplate, lookupAction, statementValues } from '../iam';
import { SAM_POLICY_TEMPLATES } from '../model/sam-policy-templates';
import type { AppModel, IamStatement } from '../model/types';
import { intrinsicName, isMap, isSeq, valueOf } from '../parse/tree';
import type { HandlerCodeSummary } from '../project/handler-code';
import { functionsWithUncertainRole, generatedRoleOverridden } from './grants';
import { SERVERLESS_GENERATED_ROLE, usesServerlessGeneratedRole } from '../model/cloudformation';
import { patternsMayMatch, resourcePatterns, templateResourceArns } from './resource-match';
import type { PolicyResource } from './policy';
import type { Fix, MapEntry, SourceNode, TextEdit } from '../types';

/** Statement origins that give permissions to functions' roles, and that the user wrote. */
export const ROLE_ORIGINS = new Set<IamStatement['origin']>(['serverless-provider-role', 'serverless-function-role', 'sam-policies', 'iam-role-inline', 'iam-policy', 'iam-managed-policy']);

/**
 * Services in which Lambda itself calls a few actions with the function's role (`LAMBDA_OWN_ACTIONS`): a wildcard
 * within one of them (`logs:*`, `kms:*`) is rewritten to those actions and the used ones, never to nothing.
 */
const LAMBDA_OWN_SERVICES = new Set(['logs', 'xray', 'ec2', 'kms']);

/** Actions an event-source mapping or an asynchronous invocation performs with the function's role. */
const PLATFORM_ACTIONS = new Set(
  [
    'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility',
    'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer',
    'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams',
  ].map((action) => action.toLowerCase()),
);

/**
 * What Lambda itself calls with the function's role in those services: its logs, trace uploads (and the
 * X-Ray SDK's sampling reads), the network interfaces of a function in a VPC, the environment's key.
 */
const LAMBDA_OWN_ACTIONS = new Set(
  [
    'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
    'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries',
    'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses',
    'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups', 'ec2:DescribeVpcs',
    'kms:Decrypt',
  ].map((action) => action.toLowerCase()),
);

/** Sends a dead-letter queue or an on-failure destination makes with the function's role. */
const DESTINATION_ACTIONS = new Set(['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'].map((action) => action.toLowerCase()));

export interface StatementUse {
  /** The functions the statement reaches. */
  functions: string[];
  /** Granted actions their code calls, in IAM's spelling, sorted. */
  used: string[];
  /** Granted actions their code does not call but its calls may need as side permissions (an encrypted table's key), sorted; never unused. */
  side?: string[];
  /** Granted actions nothing uses (neither the code nor Lambda), sorted. */
  unused: string[];
  /** Of `unused`, those that write, delete, tag or manage permissions. */
  unusedWrites: string[];
  /** Granted actions the code does not call but Lambda itself does for the function (logs, tracing, event-source polling), sorted. */
  platform: string[];
  /** The Action entries that grant exactly what is used: exact entries kept as written, wildcards replaced by the used actions they cover. */
  kept: string[];
  /** Granted actions the code calls, but only on resources this statement's Resource cannot reach (so counted in `unused`), sorted. */
  usedElsewhere?: string[];
  /** The statement's `Action` entry, to underline and to rewrite. */
  actionEntry?: MapEntry;
  actionNode?: SourceNode | null;
}

/** The judgement of one Allow statement of a function role, or undefined when it cannot be certain. */
export function statementUse(model: AppModel, statement: IamStatement, handlers: ReadonlyMap<string, HandlerCodeSummary>, options: { policyTemplate?: boolean } = {}): StatementUse | undefined {
  // A SAM policy template's statements are SAM's (synthesised, so foreign): judged only as a whole template (`policyTemplateUse`).
  const isTemplate = isExpandedPolicyTemplate(statement);
  if (options.policyTemplate ? !isTemplate : !ROLE_ORIGINS.has(statement.origin) || statement.isForeign || isTemplate) return undefined;
  if (statement.effect !== 'Allow' || statement.isNotAction) return undefined;
  const functions = statement.functions;
  if (functions.length === 0 || !servesOnly(model, statement)) return undefined;
  // A policy attached to the Serverless generated role (`Roles: [!Ref IamRoleLambdaExecution]`) is as uncertain as the
  // provider's statements: a function with statements of its own may or may not run with that role.
  const onGeneratedRole = statement.origin === 'serverless-provider-role' || (statement.attachedTo?.roles.some((role) => isServerlessGeneratedRole(model, role)) ?? false);
  const summaries = completeCodeOf(model, functions, onGeneratedRole, handlers);
  if (!summaries) return undefined;
  const facts = factsOf(model);
  const values = statementValues(statement.actions, model.resolver);
  if (values.hasUnknown || values.known.length === 0 || values.known.some((value) => value.when.length > 0)) return undefined;
  // Side permissions (an encrypted object's key, an ACL a request may set) may be used: never called unused.
  const calledAnywhere = new Set(summaries.flatMap((summary) => [...(summary.actions ?? []), ...(summary.sideActions ?? [])]).map((action) => action.toLowerCase()));
  // An action the code calls only on resources this statement's Resource cannot reach is not used through it:
  // `dynamodb:DeleteItem` on table B is unused when the code deletes only from table A (another statement's).
  const usedElsewhereOnly = calledOnlyElsewhere(model, statement, summaries);
  const usedByCode = new Set([...calledAnywhere].filter((action) => !usedElsewhereOnly.has(action)));
  // What the code calls itself: a side permission (`kms:Decrypt` behind a put to an encrypted table) is kept, never named as called.
  const called = new Set(summaries.flatMap((summary) => summary.actions ?? []).map((action) => action.toLowerCase()));
  const granted = new Map<string, string>();
  for (const value of values.known) {
    const expanded = expandActionPattern(value.text);
    if (!expanded) return undefined;
    for (const action of expanded) granted.set(action.qualifiedName.toLowerCase(), action.qualifiedName);
  }
  if (granted.size === 0) return undefined;
  // Of logs, X-Ray, EC2 and KMS, only what Lambda itself calls (any function's, whatever the template says: never a
  // false over-grant); the rest of those services (`kms:ScheduleKeyDeletion`, `logs:DeleteLogGroup`) is judged like any action.
  const isPlatform = (action: string) => LAMBDA_OWN_ACTIONS.has(action) || PLATFORM_ACTIONS.has(action) || (facts.platformSends && DESTINATION_ACTIONS.has(action)) || (facts.brokerSources && BROKER_SOURCE_ACTIONS.test(action));
  const unused = [...granted.keys()].filter((action) => !usedByCode.has(action) && !isPlatform(action)).map((action) => granted.get(action)!).sort();
  const used = [...granted.keys()].filter((action) => usedByCode.has(action) && called.has(action)).map((action) => granted.get(action)!).sort();
  const side = [...granted.keys()].filter((action) => usedByCode.has(action) && !called.has(action)).map((action) => granted.get(action)!).sort();
  const platform = [...granted.keys()].filter((action) => !usedByCode.has(action) && isPlatform(action)).map((action) => granted.get(action)!).sort();
  const unusedWrites = unused.filter((action) => {
    const known = lookupAction(action);
    const level = known ? effectiveAccessLevel(known) : 'Write';
    return level === 'Write' || level === 'Permissions management' || level === 'Tagging';
  });
  // What a wildcard's rewrite keeps for Lambda: an event source's polling actions only where the template has such a source.
  const keepsForPlatform = (action: string) => isPlatform(action) && (!PLATFORM_ACTIONS.has(action) || facts.pollingServices.has(action.split(':')[0]));
  // Of what Lambda itself calls, what this template needs: logs always, traces with tracing, interfaces in a VPC, the key of an encrypted environment.
  const lambdaNeeds = (action: string) => LAMBDA_OWN_ACTIONS.has(action) && (action.startsWith('logs:') || (action.startsWith('xray:') && facts.tracing) || (action.startsWith('ec2:') && facts.vpc) || (action === 'kms:decrypt' && facts.environmentKey));
  const kept = values.known.flatMap((value) => keptEntries(value.text, usedByCode, isPlatform, (action) => keepsForPlatform(action) && (!LAMBDA_OWN_ACTIONS.has(action) || lambdaNeeds(action))));
  const actionEntry = isMap(statement.declaration) ? statement.declaration.entries.find((entry) => entry.key.value === 'Action') : undefined;
  const actionNode = actionEntry?.value ?? valueOf(statement.declaration, 'Action');
  const elsewhere = [...granted.keys()].filter((action) => usedElsewhereOnly.has(action)).map((action) => granted.get(action)!).sort();
  return { functions, used, ...(side.length > 0 && { side }), unused, unusedWrites, platform, kept, actionEntry, actionNode, ...(elsewhere.length > 0 && { usedElsewhere: elsewhere }) };
}

/**
 * The handler summaries of the functions on a role, when everything the role is used for is read from them;
 * undefined otherwise. `isProviderRole`: a Serverless provider role, which a function with statements of its
 * own may or may not share (serverless-iam-roles-per-function).
 */
export function completeCodeOf(model: AppModel, functions: readonly string[], isProviderRole: boolean, handlers: ReadonlyMap<string, HandlerCodeSummary>): HandlerCodeSummary[] | undefined {
  const facts = factsOf(model);
  // A Serverless function whose own statements may be ignored or may inherit the provider's: who holds which statement is not certain.
  if (functions.some((name) => facts.uncertainRoles.has(name)) || (isProviderRole && facts.uncertainRoles.size > 0)) return undefined;
  // A generated role that `resources` overrides or extends holds more than the statements read here.
  if (generatedRoleOverridden(model) && functions.some((name) => { const fn = model.functions.find((candidate) => candidate.name === name); return fn !== undefined && usesServerlessGeneratedRole(model, fn); })) return undefined;
  // A layer (an extension, shared code) runs with the function's role, and its calls are not read.
  if (functions.some((name) => facts.layered.has(name))) return undefined;
  const summaries = functions.map((name) => handlers.get(name));
  // Every function on the role must have a handler whose calls were all read.
  if (summaries.some((summary) => !summary || summary.actionsIncomplete)) return undefined;
  return summaries as HandlerCodeSummary[];
}

/**
 * The actions (lower-cased) that the functions' code calls, but only on resources the statement's Resource
 * cannot match. Only where every call of the action names a resource of this template (or a literal ARN)
 * and the statement's Resource can be read: a call on an unknown resource, or a Resource from a parameter,
 * may be this statement's, and then the action counts as used.
 */
function calledOnlyElsewhere(model: AppModel, statement: IamStatement, summaries: readonly HandlerCodeSummary[]): Set<string> {
  const out = new Set<string>();
  const statementPatterns = resourcePatterns(model, statement.resources, statement.isNotResource);
  if (!statementPatterns || statementPatterns.includes('*')) return out;
  const arns = templateResourceArns(model);
  const targetsOf = new Map<string, string[] | undefined>();
  for (const summary of summaries) {
    for (const action of summary.actions ?? []) {
      const key = action.toLowerCase();
      if (targetsOf.has(key) && targetsOf.get(key) === undefined) continue;
      const resources = summary.actionResources?.[action];
      const patterns = resources?.map((resource) => callResourcePattern(resource, arns));
      if (!patterns || patterns.length === 0 || patterns.some((pattern) => pattern === undefined)) targetsOf.set(key, undefined);
      else targetsOf.set(key, [...(targetsOf.get(key) ?? []), ...(patterns as string[])]);
    }
  }
  for (const [action, targets] of targetsOf) {
    if (targets && !targets.some((target) => statementPatterns.some((pattern) => patternsMayMatch(pattern, target)))) out.add(action);
  }
  return out;
}

/**
 * A call's resource, as `slsward policy` writes it, as an ARN pattern of the template's resources: `!GetAtt T.Arn`,
 * `!Ref Topic` (a topic's, secret's or state machine's Ref is its ARN), `!Sub '${B.Arn}/*'`, or a literal ARN.
 * Undefined for `*` and for anything else (a `!Sub` of pseudo parameters): the call may be on any resource.
 */
function callResourcePattern(resource: PolicyResource, arns: Readonly<Record<string, string>>): string | undefined {
  if (typeof resource === 'string') return resource !== '*' && resource.startsWith('arn:') ? resource : undefined;
  const value = resource as Record<string, unknown>;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return getAtt[1] === 'Arn' ? arns[String(getAtt[0])] : undefined;
  if (typeof value.Ref === 'string') return arns[value.Ref];
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') {
    const match = /^\$\{([A-Za-z0-9]+)\.Arn\}([^$]*)$/.exec(sub);
    const base = match ? arns[match[1]] : undefined;
    return base === undefined ? undefined : base + match![2];
  }
  return undefined;
}

export interface PolicyTemplateUse {
  /** The template as written: `DynamoDBCrudPolicy`. */
  name: string;
  functions: string[];
  used: string[];
  unused: string[];
  unusedWrites: string[];
  /** A template of SAM's list with the same parameters that grants every used (and platform) action of this one, and fewer actions. */
  narrower?: string;
  /** The judgement of each of the template's statements, in SAM's order (for a rewrite into inline statements). */
  statementUses: StatementUse[];
}

/**
 * A SAM policy template entry (`DynamoDBCrudPolicy: { TableName: ... }`) judged as a whole: its statements
 * as SAM expands them, against what the functions' code calls; and the narrowest template of SAM's list
 * with the same parameters that still grants everything used, if one does.
 */
export function policyTemplateUse(model: AppModel, statements: readonly IamStatement[], handlers: ReadonlyMap<string, HandlerCodeSummary>): PolicyTemplateUse | undefined {
  const name = statements[0]?.policyTemplate;
  const definition = name ? SAM_POLICY_TEMPLATES[name] : undefined;
  if (!name || !definition) return undefined;
  const uses: StatementUse[] = [];
  for (const statement of statements) {
    const use = statementUse(model, statement, handlers, { policyTemplate: true });
    if (!use) return undefined;
    uses.push(use);
  }
  const used = [...new Set(uses.flatMap((use) => use.used))].sort();
  const unused = [...new Set(uses.flatMap((use) => use.unused))].sort();
  const unusedWrites = [...new Set(uses.flatMap((use) => use.unusedWrites))].sort();
  // Everything of this template that is used, by the code or by Lambda: what a narrower template must still grant.
  const unusedSet = new Set(unused.map((action) => action.toLowerCase()));
  const needed = templateActions(definition).filter((action) => !unusedSet.has(action));
  const own = templateActions(definition).length;
  let narrower: { name: string; size: number } | undefined;
  // Only the read and write siblings of the same family (`DynamoDBCrudPolicy` -> `DynamoDBReadPolicy`, `DynamoDBWritePolicy`):
  // another template that happens to grant the right actions (a backup-restore template) would be a strange thing to write.
  const family = /^(.*?)(Crud|FullAccess|Read|Write)Policy$/.exec(name)?.[1];
  for (const [candidate, other] of Object.entries(SAM_POLICY_TEMPLATES)) {
    if (!family || used.length === 0 || candidate === name || !new RegExp(`^${family}(Read|Write)Policy$`).test(candidate) || !sameParameters(other.parameters, definition.parameters)) continue;
    const grants = new Set(templateActions(other));
    if (grants.size >= own || !needed.every((action) => grants.has(action))) continue;
    if (!narrower || grants.size < narrower.size) narrower = { name: candidate, size: grants.size };
  }
  return { name, functions: uses[0].functions, used, unused, unusedWrites, ...(narrower ? { narrower: narrower.name } : {}), statementUses: uses };
}

/** The actions a template grants, wildcards expanded, lower case. */
function templateActions(definition: (typeof SAM_POLICY_TEMPLATES)[string]): string[] {
  const out = new Set<string>();
  for (const statement of definition.statements) for (const pattern of statement.actions) for (const action of expandActionPattern(pattern) ?? []) out.add(action.qualifiedName.toLowerCase());
  return [...out];
}

function sameParameters(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((parameter) => b.includes(parameter));
}

/** The fix that rewrites the statement's Action to the kept entries, in the file's syntax; none when nothing is kept. */
export function actionRewriteFix(model: AppModel, use: StatementUse): Fix | undefined {
  if (use.kept.length === 0 || !use.actionNode) return undefined;
  return { title: `Grant only ${use.kept.length <= 3 ? use.kept.join(', ') : `${use.kept.slice(0, 3).join(', ')} and ${use.kept.length - 3} more`}`, edits: [{ range: use.actionNode.range, newText: valueText(model.document, use.actionNode, use.kept) }] };
}

/**
 * The resources a statement needs for what its functions' code calls: for each action it keeps, the
 * resources of every call of it (`HandlerCodeSummary.actionResources`, in the template's syntax), over
 * every function on the role. Undefined unless every kept action is called by some function and every
 * such call's resource is known: an action kept for Lambda itself (logs, an event source's polling), a
 * wildcard kept as written, or a call whose resource the template does not name leaves the Resource as it is.
 */
export function scopedResources(use: StatementUse, handlers: ReadonlyMap<string, HandlerCodeSummary>): PolicyResource[] | undefined {
  const out = new Map<string, PolicyResource>();
  if (use.kept.length === 0) return undefined;
  for (const kept of use.kept) {
    if (/[*?]/.test(kept)) return undefined;
    const action = kept.toLowerCase();
    let isCalled = false;
    for (const name of use.functions) {
      const summary = handlers.get(name);
      const key = summary?.actions?.find((candidate) => candidate.toLowerCase() === action);
      if (!summary || !key) continue;
      isCalled = true;
      const resources = summary.actionResources?.[key];
      // Unknown, or an action that takes no resource: the statement keeps `*`.
      if (!resources || resources.includes('*')) return undefined;
      for (const resource of resources) out.set(JSON.stringify(resource), resource);
    }
    if (!isCalled) return undefined;
  }
  return out.size > 0 ? [...out.values()] : undefined;
}

/**
 * The fix that scopes the statement to what its code calls: Resource rewritten to `resources`, and
 * Action to the kept actions when some go unused, in the file's syntax (YAML short-form intrinsics,
 * or JSON). Undefined when the statement's Resource is not a plain `Resource:` entry (`NotResource`,
 * an `Fn::If`), or a Condition or a value under a condition makes the rewrite inexact.
 */
export function resourceScopeFix(model: AppModel, statement: IamStatement, use: StatementUse, resources: readonly PolicyResource[]): Fix | undefined {
  const declaration = statement.declaration;
  if (!isMap(declaration) || statement.isNotResource || statement.condition) return undefined;
  const entry = declaration.entries.find((candidate) => candidate.key.value === 'Resource');
  const value = entry?.value;
  if (!entry || !value || containsIntrinsicIf(value)) return undefined;
  const document = model.document;
  const text = document.text;
  let edit: TextEdit;
  if (document.format === 'json') {
    edit = { range: value.range, newText: jsonValue(resources as never, lineIndentOf(text, value.range.start), indentUnitOf(text)) };
  } else {
    // From just after `Resource:` to the end of its value: a block list becomes one flow list on the key's line.
    const colon = text.indexOf(':', entry.key.range.end);
    if (colon < 0 || colon > value.range.start || text.slice(entry.key.range.end, colon).trim().replace(/^['"]$/, '') !== '') return undefined;
    edit = { range: { start: colon + 1, end: value.range.end }, newText: ` [${resources.map(yamlResource).join(', ')}]` };
  }
  const edits: TextEdit[] = [edit];
  if (use.unused.length > 0) {
    const rewrite = actionRewriteFix(model, use);
    if (!rewrite) return undefined;
    edits.push(...rewrite.edits);
  }
  const names = resources.map(resourceForTitle);
  const actions = use.kept.length <= 3 ? use.kept.join(', ') : `${use.kept.slice(0, 3).join(', ')} and ${use.kept.length - 3} more`;
  return { title: `Grant only ${actions} on ${names.length <= 2 ? names.join(' and ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`}`, edits };
}

function containsIntrinsicIf(node: SourceNode | null | undefined): boolean {
  if (!node) return false;
  if (intrinsicName(node) === 'Fn::If') return true;
  if (isSeq(node)) return node.items.some(containsIntrinsicIf);
  return isMap(node) && node.entries.some((entry) => containsIntrinsicIf(entry.value));
}

/** A resource in YAML's short form of CloudFormation intrinsics, as `slsward policy --format yaml` writes it. */
function yamlResource(value: PolicyResource): string {
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if ('Ref' in value) return `!Ref ${value.Ref}`;
  if ('Fn::GetAtt' in value) return `!GetAtt ${value['Fn::GetAtt'][0]}.${value['Fn::GetAtt'][1]}`;
  return `!Sub '${value['Fn::Sub'].replace(/'/g, "''")}'`;
}

/** `OrdersTable`, `Uploads/*`, or the ARN, for a fix's title. */
function resourceForTitle(value: PolicyResource): string {
  if (typeof value === 'string') return value;
  if ('Ref' in value) return value.Ref;
  if ('Fn::GetAtt' in value) return value['Fn::GetAtt'][0];
  const sub = value['Fn::Sub'];
  const reference = /^\$\{([A-Za-z0-9]+)(?:\.Arn)?\}(.*)$/.exec(sub);
  return reference ? `${reference[1]}${reference[2]}` : sub;
}

/**
 * The entries to keep from one Action entry: an exact action that is used (or the platform's) stays as
 * written; a wildcard becomes the used actions it covers, in IAM's own spelling.
 */
function keptEntries(text: string, used: ReadonlySet<string>, isPlatform: (action: string) => boolean, keepsForPlatform: (action: string) => boolean): string[] {
  const expanded = expandActionPattern(text) ?? [];
  const isWildcard = /[*?]/.test(text);
  if (!isWildcard) return expanded.some((action) => used.has(action.qualifiedName.toLowerCase()) || isPlatform(action.qualifiedName.toLowerCase())) ? [text] : [];
  const serviceOf = (action: { qualifiedName: string }) => action.qualifiedName.split(':')[0].toLowerCase();
  // A wildcard within one service Lambda itself uses for the function (`logs:*`, `kms:*`): the used actions it covers
  // and every action Lambda may call there (all three logs actions, the VPC interface actions, `kms:Decrypt`), whether
  // or not the template's text shows the need: a rewrite must not break logging, a VPC attachment or decryption.
  const services = new Set(expanded.map(serviceOf));
  if (services.size === 1 && LAMBDA_OWN_SERVICES.has([...services][0])) return expanded.filter((action) => used.has(action.qualifiedName.toLowerCase()) || isPlatform(action.qualifiedName.toLowerCase())).map((action) => action.qualifiedName);
  // Otherwise (`*`, `dynamodb:*`) the used actions it covers, those an event source or destination performs with the
  // role, and, of the services Lambda uses, what Lambda itself calls for this template (`keepsForPlatform`).
  return expanded.filter((action) => used.has(action.qualifiedName.toLowerCase()) || keepsForPlatform(action.qualifiedName.toLowerCase())).map((action) => action.qualifiedName);
}

/**
 * True when the statement's permissions go to the functions alone: a role whose trust policy lets
 * only Lambda assume it, and a policy attached to no user or group and to no role without functions.
 */
function servesOnly(model: AppModel, statement: IamStatement): boolean {
  if (statement.attachedTo && (statement.attachedTo.users.length > 0 || statement.attachedTo.groups.length > 0 || (statement.attachedTo.unresolvedRoles?.length ?? 0) > 0)) return false;
  const roles = statement.origin === 'iam-role-inline' ? [statement.resource] : (statement.attachedTo?.roles ?? []);
  return roles.every((role) => isServerlessGeneratedRole(model, role) || roleServesOnlyFunctions(model, role));
}

/**
 * True for the role the Serverless Framework generates (`IamRoleLambdaExecution`) when functions of the
 * file use it: the Framework writes its trust policy for Lambda alone. A template that overrides or extends
 * it in `resources` is left to `completeCodeOf`, which then judges nothing on it.
 */
function isServerlessGeneratedRole(model: AppModel, role: string): boolean {
  return model.kind === 'serverless' && role === SERVERLESS_GENERATED_ROLE && model.functions.some((fn) => usesServerlessGeneratedRole(model, fn));
}

/** True when functions of the template use the role, and its trust policy lets only Lambda assume it. */
export function roleServesOnlyFunctions(model: AppModel, role: string): boolean {
  const functionsOnRole = model.functions.filter((fn) => fn.roleReference === role);
  if (functionsOnRole.length === 0) return false;
  const trust = model.iamStatements.filter((candidate) => candidate.resourcePolicy?.service === 'iam-role-trust' && candidate.resourcePolicy.targets.includes(role));
  for (const entry of trust) {
    // Every principal the role trusts must be Lambda's: a state machine, an instance or an account would use the grants too.
    const principals = principalTexts(model, entry.principal);
    if (principals.length === 0 || principals.some((principal) => principal !== 'lambda.amazonaws.com' && principal !== 'edgelambda.amazonaws.com')) return false;
  }
  return true;
}

/** Every value of a trust statement's principal (`{ Service: [lambda.amazonaws.com] }` gives `lambda.amazonaws.com`), resolved. */
function principalTexts(model: AppModel, node: IamStatement['principal']): string[] {
  const out: string[] = [];
  const visit = (current: SourceNode | null | undefined): void => {
    if (!current) return;
    if (isMap(current) && !intrinsicName(current)) for (const entry of current.entries) visit(entry.value);
    else if (isSeq(current)) for (const item of current.items) visit(item);
    else out.push(model.resolver.display(model.resolver.resolve(current)));
  };
  visit(node);
  return out;
}

/**
 * Event sources that Lambda polls with the function's role and reads credentials for: Amazon MSK,
 * self-managed Kafka, Amazon MQ and DocumentDB streams (cluster descriptions, broker reads, the
 * secret holding their credentials).
 */
const BROKER_SOURCE_ACTIONS = /^(kafka|kafka-cluster|mq|rds|docdb-elastic):|^secretsmanager:(GetSecretValue|DescribeSecret)$/i;

function usesBrokerSources(model: AppModel): boolean {
  // `Type: MSK` in YAML, `"Type": "MSK"` in JSON.
  return /Type['"]?\s*:\s*['"]?(MSK|SelfManagedKafka|MQ|DocumentDB)\b|\b(msk|kafka|activemq|rabbitmq|documentDb)\s*:|AWS::Lambda::EventSourceMapping/.test(model.document.text);
}

/**
 * What Lambda itself may do with the functions' role in this template, whatever their code: poll an
 * event-source mapping, send to a dead-letter queue or a destination, read a broker's credentials. Read
 * once per model.
 */
export function platformUseOf(model: AppModel): { eventSourceMappings: boolean; sends: boolean; brokerSources: boolean } {
  const facts = factsOf(model);
  return { eventSourceMappings: facts.eventSourceMappings, sends: facts.platformSends, brokerSources: facts.brokerSources };
}

/** True when the function, or every function (SAM Globals, Serverless provider), has layers. */
/** What the judgement needs of the whole template, read once per model rather than once per statement. */
interface ModelFacts {
  uncertainRoles: Set<string>;
  /** Functions with layers of their own or shared (SAM `Globals.Function.Layers`, Serverless `provider.layers`). */
  layered: Set<string>;
  platformSends: boolean;
  brokerSources: boolean;
  /** Services an event source may poll with the functions' role (`sqs`, `kinesis`, `dynamodb` streams), read generously from the text. */
  pollingServices: Set<string>;
  /** An event-source mapping declared as a resource (or by its source ARN): Lambda polls it with the role, and SAM adds no policy for it. */
  eventSourceMappings: boolean;
  /** Read generously from the text: X-Ray tracing, a VPC, a customer managed key for the environment. */
  tracing: boolean;
  vpc: boolean;
  environmentKey: boolean;
}

const modelFacts = new WeakMap<AppModel, ModelFacts>();

function factsOf(model: AppModel): ModelFacts {
  let facts = modelFacts.get(model);
  if (!facts) {
    const root = model.document.root;
    const shared = valueOf(valueOf(valueOf(root, 'Globals'), 'Function'), 'Layers') !== undefined || valueOf(valueOf(root, 'provider'), 'layers') !== undefined;
    const layered = new Set(model.functions.filter((fn) => shared || valueOf(fn.declaration, 'layers') !== undefined || valueOf(valueOf(fn.declaration, 'Properties'), 'Layers') !== undefined).map((fn) => fn.name));
    const text = model.document.text;
    facts = {
      uncertainRoles: functionsWithUncertainRole(model),
      layered,
      platformSends: usesDestinations(model),
      brokerSources: usesBrokerSources(model),
      pollingServices: pollingServicesOf(model),
      eventSourceMappings: /EventSourceMapping|EventSourceArn/.test(text),
      tracing: /tracing/i.test(text),
      vpc: /vpc/i.test(text),
      environmentKey: /kmsKeyArn/i.test(text),
    };
    modelFacts.set(model, facts);
  }
  return facts;
}

/**
 * The services whose records an event source may poll with the functions' role. Generous on purpose: a
 * rewrite that keeps `sqs:ReceiveMessage` without need is only broader, one that drops it breaks the queue's consumer.
 */
function pollingServicesOf(model: AppModel): Set<string> {
  const text = model.document.text;
  const services = new Set<string>();
  const anyMapping = /EventSourceMapping|EventSourceArn/.test(text);
  if (anyMapping || /sqs/i.test(text)) services.add('sqs');
  if (anyMapping || /kinesis/i.test(text)) services.add('kinesis');
  if (anyMapping || /stream/i.test(text)) services.add('dynamodb');
  return services;
}

/** True when the template gives functions a dead-letter queue or destinations: Lambda sends to them with the function's role. */
function usesDestinations(model: AppModel): boolean {
  return /DeadLetter|OnFailure|OnSuccess|DestinationConfig|EventInvokeConfig|destinations:|onError:/.test(model.document.text);
}
