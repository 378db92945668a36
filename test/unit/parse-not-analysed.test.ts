/**
 * Nothing is dropped silently: a file that looks like a template but could not
 * be read keeps its issues and says why in `notAnalysed`; a file that is simply
 * not ours stays quiet. Issues say what they are (syntax, limit, internal).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, looksLikeTemplate, MAX_DOCUMENT_LENGTH, mayBeTemplate } from '../../server/src/engine';
import { MAX_FLOW_DEPTH } from '../../server/src/engine/limits';
import { parseDocument } from '../../server/src/engine/parse';

const run = (path: string, text: string) => analyze({ path, text, rules: allRules });

describe('notAnalysed', () => {
  it('names a template too large to read', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\n${'#'.repeat(MAX_DOCUMENT_LENGTH)}`;
    const result = run('stack.yaml', text);
    assert.equal(result.kind, null);
    assert.match(result.notAnalysed?.reason ?? '', /larger than 5 MB/);
    assert.equal(result.issues.length, 1);
    assert.equal(result.issues[0].kind, 'limit');
  });

  it('names a binary serverless.yml', () => {
    const result = run('serverless.yml', 'service: a\u0000');
    assert.match(result.notAnalysed?.reason ?? '', /binary/);
  });

  it('names a template broken before its kind shows, with the syntax error', () => {
    // A stray `- ` makes the root a sequence: the template's keys are never read.
    const result = run('template.yaml', "- AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: AWS::SNS::Topic\n");
    assert.equal(result.kind, null);
    assert.match(result.notAnalysed?.reason ?? '', /^Not analysed: a syntax error before the template could be recognised/);
    assert.ok(result.issues.length > 0);
  });

  it('names a JSON template over a limit at its root', () => {
    const text = `${'['.repeat(MAX_FLOW_DEPTH + 10)}${']'.repeat(MAX_FLOW_DEPTH + 10)}`;
    const result = run('template.json', text);
    assert.equal(result.kind, null);
    assert.match(result.notAnalysed?.reason ?? '', new RegExp(`deeper than ${MAX_FLOW_DEPTH} levels`));
  });

  it('stays quiet for files that are not ours: valid, or broken without a template name or marker', () => {
    for (const [path, text] of [
      ['docker-compose.yml', 'services:\n  web:\n    image: nginx\n'],
      ['config.yml', 'a: [unclosed\n'],
      ['template.yaml', ''],
      ['template.yaml', 'just: a map\n'],
    ]) {
      const result = run(path, text);
      assert.equal(result.kind, null, path);
      assert.equal(result.notAnalysed, undefined, `${path}: ${JSON.stringify(text)}`);
      assert.deepEqual(result.issues, []);
    }
  });

  it('is not set for a recognised template, even a broken one', () => {
    const result = run('template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: [AWS::SNS::Topic\n");
    assert.equal(result.kind, 'cloudformation');
    assert.equal(result.notAnalysed, undefined);
    assert.equal(result.issues.length, 1);
  });
});

describe('looksLikeTemplate', () => {
  it('knows template names', () => {
    for (const path of ['serverless.yml', 'a/serverless.yaml', 'a\\serverless.json', 'template.yml', 'x/template.json', 'stack.template', 'APP.TEMPLATE']) assert.ok(looksLikeTemplate(path, ''), path);
    for (const path of ['serverless-config.yml', 'templates.yaml', 'my-template.yaml.bak']) assert.ok(!looksLikeTemplate(path, 'a: 1'), path);
  });

  it('knows template markers near the start', () => {
    for (const text of ["AWSTemplateFormatVersion: '2010-09-09'", 'Transform: AWS::Serverless-2016-10-31', 'Type: AWS::S3::Bucket', 'service: a\nprovider:\n  name: aws', '{\n  "provider": { "name": "aws" }\n}']) {
      assert.ok(looksLikeTemplate('x.yaml', text), text);
    }
    assert.ok(!looksLikeTemplate('x.yaml', 'name: my-app\nversion: 1'));
  });

  it('stays linear on a file of blank lines (no backtracking across lines)', () => {
    const started = performance.now();
    assert.equal(looksLikeTemplate('x.yaml', ' \n'.repeat(32 * 1024)), false);
    assert.ok(performance.now() - started < 2000);
  });
});

describe('issue kinds', () => {
  it('marks syntax errors as syntax', () => {
    const document = parseDocument('a.yaml', 'a: [b\nc: d\n');
    assert.ok(document.issues.length > 0);
    assert.ok(document.issues.every((issue) => issue.kind === 'syntax'));
  });

  it('never shows a parser failure as a syntax error', () => {
    // Nothing we know of makes the parsers fail now; whatever message an issue has, a stack overflow is never syntax.
    for (const text of ['['.repeat(50_000), `a: {${'"k": v '.repeat(20_000)}}`, `${'? '.repeat(5000)}a`]) {
      const document = parseDocument('a.yaml', text);
      for (const issue of document.issues) {
        assert.ok(!(issue.kind === 'syntax' && /call stack|out of memory/i.test(issue.message)), issue.message);
      }
      assert.ok(document.issues.some((issue) => issue.kind === 'limit'));
    }
  });
});

describe('mayBeTemplate: files that cannot be templates are not parsed', () => {
  it('tells a Kubernetes manifest or a workflow from a template, by the keys a template needs', () => {
    assert.equal(mayBeTemplate('deploy/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\n'), false);
    assert.equal(mayBeTemplate('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n'), false);
    assert.equal(mayBeTemplate('data.json', '{"items": [1, 2, 3]}'), false);
    assert.equal(mayBeTemplate('stack.yaml', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n'), true);
    assert.equal(mayBeTemplate('app.yml', 'service: a\nprovider: aws\n'), true);
    assert.equal(mayBeTemplate('sam.yaml', 'Transform: AWS::Serverless-2016-10-31\n'), true);
    // A key spelt with escapes is still that key: any backslash keeps the file.
    assert.equal(mayBeTemplate('x.json', '{"\\u0073ervice": "a", "provider": {"name": "aws"}}'), true);
    assert.equal(detectKindOf('x.json', '{"\\u0073ervice": "a", "provider": {"name": "aws"}}'), 'serverless');
    // Named like a template: parsed, so that its syntax errors are told.
    assert.equal(mayBeTemplate('serverless.yml', 'nothing: [\n'), true);
  });

  it('gives a file that is not ours the same result with and without the parse', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 2000 }, (_, index) => `  key${index}: "value ${index}"`).join('\n')}\n  broken: [\n`;
    const skipped = analyze({ path: 'config.yaml', text, rules: allRules });
    const parsed = analyze({ path: 'config.yaml', text, parsed: parseDocument('config.yaml', text), rules: allRules });
    assert.deepEqual(skipped, parsed);
    assert.deepEqual(skipped.issues, []);
  });
});

function detectKindOf(path: string, text: string): string | null {
  return analyze({ path, text, rules: allRules }).kind;
}
