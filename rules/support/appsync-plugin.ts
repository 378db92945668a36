/**
 * The AppSync APIs of a serverless.yml declared through the Serverless AppSync plugin: v2's top-level
 * `appSync` (one API) and v1's `custom.appSync` (one API or a list). Each with its name (for messages)
 * and the resource id findings are reported against. CloudFormation and SAM APIs are resources, read
 * from `model.resources` by the rules themselves.
 */
import type { AppModel, SourceNode } from '../../server/src/engine';
import { isMap, isSeq, valueOf } from '../../server/src/engine/parse/tree';

export interface AppSyncPluginApi {
  /** The API's map in the template. */
  node: SourceNode;
  name: string;
  /** `appSync` (v2) or `custom.appSync` (v1). */
  resource: 'appSync' | 'custom.appSync';
  version: 1 | 2;
}

export function appSyncPluginApis(model: AppModel): AppSyncPluginApi[] {
  if (model.kind !== 'serverless') return [];
  const root = model.document.root;
  const out: AppSyncPluginApi[] = [];
  const v2 = valueOf(root, 'appSync');
  if (isMap(v2)) out.push({ node: v2, name: apiNameOf(model, v2), resource: 'appSync', version: 2 });
  const v1 = valueOf(valueOf(root, 'custom'), 'appSync');
  for (const api of isSeq(v1) ? v1.items : isMap(v1) ? [v1] : []) out.push({ node: api, name: apiNameOf(model, api), resource: 'custom.appSync', version: 1 });
  return out;
}

function apiNameOf(model: AppModel, api: SourceNode): string {
  const name = valueOf(api, 'name');
  const resolved = name ? model.resolver.resolve(name) : undefined;
  return resolved?.state === 'known' && typeof resolved.value === 'string' ? resolved.value : '(unnamed)';
}
