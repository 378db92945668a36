/**
 * The server's custom LSP messages. The client declares the same method names
 * and shapes on its side: it imports nothing from the server.
 */
import { RequestType, type TextDocumentPositionParams, type WorkDoneProgressParams } from 'vscode-languageserver/node';
import type { LeastPrivilegePolicyResult } from '../worker/least-privilege-policy';
import type { AuditReport } from '../workspace';

export interface AuditWorkspaceParams extends WorkDoneProgressParams {
  /** Directories or files to audit; the workspace folders when absent. */
  roots?: string[];
}

/**
 * Audits every candidate file under the roots and returns the report. With a
 * `workDoneToken` progress goes to that token; otherwise the server creates
 * its own progress (`window/workDoneProgress/create`). Cancellable both by
 * `$/cancelRequest` and by cancelling the progress.
 */
export const AuditWorkspaceRequest = new RequestType<AuditWorkspaceParams | null | undefined, AuditReport, void>('slsward/auditWorkspace');

/** The formats `slsward/formatAuditReport` writes: the CLI's reporters, so an export from the editor is the CLI's file. */
export type ReportFormat = 'html' | 'sarif' | 'json' | 'text';

export interface FormatAuditReportParams {
  /** A report from `slsward/auditWorkspace`, with its paths as they should appear (the client makes them relative). */
  report: AuditReport;
  format: ReportFormat;
  /** For `html` shown in the editor's panel: the CSP nonce and the webview's CSP source. */
  webview?: { nonce: string; cspSource: string };
  /** For `html`: a line under the title. */
  subtitle?: string;
}

/** Formats a report with the CLI's reporters; answers `{ text }`, or a RequestFailed error for a malformed report. */
export const FormatAuditReportRequest = new RequestType<FormatAuditReportParams, { text: string }, void>('slsward/formatAuditReport');

/**
 * The least-privilege statements of the function at a position: in a template, the function whose
 * declaration holds it (every function when none does); in a handler file, the handler there.
 */
export const LeastPrivilegePolicyRequest = new RequestType<TextDocumentPositionParams, LeastPrivilegePolicyResult, void>('slsward/leastPrivilegePolicy');
export type { LeastPrivilegePolicyResult };
