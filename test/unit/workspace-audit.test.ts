/**
 * auditFiles: 0-based positions, counts, files that are not ours, unreadable
 * files, progress, cancellation and the `readText` override the LSP uses for
 * open documents. A small inline rule keeps this independent of the registry.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defineRule } from '../../server/src/engine';
import { auditFiles } from '../../server/src/workspace';

const everyFunction = defineRule({
  meta: {
    id: 'test-every-function',
    title: 'Flags every function',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description: 'Test rule.',
    remediation: 'None.',
    equivalents: ['TEST_1'],
    references: [],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: { found: 'Function {{name}}.' },
    fix: 'none',
  },
  check(context) {
    for (const fn of context.model.functions) context.report({ messageId: 'found', data: { name: fn.name }, node: { range: fn.nameRange }, resource: fn.resource });
  },
});

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  HelloFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Hello:
          Type: Api
          Properties:
            Path: /hello
            Method: get
  # slsward-ignore test-every-function: reviewed, this one is fine
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.other
      Runtime: nodejs20.x
`;

let root: string;
const path = (name: string) => join(root, name);

before(() => {
  root = mkdtempSync(join(tmpdir(), 'slsward-audit-'));
  writeFileSync(path('template.yaml'), SAM);
  writeFileSync(path('not-ours.yml'), 'name: ci\non: push\n');
  writeFileSync(path('binary.yaml'), Buffer.from([0x41, 0x00]));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('auditFiles', () => {
  it('reports findings with 0-based positions, endpoints, suppressions and counts', async () => {
    const progress: Array<[number, number]> = [];
    const report = await auditFiles([path('template.yaml'), path('not-ours.yml'), path('binary.yaml')], {
      rules: [everyFunction],
      onProgress: (done, total) => progress.push([done, total]),
    });
    assert.equal(report.version, 1);
    assert.deepEqual(report.files, [path('template.yaml')]);
    assert.equal(report.findings.length, 1);
    const [finding] = report.findings;
    assert.equal(finding.path, path('template.yaml'));
    assert.equal(finding.resource, 'HelloFunction');
    assert.deepEqual(finding.start, { line: 3, character: 2 });
    assert.deepEqual(finding.end, { line: 3, character: 15 });
    assert.equal(report.counts.bySeverity.warning, 1);
    assert.equal(report.counts.bySeverity.error, 0);
    assert.equal(report.counts.byCategory.iam, 1);
    assert.equal(report.counts.byCategory.auth, 0);
    assert.equal(report.suppressed.length, 1);
    assert.equal(report.suppressed[0].reason, 'reviewed, this one is fine');
    assert.equal(report.suppressed[0].line, 15);
    assert.equal(report.endpoints.length, 1);
    assert.equal(report.endpoints[0].route, '/hello');
    assert.equal(report.endpoints[0].method, 'GET');
    assert.equal(report.endpoints[0].path, path('template.yaml'));
    assert.equal(report.endpoints[0].line, 9);
    assert.deepEqual(report.skipped, [{ path: path('binary.yaml'), reason: 'binary file (contains NUL bytes), not analysed' }]);
    assert.deepEqual(report.internalErrors, []);
    assert.deepEqual(progress, [[0, 3], [1, 3], [2, 3], [3, 3]]);
  });

  it('uses readText when given (open documents win over the disk)', async () => {
    const report = await auditFiles([path('template.yaml')], {
      rules: [everyFunction],
      readText: async () => ({ text: SAM.replace(/HelloFunction/g, 'EditedFunction') }),
    });
    assert.equal(report.findings[0].resource, 'EditedFunction');
  });

  it('stops when cancelled and says so', async () => {
    let calls = 0;
    const report = await auditFiles([path('template.yaml'), path('template.yaml'), path('template.yaml')], {
      rules: [everyFunction],
      isCancelled: () => ++calls > 1,
    });
    assert.equal(report.cancelled, true);
    assert.equal(report.files.length, 1);
  });

  it('turns a throwing reader into a skipped file', async () => {
    const report = await auditFiles([path('template.yaml')], {
      rules: [everyFunction],
      readText: async () => {
        throw new Error('disk on fire');
      },
    });
    assert.deepEqual(report.skipped, [{ path: path('template.yaml'), reason: 'cannot be read (disk on fire)' }]);
  });

  it('records a rule that throws as an internal error and goes on', async () => {
    const broken = defineRule({ ...everyFunction, meta: { ...everyFunction.meta, id: 'test-broken' }, check: () => { throw new Error('boom'); } });
    const report = await auditFiles([path('template.yaml')], { rules: [broken, everyFunction] });
    assert.equal(report.internalErrors.length, 1);
    assert.match(report.internalErrors[0].message, /test-broken: Error: boom/);
    assert.equal(report.findings.length, 1);
  });

  it('keeps the whole reason of an invalid samconfig.toml, with the parser\'s line and column', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-audit-samconfig-'));
    try {
      writeFileSync(join(directory, 'template.yaml'), SAM);
      writeFileSync(join(directory, 'samconfig.toml'), 'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Stage=prod\nstack_name = = 1\n');
      const report = await auditFiles([join(directory, 'template.yaml')], { rules: [everyFunction] });
      assert.deepEqual(report.skipped, [
        { path: join(directory, 'samconfig.toml'), reason: 'parameter values not used: not valid TOML at line 3, column 34: control characters are not allowed in strings' },
      ]);
      assert.deepEqual(report.files, [join(directory, 'template.yaml')]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('skips a file that disappeared or became a directory after discovery, with its reason', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-audit-vanish-'));
    try {
      const files = ['a/template.yaml', 'b/template.yaml', 'c/template.yaml'].map((name) => join(directory, name));
      for (const file of files) {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, SAM);
      }
      // Between discovery (the list) and reading: the first file is removed, the second replaced by a directory.
      rmSync(files[0]);
      rmSync(files[1]);
      mkdirSync(files[1]);
      const report = await auditFiles(files, { rules: [everyFunction] });
      assert.deepEqual(report.skipped, [
        { path: files[0], reason: 'no such file or directory' },
        { path: files[1], reason: 'not a regular file' },
      ]);
      assert.deepEqual(report.files, [files[2]]);
      assert.deepEqual(report.internalErrors, []);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
