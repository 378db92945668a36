/**
 * A PRIVATE REST API whose resource policy lets `*` invoke it with no condition
 * on the VPC endpoint, the VPC or the caller's organisation or account. A
 * private API is reached through an `execute-api` interface endpoint, and API
 * Gateway accepts a request from an endpoint in any AWS account when the policy
 * allows it: `Principal: '*'` alone makes the API reachable by anyone who
 * creates such an endpoint in their own account. route-missing-auth and
 * api-key-only-auth leave private APIs to their resource policy; this rule
 * judges that policy. Read from CloudFormation's `Policy`, an OpenAPI body's
 * `x-amazon-apigateway-policy`, SAM's `Auth.ResourcePolicy` (on the API, in
 * `Globals` and on the events) and serverless.yml's
 * `provider.apiGateway.resourcePolicy`. A private API without a policy answers
 * no one, and a policy that cannot be read is given the benefit of the doubt.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { isPrivateEndpoint, readStatement, statementsOf } from '../../server/src/engine/model/cloudformation';
import type { AppModel, Endpoint, IamStatement } from '../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen, type Resolver } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';
import { hasRestrictingCondition, isStar, knownActions, publicPrincipalOf } from '../iam/support/public-principal';
import { addConditionEdit, copiedValue } from './support/service-principal-policy';

/** Condition keys that tie a private API's caller to endpoints, networks, an organisation or accounts, in a Deny that negates them. */
const NETWORK_OR_OWNER_KEYS = new Set(
  ['aws:SourceVpce', 'aws:SourceVpc', 'aws:VpceAccount', 'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:PrincipalOrgID', 'aws:PrincipalOrgPaths', 'aws:PrincipalAccount', 'aws:VpcSourceIp'].map((key) =>
    key.toLowerCase(),
  ),
);

/** SAM `Auth.ResourcePolicy` lists that make SAM write statements tied to VPCs, endpoints or addresses (with the Deny for the rest). */
const SAM_NETWORK_LISTS = ['SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist', 'IpRangeWhitelist', 'SourceVpcBlacklist', 'IntrinsicVpcBlacklist', 'IntrinsicVpceBlacklist', 'IpRangeBlacklist'];

interface PrivateApi {
  /** The logical id (`ServerlessRestApi` for SAM's implicit API), or `provider` for a Serverless service. */
  id: string;
  /** The statements of its resource policy; undefined when a part of it cannot be read. */
  statements: IamStatement[] | undefined;
  /** `EndpointConfiguration.VpcEndpointIds` or `provider.vpcEndpointIds`: the endpoints a fix can require. */
  endpointIds?: SourceNode | null;
  routes: Endpoint[];
}

export default defineRule({
  meta: {
    id: 'private-api-open-to-any-vpc-endpoint',
    title: 'Private API reachable from any VPC endpoint',
    category: 'auth',
    severity: 'error',
    confidence: 'high',
    description:
      "A PRIVATE REST API is reached through an execute-api VPC endpoint, and API Gateway accepts requests from an endpoint in any AWS account when the API's resource policy allows them. A policy that allows Principal '*' with no aws:SourceVpce, aws:SourceVpc or organisation condition lets anyone who creates such an endpoint in their own account call the API: 'private' then only means 'not on the public DNS'.",
    remediation:
      "Add `Condition: { StringEquals: { 'aws:SourceVpce': [<your endpoint ids>] } }` (or `aws:SourceVpc`) to the Allow statement, or a Deny for `*` with `StringNotEquals` on the same key, as AWS's private API examples do. With SAM, list the endpoints in `Auth.ResourcePolicy.IntrinsicVpceWhitelist`.",
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-2',
      'CWE-284',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-create.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      openRoutes:
        "Private API {{api}} can be called from a VPC endpoint in any AWS account: its resource policy allows {{principal}} to invoke it with no aws:SourceVpce, aws:SourceVpc or organisation condition, and no Deny requires one{{when}}. Anyone with an AWS account then reaches its {{open}} without authorization ({{routes}}).",
      authenticatedRoutes:
        "Private API {{api}} can be called from a VPC endpoint in any AWS account: its resource policy allows {{principal}} to invoke it with no aws:SourceVpce, aws:SourceVpc or organisation condition, and no Deny requires one{{when}}. Its routes' authorization is then the only control (with IAM auth, principals of other accounts that the policy lets in).",
    },
    messageSeverity: { authenticatedRoutes: 'warning' },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    for (const api of privateApis(model)) {
      if (!api.statements || isDeniedOutsideNetwork(api.statements, model.resolver)) continue;
      for (const statement of api.statements) {
        const principal = publicPrincipalOf(statement, model.resolver);
        if (!principal || principal.form === 'not-principal' || hasRestrictingCondition(statement, model.resolver) || !allowsInvoke(statement, model.resolver)) continue;
        const open = api.routes.filter((route) => route.method !== 'OPTIONS' && (route.authBranches ?? [{ auth: route.auth, when: [] }]).some((branch) => branch.auth.type === 'none'));
        const shown = open.slice(0, 3).map((route) => `${route.method} ${route.path}`).join(', ') + (open.length > 3 ? ` and ${open.length - 3} more` : '');
        context.report({
          messageId: open.length > 0 ? 'openRoutes' : 'authenticatedRoutes',
          data: {
            api: api.id,
            principal: principal.form === 'star' ? "Principal '*'" : "Principal { AWS: '*' }",
            when: describeWhen(principal.when),
            open: open.length === 1 ? 'route' : `${open.length} routes`,
            routes: shown,
          },
          node: statement.isForeign ? { range: statement.range } : principal.node,
          resource: statement.resource,
          fixes: principal.when.length === 0 ? endpointFix(context, statement, api.endpointIds) : [],
        });
        break;
      }
    }
  },
});

/** The private REST APIs of the document, with their resource policies and routes. */
function privateApis(model: AppModel): PrivateApi[] {
  const found: PrivateApi[] = [];
  const routesOf = (id: string | undefined) => model.endpoints.filter((endpoint) => endpoint.kind === 'rest' && endpoint.isPrivateNetwork && endpoint.api === id);
  const root = model.document.root;
  if (model.kind === 'serverless') {
    const provider = valueOf(root, 'provider');
    if (model.resolver.resolveString(valueOf(provider, 'endpointType'))?.toUpperCase() !== 'PRIVATE') return found;
    // `provider.apiGateway.resourcePolicy` since v3; `provider.resourcePolicy` in v1 and v2.
    const policy = valueOf(valueOf(provider, 'apiGateway'), 'resourcePolicy') ?? valueOf(provider, 'resourcePolicy');
    const statements = policy === undefined || policy === null ? [] : statementList(model, policy, 'provider');
    found.push({ id: 'of this service', statements, endpointIds: valueOf(provider, 'vpcEndpointIds'), routes: model.endpoints.filter((endpoint) => endpoint.kind === 'rest' && endpoint.form === 'serverless-http' && endpoint.isPrivateNetwork) });
    return found;
  }
  const globalsApi = valueOf(valueOf(root, 'Globals'), 'Api');
  for (const resource of model.resources) {
    if (resource.type === 'AWS::ApiGateway::RestApi') {
      if (!isPrivateEndpoint(model, resource.properties)) continue;
      const statements = joined([policyDocument(model, valueOf(resource.properties, 'Policy'), resource.logicalId), openApiPolicy(model, valueOf(resource.properties, 'Body'), resource.logicalId)]);
      found.push({ id: resource.logicalId, statements, endpointIds: valueOf(valueOf(resource.properties, 'EndpointConfiguration'), 'VpcEndpointIds'), routes: routesOf(resource.logicalId) });
    } else if (resource.type === 'AWS::Serverless::Api') {
      // SAM applies Globals.Api to every API of the template.
      if (!isPrivateEndpoint(model, resource.properties) && !isPrivateEndpoint(model, globalsApi)) continue;
      const properties = resource.properties;
      const routes = routesOf(resource.logicalId);
      const statements = joined([
        samResourcePolicy(model, valueOf(valueOf(properties, 'Auth') ?? valueOf(globalsApi, 'Auth'), 'ResourcePolicy'), resource.logicalId),
        openApiPolicy(model, valueOf(properties, 'DefinitionBody'), resource.logicalId),
        ...routes.map((route) => samResourcePolicy(model, eventResourcePolicy(route), route.resource)),
      ]);
      const configuration = valueOf(properties, 'EndpointConfiguration') ?? valueOf(globalsApi, 'EndpointConfiguration');
      // SAM spells it `VPCEndpointIds`; CloudFormation `VpcEndpointIds`.
      found.push({ id: resource.logicalId, statements, endpointIds: valueOf(configuration, 'VPCEndpointIds') ?? valueOf(configuration, 'VpcEndpointIds'), routes });
    }
  }
  // SAM's implicit API is private when Globals.Api says so.
  const implicitRoutes = routesOf('ServerlessRestApi');
  if (model.kind === 'sam' && implicitRoutes.length > 0 && isPrivateEndpoint(model, globalsApi)) {
    const statements = joined([samResourcePolicy(model, valueOf(valueOf(globalsApi, 'Auth'), 'ResourcePolicy'), 'Globals'), ...implicitRoutes.map((route) => samResourcePolicy(model, eventResourcePolicy(route), route.resource))]);
    const configuration = valueOf(globalsApi, 'EndpointConfiguration');
    found.push({ id: 'ServerlessRestApi', statements, endpointIds: valueOf(configuration, 'VPCEndpointIds') ?? valueOf(configuration, 'VpcEndpointIds'), routes: implicitRoutes });
  }
  return found;
}

/** All parts' statements, or undefined when one part cannot be read. */
function joined(parts: Array<IamStatement[] | undefined>): IamStatement[] | undefined {
  return parts.some((part) => part === undefined) ? undefined : parts.flat() as IamStatement[];
}

/** A policy document (a map, JSON text or absent); undefined when it is written but cannot be read (a parameter, an `Fn::If` around it). */
function policyDocument(model: AppModel, document: SourceNode | null | undefined, resource: string): IamStatement[] | undefined {
  if (document === undefined || document === null) return [];
  const statements = statementsOf(document, 'resource-policy', resource, [], model);
  if (statements.length > 0) return statements;
  const node = model.resolver.deref(document).node;
  return isMap(node) && intrinsicName(node) === undefined && entryOf(node, 'Statement') ? [] : undefined;
}

/** An inline OpenAPI body's `x-amazon-apigateway-policy`. */
function openApiPolicy(model: AppModel, body: SourceNode | null | undefined, resource: string): IamStatement[] | undefined {
  return isMap(body) ? policyDocument(model, valueOf(body, 'x-amazon-apigateway-policy'), resource) : [];
}

/** A serverless.yml statement list. */
function statementList(model: AppModel, list: SourceNode, resource: string): IamStatement[] | undefined {
  const node = model.resolver.deref(list);
  if (!isSeq(node.node)) return undefined;
  const statements: IamStatement[] = [];
  for (const item of seqItems(node.node)) {
    const statement = model.resolver.deref(item);
    if (!isMap(statement.node)) return undefined;
    statements.push(readStatement(statement.node, 'resource-policy', resource, [], model, node.isForeign || statement.isForeign ? list.range : undefined));
  }
  return statements;
}

/**
 * SAM's `Auth.ResourcePolicy`: `CustomStatements` are written as they are; the VPC, endpoint and address lists
 * make SAM write statements tied to them, so a policy with one of those is taken as restricted (undefined:
 * not judged), and account lists name accounts, not `*`.
 */
function samResourcePolicy(model: AppModel, policy: SourceNode | null | undefined, resource: string): IamStatement[] | undefined {
  if (policy === undefined || policy === null) return [];
  if (!isMap(policy) || intrinsicName(policy) !== undefined) return undefined;
  if (SAM_NETWORK_LISTS.some((key) => entryOf(policy, key))) return undefined;
  const custom = valueOf(policy, 'CustomStatements');
  if (custom === undefined || custom === null) return [];
  if (isMap(custom) && intrinsicName(custom) === undefined) return [readStatement(custom, 'resource-policy', resource, [], model)];
  return statementList(model, custom, resource);
}

function eventResourcePolicy(route: Endpoint): SourceNode | null | undefined {
  return route.form === 'sam-api' ? valueOf(valueOf(valueOf(route.declaration, 'Properties'), 'Auth'), 'ResourcePolicy') : undefined;
}

/** True when the statement allows `execute-api:Invoke` (or a wildcard holding it); an unreadable action is given the benefit of the doubt. */
function allowsInvoke(statement: IamStatement, resolver: Resolver): boolean {
  const actions = knownActions(statement, resolver);
  if (!actions) return false;
  return actions.some((action) => new RegExp(`^${action.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test('execute-api:Invoke'));
}

/**
 * AWS's private API examples pair `Allow *` with `Deny *` unless the request comes through the listed endpoints
 * (`StringNotEquals: { aws:SourceVpce: ... }`): such a Deny, or one whose Condition cannot be read, restricts the API.
 */
function isDeniedOutsideNetwork(statements: IamStatement[], resolver: Resolver): boolean {
  return statements.some((statement) => {
    if (statement.effect !== 'Deny' || !statement.principal || !isEveryone(statement.principal, resolver) || !allowsInvoke(statement, resolver)) return false;
    const condition = statement.condition;
    if (!condition) return false;
    if (!isMap(condition) || intrinsicName(condition) !== undefined) return true;
    return mapEntries(condition).some((operator) => {
      if (!isMap(operator.value)) return true;
      if (!/Not/.test(String(operator.key.value))) return false;
      return mapEntries(operator.value).some((test) => NETWORK_OR_OWNER_KEYS.has(String(test.key.value).toLowerCase()));
    });
  });
}

function isEveryone(principal: SourceNode, resolver: Resolver): boolean {
  if (isStar(principal, resolver)) return true;
  const aws = isMap(principal) ? valueOf(principal, 'AWS') : undefined;
  return isSeq(aws) ? seqItems(aws).some((item) => isStar(item, resolver)) : !!aws && isStar(aws, resolver);
}

/** Require the API's own VPC endpoints in the Allow statement, when the template lists them. */
function endpointFix(context: RuleContext, statement: IamStatement, endpointIds: SourceNode | null | undefined): Fix[] {
  const { model } = context;
  if (!endpointIds) return [];
  const ids = isSeq(endpointIds) && seqItems(endpointIds).every((item) => isScalar(item) && typeof item.value === 'string') ? { value: seqItems(endpointIds).map((item) => String((item as { value: unknown }).value)) } : copiedValue(model, endpointIds);
  if (!ids) return [];
  const edit = addConditionEdit(model, statement, 'StringEquals', 'aws:SourceVpce', ids);
  return edit ? [{ title: "Allow the API only through its VPC endpoints (aws:SourceVpce)", edits: [edit] }] : [];
}
