/**
 * The application model: one shape for Serverless Framework, SAM and
 * CloudFormation documents, so that a rule is written once. Every element
 * keeps the source node it came from, for ranges and fixes.
 */
import type { DocumentKind, MapEntry, MapNode, ParsedDocument, SourceNode, TextRange, WorkspaceFileReader } from '../types';
import type { ConditionAssumption, PathValue, Resolver } from '../resolve/resolver';
import type { AppSyncApi } from './appsync-types';

export type * from './appsync-types';

/** How an element of the model was declared, so that a fix can use the same form. */
export type DeclarationForm =
  | 'serverless-http'
  | 'serverless-httpApi'
  /** A serverless.yml `websocket` event on `$connect`, the only route where API Gateway authorises a WebSocket connection. */
  | 'serverless-websocket'
  /** An `http` event of a serverless-step-functions state machine: a REST route that starts an execution. */
  | 'serverless-stepfunctions-http'
  | 'serverless-url'
  | 'sam-api'
  | 'sam-httpapi'
  | 'sam-url'
  | 'cfn-apigateway-method'
  | 'cfn-apigatewayv2-route'
  | 'cfn-lambda-url'
  /** An operation of an inline OpenAPI (Swagger 2 or OpenAPI 3) body: SAM `DefinitionBody`, CloudFormation `Body`. */
  | 'openapi-operation'
  /** An `AWS::ElasticLoadBalancingV2::ListenerRule` that forwards to a Lambda target group. */
  | 'cfn-alb-listener-rule'
  /** An `AWS::ElasticLoadBalancingV2::Listener` whose `DefaultActions` forward to a Lambda target group. */
  | 'cfn-alb-listener'
  /** A serverless.yml function's `alb` event. */
  | 'serverless-alb';

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
  /** API Gateway REST or HTTP API route, function URL, or Application Load Balancer route to a Lambda target group (`model/alb.ts`). */
  kind: 'rest' | 'http' | 'url' | 'alb';
  /**
   * Upper case, `ANY` for any method, `*` for a function URL. An ALB rule with several `http-request-method`
   * values has them joined with commas (`GET,POST`): it is one route.
   */
  method: string;
  /**
   * `/users/{id}`; the function URL has `/`. For unresolved values, the raw text. An ALB route has its
   * path patterns (`/api/*`), joined with `, ` when a rule has several, and `/*` when it has none.
   */
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
  /**
   * The API the route belongs to, when a template can hold several of its kind: the logical id of an
   * `AWS::ApiGateway::RestApi`/`AWS::ApiGatewayV2::Api` or SAM API (`ServerlessRestApi`,
   * `ServerlessHttpApi` for SAM's implicit ones). Undefined for a Serverless service (one of each kind),
   * function URLs, and an API reference that cannot be read. For an ALB route: the load balancer's logical id.
   */
  api?: string;
  /** The resource id findings are reported against (`functions.hello`, `HelloFunction`, `GetMethod`). */
  resource: string;
  form: DeclarationForm;
  /** The event or resource declaration (an event map, a `url:` value, a resource's Properties). */
  declaration: SourceNode;
  /** The map entry that sets the auth on the route, when there is one (`AuthorizationType: NONE`). */
  authEntry?: MapEntry;
  /**
   * Set for an operation of an OpenAPI file the template names (`DefinitionUri`, `AWS::Include`): the file
   * and the operation's key there. `range` is then the template's reference to the file, and `declaration`
   * a node of that file (its offsets are the file's, never edit it).
   */
  definedIn?: { path: string; range: TextRange };
  /** True when the API is reachable only from inside a VPC (a PRIVATE REST API endpoint, an ALB with `Scheme: internal`). */
  isPrivateNetwork?: boolean;
  /**
   * True when who can reach the route cannot be read from the template: an ALB route whose listener or load
   * balancer is another stack's (an imported ARN, a parameter) or whose `Scheme` is unresolved. Rules that
   * judge public routes stay silent on it.
   */
  isExposureUnknown?: boolean;
  /** For an ALB route from CloudFormation: the logical id of the `TargetType: lambda` target group it forwards to. */
  targetGroup?: string;
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
export type ResourcePolicyService = 'iam-role-trust' | 's3' | 'sqs' | 'sns' | 'kms' | 'secretsmanager' | 'events' | 'ecr';

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
  /** For a policy template: a parameter the user wrote holds a wildcard (`TableName: '*'`), so its `*` is the user's choice, not SAM's. */
  policyTemplateWildcard?: boolean;
  /** For statements of `AWS::IAM::Policy`/`ManagedPolicy`: the logical ids (or names) of the roles, users and groups it is attached to. */
  attachedTo?: {
    roles: string[];
    users: string[];
    groups: string[];
    /** `Roles` entries that may name a role of the template but cannot be read (a `Fn::Select` of a split ARN, an unresolved parameter), as shown. */
    unresolvedRoles?: string[];
  };
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
  /**
   * OpenAPI definitions of APIs: inline bodies (SAM `DefinitionBody`, CloudFormation `Body`) and the workspace
   * files a template names (`DefinitionUri`, `AWS::Include`, `BodyS3Location`); filled by `model/openapi.ts`.
   */
  openApiDefinitions?: OpenApiDefinition[];
  /** Every reference to an OpenAPI definition outside the template, read or not (`model/openapi-external.ts`). */
  externalDefinitions?: ExternalDefinitionReference[];
  /** The shell's confined reader of workspace files (`${file()}`, OpenAPI files); absent when the shell gave none. */
  readFile?: WorkspaceFileReader;
  /** API Gateway APIs and their stages with their logging, tracing, cache and throttling settings; filled by `model/apis.ts`. */
  apis: Api[];
  /** AppSync GraphQL APIs with their auth modes, logging, keys and caches; filled by `model/appsync.ts`. */
  appSyncApis: AppSyncApi[];
}

// ---------------------------------------------------------------------------
// APIs and stages
// ---------------------------------------------------------------------------

/**
 * Where an API was declared: a CloudFormation resource (also in a
 * serverless.yml's `resources`), a SAM `AWS::Serverless::Api`/`HttpApi`, a SAM
 * implicit API (`ServerlessRestApi`, `ServerlessHttpApi`, created for function
 * events that name no API), or the API a Serverless service's events create.
 */
export type ApiForm = 'cfn' | 'sam' | 'sam-implicit' | 'serverless';

/** How a stage is declared, so that a rule can name it and place a fix in the document's own terms. */
export type ApiStageForm =
  /** `AWS::ApiGateway::Stage`. */
  | 'cfn-stage'
  /** The stage an `AWS::ApiGateway::Deployment` creates (`StageName`, settings in `StageDescription`). */
  | 'cfn-deployment'
  /** `AWS::ApiGatewayV2::Stage`. */
  | 'cfn-v2-stage'
  | 'sam-api'
  | 'sam-httpapi'
  | 'sam-implicit-api'
  | 'sam-implicit-httpapi'
  /** The stage of the service's REST API (`http` events), set through `provider.logs.restApi`, `provider.tracing.apiGateway`... */
  | 'serverless-rest'
  /** `httpApi` events. */
  | 'serverless-http'
  /** `websocket` events. */
  | 'serverless-websocket';

export interface Api {
  /** `unknown` only for the stages of `AWS::ApiGatewayV2::Api`s declared elsewhere (HTTP or WebSocket). */
  protocol: 'rest' | 'http' | 'websocket' | 'unknown';
  form: ApiForm;
  /** The logical id (`MyApi`, `ServerlessRestApi`; for a Serverless service the generated one, `ApiGatewayRestApi`); empty for stages of APIs declared elsewhere. */
  id: string;
  /** The resource that declares it (CloudFormation and explicit SAM APIs). */
  declaration?: CfnResource;
  /** Where a finding about the API goes: its logical id, the first event of a SAM implicit API, the Serverless `provider` key. */
  range: TextRange;
  /** False for the group of stages whose API (`RestApiId: !ImportValue ...`) is not declared in this document. */
  isDeclaredHere: boolean;
  /** An `AWS::ApiGatewayV2::Api` with `Target` (quick create): a `$default` stage exists that the document does not show. */
  hasQuickCreateStage?: boolean;
  /** A Serverless service that attaches to a shared API (`provider.apiGateway.restApiId`, `provider.httpApi.id`): its stage belongs to another service. */
  isShared?: boolean;
  /** A SAM implicit API: the first event that creates it (it has no key of its own). */
  implicitEvent?: { functionName: string; entry: MapEntry };
  /** A Serverless API: the `provider` entry and its value (undefined when that is in another file), and the first event that creates the API. */
  provider?: { entry?: MapEntry; node: SourceNode | null | undefined };
  firstEvent?: MapEntry;
  /** The stages in document order. A SAM or Serverless API has one, configured on the API. */
  stages: ApiStage[];
  throttling: ApiThrottling;
}

/**
 * Whether anything limits the API's request rate: a stage setting (REST
 * `MethodSettings`, HTTP `DefaultRouteSettings`/`RouteSettings`, SAM Globals,
 * `ApiGatewayManagedOverrides`), a usage plan with `Throttle`, a WAF rate-based
 * rule, or the serverless-api-gateway-throttling plugin. `isUnknown`: what would
 * say so is elsewhere (a usage plan in another file) or the format has no such setting read.
 */
export interface ApiThrottling {
  isThrottled: boolean;
  by?: 'stage' | 'usage-plan' | 'waf' | 'plugin';
  isUnknown?: boolean;
}

/** `absent`: not written (or `AWS::NoValue`) on that branch; `unknown`: a value that cannot be resolved. */
export type SettingState = 'on' | 'off' | 'absent' | 'unknown';

/** One stage setting: where it is written (or would be inserted) and every value it can take, with the conditions each holds under. */
export interface StageSetting {
  /** How the document names it, for messages: `AccessLogSetting`, `StageDescription.TracingEnabled`, `Globals.Api.TracingEnabled`, `provider.logs.restApi`. */
  name: string;
  /** The entry that writes it; undefined when absent. */
  entry?: MapEntry;
  /** For Serverless settings: the entry's value after following a whole-value variable (undefined when that is in another file). */
  node?: SourceNode | null;
  /** The map the setting is (or would be) written in, where a fix inserts it; undefined when there is no such place for this stage alone (a SAM `Globals` value). */
  host?: SourceNode | null;
  /** The entry whose value is `host`, when it has one (`provider.logs`, `provider.tracing`). */
  hostEntry?: MapEntry;
  /** True when the value comes from SAM `Globals`, shared by every API. */
  isGlobal: boolean;
  /** Each branch (`Fn::If`, as the resolver reports it) with its state; a setting that is not written has one `absent` value. */
  values: Array<{ state: SettingState; when: ConditionAssumption[] }>;
}

/** A REST stage's response cache: the cluster switch and the method settings that turn caching on per method. */
export interface ApiStageCache {
  /** The values of `CacheClusterEnabled` (own or `Globals.Api`). */
  cluster: PathValue[];
  /** Maps that set caching for every method of the stage (a Deployment's `StageDescription`). */
  stageWide: SourceNode[];
  /** The `MethodSettings` list (own or `Globals.Api`). */
  methodSettings?: SourceNode | null;
  /** True when `MethodSettings` comes from `Globals.Api`. */
  isFromGlobals: boolean;
  /** A Serverless service's serverless-api-gateway-caching settings. */
  plugin?: ServerlessCachePlugin;
}

/** `custom.apiGatewayCaching` of the serverless-api-gateway-caching plugin, read as the plugin does. */
export interface ServerlessCachePlugin {
  entry: MapEntry;
  /** The settings map (the entry's value, or what its variable names in this file). */
  settings: MapNode;
  /** `enabled`; undefined when unknown. */
  isEnabled: boolean | undefined;
  /** The global `dataEncrypted` (false when absent; undefined when unknown). */
  dataEncrypted: { entry?: MapEntry; value: boolean | undefined };
  /** The `http` events and `additionalEndpoints` whose `caching.enabled` is true; `dataEncrypted.value` undefined when not set or unknown. */
  endpoints: Array<{ label: string; isAdditional: boolean; isCaching: boolean; dataEncrypted: { entry?: MapEntry; value: boolean | undefined } }>;
}

export interface ApiStage {
  api: Api;
  form: ApiStageForm;
  /** `unknown`: an `AWS::ApiGatewayV2::Stage` of an API declared elsewhere (HTTP or WebSocket). */
  protocol: 'rest' | 'http' | 'websocket' | 'unknown';
  /** The stage's (or Deployment's, or SAM API's) logical id, `ServerlessRestApi`, the Serverless API's generated id. */
  name: string;
  /** How messages name it: `REST API stage Prod`, `REST API stage of deployment Deploy`, `SAM API Api`, `implicit SAM API (ServerlessRestApi)`, `REST API of this service`. */
  label: string;
  /** The resource id findings are reported against: a logical id, `ServerlessRestApi`, `provider` for a Serverless service. */
  resource: string;
  declaration?: CfnResource;
  /** Where a finding about the whole stage goes. */
  range: TextRange;
  /** For `cfn-deployment`: false when the Deployment has no `StageName`, so it creates no stage (its `StageDescription` is still read). */
  hasStageName?: boolean;
  accessLogging: StageSetting;
  /**
   * Execution logging: the stage-wide `LoggingLevel` (`MethodSettings` item for `/*` and `*`, `StageDescription`,
   * `DefaultRouteSettings`; absent is AWS's default, off), or Serverless `provider.logs.<kind>.executionLogging`
   * (on by default once logs are on). HTTP APIs have none.
   */
  executionLogging?: StageSetting;
  /** Every data-trace flag of the stage (`DataTraceEnabled` of the stage and of each method or route setting; Serverless `fullExecutionData`). */
  dataTrace: StageSetting[];
  /** True when the `MethodSettings` that carry `dataTrace` come from SAM `Globals.Api`. */
  isDataTraceFromGlobals?: boolean;
  /** X-Ray tracing; REST stages only (HTTP and WebSocket APIs have none). */
  tracing?: StageSetting;
  /** REST stages only. */
  cache?: ApiStageCache;
  /** True when a stage setting throttles requests (both branches of an `Fn::If` count). See also `Api.throttling`. */
  isThrottled: boolean;
  /** The first entry that sets throttling (`ThrottlingRateLimit`, `ThrottlingBurstLimit`), for ranges. */
  throttlingEntry?: MapEntry;
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
  /**
   * Set when the definition is a workspace file the template names: its nodes carry that file's offsets, so
   * rules report on `reference` (the template's `DefinitionUri` or `Location` value) and offer no edit.
   */
  external?: { path: string; reference: SourceNode; property: ExternalDefinitionReference['property']; /** The file's text, for shells that place related locations in it. */ text: string };
}

/**
 * A template's reference to an OpenAPI definition outside it: SAM `DefinitionUri`, `Fn::Transform`
 * `AWS::Include` in `DefinitionBody`/`Body`, or CloudFormation `BodyS3Location`. `status` says whether it
 * was read: `read`; `remote` (`s3://`, a URL, a `{ Bucket, Key }` map: never fetched); `unresolved` (an
 * intrinsic or parameter with no known value); `unreadable` (missing, outside the workspace, refused by the
 * reader, or no reader given); `not-openapi` (read, but not a Swagger 2 or OpenAPI 3 document).
 */
export interface ExternalDefinitionReference {
  /** The API's logical id. */
  api: string;
  property: 'DefinitionUri' | 'AWS::Include' | 'BodyS3Location';
  /** The template node that names the file (the `DefinitionUri` or `Location` value): findings go here. */
  reference: SourceNode;
  /** The location as written, when it is a known string. */
  location?: string;
  /** The file's path, as the reader resolved it (relative paths are relative to the template's folder). */
  path?: string;
  status: 'read' | 'remote' | 'unresolved' | 'unreadable' | 'not-openapi';
  /** Why it was not read, for messages and the inventory: `not read: remote definition (s3://b/api.yaml)`. */
  reason?: string;
  /**
   * Set when the file was read but not whole: a syntax error or an input limit (nesting, size, aliases) left
   * part of it unparsed, so routes in that part are unknown. Says what and where, for the audit's skipped list.
   */
  partial?: string;
}
