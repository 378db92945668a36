/**
 * The fix that gives each function of a shared role a role of its own, with exactly what its code
 * calls: for SAM functions sharing one `AWS::IAM::Role`, each function's `Role:` becomes `Policies:`
 * with a policy document of its calls' actions on their resources, and SAM generates the role (with
 * the basic execution policy, and the policies its event sources, dead-letter queue and tracing need).
 * Offered only when nothing the shared role does for a function could be lost; otherwise undefined:
 * silence beats a role that breaks the function. Pure.
 */
import { endOfLine, indentUnitOf, jsonValue, lineIndentOf } from '../fix/edits';
import type { AppModel } from '../model/types';
import { isMap, isSeq, scalarText, valueOf } from '../parse/tree';
import type { HandlerCodeSummary } from '../project/handler-code';
import type { Fix, TextEdit } from '../types';
import { functionGrants, isActionGranted } from './grants';
import { policyStatementsYaml, type PolicyResource, type PolicyStatement } from './policy';
import { roleServesOnlyFunctions } from './statement-use';

/**
 * What a SAM-generated role would not carry over from a shared role, or what this fix does not read:
 * event sources and destinations declared outside `Events`, file systems, a key for the environment,
 * a permissions boundary, connectors, other IAM resources that may attach to the role, network
 * interfaces (VPC), layers (extensions run with the function's role), and brokers whose credentials
 * Lambda reads with the role.
 */
export const NOT_CARRIED_OVER = /EventSourceMapping|DestinationConfig|EventInvokeConfig|FileSystemConfigs|KmsKeyArn|PermissionsBoundary|Connectors|AWS::IAM::(Policy|ManagedPolicy|RolePolicy)\b|VpcConfig|Layers|Type:\s*['"]?(MQ|MSK|SelfManagedKafka|DocumentDB)\b|"Type"\s*:\s*"(MQ|MSK|SelfManagedKafka|DocumentDB)"/;

/**
 * The statements one function's code needs, from its handler summary, with the side permissions in
 * `keptSideActions`; undefined when one call's resource is not known.
 */
export function statementsForFunction(summary: HandlerCodeSummary, keptSideActions: readonly string[] = []): PolicyStatement[] | undefined {
  if (summary.actionsIncomplete || !summary.actions || summary.actions.length === 0 || !summary.actionResources) return undefined;
  const byResources = new Map<string, { actions: string[]; resources: PolicyResource[] }>();
  for (const action of new Set([...summary.actions, ...keptSideActions])) {
    const resources = summary.actionResources[action];
    if (!resources || resources.length === 0) return undefined;
    const key = JSON.stringify(resources);
    const entry = byResources.get(key) ?? { actions: [], resources };
    entry.actions.push(action);
    byResources.set(key, entry);
  }
  return [...byResources.values()].map(({ actions, resources }) => ({ Effect: 'Allow' as const, Action: [...actions].sort(), Resource: [...resources] }));
}

/** The fix for SAM functions that share the role `roleId`, or undefined when it cannot be exact. */
export function splitSharedRoleFix(model: AppModel, roleId: string, handlers: ReadonlyMap<string, HandlerCodeSummary>): Fix | undefined {
  if (model.kind !== 'sam' || NOT_CARRIED_OVER.test(model.document.text) || !roleServesOnlyFunctions(model, roleId)) return undefined;
  const functions = model.functions.filter((fn) => fn.roleReference === roleId);
  if (functions.length < 2) return undefined;
  const grants = functionGrants(model);
  const text = model.document.text;
  const unit = indentUnitOf(text);
  const edits: TextEdit[] = [];
  for (const fn of functions) {
    if (scalarText(valueOf(fn.declaration, 'Type')) !== 'AWS::Serverless::Function') return undefined;
    const properties = valueOf(fn.declaration, 'Properties');
    if (!isMap(properties) || (properties.isFlow && model.document.format !== 'json') || valueOf(properties, 'Policies') !== undefined) return undefined;
    const roleEntry = properties.entries.find((entry) => entry.key.value === 'Role');
    const summary = handlers.get(fn.name);
    if (!roleEntry || !summary) return undefined;
    // A side permission the shared role grants today (an ACL a request may set, a key behind an encrypted object)
    // may be needed: it is kept, on the call's resource; when that resource is not known, there is no fix.
    const granted = grants.get(fn.name);
    if (!granted) return undefined;
    const sideAnswers = (summary.sideActions ?? []).map((action) => ({ action, state: isActionGranted(granted, action).state }));
    if (sideAnswers.some((answer) => answer.state === 'unknown')) return undefined;
    const statements = statementsForFunction(summary, sideAnswers.filter((answer) => answer.state === 'granted').map((answer) => answer.action));
    if (!statements) return undefined;
    const column = lineIndentOf(text, roleEntry.key.range.start);
    let newText: string;
    if (model.document.format === 'json') {
      newText = `"Policies": ${jsonValue([{ Statement: statements }] as never, column, unit)}`;
    } else {
      const pad = ' '.repeat(column + unit);
      newText = `Policies:\n${pad}- Statement:\n${policyStatementsYaml(statements, `${pad}  ${' '.repeat(unit)}`)}`;
    }
    edits.push({ range: { start: roleEntry.range.start, end: roleEntry.range.end }, newText });
  }
  return { title: `Give each of the ${functions.length} functions of ${roleId} a role of its own, with what its code calls`, edits };
}

/** The plugin that gives Serverless functions their own roles from per-function `iamRoleStatements`. */
const ROLES_PER_FUNCTION_PLUGIN = 'serverless-iam-roles-per-function';

/**
 * What the plugin's per-function roles would not carry over from the provider role, or what this fix
 * does not read: managed policies and a permissions boundary on the provider role, tracing, layers,
 * event sources beyond streams (queues, brokers), destinations, file systems, an environment key,
 * inherited provider statements, and resources that name the generated role. The plugin adds logs,
 * stream event sources and, for a function in a VPC, its network interfaces.
 */
const NOT_CARRIED_OVER_BY_PLUGIN = /(?:^|[\s{,-])(sqs|msk|kafka|activemq|rabbitmq|destinations|onError|fileSystemConfig|kmsKeyArn|layers|tracing|permissionsBoundary|managedPolicies|iamManagedPolicies|iamRoleStatementsInherit|defaultInherit|iamRoleStatementsName)\s*:(?=\s|$)|IamRoleLambdaExecution|Effect:\s*['"]?Deny/;

/**
 * The fix for the functions of a Serverless provider role: each gets per-function `iamRoleStatements` of
 * what its code calls (an empty list for one that calls nothing: the plugin still gives it logs), and the
 * `serverless-iam-roles-per-function` plugin is listed. Undefined when it cannot be exact.
 */
export function splitProviderRoleFix(model: AppModel, handlers: ReadonlyMap<string, HandlerCodeSummary>): Fix | undefined {
  if (model.kind !== 'serverless' || model.document.format === 'json' || NOT_CARRIED_OVER_BY_PLUGIN.test(model.document.text)) return undefined;
  const root = model.document.root;
  const provider = valueOf(root, 'provider');
  const role = valueOf(valueOf(provider, 'iam'), 'role');
  if (role !== undefined && role !== null && !isMap(role)) return undefined;
  const functions = model.functions.filter((fn) => valueOf(fn.declaration, 'iamRoleStatements') === undefined && valueOf(fn.declaration, 'role') === undefined);
  if (functions.length < 2) return undefined;
  const grants = functionGrants(model);
  const text = model.document.text;
  const unit = indentUnitOf(text);
  const edits: TextEdit[] = [];
  for (const fn of functions) {
    const summary = handlers.get(fn.name);
    const granted = grants.get(fn.name);
    if (!summary || !granted || summary.actionsIncomplete || fn.declaration.isFlow || fn.declaration.entries.length === 0) return undefined;
    const sideAnswers = (summary.sideActions ?? []).map((action) => ({ action, state: isActionGranted(granted, action).state }));
    if (sideAnswers.some((answer) => answer.state === 'unknown')) return undefined;
    const callsNothing = !summary.actions || summary.actions.length === 0;
    const statements = callsNothing ? [] : statementsForFunction(summary, sideAnswers.filter((answer) => answer.state === 'granted').map((answer) => answer.action));
    if (!statements) return undefined;
    const last = fn.declaration.entries[fn.declaration.entries.length - 1];
    const pad = ' '.repeat(lineIndentOf(text, fn.declaration.entries[0].key.range.start));
    const at = endOfLine(text, last.range.end);
    const newText = statements.length === 0 ? `\n${pad}iamRoleStatements: []` : `\n${pad}iamRoleStatements:\n${policyStatementsYaml(statements, `${pad}${' '.repeat(unit)}`)}`;
    edits.push({ range: { start: at, end: at }, newText });
  }
  const pluginEdit = pluginListEdit(model, unit);
  if (pluginEdit === undefined) return undefined;
  if (pluginEdit) edits.push(pluginEdit);
  return { title: `Give each of the ${functions.length} functions of the provider role a role of its own, with what its code calls (${ROLES_PER_FUNCTION_PLUGIN})`, edits };
}

/** The edit that lists the plugin: null when it is listed already, undefined when the list cannot be edited. */
function pluginListEdit(model: AppModel, unit: number): TextEdit | null | undefined {
  const text = model.document.text;
  const root = model.document.root;
  if (!isMap(root)) return undefined;
  const plugins = root.entries.find((entry) => entry.key.value === 'plugins');
  if (!plugins) {
    // A new top-level `plugins:` list, on the line before `functions:`.
    const functionsEntry = root.entries.find((entry) => entry.key.value === 'functions');
    if (!functionsEntry || lineIndentOf(text, functionsEntry.key.range.start) !== 0) return undefined;
    const lineStart = text.lastIndexOf('\n', functionsEntry.key.range.start - 1) + 1;
    return { range: { start: lineStart, end: lineStart }, newText: `plugins:\n${' '.repeat(unit)}- ${ROLES_PER_FUNCTION_PLUGIN}\n` };
  }
  const list = plugins.value;
  if (!isSeq(list)) return undefined;
  if (list.items.some((item) => scalarText(item) === ROLES_PER_FUNCTION_PLUGIN)) return null;
  const last = list.items[list.items.length - 1];
  if (list.isFlow) return last ? { range: { start: last.range.end, end: last.range.end }, newText: `, ${ROLES_PER_FUNCTION_PLUGIN}` } : { range: list.range, newText: `[${ROLES_PER_FUNCTION_PLUGIN}]` };
  if (!last) return undefined;
  return { range: { start: endOfLine(text, last.range.end), end: endOfLine(text, last.range.end) }, newText: `\n${' '.repeat(lineIndentOf(text, last.range.start))}- ${ROLES_PER_FUNCTION_PLUGIN}` };
}
