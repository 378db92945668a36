/**
 * The application model: one shape for Serverless Framework, SAM and
 * CloudFormation documents, so that a rule is written once. Every element
 * keeps the source node it came from, for ranges and fixes.
 */
import type { DocumentKind, MapEntry, MapNode, ParsedDocument, SourceNode, TextRange } from '../types';
import type { ConditionAssumption, Resolver } from '../resolve/resolver';

/** How an element of the model was declared, so that a fix can use the same form. */
export type DeclarationForm =
  | 'serverless-http'
  | 'serverless-httpApi'
  | 'serverless-url'
  | 'sam-api'
  | 'sam-httpapi'
  | 'sam-url'
  | 'cfn-apigateway-method'
  | 'cfn-apigatewayv2-route'
  | 'cfn-lambda-url'
  /** An operation of an inline OpenAPI (Swagger 2 or OpenAPI 3) body: SAM `DefinitionBody`, CloudFormation `Body`. */
  | 'openapi-operation';

export type AuthType = 'none' | 'iam' | 'cognito' | 'jwt' | 'lambda' | 'unknown';

export interface AuthInfo {
  type: AuthType;
  /** The authorizer's name or logical id, when one is attached. */
  authorizer?: string;
  /** Where the effective auth came from. */
  source: 'route' | 'api-default' | 'globals' | 'implicit-default';
  /** True when the route also requires an API key (not an identity; see the auth rules). */
  apiKeyRequired?: boolean;
}

/** One alternative of an auth that depends on conditions (`Fn::If`): the auth, and the conditions it holds under. */
export interface AuthBranch {
  auth: AuthInfo;
  when: ConditionAssumption[];
}

export interface Endpoint {
  kind: 'rest' | 'http' | 'url';
  /** Upper case, `ANY` for any method, `*` for a function URL. */
  method: string;
  /** `/users/{id}`; the function URL has `/`. For unresolved values, the raw text. */
  path: string;
  /**
   * The effective auth. When it depends on conditions that cannot be decided, `type` is the alternatives'
   * common type, else `unknown`, so that a rule that does not read `authBranches` stays silent.
   */
  auth: AuthInfo;
  /**
   * Present only when the auth depends on undecided conditions (`DefaultAuthorizer: !If [IsDev, NONE, AWS_IAM]`):
   * each alternative with the conditions it holds under, so that a rule can name the condition.
   */
  authBranches?: AuthBranch[];
  /** The function's model name, when the route invokes a known function. */
  functionName?: string;
  /** The resource id findings are reported against (`functions.hello`, `HelloFunction`, `GetMethod`). */
  resource: string;
  form: DeclarationForm;
  /** The event or resource declaration (an event map, a `url:` value, a resource's Properties). */
  declaration: SourceNode;
  /** The map entry that sets the auth on the route, when there is one (`AuthorizationType: NONE`). */
  authEntry?: MapEntry;
  /** True when the API is reachable only from inside a VPC (a PRIVATE REST API endpoint). */
  isPrivateNetwork?: boolean;
  /** True when the route's integration is a `mock` (OpenAPI): API Gateway answers itself and invokes nothing. */
  isMockIntegration?: boolean;
  /** Where to report: the event, the method key, or the route. */
  range: TextRange;
}

export interface EnvironmentVariable {
  name: string;
  entry: MapEntry;
  /** `function` (a function's own), `provider` (Serverless provider-wide), `globals` (SAM Globals). */
  scope: 'function' | 'provider' | 'globals';
  /** The resource id that owns the block: `functions.hello`, `provider.environment`, `Globals.Function`, a logical id. */
  resource: string;
}

export interface LambdaFunction {
  /** Serverless: the key under `functions`; SAM/CloudFormation: the logical id. */
  name: string;
  resource: string;
  declaration: MapNode;
  nameRange: TextRange;
  handler?: string;
  runtime?: string;
  /** The function's own environment variables; provider and Globals ones are in `AppModel.sharedEnvironment`. */
  environment: EnvironmentVariable[];
  /** The role's logical id (or ARN text) when the function names one; undefined for a generated role. */
  roleReference?: string;
}

export type StatementOrigin =
  | 'serverless-provider-role'
  | 'serverless-function-role'
  | 'sam-policies'
  | 'iam-role-inline'
  | 'iam-policy'
  | 'iam-managed-policy'
  | 'resource-policy'
  /** An inline policy of an `AWS::IAM::User`. */
  | 'iam-user-inline'
  /** An inline policy of an `AWS::IAM::Group`. */
  | 'iam-group-inline'
  /** A SAM policy template (`DynamoDBCrudPolicy: { TableName: ... }`) expanded to its statements. */
  | 'sam-policy-template';

/** The kind of resource a resource-based policy (`origin: 'resource-policy'`) protects. */
export type ResourcePolicyService = 'iam-role-trust' | 's3' | 'sqs' | 'sns' | 'kms' | 'secretsmanager';

/** What a resource-based policy is attached to. */
export interface ResourcePolicyTarget {
  service: ResourcePolicyService;
  /** The protected resources: logical ids when they are referenced (`!Ref Bucket`), else the resolved name or ARN text; empty when unknown. */
  targets: string[];
}

export interface IamStatement {
  effect: 'Allow' | 'Deny' | 'unknown';
  /** Each entry of `Action` (or `NotAction` when `isNotAction`). */
  actions: SourceNode[];
  isNotAction: boolean;
  resources: SourceNode[];
  isNotResource: boolean;
  /** `Principal`, or `NotPrincipal` when `isNotPrincipal`. */
  principal?: SourceNode;
  /** True when the statement names its principals with `NotPrincipal` (an Allow with it lets in everyone else). */
  isNotPrincipal?: boolean;
  condition?: SourceNode;
  /** The statement map itself; absent for statements defined in another file. */
  declaration: SourceNode;
  /** Where findings about this statement are shown in this document. */
  range: TextRange;
  /** True when the statement was read from another file (`${file(...)}`): its nodes' ranges are not this document's. */
  isForeign: boolean;
  origin: StatementOrigin;
  /** The resource id of the role or policy that holds it (`provider.iam.role`, a logical id). */
  resource: string;
  /** The functions that get these permissions (model names); empty when unknown. */
  functions: string[];
  /** For `origin: 'resource-policy'`: which kind of resource it protects (a role's trust policy, a bucket...) and which ones. */
  resourcePolicy?: ResourcePolicyTarget;
  /**
   * For `origin: 'sam-policy-template'`: the template's name (`DynamoDBCrudPolicy`). Such statements are
   * built from SAM's definition, so their nodes are synthesised: `isForeign` is true and `range` is the template entry.
   */
  policyTemplate?: string;
  /** For statements of `AWS::IAM::Policy`/`ManagedPolicy`: the logical ids (or names) of the roles, users and groups it is attached to. */
  attachedTo?: { roles: string[]; users: string[]; groups: string[] };
}

export interface ManagedPolicyAttachment {
  /** The node naming the policy: an ARN, a `!Sub`, or a SAM policy name such as `AdministratorAccess`. */
  node: SourceNode;
  range: TextRange;
  resource: string;
  functions: string[];
  /** `iam-user` and `iam-group`: `ManagedPolicyArns` of an `AWS::IAM::User` or `AWS::IAM::Group`. */
  origin: 'serverless-provider-role' | 'sam-policies' | 'iam-role' | 'iam-user' | 'iam-group';
  /** The conditions under which the policy is attached (a branch of an `Fn::If` around it or its list); absent: always. */
  when?: ConditionAssumption[];
}

/** A CloudFormation resource, including the `resources.Resources` of a serverless.yml. */
export interface CfnResource {
  logicalId: string;
  type: string;
  declaration: MapNode;
  keyRange: TextRange;
  properties?: MapNode;
  /** The Condition guarding the resource, if any. */
  condition?: string;
}

export interface Suppression {
  ruleId: string;
  /** Absent when the comment gives none, or only the placeholder the quick fix inserts. */
  reason?: string;
  /** The comment or Metadata entry. */
  range: TextRange;
  /** Findings that start inside this span are suppressed: the commented line(s), or the resource. */
  appliesTo: TextRange;
  via: 'slsward-ignore' | 'Metadata.slsward.ignore';
}

export interface AppModel {
  kind: DocumentKind;
  document: ParsedDocument;
  resolver: Resolver;
  functions: LambdaFunction[];
  endpoints: Endpoint[];
  iamStatements: IamStatement[];
  managedPolicies: ManagedPolicyAttachment[];
  resources: CfnResource[];
  /** Environment blocks not owned by a single function (provider, Globals), reported once. */
  sharedEnvironment: EnvironmentVariable[];
  /** Inline OpenAPI bodies of APIs (SAM `DefinitionBody`, CloudFormation `Body`); filled by `model/openapi.ts`. */
  openApiDefinitions?: OpenApiDefinition[];
}

/** A security scheme of an inline OpenAPI body, with what API Gateway makes of it. */
export interface OpenApiSecurityScheme {
  name: string;
  entry: MapEntry;
  /** `iam` (sigv4), `cognito`, `jwt`, `lambda`, or `unknown`; API keys are `apiKey`. */
  authType: AuthType | 'apiKey';
  /** True when the scheme defines an API Gateway authorizer (`x-amazon-apigateway-authorizer`). */
  isApiGatewayAuthorizer: boolean;
}

export interface OpenApiOperation {
  /** Upper case; `ANY` for `x-amazon-apigateway-any-method`. */
  method: string;
  path: string;
  /** The operation's key (`get:`), where findings are shown. */
  keyRange: TextRange;
  operation: MapNode;
  /** Names of the schemes in the operation's first security requirement (or the root's); undefined when it has none. */
  securityNames?: string[];
  /** True when the operation's security cannot be read (an intrinsic, a variable). */
  isSecurityUnknown: boolean;
  /** The integration is `mock`: API Gateway answers itself (often a CORS preflight) and invokes nothing. */
  isMockIntegration: boolean;
}

export interface OpenApiDefinition {
  /** The logical id of the API resource. */
  resource: string;
  apiType: 'rest' | 'http';
  /** The body map (`DefinitionBody` or `Body`). */
  body: MapNode;
  version: 'swagger2' | 'openapi3';
  schemes: OpenApiSecurityScheme[];
  operations: OpenApiOperation[];
  /** Swagger 2 `schemes:` entry, when present. */
  schemesEntry?: MapEntry;
  /** Scheme names used by the root-level `security`. */
  rootSecurityNames?: string[];
}
