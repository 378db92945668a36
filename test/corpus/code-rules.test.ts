// Runs every code rule through analyzeHandlerFile over every JS/TS file of the shared corpus
// (../shared/corpus/handlers, third-party code, never copied here) with no bindings, so every trigger
// is unknown: no file may throw or produce an internal error, and the log prints findings per 100
// files by rule and each finding for hand review. Relative imports are read from the corpus itself.
// Skips with a message when the corpus is absent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { codeRules } from '../../rules';
import { analyzeHandlerFile, type AnalysisResult } from '../../server/src/engine';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader, table } from './corpus-helpers';

const missing = corpusMissingReason('handlers');

describe('code rules over the handler corpus', { skip: missing }, () => {
  it('analyses every JS/TS file with every code rule, without an exception or an internal error', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root);
    const readModule = corpusModuleReader(root);
    const failures: string[] = [];
    const byRule = new Map<string, number>();
    const listed: string[] = [];
    let analysed = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      let result: AnalysisResult;
      try {
        result = analyzeHandlerFile({ path, text, rules: codeRules, readModule });
      } catch (error) {
        failures.push(`${relative(root, path)}: ${error instanceof Error ? error.stack : String(error)}`);
        continue;
      }
      for (const internal of result.internalErrors) failures.push(`${relative(root, path)}: ${internal}`);
      for (const issue of result.code?.issues ?? []) if (issue.message.startsWith('internal error')) failures.push(`${relative(root, path)}: ${issue.message}`);
      if (!result.code?.skipped) analysed++;
      for (const finding of [...result.findings, ...result.suppressed.map((entry) => entry.finding)]) {
        byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
        const line = text.slice(0, finding.range.start).split('\n').length;
        listed.push(`${relative(root, path)}:${line} ${finding.ruleId} [${finding.severity}] ${finding.message}`);
      }
    }
    const per100 = (count: number) => ((count * 100) / Math.max(1, files.length)).toFixed(2);
    context.diagnostic(`${files.length} JS/TS files, ${analysed} analysed (the rest skipped: minified, generated, bundled), ${listed.length} findings`);
    context.diagnostic(`findings by rule (per 100 files):\n${table(['rule', 'findings', 'per 100 files'], codeRules.map(({ meta }) => [meta.id, byRule.get(meta.id) ?? 0, per100(byRule.get(meta.id) ?? 0)]))}`);
    context.diagnostic(`findings:\n${listed.join('\n')}`);
    assert.deepEqual(failures, []);
    assert.ok(files.length > 0);
  });
});
