/**
 * Template-controlled text in the reports: resource names and file names with
 * ESC, CR, LF, DEL, C1 and bidi controls, and file names with `\`, `#`, `%`
 * and `:`. The text report and the stderr notices show control characters as
 * visible escapes; JSON and SARIF keep the exact text (JSON escapes it), and
 * SARIF URIs encode each path segment.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { artifactLocation } from '../../server/src/workspace/reporters/sarif';
import { escapeControlCharacters } from '../../server/src/workspace/reporters/text';
import { assertCleanError, runCli } from './helpers';
import { validateSarif } from './sarif-validate';

/** Everything the text report must never print raw; `\n` ends lines and is checked by line shape instead. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_NAME = 'Admin\u001b[2J\rRole\n\u202eevil\u0085\u007f\u0009\u2066x';
/** YAML double-quoted escapes for the same name. */
const HOSTILE_NAME_YAML = 'Admin\\e[2J\\rRole\\n\\u202Eevil\\N\\x7f\\t\\u2066x';
const HOSTILE_NAME_SHOWN = 'Admin\\x1b[2J\\rRole\\n\\u202eevil\\x85\\x7f\\t\\u2066x';

const ADMIN_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  "${HOSTILE_NAME_YAML}":
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
`;

/** A directory name a template author controls in a cloned repository. */
const HOSTILE_DIRECTORY = 'dir\u001b]0;pwned\u0007\r\nx';
const SPECIAL_DIRECTORY = 'back\\slash #1 %41 a:b';

let root: string;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'slsward-cli-hostile-'));
  writeFileSync(join(root, 'template.yaml'), ADMIN_TEMPLATE);
  mkdirSync(join(root, HOSTILE_DIRECTORY));
  writeFileSync(join(root, HOSTILE_DIRECTORY, 'template.yaml'), ADMIN_TEMPLATE.replace(`"${HOSTILE_NAME_YAML}"`, 'PlainRole'));
  writeFileSync(join(root, HOSTILE_DIRECTORY, 'binary\u001b[31m.yaml'), Buffer.from([0x41, 0x00, 0x42]));
  mkdirSync(join(root, SPECIAL_DIRECTORY));
  writeFileSync(join(root, SPECIAL_DIRECTORY, 'template.yaml'), ADMIN_TEMPLATE.replace(`"${HOSTILE_NAME_YAML}"`, 'OtherRole'));
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('escapeControlCharacters', () => {
  it('shows C0, DEL, C1 and bidi controls as escapes and leaves other text alone', () => {
    assert.equal(escapeControlCharacters(HOSTILE_NAME), HOSTILE_NAME_SHOWN);
    assert.equal(escapeControlCharacters('\u0000\u009b\u202a\u2069'), '\\x00\\x9b\\u202a\\u2069');
    assert.equal(escapeControlCharacters('café ✓ 𝄞 C:\\dir\\file.yml \u200b'), 'café ✓ 𝄞 C:\\dir\\file.yml \u200b');
  });
});

describe('slsward audit with control characters in templates and file names', () => {
  it('prints them escaped in the text report and on stderr', async () => {
    const run = await runCli(['audit', '.'], { cwd: root, timeoutMs: 60_000 });
    assert.equal(run.code, 1, run.stderr);
    assertCleanError(run.stderr);
    for (const [name, output] of [['stdout', run.stdout], ['stderr', run.stderr]]) {
      const raw = RAW_CONTROL.exec(output);
      assert.equal(raw, null, `${name} holds a raw U+${raw?.[0].charCodeAt(0).toString(16).padStart(4, '0')}:\n${JSON.stringify(output)}`);
    }
    const adminLine = run.stdout.split('\n').find((line) => line.startsWith('template.yaml:16:25  error    iam-wildcard-action  '));
    assert.ok(adminLine, run.stdout);
    assert.ok(adminLine.includes(`role ${HOSTILE_NAME_SHOWN}:`), adminLine);
    // The file under the hostile directory is reported on one line, its path escaped.
    assert.ok(run.stdout.split('\n').some((line) => line.startsWith('dir\\x1b]0;pwned\\x07\\r\\nx/template.yaml:16:25  error')), run.stdout);
    assert.match(run.stderr, /^slsward: skipped dir\\x1b\]0;pwned\\x07\\r\\nx\/binary\\x1b\[31m\.yaml: binary file \(contains NUL bytes\), not analysed$/m);
  });

  it('keeps the exact text in JSON', async () => {
    const run = await runCli(['audit', '.', '--format', 'json'], { cwd: root, timeoutMs: 60_000 });
    const report = JSON.parse(run.stdout) as { findings: Array<{ path: string; resource: string | null; ruleId: string }>; skipped: Array<{ path: string }> };
    assert.ok(report.findings.some((finding) => finding.path === 'template.yaml' && finding.resource === HOSTILE_NAME));
    assert.ok(report.findings.some((finding) => finding.path === `${HOSTILE_DIRECTORY}/template.yaml`));
    assert.ok(report.skipped.some((entry) => entry.path === `${HOSTILE_DIRECTORY}/binary\u001b[31m.yaml`));
    // JSON.stringify escapes C0 controls; the raw output holds none.
    assert.equal(/[\u0000-\u0009\u000b-\u001f]/.exec(run.stdout), null);
  });

  it('keeps valid SARIF with encoded URIs and the exact text in messages', async () => {
    const run = await runCli(['audit', '.', '--format', 'sarif'], { cwd: root, timeoutMs: 60_000 });
    assert.equal(/[\u0000-\u0009\u000b-\u001f]/.exec(run.stdout), null);
    const log = JSON.parse(run.stdout);
    const { results } = validateSarif(log);
    const uris = results.map((result) => (result.locations as Array<{ physicalLocation: { artifactLocation: { uri: string } } }>)[0].physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes('back%5Cslash%20%231%20%2541%20a%3Ab/template.yaml'), uris.join('\n'));
    assert.ok(uris.includes('dir%1B%5D0%3Bpwned%07%0D%0Ax/template.yaml'), uris.join('\n'));
    assert.ok(uris.includes('template.yaml'));
    // Decoding each segment gives the path back.
    assert.deepEqual('back%5Cslash%20%231%20%2541%20a%3Ab/template.yaml'.split('/').map(decodeURIComponent), [SPECIAL_DIRECTORY, 'template.yaml']);
    const admin = results.find((result) => (result.locations as Array<{ logicalLocations?: Array<{ name: string }> }>)[0].logicalLocations?.[0].name === HOSTILE_NAME);
    assert.ok(admin, 'the logical location keeps the exact resource name');
    assert.ok((admin.message as { text: string }).text.includes(HOSTILE_NAME));
    const notifications = log.runs[0].invocations[0].toolExecutionNotifications as Array<{ message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
    assert.ok(notifications.some((notification) => notification.locations[0].physicalLocation.artifactLocation.uri === 'dir%1B%5D0%3Bpwned%07%0D%0Ax/binary%1B%5B31m.yaml'));
  });
});

describe('artifactLocation', () => {
  it('splits relative paths on the platform separator only and encodes each segment', () => {
    assert.deepEqual(artifactLocation('a\\b/c d.yml', '/'), { uri: 'a%5Cb/c%20d.yml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('a\\b/c d.yml', '\\'), { uri: 'a/b/c%20d.yml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('./x//y(1)!.yml', '/'), { uri: 'x/y%281%29%21.yml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('ünï/テンプレート.yaml', '/'), { uri: '%C3%BCn%C3%AF/%E3%83%86%E3%83%B3%E3%83%97%E3%83%AC%E3%83%BC%E3%83%88.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(artifactLocation('bad\ud800.yml', '/'), { uri: 'bad%EF%BF%BD.yml', uriBaseId: '%SRCROOT%' });
  });
  it('gives absolute paths as file URIs with `\\`, `#` and `%` encoded', () => {
    assert.equal(artifactLocation('/tmp/a\\b #1 %.yml', '/').uri, 'file:///tmp/a%5Cb%20%231%20%25.yml');
    assert.equal(artifactLocation('/tmp/a\\b #1 %.yml', '/').uriBaseId, undefined);
  });
});
