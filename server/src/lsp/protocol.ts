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

/**
 * The least-privilege statements of the function at a position: in a template, the function whose
 * declaration holds it (every function when none does); in a handler file, the handler there.
 */
export const LeastPrivilegePolicyRequest = new RequestType<TextDocumentPositionParams, LeastPrivilegePolicyResult, void>('slsward/leastPrivilegePolicy');
export type { LeastPrivilegePolicyResult };
