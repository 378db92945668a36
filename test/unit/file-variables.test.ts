/**
 * `${file(...)}` variables of a serverless.yml: a file whose path is built from variables is read once
 * they resolve, and a file that was not read (outside the workspace, missing, code) is said once, on
 * the value that names it, instead of leaving the rules silent for no visible reason.
 */
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { analyze, type WorkspaceFileReader } from '../../server/src/engine';
import { auditText, emptyReport } from '../../server/src/workspace/audit';

/** An in-memory workspace under `/ws`: nothing outside it is read. */
function memoryReader(files: Record<string, string>): WorkspaceFileReader {
  const target = (from: string, relative: string) => posix.resolve(posix.dirname(from), relative);
  const reader: WorkspaceFileReader = (from, relative) => {
    const path = target(from, relative);
    return path.startsWith('/ws/') && files[path] !== undefined ? { path, text: files[path] } : undefined;
  };
  reader.whyUnreadable = (from, relative) => {
    const path = target(from, relative);
    if (!path.startsWith('/ws/')) return { path, reason: 'is outside the workspace' };
    return files[path] === undefined ? { path, reason: 'was not found' } : undefined;
  };
  return reader;
}

const HEAD = ['service: shop', 'provider:', '  name: aws', '  runtime: nodejs20.x'];

function run(lines: string[], files: Record<string, string> = {}) {
  const text = [...HEAD, ...lines, ''].join('\n');
  return { text, result: analyze({ path: '/ws/app/serverless.yml', text, rules: allRules, readFile: memoryReader(files), strict: true }) };
}

const ADMIN_STATEMENTS = ['statements:', '  - Effect: Allow', '    Action: "*"', '    Resource: "*"', ''].join('\n');

describe('${file()} variables', () => {
  it('reads a file whose path is built from the stage, and reports what it grants', () => {
    const { result } = run(['  stage: prod', '  iam:', '    role:', '      statements: ${file(./iam/${self:provider.stage}.yml):statements}'], { '/ws/app/iam/prod.yml': ADMIN_STATEMENTS });
    assert.deepEqual(result.issues, []);
    assert.deepEqual(result.findings.map((finding) => finding.ruleId), ['iam-wildcard-action']);
  });

  it('says once that a file outside the workspace was not read, on the value that names it', () => {
    const { text, result } = run(
      ['  iam:', '    role:', '      statements: ${file(../../shared/iam.yml):statements}', 'custom:', '  again: ${file(../../shared/iam.yml):other}'],
      { '/shared/iam.yml': ADMIN_STATEMENTS },
    );
    const unread = result.issues.filter((issue) => issue.message.includes('was not read'));
    assert.equal(unread.length, 1);
    assert.equal(unread[0].kind, 'limit');
    assert.match(unread[0].message, /^\$\{file\(\.\.\/\.\.\/shared\/iam\.yml\)\} was not read: the file is outside the workspace\./);
    assert.equal(text.slice(unread[0].range.start, unread[0].range.end), '${file(../../shared/iam.yml):statements}');
  });

  it('names a missing file, and code that Serverless would run, and a file named in a nested variable', () => {
    const { result } = run(['  environment:', '    KEY: ${file(./secrets.json):key}', '    STAGE: ${file(./config.js):stage}', '    TABLE: ${self:custom.${file(./names.yml):table}}', '    PUBLIC_KEY: ${file(./public_key)}']);
    const messages = result.issues.map((issue) => issue.message);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0], /^\$\{file\(\.\/secrets\.json\)\} was not read: the file was not found\./);
    assert.match(messages[1], /^\$\{file\(\.\/config\.js\)\} was not read: the file is code, which Serverless runs/);
    assert.match(messages[2], /^\$\{file\(\.\/names\.yml\)\} was not read: the file was not found\./);
    // Serverless reads any other file as plain text (a PEM key); its text is not read here either.
    assert.match(messages[3], /^\$\{file\(\.\/public_key\)\} was not read: the file is neither YAML nor JSON/);
  });

  it('says nothing of a file that was read, nor of a path whose stage is unknown', () => {
    const { result } = run(['  stage: ${opt:stage}', 'custom:', '  a: ${file(./config.yml):a}', '  b: ${file(./config/${opt:stage}.yml):b}'], { '/ws/app/config.yml': 'a: 1\n' });
    assert.deepEqual(result.issues, []);
  });

  it('says nothing in a SAM or CloudFormation template, where ${file()} is not a variable', () => {
    const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '    Properties:', '      TopicName: ${file(./x.yml)}', ''].join('\n');
    const result = analyze({ path: '/ws/template.yaml', text, rules: allRules, readFile: memoryReader({}), strict: true });
    assert.deepEqual(result.issues, []);
  });

  it('in the audit, counts the files past the first ten as problems, not as syntax problems', () => {
    const lines = Array.from({ length: 12 }, (_, index) => `    - \${file(./missing-${index}.yml)}`);
    const text = ['service: s', 'provider:', '  name: aws', 'resources:', ...lines, ''].join('\n');
    const report = emptyReport();
    auditText('/ws/serverless.yml', text, { rules: allRules, readFile: () => undefined }, report);
    const messages = report.issues.map((issue) => issue.message);
    assert.equal(messages.filter((message) => /was not read/.test(message)).length, 10, messages.join('\n'));
    assert.equal(messages[messages.length - 1], '2 more problems not listed');
  });
});
