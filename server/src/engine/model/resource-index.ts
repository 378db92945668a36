/**
 * A model's resources by logical id. Rules and model builders look resources up per finding or per
 * reference; a scan of `model.resources` each time grows with findings times resources.
 */
import type { AppModel, CfnResource } from './types';

/** Built once per model, and again only when resources were added since (model builders add as they go). */
const indexes = new WeakMap<AppModel, { count: number; byId: Map<string, CfnResource> }>();

export function resourceById(model: AppModel, logicalId: string | undefined): CfnResource | undefined {
  if (logicalId === undefined) return undefined;
  let kept = indexes.get(model);
  if (!kept || kept.count !== model.resources.length) {
    const byId = new Map<string, CfnResource>();
    // The first resource of an id wins, as `resources.find` did.
    for (const resource of model.resources) if (!byId.has(resource.logicalId)) byId.set(resource.logicalId, resource);
    kept = { count: model.resources.length, byId };
    indexes.set(model, kept);
  }
  return kept.byId.get(logicalId);
}
