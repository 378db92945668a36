/**
 * The project model's view of one handler: what the templates say about an export of a source
 * file (which function it is, which events reach it, how its routes are authenticated, what the
 * template sets around it). Code rules and the engine read it to give a code finding its context:
 * the route's auth, the exposure that decides severity, the template location for related
 * information. Plain data with ranges, like every model.
 */
import type { PermissionSummary } from '../least-privilege/grants';
import type { TriggerKind } from '../code/model';
import type { AuthType } from '../model/types';
import type { TextRange } from '../types';

/** A place in another document of the project (a template, a helper module). */
export interface ProjectLocation {
  /** The document's path as the shell gave it (workspace-relative in the CLI, a file path in the editor). */
  path: string;
  range: TextRange;
}

/**
 * How reachable a handler is, from the most exposed of its triggers:
 * - `public`: an API route, function URL or ALB listener with no auth (anyone on the internet);
 * - `authenticated`: every HTTP trigger has IAM, Cognito, JWT or a Lambda authorizer;
 * - `internal`: only AWS-side triggers (queues, streams, schedules, S3, Cognito triggers...);
 * - `unknown`: no template names the file, or the auth could not be decided.
 */
export type Exposure = 'public' | 'authenticated' | 'internal' | 'unknown';

export interface HandlerTrigger {
  kind: TriggerKind;
  /** `POST /orders`, `GET /admin/{id} (function URL)`, `SQS queue OrdersQueue`, `schedule rate(5 minutes)`. */
  description: string;
  /** For HTTP triggers (API routes, function URLs): the effective auth, as the template model decided it. */
  auth?: AuthType;
  /** The authorizer's name, when one is attached. */
  authorizer?: string;
  /** For API Gateway routes: true when the route requires an API key (`private: true`, `ApiKeyRequired`); a key is not auth. */
  apiKeyRequired?: boolean;
  /** For HTTP triggers: whether API Gateway validates the request first (a request validator, a model or a Serverless `request.schemas`). */
  edgeValidation?: boolean;
  /**
   * For a REST route whose body API Gateway validates: the model's JSON schema as plain data, the content types it is
   * declared for (API Gateway checks a body only when the request's Content-Type has a model, or `$default` does), and where it is.
   */
  edgeBodyModel?: { name: string; contentTypes: string[]; schema: unknown; location: ProjectLocation };
  /** The HTTP method (upper case, `ANY`) and path of a route, for inventories and for "its path says admin". */
  method?: string;
  path?: string;
  /** The event or route declaration in the template. */
  location: ProjectLocation;
  /**
   * True when the function is an API Gateway Lambda authorizer: API Gateway calls it with the
   * caller's token or request before any auth, so its input is anyone's (`auth` is `none`).
   */
  isAuthorizer?: boolean;
}

export interface HandlerBinding {
  /** The export the template names: `create` for `handler: src/orders.create`, `default` for none. */
  exportName: string;
  /** The template that declares the function. */
  templatePath: string;
  /** Serverless: the key under `functions`; SAM/CloudFormation: the logical id. */
  functionName: string;
  /** The function's declaration (its key) in the template. */
  functionLocation: ProjectLocation;
  /** The `handler:`/`Handler:` value's location, for "named here". */
  handlerLocation?: ProjectLocation;
  triggers: HandlerTrigger[];
  exposure: Exposure;
  /** Why, for messages: `POST /orders is public`, `every route uses the Cognito authorizer`, `invoked only by SQS`. */
  exposureReason: string;
  /** Environment variable names the template sets for the function (its own, provider-wide, Globals). */
  environment: string[];
  /** True when the code is inline in the template (`ZipFile`, `InlineCode`): the code's ranges are inside the template. */
  inline?: boolean;
  /** The resolved handler file (a path as the project was given it); absent for inline code. */
  codePath?: string;
  /** The runtime as the template resolves it (`nodejs20.x`), the function's own or the provider's or Globals'. */
  runtime?: string;
  /** What the function's role grants, for judging the handler's AWS calls (least privilege). */
  permissions?: BindingPermissions;
  /** Environment variables the template sets to a resource of the same template (`TABLE: !Ref Orders`), by name. */
  environmentResources?: Record<string, EnvironmentResource>;
  /** The declaration as the template writes it, for judging how another tool reads the template (see `WrittenDeclaration`). */
  written?: WrittenDeclaration;
}

/**
 * A function's declaration as written, before any resolution: what CodeQL's `ServerLess.qll` reads (a YAML resource's
 * `Type` and its own `Properties.Handler` and `Properties.CodeUri`, or a Serverless `functions.<name>.handler`). Values
 * are plain scalars only: an intrinsic (`!Sub`, `!Ref`), a `Globals` value or a collection gives none.
 */
export interface WrittenDeclaration {
  /** `serverless` for an entry of the top-level `functions` map of a Serverless file; else the resource's `Type`. */
  type: string;
  /** The function's own `handler`/`Handler` scalar, as written. */
  handler?: string;
  /** SAM and CloudFormation: the resource's own `CodeUri`: its scalar text, `null` when it is there but not a plain scalar, absent when it is not there. */
  codeUri?: string | null;
}

export interface EnvironmentResource {
  logicalId: string;
  /** `AWS::DynamoDB::Table`, `AWS::S3::Bucket`, `AWS::Serverless::SimpleTable`... */
  type: string;
  /** True when a resource-based policy of the template protects it: it may grant what the role does not. */
  hasResourcePolicy: boolean;
  /**
   * An SSM parameter's: whether its name starts with '/' (its ARN is `parameter` then the name, or `parameter/`
   * then the name); false for a parameter without a `Name` (CloudFormation names it without one); absent when unknown.
   */
  nameStartsWithSlash?: boolean;
  location: ProjectLocation;
}

/** A function's grants as they travel with its binding: action patterns and where each statement is (ranges in the template). */
export interface BindingPermissions extends PermissionSummary {
  /** The role as the template names it (a logical id, `the provider role`), for messages. */
  role: string;
  /** The role's declaration in the template, when the template declares it; else the function is the place to point at. */
  roleLocation?: ProjectLocation;
  /** Where a statement the function needs can be added to the template, when there is one clear place. */
  statementInsertion?: StatementInsertion;
}

/**
 * The end of the statement list that gives a function its permissions: Serverless `provider.iam.role.statements`
 * (or the older `provider.iamRoleStatements`, or the function's own `iamRoleStatements`), or a SAM function's
 * `Policies`. A new item goes at `offset`, after the list's last item, in the list's syntax.
 */
export interface StatementInsertion {
  path: string;
  offset: number;
  /** Block YAML (`- ` items at `column`) or a JSON array (items at `column`). */
  syntax: 'yaml-block' | 'json';
  column: number;
  /** The file's indent unit, in spaces. */
  unit: number;
  /** SAM `Policies`: an item is a policy document (`Statement: [...]`); else an item is a statement. */
  itemIsPolicyDocument: boolean;
  /** The list as the template names it, for the fix's title: `provider.iam.role.statements`, `Policies of Fn`. */
  description: string;
  /** The template text just before `offset` (the list's last item), which the file must still hold for the edit to apply. */
  expectedBefore: string;
}
