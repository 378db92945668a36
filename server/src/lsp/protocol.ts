/**
 * The server's custom LSP messages. The client declares the same method names
 * and shapes on its side: it imports nothing from the server.
 */
import { RequestType, type WorkDoneProgressParams } from 'vscode-languageserver/node';
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
