// Conventions that are tested, not reviewed: every rule (template and code) has a test and a doc,
// ids equal file names and are unique, the registries are sorted, messageIds are
// used, and the engine and rules stay pure.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allRules, codeRules } from '../../rules';
import type { CodeRuleMeta, RuleMeta } from '../../server/src/engine';
import { withRulesTable } from '../../scripts/rules-table';

const root = join(__dirname, '..', '..');
const CATEGORIES = ['auth', 'iam', 'input', 'storage', 'transit', 'secrets', 'logging', 'throttling'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const everyMeta: Array<RuleMeta | CodeRuleMeta> = [...allRules.map((rule) => rule.meta), ...codeRules.map((rule) => rule.meta)];

describe('rule registry', () => {
  it('has unique ids, sorted', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    assert.deepEqual(ids, [...ids].sort());
    const codeIds = codeRules.map((rule) => rule.meta.id);
    assert.deepEqual(codeIds, [...codeIds].sort());
    const all = everyMeta.map((meta) => meta.id);
    assert.equal(new Set(all).size, all.length, 'ids are unique across template and code rules');
  });

  it('keeps code rules in their own registry: ids start with code-, they read languages and never template kinds', () => {
    for (const { meta } of codeRules) {
      assert.match(meta.id, /^code-/);
      assert.ok(!('targets' in meta), `${meta.id} has no targets`);
      assert.ok(meta.languages.length > 0 && meta.languages.every((language) => ['javascript', 'typescript', 'python'].includes(language)), `${meta.id} languages`);
    }
    for (const { meta } of allRules) assert.doesNotMatch(meta.id, /^code-/, `${meta.id} is a template rule`);
  });

  it('lists every rule file under rules/<category>/ (support/ folders and index.ts excepted)', () => {
    const files = filesUnder(join(root, 'rules'))
      .filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.split(/[\\/]/).includes('support') && !path.endsWith('index.ts'))
      .map((path) => path.slice(path.lastIndexOf('/') + 1, -3))
      .sort();
    assert.deepEqual(files, everyMeta.map((meta) => meta.id).sort());
  });

  for (const meta of everyMeta) {
    describe(meta.id, () => {
      const base = join(root, 'rules', meta.category, meta.id);
      it('lives in rules/<category>/<id>.ts with a test and a doc page', () => {
        assert.ok(CATEGORIES.includes(meta.category), `category ${meta.category}`);
        assert.ok(existsSync(`${base}.ts`), `${base}.ts`);
        assert.ok(existsSync(`${base}.test.ts`), `${base}.test.ts`);
        assert.ok(existsSync(`${base}.md`), `${base}.md`);
      });

      it('has complete metadata', () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(meta.title.length > 0 && meta.description.length > 20 && meta.remediation.length > 20);
        assert.ok(['error', 'warning', 'info'].includes(meta.severity));
        if ('targets' in meta) assert.ok(meta.targets.length > 0);
        else assert.ok(meta.languages.length > 0);
        // A rule no other tool has (one that joins a template with the code it names) says so in its doc instead.
        if (meta.equivalents.length === 0 && Object.keys(meta.messageEquivalents ?? {}).length === 0 && !('findingEquivalents' in meta && meta.findingEquivalents?.length)) assert.match(readFileSync(`${base}.md`, 'utf8'), /## Equivalents\nNone: /, 'equivalents in other tools, or a doc that says why there are none');
        assert.ok(meta.references.some((ref) => /^OWASP-Serverless-A\d+$/.test(ref)), 'an OWASP Serverless Top 10 (2017) reference');
        assert.ok(meta.references.some((ref) => /^SAS-\d+$/.test(ref)), 'a PureSec/CSA Serverless Top 10 (SAS) reference');
        assert.ok(meta.references.some((ref) => /^CWE-\d+$/.test(ref)), 'a CWE reference');
        assert.ok(Object.keys(meta.messages).length > 0);
        const ranks = { info: 0, warning: 1, error: 2 } as const;
        for (const [messageId, severity] of Object.entries(meta.messageSeverity ?? {})) {
          assert.ok(messageId in meta.messages, `messageSeverity names a declared messageId: ${messageId}`);
          assert.ok(ranks[severity] < ranks[meta.severity], `messageSeverity of ${messageId} is below the rule's severity, which stays its highest`);
        }
        for (const messageId of Object.keys(meta.messageEquivalents ?? {})) assert.ok(messageId in meta.messages, `messageEquivalents names a declared messageId: ${messageId}`);
      });

      it('uses every messageId it declares, and documents them', () => {
        const source = readFileSync(`${base}.ts`, 'utf8');
        for (const messageId of Object.keys(meta.messages)) {
          const uses = source.split(`'${messageId}'`).length - 1;
          assert.ok(uses >= 1, `messageId ${messageId} is reported somewhere`);
        }
        const test = readFileSync(`${base}.test.ts`, 'utf8');
        for (const messageId of Object.keys(meta.messages)) assert.ok(test.includes(messageId), `the test covers messageId ${messageId}`);
      });

      it('doc page names the rule, its fix and its suppression', () => {
        const doc = readFileSync(`${base}.md`, 'utf8');
        assert.ok(doc.startsWith(`# ${meta.id}`));
        assert.match(doc, /## How to fix/);
        assert.match(doc, /slsward-ignore/);
        for (const equivalent of [...meta.equivalents, ...Object.values(meta.messageEquivalents ?? {}).flat(), ...('findingEquivalents' in meta ? (meta.findingEquivalents ?? []) : [])]) assert.ok(doc.includes(equivalent), `doc mentions ${equivalent}`);
      });

      it('is listed in the README', () => {
        assert.ok(readFileSync(join(root, 'README.md'), 'utf8').includes(meta.id));
      });
    });
  }
});

describe('README', () => {
  it('lists the rules as generated from their metadata (node --import tsx scripts/rules-table.ts --write)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.equal(readme, withRulesTable(readme));
  });
});

describe('purity', () => {
  it('the engine and the rules import no vscode, LSP, file system, process or network module', () => {
    const forbidden = /from ['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|(node:)?(fs|fs\/promises|child_process|net|http|https|dgram|worker_threads|os))['"]|require\(/;
    const sources = [...filesUnder(join(root, 'server', 'src', 'engine')), ...filesUnder(join(root, 'rules'))].filter((path) => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.includes('support/rule-tester'));
    for (const path of sources) assert.doesNotMatch(readFileSync(path, 'utf8'), forbidden, path);
  });
});
