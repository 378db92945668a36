/**
 * Templates and handler code, joined on the template's side: what each function's handler does
 * (verifies a token, validates its input, reaches which sinks), summarised from its code model, is
 * added to the endpoint inventory, and a route without an authorizer whose handler verifies a
 * token itself says so and drops to info. Pure: the shells analyse the handler files and pass the
 * summaries in.
 */
import { runHandlerCodeRules, type AnalysisResult, type EndpointSummary } from '../analyze';
import type { RuleModule } from '../rule';
import type { EngineSettings } from '../types';
import type { AuthFact, CodeDocument, CodeLocation, GuardKind, HandlerCandidate, SinkKind } from '../code/model';
import { isAnalysisLimit } from '../code/model';
import type { PolicyResource } from '../least-privilege/policy';
import { iamActionsForCall } from '../least-privilege/sdk-operations';
import type { ProjectLocation } from './types';
import { mentionsOperation } from '../model/openapi-external';

export interface HandlerCodeSummary {
  /** The handler file and export the template names; for inline code (`inline`), the template. */
  path: string;
  exportName: string;
  /** The handler is the function's inline code (`ZipFile`, `InlineCode`) in the template at `path`. */
  inline?: boolean;
  /**
   * `verified`: the handler's file verifies a token (jsonwebtoken.verify, jose, aws-jwt-verify) or
   * reads the claims API Gateway verified; `unverified`: it only decodes one; `none`.
   * A fact counts when it lies in this handler's function or in code outside every handler (a helper).
   */
  auth: 'verified' | 'unverified' | 'none';
  /** How, for messages: `jsonwebtoken.verify`. */
  authVia?: string;
  /**
   * True when what counts as `verified` is the identity an authorizer put in the request context
   * (`event.requestContext.authorizer`), not a token the code checks: it says who the caller is only on a
   * route that has an authorizer, so it never makes an open route's `route-missing-auth` quieter.
   */
  authFromAuthorizerContext?: boolean;
  authLocation?: ProjectLocation;
  /** Validators met on the handler's input (`zod`, `joi`, an allow-list), from the guards that cut a flow or constrain a value. */
  validators: string[];
  /** The sink kinds event input reaches in this handler (`command`, `sql`), from its flows. */
  sinks: SinkKind[];
  /**
   * Why the analysis of the handler's file stopped short (a budget, nesting, a re-export chain, an app whose
   * routes cannot be read): `sinks` may then miss some. Absent when it read all of the code.
   */
  analysisIncomplete?: string;
  /** An Express or Fastify app run through a Lambda adapter: its routes as the app registers them (`GET /users/:id`). */
  webApp?: { framework: 'express' | 'fastify' | 'koa' | 'hapi' | 'nest'; routes: string[] };
  /** The IAM actions its AWS SDK calls need (its function, helpers of its file, imported helpers), sorted; absent when it makes none. */
  actions?: string[];
  /** Actions its calls need only in some configurations (`kms:Decrypt` for an encrypted object, `s3:PutObjectAcl` with an ACL); never certain. */
  sideActions?: string[];
  /** Why `actions` may lack some (an operation not known, a module not read); absent when the list is complete. */
  actionsIncomplete?: string[];
  /** Of `actions`, those the function's role does not grant, when its grant is known completely (filled by the shell from the binding). */
  actionsNotGranted?: string[];
  /** For each of `actions`, the resources its calls act on in the template's syntax, or null when one is not known (filled by the shell from the binding). */
  actionResources?: Record<string, PolicyResource[] | null>;
}

/**
 * Guards that check input, for the inventory's validation column. Not an equality (`event.httpMethod !== 'GET'`,
 * a switch on an action, a signature compare: it routes or authenticates, and checks no other field), nor
 * encoding or escaping on the way to a sink, nor a fixed URL prefix: each still cuts its own flows.
 */
const VALIDATING_GUARDS: ReadonlySet<GuardKind> = new Set<GuardKind>(['schema', 'allow-list', 'typeof', 'regex-test', 'number-check', 'validator-function']);

/** The summary of one export of a handler file, from its code model. */
export function summariseHandlerCode(code: CodeDocument, exportName: string): HandlerCodeSummary {
  const belongs = belongsToHandler(code, exportName);
  // A fact in an imported helper belongs to the handler that calls the helper, not to every handler of the file.
  const facts = code.authFacts.filter((fact) => (fact.callSite ? fact.callSite.handler === exportName : belongs(fact.location)));
  // A verification that fails open, whose result this handler then uses unchecked (code-fail-open-auth), protects nothing.
  const failsOpen = (fact: AuthFact) =>
    fact.failOpen !== undefined && code.verificationResults.some((result) => result.handler === exportName && result.status === 'unchecked' && result.failure.location.path === fact.failOpen!.location.path && result.failure.location.range.start === fact.failOpen!.location.range.start);
  // A token verified in code first; else the identity API Gateway's authorizer put in the request context.
  const verified = facts.find((fact) => fact.kind === 'jwt-verified' && !failsOpen(fact)) ?? facts.find((fact) => fact.kind === 'authorizer-claims');
  const unverified = facts.find((fact) => fact.kind === 'jwt-unverified');
  const fact = verified ?? unverified;
  const analysisIncomplete = incompleteReason(code);
  const sinksById = new Map(code.sinks.map((sink) => [sink.id, sink.kind]));
  const sinks = [...new Set(code.flows.filter((flow) => flow.handler === exportName).map((flow) => sinksById.get(flow.sinkId)).filter((kind): kind is SinkKind => kind !== undefined))].sort();
  // A schema library by name (`zod`, `joi`); other guards by kind (`allow-list`, `typeof`), since their `library` is a variable's name.
  // A type check counts even when it cuts no sink kind: `typeof x === 'string'` still rules out the objects of operator injection.
  const validators = [
    ...new Set(code.guards.filter((guard) => VALIDATING_GUARDS.has(guard.kind) && (guard.cuts.length > 0 || guard.kind === 'schema' || guard.kind === 'typeof') && belongs(guard.location)).map((guard) => (guard.kind === 'schema' || guard.kind === 'validator-function' ? (guard.library ?? guard.kind) : guard.kind))),
  ].sort();
  return {
    path: code.path,
    exportName,
    auth: verified ? 'verified' : unverified ? 'unverified' : 'none',
    ...(verified?.kind === 'authorizer-claims' && { authFromAuthorizerContext: true }),
    authVia: fact?.via,
    authLocation: fact ? { path: fact.location.path ?? code.path, range: fact.location.range } : undefined,
    validators,
    sinks,
    ...(analysisIncomplete !== undefined && { analysisIncomplete }),
    ...(webAppOf(code, exportName) && { webApp: webAppOf(code, exportName) }),
    ...actionsOf(code, exportName, belongs),
  };
}

/** The first place the file's analysis stopped short (see `CodeIssue`): the issues are the file's, not one handler's. */
function incompleteReason(code: CodeDocument): string | undefined {
  return code.issues.find(isAnalysisLimit)?.message;
}

function webAppOf(code: CodeDocument, exportName: string): HandlerCodeSummary['webApp'] {
  return code.handlers.find((handler) => handler.exportName === exportName)?.webApp;
}

/** Packages whose AWS calls the front end records: the SDKs, and the helpers it names (`code/typescript/sites.ts`). */
// aws-xray-sdk is not among them: its `captureAWS` wraps the SDK and hands out clients the front end does not follow.
const AWS_CALLS_SEEN = /^(aws-sdk|aws-lambda|aws-jwt-verify|aws-embedded-metrics|@aws-sdk\/|@aws-lambda-powertools\/(parameters|idempotency|logger|metrics|tracer|batch|commons|parser|validation|jmespath|event-handler)|@aws-crypto\/client-node|@types\/)/;
/** Packages that may call AWS with the code's credentials: DynamoDB mappers, AWS middlewares, other AWS helpers. */
const AWS_CALLING_LIBRARY = /dynamo|amazon|qldb|opensearch|elasticsearch|aws4|sigv4|signature-v4|^electrodb$|^@middy\/(ssm|secrets-manager|s3|sts|rds-signer|appconfig|dynamodb|cloudwatch|service-discovery|kinesis|sqs|event-normalizer)|aws|^sst$|^@?amplify/i;

const SUBPROCESS_MODULES = /^(node:)?child_process$|^(execa|shelljs|cross-spawn|zx)$/;

/** The actions of the calls that belong to this handler, and what keeps the list from being complete. */
function actionsOf(code: CodeDocument, exportName: string, belongs: (location: CodeLocation) => boolean): Pick<HandlerCodeSummary, 'actions' | 'sideActions' | 'actionsIncomplete'> {
  const actions = new Set<string>();
  const sideActions = new Set<string>();
  const incomplete = [...(code.awsCallsIncomplete ?? [])];
  for (const call of code.awsCalls) {
    if (!belongs(call.location)) continue;
    const mapped = iamActionsForCall(call, call.details);
    for (const action of mapped.actions) actions.add(action);
    for (const side of mapped.sideActions ?? []) sideActions.add(side.action);
    if (mapped.unknown) incomplete.push(`${call.service}.${call.operation}: ${mapped.unknown}`);
  }
  for (const opaque of code.opaqueAwsCalls ?? []) if (belongs(opaque.location)) incomplete.push(opaque.reason);
  // Libraries that call AWS with a client of the code's (ORMs, middlewares): their calls are not the code's to see.
  for (const entry of code.imports) {
    const name = entry.packageName;
    if (name && !AWS_CALLS_SEEN.test(name) && AWS_CALLING_LIBRARY.test(name)) incomplete.push(`imports ${name}, which may call AWS for the code`);
    // A program it starts inherits the function's credentials (the environment), and its calls are not read.
    if (name && SUBPROCESS_MODULES.test(name)) incomplete.push(`starts other programs (${name}), which may call AWS with the function's credentials`);
  }
  void exportName;
  return {
    ...(actions.size > 0 ? { actions: [...actions].sort() } : {}),
    ...(sideActions.size > 0 ? { sideActions: [...sideActions].sort() } : {}),
    ...(incomplete.length > 0 ? { actionsIncomplete: incomplete } : {}),
  };
}

/**
 * Whether a fact of the file counts for this handler: it lies in the handler's own function, or in
 * code outside every handler (a helper of the file, an imported module), which any of them may call.
 * A fact inside another handler of the same file does not: a sibling's token check protects only it.
 */
export function belongsToHandler(code: CodeDocument, exportName: string): (location: CodeLocation) => boolean {
  const inside = (location: CodeLocation, candidate: HandlerCandidate) =>
    location.path === candidate.functionLocation.path && candidate.functionLocation.range.start <= location.range.start && location.range.end <= candidate.functionLocation.range.end;
  const own = code.handlers.filter((candidate) => candidate.exportName === exportName);
  const others = code.handlers.filter((candidate) => candidate.exportName !== exportName && !own.some((mine) => inside(mine.functionLocation, candidate) && inside(candidate.functionLocation, mine)));
  return (location) => own.some((candidate) => inside(location, candidate)) || !others.some((candidate) => inside(location, candidate));
}

/**
 * Adds the handlers' summaries to a template's analysis: each endpoint of a function gets its
 * handler's, and `route-missing-auth` on a route whose handler verifies a token itself drops to
 * info and says where. Returns a new result; the given one (a cached analysis) is not changed.
 */
export function joinHandlerCode(result: AnalysisResult, byFunction: ReadonlyMap<string, HandlerCodeSummary>, rules?: { rules: readonly RuleModule[]; settings?: Partial<EngineSettings> }): AnalysisResult {
  // The rules that judge a template with its handlers' code (least privilege), and those that say more once it is
  // known (a wildcard's used actions), run on every template with functions.
  const joined = rules && byFunction.size > 0 ? runHandlerCodeRules(result, rules.rules, byFunction, rules.settings) : result;
  return joinEndpoints(joined, byFunction);
}

function joinEndpoints(result: AnalysisResult, byFunction: ReadonlyMap<string, HandlerCodeSummary>): AnalysisResult {
  if (byFunction.size === 0 || result.endpoints.length === 0) return result;
  const endpoints: EndpointSummary[] = result.endpoints.map((endpoint) => {
    const summary = endpoint.functionName === undefined ? undefined : byFunction.get(endpoint.functionName);
    return summary ? { ...endpoint, handler: summary } : endpoint;
  });
  const verifiedRoutes = endpoints.filter((endpoint) => endpoint.handler?.auth === 'verified' && !endpoint.handler.authFromAuthorizerContext);
  if (verifiedRoutes.length === 0) return { ...result, endpoints };
  const findings = result.findings.map((finding) => {
    if (finding.ruleId !== 'route-missing-auth') return finding;
    // Operations of one OpenAPI file share the template's reference as their range: the finding names its own.
    const endpoint = verifiedRoutes.find((candidate) => candidate.range.start <= finding.range.start && finding.range.end <= candidate.range.end && (!candidate.definedIn || mentionsOperation(finding.message, `${candidate.method} ${candidate.path}`)));
    const handler = endpoint?.handler;
    if (!handler) return finding;
    const where = handler.authLocation ? [{ path: handler.authLocation.path, range: handler.authLocation.range, message: `the handler checks the caller here (${handler.authVia})` }] : [];
    return {
      ...finding,
      severity: 'info' as const,
      // An ALB has no authorizer: its equivalent is an authenticate action before the forward.
      message: `${finding.message} Its handler (${handler.exportName} in ${baseName(handler.path)}) verifies a token itself (${handler.authVia}): keep that check, or move it to ${endpoint?.kind === 'alb' ? 'an authenticate action of the listener rule so that the load balancer rejects' : 'an authorizer so that API Gateway rejects'} anonymous calls before they cost an invocation.`,
      related: [...(finding.related ?? []), ...where],
    };
  });
  return { ...result, findings, endpoints };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
