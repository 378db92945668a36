/**
 * Small value helpers shared by the transit rules: the outcomes a property can
 * take (every `Fn::If` branch, with its conditions), and how to read booleans
 * and strings from them. Unknown values never count as bad here.
 */
import { describeWhen, type ConditionAssumption, type Outcome } from '../../../server/src/engine/resolve/resolver';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, nodeAt, valueOf } from '../../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode } from '../../../server/src/engine/types';

export type Tristate = true | false | 'unknown';

/** A known boolean from an outcome: `true`, `'true'`, `'True'`; `null` (absent) is `absent`. */
export function booleanOf(outcome: Outcome): boolean | 'absent' | 'unknown' {
  if (outcome.state !== 'known') return 'unknown';
  if (outcome.value === null) return 'absent';
  if (typeof outcome.value === 'boolean') return outcome.value;
  const text = String(outcome.value).toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return 'unknown';
}

/** A known string from an outcome, or undefined when absent or unknown. */
export function textOf(outcome: Outcome): string | undefined {
  return outcome.state === 'known' && outcome.value !== null ? String(outcome.value) : undefined;
}

/** The text to append to a message for the conditions an outcome holds under. */
export function whenText(when: readonly ConditionAssumption[]): string {
  return describeWhen(when);
}

/**
 * Follows a path of map keys through `Fn::If` on the way: each branch of
 * each step is taken, and the conditions collected. A missing step gives a
 * `null` node (absent), so that rules can read defaults.
 */
export function nodesAt(model: AppModel, start: SourceNode | null | undefined, path: string[]): Array<{ node: SourceNode | null | undefined; when: ConditionAssumption[] }> {
  let current: Array<{ node: SourceNode | null | undefined; when: ConditionAssumption[] }> = [{ node: start, when: [] }];
  for (const step of path) {
    const next: typeof current = [];
    for (const item of current) {
      for (const branch of model.resolver.branches(item.node, item.when)) {
        if (branch.node === null || branch.node === undefined) next.push({ node: null, when: branch.when });
        else if (isMap(branch.node) && !intrinsicName(branch.node)) next.push({ node: valueOf(branch.node, step) ?? null, when: branch.when });
        else next.push({ node: undefined, when: branch.when }); // an intrinsic or a scalar: unknown
      }
    }
    current = next;
  }
  return current;
}

/**
 * The outcomes of the property at `path` under a resource's Properties,
 * `Fn::If` anywhere on the path included. An outcome of `unknown` state means
 * the value cannot be read (an intrinsic, or a non-map on the way).
 */
export function propertyOutcomes(model: AppModel, resource: CfnResource, path: string[]): Outcome[] {
  const properties = resource.properties ?? valueOf(resource.declaration, 'Properties') ?? null;
  return nodesAt(model, properties, path).flatMap(({ node, when }) => {
    if (node === undefined) return [{ state: 'unknown' as const, when }];
    return model.resolver.outcomes(node).map((outcome) => ({ ...outcome, when: [...when, ...outcome.when] }));
  });
}

/** The map entry at a path under Properties (no `Fn::If` unwrapping), for ranges. */
export function propertyEntry(resource: CfnResource, path: string[]): MapEntry | undefined {
  if (path.length === 0) return undefined;
  const parent = nodeAt(resource.properties, path.slice(0, -1));
  return entryOf(parent, path[path.length - 1]);
}

/** Where to report on a resource: the deepest entry of `path` that is present, else the logical id. */
export function reportNode(resource: CfnResource, path: string[]): MapEntry | { range: CfnResource['keyRange'] } {
  for (let length = path.length; length > 0; length--) {
    const entry = propertyEntry(resource, path.slice(0, length));
    if (entry) return entry;
  }
  return { range: resource.keyRange };
}
