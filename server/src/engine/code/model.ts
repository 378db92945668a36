/**
 * The language-neutral model of one Lambda handler source file: exports and handler candidates,
 * imports, taint sources, sinks, flows between them, guards, auth facts and AWS SDK calls.
 * Plain data with UTF-16 ranges; no parser type (TypeScript's or Python's) may appear here,
 * because rules read only this model and a second language must plug in without changing them.
 */
import type { EdgeBodyGuard } from './edge-schema';
import type { TextRange } from '../types';
import type { CodeDocumentCache } from './document-cache';
import type { SyntaxTreeCache } from './syntax-cache';

export type CodeLanguage = 'javascript' | 'typescript' | 'python';

/** What invokes the handler, as the template says (or as an `aws-lambda` type hints). */
export type TriggerKind =
  | 'api-rest'
  | 'api-http'
  | 'function-url'
  | 'alb'
  | 'websocket'
  | 's3'
  | 'sqs'
  | 'sns'
  | 'eventbridge'
  | 'kinesis'
  | 'dynamodb-stream'
  | 'cognito'
  | 'appsync'
  | 'schedule'
  | 'custom-resource'
  | 's3-object-lambda'
  | 'cloudfront'
  | 'unknown';

export type SinkKind = 'command' | 'code-eval' | 'sql' | 'nosql' | 'path' | 'url' | 'deserialization' | 'xml' | 'redirect' | 'html' | 'regex';

export const SINK_KINDS: readonly SinkKind[] = ['command', 'code-eval', 'sql', 'nosql', 'path', 'url', 'deserialization', 'xml', 'redirect', 'html', 'regex'];

/**
 * A place in the analysed code. `path` is absent for this document and present for a fact
 * that lives in a module reached through an import or a re-export.
 */
export interface CodeLocation {
  range: TextRange;
  path?: string;
}

export interface CodeIssue {
  message: string;
  range?: TextRange;
  /**
   * `error`: our own failure (an internal error); `warning`: the analysis stopped short of part of the code
   * (a budget, nesting, a re-export chain, an export the template names that is missing), which the user
   * is told; `info`: a note (an import not followed), kept in the model.
   */
  severity: 'error' | 'warning' | 'info';
  /** `syntax`: the file's own syntax errors, which the editor's TypeScript already reports; not shown again. */
  kind?: 'syntax';
}

/** An issue that says the analysis stopped short of part of the code: shown to the user, and marks the handler's summary incomplete. */
export function isAnalysisLimit(issue: CodeIssue): boolean {
  return issue.severity === 'warning' && issue.kind !== 'syntax';
}

export interface CodeImport {
  specifier: string;
  isRelative: boolean;
  /** The package name (`@aws-sdk/client-s3`, `child_process`) for a package import. */
  packageName?: string;
  /** Imported names as written in the source: `default`, `*`, or a named export. */
  names: Array<{ imported: string; local: string }>;
  range: TextRange;
  style: 'esm' | 'commonjs' | 'dynamic';
}

export interface CodeExport {
  /** The exported name; `default` for `export default` and `module.exports = fn`. */
  name: string;
  range: TextRange;
  isFunction: boolean;
}

/** `export { x } from './y'` and `export * from './y'`: followed by the caller's reader. */
export interface ReExport {
  specifier: string;
  /** Empty for `export *`. */
  names: Array<{ imported: string; exported: string }>;
  isStar: boolean;
  /**
   * `module.exports` set to a `require` of the module: the whole module object, its `default` member included. An ES `export * from`
   * never re-exports `default`.
   */
  isCommonJs?: boolean;
  range: TextRange;
}

export interface HandlerCandidate {
  exportName: string;
  /** The function's own range (after unwrapping any wrapper). */
  functionLocation: CodeLocation;
  /** The name the first parameter has, or `{...}` when destructured; absent when the function takes none. */
  eventParameter?: string;
  /** Outermost first: `middy`, `.use(validator)`, `makeIdempotent`, a local `wrap`. */
  wrappedBy: string[];
  /** Why this export looks like a Lambda handler. */
  reasons: string[];
  /** A trigger implied by an `aws-lambda` type on the handler or its event (`APIGatewayProxyEvent` -> api-rest). */
  triggerHint?: TriggerKind;
  /** The trigger used for this handler's taint analysis. */
  trigger: TriggerKind;
  /** A web app behind a Lambda adapter: its framework and routes as registered (`GET /users/:id`), each analysed as the handler. */
  webApp?: { framework: 'express' | 'fastify' | 'koa' | 'hapi' | 'nest'; routes: string[] };
}

export interface TaintSource {
  id: number;
  /**
   * `event.body`, `event.queryStringParameters`, `event.headers`, `s3.key`, `sqs.body`, ..., `event` for a field no table
   * names, or `s3-object-body` for the body of the object an S3 event's key names, read with GetObject.
   */
  kind: string;
  /** The event path read, with `[]` for any element: `Records[].s3.object.key`; `GetObject(event.Records[].s3.object.key).Body` for an object body. */
  eventPath: string;
  location: CodeLocation;
  handler: string;
}

export interface TaintSink {
  id: number;
  kind: SinkKind;
  cwe: string;
  /** The callee (or construct) as written: `child_process.exec`, `pool.query`, `Location header`. */
  callee: string;
  /** The range of the argument (or property value) that must not be tainted. */
  argumentLocation: CodeLocation;
  /** The whole call or construct. */
  location: CodeLocation;
  note?: string;
  /**
   * For `child_process.exec`/`execSync` of a template string or a concatenation in this document: the
   * command's parts and how the callee is bound, so a fix can rewrite the call to `execFile` without
   * re-parsing. Absent for any other sink, a command held in a variable, or a call in another module.
   */
  shellCommand?: ShellCommandFacts;
}

/** One piece of a command string: constant text (its cooked value) or an embedded expression. */
export type CommandPart = { text: string; range: TextRange } | { expression: TextRange };

export interface ShellCommandFacts {
  /** The called function: `exec` or `execSync`. */
  method: 'exec' | 'execSync';
  /** The name to rename in the callee (`exec` in `exec(...)`, `cp.exec(...)`, or a member of the loaded module). */
  calleeName: TextRange;
  /** The command argument as a template string's or a concatenation's parts, in order. */
  parts: CommandPart[];
  /**
   * When the callee is a local name bound from child_process by a named import or a destructuring
   * `require`: where the new name goes, and whether it is already bound. Absent for a member call.
   */
  binding?: { insertAt: number; hasExecFile: boolean; hasExecFileSync: boolean };
  /** Set when no safe rewrite exists whatever the command (an aliased import, a local `execFile` that is something else). */
  unsafe?: string;
}

/** A comment that carries a directive (`slsward-ignore ...`): its text without the comment markers. */
export interface CodeComment {
  range: TextRange;
  text: string;
  /** For a comment that leads a statement (or member, or property): that statement, so a directive above a multi-line call covers all of it. */
  covers?: TextRange;
}

export interface FlowStep {
  location: CodeLocation;
  /** Short: "assigned to `cmd`", "template string", "argument 1 of `run`", "JSON.parse". */
  description: string;
}

export interface TaintFlow {
  sourceId: number;
  sinkId: number;
  handler: string;
  steps: FlowStep[];
  /** Set when the source was read from an event whose trigger is unknown. */
  assumption?: string;
  /**
   * Ids (in `guards`) of the guards the value went through on the way that do not cut this sink's kind:
   * a free `z.string()` before a URL, a `typeof` check, an unanchored regex, `.url()` before a request.
   * A rule points at them: the code validates, but not in a way that stops this flow.
   */
  passedGuards: number[];
}

export type GuardKind =
  | 'schema'
  | 'allow-list'
  | 'typeof'
  | 'regex-test'
  | 'number-check'
  | 'encode'
  | 'escape'
  | 'validator-function'
  | 'equality'
  /** Input placed after a fixed `scheme://host/` in a URL string can change the path, not where the request goes. */
  | 'fixed-url-prefix';

export interface Guard {
  id: number;
  kind: GuardKind;
  /** The library or construct: `zod`, `joi`, `@middy/validator`, `includes`, `encodeURIComponent`. */
  library?: string;
  location: CodeLocation;
  /** Sink kinds the guarded value can no longer reach. Empty when the guard proves nothing useful (a free `z.string()`). */
  cuts: SinkKind[];
  /** Flows this guard stopped: the source and the sink that would otherwise have been joined. */
  cutFlows: Array<{ sourceId: number; sinkId: number }>;
  note?: string;
  /**
   * For the guard of one field of a schema (`location` is where the schema runs): where that field is
   * declared (`z.string()` in `z.object({...})`), which is where a fix for what it lets through goes.
   */
  declaration?: CodeLocation;
}

export type AuthFactKind = 'jwt-verified' | 'jwt-unverified' | 'authorizer-claims';

export interface AuthFact {
  kind: AuthFactKind;
  /** `jsonwebtoken.verify`, `jose.jwtVerify`, `aws-jwt-verify`, `jsonwebtoken.decode`, `jwt-decode`, `manual base64 decode`, `requestContext.authorizer`. */
  via: string;
  location: CodeLocation;
  /**
   * For a fact inside a helper of a relatively imported module (one level, `location.path` set): the call
   * in this document that reaches it, and the handler export that makes the call. A helper that verifies
   * then counts for that handler, and a decode in it is reported at the call.
   */
  callSite?: { location: CodeLocation; handler?: string; helper: string };
  /**
   * Set on a verification whose failure does not stop the caller: the function holding it returns
   * `null`, `undefined`, `false` or `{}` when the check fails (a `catch` that returns null, `.catch(() => null)`).
   */
  failOpen?: { value: FailValue; location: CodeLocation; helper: string };
}

/** What a verification helper returns when the token is bad, instead of throwing. */
export type FailValue = 'null' | 'undefined' | 'false' | '{}';

/**
 * A handler's call of a helper whose verification fails open (`AuthFact.failOpen`), and what the handler
 * does with the result before anything else: checks it (`if (!user) return 401`), only logs it, never
 * reads it, or uses it unchecked (`getCart(user?.id)`, `Key: { id: user.sub }`).
 */
export interface VerificationResult {
  handler: string;
  /** The helper called, as written: `verifyToken`, `auth.getUser`. */
  helper: string;
  /** The call in the handler. */
  call: CodeLocation;
  /** The name the result is bound to, when it is. */
  name?: string;
  failure: { value: FailValue; location: CodeLocation };
  status: 'checked' | 'unchecked' | 'logged-only' | 'unused';
  /** For `unchecked`: the first use, and what it is (`user.sub`, `argument of getCart`). */
  use?: { location: CodeLocation; description: string };
}

/**
 * How a Lambda authorizer's decision defaults to Allow, found in the function that returns an authorizer
 * response (an IAM policy `{ principalId, policyDocument }` or the HTTP API simple `{ isAuthorized }`):
 * - `allow-on-error`: a `catch` (or `.catch`) returns or calls back an Allow, or a swallowed error falls through to one;
 * - `allow-unless-listed`: Allow is the starting value (a variable, a statement, a `switch` default, the end after a
 *   membership test) and only listed callers are flipped to Deny;
 * - `allow-unconditional`: the function allows every caller and reads no credential at all;
 * - `first-group-only`: an admin check reads only the first entry of `cognito:groups` (`groups[0] === 'admin'`).
 */
export interface AuthorizerDefault {
  kind: 'allow-on-error' | 'allow-unless-listed' | 'allow-unconditional' | 'first-group-only';
  /** The handler export whose function holds it, when one does. */
  handler?: string;
  /** The response shape the function returns: `iam-policy`, `simple` (isAuthorized); absent for a group check outside an authorizer. */
  shape?: 'iam-policy' | 'simple';
  /** Where to report: the catch's Allow, the flip to Deny's condition, the group read. */
  location: CodeLocation;
  /** The Allow statement or response the default comes from. */
  allowLocation?: CodeLocation;
  description: string;
}

/** A statement that changes stored data, from the code's own text (a SQL string), for rules that ask "does this handler write". */
export interface DataWrite {
  store: 'sql';
  /** The statement's verb, upper case: `INSERT`, `UPDATE`, `DELETE`, `REPLACE`, `MERGE`, `DROP`, `TRUNCATE`, `ALTER`. */
  statement: string;
  /** The call as written: `pool.query`, `knex.raw`, `sql` (a tagged template). */
  via: string;
  handler?: string;
  location: CodeLocation;
}

export interface AwsSdkCall {
  sdkVersion: 2 | 3;
  /** The package: `@aws-sdk/client-s3`, `@aws-sdk/lib-dynamodb`, `aws-sdk`. */
  packageName: string;
  /** The service as AWS names it: `S3`, `DynamoDB`, `DynamoDB.DocumentClient`, `SQS`. */
  service: string;
  /** The operation: `PutObject`, `GetItem`, `Query`; v2 calls keep their method name (`putObject`). */
  operation: string;
  location: CodeLocation;
  /** The resource parameters of the call's input (`TableName`, `Bucket`, `QueueUrl`), when the input is an object the code spells out. */
  resources?: AwsCallResource[];
  /** What the call's arguments say about its actions, when the code spells it out (see `AwsCallDetails`). */
  details?: AwsCallDetails;
}

/**
 * Arguments that decide which IAM actions a call needs, read from literals only: the operation a v2
 * `s3.getSignedUrl('getObject', ...)` signs, the state of `waitFor('tableExists')`, the statements of a
 * PartiQL call, the item kinds of a `TransactWriteItems`. Absent when the code computes them.
 */
export interface AwsCallDetails {
  signedOperation?: string;
  waiterState?: string;
  statements?: string[];
  transactItemKinds?: string[];
}

/** What a resource parameter holds: a literal, an environment variable (that a template may define), or unknown. */
export type ResourceValue =
  | { kind: 'literal'; text: string }
  /** `process.env.TABLE_NAME` (Python: `os.environ['TABLE_NAME']`), with any literal text around it (`${process.env.PREFIX}-orders`). */
  | { kind: 'env'; variable: string; prefix?: string; suffix?: string }
  | { kind: 'unknown' };

export interface AwsCallResource {
  /** The input parameter: `TableName`, `Bucket`, `Key`, `QueueUrl`, `TopicArn`, `FunctionName`, `SecretId`, `Name`... */
  parameter: string;
  value: ResourceValue;
  location: CodeLocation;
}

/** An SDK call whose operation the code does not spell out: the file's list of AWS calls is incomplete. */
export interface OpaqueAwsCall {
  location: CodeLocation;
  reason: string;
}

/**
 * A hard-coded credential in a source literal. `signal` says why: `shape` when the value itself has a
 * vendor format (an AWS access key id, a private key, a Stripe, GitHub or Slack token), `name` when the
 * name it is bound to says secret. The same detector and placeholder rules as the template rules.
 */
export interface CodeSecret {
  /** What it looks like: `password`, `token`, `key`, `secret`, `AWS access key id`, `private key`... */
  kind: string;
  signal: 'shape' | 'name';
  /** How the literal is bound: a variable, an object property, an HTTP header, a parameter default, a fallback of an environment variable, a call argument (`jwt.sign(payload, '...')`). */
  context: 'variable' | 'property' | 'header' | 'parameter' | 'env-fallback' | 'argument' | 'literal';
  /** The name it is bound to (`JWT_SECRET`, `apiKey`, `x-api-key`); absent for a bare literal with a provider shape. */
  name?: string;
  /** For `process.env.X || '...'`, `?? '...'` and `const { X = '...' } = process.env`: the variable X, so a rule can tell whether the template sets it. */
  envVariable?: string;
  /** The literal. */
  location: CodeLocation;
  description: string;
  /** How the literal is written, for rules whose equivalents match syntax (see `SecretSyntax`); absent where not recorded. */
  written?: SecretSyntax;
}

/**
 * The syntax around a hard-coded secret's literal, as other tools' pattern rules read it: SonarJS S2068 and
 * S6418 match a string literal assigned to a name, Semgrep's hardcoded-jwt-secret and hardcoded-hmac-key a
 * literal key argument of `$JWT.sign` or `$CRYPTO.createHmac`.
 */
export interface SecretSyntax {
  /** The literal's text. */
  value: string;
  /** True for a quoted string literal; false for a template literal without substitutions. */
  isQuoted: boolean;
  /** What the literal is assigned to, as written: `password`, `config.password`, `'x-api-key'`; absent for an argument or a bare literal. */
  target?: string;
  /** Where that target is: a variable declaration, an assignment, an object property, or a default (a parameter's, a destructured binding's). */
  targetKind?: 'declaration' | 'assignment' | 'property' | 'default';
  /** True when the target is an identifier (a variable, a parameter, an unquoted property key), not a member expression or a quoted key. */
  targetIsIdentifier?: boolean;
  /** True when the literal is the right side of `||` or `??` whose result is assigned (`x = process.env.X || '...'`). */
  isDefaultOperand?: boolean;
  /** For a key argument: its call's module and method, and whether the call is written `object.method(...)` on an identifier. */
  call?: { module: string; method: string; isMethodOfIdentifier: boolean };
}

/** What a logging call writes that it should not: the whole event, its headers (or an auth header), its body, or a secret. */
export type LoggedDataKind = 'event' | 'headers' | 'auth-header' | 'body' | 'secret-env' | 'environment';

export interface CodeLogFact {
  kind: LoggedDataKind;
  /** The logger call as written: `console.log`, `logger.info`, `pino`, `winston`. */
  logger: string;
  /** The logged expression, short: `event`, `event.headers`, `process.env.DB_PASSWORD`. */
  what: string;
  /** The handler export whose function contains the call, when it does. */
  handler?: string;
  /** The logged argument. */
  location: CodeLocation;
  description: string;
}

/** A sensitive field (password, card number, CVV, SSN, token, secret, API key) written to a store or a message without hashing or encryption. */
export interface SensitiveWrite {
  /** The field as written: `password`, `cardNumber`. */
  field: string;
  /** `password`, `card number`, `card security code`, `social security number`, `token`, `secret`, `API key`. */
  category: string;
  /** `DynamoDB`, `S3`, `SQS`, `SNS`. */
  service: string;
  /** The parameter carrying the data: `Item`, `Body`, `MessageBody`, `Message`, `ExpressionAttributeValues`. */
  parameter: string;
  handler?: string;
  /** The field's property. */
  location: CodeLocation;
  description: string;
}

export interface InsecureTransport {
  /** `plaintext-url`: an http:// or ws:// URL used by an outgoing call; `tls-verification-disabled`: certificate checks turned off. */
  kind: 'plaintext-url' | 'tls-verification-disabled';
  /** The URL (scheme and host) or the setting as written: `http://api.partner.com`, `rejectUnauthorized: false`, `NODE_TLS_REJECT_UNAUTHORIZED = '0'`. */
  what: string;
  /** The call it reaches or the construct: `axios.get`, `fetch`, `S3Client endpoint`, `https.Agent`, `process.env`. */
  via: string;
  /** For an option written in an object literal that is itself an argument of `via`: that argument's position. */
  optionsArgument?: number;
  /** For a `plaintext-url`: true when the URL is a quoted string literal (not a template literal), as pattern rules that match string literals need. */
  isQuoted?: boolean;
  /** For a `plaintext-url` whose literal is itself an argument of the call: its position and the callee as written (`http.get`). */
  urlArgument?: { index: number; callee: string };
  location: CodeLocation;
  description: string;
}

/** Something a response body returns to the caller that it should not. */
export interface ResponseLeak {
  /** `error-object`: a caught error returned as it is; `stack-trace`: its `stack`; `secret`: a secret-named environment variable or `process.env`. */
  kind: 'error-object' | 'stack-trace' | 'secret';
  /** The expression, short: `err`, `err.stack`, `process.env.API_KEY`. */
  what: string;
  handler?: string;
  location: CodeLocation;
  description: string;
  /**
   * How the value reaches the response, for rules whose equivalents model only some paths (CodeQL's
   * js/stack-trace-exposure: a `catch` clause's parameter, into a web framework's response): `sink` is a Lambda
   * `{ statusCode, body }` object or a response method (`res.send`); `isWholeArgument` when the leaked expression
   * is itself the method's argument (not a part of an object, a template or a concatenation); `isCatchParameter`
   * when the error (or the object whose `stack` is read) is the parameter of a `try`'s `catch` clause.
   */
  reach?: { sink: 'lambda-body' | 'response-method'; method?: string; isWholeArgument: boolean; isCatchParameter: boolean };
}

/** The request body stored as it is, so the caller chooses every field (`userId`, `role`, `price`). */
export interface MassAssignment {
  /** `DynamoDB Item`, `insertOne`, `create`, `Prisma data`. */
  store: string;
  /** How the body is stored: as the whole value, or spread into an object before or after the fields the code sets. */
  shape: 'whole' | 'spread-first' | 'spread-last';
  /** The stored expression, short: `body`, `JSON.parse(event.body)`, `{ ...body, id }`. */
  what: string;
  handler?: string;
  location: CodeLocation;
  description: string;
}

export interface CodeDocument {
  path: string;
  language: CodeLanguage;
  /** The trigger the caller gave, or `unknown`. */
  trigger: TriggerKind;
  /** When the trigger is unknown: what was assumed about the event. */
  assumptions: string[];
  /** Set when the file was not analysed at all (too large, minified, generated, not code). */
  skipped?: string;
  issues: CodeIssue[];
  imports: CodeImport[];
  exports: CodeExport[];
  reExports: ReExport[];
  handlers: HandlerCandidate[];
  sources: TaintSource[];
  sinks: TaintSink[];
  flows: TaintFlow[];
  guards: Guard[];
  authFacts: AuthFact[];
  awsCalls: AwsSdkCall[];
  /** SDK calls whose operation cannot be read (`client.send(command)` with a command built elsewhere); absent when none. */
  opaqueAwsCalls?: OpaqueAwsCall[];
  /** Why `awsCalls` may lack some of the calls the code makes (an imported module not read); absent when it is complete. */
  awsCallsIncomplete?: string[];
  /** SDK clients (or the v2 global config) given credentials of their own: their calls may not run as the function's role. */
  awsCredentials?: OpaqueAwsCall[];
  /** Comments holding a directive (`slsward-ignore`), found by the parser's scanner, never a regex over code. */
  comments?: CodeComment[];
  /** Hard-coded credentials in string literals (`typescript/facts.ts`). */
  secrets: CodeSecret[];
  /** Logging calls that write the event, its headers or body, or a secret. */
  logs: CodeLogFact[];
  /** Sensitive fields stored or sent without hashing or encryption. */
  sensitiveWrites: SensitiveWrite[];
  /** http:// and ws:// URLs of outgoing calls, and TLS verification turned off. */
  insecureTransport: InsecureTransport[];
  /** Errors, stack traces and secrets returned in response bodies. */
  responseLeaks: ResponseLeak[];
  /** The request body stored as it is. */
  massAssignments: MassAssignment[];
  /** Handlers' calls of verification helpers that fail open, and whether the result is checked (`typescript/auth-facts.ts`). */
  verificationResults: VerificationResult[];
  /** Lambda authorizer decisions that default to Allow, and admin checks that read only the first group. */
  authorizerDefaults: AuthorizerDefault[];
  /** SQL statements that write (INSERT, UPDATE, DELETE...), by the constant text of the query. */
  dataWrites: DataWrite[];
  /** Denials (401, 403) answered without stopping the handler (`typescript/denial-fall-through.ts`); absent when none. */
  denialFallThroughs?: DenialFallThrough[];
  /** Handlers' conditions that ask a check helper which returns `true` whatever it is given (`typescript/always-allow.ts`); absent when none. */
  alwaysAllowChecks?: AlwaysAllowCheck[];
  /** JWT verify, sign and verifier-creation calls whose options weaken them (`typescript/jwt-options.ts`); absent when none. */
  jwtWeaknesses?: JwtWeakness[];
}

/**
 * A JWT call whose options switch off part of what makes it a check, read from an object literal written at
 * the call or held in a top-level `const` of the file (`typescript/jwt-options.ts`); options it cannot read give none.
 * - `ignore-expiration`: jsonwebtoken `verify` with `ignoreExpiration: true`;
 * - `none-accepted`: jsonwebtoken `verify` whose `algorithms` array lists `'none'`;
 * - `none-signed`: jsonwebtoken `sign` with `algorithm: 'none'`;
 * - `token-use-unchecked`, `client-id-unchecked`: aws-jwt-verify `CognitoJwtVerifier.create` with `tokenUse: null`, `clientId: null`.
 */
export interface JwtWeakness {
  kind: 'ignore-expiration' | 'none-accepted' | 'none-signed' | 'token-use-unchecked' | 'client-id-unchecked';
  /** The library function: `jsonwebtoken.verify`, `jsonwebtoken.sign`, `CognitoJwtVerifier.create`. */
  via: string;
  /** The callee as written: `jwt.verify`, `verify`, `CognitoJwtVerifier.create`. */
  callee: string;
  call: CodeLocation;
  /** The property or array element that weakens the call: where a finding goes. */
  location: CodeLocation;
  /** Whether the options object is written at the call or held in a `const` the call names. */
  options: 'literal' | 'const';
  /** The property names the options object writes, in order (`[...]` for a spread): how other tools' patterns see it. */
  optionNames: string[];
  /** What to delete to undo the weakness when deleting it changes nothing else (the property, the `'none'` element); absent otherwise. */
  removal?: TextRange;
}

/** An `if` of a handler that asks a helper of the same file (`isAdmin(event)`) which always returns `true`: the check guards nothing. */
export interface AlwaysAllowCheck {
  handler: string;
  /** The helper's name as called. */
  helper: string;
  /** The call in the handler's condition. */
  location: CodeLocation;
  /** The helper's `return true` that every path reaches (or its expression body). */
  returnsTrue: CodeLocation;
  description: string;
}

/**
 * A branch that answers 401 or 403 (through the Lambda callback, `context.succeed`/`fail`/`done`, or `res.status`)
 * without a `return` or `throw`, while the handler goes on to work below it: the refusal comes after the work.
 */
export interface DenialFallThrough {
  handler: string;
  /** The call that answers the denial. */
  location: CodeLocation;
  /** `401` or `403` as written, or the refusal's words (`'Unauthorized'`). */
  status: string;
  /** The first statement that still runs after it. */
  continuesAt: CodeLocation;
  description: string;
}

/** The caller's reader for relative imports and re-exports; pure from the engine's side. */
export type ModuleReader = (fromPath: string, specifier: string) => { path: string; text: string } | undefined;

export interface AnalyzeCodeInput {
  path: string;
  text: string;
  trigger?: TriggerKind;
  readModule?: ModuleReader;
  /**
   * Exports a template names as handlers, each with the trigger of its function's events when the template
   * says (one file can serve an API route and a queue). They are candidates whatever their shape.
   */
  handlers?: Array<{ exportName: string; trigger?: TriggerKind; edgeBody?: EdgeBodyGuard }>;
  /** Work units (expressions visited) for the whole document; the default suits any file under 1 MB. */
  workBudget?: number;
  /**
   * The caller's kept syntax trees (one per file, between versions): the front end re-parses an edited
   * file incrementally and reuses the trees of imports whose text is unchanged. Findings are the same with or without it.
   */
  syntaxTrees?: SyntaxTreeCache;
  /**
   * The caller's kept code models (one per file, between versions), used with `syntaxTrees`: an edit that
   * changes only comments or blank space between top-level statements gets the last model back, moved.
   * Findings are the same with or without it.
   */
  documents?: CodeDocumentCache;
}

export function emptyCodeDocument(path: string, language: CodeLanguage, trigger: TriggerKind): CodeDocument {
  return { path, language, trigger, assumptions: [], issues: [], imports: [], exports: [], reExports: [], handlers: [], sources: [], sinks: [], flows: [], guards: [], authFacts: [], awsCalls: [], secrets: [], logs: [], sensitiveWrites: [], insecureTransport: [], responseLeaks: [], massAssignments: [], verificationResults: [], authorizerDefaults: [], dataWrites: [] };
}
