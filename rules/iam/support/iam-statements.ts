/**
 * What the iam rules share: the engine's IAM knowledge (action table, risky
 * action sets, statement reading) re-exported in one place, and message text
 * helpers. Not a rule.
 */
import type { Resolver } from '../../../server/src/engine/resolve/resolver';
import type { IamStatement } from '../../../server/src/engine/model/types';
import { compatible, effectiveAccessLevel, everyResourceReached, reachesService, expandActionPattern, hasConstrainingCondition, isExpandedPolicyTemplate, isScopedByPolicyTemplate, isWildcardArn, statementValues, type IamAction, type ResourceType, type StatementValue } from '../../../server/src/engine/iam';
import type { ConditionAssumption } from '../../../server/src/engine/resolve/resolver';

export * from '../../../server/src/engine/iam';

/** ` when condition IsDev is true`; the resolver's, which names each condition once. */
export { describeWhen } from '../../../server/src/engine/resolve/resolver';

/** `*` and `*:*`: administrator access, which iam-wildcard-action reports as such. */
export const EVERY_ACTION = /^\*(?::\*)?$/;

/**
 * `sqs:*`: every action of one service. iam-wildcard-action reports such an
 * entry once, naming what it includes; the narrower rules (permissions
 * management, data exfiltration, credential exposure, escalation) leave it.
 */
export const WHOLE_SERVICE = /^[A-Za-z0-9-]+:\*$/;

/** Restrictable permissions-management actions: `*` is the only resource of the others. */
export function isPermissionsManagement(action: IamAction): boolean {
  return effectiveAccessLevel(action) === 'Permissions management' && action.resourceTypes !== 'none';
}

/**
 * A Resource entry that reaches every resource of some type: `*`, or an ARN
 * pattern such as `arn:aws:iam::*:role/*`, `arn:aws:s3:::*` (every object too) or, after
 * resolution, `arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*` (a pseudo
 * parameter in the region or account field is any value there).
 */
export interface BroadResource extends StatementValue {
  /** True for `*`, which also reaches actions that take no resource type. */
  isEverything: boolean;
}

/**
 * The entries of a statement's Resource (not NotResource) that may reach a
 * whole resource type: `*` and ARN patterns with a wildcard, in order. Values
 * with unresolved parts are kept (`${AWS::AccountId}`); an unresolved part in
 * the resource name itself never matches a whole type, so nothing is guessed.
 */
export function broadResources(statement: IamStatement, resolver: Resolver): BroadResource[] {
  if (statement.isNotResource) return [];
  const found: BroadResource[] = [];
  for (const value of resourceTexts(statement.resources, resolver)) {
    if (value.text === '*') found.push({ ...value, isEverything: true });
    else if (isWildcardArn(value.text)) found.push({ ...value, isEverything: false });
  }
  return found;
}

/** Like statementValues, but keeps the text of partially resolved values (`arn:${AWS::Partition}:iam::...`). */
function resourceTexts(nodes: readonly StatementValue['node'][], resolver: Resolver): StatementValue[] {
  const result: StatementValue[] = [];
  const visit = (node: StatementValue['node'] | null | undefined, when: ConditionAssumption[], depth: number): void => {
    if (!node || depth > 10) return;
    for (const branch of resolver.branches(node, when)) {
      const branchNode = branch.node;
      if (!branchNode) continue;
      if (branchNode.kind === 'seq') {
        for (const item of branchNode.items) visit(item, branch.when, depth + 1);
        continue;
      }
      for (const outcome of resolver.outcomes(branchNode)) {
        const text = outcome.state === 'known' && typeof outcome.value === 'string' ? outcome.value : outcome.state === 'partial' ? outcome.text : undefined;
        if (text !== undefined) result.push({ text: text.trim(), node: branchNode, when: [...branch.when, ...outcome.when] });
      }
    }
  };
  for (const node of nodes) visit(node, [], 0);
  return result;
}

/**
 * How a broad resource reaches an action: `*` reaches every action; an ARN
 * pattern reaches an action when it covers every resource of one of the
 * action's types (`type`). Undefined: it does not (a prefix such as
 * `role/app-*`, one bucket's objects, another type, an action that takes no
 * resource type).
 */
export function reachOf(resource: BroadResource, action: IamAction): { type?: ResourceType } | undefined {
  if (resource.isEverything) return {};
  const type = everyResourceReached(resource.text, action);
  return type ? { type } : undefined;
}

/** `Resource '*'`, `Resource 'arn:aws:iam::*:role/*'`: the pattern, as messages name it. */
export function resourceForMessage(resource: Pick<StatementValue, 'text'>): string {
  return `Resource '${resource.text}'`;
}

/** `every resource of the account`, `every role (iam)`, `every table (dynamodb)`. */
export function reachForMessage(type: ResourceType | undefined): string {
  return type ? `every ${type.key.toLowerCase()} (${type.service})` : 'every resource of the account';
}

export interface UnconstrainedEntry {
  /** The Action entry, resolved. */
  entry: StatementValue;
  /** The actions it matches in the table that a broad resource reaches (shared with the action table's cache: never changed). */
  actions: readonly IamAction[];
  /** The broad resource that reaches the first of them (the one messages name). */
  resource: BroadResource;
}

export interface UnconstrainedGrant {
  statement: IamStatement;
  /** The broad Resource entry of the first entry (or of the statement, when no entry is reached). */
  resource: BroadResource;
  entries: UnconstrainedEntry[];
}

/**
 * The Action entries an identity statement allows on every resource of their
 * types: Effect Allow, an Action list (NotAction has its own rule), a broad
 * Resource (`*`, `arn:aws:iam::*:role/*`), and no constraining Condition.
 * Each entry keeps only the actions a broad resource reaches, so `iam:*` on
 * `role/*` keeps the role actions. Entries the table does not know (an
 * unknown service) and unresolved ones are left out: never guessed.
 * `isConstrained` decides what counts as a constraining Condition (a rule may be stricter).
 */
export function unconstrainedGrant(statement: IamStatement, resolver: Resolver, isConstrained = hasConstrainingCondition): UnconstrainedGrant | undefined {
  // Six rules ask for the same statement's grant; an `Action: '*'` entry expands to every action of AWS,
  // so each statement is read once per model (statements belong to one model and its resolver).
  let byCheck = grantCache.get(statement);
  if (!byCheck) {
    byCheck = new Map();
    grantCache.set(statement, byCheck);
  }
  if (byCheck.has(isConstrained)) return byCheck.get(isConstrained);
  const grant = readGrant(statement, resolver, isConstrained);
  byCheck.set(isConstrained, grant);
  return grant;
}

const grantCache = new WeakMap<IamStatement, Map<(statement: IamStatement) => boolean, UnconstrainedGrant | undefined>>();

function readGrant(statement: IamStatement, resolver: Resolver, isConstrained: (statement: IamStatement) => boolean): UnconstrainedGrant | undefined {
  if (statement.effect !== 'Allow' || statement.isNotAction || statement.origin === 'resource-policy') return undefined;
  if (isScopedByPolicyTemplate(statement) || isConstrained(statement)) return undefined;
  const resources = broadResources(statement, resolver);
  if (resources.length === 0) return undefined;
  const entries: UnconstrainedEntry[] = [];
  for (const entry of statementValues(statement.actions, resolver).known) {
    const candidates = resources.filter((resource) => compatible(entry.when, resource.when));
    if (candidates.length === 0) continue;
    const actions = expandActionPattern(entry.text);
    if (!actions || actions.length === 0) continue;
    if (candidates[0].isEverything) {
      // `Resource: '*'` first reaches every action on its own: no need to ask it about each of them.
      entries.push({ entry, actions, resource: candidates[0] });
      continue;
    }
    let first: BroadResource | undefined;
    const reached: IamAction[] = [];
    // `*` expands to every action of AWS: with ARN patterns only, a service none of them reaches is skipped whole.
    const isEverything = candidates.some((candidate) => candidate.isEverything);
    for (const [service, serviceActions] of byService(actions)) {
      if (!isEverything && !candidates.some((candidate) => reachesService(candidate.text, service))) continue;
      for (const action of serviceActions) {
        const resource = candidates.find((candidate) => reachOf(candidate, action) !== undefined);
        if (!resource) continue;
        first ??= resource;
        reached.push(action);
      }
    }
    if (first) entries.push({ entry, actions: reached, resource: first });
  }
  return { statement, resource: entries[0]?.resource ?? resources[0], entries };
}

/** The actions of an expansion by service, in order; expansions are cached arrays, so each is grouped once. */
const groupedExpansions = new WeakMap<readonly IamAction[], Map<string, IamAction[]>>();

function byService(actions: readonly IamAction[]): Map<string, IamAction[]> {
  let grouped = groupedExpansions.get(actions);
  if (!grouped) {
    grouped = new Map();
    for (const action of actions) {
      const list = grouped.get(action.service);
      if (list) list.push(action);
      else grouped.set(action.service, [action]);
    }
    groupedExpansions.set(actions, grouped);
  }
  return grouped;
}

/** Where to underline an entry: the entry, or the statement's stand-in when it was read from another file. */
export function reportNode(statement: IamStatement, node: StatementValue['node']): StatementValue['node'] | { range: IamStatement['range'] } {
  return statement.isForeign ? { range: statement.range } : node;
}
