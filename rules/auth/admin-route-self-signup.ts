/**
 * A route that looks administrative (its path or OpenAPI operationId has a word such as admin, manage,
 * barista, staff, internal or ops) whose only protection is a Cognito user pool authorizer, or a JWT
 * authorizer on a Cognito issuer, of a user pool of this template that lets users sign themselves up,
 * with no scope required on the route. Any user who signs up gets a valid token, so the authorizer only
 * proves that the caller has an account. Pools, authorizers or scopes this template cannot read keep it
 * silent.
 */
import { defineRule } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource, Endpoint } from '../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, nodeAt, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

/**
 * Words that mark a route for operators rather than users, matched as whole words of the path and the
 * operationId (split at `/`, `-`, `_`, `.`, `{}` and camelCase humps): `manageOrders` and `/admin/users`
 * match, `/shops`, `/stops` and `/administrative-area` do not. `barista` is the operator of the coffee
 * ordering samples (Serverless Espresso), whose barista routes sat behind a pool anyone could join.
 */
export const ADMIN_WORDS: ReadonlySet<string> = new Set([
  'admin',
  'admins',
  'administrator',
  'administrators',
  'administration',
  'manage',
  'manager',
  'managers',
  'management',
  'barista',
  'baristas',
  'staff',
  'internal',
  'ops',
  'backoffice',
  'superuser',
]);

/** The first admin word of a path or an operationId, or undefined. */
export function adminWordOf(text: string): string | undefined {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase());
  return words.find((word) => ADMIN_WORDS.has(word));
}

export default defineRule({
  meta: {
    id: 'admin-route-self-signup',
    title: 'Administrative route open to any user who signs up',
    category: 'auth',
    // Info: the pool may be meant for staff only and sign-up disabled by a pre-sign-up trigger, or the
    // handler may check a group; what the template shows is that signing up is enough to reach the route.
    severity: 'info',
    confidence: 'medium',
    description:
      'A Cognito user pool authorizer (or a JWT authorizer on a Cognito issuer) accepts a token of any user of the pool. When the pool lets anyone sign up (AdminCreateUserConfig.AllowAdminCreateUserOnly is not true, the default), anyone on the internet can create an account, get a token and call every route that requires only that authorizer, including routes meant for administrators or staff.',
    remediation:
      'Require a scope on administrative routes (AuthorizationScopes, or scopes in the OpenAPI security requirement) granted only to operators, check a Cognito group in the handler or a Lambda authorizer, put operators in a separate user pool, or set AdminCreateUserConfig.AllowAdminCreateUserOnly: true when users must not sign themselves up.',
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-2',
      'CWE-285',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/signing-up-users-in-your-app.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-userpool-admincreateuserconfig.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      selfSignupAdmin:
        '{{method}} {{path}} looks administrative ({{word}}) but requires only a user of the Cognito user pool {{pool}}, which lets users sign themselves up (AllowAdminCreateUserOnly is not true), and no scope: any user who signs up can call it.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    const pools = new Map(model.resources.filter((resource) => resource.type === 'AWS::Cognito::UserPool').map((resource) => [resource.logicalId, resource]));
    if (pools.size === 0) return;
    for (const endpoint of model.endpoints) {
      // An ALB's authenticate-cognito action is not read here (authorizerNodesOf has no ALB form, so no pool is found):
      // its `Scope` is what the load balancer asks the pool for, not a grant an operator alone holds, so the scope test would not fit.
      if (endpoint.kind === 'url' || endpoint.kind === 'alb' || endpoint.method === 'OPTIONS') continue;
      const branches = endpoint.authBranches ?? [{ auth: endpoint.auth, when: [] }];
      if (!branches.every((branch) => branch.auth.type === 'cognito' || branch.auth.type === 'jwt')) continue;
      const word = adminWordOf(endpoint.path) ?? adminWordOf(operationIdOf(model, endpoint) ?? '');
      if (!word) continue;
      const authorizers = branches.map((branch) => authorizerNodesOf(model, endpoint, branch.auth.authorizer));
      // Every branch's authorizer must name a pool of this template that allows sign-up.
      const poolIds = authorizers.map((nodes) => cognitoPoolOf(nodes, pools));
      if (poolIds.some((id) => id === undefined || !allowsSelfSignup(model, pools.get(id)!))) continue;
      if (requiresScopes(model, endpoint, authorizers.flat())) continue;
      context.report({
        messageId: 'selfSignupAdmin',
        data: { method: endpoint.method, path: endpoint.path, word, pool: [...new Set(poolIds)].join(', ') },
        node: { range: endpoint.range },
        resource: endpoint.resource,
      });
    }
  },
});

function operationIdOf(model: AppModel, endpoint: Endpoint): string | undefined {
  return endpoint.form === 'openapi-operation' ? model.resolver.resolveString(valueOf(endpoint.declaration, 'operationId')) : undefined;
}

/** The nodes that define the route's authorizer, wherever its form keeps them. */
function authorizerNodesOf(model: AppModel, endpoint: Endpoint, name: string | undefined): SourceNode[] {
  const nodes: SourceNode[] = [];
  const add = (node: SourceNode | null | undefined) => {
    if (node) nodes.push(node);
  };
  const resourceOf = (node: SourceNode | null | undefined): CfnResource | undefined => {
    const id = referencedLogicalId(node);
    return id ? model.resources.find((resource) => resource.logicalId === id) : undefined;
  };
  const samAuthorizer = (apiId: string | undefined, key: 'Api' | 'HttpApi') => {
    if (!name) return;
    const api = model.resources.find((resource) => resource.logicalId === apiId);
    const globals = nodeAt(model.document.root, ['Globals', key, 'Auth']);
    add(nodeAt(valueOf(api?.properties, 'Auth') ?? globals, ['Authorizers', name]));
  };
  switch (endpoint.form) {
    case 'openapi-operation': {
      const definition = model.openApiDefinitions?.find((candidate) => candidate.operations.some((operation) => operation.operation === endpoint.declaration));
      const scheme = definition?.schemes.find((candidate) => candidate.name === name);
      if (scheme) add(valueOf(scheme.entry.value, 'x-amazon-apigateway-authorizer'));
      // SAM injects its `Auth.Authorizers` as schemes of the same names.
      else samAuthorizer(endpoint.resource, endpoint.kind === 'rest' ? 'Api' : 'HttpApi');
      break;
    }
    case 'sam-api':
      samAuthorizer(endpoint.api, 'Api');
      break;
    case 'sam-httpapi':
      samAuthorizer(endpoint.api, 'HttpApi');
      break;
    case 'cfn-apigateway-method':
    case 'cfn-apigatewayv2-route':
      add(resourceOf(valueOf(endpoint.declaration, 'AuthorizerId'))?.properties);
      break;
    case 'serverless-http':
    case 'serverless-stepfunctions-http': {
      const authorizer = valueOf(endpoint.declaration, 'authorizer');
      add(authorizer);
      add(resourceOf(valueOf(authorizer, 'authorizerId'))?.properties);
      break;
    }
    case 'serverless-httpApi':
      if (name) add(nodeAt(model.document.root, ['provider', 'httpApi', 'authorizers', name]));
      break;
  }
  return nodes;
}

/** The one user pool of this template that the authorizer names (`!GetAtt Pool.Arn`, a `Fn::Sub` issuer with `${Pool}`). */
function cognitoPoolOf(nodes: SourceNode[], pools: ReadonlyMap<string, CfnResource>): string | undefined {
  const found = new Set<string>();
  const visit = (node: SourceNode | null | undefined, depth: number) => {
    if (!node || depth > 12) return;
    const id = referencedLogicalId(node);
    if (id && pools.has(id)) found.add(id);
    if (intrinsicName(node) === 'Fn::Sub') {
      const template = isSeq(valueOf(node, 'Fn::Sub')) ? seqItems(valueOf(node, 'Fn::Sub'))[0] : valueOf(node, 'Fn::Sub');
      if (isScalar(template)) for (const match of String(template.value).matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) if (pools.has(match[1])) found.add(match[1]);
    }
    if (isMap(node)) for (const entry of node.entries) visit(entry.value, depth + 1);
    else if (isSeq(node)) for (const item of node.items) visit(item, depth + 1);
  };
  for (const node of nodes) visit(node, 0);
  // Several pools (or none found) leave the question open.
  return found.size === 1 ? [...found][0] : undefined;
}

/** AWS's default lets users sign up; only a known `true` turns it off. Unknown values are not judged. */
function allowsSelfSignup(model: AppModel, pool: CfnResource): boolean {
  const config = valueOf(pool.properties, 'AdminCreateUserConfig');
  if (config === undefined || config === null) return true;
  const only = entryOf(config, 'AllowAdminCreateUserOnly');
  if (!only) return isMap(config);
  const outcomes = model.resolver.outcomes(only.value);
  return outcomes.every((outcome) => outcome.state === 'known' && String(outcome.value).toLowerCase() === 'false');
}

const SCOPE_KEYS = /^(authorizationscopes|scopes)$/i;

/** True when the route (or its authorizer) requires a scope, or when that cannot be read: a scope limits who may call it. */
function requiresScopes(model: AppModel, endpoint: Endpoint, authorizerNodes: SourceNode[]): boolean {
  if (endpoint.form === 'openapi-operation') {
    const definition = model.openApiDefinitions?.find((candidate) => candidate.operations.some((operation) => operation.operation === endpoint.declaration));
    const security = valueOf(endpoint.declaration, 'security') ?? valueOf(definition?.body, 'security');
    const requirement = seqItems(security)[0];
    if (requirement && (!isMap(requirement) || mapEntries(requirement).some((entry) => !isSeq(entry.value) || entry.value.items.length > 0))) return true;
  }
  return [endpoint.declaration, ...authorizerNodes].some((node) => hasScopeEntry(node, 0));
}

function hasScopeEntry(node: SourceNode | null | undefined, depth: number): boolean {
  if (!node || depth > 8) return false;
  if (isMap(node)) {
    for (const entry of node.entries) {
      if (SCOPE_KEYS.test(String(entry.key.value))) {
        // An empty list requires nothing; anything else (a list of scopes, an intrinsic) is a scope check.
        if (!(isSeq(entry.value) && entry.value.items.length === 0) && entry.value !== null) return true;
      } else if (hasScopeEntry(entry.value, depth + 1)) return true;
    }
  } else if (isSeq(node)) return node.items.some((item) => hasScopeEntry(item, depth + 1));
  return false;
}
