/**
 * Every rule through the language server, on the example apps: each insecure
 * example gets a diagnostic for every example rule, with its doc link; every
 * offered fix, applied to the text, removes exactly its own finding and keeps
 * the file parseable; the fixed examples get no diagnostics. The examples are
 * read, never written: documents are opened from memory under a temp folder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { allRules } from '../../rules/index';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const EXAMPLES_DIRECTORY = resolve(__dirname, '..', '..', 'examples');
const EXAMPLE_RULE_IDS = ['route-missing-auth', 'function-url-missing-auth', 'iam-wildcard-action', 'iam-admin-managed-policy', 'hardcoded-secret-in-environment', 'sns-topic-unencrypted'];

const INSECURE = [
  { path: 'serverless/insecure/serverless.yml', languageId: 'yaml' },
  { path: 'sam/insecure/template.yaml', languageId: 'yaml' },
  { path: 'cloudformation/insecure/template.json', languageId: 'json' },
];
const FIXED = [
  { path: 'serverless/fixed/serverless.yml', languageId: 'yaml' },
  { path: 'sam/fixed/template.yaml', languageId: 'yaml' },
  { path: 'cloudformation/fixed/template.json', languageId: 'json' },
];

interface FixData {
  version: number;
  fixCount: number;
}

/** What identifies a finding across edits, which move its range. */
function findingKey(diagnostic: Diagnostic): string {
  return `${diagnostic.code}: ${diagnostic.message}`;
}

function withoutOne(keys: string[], key: string): string[] {
  const index = keys.indexOf(key);
  assert.ok(index >= 0, `${key} is among ${JSON.stringify(keys)}`);
  return [...keys.slice(0, index), ...keys.slice(index + 1)];
}

describe('the example apps through the language server', () => {
  const workspace = makeTempDirectory('slsward-lsp-examples-');
  let session: LspSession;
  let counter = 0;

  /** Opens the example's text under a new URI (same file name, so the same syntax). */
  function openCopy(example: { path: string; languageId: string }): string {
    const uri = uriOf(join(workspace.path, `copy-${++counter}`, example.path));
    session.open(uri, readFileSync(join(EXAMPLES_DIRECTORY, example.path), 'utf8'), example.languageId);
    return uri;
  }

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  for (const example of INSECURE) {
    it(`reports every example rule in ${example.path}, with its doc link`, async () => {
      const uri = openCopy(example);
      const diagnostics = await session.diagnostics(uri);
      const codes = new Set(diagnostics.map((diagnostic) => String(diagnostic.code)));
      for (const ruleId of EXAMPLE_RULE_IDS) assert.ok(codes.has(ruleId), `${ruleId} in ${[...codes].join(', ')}`);
      for (const diagnostic of diagnostics) {
        assert.equal(diagnostic.source, 'slsward');
        assert.notEqual(diagnostic.code, 'parse-error', diagnostic.message as string);
        const rule = allRules.find((candidate) => candidate.meta.id === diagnostic.code);
        assert.ok(rule, `${diagnostic.code} is a registered rule`);
        assert.equal(diagnostic.codeDescription?.href, `https://github.com/serverless-ward/serverless-ward/blob/main/rules/${rule.meta.category}/${rule.meta.id}.md`);
        assert.equal((diagnostic.data as FixData).version, 1);
        const hover = await session.hover(uri, diagnostic.range.start);
        const markdown = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
        assert.ok(markdown.includes(`**Serverless Ward: ${rule.meta.title}** \`${rule.meta.id}\``), `hover at ${JSON.stringify(diagnostic.range.start)}: ${markdown}`);
      }
      session.closeDocument(uri);
    });

    it(`applies every fix offered in ${example.path}: its finding goes, nothing appears, the file still parses`, async () => {
      const probe = openCopy(example);
      const original = await session.diagnostics(probe);
      session.closeDocument(probe);
      const fixable = original.filter((diagnostic) => (diagnostic.data as FixData).fixCount > 0);
      assert.ok(fixable.length > 0, 'some finding has a fix');
      for (const target of fixable) {
        const uri = openCopy(example);
        const before = await session.diagnostics(uri);
        const diagnostic = before.find((candidate) => findingKey(candidate) === findingKey(target) && candidate.range.start.line === target.range.start.line);
        assert.ok(diagnostic);
        const actions = await session.codeActions(uri, [diagnostic]);
        const fix = actions[0];
        assert.ok(fix.title.startsWith('Serverless Ward: ') && !fix.title.includes(' with a reason'), fix.title);
        assert.equal(fix.isPreferred, true);
        const edited = session.applyEdit(uri, fix.edit!);
        const afterFix = await session.diagnostics(uri);
        // Its finding goes and nothing new appears. A finding about the same route may go with it: requiring IAM
        // auth on an HTTP API route also answers "no authorizer identifies the caller" on that line.
        const expected = withoutOne(before.map(findingKey), findingKey(diagnostic));
        const context = `after "${fix.title}" on line ${diagnostic.range.start.line + 1}:\n${edited.getText()}`;
        for (const key of afterFix.map(findingKey)) assert.ok(expected.includes(key), `new finding ${key} ${context}`);
        const alsoGone = before.filter((other) => other !== diagnostic && !afterFix.some((after) => findingKey(after) === findingKey(other)));
        for (const other of alsoGone) assert.equal(other.range.start.line, diagnostic.range.start.line, `${findingKey(other)} went too ${context}`);
        if (example.languageId === 'json') JSON.parse(edited.getText());
        session.closeDocument(uri);
      }
    });

    it(`ignores a finding with a reason in ${example.path}`, async () => {
      const uri = openCopy(example);
      const before = await session.diagnostics(uri);
      const target = before.find((diagnostic) => diagnostic.code === 'iam-wildcard-action') ?? before[0];
      const actions = await session.codeActions(uri, [target]);
      const ignore = actions.find((action) => action.title === `Serverless Ward: Ignore ${target.code} with a reason`);
      assert.ok(ignore, JSON.stringify(actions.map((action) => action.title)));
      session.applyEdit(uri, ignore.edit!);
      const pending = await session.diagnostics(uri);
      assert.deepEqual(
        pending.filter((diagnostic) => diagnostic.code === 'slsward-ignore-missing-reason').length,
        1,
        'the placeholder is not a reason',
      );
      session.replace(uri, '<why this is acceptable>', 'reviewed: the role is scoped by a permissions boundary');
      const after = await session.diagnostics(uri);
      assert.deepEqual(after.map(findingKey).sort(), withoutOne(before.map(findingKey), findingKey(target)).sort());
      session.closeDocument(uri);
    });
  }

  for (const example of FIXED) {
    it(`reports nothing in ${example.path}`, async () => {
      const uri = openCopy(example);
      assert.deepEqual((await session.diagnostics(uri)).map(findingKey), []);
      session.closeDocument(uri);
    });
  }
});
