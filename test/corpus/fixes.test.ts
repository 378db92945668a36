/**
 * Every quick fix offered on ../shared/corpus/templates, applied for real:
 * the file still parses (no new syntax issue), the finding it fixes is gone,
 * the text outside the edits is untouched, and the rule finds nothing new.
 * Other rules may react to the new configuration (a route that now requires
 * IAM auth is an authenticated API, so a wildcard CORS origin on it becomes a
 * finding): those are counted and printed, not failures.
 */
import { strict as assert } from 'node:assert';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { applyEdits } from '../../rules/support/rule-tester';
import { analyze, type Finding } from '../../server/src/engine';
import { createWorkspaceFileReader, discoverFiles, readTextFileSafely } from '../../server/src/workspace';
import { CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const TEMPLATES = resolve(CORPUS_ROOT, 'templates');
const missing = corpusMissingReason('templates');

const keyOf = (finding: Finding) => `${finding.ruleId}:${finding.messageId}:${finding.resource ?? ''}`;

/** Counts per key, so that a fix that adds a second finding of a kind already present is still caught. */
function tally(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(keyOf(finding), (counts.get(keyOf(finding)) ?? 0) + 1);
  return counts;
}

/** The text outside the edits, in order: it must be the same before and after. */
function untouchedText(text: string, edits: Array<{ range: { start: number; end: number } }>): string {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  let cursor = 0;
  let kept = '';
  for (const edit of sorted) {
    kept += text.slice(cursor, edit.range.start);
    cursor = edit.range.end;
  }
  return kept + text.slice(cursor);
}

describe('corpus: quick fixes', () => {
  it('each fix parses, removes its finding, and changes nothing else', { skip: missing }, async (t) => {
    const discovery = await discoverFiles([TEMPLATES], { exclude: [] });
    const readFile = createWorkspaceFileReader([TEMPLATES]);
    const byRule = new Map<string, { applied: number; failed: number; consequences: number }>();
    const failures: string[] = [];
    for (const path of discovery.files) {
      const read = await readTextFileSafely(path);
      if ('error' in read) continue;
      const before = analyze({ path, text: read.text, rules: allRules, readFile });
      if (!before.kind) continue;
      const errorsBefore = before.issues.filter((issue) => issue.severity === 'error').length;
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          const stats = byRule.get(finding.ruleId) ?? { applied: 0, failed: 0, consequences: 0 };
          byRule.set(finding.ruleId, stats);
          stats.applied++;
          const fixed = applyEdits(read.text, fix.edits);
          const after = analyze({ path, text: fixed, rules: allRules, readFile });
          const problems: string[] = [];
          if (after.issues.filter((issue) => issue.severity === 'error').length > errorsBefore) problems.push(`does not parse: ${after.issues[0]?.message}`);
          const remaining = tally(after.findings).get(keyOf(finding)) ?? 0;
          if (remaining >= (tally(before.findings).get(keyOf(finding)) ?? 0)) problems.push('the finding is still there');
          const inserted = fix.edits.reduce((sum, edit) => sum + edit.newText.length - (edit.range.end - edit.range.start), 0);
          if (fixed.length !== read.text.length + inserted || untouchedText(read.text, fix.edits) !== untouchedText(fixed, shiftedEdits(fix.edits))) problems.push('text outside the edits changed');
          const countsBefore = tally(before.findings);
          for (const [key, count] of tally(after.findings)) {
            if (count <= (countsBefore.get(key) ?? 0)) continue;
            if (key.startsWith(`${finding.ruleId}:`)) problems.push(`new finding ${key}`);
            else stats.consequences += count - (countsBefore.get(key) ?? 0);
          }
          if (problems.length > 0) {
            stats.failed++;
            failures.push(`${relative(TEMPLATES, path)}: ${finding.ruleId} "${fix.title}": ${problems.join('; ')}`);
          }
        }
      }
    }
    const rows = [...byRule].sort().map(([rule, stats]) => [rule, stats.applied, stats.failed, stats.consequences]);
    for (const line of table(['rule', 'fixes applied', 'failed', 'new findings of other rules'], rows).split('\n')) t.diagnostic(line);
    for (const failure of failures.slice(0, 40)) t.diagnostic(failure);
    assert.deepEqual(failures, []);
  });
});

/** The ranges the edits occupy in the fixed text, for comparing what lies outside them. */
function shiftedEdits(edits: Array<{ range: { start: number; end: number }; newText: string }>): Array<{ range: { start: number; end: number } }> {
  const sorted = [...edits].sort((a, b) => a.range.start - b.range.start);
  let delta = 0;
  return sorted.map((edit) => {
    const start = edit.range.start + delta;
    delta += edit.newText.length - (edit.range.end - edit.range.start);
    return { range: { start, end: start + edit.newText.length } };
  });
}
