/**
 * Usage of the `slsward` binary: help, version, rule listing and every kind
 * of user mistake, which must give exit code 2 and one clear line on stderr.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { assertCleanError, REPO_ROOT, runCli } from './helpers';

const packageVersion = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;

describe('slsward usage', () => {
  it('prints help and exits 0', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: slsward <command>/);
    assert.match(run.stdout, /--fail-on/);
  });

  it('prints the package version', async () => {
    const run = await runCli(['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), packageVersion);
  });

  it('lists the rules as text and JSON', async () => {
    const text = await runCli(['rules']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /\d+ rules\n$/);
    const json = await runCli(['rules', '--format', 'json']);
    assert.equal(json.code, 0);
    const rules = JSON.parse(json.stdout) as Array<{ id: string; severity: string; category: string; title: string }>;
    assert.ok(Array.isArray(rules));
    for (const rule of rules) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(text.stdout.includes(rule.id), `${rule.id} missing from the text list`);
    }
  });

  const mistakes: Array<[string, string[], RegExp]> = [
    ['no command', [], /missing command/],
    ['an unknown command', ['scan', '.'], /unknown command 'scan'/],
    ['an unknown option', ['audit', '--bogus'], /Unknown option '--bogus'/],
    ['a bad format', ['audit', '--format', 'xml'], /--format must be one of text, json, sarif/],
    ['a bad --fail-on', ['audit', '--fail-on', 'critical'], /--fail-on must be one of error, warning, info/],
    ['a malformed --rule', ['audit', '--rule', 'iam-wildcard-action'], /--rule expects ID=SEVERITY/],
    ['a bad --rule severity', ['audit', '--rule', 'x=loud'], /severity must be one of error, warning, info, off/],
    ['an unknown rule id', ['audit', 'examples', '--rule', 'no-such-rule=off'], /unknown rule 'no-such-rule'/],
    ['a missing path', ['audit', 'examples/does-not-exist'], /examples\/does-not-exist: no such file or directory/],
    ['a missing path among good ones', ['audit', 'examples', 'nope.yml'], /nope\.yml: no such file or directory/],
  ];
  for (const [name, args, message] of mistakes) {
    it(`exits 2 with one clear line for ${name}`, async () => {
      const run = await runCli(args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
      assert.match(run.stderr, /^slsward: [^\n]+\nRun 'slsward --help' for usage\.\n$/);
      assertCleanError(run.stderr);
    });
  }

  it('exits 2 when the report cannot be written', async () => {
    const run = await runCli(['audit', 'examples', '--output', '/nonexistent-dir/report.json', '--format', 'json']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot write \/nonexistent-dir\/report\.json: no such file or directory/);
    assertCleanError(run.stderr);
  });
});
