// Runs the plaintext and secret facts of the JavaScript/TypeScript front end, and the code rules that
// read them, over every JS/TS file of the shared corpus (../shared/corpus/handlers, third-party code,
// never copied here), with no template bindings. No file may throw; the log prints facts and findings
// per 100 analysed files, by kind and by rule. SLSWARD_PRINT_FINDINGS=1 prints each finding with its
// line, for the hand review. Skips with a message when the corpus is absent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument } from '../../server/src/engine/code';
import type { CodeRuleModule } from '../../server/src/engine/code-rule';
import { inputCodeRules } from '../../rules/input';
import { secretsCodeRules } from '../../rules/secrets';
import { storageCodeRules } from '../../rules/storage';
import { transitCodeRules } from '../../rules/transit';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const RULES: readonly CodeRuleModule[] = [...secretsCodeRules, ...storageCodeRules, ...transitCodeRules, ...inputCodeRules];
const FACTS = ['secrets', 'logs', 'sensitiveWrites', 'insecureTransport', 'responseLeaks', 'massAssignments'] as const;
const missing = corpusMissingReason('handlers');

function per100(count: number, files: number): string {
  return files === 0 ? '0' : ((count * 100) / files).toFixed(1);
}

describe('plaintext and secret facts and code rules over the corpus', { skip: missing }, () => {
  it('analyses every JS/TS handler file and runs the rules without an exception', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root);
    const factCounts = new Map<string, number>();
    const findingCounts = new Map<string, number>();
    const failures: string[] = [];
    const findings: string[] = [];
    let analysed = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      let document: CodeDocument;
      try {
        document = analyzeCode({ path, text });
      } catch (error) {
        failures.push(`${relative(root, path)}: ${error instanceof Error ? error.stack : String(error)}`);
        continue;
      }
      if (document.skipped) continue;
      analysed++;
      for (const issue of document.issues) if (issue.message.startsWith('internal error')) failures.push(`${relative(root, path)}: ${issue.message}`);
      for (const fact of FACTS) {
        for (const entry of document[fact]) {
          const kind = 'kind' in entry && typeof entry.kind === 'string' && fact !== 'secrets' ? `${fact}.${entry.kind}` : fact;
          factCounts.set(kind, (factCounts.get(kind) ?? 0) + 1);
        }
      }
      for (const rule of RULES) {
        try {
          rule.checkCode({
            code: document,
            bindings: [],
            text,
            report(descriptor) {
              assert.ok(descriptor.messageId in rule.meta.messages, `${rule.meta.id}: unknown messageId ${descriptor.messageId}`);
              findingCounts.set(rule.meta.id, (findingCounts.get(rule.meta.id) ?? 0) + 1);
              const line = text.slice(0, descriptor.range.start).split('\n').length;
              const excerpt = text.slice(descriptor.range.start, Math.min(descriptor.range.end, descriptor.range.start + 80)).replace(/\s+/g, ' ');
              findings.push(`${rule.meta.id}:${descriptor.messageId} ${relative(root, path)}:${line} ${excerpt}`);
            },
          });
        } catch (error) {
          failures.push(`${relative(root, path)}: ${rule.meta.id} threw ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    }
    context.diagnostic(`${files.length} JS/TS files, ${analysed} analysed`);
    context.diagnostic(`facts per 100 analysed files:\n${table(['fact', 'count', 'per 100'], [...factCounts].sort().map(([kind, count]) => [kind, count, per100(count, analysed)]))}`);
    context.diagnostic(`findings per 100 analysed files:\n${table(['rule', 'findings', 'per 100'], RULES.map((rule) => [rule.meta.id, findingCounts.get(rule.meta.id) ?? 0, per100(findingCounts.get(rule.meta.id) ?? 0, analysed)]))}`);
    if (process.env.SLSWARD_PRINT_FINDINGS) context.diagnostic(`findings:\n${findings.join('\n')}`);
    assert.deepEqual(failures, []);
    assert.ok(analysed > 0);
  });
});
