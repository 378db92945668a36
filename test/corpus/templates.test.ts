/**
 * Robustness over ../shared/corpus/templates (771 real templates): every file
 * analyses with zero internal errors. Counts of kinds, findings per rule and
 * per category (also per 100 templates, a false-positive smell when high) are
 * printed, not asserted: most of these samples are well written.
 */
import { strict as assert } from 'node:assert';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { discoverFiles } from '../../server/src/workspace';
import { analyseFile, CORPUS_ROOT, corpusMissingReason, table, type AnalysedFile } from './corpus-helpers';

const TEMPLATES = resolve(CORPUS_ROOT, 'templates');
const missing = corpusMissingReason('templates');

describe('corpus: templates', () => {
  it('analyses every template without an internal error', { skip: missing }, async (t) => {
    const discovery = await discoverFiles([TEMPLATES], { exclude: [] });
    const analysed: AnalysedFile[] = [];
    for (const file of discovery.files) analysed.push(await analyseFile(file, TEMPLATES));

    const ours = analysed.filter((file) => file.result?.kind);
    const byKind = new Map<string, number>();
    const byRule = new Map<string, { findings: number; files: Set<string> }>();
    const byCategory = new Map<string, number>();
    const bySeverity = new Map<string, number>();
    let findings = 0;
    for (const file of ours) {
      const result = file.result!;
      byKind.set(result.kind!, (byKind.get(result.kind!) ?? 0) + 1);
      for (const finding of result.findings) {
        findings++;
        const entry = byRule.get(finding.ruleId) ?? { findings: 0, files: new Set<string>() };
        entry.findings++;
        entry.files.add(file.path);
        byRule.set(finding.ruleId, entry);
        byCategory.set(finding.category, (byCategory.get(finding.category) ?? 0) + 1);
        bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
      }
    }
    const per100 = (count: number) => (ours.length === 0 ? '0' : ((100 * count) / ours.length).toFixed(1));
    const times = analysed.filter((file) => file.result).map((file) => file.milliseconds).sort((a, b) => a - b);
    const quantile = (q: number) => (times.length === 0 ? 0 : times[Math.min(times.length - 1, Math.floor(q * times.length))]);
    const skipped = [...discovery.skipped, ...analysed.filter((file) => file.skipped).map((file) => ({ path: file.path, reason: file.skipped! }))];
    const withIssues = ours.filter((file) => file.result!.issues.some((issue) => issue.severity === 'error'));

    t.diagnostic(`files discovered: ${discovery.files.length}; ours: ${ours.length} (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')}); not ours: ${analysed.length - ours.length - skipped.length + discovery.skipped.length}; skipped: ${skipped.length}; ours with syntax errors: ${withIssues.length}`);
    t.diagnostic(`findings: ${findings} (${per100(findings)} per 100 templates); analyse time per file: median ${quantile(0.5).toFixed(1)} ms, p95 ${quantile(0.95).toFixed(1)} ms, max ${quantile(1).toFixed(1)} ms`);
    for (const line of table(
      ['rule', 'findings', 'per 100', 'files', 'files %'],
      [...byRule].sort((a, b) => b[1].findings - a[1].findings).map(([rule, entry]) => [rule, entry.findings, per100(entry.findings), entry.files.size, per100(entry.files.size)]),
    ).split('\n')) t.diagnostic(line);
    for (const line of table(['category', 'findings', 'per 100'], [...byCategory].sort().map(([category, count]) => [category, count, per100(count)])).split('\n')) t.diagnostic(line);
    for (const line of table(['severity', 'findings', 'per 100'], [...bySeverity].sort().map(([severity, count]) => [severity, count, per100(count)])).split('\n')) t.diagnostic(line);
    for (const entry of skipped) t.diagnostic(`skipped ${relative(TEMPLATES, entry.path)}: ${entry.reason}`);
    for (const file of withIssues) {
      const issue = file.result!.issues.find((candidate) => candidate.severity === 'error')!;
      t.diagnostic(`syntax error in ${relative(TEMPLATES, file.path)}: ${issue.message}`);
    }

    const internalErrors = analysed.flatMap((file) => (file.result?.internalErrors ?? []).map((message) => `${relative(TEMPLATES, file.path)}: ${message.split('\n')[0]}`));
    assert.deepEqual(internalErrors, []);
    assert.ok(ours.length > 0, 'no template was recognised');
  });
});
