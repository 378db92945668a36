/**
 * Reading IAM statements for the iam rules: the values an Action or Resource
 * list can take (through `Fn::If`, `!Sub`, `${self:}`), whether Resource is
 * `*`, and whether a Condition constrains the grant. Unknown values are
 * reported as unknown, never guessed.
 */
import { isMap, isScalar, isSeq, mapEntries } from '../parse/tree';
import { combineWhen, type ConditionAssumption, type Resolver } from '../resolve/resolver';
import type { IamStatement } from '../model/types';
import type { SourceNode } from '../types';

export interface StatementValue {
  /** The resolved text, trimmed: `s3:GetObject`, `*`. */
  text: string;
  /** The entry it came from, to underline. */
  node: SourceNode;
  /** The `Fn::If` conditions under which the entry takes this value (empty: always). */
  when: ConditionAssumption[];
}

export interface StatementValues {
  known: StatementValue[];
  /** True when some entry is a parameter without default, an import, a partial `!Sub`...: the list may hold more than `known`. */
  hasUnknown: boolean;
}

/** Every value of an Action, NotAction, Resource or NotResource list, one per entry and `Fn::If` branch. */
export function statementValues(nodes: readonly SourceNode[], resolver: Resolver): StatementValues {
  const result: StatementValues = { known: [], hasUnknown: false };
  for (const node of nodes) collect(node, [], resolver, result, 0);
  return result;
}

function collect(node: SourceNode | null | undefined, when: ConditionAssumption[], resolver: Resolver, result: StatementValues, depth: number): void {
  if (!node || depth > 10) return;
  for (const branch of resolver.branches(node, when)) {
    const branchNode = branch.node;
    if (!branchNode) continue;
    if (isSeq(branchNode)) {
      for (const item of branchNode.items) collect(item, branch.when, resolver, result, depth + 1);
      continue;
    }
    for (const outcome of resolver.outcomes(branchNode)) {
      if (outcome.state === 'known' && typeof outcome.value === 'string') {
        result.known.push({ text: outcome.value.trim(), node: branchNode, when: [...branch.when, ...outcome.when] });
      } else if (outcome.state === 'known' && outcome.value === null) {
        // `Ref: AWS::NoValue` or an empty entry: nothing granted.
      } else result.hasUnknown = true;
    }
  }
}

/** True when two sets of `Fn::If` assumptions can hold together (no condition is both true and false). */
export function compatible(a: readonly ConditionAssumption[], b: readonly ConditionAssumption[]): boolean {
  return combineWhen(a, b) !== undefined;
}

/** Both sets of assumptions, without repeats. */
export function mergeWhen(a: readonly ConditionAssumption[], b: readonly ConditionAssumption[]): ConditionAssumption[] {
  const merged = [...a];
  for (const item of b) if (!merged.some((other) => other.condition === item.condition)) merged.push(item);
  return merged;
}

/**
 * The `*` entries of a statement's Resource (not NotResource): each is a way
 * the statement applies to every resource. Empty when Resource is scoped,
 * absent, or unknown.
 */
export function wildcardResources(statement: IamStatement, resolver: Resolver): StatementValue[] {
  if (statement.isNotResource) return [];
  return statementValues(statement.resources, resolver).known.filter((value) => value.text === '*');
}

/**
 * Condition keys that narrow when a request is made, not which resources or
 * principals it reaches: a statement limited by them alone still applies to
 * every resource. `aws:RequestedRegion` is here too: a region is not a scope
 * (IAM, STS and other global services ignore it, and within a region every
 * resource stays reachable).
 */
const NON_CONSTRAINING_KEYS = new Set([
  'aws:securetransport',
  'aws:useragent',
  'aws:currenttime',
  'aws:epochtime',
  'aws:tokenissuetime',
  'aws:requestedregion',
  'aws:viaawsservice',
  'aws:calledvia',
  'aws:calledviafirst',
  'aws:calledvialast',
]);

/**
 * Whether the statement's Condition constrains the grant. Like Checkov
 * (cloudsplaining), any condition counts as a constraint, except one whose
 * keys are all in NON_CONSTRAINING_KEYS. A condition that cannot be read
 * (an `Fn::If`, a reference) counts as a constraint: the rules stay silent.
 */
export function hasConstrainingCondition(statement: IamStatement): boolean {
  const condition = statement.condition;
  if (!condition) return false;
  if (isScalar(condition)) return condition.value !== null && condition.value !== '';
  const operators = mapEntries(condition);
  if (operators.length === 0) return !isMap(condition);
  for (const operator of operators) {
    const keys = mapEntries(operator.value);
    if (keys.length === 0) return true;
    for (const key of keys) {
      if (!NON_CONSTRAINING_KEYS.has(String(key.key.value).toLowerCase())) return true;
    }
  }
  return false;
}

/** Who gets the permission, for messages: the functions when the model knows them, else the role or policy. */
export function holderOf(statement: Pick<IamStatement, 'functions' | 'resource' | 'origin'>): string {
  const names = statement.functions;
  if (names.length === 1) return `function ${names[0]}`;
  if (names.length > 1 && names.length <= 3) return `functions ${names.join(', ')}`;
  if (names.length > 3) return `functions ${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  switch (statement.origin) {
    case 'iam-user-inline':
      return `user ${statement.resource}`;
    case 'iam-group-inline':
      return `group ${statement.resource}`;
    case 'iam-role-inline':
      return `role ${statement.resource}`;
    case 'iam-policy':
    case 'iam-managed-policy':
      return `policy ${statement.resource}`;
    case 'serverless-provider-role':
      return `the provider role (${statement.resource})`;
    default:
      return statement.resource;
  }
}

/**
 * True for statements the user did not write: a SAM policy template
 * (`DynamoDBCrudPolicy`) expanded to SAM's own statements. Their `'*'`
 * resources are SAM's choice and cannot be edited, so the iam rules that
 * judge statement shapes skip them (iam-admin-managed-policy judges templates
 * by name).
 */
export function isExpandedPolicyTemplate(statement: IamStatement): boolean {
  return statement.policyTemplate !== undefined || statement.origin === 'sam-policy-template';
}

/**
 * A statement SAM expanded from a policy template whose wildcards are SAM's own (`CloudWatchPutMetricPolicy`
 * on `*`): the user cannot scope them. One whose parameter the user set to a wildcard (`TableName: '*'`) is not.
 */
export function isScopedByPolicyTemplate(statement: IamStatement): boolean {
  return isExpandedPolicyTemplate(statement) && !statement.policyTemplateWildcard;
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`. */
export function listForMessage(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
