/**
 * What the function and log-group logging rules share: SAM `Globals.Function`
 * fallback, the Serverless `provider` settings they read, and the "turn it on"
 * edit. API stages are in the model (`model.apis`). Reads nodes only; reports nothing itself.
 */
import type { AppModel, CfnResource, MapEntry, SourceNode, TextEdit, TextRange } from '../../../server/src/engine';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../../server/src/engine/fix/edits';
import { entryOf, isMap, isScalar, nodeAt } from '../../../server/src/engine/parse/tree';

/** A property of a SAM resource, falling back to `Globals.<section>` as SAM does. `isGlobal` tells where it came from. */
export function samProperty(model: AppModel, resource: CfnResource | undefined, section: 'Function', key: string): { entry?: MapEntry; isGlobal: boolean } {
  const own = entryOf(resource?.properties, key);
  if (own) return { entry: own, isGlobal: false };
  const global = entryOf(nodeAt(model.document.root, ['Globals', section]), key);
  return { entry: global, isGlobal: global !== undefined };
}

/** The scalar a branch resolves to, lower-cased: `'true'`, `'active'`; undefined when unknown, null when absent. */
export function scalarOf(model: AppModel, node: SourceNode | null | undefined): string | null | undefined {
  if (node === null || node === undefined) return null;
  const resolved = model.resolver.resolve(node);
  if (resolved.state !== 'known') return undefined;
  return resolved.value === null ? null : String(resolved.value).toLowerCase();
}

/** The serverless.yml `provider` map, when it is in this document. */
export function serverlessProvider(model: AppModel): { node: SourceNode | null | undefined; entry?: MapEntry } {
  const root = model.document.root;
  const entry = entryOf(root, 'provider');
  const target = model.resolver.deref(entry?.value);
  return { node: target.isForeign ? undefined : target.node, entry };
}

/**
 * Where a finding about the whole service goes: the `provider` key, since that
 * is where its fix belongs. Undefined when the document has no `provider` key,
 * so the caller falls back to the function or event that the finding is about.
 */
export function serverlessProviderKeyRange(model: AppModel): TextRange | undefined {
  return serverlessProvider(model).entry?.key.range;
}

/** A key under `provider` followed through whole-value variables (`logs: ${self:custom.logs}`), in this document only. */
export function providerSetting(model: AppModel, path: string[]): { entry?: MapEntry; node: SourceNode | null | undefined } {
  let current = serverlessProvider(model).node;
  let entry: MapEntry | undefined;
  for (const step of path) {
    entry = entryOf(current, step);
    if (!entry) return { node: undefined };
    const target = model.resolver.deref(entry.value);
    if (target.isForeign) return { entry, node: undefined };
    current = target.node;
  }
  return { entry, node: current };
}

/**
 * A quick-fix edit that turns a setting on: flips a literal `false` (or
 * `PassThrough`) in place, or adds `key: value` to `map` when the setting is
 * absent. Nothing when the setting is an intrinsic, or the map is not a
 * non-empty map of this document (a `${file()}` include, `{}` written elsewhere).
 */
export function enableSettingEdit(model: AppModel, entry: MapEntry | undefined, map: SourceNode | null | undefined, key: string, value: PlainValue): TextEdit | undefined {
  if (entry) {
    // Only a literal is rewritten: a `${self:...}` leading to false is the user's indirection to change.
    if (!entry.value || !isScalar(entry.value) || (typeof entry.value.value === 'string' && entry.value.value.includes('${'))) return undefined;
    return replaceNode(entry.value, valueText(model.document, entry.value, value));
  }
  if (!isMap(map) || map.entries.length === 0) return undefined;
  return insertMapEntries(model.document, map, { [key]: value });
}
