/**
 * The JSON report: one object, positions 1-based (line and UTF-16 column).
 * Other tools and the tests rely on the shape of `findings`; new information
 * goes into new keys, never into changed ones.
 */
import type { AuditReport, LocatedFinding, LocatedPlace } from '..';

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  category: string;
  message: string;
  path: string;
  range: { start: JsonPosition; end: JsonPosition };
  resource: string | null;
  equivalents: string[];
  messageId: string;
  docsUrl: string;
  /** Other places that explain the finding (a handler finding's route or function in the template). Present only when there are some. */
  related?: JsonPlace[];
  /** A taint path from source to sink, step by step. Present only for code findings that have one. */
  steps?: JsonPlace[];
}

export interface JsonPlace {
  path: string;
  range: { start: JsonPosition; end: JsonPosition };
  message: string;
}

function toJsonPlace(place: LocatedPlace): JsonPlace {
  return {
    path: place.path,
    range: { start: { line: place.start.line + 1, column: place.start.character + 1 }, end: { line: place.end.line + 1, column: place.end.character + 1 } },
    message: place.message,
  };
}

export function toJsonFinding(finding: LocatedFinding): JsonFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    category: finding.category,
    message: finding.message,
    path: finding.path,
    range: {
      start: { line: finding.start.line + 1, column: finding.start.character + 1 },
      end: { line: finding.end.line + 1, column: finding.end.character + 1 },
    },
    resource: finding.resource ?? null,
    equivalents: [...finding.equivalents],
    messageId: finding.messageId,
    docsUrl: finding.docsUrl,
    ...(finding.relatedPlaces?.length ? { related: finding.relatedPlaces.map(toJsonPlace) } : {}),
    ...(finding.flow?.length ? { steps: finding.flow.map(toJsonPlace) } : {}),
  };
}

export function formatJson(report: AuditReport): string {
  const output = {
    version: 1,
    files: report.files,
    findings: report.findings.map(toJsonFinding),
    endpoints: report.endpoints.map((endpoint) => ({
      path: endpoint.path,
      line: endpoint.line + 1,
      kind: endpoint.kind,
      method: endpoint.method,
      route: endpoint.route,
      auth: endpoint.auth,
      authorizer: endpoint.authorizer ?? null,
      function: endpoint.functionName ?? null,
      // The API's logical id where a template can hold several of its kind (null for a Serverless service's one API).
      api: endpoint.api ?? null,
      resource: endpoint.resource,
      findings: endpoint.findings,
      // Whether API Gateway validates the request (null: the template does not say), and what the handler does.
      edgeValidation: endpoint.edgeValidation ?? null,
      // Only for routes of OpenAPI files the template names, and of APIs whose definition was not read.
      ...(endpoint.definition && { definedIn: { path: endpoint.definition.path, line: endpoint.definition.line + 1 } }),
      ...(endpoint.definitionNotRead && { definitionNotRead: endpoint.definitionNotRead }),
      handler: endpoint.handler
        ? { path: endpoint.handler.path, export: endpoint.handler.exportName, ...(endpoint.handler.inline && { inline: true }), auth: endpoint.handler.auth, authVia: endpoint.handler.authVia ?? null, validators: endpoint.handler.validators, sinks: endpoint.handler.sinks, ...(endpoint.handler.analysisIncomplete && { analysisIncomplete: endpoint.handler.analysisIncomplete }), actions: endpoint.handler.actions ?? [], ...(endpoint.handler.webApp && { webApp: endpoint.handler.webApp }) }
        : null,
    })),
    // Every function of the templates: its handler, and the IAM actions its code calls against what its role grants.
    functions: report.functions.map((entry) => ({
      path: entry.path,
      line: entry.line + 1,
      function: entry.functionName,
      handler: entry.handler ? { path: entry.handler.path, export: entry.handler.exportName } : null,
      status: entry.status,
      ...(entry.reason ? { reason: entry.reason } : {}),
      actions: entry.actions ?? [],
      actionsNotGranted: entry.actionsNotGranted ?? [],
      ...(entry.actionsIncomplete ? { actionsIncomplete: entry.actionsIncomplete } : {}),
      // The handler file was found but not analysed: `actions` is empty because nothing was read.
      ...(entry.codeNotRead ? { codeNotRead: entry.codeNotRead } : {}),
    })),
    suppressed: report.suppressed.map((entry) => ({
      ...toJsonFinding(entry.finding),
      reason: entry.reason,
      via: entry.via,
      // Present only for another tool's suppression (checkov, cfn_nag, cfn-lint, semgrep) and the id it names.
      ...(entry.tool ? { tool: entry.tool, toolRuleId: entry.toolRuleId ?? '' } : {}),
    })),
    skipped: report.skipped,
    issues: report.issues.map((issue) => ({ path: issue.path, line: issue.start.line + 1, column: issue.start.character + 1, severity: issue.severity, message: issue.message })),
    internalErrors: report.internalErrors,
    counts: report.counts,
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
