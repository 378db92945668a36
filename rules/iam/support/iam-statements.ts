/**
 * What the iam rules share: the engine's IAM knowledge (action table, risky
 * action sets, statement reading) re-exported in one place, and message text
 * helpers. Not a rule.
 */
import type { Resolver } from '../../../server/src/engine/resolve/resolver';
import type { IamStatement } from '../../../server/src/engine/model/types';
import { compatible, effectiveAccessLevel, expandActionPattern, hasConstrainingCondition, isExpandedPolicyTemplate, statementValues, wildcardResources, type IamAction, type StatementValue } from '../../../server/src/engine/iam';

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

export interface UnconstrainedEntry {
  /** The Action entry, resolved. */
  entry: StatementValue;
  /** The actions it matches in the table. */
  actions: IamAction[];
}

export interface UnconstrainedGrant {
  statement: IamStatement;
  /** The `*` Resource entry that makes the grant unconstrained. */
  resource: StatementValue;
  entries: UnconstrainedEntry[];
}

/**
 * The Action entries an identity statement allows on every resource: Effect
 * Allow, an Action list (NotAction has its own rule), `Resource: '*'`, and no
 * constraining Condition. Entries the table does not know (an unknown
 * service) and unresolved ones are left out: never guessed.
 * `isConstrained` decides what counts as a constraining Condition (a rule may be stricter).
 */
export function unconstrainedGrant(statement: IamStatement, resolver: Resolver, isConstrained = hasConstrainingCondition): UnconstrainedGrant | undefined {
  if (statement.effect !== 'Allow' || statement.isNotAction || statement.origin === 'resource-policy') return undefined;
  if (isExpandedPolicyTemplate(statement) || isConstrained(statement)) return undefined;
  const resource = wildcardResources(statement, resolver)[0];
  if (!resource) return undefined;
  const entries: UnconstrainedEntry[] = [];
  for (const entry of statementValues(statement.actions, resolver).known) {
    if (!compatible(entry.when, resource.when)) continue;
    const actions = expandActionPattern(entry.text);
    if (actions && actions.length > 0) entries.push({ entry, actions });
  }
  return { statement, resource, entries };
}

/** Where to underline an entry: the entry, or the statement's stand-in when it was read from another file. */
export function reportNode(statement: IamStatement, node: StatementValue['node']): StatementValue['node'] | { range: IamStatement['range'] } {
  return statement.isForeign ? { range: statement.range } : node;
}
