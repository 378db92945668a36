/**
 * Pure helpers over an audit report for the report panel and the Endpoints
 * view: a copy of the report with its paths as the user reads them (the
 * report itself keeps absolute paths, which navigation needs), the endpoints
 * grouped by API, and the worst severity of an endpoint's findings. No
 * `vscode` here, so it is tested outside the editor.
 */
import type { AuditReport, ReportEndpoint, ReportFinding, ReportPlace, Severity } from './protocol';

/**
 * The report with every path passed through `show` (relative to its workspace folder). The CLI
 * relativises to its working directory the same way, so an export from the editor reads like the
 * CLI's file. The original is left as it is.
 */
export function displayReport(report: AuditReport, show: (path: string) => string): AuditReport {
  const place = (entry: ReportPlace): ReportPlace => ({ ...entry, path: show(entry.path) });
  const finding = (entry: ReportFinding): ReportFinding => ({
    ...entry,
    path: show(entry.path),
    ...(entry.relatedPlaces ? { relatedPlaces: entry.relatedPlaces.map(place) } : {}),
    ...(entry.flow ? { flow: entry.flow.map(place) } : {}),
  });
  return {
    ...report,
    files: report.files.map(show),
    findings: report.findings.map(finding),
    endpoints: report.endpoints.map((endpoint) => ({
      ...endpoint,
      path: show(endpoint.path),
      ...(endpoint.handler ? { handler: { ...endpoint.handler, path: show(endpoint.handler.path) } } : {}),
    })),
    skipped: report.skipped.map((entry) => ({ ...entry, path: show(entry.path) })),
    suppressed: report.suppressed.map((entry) => ({ ...entry, path: show(entry.path), ...(entry.finding ? { finding: finding(entry.finding) } : {}) })),
    internalErrors: report.internalErrors.map((entry) => ({ ...entry, path: show(entry.path) })),
    ...(report.issues ? { issues: report.issues.map((entry) => ({ ...entry, path: show(entry.path) })) } : {}),
    ...(report.functions
      ? { functions: report.functions.map((entry) => ({ ...entry, path: show(entry.path), ...(entry.handler ? { handler: { ...entry.handler, path: show(entry.handler.path) } } : {}) })) }
      : {}),
  };
}

export interface EndpointGroup {
  /** `REST API`, `HTTP API`, `WebSocket API`, `Function URLs`, `Application Load Balancer` or `AppSync GraphQL API`. */
  label: string;
  /** The template that declares them. */
  path: string;
  kind: ReportEndpoint['kind'];
  /** The API's logical id, when the report names it. */
  api?: string;
  /** Unique among the groups of one report (the tree view's item id): template, kind and API. */
  id: string;
  /** Indexes into `report.endpoints`, in the report's order. */
  endpoints: number[];
}

/** A WebSocket API's `$connect` is an `http` endpoint of the report (an API Gateway v2 route), grouped under its own label. */
type GroupFamily = ReportEndpoint['kind'] | 'websocket';
const KIND_LABELS: Record<GroupFamily, string> = { rest: 'REST API', http: 'HTTP API', websocket: 'WebSocket API', url: 'Function URLs', alb: 'Application Load Balancer', graphql: 'AppSync GraphQL API' };
const KIND_ORDER: Record<GroupFamily, number> = { rest: 0, http: 1, websocket: 2, url: 3, alb: 4, graphql: 5 };

function familyOf(endpoint: ReportEndpoint): GroupFamily {
  // `$connect` is a route key of WebSocket APIs only: an HTTP API's keys are `$default` or start with a method.
  return endpoint.kind === 'http' && endpoint.route === '$connect' ? 'websocket' : endpoint.kind;
}

/**
 * The endpoints grouped by API: one group per template, kind and API (the report names the API of a
 * route when the template can hold several, `api`). A template with one API of a kind keeps the plain
 * label (`REST API`); with several, each group's label names its API (`REST API OrdersApi`). Templates
 * keep the report's order; kinds go REST, HTTP, URLs, load balancers, GraphQL, and APIs (or load balancers) of one kind their first route's order.
 */
export function groupEndpoints(report: Pick<AuditReport, 'endpoints'>): EndpointGroup[] {
  const groups = new Map<string, EndpointGroup & { order: number; family: GroupFamily }>();
  const templateOrder = new Map<string, number>();
  report.endpoints.forEach((endpoint, index) => {
    if (!templateOrder.has(endpoint.path)) templateOrder.set(endpoint.path, templateOrder.size);
    const family = familyOf(endpoint);
    const key = `${endpoint.path}\u0000${family}\u0000${endpoint.api ?? ''}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { label: KIND_LABELS[family] ?? String(family), path: endpoint.path, kind: endpoint.kind, family, ...(endpoint.api !== undefined && { api: endpoint.api }), id: `group:${JSON.stringify([endpoint.path, family, endpoint.api ?? null])}`, endpoints: [], order: groups.size }));
    group.endpoints.push(index);
  });
  const perKind = new Map<string, number>();
  for (const group of groups.values()) perKind.set(`${group.path}\u0000${group.family}`, (perKind.get(`${group.path}\u0000${group.family}`) ?? 0) + 1);
  return [...groups.values()]
    .sort((a, b) => (templateOrder.get(a.path) ?? 0) - (templateOrder.get(b.path) ?? 0) || (KIND_ORDER[a.family] ?? 5) - (KIND_ORDER[b.family] ?? 5) || a.order - b.order)
    .map(({ order, family, ...group }) => {
      void order;
      const isShared = (perKind.get(`${group.path}\u0000${family}`) ?? 0) > 1;
      return isShared ? { ...group, label: `${group.label} ${group.api ?? '(unknown API)'}` } : group;
    });
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The report's findings behind an endpoint's rule ids: those of its file whose rule it lists and
 * that lie on its resource or its function (`functions.x` in a Serverless service). A rule id the
 * endpoint got through a role or policy that reaches its function has no such finding; it still
 * counts, without a severity.
 */
export function findingsOfEndpoint(report: Pick<AuditReport, 'findings'>, endpoint: ReportEndpoint): ReportFinding[] {
  if (endpoint.findings.length === 0) return [];
  const ruleIds = new Set(endpoint.findings);
  const owners = new Set([endpoint.resource, ...(endpoint.functionName ? [endpoint.functionName, `functions.${endpoint.functionName}`] : [])]);
  return report.findings.filter((finding) => finding.path === endpoint.path && ruleIds.has(finding.ruleId) && finding.resource !== undefined && owners.has(finding.resource));
}

/** The worst severity among `findings`, or undefined when there are none. */
export function worstSeverity(findings: readonly ReportFinding[]): Severity | undefined {
  let worst: Severity | undefined;
  for (const finding of findings) if (worst === undefined || SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst]) worst = finding.severity;
  return worst;
}

/** The IAM actions a route's handler calls and those its role does not grant: the route's handler summary, else the function inventory. */
export function actionsOfEndpoint(report: Pick<AuditReport, 'functions'>, endpoint: ReportEndpoint): { used: string[]; notGranted: string[]; handlerPath?: string; exportName?: string } {
  const inventory = endpoint.functionName === undefined ? undefined : report.functions?.find((entry) => entry.path === endpoint.path && entry.functionName === endpoint.functionName);
  const handler = endpoint.handler ?? inventory?.handler;
  return {
    used: endpoint.handler?.actions ?? inventory?.actions ?? [],
    notGranted: endpoint.handler?.actionsNotGranted ?? inventory?.actionsNotGranted ?? [],
    handlerPath: handler?.path,
    exportName: handler?.exportName,
  };
}

/**
 * The 0-based line that declares `exportName` in a handler's source (`export const x`, `export
 * async function x`, `exports.x =`, `module.exports.x =`, `module.exports = { x`), or 0.
 */
export function exportLine(source: string, exportName: string): number {
  const name = exportName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`\\bexport\\s+(?:default\\s+)?(?:async\\s+)?(?:function\\*?|const|let|var|class)\\s+${name}\\b`),
    new RegExp(`\\b(?:module\\.)?exports\\.${name}\\s*=`),
    new RegExp(`\\bexport\\s*\\{[^}]*\\b${name}\\b`),
    new RegExp(`\\b(?:async\\s+)?function\\s+${name}\\b|\\b(?:const|let|var)\\s+${name}\\s*=`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(source);
    if (match) return source.slice(0, match.index).split('\n').length - 1;
  }
  return 0;
}
