/**
 * The fix that gives each plain CloudFormation function (`AWS::Lambda::Function`) of a shared
 * `AWS::IAM::Role` a role of its own: a new `AWS::IAM::Role` per function, trusted by Lambda, with the
 * basic execution policy (logs), X-Ray's write policy when the function traces, and an inline policy
 * of exactly what its code calls; each function's `Role` then names its own. The shared role is
 * removed when nothing else names it, and kept otherwise. Unlike SAM, CloudFormation adds nothing to
 * a role by itself, so the fix is offered only when nothing else the shared role does for the
 * functions could be lost: no event-source mapping, destination, dead-letter queue, file system,
 * environment key, VPC, layer, or other IAM resource, and only Lambda's own managed policies on the
 * role. Pure.
 */
import { indentUnitOf, jsonValue, lineIndentOf, type PlainValue } from '../fix/edits';
import type { AppModel, CfnResource, LambdaFunction } from '../model/types';
import { awsManagedPolicyName } from '../model/sam-policy-templates';
import { entryOf, isMap, isSeq, scalarText, valueOf } from '../parse/tree';
import type { HandlerCodeSummary } from '../project/handler-code';
import type { Fix, MapEntry, TextEdit } from '../types';
import { functionGrants, isActionGranted } from './grants';
import { policyStatementsYaml, type PolicyStatement } from './policy';
import { NOT_CARRIED_OVER, statementsForFunction } from './split-role';
import { roleServesOnlyFunctions } from './statement-use';

/** Role properties the new roles can do without: what a role is named, described, tagged or where it sits. */
const ROLE_PROPERTIES = new Set(['AssumeRolePolicyDocument', 'ManagedPolicyArns', 'Policies', 'Path', 'Description', 'Tags', 'RoleName', 'MaxSessionDuration']);
/** The managed policies a shared role may carry: what Lambda itself uses (logs, tracing), which the new roles get too. */
const LAMBDA_OWN_POLICIES = new Set(['AWSLambdaBasicExecutionRole', 'AWSXRayDaemonWriteAccess', 'AWSXrayWriteOnlyAccess']);
/** A dead-letter queue: Lambda sends to it with the function's role. */
const ALSO_NOT_CARRIED_OVER = /DeadLetterConfig/;

const BASIC_EXECUTION = 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const XRAY_WRITE = 'arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess';

interface NewRole {
  id: string;
  fn: LambdaFunction;
  roleEntry: MapEntry;
  statements: PolicyStatement[];
  traces: boolean;
}

/** The fix for CloudFormation functions that share the role `roleId`, or undefined when it cannot be exact. */
export function splitCloudFormationRoleFix(model: AppModel, roleId: string, handlers: ReadonlyMap<string, HandlerCodeSummary>): Fix | undefined {
  const text = model.document.text;
  if (model.kind !== 'cloudformation' || NOT_CARRIED_OVER.test(text) || ALSO_NOT_CARRIED_OVER.test(text) || !roleServesOnlyFunctions(model, roleId)) return undefined;
  const role = model.resources.find((resource) => resource.logicalId === roleId);
  if (!role || role.type !== 'AWS::IAM::Role' || role.condition || !onlyLambdaPolicies(model, role)) return undefined;
  const functions = model.functions.filter((fn) => fn.roleReference === roleId);
  if (functions.length < 2) return undefined;
  const grants = functionGrants(model);
  const taken = new Set(model.resources.map((resource) => resource.logicalId));
  const roles: NewRole[] = [];
  for (const fn of functions) {
    const resource = model.resources.find((candidate) => candidate.logicalId === fn.name);
    const properties = resource?.properties;
    if (!resource || resource.type !== 'AWS::Lambda::Function' || !isMap(properties)) return undefined;
    const roleEntry = properties.entries.find((entry) => entry.key.value === 'Role');
    const summary = handlers.get(fn.name);
    const granted = grants.get(fn.name);
    if (!roleEntry?.value || !summary || !granted || summary.actionsIncomplete) return undefined;
    // A side permission the shared role grants today (an ACL a request may set, a key behind an encrypted object) is kept.
    const sideAnswers = (summary.sideActions ?? []).map((action) => ({ action, state: isActionGranted(granted, action).state }));
    if (sideAnswers.some((answer) => answer.state === 'unknown')) return undefined;
    const callsNothing = !summary.actions || summary.actions.length === 0;
    const statements = callsNothing ? [] : statementsForFunction(summary, sideAnswers.filter((answer) => answer.state === 'granted').map((answer) => answer.action));
    if (!statements) return undefined;
    const traces = scalarText(valueOf(valueOf(properties, 'TracingConfig'), 'Mode')) === 'Active';
    roles.push({ id: freshId(`${fn.name}Role`, taken), fn, roleEntry, statements, traces });
  }
  const roleEntry = isMap(model.document.root) ? entryOf(valueOf(model.document.root, 'Resources'), roleId) : undefined;
  if (!roleEntry?.value) return undefined;
  const isJson = model.document.format === 'json';
  const unit = indentUnitOf(text);
  const column = lineIndentOf(text, roleEntry.key.range.start);
  const edits: TextEdit[] = roles.map((newRole) => ({ range: newRole.roleEntry.value!.range, newText: isJson ? jsonValue({ 'Fn::GetAtt': [newRole.id, 'Arn'] }, lineIndentOf(text, newRole.roleEntry.key.range.start), unit) : `!GetAtt ${newRole.id}.Arn` }));
  const rendered = roles.map((newRole) => (isJson ? jsonRole(newRole, column, unit) : yamlRole(newRole, column, unit)));
  const separator = isJson ? `,\n${' '.repeat(column)}` : `\n${' '.repeat(column)}`;
  // Removed when the functions' Role entries are the only other places that name it (no DependsOn, Output or policy),
  // and it has no RoleName another stack or a script may use.
  const mentions = text.match(new RegExp(`\\b${roleId}\\b`, 'g'))?.length ?? 0;
  const isNamedElsewhere = mentions > 1 + roles.length || valueOf(role.properties, 'RoleName') !== undefined;
  if (isNamedElsewhere) edits.push({ range: { start: roleEntry.range.end, end: roleEntry.range.end }, newText: (isJson ? ',' : '') + `\n${' '.repeat(column)}` + rendered.join(separator) });
  else edits.push({ range: { start: roleEntry.range.start, end: roleEntry.range.end }, newText: rendered.join(separator) });
  return { title: `Give each of the ${roles.length} functions of ${roleId} a role of its own, with what its code calls`, edits };
}

/** True when the role's properties are all ones the new roles can do without, and its managed policies are Lambda's own. */
function onlyLambdaPolicies(model: AppModel, role: CfnResource): boolean {
  const properties = role.properties;
  if (!isMap(properties) || properties.entries.some((entry) => !ROLE_PROPERTIES.has(String(entry.key.value)))) return false;
  const arns = valueOf(properties, 'ManagedPolicyArns');
  if (arns === undefined) return true;
  if (!isSeq(arns)) return false;
  return arns.items.every((item) => {
    const outcomes = model.resolver.outcomes(item);
    return outcomes.length > 0 && outcomes.every((outcome) => {
      const name = awsManagedPolicyName(outcome, false);
      return name !== undefined && LAMBDA_OWN_POLICIES.has(name);
    });
  });
}

function freshId(wanted: string, taken: Set<string>): string {
  let id = wanted;
  for (let index = 2; taken.has(id); index++) id = `${wanted}${index}`;
  taken.add(id);
  return id;
}

function managedArns(newRole: NewRole): string[] {
  return newRole.traces ? [BASIC_EXECUTION, XRAY_WRITE] : [BASIC_EXECUTION];
}

function yamlRole(newRole: NewRole, column: number, unit: number): string {
  const pad = (depth: number) => ' '.repeat(column + depth * unit);
  const lines = [
    `${newRole.id}:`,
    `${pad(1)}Type: AWS::IAM::Role`,
    `${pad(1)}Properties:`,
    `${pad(2)}AssumeRolePolicyDocument:`,
    `${pad(3)}Version: '2012-10-17'`,
    `${pad(3)}Statement:`,
    `${pad(4)}- Effect: Allow`,
    `${pad(4)}  Principal:`,
    `${pad(4)}    Service: lambda.amazonaws.com`,
    `${pad(4)}  Action: sts:AssumeRole`,
    `${pad(2)}ManagedPolicyArns:`,
    ...managedArns(newRole).map((arn) => `${pad(3)}- !Sub '${arn}'`),
  ];
  if (newRole.statements.length > 0) {
    lines.push(`${pad(2)}Policies:`, `${pad(3)}- PolicyName: ${newRole.fn.name}Calls`, `${pad(3)}  PolicyDocument:`, `${pad(3)}  ${' '.repeat(unit)}Version: '2012-10-17'`, `${pad(3)}  ${' '.repeat(unit)}Statement:`);
    lines.push(policyStatementsYaml(newRole.statements, `${pad(3)}  ${' '.repeat(2 * unit)}`));
  }
  return lines.join('\n');
}

function jsonRole(newRole: NewRole, column: number, unit: number): string {
  const properties: Record<string, PlainValue> = {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    ManagedPolicyArns: managedArns(newRole).map((arn) => ({ 'Fn::Sub': arn })),
  };
  if (newRole.statements.length > 0) properties.Policies = [{ PolicyName: `${newRole.fn.name}Calls`, PolicyDocument: { Version: '2012-10-17', Statement: newRole.statements as unknown as PlainValue } }];
  return `${JSON.stringify(newRole.id)}: ${jsonValue({ Type: 'AWS::IAM::Role', Properties: properties }, column, unit)}`;
}
