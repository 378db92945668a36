/**
 * Serverless `resources:` as one fragment, as a plain list of fragments, and
 * as `${file(...)}` includes (items or the whole value). Fragments from other
 * files are not this document's: they are skipped here and reported in their
 * own file, which is a CloudFormation template of its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleById } from '../../rules/index';
import { analyze, type WorkspaceFileReader } from '../../server/src/engine';

const snsRule = ruleById('sns-topic-unencrypted')!;
const FILES: Record<string, string> = {
  'resources/topics.yml': 'Resources:\n  IncludedTopic:\n    Type: AWS::SNS::Topic\nOutputs:\n  TopicArn:\n    Value: !Ref IncludedTopic\n',
};
const readFile: WorkspaceFileReader = (_from, relative) => {
  const key = relative.replace(/^\.\//, '');
  return FILES[key] === undefined ? undefined : { path: `/app/${key}`, text: FILES[key] };
};
const head = 'service: s\nprovider:\n  name: aws\n';
const run = (text: string) => analyze({ path: '/app/serverless.yml', text, rules: [snsRule], readFile, strict: true });

describe('serverless resources', () => {
  it('reads a plain list of fragments, each with Resources, Outputs and Conditions', () => {
    const text = `${head}resources:
  - Resources:
      FirstTopic:
        Type: AWS::SNS::Topic
  - Conditions:
      Never: !Equals [a, b]
    Resources:
      SecondTopic:
        Type: AWS::SNS::Topic
      NeverTopic:
        Type: AWS::SNS::Topic
        Condition: Never
  - Outputs:
      X: { Value: y }
`;
    const result = run(text);
    assert.deepEqual(result.findings.map((finding) => finding.resource), ['FirstTopic', 'SecondTopic']);
    for (const finding of result.findings) assert.equal(text.slice(finding.range.start, finding.range.end), finding.resource);
  });

  it('skips fragments from ${file()} items; the included file reports its own findings', () => {
    const text = `${head}resources:
  - \${file(resources/topics.yml)}
  - Resources:
      LocalTopic:
        Type: AWS::SNS::Topic
`;
    const result = run(text);
    assert.deepEqual(result.findings.map((finding) => finding.resource), ['LocalTopic']);
    assert.deepEqual(result.internalErrors, []);
    const own = analyze({ path: '/app/resources/topics.yml', text: FILES['resources/topics.yml'], rules: [snsRule] });
    assert.equal(own.kind, 'cloudformation');
    assert.deepEqual(own.findings.map((finding) => finding.resource), ['IncludedTopic']);
  });

  it('skips a whole resources value from ${file()}, and never reports ranges of another file', () => {
    const result = run(`${head}resources: \${file(resources/topics.yml)}\n`);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.internalErrors, []);
    assert.ok(!result.model!.resources.some((resource) => resource.logicalId === 'IncludedTopic'));
  });

  it('a missing or refused file is nothing, not an error', () => {
    const result = run(`${head}resources:\n  - \${file(resources/missing.yml)}\n  - \${file(../outside.yml)}\n`);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.internalErrors, []);
  });
});
