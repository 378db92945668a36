/**
 * The CLI's parameter values (`--parameters`, samconfig.toml beside a
 * template) and other tools' suppressions in every output format.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCleanError, runCli } from './helpers';
import { validateSarif } from './sarif-validate';

/** An unencrypted topic that exists only in prod (sns-topic-unencrypted: CKV_AWS_26, W47). */
const CONDITIONAL = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String, Default: dev }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
`;

const SUPPRESSED = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  CheckovTopic:
    Type: AWS::SNS::Topic # checkov:skip=CKV_AWS_26:carries only public events
  NagTopic:
    Type: AWS::SNS::Topic
    Metadata:
      cfn_nag:
        rules_to_suppress:
          - id: W47
            reason: reviewed in SEC-12
  NotEquivalent:
    Type: AWS::SNS::Topic # checkov:skip=CKV_AWS_1:names no equivalent
`;

describe('slsward audit: parameter values', () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'slsward-cli-params-'));
    mkdirSync(join(directory, 'sam'));
    writeFileSync(join(directory, 'template.yaml'), CONDITIONAL);
    writeFileSync(join(directory, 'sam', 'template.yaml'), CONDITIONAL);
    writeFileSync(join(directory, 'sam', 'samconfig.toml'), 'version = 0.1\n[default.deploy.parameters]\nparameter_overrides = "Stage=dev"\n');
    writeFileSync(join(directory, 'prod.json'), JSON.stringify([{ ParameterKey: 'Stage', ParameterValue: 'prod' }]));
    writeFileSync(join(directory, 'dev.json'), JSON.stringify({ Parameters: { Stage: 'dev' } }));
    writeFileSync(join(directory, 'broken.json'), '{ "Stage": ');
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  const resources = (stdout: string) => (JSON.parse(stdout) as { findings: Array<{ ruleId: string; resource: string; path: string }> }).findings.filter((finding) => finding.ruleId === 'sns-topic-unencrypted').map((finding) => `${finding.path}:${finding.resource}`);

  it('without values, a condition on a parameter is undecided: the resource can exist (the default does not decide)', async () => {
    const run = await runCli(['audit', 'template.yaml', '--format', 'json'], { cwd: directory });
    assert.deepEqual(resources(run.stdout), ['template.yaml:ProdTopic']);
  });

  it('--parameters decides the condition, in either JSON shape', async () => {
    assert.deepEqual(resources((await runCli(['audit', 'template.yaml', '--format', 'json', '--parameters', 'dev.json'], { cwd: directory })).stdout), []);
    assert.deepEqual(resources((await runCli(['audit', 'template.yaml', '--format', 'json', '--parameters', 'prod.json'], { cwd: directory })).stdout), ['template.yaml:ProdTopic']);
  });

  it('reads samconfig.toml beside the template; --parameters wins; --no-samconfig ignores it', async () => {
    assert.deepEqual(resources((await runCli(['audit', '.', '--format', 'json'], { cwd: directory })).stdout), ['template.yaml:ProdTopic']);
    assert.deepEqual(resources((await runCli(['audit', 'sam', '--format', 'json', '--parameters', 'prod.json'], { cwd: directory })).stdout), ['sam/template.yaml:ProdTopic']);
    assert.deepEqual(resources((await runCli(['audit', 'sam', '--format', 'json', '--no-samconfig'], { cwd: directory })).stdout), ['sam/template.yaml:ProdTopic']);
  });

  it('a bad --parameters file is a usage error on one line', async () => {
    for (const [file, message] of [['broken.json', /^slsward: --parameters broken\.json: not valid JSON/], ['missing.json', /^slsward: --parameters missing\.json: no such file or directory/]] as const) {
      const run = await runCli(['audit', 'template.yaml', '--parameters', file], { cwd: directory });
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assertCleanError(run.stderr);
    }
  });
});

describe("slsward audit: other tools' suppressions", () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'slsward-cli-other-'));
    writeFileSync(join(directory, 'template.yaml'), SUPPRESSED);
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('text: lists each honoured suppression with its tool and id, and counts them', async () => {
    const run = await runCli(['audit', 'template.yaml'], { cwd: directory });
    assert.match(run.stdout, /2 suppressed \(2 by other tools' suppressions\)/);
    assert.match(run.stdout, /template\.yaml:3 {2}sns-topic-unencrypted {2}\(checkov CKV_AWS_26 via checkov:skip\) carries only public events/);
    assert.match(run.stdout, /template\.yaml:5 {2}sns-topic-unencrypted {2}\(cfn_nag W47 via Metadata\.cfn_nag\.rules_to_suppress\) reviewed in SEC-12/);
    assert.match(run.stdout, /template\.yaml:\d+:\d+ +warning +sns-topic-unencrypted +SNS topic NotEquivalent/);
  });

  it('JSON: suppressed entries carry tool and toolRuleId', async () => {
    const json = JSON.parse((await runCli(['audit', 'template.yaml', '--format', 'json'], { cwd: directory })).stdout) as { suppressed: Array<Record<string, unknown>> };
    assert.deepEqual(json.suppressed.map((entry) => [entry.resource, entry.tool, entry.toolRuleId, entry.via, entry.reason]), [
      ['CheckovTopic', 'checkov', 'CKV_AWS_26', 'checkov:skip', 'carries only public events'],
      ['NagTopic', 'cfn_nag', 'W47', 'Metadata.cfn_nag.rules_to_suppress', 'reviewed in SEC-12'],
    ]);
  });

  it('SARIF: inSource suppressions with the justification, tool and id', async () => {
    const { results } = validateSarif(JSON.parse((await runCli(['audit', 'template.yaml', '--format', 'sarif'], { cwd: directory })).stdout));
    const suppressions = results.filter((result) => result.suppressions !== undefined).map((result) => (result.suppressions as unknown[])[0]);
    assert.deepEqual(suppressions, [
      { kind: 'inSource', status: 'accepted', justification: 'carries only public events', properties: { via: 'checkov:skip', tool: 'checkov', toolRuleId: 'CKV_AWS_26' } },
      { kind: 'inSource', status: 'accepted', justification: 'reviewed in SEC-12', properties: { via: 'Metadata.cfn_nag.rules_to_suppress', tool: 'cfn_nag', toolRuleId: 'W47' } },
    ]);
  });

  it('--no-other-tool-ignores and --no-inline-ignore turn them off', async () => {
    for (const flag of ['--no-other-tool-ignores', '--no-inline-ignore']) {
      const json = JSON.parse((await runCli(['audit', 'template.yaml', '--format', 'json', flag], { cwd: directory })).stdout) as { findings: unknown[]; suppressed: unknown[] };
      assert.equal(json.suppressed.length, 0, flag);
      assert.equal(json.findings.length, 3, flag);
    }
  });
});
