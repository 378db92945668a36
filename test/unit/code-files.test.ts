/**
 * File access for handler code: confined to the roots by real path, answered from a folder's
 * listing for names that are not there, and fresh again for a path the shell `forget`s.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createCodeFileAccess } from '../../server/src/workspace/code-files';

describe('code file access', () => {
  const base = mkdtempSync(join(tmpdir(), 'slsward-code-files-'));
  const root = join(base, 'app');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'src', 'handler.ts'), 'export const handler = async () => ({});\n');
  writeFileSync(join(outside, 'secret.ts'), 'export const x = 1;\n');
  symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'linked.ts'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it('finds files inside the roots and nothing else', () => {
    const access = createCodeFileAccess([root]);
    assert.equal(access.files.exists(join(root, 'src', 'handler.ts')), true);
    assert.equal(access.files.exists(join(root, 'src', 'handler.js')), false);
    assert.equal(access.files.exists(join(root, 'missing', 'handler.ts')), false);
    // A link out of the root is listed in its folder, and still refused by its real path.
    assert.equal(access.files.exists(join(root, 'src', 'linked.ts')), false);
    assert.ok(access.files.read);
    assert.equal(access.files.read(join(root, 'src', 'linked.ts')), undefined);
    // A folder is not a file.
    assert.equal(access.files.exists(join(root, 'src')), false);
    assert.match(access.readModule(join(root, 'index.ts'), './src/handler')?.text ?? '', /export const handler/);
  });

  it('sees a file created after its folder was listed once the shell forgets that path', () => {
    const access = createCodeFileAccess([root]);
    const created = join(root, 'src', 'orders.ts');
    assert.equal(access.files.exists(created), false);
    writeFileSync(created, 'export const create = async () => ({});\n');
    assert.equal(access.files.exists(created), false, 'answers are kept until the file event');
    access.forget(created);
    assert.equal(access.files.exists(created), true);
    const inNewFolder = join(root, 'lib', 'util.ts');
    assert.equal(access.files.exists(inNewFolder), false);
    mkdirSync(join(root, 'lib'));
    writeFileSync(inNewFolder, 'export const u = 1;\n');
    access.forget(inNewFolder);
    assert.equal(access.files.exists(inNewFolder), true);
  });

  it('prefers the text of an open document, which need not exist on disk', () => {
    const unsaved = join(root, 'src', 'draft.ts');
    const access = createCodeFileAccess([root], (path) => (path === unsaved ? 'export const draft = 1;\n' : undefined));
    assert.equal(access.files.exists(unsaved), true);
    assert.ok(access.files.read);
    assert.equal(access.files.read(unsaved), 'export const draft = 1;\n');
  });
});
