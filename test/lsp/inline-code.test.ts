/**
 * Inline Lambda code (`Code.ZipFile`, SAM `InlineCode`) in the editor, through the real server: the
 * template's diagnostics hold the code findings the CLI reports for the same bytes (rule ids,
 * ranges, messages), they follow the inline code as it is edited, the "ignore" action writes a
 * `// slsward-ignore` line inside the block (which both then honour), refused inline code gets one diagnostic, and a
 * template without inline code is unaffected.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { codeRules } from '../../rules';
import { CLI_PATH } from '../cli/helpers';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const CODE_RULE_IDS = new Set(codeRules.map((rule) => rule.meta.id));

const CLOUDFORMATION = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Convert:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/app
      Code:
        ZipFile: |
          const { exec } = require('child_process');
          const API_KEY = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';
          exports.handler = async (event) => {
            exec('convert ' + event.body, () => {});
            return { statusCode: 200 };
          };
  ConvertUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Convert.Arn
      AuthType: NONE
`;

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Resize:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: |
        const { execSync } = require('child_process');
        exports.handler = async (event) => {
          const name = event.queryStringParameters.name;
          execSync(\`resize \${name}\`);
          return { statusCode: 200 };
        };
      Events:
        Get:
          Type: HttpApi
          Properties:
            Path: /resize
            Method: get
`;

const WITHOUT_INLINE_CODE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
`;

/** One over-long line: the code front end refuses it as minified, as the CLI does. */
const MINIFIED = CLOUDFORMATION.replace("            return { statusCode: 200 };\n", `            return ${'['.repeat(20000)}1${']'.repeat(20000)};\n`);

interface Place {
  ruleId: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
  message: string;
}

interface CliFinding {
  ruleId: string;
  path: string;
  message: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
}

const byPlace = (a: Place, b: Place) => a.start.line - b.start.line || a.start.character - b.start.character || a.ruleId.localeCompare(b.ruleId);

/** The CLI's findings for one file, in LSP's zero-based positions. */
function cliFindings(directory: string, path: string): { findings: Place[]; skipped: Array<{ path: string; reason: string }> } {
  let output: string;
  try {
    output = execFileSync(process.execPath, [CLI_PATH, 'audit', directory, '--format', 'json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // Exit code 1: findings at or above the failure threshold; the report is still on stdout.
    output = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(output) as { findings: CliFinding[]; skipped: Array<{ path: string; reason: string }> };
  const findings = report.findings
    .filter((finding) => finding.path === path)
    .map((finding) => ({
      ruleId: finding.ruleId,
      start: { line: finding.range.start.line - 1, character: finding.range.start.column - 1 },
      end: { line: finding.range.end.line - 1, character: finding.range.end.column - 1 },
      message: finding.message,
    }));
  return { findings: findings.sort(byPlace), skipped: report.skipped };
}

function placesOf(diagnostics: Diagnostic[]): Place[] {
  return diagnostics
    .filter((diagnostic) => typeof diagnostic.code === 'string' && diagnostic.data !== undefined)
    .map((diagnostic) => ({ ruleId: String(diagnostic.code), start: diagnostic.range.start, end: diagnostic.range.end, message: String(diagnostic.message) }))
    .sort(byPlace);
}

const isCode = (place: Place) => CODE_RULE_IDS.has(place.ruleId);

describe('inline handler code in the editor', () => {
  const workspace = makeTempDirectory('slsward-lsp-inline-');
  const cloudFormationPath = join(workspace.path, 'template.yaml');
  const samPath = join(workspace.path, 'sam', 'template.yaml');
  const plainPath = join(workspace.path, 'plain', 'template.yaml');
  let session: LspSession;

  before(async () => {
    for (const [path, text] of [[cloudFormationPath, CLOUDFORMATION], [samPath, SAM], [plainPath, WITHOUT_INLINE_CODE]] as const) {
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, text);
    }
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  for (const [name, path, text] of [
    ['CloudFormation Code.ZipFile', () => cloudFormationPath, CLOUDFORMATION],
    ['SAM InlineCode', () => samPath, SAM],
  ] as const) {
    it(`${name}: the template's diagnostics hold the CLI's code findings, at the same places`, async () => {
      const expected = cliFindings(workspace.path, path());
      assert.ok(expected.findings.some(isCode), 'the CLI reports code findings on the inline code');
      session.open(uriOf(path()), text);
      const actual = placesOf(await session.diagnostics(uriOf(path())));
      assert.deepEqual(actual.filter(isCode), expected.findings.filter(isCode));
      // And the template's own findings are the CLI's too.
      assert.deepEqual(actual, expected.findings);
      session.closeDocument(uriOf(path()));
    });
  }

  it('the findings follow the inline code as it is edited', async () => {
    const uri = uriOf(cloudFormationPath);
    session.open(uri, CLOUDFORMATION);
    const before = placesOf(await session.diagnostics(uri)).filter(isCode);
    assert.deepEqual(before.map((place) => place.ruleId).sort(), ['code-command-injection', 'code-hardcoded-secret']);
    // Removing the dangerous call clears its finding on the next pull; the secret stays where it was.
    session.replace(uri, "            exec('convert ' + event.body, () => {});\n", '');
    const removed = placesOf(await session.diagnostics(uri)).filter(isCode);
    assert.deepEqual(removed, before.filter((place) => place.ruleId !== 'code-command-injection'));
    // Typing it back brings it back, on its line.
    session.replace(uri, '            return { statusCode: 200 };\n', "            exec('convert ' + event.body, () => {});\n            return { statusCode: 200 };\n");
    assert.deepEqual(placesOf(await session.diagnostics(uri)).filter(isCode), before);
    // A line added above the function moves every inline finding down by one.
    session.replace(uri, 'Resources:\n', 'Description: inline code\nResources:\n');
    const moved = placesOf(await session.diagnostics(uri)).filter(isCode);
    assert.deepEqual(moved, before.map((place) => ({ ...place, start: { ...place.start, line: place.start.line + 1 }, end: { ...place.end, line: place.end.line + 1 } })));
    session.closeDocument(uri);
  });

  it('a code finding without a fix offers only "ignore", written as a // comment inside the block, which the editor and the CLI honour', async () => {
    const uri = uriOf(cloudFormationPath);
    session.open(uri, CLOUDFORMATION);
    const diagnostics = await session.diagnostics(uri);
    const injection = diagnostics.find((item) => item.code === 'code-command-injection');
    assert.ok(injection);
    // Asked together with the template's own findings (which have fixes), nothing breaks.
    const all = await session.codeActions(uri, diagnostics, { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } });
    assert.ok(all.some((action) => action.title.includes('Ignore code-command-injection')));
    const actions = await session.codeActions(uri, [injection]);
    assert.deepEqual(actions.map((action) => action.title), ['Serverless Ward: Ignore code-command-injection with a reason']);
    const edited = session.applyEdit(uri, actions[0].edit!);
    assert.match(edited.getText(), /\n {12}\/\/ slsward-ignore code-command-injection: <why this is acceptable>\n {12}exec\('convert '/);
    // The placeholder is not a reason: the finding stays, and the comment is flagged on its line inside the block.
    const placeholder = await session.diagnostics(uri);
    assert.ok(placeholder.some((item) => item.code === 'code-command-injection' && item.range.start.line === 14));
    assert.deepEqual(placeholder.filter((item) => item.code === 'slsward-ignore-missing-reason').map((item) => item.range.start.line), [13]);
    const reasoned = session.replace(uri, '<why this is acceptable>', 'the body is an enum checked by the function URL caller').getText();
    const after = await session.diagnostics(uri);
    assert.equal(after.find((item) => item.code === 'code-command-injection'), undefined);
    assert.equal(after.find((item) => item.code === 'slsward-ignore-missing-reason'), undefined);
    assert.equal(after.find((item) => item.code === 'parse-error'), undefined);
    assert.ok(after.some((item) => item.code === 'code-hardcoded-secret'), 'the other finding stays');
    // The CLI reads the edited file the same way.
    writeFileSync(cloudFormationPath, reasoned);
    const expected = cliFindings(workspace.path, cloudFormationPath);
    writeFileSync(cloudFormationPath, CLOUDFORMATION);
    assert.deepEqual(placesOf(after), expected.findings);
    session.closeDocument(uri);
  });

  it('refused inline code gets one diagnostic, with the reason the CLI lists it as skipped, and the template keeps its findings', async () => {
    writeFileSync(cloudFormationPath, MINIFIED);
    const expected = cliFindings(workspace.path, cloudFormationPath);
    writeFileSync(cloudFormationPath, CLOUDFORMATION);
    const skipped = expected.skipped.filter((item) => item.path === cloudFormationPath);
    assert.equal(skipped.length, 1);
    const uri = uriOf(cloudFormationPath);
    session.open(uri, MINIFIED);
    const diagnostics = await session.diagnostics(uri);
    const notAnalysed = diagnostics.filter((item) => item.code === 'not-analysed');
    assert.equal(notAnalysed.length, 1);
    assert.equal(notAnalysed[0].message, `Serverless Ward: ${skipped[0].reason}`);
    assert.equal(notAnalysed[0].range.start.line, 9, 'on the ZipFile value');
    assert.deepEqual(placesOf(diagnostics), expected.findings);
    assert.equal(placesOf(diagnostics).filter(isCode).length, 0);
    session.closeDocument(uri);
  });

  it('a template without inline code is unaffected', async () => {
    const expected = cliFindings(workspace.path, plainPath);
    session.open(uriOf(plainPath), WITHOUT_INLINE_CODE);
    const diagnostics = await session.diagnostics(uriOf(plainPath));
    assert.deepEqual(placesOf(diagnostics), expected.findings);
    assert.equal(diagnostics.filter((item) => item.code === 'not-analysed').length, 0);
    assert.equal(placesOf(diagnostics).filter(isCode).length, 0);
    session.closeDocument(uriOf(plainPath));
  });
});
