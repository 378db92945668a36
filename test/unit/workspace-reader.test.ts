/**
 * Safe reading and the `${file(...)}` reader's confinement: traversal and
 * symbolic links out of the roots are refused, code is never read.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspaceFileReader } from '../../server/src/workspace/file-reader';
import { MAX_FILE_BYTES, readTextFileSafely, readTextFileSafelySync } from '../../server/src/workspace/read-file';

let base: string;
let root: string;
let outside: string;

before(() => {
  base = mkdtempSync(join(tmpdir(), 'slsward-reader-'));
  root = join(base, 'workspace');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'app/config'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(root, 'app/serverless.yml'), 'service: x\n');
  writeFileSync(join(root, 'app/config/prod.yml'), 'memory: 512\n');
  writeFileSync(join(root, 'shared.yml'), 'region: eu-west-1\n');
  writeFileSync(join(root, 'app/hooks.js'), 'module.exports = () => ({ region: "x" });\n');
  writeFileSync(join(outside, 'secret.yml'), 'password: nope\n');
  symlinkSync(join(outside, 'secret.yml'), join(root, 'app/linked-secret.yml'));
  symlinkSync(outside, join(root, 'app/linked-dir'), 'dir');
  writeFileSync(join(root, 'bom.yml'), '\uFEFFservice: bom\n');
  writeFileSync(join(root, 'binary.yml'), Buffer.from([0x61, 0x00, 0x62]));
  writeFileSync(join(root, 'latin1.yml'), Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a]));
  writeFileSync(join(root, 'utf16.yml'), Buffer.from([0xff, 0xfe, 0x61, 0x00]));
});
after(() => rmSync(base, { recursive: true, force: true }));

describe('readTextFileSafely', () => {
  it('strips a byte order mark', async () => {
    assert.deepEqual(await readTextFileSafely(join(root, 'bom.yml')), { text: 'service: bom\n' });
  });
  it('refuses binary, non-UTF-8, UTF-16, missing and directories', async () => {
    assert.match((await readTextFileSafely(join(root, 'binary.yml')) as { error: string }).error, /binary/);
    assert.equal((await readTextFileSafely(join(root, 'latin1.yml')) as { error: string }).error, 'not UTF-8, not analysed');
    assert.match((await readTextFileSafely(join(root, 'utf16.yml')) as { error: string }).error, /UTF-16/);
    assert.equal((await readTextFileSafely(join(root, 'missing.yml')) as { error: string }).error, 'no such file or directory');
    assert.equal((await readTextFileSafely(root) as { error: string }).error, 'not a regular file');
  });
  it('refuses files over the size limit without reading them', async () => {
    const big = join(base, 'big.yml');
    writeFileSync(big, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(big, MAX_FILE_BYTES + 1);
    assert.equal((await readTextFileSafely(big) as { error: string }).error, 'larger than 5 MB, not analysed');
    assert.equal((readTextFileSafelySync(big) as { error: string }).error, 'larger than 5 MB, not analysed');
  });
});

describe('createWorkspaceFileReader', () => {
  it('reads files inside the roots, relative to the referencing file', () => {
    const read = createWorkspaceFileReader([root]);
    const from = join(root, 'app/serverless.yml');
    assert.equal(read(from, './config/prod.yml')?.text, 'memory: 512\n');
    assert.equal(read(from, '../shared.yml')?.text, 'region: eu-west-1\n');
  });
  it('refuses path traversal out of the roots', () => {
    const read = createWorkspaceFileReader([join(root, 'app')]);
    const from = join(root, 'app/serverless.yml');
    assert.equal(read(from, '../../../../../../etc/passwd'), undefined);
    assert.equal(read(from, '/etc/passwd'), undefined);
    assert.equal(read(from, '../shared.yml'), undefined);
    assert.equal(read(from, '../outside/secret.yml'), undefined);
  });
  it('refuses symbolic links whose target is outside the roots', () => {
    const read = createWorkspaceFileReader([root]);
    const from = join(root, 'app/serverless.yml');
    assert.equal(read(from, './linked-secret.yml'), undefined);
    assert.equal(read(from, './linked-dir/secret.yml'), undefined);
  });
  it('never reads code, which Serverless would execute', () => {
    const read = createWorkspaceFileReader([root]);
    assert.equal(read(join(root, 'app/serverless.yml'), './hooks.js'), undefined);
  });
  it('treats a file root as its directory', () => {
    const read = createWorkspaceFileReader([join(root, 'app/serverless.yml')]);
    assert.equal(read(join(root, 'app/serverless.yml'), './config/prod.yml')?.text, 'memory: 512\n');
    assert.equal(read(join(root, 'app/serverless.yml'), '../shared.yml'), undefined);
  });
});
