/**
 * File access for handler code: confined to the roots by real path, answered from a folder's
 * listing for names that are not there, and fresh again for a path the shell `forget`s.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { handlersOfTemplate } from '../../server/src/workspace/audit-code';
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

  it('says why a handler linked out of the root is not read, instead of "no file", and reads nothing there', () => {
    symlinkSync(base, join(root, 'up'));
    try {
      const access = createCodeFileAccess([root]);
      const outsideReal = realpathSync(join(outside, 'secret.ts'));
      assert.equal(access.files.refusal?.(join(root, 'src', 'linked.ts')), `symbolic link to a path outside the audited folder: ${outsideReal}`);
      // Through a linked folder (\`up -> ..\`), too; the file is never read.
      assert.equal(access.files.exists(join(root, 'up', 'outside', 'secret.ts')), false);
      assert.equal(access.files.read!(join(root, 'up', 'outside', 'secret.ts')), undefined);
      assert.equal(access.files.refusal?.(join(root, 'up', 'outside', 'secret.ts')), `symbolic link to a path outside the audited folder: ${outsideReal}`);
      // A file inside, and a path that is not there, are not refusals.
      assert.equal(access.files.refusal?.(join(root, 'src', 'handler.ts')), undefined);
      assert.equal(access.files.refusal?.(join(root, 'src', 'missing.ts')), undefined);

      const text = 'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: src/linked.handler\n';
      const path = join(root, 'serverless.yml');
      const model = analyze({ path, text, rules: [] }).model!;
      const [fn] = handlersOfTemplate(path, model, access.files, [root]).functions;
      assert.equal(fn.status, 'unresolved');
      assert.equal(fn.reason, `the handler file ${join(root, 'src', 'linked.ts')} is not read: symbolic link to a path outside the audited folder: ${outsideReal}`);
    } finally {
      rmSync(join(root, 'up'));
    }
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
