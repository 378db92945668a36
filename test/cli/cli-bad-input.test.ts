/**
 * Hostile and broken input: unparsable YAML, binary, non-UTF-8 and 20 MB
 * files, deep nesting, an alias bomb and a symbolic link loop, generated into
 * a temporary directory. The CLI must finish in bounded time and memory, say
 * what it skipped, and exit by the findings, never crash.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCleanError, REPO_ROOT, runCli } from './helpers';

let base: string;
let root: string;

function write(relative: string, content: string | Buffer): void {
  const path = join(root, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

before(() => {
  base = mkdtempSync(join(tmpdir(), 'slsward-bad-input-'));
  root = join(base, 'input');
  mkdirSync(root);
  mkdirSync(join(root, 'good'), { recursive: true });
  copyFileSync(join(REPO_ROOT, 'examples/sam/insecure/template.yaml'), join(root, 'good/template.yaml'));
  write('broken/serverless.yml', 'service: broken\nprovider:\n  name: aws\n  runtime: [nodejs20.x\nfunctions: {\n  hello: {handler: h.main\n');
  write('binary/template.yaml', Buffer.concat([Buffer.from("AWSTemplateFormatVersion: '2010-09-09'\n"), Buffer.from([0, 1, 2, 3, 0, 255])]));
  write('latin1/template.yaml', Buffer.concat([Buffer.from("AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf"), Buffer.from([0xe9]), Buffer.from('\nResources: {}\n')]));
  const line = "  # padding padding padding padding padding padding padding padding padding\n";
  write('huge/template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n" + line.repeat(Math.ceil((20 * 1024 * 1024) / line.length)));
  // Deep nesting lives in its own folder: on branches without the parser's nesting limit it takes about 40 s.
  const depth = 50_000;
  write('../deep/deep-json/template.json', `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}}`);
  write('../deep/deep-yaml/template.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`);
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const bomb = levels.map((name, index) => `  ${name}: &${name} [${index === 0 ? Array(10).fill('"lol"').join(', ') : Array(10).fill(`*${levels[index - 1]}`).join(', ')}]`).join('\n');
  write('alias-bomb/template.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n${bomb}\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *i\n`);
  mkdirSync(join(root, 'loop'));
  symlinkSync(join(root, 'loop'), join(root, 'loop/again'), 'dir');
});

after(() => rmSync(base, { recursive: true, force: true }));

describe('slsward audit on broken and hostile input', () => {
  it('finishes in bounded time and memory, reports what it skipped and exits by the findings', async () => {
    const run = await runCli(['audit', root, '--format', 'json', '--fail-on', 'info'], { nodeOptions: ['--max-old-space-size=256'], timeoutMs: 60_000 });
    assert.equal(run.signal, null, `killed after ${run.milliseconds} ms`);
    assertCleanError(run.stderr);
    const report = JSON.parse(run.stdout) as {
      files: string[];
      findings: Array<{ path: string }>;
      skipped: Array<{ path: string; reason: string }>;
      internalErrors: Array<{ path: string; message: string }>;
    };
    assert.deepEqual(report.internalErrors, []);
    assert.equal(run.code, report.findings.length > 0 ? 1 : 0, run.stderr);
    assert.ok(run.milliseconds < 30_000, `took ${run.milliseconds} ms`);

    const reason = (relative: string) => report.skipped.find((entry) => entry.path === join(root, relative))?.reason;
    assert.equal(reason('binary/template.yaml'), 'binary file (contains NUL bytes), not analysed');
    assert.equal(reason('latin1/template.yaml'), 'not UTF-8 (invalid byte 0xE9 on line 2), not analysed (save it as UTF-8)');
    assert.equal(reason('huge/template.yaml'), 'larger than 5 MB, not analysed');
    assert.equal(reason('loop/again'), 'symbolic link loop, not followed');
    for (const relative of ['binary/template.yaml', 'latin1/template.yaml', 'huge/template.yaml', 'loop/again']) {
      assert.match(run.stderr, new RegExp(`slsward: skipped ${join(root, relative).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    }
    // Each of these is either analysed (with whatever parsed) or skipped with a reason, never dropped silently.
    for (const relative of ['broken/serverless.yml', 'alias-bomb/template.yaml']) {
      const path = join(root, relative);
      assert.ok(report.files.includes(path) || reason(relative) !== undefined, `${relative} was neither analysed nor skipped`);
    }
    assert.ok(report.files.includes(join(root, 'good/template.yaml')));
    assert.ok(report.findings.some((finding) => finding.path === join(root, 'good/template.yaml')) || report.findings.length === 0);
  });

  it('prints a text report for the same input', async () => {
    const run = await runCli(['audit', root], { nodeOptions: ['--max-old-space-size=256'], timeoutMs: 60_000 });
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    assert.match(run.stdout, /skipped/);
    assertCleanError(run.stderr);
  });

  it('finishes on 50,000 levels of nesting in YAML and JSON with a clear reason', async () => {
    const deep = join(base, 'deep');
    const run = await runCli(['audit', deep, '--format', 'json'], { nodeOptions: ['--max-old-space-size=256'], timeoutMs: 15_000 });
    assert.equal(run.signal, null, `killed after ${run.milliseconds} ms`);
    assertCleanError(run.stderr);
    const report = JSON.parse(run.stdout) as { files: string[]; skipped: Array<{ path: string; reason: string }>; internalErrors: unknown[]; issues: Array<{ path: string; message: string }> };
    assert.deepEqual(report.internalErrors, []);
    assert.ok(run.milliseconds < 10_000, `took ${run.milliseconds} ms`);
    for (const relative of ['deep-json/template.json', 'deep-yaml/template.yaml']) {
      const path = join(deep, relative);
      const said = [...report.skipped.filter((entry) => entry.path === path).map((entry) => entry.reason), ...report.issues.filter((issue) => issue.path === path).map((issue) => issue.message)];
      assert.ok(said.some((message) => /nest|deep/i.test(message)), `${relative}: ${JSON.stringify(said)}`);
      assert.ok(!said.some((message) => /call stack/i.test(message)), `${relative}: an internal message reached the user: ${JSON.stringify(said)}`);
    }
  });
});
