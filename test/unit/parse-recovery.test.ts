/**
 * Segment recovery: a YAML document with a syntax error is read again entry by
 * entry, so one broken entry (a half-typed line, an unclosed bracket) keeps the
 * findings of every other entry and gives one issue, on the broken line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, LineIndex } from '../../server/src/engine';
import { parseDocument } from '../../server/src/engine/parse';
import { nodeAt } from '../../server/src/engine/parse/tree';

// 21 lines. The queue policy continues its `!Sub` string on under-indented lines, as CloudFormation accepts;
// the administrator role is four lines above the last one, where the user is typing.
const TWENTY_ONE_LINES = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: !Sub '{
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "\${Queue.Arn}"}]
      }'
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AdministratorAccess
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: my-bucket
`;

const findingsOf = (path: string, text: string) => analyze({ path, text, rules: allRules });
const lineOf = (text: string, offset: number) => new LineIndex(text).positionAt(offset).line + 1;

describe('recovery: one unclosed bracket no longer hides the file', () => {
  it('keeps every finding of the 21-line template while `BucketName: [my-bucket` is typed on its last line', () => {
    assert.equal(TWENTY_ONE_LINES.split('\n').length - 1, 21);
    const complete = findingsOf('template.yaml', TWENTY_ONE_LINES);
    assert.deepEqual(complete.issues, []);
    assert.ok(complete.findings.some((finding) => finding.ruleId === 'iam-admin-managed-policy'));

    const typing = TWENTY_ONE_LINES.replace('BucketName: my-bucket', 'BucketName: [my-bucket');
    const broken = findingsOf('template.yaml', typing);
    const summary = (result: typeof complete, text: string) => result.findings.map((finding) => `${finding.ruleId}@${lineOf(text, finding.range.start)}`);
    assert.deepEqual(summary(broken, typing), summary(complete, TWENTY_ONE_LINES));
    // One issue, on the line being typed (not from line 10 on, where the under-indented string is).
    assert.equal(broken.issues.length, 1);
    assert.equal(broken.issues[0].kind, 'syntax');
    assert.equal(lineOf(typing, broken.issues[0].range.start), 21);
  });

  it('keeps the entries after a broken one, and the broken one as far as it parses', () => {
    const text = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Subscription: [\n  Queue:\n    Type: AWS::SQS::Queue\n  Bucket:\n    Type: AWS::S3::Bucket\n';
    const document = parseDocument('template.yaml', text);
    assert.equal(document.issues.length, 1);
    assert.equal(lineOf(text, document.issues[0].range.start), 5);
    assert.equal(nodeAt(document.root, ['Resources', 'Topic', 'Type'])?.kind, 'scalar');
    for (const [name, type] of [['Queue', 'AWS::SQS::Queue'], ['Bucket', 'AWS::S3::Bucket']]) {
      const node = nodeAt(document.root, ['Resources', name, 'Type']);
      assert.equal(node && text.slice(node.range.start, node.range.end), type);
    }
  });

  it('splits Serverless functions and provider, so a typo in one function keeps the others and the service kind', () => {
    const text = `service: shop
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  broken:
    handler: a.handler
    events: [ { http: { path: /a, method: get }
  intact:
    handler: b.handler
    events:
      - http: { path: /b, method: get }
`;
    const result = findingsOf('serverless.yml', text);
    assert.equal(result.kind, 'serverless');
    assert.ok(result.findings.some((finding) => finding.ruleId === 'iam-wildcard-action'));
    assert.ok(result.endpoints.some((endpoint) => endpoint.path === '/b'), JSON.stringify(result.endpoints));
    assert.equal(result.issues.filter((issue) => issue.kind === 'syntax').length, 1);
  });

  it('resolves aliases to anchors of earlier segments', () => {
    const text = `service: shop
provider:
  name: aws
custom:
  statement: &admin
    Effect: Allow
    Action: '*'
    Resource: '*'
functions:
  a:
    handler: a.handler
    bad: [
  b:
    handler: b.handler
    copy: *admin
`;
    const document = parseDocument('serverless.yml', text);
    const copy = nodeAt(document.root, ['functions', 'b', 'copy', 'Action']);
    assert.equal(copy && text.slice(copy.range.start, copy.range.end), "'*'");
  });

  it('a quote left open while typing does not swallow the resources after it', () => {
    const text = `Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: "orders
  Queue:
    Type: AWS::SQS::Queue
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      Tags: [{ Key: a, Value: "b" }]
`;
    const document = parseDocument('template.yaml', text);
    assert.ok(document.issues.some((issue) => issue.kind === 'syntax'));
    const type = nodeAt(document.root, ['Resources', 'Bucket', 'Type']);
    assert.equal(type && text.slice(type.range.start, type.range.end), 'AWS::S3::Bucket');
  });

  it('keeps the re-reading of under-indented continuations in every intact segment', () => {
    const text = `${TWENTY_ONE_LINES}  Extra:\n    Type: [AWS::SNS::Topic\n`;
    const document = parseDocument('template.yaml', text);
    const sub = nodeAt(document.root, ['Resources', 'QueuePolicy', 'Properties', 'PolicyDocument', 'Fn::Sub']);
    assert.equal(sub?.kind === 'scalar' && typeof sub.value === 'string' && sub.value.startsWith('{ "Statement"'), true);
    assert.equal(document.issues.length, 1);
    assert.equal(lineOf(text, document.issues[0].range.start), 23);
  });

  it('leaves a valid document to the whole-document parse (no recovery, same tree)', () => {
    const document = parseDocument('template.yaml', TWENTY_ONE_LINES);
    assert.deepEqual(document.issues, []);
    const role = nodeAt(document.root, ['Resources', 'AdminRole', 'Properties', 'ManagedPolicyArns', 0]);
    assert.equal(role && TWENTY_ONE_LINES.slice(role.range.start, role.range.end), 'arn:aws:iam::aws:policy/AdministratorAccess');
  });

  it('reads a `- |` block scalar as text while re-reading continuations, so a typo after it keeps the entries after it', () => {
    // From a corpus template (an ECS container command): braces and quotes inside the block scalar once made the
    // continuation re-read indent every line after it into a string, and the outputs vanished without an issue.
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: worker
          Command:
            - |
              python3 -u -c "
              print(f'Callback ID: {os.environ.get(\\"CALLBACK_ID\\", \\"N/A\\")}')
              "
Outputs:
  TaskArn:
    Value: [!Ref Task
`;
    const document = parseDocument('template.yaml', text);
    assert.deepEqual(document.issues.map((issue) => `${issue.kind}@${lineOf(text, issue.range.start)}`), ['syntax@15']);
    assert.equal(nodeAt(document.root, ['Outputs', 'TaskArn'])?.kind, 'map');
    const command = nodeAt(document.root, ['Resources', 'Task', 'Properties', 'ContainerDefinitions', 0, 'Command', 0]);
    assert.match(command?.kind === 'scalar' ? String(command.value) : '', /^python3 -u -c "\nprint/);
  });

  it('never makes a broken file look clean: a stray line at the top level keeps its error', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n${'ecutionTi'.repeat(100)}\n`;
    const document = parseDocument('template.yaml', text);
    assert.deepEqual(document.issues.map((issue) => issue.kind), ['syntax']);
    assert.equal(lineOf(text, document.issues[0].range.start), 5);
    assert.equal(nodeAt(document.root, ['Resources', 'Topic', 'Type'])?.kind, 'scalar');
  });

  it('leaves a broken entry over 128 KB out instead of parsing it twice, and keeps the rest', () => {
    const list = `[${Array(40_000).fill('"value"').join(',')}, {broken: ]`;
    const text = `service: hostile\nprovider:\n  name: aws\n  environment:\n    DB_PASSWORD: 'S3cr3tP4ssw0rdValue9'\ncustom:\n  long: ${list}\n`;
    const result = analyze({ path: 'serverless.yml', text, rules: allRules });
    assert.deepEqual(result.issues.map((issue) => issue.kind), ['syntax']);
    assert.match(result.issues[0].message, /this \d+ KB entry was left out of the analysis/);
    assert.equal(lineOf(text, result.issues[0].range.start), 7);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'hardcoded-secret-in-environment'));
  });
});
