/**
 * Reads CloudFormation resources (of a CloudFormation or SAM template, or a
 * serverless.yml's `resources`) into the application model: Lambda functions,
 * API Gateway methods and routes, function URLs, IAM roles, policies and
 * resource policies. Data stores stay plain resources: the storage rules read
 * their settings branch by branch with `resolver.valuesAt`.
 */
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, oneOrMany, scalarText, seqItems, valueOf } from '../parse/tree';
import { parseJson } from '../parse/json';
import type { MapNode, SourceNode, TextRange } from '../types';
import { integrationFunctionOf } from './integration-uri';
import { addOpenApiEndpoints, readApiDefinition } from './openapi';
import type { ConditionAssumption } from '../resolve/resolver';
import type { AppModel, AuthBranch, AuthInfo, AuthType, CfnResource, IamStatement, ResourcePolicyService, StatementOrigin } from './types';

export function readResources(resourcesNode: SourceNode | null | undefined): CfnResource[] {
  const resources: CfnResource[] = [];
  for (const entry of mapEntries(resourcesNode)) {
    if (!isMap(entry.value)) continue;
    const type = scalarText(valueOf(entry.value, 'Type'));
    if (!type) continue;
    const properties = valueOf(entry.value, 'Properties');
    resources.push({
      logicalId: String(entry.key.value),
      type,
      declaration: entry.value,
      keyRange: entry.key.range,
      properties: isMap(properties) ? properties : undefined,
      condition: scalarText(valueOf(entry.value, 'Condition')),
    });
  }
  return resources;
}

/** The logical id a node points at through `Ref`, `Fn::GetAtt` or `Fn::Sub` with one `${X.Arn}`. */
export function referencedLogicalId(node: SourceNode | null | undefined): string | undefined {
  const name = intrinsicName(node);
  if (!name || !isMap(node)) return undefined;
  const argument = node.entries[0].value;
  if (name === 'Ref') return scalarText(argument);
  if (name === 'Fn::GetAtt') return isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument)?.split('.')[0];
  if (name === 'Fn::Sub') {
    const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
    const match = template && /\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/.exec(template.replace(/\$\{AWS::[A-Za-z]+\}/g, ''));
    return match?.[1];
  }
  return undefined;
}

export function addCloudFormationResources(model: AppModel, resources: CfnResource[]): void {
  model.resources.push(...resources);
  const byId = new Map(resources.map((resource) => [resource.logicalId, resource]));
  for (const resource of resources) {
    switch (resource.type) {
      case 'AWS::Lambda::Function':
        addLambdaFunction(model, resource);
        break;
      case 'AWS::ApiGateway::Method':
        addRestMethod(model, resource, byId);
        break;
      case 'AWS::ApiGatewayV2::Route':
        addHttpRoute(model, resource, byId);
        break;
      case 'AWS::Lambda::Url':
        addFunctionUrl(model, resource);
        break;
      case 'AWS::ApiGateway::RestApi':
      case 'AWS::ApiGatewayV2::Api':
        addInlineOpenApi(model, resource);
        break;
      case 'AWS::IAM::Role':
        addRole(model, resource);
        break;
      case 'AWS::IAM::User':
        addPrincipalPolicies(model, resource, 'iam-user-inline', 'iam-user');
        break;
      case 'AWS::IAM::Group':
        addPrincipalPolicies(model, resource, 'iam-group-inline', 'iam-group');
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        addPolicy(model, resource);
        break;
      case 'AWS::S3::BucketPolicy':
        addResourcePolicy(model, resource, 'PolicyDocument', 's3', ['Bucket']);
        break;
      case 'AWS::SQS::QueuePolicy':
        addResourcePolicy(model, resource, 'PolicyDocument', 'sqs', ['Queues']);
        break;
      case 'AWS::SNS::TopicPolicy':
        addResourcePolicy(model, resource, 'PolicyDocument', 'sns', ['Topics']);
        break;
      case 'AWS::KMS::Key':
        addResourcePolicy(model, resource, 'KeyPolicy', 'kms', []);
        break;
      case 'AWS::SecretsManager::ResourcePolicy':
        addResourcePolicy(model, resource, 'ResourcePolicy', 'secretsmanager', ['SecretId']);
        break;
      case 'AWS::Events::EventBus':
        addResourcePolicy(model, resource, 'Policy', 'events', []);
        break;
      case 'AWS::Events::EventBusPolicy':
        addEventBusPolicy(model, resource);
        break;
      case 'AWS::ECR::Repository':
        addResourcePolicy(model, resource, 'RepositoryPolicyText', 'ecr', []);
        break;
    }
  }
  linkRolesToFunctions(model, resources);
}

/**
 * Operations of an OpenAPI `Body`, inline or a workspace file (`AWS::Include`, or a local `BodyS3Location`
 * that `aws cloudformation package` uploads); WebSocket APIs have none.
 */
function addInlineOpenApi(model: AppModel, resource: CfnResource): void {
  const apiType = resource.type === 'AWS::ApiGateway::RestApi' ? 'rest' : 'http';
  if (apiType === 'http' && model.resolver.resolveString(valueOf(resource.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET') return;
  const definition = readApiDefinition(model, resource, apiType);
  if (definition) addOpenApiEndpoints(model, resource, definition);
}

function addLambdaFunction(model: AppModel, resource: CfnResource): void {
  const properties = resource.properties;
  model.functions.push({
    name: resource.logicalId,
    resource: resource.logicalId,
    declaration: resource.declaration,
    nameRange: resource.keyRange,
    handler: scalarText(valueOf(properties, 'Handler')),
    runtime: scalarText(valueOf(properties, 'Runtime')),
    environment: mapEntries(valueOf(valueOf(properties, 'Environment'), 'Variables')).map((entry) => ({
      name: String(entry.key.value),
      entry,
      scope: 'function' as const,
      resource: resource.logicalId,
    })),
    roleReference: referencedLogicalId(valueOf(properties, 'Role')) ?? scalarText(valueOf(properties, 'Role')),
  });
}

/** Maps an API Gateway `AuthorizationType` value to the model's auth type. */
export function authTypeOf(value: string | undefined): AuthType {
  switch (value?.toUpperCase()) {
    case undefined:
    case 'NONE':
      return 'none';
    case 'AWS_IAM':
      return 'iam';
    case 'COGNITO_USER_POOLS':
      return 'cognito';
    case 'JWT':
      return 'jwt';
    case 'CUSTOM':
      return 'lambda';
    default:
      return 'unknown';
  }
}

function addRestMethod(model: AppModel, resource: CfnResource, byId: Map<string, CfnResource>): void {
  const properties = resource.properties;
  const method = model.resolver.resolveString(valueOf(properties, 'HttpMethod'))?.toUpperCase() ?? '?';
  const authEntry = entryOf(properties, 'AuthorizationType');
  model.endpoints.push({
    kind: 'rest',
    method,
    path: restPathOf(valueOf(properties, 'ResourceId'), byId),
    ...settleAuth(routeAuthAlternatives(model, properties)),
    functionName: integrationFunctionOf(valueOf(valueOf(properties, 'Integration'), 'Uri'), model),
    api: referencedLogicalId(valueOf(properties, 'RestApiId')),
    resource: resource.logicalId,
    isPrivateNetwork: isPrivateEndpoint(model, byId.get(referencedLogicalId(valueOf(properties, 'RestApiId')) ?? '')?.properties),
    form: 'cfn-apigateway-method',
    declaration: properties ?? resource.declaration,
    authEntry,
    range: authEntry?.range ?? resource.keyRange,
  });
}

/**
 * The auth of an `AWS::ApiGateway::Method` or `AWS::ApiGatewayV2::Route`, one alternative per `Fn::If`
 * branch of `AuthorizationType` and `ApiKeyRequired`. Absent (or `AWS::NoValue`) means NONE in API Gateway;
 * an unresolved value (a parameter without a default) is unknown.
 */
function routeAuthAlternatives(model: AppModel, properties: MapNode | undefined): AuthBranch[] {
  const authorizer = referencedLogicalId(valueOf(properties, 'AuthorizerId'));
  const alternatives: AuthBranch[] = [];
  for (const authBranch of model.resolver.branches(valueOf(properties, 'AuthorizationType'))) {
    const value = model.resolver.resolve(authBranch.node);
    const type: AuthType = value.state === 'known' ? authTypeOf(value.value === null ? undefined : String(value.value)) : 'unknown';
    for (const keyBranch of model.resolver.branches(valueOf(properties, 'ApiKeyRequired'), authBranch.when)) {
      const apiKeyRequired = model.resolver.resolveString(keyBranch.node) === 'true';
      alternatives.push({ auth: { type, authorizer, source: 'route', apiKeyRequired }, when: keyBranch.when });
    }
  }
  return alternatives;
}

/** The auth of a function URL (`AuthType`, required by Lambda), one alternative per `Fn::If` branch. */
export function functionUrlAuthAlternatives(model: AppModel, authNode: SourceNode | null | undefined, source: AuthInfo['source']): AuthBranch[] {
  return model.resolver.branches(authNode).map((branch) => {
    const value = model.resolver.resolve(branch.node);
    const text = value.state === 'known' && value.value !== null ? String(value.value).toUpperCase() : undefined;
    return { auth: { type: text === 'AWS_IAM' ? 'iam' : text === 'NONE' ? 'none' : 'unknown', source }, when: branch.when };
  });
}

/**
 * A route's auth from its alternatives (one per `Fn::If` branch of its auth settings). Alternatives that
 * agree are merged (`A and B`, `A and not B` become `A`); one left is the auth itself. Otherwise the
 * endpoint gets `authBranches`, and `auth.type` is their common type or `unknown`: a rule that does not
 * read the branches then stays silent rather than report a route as always open when it is open on one
 * branch only, which its message could not say.
 */
export function settleAuth(alternatives: AuthBranch[]): { auth: AuthInfo; authBranches?: AuthBranch[] } {
  const merged = mergeAlternatives(alternatives);
  if (merged.length === 0) return { auth: { type: 'unknown', source: 'route' } };
  if (merged.length === 1) return { auth: merged[0].auth };
  const first = merged[0].auth;
  const isCommon = (key: 'type' | 'authorizer') => merged.every((alternative) => alternative.auth[key] === first[key]);
  const auth: AuthInfo = {
    type: isCommon('type') ? first.type : 'unknown',
    source: merged.some((alternative) => alternative.auth.source === 'route') ? 'route' : first.source,
  };
  if (isCommon('authorizer') && first.authorizer !== undefined) auth.authorizer = first.authorizer;
  if (merged.every((alternative) => alternative.auth.apiKeyRequired)) auth.apiKeyRequired = true;
  return { auth, authBranches: merged };
}

function isSameAuth(a: AuthInfo, b: AuthInfo): boolean {
  return a.type === b.type && a.authorizer === b.authorizer && !!a.apiKeyRequired === !!b.apiKeyRequired;
}

/** Merges alternatives with the same auth whose conditions differ in one value only, or where one's conditions include the other's. */
function mergeAlternatives(alternatives: AuthBranch[]): AuthBranch[] {
  const result = [...alternatives];
  const includes = (outer: ConditionAssumption[], inner: ConditionAssumption[]) => inner.every((assumption) => outer.some((other) => other.condition === assumption.condition && other.value === assumption.value));
  let hasMerged = true;
  while (hasMerged) {
    hasMerged = false;
    search: for (let i = 0; i < result.length; i++) {
      for (let j = 0; j < result.length; j++) {
        if (i === j || !isSameAuth(result[i].auth, result[j].auth)) continue;
        const [a, b] = [result[i].when, result[j].when];
        if (includes(a, b)) {
          // `a` is a special case of `b`: `b` covers it.
          result.splice(i, 1);
          hasMerged = true;
          break search;
        }
        if (a.length === b.length) {
          const differing = a.filter((assumption) => !b.some((other) => other.condition === assumption.condition && other.value === assumption.value));
          if (differing.length === 1 && b.some((other) => other.condition === differing[0].condition)) {
            result[j] = { ...result[j], when: b.filter((other) => other.condition !== differing[0].condition) };
            result.splice(i, 1);
            hasMerged = true;
            break search;
          }
        }
      }
    }
  }
  return result;
}

/** A PRIVATE REST API endpoint (`EndpointConfiguration.Types` or SAM's `EndpointConfiguration.Type`). */
export function isPrivateEndpoint(model: AppModel, apiProperties: SourceNode | null | undefined): boolean {
  const configuration = valueOf(apiProperties, 'EndpointConfiguration');
  const types = [...oneOrMany(valueOf(configuration, 'Types')), ...oneOrMany(valueOf(configuration, 'Type')), ...(isScalar(configuration) ? [configuration] : [])];
  return types.some((type) => model.resolver.resolveString(type)?.toUpperCase() === 'PRIVATE');
}

/** Builds `/a/{id}` from a chain of `AWS::ApiGateway::Resource` PathParts. */
function restPathOf(resourceId: SourceNode | null | undefined, byId: Map<string, CfnResource>): string {
  const parts: string[] = [];
  let current = referencedLogicalId(resourceId);
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const resource = byId.get(current);
    if (!resource || resource.type !== 'AWS::ApiGateway::Resource') break;
    parts.unshift(scalarText(valueOf(resource.properties, 'PathPart')) ?? '?');
    current = referencedLogicalId(valueOf(resource.properties, 'ParentId'));
  }
  return '/' + parts.join('/');
}

function addHttpRoute(model: AppModel, resource: CfnResource, byId: Map<string, CfnResource>): void {
  const properties = resource.properties;
  const routeKey = model.resolver.resolveString(valueOf(properties, 'RouteKey')) ?? '?';
  const api = byId.get(referencedLogicalId(valueOf(properties, 'ApiId')) ?? '');
  // WebSocket APIs authorise only on $connect; their other routes have no auth setting of their own.
  if (api && model.resolver.resolveString(valueOf(api.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET' && routeKey !== '$connect') return;
  const [method, path] = routeKey.includes(' ') ? routeKey.split(/\s+/, 2) : ['ANY', routeKey];
  const authEntry = entryOf(properties, 'AuthorizationType');
  const target = valueOf(properties, 'Target');
  // `Target: integrations/<id>`, as text, `!Sub integrations/${Integration}` or `!Join ['/', [integrations, !Ref Integration]]`.
  const targetId = referencedLogicalId(target) ?? scalarText(target)?.replace(/^integrations\//, '') ?? seqItems(seqItems(valueOf(target, 'Fn::Join'))[1]).map(referencedLogicalId).find((id) => id !== undefined);
  const integration = byId.get(targetId ?? '');
  model.endpoints.push({
    kind: 'http',
    method: method.toUpperCase(),
    path,
    ...settleAuth(routeAuthAlternatives(model, properties)),
    functionName: integration ? integrationFunctionOf(valueOf(integration.properties, 'IntegrationUri'), model) : undefined,
    api: referencedLogicalId(valueOf(properties, 'ApiId')),
    resource: resource.logicalId,
    form: 'cfn-apigatewayv2-route',
    declaration: properties ?? resource.declaration,
    authEntry,
    range: authEntry?.range ?? resource.keyRange,
  });
}

function addFunctionUrl(model: AppModel, resource: CfnResource): void {
  const properties = resource.properties;
  const authEntry = entryOf(properties, 'AuthType');
  model.endpoints.push({
    kind: 'url',
    method: '*',
    path: '/',
    ...settleAuth(functionUrlAuthAlternatives(model, authEntry?.value, 'route')),
    functionName: referencedLogicalId(valueOf(properties, 'TargetFunctionArn')),
    resource: resource.logicalId,
    form: 'cfn-lambda-url',
    declaration: properties ?? resource.declaration,
    authEntry,
    range: authEntry?.range ?? resource.keyRange,
  });
}

/**
 * A policy document given as a JSON string (`AssumeRolePolicyDocument: |` followed by JSON, which
 * CloudFormation accepts): parsed as data, never evaluated. Its nodes' offsets are the string's, not
 * this document's, so the statements are foreign and shown on the string. Strings with `Fn::Sub`
 * placeholders are left alone: their content is only known at deploy time.
 */
function jsonPolicyDocument(node: SourceNode | null | undefined): SourceNode | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.value.trim().startsWith('{')) return undefined;
  const parsed = parseJson(node.value);
  return parsed.issues.length === 0 && isMap(parsed.root) ? parsed.root : undefined;
}

/** Statements of a policy document, whatever the origin. */
export function statementsOf(
  document: SourceNode | null | undefined,
  origin: StatementOrigin,
  resource: string,
  functions: string[],
  model: AppModel,
  reportRange?: TextRange,
): IamStatement[] {
  const statements: IamStatement[] = [];
  const deref = model.resolver.deref(document);
  const fromJson = jsonPolicyDocument(deref.node);
  if (fromJson) {
    const range = reportRange ?? (deref.isForeign ? document?.range : deref.node?.range) ?? { start: 0, end: 0 };
    return statementsOf(fromJson, origin, resource, functions, model, range);
  }
  const statementValue = valueOf(deref.node, 'Statement');
  const statementNode = model.resolver.deref(statementValue);
  for (const item of oneOrMany(statementNode.node)) {
    const resolved = model.resolver.deref(item);
    const statement = resolved.node;
    if (!isMap(statement)) continue;
    // A caller passes `reportRange` only when it has already followed a reference to another file.
    const isForeign = reportRange !== undefined || deref.isForeign || statementNode.isForeign || resolved.isForeign;
    // Findings about a statement from another file are shown on the last node still in this document:
    // the `${file(...)}` that replaced the policy document, its Statement, or the statement itself.
    const localRange = reportRange ?? (deref.isForeign ? document?.range : statementNode.isForeign ? statementValue?.range : item.range);
    statements.push(readStatement(statement, origin, resource, functions, model, isForeign ? localRange : undefined));
  }
  return statements;
}

export function readStatement(
  statement: MapNode,
  origin: StatementOrigin,
  resource: string,
  functions: string[],
  model: AppModel,
  foreignRange?: TextRange,
): IamStatement {
  const effect = model.resolver.resolveString(valueOf(statement, 'Effect'));
  const actionEntry = entryOf(statement, 'Action') ?? entryOf(statement, 'NotAction');
  const resourceEntry = entryOf(statement, 'Resource') ?? entryOf(statement, 'NotResource');
  const actions = model.resolver.deref(actionEntry?.value);
  const resources = model.resolver.deref(resourceEntry?.value);
  // `Action: ${file(./actions.yml)}` in a statement of this document: its nodes are not this document's either.
  const hasForeignNodes = actions.isForeign || resources.isForeign;
  return {
    effect: effect === 'Allow' ? 'Allow' : effect === 'Deny' ? 'Deny' : 'unknown',
    actions: oneOrMany(actions.node),
    isNotAction: actionEntry?.key.value === 'NotAction',
    resources: oneOrMany(resources.node),
    isNotResource: resourceEntry?.key.value === 'NotResource',
    principal: valueOf(statement, 'Principal') ?? valueOf(statement, 'NotPrincipal') ?? undefined,
    isNotPrincipal: !entryOf(statement, 'Principal') && entryOf(statement, 'NotPrincipal') !== undefined,
    condition: valueOf(statement, 'Condition') ?? undefined,
    declaration: statement,
    range: foreignRange ?? statement.range,
    isForeign: foreignRange !== undefined || hasForeignNodes,
    origin,
    resource,
    functions,
  };
}

/** The items of a list property, with a whole-list `Fn::If` unwrapped into both branches' items. */
function listItems(model: AppModel, node: SourceNode | null | undefined): SourceNode[] {
  return model.resolver.branches(node).flatMap((branch) => seqItems(branch.node));
}

/** The logical ids (or resolved names) a list of references names: `Roles: [!Ref R]`, `Queues: [!Ref Q]`. */
function referencedNames(model: AppModel, node: SourceNode | null | undefined): string[] {
  const items = isSeq(node) ? listItems(model, node) : node === undefined || node === null ? [] : [node];
  return items.map((item) => referencedLogicalId(item) ?? model.resolver.resolveString(item) ?? '').filter(Boolean);
}

/**
 * The roles a policy's `Roles` names, by logical id: a `!Ref` to a role of the template, or a name that is a
 * role's `RoleName` here (`Roles: [my-fn-role]`); a name no role of the template has stays as written (a role
 * defined elsewhere). `unresolved`: the entries that may name a role of the template but cannot be read (a
 * `Fn::Select` of a split ARN, a parameter without a value, a name while some role's `RoleName` cannot be
 * resolved), as shown.
 */
function attachedRoles(model: AppModel, node: SourceNode | null | undefined): { roles: string[]; unresolved: string[] } {
  const items = isSeq(node) ? listItems(model, node) : node === undefined || node === null ? [] : [node];
  const roleResources = model.resources.filter((resource) => resource.type === 'AWS::IAM::Role');
  const roleNames = roleResources.map((resource) => {
    const name = valueOf(resource.properties, 'RoleName');
    return { id: resource.logicalId, name: name === undefined || name === null ? null : (model.resolver.resolveString(name) ?? undefined) };
  });
  const roles: string[] = [];
  const unresolved: string[] = [];
  for (const item of items) {
    const id = referencedLogicalId(item);
    // The Serverless Framework's generated role is a resource of the compiled template, not of this file.
    const isGeneratedRole = model.kind === 'serverless' && id === SERVERLESS_GENERATED_ROLE;
    if (id !== undefined && intrinsicName(item) === 'Ref' && (isGeneratedRole || model.resources.some((resource) => resource.logicalId === id))) {
      roles.push(id);
      continue;
    }
    const name = model.resolver.resolveString(item);
    if (name === undefined) {
      unresolved.push(model.resolver.display(model.resolver.resolve(item)));
      continue;
    }
    const matches = roleNames.filter((role) => role.name === name).map((role) => role.id);
    if (matches.length > 0) roles.push(...matches);
    // Some role of the template is named by a value that cannot be read: this name may be its.
    else if (roleNames.some((role) => role.name === undefined)) unresolved.push(name);
    else roles.push(name);
  }
  return { roles, unresolved };
}

function addRole(model: AppModel, resource: CfnResource): void {
  const properties = resource.properties;
  addPrincipalPolicies(model, resource, 'iam-role-inline', 'iam-role');
  // The trust policy is the role's resource-based policy: who may assume it.
  const trust = statementsOf(valueOf(properties, 'AssumeRolePolicyDocument'), 'resource-policy', resource.logicalId, [], model);
  for (const statement of trust) statement.resourcePolicy = { service: 'iam-role-trust', targets: [resource.logicalId] };
  model.iamStatements.push(...trust);
}

/** Inline `Policies` and `ManagedPolicyArns` of a role, a user or a group; Checkov reports these on the holder. */
function addPrincipalPolicies(
  model: AppModel,
  resource: CfnResource,
  origin: 'iam-role-inline' | 'iam-user-inline' | 'iam-group-inline',
  managedOrigin: 'iam-role' | 'iam-user' | 'iam-group',
): void {
  const properties = resource.properties;
  for (const policy of listItems(model, valueOf(properties, 'Policies'))) {
    model.iamStatements.push(...statementsOf(valueOf(policy, 'PolicyDocument'), origin, resource.logicalId, [], model));
  }
  // A whole-list `Fn::If` is read branch by branch, so that each attachment knows its conditions.
  for (const branch of model.resolver.branches(valueOf(properties, 'ManagedPolicyArns'))) {
    for (const arn of seqItems(branch.node)) {
      model.managedPolicies.push({ node: arn, range: arn.range, resource: resource.logicalId, functions: [], origin: managedOrigin, ...(branch.when.length ? { when: branch.when } : {}) });
    }
  }
}

function addPolicy(model: AppModel, resource: CfnResource): void {
  const origin: StatementOrigin = resource.type === 'AWS::IAM::Policy' ? 'iam-policy' : 'iam-managed-policy';
  const properties = resource.properties;
  const roles = attachedRoles(model, valueOf(properties, 'Roles'));
  const attachedTo = {
    roles: roles.roles,
    ...(roles.unresolved.length > 0 ? { unresolvedRoles: roles.unresolved } : {}),
    users: referencedNames(model, valueOf(properties, 'Users')),
    groups: referencedNames(model, valueOf(properties, 'Groups')),
  };
  const statements = statementsOf(valueOf(properties, 'PolicyDocument'), origin, resource.logicalId, [], model);
  for (const statement of statements) statement.attachedTo = attachedTo;
  model.iamStatements.push(...statements);
}

/** A resource-based policy (bucket, queue, topic, key, secret): its statements say who, outside the account too, may act on the targets. */
function addResourcePolicy(model: AppModel, resource: CfnResource, documentKey: string, service: ResourcePolicyService, targetKeys: string[]): void {
  const properties = resource.properties;
  const targets = targetKeys.length === 0 ? [resource.logicalId] : targetKeys.flatMap((key) => referencedNames(model, valueOf(properties, key)));
  const statements = statementsOf(valueOf(properties, documentKey), 'resource-policy', resource.logicalId, [], model);
  for (const statement of statements) statement.resourcePolicy = { service, targets };
  model.iamStatements.push(...statements);
}

/**
 * An EventBridge bus policy. Its `Statement` form holds one statement (a map, not a document); its legacy form
 * (`Action`, `Principal` an account id or `'*'`, `Condition` of `Type`/`Key`/`Value`) is read by the rules that
 * judge it from the resource itself. A missing `EventBusName` means the account's `default` bus.
 */
function addEventBusPolicy(model: AppModel, resource: CfnResource): void {
  const written = valueOf(resource.properties, 'Statement');
  const statement = model.resolver.deref(written);
  if (!isMap(statement.node)) return;
  const bus = valueOf(resource.properties, 'EventBusName');
  const read = readStatement(statement.node, 'resource-policy', resource.logicalId, [], model, statement.isForeign ? written?.range : undefined);
  read.resourcePolicy = { service: 'events', targets: bus ? referencedNames(model, bus) : ['default'] };
  model.iamStatements.push(read);
}

/** The logical id of the role the Serverless Framework generates for functions that name none. */
export const SERVERLESS_GENERATED_ROLE = 'IamRoleLambdaExecution';

/**
 * True when a Serverless function runs with the generated role: it names no role, the provider names none,
 * and it has no statements of its own (with serverless-iam-roles-per-function those make a role of its own).
 */
export function usesServerlessGeneratedRole(model: AppModel, fn: AppModel['functions'][number]): boolean {
  return model.kind === 'serverless' && fn.roleReference === undefined && valueOf(fn.declaration, 'iamRoleStatements') === undefined;
}

/**
 * Fills in which functions each role's statements and managed policies reach. It runs after each
 * pass that adds functions (CloudFormation, then SAM), and recomputes the role-derived links each time,
 * so a role shared by an `AWS::Lambda::Function` and SAM functions reaches all of them.
 */
export function linkRolesToFunctions(model: AppModel, resources: CfnResource[]): void {
  const functionsByRole = new Map<string, string[]>();
  for (const fn of model.functions) {
    // A Serverless function without a role of its own uses the generated role, `IamRoleLambdaExecution`.
    const role = fn.roleReference ?? (usesServerlessGeneratedRole(model, fn) ? SERVERLESS_GENERATED_ROLE : undefined);
    if (!role) continue;
    functionsByRole.set(role, [...(functionsByRole.get(role) ?? []), fn.name]);
  }
  // Kept for callers; the roles a policy is attached to travel with its statements (`attachedTo`).
  void resources;
  for (const statement of model.iamStatements) {
    // Only statements of roles and of policies attached to roles are linked here. Resource policies grant to
    // principals (a trust policy included); users and groups are not functions; Serverless and SAM set their own.
    if (statement.origin !== 'iam-role-inline' && statement.origin !== 'iam-policy' && statement.origin !== 'iam-managed-policy') continue;
    const roles = statement.origin === 'iam-role-inline' ? [statement.resource] : (statement.attachedTo?.roles ?? []);
    statement.functions = [...new Set(roles.flatMap((role) => functionsByRole.get(role) ?? []))];
  }
  for (const attachment of model.managedPolicies) {
    if (attachment.origin === 'iam-role') attachment.functions = functionsByRole.get(attachment.resource) ?? [];
  }
}

