/**
 * Small value helpers shared by the transit rules: the outcomes a property can
 * take (every `Fn::If` branch, with its conditions), and how to read booleans
 * and strings from them. Unknown values never count as bad here.
 */
import type { ConditionAssumption, Outcome } from '../../../server/src/engine/resolve/resolver';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import { entryOf, nodeAt, valueOf } from '../../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode } from '../../../server/src/engine/types';

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

/**
 * The node at a path under `start` on each branch (`resolver.branchesAt`),
 * in the shape these rules read: `null` where the path is absent, undefined
 * where it cannot be read.
 */
export function nodesAt(model: AppModel, start: SourceNode | null | undefined, path: string[]): Array<{ node: SourceNode | null | undefined; when: ConditionAssumption[] }> {
  return model.resolver.branchesAt(start, path).map((branch) => ({ node: branch.state === 'present' ? branch.node : branch.state === 'absent' ? null : undefined, when: branch.when }));
}

/**
 * The outcomes of the property at `path` under a resource's Properties
 * (`resolver.valuesAt`): an absent property is a known `null`, a value that
 * cannot be read is `unknown`.
 */
export function propertyOutcomes(model: AppModel, resource: CfnResource, path: string[]): Outcome[] {
  const properties = resource.properties ?? valueOf(resource.declaration, 'Properties') ?? null;
  return model.resolver.valuesAt(properties, path).map((value): Outcome => {
    if (value.state === 'absent') return { state: 'known', value: null, when: value.when };
    if (value.state === 'unknown') return { state: 'unknown', when: value.when };
    return { state: 'known', value: value.value ?? null, when: value.when, ...(value.assumptions.length ? { assumptions: value.assumptions } : {}) };
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
