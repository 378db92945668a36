/**
 * Shared reading of `AWS::Lambda::Permission` for the auth rules: which
 * principal a permission grants, under which conditions, and whether a
 * source restriction (SourceArn, SourceAccount, PrincipalOrgID) can be absent.
 */
import type { ConditionAssumption } from '../../../server/src/engine/resolve/resolver';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import { entryOf } from '../../../server/src/engine/parse/tree';

/** The combinations of conditions under which none of `keys` is set (AWS::NoValue counts as unset). */
export function branchesWithout(model: AppModel, resource: CfnResource, keys: string[]): ConditionAssumption[][] {
  let combinations: ConditionAssumption[][] = [[]];
  for (const key of keys) {
    const entry = entryOf(resource.properties, key);
    if (!entry) continue;
    const next: ConditionAssumption[][] = [];
    for (const when of combinations) {
      for (const branch of model.resolver.branches(entry.value, when)) {
        if (branch.node === null || branch.node === undefined) next.push(branch.when);
      }
    }
    combinations = next;
  }
  // Keep combinations whose assumptions do not contradict each other (the same condition both true and false).
  return combinations.filter((when) => when.every((a) => when.every((b) => a.condition !== b.condition || a.value === b.value)));
}

/** A service principal (`s3.amazonaws.com`, `events.amazonaws.com`, China's `.amazonaws.com.cn`). */
export function isServicePrincipal(principal: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(principal);
}
