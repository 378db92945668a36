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
}

export interface ReportEndpoint {
  kind: 'rest' | 'http' | 'url';
  method: string;
  /** The file. */
  path: string;
  /** The route (`/orders/{id}`). */
  route: string;
  auth: string;
  authorizer?: string;
  functionName?: string;
  resource: string;
  /** 0-based line in `path`. */
  line: number;
  /** Rule ids of the findings on this endpoint or its function. */
  findings: string[];
}

export interface AuditReport {
  version: 1;
  files: string[];
  findings: ReportFinding[];
  endpoints: ReportEndpoint[];
  skipped: Array<{ path: string; reason: string }>;
  /** `tool` and `toolRuleId` are set when another tool's suppression (checkov, cfn_nag, cfn-lint, semgrep) was honoured. */
  suppressed: Array<{ path: string; ruleId: string; reason: string; via: string; tool?: string; toolRuleId?: string; line: number }>;
  internalErrors: Array<{ path: string; message: string }>;
  issues?: Array<{ path: string; message: string; severity: 'error' | 'warning'; start: ReportPosition }>;
  counts: { bySeverity: Record<string, number>; byCategory: Record<string, number> };
  cancelled?: boolean;
}

export interface AuditWorkspaceParams {
  roots?: string[];
  workDoneToken?: ProgressToken;
}

export const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams, AuditReport, void>('slsward/auditWorkspace');

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
