/**
 * The client's copy of the server's custom messages and the audit report
 * shape. The client talks to the server over LSP only and imports nothing
 * from it, so this file restates the wire format; keep it in step with
 * `server/src/lsp/protocol.ts` and `server/src/workspace/audit.ts`.
 */
import { RequestType, type ProgressToken } from 'vscode-languageclient/node';

export type Severity = 'error' | 'warning' | 'info';

export interface ReportPosition {
  line: number;
  character: number;
}

export interface ReportFinding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  category: string;
  path: string;
  /** 0-based. */
  start: ReportPosition;
  end: ReportPosition;
  resource?: string;
  equivalents: string[];
  docsUrl: string;
  /** Where the template declares the route or function of a handler finding. */
  relatedPlaces?: ReportPlace[];
  /** A handler finding's taint path, source to sink. */
  flow?: ReportPlace[];
}

export interface ReportPlace {
  path: string;
  start: ReportPosition;
  end: ReportPosition;
  message: string;
}

/** What a route's handler does (`EndpointSummary.handler`). */
export interface ReportHandlerSummary {
  path: string;
  exportName: string;
  auth: 'verified' | 'unverified' | 'none';
  authVia?: string;
  /** `verified` means the identity an authorizer put in the request context, not a token the code checks. */
  authFromAuthorizerContext?: boolean;
  validators: string[];
  sinks: string[];
  /** Why the handler's code was analysed only in part; `sinks` may then miss some. */
  analysisIncomplete?: string;
  actions?: string[];
  actionsNotGranted?: string[];
  actionsIncomplete?: string[];
}

/** One function of a template, with the IAM actions its code calls against what its role grants. */
export interface ReportFunction {
  path: string;
  /** 0-based line of the function's declaration. */
  line: number;
  functionName: string;
  status: 'file' | 'inline' | 'unresolved';
  handler?: { path: string; exportName: string };
  reason?: string;
  actions?: string[];
  actionsNotGranted?: string[];
  actionsIncomplete?: string[];
  /** The handler file was found but not analysed (why): `actions` says nothing then. */
  codeNotRead?: string;
}

export interface ReportEndpoint {
  /** `graphql`: an AppSync GraphQL API, one entry per API. `alb`: an Application Load Balancer route to a function (`api` names the load balancer). */
  kind: 'rest' | 'http' | 'url' | 'alb' | 'graphql';
  method: string;
  /** The file. */
  path: string;
  /** The route (`/orders/{id}`). */
  route: string;
  auth: string;
  authorizer?: string;
  functionName?: string;
  /** The API's logical id, when the template can hold several of this kind; absent for a Serverless service and function URLs. */
  api?: string;
  resource: string;
  /** 0-based line in `path`. */
  line: number;
  /** Rule ids of the findings on this endpoint or its function. */
  findings: string[];
  /** Whether API Gateway validates the request; absent when the template does not say. */
  edgeValidation?: boolean;
  handler?: ReportHandlerSummary;
}

export interface AuditReport {
  version: 1;
  files: string[];
  findings: ReportFinding[];
  endpoints: ReportEndpoint[];
  skipped: Array<{ path: string; reason: string }>;
  /** `tool` and `toolRuleId` are set when another tool's suppression (checkov, cfn_nag, cfn-lint, semgrep) was honoured. */
  suppressed: Array<{ path: string; ruleId: string; reason: string; via: string; tool?: string; toolRuleId?: string; line: number; finding?: ReportFinding }>;
  internalErrors: Array<{ path: string; message: string }>;
  issues?: Array<{ path: string; message: string; severity: 'error' | 'warning'; start: ReportPosition }>;
  counts: { bySeverity: Record<string, number>; byCategory: Record<string, number> };
  /** Every function of the templates (absent from servers older than the function inventory). */
  functions?: ReportFunction[];
  cancelled?: boolean;
}

export interface AuditWorkspaceParams {
  roots?: string[];
  workDoneToken?: ProgressToken;
}

export const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams, AuditReport, void>('slsward/auditWorkspace');

/** The formats the server's reporters write (the CLI's `--format`). Markdown is written here, by `audit-report.ts`. */
export type ServerReportFormat = 'html' | 'sarif' | 'json' | 'text';

export interface FormatAuditReportParams {
  report: AuditReport;
  format: ServerReportFormat;
  /** For the report panel: the CSP nonce and the webview's CSP source. */
  webview?: { nonce: string; cspSource: string };
  subtitle?: string;
}

export const FormatAuditReportRequest = new RequestType<FormatAuditReportParams, { text: string }, void>('slsward/formatAuditReport');

/** The least-privilege statements of one function (`slsward/leastPrivilegePolicy`). */
export interface FunctionPolicyResult {
  template: string;
  functionName: string;
  handler?: { path: string; exportName: string };
  missing?: string;
  /** The statements in the template's syntax. */
  yaml?: string;
  policy?: { Version: string; Statement: unknown[] };
  notes?: string[];
}

export interface LeastPrivilegePolicyResult {
  functions: FunctionPolicyResult[];
  message?: string;
}

export interface LeastPrivilegePolicyParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

export const LeastPrivilegePolicyRequest = new RequestType<LeastPrivilegePolicyParams, LeastPrivilegePolicyResult, void>('slsward/leastPrivilegePolicy');
