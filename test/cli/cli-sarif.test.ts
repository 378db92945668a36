/**
 * `slsward audit --format sarif`: a valid SARIF 2.1.0 log whose results
 * match the JSON report one to one, suppressed findings included.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { runCli } from './helpers';
import { validateSarif } from './sarif-validate';

describe('slsward audit --format sarif', () => {
  it('is valid SARIF and agrees with the JSON report', async () => {
    const sarifRun = await runCli(['audit', 'examples', '--format', 'sarif']);
    const jsonRun = await runCli(['audit', 'examples', '--format', 'json']);
    assert.equal(sarifRun.code, jsonRun.code);
    const { rules, results } = validateSarif(JSON.parse(sarifRun.stdout));
    const json = JSON.parse(jsonRun.stdout) as {
      findings: Array<{ ruleId: string; path: string; message: string; range: { start: { line: number; column: number } } }>;
      suppressed: Array<{ ruleId: string; path: string; reason: string }>;
    };
    const registry = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as Array<{ id: string }>;
    for (const rule of registry) assert.ok(rules.some((described) => described.id === rule.id), `rule ${rule.id} is not described`);

    const key = (ruleId: string, path: string, line: number, column: number) => `${path}:${line}:${column} ${ruleId}`;
    const unsuppressed = results.filter((result) => result.suppressions === undefined);
    const fromSarif = unsuppressed.map((result) => {
      const location = (result.locations as Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>)[0].physicalLocation;
      return key(result.ruleId as string, location.artifactLocation.uri, location.region.startLine, location.region.startColumn);
    });
    const fromJson = json.findings.map((finding) => key(finding.ruleId, finding.path, finding.range.start.line, finding.range.start.column));
    assert.deepEqual(fromSarif.sort(), fromJson.sort());

    const suppressed = results.filter((result) => result.suppressions !== undefined);
    assert.equal(suppressed.length, json.suppressed.length);
    for (const result of suppressed) {
      const justification = (result.suppressions as Array<{ justification: string }>)[0].justification;
      assert.ok(json.suppressed.some((entry) => entry.ruleId === result.ruleId && entry.reason === justification));
    }
  });

  it('gives the same fingerprints on every run', async () => {
    const first = await runCli(['audit', 'examples', '--format', 'sarif']);
    const second = await runCli(['audit', 'examples', '--format', 'sarif']);
    assert.equal(first.stdout, second.stdout);
  });
});
