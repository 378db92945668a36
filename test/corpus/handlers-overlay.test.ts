/**
 * The whole product on whole apps: the corpus templates and handlers laid over one temporary folder
 * (each app gets its template and its code), audited by the built CLI as a user would. No internal
 * error and no exception on any file; the figures (files, handler files, findings per 100 handler
 * files by code rule, bound and unbound) are printed for the hand review. Needs ../shared/corpus
 * (skipped when absent) and `npm run build`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CORPUS_ROOT, corpusMissingReason, REPO_ROOT, table } from './corpus-helpers';

const CLI = resolve(REPO_ROOT, 'dist/cli.js');
const missing = corpusMissingReason('handlers') ?? corpusMissingReason('templates') ?? (existsSync(CLI) ? undefined : `${CLI} is missing: run npm run build`);

interface JsonFinding {
  ruleId: string;
  severity: string;
  path: string;
  message: string;
  related?: unknown[];
}

function runAudit(folder: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, 'audit', '.', '--format', 'json'], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

describe('the overlaid corpus (templates and their handlers) through the CLI', { skip: missing }, () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'slsward-overlay-'));
    cpSync(join(CORPUS_ROOT, 'templates'), folder, { recursive: true });
    cpSync(join(CORPUS_ROOT, 'handlers'), folder, { recursive: true, force: false, errorOnExist: false });
  });
  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('audits every app with no internal error, and prints the handler findings by rule', async () => {
    const started = performance.now();
    const run = await runAudit(folder);
    const seconds = (performance.now() - started) / 1000;
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}: ${run.stderr.slice(-2000)}`);
    const report = JSON.parse(run.stdout) as { files: string[]; findings: JsonFinding[]; internalErrors: unknown[]; skipped: Array<{ path: string; reason: string }> };
    assert.deepEqual(report.internalErrors, []);
    const codeFiles = report.files.filter((path) => /\.[cm]?[jt]sx?$/.test(path));
    const codeFindings = report.findings.filter((finding) => finding.ruleId.startsWith('code-'));
    const byRule = new Map<string, { bound: number; unbound: number }>();
    for (const finding of codeFindings) {
      const counts = byRule.get(finding.ruleId) ?? { bound: 0, unbound: 0 };
      if (/no template names this handler/.test(finding.message)) counts.unbound++;
      else counts.bound++;
      byRule.set(finding.ruleId, counts);
    }
    console.log(`${report.files.length} files analysed (${codeFiles.length} handler files) in ${seconds.toFixed(1)} s; ${codeFindings.length} code findings; ${report.skipped.length} skipped`);
    console.log(
      table(
        ['rule', 'bound', 'unbound', 'per 100 handler files'],
        [...byRule].sort((a, b) => a[0].localeCompare(b[0])).map(([rule, counts]) => [rule, counts.bound, counts.unbound, ((100 * (counts.bound + counts.unbound)) / Math.max(1, codeFiles.length)).toFixed(1)]),
      ),
    );
    if (process.env.SLSWARD_PRINT_FINDINGS) for (const finding of codeFindings) console.log(`${finding.path}  ${finding.severity}  ${finding.ruleId}  ${finding.message}`);
    assert.ok(codeFiles.length > 300, `handler files analysed: ${codeFiles.length}`);
    // These are careful samples: no code rule may fire on more than one handler file in ten.
    for (const [rule, counts] of byRule) assert.ok(counts.bound + counts.unbound <= codeFiles.length / 10, `${rule} fires ${counts.bound + counts.unbound} times`);
  });
});
