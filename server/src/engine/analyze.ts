/**
 * Runs the rules over one document: parse, recognise the kind, build the
 * model, check, then apply settings and suppressions. A rule that throws
 * becomes one internal finding; nothing here throws for any input.
 */
import type { CodeDocument } from './code/model';
import { buildModel } from './model/build';
import { edgeValidationOf } from './project/edge-validation';
import type { HandlerCodeSummary } from './project/handler-code';
import { buildRuleResultCache, cachedFindings, planIncremental, type RuleResultCache } from './incremental/rule-results';
import { detectKind, looksLikeTemplate, mayBeTemplate } from './model/kind';
import { placeExternalFindings, unreadDefinitionOf } from './model/openapi-external';
import type { AppSyncApi } from './model/appsync-types';
import type { AppModel, AuthType, Endpoint } from './model/types';
import { describeWhen, type ConditionAssumption } from './resolve/resolver';
import { parseDocument } from './parse';
import { unreadFileIssues } from './resolve/unread-files';
import { docsUrlOf, type ReportDescriptor, type RuleModule } from './rule';
import { collectOtherToolSuppressions, otherToolSuppressionCovers, reasonOfOtherTool, type SuppressionTool } from './suppress/other-tools';
import { collectSuppressions, missingReasonFinding } from './suppress/suppressions';
import type { DocumentKind, EngineSettings, Finding, ParameterValues, ParsedDocument, ParseIssue, TextRange, WorkspaceFileReader } from './types';
import { defaultEngineSettings } from './types';

export interface AnalyzeInput {
  path: string;
  text: string;
  rules: readonly RuleModule[];
  settings?: Partial<EngineSettings>;
  /** For `${file(...)}`; confined to the workspace by the caller. */
  readFile?: WorkspaceFileReader;
  /**
   * Parameter values given by the user (`--parameters` file, `samconfig.toml`),
   * read by the shell. They win over defaults, and they alone decide Conditions.
   */
  parameters?: ParameterValues;
  /** Reuse an earlier parse of the same text (the LSP caches one per version). */
  parsed?: ParsedDocument;
  /** Throw when a rule reports an undeclared messageId or fix (tests only). */
  strict?: boolean;
  /**
   * Keep per-resource rule results for the next version of this document (`result.ruleResults`)
   * and reuse the previous version's: the editor's keystroke path. The CLI analyses each text once.
   */
  incremental?: { previous?: RuleResultCache };
}

export interface EndpointSummary {
  /**
   * `graphql`: an AppSync GraphQL API, one entry per API (its operations are in the schema, not the template).
   * `alb`: an Application Load Balancer route to a Lambda function (`api` is the load balancer's logical id).
   */
  kind: Endpoint['kind'] | 'graphql';
  method: string;
  path: string;
  /**
   * The auth type; when it depends on conditions, each alternative with its conditions:
   * `none when condition IsDev is true | iam when condition IsDev is false`.
   */
  auth: AuthType | (string & {});
  /** The authorizer, when it does not depend on conditions (else it is named in `auth`). */
  authorizer?: string;
  /** Present when the auth depends on conditions: each alternative and the conditions it holds under. */
  authBranches?: Array<{ auth: AuthType; authorizer?: string; apiKeyRequired: boolean; when: ConditionAssumption[] }>;
  functionName?: string;
  /** The API's logical id, when the template can hold several APIs of this kind (see `Endpoint.api`). */
  api?: string;
  resource: string;
  range: TextRange;
  /** Rule ids of the findings on this endpoint or its function. */
  findings: string[];
  /** Whether API Gateway validates the request first (a validator, a model, `request.schemas`); undefined when this template does not say. */
  edgeValidation?: boolean;
  /** What the route's handler does, when the shell analysed it (`project/handler-code.ts`). */
  handler?: HandlerCodeSummary;
  /** For an operation of an OpenAPI file the template names: that file and the operation's key in it (`range` is the template's reference). */
  definedIn?: { path: string; range: TextRange };
  /** Why the route's auth may be decided elsewhere: its API's definition was not read (`not read: remote definition (s3://...)`). */
  definitionNotRead?: string;
}

export interface SuppressedFinding {
  finding: Finding;
  reason: string;
  /**
   * `slsward-ignore` or `Metadata.slsward.ignore`; for another tool's suppression,
   * its form: `checkov:skip`, `Metadata.checkov.skip`, `Metadata.cfn_nag.rules_to_suppress`,
   * `Metadata.cfn-lint.config.ignore_checks` or `nosemgrep`.
   */
  via: string;
  /** Set when another tool's suppression was honoured: which tool. */
  tool?: SuppressionTool;
  /** The other tool's id that the suppression names (an equivalent of the rule); '' for a bare `# nosemgrep`. */
  toolRuleId?: string;
}

export interface AnalysisResult {
  path: string;
  /** Null when the document is not a serverless, SAM or CloudFormation file: it is ignored. */
  kind: DocumentKind | null;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  issues: ParseIssue[];
  endpoints: EndpointSummary[];
  /** Rules (or the model builder) that threw, with their stack; shells log them. */
  internalErrors: string[];
  model?: AppModel;
  /**
   * Set when a file that looks like a template (by its name or its first bytes)
   * could not be recognised because it could not be read: too large, binary,
   * over a limit, or broken before its kind shows. `kind` stays null and
   * `issues` are kept; shells show one diagnostic and list the file as skipped.
   */
  notAnalysed?: { reason: string };
  /** With `input.incremental`: what the next version of the document may reuse. Kept by the shell, never serialised. */
  ruleResults?: RuleResultCache;
  /**
   * For a handler source file (`analyzeHandlerFile`): its code model, whose `language` says what it
   * was read as. `kind` stays null for code; `endpoints` stay empty (the templates list them).
   */
  code?: CodeDocument;
}

export const RESOLUTION_BOUNDED_MESSAGE =
  'Some values are nested too deeply or cost too much to resolve (variables and their fallbacks, references, intrinsic functions): they were read as unknown, and the rest of the file was analysed.';

export function analyze(input: AnalyzeInput): AnalysisResult {
  const settings: EngineSettings = { ...defaultEngineSettings, ...input.settings, rules: { ...defaultEngineSettings.rules, ...input.settings?.rules } };
  // Not ours, and not worth a parse: no findings and no issues, as for any document of no known kind.
  if (!input.parsed && !mayBeTemplate(input.path, input.text)) return { path: input.path, kind: null, findings: [], suppressed: [], issues: [], endpoints: [], internalErrors: [] };
  const document = input.parsed ?? parseDocument(input.path, input.text);
  const result: AnalysisResult = { path: input.path, kind: null, findings: [], suppressed: [], issues: document.issues, endpoints: [], internalErrors: [] };
  const kind = detectKind(document.root);
  if (!kind) {
    const reason = notAnalysedReason(input.path, input.text, document);
    if (reason) result.notAnalysed = { reason };
    // Not ours: no findings, and no syntax errors either (the YAML extension reports those).
    else result.issues = [];
    return result;
  }
  result.kind = kind;
  let model: AppModel;
  try {
    model = buildModel(document, kind, input.readFile, input.parameters);
  } catch (error) {
    result.internalErrors.push(`model: ${(error as Error).stack ?? error}`);
    return result;
  }
  result.model = model;

  const rawFindings: Finding[] = [];
  const enabled: RuleModule[] = [];
  // Rules that read handler code run in `joinHandlerCode`, once the shell has read the handlers.
  for (const rule of input.rules) if (rule.meta.targets.includes(kind) && settings.rules[rule.meta.id] !== 'off' && rule.meta.readsHandlerCode !== true) enabled.push(rule);
  const runOn = (rule: RuleModule, ruleModel: AppModel): Finding[] => {
    const found: Finding[] = [];
    try {
      rule.check({ model: ruleModel, report: reporterOf(rule, settings, found, input.strict, ruleModel) });
    } catch (error) {
      if (input.strict) throw error;
      result.internalErrors.push(`${rule.meta.id}: ${(error as Error).stack ?? error}`);
    }
    return found;
  };

  // Resource-scoped rules re-run only on the resources an edit can change (`incremental/rule-results.ts`).
  const planned = input.incremental ? planIncremental(document, kind, settingsKeyOf(settings, input), input.incremental.previous) : undefined;
  const plan = planned?.plan;
  const previous = input.incremental?.previous;
  let subModel: AppModel | undefined;
  const scopedFindings = new Map<string, Finding[]>();
  const unbounded = new Set(plan && previous ? previous.unbounded : []);
  for (const rule of enabled) {
    const scoped = rule.meta.scope === 'resource' && planned?.segments !== undefined;
    if (scoped && plan && previous && !unbounded.has(rule.meta.id)) {
      const found: Finding[] = [];
      let isBounded = true;
      if (plan.dirty.size > 0) {
        try {
          subModel ??= buildModel(plan.subDocument, kind, input.readFile, input.parameters);
        } catch {
          subModel = model;
        }
        for (const finding of runOn(rule, subModel)) {
          const segment = finding.resource === undefined ? undefined : planned.segments?.get(finding.resource);
          if (!segment) isBounded = false;
          else if (plan.dirty.has(segment.id)) found.push(finding);
        }
      }
      if (isBounded) {
        for (const segment of planned.segments!.values()) if (!plan.dirty.has(segment.id)) found.push(...cachedFindings(previous, rule.meta.id, segment.id, segment.start));
        scopedFindings.set(rule.meta.id, found);
        rawFindings.push(...found);
        continue;
      }
      // It reported on something that is not one of the resources: this document needs the whole model for it.
      unbounded.add(rule.meta.id);
    }
    const found = runOn(rule, model);
    if (scoped) scopedFindings.set(rule.meta.id, found);
    rawFindings.push(...found);
  }
  if (planned?.segments && planned.contextKey !== undefined && planned.idsKey !== undefined) {
    result.ruleResults = buildRuleResultCache(kind, planned.contextKey, planned.idsKey, planned.segments, planned.references, scopedFindings, unbounded);
  }

  // A value past the resolver's bounds (deeply nested `${env:A, ${env:B, ...}}` fallbacks, a reference bomb) is
  // unknown, and a rule stays silent on it: say so once, so a missing finding is never a silent one.
  if (model.resolver.workDone.isBounded) {
    const firstLineEnd = input.text.search(/[\r\n]|$/);
    result.issues = [...result.issues, { kind: 'limit', severity: 'warning', range: { start: 0, end: firstLineEnd }, message: RESOLUTION_BOUNDED_MESSAGE }];
  }

  if (kind === 'serverless') {
    const unread = unreadFileIssues(document.root, model.resolver);
    if (unread.length > 0) result.issues = [...result.issues, ...unread];
  }

  const suppressions = collectSuppressions(model, settings.honourInlineIgnores);
  let otherToolSuppressions: ReturnType<typeof collectOtherToolSuppressions> = [];
  if (settings.honourInlineIgnores && settings.honourOtherToolSuppressions) {
    try {
      otherToolSuppressions = collectOtherToolSuppressions(model);
    } catch (error) {
      result.internalErrors.push(`suppressions: ${(error as Error).stack ?? error}`);
    }
  }
  const rulesById = new Map(input.rules.map((rule) => [rule.meta.id, rule]));
  for (const finding of dedupe(rawFindings)) {
    const match = suppressions.find((s) => s.ruleId === finding.ruleId && s.appliesTo.start <= finding.range.start && finding.range.start <= s.appliesTo.end);
    if (match && match.reason) {
      result.suppressed.push({ finding, reason: match.reason, via: match.via });
      continue;
    }
    // Another tool's reviewed exception, when it names an equivalent of this rule.
    const other = otherToolSuppressions.find((suppression) => otherToolSuppressionCovers(suppression, finding));
    if (other) {
      result.suppressed.push({ finding, reason: reasonOfOtherTool(other), via: other.via, tool: other.tool, toolRuleId: other.toolRuleId });
      continue;
    }
    result.findings.push(finding);
  }
  for (const suppression of suppressions) {
    if (!suppression.reason) {
      const target = rulesById.get(suppression.ruleId);
      result.findings.push(missingReasonFinding(suppression, target?.meta));
    }
  }
  // Stable: findings of one rule at one place keep the rule's order. An incremental analysis gives the same order, since
  // resources do not overlap and a resource's cached findings keep the order its rule reported them in.
  result.findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  // Findings on an operation of an OpenAPI file sit on the template's reference to it; they name the operation, and gain its place in the file.
  const externalPlaces = placeExternalFindings(model, result.findings);
  result.endpoints = summariseEndpoints(model, result.findings, externalPlaces);
  return result;
}

/**
 * Runs the rules that read handler code (`readsHandlerCode`) on an analysed template, with what each
 * function's handler does, and adds their findings as `analyze()` adds its own: the user's settings,
 * the template's suppressions (a finding suppressed with a reason moves to `suppressed`), and the
 * same order. A `'refines'` rule ran in `analyze()` already: its findings there are replaced by this
 * run's, unless this run fails. Returns a new result; the given one (a cached analysis) is not changed.
 */
export function runHandlerCodeRules(result: AnalysisResult, rules: readonly RuleModule[], handlers: ReadonlyMap<string, HandlerCodeSummary>, partialSettings?: Partial<EngineSettings>): AnalysisResult {
  const model = result.model;
  if (!model || !result.kind) return result;
  const settings: EngineSettings = { ...defaultEngineSettings, ...partialSettings, rules: { ...defaultEngineSettings.rules, ...partialSettings?.rules } };
  const kind = result.kind;
  const found: Finding[] = [];
  const internalErrors: string[] = [];
  const refined = new Set<string>();
  for (const rule of rules) {
    if (!rule.meta.readsHandlerCode || !rule.meta.targets.includes(kind) || settings.rules[rule.meta.id] === 'off') continue;
    const own: Finding[] = [];
    try {
      rule.check({ model, handlers, report: reporterOf(rule, settings, own, false, model) });
    } catch (error) {
      internalErrors.push(`${rule.meta.id}: ${(error as Error).stack ?? error}`);
      continue;
    }
    found.push(...own);
    if (rule.meta.readsHandlerCode === 'refines') refined.add(rule.meta.id);
  }
  if (found.length === 0 && internalErrors.length === 0 && refined.size === 0) return result;
  const suppressions = collectSuppressions(model, settings.honourInlineIgnores);
  // Another tool's reviewed exception covers a refined rule's finding as it covered the first one.
  let otherToolSuppressions: ReturnType<typeof collectOtherToolSuppressions> = [];
  if (settings.honourInlineIgnores && settings.honourOtherToolSuppressions) {
    try {
      otherToolSuppressions = collectOtherToolSuppressions(model);
    } catch (error) {
      internalErrors.push(`suppressions: ${(error as Error).stack ?? error}`);
    }
  }
  const findings = result.findings.filter((finding) => !refined.has(finding.ruleId));
  const suppressed = result.suppressed.filter((entry) => !refined.has(entry.finding.ruleId));
  if (result.model) placeExternalFindings(result.model, found);
  for (const finding of dedupe(found)) {
    const match = suppressions.find((s) => s.ruleId === finding.ruleId && s.appliesTo.start <= finding.range.start && finding.range.start <= s.appliesTo.end);
    if (match && match.reason) {
      suppressed.push({ finding, reason: match.reason, via: match.via });
      continue;
    }
    const other = otherToolSuppressions.find((suppression) => otherToolSuppressionCovers(suppression, finding));
    if (other) suppressed.push({ finding, reason: reasonOfOtherTool(other), via: other.via, tool: other.tool, toolRuleId: other.toolRuleId });
    else findings.push(finding);
  }
  findings.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return { ...result, findings, suppressed, internalErrors: [...result.internalErrors, ...internalErrors] };
}

/** Turns a rule's reports into findings: message, severity (the user's setting first), equivalents, docs. */
function reporterOf(rule: RuleModule, settings: EngineSettings, into: Finding[], strict: boolean | undefined, model: AppModel): (descriptor: ReportDescriptor) => void {
  const configured = settings.rules[rule.meta.id];
  const isReadBySonar = sonarReadsTemplate(model);
  return (descriptor) => {
    const template = rule.meta.messages[descriptor.messageId];
    if (template === undefined) {
      if (strict) throw new Error(`Rule ${rule.meta.id} reported unknown messageId '${descriptor.messageId}'.`);
      return;
    }
    if (strict && descriptor.fixes?.length && rule.meta.fix === 'none') {
      throw new Error(`Rule ${rule.meta.id} reported a fix but declares fix: 'none'.`);
    }
    if (strict && descriptor.equivalents?.length) {
      const declared = new Set([...rule.meta.equivalents, ...Object.values(rule.meta.messageEquivalents ?? {}).flat(), ...(rule.meta.findingEquivalents ?? [])]);
      const undeclared = descriptor.equivalents.filter((id) => !declared.has(id));
      if (undeclared.length > 0) throw new Error(`Rule ${rule.meta.id} named ${undeclared.join(', ')} on a finding without declaring it in findingEquivalents.`);
    }
    const severity = (configured === 'off' ? undefined : configured) ?? rule.meta.messageSeverity?.[descriptor.messageId] ?? rule.meta.severity;
    into.push({
      ruleId: rule.meta.id,
      messageId: descriptor.messageId,
      message: formatMessage(template, descriptor.data),
      severity,
      category: rule.meta.category,
      range: descriptor.node.range,
      resource: descriptor.resource,
      fixes: descriptor.fixes ?? [],
      equivalents: isReadBySonar ? equivalentsOf(rule.meta, descriptor) : equivalentsOf(rule.meta, descriptor).filter((id) => !SONAR_RULE_KEY.test(id)),
      docsUrl: docsUrlOf(rule.meta),
    });
  };
}

/** Sonar's rule keys (`S6333`); our template rules name only sonar-iac's CloudFormation checks. */
const SONAR_RULE_KEY = /^S\d+$/;

/**
 * sonar-iac analyses a YAML or JSON file as CloudFormation only when it contains its file identifier,
 * `AWSTemplateFormatVersion` by default (`sonar.cloudformation.file.identifier`, read by
 * `CloudFormationFilePredicate`); a SAM template without it, or a serverless.yml, gets none of its checks.
 */
function sonarReadsTemplate(model: AppModel): boolean {
  if (model.kind === 'serverless') return false;
  // Once per document version: every rule asks, and a whole-text scan per rule would grow with the catalog.
  let reads = sonarIdentified.get(model.document);
  if (reads === undefined) {
    reads = model.document.text.includes('AWSTemplateFormatVersion');
    sonarIdentified.set(model.document, reads);
  }
  return reads;
}
const sonarIdentified = new WeakMap<AppModel['document'], boolean>();

/** What, besides the text, decides a rule's findings: a cached finding is reused only under the same. */
function settingsKeyOf(settings: EngineSettings, input: AnalyzeInput): string {
  return JSON.stringify([settings.rules, input.parameters ?? null, input.readFile ? 1 : 0, input.rules.map((rule) => rule.meta.id)]);
}

/**
 * Why a document whose kind is unknown was probably a template we could not
 * read, or undefined when it is simply not ours (it parsed, or it does not
 * look like a template). A limit or a parser failure is named before a syntax error.
 */
function notAnalysedReason(path: string, text: string, document: ParsedDocument): string | undefined {
  // A file that parsed (or is empty) and is not recognised is simply not ours.
  if (document.issues.length === 0 || !looksLikeTemplate(path, text)) return undefined;
  const issue = document.issues.find((candidate) => candidate.kind !== 'syntax') ?? document.issues[0];
  if (issue.kind === 'syntax') return `Not analysed: a syntax error before the template could be recognised (${issue.message}).`;
  return /not analysed/i.test(issue.message) ? issue.message : `Not analysed: ${issue.message}`;
}

function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

/** Two rules never report the same thing, but one rule may reach one node twice (aliases, merged Globals). */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    // The message is part of the key: operations of one OpenAPI file share one place in the template (its reference).
    const key = `${finding.ruleId}|${finding.messageId}|${finding.range.start}|${finding.range.end}|${finding.resource ?? ''}|${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The inventory: each endpoint with the rule ids of the findings that concern it.
 * Linear in endpoints plus findings (sorted sweeps and maps, no endpoint x finding scan):
 * a template with thousands of both must not make a keystroke quadratic.
 */
function summariseEndpoints(model: AppModel, findings: Finding[], externalPlaces: ReadonlyMap<Finding, Endpoint> = new Map()): EndpointSummary[] {
  if (model.endpoints.length === 0 && !model.appSyncApis.some((api) => api.isDeclaredHere)) return unreadDefinitionSummaries(model);
  // `findings` is sorted by start. An endpoint's own findings lie within its range.
  const starts = findings.map((finding) => finding.range.start);
  const withinEndpoint = new Set<Finding>();
  // An operation of an OpenAPI file shares its range (the template's reference) with the file's other operations: its own findings are those that name it.
  const externalIds = new Map<Endpoint, Set<string>>();
  for (const [finding, endpoint] of externalPlaces) {
    let ids = externalIds.get(endpoint);
    if (!ids) externalIds.set(endpoint, (ids = new Set()));
    ids.add(finding.ruleId);
    withinEndpoint.add(finding);
  }
  const ownRuleIds = model.endpoints.map((endpoint) => {
    if (endpoint.definedIn) return new Set(externalIds.get(endpoint));
    const ids = new Set<string>();
    for (let index = lowerBound(starts, endpoint.range.start); index < findings.length && findings[index].range.start <= endpoint.range.end; index++) {
      const finding = findings[index];
      if (finding.range.end <= endpoint.range.end) {
        ids.add(finding.ruleId);
        withinEndpoint.add(finding);
      }
    }
    return ids;
  });
  // A finding elsewhere on a function belongs to all its routes; roles and policies (and Serverless
  // provider roles) reach functions, so their findings are the functions' too.
  const ruleIdsByResource = new Map<string, Set<string>>();
  for (const finding of findings) {
    if (withinEndpoint.has(finding) || finding.resource === undefined) continue;
    let ids = ruleIdsByResource.get(finding.resource);
    if (!ids) ruleIdsByResource.set(finding.resource, (ids = new Set()));
    ids.add(finding.ruleId);
  }
  const resourcesOfFunction = new Map<string, Set<string>>();
  for (const grant of [...model.iamStatements, ...model.managedPolicies]) {
    for (const name of grant.functions) {
      let resources = resourcesOfFunction.get(name);
      if (!resources) resourcesOfFunction.set(name, (resources = new Set()));
      resources.add(grant.resource);
    }
  }
  const functionsByName = new Map(model.functions.map((fn) => [fn.name, fn]));
  const summaries = model.endpoints.map((endpoint, index) => {
    const ids = new Set(ownRuleIds[index]);
    const fn = endpoint.functionName === undefined ? undefined : functionsByName.get(endpoint.functionName);
    if (fn) {
      for (const resource of [fn.resource, ...(resourcesOfFunction.get(fn.name) ?? [])]) ruleIdsByResource.get(resource)?.forEach((id) => ids.add(id));
    }
    return {
      kind: endpoint.kind,
      method: endpoint.method,
      path: endpoint.path,
      ...summariseAuth(endpoint),
      functionName: endpoint.functionName,
      ...(endpoint.api !== undefined && { api: endpoint.api }),
      resource: endpoint.resource,
      range: endpoint.range,
      findings: [...ids].sort(),
      edgeValidation: edgeValidationOf(model, endpoint),
      ...(endpoint.definedIn && { definedIn: endpoint.definedIn }),
      ...definitionNotReadOf(model, endpoint),
    };
  });
  return [...summaries, ...unreadDefinitionSummaries(model), ...appSyncSummaries(model, ruleIdsByResource)];
}

/** AppSync's authorization types as the inventory names them, beside the API Gateway ones (`iam`, `cognito`, `lambda`). */
const APPSYNC_AUTH_LABELS: Record<string, string> = { API_KEY: 'api-key', AWS_IAM: 'iam', AMAZON_COGNITO_USER_POOLS: 'cognito', OPENID_CONNECT: 'oidc', AWS_LAMBDA: 'lambda' };

function appSyncAuthLabel(value: { state: string; value?: string }): string {
  return value.state === 'known' && value.value !== undefined ? (APPSYNC_AUTH_LABELS[value.value] ?? value.value.toLowerCase()) : 'unknown';
}

/**
 * One inventory entry per AppSync API declared here: a GraphQL API is one endpoint (`POST /graphql`), and
 * what a reviewer needs of it is its default authorization, the other modes a request may use instead
 * (each field can allow any of them), and the findings on the API, its keys and its caches.
 */
function appSyncSummaries(model: AppModel, ruleIdsByResource: ReadonlyMap<string, Set<string>>): EndpointSummary[] {
  return model.appSyncApis
    .filter((api) => api.isDeclaredHere)
    .map((api: AppSyncApi) => {
      const defaults = [...new Set(api.auth.defaultType.values.map((value) => `${appSyncAuthLabel(value)}${describeWhen(value.when)}`))];
      const additional = [...new Set(api.auth.additional.flatMap((provider) => provider.type.values.map(appSyncAuthLabel)))];
      if (api.auth.isAdditionalUnknown) additional.push('unknown');
      const auth = `${defaults.length > 0 ? defaults.join(' | ') : 'unknown'}${additional.length > 0 ? ` (also ${additional.join(', ')})` : ''}`;
      const ids = new Set<string>();
      for (const resource of [api.resource, ...api.apiKeys.map((key) => key.resource), ...api.caches.map((cache) => cache.resource)]) ruleIdsByResource.get(resource)?.forEach((id) => ids.add(id));
      return { kind: 'graphql' as const, method: 'POST', path: '/graphql', auth, api: api.name, resource: api.resource, range: api.range, findings: [...ids].sort() };
    });
}

/**
 * One inventory entry per API whose OpenAPI definition was not read (remote, missing, refused) and that has
 * no route here: its routes exist but are unknown, and the inventory says so rather than show nothing.
 */
function unreadDefinitionSummaries(model: AppModel): EndpointSummary[] {
  const summaries: EndpointSummary[] = [];
  for (const reference of model.externalDefinitions ?? []) {
    if (reference.status === 'read' || model.endpoints.some((endpoint) => endpoint.api === reference.api || endpoint.resource === reference.api)) continue;
    const api = model.resources.find((resource) => resource.logicalId === reference.api);
    const isHttp = api?.type === 'AWS::Serverless::HttpApi' || api?.type === 'AWS::ApiGatewayV2::Api';
    summaries.push({ kind: isHttp ? 'http' : 'rest', method: '*', path: '*', auth: 'unknown', api: reference.api, resource: reference.api, range: reference.reference.range, findings: [], definitionNotRead: reference.reason });
  }
  return summaries;
}

/** For a route of an API whose OpenAPI definition was not read (remote, missing): why its auth may be decided there. */
function definitionNotReadOf(model: AppModel, endpoint: Endpoint): Pick<EndpointSummary, 'definitionNotRead'> {
  const unread = unreadDefinitionOf(model, endpoint.api);
  return unread?.reason ? { definitionNotRead: unread.reason } : {};
}

/** The first index whose value is >= `value` in an ascending array. */
function lowerBound(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The inventory's auth: the type and authorizer, or every alternative with its conditions. */
function summariseAuth(endpoint: Endpoint): Pick<EndpointSummary, 'auth' | 'authorizer' | 'authBranches'> {
  // A PRIVATE REST API's route without an authorizer is reachable only as its resource policy allows
  // (private-api-open-to-any-vpc-endpoint judges that policy): say so rather than a bare `none`.
  // An internal ALB is reached only from its VPC; an ALB route on another stack's listener has a reach the template does not show.
  const network = endpoint.kind === 'alb'
    ? endpoint.isPrivateNetwork ? ' (internal load balancer)' : endpoint.isExposureUnknown ? ' (listener not in this template)' : ''
    : endpoint.isPrivateNetwork ? ' (private API)' : '';
  if (!endpoint.authBranches) return { auth: `${endpoint.auth.apiKeyRequired ? `${endpoint.auth.type} + API key` : endpoint.auth.type}${endpoint.auth.type === 'none' ? network : ''}`, authorizer: endpoint.auth.authorizer };
  const branches = endpoint.authBranches.map((branch) => ({ auth: branch.auth.type, authorizer: branch.auth.authorizer, apiKeyRequired: branch.auth.apiKeyRequired === true, when: branch.when }));
  // Alternatives may differ only in the API key: `none + API key when condition IsDev is false`.
  const text = branches
    .map((branch) => `${branch.auth}${branch.authorizer ? ` (${branch.authorizer})` : ''}${branch.apiKeyRequired ? ' + API key' : ''}${describeWhen(branch.when)}`)
    .join(' | ');
  return { auth: text, authorizer: undefined, authBranches: branches };
}

/** The rule's equivalents, then those of the message and of the finding itself, each once. */
function equivalentsOf(meta: RuleModule['meta'], descriptor: ReportDescriptor): string[] {
  const extra = [...(meta.messageEquivalents?.[descriptor.messageId] ?? []), ...(descriptor.equivalents ?? [])];
  return extra.length === 0 ? meta.equivalents : [...new Set([...meta.equivalents, ...extra])];
}
