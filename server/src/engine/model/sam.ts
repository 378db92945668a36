/**
 * Reads the AWS SAM layer of a template: `Globals`, `AWS::Serverless::Function`
 * (environment, policies, events, function URL) and the explicit and implicit
 * APIs with their `Auth` (DefaultAuthorizer, per-event Authorizer).
 */
import { entryOf, isMap, isScalar, mapEntries, nodeAt, oneOrMany, scalarText, valueOf } from '../parse/tree';
import type { MapNode, SourceNode } from '../types';
import { functionUrlAuthAlternatives, isPrivateEndpoint, linkRolesToFunctions, readStatement, referencedLogicalId, settleAuth, statementsOf } from './cloudformation';
import { addOpenApiEndpoints, openApiEndpointsFor, readApiDefinition } from './openapi';
import { expandPolicyTemplate } from './sam-policy-templates';
import type { AppModel, AuthBranch, AuthInfo, AuthType, CfnResource } from './types';

export function addSamResources(model: AppModel, resources: CfnResource[]): void {
  const root = model.document.root;
  const globals = valueOf(root, 'Globals');
  for (const entry of mapEntries(nodeAt(globals, ['Function', 'Environment', 'Variables']))) {
    model.sharedEnvironment.push({ name: String(entry.key.value), entry, scope: 'globals', resource: 'Globals.Function' });
  }
  const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
  for (const resource of resources) {
    if (resource.type === 'AWS::Serverless::Api' || resource.type === 'AWS::Serverless::HttpApi') addSamOpenApi(model, resource, globals);
  }
  for (const resource of resources) {
    if (resource.type === 'AWS::Serverless::Function') addServerlessFunction(model, resource, byId, globals);
    // A state machine's generated role gets its `Policies` the same way (templates included); no function holds it.
    else if (resource.type === 'AWS::Serverless::StateMachine' && !valueOf(resource.properties, 'Role')) addSamPolicies(model, valueOf(resource.properties, 'Policies'), resource.logicalId, []);
  }
  // The CloudFormation pass linked roles before these functions existed: a SAM function with `Role: !GetAtt R.Arn`.
  linkRolesToFunctions(model, resources);
}

function addServerlessFunction(model: AppModel, resource: CfnResource, byId: Map<string, CfnResource>, globals: SourceNode | null | undefined): void {
  const properties = resource.properties;
  const name = resource.logicalId;
  const roleNode = valueOf(properties, 'Role');
  model.functions.push({
    name,
    resource: name,
    declaration: resource.declaration,
    nameRange: resource.keyRange,
    handler: scalarText(valueOf(properties, 'Handler')) ?? scalarText(nodeAt(globals, ['Function', 'Handler'])),
    runtime: scalarText(valueOf(properties, 'Runtime')) ?? scalarText(nodeAt(globals, ['Function', 'Runtime'])),
    environment: mapEntries(nodeAt(properties, ['Environment', 'Variables'])).map((entry) => ({ name: String(entry.key.value), entry, scope: 'function' as const, resource: name })),
    roleReference: roleNode ? (referencedLogicalId(roleNode) ?? scalarText(roleNode)) : undefined,
  });

  // SAM ignores `Policies` when a `Role` is given; the generated role gets them otherwise.
  if (!roleNode) {
    addSamPolicies(model, valueOf(properties, 'Policies'), name);
    // The generated role's trust policy, when the function overrides it. (One in Globals would be reported once per function: not read yet.)
    const trust = valueOf(properties, 'AssumeRolePolicyDocument');
    for (const statement of statementsOf(trust, 'resource-policy', name, [], model)) model.iamStatements.push({ ...statement, resourcePolicy: { service: 'iam-role-trust', targets: [name] } });
  }

  for (const event of mapEntries(valueOf(properties, 'Events'))) {
    if (!isMap(event.value)) continue;
    const type = scalarText(valueOf(event.value, 'Type'));
    const eventProperties = valueOf(event.value, 'Properties');
    if (type === 'Api') addApiEvent(model, name, event.key.value as string, event.key.range, event.value, eventProperties, byId, globals);
    else if (type === 'HttpApi') addHttpApiEvent(model, name, event.key.range, event.value, eventProperties, byId, globals);
  }

  const urlEntry = entryOf(properties, 'FunctionUrlConfig') ?? entryOf(nodeAt(globals, ['Function']), 'FunctionUrlConfig');
  if (urlEntry && isMap(urlEntry.value)) {
    const authEntry = entryOf(urlEntry.value, 'AuthType');
    const isOwn = entryOf(properties, 'FunctionUrlConfig') === urlEntry;
    model.endpoints.push({
      kind: 'url',
      method: '*',
      path: '/',
      ...settleAuth(functionUrlAuthAlternatives(model, authEntry?.value, isOwn ? 'route' : 'globals')),
      functionName: name,
      resource: isOwn ? name : 'Globals.Function',
      form: 'sam-url',
      declaration: urlEntry.value,
      authEntry,
      range: authEntry?.range ?? urlEntry.key.range,
    });
  }
}

/**
 * `Policies` of a SAM function (or state machine): managed policy names and ARNs, inline documents, policy
 * templates. A managed policy inside an `Fn::If` (the item, or the whole list) is attached under its branch's
 * conditions; inline documents and templates inside one are not read yet.
 */
function addSamPolicies(model: AppModel, policies: SourceNode | null | undefined, holder: string, functions: string[] = [holder]): void {
  for (const listBranch of model.resolver.branches(policies)) {
    for (const item of oneOrMany(listBranch.node)) {
      for (const branch of model.resolver.branches(item, listBranch.when)) {
        const policy = branch.node;
        const when = branch.when.length ? { when: branch.when } : {};
        if (!policy) continue;
        if (isScalar(policy) || (isMap(policy) && !entryOf(policy, 'Statement') && referencedLogicalId(policy) !== undefined) || (isMap(policy) && entryOf(policy, 'Fn::Sub'))) {
          // A managed policy: a name such as `AdministratorAccess`, an ARN, or a reference.
          model.managedPolicies.push({ node: policy, range: policy.range, resource: holder, functions, origin: 'sam-policies', ...when });
        } else if (branch.when.length > 0) {
          continue;
        } else if (isMap(policy) && entryOf(policy, 'Statement')) {
          model.iamStatements.push(...statementsOf(policy, 'sam-policies', holder, functions, model));
        } else if (isMap(policy) && policy.entries.length === 1) {
          // A policy template, `DynamoDBCrudPolicy: { TableName: !Ref Table }`: its statements as SAM expands them,
          // shown on the template entry (their nodes are synthesised, hence foreign).
          const [entry] = policy.entries;
          const name = String(entry.key.value);
          // `TableName: '*'`: the parameter puts the wildcard in SAM's ARN (`table/*`), and the user wrote it.
          const policyTemplateWildcard = isMap(entry.value) && entry.value.entries.some((parameter) => parameter.value?.kind === 'scalar' && typeof parameter.value.value === 'string' && parameter.value.value.includes('*'));
          for (const statement of expandPolicyTemplate(name, entry.value, policy.range) ?? []) {
            model.iamStatements.push({ ...readStatement(statement, 'sam-policy-template', holder, functions, model, policy.range), policyTemplate: name, ...(policyTemplateWildcard && { policyTemplateWildcard }) });
          }
        }
      }
    }
  }
}

interface ApiAuthSettings {
  /** The `Auth.DefaultAuthorizer` node, which may be an `Fn::If`. */
  defaultAuthorizer?: SourceNode | null;
  authorizers?: SourceNode | null;
  /** The API's auth is defined in an OpenAPI body, which this model does not read yet. */
  hasDefinition: boolean;
  isKnown: boolean;
  isPrivateNetwork?: boolean;
  apiKeyRequired?: boolean;
}

/** The `Auth` of the API an event attaches to, explicit or implicit, with `Globals` applied. */
function apiAuthOf(model: AppModel, apiId: SourceNode | null | undefined, byId: Map<string, CfnResource>, globals: SourceNode | null | undefined, globalsKey: 'Api' | 'HttpApi', apiType: string): ApiAuthSettings {
  const globalAuth = nodeAt(globals, [globalsKey, 'Auth']);
  let auth: SourceNode | null | undefined = globalAuth;
  let hasDefinition = !!nodeAt(globals, [globalsKey, 'DefinitionBody']) || !!nodeAt(globals, [globalsKey, 'DefinitionUri']);
  let isPrivateNetwork = isPrivateEndpoint(model, valueOf(globals, globalsKey));
  if (apiId) {
    const api = byId.get(referencedLogicalId(apiId) ?? '');
    if (!api || api.type !== apiType) return { hasDefinition: false, isKnown: false };
    auth = valueOf(api.properties, 'Auth') ?? globalAuth;
    hasDefinition = hasDefinition || !!valueOf(api.properties, 'DefinitionBody') || !!valueOf(api.properties, 'DefinitionUri');
    isPrivateNetwork = isPrivateNetwork || isPrivateEndpoint(model, api.properties);
  }
  return {
    defaultAuthorizer: valueOf(auth, 'DefaultAuthorizer'),
    authorizers: valueOf(auth, 'Authorizers'),
    hasDefinition,
    isKnown: true,
    isPrivateNetwork,
    apiKeyRequired: model.resolver.resolveString(nodeAt(auth, ['ApiKeyRequired'])) === 'true',
  };
}

/** The auth type of a named SAM authorizer: Cognito (UserPoolArn), JWT (JwtConfiguration) or Lambda (FunctionArn). */
function authorizerType(name: string, authorizers: SourceNode | null | undefined): AuthType {
  if (name === 'AWS_IAM') return 'iam';
  if (name === 'NONE') return 'none';
  const definition = valueOf(authorizers, name);
  if (!definition) return 'unknown';
  if (valueOf(definition, 'UserPoolArn')) return 'cognito';
  if (valueOf(definition, 'JwtConfiguration')) return 'jwt';
  if (valueOf(definition, 'FunctionArn')) return 'lambda';
  return 'unknown';
}

/**
 * The auth of an event, one alternative per `Fn::If` branch of its `Auth.Authorizer`, of the API's
 * `DefaultAuthorizer` (read only where the event sets no authorizer) and of its `Auth.ApiKeyRequired`.
 */
function effectiveAuth(model: AppModel, eventAuth: SourceNode | null | undefined, api: ApiAuthSettings): { auth: AuthInfo; authBranches?: AuthBranch[] } {
  const alternatives: AuthBranch[] = [];
  for (const eventBranch of model.resolver.branches(valueOf(eventAuth, 'Authorizer'))) {
    for (const keyBranch of model.resolver.branches(valueOf(eventAuth, 'ApiKeyRequired'), eventBranch.when)) {
      const apiKeyRequired = model.resolver.resolveString(keyBranch.node) === 'true' || api.apiKeyRequired;
      const add = (auth: Omit<AuthInfo, 'apiKeyRequired'>, when: typeof keyBranch.when) => alternatives.push({ auth: { ...auth, apiKeyRequired }, when });
      const eventAuthorizer = model.resolver.resolve(eventBranch.node);
      if (eventAuthorizer.state === 'known' && eventAuthorizer.value !== null) {
        const name = String(eventAuthorizer.value);
        add({ type: authorizerType(name, api.authorizers), authorizer: name === 'NONE' ? undefined : name, source: 'route' }, keyBranch.when);
        continue;
      }
      if (eventAuthorizer.state !== 'known') add({ type: 'unknown', source: 'route' }, keyBranch.when);
      else if (!api.isKnown || api.hasDefinition) add({ type: 'unknown', source: 'api-default' }, keyBranch.when);
      else {
        for (const defaultBranch of model.resolver.branches(api.defaultAuthorizer, keyBranch.when)) {
          const value = model.resolver.resolve(defaultBranch.node);
          if (value.state === 'known' && value.value !== null) {
            const name = String(value.value);
            add({ type: authorizerType(name, api.authorizers), authorizer: name === 'NONE' ? undefined : name, source: 'api-default' }, defaultBranch.when);
          } else if (value.state === 'known') add({ type: 'none', source: 'implicit-default' }, defaultBranch.when);
          // A default authorizer that cannot be resolved (a parameter without a default) is unknown, not absent.
          else add({ type: 'unknown', source: 'api-default' }, defaultBranch.when);
        }
      }
    }
  }
  return settleAuth(alternatives);
}

/**
 * The operations of a `DefinitionBody` (inline, or a workspace file through `AWS::Include`, which
 * CloudFormation expands before SAM runs). SAM adds `Auth.DefaultAuthorizer` (and `ApiKeyRequired`) to
 * every operation that sets no `security` of its own, and injects `Auth.Authorizers` as security schemes
 * of the same names. A `DefinitionUri` file is deployed as it is: SAM refuses `Auth` beside it ("Auth
 * works only with inline Swagger"), so its operations keep the file's own security.
 */
function addSamOpenApi(model: AppModel, api: CfnResource, globals: SourceNode | null | undefined): void {
  const isRest = api.type === 'AWS::Serverless::Api';
  const definition = readApiDefinition(model, api, isRest ? 'rest' : 'http');
  if (!definition) return;
  if (definition.external?.property === 'DefinitionUri') {
    addOpenApiEndpoints(model, api, definition);
    return;
  }
  const auth = valueOf(api.properties, 'Auth') ?? nodeAt(globals, [isRest ? 'Api' : 'HttpApi', 'Auth']);
  const authorizers = valueOf(auth, 'Authorizers');
  const apiKeyRequired = model.resolver.resolveString(valueOf(auth, 'ApiKeyRequired')) === 'true';
  const defaultEntry = entryOf(auth, 'DefaultAuthorizer');
  const defaultName = model.resolver.resolveString(defaultEntry?.value);
  const defaultAuth: AuthInfo | undefined = !defaultEntry
    ? undefined
    : defaultName
      ? { type: authorizerType(defaultName, authorizers), authorizer: defaultName === 'NONE' ? undefined : defaultName, source: 'api-default', apiKeyRequired: apiKeyRequired || undefined }
      : { type: 'unknown', source: 'api-default' };
  addOpenApiEndpoints(model, api, definition, { defaultAuth, authorizerType: (name) => authorizerType(name, authorizers), apiKeyRequired });
}

/** When the body declares the event's route, SAM writes the event's own `Auth` into that operation; true when merged. */
function mergeIntoOpenApi(model: AppModel, apiId: string | undefined, method: string, path: string, eventAuth: { auth: AuthInfo; authBranches?: AuthBranch[] }): boolean {
  const routes = openApiEndpointsFor(model, apiId, method, path);
  for (const route of routes) {
    if (route.method !== method) continue;
    // SAM cannot edit a DefinitionUri file: the route is deployed with the file's own security.
    if (route.definedIn && model.openApiDefinitions?.some((definition) => definition.resource === apiId && definition.external?.property === 'DefinitionUri')) continue;
    if (eventAuth.auth.source === 'route') {
      route.auth = eventAuth.auth;
      if (eventAuth.authBranches) route.authBranches = eventAuth.authBranches;
      else delete route.authBranches;
    } else if (eventAuth.auth.apiKeyRequired) route.auth = { ...route.auth, apiKeyRequired: true };
  }
  return routes.length > 0;
}

function addApiEvent(model: AppModel, functionName: string, eventName: string, keyRange: { start: number; end: number }, event: MapNode, properties: SourceNode | null | undefined, byId: Map<string, CfnResource>, globals: SourceNode | null | undefined): void {
  void eventName;
  const api = apiAuthOf(model, valueOf(properties, 'RestApiId'), byId, globals, 'Api', 'AWS::Serverless::Api');
  const auth = effectiveAuth(model, valueOf(properties, 'Auth'), api);
  const method = (model.resolver.resolveString(valueOf(properties, 'Method')) ?? '?').toUpperCase();
  const path = model.resolver.resolveString(valueOf(properties, 'Path')) ?? '?';
  // The route is already an endpoint of the API's inline OpenAPI body: one route, one endpoint.
  if (mergeIntoOpenApi(model, referencedLogicalId(valueOf(properties, 'RestApiId')), method, path, auth)) return;
  model.endpoints.push({
    kind: 'rest',
    method,
    path,
    ...auth,
    functionName,
    // Without RestApiId the route is on the API SAM generates, `ServerlessRestApi`.
    api: valueOf(properties, 'RestApiId') === undefined ? 'ServerlessRestApi' : referencedLogicalId(valueOf(properties, 'RestApiId')),
    // Findings sit in the function's declaration, so they are reported against it.
    resource: functionName,
    isPrivateNetwork: api.isPrivateNetwork,
    form: 'sam-api',
    declaration: event,
    authEntry: entryOf(valueOf(properties, 'Auth'), 'Authorizer'),
    range: keyRange,
  });
}

function addHttpApiEvent(model: AppModel, functionName: string, keyRange: { start: number; end: number }, event: MapNode, properties: SourceNode | null | undefined, byId: Map<string, CfnResource>, globals: SourceNode | null | undefined): void {
  const api = apiAuthOf(model, valueOf(properties, 'ApiId'), byId, globals, 'HttpApi', 'AWS::Serverless::HttpApi');
  const auth = effectiveAuth(model, valueOf(properties, 'Auth'), api);
  // Without Path and Method, the event is the API's `$default` catch-all route.
  const method = (model.resolver.resolveString(valueOf(properties, 'Method')) ?? 'ANY').toUpperCase();
  const path = model.resolver.resolveString(valueOf(properties, 'Path')) ?? '$default';
  if (mergeIntoOpenApi(model, referencedLogicalId(valueOf(properties, 'ApiId')), method, path, auth)) return;
  model.endpoints.push({
    kind: 'http',
    method,
    path,
    ...auth,
    functionName,
    api: valueOf(properties, 'ApiId') === undefined ? 'ServerlessHttpApi' : referencedLogicalId(valueOf(properties, 'ApiId')),
    resource: functionName,
    form: 'sam-httpapi',
    declaration: event,
    authEntry: entryOf(valueOf(properties, 'Auth'), 'Authorizer'),
    range: keyRange,
  });
}
