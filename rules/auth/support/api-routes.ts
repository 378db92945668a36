/**
 * Which API a route belongs to, and whether a set of routes all authenticate their callers: shared by
 * the rules that judge an API-wide setting (CORS, an authorizer) by the routes it serves.
 */
import { referencedLogicalId } from '../../../server/src/engine/model/cloudformation';
import type { AuthType, Endpoint } from '../../../server/src/engine/model/types';
import { nodeAt, valueOf } from '../../../server/src/engine/parse/tree';

/** The API an endpoint belongs to: its SAM event's RestApiId/ApiId (the implicit API without one), its route's ApiId, or the OpenAPI body's API; `?` when named but unresolved. */
export function apiOf(endpoint: Endpoint): string | undefined {
  if (endpoint.form === 'openapi-operation') return endpoint.resource;
  if (endpoint.form === 'sam-api') return referencedLogicalId(nodeAt(endpoint.declaration, ['Properties', 'RestApiId'])) ?? (nodeAt(endpoint.declaration, ['Properties', 'RestApiId']) ? '?' : 'ServerlessRestApi');
  if (endpoint.form === 'sam-httpapi') return referencedLogicalId(nodeAt(endpoint.declaration, ['Properties', 'ApiId'])) ?? (nodeAt(endpoint.declaration, ['Properties', 'ApiId']) ? '?' : 'ServerlessHttpApi');
  if (endpoint.form === 'cfn-apigatewayv2-route') return referencedLogicalId(valueOf(endpoint.declaration, 'ApiId'));
  if (endpoint.form === 'cfn-apigateway-method') return referencedLogicalId(valueOf(endpoint.declaration, 'RestApiId'));
  // The Serverless Framework's generated logical ids, which a serverless.yml's `resources` refer to.
  if (endpoint.form === 'serverless-http' || endpoint.form === 'serverless-stepfunctions-http') return 'ApiGatewayRestApi';
  if (endpoint.form === 'serverless-httpApi') return 'HttpApi';
  if (endpoint.form === 'serverless-websocket') return 'WebsocketsApi';
  // Function URLs and ALB routes belong to no API Gateway API: no API's CORS, authorizers or defaults apply to them.
  return undefined;
}

const IDENTITY_AUTH: ReadonlySet<AuthType> = new Set(['iam', 'cognito', 'jwt', 'lambda']);

/** The identity auth types a route has on every branch (IAM, Cognito, JWT, Lambda), or undefined when some branch is open or unknown. */
export function authTypesOnEveryBranch(endpoint: Endpoint): AuthType[] | undefined {
  const branches = endpoint.authBranches ?? [{ auth: endpoint.auth, when: [] }];
  if (!branches.every((branch) => IDENTITY_AUTH.has(branch.auth.type))) return undefined;
  return [...new Set(branches.map((branch) => branch.auth.type))];
}

/**
 * True when there are routes that need a caller's identity, and every one of them has one on every
 * branch. CORS preflight (OPTIONS) and mock integrations invoke nothing and are left out.
 */
export function everyRouteAuthenticated(routes: readonly Endpoint[]): boolean {
  const invoking = routes.filter((route) => route.method !== 'OPTIONS' && !route.isMockIntegration);
  return invoking.length > 0 && invoking.every((route) => authTypesOnEveryBranch(route) !== undefined);
}
