/**
 * Reads a Serverless Framework service (serverless.yml) into the application
 * model: functions and their `http`, `httpApi` and `url` endpoints, provider
 * and per-function IAM in all three syntaxes, environment, and `resources`.
 */
import { entryOf, isMap, isScalar, isSeq, mapEntries, nodeAt, oneOrMany, scalarText, seqItems, valueOf } from '../parse/tree';
import type { MapEntry, SourceNode } from '../types';
import { addCloudFormationResources, readResources, referencedLogicalId, settleAuth, statementsOf } from './cloudformation';
import { possibleResources } from './build';
import type { AppModel, AuthBranch, AuthInfo, AuthType } from './types';

export function addServerlessService(model: AppModel): void {
  const root = model.document.root;
  const resolver = model.resolver;
  const provider = localNode(model, valueOf(root, 'provider'));

  for (const entry of mapEntries(localNode(model, valueOf(provider, 'environment')))) {
    model.sharedEnvironment.push({ name: String(entry.key.value), entry, scope: 'provider', resource: 'provider.environment' });
  }

  const functionsNode = localNode(model, valueOf(root, 'functions'));
  // `functions` may also be a list of maps (often `${file(...)}` includes).
  const functionEntries: MapEntry[] = isSeq(functionsNode)
    ? functionsNode.items.flatMap((item) => mapEntries(localNode(model, item)))
    : mapEntries(functionsNode);
  const roleSharers: string[] = [];
  const providerRole = namedRoleOf(model, provider);
  for (const entry of functionEntries) {
    const name = String(entry.key.value);
    const declaration = localNode(model, entry.value);
    if (!isMap(declaration)) continue;
    const resource = `functions.${name}`;
    model.functions.push({
      name,
      resource,
      declaration,
      nameRange: entry.key.range,
      handler: scalarText(valueOf(declaration, 'handler')),
      runtime: scalarText(valueOf(declaration, 'runtime')) ?? scalarText(valueOf(provider, 'runtime')),
      environment: mapEntries(localNode(model, valueOf(declaration, 'environment'))).map((variable) => ({ name: String(variable.key.value), entry: variable, scope: 'function' as const, resource })),
      // `role: MyRole`, `role: !GetAtt MyRole.Arn` or an ARN; else the role the provider names, if it names one.
      roleReference: roleReferenceOf(valueOf(declaration, 'role')) ?? (valueOf(declaration, 'iamRoleStatements') === undefined ? providerRole : undefined),
    });
    // Per-function statements (serverless-iam-roles-per-function) give the function a role of its own.
    const ownStatements = valueOf(declaration, 'iamRoleStatements');
    if (ownStatements !== undefined) {
      addStatementList(model, ownStatements, 'serverless-function-role', `${resource}.iamRoleStatements`, [name]);
    } else if (!valueOf(declaration, 'role')) roleSharers.push(name);
    for (const event of seqItems(localNode(model, valueOf(declaration, 'events')))) addEvent(model, name, resource, event, provider);
    addFunctionUrl(model, name, resource, entryOf(declaration, 'url'));
  }

  // The serverless-step-functions plugin: a state machine's `http` events are REST routes of the service's API that
  // start an execution (API Gateway's StepFunctions integration), with the authorizers of a function's `http` event.
  for (const machine of mapEntries(localNode(model, valueOf(localNode(model, valueOf(root, 'stepFunctions')), 'stateMachines')))) {
    const declaration = localNode(model, machine.value);
    if (!isMap(declaration)) continue;
    const resource = `stepFunctions.stateMachines.${String(machine.key.value)}`;
    for (const event of seqItems(localNode(model, valueOf(declaration, 'events')))) {
      if (entryOf(localNode(model, event), 'http')) addEvent(model, undefined, resource, event, provider);
    }
  }

  addProviderRole(model, provider, roleSharers);
  addServerlessResources(model, valueOf(root, 'resources'));
}

/** A role named by logical id, `Fn::GetAtt`/`Ref`, or ARN text. */
function roleReferenceOf(node: SourceNode | null | undefined): string | undefined {
  return referencedLogicalId(node) ?? scalarText(node);
}

/** The existing role every function uses when the provider names one (`provider.iam.role: MyRole` or the legacy `provider.role`); undefined for the generated role. */
function namedRoleOf(model: AppModel, provider: SourceNode | null | undefined): string | undefined {
  const iamRole = localNode(model, nodeAt(provider, ['iam', 'role']));
  if (iamRole && !isMap(iamRole)) return roleReferenceOf(iamRole);
  if (isMap(iamRole) && referencedLogicalId(iamRole)) return referencedLogicalId(iamRole);
  return roleReferenceOf(localNode(model, valueOf(provider, 'role')));
}

/**
 * Follows a Serverless variable to the node it names, within this document only: nodes read
 * from another file (`${file(...)}`) carry that file's offsets, so nothing could be reported on them.
 */
function localNode(model: AppModel, node: SourceNode | null | undefined): SourceNode | null | undefined {
  const target = model.resolver.deref(node);
  return target.isForeign ? undefined : target.node;
}

function addStatementList(model: AppModel, list: SourceNode | null | undefined, origin: 'serverless-provider-role' | 'serverless-function-role', resource: string, functions: string[]): void {
  const deref = model.resolver.deref(list);
  for (const item of oneOrMany(deref.node)) {
    const range = deref.isForeign && list ? list.range : undefined;
    // A list of statements is a policy document's Statement array.
    model.iamStatements.push(...statementsOf({ kind: 'map', isFlow: true, range: item.range, entries: [{ key: { kind: 'scalar', value: 'Statement', isQuoted: false, range: item.range }, value: item, range: item.range }] }, origin, resource, functions, model, range));
  }
}

function addProviderRole(model: AppModel, provider: SourceNode | null | undefined, functions: string[]): void {
  const iamRole = localNode(model, nodeAt(provider, ['iam', 'role']));
  // `provider.iam.role: arn:...` or a logical id names an existing role; nothing to read here.
  if (isMap(iamRole)) {
    addStatementList(model, valueOf(iamRole, 'statements'), 'serverless-provider-role', 'provider.iam.role', functions);
    for (const policy of seqItems(localNode(model, valueOf(iamRole, 'managedPolicies')))) {
      model.managedPolicies.push({ node: policy, range: policy.range, resource: 'provider.iam.role', functions, origin: 'serverless-provider-role' });
    }
  }
  // The framework's v1/v2 syntax, still accepted by v3.
  const legacy = valueOf(provider, 'iamRoleStatements');
  if (legacy !== undefined) addStatementList(model, legacy, 'serverless-provider-role', 'provider.iamRoleStatements', functions);
  for (const policy of seqItems(localNode(model, valueOf(provider, 'iamManagedPolicies')))) {
    model.managedPolicies.push({ node: policy, range: policy.range, resource: 'provider.iamManagedPolicies', functions, origin: 'serverless-provider-role' });
  }
}

/**
 * `resources` is a CloudFormation fragment (`Resources`, `Outputs`, `Conditions`),
 * or a plain list of fragments, any of which may be a `${file(resources/x.yml)}`
 * include (and so may the whole value). Fragments from another file are skipped:
 * their nodes carry that file's offsets, and the file is a template of its own
 * (a `Resources` map with `Type: AWS::...`), analysed and reported where it is.
 */
function addServerlessResources(model: AppModel, resourcesNode: SourceNode | null | undefined): void {
  const whole = model.resolver.deref(resourcesNode);
  if (whole.isForeign) return;
  const fragments = isSeq(whole.node) ? whole.node.items.map((item) => model.resolver.deref(item)) : [whole];
  for (const fragment of fragments) {
    if (fragment.isForeign) continue;
    addCloudFormationResources(model, possibleResources(model, readResources(valueOf(fragment.node, 'Resources'))));
  }
}

/** Serverless REST (`http`) authorizers: `aws_iam`, a function name, an ARN, or a map with `type`. */
function httpAuth(model: AppModel, authorizer: SourceNode | null | undefined, isPrivate: boolean): AuthInfo {
  const base = { source: 'route' as const, apiKeyRequired: isPrivate };
  if (authorizer === undefined || authorizer === null) return { type: 'none', ...base };
  if (isScalar(authorizer)) {
    const value = model.resolver.resolve(authorizer);
    if (value.state !== 'known') return { type: 'unknown', ...base };
    const text = String(value.value);
    if (text.toLowerCase() === 'aws_iam') return { type: 'iam', ...base };
    if (text.startsWith('arn:aws:cognito-idp')) return { type: 'cognito', authorizer: text, ...base };
    return { type: 'lambda', authorizer: text, ...base };
  }
  const type = model.resolver.resolveString(valueOf(authorizer, 'type'))?.toLowerCase();
  const name = model.resolver.resolveString(valueOf(authorizer, 'name')) ?? model.resolver.resolveString(valueOf(authorizer, 'arn'));
  const arn = model.resolver.resolveString(valueOf(authorizer, 'arn'));
  let authType: AuthType;
  if (type === 'aws_iam') authType = 'iam';
  else if (type === 'cognito_user_pools' || arn?.startsWith('arn:aws:cognito-idp')) authType = 'cognito';
  else if (type === 'token' || type === 'request' || type === 'custom' || valueOf(authorizer, 'name') || valueOf(authorizer, 'arn') || valueOf(authorizer, 'authorizerId')) authType = type === undefined && valueOf(authorizer, 'authorizerId') ? 'unknown' : 'lambda';
  else authType = 'unknown';
  return { type: authType, authorizer: name, ...base };
}

/** HTTP API (`httpApi`) authorizers: `{ name }` from `provider.httpApi.authorizers`, `{ id }`, or `{ type: aws_iam }`. */
function httpApiAuth(model: AppModel, authorizer: SourceNode | null | undefined, provider: SourceNode | null | undefined): AuthInfo {
  if (authorizer === undefined || authorizer === null) return { type: 'none', source: 'route' };
  if (isScalar(authorizer)) return { type: 'unknown', authorizer: scalarText(authorizer), source: 'route' };
  const type = model.resolver.resolveString(valueOf(authorizer, 'type'))?.toLowerCase();
  if (type === 'aws_iam') return { type: 'iam', source: 'route' };
  const name = model.resolver.resolveString(valueOf(authorizer, 'name'));
  if (name) {
    const definition = nodeAt(provider, ['httpApi', 'authorizers', name]);
    const definedType = model.resolver.resolveString(valueOf(definition, 'type'))?.toLowerCase();
    // Serverless defaults a named HTTP API authorizer to JWT; `type: request` is a Lambda authorizer.
    return { type: definition ? (definedType === 'request' ? 'lambda' : 'jwt') : 'unknown', authorizer: name, source: 'route' };
  }
  if (valueOf(authorizer, 'id')) return { type: 'unknown', authorizer: model.resolver.resolveString(valueOf(authorizer, 'id')), source: 'route' };
  return { type: 'unknown', source: 'route' };
}

/** An event of a function, or (`functionName` undefined) an `http` event of a serverless-step-functions state machine. */
function addEvent(model: AppModel, functionName: string | undefined, resource: string, eventNode: SourceNode, provider: SourceNode | null | undefined): void {
  const event = localNode(model, eventNode);
  const websocket = entryOf(event, 'websocket');
  if (websocket && functionName !== undefined) {
    addWebSocketConnect(model, functionName, resource, websocket);
    return;
  }
  const http = entryOf(event, 'http');
  const httpApi = entryOf(event, 'httpApi');
  const entry = http ?? httpApi;
  if (!entry || !isMap(event)) return;
  const value = localNode(model, entry.value);
  let method = '?';
  let path = '?';
  if (isScalar(value)) {
    // Shorthand: `http: GET users/{id}`, `httpApi: 'POST /users'` or `httpApi: '*'`.
    const text = model.resolver.resolveString(value) ?? String(value.value);
    const [first, ...rest] = text.trim().split(/\s+/);
    if (text.trim() === '*') [method, path] = ['ANY', '*'];
    else [method, path] = rest.length > 0 ? [first, rest.join(' ')] : ['ANY', first];
  } else if (isMap(value)) {
    method = model.resolver.resolveString(valueOf(value, 'method')) ?? '?';
    path = model.resolver.resolveString(valueOf(value, 'path')) ?? '?';
  }
  if (http && !path.startsWith('/')) path = '/' + path;
  method = method === '*' ? 'ANY' : method.toUpperCase();
  const authorizerEntry = isMap(value) ? entryOf(value, 'authorizer') : undefined;
  const isPrivate = isMap(value) && model.resolver.resolveString(valueOf(value, 'private')) === 'true';
  // An `Fn::If` around the authorizer gives one alternative per branch; a Serverless variable is resolved (or unknown) as a whole.
  const alternatives: AuthBranch[] = model.resolver.branches(authorizerEntry?.value).map((branch) => ({
    auth: http ? httpAuth(model, branch.node, isPrivate) : httpApiAuth(model, branch.node, provider),
    when: branch.when,
  }));
  model.endpoints.push({
    kind: http ? 'rest' : 'http',
    method,
    path,
    ...settleAuth(alternatives),
    functionName,
    resource,
    isPrivateNetwork: http ? model.resolver.resolveString(valueOf(provider, 'endpointType'))?.toUpperCase() === 'PRIVATE' : false,
    form: functionName === undefined ? 'serverless-stepfunctions-http' : http ? 'serverless-http' : 'serverless-httpApi',
    declaration: value ?? event,
    authEntry: authorizerEntry,
    range: entry.key.range,
  });
}

/**
 * A `websocket` event on `$connect` (`websocket: $connect` or `{ route: $connect, authorizer }`). API Gateway
 * authorises a WebSocket connection on `$connect` only, and the Framework's websocket authorizers are Lambda
 * REQUEST authorizers (a function name, or a map with `name` or `arn`); the other routes run on a connection
 * `$connect` let in, so they are not endpoints of their own, as for CloudFormation's `AWS::ApiGatewayV2::Route`.
 */
function addWebSocketConnect(model: AppModel, functionName: string, resource: string, entry: MapEntry): void {
  const value = localNode(model, entry.value);
  const route = isMap(value) ? model.resolver.resolveString(valueOf(value, 'route')) : model.resolver.resolveString(value);
  if (route !== '$connect') return;
  const authorizerEntry = isMap(value) ? entryOf(value, 'authorizer') : undefined;
  const alternatives: AuthBranch[] = model.resolver.branches(authorizerEntry?.value).map((branch) => {
    const authorizer = branch.node;
    const name = isMap(authorizer) ? model.resolver.resolveString(valueOf(authorizer, 'name') ?? valueOf(authorizer, 'arn')) : model.resolver.resolveString(authorizer);
    const auth: AuthInfo = authorizer === undefined || authorizer === null ? { type: 'none', source: 'route' } : { type: 'lambda', authorizer: name ?? undefined, source: 'route' };
    return { auth, when: branch.when };
  });
  model.endpoints.push({
    kind: 'http',
    method: 'ANY',
    path: '$connect',
    ...settleAuth(alternatives),
    functionName,
    resource,
    form: 'serverless-websocket',
    declaration: value ?? entry.value ?? entry.key,
    authEntry: authorizerEntry,
    range: entry.key.range,
  });
}

function addFunctionUrl(model: AppModel, functionName: string, resource: string, urlEntry: MapEntry | undefined): void {
  if (!urlEntry) return;
  const value = localNode(model, urlEntry.value);
  if (isScalar(value) && model.resolver.resolveString(value) !== 'true') return; // `url: false`
  const authorizerEntry = entryOf(value, 'authorizer');
  // A Serverless function URL is public unless `authorizer: aws_iam`.
  const alternatives: AuthBranch[] = model.resolver.branches(authorizerEntry?.value).map((branch) => {
    const authorizer = model.resolver.resolveString(branch.node)?.toLowerCase();
    const type: AuthType = authorizerEntry === undefined ? 'none' : authorizer === 'aws_iam' ? 'iam' : authorizer === 'none' ? 'none' : 'unknown';
    return { auth: { type, source: 'route' }, when: branch.when };
  });
  model.endpoints.push({
    kind: 'url',
    method: '*',
    path: '/',
    ...settleAuth(alternatives),
    functionName,
    resource,
    form: 'serverless-url',
    declaration: value ?? urlEntry.key,
    authEntry: authorizerEntry,
    range: urlEntry.key.range,
  });
}
