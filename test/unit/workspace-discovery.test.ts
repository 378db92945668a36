/**
 * Discovery: candidate names, skipped directories, exclude globs, symbolic
 * links and loops, deterministic order. Works on a temporary tree.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { discoverFiles, isCandidateFileName } from '../../server/src/workspace/discover';

describe('discoverFiles', () => {
  let root: string;
  const write = (relative: string, text = 'x: 1\n') => {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'slsward-discover-'));
    write('serverless.yml');
    write('b/template.yaml');
    write('b/stack.template');
    write('b/params.json');
    write('b/package.json');
    write('b/package-lock.json');
    write('b/tsconfig.build.json');
    write('b/handler.js');
    write('b/notes.txt');
    write('node_modules/dep/serverless.yml');
    write('.git/config.yml');
    write('.serverless/cloudformation-template-update-stack.json');
    write('.aws-sam/build/template.yaml');
    write('cdk.out/Stack.template.json');
    write('generated/out.yml');
    write('a/Z.yml');
    write('a/a.yml');
    symlinkSync(root, join(root, 'b/loop'), 'dir');
    symlinkSync(join(root, 'missing-target'), join(root, 'broken.yml'));
    symlinkSync(join(root, 'a'), join(root, 'a-link'), 'dir');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists candidates sorted, skipping dependency and build directories, and reports loops', async () => {
    const result = await discoverFiles([root], { exclude: ['./generated/**', '  '] });
    const relative = result.files.map((file) => file.slice(root.length + 1));
    assert.deepEqual(relative, ['a/Z.yml', 'a/a.yml', 'b/params.json', 'b/stack.template', 'b/template.yaml', 'serverless.yml']);
    const reasons = Object.fromEntries(result.skipped.map((entry) => [entry.path.slice(root.length + 1), entry.reason]));
    assert.equal(reasons['b/loop'], 'symbolic link loop, not followed');
    assert.equal(reasons['broken.yml'], 'broken symbolic link');
    assert.match(reasons['a-link'], /already analysed/);
  });

  it('matches base-name patterns anywhere and accepts explicit files', async () => {
    const result = await discoverFiles([root, join(root, 'b/notes.txt')], { exclude: ['*.json', 'a'] });
    const relative = result.files.map((file) => file.slice(root.length + 1));
    assert.deepEqual(relative, ['a-link/Z.yml', 'a-link/a.yml', 'b/notes.txt', 'b/stack.template', 'b/template.yaml', 'generated/out.yml', 'serverless.yml']);
  });

  it('reports a missing root as skipped', async () => {
    const result = await discoverFiles([join(root, 'nope')], { exclude: [] });
    assert.deepEqual(result.files, []);
    assert.equal(result.skipped[0].reason, 'no such file or directory');
  });

  it('decides candidates by name alone', () => {
    assert.ok(isCandidateFileName('serverless.yml'));
    assert.ok(isCandidateFileName('template.JSON'));
    assert.ok(isCandidateFileName('api.template'));
    assert.ok(!isCandidateFileName('package.json'));
    assert.ok(!isCandidateFileName('tsconfig.json'));
    assert.ok(!isCandidateFileName('yarn.lock'));
    assert.ok(!isCandidateFileName('handler.py'));
  });
});

describe('discoverFiles and symbolic links', () => {
  let base: string;
  let root: string;
  const write = (path: string, text = 'x: 1\n') => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };

  before(() => {
    base = mkdtempSync(join(tmpdir(), 'slsward-discover-links-'));
    root = join(base, 'root');
    write(join(base, 'outside/secret.yml'));
    write(join(base, 'outside/deeper/template.yaml'));
    write(join(root, 'serverless.yml'));
    write(join(root, 'shared/common.yml'));
    symlinkSync('../outside', join(root, 'out-dir'), 'dir');
    symlinkSync('../outside/secret.yml', join(root, 'out-file.yml'));
    symlinkSync('/', join(root, 'filesystem-root'), 'dir');
    // Inside the root: followed, but each real file is listed once, under its own name.
    symlinkSync('serverless.yml', join(root, 'again.yml'));
    symlinkSync('shared', join(root, 'a-shared-link'), 'dir');
    // A chain of links that never ends anywhere.
    symlinkSync('chain-b.yml', join(root, 'chain-a.yml'));
    symlinkSync('chain-a.yml', join(root, 'chain-b.yml'));
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  it('does not follow links out of the root, names their target, and lists each real file once', async () => {
    const result = await discoverFiles([root], { exclude: [] });
    const relative = result.files.map((file) => file.slice(root.length + 1));
    assert.deepEqual(relative, ['serverless.yml', 'shared/common.yml']);
    const reasons = Object.fromEntries(result.skipped.map((entry) => [entry.path.slice(root.length + 1), entry.reason]));
    assert.equal(reasons['out-dir'], `symbolic link to a path outside the audited folder: ${join(realpathSync(base), 'outside')}`);
    assert.equal(reasons['out-file.yml'], `symbolic link to a path outside the audited folder: ${join(realpathSync(base), 'outside/secret.yml')}`);
    assert.equal(reasons['filesystem-root'], 'symbolic link to a path outside the audited folder: /');
    assert.equal(reasons['again.yml'], `same file as ${join(root, 'serverless.yml')}, analysed once`);
    assert.equal(reasons['chain-a.yml'], 'symbolic link loop, not followed');
    assert.equal(reasons['chain-b.yml'], 'symbolic link loop, not followed');
    assert.match(reasons['a-shared-link'], /already analysed through another path/);
    assert.ok(!result.files.some((file) => file.includes('secret') || file.includes('deeper')));
  });

  it('follows a link into another audited root', async () => {
    const result = await discoverFiles([root, join(base, 'outside')], { exclude: [] });
    assert.ok(result.files.includes(join(base, 'outside/secret.yml')));
    assert.ok(!result.skipped.some((entry) => /outside the audited folder: .*outside/.test(entry.reason)));
  });

  it('finishes quickly on a link to / instead of walking the file system', async () => {
    const started = Date.now();
    await discoverFiles([join(root)], { exclude: [] });
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
