/**
 * Incremental re-analysis against the reference: recorded editing sessions over the corpus's
 * CloudFormation and SAM templates, where every step is analysed twice, once reusing the previous
 * step's per-resource rule results and once from scratch, and the two must be identical: findings
 * (with their fixes), suppressed findings and the endpoint inventory. The sessions edit inside each
 * resource (a value typed at the end of its last line, the last line deleted, the original back),
 * delete and restore whole resources, rename one, and retype a line character by character.
 * Needs ../shared/corpus (skipped when absent).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, parseDocument, type AnalysisResult } from '../../server/src/engine';
import { lastPlanStats, resourceSegments } from '../../server/src/engine/incremental/rule-results';
import { CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const TEMPLATES = resolve(CORPUS_ROOT, 'templates');
const missing = corpusMissingReason('templates');

function templateFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) templateFiles(path, out);
    else if (/\.(ya?ml|json|template)$/i.test(name)) out.push(path);
  }
  return out;
}

/** The edits of one session, in order; each yields the next text. */
function* session(original: string, path: string): Generator<{ label: string; text: string }> {
  const segments = resourceSegments(parseDocument(path, original));
  if (!segments || segments.size === 0) return;
  const all = [...segments.values()];
  // At most ten resources, spread over the template.
  const chosen = all.filter((_, index) => all.length <= 10 || index % Math.ceil(all.length / 10) === 0);
  for (const segment of chosen) {
    const body = segment.text.replace(/\s+$/, '');
    const lastLineStart = body.lastIndexOf('\n') + 1;
    const lastLineEnd = segment.start + body.length;
    yield { label: `${segment.id}: value typed`, text: original.slice(0, lastLineEnd) + 'x' + original.slice(lastLineEnd) };
    yield { label: `${segment.id}: back`, text: original };
    if (lastLineStart > 0) {
      yield { label: `${segment.id}: last line deleted`, text: original.slice(0, segment.start + lastLineStart) + original.slice(lastLineEnd + 1) };
      yield { label: `${segment.id}: back`, text: original };
    }
    yield { label: `${segment.id}: deleted`, text: original.slice(0, segment.start) + original.slice(segment.end) };
    yield { label: `${segment.id}: restored`, text: original };
  }
  const first = all[0];
  yield { label: `${first.id}: renamed`, text: original.slice(0, first.start) + 'Renamed' + original.slice(first.start) };
  yield { label: `${first.id}: name back`, text: original };
  // Retype the middle line of the middle resource, one character at a time.
  const middle = all[Math.floor(all.length / 2)];
  const lines = middle.text.split('\n');
  const lineIndex = Math.floor(lines.length / 2);
  const lineStart = middle.start + lines.slice(0, lineIndex).reduce((sum, line) => sum + line.length + 1, 0);
  const content = lines[lineIndex];
  for (let typed = 0; typed <= content.length; typed++) {
    yield { label: `${middle.id}: typing ${typed}/${content.length}`, text: original.slice(0, lineStart) + content.slice(0, typed) + original.slice(lineStart + content.length) };
  }
}

/** Everything a user sees of an analysis. */
function visible(result: AnalysisResult) {
  return { findings: result.findings, suppressed: result.suppressed, endpoints: result.endpoints, issues: result.issues, kind: result.kind };
}

describe('incremental re-analysis on editing sessions over the corpus', { skip: missing }, () => {
  it('gives exactly the full analysis at every step', () => {
    const files = templateFiles(TEMPLATES).filter((path) => {
      const text = readFileSync(path, 'utf8');
      return /AWSTemplateFormatVersion|Transform:\s*['"]?AWS::Serverless|"Resources"|^Resources:/m.test(text) && !/^service:/m.test(text);
    });
    // Every third template keeps the run short (about 40 s) and covers both sources and formats;
    // SLSWARD_INCREMENTAL_STRIDE=1 runs them all.
    const stride = Number(process.env.SLSWARD_INCREMENTAL_STRIDE ?? 3);
    const sample = files.filter((_, index) => index % stride === 0);
    let steps = 0;
    let incrementalSteps = 0;
    let dirtyResources = 0;
    let resourcesInIncrementalSteps = 0;
    for (const path of sample) {
      const original = readFileSync(path, 'utf8');
      let previous = analyze({ path, text: original, rules: allRules, incremental: {} }).ruleResults;
      for (const { label, text } of session(original, path)) {
        const parsed = parseDocument(path, text);
        const incremental = analyze({ path, text, parsed, rules: allRules, incremental: { previous } });
        if (lastPlanStats.mode === 'incremental') {
          incrementalSteps++;
          dirtyResources += lastPlanStats.dirty;
          resourcesInIncrementalSteps += lastPlanStats.resources;
        }
        const reference = analyze({ path, text, parsed, rules: allRules });
        assert.deepEqual(visible(incremental), visible(reference), `${path}: ${label}`);
        previous = incremental.ruleResults;
        steps++;
      }
    }
    console.log(
      table(
        ['templates', 'steps', 'incremental steps', 'resources re-checked per incremental step'],
        [[sample.length, steps, incrementalSteps, incrementalSteps ? `${(dirtyResources / incrementalSteps).toFixed(1)} of ${(resourcesInIncrementalSteps / incrementalSteps).toFixed(1)}` : '-']],
      ),
    );
    assert.ok(incrementalSteps > steps / 3, `most steps should be incremental (${incrementalSteps} of ${steps})`);
  });
});
