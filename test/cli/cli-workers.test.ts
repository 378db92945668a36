/**
 * The CLI on analysis workers: a file over its time budget is listed as
 * skipped, with its reason, in text, JSON and SARIF; `--fail-on-skipped` turns
 * any skipped template-like file into exit code 3; `--jobs 1` and `--jobs 2`
 * give byte-identical reports. The slow input is an ordinary large SAM
 * template against a 1 ms budget, so no engine slowness is relied on.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { largeSamTemplate, slowInlineCodeTemplate } from '../lsp/large-template';
import { makeTempDirectory } from '../lsp/lsp-session';
import { type AuditCommand, defaultJobs, parseCommandLine } from '../../server/src/cli/args';
import { assertCleanError, runCli } from './helpers';

const BUDGET_REASON = 'analysis stopped after 1 ms: it took longer than its time budget';

describe('CLI: budgets, skipped files and parallel workers', () => {
  const workspace = makeTempDirectory('slsward-cli-workers-');
  before(() => {
    mkdirSync(join(workspace.path, 'big'));
    writeFileSync(join(workspace.path, 'big', 'template.yaml'), largeSamTemplate(100));
    mkdirSync(join(workspace.path, 'small'));
    writeFileSync(join(workspace.path, 'small', 'template.yaml'), largeSamTemplate(1));
    mkdirSync(join(workspace.path, 'huge'));
    // Over the 5 MB limit: cannot be read, so it is skipped without a budget.
    writeFileSync(join(workspace.path, 'huge', 'serverless.yml'), `service: huge\nprovider:\n  name: aws\n# ${'x'.repeat(5 * 1024 * 1024)}\n`);
  });
  after(() => workspace.dispose());


  const withBudget = (milliseconds: string) => ({ env: { SLSWARD_ANALYSIS_BUDGET_MS: milliseconds } });

  it('lists a file over its time budget as skipped, with the reason, in JSON, and exits 0 without --fail-on-skipped', async () => {
    const run = await runCli(['audit', 'big', '--format', 'json'], { cwd: workspace.path, ...withBudget('1') });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; findings: unknown[]; skipped: Array<{ path: string; reason: string }> };
    assert.deepEqual(report.skipped, [{ path: join('big', 'template.yaml'), reason: BUDGET_REASON }]);
    assert.deepEqual(report.files, []);
    assert.deepEqual(report.findings, [], 'no findings are invented for a file that was not analysed');
    assert.match(run.stderr, new RegExp(`^slsward: skipped big/template\\.yaml: ${BUDGET_REASON}$`, 'm'));
  });

  it('lists it in text and SARIF too', async () => {
    const text = await runCli(['audit', 'big'], { cwd: workspace.path, ...withBudget('1') });
    assert.match(text.stdout, /0 findings .* in 0 files; 1 skipped/);
    const sarif = await runCli(['audit', 'big', '--format', 'sarif'], { cwd: workspace.path, ...withBudget('1') });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: unknown[]; invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> };
    assert.deepEqual(log.runs[0].results, []);
    assert.deepEqual(
      log.runs[0].invocations[0].toolExecutionNotifications.map((notification) => [notification.level, notification.message.text]),
      [['warning', `Skipped big/template.yaml: ${BUDGET_REASON}`]],
    );
  });

  it('exits 3 with --fail-on-skipped for a file over budget or unreadable, and 1 or 0 when nothing is skipped', async () => {
    const overBudget = await runCli(['audit', 'big', '--fail-on-skipped'], { cwd: workspace.path, ...withBudget('1') });
    assert.equal(overBudget.code, 3, overBudget.stderr);
    assert.match(overBudget.stderr, /^slsward: 1 file was not analysed \(--fail-on-skipped\)$/m);
    assertCleanError(overBudget.stderr);

    const unreadable = await runCli(['audit', 'huge', '--fail-on-skipped', '--format', 'json'], { cwd: workspace.path });
    assert.equal(unreadable.code, 3, unreadable.stderr);
    assert.equal((JSON.parse(unreadable.stdout) as { skipped: Array<{ path: string }> }).skipped[0].path, join('huge', 'serverless.yml'));
    const listedOnly = await runCli(['audit', 'huge'], { cwd: workspace.path });
    assert.equal(listedOnly.code, 0, 'without the flag, a skipped file is listed and does not fail the run');
    assert.match(listedOnly.stderr, /^slsward: skipped huge\/serverless\.yml: /m);

    // With the default budget a template is analysed: its warnings fail the run with 1, not 3.
    const analysed = await runCli(['audit', 'small', '--fail-on-skipped', '--fail-on', 'warning', '--format', 'json'], { cwd: workspace.path });
    assert.equal(analysed.code, 1, analysed.stderr);
    assert.deepEqual((JSON.parse(analysed.stdout) as { skipped: unknown[] }).skipped, []);
  });

  it("keeps a template's findings when its inline code runs over the budget, lists that code as skipped, and --fail-on-skipped fails", async () => {
    mkdirSync(join(workspace.path, 'slow-inline'));
    // The code takes most of a second on an idle machine; the template alone, tens of milliseconds.
    writeFileSync(join(workspace.path, 'slow-inline', 'template.yaml'), slowInlineCodeTemplate(8_000));
    const run = await runCli(['audit', 'slow-inline', '--format', 'json', '--fail-on-skipped'], { cwd: workspace.path, ...withBudget('300') });
    assert.equal(run.code, 3, run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; findings: Array<{ ruleId: string }>; skipped: Array<{ path: string; reason: string }> };
    assert.deepEqual(report.files, [join('slow-inline', 'template.yaml')]);
    assert.ok(report.findings.some((finding) => finding.ruleId === 'hardcoded-secret-in-environment'), JSON.stringify(report.findings));
    assert.ok(!report.findings.some((finding) => finding.ruleId.startsWith('code-')), 'no finding of the inline code is invented');
    assert.equal(report.skipped.length, 1, JSON.stringify(report.skipped));
    assert.equal(report.skipped[0].path, join('slow-inline', 'template.yaml'));
    assert.match(report.skipped[0].reason, /^inline code of function Fn not analysed: its handler code ran over the budget \(analysis stopped after 300 ms: it took longer than its time budget\)$/);
  });

  it('gives byte-identical JSON with --jobs 1 and --jobs 2 on the examples', async () => {
    const one = await runCli(['audit', 'examples', '--format', 'json', '--jobs', '1']);
    const two = await runCli(['audit', 'examples', '--format', 'json', '--jobs', '2']);
    assert.equal(one.code, 1);
    assert.equal(two.code, 1);
    assert.ok((JSON.parse(one.stdout) as { findings: unknown[] }).findings.length > 0);
    assert.equal(two.stdout, one.stdout);
    assert.equal(two.stderr, one.stderr);
  });

  it('refuses a --jobs that is not a whole number from 1 to 64', async () => {
    for (const value of ['0', 'two', '1.5', '65']) {
      const run = await runCli(['audit', 'examples', '--jobs', value]);
      assert.equal(run.code, 2, value);
      assert.match(run.stderr, new RegExp(`^slsward: --jobs must be a whole number from 1 to 64, not '${value.replace('.', '\\.')}'\\n`));
    }
  });

  it('uses one worker fewer than the cores by default, at least one and at most 64', () => {
    assert.deepEqual([1, 2, 4, 8, 100].map((cores) => defaultJobs(cores)), [1, 1, 3, 7, 64]);
    assert.equal((parseCommandLine(['audit', 'x'], 3) as AuditCommand).jobs, 3, 'the default given');
    assert.equal((parseCommandLine(['audit', 'x', '--jobs', '2'], 3) as AuditCommand).jobs, 2, '--jobs wins');
  });

  it('warns about a budget that is not a number and keeps the default', async () => {
    const run = await runCli(['audit', 'small', '--format', 'json'], { cwd: workspace.path, ...withBudget('soon') });
    assert.match(run.stderr, /^slsward: SLSWARD_ANALYSIS_BUDGET_MS must be a whole number of milliseconds, not 'soon'; using 2000\.$/m);
    assert.deepEqual((JSON.parse(run.stdout) as { skipped: unknown[] }).skipped, []);
  });
});
