/**
 * The fix that gives each function of a shared role a role of its own, with exactly what its code
 * calls: for SAM functions sharing one `AWS::IAM::Role`, each function's `Role:` becomes `Policies:`
 * with a policy document of its calls' actions on their resources, and SAM generates the role (with
 * the basic execution policy, and the policies its event sources, dead-letter queue and tracing need).
 * Offered only when nothing the shared role does for a function could be lost; otherwise undefined:
 * silence beats a role that breaks the function. Pure.
 */
import { indentUnitOf, jsonValue, lineIndentOf } from '../fix/edits';
import type { AppModel } from '../model/types';
import { isMap, scalarText, valueOf } from '../parse/tree';
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
const NOT_CARRIED_OVER = /EventSourceMapping|DestinationConfig|EventInvokeConfig|FileSystemConfigs|KmsKeyArn|PermissionsBoundary|Connectors|AWS::IAM::(Policy|ManagedPolicy|RolePolicy)\b|VpcConfig|Layers|Type:\s*['"]?(MQ|MSK|SelfManagedKafka|DocumentDB)\b|"Type"\s*:\s*"(MQ|MSK|SelfManagedKafka|DocumentDB)"/;

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
