/**
 * `slsward policy` through the built binary: the least-privilege statements of each function from
 * its handler's AWS calls, scoped to the template's resources (JSON and YAML), a source file on its
 * own, and the usage errors of its options.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Receipts:
    Type: AWS::S3::Bucket
  Create:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: orders.create
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref Orders
          BUCKET: !Ref Receipts
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Orders
  Ping:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: orders.ping
      Runtime: nodejs20.x
`;

const HANDLER = `import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
export const create = async (event) => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: { id: '1' } }));
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'receipts/1.pdf', Body: '' }));
  return { statusCode: 201 };
};
export const ping = async () => ({ statusCode: 200 });
`;

describe('slsward policy', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'slsward-policy-'));
    mkdirSync(join(folder, 'src'));
    writeFileSync(join(folder, 'template.yaml'), TEMPLATE);
    writeFileSync(join(folder, 'src', 'orders.mjs'), HANDLER);
    writeFileSync(join(folder, 'job.js'), `const AWS = require('aws-sdk');\nconst sqs = new AWS.SQS();\nexports.run = () => sqs.sendMessage({ QueueUrl: process.env.QUEUE, MessageBody: 'x' }).promise();\n`);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('prints each function\'s statements as JSON, scoped to the template\'s resources', async () => {
    const run = await runCli(['policy', '.', '--format', 'json', '--exclude', 'job.js'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { functions: Array<{ function: string; handler?: { path: string; export: string }; policy?: { Version: string; Statement: unknown[] }; calls?: number }> };
    const create = report.functions.find((entry) => entry.function === 'Create');
    assert.deepEqual(create?.handler, { path: join('src', 'orders.mjs'), export: 'create' });
    assert.equal(create?.calls, 2);
    assert.deepEqual(create?.policy, {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] },
        { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [{ 'Fn::Sub': '${Receipts.Arn}/receipts/1.pdf' }] },
      ],
    });
    assert.deepEqual(report.functions.find((entry) => entry.function === 'Ping')?.policy?.Statement, []);
  });

  it('--function and --format yaml: one function, in the template\'s syntax', async () => {
    const run = await runCli(['policy', '--function', 'Create', '--format', 'yaml', 'template.yaml'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# template\.yaml: function Create \(src\/orders\.mjs, export create\)\n- Effect: Allow\n  Action:\n    - dynamodb:PutItem\n  Resource:\n    - !GetAtt Orders\.Arn\n/);
    assert.doesNotMatch(run.stdout, /Ping/);
  });

  it('a source file on its own: what its calls need, with what could not be scoped', async () => {
    const run = await runCli(['policy', 'job.js', '--format', 'json'], { cwd: folder });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; policy: { Statement: Array<{ Action: string[]; Resource: unknown[] }> }; notes: string[] }> };
    assert.equal(report.files[0].path, 'job.js');
    assert.deepEqual(report.files[0].policy.Statement, [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['*'] }]);
    assert.ok(report.files[0].notes.some((note) => /QueueUrl comes from `QUEUE`/.test(note)), report.files[0].notes.join('\n'));
  });

  it('usage errors: a format it does not print, --function elsewhere, a missing path', async () => {
    const sarif = await runCli(['policy', '--format', 'sarif'], { cwd: folder });
    assert.equal(sarif.code, 2);
    assert.match(sarif.stderr, /--format must be one of json, yaml, text for policy/);
    const misplaced = await runCli(['audit', '--function', 'Create'], { cwd: folder });
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.stderr, /--function is an option of 'policy'/);
    const missing = await runCli(['policy', 'nowhere'], { cwd: folder });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nowhere: /);
    // A function no template has: one line naming the functions there, nothing on stdout, in every format.
    for (const format of ['json', 'yaml', 'text']) {
      const unknown = await runCli(['policy', '--function', 'Nope', '--format', format, 'template.yaml'], { cwd: folder });
      assert.equal(unknown.code, 2, format);
      assert.equal(unknown.stdout, '', format);
      assert.equal(unknown.stderr.split('\n')[0], "slsward: no function named 'Nope' in the given templates (functions: Create, Ping)");
    }
    const noTemplate = await runCli(['policy', '--function', 'Create', 'job.js'], { cwd: folder });
    assert.equal(noTemplate.code, 2);
    assert.match(noTemplate.stderr, /^slsward: no function named 'Create': the given paths hold no template with functions\n/);
  });
});
