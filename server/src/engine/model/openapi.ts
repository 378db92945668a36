/**
 * Reads the OpenAPI definitions (Swagger 2 and OpenAPI 3) of API Gateway APIs:
 * inline SAM `DefinitionBody` and CloudFormation `Body`, and the workspace files
 * that `openapi-external.ts` reads for them (`DefinitionUri`, `AWS::Include`,
 * `BodyS3Location`). Operations become endpoints with the auth API Gateway gives
 * them (security requirement + the scheme's `x-amazon-apigateway-authorizer` /
 * `x-amazon-apigateway-authtype`).
 */
import { entryOf, intrinsicName, isMap, isSeq, mapEntries, valueOf } from '../parse/tree';
import type { MapNode, SourceNode } from '../types';
import { isPrivateEndpoint } from './cloudformation';
import { integrationFunctionOf } from './integration-uri';
import { readExternalDefinition } from './openapi-external';
import type { AppModel, AuthInfo, AuthType, CfnResource, Endpoint, OpenApiDefinition, OpenApiOperation, OpenApiSecurityScheme } from './types';

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method']);

/** Names of the schemes in the first requirement of a `security` list; undefined when unreadable. */
function securityNamesOf(security: SourceNode | null | undefined): string[] | undefined {
  if (!isSeq(security)) return undefined;
  // API Gateway honours one requirement per operation; alternatives beyond the first are not supported.
  const first = security.items[0];
  if (first === undefined) return [];
  if (!isMap(first) || intrinsicName(first)) return undefined;
  return first.entries.map((entry) => String(entry.key.value));
}

function schemeAuthType(model: AppModel, scheme: SourceNode | null | undefined): OpenApiSecurityScheme['authType'] {
  const authorizer = valueOf(scheme, 'x-amazon-apigateway-authorizer');
  const authorizerType = model.resolver.resolveString(valueOf(authorizer, 'type'))?.toLowerCase();
  if (authorizerType === 'token' || authorizerType === 'request') return 'lambda';
  if (authorizerType === 'cognito_user_pools') return 'cognito';
  if (authorizerType === 'jwt') return 'jwt';
  const authtype = model.resolver.resolveString(valueOf(scheme, 'x-amazon-apigateway-authtype'))?.toLowerCase();
  if (authtype === 'awssigv4') return 'iam';
  if (authtype === 'cognito_user_pools') return 'cognito';
  if (authorizer) return 'unknown';
  const type = model.resolver.resolveString(valueOf(scheme, 'type'))?.toLowerCase();
  const name = model.resolver.resolveString(valueOf(scheme, 'name'))?.toLowerCase();
  // API Gateway's API key requirement: `type: apiKey, name: x-api-key, in: header`, without an authorizer.
  if (type === 'apikey' && name === 'x-api-key') return 'apiKey';
  return 'unknown';
}

/** Reads an inline body; undefined when it is not an inline Swagger/OpenAPI map. */
export function readOpenApiDefinition(model: AppModel, resource: string, apiType: 'rest' | 'http', body: SourceNode | null | undefined): OpenApiDefinition | undefined {
  // `Fn::Transform: AWS::Include` and other intrinsics point at a file in S3: external.
  if (!isMap(body) || intrinsicName(body) || entryOf(body, 'Fn::Transform')) return undefined;
  const isSwagger = !!entryOf(body, 'swagger');
  const isOpenApi = !!entryOf(body, 'openapi');
  if (!isSwagger && !isOpenApi) return undefined;
  const schemesNode = isSwagger ? valueOf(body, 'securityDefinitions') : valueOf(valueOf(body, 'components'), 'securitySchemes');
  const schemes: OpenApiSecurityScheme[] = mapEntries(schemesNode).map((entry) => ({
    name: String(entry.key.value),
    entry,
    authType: schemeAuthType(model, entry.value),
    isApiGatewayAuthorizer: !!valueOf(entry.value, 'x-amazon-apigateway-authorizer'),
  }));
  const rootSecurityEntry = entryOf(body, 'security');
  const rootSecurityNames = rootSecurityEntry ? securityNamesOf(rootSecurityEntry.value) : undefined;
  const operations: OpenApiOperation[] = [];
  for (const pathEntry of mapEntries(valueOf(body, 'paths'))) {
    const path = String(pathEntry.key.value);
    for (const operationEntry of mapEntries(pathEntry.value)) {
      const key = String(operationEntry.key.value).toLowerCase();
      if (!HTTP_METHODS.has(key) || !isMap(operationEntry.value)) continue;
      const operation = operationEntry.value;
      const securityEntry = entryOf(operation, 'security');
      const securityNames = securityEntry ? securityNamesOf(securityEntry.value) : rootSecurityNames;
      const isSecurityUnknown = securityEntry ? securityNames === undefined : rootSecurityEntry !== undefined && rootSecurityNames === undefined;
      const integrationType = model.resolver.resolveString(valueOf(valueOf(operation, 'x-amazon-apigateway-integration'), 'type'))?.toLowerCase();
      operations.push({
        method: key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase(),
        path,
        keyRange: operationEntry.key.range,
        operation,
        securityNames,
        isSecurityUnknown,
        isMockIntegration: integrationType === 'mock',
      });
    }
  }
  return {
    resource,
    apiType,
    body,
    version: isSwagger ? 'swagger2' : 'openapi3',
    schemes,
    operations,
    schemesEntry: isSwagger ? entryOf(body, 'schemes') : undefined,
    rootSecurityNames,
  };
}

/**
 * The definition of an API: its inline body, else the workspace file its template names (read through the
 * shell's reader; every reference, read or not, is recorded in `model.externalDefinitions`).
 */
export function readApiDefinition(model: AppModel, api: CfnResource, apiType: 'rest' | 'http'): OpenApiDefinition | undefined {
  const inline = readOpenApiDefinition(model, api.logicalId, apiType, valueOf(api.properties, api.type.startsWith('AWS::Serverless::') ? 'DefinitionBody' : 'Body'));
  if (inline) return inline;
  const external = readExternalDefinition(model, api);
  if (!external) return undefined;
  const definition = readOpenApiDefinition(model, api.logicalId, apiType, external.root);
  if (definition) definition.external = { path: external.path, reference: external.reference, property: external.property, text: external.text };
  return definition;
}

export interface OpenApiDefaults {
  /** The auth an operation without `security` gets (SAM `Auth.DefaultAuthorizer`); none when absent. */
  defaultAuth?: AuthInfo;
  /** The type of an authorizer SAM injects into the body (`Auth.Authorizers`), by name. */
  authorizerType?: (name: string) => AuthType;
  apiKeyRequired?: boolean;
}

function authOf(definition: OpenApiDefinition, operation: OpenApiOperation, defaults: OpenApiDefaults): AuthInfo {
  const apiKeyBase = defaults.apiKeyRequired === true;
  if (operation.isSecurityUnknown) return { type: 'unknown', source: 'route' };
  const names = operation.securityNames;
  if (names === undefined) return defaults.defaultAuth ?? { type: 'none', source: 'implicit-default', apiKeyRequired: apiKeyBase || undefined };
  // `security: []` opts out of auth, but SAM may still add its DefaultAuthorizer there: unknown.
  if (names.length === 0 && defaults.defaultAuth) return { type: 'unknown', source: 'route' };
  let apiKeyRequired = apiKeyBase;
  let type: AuthType | undefined;
  let authorizer: string | undefined;
  for (const name of names) {
    const scheme = definition.schemes.find((candidate) => candidate.name === name);
    const schemeType = scheme ? scheme.authType : (defaults.authorizerType?.(name) ?? 'unknown');
    if (schemeType === 'apiKey') {
      apiKeyRequired = true;
      continue;
    }
    if (type === undefined) {
      type = schemeType;
      authorizer = name;
    }
  }
  const source = operation.operation.entries.some((entry) => entry.key.value === 'security') ? 'route' : 'api-default';
  return { type: type ?? 'none', authorizer, source, apiKeyRequired: apiKeyRequired || undefined };
}

/** Adds the body's operations to the model as endpoints, and the definition to `model.openApiDefinitions`. */
export function addOpenApiEndpoints(model: AppModel, api: CfnResource, definition: OpenApiDefinition, defaults: OpenApiDefaults = {}): void {
  (model.openApiDefinitions ??= []).push(definition);
  const isPrivateNetwork = definition.apiType === 'rest' && isPrivateEndpoint(model, api.properties);
  const external = definition.external;
  for (const operation of definition.operations) {
    const integration = valueOf(operation.operation, 'x-amazon-apigateway-integration');
    model.endpoints.push({
      kind: definition.apiType,
      method: operation.method,
      path: operation.path,
      auth: authOf(definition, operation, defaults),
      functionName: integrationFunctionOf(valueOf(integration, 'uri'), model),
      api: api.logicalId,
      resource: definition.resource,
      isPrivateNetwork,
      // A mock integration invokes no backend: API Gateway answers itself, typically a CORS preflight.
      isMockIntegration: operation.isMockIntegration || undefined,
      form: 'openapi-operation',
      declaration: operation.operation,
      // An operation of another file is reported on the template's reference to it (its offsets are the file's).
      authEntry: external ? undefined : entryOf(operation.operation, 'security'),
      range: external ? external.reference.range : operation.keyRange,
      ...(external && { definedIn: { path: external.path, range: operation.keyRange } }),
    });
  }
}

/**
 * The endpoints of API `apiId`'s inline body for `method path` (or ANY on the path): a SAM event
 * there is the same route, and SAM writes the event's own `Auth` into that operation.
 */
export function openApiEndpointsFor(model: AppModel, apiId: string | undefined, method: string, path: string): Endpoint[] {
  if (!apiId || !model.openApiDefinitions?.some((candidate) => candidate.resource === apiId)) return [];
  const normalise = (text: string) => text.replace(/\/+$/, '') || '/';
  return model.endpoints.filter(
    (endpoint) => endpoint.form === 'openapi-operation' && endpoint.resource === apiId && normalise(endpoint.path) === normalise(path) && (endpoint.method === method.toUpperCase() || endpoint.method === 'ANY'),
  );
}

/** The body node of an API resource: `DefinitionBody` (SAM) or `Body` (CloudFormation). */
export function openApiBodyOf(api: CfnResource): MapNode | undefined {
  const body = valueOf(api.properties, api.type.startsWith('AWS::Serverless::') ? 'DefinitionBody' : 'Body');
  return isMap(body) ? body : undefined;
}
