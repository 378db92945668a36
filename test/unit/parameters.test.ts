/**
 * Parameter values for the shells: the three JSON shapes of a parameters
 * file, samconfig.toml's parameter_overrides (string, legacy and list forms),
 * and the samconfig.toml beside a template.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mergeParameters, ParameterFileError, parseParametersFile, parseSamConfig, samConfigBeside } from '../../server/src/workspace';

const values = (parameters: Record<string, { value: string }>) => Object.fromEntries(Object.entries(parameters).map(([key, entry]) => [key, entry.value]));

describe('parameters file', () => {
  it('reads CloudFormation lists, Parameters objects and plain objects', () => {
    assert.deepEqual(parseParametersFile('[{"ParameterKey":"Stage","ParameterValue":"prod"},{"ParameterKey":"Old","UsePreviousValue":true}]', 'p.json'), { Stage: { value: 'prod', source: 'p.json' } });
    assert.deepEqual(values(parseParametersFile('{"Parameters":{"Stage":"dev","Count":3,"Subnets":["a","b"]}}', 'p.json')), { Stage: 'dev', Count: '3', Subnets: 'a,b' });
    assert.deepEqual(values(parseParametersFile('{"Stage":"dev","Flag":true}', 'p.json')), { Stage: 'dev', Flag: 'true' });
  });

  it('refuses broken files with a one-line message', () => {
    assert.throws(() => parseParametersFile('{', 'p.json'), (error: Error) => error instanceof ParameterFileError && /^p\.json: not valid JSON/.test(error.message));
    assert.throws(() => parseParametersFile('"x"', 'p.json'), /expected an object or a list/);
    assert.throws(() => parseParametersFile('{"A":{"b":1}}', 'p.json'), /parameter A must be/);
    assert.throws(() => parseParametersFile('[{"ParameterValue":"x"}]', 'p.json'), /needs a name/);
  });
});

describe('samconfig.toml', () => {
  it('reads parameter_overrides as a string, with quotes', () => {
    const toml = 'version = 0.1\n[default.deploy.parameters]\nstack_name = "app"\nparameter_overrides = "Stage=prod KeyArn=\\"alias/my key\\" Empty="\n';
    assert.deepEqual(values(parseSamConfig(toml)), { Stage: 'prod', KeyArn: 'alias/my key', Empty: '' });
    assert.equal(parseSamConfig(toml).Stage.source, 'samconfig.toml');
  });

  it('reads the legacy ParameterKey form, a list, and global parameters', () => {
    assert.deepEqual(values(parseSamConfig('[default.deploy.parameters]\nparameter_overrides = "ParameterKey=Stage,ParameterValue=prod ParameterKey=B,ParameterValue=x"\n')), { Stage: 'prod', B: 'x' });
    assert.deepEqual(values(parseSamConfig('[default.deploy.parameters]\nparameter_overrides = ["Stage=prod", "Name=a b"]\n')), { Stage: 'prod', Name: 'a b' });
    assert.deepEqual(values(parseSamConfig('[default.global.parameters]\nparameter_overrides = "Stage=test"\n')), { Stage: 'test' });
    assert.deepEqual(parseSamConfig('[prod.deploy.parameters]\nparameter_overrides = "Stage=prod"\n'), {}, 'only the default environment');
  });

  it('finds the samconfig.toml beside a template; a broken one is an error, a missing one is not', () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-samconfig-'));
    try {
      const template = join(directory, 'template.yaml');
      assert.deepEqual(samConfigBeside(template), { path: join(directory, 'samconfig.toml'), parameters: {} });
      writeFileSync(join(directory, 'samconfig.toml'), '[default.deploy.parameters]\nparameter_overrides = "Stage=prod"\n');
      assert.deepEqual(values(samConfigBeside(template).parameters), { Stage: 'prod' });
      writeFileSync(join(directory, 'samconfig.toml'), '[default.deploy\n');
      assert.match(samConfigBeside(template).error ?? '', /samconfig\.toml: not valid TOML/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('a --parameters file wins over samconfig.toml', () => {
    const merged = mergeParameters({ A: { value: '1', source: 'samconfig.toml' }, B: { value: '2', source: 'samconfig.toml' } }, { A: { value: '9', source: 'p.json' } });
    assert.deepEqual(merged, { A: { value: '9', source: 'p.json' }, B: { value: '2', source: 'samconfig.toml' } });
  });
});
