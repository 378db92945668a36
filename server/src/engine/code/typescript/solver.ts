/**
 * The taint solver of the JavaScript/TypeScript front end: it walks a handler from its event
 * parameter through assignments, destructuring, strings, awaits, array callbacks, closures, same-file
 * helpers (per-function summaries, computed once) and one level of relative imports, and reports each
 * flow once at its sink with its steps. Depth and work are bounded; what it cannot follow is unknown,
 * never tainted. It reads syntax only and never executes the analysed code.
 */
import ts from 'typescript';
import { exportedClassName, nestInjectToken, type NestParameter } from './nest-apps';
import { classifyEventPath, formatEventPath, isTrustedByDefault } from '../event-sources';
import { SINK_KINDS, type CodeDocument, type CodeLocation, type FlowStep, type GuardKind, type ModuleReader, type SinkKind, type TriggerKind } from '../model';
import { describeQualifiedName, memberName, propertyNameText, qualifiedNameOf, resolveFunction, unwrapExpression, type FunctionNode, type ModuleScan, type QualifiedName } from './module-scan';
import { matchesModel, scanSites, type SinkSite, type SiteScan } from './sites';
import type { SyntaxTreeCache } from '../syntax-cache';
import { isAnchoredRegex } from '../patterns';
import type { EdgeBodyGuard } from '../edge-schema';
import {
  CHAIN_SCHEMA_LIBRARIES,
  ELEMENT_CALLBACK_METHODS,
  OPAQUE_SCHEMA_LIBRARIES,
  PREDICATES,
  PROPAGATING_GLOBALS,
  PROPAGATING_METHODS,
  PROPAGATING_MODULE_FUNCTIONS,
  RETURNS_ELEMENTS,
  SANITIZERS,
  STRICT_SCHEMA_ROOTS,
  STRING_REFINEMENTS,
  CLASS_VALIDATOR_DECORATORS,
  FUNCTIONAL_SCHEMA_LIBRARIES,
  JSON_SCHEMA_FORMATS,
  STRICT_SCHEMA_BUILDERS,
  VALIBOT_ACTIONS,
  WRAPPING_SCHEMA_BUILDERS,
  TEXT_RESULT_GLOBALS,
  TEXT_RESULT_METHODS,
  URL_LIKE_CUTS,
  MONGO_LITERAL_OPERATORS,
} from './tables';

type Mask = number;
const UNKNOWN_MARK = '\u0000';
const TAINTED_MARK = '\u0001';
/**
 * A URL whose scheme and host are already written (`https://api.example.com/`, or a configured base
 * followed by `/`): input after it changes the path only, so it is no SSRF and no open redirect. A host
 * that input wrote, or a bare `/` (which `//evil.example` turns into a host), does not count.
 */
const FIXED_URL_PREFIX = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#@\u0001]+|\u0000[^/?#\u0001]*)\//i;
/**
 * A written scheme and host with nothing after them (`https://origin.example.com`, `https://${domainName}`):
 * input there could still extend the host (`.evil.example`, `@evil.example`), unless it is a request path,
 * which always starts with `/` and so ends the host.
 */
const FIXED_HOST_ONLY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\u0001]+$/i;
/**
 * CloudFormation's custom resource protocol: the event carries `ResponseURL`, a presigned S3 URL that
 * CloudFormation writes and the handler must PUT its answer to (cfn-response). Read from a message that
 * carried the event (an SQS or SNS body), it is no more the caller's choice than the rest of the event.
 */
const CUSTOM_RESOURCE_RESPONSE_URL = 'ResponseURL';
/** Triggers whose whole payload a caller writes: there a `ResponseURL` field is theirs, not CloudFormation's. */
const CALLER_WRITTEN_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket', 'appsync']);
const ALL: Mask = (1 << SINK_KINDS.length) - 1;
function maskOf(kinds: readonly SinkKind[] | 'all'): Mask {
  if (kinds === 'all') return ALL;
  let mask = 0;
  for (const kind of kinds) mask |= 1 << SINK_KINDS.indexOf(kind);
  return mask;
}
function kindsOf(mask: Mask): SinkKind[] {
  return SINK_KINDS.filter((_, index) => (mask & (1 << index)) !== 0);
}

const MAX_TRACES = 6;
const MAX_STEPS = 24;
const MAX_INLINE_DEPTH = 4;
const MAX_SUMMARY_DEPTH = 6;
const MAX_PATH = 8;
const MAX_STEP_CHAIN = 200;

interface Trace {
  origin: 'event' | 'param' | 'source';
  param?: number;
  sourceId?: number;
  /** The access path from the event or parameter root. */
  path: string[];
  /** Newest first, shared between traces: appending a step is O(1). */
  steps: StepList | undefined;
  cut: Mask;
  /** Guards the value went through, whether or not they cut anything (a free `z.string()` cuts nothing). */
  guards: number[];
  /** Where the value was last read (for sources found only when the whole event is used). */
  at: CodeLocation;
  /**
   * The value is still a request path as the event gave it (only assigned, destructured, passed or
   * returned on the way), so it starts with `/`. Any step that changes the text clears it.
   */
  isRootedPath?: boolean;
  /**
   * An event trace read through a web framework's request (`req.query.id` is the event's `queryStringParameters.id`),
   * or an event whose body a middleware parsed (`@middy/http-json-body-parser`: `event.body` is an object). A source
   * keeps its event's shape: the members of a parsed query (`?id[length]=x`) may be objects, a raw event's are strings.
   */
  shape?: 'express-request' | 'koa-context' | 'hapi-request' | 'parsed-body';
  /** The request parameter's name as written (`req`, `request`), for naming its sources. */
  requestName?: string;
  /**
   * The value may be an object the caller wrote (a field of parsed JSON, an Express body or query), not
   * only a string: only passed on since. Any step that builds text from it clears it.
   */
  mayBeObject?: boolean;
  /**
   * The value is an object of the event as a whole (the query map, a parsed body, the event), only passed
   * on since: a response body that sends it answers JSON. Reading a member of it, or building text, clears it.
   */
  isWholeObject?: boolean;
  /**
   * The value is a JavaScript string or a real array (a string field of the event as AWS gives it, a template,
   * a concatenation, a string method's result), only passed on since: its `length` is a number, which carries no
   * injection. Reading any other member, or a step that may change what it is, clears it.
   */
  isText?: boolean;
}

/**
 * Event fields that are strings (or arrays of strings) whenever the trigger is known, as AWS gives them: the
 * proxy integration's body, path and query string (`api-rest` is read as the proxy integration throughout the
 * event table), an S3 key, an SQS body, an SNS message, Kinesis data, a CloudFront URI. A body a middleware or
 * a framework parsed is not one (the trace has a shape then).
 */
const TEXT_SOURCE_KINDS: ReadonlySet<string> = new Set(['event.body', 'event.rawPath', 'event.path', 'event.rawQueryString', 'event.cookies', 's3.key', 'sqs.body', 'sns.message', 'sns.subject', 'kinesis.data', 'cloudfront.uri', 'cloudfront.querystring']);
/** Event maps whose every member is a string (or a list of strings), as API Gateway, ALB and function URLs give them. */
const TEXT_MAP_FIELDS: ReadonlySet<string> = new Set(['queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers', 'multiValueHeaders', 'cookies']);
const HTTP_TRIGGERS: ReadonlySet<TriggerKind> = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket']);

/**
 * The fields of an Express request that carry the caller's input, as the Lambda event fields the
 * adapter fills them from (serverless-http and serverless-express build the request from the event).
 * Any other member (`req.user` set by an auth middleware, `req.app`, `req.method`) is not input.
 */
const EXPRESS_REQUEST_FIELDS: Readonly<Record<string, string>> = {
  query: 'queryStringParameters',
  params: 'pathParameters',
  body: 'body',
  headers: 'headers',
  cookies: 'cookies',
  path: 'rawPath',
  url: 'rawPath',
  originalUrl: 'rawPath',
};
/** Request fields that Express parses into objects: `express.json()` bodies, and `?a[$ne]=1` query strings (Express 4's extended parser). */
const EXPRESS_OBJECT_FIELDS: ReadonlySet<string> = new Set(['body', 'queryStringParameters']);
const EXPRESS_REQUEST_NAMES: Readonly<Record<string, string>> = { queryStringParameters: 'query', pathParameters: 'params', body: 'body', headers: 'headers', cookies: 'cookies', rawPath: 'path', rawQueryString: 'querystring' };
/**
 * A Koa context's input: its own shortcuts (`ctx.query`, `ctx.params` from the router, `ctx.headers`, `ctx.path`),
 * and `ctx.request`, read as an Express request (`ctx.request.body` from a body parser). `ctx.body` is the
 * response, and `ctx.state` what middlewares set: neither is input.
 */
const KOA_CONTEXT_FIELDS: Readonly<Record<string, string>> = { query: 'queryStringParameters', params: 'pathParameters', headers: 'headers', header: 'headers', path: 'rawPath', url: 'rawPath', originalUrl: 'rawPath', href: 'rawPath', querystring: 'rawQueryString' };
/**
 * A Hapi request's input: `request.payload` (the body, parsed from JSON), `request.query`, `request.params`,
 * `request.headers`, `request.state` (the parsed cookies) and `request.path`. `request.auth` (what an auth
 * strategy verified), `request.app` and `request.plugins` (what the code set) are not input.
 */
const HAPI_REQUEST_FIELDS: Readonly<Record<string, string>> = { payload: 'body', query: 'queryStringParameters', params: 'pathParameters', headers: 'headers', state: 'cookies', path: 'rawPath' };
const HAPI_REQUEST_NAMES: Readonly<Record<string, string>> = { body: 'payload', queryStringParameters: 'query', pathParameters: 'params', headers: 'headers', cookies: 'state', rawPath: 'path' };

/** How a source reads in the code: `event.queryStringParameters.id`, or `req.query.id` through a web framework. */
function formatTracePath(trace: Trace, path: readonly string[]): string {
  if (trace.shape !== 'express-request' && trace.shape !== 'koa-context' && trace.shape !== 'hapi-request') return formatEventPath(path);
  const request = trace.requestName ?? 'req';
  if (path.length === 0) return request;
  const names = trace.shape === 'hapi-request' ? HAPI_REQUEST_NAMES : EXPRESS_REQUEST_NAMES;
  return formatEventPath(path).replace(/^event\.([A-Za-z]+)/, (whole, first: string) => (names[first] ? `${request}.${names[first]}` : whole));
}

/** A persistent rope of steps: appending a step or a whole callee's steps is O(1) and shares memory. */
interface StepList {
  previous: StepList | undefined;
  item: FlowStep | StepList;
  length: number;
}

function isStepList(item: FlowStep | StepList): item is StepList {
  return 'length' in item;
}

function appendSteps(list: StepList | undefined, item: FlowStep | StepList | undefined): StepList | undefined {
  if (!item) return list;
  const added = isStepList(item) ? item.length : 1;
  if ((list?.length ?? 0) + added > MAX_STEP_CHAIN) return list;
  return { previous: list, item, length: (list?.length ?? 0) + added };
}

function stepsToArray(list: StepList | undefined): FlowStep[] {
  const out: FlowStep[] = [];
  const pending: Array<FlowStep | StepList> = list ? [list] : [];
  // Walk right to left, then reverse: the rope's newest step is on its right.
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (!isStepList(item)) {
      out.push(item);
      continue;
    }
    if (item.previous) pending.push(item.previous);
    pending.push(item.item);
  }
  out.reverse();
  // Long chains keep their two ends: where the input came from and how it reached the sink.
  // The sink adds one more step, so the result holds MAX_STEPS - 1 at most.
  if (out.length < MAX_STEPS) return out;
  const head = MAX_STEPS / 2;
  const tail = MAX_STEPS - head - 2;
  return [...out.slice(0, head), { location: out[head].location, description: `(${out.length - head - tail} more steps)` }, ...out.slice(out.length - tail)];
}

interface FunctionValue {
  node: FunctionNode;
  module: ModuleContext;
  /** Scopes the function closes over; undefined for file-level functions (summarised instead). */
  closure?: Scope;
}

interface SchemaShape {
  library: string;
  type: 'object' | 'array' | 'string' | 'strict' | 'free';
  /** `strict`: the alphabet is fixed; `url`: any URL (no host check); `host`: the host is checked against an allow-list, the rest is free. */
  refinement?: 'strict' | 'url' | 'host';
  fields?: Map<string, SchemaShape>;
  element?: SchemaShape;
  keepsUnknown?: boolean;
  /** Where a string or free field is declared (`z.string()`, `Joi.string().uri()`), so a flow it lets through can point at it. */
  location?: CodeLocation;
  /** Why a string field is free when it is not plain (`.regex(/[a-z]+/)`: the pattern is not anchored). */
  note?: string;
}

/** The note of a string field whose pattern does not pin the whole value down. */
const UNANCHORED_NOTE = 'accepts any string: the pattern is not anchored at both ends (or admits anything), so it proves nothing about the rest of the value';
/** The note of a validator whose schema could not be read. */
const UNREAD_SCHEMA_NOTE = 'schema not read (imported, or built at run time); assumed to constrain every field';

/** The package a module specifier belongs to: `@sinclair/typebox/value` is `@sinclair/typebox`. */
function packageRoot(module: string): string {
  const parts = module.split('/');
  return module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** What a value that passed a schema can no longer carry, whatever field is read: the sink kinds cut on all of it. */
function wholeMask(shape: SchemaShape): Mask {
  switch (shape.type) {
    case 'strict':
      return ALL;
    case 'string':
      return shape.refinement === 'strict' ? ALL : shape.refinement === 'url' ? maskOf(URL_LIKE_CUTS) : shape.refinement === 'host' ? maskOf(HOST_CUTS) : 0;
    case 'object': {
      if (shape.keepsUnknown) return 0;
      let mask = ALL;
      for (const field of shape.fields?.values() ?? []) mask &= wholeMask(field);
      return mask;
    }
    case 'array':
      return shape.element ? wholeMask(shape.element) : 0;
    case 'free':
      return 0;
  }
}

/** A union (`anyOf`, `v.union`, `Type.Union`): fixed only when every member is; a string when members are strings or fixed; anything otherwise. */
function loosestOf(library: string, members: Array<SchemaShape | undefined>, location: CodeLocation): SchemaShape {
  if (members.length > 0 && members.every((member) => member?.type === 'strict' || (member?.type === 'string' && member.refinement === 'strict'))) return { library, type: 'strict' };
  if (members.length > 0 && members.every((member) => member?.type === 'strict' || member?.type === 'string')) {
    const refinements = new Set(members.filter((member) => member?.type === 'string').map((member) => member!.refinement));
    return { library, type: 'string', refinement: refinements.size === 1 ? [...refinements][0] : undefined, location };
  }
  return { library, type: 'free', location };
}

/** A validation middleware on a handler's middy chain and the schema it checks the event with (found by the front end). */
export interface MiddlewareSchema {
  library: string;
  language: 'json-schema' | 'zod';
  /** The schema expression; undefined when the middleware is given none we can see. */
  node: ts.Expression | undefined;
  /** The middleware call, where its guard is placed. */
  location: CodeLocation;
  /** `use(validator)`, for the note of a schema that cannot be read. */
  wrapper: string;
}

interface Value {
  traces: Trace[];
  props?: Map<string, Value>;
  qname?: QualifiedName;
  fn?: FunctionValue;
  schema?: SchemaShape;
  /** A relative import binding, resolved through the reader when called. */
  importRef?: { specifier: string; imported: string; module: ModuleContext };
  isConstant?: boolean;
  /** `fn.bind(thisArg, a, b)`: the arguments `fn` is called with before the caller's. */
  bound?: { args: Value[]; nodes: ts.Expression[] };
  /** `new GetObjectCommand({ Key })` of the S3 SDK v3: the key it reads, for `client.send(command)`. */
  s3GetObjectKey?: Value;
  /** What an S3 GetObject gave (v2 `getObject(...)`, v3 `send(...)`): `.promise()` of it is itself. */
  isS3Object?: boolean;
}

const EMPTY: Value = { traces: [] };

interface Narrowing {
  mask: Mask;
  guards: number[];
  /** True when the guard throws: a helper that holds it asserts its argument for the caller. */
  viaThrow: boolean;
  /** `typeof x === 'string'`: whatever it may carry, the value is no object (no MongoDB operator). */
  notObject?: boolean;
}

class Scope {
  readonly vars = new Map<string, Value>();
  readonly narrow = new Map<string, Narrowing>();
  constructor(readonly parent: Scope | undefined, readonly isFunction: boolean) {}
  lookup(name: string): Value | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const value = scope.vars.get(name);
      if (value) return value;
    }
    return undefined;
  }
  owner(name: string): Scope | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) if (scope.vars.has(name)) return scope;
    return undefined;
  }
  narrowing(key: string): Narrowing | undefined {
    let result: Narrowing | undefined;
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const found = scope.narrow.get(key);
      if (found) result = result ? { mask: result.mask | found.mask, guards: [...result.guards, ...found.guards], viaThrow: result.viaThrow || found.viaThrow } : found;
    }
    return result;
  }
}

interface Summary {
  returns: Value;
  sinkHits: Array<{ trace: Trace; sinkId: number }>;
  asserts: Array<{ param: number; path: string[]; narrowing: Narrowing }>;
  /** For `return <condition>` helpers: what a true or false result proves about the parameters. */
  predicate?: { whenTrue: ParamNarrowing[]; whenFalse: ParamNarrowing[] };
}

interface ParamNarrowing {
  param: number;
  path: string[];
  narrowing: Narrowing;
}

interface KeyNarrowing {
  key: string;
  narrowing: Narrowing;
}

class BudgetExceeded extends Error {}

/** One guard per place and kind; a schema's field guard is one per field. */
function guardKey(location: CodeLocation, kind: GuardKind, declaration?: CodeLocation): string {
  return `${location.path ?? ''}|${location.range.start}|${location.range.end}|${kind}${declaration ? `|${declaration.path ?? ''}|${declaration.range.start}` : ''}`;
}

/** Per-file state: the syntactic scans and the summaries of its functions. */
export class ModuleContext {
  readonly siteScan: SiteScan;
  readonly summaries = new Map<ts.Node, Summary | 'pending'>();
  readonly moduleValues = new Map<string, Value | 'pending'>();
  readonly registeredSinks = new Map<SinkSite, number>();
  /** What `this` is in the methods of each class of this module (built once, when a method first runs). */
  readonly instances = new Map<ts.ClassLikeDeclaration, Value>();
  constructor(
    readonly scan: ModuleScan,
    readonly isMain: boolean,
    /** Imports are followed one level: a module reached through an import does not follow its own. */
    readonly importDepth: number,
  ) {
    this.siteScan = scanSites(scan);
  }
  location(node: ts.Node): CodeLocation {
    const range = { start: node.getStart(this.scan.sourceFile), end: node.getEnd() };
    return this.isMain ? { range } : { range, path: this.scan.path };
  }
}

export interface SolverOptions {
  document: CodeDocument;
  readModule?: ModuleReader;
  /** Work units (expressions visited) for the whole document. */
  budget?: number;
  /** The caller's kept syntax trees: imported modules whose text has not changed are not parsed again. */
  syntaxTrees?: SyntaxTreeCache;
}

/**
 * What one handler's analysis wrote through the solver, in order, with the ids it was given
 * (`handler-replay.ts` replays it for a handler an edit cannot have changed).
 */
export type SolverEvent =
  | { type: 'source'; kind: string; eventPath: string; location: CodeLocation; handler: string; id: number }
  | { type: 'guard'; kind: GuardKind; library: string; location: CodeLocation; cuts: number; note?: string; declaration?: CodeLocation; id: number }
  | { type: 'guard-cut'; guardId: number; mask: number }
  | { type: 'guard-settled'; guardId: number; cuts: number; note: string | undefined }
  | { type: 'flow'; sourceId: number; sinkId: number; handler: string; steps: FlowStep[]; assumption: string | undefined; passedGuards: number[] }
  /** `masks`: each guard's mask when the cut was recorded, which decides the guards it is credited to. */
  | { type: 'cut'; guardIds: number[]; masks: number[]; sourceId: number; sinkId: number };

/** Shared by every handler of the document: the records it writes and the modules it has read. */
export class Solver {
  private work = 0;
  /** False until some guard narrows a name: most code has none, and lookups then skip the scope walk. */
  hasNarrowings = false;
  /** Set by the front end while it records a handler's analysis: every write through the solver, in order. */
  events: SolverEvent[] | undefined;
  /**
   * Set when what an analysis found may depend on which handler ran first: a summary or a module value cut
   * short by recursion or depth (cached, so a later handler gets the cut one), a class instance (built once,
   * partly while it is read), a module read through the reader. Replaying one handler alone is then unsafe.
   */
  orderSensitive = false;
  private readonly budget: number;
  private readonly modules = new Map<string, ModuleContext | undefined>();
  private readonly flowKeys = new Set<string>();
  private readonly sourceKeys = new Map<string, number>();
  private readonly guardKeys = new Map<string, number>();
  /** Per guard, the sink kinds it cut on some value (a schema cuts field by field, so more than its `cuts`). */
  private readonly guardMasks = new Map<number, Mask>();
  /** The providers of the Nest modules read (`addNestProviders`), as written; read into `nestProviders` when a token is first looked up. */
  private readonly nestProviderEntries: Array<{ module: ModuleContext; entry: ts.Expression }> = [];
  private nestProviders: Map<string, ProvidedValue[]> | undefined;
  /** The class each `class:` token key names. */
  private readonly tokenClasses = new Map<string, ClassRef>();

  constructor(private readonly options: SolverOptions) {
    this.budget = options.budget ?? 400_000;
  }

  get document(): CodeDocument {
    return this.options.document;
  }

  registerModuleSinks(module: ModuleContext): void {
    for (const sites of module.siteScan.sites.values()) for (const site of sites) this.sinkId(module, site);
  }

  sinkId(module: ModuleContext, site: SinkSite): number {
    const known = module.registeredSinks.get(site);
    if (known !== undefined) return known;
    const id = this.document.sinks.length;
    this.document.sinks.push({ id, kind: site.kind, cwe: site.cwe, callee: site.callee, argumentLocation: module.location(site.node), location: module.location(site.construct), note: site.note, ...(site.shellCommand && module.isMain && { shellCommand: site.shellCommand }) });
    module.registeredSinks.set(site, id);
    return id;
  }

  tick(): void {
    if (++this.work > this.budget) throw new BudgetExceeded();
  }

  /** Work units spent so far, against the budget. */
  get workDone(): number {
    return this.work;
  }

  get workBudget(): number {
    return this.budget;
  }

  /** The id of the guard written with this place, kind and declaration, if there is one yet. */
  guardIdOf(location: CodeLocation, kind: GuardKind, declaration?: CodeLocation): number | undefined {
    return this.guardKeys.get(guardKey(location, kind, declaration));
  }

  guardMaskOf(guardId: number): Mask {
    return this.guardMasks.get(guardId) ?? 0;
  }

  /** Reads a relative module through the caller's reader, once. */
  importedModule(from: ModuleContext, specifier: string, scanModule: (path: string, text: string, trees?: SyntaxTreeCache) => ModuleScan, structural = false): ModuleContext | undefined {
    // `structural`: read for its declarations (a Nest module's controllers), at any depth; its own imports are still not followed for taint.
    if (!this.options.readModule || (from.importDepth >= 1 && !structural)) return undefined;
    this.orderSensitive = true;
    let read: { path: string; text: string } | undefined;
    try {
      read = this.options.readModule(from.scan.path, specifier);
    } catch {
      read = undefined;
    }
    if (!read) return undefined;
    if (this.modules.has(read.path)) return this.modules.get(read.path);
    this.modules.set(read.path, undefined);
    if (read.path === this.document.path || read.path === from.scan.path) {
      this.document.issues.push({ message: `circular import: '${specifier}' in ${from.scan.path} leads back to ${read.path}; not followed`, severity: 'info' });
      return undefined;
    }
    if (read.text.length > 1_000_000) {
      this.document.issues.push({ message: `${read.path}: imported module is over 1 MB; calls into it are unknown`, severity: 'info' });
      return undefined;
    }
    let module: ModuleContext;
    try {
      module = new ModuleContext(scanModule(read.path, read.text, this.options.syntaxTrees), false, Math.min(from.importDepth + 1, 1));
    } catch {
      this.document.issues.push({ message: `${read.path}: imported module could not be read (nested too deeply); calls into it are unknown`, severity: 'info' });
      return undefined;
    }
    this.modules.set(read.path, module);
    return module;
  }

  /** The class a name refers to in `from`: one of its own, or one a relative import exports (`structural`: at any import depth). */
  classNamed(from: ModuleContext, name: string, scanModule: ScanModule, structural: boolean): ClassRef | undefined {
    const local = from.scan.classes.get(name);
    if (local) return { declaration: local, module: from };
    const imported = from.scan.relativeBindings.get(name);
    if (!imported) return undefined;
    const module = this.importedModule(from, imported.specifier, scanModule, structural);
    const exported = module && exportedClassName(module.scan, imported.imported);
    const declaration = exported ? module!.scan.classes.get(exported) : undefined;
    return declaration && module ? { declaration, module } : undefined;
  }

  /** The providers a Nest module declares (`@Module({ providers })`), for the tokens its app injects. */
  addNestProviders(module: ModuleContext, entries: readonly ts.Expression[]): void {
    for (const entry of entries) this.nestProviderEntries.push({ module, entry });
    this.nestProviders = undefined;
  }

  classKey(ref: ClassRef): string {
    const key = `class:${ref.module.scan.path}#${ref.declaration.name?.text ?? ref.declaration.pos}`;
    this.tokenClasses.set(key, ref);
    return key;
  }

  /**
   * A Nest injection token as a key that is the same wherever it is written: a string (`'ORDERS'`, or a constant
   * holding it: Nest compares strings by value), a class, or another constant (a `Symbol('ORDERS')`, by its
   * declaration), of this module or exported by a relative import. Undefined for anything else.
   */
  tokenKey(module: ModuleContext, node: ts.Expression, scanModule: ScanModule): string | undefined {
    const expr = unwrapExpression(node);
    if (ts.isStringLiteralLike(expr)) return `string:${expr.text}`;
    if (!ts.isIdentifier(expr)) return undefined;
    const found = this.classNamed(module, expr.text, scanModule, true);
    if (found) return this.classKey(found);
    let owner = module;
    let name = expr.text;
    const imported = module.scan.relativeBindings.get(name);
    if (imported) {
      const read = imported.imported === '*' || imported.imported === 'default' ? undefined : this.importedModule(module, imported.specifier, scanModule, true);
      if (!read) return undefined;
      owner = read;
      name = imported.imported;
    }
    const constant = owner.scan.constants.get(name);
    if (!constant) return undefined;
    const value = unwrapExpression(constant);
    return ts.isStringLiteralLike(value) ? `string:${value.text}` : `const:${owner.scan.path}#${name}`;
  }

  /**
   * The class Nest injects for a token, through the providers of the app's modules: `OrdersService` (its own
   * token), `useClass`, `useExisting` (another token's), a `useValue` or `useFactory` that is `new X()`. Only when
   * every provider of the token across the app gives the same class: the modules are not told apart (a token
   * provided twice, by different modules, is not followed), nor is a value or a factory that is anything else.
   * A class token no module provides is that class, as Nest's default provider.
   */
  providedClass(key: string, scanModule: ScanModule, seen = new Set<string>()): ClassRef | undefined {
    if (seen.has(key) || seen.size >= 8) return undefined;
    seen.add(key);
    const entries = this.providersByToken(scanModule).get(key);
    if (!entries) return key.startsWith('class:') ? this.tokenClasses.get(key) : undefined;
    let found: ClassRef | undefined;
    for (const value of entries) {
      const target = value.kind === 'class' ? value.ref : value.kind === 'alias' ? this.providedClass(value.key, scanModule, seen) : undefined;
      if (!target || (found && found.declaration !== target.declaration)) return undefined;
      found = target;
    }
    return found;
  }

  private providersByToken(scanModule: ScanModule): Map<string, ProvidedValue[]> {
    if (this.nestProviders) return this.nestProviders;
    const map = new Map<string, ProvidedValue[]>();
    this.nestProviders = map;
    for (const { module, entry } of this.nestProviderEntries) {
      const read = this.readProvider(module, entry, scanModule, true);
      if (!read) continue;
      const list = map.get(read.key) ?? [];
      list.push(read.value);
      map.set(read.key, list);
    }
    return map;
  }

  /** One entry of `providers: [...]`: a class, a provider object, or a constant of this module holding one. */
  private readProvider(module: ModuleContext, node: ts.Expression, scanModule: ScanModule, mayBeConstant: boolean): { key: string; value: ProvidedValue } | undefined {
    const expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) {
      const ref = this.classNamed(module, expr.text, scanModule, true);
      if (ref) return { key: this.classKey(ref), value: { kind: 'class', ref } };
      const constant = mayBeConstant ? module.scan.constants.get(expr.text) : undefined;
      return constant ? this.readProvider(module, constant, scanModule, false) : undefined;
    }
    if (!ts.isObjectLiteralExpression(expr)) return undefined;
    const field = (name: string): ts.Node | undefined => {
      const property = expr.properties.find((candidate) => candidate.name && propertyNameText(candidate.name) === name);
      return property && (ts.isPropertyAssignment(property) ? unwrapExpression(property.initializer) : ts.isMethodDeclaration(property) ? property : undefined);
    };
    const provide = field('provide');
    const key = provide && ts.isExpression(provide) ? this.tokenKey(module, provide, scanModule) : undefined;
    if (!key) return undefined;
    const opaque: ProvidedValue = { kind: 'opaque' };
    const useClass = field('useClass');
    if (useClass) {
      const ref = ts.isIdentifier(useClass) ? this.classNamed(module, useClass.text, scanModule, true) : undefined;
      return { key, value: ref ? { kind: 'class', ref } : opaque };
    }
    const useExisting = field('useExisting');
    if (useExisting) {
      const alias = ts.isExpression(useExisting) ? this.tokenKey(module, useExisting, scanModule) : undefined;
      return { key, value: alias ? { kind: 'alias', key: alias } : opaque };
    }
    const useValue = field('useValue');
    const useFactory = field('useFactory');
    const made = useValue && ts.isExpression(useValue) ? constructedClass(useValue) : useFactory && ts.isFunctionLike(useFactory) ? factoryClass(useFactory) : undefined;
    const ref = made && this.classNamed(module, made, scanModule, true);
    return { key, value: ref ? { kind: 'class', ref } : opaque };
  }

  addSource(kind: string, eventPath: string, location: CodeLocation, handler: string): number {
    const key = `${handler}|${location.path ?? ''}|${location.range.start}|${eventPath}`;
    let id = this.sourceKeys.get(key);
    if (id === undefined) {
      id = this.document.sources.length;
      this.document.sources.push({ id, kind, eventPath, location, handler });
      this.sourceKeys.set(key, id);
    }
    this.events?.push({ type: 'source', kind, eventPath, location, handler, id });
    return id;
  }

  /** One guard per place and kind; a schema's field guard (`declaration`: the field's `z.string()`) is one per field. */
  addGuard(kind: GuardKind, library: string, location: CodeLocation, cuts: Mask, note?: string, declaration?: CodeLocation): number {
    const key = guardKey(location, kind, declaration);
    let id = this.guardKeys.get(key);
    if (id === undefined) {
      id = this.document.guards.length;
      this.document.guards.push({ id, kind, library, location, cuts: kindsOf(cuts), cutFlows: [], note, ...(declaration && { declaration }) });
      this.guardKeys.set(key, id);
      this.guardMasks.set(id, cuts);
    }
    this.events?.push({ type: 'guard', kind, library, location, cuts, note, declaration, id });
    return id;
  }

  /** What a schema's guard cuts on the whole value, once each field was read, and the note naming the fields it leaves free. */
  settleGuard(guardId: number, cuts: Mask, note: string | undefined): void {
    this.events?.push({ type: 'guard-settled', guardId, cuts, note });
    const guard = this.document.guards[guardId];
    guard.cuts = kindsOf(cuts);
    if (note !== undefined) guard.note = note;
  }

  /** A guard (a schema) cut `mask` on one of the values it checked. */
  noteGuardCut(guardId: number, mask: Mask): void {
    this.events?.push({ type: 'guard-cut', guardId, mask });
    this.guardMasks.set(guardId, (this.guardMasks.get(guardId) ?? 0) | mask);
  }

  addFlow(sourceId: number, sinkId: number, handler: string, steps: FlowStep[], assumption: string | undefined, passedGuards: number[]): void {
    this.events?.push({ type: 'flow', sourceId, sinkId, handler, steps, assumption, passedGuards });
    const key = `${sourceId}|${sinkId}|${handler}`;
    if (this.flowKeys.has(key)) return;
    this.flowKeys.add(key);
    this.document.flows.push({ sourceId, sinkId, handler, steps, assumption, passedGuards: [...new Set(passedGuards)] });
  }

  /** Credits the guards of a cut trace that cut this sink's kind; the others (a free `z.string()`) only passed it on. */
  recordCut(guardIds: number[], sourceId: number, sinkId: number): void {
    this.events?.push({ type: 'cut', guardIds, masks: guardIds.map((id) => this.guardMasks.get(id) ?? 0), sourceId, sinkId });
    const bit = 1 << SINK_KINDS.indexOf(this.document.sinks[sinkId].kind);
    for (const id of guardIds) {
      if (((this.guardMasks.get(id) ?? 0) & bit) === 0) continue;
      const guard = this.document.guards[id];
      if (guard && !guard.cutFlows.some((flow) => flow.sourceId === sourceId && flow.sinkId === sinkId)) guard.cutFlows.push({ sourceId, sinkId });
    }
  }

  /**
   * Analyses one handler function from its event parameter (or, for a web framework's route callback,
   * its request). Returns an issue message when the budget ran out.
   */
  analyseHandler(module: ModuleContext, fn: FunctionNode, handler: string, trigger: TriggerKind, scanModule: (path: string, text: string, trees?: SyntaxTreeCache) => ModuleScan, input?: 'express-request' | 'koa-context' | 'hapi-request' | 'parsed-body', nestParameters?: readonly NestParameter[], middleware: readonly MiddlewareSchema[] = [], edgeBody?: EdgeBodyGuard): string | undefined {
    const analysis = new FunctionAnalysis(this, module, fn, { mode: 'handler', handler, trigger, scanModule, ...(edgeBody && { edgeBody }) }, undefined, 0);
    const location = module.location(fn.parameters[0] ?? fn);
    const first = fn.parameters[0];
    const requestName = (input === 'express-request' || input === 'koa-context' || input === 'hapi-request') && first && ts.isIdentifier(first.name) ? first.name.text : undefined;
    const eventValue: Value = { traces: [{ origin: 'event', path: [], steps: undefined, cut: 0, guards: [], at: location, ...(input && { shape: input }), ...(requestName && { requestName }) }] };
    try {
      analysis.run(nestParameters ? nestArguments(analysis, fn, nestParameters, (node) => module.location(node)) : [eventValue], middleware);
    } catch (error) {
      if (error instanceof BudgetExceeded) return `analysis budget reached in handler \`${handler}\`; flows after that point are not reported`;
      if (error instanceof RangeError) return `handler \`${handler}\` nests too deeply to analyse; flows after that point are not reported`;
      throw error;
    }
    return undefined;
  }
}

type ScanModule = (path: string, text: string, trees?: SyntaxTreeCache) => ModuleScan;
interface ClassRef {
  declaration: ts.ClassDeclaration;
  module: ModuleContext;
}
/** What a Nest provider gives for its token: a class, another token's value (`useExisting`), or a value not read. */
type ProvidedValue = { kind: 'class'; ref: ClassRef } | { kind: 'alias'; key: string } | { kind: 'opaque' };

/** `new OrdersService(...)`: the class's name. */
function constructedClass(node: ts.Node): string | undefined {
  return ts.isNewExpression(node) && ts.isIdentifier(node.expression) ? node.expression.text : undefined;
}

/** A factory that returns `new X(...)` on every return of its own body: `X`. */
function factoryClass(fn: ts.SignatureDeclaration): string | undefined {
  const body = (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) ? fn.body : undefined;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return constructedClass(unwrapExpression(body));
  const returned: Array<string | undefined> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) returned.push(node.expression && constructedClass(unwrapExpression(node.expression)));
    ts.forEachChild(node, visit);
  };
  body.statements.forEach(visit);
  return returned.length > 0 && returned.every((name) => name !== undefined && name === returned[0]) ? returned[0] : undefined;
}

/** The event fields a Nest parameter decorator reads (`@Query('q')` is `queryStringParameters.q`). */
const NEST_EVENT_FIELDS = { body: 'body', query: 'queryStringParameters', param: 'pathParameters', headers: 'headers' } as const;

/**
 * The arguments of a Nest route method: each decorated parameter is the event field its decorator names
 * (Nest has parsed the JSON body, so `@Body()` is an object), `@Req()` the Express request; others get nothing.
 */
function nestArguments(analysis: FunctionAnalysis, fn: FunctionNode, parameters: readonly NestParameter[], locate: (node: ts.Node) => CodeLocation): Value[] {
  return fn.parameters.map((parameter, index) => {
    const spec = parameters[index];
    if (!spec) return EMPTY;
    const at = locate(parameter);
    const requestName = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
    if (spec.from === 'request') return { traces: [{ origin: 'event', path: [], steps: undefined, cut: 0, guards: [], at, shape: 'express-request', ...(requestName && { requestName }) }] };
    const event: Value = { traces: [{ origin: 'event', path: [], steps: undefined, cut: 0, guards: [], at, shape: 'parsed-body' }] };
    const field = analysis.member(event, NEST_EVENT_FIELDS[spec.from], parameter);
    return spec.name === undefined ? field : analysis.member(field, spec.from === 'headers' ? spec.name.toLowerCase() : spec.name, parameter);
  });
}

/** The class whose `this` a function sees: a method's, or a class field's arrow function or function expression. */
function classOf(fn: FunctionNode): ts.ClassLikeDeclaration | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isClassLike(fn.parent)) return fn.parent;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent) && ts.isClassLike(fn.parent.parent)) return fn.parent.parent;
  return undefined;
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && !!ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
}

function constructorOf(declaration: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return declaration.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && !!member.body);
}

/** A class's methods (and function-valued fields) as the props of an instance, each summarised where it is called. */
function methodsOf(declaration: ts.ClassLikeDeclaration, module: ModuleContext): Value {
  const props = new Map<string, Value>();
  for (const member of declaration.members) {
    if (isStatic(member)) continue;
    const name = member.name && propertyNameText(member.name);
    if (name === undefined) continue;
    if (ts.isMethodDeclaration(member) && member.body) props.set(name, { traces: [], fn: { node: member, module } });
    else if (ts.isPropertyDeclaration(member) && member.initializer && (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))) props.set(name, { traces: [], fn: { node: member.initializer, module } });
  }
  return { traces: [], props };
}

interface AnalysisMode {
  mode: 'handler' | 'summary';
  handler: string;
  trigger: TriggerKind;
  scanModule: (path: string, text: string, trees?: SyntaxTreeCache) => ModuleScan;
  /** What API Gateway's request validation proves about the handler's body (`edge-schema.ts`). */
  edgeBody?: EdgeBodyGuard;
}

/** Adds a step to a trace; unless `keepsText` (an assignment, an argument, a return), the step may have changed the text. */
function withStep(trace: Trace, step: FlowStep | undefined, keepsText = false): Trace {
  if (!step) return trace;
  const steps = appendSteps(trace.steps, step);
  const isRootedPath = keepsText && trace.isRootedPath;
  const mayBeObject = keepsText && trace.mayBeObject;
  const isWholeObject = keepsText && trace.isWholeObject;
  const isText = keepsText && trace.isText;
  if (steps === trace.steps && isRootedPath === !!trace.isRootedPath && mayBeObject === !!trace.mayBeObject && isWholeObject === !!trace.isWholeObject && isText === !!trace.isText) return trace;
  return { ...trace, steps, isRootedPath: isRootedPath || undefined, mayBeObject: mayBeObject || undefined, isWholeObject: isWholeObject || undefined, isText: isText || undefined };
}

/** A step that builds a string (a template, a concatenation) or calls a builtin that returns a string or an array. */
function asText(trace: Trace): Trace {
  return trace.isText ? trace : { ...trace, isText: true };
}

function traceKey(trace: Trace): string {
  return `${trace.origin}|${trace.param ?? ''}|${trace.sourceId ?? ''}|${trace.path.join('.')}|${trace.cut}|${trace.isRootedPath ? 1 : 0}${trace.mayBeObject ? 1 : 0}${trace.isWholeObject ? 1 : 0}${trace.isText ? 1 : 0}`;
}

function mergeTraces(...lists: Trace[][]): Trace[] {
  const out: Trace[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const trace of list) {
      const key = traceKey(trace);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(trace);
      if (out.length >= MAX_TRACES) return out;
    }
  }
  return out;
}

function union(...values: Value[]): Value {
  const withTraces = values.filter((value) => value.traces.length > 0);
  if (withTraces.length === 0) return values.find((value) => value.props) ?? EMPTY;
  return { traces: mergeTraces(...withTraces.map((value) => value.traces)) };
}

/** The traces a MongoDB filter reads as query values: every field's, except the operands of operators that compare literally (`$eq`). */
function objectOperandTraces(value: Value, depth: number): Trace[] {
  if (!value.props || depth > 3) return value.traces;
  const inner = [...value.props].filter(([key]) => !MONGO_LITERAL_OPERATORS.has(key)).map(([, field]) => objectOperandTraces(field, depth + 1));
  return mergeTraces(value.traces, ...inner);
}

/** Event fields that are objects (maps or lists) as a whole, whatever the trigger: sent as a response body, they are JSON. */
const OBJECT_EVENT_FIELDS: ReadonlySet<string> = new Set(['queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers', 'multiValueHeaders', 'requestContext', 'cookies', 'stageVariables']);


/** Every trace of a value, its properties included (a params object checked as a whole). */
function allTraces(value: Value, depth = 0): Trace[] {
  if (!value.props || depth > 3) return value.traces;
  return mergeTraces(value.traces, ...[...value.props.values()].map((inner) => allTraces(inner, depth + 1)));
}

function mapTraces(value: Value, map: (trace: Trace) => Trace | undefined): Value {
  const traces = value.traces.map(map).filter((trace): trace is Trace => !!trace);
  const props = value.props ? new Map([...value.props].map(([key, inner]) => [key, mapTraces(inner, map)])) : undefined;
  return { ...value, traces, props };
}

/** `@sinclair/typebox/value` and `@aws-lambda-powertools/parser/middleware` belong to their package's entry. */
function isOpaqueSchemaModule(module: string): boolean {
  const parts = module.split('/');
  return OPAQUE_SCHEMA_LIBRARIES.has(module.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
}

/** `/[^a-z0-9_]/g` replaced by '': only word characters survive. */
function isStrictDeletion(regex: string, replacement: ts.Expression | undefined): boolean {
  const match = /^\/\[\^((?:[a-zA-Z0-9_]|\\[wd]|[a-zA-Z0-9]-[a-zA-Z0-9])+)\]\+?\/([a-z]*)$/.exec(regex);
  if (!match || !match[2].includes('g')) return false;
  return !!replacement && (ts.isStringLiteral(replacement) || ts.isNoSubstitutionTemplateLiteral(replacement)) && /^[a-zA-Z0-9_]*$/.test(replacement.text);
}

/** Sink kinds a checked host rules out: where a request or a redirect goes. */
const HOST_CUTS: readonly SinkKind[] = ['url', 'redirect'];

/** Two refinements of one string: a URL whose host is allow-listed is as good as a fixed alphabet for every sink. */
function combineRefinements(first: SchemaShape['refinement'], second: SchemaShape['refinement']): SchemaShape['refinement'] {
  if (first === 'strict' || second === 'strict') return 'strict';
  if ((first === 'url' && second === 'host') || (first === 'host' && second === 'url')) return 'strict';
  return second ?? first;
}

function refKey(node: ts.Expression): string | undefined {
  const expr = unwrapExpression(node);
  if (ts.isIdentifier(expr)) return expr.text;
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  const member = memberName(expr);
  if (member !== undefined && (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr))) {
    const base = refKey(expr.expression);
    return base === undefined ? undefined : `${base}.${member}`;
  }
  return undefined;
}

function terminates(statement: ts.Statement): 'return' | 'throw' | undefined {
  if (ts.isReturnStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) return 'return';
  if (ts.isThrowStatement(statement)) return 'throw';
  if (ts.isBlock(statement) && statement.statements.length > 0) return terminates(statement.statements[statement.statements.length - 1]);
  if (ts.isExpressionStatement(statement)) {
    // process.exit() and callback(err) patterns are not terminators we can rely on; only return and throw are.
    return undefined;
  }
  return undefined;
}

class FunctionAnalysis {
  private scope: Scope;
  private returns: Value[] = [];
  readonly sinkHits: Summary['sinkHits'] = [];
  private conditional = 0;
  private readonly solver: Solver;
  /** While a class's fields are built (`construct`): its instance, whose fields `this.x = v` sets. */
  private constructing: Value | undefined;

  constructor(
    solver: Solver,
    private readonly module: ModuleContext,
    /** A class stands for the code that builds its instances: its field initialisers, then its constructor. */
    private readonly fn: FunctionNode | ts.ClassLikeDeclaration,
    private readonly mode: AnalysisMode,
    closure: Scope | undefined,
    private readonly depth: number,
    private readonly summaryDepth = 0,
  ) {
    this.solver = solver;
    this.scope = new Scope(closure, true);
  }

  get functionScope(): Scope {
    return this.scope;
  }

  run(args: Value[], middleware: readonly MiddlewareSchema[] = []): Value {
    const fn = this.fn;
    if (ts.isClassLike(fn)) {
      this.construct(fn, args);
      return EMPTY;
    }
    fn.parameters.forEach((parameter, index) => {
      let value = args[index] ?? EMPTY;
      if (parameter.dotDotDotToken) value = union(...args.slice(index));
      if (parameter.initializer && value.traces.length === 0 && !value.props) value = this.evaluate(parameter.initializer);
      this.bind(parameter.name, value, undefined);
    });
    for (const check of middleware) this.middlewareCheck(check, fn.parameters[0]);
    const owner = classOf(fn);
    if (owner) this.scope.vars.set('this', this.instanceValue(owner));
    const body = fn.body;
    if (!body) return EMPTY;
    if (ts.isBlock(body)) this.statements(body.statements);
    else this.returns.push(this.evaluate(body));
    const returned = this.returns.length === 1 ? this.returns[0] : union(...this.returns);
    const withProps = this.returns.find((value) => value.props);
    return withProps && this.returns.length > 1 ? { ...returned, props: withProps.props } : returned;
  }

  /**
   * A validation middleware's schema of the event (`@middy/validator`'s JSON schema, the Powertools parser's zod
   * schema): the handler runs only once the event passed it, so its fields are narrowed from the first statement,
   * as after a check. A schema that cannot be read (imported, built at run time) cuts nothing: it describes the
   * whole event, usually a part of it only, and taking it to constrain every field would hide flows from the rest.
   */
  private middlewareCheck(check: MiddlewareSchema, parameter: ts.ParameterDeclaration | undefined): void {
    const shape = check.node && (check.language === 'json-schema' ? this.jsonSchemaOf(check.node, check.library, 0) : this.schemaOf(check.node, 0));
    if (!shape || !parameter || !ts.isIdentifier(parameter.name)) {
      this.solver.addGuard('schema', check.library, check.location, 0, `middleware \`${check.wrapper}\` validates the event; its schema is not read, so flows from the event are kept`);
      return;
    }
    for (const item of this.schemaNarrowings({ ...shape, library: check.library }, parameter.name.text, check.location, false)) this.addNarrowing(item, false);
  }

  /** Summary mode: which parameter paths the body asserts with a throwing guard. */
  asserts(): Summary['asserts'] {
    const out: Summary['asserts'] = [];
    for (const [key, narrowing] of this.scope.narrow) {
      if (!narrowing.viaThrow) continue;
      const mapped = this.keyToParam(key);
      if (mapped) out.push({ ...mapped, narrowing });
    }
    return out;
  }

  keyToParam(key: string): { param: number; path: string[] } | undefined {
    if (ts.isClassLike(this.fn)) return undefined;
    const [root, ...path] = key.split('.');
    const index = this.fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === root);
    return index < 0 ? undefined : { param: index, path };
  }

  // ---------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------

  private statements(list: readonly ts.Statement[]): void {
    // Function declarations are hoisted: bind them before the statements run.
    for (const statement of list) {
      if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) this.scope.vars.set(statement.name.text, { traces: [], fn: { node: statement, module: this.module, closure: this.scope } });
    }
    for (const statement of list) {
      this.statement(statement);
    }
  }

  private inBlock(run: () => void, narrowings: KeyNarrowing[] = []): void {
    const saved = this.scope;
    this.scope = new Scope(saved, false);
    for (const { key, narrowing } of narrowings) this.scope.narrow.set(key, narrowing);
    if (narrowings.length > 0) this.solver.hasNarrowings = true;
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  private branch(node: ts.Statement | undefined, narrowings: KeyNarrowing[]): void {
    if (!node) return;
    this.conditional++;
    try {
      this.inBlock(() => (ts.isBlock(node) ? this.statements(node.statements) : this.statement(node)), narrowings);
    } finally {
      this.conditional--;
    }
  }

  private statement(node: ts.Statement): void {
    this.solver.tick();
    if (ts.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) {
        const value = declaration.initializer ? this.evaluate(declaration.initializer) : EMPTY;
        this.bindDeclaration(declaration.name, value, declaration.initializer);
      }
      return;
    }
    if (ts.isExpressionStatement(node)) {
      this.evaluate(node.expression);
      this.assertionCall(node.expression);
      return;
    }
    if (ts.isReturnStatement(node)) {
      if (node.expression) this.returns.push(this.evaluate(node.expression));
      return;
    }
    if (ts.isIfStatement(node)) {
      this.evaluate(node.expression);
      const condition = this.condition(node.expression);
      this.branch(node.thenStatement, condition.whenTrue);
      this.branch(node.elseStatement, condition.whenFalse);
      const thenEnds = terminates(node.thenStatement);
      const elseEnds = node.elseStatement ? terminates(node.elseStatement) : undefined;
      // An early return (or throw) on a failed check guards everything after it in this block.
      if (thenEnds && !elseEnds) for (const item of condition.whenFalse) this.addNarrowing(item, thenEnds === 'throw');
      if (elseEnds && !thenEnds) for (const item of condition.whenTrue) this.addNarrowing(item, elseEnds === 'throw');
      return;
    }
    if (ts.isBlock(node)) {
      this.inBlock(() => this.statements(node.statements));
      return;
    }
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const iterable = this.evaluate(node.expression);
      const element = ts.isForOfStatement(node) ? this.member(iterable, '[]', node.expression) : { traces: iterable.traces };
      this.conditional++;
      try {
        this.inBlock(() => {
          const initializer = node.initializer;
          if (ts.isVariableDeclarationList(initializer)) {
            for (const declaration of initializer.declarations) this.bind(declaration.name, element, this.step(declaration.name, `element of \`${this.text(node.expression)}\``));
          } else this.assign(initializer, element);
          this.loopBody(node.statement);
        });
      } finally {
        this.conditional--;
      }
      return;
    }
    if (ts.isForStatement(node)) {
      this.inBlock(() => {
        if (node.initializer) {
          if (ts.isVariableDeclarationList(node.initializer)) for (const declaration of node.initializer.declarations) this.bindDeclaration(declaration.name, declaration.initializer ? this.evaluate(declaration.initializer) : EMPTY, declaration.initializer);
          else this.evaluate(node.initializer);
        }
        this.conditional++;
        try {
          if (node.condition) this.evaluate(node.condition);
          if (node.incrementor) this.evaluate(node.incrementor);
          this.loopBody(node.statement);
        } finally {
          this.conditional--;
        }
      });
      return;
    }
    if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      this.evaluate(node.expression);
      this.conditional++;
      try {
        this.loopBody(node.statement);
      } finally {
        this.conditional--;
      }
      return;
    }
    if (ts.isTryStatement(node)) {
      this.inBlock(() => this.statements(node.tryBlock.statements));
      if (node.catchClause) {
        this.conditional++;
        try {
          this.inBlock(() => {
            if (node.catchClause?.variableDeclaration) this.bind(node.catchClause.variableDeclaration.name, EMPTY, undefined);
            this.statements(node.catchClause!.block.statements);
          });
        } finally {
          this.conditional--;
        }
      }
      if (node.finallyBlock) this.inBlock(() => this.statements(node.finallyBlock!.statements));
      return;
    }
    if (ts.isSwitchStatement(node)) {
      this.evaluate(node.expression);
      const key = refKey(node.expression);
      for (const clause of node.caseBlock.clauses) {
        // `case 'a':` proves the discriminant equals a constant inside that clause.
        const narrowings: KeyNarrowing[] = [];
        if (key && ts.isCaseClause(clause) && (ts.isStringLiteral(clause.expression) || ts.isNumericLiteral(clause.expression))) {
          narrowings.push({ key, narrowing: { mask: ALL, guards: [this.solver.addGuard('equality', 'switch case', this.module.location(clause.expression), ALL)], viaThrow: false } });
        }
        this.conditional++;
        try {
          this.inBlock(() => this.statements(clause.statements), narrowings);
        } finally {
          this.conditional--;
        }
      }
      return;
    }
    if (ts.isThrowStatement(node)) {
      this.evaluate(node.expression);
      return;
    }
    if (ts.isLabeledStatement(node)) {
      this.statement(node.statement);
      return;
    }
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isModuleDeclaration(node)) return;
    ts.forEachChild(node, (child) => {
      if (ts.isExpression(child)) this.evaluate(child);
      else if (ts.isStatement(child)) this.statement(child);
    });
  }

  private loopBody(statement: ts.Statement): void {
    if (ts.isBlock(statement)) this.inBlock(() => this.statements(statement.statements));
    else this.statement(statement);
  }

  private addNarrowing(item: KeyNarrowing, viaThrow: boolean): void {
    this.solver.hasNarrowings = true;
    const existing = this.scope.narrow.get(item.key);
    const narrowing = { ...item.narrowing, viaThrow: viaThrow || item.narrowing.viaThrow };
    this.scope.narrow.set(item.key, existing ? { mask: existing.mask | narrowing.mask, guards: [...existing.guards, ...narrowing.guards], viaThrow: existing.viaThrow || narrowing.viaThrow } : narrowing);
  }

  /** A statement call to a helper that throws on bad input (`assertValid(body)`), or an asserting validator. */
  private assertionCall(node: ts.Expression): void {
    const expr = unwrapExpression(node);
    if (!ts.isCallExpression(expr)) return;
    const name = qualifiedNameOf(this.module.scan, expr.expression);
    // `assert(x, S)`, `v.assert(S, x)`, `Value.Assert(S, x)` with a schema read: field by field (class-validator is narrowed where it is called).
    const checked = name && this.schemaCall(expr, name);
    const checkedKey = checked?.form === 'assert' && checked.schema && checked.input && refKey(checked.input);
    if (checked && checkedKey && checked.library !== 'class-validator') {
      for (const item of this.schemaNarrowings(checked.schema!, checkedKey, this.module.location(expr), true)) this.addNarrowing(item, true);
      return;
    }
    if (checked?.schema) return;
    if (name && isOpaqueSchemaModule(name.module) && /^(assert|validateOrReject|assertIs|parse)$/.test(name.members[name.members.length - 1] ?? '')) {
      const guard = this.solver.addGuard('schema', name.module, this.module.location(expr), ALL, UNREAD_SCHEMA_NOTE);
      for (const arg of expr.arguments) {
        const key = refKey(arg);
        if (key) this.addNarrowing({ key, narrowing: { mask: ALL, guards: [guard], viaThrow: true } }, true);
      }
      return;
    }
    const summary = this.summaryFor(expr);
    if (!summary) return;
    for (const item of summary.asserts) {
      const arg = expr.arguments[item.param];
      const key = arg && refKey(arg);
      if (key) this.addNarrowing({ key: [key, ...item.path].join('.'), narrowing: item.narrowing }, true);
    }
  }

  // ---------------------------------------------------------------------------
  // Binding
  // ---------------------------------------------------------------------------

  private step(node: ts.Node, description: string): FlowStep {
    return { location: this.module.location(node), description };
  }

  private text(node: ts.Node): string {
    const text = node.getText(this.module.scan.sourceFile);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }

  private bindDeclaration(name: ts.BindingName, value: Value, initializer: ts.Expression | undefined): void {
    const description = ts.isIdentifier(name) ? `assigned to \`${name.text}\`` : 'destructured';
    this.bind(name, value, this.step(name, description), initializer);
  }

  private bind(name: ts.BindingName, value: Value, step: FlowStep | undefined, initializer?: ts.Expression, key = initializer && refKey(initializer)): void {
    if (ts.isIdentifier(name)) {
      let bound = value.traces.length > 0 && step ? mapTraces(value, (trace) => withStep(trace, step, true)) : value;
      if (initializer && !bound.fn) {
        const inner = unwrapExpression(initializer);
        if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) bound = { ...bound, fn: { node: inner, module: this.module, closure: this.scope } };
      }
      this.scope.vars.set(name.text, bound);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      const parentKey = key;
      const used = new Set<string>();
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          const rest = value.props ? { traces: value.traces, props: new Map([...value.props].filter(([key]) => !used.has(key))) } : value;
          this.bind(element.name, rest, ts.isIdentifier(element.name) ? this.step(element.name, `rest of the object into \`${element.name.text}\``) : undefined);
          continue;
        }
        const key = propertyNameText(element.propertyName ?? (ts.isIdentifier(element.name) ? element.name : undefined));
        if (key === undefined) {
          this.bind(element.name, { traces: value.traces }, undefined);
          continue;
        }
        used.add(key);
        let inner = this.member(value, key, element);
        if (inner.traces.length === 0 && !inner.props && element.initializer) inner = this.evaluate(element.initializer);
        // `const { cmd } = event.body` after a check that narrowed `event.body.cmd`: the field keeps what the check proved.
        const fieldKey = parentKey !== undefined ? `${parentKey}.${key}` : undefined;
        if (fieldKey && this.solver.hasNarrowings) inner = this.narrowedKey(fieldKey, inner);
        this.bind(element.name, inner, ts.isIdentifier(element.name) ? this.step(element.name, `destructured into \`${element.name.text}\``) : undefined, undefined, fieldKey);
      }
      return;
    }
    name.elements.forEach((element) => {
      if (ts.isOmittedExpression(element)) return;
      const inner = this.member(value, '[]', element);
      this.bind(element.name, inner, ts.isIdentifier(element.name) ? this.step(element.name, `destructured into \`${element.name.text}\``) : undefined);
    });
  }

  /** `x = v`, `obj.p = v`, `[a, b] = v`. */
  private assign(target: ts.Expression, value: Value): void {
    const expr = unwrapExpression(target);
    if (ts.isIdentifier(expr)) {
      const owner = this.scope.owner(expr.text);
      const step = value.traces.length > 0 ? this.step(expr, `assigned to \`${expr.text}\``) : undefined;
      const stepped = step ? mapTraces(value, (trace) => withStep(trace, step, true)) : value;
      // Inside a branch or loop the old value may survive, so the new one joins it.
      const old = owner?.vars.get(expr.text);
      const next = this.conditional > 0 && old ? { ...union(old, stepped), props: stepped.props ?? old.props, fn: stepped.fn ?? old.fn, qname: stepped.qname ?? old.qname } : stepped;
      (owner ?? this.scope).vars.set(expr.text, next);
      for (let scope: Scope | undefined = this.scope; scope; scope = scope.parent) {
        for (const key of [...scope.narrow.keys()]) if (key === expr.text || key.startsWith(`${expr.text}.`)) scope.narrow.delete(key);
        if (scope.isFunction) break;
      }
      return;
    }
    if (ts.isObjectLiteralExpression(expr) || ts.isArrayLiteralExpression(expr)) {
      const elements = ts.isArrayLiteralExpression(expr) ? expr.elements : [];
      for (const element of elements) this.assign(ts.isSpreadElement(element) ? element.expression : element, this.member(value, '[]', element));
      if (ts.isObjectLiteralExpression(expr)) {
        for (const property of expr.properties) {
          const key = propertyNameText(property.name);
          if (ts.isShorthandPropertyAssignment(property)) this.assign(property.name, this.member(value, property.name.text, property));
          else if (ts.isPropertyAssignment(property) && key !== undefined) this.assign(property.initializer, this.member(value, key, property));
        }
      }
      return;
    }
    const member = memberName(expr);
    if (member !== undefined && (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr))) {
      // obj.p = v: the object now carries v under p (weakly: the object keeps what it had).
      const base = unwrapExpression(expr.expression);
      if (base.kind === ts.SyntaxKind.ThisKeyword && this.constructing) {
        const fields = this.constructing.props!;
        const old = fields.get(member);
        fields.set(member, this.conditional > 0 && old ? { ...union(old, value), props: value.props ?? old.props, fn: value.fn ?? old.fn, qname: value.qname ?? old.qname } : value);
        return;
      }
      if (ts.isIdentifier(base)) {
        const owner = this.scope.owner(base.text);
        const old = owner?.vars.get(base.text);
        if (owner && old) {
          const props = new Map(old.props ?? []);
          props.set(member, this.conditional > 0 && props.get(member) ? union(props.get(member)!, value) : value);
          owner.vars.set(base.text, { ...old, props });
        } else if (value.traces.length > 0) {
          this.scope.vars.set(base.text, { traces: [], props: new Map([[member, value]]) });
        }
      }
    }
  }

  // ---------------------------------------------------------------------------
  // Expressions
  // ---------------------------------------------------------------------------

  evaluate(node: ts.Expression): Value {
    this.solver.tick();
    const value = this.evaluateInner(node);
    const sites = this.module.siteScan.sites.get(node);
    if (sites) for (const site of sites) this.checkSink(site, value, node);
    return value;
  }

  private evaluateInner(node: ts.Expression): Value {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) return this.evaluate(node.expression);
    if (ts.isAwaitExpression(node)) return this.evaluate(node.expression);
    if (ts.isIdentifier(node)) return this.narrowed(node, this.identifier(node));
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node) || ts.isRegularExpressionLiteral(node)) return { traces: [], isConstant: true };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword) return { traces: [], isConstant: true };
    if (node.kind === ts.SyntaxKind.ThisKeyword) return this.scope.lookup('this') ?? EMPTY;
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const object = this.evaluate(node.expression);
      if (ts.isElementAccessExpression(node) && memberName(node) === undefined) this.evaluate(node.argumentExpression);
      const name = memberName(node) ?? '[]';
      return this.narrowed(node, this.member(object, name, node));
    }
    if (ts.isTemplateExpression(node)) {
      let prefix = node.head.text;
      const parts = node.templateSpans.map((span) => {
        let value = this.materialise(this.evaluate(span.expression), span.expression);
        if (value.traces.length > 0 && FIXED_URL_PREFIX.test(prefix)) value = this.afterFixedHost(value, node);
        else if (value.traces.length > 0 && FIXED_HOST_ONLY.test(prefix)) value = this.afterFixedHost(value, node, true);
        prefix += (value.traces.length > 0 ? TAINTED_MARK : this.leadingText(span.expression) ?? UNKNOWN_MARK) + span.literal.text;
        return value;
      });
      const step = this.step(node, 'template string');
      return { traces: mergeTraces(...parts.map((part) => part.traces)).map((trace) => asText(withStep(trace, step))) };
    }
    if (ts.isTaggedTemplateExpression(node)) {
      // sql`...` tags parameterise their holes; the result is not a string built from input.
      if (ts.isTemplateExpression(node.template)) for (const span of node.template.templateSpans) this.evaluate(span.expression);
      return EMPTY;
    }
    if (ts.isBinaryExpression(node)) return this.binary(node);
    if (ts.isConditionalExpression(node)) {
      this.evaluate(node.condition);
      const condition = this.condition(node.condition);
      let whenTrue = EMPTY;
      let whenFalse = EMPTY;
      this.conditional++;
      try {
        this.inBlock(() => (whenTrue = this.evaluate(node.whenTrue)), condition.whenTrue);
        this.inBlock(() => (whenFalse = this.evaluate(node.whenFalse)), condition.whenFalse);
      } finally {
        this.conditional--;
      }
      const joined = union(whenTrue, whenFalse);
      return { ...joined, props: whenTrue.props ?? whenFalse.props, fn: whenTrue.fn ?? whenFalse.fn };
    }
    if (ts.isObjectLiteralExpression(node)) return this.objectLiteral(node);
    if (ts.isArrayLiteralExpression(node)) {
      const parts = node.elements.map((element) => (ts.isSpreadElement(element) ? this.member(this.evaluate(element.expression), '[]', element) : this.evaluate(element)));
      const value = union(...parts);
      return { traces: value.traces, isConstant: parts.every((part) => part.isConstant) };
    }
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { traces: [], fn: { node, module: this.module, closure: this.scope } };
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) return this.call(node);
    if (ts.isSpreadElement(node)) return this.evaluate(node.expression);
    if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
      this.evaluate(node.operand);
      return EMPTY;
    }
    if (ts.isTypeOfExpression(node) || ts.isVoidExpression(node) || ts.isDeleteExpression(node)) {
      this.evaluate(node.expression);
      return EMPTY;
    }
    if (ts.isClassExpression(node)) return EMPTY;
    ts.forEachChild(node, (child) => {
      if (ts.isExpression(child)) this.evaluate(child);
    });
    return EMPTY;
  }

  private identifier(node: ts.Identifier): Value {
    const local = this.scope.lookup(node.text);
    if (local) return local;
    return this.moduleValue(node.text);
  }

  /** A file-level name: a function, a module binding, a relative import or a constant. */
  private moduleValue(name: string): Value {
    const module = this.module;
    const cached = module.moduleValues.get(name);
    if (cached && cached !== 'pending') return cached;
    if (cached === 'pending') {
      this.solver.orderSensitive = true;
      return EMPTY;
    }
    const scan = module.scan;
    let value: Value = EMPTY;
    const fn = scan.functions.get(name);
    const bound = scan.bindings.get(name);
    const relative = scan.relativeBindings.get(name);
    const constant = scan.constants.get(name);
    if (fn) value = { traces: [], fn: { node: fn, module } };
    else if (relative) value = { traces: [], importRef: { ...relative, module } };
    else if (bound) value = { traces: [], qname: bound };
    else if (constant) {
      module.moduleValues.set(name, 'pending');
      const initial = unwrapExpression(constant);
      const constantValue = this.evaluateModuleConstant(initial);
      value = { ...constantValue, traces: [] };
    } else if (!scan.localNames.has(name)) value = { traces: [], qname: { module: '', members: [name] } };
    module.moduleValues.set(name, value);
    return value;
  }

  private evaluateModuleConstant(node: ts.Expression): Value {
    // Module-level code runs before any event exists, so a constant is never tainted; it matters for its shape.
    const schema = this.schemaOf(node, 0);
    if (schema) return { traces: [], schema };
    const name = qualifiedNameOf(this.module.scan, node);
    if (name && name.module !== '') return { traces: [], qname: name };
    if (ts.isArrayLiteralExpression(node) || ts.isStringLiteral(node) || ts.isNumericLiteral(node) || ts.isRegularExpressionLiteral(node)) return { traces: [], isConstant: true };
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Set') return { traces: [], isConstant: true };
    // `const service = new OrdersService()`: an instance whose methods the handlers call.
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
      const instance = this.instanceOf(node.expression.text);
      if (instance) return instance;
    }
    if (ts.isObjectLiteralExpression(node)) return { traces: [], isConstant: true };
    return { traces: [], isConstant: true };
  }

  /** The narrowing recorded for exactly `key` (a destructured field), applied to its value. */
  private narrowedKey(key: string, value: Value): Value {
    const found = this.scope.narrowing(key);
    if (!found || (value.traces.length === 0 && !value.props)) return value;
    return mapTraces(value, (trace) => ({ ...trace, cut: trace.cut | found.mask, guards: [...trace.guards, ...found.guards], ...(found.notObject && { mayBeObject: undefined }) }));
  }

  private narrowed(node: ts.Expression, value: Value): Value {
    if (value.traces.length === 0 && !value.props) return value;
    if (!this.solver.hasNarrowings) return value;
    const key = refKey(node);
    if (!key) return value;
    let narrowing: Narrowing | undefined;
    const parts = key.split('.');
    for (let length = 1; length <= parts.length; length++) {
      const found = this.scope.narrowing(parts.slice(0, length).join('.'));
      if (found) narrowing = narrowing ? { mask: narrowing.mask | found.mask, guards: [...narrowing.guards, ...found.guards], viaThrow: false, notObject: narrowing.notObject || found.notObject } : found;
    }
    if (!narrowing) return value;
    const applied = narrowing;
    return mapTraces(value, (trace) => ({ ...trace, cut: trace.cut | applied.mask, guards: [...trace.guards, ...applied.guards], ...(applied.notObject && { mayBeObject: undefined }) }));
  }

  /** Reading `name` from a value: event fields become sources here. */
  member(value: Value, name: string, node: ts.Node): Value {
    if (value.props?.has(name)) return value.props.get(name)!;
    if (value.schema && name !== '[]') {
      const field = value.schema.fields?.get(name);
      return field ? { traces: [], schema: field } : EMPTY;
    }
    if (value.traces.length === 0) return value.qname && name !== '[]' ? { traces: [], qname: { module: value.qname.module, members: [...value.qname.members, name] } } : EMPTY;
    const location = this.module.location(node);
    const traces: Trace[] = [];
    for (const trace of value.traces) {
      // The length of a string or an array is a number: no text of the caller's reaches a sink through it.
      if (name === 'length' && trace.isText) continue;
      const next = this.extend(trace, name, location);
      if (next) traces.push(next);
    }
    const qname = value.qname && name !== '[]' ? { module: value.qname.module, members: [...value.qname.members, name] } : undefined;
    if (traces.length === 0 && !qname) return EMPTY;
    return { traces, qname };
  }

  private extend(trace: Trace, name: string, location: CodeLocation): Trace | undefined {
    // A custom resource event carried in a message (`JSON.parse(record.body).ResponseURL`): CloudFormation wrote that URL.
    if (trace.origin === 'source' && name === CUSTOM_RESOURCE_RESPONSE_URL && !CALLER_WRITTEN_TRIGGERS.has(this.mode.trigger)) return undefined;
    // Past a source, the path only describes; past MAX_PATH it stops growing, so chains of helpers stay linear.
    // A member of a request path (a character, its length) is no longer that path.
    if (trace.origin !== 'event' && (trace.origin === 'source' || trace.path.length >= MAX_PATH)) {
      // A member of a string map of the event as AWS gave it (`event.queryStringParameters.id`) is a string.
      const isText = trace.origin === 'source' && trace.isWholeObject && trace.shape === undefined && HTTP_TRIGGERS.has(this.mode.trigger) && trace.path.length === 1 && TEXT_MAP_FIELDS.has(trace.path[0]);
      return trace.at === location && !trace.isRootedPath && !trace.isWholeObject && !trace.isText && !isText ? trace : { ...trace, at: location, isRootedPath: trace.origin === 'param' ? trace.isRootedPath : undefined, isWholeObject: undefined, isText: isText || undefined };
    }
    let field = name;
    if (trace.origin === 'event' && trace.shape === 'koa-context' && trace.path.length === 0) {
      if (name === 'request') return { ...trace, shape: 'express-request', requestName: `${trace.requestName ?? 'ctx'}.request`, at: location };
      const mapped = KOA_CONTEXT_FIELDS[name];
      if (mapped === undefined) return undefined;
      field = mapped;
    } else if (trace.origin === 'event' && (trace.shape === 'express-request' || trace.shape === 'hapi-request') && trace.path.length === 0) {
      const mapped = (trace.shape === 'hapi-request' ? HAPI_REQUEST_FIELDS : EXPRESS_REQUEST_FIELDS)[name];
      if (mapped === undefined) return undefined;
      field = mapped;
    }
    const path = [...trace.path, field];
    if (trace.origin !== 'event') return { ...trace, path, at: location, isWholeObject: undefined, isText: undefined };
    const verdict = classifyEventPath(path, this.mode.trigger);
    if (verdict.verdict === 'trusted') return undefined;
    if (verdict.verdict === 'container') return { ...trace, path, at: location };
    const sourceId = this.solver.addSource(verdict.kind ?? 'event', formatTracePath(trace, path), location, this.mode.handler);
    const mayBeObject = (trace.shape === 'express-request' && EXPRESS_OBJECT_FIELDS.has(path[0])) || ((trace.shape === 'parsed-body' || trace.shape === 'hapi-request') && path[0] === 'body');
    const isWholeObject = path.length === 1 && (mayBeObject || OBJECT_EVENT_FIELDS.has(path[0]));
    const isText = trace.shape === undefined && this.mode.trigger !== 'unknown' && TEXT_SOURCE_KINDS.has(verdict.kind ?? '');
    const edge = this.edgeCheckOf(path);
    return { origin: 'source', sourceId, path, steps: undefined, cut: trace.cut | (edge?.mask ?? 0), guards: edge ? [...trace.guards, edge.guard] : trace.guards, at: location, ...(verdict.startsWithSlash && { isRootedPath: true }), ...(mayBeObject && { mayBeObject }), ...(isWholeObject && { isWholeObject }), ...(isText && { isText }), ...(trace.shape && { shape: trace.shape }) };
  }

  /**
   * The guard API Gateway's request validation puts on the body (`edge-schema.ts`), for a source read from it: the
   * body of a request that reached the function matched the route's model. Not for the whole event.
   */
  private edgeCheckOf(path: readonly string[]): { mask: Mask; guard: number } | undefined {
    const edge = this.mode.edgeBody;
    if (!edge || path[0] !== 'body') return undefined;
    const mask = maskOf(edge.cuts);
    return { mask, guard: this.solver.addGuard('schema', edge.library, edge.location, mask, edge.note) };
  }

  /** The whole event (or a container in it) used as data: a source of kind `event` unless the trigger's metadata is trusted. */
  private materialise(value: Value, node: ts.Node): Value {
    if (!value.traces.some((trace) => trace.origin === 'event')) return value;
    const traces: Trace[] = [];
    for (const trace of value.traces) {
      if (trace.origin !== 'event') {
        traces.push(trace);
        continue;
      }
      if (isTrustedByDefault(this.mode.trigger)) continue;
      const location = trace.path.length === 0 ? this.module.location(node) : trace.at;
      const sourceId = this.solver.addSource('event', formatTracePath(trace, trace.path), location, this.mode.handler);
      const edge = this.edgeCheckOf(trace.path);
      // The whole event, or a map of it (its headers), used as data: an object as a whole.
      traces.push({ ...trace, origin: 'source', sourceId, steps: undefined, ...(edge && { cut: trace.cut | edge.mask, guards: [...trace.guards, edge.guard] }), ...(trace.path.length <= 1 && (trace.path.length === 0 || OBJECT_EVENT_FIELDS.has(trace.path[0])) && { isWholeObject: true }) });
    }
    return { ...value, traces };
  }

  private binary(node: ts.BinaryExpression): Value {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.EqualsToken) {
      const value = this.evaluate(node.right);
      let bound = value;
      const inner = unwrapExpression(node.right);
      if ((ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) && !bound.fn) bound = { ...bound, fn: { node: inner, module: this.module, closure: this.scope } };
      this.assign(node.left, bound);
      return value;
    }
    if (operator === ts.SyntaxKind.PlusEqualsToken) {
      const left = this.evaluate(node.left);
      const right = this.materialise(this.evaluate(node.right), node.right);
      const step = right.traces.length > 0 ? this.step(node, 'string concatenation') : undefined;
      const joined = union(left, mapTraces(right, (trace) => withStep(trace, step)));
      const key = refKey(node.left);
      if (key && !key.includes('.')) {
        const owner = this.scope.owner(key);
        (owner ?? this.scope).vars.set(key, joined);
      }
      return joined;
    }
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    switch (operator) {
      case ts.SyntaxKind.PlusToken: {
        const parts = [this.materialise(left, node.left), this.materialise(right, node.right)];
        const leading = parts[1].traces.length > 0 && left.traces.length === 0 ? this.leadingText(node.left) ?? '' : '';
        if (FIXED_URL_PREFIX.test(leading)) parts[1] = this.afterFixedHost(parts[1], node);
        else if (FIXED_HOST_ONLY.test(leading)) parts[1] = this.afterFixedHost(parts[1], node, true);
        if (!parts.some((part) => part.traces.length > 0)) return EMPTY;
        const step = this.step(node, 'string concatenation');
        // With a tainted side, `+` gives a string (numbers would have no taint to carry); either way its `length` is no text.
        return { traces: mergeTraces(parts[0].traces, parts[1].traces).map((trace) => asText(withStep(trace, step))) };
      }
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.AmpersandAmpersandToken: {
        const joined = union(left, right);
        return { ...joined, props: left.props ?? right.props, fn: left.fn ?? right.fn, qname: left.qname ?? right.qname, schema: left.schema ?? right.schema };
      }
      case ts.SyntaxKind.CommaToken:
        return right;
      default:
        // Comparisons and arithmetic yield booleans and numbers, which carry no injectable text.
        return EMPTY;
    }
  }

  /** The text an untainted string expression starts with, unknown parts as UNKNOWN_MARK; undefined when nothing is known. */
  private leadingText(node: ts.Expression, depth = 0): string | undefined {
    const expr = unwrapExpression(node);
    if (depth > 4) return undefined;
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
    if (ts.isTemplateExpression(expr)) return expr.head.text + (expr.templateSpans.length > 0 ? UNKNOWN_MARK : '');
    if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const left = this.leadingText(expr.left, depth + 1);
      return left === undefined ? undefined : left + (this.leadingText(expr.right, depth + 1) ?? UNKNOWN_MARK);
    }
    if (ts.isIdentifier(expr) && !this.scope.lookup(expr.text)) {
      const constant = this.module.scan.constants.get(expr.text);
      if (constant) return this.leadingText(constant, depth + 1) ?? UNKNOWN_MARK;
    }
    return UNKNOWN_MARK;
  }

  /** Input after a fixed host; with `onlyRootedPaths` (nothing after the host yet), only request paths, whose `/` ends the host. */
  private afterFixedHost(value: Value, node: ts.Node, onlyRootedPaths = false): Value {
    if (onlyRootedPaths && !allTraces(value).some((trace) => trace.isRootedPath)) return value;
    const mask = maskOf(['url', 'redirect']);
    const guard = this.solver.addGuard('fixed-url-prefix', 'URL with a fixed host', this.module.location(node), mask, onlyRootedPaths ? 'the input is a request path, which starts with `/`, right after the host: it cannot change the host' : undefined);
    return mapTraces(value, (trace) => (onlyRootedPaths && !trace.isRootedPath ? trace : { ...trace, cut: trace.cut | mask, guards: [...trace.guards, guard] }));
  }

  private objectLiteral(node: ts.ObjectLiteralExpression): Value {
    const props = new Map<string, Value>();
    let traces: Trace[] = [];
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression);
        if (spread.props) for (const [key, inner] of spread.props) props.set(key, inner);
        traces = mergeTraces(traces, spread.traces);
        continue;
      }
      const key = propertyNameText(property.name);
      if (ts.isComputedPropertyName(property.name)) this.evaluate(property.name.expression);
      let value: Value = EMPTY;
      if (ts.isPropertyAssignment(property)) value = this.evaluate(property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) value = this.evaluate(property.name);
      else if (ts.isMethodDeclaration(property)) value = { traces: [], fn: { node: property, module: this.module, closure: this.scope } };
      if (key !== undefined) props.set(key, value);
      else traces = mergeTraces(traces, value.traces);
    }
    return { traces, props };
  }

  // ---------------------------------------------------------------------------
  // Calls
  // ---------------------------------------------------------------------------

  private call(node: ts.CallExpression | ts.NewExpression): Value {
    const callee = unwrapExpression(node.expression);
    const loaded = ts.isCallExpression(node) && (ts.isIdentifier(callee) && callee.text === 'require' || callee.kind === ts.SyntaxKind.ImportKeyword) ? node.arguments[0] : undefined;
    if (loaded) {
      // A computed module name is evaluated: it may reach the `require`/`import()` sink.
      if (!ts.isStringLiteralLike(unwrapExpression(loaded))) {
        this.evaluate(loaded);
        return EMPTY;
      }
      const name = qualifiedNameOf(this.module.scan, node);
      if (name) return { traces: [], qname: name };
      if (ts.isStringLiteral(loaded)) return { traces: [], importRef: { specifier: loaded.text, imported: '*', module: this.module } };
      return EMPTY;
    }
    let receiver: Value | undefined;
    let method: string | undefined;
    let calleeValue: Value;
    if ((ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && memberName(callee) !== undefined) {
      receiver = this.evaluate(callee.expression);
      method = memberName(callee)!;
      // `Schema.parse(x)` where Schema is a zod/joi/yup chain bound at file level: read the chain.
      if (!receiver.schema && receiver.qname && CHAIN_SCHEMA_LIBRARIES.has(receiver.qname.module)) {
        const schema = this.schemaOf(callee.expression, 0);
        if (schema) receiver = { traces: receiver.traces, schema };
      }
      // Only a function stored on the object or a module member can be called; a tainted receiver's method is handled below.
      calleeValue = receiver.props?.get(method) ?? (receiver.qname ? { traces: [], qname: { module: receiver.qname.module, members: [...receiver.qname.members, method] } } : EMPTY);
    } else calleeValue = this.evaluate(callee);

    const argNodes = node.arguments ? [...node.arguments] : [];
    const args = argNodes.map((arg) => this.evaluate(arg));
    // `new Database()` of a class of this file: an object whose methods can be called, bound and handed on.
    if (ts.isNewExpression(node) && ts.isIdentifier(callee) && !this.scope.lookup(callee.text)) {
      const instance = this.instanceOf(callee.text);
      if (instance) return instance;
    }
    // `db.query.bind(this, sql)`: the function, with the arguments it will be called with first.
    if (method === 'bind' && receiver?.fn) return { traces: [], fn: receiver.fn, bound: { args: [...(receiver.bound?.args ?? []), ...args.slice(1)], nodes: [...(receiver.bound?.nodes ?? []), ...argNodes.slice(1)] } };
    // `promise.then(fn)`: promises are transparent here (`await p` is `p`), so `fn` runs with the receiver's value,
    // whether or not it is tainted: a bound function may carry the taint itself (`.then(db.query.bind(this, sql))`).
    if (method === 'then' && receiver && args[0]?.fn) return this.invokeValue(args[0], [receiver], argNodes[0], [argNodes[0]]);
    // Express's `req.get('x-token')` and `req.header('x-token')` read a request header.
    if ((method === 'get' || method === 'header') && receiver) {
      const requests = receiver.traces.filter((trace) => trace.origin === 'event' && (trace.shape === 'express-request' || trace.shape === 'koa-context') && trace.path.length === 0);
      if (requests.length > 0) {
        const header = argNodes[0] && ts.isStringLiteralLike(argNodes[0]) ? argNodes[0].text.toLowerCase() : '[]';
        return this.member(this.member({ traces: requests }, 'headers', callee), header, node);
      }
    }
    const name = this.qualifiedName(callee, receiver, method, calleeValue);
    const location = this.module.location(node);
    const label = name ? describeQualifiedName(name) : this.text(callee);

    // Callbacks run with what the call gives them: array elements, or nothing we know.
    if (method && receiver && ELEMENT_CALLBACK_METHODS.has(method) && args[0]?.fn) {
      const element = this.member(receiver, '[]', callee);
      const step = this.step(argNodes[0], `element in \`.${method}\` callback`);
      const stepped = mapTraces(element, (trace) => withStep(trace, step));
      const callbackArgs = method.startsWith('reduce') ? [args[1] ?? EMPTY, stepped] : [stepped];
      const returned = this.invoke(args[0].fn, callbackArgs, argNodes[0]);
      if (method === 'map' || method === 'flatMap' || method.startsWith('reduce')) return returned;
      if (RETURNS_ELEMENTS.has(method)) return receiver;
      return EMPTY;
    }

    const objectRead = this.s3ObjectRead(node, name, method, receiver, args, argNodes, location);
    if (objectRead) return objectRead;

    if (name) {
      const special = this.modelledCall(node, name, args, argNodes, receiver, location, label);
      if (special) return special;
    }

    if (method && receiver && PROPAGATING_METHODS.has(method) && (receiver.traces.length > 0 || receiver.props)) {
      const step = this.step(callee, `\`.${method}()\``);
      // x.replace(/[^a-z0-9]/gi, ''): what is left is letters and digits, which reach no sink.
      if ((method === 'replace' || method === 'replaceAll') && argNodes[0] && ts.isRegularExpressionLiteral(argNodes[0]) && isStrictDeletion(argNodes[0].text, argNodes[1])) {
        const guard = this.solver.addGuard('escape', argNodes[0].text, location, ALL);
        return { traces: allTraces(receiver).map((trace) => ({ ...withStep(trace, step), cut: ALL, guards: [...trace.guards, guard] })) };
      }
      if (method === 'then' && args[0]?.fn) return this.invoke(args[0].fn, [receiver], argNodes[0]);
      const extra = ['concat', 'replace', 'replaceAll', 'padStart', 'padEnd'].includes(method) ? args.map((arg, index) => this.materialise(arg, argNodes[index])) : [];
      const base = this.materialise({ traces: allTraces(receiver) }, callee);
      const isText = TEXT_RESULT_METHODS.has(method);
      return { traces: mergeTraces(base.traces, ...extra.map((arg) => arg.traces)).map((trace) => (isText ? asText(withStep(trace, step)) : withStep(trace, step))) };
    }

    if (calleeValue.fn) return this.invokeValue(calleeValue, args, node, argNodes, label);
    if (calleeValue.importRef) {
      const summary = this.importedSummary(calleeValue.importRef.specifier, calleeValue.importRef.imported);
      if (summary) return this.instantiate(summary, args, argNodes, label, node);
    }
    if (receiver?.importRef && method) {
      const summary = this.importedSummary(receiver.importRef.specifier, method);
      if (summary) return this.instantiate(summary, args, argNodes, label, node);
    }
    // Unknown callee: callbacks still run (route handlers, promise executors), with nothing known about their parameters.
    args.forEach((arg, index) => {
      if (arg.fn && arg.fn.closure) this.invoke(arg.fn, [], argNodes[index]);
    });
    if (name && name.module !== '') return { traces: [], qname: { module: name.module, members: [...name.members, '()'] } };
    return EMPTY;
  }

  /**
   * An S3 object read with the key of the S3 event that invoked the handler (`s3.send(new GetObjectCommand({ Bucket, Key }))`,
   * v2's `s3.getObject({ Bucket, Key }).promise()` or its callback, v3's aggregated `s3.getObject(...)`): its `Body` is
   * what the uploader wrote, a source of kind `s3-object-body`. The key must carry an `s3.key` source: an object read
   * with a constant key, or a key from any other input, is the bucket's content, not the trigger's object. A key that
   * went through a guard still names the uploaded object: the guard says nothing of its body.
   */
  private s3ObjectRead(node: ts.CallExpression | ts.NewExpression, name: QualifiedName | undefined, method: string | undefined, receiver: Value | undefined, args: Value[], argNodes: ts.Expression[], location: CodeLocation): Value | undefined {
    if (ts.isNewExpression(node)) {
      if (name?.module !== '@aws-sdk/client-s3' || name.members.join('.') !== 'GetObjectCommand') return undefined;
      return { traces: [], qname: { module: name.module, members: [...name.members, '()'] }, s3GetObjectKey: args[0]?.props?.get('Key') ?? EMPTY };
    }
    if (method === 'promise' && receiver?.isS3Object) return receiver;
    let key: Value | undefined;
    if (method === 'send' && args[0]?.s3GetObjectKey) key = args[0].s3GetObjectKey;
    else if (method === 'getObject' && receiver && args[0]?.props) key = args[0].props.get('Key');
    if (!key) return undefined;
    const keySource = key.traces.map((trace) => (trace.origin === 'source' && trace.sourceId !== undefined ? this.solver.document.sources[trace.sourceId] : undefined)).find((source) => source?.kind === 's3.key');
    if (!keySource) return undefined;
    const sourceId = this.solver.addSource('s3-object-body', `GetObject(${keySource.eventPath}).Body`, location, this.mode.handler);
    const body: Value = { traces: [{ origin: 'source', sourceId, path: [], steps: undefined, cut: 0, guards: [], at: location }] };
    const object: Value = { traces: [], props: new Map([['Body', body]]), isS3Object: true };
    // v2's callback form: `s3.getObject(params, (err, data) => ...)`.
    const callback = method === 'getObject' ? args[1] : undefined;
    if (callback?.fn) this.invokeValue(callback, [EMPTY, object], argNodes[1]);
    return object;
  }

  private qualifiedName(callee: ts.Expression, receiver: Value | undefined, method: string | undefined, calleeValue: Value): QualifiedName | undefined {
    if (receiver?.qname && method) return { module: receiver.qname.module, members: [...receiver.qname.members, method] };
    if (receiver?.schema && method) return { module: '#schema', members: [method] };
    if (calleeValue.qname) return calleeValue.qname;
    if (ts.isIdentifier(callee) && !this.scope.lookup(callee.text)) return qualifiedNameOf(this.module.scan, callee);
    return undefined;
  }

  /** Calls the tables model: sanitizers, propagators, schema parsing, promisify. */
  private modelledCall(node: ts.CallExpression | ts.NewExpression, name: QualifiedName, args: Value[], argNodes: ts.Expression[], receiver: Value | undefined, location: CodeLocation, label: string): Value | undefined {
    const argsTraces = () => mergeTraces(...args.map((arg, index) => this.materialise({ traces: allTraces(arg) }, argNodes[index]).traces));
    if (name.module === 'util' && name.members.join('.') === 'promisify') return args[0] ?? EMPTY;
    for (const model of SANITIZERS) {
      if (!matchesModel(name, model.modules, model.methods) && !(name.module === '' && model.methods.includes(name.members[0]) && model.modules.includes(''))) continue;
      const mask = maskOf(model.cuts);
      const guard = this.solver.addGuard(model.kind, model.library, location, mask);
      return { traces: argsTraces().map((trace) => ({ ...trace, cut: trace.cut | mask, guards: [...trace.guards, guard] })) };
    }
    const global = name.module === '' ? name.members.join('.') : undefined;
    const isPropagator = (global !== undefined && PROPAGATING_GLOBALS.has(global)) || PROPAGATING_MODULE_FUNCTIONS.some((model) => matchesModel(name, model.modules, model.methods));
    if (isPropagator) {
      const step = { location, description: `\`${label}\`` };
      // JSON.parse gives back whatever the text holds: an object as well as a string.
      const traces = argsTraces().map((trace) => (global === 'JSON.parse' ? { ...withStep(trace, step), mayBeObject: true } : global !== undefined && TEXT_RESULT_GLOBALS.has(global) ? asText(withStep(trace, step)) : withStep(trace, step)));
      // JSON.parse and friends keep the object's shape only as taint: every field of the result is tainted.
      if (global === 'Object.assign' || global === 'structuredClone' || global === 'Promise.resolve') {
        const props = new Map<string, Value>();
        for (const arg of args) if (arg.props) for (const [key, inner] of arg.props) props.set(key, inner);
        return { traces: mergeTraces(...args.map((arg) => arg.traces)).map((trace) => withStep(trace, step)), props: props.size > 0 ? props : undefined };
      }
      return { traces };
    }
    // Schema libraries read field by field: z.object({...}).parse(x).
    if (receiver?.schema && /^(parse|parseAsync|safeParse|safeParseAsync|validate|validateAsync|validateSync|cast|attempt|create|mask)$/.test(name.members[name.members.length - 1] ?? '')) {
      const method = name.members[name.members.length - 1];
      const input = args[0] ?? EMPTY;
      const parsed = this.applySchema(receiver.schema, input, location, node);
      if (method.startsWith('safeParse')) return { traces: [], props: new Map([['data', parsed], ['success', EMPTY], ['error', EMPTY]]) };
      if (receiver.schema.library.includes('joi') && method === 'validate') return { traces: [], props: new Map([['value', parsed], ['error', EMPTY]]) };
      return parsed;
    }
    if (CHAIN_SCHEMA_LIBRARIES.has(name.module)) {
      const schema = this.schemaOf(node, 0);
      if (schema) return { traces: [], schema };
      // Joi.attempt(value, schema) and Joi.assert(value, schema).
      const schemaArg = argNodes[1] && this.schemaOf(argNodes[1], 0);
      if (schemaArg && /^(attempt|assert)$/.test(name.members[name.members.length - 1] ?? '')) return this.applySchema(schemaArg, args[0] ?? EMPTY, location, node);
    }
    const checked = ts.isCallExpression(node) ? this.schemaCall(node, name) : undefined;
    if (checked?.schema && checked.input) {
      const inputValue = args[argNodes.indexOf(checked.input)] ?? EMPTY;
      if (checked.form === 'parse') return this.applySchema(checked.schema, inputValue, location, node);
      if (checked.form === 'safeParse') return { traces: [], props: new Map([['output', this.applySchema(checked.schema, inputValue, location, node)], ['data', this.applySchema(checked.schema, inputValue, location, node)], ['success', EMPTY], ['issues', EMPTY], ['error', EMPTY]]) };
      // class-validator: `await validateOrReject(dto)` throws on bad input; `const errors = await validate(dto)` is checked next.
      const key = checked.library === 'class-validator' ? refKey(checked.input) : undefined;
      if (key) for (const item of this.schemaNarrowings(checked.schema, key, location, true)) this.addNarrowing(item, true);
      return EMPTY;
    }
    if (isOpaqueSchemaModule(name.module) || (receiver?.qname && isOpaqueSchemaModule(receiver.qname.module))) {
      const method = name.members[name.members.length - 1] ?? '';
      if (/^(parse|create|mask|Parse|Decode|Clean|Cast|coerce)$/.test(method)) {
        const guard = this.solver.addGuard('schema', name.module, location, ALL, UNREAD_SCHEMA_NOTE);
        return { traces: argsTraces().map((trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guard] })) };
      }
    }
    return undefined;
  }

  /** Runs a function value: inline when it closes over this analysis, through its summary otherwise. */
  /** Calls a function value, with the arguments `bind` gave it first. */
  private invokeValue(value: Value, args: Value[], site: ts.Node, argNodes?: ts.Expression[], label?: string): Value {
    if (!value.fn) return EMPTY;
    if (!value.bound) return this.invoke(value.fn, args, site, label, argNodes);
    const nodes = argNodes ? [...value.bound.nodes, ...argNodes] : undefined;
    const name = ts.isMethodDeclaration(value.fn.node) || ts.isFunctionDeclaration(value.fn.node) ? propertyNameText(value.fn.node.name) : undefined;
    return this.invoke(value.fn, [...value.bound.args, ...args], site, label ?? (name ? `${name}` : 'the bound function'), nodes);
  }

  /**
   * An instance of a class of this file, or of one a relative import exports: its methods (summarised when
   * called). While an instance's fields are built, an imported class is read for its declarations whatever the
   * import depth, as an injected one is: the methods that use the field call that class.
   */
  private instanceOf(className: string): Value | undefined {
    const found = this.classNamed(className, !!this.constructing);
    return found && methodsOf(found.declaration, found.module);
  }

  /**
   * `this` in a method of `declaration`: its methods, the services its constructor injects
   * (`constructor(private readonly orders: OrdersService)`, as Nest does), each an instance of the class its
   * type names, declared in this module or exported by a relative import, and the fields its initialisers and
   * constructor assign (`private repo = new OrdersRepo()`, `this.db = db`). Dependency injection makes the
   * injected class the one the method calls, so its module is read for its declarations, whatever the import
   * depth (its own imports stay unread). Built once per class; the value is cached before its fields are built,
   * so a class whose construction reaches its own methods, or another class's that comes back to it, ends.
   */
  private instanceValue(declaration: ts.ClassLikeDeclaration): Value {
    this.solver.orderSensitive = true;
    const cached = this.module.instances.get(declaration);
    if (cached) return cached;
    const value = methodsOf(declaration, this.module);
    this.module.instances.set(declaration, value);
    const constructor = constructorOf(declaration);
    const args = (constructor?.parameters ?? []).map((parameter) => {
      const injected = this.injectedValue(parameter);
      if (injected && ts.isParameterPropertyDeclaration(parameter, constructor!) && ts.isIdentifier(parameter.name)) value.props!.set(parameter.name.text, injected);
      return injected ?? EMPTY;
    });
    // Nest's property injection: `@Inject('ORDERS') private readonly orders: Orders;`.
    for (const member of declaration.members) {
      if (!ts.isPropertyDeclaration(member) || member.initializer || !ts.isIdentifier(member.name) || isStatic(member) || !nestInjectToken(this.module.scan, member)) continue;
      const injected = this.injectedValue(member);
      if (injected) value.props!.set(member.name.text, injected);
    }
    const isBuilt = declaration.members.some((member) => (ts.isPropertyDeclaration(member) && !!member.initializer && !isStatic(member)) || (member === constructor && constructor.body!.statements.length > 0));
    // Construction runs before any event exists: it gives the fields their shapes, never taint.
    if (isBuilt && this.summaryDepth < MAX_SUMMARY_DEPTH) new FunctionAnalysis(this.solver, this.module, declaration, { ...this.mode, mode: 'summary' }, undefined, 0, this.summaryDepth + 1).run(args);
    return value;
  }

  /**
   * What a constructor parameter (or a property) receives: for `@Inject(TOKEN)`, the class the app's providers
   * give for the token; otherwise the class its type names, or the one the providers put in its place
   * (`{ provide: OrdersService, useClass: ... }`). A token no provider resolves falls back on the type's class;
   * an interface type with no resolved token gives nothing.
   */
  private injectedValue(node: ts.ParameterDeclaration | ts.PropertyDeclaration): Value | undefined {
    const scanModule = this.mode.scanModule;
    const type = node.type && ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) ? node.type.typeName.text : undefined;
    const typed = type ? this.classNamed(type, true) : undefined;
    const token = nestInjectToken(this.module.scan, node);
    const key = token ? this.solver.tokenKey(this.module, token, scanModule) : typed && this.solver.classKey(typed);
    const injected = (key && this.solver.providedClass(key, scanModule)) || typed;
    return injected ? methodsOf(injected.declaration, injected.module) : undefined;
  }

  private classNamed(name: string, structural: boolean): ClassRef | undefined {
    return this.solver.classNamed(this.module, name, this.mode.scanModule, structural);
  }

  /**
   * Builds the fields of `this` (the cached instance of `declaration`): its field initialisers, then its
   * constructor's own statements with `args` as its parameters. `this.x = v` there sets the field; elsewhere
   * (a method, a callback inside the constructor, a method it calls) it does not.
   */
  private construct(declaration: ts.ClassLikeDeclaration, args: Value[]): void {
    const instance = this.instanceValue(declaration);
    this.constructing = instance;
    this.scope.vars.set('this', instance);
    for (const member of declaration.members) {
      if (!ts.isPropertyDeclaration(member) || !member.initializer || isStatic(member)) continue;
      // Function-valued fields are methods (`methodsOf`), summarised with their class's `this`.
      if (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer)) continue;
      const value = this.evaluate(member.initializer);
      const name = propertyNameText(member.name);
      if (name !== undefined) instance.props!.set(name, value);
    }
    const constructor = constructorOf(declaration);
    if (!constructor?.body) return;
    constructor.parameters.forEach((parameter, index) => this.bind(parameter.name, args[index] ?? EMPTY, undefined));
    this.statements(constructor.body.statements);
  }

  private invoke(target: FunctionValue, args: Value[], site: ts.Node, label?: string, argNodes?: ts.Expression[]): Value {
    if (target.closure && this.depth < MAX_INLINE_DEPTH) {
      const steppedArgs = label && argNodes ? args.map((arg, index) => mapTraces(arg, (trace) => withStep(trace, this.step(argNodes[index], `argument ${index + 1} of \`${label}\``), true))) : args;
      const inner = new FunctionAnalysis(this.solver, target.module, target.node, this.mode, target.closure, this.depth + 1, this.summaryDepth);
      const returned = inner.run(steppedArgs);
      for (const hit of inner.sinkHits) this.sinkHits.push(hit);
      return label ? mapTraces(returned, (trace) => withStep(trace, this.step(site, `returned from \`${label}\``), true)) : returned;
    }
    if (target.closure) return EMPTY;
    const summary = this.summary(target);
    if (!summary) return EMPTY;
    return this.instantiate(summary, args, argNodes ?? [], label ?? 'callback', site);
  }

  private summaryFor(call: ts.CallExpression): Summary | undefined {
    const callee = unwrapExpression(call.expression);
    if (ts.isIdentifier(callee)) {
      const local = this.scope.lookup(callee.text);
      const value = local ?? this.moduleValue(callee.text);
      if (value.fn && !value.fn.closure) return this.summary(value.fn);
      if (value.fn?.closure) {
        // A nested helper: its asserts are read from a throwaway summary of the same node.
        return this.summary({ node: value.fn.node, module: value.fn.module });
      }
      if (value.importRef) return this.importedSummary(value.importRef.specifier, value.importRef.imported);
    }
    return undefined;
  }

  private summary(target: FunctionValue): Summary | undefined {
    const module = target.module;
    const cached = module.summaries.get(target.node);
    if (cached === 'pending' || (!cached && this.summaryDepth >= MAX_SUMMARY_DEPTH)) {
      this.solver.orderSensitive = true;
      return undefined;
    }
    if (cached) return cached;
    module.summaries.set(target.node, 'pending');
    const mode: AnalysisMode = { ...this.mode, mode: 'summary' };
    const analysis = new FunctionAnalysis(this.solver, module, target.node, mode, undefined, 0, this.summaryDepth + 1);
    const params = target.node.parameters.map((_, index): Value => ({ traces: [{ origin: 'param', param: index, path: [], steps: undefined, cut: 0, guards: [], at: module.location(target.node), isRootedPath: true, mayBeObject: true, isWholeObject: true }] }));
    const returns = analysis.run(params);
    const summary: Summary = { returns, sinkHits: analysis.sinkHits, asserts: analysis.asserts() };
    const body = target.node.body;
    const returned = body && !ts.isBlock(body) ? body : body && ts.isBlock(body) && body.statements.length > 0 && ts.isReturnStatement(body.statements[body.statements.length - 1]) ? (body.statements[body.statements.length - 1] as ts.ReturnStatement).expression : undefined;
    if (returned) {
      const condition = analysis.condition(returned);
      const toParams = (items: KeyNarrowing[]) => items.flatMap((item) => {
        const mapped = analysis.keyToParam(item.key);
        return mapped ? [{ ...mapped, narrowing: item.narrowing }] : [];
      });
      summary.predicate = { whenTrue: toParams(condition.whenTrue), whenFalse: toParams(condition.whenFalse) };
    }
    module.summaries.set(target.node, summary);
    return summary;
  }

  private importedSummary(specifier: string, imported: string): Summary | undefined {
    const module = this.solver.importedModule(this.module, specifier, this.mode.scanModule);
    if (!module) return undefined;
    const entry = module.scan.exports.find((candidate) => candidate.name === imported) ?? (imported === '*' ? undefined : undefined);
    if (!entry) return undefined;
    const resolved = resolveFunction(module.scan, entry.node);
    if (!resolved) return undefined;
    return this.summary({ node: resolved.fn, module });
  }

  /** A summary applied at a call: parameter traces become the arguments' traces, with the call's steps. */
  private instantiate(summary: Summary, args: Value[], argNodes: ts.Expression[], label: string, site: ts.Node): Value {
    const argStep = (index: number) => this.step(argNodes[index] ?? site, `argument ${index + 1} of \`${label}\``);
    const substitute = (trace: Trace): Trace[] => {
      if (trace.origin !== 'param') return [trace];
      let value = args[trace.param ?? 0] ?? EMPTY;
      value = mapTraces(value, (inner) => withStep(inner, argStep(trace.param ?? 0), true));
      for (const segment of trace.path) value = this.member(value, segment, argNodes[trace.param ?? 0] ?? site);
      return allTraces(value).map((inner) => {
        const out = { ...inner, steps: appendSteps(inner.steps, trace.steps) };
        // The callee may have changed the text (`return uri.slice(1)`): a request path stays one only if it did not.
        return { ...out, cut: out.cut | trace.cut, guards: [...out.guards, ...trace.guards], isRootedPath: (inner.isRootedPath && trace.isRootedPath) || undefined, mayBeObject: (inner.mayBeObject && trace.mayBeObject) || undefined, isWholeObject: (inner.isWholeObject && trace.isWholeObject) || undefined, isText: trace.isText || (inner.isText && trace.isRootedPath) || undefined };
      });
    };
    for (const hit of summary.sinkHits) {
      for (const trace of substitute(hit.trace)) this.reportTrace(trace, hit.sinkId);
    }
    const returnStep = this.step(site, `returned from \`${label}\``);
    const mapValue = (value: Value, depth: number): Value => {
      const traces = mergeTraces(...value.traces.map(substitute)).map((trace) => withStep(trace, returnStep, true));
      const props = value.props && depth < 3 ? new Map([...value.props].map(([key, inner]) => [key, mapValue(inner, depth + 1)])) : undefined;
      return { traces, props, fn: value.fn, qname: value.qname, schema: value.schema };
    };
    return mapValue(summary.returns, 0);
  }

  // ---------------------------------------------------------------------------
  // Sinks
  // ---------------------------------------------------------------------------

  private checkSink(site: SinkSite, value: Value, node: ts.Node): void {
    const sinkId = this.solver.sinkId(this.module, site);
    let checked: Value = value;
    if (site.properties) {
      const parts = site.properties.map((property) => (value.props ? value.props.get(property) ?? EMPTY : { traces: value.traces }));
      checked = union(...parts);
    } else checked = { traces: allTraces(value) };
    if (site.kind === 'code-eval' && value.fn) return;
    // A MongoDB filter: a string compares as it is; a value that may be an object can be an operator.
    if (site.requiresObject) checked = { traces: objectOperandTraces(value, 0).filter((trace) => trace.mayBeObject) };
    // `res.send(req.body)` echoes an object as JSON, and so does an object built in code (`{ name }`);
    // a field of it, or text built from it, is sent as HTML.
    if (site.objectIsJson) checked = { traces: (value.props ? value.traces : checked.traces).filter((trace) => !(trace.origin === 'source' && trace.isWholeObject)) };
    checked = this.materialise(checked, node);
    for (const trace of checked.traces) this.reportTrace(trace, sinkId);
  }

  private reportTrace(trace: Trace, sinkId: number): void {
    const sink = this.solver.document.sinks[sinkId];
    const bit = 1 << SINK_KINDS.indexOf(sink.kind);
    if (trace.origin === 'param') {
      if ((trace.cut & bit) === 0) this.sinkHits.push({ trace, sinkId });
      return;
    }
    if (trace.origin !== 'source' || trace.sourceId === undefined) return;
    if ((trace.cut & bit) !== 0) {
      this.solver.recordCut(trace.guards, trace.sourceId, sinkId);
      return;
    }
    const assumption = this.mode.trigger === 'unknown' ? 'trigger unknown: every event field except requestContext is treated as untrusted' : undefined;
    // Every guard on a trace that reaches a sink of this kind failed to cut it: the finding points at them.
    this.solver.addFlow(trace.sourceId, sinkId, this.mode.handler, [...stepsToArray(trace.steps), { location: sink.argumentLocation, description: `reaches \`${sink.callee}\`` }], assumption, trace.guards);
  }

  // ---------------------------------------------------------------------------
  // Guards
  // ---------------------------------------------------------------------------

  condition(node: ts.Expression): { whenTrue: KeyNarrowing[]; whenFalse: KeyNarrowing[] } {
    const none = { whenTrue: [] as KeyNarrowing[], whenFalse: [] as KeyNarrowing[] };
    const expr = unwrapExpression(node);
    if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.condition(expr.operand);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    if (ts.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
        const left = this.condition(expr.left);
        const right = this.condition(expr.right);
        // `a && b` is false when either is: a key is narrowed then only when both sides narrow it (`!inside && x !== BASE`).
        const whenFalse = left.whenFalse.flatMap((one) => right.whenFalse.filter((other) => other.key === one.key).map((other) => ({ key: one.key, narrowing: { mask: one.narrowing.mask & other.narrowing.mask, guards: [...one.narrowing.guards, ...other.narrowing.guards], viaThrow: false } })));
        return { whenTrue: [...left.whenTrue, ...right.whenTrue], whenFalse: whenFalse.filter((entry) => entry.narrowing.mask !== 0) };
      }
      if (operator === ts.SyntaxKind.BarBarToken) {
        const left = this.condition(expr.left);
        const right = this.condition(expr.right);
        return { whenTrue: [], whenFalse: [...left.whenFalse, ...right.whenFalse] };
      }
      const isEqual = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
      const isNotEqual = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
      if (isEqual || isNotEqual) {
        const flip = (result: { whenTrue: KeyNarrowing[]; whenFalse: KeyNarrowing[] }) => (isEqual ? result : { whenTrue: result.whenFalse, whenFalse: result.whenTrue });
        for (const [a, b] of [[expr.left, expr.right], [expr.right, expr.left]] as const) {
          const left = unwrapExpression(a);
          const right = unwrapExpression(b);
          if (ts.isTypeOfExpression(left) && ts.isStringLiteral(right)) {
            const key = refKey(left.expression);
            if (!key) continue;
            const mask = ['number', 'boolean', 'undefined', 'bigint'].includes(right.text) ? ALL : 0;
            const guard = this.solver.addGuard('typeof', `typeof === '${right.text}'`, this.module.location(expr), mask, mask === 0 ? `a ${right.text} can still carry input` : undefined);
            // A check that cuts nothing still narrows with an empty mask, so a flow through it can name it.
            return flip({ whenTrue: [{ key, narrowing: { mask, guards: [guard], viaThrow: false, ...(right.text === 'string' && { notObject: true }) } }], whenFalse: [] });
          }
          // Equal to a name that holds no input (`resolved === BASE_DIR`): the value is that trusted one.
          const isTrustedName = (ts.isIdentifier(right) || ts.isPropertyAccessExpression(right)) && !refKey(left)?.startsWith(this.text(right)) && this.evaluate(right).traces.length === 0 && this.isDeclaredName(right);
          if ((ts.isStringLiteral(right) || ts.isNumericLiteral(right) || ts.isNoSubstitutionTemplateLiteral(right) || isTrustedName) && refKey(left)) {
            const guard = this.solver.addGuard('equality', 'comparison with a constant', this.module.location(expr), ALL);
            return flip({ whenTrue: [{ key: refKey(left)!, narrowing: { mask: ALL, guards: [guard], viaThrow: false } }], whenFalse: [] });
          }
          // ALLOWED.indexOf(x) === -1
          if (ts.isCallExpression(left) && ts.isPropertyAccessExpression(left.expression) && left.expression.name.text === 'indexOf' && ts.isPrefixUnaryExpression(right) && right.operator === ts.SyntaxKind.MinusToken) {
            const inner = this.allowList(left, left.expression.expression, left.arguments[0]);
            return flip({ whenTrue: inner.whenFalse, whenFalse: inner.whenTrue });
          }
        }
        return none;
      }
      if ((operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken) && ts.isCallExpression(unwrapExpression(expr.left))) {
        const call = unwrapExpression(expr.left) as ts.CallExpression;
        if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'indexOf') return this.allowList(call, call.expression.expression, call.arguments[0]);
      }
      if (operator === ts.SyntaxKind.InKeyword) return this.allowList(expr, expr.right, expr.left);
      return none;
    }
    if (ts.isCallExpression(expr)) {
      const callee = unwrapExpression(expr.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (method === 'includes' || method === 'has') return this.allowList(expr, callee.expression, expr.arguments[0]);
        if (method === 'startsWith' && expr.arguments[0]) {
          const contained = this.pathContainment(expr, callee.expression);
          if (contained) return contained;
        }
        if (method === 'test' && expr.arguments[0]) {
          const pattern = this.regexPattern(callee.expression);
          const key = refKey(expr.arguments[0]);
          if (pattern !== undefined && key) {
            const anchored = isAnchoredRegex(pattern);
            const guard = this.solver.addGuard('regex-test', `/${pattern.length > 40 ? `${pattern.slice(0, 37)}...` : pattern}/`, this.module.location(expr), anchored ? ALL : 0, anchored ? undefined : 'the pattern is not anchored at both ends, so it proves nothing about the rest of the value');
            return { whenTrue: [{ key, narrowing: { mask: anchored ? ALL : 0, guards: [guard], viaThrow: false } }], whenFalse: [] };
          }
        }
      }
      const name = qualifiedNameOf(this.module.scan, expr.expression);
      if (name) {
        const global = name.module === '' ? name.members.join('.') : '';
        if ((global === 'isNaN' || global === 'Number.isNaN') && expr.arguments[0]) {
          const key = refKey(expr.arguments[0]);
          if (key) {
            const guard = this.solver.addGuard('number-check', global, this.module.location(expr), ALL);
            return { whenTrue: [], whenFalse: [{ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } }] };
          }
        }
        for (const model of PREDICATES) {
          if (!matchesModel(name, model.modules, model.methods)) continue;
          const key = expr.arguments[model.argument] && refKey(expr.arguments[model.argument]);
          if (!key) continue;
          const mask = maskOf(model.cuts);
          const guard = this.solver.addGuard(model.kind, model.library, this.module.location(expr), mask);
          return { whenTrue: [{ key, narrowing: { mask, guards: [guard], viaThrow: false } }], whenFalse: [] };
        }
        // ajv: const validate = ajv.compile(schema); if (!validate(data)) return ...; v.is(S, x), is(x, S), Value.Check(S, x).
        const checked = this.schemaCall(expr, name);
        const checkedKey = checked?.form === 'check' && checked.schema && checked.input && refKey(checked.input);
        if (checked?.schema && checkedKey) return { whenTrue: this.schemaNarrowings(checked.schema, checkedKey, this.module.location(expr), false), whenFalse: [] };
        const modules = [name.module];
        if (modules.some(isOpaqueSchemaModule) && /^(compile\(\)|validate|Check|is|Validate)$/.test(name.members.slice(-2).join('') === 'compile()' ? 'compile()' : name.members[name.members.length - 1] ?? '')) {
          const keys = expr.arguments.map((arg) => refKey(arg)).filter((key): key is string => !!key);
          if (keys.length > 0) {
            const guard = this.solver.addGuard('schema', name.module, this.module.location(expr), ALL, UNREAD_SCHEMA_NOTE);
            return { whenTrue: keys.map((key) => ({ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } })), whenFalse: [] };
          }
        }
      }
      // A same-file predicate helper: function isAllowed(x) { return ALLOWED.includes(x); }
      const summary = this.summaryFor(expr);
      if (summary?.predicate) {
        const toKeys = (items: ParamNarrowing[]) => items.flatMap((item) => {
          const arg = expr.arguments[item.param];
          const key = arg && refKey(arg);
          return key ? [{ key: [key, ...item.path].join('.'), narrowing: item.narrowing }] : [];
        });
        return { whenTrue: toKeys(summary.predicate.whenTrue), whenFalse: toKeys(summary.predicate.whenFalse) };
      }
    }
    return none;
  }

  /**
   * `resolved.startsWith(BASE)` where `resolved` was declared in the same function as `path.resolve(...)`,
   * `path.normalize(...)` or `path.join(...)`: those remove `..`, so a prefix check on the result keeps the
   * path inside BASE. A prefix check on the raw input proves nothing (`/data/../etc` starts with `/data`).
   */
  private pathContainment(node: ts.CallExpression, receiver: ts.Expression): { whenTrue: KeyNarrowing[]; whenFalse: KeyNarrowing[] } | undefined {
    const target = unwrapExpression(receiver);
    if (!ts.isIdentifier(target)) return undefined;
    const prefix = this.evaluate(node.arguments[0]);
    if (prefix.traces.length > 0) return undefined;
    let scope: ts.Node | undefined = node.parent;
    while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    if (!scope) return undefined;
    let isNormalised = false;
    const visit = (child: ts.Node): void => {
      if (isNormalised) return;
      if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && child.name.text === target.text && child.initializer && ts.isCallExpression(unwrapExpression(child.initializer))) {
        const name = qualifiedNameOf(this.module.scan, (unwrapExpression(child.initializer) as ts.CallExpression).expression);
        if (name && name.module === 'path' && ['resolve', 'normalize', 'join'].includes(name.members[name.members.length - 1] ?? '')) isNormalised = true;
      }
      if (!ts.isFunctionLike(child)) ts.forEachChild(child, visit);
    };
    ts.forEachChild(scope, visit);
    if (!isNormalised) return undefined;
    const mask = maskOf(['path']);
    const guard = this.solver.addGuard('allow-list', `${target.text}.startsWith(...) after path normalisation`, this.module.location(node), mask, 'a prefix check on a normalised path keeps it inside the prefix');
    return { whenTrue: [{ key: target.text, narrowing: { mask, guards: [guard], viaThrow: false } }], whenFalse: [] };
  }

  /** A module constant or `process.env.X`: not `undefined`, which any missing field equals. */
  private isDeclaredName(node: ts.Expression): boolean {
    if (ts.isIdentifier(node)) return node.text !== 'undefined' && (this.module.scan.constants.has(node.text) || this.module.scan.localNames.has(node.text));
    return /^process\.env\./.test(this.text(node));
  }

  private allowList(node: ts.Node, collection: ts.Expression, item: ts.Expression | undefined): { whenTrue: KeyNarrowing[]; whenFalse: KeyNarrowing[] } {
    const key = item && refKey(item);
    if (!key) return { whenTrue: [], whenFalse: [] };
    const set = this.evaluate(collection);
    // The collection must be ours: a list from the event proves nothing.
    if (set.traces.length > 0) return { whenTrue: [], whenFalse: [] };
    const guard = this.solver.addGuard('allow-list', this.text(collection), this.module.location(node), ALL);
    return { whenTrue: [{ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } }], whenFalse: [] };
  }

  private regexPattern(node: ts.Expression): string | undefined {
    let expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) expr = this.module.scan.constants.get(expr.text) ?? expr;
    expr = unwrapExpression(expr);
    if (ts.isRegularExpressionLiteral(expr)) return expr.text.slice(1, expr.text.lastIndexOf('/'));
    if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'RegExp' && expr.arguments?.[0] && ts.isStringLiteral(expr.arguments[0])) return expr.arguments[0].text;
    return undefined;
  }

  // ---------------------------------------------------------------------------
  // Schemas (zod, joi, yup read field by field)
  // ---------------------------------------------------------------------------

  schemaOf(node: ts.Expression, depth: number): SchemaShape | undefined {
    if (depth > 24) return undefined;
    const expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) {
      const local = this.scope.lookup(expr.text);
      if (local?.schema) return local.schema;
      const constant = this.module.scan.constants.get(expr.text);
      return constant && constant !== node ? this.schemaOf(constant, depth + 1) : undefined;
    }
    if (!ts.isCallExpression(expr)) return undefined;
    const called = qualifiedNameOf(this.module.scan, expr.expression);
    if (called && FUNCTIONAL_SCHEMA_LIBRARIES.has(packageRoot(called.module)) && called.members.length > 0 && !called.members.includes('()')) return this.functionalSchemaOf(expr, packageRoot(called.module), called.members[called.members.length - 1], depth);
    const callee = unwrapExpression(expr.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const method = callee.name.text;
    const base = callee.expression;
    const rootName = qualifiedNameOf(this.module.scan, base);
    const isRoot = rootName && CHAIN_SCHEMA_LIBRARIES.has(rootName.module) && (rootName.members.length === 0 || (rootName.members.length === 1 && ['z', 'default', 'coerce', 'Joi'].includes(rootName.members[0])) || (rootName.members.length === 2 && rootName.members[1] === 'coerce'));
    if (isRoot) {
      const library = rootName!.module;
      const prefix = rootName!.members.includes('coerce') ? 'coerce.' : '';
      if (method === 'object') {
        const fields = new Map<string, SchemaShape>();
        const shape = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
        if (shape && ts.isObjectLiteralExpression(shape)) {
          for (const property of shape.properties) {
            const key = propertyNameText(property.name);
            if (key === undefined || !ts.isPropertyAssignment(property)) continue;
            fields.set(key, this.schemaOf(property.initializer, depth + 1) ?? { library, type: 'free' });
          }
        }
        return { library, type: 'object', fields, keepsUnknown: library !== 'zod' && !shape };
      }
      if (method === 'array') {
        const element = expr.arguments[0] ? this.schemaOf(expr.arguments[0], depth + 1) : undefined;
        return { library, type: 'array', element: element ?? { library, type: 'free' } };
      }
      if (method === 'string') return { library, type: 'string', location: this.module.location(expr) };
      if (STRICT_SCHEMA_ROOTS.has(prefix + method) || STRICT_SCHEMA_ROOTS.has(method) || STRING_REFINEMENTS[method] === 'strict') return { library, type: 'strict' };
      if (STRING_REFINEMENTS[method] === 'url') return { library, type: 'string', refinement: 'url', location: this.module.location(expr) };
      return { library, type: 'free', location: this.module.location(expr) };
    }
    const inner = this.schemaOf(base, depth + 1);
    if (!inner) return undefined;
    if (method === 'passthrough' || method === 'unknown' || method === 'catchall' || method === 'noUnknown') return { ...inner, keepsUnknown: method !== 'noUnknown' };
    if ((method === 'extend' || method === 'keys' || method === 'shape') && inner.type === 'object') {
      const shape = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
      const fields = new Map(inner.fields);
      if (shape && ts.isObjectLiteralExpression(shape)) {
        for (const property of shape.properties) {
          const key = propertyNameText(property.name);
          if (key !== undefined && ts.isPropertyAssignment(property)) fields.set(key, this.schemaOf(property.initializer, depth + 1) ?? { library: inner.library, type: 'free' });
        }
      }
      return { ...inner, fields, keepsUnknown: method === 'keys' ? false : inner.keepsUnknown };
    }
    // `.regex(re)` (zod, joi), `.pattern(re)` (joi), `.matches(re)` (yup): only an anchored pattern fixes the value.
    if (inner.type === 'string' && (method === 'regex' || method === 'pattern' || method === 'matches')) return this.withPattern(inner, expr.arguments[0], this.module.location(expr));
    if (inner.type === 'string' && STRING_REFINEMENTS[method]) {
      return { ...inner, refinement: combineRefinements(inner.refinement, STRING_REFINEMENTS[method]), location: this.module.location(expr) };
    }
    // zod `.refine(fn)`, yup `.test(name, message, fn)`, joi `.custom(fn)`: a callback that checks the value against an allow-list.
    if (inner.type === 'string' && (method === 'refine' || method === 'test' || method === 'custom')) {
      const checked = this.allowListCallback(expr.arguments);
      if (checked) return { ...inner, refinement: combineRefinements(inner.refinement, checked), location: this.module.location(expr) };
    }
    if (method === 'valid' || method === 'oneOf' || method === 'allow' && inner.type === 'free') return method === 'allow' ? inner : { library: inner.library, type: 'strict' };
    return inner;
  }

  /**
   * A string schema given a pattern: an anchored one that admits no wildcard (the judgement of a `regex-test`
   * guard) fixes the value; any other pattern leaves the string free, with a note. A pattern that cannot be
   * read (a name from another module) is taken to fix it, as before patterns were read.
   */
  private withPattern(shape: SchemaShape, patternNode: ts.Expression | undefined, location: CodeLocation): SchemaShape {
    const pattern = patternNode ? this.regexPattern(patternNode) : undefined;
    if (pattern === undefined || isAnchoredRegex(pattern)) return { ...shape, type: 'string', refinement: combineRefinements(shape.refinement, 'strict'), location };
    return { ...shape, type: 'string', note: shape.note ?? UNANCHORED_NOTE, location };
  }

  /** The properties of an object literal (after following a constant), by name; undefined for anything else. */
  private literalProperties(node: ts.Expression | undefined, depth = 0): { properties: Map<string, ts.Expression>; node: ts.ObjectLiteralExpression } | undefined {
    if (!node || depth > 8) return undefined;
    const expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) {
      const constant = this.module.scan.constants.get(expr.text);
      return constant && constant !== node ? this.literalProperties(constant, depth + 1) : undefined;
    }
    if (!ts.isObjectLiteralExpression(expr)) return undefined;
    const properties = new Map<string, ts.Expression>();
    for (const property of expr.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = propertyNameText(property.name);
        if (key !== undefined) properties.set(key, property.initializer);
      } else if (ts.isShorthandPropertyAssignment(property)) properties.set(property.name.text, property.name);
    }
    return { properties, node: expr };
  }

  private literalText(node: ts.Expression | undefined): string | undefined {
    if (!node) return undefined;
    let expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) expr = unwrapExpression(this.module.scan.constants.get(expr.text) ?? expr);
    return ts.isStringLiteralLike(expr) ? expr.text : undefined;
  }

  /**
   * A JSON Schema written as an object literal (ajv, `@middy/validator`, typebox's options), read like a zod
   * chain: `enum`/`const` and non-string types fix the value, `type: 'string'` is free unless an anchored
   * `pattern` or a fixed-alphabet `format` pins it, `format: 'uri'` is any URL; `properties` are fields, and
   * an object keeps unknown keys unless `additionalProperties: false`. Undefined when it is no object literal.
   */
  jsonSchemaOf(node: ts.Expression | undefined, library: string, depth: number): SchemaShape | undefined {
    if (depth > 24) return undefined;
    const read = this.literalProperties(node);
    if (!read) return undefined;
    const { properties } = read;
    const location = this.module.location(read.node);
    if (properties.has('enum') || properties.has('const')) return { library, type: 'strict' };
    const union = properties.get('anyOf') ?? properties.get('oneOf');
    const unionNode = union && unwrapExpression(union);
    if (unionNode && ts.isArrayLiteralExpression(unionNode)) return loosestOf(library, unionNode.elements.map((element) => this.jsonSchemaOf(element, library, depth + 1)), location);
    const typeNode = properties.get('type') && unwrapExpression(properties.get('type')!);
    const types = typeNode && ts.isArrayLiteralExpression(typeNode) ? typeNode.elements.map((element) => this.literalText(element)) : [this.literalText(typeNode)];
    const type = types.find((entry) => entry !== 'null') ?? (types.length > 0 && types.every((entry) => entry === 'null') ? 'null' : undefined);
    if (types.filter((entry) => entry !== 'null').length > 1) return { library, type: 'free', location };
    if (type === 'number' || type === 'integer' || type === 'boolean' || type === 'null') return { library, type: 'strict' };
    if (type === 'string') return this.stringFromOptions(library, read.node, location);
    if (type === 'array') return { library, type: 'array', element: this.jsonSchemaOf(properties.get('items'), library, depth + 1) ?? { library, type: 'free' } };
    const fieldsNode = this.literalProperties(properties.get('properties'));
    if (type === 'object' || fieldsNode) {
      const fields = new Map<string, SchemaShape>();
      for (const [key, value] of fieldsNode?.properties ?? []) fields.set(key, this.jsonSchemaOf(value, library, depth + 1) ?? { library, type: 'free', location: this.module.location(value) });
      const additional = properties.get('additionalProperties') && unwrapExpression(properties.get('additionalProperties')!);
      return { library, type: 'object', fields, keepsUnknown: !(additional && additional.kind === ts.SyntaxKind.FalseKeyword) };
    }
    return { library, type: 'free', location };
  }

  /** A string schema's JSON Schema options (`format`, `pattern`), from a JSON schema or typebox's `Type.String({...})`. */
  private stringFromOptions(library: string, options: ts.Expression | undefined, location: CodeLocation): SchemaShape {
    let shape: SchemaShape = { library, type: 'string', location };
    const read = this.literalProperties(options);
    if (!read) return shape;
    const format = this.literalText(read.properties.get('format'));
    if (format && JSON_SCHEMA_FORMATS[format]) shape = { ...shape, refinement: combineRefinements(shape.refinement, JSON_SCHEMA_FORMATS[format]) };
    if (read.properties.has('enum') || read.properties.has('const')) return { library, type: 'strict' };
    const pattern = read.properties.get('pattern');
    if (pattern) {
      const text = this.literalText(pattern);
      // A JSON Schema pattern is a string; a typebox one may be a string too. `new RegExp` of it is what regexPattern reads.
      if (text !== undefined) return isAnchoredRegex(text) ? { ...shape, refinement: 'strict' } : { ...shape, note: UNANCHORED_NOTE };
      return this.withPattern(shape, pattern, location);
    }
    return shape;
  }

  /** The fields of a `{ key: schema }` literal, each read by `read` (a field that cannot be read accepts anything). */
  private fieldsOf(node: ts.Expression | undefined, library: string, read: (value: ts.Expression) => SchemaShape | undefined): Map<string, SchemaShape> {
    const fields = new Map<string, SchemaShape>();
    for (const [key, value] of this.literalProperties(node)?.properties ?? []) fields.set(key, read(value) ?? { library, type: 'free', location: this.module.location(value) });
    return fields;
  }

  /**
   * valibot (`v.object({ a: v.pipe(v.string(), v.url()) })`), superstruct (`object({ a: pattern(string(), re) })`)
   * and typebox (`Type.Object({ a: Type.String({ format: 'uri' }) })`): a builder call of the library. Undefined
   * for a call that builds no schema (`v.parse`, `Value.Check`).
   */
  private functionalSchemaOf(expr: ts.CallExpression, library: string, method: string, depth: number): SchemaShape | undefined {
    const location = this.module.location(expr);
    const [first, second] = expr.arguments;
    const field = (node: ts.Expression) => this.schemaOf(node, depth + 1);
    const elements = (node: ts.Expression | undefined) => {
      const list = node && unwrapExpression(node);
      return list && ts.isArrayLiteralExpression(list) ? list.elements.map((element) => this.schemaOf(element, depth + 1)) : undefined;
    };
    switch (method) {
      case 'object':
      case 'strictObject':
      case 'looseObject':
      case 'objectWithRest':
      case 'type':
      case 'Object': {
        // valibot's `object` strips unknown keys and superstruct's rejects them; `looseObject`, superstruct's `type` and typebox keep them (typebox unless `additionalProperties: false`).
        const options = method === 'Object' ? this.literalProperties(second) : undefined;
        const closed = method === 'Object' ? !!options && unwrapExpression(options.properties.get('additionalProperties') ?? options.node).kind === ts.SyntaxKind.FalseKeyword : method !== 'looseObject' && method !== 'objectWithRest' && method !== 'type';
        if (method === 'type' && library !== 'superstruct') return undefined;
        return { library, type: 'object', fields: this.fieldsOf(first, library, field), keepsUnknown: !closed };
      }
      case 'string':
        return { library, type: 'string', location };
      case 'String':
        return this.stringFromOptions(library, first, location);
      case 'RegExp':
        return this.withPattern({ library, type: 'string', location }, first, location);
      case 'pattern':
        // superstruct `pattern(string(), /re/)`.
        return this.withPattern(first ? this.schemaOf(first, depth + 1) ?? { library, type: 'string', location } : { library, type: 'string', location }, second, location);
      case 'array':
      case 'Array':
        return { library, type: 'array', element: (first && this.schemaOf(first, depth + 1)) ?? { library, type: 'free' } };
      case 'union':
      case 'Union':
        return loosestOf(library, elements(first) ?? [undefined], location);
      case 'variant':
        return loosestOf(library, elements(second) ?? [undefined], location);
      case 'pipe':
      case 'pipeAsync': {
        // valibot `v.pipe(v.string(), v.url(), v.regex(re), v.check(fn))`: the schema, then its actions.
        let shape = first ? this.schemaOf(first, depth + 1) : undefined;
        if (!shape) return undefined;
        for (const action of expr.arguments.slice(1)) {
          const call = unwrapExpression(action);
          if (shape.type !== 'string' || !ts.isCallExpression(call)) continue;
          const name = qualifiedNameOf(this.module.scan, call.expression);
          const actionName = name?.members[name.members.length - 1];
          if (!actionName) continue;
          if (actionName === 'regex') shape = this.withPattern(shape, call.arguments[0], this.module.location(call));
          else if (VALIBOT_ACTIONS[actionName]) shape = { ...shape, refinement: combineRefinements(shape.refinement, VALIBOT_ACTIONS[actionName]), location: this.module.location(call) };
          else if (actionName === 'check') {
            const checked = this.allowListCallback(call.arguments);
            if (checked) shape = { ...shape, refinement: combineRefinements(shape.refinement, checked) };
          }
        }
        return shape;
      }
      case 'refine': {
        // superstruct `refine(string(), 'name', (value) => ALLOWED.includes(value))`.
        const inner = first ? this.schemaOf(first, depth + 1) : undefined;
        const checked = inner?.type === 'string' ? this.allowListCallback(expr.arguments) : undefined;
        return inner && checked ? { ...inner, refinement: combineRefinements(inner.refinement, checked) } : inner;
      }
    }
    if (STRICT_SCHEMA_BUILDERS.has(method)) return { library, type: 'strict' };
    if (WRAPPING_SCHEMA_BUILDERS.has(method)) return first ? this.schemaOf(first, depth + 1) : undefined;
    if (['any', 'unknown', 'Any', 'Unknown', 'record', 'Record', 'json', 'custom', 'instance'].includes(method)) return { library, type: 'free', location };
    return undefined;
  }

  /**
   * A refinement callback `(value) => <check>` whose check is an allow-list (`ALLOWED.includes(x)`, `SET.has(x)`,
   * `x === 'a'`, an anchored regex test, or several joined by `||`/`&&`): `strict` when it checks the value itself,
   * `host` when it checks the host of `new URL(value)`. Anything else proves nothing here.
   */
  private allowListCallback(args: readonly ts.Expression[]): 'strict' | 'host' | undefined {
    const callback = args.map((arg) => unwrapExpression(arg)).find((arg): arg is ts.ArrowFunction | ts.FunctionExpression => ts.isArrowFunction(arg) || ts.isFunctionExpression(arg));
    const parameter = callback?.parameters[0]?.name;
    if (!callback || !parameter || !ts.isIdentifier(parameter)) return undefined;
    let body: ts.Expression | undefined;
    if (!ts.isBlock(callback.body)) body = callback.body;
    else if (callback.body.statements.length === 1 && ts.isReturnStatement(callback.body.statements[0])) body = callback.body.statements[0].expression;
    if (!body) return undefined;
    // What the check is about: the parameter itself, the host of `new URL(parameter)`, or something else.
    const subject = (node: ts.Expression): 'strict' | 'host' | undefined => {
      const expr = unwrapExpression(node);
      if (ts.isIdentifier(expr)) return expr.text === parameter.text ? 'strict' : undefined;
      if (ts.isPropertyAccessExpression(expr) && ['hostname', 'host', 'origin'].includes(expr.name.text)) {
        const base = unwrapExpression(expr.expression);
        if (ts.isNewExpression(base) && ts.isIdentifier(base.expression) && base.expression.text === 'URL' && base.arguments?.[0] && subject(base.arguments[0]) === 'strict') return 'host';
      }
      return undefined;
    };
    const isConstant = (node: ts.Expression): boolean => {
      const expr = unwrapExpression(node);
      if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isArrayLiteralExpression(expr)) return !expr.getText(this.module.scan.sourceFile).includes(parameter.text);
      return ts.isIdentifier(expr) && expr.text !== parameter.text && (this.module.scan.constants.has(expr.text) || this.module.scan.localNames.has(expr.text));
    };
    const check = (node: ts.Expression): 'strict' | 'host' | undefined => {
      const expr = unwrapExpression(node);
      if (ts.isBinaryExpression(expr)) {
        const operator = expr.operatorToken.kind;
        if (operator === ts.SyntaxKind.BarBarToken) {
          const left = check(expr.left);
          const right = check(expr.right);
          return left && right ? (left === 'strict' && right === 'strict' ? 'strict' : 'host') : undefined;
        }
        if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
          const left = check(expr.left);
          const right = check(expr.right);
          return left === 'strict' || right === 'strict' ? 'strict' : left ?? right;
        }
        if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) {
          if (isConstant(expr.right)) return subject(expr.left);
          if (isConstant(expr.left)) return subject(expr.right);
        }
        return undefined;
      }
      if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.arguments[0]) {
        const method = expr.expression.name.text;
        if ((method === 'includes' || method === 'has') && isConstant(expr.expression.expression)) return subject(expr.arguments[0]);
        if (method === 'test') {
          const pattern = this.regexPattern(expr.expression.expression);
          if (pattern !== undefined && isAnchoredRegex(pattern)) return subject(expr.arguments[0]);
        }
      }
      return undefined;
    };
    return check(body);
  }

  /**
   * What a passed check (`if (!validate(b)) return`, `assert(b, S)`, a middleware's event schema) proves about
   * `key` and its fields, for the rest of the block: a part the schema fixes is cut where it is read, a URL
   * field only for the sinks a URL cannot reach; a free field gets a guard of its own that cuts nothing and
   * names its declaration, as in `applySchema`. Unknown keys an open object lets through are not narrowed.
   */
  schemaNarrowings(schema: SchemaShape, key: string, location: CodeLocation, viaThrow: boolean): KeyNarrowing[] {
    const out: KeyNarrowing[] = [];
    const free: string[] = [];
    const guardId = this.solver.addGuard('schema', schema.library, location, 0);
    const walk = (shape: SchemaShape, path: string, label: string): void => {
      const whole = wholeMask(shape);
      if (whole === ALL) {
        this.solver.noteGuardCut(guardId, ALL);
        out.push({ key: path, narrowing: { mask: ALL, guards: [guardId], viaThrow } });
        return;
      }
      if (shape.type === 'object') {
        for (const [name, field] of shape.fields ?? []) walk(field, `${path}.${name}`, label ? `${label}.${name}` : name);
        if (shape.keepsUnknown) free.push(label ? `other keys of ${label}` : 'other keys');
        return;
      }
      const isUrl = shape.type === 'string' && shape.refinement === 'url';
      const note = shape.type === 'free' || shape.type === 'array' ? 'accepts any value' : isUrl ? 'accepts any URL: it checks the format, not the host' : shape.refinement === 'host' ? 'checks the host against an allow-list; the rest of the value is free' : shape.note ?? 'accepts any string';
      free.push(`${label || 'value'}${isUrl ? ' (url)' : ''}`);
      this.solver.noteGuardCut(guardId, whole);
      const fieldGuard = shape.location ? this.solver.addGuard('schema', schema.library, location, whole, note, shape.location) : guardId;
      out.push({ key: path, narrowing: { mask: whole, guards: [fieldGuard], viaThrow } });
    };
    walk(schema, key, '');
    this.solver.settleGuard(guardId, wholeMask(schema), free.length > 0 ? `free fields stay tainted: ${free.slice(0, 6).join(', ')}${free.length > 6 ? ', ...' : ''}` : undefined);
    return out;
  }

  /**
   * A call of a validator that is not a chain (`validate(b)` of `ajv.compile(schema)`, `v.parse(S, x)`,
   * `assert(x, S)`, `Value.Check(S, x)`, class-validator's `validateOrReject(dto)`, Powertools' `parse(x, envelope,
   * schema)`): how it is used (`check` in a condition, `assert` as a statement, `parse` for its result), the value it
   * checks, and the schema read (undefined when it cannot be read).
   */
  schemaCall(call: ts.CallExpression, name: QualifiedName): { library: string; form: 'check' | 'assert' | 'parse' | 'safeParse'; input: ts.Expression | undefined; schema: SchemaShape | undefined } | undefined {
    const library = packageRoot(name.module);
    const method = name.members[name.members.length - 1] ?? '';
    const [first, second, third] = call.arguments;
    switch (library) {
      case 'ajv': {
        // `const validate = ajv.compile(schema)`, then `validate(data)`; or `ajv.validate(schema, data)`.
        if (method === '()' && name.members[name.members.length - 2] === 'compile') return { library, form: 'check', input: first, schema: this.jsonSchemaOf(this.compiledSchemaNode(call.expression), library, 0) };
        if (method === 'validate' && second) return { library, form: 'check', input: second, schema: this.jsonSchemaOf(first, library, 0) };
        return undefined;
      }
      case 'valibot': {
        const form = /^parse(Async)?$/.test(method) ? 'parse' : /^safeParse(Async)?$/.test(method) ? 'safeParse' : method === 'is' ? 'check' : method === 'assert' ? 'assert' : undefined;
        return form && { library, form, input: second, schema: first && this.schemaOf(first, 0) };
      }
      case 'superstruct': {
        const form = method === 'create' || method === 'mask' ? 'parse' : method === 'is' ? 'check' : method === 'assert' ? 'assert' : undefined;
        return form && { library, form, input: first, schema: second && this.schemaOf(second, 0) };
      }
      case '@sinclair/typebox': {
        const form = method === 'Check' ? 'check' : method === 'Assert' ? 'assert' : /^(Parse|Decode)$/.test(method) ? 'parse' : undefined;
        return form && { library, form, input: second, schema: first && this.schemaOf(first, 0) };
      }
      case '@aws-lambda-powertools/parser': {
        // `parse(data, envelope, schema, safeParse?)`: with an envelope the schema describes the body it unwraps.
        if (method !== 'parse') return undefined;
        const isSafe = call.arguments[3] && unwrapExpression(call.arguments[3]).kind === ts.SyntaxKind.TrueKeyword;
        return { library, form: isSafe ? 'safeParse' : 'parse', input: first, schema: third && this.schemaOf(third, 0) };
      }
      case 'class-validator': {
        // `await validateOrReject(dto)` throws; `validate(dto)` resolves to the errors, which the code then checks.
        if (!/^(validate|validateOrReject|validateSync)$/.test(method) || !first) return undefined;
        const className = this.instanceClassOf(first, 0);
        return { library, form: 'assert', input: first, schema: className ? this.classSchemaOf(className, 0) : undefined };
      }
    }
    return undefined;
  }

  /** The schema `ajv.compile(schema)` was given, for the function it returned (`validate`). */
  private compiledSchemaNode(callee: ts.Expression): ts.Expression | undefined {
    let expr = unwrapExpression(callee);
    if (ts.isIdentifier(expr)) expr = unwrapExpression(this.module.scan.constants.get(expr.text) ?? expr);
    return ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'compile' ? expr.arguments[0] : undefined;
  }

  /** The class of an instance checked by class-validator: `new Dto()`, `plainToInstance(Dto, x)`, or a name declared so or typed `Dto`. */
  private instanceClassOf(node: ts.Expression, depth: number): string | undefined {
    if (depth > 4) return undefined;
    const expr = unwrapExpression(node);
    if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression)) return expr.expression.text;
    if (ts.isCallExpression(expr)) {
      const name = qualifiedNameOf(this.module.scan, expr.expression);
      const method = name?.members[name.members.length - 1];
      if (method && /^(plainToInstance|plainToClass)$/.test(method) && expr.arguments[0] && ts.isIdentifier(unwrapExpression(expr.arguments[0]))) return (unwrapExpression(expr.arguments[0]) as ts.Identifier).text;
      if (name?.module === '' && name.members.join('.') === 'Object.assign' && expr.arguments[0]) return this.instanceClassOf(expr.arguments[0], depth + 1);
      return undefined;
    }
    if (!ts.isIdentifier(expr)) return undefined;
    // The nearest declaration of the name in the blocks around the check.
    for (let scope: ts.Node | undefined = expr.parent; scope; scope = scope.parent) {
      if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name) || declaration.name.text !== expr.text) continue;
          if (declaration.type && ts.isTypeReferenceNode(declaration.type) && ts.isIdentifier(declaration.type.typeName)) return declaration.type.typeName.text;
          return declaration.initializer ? this.instanceClassOf(declaration.initializer, depth + 1) : undefined;
        }
      }
    }
    return undefined;
  }

  /**
   * A class-validator class of this file, read from its fields' decorators: `@IsIn`/`@IsEnum`/`@IsUUID` and the like
   * fix a field, `@IsUrl` checks only that it is a URL, `@Matches(re)` follows the pattern rule, `@IsString` and
   * the length checks leave it free, and `@ValidateNested` with `@Type(() => Other)` reads `Other`. Unknown keys are
   * kept (`plainToInstance` copies them and `validate` does not reject them without `whitelist`).
   */
  private classSchemaOf(className: string, depth: number): SchemaShape | undefined {
    const declaration = this.module.scan.classes.get(className);
    if (!declaration || depth > 4) return undefined;
    const library = 'class-validator';
    const fields = new Map<string, SchemaShape>();
    for (const member of declaration.members) {
      if (!ts.isPropertyDeclaration(member)) continue;
      const key = propertyNameText(member.name);
      if (key === undefined) continue;
      let shape: SchemaShape = { library, type: 'free', location: this.module.location(member) };
      let nested: string | undefined;
      let isNested = false;
      for (const decorator of ts.canHaveDecorators(member) ? ts.getDecorators(member) ?? [] : []) {
        const call = unwrapExpression(decorator.expression);
        if (!ts.isCallExpression(call)) continue;
        const callee = unwrapExpression(call.expression);
        const decoratorName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        if (!decoratorName) continue;
        const location = this.module.location(decorator);
        if (decoratorName === 'ValidateNested') isNested = true;
        else if (decoratorName === 'Type' && call.arguments[0]) {
          const factory = unwrapExpression(call.arguments[0]);
          if ((ts.isArrowFunction(factory) || ts.isFunctionExpression(factory)) && !ts.isBlock(factory.body) && ts.isIdentifier(unwrapExpression(factory.body))) nested = (unwrapExpression(factory.body) as ts.Identifier).text;
        } else if (decoratorName === 'Matches') shape = this.withPattern({ ...shape, type: 'string' }, call.arguments[0], location);
        else {
          const kind = CLASS_VALIDATOR_DECORATORS[decoratorName];
          if (kind === 'strict') shape = { library, type: 'strict' };
          else if (kind === 'url' && shape.type !== 'strict') shape = { ...shape, type: 'string', refinement: combineRefinements(shape.refinement, 'url'), location };
          else if (kind === 'string' && shape.type === 'free') shape = { ...shape, type: 'string', location };
        }
        if (shape.type === 'strict') break;
      }
      if (isNested && nested && shape.type !== 'strict') shape = this.classSchemaOf(nested, depth + 1) ?? shape;
      fields.set(key, shape);
    }
    return { library, type: 'object', fields, keepsUnknown: true };
  }

  private applySchema(schema: SchemaShape, input: Value, location: CodeLocation, node: ts.Node): Value {
    const free: string[] = [];
    let cutEverywhere = ALL;
    const guardId = this.solver.addGuard('schema', schema.library, location, 0);
    const apply = (shape: SchemaShape, value: Value, path: string): Value => {
      switch (shape.type) {
        case 'strict':
          this.solver.noteGuardCut(guardId, ALL);
          return mapTraces(value, (trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guardId] }));
        case 'string': {
          if (shape.refinement === 'strict') {
            this.solver.noteGuardCut(guardId, ALL);
            return mapTraces({ traces: allTraces(value) }, (trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guardId] }));
          }
          const isUrl = shape.refinement === 'url';
          const mask = isUrl ? maskOf(URL_LIKE_CUTS) : shape.refinement === 'host' ? maskOf(HOST_CUTS) : 0;
          const traces = allTraces(value);
          if (traces.length === 0) return { traces };
          free.push(`${path || 'value'}${isUrl ? ' (url)' : ''}`);
          cutEverywhere &= mask;
          this.solver.noteGuardCut(guardId, mask);
          // A guard of its own per field, where the schema runs, naming the field's declaration: a flow through it points
          // there (`z.string()` accepts any string, `.url()` any host), and the handler that parsed is the one credited.
          const fieldGuard = shape.location
            ? this.solver.addGuard('schema', schema.library, location, mask, isUrl ? 'accepts any URL: it checks the format, not the host' : shape.refinement === 'host' ? 'checks the host against an allow-list; the rest of the value is free' : shape.note ?? 'accepts any string', shape.location)
            : guardId;
          return { traces: traces.map((trace) => ({ ...trace, cut: trace.cut | mask, guards: [...trace.guards, fieldGuard] })) };
        }
        case 'object': {
          const props = new Map<string, Value>();
          for (const [key, field] of shape.fields ?? []) props.set(key, apply(field, this.member(value, key, node), path ? `${path}.${key}` : key));
          const traces = shape.keepsUnknown ? value.traces.map((trace) => ({ ...trace, guards: [...trace.guards, guardId] })) : [];
          if (traces.length > 0) cutEverywhere = 0;
          return { traces, props };
        }
        case 'array': {
          const element = apply(shape.element ?? { library: shape.library, type: 'free' }, this.member(value, '[]', node), `${path}[]`);
          return { traces: element.traces, props: element.props };
        }
        case 'free': {
          if (allTraces(value).length === 0) return value;
          free.push(path || 'value');
          cutEverywhere = 0;
          const fieldGuard = shape.location ? this.solver.addGuard('schema', schema.library, location, 0, 'accepts any value', shape.location) : guardId;
          return mapTraces(value, (trace) => ({ ...trace, guards: [...trace.guards, fieldGuard] }));
        }
      }
    };
    const result = apply(schema, input, '');
    this.solver.settleGuard(guardId, cutEverywhere, free.length > 0 ? `free fields stay tainted: ${free.slice(0, 6).join(', ')}${free.length > 6 ? ', ...' : ''}` : undefined);
    return result;
  }
}
