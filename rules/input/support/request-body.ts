/**
 * Shared helpers for the input rules: which methods take a request body, and
 * the resource behind an endpoint. Whether API Gateway validates a body is
 * decided in `server/src/engine/project/edge-validation.ts`. Read-only; nothing
 * here reports.
 */
import type { Endpoint } from '../../../server/src/engine/model/types';

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

export { resourceById } from '../../../server/src/engine/model/resource-index';
