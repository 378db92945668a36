/**
 * In-process tests of the LSP adapter's pure parts: one parse per document
 * version, engine failures contained, settings validation, exclusion and URI
 * mapping.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defineRule, type RuleModule } from '../../server/src/engine';
import { AnalysisCache } from '../../server/src/lsp/document-analyses';
import { locationOfUri } from '../../server/src/lsp/paths';
import { analysisSettingsKey, defaultServerSettings, normaliseSettings } from '../../server/src/lsp/settings';
import { isExcludedPath } from '../../server/src/lsp/workspace-folders';
import { SERVERLESS_OPEN_ROUTE } from './documents';

function countingRule(counter: { checks: number }, shouldThrow = false): RuleModule {
  return defineRule({
    meta: {
      id: 'test-every-function',
      title: 'Test rule',
      category: 'auth',
      severity: 'warning',
      confidence: 'high',
      description: 'Reports every function.',
      remediation: 'None.',
      equivalents: [],
      references: [],
      targets: ['serverless', 'sam', 'cloudformation'],
      messages: { fn: 'function {{name}}' },
      fix: 'none',
    },
    check(context) {
      counter.checks++;
      if (shouldThrow) throw new Error('rule bug');
      for (const fn of context.model.functions) context.report({ messageId: 'fn', data: { name: fn.name }, node: { range: fn.nameRange } });
    },
  });
}

describe('AnalysisCache', () => {
  const location = { path: '/work/app/serverless.yml', isFile: true };

  it('parses once per version and re-analyses only when the settings change', () => {
    const counter = { checks: 0 };
    const errors: string[] = [];
    const cache = new AnalysisCache({ rules: [countingRule(counter)], createFileReader: () => () => undefined, logError: (message) => errors.push(message) });
    const v1 = TextDocument.create('file:///work/app/serverless.yml', 'yaml', 1, SERVERLESS_OPEN_ROUTE);
    const first = cache.analyse(v1, location, defaultServerSettings);
    const second = cache.analyse(v1, location, defaultServerSettings);
    assert.equal(cache.parseCount, 1);
    assert.equal(counter.checks, 1);
    assert.equal(second.result, first.result);
    assert.deepEqual(
      first.result.findings.map((finding) => [finding.ruleId, finding.message, SERVERLESS_OPEN_ROUTE.slice(finding.range.start, finding.range.end)]),
      [['test-every-function', 'function listOrders', 'listOrders']],
    );

    const stricter = { ...defaultServerSettings, rules: { 'test-every-function': 'error' as const } };
    const third = cache.analyse(v1, location, stricter);
    assert.equal(cache.parseCount, 1, 'a settings change reuses the parse');
    assert.equal(counter.checks, 2);
    assert.equal(third.result.findings[0].severity, 'error');

    const v2 = TextDocument.update(v1, [{ text: '# comment\n', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }], 2);
    cache.analyse(v2, location, stricter);
    cache.analyse(v2, location, stricter);
    assert.equal(cache.parseCount, 2);
    assert.equal(cache.peek(v2.uri, 1), undefined, 'older versions are gone');
    assert.ok(cache.peek(v2.uri, 2));
    assert.deepEqual(errors, []);
  });

  it('contains a throwing rule and a throwing engine, logging both', () => {
    const errors: string[] = [];
    const throwing = new AnalysisCache({ rules: [countingRule({ checks: 0 }, true)], createFileReader: () => () => undefined, logError: (message) => errors.push(message) });
    const document = TextDocument.create('file:///work/app/serverless.yml', 'yaml', 1, SERVERLESS_OPEN_ROUTE);
    const analysis = throwing.analyse(document, location, defaultServerSettings);
    assert.deepEqual(analysis.result.findings, []);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Internal error while analysing .*test-every-function: Error: rule bug/);

    // A rule list whose iteration throws makes `analyze` itself throw.
    const broken = { [Symbol.iterator]: () => { throw new Error('engine bug'); }, map: () => [] } as unknown as RuleModule[];
    const engineErrors: string[] = [];
    const failing = new AnalysisCache({ rules: broken, createFileReader: () => () => undefined, logError: (message) => engineErrors.push(message) });
    const failed = failing.analyse(document, location, defaultServerSettings);
    assert.equal(failed.result.kind, null);
    assert.match(engineErrors[0], /Analysing file:\/\/\/work\/app\/serverless\.yml \(version 1\) failed: Error: engine bug/);
  });
});

describe('settings', () => {
  it('keeps valid values and drops the rest', () => {
    assert.deepEqual(normaliseSettings({ enable: false, rules: { a: 'off', b: 'error', c: 'loud', d: 3 }, exclude: ['x/**', '', 4] }), {
      enable: false,
      rules: { a: 'off', b: 'error' },
      exclude: ['x/**'],
      honourOtherToolSuppressions: true,
    });
    assert.equal(normaliseSettings({ honourOtherToolSuppressions: false }).honourOtherToolSuppressions, false);
    assert.deepEqual(normaliseSettings(null), defaultServerSettings);
    assert.deepEqual(normaliseSettings({ rules: ['error'], exclude: 'x' }), defaultServerSettings);
  });

  it('keys analyses by rule settings (in any order) and the other-tool suppression switch only', () => {
    const base = { enable: true, exclude: [], honourOtherToolSuppressions: true };
    assert.equal(analysisSettingsKey({ ...base, rules: { b: 'off', a: 'error' } }), analysisSettingsKey({ ...base, enable: false, exclude: ['x'], rules: { a: 'error', b: 'off' } }));
    assert.notEqual(analysisSettingsKey({ ...base, rules: {} }), analysisSettingsKey({ ...base, rules: {}, honourOtherToolSuppressions: false }), "other tools' suppressions change the analysis");
  });
});

describe('exclusion', () => {
  it('skips dependency and build directories, and matches globs like the audit does', () => {
    assert.equal(isExcludedPath('node_modules/plugin/serverless.yml', []), true);
    assert.equal(isExcludedPath('.serverless/cloudformation-template-update-stack.json', []), true);
    assert.equal(isExcludedPath('serverless.yml', []), false);
    assert.equal(isExcludedPath('legacy/api/serverless.yml', ['legacy/**']), true);
    assert.equal(isExcludedPath('legacy/api/serverless.yml', ['legacy']), true);
    assert.equal(isExcludedPath('services/legacy/serverless.yml', ['legacy']), true, 'a bare name matches at any depth');
    assert.equal(isExcludedPath('services/api/template.json', ['*.json']), true);
    assert.equal(isExcludedPath('services/api/template.yaml', ['*.json']), false);
    assert.equal(isExcludedPath('serverless.yml', ['[']), false, 'an invalid glob excludes nothing');
  });
});

describe('document locations', () => {
  it('maps file URIs to paths and gives untitled documents an extension from their language', () => {
    assert.deepEqual(locationOfUri('file:///work/app/my%20api/serverless.yml'), { path: '/work/app/my api/serverless.yml', isFile: true });
    assert.deepEqual(locationOfUri('untitled:Untitled-1', 'json'), { path: 'Untitled-1.json', isFile: false });
    assert.deepEqual(locationOfUri('untitled:Untitled-2', 'yaml'), { path: 'Untitled-2.yaml', isFile: false });
    assert.deepEqual(locationOfUri('vscode-vfs://github/org/repo/template.yaml'), { path: 'template.yaml', isFile: false });
  });
});
