/**
 * Application Load Balancer routes to Lambda functions, as endpoints of kind `alb`: a CloudFormation
 * `AWS::ElasticLoadBalancingV2::ListenerRule` (or a `Listener`'s `DefaultActions`) that forwards to a
 * target group of `TargetType: lambda`, and a serverless.yml function's `alb` event. An ALB has no
 * authorizer: a rule authenticates when an `authenticate-cognito` or `authenticate-oidc` action runs
 * before the forward. Whether the route is reachable from the internet is the load balancer's `Scheme`.
 */
import { intrinsicName, isMap, mapEntries, nodeAt, oneOrMany, scalarText, seqItems, valueOf } from '../parse/tree';
import type { SourceNode, TextRange } from '../types';
import { referencedLogicalId } from './cloudformation';
import type { AppModel, AuthInfo, AuthType, CfnResource, DeclarationForm, Endpoint } from './types';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';

/** Serverless names a function's CloudFormation resource `<Name>LambdaFunction`, with `-` as `Dash` and `_` as `Underscore`. */
export function serverlessLogicalId(functionName: string): string {
  const normalised = functionName.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalised.charAt(0).toUpperCase()}${normalised.slice(1)}LambdaFunction`;
}

/**
 * The auth of a listener's or rule's action list: Cognito when an `authenticate-cognito` action runs
 * (the ALB signs the user in against a user pool before it forwards), `jwt` for `authenticate-oidc`
 * (an OpenID Connect provider's ID token, the closest of the model's kinds), unknown when an action's
 * type cannot be read, else none.
 */
export function albActionsAuth(model: AppModel, actions: readonly SourceNode[]): AuthType {
  const types = actions.map((action) => model.resolver.resolveString(valueOf(action, 'Type'))?.toLowerCase());
  if (types.includes('authenticate-cognito')) return 'cognito';
  if (types.includes('authenticate-oidc')) return 'jwt';
  return types.some((type) => type === undefined) ? 'unknown' : 'none';
}

/** The target groups a forward action names: `TargetGroupArn`, or each of `ForwardConfig.TargetGroups`. Logical ids only. */
export function forwardedTargetGroups(model: AppModel, actions: readonly SourceNode[]): string[] {
  const found: string[] = [];
  for (const action of actions) {
    if (model.resolver.resolveString(valueOf(action, 'Type'))?.toLowerCase() !== 'forward') continue;
    const direct = referencedLogicalId(valueOf(action, 'TargetGroupArn'));
    if (direct) found.push(direct);
    for (const group of seqItems(nodeAt(action, ['ForwardConfig', 'TargetGroups']))) {
      const id = referencedLogicalId(valueOf(group, 'TargetGroupArn'));
      if (id) found.push(id);
    }
  }
  return [...new Set(found)];
}

interface Exposure {
  isPrivateNetwork?: boolean;
  isExposureUnknown?: boolean;
  loadBalancer?: string;
}

/**
 * How reachable a listener is: `Scheme: internal` keeps the load balancer inside its VPC;
 * `internet-facing`, or no `Scheme` (the default), makes it public. A listener or load balancer
 * that is not a resource of this template (an imported ARN, a parameter) or a scheme that cannot
 * be resolved leaves the exposure unknown, so that rules stay silent rather than guess.
 */
function listenerExposure(model: AppModel, listener: CfnResource | undefined, byId: Map<string, CfnResource>): Exposure {
  if (listener?.type !== LISTENER) return { isExposureUnknown: true };
  const loadBalancerId = referencedLogicalId(valueOf(listener.properties, 'LoadBalancerArn'));
  const loadBalancer = byId.get(loadBalancerId ?? '');
  if (loadBalancer?.type !== LOAD_BALANCER) return { isExposureUnknown: true };
  const schemeNode = valueOf(loadBalancer.properties, 'Scheme');
  if (schemeNode === undefined || schemeNode === null) return { loadBalancer: loadBalancer.logicalId };
  const scheme = model.resolver.resolveString(schemeNode)?.toLowerCase();
  if (scheme === 'internal') return { isPrivateNetwork: true, loadBalancer: loadBalancer.logicalId };
  if (scheme === 'internet-facing') return { loadBalancer: loadBalancer.logicalId };
  return { isExposureUnknown: true, loadBalancer: loadBalancer.logicalId };
}

/** The values of a rule's conditions on one field: `Values` (the legacy form) or `<Field>Config.Values`. */
function conditionValues(model: AppModel, conditions: SourceNode | null | undefined, field: string, config: string): string[] {
  const values: string[] = [];
  for (const condition of seqItems(conditions)) {
    if (model.resolver.resolveString(valueOf(condition, 'Field'))?.toLowerCase() !== field) continue;
    for (const node of [...seqItems(valueOf(condition, 'Values')), ...seqItems(nodeAt(condition, [config, 'Values']))]) {
      values.push(model.resolver.resolveString(node) ?? scalarText(node) ?? '?');
    }
  }
  return values;
}

/** A Lambda target's function: a logical id of this template (or a serverless.yml's function), or the name in a function ARN. */
function targetFunction(model: AppModel, id: SourceNode | null | undefined, byReference: Map<string, string>): string | undefined {
  const logicalId = referencedLogicalId(id);
  if (logicalId) return byReference.get(logicalId) ?? logicalId;
  const text = model.resolver.resolveString(id) ?? scalarText(id);
  const name = text ? (/:function:([^:]+)/.exec(text)?.[1] ?? text) : undefined;
  return name ? (byReference.get(name) ?? name) : undefined;
}

/** Every ALB route to a Lambda function of the template, CloudFormation and serverless.yml alike. Run once the resources are read. */
export function addAlbEndpoints(model: AppModel): void {
  const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
  const byReference = new Map<string, string>();
  for (const fn of model.functions) {
    byReference.set(fn.name, fn.name);
    if (model.kind === 'serverless') byReference.set(serverlessLogicalId(fn.name), fn.name);
  }
  for (const resource of model.resources) {
    if (resource.type !== LISTENER && resource.type !== LISTENER_RULE) continue;
    const isRule = resource.type === LISTENER_RULE;
    const actions = seqItems(valueOf(resource.properties, isRule ? 'Actions' : 'DefaultActions'));
    const targetGroups = forwardedTargetGroups(model, actions)
      .map((id) => byId.get(id))
      .filter((group): group is CfnResource => group?.type === TARGET_GROUP && model.resolver.resolveString(valueOf(group.properties, 'TargetType'))?.toLowerCase() === 'lambda');
    if (targetGroups.length === 0) continue;
    const listener = isRule ? byId.get(referencedLogicalId(valueOf(resource.properties, 'ListenerArn')) ?? '') : resource;
    const conditions = isRule ? valueOf(resource.properties, 'Conditions') : undefined;
    const paths = conditionValues(model, conditions, 'path-pattern', 'PathPatternConfig');
    const methods = conditionValues(model, conditions, 'http-request-method', 'HttpRequestMethodConfig').map((method) => method.toUpperCase());
    const type = albActionsAuth(model, actions);
    for (const group of targetGroups) {
      for (const target of seqItems(valueOf(group.properties, 'Targets'))) {
        pushEndpoint(model, {
          functionName: targetFunction(model, valueOf(target, 'Id'), byReference),
          methods,
          paths,
          auth: { type, source: 'route' },
          exposure: listenerExposure(model, listener, byId),
          targetGroup: group.logicalId,
          resource: resource.logicalId,
          form: isRule ? 'cfn-alb-listener-rule' : 'cfn-alb-listener',
          declaration: resource.properties ?? resource.declaration,
          range: resource.keyRange,
        });
      }
    }
  }
  if (model.kind === 'serverless') addServerlessAlbEvents(model, byId);
}

/**
 * serverless.yml `alb` events: `listenerArn`, `priority`, `conditions` (`path`, `method`, `host`, ...)
 * and `authorizer`, names (one or a list) of `provider.alb.authorizers` entries whose `type` is
 * `cognito` or `oidc`. The Framework makes the target group and listener rule itself; the listener
 * is the service's own only when `listenerArn` references a `Listener` of its `resources`.
 */
function addServerlessAlbEvents(model: AppModel, byId: Map<string, CfnResource>): void {
  const provider = model.resolver.deref(valueOf(model.document.root, 'provider')).node;
  const authorizers = model.resolver.deref(nodeAt(provider, ['alb', 'authorizers'])).node;
  for (const fn of model.functions) {
    const events = model.resolver.deref(valueOf(fn.declaration, 'events'));
    if (events.isForeign) continue;
    for (const item of seqItems(events.node)) {
      const event = model.resolver.deref(item);
      if (event.isForeign || !isMap(event.node)) continue;
      const entry = event.node.entries.find((candidate) => String(candidate.key.value) === 'alb');
      if (!entry) continue;
      const value = model.resolver.deref(entry.value).node;
      const conditions = valueOf(value, 'conditions');
      const paths = oneOrMany(model.resolver.deref(valueOf(conditions, 'path')).node).map((node) => model.resolver.resolveString(node) ?? scalarText(node) ?? '?');
      const methods = oneOrMany(model.resolver.deref(valueOf(conditions, 'method')).node).map((node) => (model.resolver.resolveString(node) ?? scalarText(node) ?? '?').toUpperCase());
      const names = oneOrMany(model.resolver.deref(valueOf(value, 'authorizer')).node).map((node) => model.resolver.resolveString(node));
      let auth: AuthInfo = { type: 'none', source: 'route' };
      if (names.length > 0) {
        const types = names.map((name) => (name ? model.resolver.resolveString(valueOf(mapEntries(authorizers).find((candidate) => String(candidate.key.value) === name)?.value, 'type'))?.toLowerCase() : undefined));
        const type: AuthType = types.every((kind) => kind === 'cognito') ? 'cognito' : types.every((kind) => kind === 'oidc') ? 'jwt' : 'unknown';
        auth = { type, ...(names[0] ? { authorizer: names[0] } : {}), source: 'route' };
      }
      const listenerArn = valueOf(value, 'listenerArn');
      // `listenerArn: !Ref Listener` (or `!GetAtt`) may name a listener of `resources`; an ARN, `${cf:...}` or an import is another stack's.
      const listener = isMap(listenerArn) && intrinsicName(listenerArn) ? byId.get(referencedLogicalId(listenerArn) ?? '') : undefined;
      pushEndpoint(model, {
        functionName: fn.name,
        methods,
        paths,
        auth,
        exposure: listenerExposure(model, listener, byId),
        resource: fn.resource,
        form: 'serverless-alb',
        declaration: value ?? entry.key,
        range: entry.key.range,
      });
    }
  }
}

interface AlbRoute {
  functionName: string | undefined;
  methods: string[];
  paths: string[];
  auth: AuthInfo;
  exposure: Exposure;
  targetGroup?: string;
  resource: string;
  form: DeclarationForm;
  declaration: SourceNode;
  range: TextRange;
}

/**
 * One endpoint per rule and function: a rule with several path patterns or methods is one route of the
 * load balancer (one priority, one action list), so its values are joined (`GET,POST`, `/a, /b`) rather
 * than multiplied into findings on the same line. No method condition matches any method; no path
 * condition (a listener's default action, a rule on host or header only) matches every path.
 */
function pushEndpoint(model: AppModel, route: AlbRoute): void {
  const endpoint: Endpoint = {
    kind: 'alb',
    method: route.methods.length === 0 ? 'ANY' : [...new Set(route.methods)].join(','),
    path: route.paths.length === 0 ? '/*' : [...new Set(route.paths)].join(', '),
    auth: route.auth,
    ...(route.functionName ? { functionName: route.functionName } : {}),
    ...(route.exposure.loadBalancer ? { api: route.exposure.loadBalancer } : {}),
    resource: route.resource,
    form: route.form,
    declaration: route.declaration,
    ...(route.exposure.isPrivateNetwork ? { isPrivateNetwork: true } : {}),
    ...(route.exposure.isExposureUnknown ? { isExposureUnknown: true } : {}),
    ...(route.targetGroup ? { targetGroup: route.targetGroup } : {}),
    range: route.range,
  };
  model.endpoints.push(endpoint);
}
