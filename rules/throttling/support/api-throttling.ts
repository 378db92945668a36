/**
 * Finds the APIs a document deploys (REST, HTTP and WebSocket; explicit,
 * SAM-implicit and Serverless-generated) and whether any stage setting or
 * usage plan throttles them. The model has no API or stage entity yet, so this
 * reads the raw resources and the document root. Read-only; nothing reports.
 */
import { referencedLogicalId } from '../../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import { entryOf, isMap, isSeq, mapEntries, nodeAt, oneOrMany, scalarText, valueOf } from '../../../server/src/engine/parse/tree';
import type { SourceNode, TextRange } from '../../../server/src/engine/types';

export interface UnthrottledApi {
  /** How the message names the API. */
  label: string;
  protocol: 'REST' | 'HTTP' | 'WebSocket';
  /** What to set, in the document's own terms. */
  remedy: string;
  range: TextRange;
  resource: string;
  /** A Serverless `httpApi`: the framework has no setting for it. */
  isServerlessHttpApi?: boolean;
}

const THROTTLING_KEYS = new Set(['ThrottlingRateLimit', 'ThrottlingBurstLimit']);

/** True when a key that sets throttling appears anywhere under the node (both branches of an `Fn::If` count). */
export function hasThrottlingKey(node: SourceNode | null | undefined, keys: ReadonlySet<string> = THROTTLING_KEYS, depth = 0): boolean {
  if (!node || depth > 12) return false;
  if (isMap(node)) return node.entries.some((entry) => keys.has(String(entry.key.value)) || hasThrottlingKey(entry.value, keys, depth + 1));
  if (isSeq(node)) return node.items.some((item) => hasThrottlingKey(item, keys, depth + 1));
  return false;
}

function refersTo(node: SourceNode | null | undefined, logicalIds: ReadonlySet<string>): boolean {
  const id = referencedLogicalId(node);
  return id !== undefined && logicalIds.has(id);
}

/** An `AWS::ApiGateway::UsagePlan` that throttles one of these APIs (plan-wide `Throttle` or per-stage `Throttle`). */
function hasThrottlingUsagePlan(model: AppModel, apiIds: ReadonlySet<string>): boolean {
  return model.resources.some((resource) => {
    if (resource.type !== 'AWS::ApiGateway::UsagePlan') return false;
    const stages = seqOrOne(valueOf(resource.properties, 'ApiStages')).filter((stage) => refersTo(valueOf(stage, 'ApiId'), apiIds));
    if (stages.length === 0) return false;
    return valueOf(resource.properties, 'Throttle') !== undefined || stages.some((stage) => valueOf(stage, 'Throttle') !== undefined);
  });
}

/**
 * A WAF web ACL with a rate-based rule, associated with a stage of one of
 * these REST APIs: it limits each client's request rate, which answers the
 * same flood that stage throttling does (WAF cannot front HTTP APIs).
 */
function hasRateBasedWaf(model: AppModel, apiIds: ReadonlySet<string>): boolean {
  return model.resources.some((association) => {
    if (association.type !== 'AWS::WAFv2::WebACLAssociation') return false;
    const arn = valueOf(association.properties, 'ResourceArn');
    const sub = valueOf(arn, 'Fn::Sub');
    const template = scalarText(isSeq(sub) ? sub.items[0] : sub) ?? '';
    const isForApi = refersTo(arn, apiIds) || [...apiIds].some((id) => template.includes('${' + id + '}') || template.includes('${' + id + '.'));
    if (!isForApi) return false;
    const acl = model.resources.find((resource) => resource.logicalId === referencedLogicalId(valueOf(association.properties, 'WebACLArn')));
    return !!acl && hasThrottlingKey(valueOf(acl.properties, 'Rules'), new Set(['RateBasedStatement']));
  });
}

function seqOrOne(node: SourceNode | null | undefined): SourceNode[] {
  return oneOrMany(node);
}

/** Every API of the document that no stage setting or usage plan throttles. APIs whose stages live elsewhere are left out. */
export function unthrottledApis(model: AppModel): UnthrottledApi[] {
  const found: UnthrottledApi[] = [];
  const byType = (type: string) => model.resources.filter((resource) => resource.type === type);
  const root = model.document.root;

  for (const api of byType('AWS::ApiGateway::RestApi')) {
    const ids = new Set([api.logicalId]);
    const stages = byType('AWS::ApiGateway::Stage').filter((stage) => refersTo(valueOf(stage.properties, 'RestApiId'), ids));
    const deployments = byType('AWS::ApiGateway::Deployment').filter((deployment) => refersTo(valueOf(deployment.properties, 'RestApiId'), ids));
    // Without a stage in this template the API is deployed elsewhere (or not at all): its settings are unknown here.
    const deploysStage = stages.length > 0 || deployments.some((deployment) => valueOf(deployment.properties, 'StageName') !== undefined);
    if (!deploysStage) continue;
    const isThrottled =
      stages.some((stage) => hasThrottlingKey(valueOf(stage.properties, 'MethodSettings'))) ||
      deployments.some((deployment) => hasThrottlingKey(valueOf(deployment.properties, 'StageDescription'))) ||
      hasThrottlingUsagePlan(model, ids) ||
      hasRateBasedWaf(model, ids);
    if (!isThrottled) found.push(restApiFinding(api, 'set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in the stage\'s `MethodSettings` (`ResourcePath: /*`, `HttpMethod: \'*\'`), or attach a usage plan with `Throttle`'));
  }

  for (const api of byType('AWS::ApiGatewayV2::Api')) {
    const protocol = scalarText(valueOf(api.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET' ? 'WebSocket' : 'HTTP';
    const ids = new Set([api.logicalId]);
    const stages = byType('AWS::ApiGatewayV2::Stage').filter((stage) => refersTo(valueOf(stage.properties, 'ApiId'), ids));
    const overrides = byType('AWS::ApiGatewayV2::ApiGatewayManagedOverrides').filter((override) => refersTo(valueOf(override.properties, 'ApiId'), ids));
    // Quick create (`Target`) makes a `$default` stage without throttling; otherwise the stage must be in this template.
    const isQuickCreate = valueOf(api.properties, 'Target') !== undefined;
    if (stages.length === 0 && !isQuickCreate) continue;
    const isThrottled =
      stages.some((stage) => hasThrottlingKey(valueOf(stage.properties, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(stage.properties, 'RouteSettings'))) ||
      overrides.some((override) => hasThrottlingKey(valueOf(override.properties, 'Stage')));
    if (!isThrottled) {
      found.push({
        label: `${protocol} API ${api.logicalId}`,
        protocol,
        remedy: isQuickCreate && stages.length === 0
          ? 'quick create makes a `$default` stage without throttling: set it with `AWS::ApiGatewayV2::ApiGatewayManagedOverrides` (`Stage.DefaultRouteSettings`), or declare the stage'
          : 'set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in the stage\'s `DefaultRouteSettings`',
        range: api.keyRange,
        resource: api.logicalId,
      });
    }
  }

  if (model.kind === 'sam') found.push(...unthrottledSamApis(model, root));
  if (model.kind === 'serverless') found.push(...unthrottledServerlessApis(model, root));
  return found;
}

function restApiFinding(api: CfnResource, remedy: string): UnthrottledApi {
  return { label: `REST API ${api.logicalId}`, protocol: 'REST', remedy, range: api.keyRange, resource: api.logicalId };
}

function samUsagePlanThrottles(model: AppModel, auth: SourceNode | null | undefined): boolean {
  const usagePlan = valueOf(auth, 'UsagePlan');
  if (!isMap(usagePlan) || valueOf(usagePlan, 'Throttle') === undefined) return false;
  return model.resolver.resolveString(valueOf(usagePlan, 'CreateUsagePlan'))?.toUpperCase() !== 'NONE';
}

function unthrottledSamApis(model: AppModel, root: SourceNode | null): UnthrottledApi[] {
  const found: UnthrottledApi[] = [];
  const globalsApi = nodeAt(root, ['Globals', 'Api']);
  const globalsHttpApi = nodeAt(root, ['Globals', 'HttpApi']);
  const globalRestThrottled = hasThrottlingKey(valueOf(globalsApi, 'MethodSettings')) || samUsagePlanThrottles(model, valueOf(globalsApi, 'Auth'));
  const globalHttpThrottled = hasThrottlingKey(valueOf(globalsHttpApi, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(globalsHttpApi, 'RouteSettings'));
  const events = samEvents(model);

  for (const api of model.resources.filter((resource) => resource.type === 'AWS::Serverless::Api')) {
    const properties = api.properties;
    const auth = entryOf(properties, 'Auth') ? valueOf(properties, 'Auth') : valueOf(globalsApi, 'Auth');
    const isThrottled =
      globalRestThrottled ||
      hasThrottlingKey(valueOf(properties, 'MethodSettings')) ||
      samUsagePlanThrottles(model, auth) ||
      hasThrottlingUsagePlan(model, new Set([api.logicalId])) ||
      hasRateBasedWaf(model, new Set([api.logicalId]));
    if (!isThrottled) found.push(restApiFinding(api, 'set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `MethodSettings` (`ResourcePath: /*`, `HttpMethod: \'*\'`), or `Auth.UsagePlan` with `Throttle`'));
  }
  for (const api of model.resources.filter((resource) => resource.type === 'AWS::Serverless::HttpApi')) {
    const properties = api.properties;
    const isThrottled =
      globalHttpThrottled ||
      hasThrottlingKey(valueOf(properties, 'DefaultRouteSettings')) ||
      hasThrottlingKey(valueOf(properties, 'RouteSettings')) ||
      events.some((event) => event.type === 'HttpApi' && referencedLogicalId(valueOf(event.properties, 'ApiId')) === api.logicalId && hasThrottlingKey(valueOf(event.properties, 'RouteSettings')));
    if (!isThrottled) found.push({ label: `HTTP API ${api.logicalId}`, protocol: 'HTTP', remedy: 'set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `DefaultRouteSettings`', range: api.keyRange, resource: api.logicalId });
  }

  // SAM's implicit APIs: ServerlessRestApi and ServerlessHttpApi, configured only through Globals.
  const implicitRest = events.find((event) => event.type === 'Api' && valueOf(event.properties, 'RestApiId') === undefined);
  if (implicitRest && !globalRestThrottled && !hasThrottlingUsagePlan(model, new Set(['ServerlessRestApi']))) {
    found.push({ label: 'The implicit REST API (ServerlessRestApi)', protocol: 'REST', remedy: 'set `MethodSettings` with `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `Globals.Api`', range: implicitRest.keyRange, resource: implicitRest.functionId });
  }
  const implicitHttp = events.filter((event) => event.type === 'HttpApi' && valueOf(event.properties, 'ApiId') === undefined);
  if (implicitHttp.length > 0 && !globalHttpThrottled && !implicitHttp.some((event) => hasThrottlingKey(valueOf(event.properties, 'RouteSettings')))) {
    found.push({ label: 'The implicit HTTP API (ServerlessHttpApi)', protocol: 'HTTP', remedy: 'set `DefaultRouteSettings` with `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `Globals.HttpApi`', range: implicitHttp[0].keyRange, resource: implicitHttp[0].functionId });
  }
  return found;
}

interface SamEvent {
  type: string | undefined;
  properties: SourceNode | null | undefined;
  keyRange: TextRange;
  functionId: string;
}

function samEvents(model: AppModel): SamEvent[] {
  return model.resources
    .filter((resource) => resource.type === 'AWS::Serverless::Function')
    .flatMap((resource) =>
      mapEntries(valueOf(resource.properties, 'Events')).map((event) => ({
        type: scalarText(valueOf(event.value, 'Type')),
        properties: valueOf(event.value, 'Properties'),
        keyRange: event.key.range,
        functionId: resource.logicalId,
      })),
    );
}

const PLUGIN_KEYS = new Set(['maxRequestsPerSecond', 'maxConcurrentRequests']);

function unthrottledServerlessApis(model: AppModel, root: SourceNode | null): UnthrottledApi[] {
  const found: UnthrottledApi[] = [];
  const provider = model.resolver.deref(valueOf(root, 'provider')).node;
  // The fix goes into `provider` (a usage plan, the plugin's settings next to it), and a route is not what is wrong: shown on
  // the `provider` key. Only without one does it fall back to the first event of the API's kind.
  const providerKeyRange = entryOf(root, 'provider')?.key.range;
  // serverless-api-gateway-throttling sets stage throttling for both API kinds.
  const pluginThrottles = hasThrottlingKey(nodeAt(root, ['custom', 'apiGatewayThrottling']), PLUGIN_KEYS);
  const firstRest = model.endpoints.find((endpoint) => endpoint.form === 'serverless-http');
  const firstHttp = model.endpoints.find((endpoint) => endpoint.form === 'serverless-httpApi');

  // `provider.apiGateway.restApiId` / `provider.httpApi.id`: the API and its stage belong to another service.
  if (firstRest && !pluginThrottles && nodeAt(provider, ['apiGateway', 'restApiId']) === undefined) {
    const declared = nodeAt(provider, ['apiGateway', 'usagePlan']) ?? valueOf(provider, 'usagePlan');
    const usagePlan = model.resolver.deref(declared);
    // A usage plan in another file, or a variable that cannot be followed, is unknown.
    const isUnknown = usagePlan.isForeign || (usagePlan.node?.kind === 'scalar' && String(usagePlan.node.value).includes('${'));
    const isThrottled = hasThrottlingKey(usagePlan.node, new Set(['throttle'])) || hasThrottlingUsagePlan(model, new Set(['ApiGatewayRestApi']));
    if (!isThrottled && !isUnknown) {
      found.push({ label: 'The REST API of this service', protocol: 'REST', remedy: 'set `provider.apiGateway.usagePlan.throttle` (`burstLimit`, `rateLimit`), or use the serverless-api-gateway-throttling plugin', range: providerKeyRange ?? firstRest.range, resource: 'provider.apiGateway' });
    }
  }
  if (firstHttp && !pluginThrottles && nodeAt(provider, ['httpApi', 'id']) === undefined) {
    const stage = nodeAt(root, ['resources', 'extensions', 'HttpApiStage', 'Properties']);
    const isThrottled = hasThrottlingKey(valueOf(stage, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(stage, 'RouteSettings'));
    if (!isThrottled) found.push({ label: 'The HTTP API of this service', protocol: 'HTTP', remedy: '', range: providerKeyRange ?? firstHttp.range, resource: 'provider.httpApi', isServerlessHttpApi: true });
  }
  return found;
}
