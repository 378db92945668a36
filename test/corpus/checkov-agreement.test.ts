/**
 * Agreement with Checkov's verdicts on ../shared/corpus/checkov-dev. A finding
 * of one of our rules that names the check among its `equivalents`, on the
 * labelled resource (`functions.<name>` for Serverless), counts as FAILED.
 * Agreement is printed per check, not asserted: Checkov is not ground truth
 * (see the corpus README). Only "no internal errors" is asserted.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import type { Finding } from '../../server/src/engine';
import { analyseFile, CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const CHECKOV = resolve(CORPUS_ROOT, 'checkov-dev');
const missing = corpusMissingReason('checkov-dev');

interface Label {
  fixture: string;
  format: 'cloudformation' | 'serverless';
  logical_id: string;
  check_id: string;
  expected: 'PASSED' | 'FAILED';
  reliability: string;
}

interface Unreported {
  fixture: string;
  logical_id: string;
  check_id: string;
}

/** Checks of the dev split we deliberately have no rule for, and why. */
const NOT_COVERED: Record<string, string> = {
  CKV_AWS_120: 'API Gateway caching is a performance setting, not a security control',
  CKV_AWS_19: 'S3 encrypts every object at rest (SSE-S3) by default since January 2023; Checkov passes every labelled bucket too (see store-without-customer-managed-key.md)',
};

function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Serverless findings name `functions.<name>` or a part of it
 * (`functions.<name>.iamRoleStatements`). Provider-wide findings
 * (`provider.iam.role`, `provider.environment`) reach every function of the
 * service, and Checkov reports them on each function, so they count for all.
 */
function isOnResource(resource: string | undefined, logicalId: string, format: Label['format']): boolean {
  if (resource === undefined) return false;
  if (resource === logicalId) return true;
  if (format !== 'serverless') return false;
  return resource === `functions.${logicalId}` || resource.startsWith(`functions.${logicalId}.`) || resource.startsWith('provider.');
}

function flags(findings: Finding[], checkId: string, logicalId: string, format: Label['format']): boolean {
  return findings.some((finding) => finding.equivalents.includes(checkId) && isOnResource(finding.resource, logicalId, format));
}

describe('corpus: checkov agreement', () => {
  it('reports per-check agreement with Checkov and has no internal errors', { skip: missing }, async (t) => {
    const labels = readJsonLines<Label>(resolve(CHECKOV, 'labels.jsonl'));
    const unreported = readJsonLines<Unreported>(resolve(CHECKOV, 'unreported.jsonl'));
    const fixtures = [...new Set([...labels, ...unreported].map((label) => label.fixture))].sort();
    const findingsByFixture = new Map<string, Finding[]>();
    const internalErrors: string[] = [];
    for (const fixture of fixtures) {
      const path = resolve(CHECKOV, fixture);
      const analysed = await analyseFile(path, dirname(path));
      if (analysed.skipped) t.diagnostic(`skipped ${fixture}: ${analysed.skipped}`);
      findingsByFixture.set(fixture, analysed.result?.findings ?? []);
      for (const message of analysed.result?.internalErrors ?? []) internalErrors.push(`${fixture}: ${message.split('\n')[0]}`);
    }

    const rulesByCheck = new Map<string, string[]>();
    for (const rule of allRules) {
      const ids = new Set([...rule.meta.equivalents, ...Object.values(rule.meta.messageEquivalents ?? {}).flat(), ...(rule.meta.findingEquivalents ?? [])]);
      for (const id of ids) rulesByCheck.set(id, [...(rulesByCheck.get(id) ?? []), rule.meta.id]);
    }

    const checks = [...new Set(labels.map((label) => label.check_id))].sort();
    const rows: Array<Array<string | number>> = [];
    let agreeTotal = 0;
    let coveredTotal = 0;
    for (const check of checks) {
      const ofCheck = labels.filter((label) => label.check_id === check);
      const rules = rulesByCheck.get(check) ?? [];
      const counts = { tp: 0, tn: 0, fp: 0, fn: 0 };
      for (const label of ofCheck) {
        const flagged = flags(findingsByFixture.get(label.fixture) ?? [], check, label.logical_id, label.format);
        if (label.expected === 'FAILED') counts[flagged ? 'tp' : 'fn']++;
        else counts[flagged ? 'fp' : 'tn']++;
      }
      const flaggedUnreported = unreported.filter((entry) => entry.check_id === check && flags(findingsByFixture.get(entry.fixture) ?? [], check, entry.logical_id, 'cloudformation')).length;
      const agree = counts.tp + counts.tn;
      if (rules.length > 0) {
        agreeTotal += agree;
        coveredTotal += ofCheck.length;
      }
      rows.push([
        check,
        rules.length > 0 ? rules.join(', ') : '(no rule)',
        ofCheck.length,
        counts.tp,
        counts.tn,
        counts.fp,
        counts.fn,
        flaggedUnreported,
        rules.length > 0 ? `${((100 * agree) / ofCheck.length).toFixed(0)}%` : '-',
      ]);
    }
    for (const line of table(['check', 'our rules', 'labels', 'TP', 'TN', 'FP', 'FN', 'flagged-unreported', 'agreement'], rows).split('\n')) t.diagnostic(line);
    const covered = rows.filter((row) => row[1] !== '(no rule)').length;
    t.diagnostic(`checks with an equivalent rule: ${covered} of ${checks.length}; agreement on their labels: ${agreeTotal}/${coveredTotal}${coveredTotal > 0 ? ` (${((100 * agreeTotal) / coveredTotal).toFixed(1)}%)` : ''}`);
    t.diagnostic('TP/TN: we agree with Checkov (FAILED/PASSED); FP: we flag what Checkov passed; FN: we miss what Checkov failed.');

    const uncovered = rows.filter((row) => row[1] === '(no rule)').map((row) => String(row[0]));
    for (const check of uncovered) t.diagnostic(`not covered: ${check}: ${NOT_COVERED[check] ?? 'no rule yet'}`);

    assert.deepEqual(internalErrors, []);
    // unreported.jsonl: resources of a type the check covers, which Checkov left without a verdict; flagging them is a disagreement we do not accept.
    assert.deepEqual(rows.filter((row) => Number(row[7]) > 0).map((row) => row[0]), [], 'resources in unreported.jsonl are not flagged');
  });
});
