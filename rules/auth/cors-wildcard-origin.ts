/**
 * CORS that lets every website (`*`) call an API or function URL that
 * requires authentication, or that combines `*` with credentials. The risk
 * needs ambient credentials (cookies, which a browser adds on its own): with
 * credentials allowed it is a warning, unless every route authenticates with
 * a header (IAM signatures, bearer tokens), where it is info. Without
 * credentials, a wildcard origin on public routes or on routes that all
 * authenticate with a header adds nothing an attacker does not already have,
 * so it is reported (info) only where a Lambda authorizer or an unknown auth
 * may read something the browser sends by itself.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { Endpoint } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, nodeAt, oneOrMany, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode } from '../../server/src/engine/types';
import { apiOf, authTypesOnEveryBranch } from './support/api-routes';

export default defineRule({
  meta: {
    id: 'cors-wildcard-origin',
    title: "CORS allows every origin ('*') on an authenticated API",
    category: 'auth',
    // With a token in the Authorization header, another website cannot call the API as the user unless it already
    // has the token: `*` on an authenticated API is defence in depth (info). With credentials it is a warning.
    severity: 'warning',
    messageSeverity: { wildcardOnAuthenticated: 'info', wildcardWithCredentialsHeaderAuth: 'info' },
    confidence: 'medium',
    description:
      "An API that requires authentication is meant for your own clients. Allowing every origin ('*') lets any website call it from a user's browser and read the responses; combined with credentials it is invalid in browsers and invites origin reflection, which opens the API to every site with the user's cookies.",
    remediation:
      "List the origins of your front ends (https://app.example.com) instead of '*', and never combine '*' with AllowCredentials.",
    // Checkov's CKV2_AWS_75 reads only `AWS::Lambda::Url` whose AllowOrigins and AllowMethods both hold '*':
    // named on those findings only (see checkUrlCors). Sonar's S5122 is a rule of application code; sonar-iac has no
    // CloudFormation CORS check, so it answers none of these template findings.
    equivalents: [],
    findingEquivalents: ['CKV2_AWS_75'],
    references: [
      'OWASP-Serverless-A6',
      'SAS-3',
      'CWE-942',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-cors.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/urls-configuration.html#urls-cors',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      wildcardOnAuthenticated: "{{target}} requires authentication but allows CORS from every origin ('*'){{detail}}{{when}}: any website a user visits may send it requests and read the answers; restrict it to your front ends' origins.",
      wildcardWithCredentials: "{{target}} allows CORS from every origin ('*') with credentials{{when}}: browsers refuse this combination, and reflecting the Origin instead would let every website make calls with the user's cookies.",
      wildcardWithCredentialsHeaderAuth:
        "{{target}} allows CORS from every origin ('*') with credentials{{when}}, but its routes authenticate with a header ({{auth}}), which a browser never adds on its own: cookies authenticate nothing here. Drop the credentials setting, and list your front ends' origins.",
    },
    fix: 'none',
  },
  check(context) {
    checkServerless(context);
    checkSam(context);
    checkCloudFormation(context);
    checkOpenApiCors(context);
  },
});

interface CorsSetting {
  /** Where the setting is written; findings go on its key unless `reportAt` says otherwise. */
  entry: MapEntry;
  /** Where to report when the setting is in another file (an OpenAPI file the template names): the template's reference to it. */
  reportAt?: SourceNode;
  origins: SourceNode | null | undefined;
  credentials: SourceNode | null | undefined;
  /** `cors: true` and similar shorthands, which mean `*`. */
  isShorthandTrue: boolean;
}

/** The conditions under which a value (or one of a list's items) is `*`; SAM's REST form is the quoted `"'*'"`. */
function wildcardWhen(context: RuleContext, origins: SourceNode | null | undefined): ConditionAssumption[] | undefined {
  for (const branch of context.model.resolver.branches(origins)) {
    for (const item of oneOrMany(branch.node)) {
      for (const outcome of context.model.resolver.outcomes(item)) {
        if (outcome.state === 'known' && typeof outcome.value === 'string' && /^'?\*'?$/.test(outcome.value.trim())) return [...branch.when, ...outcome.when];
      }
    }
  }
  return undefined;
}

function isTrue(context: RuleContext, node: SourceNode | null | undefined): boolean {
  return context.model.resolver.resolveString(node) === 'true';
}

/** Reports one CORS setting given the auth of the routes it serves. */
function judge(context: RuleContext, cors: CorsSetting, target: string, resource: string, routes: Endpoint[], detail = '', equivalents: string[] = []): void {
  const when = cors.isShorthandTrue ? [] : wildcardWhen(context, cors.origins);
  if (!when) return;
  const whenText = describeWhen(when);
  const at = { range: (cors.reportAt ?? cors.entry.key).range };
  if (isTrue(context, cors.credentials)) {
    const headerAuth = headerAuthOfEveryRoute(routes);
    if (headerAuth) context.report({ messageId: 'wildcardWithCredentialsHeaderAuth', data: { target, when: whenText, auth: headerAuth }, node: at, resource, equivalents });
    else context.report({ messageId: 'wildcardWithCredentials', data: { target, when: whenText }, node: at, resource, equivalents });
    return;
  }
  // Public routes: anyone may already call them, so a wildcard origin adds nothing. Routes whose auth is unknown are
  // not taken as authenticated, except a function URL, whose AuthType is required and then usually AWS_IAM.
  const isAuthenticated = (route: Endpoint) => route.method !== 'OPTIONS' && route.auth.type !== 'none' && (route.auth.type !== 'unknown' || route.kind === 'url');
  const authenticated = routes.filter(isAuthenticated);
  if (authenticated.length === 0) return;
  // Without credentials a browser sends no cookie cross-origin, and a signature or bearer token in a header is never
  // added by the browser: another website can call such routes only with a token it already holds, from anywhere.
  // `*` then exposes nothing, so only an auth that may read what the browser sends on its own (a Lambda authorizer's
  // identity source may be the Cookie header; an unknown auth) is reported.
  if (headerAuthOfEveryRoute(authenticated)) return;
  context.report({ messageId: 'wildcardOnAuthenticated', data: { target, when: whenText, detail }, node: at, resource, equivalents });
}

/** Auth a browser never sends by itself: a SigV4 signature, a Cognito or JWT bearer token in the Authorization header. */
const HEADER_AUTH: Record<string, string> = { iam: 'IAM signatures', cognito: 'Cognito tokens', jwt: 'JWT bearer tokens' };

/**
 * The header auth every route served has on every branch (`IAM signatures, JWT bearer tokens`), or
 * undefined when a route is public, has a Lambda authorizer (its identity source may be a cookie)
 * or an unknown auth: then cookies may be what authenticates, and credentials matter.
 */
function headerAuthOfEveryRoute(routes: readonly Endpoint[]): string | undefined {
  const invoking = routes.filter((route) => route.method !== 'OPTIONS' && !route.isMockIntegration);
  if (invoking.length === 0) return undefined;
  const kinds = new Set<string>();
  for (const route of invoking) {
    for (const type of authTypesOnEveryBranch(route) ?? ['none']) {
      if (!(type in HEADER_AUTH)) return undefined;
      kinds.add(HEADER_AUTH[type]);
    }
  }
  return [...kinds].sort().join(', ');
}

function checkServerless(context: RuleContext): void {
  const { model } = context;
  if (model.kind !== 'serverless') return;
  for (const endpoint of model.endpoints) {
    if ((endpoint.form === 'serverless-http' || endpoint.form === 'serverless-stepfunctions-http') && isMap(endpoint.declaration)) {
      const entry = entryOf(endpoint.declaration, 'cors');
      if (!entry) continue;
      const isShorthandTrue = isTrue(context, entry.value);
      if (!isShorthandTrue && !isMap(entry.value)) continue;
      const origins = valueOf(entry.value, 'origins') ?? valueOf(entry.value, 'origin');
      // `cors: {}` without origins also means '*' in the Serverless Framework.
      const isDefaultOrigin = isMap(entry.value) && !origins;
      judge(
        context,
        { entry, origins, credentials: valueOf(entry.value, 'allowCredentials'), isShorthandTrue: isShorthandTrue || isDefaultOrigin },
        `${endpoint.method} ${endpoint.path}`,
        endpoint.resource,
        [endpoint],
        isShorthandTrue ? ' (`cors: true` sets Access-Control-Allow-Origin to *)' : '',
      );
    }
    if (endpoint.form === 'serverless-url' && isMap(endpoint.declaration)) {
      const entry = entryOf(endpoint.declaration, 'cors');
      if (!entry) continue;
      const isShorthandTrue = isTrue(context, entry.value);
      if (!isShorthandTrue && !isMap(entry.value)) continue;
      const origins = valueOf(entry.value, 'allowedOrigins');
      judge(
        context,
        { entry, origins, credentials: valueOf(entry.value, 'allowCredentials'), isShorthandTrue: isShorthandTrue || (isMap(entry.value) && !origins) },
        `The function URL of ${endpoint.functionName ?? endpoint.resource}`,
        endpoint.resource,
        [endpoint],
        isShorthandTrue ? ' (`cors: true` allows every origin)' : '',
      );
    }
  }
  const httpApiCors = entryOf(nodeAt(model.document.root, ['provider', 'httpApi']), 'cors');
  if (httpApiCors) {
    const isShorthandTrue = isTrue(context, httpApiCors.value);
    if (isShorthandTrue || isMap(httpApiCors.value)) {
      const origins = valueOf(httpApiCors.value, 'allowedOrigins');
      judge(
        context,
        { entry: httpApiCors, origins, credentials: valueOf(httpApiCors.value, 'allowCredentials'), isShorthandTrue: isShorthandTrue || (isMap(httpApiCors.value) && !origins) },
        'The HTTP API',
        'provider.httpApi.cors',
        model.endpoints.filter((endpoint) => endpoint.form === 'serverless-httpApi'),
        isShorthandTrue ? ' (`cors: true` sets allowedOrigins to *)' : '',
      );
    }
  }
}

function samCors(context: RuleContext, entry: MapEntry, isRest: boolean): CorsSetting | undefined {
  const value = entry.value;
  if (isRest) {
    // `Cors: "'*'"` is the AllowOrigin shorthand.
    if (isScalar(value) || !isMap(value)) return { entry, origins: value, credentials: undefined, isShorthandTrue: false };
    return { entry, origins: valueOf(value, 'AllowOrigin'), credentials: valueOf(value, 'AllowCredentials'), isShorthandTrue: false };
  }
  // `CorsConfiguration: true` allows every origin.
  if (isTrue(context, value)) return { entry, origins: undefined, credentials: undefined, isShorthandTrue: true };
  if (!isMap(value)) return undefined;
  return { entry, origins: valueOf(value, 'AllowOrigins'), credentials: valueOf(value, 'AllowCredentials'), isShorthandTrue: false };
}

function checkSam(context: RuleContext): void {
  const { model } = context;
  if (model.kind !== 'sam') return;
  const globals = valueOf(model.document.root, 'Globals');
  for (const [type, key, globalsKey, implicitId] of [
    ['AWS::Serverless::Api', 'Cors', 'Api', 'ServerlessRestApi'],
    ['AWS::Serverless::HttpApi', 'CorsConfiguration', 'HttpApi', 'ServerlessHttpApi'],
  ] as const) {
    const isRest = type === 'AWS::Serverless::Api';
    const apis = model.resources.filter((resource) => resource.type === type);
    for (const api of apis) {
      const entry = entryOf(api.properties, key);
      if (!entry) continue;
      const cors = samCors(context, entry, isRest);
      if (cors) judge(context, cors, `API ${api.logicalId}`, api.logicalId, model.endpoints.filter((endpoint) => apiOf(endpoint) === api.logicalId));
    }
    const globalEntry = entryOf(valueOf(globals, globalsKey), key);
    if (!globalEntry) continue;
    const cors = samCors(context, globalEntry, isRest);
    // Globals apply to the implicit API and to explicit APIs that do not set their own.
    const inheriting = new Set([implicitId, ...apis.filter((api) => !entryOf(api.properties, key)).map((api) => api.logicalId)]);
    if (cors) judge(context, cors, `The ${globalsKey} CORS in Globals`, `Globals.${globalsKey}`, model.endpoints.filter((endpoint) => inheriting.has(apiOf(endpoint) ?? '')));
  }
  // Function URLs: FunctionUrlConfig.Cors.
  for (const endpoint of model.endpoints) {
    if (endpoint.form !== 'sam-url') continue;
    checkUrlCors(context, endpoint, entryOf(endpoint.declaration, 'Cors'));
  }
}

function checkUrlCors(context: RuleContext, endpoint: Endpoint, entry: MapEntry | undefined): void {
  if (!entry || !isMap(entry.value)) return;
  judge(
    context,
    { entry, origins: valueOf(entry.value, 'AllowOrigins'), credentials: valueOf(entry.value, 'AllowCredentials'), isShorthandTrue: false },
    `The function URL of ${endpoint.functionName ?? endpoint.resource}`,
    // Checkov reports open URL CORS on the function; the finding follows it when the function is known.
    endpoint.functionName ?? endpoint.resource,
    [endpoint],
    '',
    endpoint.form === 'cfn-lambda-url' && holdsLiteralStar(valueOf(entry.value, 'AllowOrigins')) && holdsLiteralStar(valueOf(entry.value, 'AllowMethods')) ? ['CKV2_AWS_75'] : [],
  );
}

/**
 * Checkov's CKV2_AWS_75 ("Ensure no open CORS policy", a CloudFormation graph check whose fixture is
 * `tests/cloudformation/graph/checks/resources/LambdaOpenCorsPolicy/template.yaml`) fails an `AWS::Lambda::Url`
 * whose `Cors.AllowOrigins` and `Cors.AllowMethods` both hold `*`; `*` in one of them alone passes. SAM's
 * `FunctionUrlConfig` is not an `AWS::Lambda::Url` to it.
 */
function holdsLiteralStar(node: SourceNode | null | undefined): boolean {
  return oneOrMany(node).some((item) => isScalar(item) && item.value === '*');
}

function checkCloudFormation(context: RuleContext): void {
  const { model } = context;
  for (const resource of model.resources) {
    if (resource.type === 'AWS::ApiGatewayV2::Api') {
      const entry = entryOf(resource.properties, 'CorsConfiguration');
      if (!entry || !isMap(entry.value)) continue;
      judge(
        context,
        { entry, origins: valueOf(entry.value, 'AllowOrigins'), credentials: valueOf(entry.value, 'AllowCredentials'), isShorthandTrue: false },
        `API ${resource.logicalId}`,
        resource.logicalId,
        model.endpoints.filter((endpoint) => apiOf(endpoint) === resource.logicalId),
      );
    }
  }
  checkRestResponseHeaders(context);
  for (const endpoint of model.endpoints) {
    if (endpoint.form !== 'cfn-lambda-url') continue;
    // Checkov's fixtures name the function with `FunctionName`; the property is `TargetFunctionArn`.
    const functionId = endpoint.functionName ?? referencedLogicalId(valueOf(endpoint.declaration, 'FunctionName'));
    checkUrlCors(context, { ...endpoint, functionName: functionId }, entryOf(endpoint.declaration, 'Cors'));
  }
}

const ALLOW_ORIGIN = 'method.response.header.Access-Control-Allow-Origin';

/**
 * CORS built by hand on a REST API: an integration response (of an `AWS::ApiGateway::Method`, or of an
 * operation of an inline OpenAPI body) that sets `Access-Control-Allow-Origin` to `'*'`. Reported once per API.
 */
function checkRestResponseHeaders(context: RuleContext): void {
  const { model } = context;
  const seen = new Set<string>();
  const consider = (apiId: string | undefined, parameters: SourceNode | null | undefined) => {
    const entry = entryOf(parameters, ALLOW_ORIGIN);
    if (!apiId || !entry || seen.has(apiId) || !wildcardWhen(context, entry.value)) return;
    seen.add(apiId);
    const routes = model.endpoints.filter((endpoint) => apiOf(endpoint) === apiId);
    judge(context, { entry, origins: entry.value, credentials: undefined, isShorthandTrue: false }, `API ${apiId}`, apiId, routes, ' (Access-Control-Allow-Origin in an integration response)');
  };
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::ApiGateway::Method') continue;
    const apiId = referencedLogicalId(valueOf(resource.properties, 'RestApiId'));
    for (const response of oneOrMany(nodeAt(resource.properties, ['Integration', 'IntegrationResponses']))) consider(apiId, valueOf(response, 'ResponseParameters'));
  }
  for (const definition of model.openApiDefinitions ?? []) {
    // An OpenAPI file the template names: its nodes carry that file's offsets, and this finding's fix edits them.
    if (definition.apiType !== 'rest' || definition.external) continue;
    for (const operation of definition.operations) {
      const responses = nodeAt(operation.operation, ['x-amazon-apigateway-integration', 'responses']);
      for (const response of isMap(responses) ? responses.entries.map((entry) => entry.value) : []) consider(definition.resource, valueOf(response, 'responseParameters'));
    }
  }
}

/**
 * `x-amazon-apigateway-cors` at the root of an HTTP API's OpenAPI definition (inline, or a workspace file
 * the template names): API Gateway imports it as the API's CORS configuration. When the template also sets
 * it (`CorsConfiguration` on the API, or SAM `Globals.HttpApi.CorsConfiguration`), that setting is the one
 * judged above, and which of the two wins is left unsaid: silence rather than a finding on the wrong one.
 */
function checkOpenApiCors(context: RuleContext): void {
  const { model } = context;
  const globalCors = model.kind === 'sam' && !!entryOf(valueOf(valueOf(model.document.root, 'Globals'), 'HttpApi'), 'CorsConfiguration');
  for (const definition of model.openApiDefinitions ?? []) {
    if (definition.apiType !== 'http') continue;
    const entry = entryOf(definition.body, 'x-amazon-apigateway-cors');
    if (!entry || !isMap(entry.value)) continue;
    const api = model.resources.find((resource) => resource.logicalId === definition.resource);
    if (!api || entryOf(api.properties, 'CorsConfiguration') || (api.type === 'AWS::Serverless::HttpApi' && globalCors)) continue;
    const file = definition.external ? ` in ${definition.external.path.split('/').pop()}` : '';
    judge(
      context,
      { entry, reportAt: definition.external?.reference, origins: valueOf(entry.value, 'allowOrigins'), credentials: valueOf(entry.value, 'allowCredentials'), isShorthandTrue: false },
      `The x-amazon-apigateway-cors of API ${api.logicalId}${file}`,
      api.logicalId,
      model.endpoints.filter((endpoint) => apiOf(endpoint) === api.logicalId),
    );
  }
}
