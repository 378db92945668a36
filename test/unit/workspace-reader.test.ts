/**
 * Safe reading and the `${file(...)}` reader's confinement: traversal and
 * symbolic links out of the roots are refused, code is never read.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createWorkspaceFileReader } from '../../server/src/workspace/file-reader';
import { decodeText, MAX_FILE_BYTES, readTextFileSafely, readTextFileSafelySync } from '../../server/src/workspace/read-file';

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
    assert.equal((await readTextFileSafely(join(root, 'latin1.yml')) as { error: string }).error, 'not UTF-8 (invalid byte 0xE9 on line 1), not analysed (save it as UTF-8)');
    assert.equal((await readTextFileSafely(join(root, 'utf16.yml')) as { error: string }).error, 'UTF-16 LE encoded, not analysed (save it as UTF-8)');
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

describe('decodeText names the encoding it refuses', () => {
  const reason = (bytes: number[] | Buffer) => (decodeText(Buffer.from(bytes as number[])) as { error?: string }).error;
  const text = 'service: x\n';
  it('tells UTF-32 from UTF-16 by the whole byte order mark', () => {
    // FF FE 00 00 also starts a UTF-16 LE file whose first character is NUL; no template starts so.
    assert.equal(reason([0xff, 0xfe, 0x00, 0x00, 0x73, 0x00, 0x00, 0x00]), 'UTF-32 LE encoded, not analysed (save it as UTF-8)');
    assert.equal(reason([0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x73]), 'UTF-32 BE encoded, not analysed (save it as UTF-8)');
    assert.equal(reason([0xfe, 0xff, 0x00, 0x73]), 'UTF-16 BE encoded, not analysed (save it as UTF-8)');
    assert.equal(reason([0xff, 0xfe, 0x73, 0x00]), 'UTF-16 LE encoded, not analysed (save it as UTF-8)');
  });
  it('recognises UTF-16 and UTF-32 without a byte order mark instead of calling them binary', () => {
    assert.equal(reason(Buffer.from(text, 'utf16le')), 'looks UTF-16 LE encoded without a byte order mark, not analysed (save it as UTF-8)');
    assert.equal(reason(Buffer.from(text, 'utf16le').swap16()), 'looks UTF-16 BE encoded without a byte order mark, not analysed (save it as UTF-8)');
    const utf32le = Buffer.concat([...text].map((ch) => Buffer.from([ch.charCodeAt(0), 0, 0, 0])));
    assert.equal(reason(utf32le), 'looks UTF-32 LE encoded without a byte order mark, not analysed (save it as UTF-8)');
    assert.equal(reason(Buffer.from(utf32le).swap32()), 'looks UTF-32 BE encoded without a byte order mark, not analysed (save it as UTF-8)');
    assert.equal(reason([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]), 'binary file (contains NUL bytes), not analysed');
  });
  it('names the first byte that is not UTF-8 and its line', () => {
    assert.equal(reason([...Buffer.from('a: 1\nb: caf'), 0xe9, 0x0a]), 'not UTF-8 (invalid byte 0xE9 on line 2), not analysed (save it as UTF-8)');
    // A surrogate encoded in three bytes (CESU-8) and an overlong slash are not UTF-8.
    assert.equal(reason([0x61, 0xed, 0xa0, 0x80]), 'not UTF-8 (invalid byte 0xED on line 1), not analysed (save it as UTF-8)');
    assert.equal(reason([0x61, 0xc0, 0xaf]), 'not UTF-8 (invalid byte 0xC0 on line 1), not analysed (save it as UTF-8)');
    assert.deepEqual(decodeText(Buffer.from('caf\u00e9 \u{1F600}\n')), { text: 'caf\u00e9 \u{1F600}\n' });
  });
});

describe('a file that changes between discovery and reading', () => {
  it('is a skipped reason when it disappeared, became a directory or a FIFO', async () => {
    const gone = join(base, 'gone.yml');
    writeFileSync(gone, 'x: 1\n');
    rmSync(gone);
    assert.deepEqual(await readTextFileSafely(gone), { error: 'no such file or directory' });
    assert.deepEqual(readTextFileSafelySync(gone), { error: 'no such file or directory' });
    const nowDirectory = join(base, 'now-directory.yml');
    mkdirSync(nowDirectory);
    assert.deepEqual(await readTextFileSafely(nowDirectory), { error: 'not a regular file' });
    assert.deepEqual(readTextFileSafelySync(nowDirectory), { error: 'not a regular file' });
    // Opening a FIFO for reading would wait for a writer forever; the reader opens without blocking and refuses it.
    const fifo = join(base, 'fifo.yml');
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(await readTextFileSafely(fifo), { error: 'not a regular file (a named pipe), not read' });
    assert.deepEqual(readTextFileSafelySync(fifo), { error: 'not a regular file (a named pipe), not read' });
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
  it('refuses a link to the file system root and a link whose real path is code', () => {
    symlinkSync('/', join(root, 'app/filesystem-root'), 'dir');
    symlinkSync('hooks.js', join(root, 'app/hooks.yml'));
    const read = createWorkspaceFileReader([root]);
    const from = join(root, 'app/serverless.yml');
    assert.equal(read(from, './filesystem-root/etc/hostname'), undefined);
    assert.equal(read(from, './filesystem-root/etc/passwd'), undefined);
    assert.equal(read(from, './hooks.yml'), undefined);
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
