import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../server/src/engine/parse';
import { nodeAt } from '../../server/src/engine/parse/tree';
import { reindentFlowContinuations } from '../../server/src/engine/parse/yaml-continuation';
import type { SourceNode } from '../../server/src/engine/types';

// Shapes from real templates (aws-samples/serverless-patterns) that CloudFormation deploys and YAML 1.2 rejects.
const UNDER_INDENTED = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: deploy
          PolicyDocument: !Sub '{
              "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::\${Bucket}/*" }]
          }'
        - PolicyName: rds
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: rds:DescribeDBSnapshots
                Resource: [
                !Sub "arn:aws:rds:us-east-1:123456789012:db:main",
                !Sub "arn:aws:rds:us-east-1:123456789012:snapshot:*"
                ]
  Model:
    Type: AWS::ApiGateway::Model
    Properties:
      Schema: {"title": "Stats",
      "type": "object"}
`;

const textOf = (text: string, node: SourceNode | null | undefined) => (node ? text.slice(node.range.start, node.range.end) : undefined);

describe('YAML: under-indented continuation lines, as CloudFormation reads them', () => {
  it('parses without issues and keeps the values', () => {
    const document = parseDocument('template.yaml', UNDER_INDENTED);
    assert.deepEqual(document.issues, []);
    const sub = nodeAt(document.root, ['Resources', 'Role', 'Properties', 'Policies', 0, 'PolicyDocument', 'Fn::Sub']);
    assert.equal(sub?.kind === 'scalar' && sub.value, '{ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::${Bucket}/*" }] }');
    const resources = nodeAt(document.root, ['Resources', 'Role', 'Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0, 'Resource']);
    assert.equal(resources?.kind === 'seq' && resources.items.length, 2);
    assert.equal(nodeAt(document.root, ['Resources', 'Model', 'Properties', 'Schema', 'type'])?.kind, 'scalar');
  });

  it('points every range into the original text', () => {
    const document = parseDocument('template.yaml', UNDER_INDENTED);
    const policy = nodeAt(document.root, ['Resources', 'Role', 'Properties', 'Policies', 0, 'PolicyDocument']);
    assert.match(textOf(UNDER_INDENTED, policy)!, /^!Sub '\{[\s\S]*\}'$/);
    const resources = nodeAt(document.root, ['Resources', 'Role', 'Properties', 'Policies', 1, 'PolicyDocument', 'Statement', 0, 'Resource']);
    assert.equal(textOf(UNDER_INDENTED, resources?.kind === 'seq' ? resources.items[1] : undefined), '!Sub "arn:aws:rds:us-east-1:123456789012:snapshot:*"');
    assert.equal(textOf(UNDER_INDENTED, nodeAt(document.root, ['Resources', 'Model', 'Type'])), 'AWS::ApiGateway::Model');
  });

  it('leaves valid YAML, comments, plain apostrophes and block scalars alone', () => {
    assert.equal(reindentFlowContinuations('a:\n  b: [1,\n    2]\n'), undefined);
    assert.equal(reindentFlowContinuations("a: it's fine # don't\nb: |\n  [not a flow\nc: 1\n"), undefined);
  });

  it('still reports real syntax errors, at their place in the original', () => {
    const text = 'Resources:\n  A:\n    Type: [unclosed\n  B: {\n';
    const document = parseDocument('template.yaml', text);
    assert.ok(document.issues.length > 0);
    for (const issue of document.issues) assert.ok(issue.range.end <= text.length);
  });
});

describe('YAML: an unclosed bracket while typing', () => {
  it('keeps the strict reading, so the rest of the template is not swallowed into the bracket', () => {
    const text = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Subscription: [\n  Queue:\n    Type: AWS::SQS::Queue\n';
    const document = parseDocument('template.yaml', text);
    assert.ok(document.issues.some((issue) => issue.severity === 'error'));
    assert.equal(textOf(text, nodeAt(document.root, ['Resources', 'Topic', 'Type'])), 'AWS::SNS::Topic');
  });
});
