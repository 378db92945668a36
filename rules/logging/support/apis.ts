/**
 * What the logging rules need to know about APIs and functions that the
 * application model does not carry yet: SAM implicit APIs and `Globals`, the
 * Serverless `provider.logs` / `provider.tracing` settings and which event
 * kinds a service uses. Reads raw nodes only; reports nothing itself.
 */
import type { AppModel, CfnResource, MapEntry, SourceNode, TextEdit, TextRange } from '../../../server/src/engine';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../../server/src/engine/fix/edits';
import type { Branch } from '../../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, mapEntries, nodeAt, scalarText, seqItems, valueOf } from '../../../server/src/engine/parse/tree';

/** A SAM function event that creates or joins the implicit `ServerlessRestApi` / `ServerlessHttpApi`. */
export interface ImplicitApiEvent {
  functionName: string;
  entry: MapEntry;
}

/** The first `Api` (or `HttpApi`) event that names no `RestApiId` (`ApiId`): SAM then creates the implicit API. */
export function samImplicitApiEvent(model: AppModel, eventType: 'Api' | 'HttpApi'): ImplicitApiEvent | undefined {
  const idKey = eventType === 'Api' ? 'RestApiId' : 'ApiId';
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::Serverless::Function') continue;
    for (const event of mapEntries(valueOf(resource.properties, 'Events'))) {
      if (!isMap(event.value) || scalarText(valueOf(event.value, 'Type')) !== eventType) continue;
      if (valueOf(valueOf(event.value, 'Properties'), idKey) !== undefined) continue;
      return { functionName: resource.logicalId, entry: event };
    }
  }
  return undefined;
}

/** A property of a SAM resource, falling back to `Globals.<section>` as SAM does. `isGlobal` tells where it came from. */
export function samProperty(model: AppModel, resource: CfnResource | undefined, section: 'Api' | 'HttpApi' | 'Function', key: string): { entry?: MapEntry; isGlobal: boolean } {
  const own = entryOf(resource?.properties, key);
  if (own) return { entry: own, isGlobal: false };
  const global = entryOf(nodeAt(model.document.root, ['Globals', section]), key);
  return { entry: global, isGlobal: global !== undefined };
}

/** Branches of a property value (`Fn::If` unwrapped); one branch with `node: undefined` when the property is absent. */
export function branchesOf(model: AppModel, entry: MapEntry | undefined): Branch[] {
  return model.resolver.branches(entry?.value ?? undefined);
}

/** The scalar a branch resolves to, lower-cased: `'true'`, `'active'`; undefined when unknown, null when absent. */
export function scalarOf(model: AppModel, node: SourceNode | null | undefined): string | null | undefined {
  if (node === null || node === undefined) return null;
  const resolved = model.resolver.resolve(node);
  if (resolved.state !== 'known') return undefined;
  return resolved.value === null ? null : String(resolved.value).toLowerCase();
}

/** Serverless event kinds that create API Gateway resources, each with the first event that uses it. */
export interface ServerlessApiEvents {
  http?: MapEntry;
  httpApi?: MapEntry;
  websocket?: MapEntry;
}

export function serverlessApiEvents(model: AppModel): ServerlessApiEvents {
  const found: ServerlessApiEvents = {};
  if (model.kind !== 'serverless') return found;
  for (const fn of model.functions) {
    for (const event of seqItems(model.resolver.deref(valueOf(fn.declaration, 'events')).node)) {
      const local = model.resolver.deref(event);
      if (local.isForeign || !isMap(local.node)) continue;
      for (const kind of ['http', 'httpApi', 'websocket'] as const) {
        const entry = entryOf(local.node, kind);
        if (entry && !found[kind]) found[kind] = entry;
      }
    }
  }
  return found;
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
 * A Serverless `provider.logs.<kind>` setting: `true`, `false`, or a map whose
 * `flag` (`accessLogging`, `executionLogging`, `fullExecutionData`) defaults to
 * `defaultValue`. Returns 'on', 'off', or 'unknown' (an unresolved variable).
 */
export function serverlessLogFlag(model: AppModel, kind: 'restApi' | 'httpApi' | 'websocket', flag: string | undefined, defaultValue: boolean): 'on' | 'off' | 'unknown' {
  const setting = providerSetting(model, ['logs', kind]);
  if (!setting.entry) return 'off';
  const node = setting.node;
  if (node === undefined) return 'unknown';
  if (isScalar(node) || node === null) {
    const value = scalarOf(model, node);
    if (value === undefined) return 'unknown';
    if (value === null || value === 'false') return 'off';
    return value === 'true' ? (defaultValue ? 'on' : 'off') : 'unknown';
  }
  if (!isMap(node)) return 'unknown';
  if (flag === undefined) return 'on';
  const flagEntry = entryOf(node, flag);
  if (!flagEntry) return defaultValue ? 'on' : 'off';
  const value = scalarOf(model, flagEntry.value);
  if (value === undefined) return 'unknown';
  return value === 'true' ? 'on' : value === 'false' || value === null ? 'off' : 'unknown';
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
