/**
 * The parallel audit's two phases on a pool that answers from a script: a template whose analysis with its
 * handlers' code is stopped is analysed again without that code, so slow code never hides the template's findings,
 * and its handler files still get their own jobs (listed as skipped when those are stopped too).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HandlerBinding } from '../engine';
import type { AuditCodeFileRequest, AuditFileRequest, AuditFileResult } from '../worker/analysis-worker';
import type { AnalysisPool, JobHandle, JobOutcome } from './analysis-pool';
import { emptyReport } from './audit';
import { auditFilesInPool } from './parallel-audit';

const STOPPED: JobOutcome<AuditFileResult> = { kind: 'stopped', reason: 'budget', message: 'analysis stopped after 2 s: it took longer than its time budget' };
/** Stopped after the worker said it had finished the template and was reading its handlers' code. */
const STOPPED_IN_CODE: JobOutcome<AuditFileResult> = { ...(STOPPED as Extract<JobOutcome<AuditFileResult>, { kind: 'stopped' }>), phase: 'handler-code' };

function scriptedPool(answer: (request: AuditFileRequest | AuditCodeFileRequest) => JobOutcome<AuditFileResult>) {
  const requests: Array<AuditFileRequest | AuditCodeFileRequest> = [];
  const pool = {
    run<T>(request: AuditFileRequest | AuditCodeFileRequest): JobHandle<T> {
      requests.push(request);
      return { outcome: Promise.resolve(answer(request) as unknown as JobOutcome<T>), cancel() {} };
    },
  } as unknown as AnalysisPool;
  return { pool, requests };
}

describe('auditFilesInPool: slow handler code', () => {
  it("analyses a template again without its code when the first try is stopped, keeps its findings, and lists the slow handler as skipped", async () => {
    const binding = { exportName: 'handler' } as unknown as HandlerBinding;
    const { pool, requests } = scriptedPool((request) => {
      if (request.kind === 'auditCodeFile') return STOPPED;
      if (request.withoutCodeBecause === undefined) return STOPPED_IN_CODE;
      const report = emptyReport();
      report.files.push(request.path);
      report.findings.push({ ruleId: 'hardcoded-secret-in-environment', path: request.path } as unknown as (typeof report.findings)[number]);
      return { kind: 'done', value: { report, functions: [{ functionName: 'f', status: 'file', codePath: '/ws/h.js', binding } as unknown as NonNullable<AuditFileResult['functions']>[number]] } };
    });
    const report = await auditFilesInPool(['/ws/serverless.yml'], pool, { roots: ['/ws'], settings: {}, readSamConfig: false, code: { candidates: [] } });
    assert.deepEqual(
      requests.map((request) => [request.kind, request.path, request.kind === 'auditFile' ? request.withoutCodeBecause : undefined]),
      [
        ['auditFile', '/ws/serverless.yml', undefined],
        ['auditFile', '/ws/serverless.yml', `its handler code ran over the budget (${(STOPPED as { message: string }).message})`],
        ['auditCodeFile', '/ws/h.js', undefined],
      ],
    );
    assert.deepEqual(report.files, ['/ws/serverless.yml']);
    assert.deepEqual(report.findings.map((finding) => finding.ruleId), ['hardcoded-secret-in-environment']);
    assert.deepEqual(report.skipped, [{ path: '/ws/h.js', reason: (STOPPED as { message: string }).message }]);
  });

  it('does not try again when the template itself ran over (the worker never reached its code)', async () => {
    const { pool, requests } = scriptedPool(() => STOPPED);
    const report = await auditFilesInPool(['/ws/template.yaml'], pool, { roots: ['/ws'], settings: {}, readSamConfig: false, code: { candidates: [] } });
    assert.equal(requests.length, 1);
    assert.deepEqual(report.skipped, [{ path: '/ws/template.yaml', reason: (STOPPED as { message: string }).message }]);
  });
});
