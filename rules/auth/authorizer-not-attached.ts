/**
 * Authorizers that are defined but protect nothing: Serverless
 * `provider.httpApi.authorizers`, SAM `Auth.Authorizers`, CloudFormation
 * `AWS::ApiGateway::Authorizer` / `AWS::ApiGatewayV2::Authorizer`, and OpenAPI
 * security schemes with `x-amazon-apigateway-authorizer`. An unused authorizer
 * usually means a route that was meant to be protected is not. When every
 * route of its API already has another auth, it is only unused (info). Anything
 * whose use cannot be ruled out (an unresolved name, an external file, an
 * Output) is taken as used.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { CfnResource, Endpoint, OpenApiDefinition } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, isSeq, mapEntries, nodeAt, scalarText, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode } from '../../server/src/engine/types';
import { apiOf, everyRouteAuthenticated } from './support/api-routes';
import { referencedIds } from './support/references';

export default defineRule({
  meta: {
    id: 'authorizer-not-attached',
    title: 'Authorizer defined but attached to no route',
    category: 'auth',
    severity: 'warning',
    // Every route it could protect already has IAM, Cognito, JWT or another authorizer: dead code, not an open door.
    messageSeverity: { authorizerUnused: 'info' },
    confidence: 'medium',
    description:
      'An authorizer that no route uses protects nothing. It usually means that the routes it was written for were left open, or that a rename broke the link.',
    remediation:
      'Attach the authorizer to the routes it was meant for (an event\'s authorizer, a DefaultAuthorizer, a method\'s AuthorizerId, an OpenAPI security requirement), or delete it.',
    // cdk-nag's APIG4 judges methods and routes, not authorizers: the open routes' own findings (route-missing-auth) name it.
    equivalents: [],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-306',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-controlling-access-to-apis.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unusedAuthorizer: 'Authorizer {{name}} is defined but no route uses it{{where}}: the routes it was meant to protect may be open.',
      authorizerUnused:
        'Authorizer {{name}} is defined but no route uses it{{where}}. Every route of {{api}} already has its own auth ({{auth}}), so it is unused: delete it, or attach it where it was meant to replace that auth.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    if (model.kind === 'serverless') checkServerlessHttpApi(context);
    if (model.kind === 'sam') checkSamAuthorizers(context);
    checkCloudFormationAuthorizers(context);
    checkOpenApiSchemes(context);
  },
});

/**
 * Reports an authorizer no route uses. `routes` are the routes it could protect (those of its API):
 * when they all already authenticate their callers, it is dead code (info), not a sign of open routes.
 */
function report(context: RuleContext, name: string, entry: MapEntry, resource: string, where: string, routes: readonly Endpoint[], api: string): void {
  if (everyRouteAuthenticated(routes)) {
    const auth = [...new Set(routes.filter((route) => route.method !== 'OPTIONS' && !route.isMockIntegration).flatMap((route) => (route.authBranches ?? [{ auth: route.auth }]).map((branch) => AUTH_NAMES[branch.auth.type] ?? branch.auth.type)))].sort().join(', ');
    context.report({ messageId: 'authorizerUnused', data: { name, where, api, auth }, node: { range: entry.key.range }, resource });
    return;
  }
  context.report({ messageId: 'unusedAuthorizer', data: { name, where }, node: { range: entry.key.range }, resource });
}

const AUTH_NAMES: Record<string, string> = { iam: 'IAM', cognito: 'Cognito', jwt: 'JWT', lambda: 'a Lambda authorizer' };

/** True when a Serverless section is, or contains, a `${...}` include: its contents are not visible here. */
function hasIncludes(node: SourceNode | null | undefined): boolean {
  if (isScalar(node)) return typeof node.value === 'string' && node.value.includes('${');
  if (isSeq(node)) return node.items.some(hasIncludes);
  return false;
}

function hasServerlessFunctionIncludes(root: SourceNode | null | undefined): boolean {
  const functions = valueOf(root, 'functions');
  return hasIncludes(functions) || mapEntries(functions).some((entry) => hasIncludes(entry.value) || hasIncludes(valueOf(entry.value, 'events')) || seqItems(valueOf(entry.value, 'events')).some(hasIncludes));
}

function checkServerlessHttpApi(context: RuleContext): void {
  const { model } = context;
  const root = model.document.root;
  const authorizers = nodeAt(root, ['provider', 'httpApi', 'authorizers']);
  if (!isMap(authorizers)) return;
  // Functions or events kept in other files may use the authorizer.
  if (hasServerlessFunctionIncludes(root)) return;
  const used = new Set<string>();
  for (const endpoint of model.endpoints) {
    if (endpoint.form !== 'serverless-httpApi') continue;
    if (endpoint.auth.authorizer) used.add(endpoint.auth.authorizer);
    else if (endpoint.auth.type === 'unknown') return;
  }
  for (const entry of authorizers.entries) {
    const name = String(entry.key.value);
    if (!used.has(name)) report(context, name, entry, `provider.httpApi.authorizers.${name}`, ' by an httpApi event', model.endpoints.filter((endpoint) => endpoint.form === 'serverless-httpApi'), 'the HTTP API');
  }
}

interface SamEventUse {
  apiId?: string;
  /** True when the event names no API: it is on the implicit API. */
  isImplicit: boolean;
  authorizer?: string;
  isUnknown: boolean;
}

function samEventUses(context: RuleContext, resources: CfnResource[]): SamEventUse[] {
  const { model } = context;
  const uses: SamEventUse[] = [];
  for (const fn of resources) {
    if (fn.type !== 'AWS::Serverless::Function') continue;
    for (const event of mapEntries(valueOf(fn.properties, 'Events'))) {
      const type = scalarText(valueOf(event.value, 'Type'));
      if (type !== 'Api' && type !== 'HttpApi') continue;
      const properties = valueOf(event.value, 'Properties');
      const apiNode = valueOf(properties, type === 'Api' ? 'RestApiId' : 'ApiId');
      const authorizerNode = nodeAt(properties, ['Auth', 'Authorizer']);
      const authorizer = model.resolver.resolveString(authorizerNode);
      const apiId = apiNode ? referencedLogicalId(apiNode) : undefined;
      uses.push({ apiId, isImplicit: !apiNode, authorizer, isUnknown: (!!authorizerNode && authorizer === undefined) || (!!apiNode && apiId === undefined) });
    }
  }
  return uses;
}

function checkSamAuthorizers(context: RuleContext): void {
  const { model } = context;
  const globals = valueOf(model.document.root, 'Globals');
  const uses = samEventUses(context, model.resources);
  if (uses.some((use) => use.isUnknown)) return;
  for (const api of model.resources) {
    if (api.type !== 'AWS::Serverless::Api' && api.type !== 'AWS::Serverless::HttpApi') continue;
    // An external definition may use any authorizer.
    if (valueOf(api.properties, 'DefinitionUri')) continue;
    // An API without Auth of its own inherits the Globals authorizers, which are checked once, on Globals.
    const auth = valueOf(api.properties, 'Auth');
    if (!auth) continue;
    const routes = model.endpoints.filter((endpoint) => apiOf(endpoint) === api.logicalId);
    checkSamApiAuth(context, auth, api.logicalId, uses.filter((use) => use.apiId === api.logicalId), model.openApiDefinitions?.find((d) => d.resource === api.logicalId), routes, `API ${api.logicalId}`);
  }
  // Globals authorizers also serve the implicit APIs (ServerlessRestApi, ServerlessHttpApi).
  for (const key of ['Api', 'HttpApi'] as const) {
    const auth = nodeAt(globals, [key, 'Auth']);
    if (!isMap(valueOf(auth, 'Authorizers'))) continue;
    const apisUsingGlobals = model.resources.filter((api) => api.type === `AWS::Serverless::${key}` && !valueOf(api.properties, 'Auth')).map((api) => api.logicalId);
    // Reported once, on Globals, only when neither the implicit API nor any explicit API that inherits them uses it.
    const relevant = uses.filter((use) => use.isImplicit || (use.apiId !== undefined && apisUsingGlobals.includes(use.apiId)));
    const usedByExplicit = new Set<string>();
    for (const id of apisUsingGlobals) {
      const definition = model.openApiDefinitions?.find((d) => d.resource === id);
      for (const name of definitionSecurityNames(definition)) usedByExplicit.add(name);
    }
    const inheriting = new Set([key === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi', ...apisUsingGlobals]);
    const routes = model.endpoints.filter((endpoint) => inheriting.has(apiOf(endpoint) ?? ''));
    checkSamApiAuth(context, auth, `Globals.${key}`, relevant, undefined, routes, `the APIs that inherit Globals.${key}`, usedByExplicit, true);
  }
}

function checkSamApiAuth(
  context: RuleContext,
  auth: SourceNode | null | undefined,
  resource: string,
  uses: SamEventUse[],
  definition: OpenApiDefinition | undefined,
  routes: readonly Endpoint[],
  api: string,
  alsoUsed: Set<string> = new Set(),
  isGlobals = false,
): void {
  const { model } = context;
  const authorizers = valueOf(auth, 'Authorizers');
  if (!isMap(authorizers)) return;
  const defaultEntry = entryOf(auth, 'DefaultAuthorizer');
  const defaultName = model.resolver.resolveString(defaultEntry?.value);
  if (defaultEntry && defaultName === undefined) return;
  if (definition && definition.operations.some((operation) => operation.isSecurityUnknown)) return;
  const used = new Set<string>([...alsoUsed, ...definitionSecurityNames(definition)]);
  if (defaultName) used.add(defaultName);
  for (const use of uses) if (use.authorizer) used.add(use.authorizer);
  for (const entry of authorizers.entries) {
    const name = String(entry.key.value);
    if (!used.has(name)) report(context, name, entry, resource, isGlobals ? ' (not as a DefaultAuthorizer, nor by any event of the APIs that inherit it)' : ' (not as the DefaultAuthorizer, nor by any event)', routes, api);
  }
}

function definitionSecurityNames(definition: OpenApiDefinition | undefined): string[] {
  if (!definition) return [];
  return [...(definition.rootSecurityNames ?? []), ...definition.operations.flatMap((operation) => operation.securityNames ?? [])];
}

function checkCloudFormationAuthorizers(context: RuleContext): void {
  const { model } = context;
  const authorizers = model.resources.filter((resource) => resource.type === 'AWS::ApiGateway::Authorizer' || resource.type === 'AWS::ApiGatewayV2::Authorizer');
  if (authorizers.length === 0) return;
  // A serverless.yml's `resources` or `functions` may be split across files that attach the authorizer.
  if (model.kind === 'serverless' && (hasIncludes(valueOf(model.document.root, 'resources')) || hasServerlessFunctionIncludes(model.document.root))) return;
  for (const authorizer of authorizers) {
    // Any reference outside the authorizer itself (a method's AuthorizerId, an Output exported to another stack) counts as a use.
    const references = referencedIds(model.document.root, new Set([authorizer.declaration]));
    if ((references.get(authorizer.logicalId) ?? 0) > 0) continue;
    const entry = { key: { kind: 'scalar' as const, value: authorizer.logicalId, isQuoted: false, range: authorizer.keyRange }, value: authorizer.declaration, range: authorizer.keyRange };
    const apiId = referencedLogicalId(valueOf(authorizer.properties, authorizer.type === 'AWS::ApiGateway::Authorizer' ? 'RestApiId' : 'ApiId'));
    const routes = apiId ? model.endpoints.filter((endpoint) => apiOf(endpoint) === apiId) : [];
    report(context, authorizer.logicalId, entry, authorizer.logicalId, ' (no method or route AuthorizerId refers to it)', routes, `API ${apiId}`);
  }
}

function checkOpenApiSchemes(context: RuleContext): void {
  const { model } = context;
  for (const definition of model.openApiDefinitions ?? []) {
    if (definition.operations.some((operation) => operation.isSecurityUnknown)) continue;
    const used = new Set(definitionSecurityNames(definition));
    // SAM adds the security of its events and DefaultAuthorizer to the body.
    const api = model.resources.find((resource) => resource.logicalId === definition.resource);
    if (api?.type.startsWith('AWS::Serverless::')) {
      const uses = samEventUses(context, model.resources);
      if (uses.some((use) => use.isUnknown)) continue;
      for (const use of uses) if (use.apiId === definition.resource && use.authorizer) used.add(use.authorizer);
      const globalsKey = api.type === 'AWS::Serverless::Api' ? 'Api' : 'HttpApi';
      const auth = valueOf(api.properties, 'Auth') ?? nodeAt(valueOf(model.document.root, 'Globals'), [globalsKey, 'Auth']);
      const defaultEntry = entryOf(auth, 'DefaultAuthorizer');
      const defaultName = model.resolver.resolveString(defaultEntry?.value);
      if (defaultEntry && defaultName === undefined) continue;
      if (defaultName) used.add(defaultName);
    }
    for (const scheme of definition.schemes) {
      if (!scheme.isApiGatewayAuthorizer || used.has(scheme.name)) continue;
      // A scheme of an OpenAPI file is reported on the template's reference to that file (its offsets are the file's).
      const reference = definition.external?.reference;
      const entry = reference ? { key: { kind: 'scalar' as const, value: scheme.name, isQuoted: false, range: reference.range }, value: reference, range: reference.range } : scheme.entry;
      report(context, scheme.name, entry, definition.resource, ' (no operation lists it under security)', model.endpoints.filter((endpoint) => apiOf(endpoint) === definition.resource), `API ${definition.resource}`);
    }
  }
}
