/**
 * Reads the APIs a document deploys (REST, HTTP and WebSocket; CloudFormation,
 * SAM explicit and implicit, the Serverless Framework provider's) and their
 * stages' settings into `model.apis`, so that a rule about a stage is written
 * once. It reads nodes and the resolver only: it reports nothing and builds no edit.
 */
import { entryOf, isMap, isScalar, isSeq, mapEntries, nodeAt, oneOrMany, scalarText, seqItems, valueOf } from '../parse/tree';
import type { Branch, Resolver } from '../resolve/resolver';
import type { MapEntry, SourceNode, TextRange } from '../types';
import { referencedLogicalId } from './cloudformation';
import type { Api, ApiStage, ApiStageCache, ApiThrottling, AppModel, CfnResource, ServerlessCachePlugin, SettingState, StageSetting } from './types';

const THROTTLING_KEYS = new Set(['ThrottlingRateLimit', 'ThrottlingBurstLimit']);
/** serverless-api-gateway-throttling's settings. */
const PLUGIN_THROTTLING_KEYS = new Set(['maxRequestsPerSecond', 'maxConcurrentRequests']);

export function addApis(model: AppModel): void {
  const apis: Api[] = [];
  const reader = new ApiReader(model);
  apis.push(...reader.cloudFormationApis());
  if (model.kind === 'sam') apis.push(...reader.samApis());
  if (model.kind === 'serverless') apis.push(...reader.serverlessApis());
  model.apis = apis;
}

/** True when a key that sets throttling appears anywhere under the node (both branches of an `Fn::If` count). */
export function hasThrottlingKey(node: SourceNode | null | undefined, keys: ReadonlySet<string> = THROTTLING_KEYS, depth = 0): boolean {
  if (!node || depth > 12) return false;
  if (isMap(node)) return node.entries.some((entry) => keys.has(String(entry.key.value)) || hasThrottlingKey(entry.value, keys, depth + 1));
  if (isSeq(node)) return node.items.some((item) => hasThrottlingKey(item, keys, depth + 1));
  return false;
}

/** The first entry under the node whose key is one of `keys` (both branches of an `Fn::If` are searched): where throttling is set. */
function firstKeyEntry(node: SourceNode | null | undefined, keys: ReadonlySet<string> = THROTTLING_KEYS, depth = 0): MapEntry | undefined {
  if (!node || depth > 12) return undefined;
  if (isMap(node)) {
    for (const entry of node.entries) {
      if (keys.has(String(entry.key.value))) return entry;
      const found = firstKeyEntry(entry.value, keys, depth + 1);
      if (found) return found;
    }
  }
  if (isSeq(node)) for (const item of node.items) {
    const found = firstKeyEntry(item, keys, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Execution logging of a REST or WebSocket stage: `LoggingLevel` of the
 * stage-wide setting (`ResourcePath: /*` and `HttpMethod: '*'`, a Deployment's
 * `StageDescription`, a V2 stage's `DefaultRouteSettings`). AWS's default is
 * OFF, so an absent level is off; `ERROR` and `INFO` are on.
 */
function executionLoggingSetting(resolver: Resolver, name: string, host: SourceNode | null | undefined): StageSetting {
  const entry = entryOf(host, 'LoggingLevel');
  const values = entry
    ? resolver.outcomes(entry.value).map((outcome) => {
        const text = outcome.state === 'known' && outcome.value !== null ? String(outcome.value).toUpperCase() : undefined;
        const state: SettingState = outcome.state === 'known' && outcome.value === null ? 'off' : text === undefined ? 'unknown' : text === 'OFF' ? 'off' : 'on';
        return { state, when: outcome.when };
      })
    : [{ state: 'off' as const, when: [] }];
  return setting(name, values, { entry, host });
}

/** The stage-wide item of a MethodSettings list (`ResourcePath: /*`, `HttpMethod: '*'`). */
function stageWideMethodSetting(settings: SourceNode | null | undefined): SourceNode | undefined {
  return oneOrMany(settings).find((item) => scalarText(valueOf(item, 'ResourcePath')) === '/*' && scalarText(valueOf(item, 'HttpMethod')) === '*');
}

/** The scalar a node resolves to, lower-cased: `'true'`, `'active'`; undefined when unknown, null when absent. */
function scalarOf(resolver: Resolver, node: SourceNode | null | undefined): string | null | undefined {
  if (node === null || node === undefined) return null;
  const resolved = resolver.resolve(node);
  if (resolved.state !== 'known') return undefined;
  return resolved.value === null ? null : String(resolved.value).toLowerCase();
}

function setting(name: string, values: StageSetting['values'], extra: Partial<StageSetting> = {}): StageSetting {
  return { name, values, isGlobal: false, ...extra };
}

/**
 * A setting whose presence turns it on (`AccessLogSetting: { DestinationArn }`):
 * absent when the entry is missing or a branch is `AWS::NoValue`, on otherwise.
 */
function presenceValues(resolver: Resolver, entry: MapEntry | undefined): StageSetting['values'] {
  if (!entry) return [{ state: 'absent', when: [] }];
  return resolver.branches(entry.value).map((branch: Branch) => ({ state: branch.node === null || branch.node === undefined ? 'absent' : 'on', when: branch.when }));
}

/** A boolean setting, read branch by branch (`Fn::If` unwrapped): absent, on (`true`), off (`false`) or unknown. */
function flagValues(resolver: Resolver, entry: MapEntry | undefined): StageSetting['values'] {
  if (!entry) return [{ state: 'absent', when: [] }];
  return resolver.branches(entry.value).map((branch) => {
    const value = scalarOf(resolver, branch.node);
    const state: SettingState = value === null ? 'absent' : value === 'false' ? 'off' : value === 'true' ? 'on' : 'unknown';
    return { state, when: branch.when };
  });
}

/** A boolean setting read through every `Fn::If` of its value and of the strings it resolves to (`resolver.outcomes`). */
function outcomeValues(resolver: Resolver, entry: MapEntry): StageSetting['values'] {
  return resolver.outcomes(entry.value).map((outcome) => {
    const text = outcome.state === 'known' ? String(outcome.value).toLowerCase() : undefined;
    const state: SettingState = outcome.state === 'known' && outcome.value === null ? 'absent' : text === 'true' ? 'on' : text === 'false' ? 'off' : 'unknown';
    return { state, when: outcome.when };
  });
}

/** The DataTraceEnabled entries of each item of a MethodSettings list. */
function methodSettingFlags(settings: SourceNode | null | undefined, key: string): MapEntry[] {
  return oneOrMany(settings)
    .map((item) => entryOf(item, key))
    .filter((flag): flag is MapEntry => flag !== undefined);
}

function refersTo(node: SourceNode | null | undefined, logicalIds: ReadonlySet<string>): boolean {
  const id = referencedLogicalId(node);
  return id !== undefined && logicalIds.has(id);
}

interface SamEvent {
  type: string | undefined;
  properties: SourceNode | null | undefined;
  entry: MapEntry;
  functionId: string;
}

class ApiReader {
  private readonly resolver: Resolver;
  private readonly root: SourceNode | null;

  constructor(private readonly model: AppModel) {
    this.resolver = model.resolver;
    this.root = model.document.root;
  }

  private byType(type: string): CfnResource[] {
    return this.model.resources.filter((resource) => resource.type === type);
  }

  // -------------------------------------------------------------------------
  // CloudFormation: AWS::ApiGateway::RestApi / Stage / Deployment, AWS::ApiGatewayV2::Api / Stage
  // -------------------------------------------------------------------------

  cloudFormationApis(): Api[] {
    const apis: Api[] = [];
    const restApis = new Map<string, Api>();
    const v2Apis = new Map<string, Api>();
    const unattached = (protocol: Api['protocol']): Api => ({ protocol, form: 'cfn', id: '', range: { start: 0, end: 0 }, isDeclaredHere: false, stages: [], throttling: { isThrottled: false } });
    const restOutside = unattached('rest');
    const v2Outside = unattached('unknown');

    for (const resource of this.byType('AWS::ApiGateway::RestApi')) {
      const api: Api = { protocol: 'rest', form: 'cfn', id: resource.logicalId, declaration: resource, range: resource.keyRange, isDeclaredHere: true, stages: [], throttling: { isThrottled: false } };
      restApis.set(resource.logicalId, api);
      apis.push(api);
    }
    for (const resource of this.byType('AWS::ApiGatewayV2::Api')) {
      const isWebSocket = scalarText(valueOf(resource.properties, 'ProtocolType'))?.toUpperCase() === 'WEBSOCKET';
      const api: Api = {
        protocol: isWebSocket ? 'websocket' : 'http',
        form: 'cfn',
        id: resource.logicalId,
        declaration: resource,
        range: resource.keyRange,
        isDeclaredHere: true,
        // Quick create (`Target`) makes a `$default` stage that this template does not declare.
        hasQuickCreateStage: valueOf(resource.properties, 'Target') !== undefined,
        stages: [],
        throttling: { isThrottled: false },
      };
      v2Apis.set(resource.logicalId, api);
      apis.push(api);
    }

    // Stages and deployments in document order, each under the API it references (or an API declared elsewhere).
    for (const resource of this.model.resources) {
      switch (resource.type) {
        case 'AWS::ApiGateway::Stage': {
          const api = restApis.get(referencedLogicalId(valueOf(resource.properties, 'RestApiId')) ?? '') ?? restOutside;
          api.stages.push(this.restStage(api, resource));
          break;
        }
        case 'AWS::ApiGateway::Deployment': {
          const api = restApis.get(referencedLogicalId(valueOf(resource.properties, 'RestApiId')) ?? '') ?? restOutside;
          const stage = this.deploymentStage(api, resource);
          if (stage) api.stages.push(stage);
          break;
        }
        case 'AWS::ApiGatewayV2::Stage': {
          const api = v2Apis.get(referencedLogicalId(valueOf(resource.properties, 'ApiId')) ?? '') ?? v2Outside;
          api.stages.push(this.v2Stage(api, resource));
          break;
        }
      }
    }
    for (const api of apis) {
      if (api.protocol === 'rest') api.throttling = this.restThrottling(api, new Set([api.id]));
      else api.throttling = this.v2Throttling(api);
    }
    for (const outside of [restOutside, v2Outside]) if (outside.stages.length > 0) apis.push(outside);
    return apis;
  }

  private restStage(api: Api, resource: CfnResource): ApiStage {
    const properties = resource.properties;
    const methodSettings = valueOf(properties, 'MethodSettings');
    const accessLogging = entryOf(properties, 'AccessLogSetting');
    const tracing = entryOf(properties, 'TracingEnabled');
    return {
      api,
      form: 'cfn-stage',
      protocol: 'rest',
      name: resource.logicalId,
      label: `REST API stage ${resource.logicalId}`,
      resource: resource.logicalId,
      declaration: resource,
      range: resource.keyRange,
      accessLogging: setting('AccessLogSetting', presenceValues(this.resolver, accessLogging), { entry: accessLogging, host: properties }),
      tracing: setting('TracingEnabled', flagValues(this.resolver, tracing), { entry: tracing, host: properties }),
      dataTrace: this.flagSettings(methodSettingFlags(methodSettings, 'DataTraceEnabled')),
      cache: { cluster: this.resolver.valuesAt(properties, ['CacheClusterEnabled']), stageWide: [], methodSettings, isFromGlobals: false },
      executionLogging: executionLoggingSetting(this.resolver, 'MethodSettings.LoggingLevel', stageWideMethodSetting(methodSettings)),
      isThrottled: hasThrottlingKey(methodSettings),
      throttlingEntry: firstKeyEntry(methodSettings),
    };
  }

  /**
   * A Deployment creates a stage only with `StageName`; its settings are in
   * `StageDescription`. Without `StageName` there is no stage, but the cache
   * and data-trace settings of a `StageDescription` are still read, as an
   * unnamed stage (`hasStageName: false`), because rules report them as written.
   */
  private deploymentStage(api: Api, resource: CfnResource): ApiStage | undefined {
    const properties = resource.properties;
    const hasStageName = !!valueOf(properties, 'StageName');
    const description = valueOf(properties, 'StageDescription');
    if (!hasStageName && description === undefined) return undefined;
    const accessLogging = entryOf(description, 'AccessLogSetting');
    const tracing = entryOf(description, 'TracingEnabled');
    const ownDataTrace = entryOf(description, 'DataTraceEnabled');
    return {
      api,
      form: 'cfn-deployment',
      protocol: 'rest',
      name: resource.logicalId,
      label: `REST API stage of deployment ${resource.logicalId}`,
      resource: resource.logicalId,
      declaration: resource,
      range: resource.keyRange,
      hasStageName,
      accessLogging: setting('StageDescription.AccessLogSetting', presenceValues(this.resolver, accessLogging), { entry: accessLogging, host: description }),
      tracing: setting('StageDescription.TracingEnabled', flagValues(this.resolver, tracing), { entry: tracing, host: description }),
      dataTrace: this.flagSettings([...(ownDataTrace ? [ownDataTrace] : []), ...methodSettingFlags(valueOf(description, 'MethodSettings'), 'DataTraceEnabled')]),
      cache: isMap(description)
        ? { cluster: this.resolver.valuesAt(description, ['CacheClusterEnabled']), stageWide: [description], methodSettings: valueOf(description, 'MethodSettings'), isFromGlobals: false }
        : undefined,
      executionLogging: executionLoggingSetting(this.resolver, 'StageDescription.LoggingLevel', description),
      isThrottled: hasThrottlingKey(description),
      throttlingEntry: firstKeyEntry(description),
    };
  }

  private v2Stage(api: Api, resource: CfnResource): ApiStage {
    const properties = resource.properties;
    const accessLogging = entryOf(properties, 'AccessLogSettings');
    const flags = [entryOf(valueOf(properties, 'DefaultRouteSettings'), 'DataTraceEnabled'), ...mapEntries(valueOf(properties, 'RouteSettings')).map((route) => entryOf(route.value, 'DataTraceEnabled'))];
    return {
      api,
      form: 'cfn-v2-stage',
      // A stage of an API declared elsewhere may be HTTP or WebSocket; it is read as its API when that is here.
      protocol: api.protocol,
      name: resource.logicalId,
      label: `API stage ${resource.logicalId}`,
      resource: resource.logicalId,
      declaration: resource,
      range: resource.keyRange,
      accessLogging: setting('AccessLogSettings', presenceValues(this.resolver, accessLogging), { entry: accessLogging, host: properties }),
      dataTrace: this.flagSettings(flags.filter((flag): flag is MapEntry => flag !== undefined)),
      // HTTP APIs have access logging only.
      executionLogging: api.protocol === 'http' ? undefined : executionLoggingSetting(this.resolver, 'DefaultRouteSettings.LoggingLevel', valueOf(properties, 'DefaultRouteSettings')),
      isThrottled: hasThrottlingKey(valueOf(properties, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(properties, 'RouteSettings')),
      throttlingEntry: firstKeyEntry(valueOf(properties, 'DefaultRouteSettings')) ?? firstKeyEntry(valueOf(properties, 'RouteSettings')),
    };
  }

  private flagSettings(entries: MapEntry[]): StageSetting[] {
    return entries.map((entry) => setting(String(entry.key.value), outcomeValues(this.resolver, entry), { entry }));
  }

  private restThrottling(api: Api, ids: ReadonlySet<string>): ApiThrottling {
    if (this.hasThrottlingUsagePlan(ids)) return { isThrottled: true, by: 'usage-plan' };
    if (this.hasRateBasedWaf(ids)) return { isThrottled: true, by: 'waf' };
    return api.stages.some((stage) => stage.isThrottled) ? { isThrottled: true, by: 'stage' } : { isThrottled: false };
  }

  private v2Throttling(api: Api): ApiThrottling {
    if (api.stages.some((stage) => stage.isThrottled)) return { isThrottled: true, by: 'stage' };
    const overrides = this.byType('AWS::ApiGatewayV2::ApiGatewayManagedOverrides').filter((override) => refersTo(valueOf(override.properties, 'ApiId'), new Set([api.id])));
    return overrides.some((override) => hasThrottlingKey(valueOf(override.properties, 'Stage'))) ? { isThrottled: true, by: 'stage' } : { isThrottled: false };
  }

  /** An `AWS::ApiGateway::UsagePlan` that throttles one of these APIs (plan-wide `Throttle` or per-stage `Throttle`). */
  private hasThrottlingUsagePlan(apiIds: ReadonlySet<string>): boolean {
    return this.model.resources.some((resource) => {
      if (resource.type !== 'AWS::ApiGateway::UsagePlan') return false;
      const stages = oneOrMany(valueOf(resource.properties, 'ApiStages')).filter((stage) => refersTo(valueOf(stage, 'ApiId'), apiIds));
      if (stages.length === 0) return false;
      return valueOf(resource.properties, 'Throttle') !== undefined || stages.some((stage) => valueOf(stage, 'Throttle') !== undefined);
    });
  }

  /**
   * A WAF web ACL with a rate-based rule, associated with a stage of one of
   * these REST APIs: it limits each client's request rate, which answers the
   * same flood that stage throttling does (WAF cannot front HTTP APIs).
   */
  private hasRateBasedWaf(apiIds: ReadonlySet<string>): boolean {
    return this.model.resources.some((association) => {
      if (association.type !== 'AWS::WAFv2::WebACLAssociation') return false;
      const arn = valueOf(association.properties, 'ResourceArn');
      const sub = valueOf(arn, 'Fn::Sub');
      const template = scalarText(isSeq(sub) ? sub.items[0] : sub) ?? '';
      const isForApi = refersTo(arn, apiIds) || [...apiIds].some((id) => template.includes('${' + id + '}') || template.includes('${' + id + '.'));
      if (!isForApi) return false;
      const acl = this.model.resources.find((resource) => resource.logicalId === referencedLogicalId(valueOf(association.properties, 'WebACLArn')));
      return !!acl && hasThrottlingKey(valueOf(acl.properties, 'Rules'), new Set(['RateBasedStatement']));
    });
  }

  // -------------------------------------------------------------------------
  // SAM: AWS::Serverless::Api / HttpApi, the implicit ServerlessRestApi / ServerlessHttpApi, Globals
  // -------------------------------------------------------------------------

  samApis(): Api[] {
    const apis: Api[] = [];
    const globalsApi = nodeAt(this.root, ['Globals', 'Api']);
    const globalsHttpApi = nodeAt(this.root, ['Globals', 'HttpApi']);
    const globalRestThrottled = hasThrottlingKey(valueOf(globalsApi, 'MethodSettings')) || this.samUsagePlanThrottles(valueOf(globalsApi, 'Auth'));
    const globalHttpThrottled = hasThrottlingKey(valueOf(globalsHttpApi, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(globalsHttpApi, 'RouteSettings'));
    const events = this.samEvents();

    for (const resource of this.model.resources) {
      if (resource.type === 'AWS::Serverless::Api') {
        const api = this.samRestApi(resource, resource.logicalId, resource.keyRange, 'sam-api');
        const auth = entryOf(resource.properties, 'Auth') ? valueOf(resource.properties, 'Auth') : valueOf(globalsApi, 'Auth');
        const ids = new Set([resource.logicalId]);
        api.throttling =
          globalRestThrottled || hasThrottlingKey(valueOf(resource.properties, 'MethodSettings')) || this.samUsagePlanThrottles(auth)
            ? { isThrottled: true, by: 'stage' }
            : this.hasThrottlingUsagePlan(ids)
              ? { isThrottled: true, by: 'usage-plan' }
              : this.hasRateBasedWaf(ids)
                ? { isThrottled: true, by: 'waf' }
                : { isThrottled: false };
        apis.push(api);
      } else if (resource.type === 'AWS::Serverless::HttpApi') {
        const api = this.samHttpApi(resource, resource.logicalId, resource.keyRange, 'sam-httpapi');
        const isThrottled =
          globalHttpThrottled ||
          hasThrottlingKey(valueOf(resource.properties, 'DefaultRouteSettings')) ||
          hasThrottlingKey(valueOf(resource.properties, 'RouteSettings')) ||
          events.some((event) => event.type === 'HttpApi' && referencedLogicalId(valueOf(event.properties, 'ApiId')) === resource.logicalId && hasThrottlingKey(valueOf(event.properties, 'RouteSettings')));
        api.throttling = isThrottled ? { isThrottled: true, by: 'stage' } : { isThrottled: false };
        apis.push(api);
      }
    }

    // SAM creates ServerlessRestApi / ServerlessHttpApi for events that name no API; only Globals configure them.
    const implicitRest = events.find((event) => event.type === 'Api' && valueOf(event.properties, 'RestApiId') === undefined);
    if (implicitRest) {
      const api = this.samRestApi(undefined, 'ServerlessRestApi', implicitRest.entry.key.range, 'sam-implicit-api');
      api.implicitEvent = { functionName: implicitRest.functionId, entry: implicitRest.entry };
      api.throttling = globalRestThrottled ? { isThrottled: true, by: 'stage' } : this.hasThrottlingUsagePlan(new Set(['ServerlessRestApi'])) ? { isThrottled: true, by: 'usage-plan' } : { isThrottled: false };
      apis.push(api);
    }
    const implicitHttp = events.filter((event) => event.type === 'HttpApi' && valueOf(event.properties, 'ApiId') === undefined);
    if (implicitHttp.length > 0) {
      const api = this.samHttpApi(undefined, 'ServerlessHttpApi', implicitHttp[0].entry.key.range, 'sam-implicit-httpapi');
      api.implicitEvent = { functionName: implicitHttp[0].functionId, entry: implicitHttp[0].entry };
      const isThrottled = globalHttpThrottled || implicitHttp.some((event) => hasThrottlingKey(valueOf(event.properties, 'RouteSettings')));
      api.throttling = isThrottled ? { isThrottled: true, by: 'stage' } : { isThrottled: false };
      apis.push(api);
    }
    return apis;
  }

  /** A property of a SAM API, falling back to `Globals.<section>` as SAM does. */
  private samProperty(resource: CfnResource | undefined, section: 'Api' | 'HttpApi', key: string): { entry?: MapEntry; isGlobal: boolean } {
    const own = entryOf(resource?.properties, key);
    if (own) return { entry: own, isGlobal: false };
    const global = entryOf(nodeAt(this.root, ['Globals', section]), key);
    return { entry: global, isGlobal: global !== undefined };
  }

  private samRestApi(resource: CfnResource | undefined, id: string, range: TextRange, form: 'sam-api' | 'sam-implicit-api'): Api {
    const api: Api = { protocol: 'rest', form: form === 'sam-api' ? 'sam' : 'sam-implicit', id, declaration: resource, range, isDeclaredHere: true, stages: [], throttling: { isThrottled: false } };
    const accessLogging = this.samProperty(resource, 'Api', 'AccessLogSetting');
    const tracing = this.samProperty(resource, 'Api', 'TracingEnabled');
    const methodSettings = this.samProperty(resource, 'Api', 'MethodSettings');
    const globals = nodeAt(this.root, ['Globals', 'Api']);
    const clusterHost = entryOf(resource?.properties, 'CacheClusterEnabled') ? resource?.properties : globals;
    const settingsHost = entryOf(resource?.properties, 'MethodSettings') ? resource?.properties : globals;
    const cache: ApiStageCache = {
      cluster: this.resolver.valuesAt(clusterHost, ['CacheClusterEnabled']),
      stageWide: [],
      methodSettings: valueOf(settingsHost, 'MethodSettings'),
      isFromGlobals: settingsHost === globals && settingsHost !== undefined,
    };
    // A Globals value is shared by every API: only the API's own properties are a place to fix one API.
    const ownHost = (isGlobal: boolean) => (resource && !isGlobal ? { host: resource.properties } : {});
    api.stages.push({
      api,
      form,
      protocol: 'rest',
      name: id,
      label: resource ? `SAM API ${id}` : `implicit SAM API (${id})`,
      resource: id,
      declaration: resource,
      range,
      accessLogging: setting(accessLogging.isGlobal || !resource ? 'Globals.Api.AccessLogSetting' : 'AccessLogSetting', presenceValues(this.resolver, accessLogging.entry), { entry: accessLogging.entry, isGlobal: accessLogging.isGlobal, ...ownHost(accessLogging.isGlobal) }),
      tracing: setting(tracing.isGlobal || !resource ? 'Globals.Api.TracingEnabled' : 'TracingEnabled', flagValues(this.resolver, tracing.entry), { entry: tracing.entry, isGlobal: tracing.isGlobal, ...ownHost(tracing.isGlobal) }),
      dataTrace: this.flagSettings(methodSettingFlags(methodSettings.entry?.value, 'DataTraceEnabled')),
      isDataTraceFromGlobals: methodSettings.isGlobal,
      cache,
      executionLogging: executionLoggingSetting(this.resolver, methodSettings.isGlobal || !resource ? 'Globals.Api.MethodSettings.LoggingLevel' : 'MethodSettings.LoggingLevel', stageWideMethodSetting(methodSettings.entry?.value)),
      isThrottled: hasThrottlingKey(methodSettings.entry?.value),
      throttlingEntry: firstKeyEntry(methodSettings.entry?.value),
    });
    return api;
  }

  private samHttpApi(resource: CfnResource | undefined, id: string, range: TextRange, form: 'sam-httpapi' | 'sam-implicit-httpapi'): Api {
    const api: Api = { protocol: 'http', form: form === 'sam-httpapi' ? 'sam' : 'sam-implicit', id, declaration: resource, range, isDeclaredHere: true, stages: [], throttling: { isThrottled: false } };
    const accessLogging = this.samProperty(resource, 'HttpApi', 'AccessLogSettings');
    api.stages.push({
      api,
      form,
      protocol: 'http',
      name: id,
      label: resource ? `SAM HTTP API ${id}` : `implicit SAM HTTP API (${id})`,
      resource: id,
      declaration: resource,
      range,
      accessLogging: setting(accessLogging.isGlobal || !resource ? 'Globals.HttpApi.AccessLogSettings' : 'AccessLogSettings', presenceValues(this.resolver, accessLogging.entry), {
        entry: accessLogging.entry,
        isGlobal: accessLogging.isGlobal,
        ...(resource && !accessLogging.isGlobal ? { host: resource.properties } : {}),
      }),
      dataTrace: [],
      isThrottled: false,
    });
    return api;
  }

  private samUsagePlanThrottles(auth: SourceNode | null | undefined): boolean {
    const usagePlan = valueOf(auth, 'UsagePlan');
    if (!isMap(usagePlan) || valueOf(usagePlan, 'Throttle') === undefined) return false;
    return this.resolver.resolveString(valueOf(usagePlan, 'CreateUsagePlan'))?.toUpperCase() !== 'NONE';
  }

  private samEvents(): SamEvent[] {
    return this.model.resources
      .filter((resource) => resource.type === 'AWS::Serverless::Function')
      .flatMap((resource) =>
        mapEntries(valueOf(resource.properties, 'Events')).map((event) => ({
          type: scalarText(valueOf(event.value, 'Type')),
          properties: valueOf(event.value, 'Properties'),
          entry: event,
          functionId: resource.logicalId,
        })),
      );
  }

  // -------------------------------------------------------------------------
  // Serverless Framework: the provider's REST, HTTP and WebSocket APIs
  // -------------------------------------------------------------------------

  /** A key under `provider` followed through whole-value variables (`logs: ${self:custom.logs}`), in this document only. */
  private providerSetting(path: string[]): { entry?: MapEntry; node: SourceNode | null | undefined } {
    const providerEntry = entryOf(this.root, 'provider');
    const provider = this.resolver.deref(providerEntry?.value);
    let current = provider.isForeign ? undefined : provider.node;
    let entry: MapEntry | undefined;
    for (const step of path) {
      entry = entryOf(current, step);
      if (!entry) return { node: undefined };
      const target = this.resolver.deref(entry.value);
      if (target.isForeign) return { entry, node: undefined };
      current = target.node;
    }
    return { entry, node: current };
  }

  /**
   * A `provider.logs.<kind>` flag: `true`, `false`, or a map whose `flag`
   * (`accessLogging`, `executionLogging`, `fullExecutionData`) defaults to
   * `defaultValue`; an unresolved variable is unknown.
   */
  private logFlag(kind: 'restApi' | 'httpApi' | 'websocket', flag: string | undefined, defaultValue: boolean): SettingState {
    const logs = this.providerSetting(['logs', kind]);
    if (!logs.entry) return 'off';
    const node = logs.node;
    if (node === undefined) return 'unknown';
    if (isScalar(node) || node === null) {
      const value = scalarOf(this.resolver, node);
      if (value === undefined) return 'unknown';
      if (value === null || value === 'false') return 'off';
      return value === 'true' ? (defaultValue ? 'on' : 'off') : 'unknown';
    }
    if (!isMap(node)) return 'unknown';
    if (flag === undefined) return 'on';
    const flagEntry = entryOf(node, flag);
    if (!flagEntry) return defaultValue ? 'on' : 'off';
    const value = scalarOf(this.resolver, flagEntry.value);
    if (value === undefined) return 'unknown';
    return value === 'true' ? 'on' : value === 'false' || value === null ? 'off' : 'unknown';
  }

  /** The first event of each kind that creates an API Gateway API (`http`, `httpApi`, `websocket`), in this document. */
  private serverlessEvents(): { http?: MapEntry; httpApi?: MapEntry; websocket?: MapEntry } {
    const found: { http?: MapEntry; httpApi?: MapEntry; websocket?: MapEntry } = {};
    for (const fn of this.model.functions) {
      for (const event of seqItems(this.resolver.deref(valueOf(fn.declaration, 'events')).node)) {
        const local = this.resolver.deref(event);
        if (local.isForeign || !isMap(local.node)) continue;
        for (const kind of ['http', 'httpApi', 'websocket'] as const) {
          const entry = entryOf(local.node, kind);
          if (entry && !found[kind]) found[kind] = entry;
        }
      }
    }
    return found;
  }

  serverlessApis(): Api[] {
    const apis: Api[] = [];
    const events = this.serverlessEvents();
    const providerEntry = entryOf(this.root, 'provider');
    const provider = this.resolver.deref(providerEntry?.value);
    const providerInfo = { entry: providerEntry, node: provider.isForeign ? undefined : provider.node };
    const logs = this.providerSetting(['logs']);
    // serverless-api-gateway-throttling sets stage throttling for both API kinds.
    const pluginThrottles = hasThrottlingKey(nodeAt(this.root, ['custom', 'apiGatewayThrottling']), PLUGIN_THROTTLING_KEYS);
    const kinds = [
      ['http', 'rest', 'restApi', 'serverless-rest', 'ApiGatewayRestApi'],
      ['httpApi', 'http', 'httpApi', 'serverless-http', 'HttpApi'],
      ['websocket', 'websocket', 'websocket', 'serverless-websocket', 'WebsocketsApi'],
    ] as const;
    for (const [eventKind, protocol, logsKey, form, id] of kinds) {
      const firstEvent = events[eventKind];
      if (!firstEvent) continue;
      // On `provider` when there is one: the fix goes there, and a route is not what is wrong.
      const range = providerEntry?.key.range ?? firstEvent.key.range;
      const api: Api = { protocol, form: 'serverless', id, range, isDeclaredHere: true, stages: [], throttling: { isThrottled: false }, provider: providerInfo, firstEvent };
      // A service that attaches to a shared API (`provider.apiGateway.restApiId`, `provider.httpApi.id`) does not own its stage.
      if (protocol === 'rest') api.isShared = this.providerSetting(['apiGateway', 'restApiId']).entry !== undefined;
      if (protocol === 'http') api.isShared = this.providerSetting(['httpApi', 'id']).entry !== undefined;
      const logsSetting = this.providerSetting(['logs', logsKey]);
      const logsExtra = { entry: logsSetting.entry, node: logsSetting.node, host: logs.node, hostEntry: logs.entry };
      // `restApi: true` and `websocket: true` turn access logging on (accessLogging defaults to true); `httpApi: true` too.
      const accessLogging = this.logFlag(logsKey, logsKey === 'httpApi' ? undefined : 'accessLogging', true);
      const stage: ApiStage = {
        api,
        form,
        protocol,
        name: id,
        label: `${protocol === 'rest' ? 'REST' : protocol === 'http' ? 'HTTP' : 'WebSocket'} API of this service`,
        resource: 'provider',
        range,
        accessLogging: setting(`provider.logs.${logsKey}`, [{ state: accessLogging, when: [] }], logsExtra),
        // `provider.logs.httpApi` has access logs only: HTTP APIs have no execution logging.
        executionLogging: protocol === 'http' ? undefined : setting(`provider.logs.${logsKey}.executionLogging`, [{ state: this.logFlag(logsKey, 'executionLogging', true), when: [] }], logsExtra),
        dataTrace: [],
        isThrottled: pluginThrottles,
      };
      if (protocol !== 'http') {
        const explicit = entryOf(logsSetting.node, 'fullExecutionData');
        stage.dataTrace = [setting(`provider.logs.${logsKey}.fullExecutionData`, [{ state: this.logFlag(logsKey, 'fullExecutionData', true), when: [] }], { ...logsExtra, entry: explicit, host: logsSetting.node, hostEntry: logsSetting.entry })];
      }
      if (protocol === 'rest') {
        const tracing = this.providerSetting(['tracing', 'apiGateway']);
        const tracingHost = this.providerSetting(['tracing']);
        stage.tracing = setting('provider.tracing.apiGateway', flagValues(this.resolver, tracing.entry), { entry: tracing.entry, host: tracingHost.entry ? tracingHost.node : undefined, hostEntry: tracingHost.entry });
        api.throttling = this.serverlessRestThrottling(providerInfo.node, pluginThrottles);
        const plugin = this.serverlessCachePlugin();
        if (plugin) stage.cache = { cluster: [], stageWide: [], isFromGlobals: false, plugin };
      }
      if (protocol === 'http') {
        const stageProperties = nodeAt(this.root, ['resources', 'extensions', 'HttpApiStage', 'Properties']);
        const isThrottled = pluginThrottles || hasThrottlingKey(valueOf(stageProperties, 'DefaultRouteSettings')) || hasThrottlingKey(valueOf(stageProperties, 'RouteSettings'));
        stage.isThrottled = isThrottled;
        stage.throttlingEntry = firstKeyEntry(valueOf(stageProperties, 'DefaultRouteSettings')) ?? firstKeyEntry(valueOf(stageProperties, 'RouteSettings'));
        api.throttling = isThrottled ? { isThrottled: true, by: pluginThrottles ? 'plugin' : 'stage' } : { isThrottled: false };
      }
      if (protocol === 'websocket') api.throttling = { isThrottled: false, isUnknown: true };
      api.stages.push(stage);
      apis.push(api);
    }
    return apis;
  }

  private serverlessRestThrottling(provider: SourceNode | null | undefined, pluginThrottles: boolean): ApiThrottling {
    if (pluginThrottles) return { isThrottled: true, by: 'plugin' };
    const declared = nodeAt(provider, ['apiGateway', 'usagePlan']) ?? valueOf(provider, 'usagePlan');
    const usagePlan = this.resolver.deref(declared);
    if (hasThrottlingKey(usagePlan.node, new Set(['throttle'])) || this.hasThrottlingUsagePlan(new Set(['ApiGatewayRestApi']))) return { isThrottled: true, by: 'usage-plan' };
    // A usage plan in another file, or a variable that cannot be followed, is unknown.
    const isUnknown = usagePlan.isForeign || (usagePlan.node?.kind === 'scalar' && String(usagePlan.node.value).includes('${'));
    return { isThrottled: false, isUnknown };
  }

  /**
   * serverless-api-gateway-caching: the stage cache is on when
   * `custom.apiGatewayCaching.enabled` is true, and an `http` event (or an
   * `additionalEndpoints` item) caches when its `caching.enabled` is true.
   * Undefined when the plugin is not listed, or its settings are elsewhere.
   */
  private serverlessCachePlugin(): ServerlessCachePlugin | undefined {
    const plugins = valueOf(this.root, 'plugins');
    const list = isMap(plugins) ? valueOf(plugins, 'modules') : plugins;
    if (!seqItems(list).some((item) => scalarText(item) === 'serverless-api-gateway-caching')) return undefined;
    const entry = entryOf(valueOf(this.root, 'custom'), 'apiGatewayCaching');
    const settings = this.resolver.deref(entry?.value);
    if (!entry || settings.isForeign || !isMap(settings.node)) return undefined;
    const node = settings.node;
    const dataEncryptedEntry = entryOf(node, 'dataEncrypted');
    const endpoints: ServerlessCachePlugin['endpoints'] = [];
    for (const fn of this.model.functions) {
      for (const event of seqItems(this.resolver.deref(valueOf(fn.declaration, 'events')).node)) {
        const local = this.resolver.deref(event);
        if (local.isForeign || !isMap(local.node)) continue;
        const http = valueOf(local.node, 'http');
        if (!isMap(http)) continue;
        endpoints.push(this.cachedEndpoint(http, `${scalarText(valueOf(http, 'method'))?.toUpperCase() ?? '?'} ${scalarText(valueOf(http, 'path')) ?? '?'} (function ${fn.name})`, false));
      }
    }
    for (const endpoint of seqItems(valueOf(node, 'additionalEndpoints'))) {
      endpoints.push(this.cachedEndpoint(endpoint, `${scalarText(valueOf(endpoint, 'method'))?.toUpperCase() ?? '?'} ${scalarText(valueOf(endpoint, 'path')) ?? '?'}`, true));
    }
    return {
      entry,
      settings: node,
      isEnabled: this.flagOf(valueOf(node, 'enabled')),
      dataEncrypted: { entry: dataEncryptedEntry, value: dataEncryptedEntry ? this.flagOf(dataEncryptedEntry.value) : false },
      endpoints: endpoints.filter((endpoint) => endpoint.isCaching),
    };
  }

  private cachedEndpoint(declaration: SourceNode, label: string, isAdditional: boolean): ServerlessCachePlugin['endpoints'][number] {
    const caching = valueOf(declaration, 'caching');
    const dataEncryptedEntry = entryOf(caching, 'dataEncrypted');
    return {
      label,
      isAdditional,
      isCaching: isMap(caching) && this.flagOf(valueOf(caching, 'enabled')) === true,
      dataEncrypted: { entry: dataEncryptedEntry, value: dataEncryptedEntry ? this.flagOf(dataEncryptedEntry.value) : undefined },
    };
  }

  /** true / false for a literal or resolvable boolean (absent and null are false); undefined when unknown. */
  private flagOf(node: SourceNode | null | undefined): boolean | undefined {
    if (node === undefined || node === null) return false;
    const resolved = this.resolver.resolve(node);
    if (resolved.state !== 'known') return undefined;
    if (resolved.value === null) return false;
    if (typeof resolved.value === 'boolean') return resolved.value;
    if (typeof resolved.value === 'string') {
      if (/^true$/i.test(resolved.value)) return true;
      if (/^false$/i.test(resolved.value)) return false;
    }
    return undefined;
  }
}
