/**
 * What invokes each function of one template, and how exposed that makes it: HTTP triggers from the
 * model's endpoints (with the auth the model decided), and every other event source read from the
 * template (Serverless `events`, SAM `Events`, CloudFormation event source mappings, permissions,
 * notifications, rules, subscriptions, custom resources). Read-only over the model.
 */
import type { TriggerKind } from '../code/model';
import { albActionsAuth, serverlessLogicalId } from '../model/alb';
import { authTypeOf, referencedLogicalId } from '../model/cloudformation';
import type { AppModel, AuthType, CfnResource, Endpoint, LambdaFunction } from '../model/types';
import { entryOf, isMap, isScalar, isSeq, mapEntries, nodeAt, plainValueOf, scalarText, seqItems, valueOf } from '../parse/tree';
import type { SourceNode, TextRange } from '../types';
import { edgeBodyModelOf, edgeValidationOf } from './edge-validation';
import type { Exposure, HandlerTrigger } from './types';

/** Triggers a caller on the internet reaches; any other kind with an `auth` (an API Gateway permission with no route here) counts too. */
const HTTP_KINDS: ReadonlySet<TriggerKind> = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket', 'appsync', 'cloudfront']);

export function isHttpTrigger(trigger: HandlerTrigger): boolean {
  return HTTP_KINDS.has(trigger.kind) || trigger.auth !== undefined;
}

/** Serverless names a function's CloudFormation resource `<Name>LambdaFunction` (shared with the model's ALB reader). */
export { serverlessLogicalId };

/** Every function's triggers, by function name, in document order. */
export function triggersOfTemplate(model: AppModel, templatePath: string): Map<string, HandlerTrigger[]> {
  const triggers = new Map<string, HandlerTrigger[]>(model.functions.map((fn) => [fn.name, []]));
  const add = (functionName: string | undefined, trigger: Omit<HandlerTrigger, 'location'> & { range: TextRange }) => {
    if (!functionName) return;
    const list = triggers.get(functionName);
    if (!list) return;
    const { range, ...rest } = trigger;
    list.push({ ...rest, location: { path: templatePath, range } });
  };
  const functionByReference = referenceIndex(model);

  const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
  for (const endpoint of model.endpoints) {
    if (endpoint.isMockIntegration || isWebSocketRoute(model, endpoint, byId)) continue;
    add(endpointFunction(endpoint, functionByReference), endpointTrigger(model, endpoint, templatePath));
  }
  for (const [reference, trigger] of webSocketRouteTriggers(model, byId)) add(functionByReference.get(reference), trigger);
  for (const [reference, trigger] of authorizerTriggers(model)) add(functionByReference.get(reference), trigger);
  if (model.kind === 'serverless') {
    for (const fn of model.functions) for (const trigger of serverlessEventTriggers(model, fn)) add(fn.name, trigger);
  }
  if (model.kind === 'sam') {
    for (const fn of model.functions) for (const trigger of samEventTriggers(model, fn)) add(fn.name, trigger);
  }
  const permissions: CfnResource[] = [];
  for (const resource of model.resources) {
    if (resource.type === 'AWS::Lambda::Permission') permissions.push(resource);
    else for (const [reference, trigger] of resourceTriggers(model, resource, byId)) add(functionByReference.get(reference), trigger);
  }
  // A permission only says who may invoke; it adds a trigger when nothing more precise (a route, a rule, a notification) did.
  for (const permission of permissions) {
    const reference = functionReference(valueOf(permission.properties, 'FunctionName'));
    const name = reference ? functionByReference.get(reference) : undefined;
    const trigger = name ? permissionTrigger(model, permission, byId) : undefined;
    if (!name || !trigger) continue;
    const existing = triggers.get(name) ?? [];
    const isCovered = trigger.auth !== undefined ? existing.some(isHttpTrigger) : existing.some((other) => other.kind === trigger.kind);
    if (!isCovered) add(name, trigger);
  }
  return triggers;
}

/** Function references as templates write them (logical id, Serverless generated id, physical name) -> the model's function name. */
function referenceIndex(model: AppModel): Map<string, string> {
  const index = new Map<string, string>();
  for (const fn of model.functions) {
    index.set(fn.name, fn.name);
    if (model.kind === 'serverless') {
      index.set(serverlessLogicalId(fn.name), fn.name);
      const physical = model.resolver.resolveString(valueOf(fn.declaration, 'name'));
      if (physical) index.set(physical, fn.name);
    } else {
      const physical = model.resolver.resolveString(nodeAt(fn.declaration, ['Properties', 'FunctionName']));
      if (physical && !index.has(physical)) index.set(physical, fn.name);
    }
  }
  return index;
}

/**
 * The function a route invokes. The model names the first reference in an integration URI, which
 * for `!Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ..., !GetAtt Fn.Arn, ...]]` is the
 * pseudo parameter; so when its name is no function here, every reference in the route's
 * declaration is tried, and the first that names a function wins.
 */
function endpointFunction(endpoint: Endpoint, functionByReference: Map<string, string>): string | undefined {
  if (endpoint.functionName && functionByReference.has(endpoint.functionName)) return functionByReference.get(endpoint.functionName);
  if (endpoint.form !== 'cfn-apigateway-method' && endpoint.form !== 'openapi-operation') return undefined;
  const integration = endpoint.form === 'cfn-apigateway-method' ? valueOf(endpoint.declaration, 'Integration') : valueOf(endpoint.declaration, 'x-amazon-apigateway-integration');
  return referencesIn(integration).map((reference) => functionByReference.get(reference)).find((name) => name !== undefined);
}

/** Every logical id a subtree references: `Ref`, `Fn::GetAtt`, and the `${X}`/`${X.Arn}` of `Fn::Sub`. */
function referencesIn(node: SourceNode | null | undefined, out: string[] = [], depth = 0): string[] {
  if (!node || depth > 32) return out;
  if (isSeq(node)) for (const item of node.items) referencesIn(item, out, depth + 1);
  if (!isMap(node)) return out;
  for (const entry of node.entries) {
    const key = String(entry.key.value);
    if (key === 'Ref' && isScalar(entry.value)) out.push(String(entry.value.value));
    else if (key === 'Fn::GetAtt') {
      const target = isSeq(entry.value) ? scalarText(entry.value.items[0]) : scalarText(entry.value)?.split('.')[0];
      if (target) out.push(target);
    } else if (key === 'Fn::Sub') {
      const template = isSeq(entry.value) ? scalarText(entry.value.items[0]) : scalarText(entry.value);
      for (const match of (template ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z.]+)?\}/g)) out.push(match[1]);
      if (isSeq(entry.value)) referencesIn(entry.value.items[1], out, depth + 1);
    } else referencesIn(entry.value, out, depth + 1);
  }
  return out;
}

function isWebSocketApi(model: AppModel, api: CfnResource | undefined): boolean {
  return api?.type === 'AWS::ApiGatewayV2::Api' && model.resolver.resolveString(valueOf(api.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET';
}

/** The model keeps a WebSocket API's `$connect` route as an HTTP endpoint; the project reads WebSocket routes itself. */
function isWebSocketRoute(model: AppModel, endpoint: Endpoint, byId: Map<string, CfnResource>): boolean {
  // serverless.yml WebSocket routes get their triggers from serverlessEventTriggers, which also carries `$connect`'s auth to the other routes.
  if (endpoint.form === 'serverless-websocket') return true;
  if (endpoint.form !== 'cfn-apigatewayv2-route') return false;
  const route = byId.get(endpoint.resource);
  return isWebSocketApi(model, byId.get(referencedLogicalId(valueOf(route?.properties, 'ApiId')) ?? ''));
}

/**
 * Routes of CloudFormation WebSocket APIs (`AWS::ApiGatewayV2::Route` -> `Integration` -> function).
 * API Gateway authorises a WebSocket connection on `$connect` only, so every route of the API
 * carries the `$connect` route's `AuthorizationType`; unknown when this template has no `$connect`.
 */
function webSocketRouteTriggers(model: AppModel, byId: Map<string, CfnResource>): Array<[string, TriggerDraft]> {
  const found: Array<[string, TriggerDraft]> = [];
  const routes = model.resources.filter((resource) => resource.type === 'AWS::ApiGatewayV2::Route');
  const connectByApi = new Map<string, CfnResource>();
  for (const route of routes) {
    const apiId = referencedLogicalId(valueOf(route.properties, 'ApiId'));
    if (apiId && !connectByApi.has(apiId) && model.resolver.resolveString(valueOf(route.properties, 'RouteKey')) === '$connect') connectByApi.set(apiId, route);
  }
  for (const route of routes) {
    const apiId = referencedLogicalId(valueOf(route.properties, 'ApiId'));
    if (!isWebSocketApi(model, byId.get(apiId ?? ''))) continue;
    const integration = referencesIn(valueOf(route.properties, 'Target'))
      .map((reference) => byId.get(reference))
      .find((resource) => resource?.type === 'AWS::ApiGatewayV2::Integration');
    if (!integration) continue;
    const connect = connectByApi.get(apiId ?? '');
    const authorizationType = connect ? model.resolver.resolve(valueOf(connect.properties, 'AuthorizationType')) : undefined;
    const auth: AuthType = !authorizationType || authorizationType.state !== 'known' ? 'unknown' : authTypeOf(authorizationType.value === null ? undefined : String(authorizationType.value));
    const routeKey = model.resolver.resolveString(valueOf(route.properties, 'RouteKey')) ?? '?';
    for (const reference of referencesIn(valueOf(integration.properties, 'IntegrationUri'))) {
      found.push([reference, { kind: 'websocket', description: `WebSocket route ${routeKey}`, auth, edgeValidation: false, path: routeKey, range: route.keyRange }]);
    }
  }
  return found;
}

/**
 * Lambda authorizers: CloudFormation `AWS::ApiGateway::Authorizer`/`AWS::ApiGatewayV2::Authorizer`
 * (`AuthorizerUri`), SAM `Auth.Authorizers.*.FunctionArn` (APIs and Globals), Serverless `http` and
 * `websocket` authorizers that name a function of the service, and `provider.httpApi.authorizers.*.functionName`.
 */
function authorizerTriggers(model: AppModel): Array<[string, TriggerDraft]> {
  const found: Array<[string, TriggerDraft]> = [];
  const draft = (name: string, range: TextRange): TriggerDraft => ({ kind: 'unknown', description: `Lambda authorizer ${name}`, auth: 'none', isAuthorizer: true, edgeValidation: false, range });
  const seen = new Set<string>();
  const push = (reference: string | undefined, name: string, range: TextRange) => {
    if (!reference || seen.has(`${reference}|${name}`)) return;
    seen.add(`${reference}|${name}`);
    found.push([reference, draft(name, range)]);
  };
  for (const resource of model.resources) {
    if (resource.type === 'AWS::ApiGateway::Authorizer' || resource.type === 'AWS::ApiGatewayV2::Authorizer') {
      for (const reference of referencesIn(valueOf(resource.properties, 'AuthorizerUri'))) push(reference, resource.logicalId, resource.keyRange);
    }
    if (resource.type === 'AWS::Serverless::Api' || resource.type === 'AWS::Serverless::HttpApi') {
      for (const entry of mapEntries(nodeAt(resource.properties, ['Auth', 'Authorizers']))) {
        push(functionReference(valueOf(entry.value, 'FunctionArn')), String(entry.key.value), entry.key.range);
      }
    }
  }
  for (const key of ['Api', 'HttpApi']) {
    for (const entry of mapEntries(nodeAt(model.document.root, ['Globals', key, 'Auth', 'Authorizers']))) {
      push(functionReference(valueOf(entry.value, 'FunctionArn')), String(entry.key.value), entry.key.range);
    }
  }
  if (model.kind === 'serverless') {
    const provider = valueOf(model.document.root, 'provider');
    for (const entry of mapEntries(nodeAt(provider, ['httpApi', 'authorizers']))) {
      const functionName = model.resolver.resolveString(valueOf(entry.value, 'functionName'));
      if (functionName) push(functionName, String(entry.key.value), entry.key.range);
    }
    for (const fn of model.functions) {
      for (const item of seqItems(model.resolver.deref(valueOf(fn.declaration, 'events')).node)) {
        const event = model.resolver.deref(item).node;
        const value = model.resolver.deref(valueOf(event, 'http') ?? valueOf(event, 'websocket')).node;
        const authorizer = isMap(value) ? entryOf(value, 'authorizer') : undefined;
        if (!authorizer) continue;
        // A name of a function in this service (not `aws_iam`, not an ARN): `authorizer: auth` or `{ name: auth }` without `arn`.
        const named = isMap(authorizer.value) ? (valueOf(authorizer.value, 'arn') === undefined ? model.resolver.resolveString(valueOf(authorizer.value, 'name')) : undefined) : model.resolver.resolveString(authorizer.value);
        if (named && named.toLowerCase() !== 'aws_iam' && !named.startsWith('arn:')) push(named, named, authorizer.key.range);
      }
    }
  }
  return found;
}

/** `!Ref Fn`, `!GetAtt Fn.Arn`, `!Sub ${Fn.Arn}`, a name, or the last part of a function ARN. */
function functionReference(node: SourceNode | null | undefined): string | undefined {
  const logicalId = referencedLogicalId(node);
  if (logicalId) return logicalId;
  const text = scalarText(node);
  if (!text) return undefined;
  const arn = /:function:([^:]+)/.exec(text);
  return arn ? arn[1] : text;
}

function endpointTrigger(model: AppModel, endpoint: Endpoint, templatePath: string): Omit<HandlerTrigger, 'location'> & { range: TextRange } {
  const kind: TriggerKind = endpoint.kind === 'url' ? 'function-url' : endpoint.kind === 'alb' ? 'alb' : endpoint.kind === 'http' ? 'api-http' : 'api-rest';
  const description = endpoint.kind === 'url' ? 'the function URL' : endpoint.kind === 'alb' ? `ALB ${endpoint.method} ${endpoint.path}` : `${endpoint.method} ${endpoint.path}`;
  // An internal ALB, like a PRIVATE API, is still reached by every caller in its VPC: the trigger keeps the route's auth and says where it is.
  // An ALB route on another stack's listener keeps its auth too (as before the model read ALBs): the handler code is judged as reachable.
  const network = !endpoint.isPrivateNetwork ? '' : endpoint.kind === 'alb' ? ' (internal load balancer)' : ' (private API)';
  const edgeValidation = edgeValidationOf(model, endpoint);
  const bodyModel = edgeValidation ? edgeBodyModelOf(model, endpoint) : undefined;
  return {
    kind,
    description: `${description}${network}`,
    auth: endpoint.auth.type,
    ...(endpoint.auth.authorizer ? { authorizer: endpoint.auth.authorizer } : {}),
    ...(endpoint.auth.apiKeyRequired ? { apiKeyRequired: true } : {}),
    ...(edgeValidation !== undefined ? { edgeValidation } : {}),
    ...(bodyModel ? { edgeBodyModel: { name: bodyModel.name, contentTypes: bodyModel.contentTypes, schema: bodyModel.schema, location: { path: templatePath, range: bodyModel.node.range } } } : {}),
    method: endpoint.method,
    path: endpoint.path,
    range: endpoint.range,
  };
}

/** A short readable name for a queue, topic, bucket or stream: the logical id it references, or the end of its ARN. */
function sourceName(model: AppModel, node: SourceNode | null | undefined): string {
  const logicalId = referencedLogicalId(node);
  if (logicalId) return logicalId;
  const text = model.resolver.resolveString(node) ?? scalarText(node);
  if (!text) return '?';
  return text.split(/[:/]/).filter(Boolean).pop() ?? text;
}

type TriggerDraft = Omit<HandlerTrigger, 'location'> & { range: TextRange };

/** The kind of a stream from its `type`, its ARN text, or the resource it references. */
function streamKind(model: AppModel, typeText: string | undefined, arnNode: SourceNode | null | undefined): TriggerKind {
  if (typeText === 'dynamodb') return 'dynamodb-stream';
  if (typeText === 'kinesis') return 'kinesis';
  const text = model.resolver.resolveString(arnNode) ?? scalarText(arnNode) ?? JSON.stringify(plainValueOf(arnNode)) ?? '';
  if (/StreamArn|:dynamodb:|\/stream\//.test(text)) return 'dynamodb-stream';
  if (/:kinesis:/.test(text)) return 'kinesis';
  const resource = model.resources.find((candidate) => candidate.logicalId === referencedLogicalId(arnNode));
  if (resource?.type === 'AWS::DynamoDB::Table' || resource?.type === 'AWS::DynamoDB::GlobalTable') return 'dynamodb-stream';
  if (resource?.type === 'AWS::Kinesis::Stream') return 'kinesis';
  return 'unknown';
}

// ---------------------------------------------------------------------------
// Serverless `events`
// ---------------------------------------------------------------------------

const SERVERLESS_AWS_SIDE: Record<string, string> = {
  alexaSkill: 'Alexa skill',
  alexaSmartHome: 'Alexa Smart Home skill',
  iot: 'IoT rule',
  iotFleetProvisioning: 'IoT fleet provisioning',
  cloudwatchLog: 'CloudWatch Logs subscription',
  kafka: 'Kafka topic',
  msk: 'MSK topic',
  activemq: 'Amazon MQ (ActiveMQ) queue',
  rabbitmq: 'Amazon MQ (RabbitMQ) queue',
};

function serverlessEventTriggers(model: AppModel, fn: LambdaFunction): TriggerDraft[] {
  const drafts: TriggerDraft[] = [];
  const events = model.resolver.deref(valueOf(fn.declaration, 'events'));
  if (events.isForeign) return drafts;
  for (const item of seqItems(events.node)) {
    const event = model.resolver.deref(item);
    if (event.isForeign) continue;
    // `- alexaSkill` written bare, with no settings.
    const entries = isScalar(event.node) ? [{ key: event.node, value: null, range: event.node.range }] : isMap(event.node) ? event.node.entries : [];
    for (const entry of entries) {
      const type = String(entry.key.value);
      const value = model.resolver.deref(entry.value).node;
      const range = entry.key.range;
      switch (type) {
        case 'http':
        case 'httpApi':
          break; // from the model's endpoints
        case 'websocket':
          drafts.push(websocketTrigger(model, fn, value, range));
          break;
        case 's3': {
          const bucket = isMap(value) ? valueOf(value, 'bucket') : value;
          const on = isMap(value) ? model.resolver.resolveString(valueOf(value, 'event')) : undefined;
          drafts.push({ kind: 's3', description: `S3 bucket ${sourceName(model, bucket)}${on ? ` (${on})` : ''}`, range });
          break;
        }
        case 'sqs':
          drafts.push({ kind: 'sqs', description: `SQS queue ${sourceName(model, isMap(value) ? valueOf(value, 'arn') : value)}`, range });
          break;
        case 'sns': {
          const topic = isMap(value) ? (valueOf(value, 'arn') ?? valueOf(value, 'topicName')) : value;
          drafts.push({ kind: 'sns', description: `SNS topic ${sourceName(model, topic)}`, range });
          break;
        }
        case 'stream': {
          const arn = isMap(value) ? valueOf(value, 'arn') : value;
          const kind = streamKind(model, isMap(value) ? model.resolver.resolveString(valueOf(value, 'type'))?.toLowerCase() : undefined, arn);
          const label = kind === 'dynamodb-stream' ? 'DynamoDB stream' : kind === 'kinesis' ? 'Kinesis stream' : 'stream';
          drafts.push({ kind, description: `${label} ${sourceName(model, arn)}`, range });
          break;
        }
        case 'eventBridge':
        case 'cloudwatchEvent': {
          const schedule = isMap(value) ? model.resolver.resolveString(valueOf(value, 'schedule')) : undefined;
          drafts.push(schedule ? { kind: 'schedule', description: `schedule ${schedule}`, range } : { kind: 'eventbridge', description: 'EventBridge rule', range });
          break;
        }
        case 'schedule': {
          const rate = isMap(value) ? valueOf(value, 'rate') : value;
          const text = model.resolver.resolveString(isSeq(rate) ? rate.items[0] : rate);
          drafts.push({ kind: 'schedule', description: `schedule ${text ?? '?'}`, range });
          break;
        }
        case 'cognitoUserPool': {
          const trigger = isMap(value) ? model.resolver.resolveString(valueOf(value, 'trigger')) : undefined;
          const pool = isMap(value) ? model.resolver.resolveString(valueOf(value, 'pool')) : undefined;
          drafts.push({ kind: 'cognito', description: `Cognito user pool ${pool ?? '?'}${trigger ? ` (${trigger})` : ''}`, range });
          break;
        }
        case 'alb':
          break; // from the model's endpoints (`model/alb.ts`), one trigger per event
        default:
          if (SERVERLESS_AWS_SIDE[type]) drafts.push({ kind: 'unknown', description: SERVERLESS_AWS_SIDE[type], range });
          else drafts.push({ kind: 'unknown', description: `${type} event`, auth: 'unknown', range });
      }
    }
  }
  return drafts;
}

/**
 * API Gateway authorises a WebSocket connection only on `$connect`; the other routes run on a
 * connection that was, so they carry the `$connect` route's auth.
 */
function websocketTrigger(model: AppModel, fn: LambdaFunction, value: SourceNode | null | undefined, range: TextRange): TriggerDraft {
  const route = (isMap(value) ? model.resolver.resolveString(valueOf(value, 'route')) : model.resolver.resolveString(value)) ?? '?';
  const ownAuthorizer = isMap(value) ? valueOf(value, 'authorizer') : undefined;
  let auth: AuthType = ownAuthorizer ? 'lambda' : 'none';
  let authorizer = ownAuthorizer ? (model.resolver.resolveString(isMap(ownAuthorizer) ? valueOf(ownAuthorizer, 'name') : ownAuthorizer) ?? undefined) : undefined;
  if (route !== '$connect') {
    const connect = connectRouteAuthorizer(model);
    auth = connect === undefined ? 'unknown' : connect === null ? 'none' : 'lambda';
    authorizer = connect ?? undefined;
  }
  void fn;
  return { kind: 'websocket', description: `WebSocket route ${route}`, auth, ...(authorizer ? { authorizer } : {}), edgeValidation: false, path: route, range };
}

const connectAuthorizers = new WeakMap<AppModel, { value: string | null | undefined }>();

/** The `$connect` route's authorizer in this service: a name, null when it has none, undefined when no `$connect` route is declared here. Read once per model. */
function connectRouteAuthorizer(model: AppModel): string | null | undefined {
  let memo = connectAuthorizers.get(model);
  if (!memo) connectAuthorizers.set(model, (memo = { value: findConnectRouteAuthorizer(model) }));
  return memo.value;
}

function findConnectRouteAuthorizer(model: AppModel): string | null | undefined {
  for (const fn of model.functions) {
    for (const item of seqItems(model.resolver.deref(valueOf(fn.declaration, 'events')).node)) {
      const value = model.resolver.deref(valueOf(model.resolver.deref(item).node, 'websocket')).node;
      const route = isMap(value) ? model.resolver.resolveString(valueOf(value, 'route')) : model.resolver.resolveString(value);
      if (route !== '$connect') continue;
      const authorizer = isMap(value) ? valueOf(value, 'authorizer') : undefined;
      if (!authorizer) return null;
      return model.resolver.resolveString(isMap(authorizer) ? valueOf(authorizer, 'name') : authorizer) ?? 'authorizer';
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// SAM `Events`
// ---------------------------------------------------------------------------

const SAM_AWS_SIDE: Record<string, string> = {
  CloudWatchLogs: 'CloudWatch Logs subscription',
  IoTRule: 'IoT rule',
  AlexaSkill: 'Alexa skill',
  MSK: 'MSK topic',
  MQ: 'Amazon MQ queue',
  SelfManagedKafka: 'Kafka topic',
  DocumentDB: 'DocumentDB change stream',
};

function samEventTriggers(model: AppModel, fn: LambdaFunction): TriggerDraft[] {
  const drafts: TriggerDraft[] = [];
  for (const event of mapEntries(nodeAt(fn.declaration, ['Properties', 'Events']))) {
    if (!isMap(event.value)) continue;
    const type = scalarText(valueOf(event.value, 'Type'));
    const properties = valueOf(event.value, 'Properties');
    const range = event.key.range;
    switch (type) {
      case 'Api':
      case 'HttpApi':
        break; // from the model's endpoints
      case 'S3':
        drafts.push({ kind: 's3', description: `S3 bucket ${sourceName(model, valueOf(properties, 'Bucket'))}`, range });
        break;
      case 'SQS':
        drafts.push({ kind: 'sqs', description: `SQS queue ${sourceName(model, valueOf(properties, 'Queue'))}`, range });
        break;
      case 'SNS':
        drafts.push({ kind: 'sns', description: `SNS topic ${sourceName(model, valueOf(properties, 'Topic'))}`, range });
        break;
      case 'Kinesis':
        drafts.push({ kind: 'kinesis', description: `Kinesis stream ${sourceName(model, valueOf(properties, 'Stream'))}`, range });
        break;
      case 'DynamoDB':
        drafts.push({ kind: 'dynamodb-stream', description: `DynamoDB stream ${sourceName(model, valueOf(properties, 'Stream'))}`, range });
        break;
      case 'EventBridgeRule':
      case 'CloudWatchEvent':
        drafts.push({ kind: 'eventbridge', description: `EventBridge rule ${String(event.key.value)}`, range });
        break;
      case 'Schedule':
      case 'ScheduleV2':
        drafts.push({ kind: 'schedule', description: `schedule ${model.resolver.resolveString(valueOf(properties, type === 'Schedule' ? 'Schedule' : 'ScheduleExpression')) ?? '?'}`, range });
        break;
      case 'Cognito':
        drafts.push({ kind: 'cognito', description: `Cognito user pool ${sourceName(model, valueOf(properties, 'UserPool'))}${scalarText(valueOf(properties, 'Trigger')) ? ` (${scalarText(valueOf(properties, 'Trigger'))})` : ''}`, range });
        break;
      default:
        if (type && SAM_AWS_SIDE[type]) drafts.push({ kind: 'unknown', description: SAM_AWS_SIDE[type], range });
        else drafts.push({ kind: 'unknown', description: `${type ?? '?'} event`, auth: 'unknown', range });
    }
  }
  return drafts;
}

// ---------------------------------------------------------------------------
// CloudFormation resources that invoke a function
// ---------------------------------------------------------------------------

function resourceTriggers(model: AppModel, resource: CfnResource, byId: Map<string, CfnResource>): Array<[string, TriggerDraft]> {
  const properties = resource.properties;
  const range = resource.keyRange;
  const found: Array<[string, TriggerDraft]> = [];
  const push = (node: SourceNode | null | undefined, draft: TriggerDraft) => {
    const reference = functionReference(node);
    if (reference) found.push([reference, draft]);
  };
  switch (resource.type) {
    case 'AWS::Lambda::EventSourceMapping': {
      const arn = valueOf(properties, 'EventSourceArn');
      const source = byId.get(referencedLogicalId(arn) ?? '');
      const text = model.resolver.resolveString(arn) ?? scalarText(arn) ?? '';
      let kind: TriggerKind = streamKind(model, undefined, arn);
      if (source?.type === 'AWS::SQS::Queue' || /:sqs:/.test(text)) kind = 'sqs';
      const label = kind === 'sqs' ? 'SQS queue' : kind === 'dynamodb-stream' ? 'DynamoDB stream' : kind === 'kinesis' ? 'Kinesis stream' : 'event source';
      push(valueOf(properties, 'FunctionName'), { kind, description: `${label} ${sourceName(model, arn)}`, range });
      break;
    }
    case 'AWS::S3::Bucket':
      for (const configuration of seqItems(nodeAt(properties, ['NotificationConfiguration', 'LambdaConfigurations']))) {
        push(valueOf(configuration, 'Function'), { kind: 's3', description: `S3 bucket ${resource.logicalId}`, range });
      }
      break;
    case 'AWS::SNS::Subscription':
      if (model.resolver.resolveString(valueOf(properties, 'Protocol'))?.toLowerCase() === 'lambda') {
        push(valueOf(properties, 'Endpoint'), { kind: 'sns', description: `SNS topic ${sourceName(model, valueOf(properties, 'TopicArn'))}`, range });
      }
      break;
    case 'AWS::SNS::Topic':
      for (const subscription of seqItems(valueOf(properties, 'Subscription'))) {
        if (model.resolver.resolveString(valueOf(subscription, 'Protocol'))?.toLowerCase() === 'lambda') push(valueOf(subscription, 'Endpoint'), { kind: 'sns', description: `SNS topic ${resource.logicalId}`, range });
      }
      break;
    case 'AWS::Events::Rule': {
      const schedule = model.resolver.resolveString(valueOf(properties, 'ScheduleExpression'));
      for (const target of seqItems(valueOf(properties, 'Targets'))) {
        push(valueOf(target, 'Arn'), schedule ? { kind: 'schedule', description: `schedule ${schedule}`, range } : { kind: 'eventbridge', description: `EventBridge rule ${resource.logicalId}`, range });
      }
      break;
    }
    case 'AWS::AppSync::DataSource':
      // A Lambda data source: AppSync invokes the function with each resolver's `arguments`, `source` and `identity`.
      if (model.resolver.resolveString(valueOf(properties, 'Type'))?.toUpperCase() === 'AWS_LAMBDA') {
        const name = model.resolver.resolveString(valueOf(properties, 'Name')) ?? resource.logicalId;
        push(nodeAt(properties, ['LambdaConfig', 'LambdaFunctionArn']), { kind: 'appsync', description: `AppSync data source ${name}`, auth: 'unknown', range });
      }
      break;
    case 'AWS::Scheduler::Schedule':
      push(nodeAt(properties, ['Target', 'Arn']), { kind: 'schedule', description: `schedule ${model.resolver.resolveString(valueOf(properties, 'ScheduleExpression')) ?? resource.logicalId}`, range });
      break;
    case 'AWS::Cognito::UserPool':
      for (const entry of mapEntries(valueOf(properties, 'LambdaConfig'))) {
        push(entry.value, { kind: 'cognito', description: `Cognito user pool ${resource.logicalId} (${String(entry.key.value)})`, range: entry.key.range });
      }
      break;
    case 'AWS::ElasticLoadBalancingV2::TargetGroup':
      if (model.resolver.resolveString(valueOf(properties, 'TargetType'))?.toLowerCase() === 'lambda') {
        // A listener rule or listener of this template that forwards here made an endpoint of the model, and its trigger;
        // a target group no listener here forwards to (another stack's listener) is still a trigger, of unknown auth.
        if (model.endpoints.some((endpoint) => endpoint.kind === 'alb' && endpoint.targetGroup === resource.logicalId)) break;
        const auth = albTargetGroupAuth(model, resource.logicalId);
        for (const target of seqItems(valueOf(properties, 'Targets'))) push(valueOf(target, 'Id'), { kind: 'alb', description: `ALB target group ${resource.logicalId}`, auth, edgeValidation: false, range });
      }
      break;
    case 'AWS::ApiGatewayV2::Api':
      // Quick create: `Target` makes a `$default` route with no authorizer, and its integration.
      if (valueOf(properties, 'Target') !== undefined && !isWebSocketApi(model, resource)) {
        for (const reference of referencesIn(valueOf(properties, 'Target'))) found.push([reference, { kind: 'api-http', description: `$default route of HTTP API ${resource.logicalId} (quick create)`, auth: 'none', edgeValidation: false, method: 'ANY', path: '$default', range }]);
        const target = scalarText(valueOf(properties, 'Target'));
        const arn = target ? /:function:([^:/]+)/.exec(target) : null;
        if (arn) found.push([arn[1], { kind: 'api-http', description: `$default route of HTTP API ${resource.logicalId} (quick create)`, auth: 'none', edgeValidation: false, method: 'ANY', path: '$default', range }]);
      }
      break;
    default:
      if (resource.type === 'AWS::CloudFormation::CustomResource' || resource.type.startsWith('Custom::')) {
        push(valueOf(properties, 'ServiceToken'), { kind: 'custom-resource', description: `custom resource ${resource.logicalId}`, range });
      }
  }
  return found;
}

const listenerAuths = new WeakMap<AppModel, Map<string, AuthType[]>>();

/** For each target group a listener or listener rule forwards to: the auth of each such action list. Read once per model. */
function albListenerAuths(model: AppModel): Map<string, AuthType[]> {
  let byTargetGroup = listenerAuths.get(model);
  if (byTargetGroup) return byTargetGroup;
  byTargetGroup = new Map();
  listenerAuths.set(model, byTargetGroup);
  for (const resource of model.resources) {
    const actions = resource.type === 'AWS::ElasticLoadBalancingV2::Listener' ? valueOf(resource.properties, 'DefaultActions') : resource.type === 'AWS::ElasticLoadBalancingV2::ListenerRule' ? valueOf(resource.properties, 'Actions') : undefined;
    const items = seqItems(actions);
    if (items.length === 0) continue;
    const kind = albActionsAuth(model, items);
    for (const targetGroup of new Set(items.flatMap((action) => referencesIn(action)))) {
      const list = byTargetGroup.get(targetGroup) ?? [];
      list.push(kind);
      byTargetGroup.set(targetGroup, list);
    }
  }
  return byTargetGroup;
}

/**
 * The auth in front of an ALB target group: each listener (default actions) or listener rule that
 * forwards to it either authenticates first (`authenticate-cognito`, `authenticate-oidc`) or not.
 * Unknown when no listener in this template forwards to it.
 */
function albTargetGroupAuth(model: AppModel, targetGroup: string): AuthType {
  const kinds = albListenerAuths(model).get(targetGroup) ?? [];
  if (kinds.length === 0) return 'unknown';
  if (kinds.includes('none')) return 'none';
  return kinds.every((kind) => kind === kinds[0]) ? kinds[0] : kinds.includes('unknown') ? 'unknown' : kinds[0];
}

/** An `AWS::Lambda::Permission`: who may invoke. A principal that is not an AWS service (`*`, an account) makes exposure unknown. */
function permissionTrigger(model: AppModel, permission: CfnResource, byId: Map<string, CfnResource>): TriggerDraft | undefined {
  const properties = permission.properties;
  // A function URL's permission: the URL itself is the trigger, from the model's endpoints.
  if (valueOf(properties, 'FunctionUrlAuthType') !== undefined) return undefined;
  const principal = model.resolver.resolveString(valueOf(properties, 'Principal'));
  const range = permission.keyRange;
  const sourceArn = valueOf(properties, 'SourceArn');
  switch (principal) {
    case 'apigateway.amazonaws.com':
      return { kind: 'unknown', description: `API Gateway (permission ${permission.logicalId}; the route is not in this template)`, auth: 'unknown', range };
    case 's3.amazonaws.com':
      return { kind: 's3', description: `S3 bucket ${sourceName(model, sourceArn)}`, range };
    case 'sns.amazonaws.com':
      return { kind: 'sns', description: `SNS topic ${sourceName(model, sourceArn)}`, range };
    case 'events.amazonaws.com': {
      const rule = byId.get(referencedLogicalId(sourceArn) ?? '');
      const schedule = model.resolver.resolveString(valueOf(rule?.properties, 'ScheduleExpression'));
      return schedule ? { kind: 'schedule', description: `schedule ${schedule}`, range } : { kind: 'eventbridge', description: `EventBridge rule ${sourceName(model, sourceArn)}`, range };
    }
    case 'scheduler.amazonaws.com':
      return { kind: 'schedule', description: `EventBridge Scheduler (permission ${permission.logicalId})`, range };
    case 'cognito-idp.amazonaws.com':
      return { kind: 'cognito', description: `Cognito user pool ${sourceName(model, sourceArn)}`, range };
    case 'elasticloadbalancing.amazonaws.com':
      return { kind: 'alb', description: `ALB (permission ${permission.logicalId})`, auth: 'unknown', edgeValidation: false, range };
    case 'edgelambda.amazonaws.com':
      return { kind: 'cloudfront', description: 'CloudFront (Lambda@Edge)', auth: 'unknown', range };
    case 'appsync.amazonaws.com':
      return { kind: 'appsync', description: 'AppSync resolver', auth: 'unknown', range };
    case undefined:
      return { kind: 'unknown', description: `permission ${permission.logicalId} (principal unknown)`, auth: 'unknown', range };
    default:
      if (/\.amazonaws\.com$|\.amazon\.com$/.test(principal)) return { kind: 'unknown', description: `${principal.split('.')[0]} (permission ${permission.logicalId})`, range };
      return { kind: 'unknown', description: `principal ${principal} (permission ${permission.logicalId})`, auth: 'unknown', range };
  }
}

// ---------------------------------------------------------------------------
// Exposure
// ---------------------------------------------------------------------------

const AUTH_WORDS: Record<AuthType, string> = {
  none: 'no auth',
  iam: 'IAM auth',
  cognito: 'the Cognito authorizer',
  jwt: 'the JWT authorizer',
  lambda: 'the Lambda authorizer',
  unknown: 'an auth that cannot be decided',
};

const KIND_WORDS: Partial<Record<TriggerKind, string>> = {
  s3: 'S3',
  sqs: 'SQS',
  sns: 'SNS',
  eventbridge: 'EventBridge',
  kinesis: 'Kinesis',
  'dynamodb-stream': 'a DynamoDB stream',
  cognito: 'Cognito',
  schedule: 'a schedule',
  'custom-resource': 'CloudFormation (a custom resource)',
  's3-object-lambda': 'S3 Object Lambda',
};

/** How reachable a function is from its triggers, and a short reason for messages. */
export function exposureOf(triggers: readonly HandlerTrigger[]): { exposure: Exposure; exposureReason: string } {
  const http = triggers.filter(isHttpTrigger);
  if (http.length > 0) {
    // A route that asks only for an API key is still public: the key identifies a client for a usage plan and is shipped in
    // that client's code. The reason says so, so that a reader does not take `private: true` for auth.
    const open = http.find((trigger) => trigger.auth === 'none' && !trigger.apiKeyRequired) ?? http.find((trigger) => trigger.auth === 'none');
    if (open) return { exposure: 'public', exposureReason: open.apiKeyRequired ? `${open.description} asks only for an API key` : `${open.description} is public` };
    const undecided = http.find((trigger) => !trigger.auth || trigger.auth === 'unknown');
    if (undecided) return { exposure: 'unknown', exposureReason: `the auth of ${undecided.description} cannot be decided from the template` };
    if (http.length === 1) return { exposure: 'authenticated', exposureReason: `${http[0].description} is behind ${authPhrase(http[0])}` };
    const phrases = [...new Set(http.map(authPhrase))];
    return { exposure: 'authenticated', exposureReason: phrases.length === 1 ? `its ${http.length} HTTP triggers are behind ${phrases[0]}` : `every HTTP trigger requires auth (${phrases.join(', ')})` };
  }
  if (triggers.length === 0) return { exposure: 'unknown', exposureReason: 'no trigger is declared in the template' };
  const sources = [...new Set(triggers.map((trigger) => KIND_WORDS[trigger.kind] ?? trigger.description))];
  return { exposure: 'internal', exposureReason: `invoked by ${joinWords(sources)} only` };
}

function authPhrase(trigger: HandlerTrigger): string {
  const words = AUTH_WORDS[trigger.auth ?? 'unknown'];
  return trigger.authorizer && trigger.auth !== 'iam' ? `${words} ${trigger.authorizer}` : words;
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

