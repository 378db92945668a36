/**
 * Hostile inputs that used to stall a parser, overflow its stack or drop the
 * file: each one now finishes quickly, keeps the findings of the rest of the
 * file (an administrator role declared before it) and gives one clear issue.
 * The time bounds are generous on purpose (the real figures are printed by
 * `npm run bench`-style runs in the report): they catch a return to
 * superlinear cost, which took seconds to minutes at these sizes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, type AnalysisResult } from '../../server/src/engine';
import { MAX_BLOCK_DEPTH, MAX_FLOW_DEPTH, MAX_PARSE_ISSUES } from '../../server/src/engine/limits';
import { parseDocument } from '../../server/src/engine/parse';
import { parseJson } from '../../server/src/engine/parse/json';
import { parseYaml } from '../../server/src/engine/parse/yaml';
import { nodeAt } from '../../server/src/engine/parse/tree';

const ADMIN_ROLE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
`;

const SERVERLESS_WILDCARD = `service: hostile
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
`;

const jsonWithAdminRole = (more: string) =>
  `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "AdminRole": { "Type": "AWS::IAM::Role", "Properties": { "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"] } }${more}
  }
}
`;

/** Generous: these inputs took 10 s to over 5 minutes before; now they take milliseconds. */
const BOUND_MS = 2000;

/**
 * CPU time of the process, not wall time: the suites run in parallel on a shared machine, and a bound on
 * wall time would measure the neighbours. Test files run in their own processes, one test at a time.
 */
function timedAnalyze(path: string, text: string): { result: AnalysisResult; milliseconds: number } {
  const started = process.cpuUsage();
  const result = analyze({ path, text, rules: allRules });
  const used = process.cpuUsage(started);
  return { result, milliseconds: (used.user + used.system) / 1000 };
}

function assertKeepsFinding(result: AnalysisResult, ruleId: string) {
  assert.ok(result.kind, 'the document is recognised');
  assert.ok(
    result.findings.some((finding) => finding.ruleId === ruleId),
    `expected ${ruleId} among ${result.findings.map((finding) => finding.ruleId).join(', ')}`,
  );
}

function assertRangesInside(result: AnalysisResult, text: string) {
  for (const issue of result.issues) assert.ok(issue.range.start >= 0 && issue.range.end <= text.length && issue.range.start <= issue.range.end);
  for (const finding of result.findings) assert.ok(finding.range.end <= text.length);
}

// Warm the rules and the parsers once, so the first timed case does not pay for loading.
analyze({ path: 'warm.yaml', text: ADMIN_ROLE, rules: allRules });

describe('parse limits: deep flow collections', () => {
  it('neutralises 100,000 nested brackets (200 KB) and keeps the admin role before them', () => {
    const depth = 100_000;
    const text = `${ADMIN_ROLE}  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const { result, milliseconds } = timedAnalyze('template.yaml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.equal(result.issues.length, 1);
    const [issue] = result.issues;
    assert.equal(issue.kind, 'limit');
    assert.match(issue.message, new RegExp(`deeper than ${MAX_FLOW_DEPTH} levels`));
    // The region starts at the first bracket past the limit and ends at its matching close.
    const open = text.indexOf('X: [') + 3;
    assert.equal(issue.range.start, open + MAX_FLOW_DEPTH);
    assert.equal(issue.range.end, open + 2 * depth - MAX_FLOW_DEPTH);
    assertRangesInside(result, text);
  });

  it('gives the same result at 8,000, 16,000 and 32,000 levels (editor and CLI agree: nothing depends on the stack)', () => {
    const outcomes = [8_000, 16_000, 32_000].map((depth) => {
      const text = `${ADMIN_ROLE}  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
      const { result, milliseconds } = timedAnalyze('template.yaml', text);
      assert.ok(milliseconds < BOUND_MS, `${depth} levels took ${milliseconds} ms`);
      return { rules: result.findings.map((finding) => finding.ruleId), issues: result.issues.map((issue) => `${issue.kind}: ${issue.message}`) };
    });
    assert.deepEqual(outcomes[1], outcomes[0]);
    assert.deepEqual(outcomes[2], outcomes[0]);
  });

  it('keeps a collection at the limit intact', () => {
    const text = `a: ${'['.repeat(MAX_FLOW_DEPTH)}x${']'.repeat(MAX_FLOW_DEPTH)}\n`;
    const document = parseDocument('a.yaml', text);
    assert.deepEqual(document.issues, []);
    let node = nodeAt(document.root, ['a']);
    for (let level = 1; level < MAX_FLOW_DEPTH; level++) node = nodeAt(node, [0]);
    assert.equal(node?.kind === 'seq' && node.items[0].kind === 'scalar' && node.items[0].value, 'x');
  });

  it('keeps the findings of a JSON template whose array is nested 8,000 deep', () => {
    const depth = 8_000;
    const text = jsonWithAdminRole(`,\n    "Deep": { "Type": "AWS::S3::Bucket", "Properties": { "X": ${'['.repeat(depth)}${']'.repeat(depth)} } }`);
    const { result, milliseconds } = timedAnalyze('template.json', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.deepEqual(result.issues.map((issue) => issue.kind), ['limit']);
    // The deep value reads as a null; the resource around it is still there.
    const document = parseDocument('template.json', text);
    const deep = nodeAt(document.root, ['Resources', 'Deep', 'Properties', 'X']);
    assert.ok(deep?.kind === 'seq');
    assert.equal(nodeAt(document.root, ['Resources', 'Deep', 'Type'])?.kind, 'scalar');
  });

  it('cuts 2,000 unclosed brackets on one line at that line: one limit issue, one syntax issue, no stack overflow shown', () => {
    const text = `${ADMIN_ROLE}  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      X: ${'['.repeat(2000)}\n  Topic:\n    Type: AWS::SNS::Topic\n`;
    const { result, milliseconds } = timedAnalyze('template.yaml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.deepEqual(result.issues.map((issue) => issue.kind).sort(), ['limit', 'syntax']);
    assert.ok(result.issues.every((issue) => !/call stack/i.test(issue.message)));
    // The topic after the broken line is still read.
    assertKeepsFinding(result, 'sns-topic-unencrypted');
  });

  it('bounds a flow collection whose keys have no commas between them (each one nests the next)', () => {
    const text = `${SERVERLESS_WILDCARD}custom:\n  v: {${'"k": v '.repeat(30_000)}}\n`;
    const { result, milliseconds } = timedAnalyze('serverless.yml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-wildcard-action');
    assert.ok(result.issues.some((issue) => issue.kind === 'limit'));
    assert.ok(result.issues.every((issue) => issue.kind !== 'internal'));
  });

  it('reads 100,000 unclosed `{a: ` (400 KB) quickly and keeps the provider statements', () => {
    const text = `${SERVERLESS_WILDCARD}custom:\n  v: ${'{a: '.repeat(100_000)}\n`;
    const { result, milliseconds } = timedAnalyze('serverless.yml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-wildcard-action');
    assert.equal(result.issues.filter((issue) => issue.kind === 'limit').length, 1);
    assertRangesInside(result, text);
  });
});

describe('parse limits: deep block collections', () => {
  it('blanks `- - - …` past the limit and keeps the rest', () => {
    const text = `${ADMIN_ROLE}  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      X:\n        ${'- '.repeat(100_000)}x\n`;
    const { result, milliseconds } = timedAnalyze('template.yaml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.deepEqual(result.issues.map((issue) => issue.kind), ['limit']);
    assert.match(result.issues[0].message, new RegExp(`deeper than ${MAX_BLOCK_DEPTH} levels`));
  });

  it('blanks a staircase of ever deeper keys past the limit', () => {
    const lines = Array.from({ length: 300 }, (_, index) => `${' '.repeat(index + 2)}k${index}:`);
    const text = `${ADMIN_ROLE}  Deep:\n    Type: AWS::S3::Bucket\n    Metadata:\n${lines.join('\n')}\n`;
    const { result, milliseconds } = timedAnalyze('template.yaml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.equal(result.issues.length, 1, result.issues.map((issue) => issue.message).join('\n'));
    assert.equal(result.issues[0].kind, 'limit');
  });
});

describe('parse limits: long lines and floods', () => {
  it('reads a 400 KB line followed by a syntax error in linear time', () => {
    for (const words of [20_000, 80_000]) {
      const text = `${SERVERLESS_WILDCARD}custom:\n  v: ${'word '.repeat(words)}\n  w: [\n`;
      const { result, milliseconds } = timedAnalyze('serverless.yml', text);
      assert.ok(milliseconds < BOUND_MS, `${text.length} characters took ${milliseconds} ms`);
      assertKeepsFinding(result, 'iam-wildcard-action');
      assert.deepEqual(result.issues.map((issue) => issue.kind), ['syntax']);
    }
  });

  it('caps the issues of a file full of errors, with one issue that says how many more', () => {
    const text = `${ADMIN_ROLE}${Array.from({ length: 1000 }, (_, index) => `  R${index}:\n    Type: [AWS::S3::Bucket\n`).join('')}`;
    const { result, milliseconds } = timedAnalyze('template.yaml', text);
    assert.ok(milliseconds < BOUND_MS, `took ${milliseconds} ms`);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    assert.equal(result.issues.length, MAX_PARSE_ISSUES + 1);
    const summary = result.issues[result.issues.length - 1];
    assert.equal(summary.kind, 'limit');
    assert.match(summary.message, /^980 more parse issues/);
  });
});

describe('parse limits: line breaks', () => {
  it('reads old-Mac (CR-only) line breaks as CloudFormation does, with offsets into the original text', () => {
    const text = ADMIN_ROLE.replace(/\n/g, '\r');
    const { result } = timedAnalyze('template.yaml', text);
    assert.deepEqual(result.issues, []);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
    const finding = result.findings.find((candidate) => candidate.ruleId === 'iam-admin-managed-policy')!;
    assert.equal(text.slice(finding.range.start, finding.range.end), ADMIN_ROLE.slice(finding.range.start, finding.range.end));
    assert.match(text.slice(finding.range.start, finding.range.end), /AdministratorAccess/);
  });

  it('reads mixed CRLF and CR line breaks', () => {
    const text = ADMIN_ROLE.split('\n').map((line, index) => line + (index % 2 ? '\r\n' : '\r')).join('');
    const { result } = timedAnalyze('template.yaml', text);
    assert.deepEqual(result.issues, []);
    assertKeepsFinding(result, 'iam-admin-managed-policy');
  });
});

describe('parse limits: parsers called on their own', () => {
  // A caller may parse a piece of a document by itself (a segment of an incremental parse, a policy document held
  // in a string); the limits hold there too.
  it('parseYaml scans what it is given', () => {
    const text = `a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\nb: 1\n`;
    const started = process.cpuUsage();
    const { root, issues } = parseYaml(text);
    const used = process.cpuUsage(started);
    assert.ok((used.user + used.system) / 1000 < BOUND_MS);
    assert.deepEqual(issues.map((issue) => issue.kind), ['limit']);
    assert.equal(nodeAt(root, ['b'])?.kind, 'scalar');
  });

  it('parseJson scans what it is given', () => {
    const { root, issues } = parseJson(`{ "a": ${'['.repeat(20_000)}${']'.repeat(20_000)}, "b": 1 }`);
    assert.deepEqual(issues.map((issue) => issue.kind), ['limit']);
    assert.equal(nodeAt(root, ['b'])?.kind, 'scalar');
  });
});
