/**
 * The hostile-file suite: every input users sent that hung, crashed or
 * misled us (hostile-files.ts), run through the engine with every rule, and
 * the file-system ones through discovery, the workspace audit and the built
 * CLI. Required of each: it finishes well within a generous bound, says what
 * is wrong in one clear issue or skipped reason, keeps the file's other
 * findings (the admin role, the secret), raises no internal error, and its
 * text report holds no raw control characters. Engine cases run in a worker
 * thread with a time and heap limit, so a case that still hangs fails instead
 * of hanging the run.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { allRules } from '../../rules';
import { auditFiles, discoverFiles } from '../../server/src/workspace';
import { assertCleanError, runCli } from '../cli/helpers';
import { buildLinkWorkspace, buildVanishingWorkspace, cfnWithAdmin, HOSTILE_FILES, KEEPS_ADMIN, type HostileFile } from './hostile-files';
import { CaseRunner, type CaseOutcome } from './worker-pool';
import type { WorkerResult } from './analyze-worker';

/** The bound a user would call "finished": the slowest of these took 40 s or never ended before the fixes. */
const BOUND_MS = 3_000;
/** A case still running after this is stopped: it has already failed the bound. */
const KILL_MS = BOUND_MS + 250;
/** At most this many parse issues for one file: one clear issue, not thousands. */
const MAX_ISSUES = 20;
/** Raw control characters a terminal would act on; `\n` only ends the report's own lines. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Expectation {
  /** The reader's refusal, exactly. */
  readError?: string;
  /** A syntax issue (at least one, at most MAX_ISSUES) or an audit skipped reason matching this. */
  problem?: RegExp;
  todo?: string;
}

const EXPECTATIONS: Record<string, Expectation> = {
  'flow-brackets-100k': { problem: /nest|deep/i },
  'json-array-8000-deep': { problem: /nest|deep/i },
  'serverless-reference-bomb-doubling-22': {},
  'serverless-reference-bomb-wide-10x7': {},
  'cloudformation-condition-bomb-10x8': {},
  'yaml-alias-bomb': { problem: /alias/i },
  'file-20mb': { readError: 'larger than 5 MB, not analysed', problem: /larger than 5 MB/ },
  'line-10mb': { readError: 'larger than 5 MB, not analysed', problem: /larger than 5 MB/ },
  binary: { readError: 'binary file (contains NUL bytes), not analysed' },
  'utf16-le': { readError: 'UTF-16 LE encoded, not analysed (save it as UTF-8)' },
  'utf16-be': { readError: 'UTF-16 BE encoded, not analysed (save it as UTF-8)' },
  'utf32-le': { readError: 'UTF-32 LE encoded, not analysed (save it as UTF-8)' },
  latin1: { readError: 'not UTF-8 (invalid byte 0xE9 on line 3), not analysed (save it as UTF-8)' },
  'cr-only-line-breaks': {},
  'unclosed-brackets-2000': { problem: /./ },
  'serverless-400kb-line-syntax-error': { problem: /./ },
  'flow-maps-100k-unclosed': { problem: /./ },
  'control-characters-in-resource-names': {},
  'unclosed-bracket-on-last-line': { problem: /./ },
  'fuzz-long-unkeyed-line-40kb': { problem: /./ },
  'fuzz-nested-short-form-if-2000': { problem: /nest|deep/i },
};

/** The checks every engine case must pass; throws with what went wrong. */
function assertHandled(file: Pick<HostileFile, 'name' | 'keeps'>, outcome: CaseOutcome, expectation: Expectation): WorkerResult {
  assert.equal(outcome.status, 'done', `${file.name}: ${JSON.stringify(outcome)}`);
  const result = (outcome as { result: WorkerResult }).result;
  assert.ok(result.milliseconds < BOUND_MS, `${file.name} took ${Math.round(result.milliseconds)} ms`);
  assert.deepEqual(result.internalErrors, [], `${file.name}: internal errors`);
  if (expectation.readError !== undefined) assert.equal(result.readError, expectation.readError);
  else assert.equal(result.readError, undefined, `${file.name}: the reader refused it`);
  if (expectation.problem) {
    const said = [...result.issues, ...(result.skipped ?? [])];
    assert.ok(said.some((message) => expectation.problem!.test(message)), `${file.name}: no issue matching ${expectation.problem}: ${JSON.stringify(said)}`);
    assert.ok(result.issueCount <= MAX_ISSUES, `${file.name}: ${result.issueCount} issues`);
  }
  for (const kept of file.keeps) {
    assert.ok(
      result.findings.some((finding) => finding.ruleId === kept.ruleId && finding.resource === kept.resource),
      `${file.name}: lost ${kept.ruleId} on ${kept.resource}; found ${JSON.stringify(result.findings.map((finding) => `${finding.ruleId}@${finding.resource}`))}`,
    );
  }
  if (result.textReport !== undefined) {
    const raw = RAW_CONTROL.exec(result.textReport);
    assert.equal(raw, null, `${file.name}: the text report holds a raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return result;
}

describe('hostile files through the engine', () => {
  const runner = new CaseRunner({ keepSpare: true });
  after(() => runner.close());

  for (const [name, generate] of Object.entries(HOSTILE_FILES)) {
    const expectation = EXPECTATIONS[name];
    it(name, expectation.todo ? { todo: expectation.todo } : {}, async () => {
      const outcome = await runner.run({ name }, KILL_MS);
      // Generated here only for its name and expectations; the worker builds its own copy.
      const result = assertHandled({ name, keeps: generate().keeps }, outcome, expectation);
      if (name === 'control-characters-in-resource-names') {
        assert.ok(result.textReport?.includes('role Admin\\x1b[2J\\rRole\\n\\u202eevil: '), result.textReport);
      }
    });
  }

  it('every case has an expectation', () => {
    assert.deepEqual(Object.keys(EXPECTATIONS).sort(), Object.keys(HOSTILE_FILES).sort());
  });
});

describe('hostile file systems through discovery and the workspace audit', () => {
  let links: ReturnType<typeof buildLinkWorkspace>;
  let vanishing: ReturnType<typeof buildVanishingWorkspace>;
  before(() => {
    links = buildLinkWorkspace();
    vanishing = buildVanishingWorkspace();
  });
  after(() => {
    rmSync(links.base, { recursive: true, force: true });
    rmSync(vanishing.base, { recursive: true, force: true });
  });

  it('does not leave the root through links, reports loops, and audits what is inside', async () => {
    const started = Date.now();
    const discovery = await discoverFiles([links.root], { exclude: [] });
    assert.deepEqual(discovery.files, [join(links.root, 'app/template.yaml')]);
    const reasons = Object.fromEntries(discovery.skipped.map((entry) => [entry.path.slice(links.root.length + 1), entry.reason]));
    const outside = realpathSync(links.outside);
    assert.deepEqual(reasons, {
      'app/loop': 'symbolic link loop, not followed',
      'chain-a.yml': 'symbolic link loop, not followed',
      'chain-b.yml': 'symbolic link loop, not followed',
      'filesystem-root': 'symbolic link to a path outside the audited folder: /',
      'outside-dir': `symbolic link to a path outside the audited folder: ${outside}`,
      'outside-file.yaml': `symbolic link to a path outside the audited folder: ${join(outside, 'template.yaml')}`,
    });
    const report = await auditFiles(discovery.files, { rules: allRules });
    assert.ok(report.findings.some((finding) => finding.ruleId === KEEPS_ADMIN.ruleId && finding.resource === 'AdminRole'));
    assert.ok(!report.findings.some((finding) => finding.resource === 'OutsideRole'));
    assert.deepEqual(report.internalErrors, []);
    assert.ok(Date.now() - started < BOUND_MS, `took ${Date.now() - started} ms`);
  });

  it('the CLI does the same: links out of the root and loops are skipped with their reason, never walked', async () => {
    const run = await runCli(['audit', '.', '--format', 'json'], { cwd: links.root, timeoutMs: 30_000 });
    assert.equal(run.signal, null, `killed after ${run.milliseconds} ms`);
    assertCleanError(run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; findings: Array<{ path: string; resource: string | null }>; skipped: Array<{ path: string; reason: string }> };
    assert.deepEqual(report.files, ['app/template.yaml']);
    assert.ok(!report.findings.some((finding) => finding.resource === 'OutsideRole'));
    const outside = realpathSync(links.outside);
    assert.deepEqual(
      report.skipped.map((entry) => `${entry.path}: ${entry.reason}`),
      [
        'app/loop: symbolic link loop, not followed',
        'chain-a.yml: symbolic link loop, not followed',
        'chain-b.yml: symbolic link loop, not followed',
        'filesystem-root: symbolic link to a path outside the audited folder: /',
        `outside-dir: symbolic link to a path outside the audited folder: ${outside}`,
        `outside-file.yaml: symbolic link to a path outside the audited folder: ${join(outside, 'template.yaml')}`,
      ],
    );
    assert.match(run.stderr, /^slsward: skipped filesystem-root: symbolic link to a path outside the audited folder: \/$/m);
  });

  it('lists a FIFO or a link to a device named like a template as skipped, without hanging, and --fail-on-skipped fails', { skip: process.platform === 'win32' }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'slsward-fifo-'));
    try {
      // mkfifo is the test's own tool, never anything from an analysed workspace.
      execFileSync('mkfifo', [join(root, 'serverless.yml')]);
      mkdirSync(join(root, 'app'));
      writeFileSync(join(root, 'app/template.yaml'), cfnWithAdmin(''));
      symlinkSync('/dev/zero', join(root, 'zero.yaml'));
      const discovery = await discoverFiles([root], { exclude: [] });
      assert.deepEqual(discovery.files, [join(root, 'app/template.yaml'), join(root, 'serverless.yml')]);
      assert.deepEqual(discovery.skipped, [{ path: join(root, 'zero.yaml'), reason: 'symbolic link to a path outside the audited folder: /dev/zero' }]);
      const report = await auditFiles(discovery.files, { rules: allRules });
      assert.deepEqual(report.skipped, [{ path: join(root, 'serverless.yml'), reason: 'not a regular file (a named pipe), not read' }]);
      assert.ok(report.findings.some((finding) => finding.ruleId === KEEPS_ADMIN.ruleId));

      const run = await runCli(['audit', '.', '--fail-on-skipped', '--format', 'json'], { cwd: root, timeoutMs: 30_000 });
      assert.equal(run.signal, null, `killed after ${run.milliseconds} ms`);
      assertCleanError(run.stderr);
      assert.equal(run.code, 3, run.stderr);
      const json = JSON.parse(run.stdout) as { skipped: Array<{ path: string; reason: string }> };
      assert.deepEqual(json.skipped.map((entry) => `${entry.path}: ${entry.reason}`), [
        'serverless.yml: not a regular file (a named pipe), not read',
        'zero.yaml: symbolic link to a path outside the audited folder: /dev/zero',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('skips a file removed while the audit runs, and finishes the others', async () => {
    const [first, second, third] = vanishing.files;
    const report = await auditFiles(vanishing.files, {
      rules: allRules,
      // After the first file is read, the second disappears.
      onProgress: (done) => {
        if (done === 1) rmSync(second);
      },
    });
    assert.deepEqual(report.skipped, [{ path: second, reason: 'no such file or directory' }]);
    assert.deepEqual(report.files, [first, third]);
    assert.deepEqual(report.internalErrors, []);
  });
});

describe('hostile files through the built CLI', () => {
  let root: string;
  /** The cases every engineer's branch handles: the reader's refusals, control characters, links. */
  const READER_CASES = ['binary', 'utf16-le', 'utf16-be', 'utf32-le', 'latin1', 'file-20mb', 'line-10mb', 'control-characters-in-resource-names', 'unclosed-bracket-on-last-line', 'yaml-alias-bomb'];

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'slsward-hostile-cli-'));
    for (const [name, generate] of Object.entries(HOSTILE_FILES)) {
      const file = generate();
      const directory = join(root, READER_CASES.includes(name) ? 'reader' : 'engine', name);
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, file.path), file.bytes ?? file.text!);
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Runs the CLI on `folder`, checks the common promises, and returns its JSON report. */
  async function audit(folder: string, timeoutMs: number, env?: Record<string, string>) {
    const run = await runCli(['audit', folder, '--format', 'json'], { cwd: root, nodeOptions: ['--max-old-space-size=512'], timeoutMs, env });
    assert.equal(run.signal, null, `killed after ${run.milliseconds} ms`);
    assertCleanError(run.stderr);
    assert.equal(RAW_CONTROL.exec(run.stderr), null, 'stderr holds a raw control character');
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string; ruleId: string; resource: string | null }>; skipped: Array<{ path: string; reason: string }>; internalErrors: unknown[]; issues: unknown[] };
    assert.deepEqual(report.internalErrors, []);
    assert.equal(run.code, 1, run.stderr);
    const text = await runCli(['audit', folder], { cwd: root, timeoutMs, env });
    assert.equal(RAW_CONTROL.exec(text.stdout), null, 'the text report holds a raw control character');
    assert.equal(RAW_CONTROL.exec(text.stderr), null, 'stderr holds a raw control character');
    return { run, report };
  }

  it('refuses what the reader refuses, with its reason, and reports the rest', async () => {
    const { run, report } = await audit('reader', 30_000);
    // Start-up and 20 MB of generated input included; the analysis itself is far quicker.
    assert.ok(run.milliseconds < 10_000, `took ${run.milliseconds} ms`);
    const reason = (name: string, file = 'template.yaml') => report.skipped.find((entry) => entry.path === `reader/${name}/${file}`)?.reason;
    for (const name of ['binary', 'utf16-le', 'utf16-be', 'utf32-le', 'latin1', 'file-20mb', 'line-10mb']) {
      assert.equal(reason(name), EXPECTATIONS[name].readError, name);
    }
    for (const name of ['control-characters-in-resource-names', 'unclosed-bracket-on-last-line', 'yaml-alias-bomb']) {
      const [kept] = HOSTILE_FILES[name]().keeps;
      assert.ok(report.findings.some((finding) => finding.path.startsWith(`reader/${name}/`) && finding.ruleId === kept.ruleId && finding.resource === kept.resource), name);
    }
  });

  it('finishes the rest of the hostile set in bounded time and keeps their findings', {}, async () => {
    // The slowest of these (a 400 KB broken flow list) takes about 1.7 s alone and can pass the 2 s
    // default budget when the test runner loads both cores; the budget itself is tested in
    // test/cli/cli-workers.test.ts. Here a larger one keeps the findings deterministic.
    const { run, report } = await audit('engine', 30_000, { SLSWARD_ANALYSIS_BUDGET_MS: '15000' });
    assert.ok(run.milliseconds < 20_000, `took ${run.milliseconds} ms`);
    for (const [name, generate] of Object.entries(HOSTILE_FILES)) {
      if (READER_CASES.includes(name)) continue;
      for (const kept of generate().keeps) {
        assert.ok(report.findings.some((finding) => finding.path.startsWith(`engine/${name}/`) && finding.ruleId === kept.ruleId && finding.resource === kept.resource), `${name} lost ${kept.ruleId}`);
      }
    }
  });
});
