/**
 * Shared helpers for the input rules: which methods take a request body, and
 * the raw nodes behind an endpoint that the model does not carry yet (the API
 * an event or method belongs to). Read-only; nothing here reports.
 */
import { referencedLogicalId } from '../../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource, Endpoint } from '../../../server/src/engine/model/types';
import { nodeAt, valueOf } from '../../../server/src/engine/parse/tree';

/**
 * Methods whose requests carry a body. DELETE may carry one too, but rarely
 * does. `ANY` is left out on purpose: an `ANY /{proxy+}` route fronts a whole
 * web application (Express, ASP.NET, Nuxt), which no single schema can
 * describe, and a body model on ANY would also apply to its GET requests.
 */
export const BODY_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

export function takesBody(endpoint: Endpoint): boolean {
  return BODY_METHODS.has(endpoint.method);
}

export function resourceById(model: AppModel, logicalId: string | undefined): CfnResource | undefined {
  if (!logicalId) return undefined;
  return model.resources.find((resource) => resource.logicalId === logicalId);
}

/**
 * The API a SAM event attaches to: `found` is the explicit API resource, or
 * undefined for the implicit API; `isKnown` is false when the event names an
 * API that is not in this template (or not of the expected type).
 */
export function samEventApi(model: AppModel, endpoint: Endpoint, idKey: 'RestApiId' | 'ApiId', apiType: string): { isKnown: boolean; api?: CfnResource } {
  const apiId = valueOf(valueOf(endpoint.declaration, 'Properties'), idKey);
  if (apiId === undefined || apiId === null) return { isKnown: true };
  const api = resourceById(model, referencedLogicalId(apiId));
  if (!api || api.type !== apiType) return { isKnown: false };
  return { isKnown: true, api };
}

/** True when a SAM API's routes are (also) defined by an OpenAPI document, which may carry validators or auth the model cannot see. */
export function samApiHasDefinition(model: AppModel, api: CfnResource | undefined, globalsKey: 'Api' | 'HttpApi'): boolean {
  const globals = nodeAt(model.document.root, ['Globals', globalsKey]);
  if (valueOf(globals, 'DefinitionBody') !== undefined || valueOf(globals, 'DefinitionUri') !== undefined) return true;
  return !!api && (valueOf(api.properties, 'DefinitionBody') !== undefined || valueOf(api.properties, 'DefinitionUri') !== undefined);
}
