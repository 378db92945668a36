import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../code';
import { buildProject } from '../project';
import { neededPolicy, policyStatementsYaml } from './policy';
import { parse as parseYaml } from 'yaml';

describe('neededPolicy', () => {
  it('scopes each action to the template resource the environment names, in the template\'s syntax', () => {
    const template = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/handler.create
    environment:
      TABLE: !Ref Orders
      BUCKET: !Ref Uploads
      TOPIC: !Ref Events
resources:
  Resources:
    Orders: { Type: AWS::DynamoDB::Table }
    Uploads: { Type: AWS::S3::Bucket }
    Events: { Type: AWS::SNS::Topic }
`;
    const code = `import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
const sns = new SNSClient({});
export const create = async (event) => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: {} }));
  await doc.send(new QueryCommand({ TableName: process.env.TABLE, IndexName: 'byUser' }));
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'receipts/' + event.id, Body: '' }));
  await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'created' }));
};`;
    const path = '/app/src/handler.mjs';
    const project = buildProject({ templates: [{ path: '/app/serverless.yml', text: template }], files: { exists: (candidate) => candidate === path }, roots: ['/app'] });
    const [binding] = project.bindingsFor(path);
    const policy = neededPolicy(analyzeCode({ path, text: code }), { exportName: 'create', environmentResources: binding.environmentResources });
    assert.equal(policy.calls, 4);
    assert.deepEqual(policy.statements, [
      { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] },
      // The Query names an IndexName: it acts on the table's index, whose ARN is the table's plus /index/<name>.
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [{ 'Fn::Sub': '${Orders.Arn}/index/*' }] },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [{ 'Fn::Sub': '${Uploads.Arn}/*' }] },
      { Effect: 'Allow', Action: ['sns:Publish'], Resource: [{ Ref: 'Events' }] },
    ]);
    assert.equal(
      policyStatementsYaml([policy.statements[0], policy.statements[2]], '  '),
      ["  - Effect: Allow", "    Action:", "      - dynamodb:PutItem", "    Resource:", "      - !GetAtt Orders.Arn", "  - Effect: Allow", "    Action:", "      - s3:PutObject", "    Resource:", "      - !Sub '${Uploads.Arn}/*'"].join('\n'),
    );
    // For a JSON template: the long form, which parses to exactly the JSON the statements are.
    const longForm = policyStatementsYaml(policy.statements, '', true);
    assert.doesNotMatch(longForm, /!/);
    assert.deepEqual(parseYaml(longForm), policy.statements);
  });

  it('a table named in the environment by the same text as its TableName is that table', () => {
    const template = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    ORDERS_TABLE: \${self:service}-\${sls:stage}-orders
functions:
  list:
    handler: src/handler.list
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:service}-\${sls:stage}-orders
`;
    const path = '/app/src/handler.js';
    const project = buildProject({ templates: [{ path: '/app/serverless.yml', text: template }], files: { exists: (candidate) => candidate === path }, roots: ['/app'] });
    const [binding] = project.bindingsFor(path);
    assert.equal(binding.environmentResources?.ORDERS_TABLE?.logicalId, 'Orders');
    const code = `const AWS = require('aws-sdk'); const db = new AWS.DynamoDB.DocumentClient();
exports.list = async () => db.scan({ TableName: process.env.ORDERS_TABLE }).promise();`;
    const policy = neededPolicy(analyzeCode({ path, text: code }), { exportName: 'list', environmentResources: binding.environmentResources });
    assert.deepEqual(policy.statements, [{ Effect: 'Allow', Action: ['dynamodb:Scan'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] }]);
  });

  it('a source file alone: literals become ARNs, unknown targets stay * with a note', () => {
    const code = `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
const sqs = new AWS.SQS();
exports.handler = async (event) => {
  await s3.getObject({ Bucket: 'reports', Key: 'daily.csv' }).promise();
  await sqs.sendMessage({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', MessageBody: 'x' }).promise();
  await s3.putObject({ Bucket: event.bucket, Key: 'x', Body: '' }).promise();
};`;
    const policy = neededPolicy(analyzeCode({ path: '/tool/job.js', text: code }));
    assert.deepEqual(policy.statements, [
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::reports/daily.csv' }] },
      { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['*'] },
      { Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['arn:aws:sqs:eu-west-1:123456789012:jobs'] },
    ]);
    assert.ok(policy.notes.some((note) => /S3\.putObject.*Bucket is not known; scope it by hand/.test(note)), policy.notes.join('\n'));
    assert.ok(policy.notes.some((note) => /kms:Decrypt/.test(note)), 'the side permission of an encrypted read is a note');
  });

  it('a presigned URL, a waiter and a PartiQL statement written as literals need the actions they stand for', () => {
    const code = `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
const db = new AWS.DynamoDB();
exports.handler = async () => {
  const url = s3.getSignedUrl('putObject', { Bucket: 'uploads', Key: 'in/file.csv', Expires: 60 });
  await db.waitFor('tableExists', { TableName: 'orders' }).promise();
  await db.executeStatement({ Statement: 'SELECT * FROM "orders" WHERE id = ?' }).promise();
  return url;
};`;
    const policy = neededPolicy(analyzeCode({ path: '/tool/presign.js', text: code }));
    const actions = policy.statements.flatMap((statement) => statement.Action).sort();
    assert.deepEqual(actions, ['dynamodb:DescribeTable', 'dynamodb:PartiQLSelect', 's3:PutObject']);
    assert.ok(!policy.notes.some((note) => /is not known/.test(note) && /getSignedUrl|waitFor|executeStatement/.test(note)), policy.notes.join('\n'));
  });

  it('only the calls of the named handler, and helpers outside every handler', () => {
    const code = `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sqs = new SQSClient({}); const sns = new SNSClient({});
const notify = () => sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t', Message: 'x' }));
export const a = async () => { await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q', MessageBody: 'x' })); return notify(); };
export const b = async () => notify();`;
    const document = analyzeCode({ path: '/app/h.mjs', text: code, handlers: [{ exportName: 'a' }, { exportName: 'b' }] });
    assert.deepEqual(neededPolicy(document, { exportName: 'b' }).statements.map((statement) => statement.Action), [['sns:Publish']]);
    assert.deepEqual(neededPolicy(document, { exportName: 'a' }).statements.map((statement) => statement.Action).sort(), [['sns:Publish'], ['sqs:SendMessage']]);
  });

  it('an SSM parameter named by a literal: its ARN drops the leading slash of a hierarchical name', () => {
    const code = `import { SSMClient, GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
const ssm = new SSMClient({});
export const handler = async () => {
  const secret = await ssm.send(new GetParameterCommand({ Name: '/app/db-password', WithDecryption: true }));
  await ssm.send(new PutParameterCommand({ Name: 'last-run', Value: 'now', Overwrite: true }));
  return secret;
};`;
    const policy = neededPolicy(analyzeCode({ path: '/app/h.mjs', text: code }));
    assert.deepEqual(policy.statements, [
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/db-password' }] },
      { Effect: 'Allow', Action: ['ssm:PutParameter'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/last-run' }] },
    ]);
    assert.ok(!policy.notes.some((note) => /not derived/.test(note)), policy.notes.join('\n'));
  });

  it('an SSM parameter of the template, named through the environment: its ARN follows whether its Name starts with a slash', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String }
  ParameterName: { Type: String }
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Environment:
        Variables:
          HIERARCHICAL: !Ref Hierarchical
          FLAT: !Ref Flat
          GENERATED: !Ref Generated
          STAGED: !Ref Staged
          GIVEN: !Ref Given
  Hierarchical: { Type: AWS::SSM::Parameter, Properties: { Name: /app/db-host, Type: String, Value: x } }
  Flat: { Type: AWS::SSM::Parameter, Properties: { Name: feature-flags, Type: String, Value: x } }
  Generated: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: x } }
  Staged: { Type: AWS::SSM::Parameter, Properties: { Name: !Sub '/\${Stage}/db-port', Type: String, Value: x } }
  Given: { Type: AWS::SSM::Parameter, Properties: { Name: !Ref ParameterName, Type: String, Value: x } }
`;
    const code = `import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';
const ssm = new SSMClient({});
export const handler = async () => Promise.all(['HIERARCHICAL', 'FLAT', 'GENERATED', 'STAGED', 'GIVEN'].map(() => 0)).then(async () => {
  await ssm.send(new GetParameterCommand({ Name: process.env.HIERARCHICAL }));
  await ssm.send(new GetParameterCommand({ Name: process.env.FLAT }));
  await ssm.send(new GetParameterCommand({ Name: process.env.GENERATED }));
  await ssm.send(new GetParameterCommand({ Name: process.env.STAGED }));
  await ssm.send(new GetParameterCommand({ Name: process.env.GIVEN }));
});`;
    const path = '/app/src/h.mjs';
    const project = buildProject({ templates: [{ path: '/app/template.yaml', text: template }], files: { exists: (candidate) => candidate === path }, roots: ['/app'] });
    const [binding] = project.bindingsFor(path);
    assert.equal(binding.environmentResources?.GIVEN?.nameStartsWithSlash, undefined, 'a name from a template parameter is unknown');
    const policy = neededPolicy(analyzeCode({ path, text: code }), { exportName: 'handler', environmentResources: binding.environmentResources });
    const arn = (rest: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:${rest}` });
    // The call on an unknown ARN (GIVEN) adds '*', with the note saying why.
    assert.deepEqual(policy.statements.map((statement) => statement.Resource), [[arn('parameter${Hierarchical}'), arn('parameter/${Flat}'), arn('parameter/${Generated}'), arn('parameter${Staged}'), '*']]);
    assert.ok(policy.notes.some((note) => /GIVEN.*\(Given\), whose ARN depends on whether its name starts with '\/'/.test(note)), policy.notes.join('\n'));
    const known = neededPolicy(analyzeCode({ path, text: code.replace(/\n {2}await ssm\.send\(new GetParameterCommand\(\{ Name: process\.env\.GIVEN \}\)\);/, '') }), { exportName: 'handler', environmentResources: binding.environmentResources });
    assert.deepEqual(known.statements, [
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [arn('parameter${Hierarchical}'), arn('parameter/${Flat}'), arn('parameter/${Generated}'), arn('parameter${Staged}')] },
    ]);
  });

  it('helpers whose resource is not in their first argument read like the others: paginators, waiters, v2 presigned URLs, Powertools', () => {
    const code = `import { DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';
import { S3Client, waitUntilObjectExists } from '@aws-sdk/client-s3';
import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
const AWS = require('aws-sdk');
const v2 = new AWS.S3();
const client = new DynamoDBClient({});
const s3 = new S3Client({});
export const handler = async () => {
  for await (const page of paginateQuery({ client }, { TableName: 'orders' })) {}
  await waitUntilObjectExists({ client: s3, maxWaitTime: 5 }, { Bucket: 'lit-bucket', Key: 'b' });
  const url = v2.getSignedUrl('getObject', { Bucket: 'b2', Key: 'k' });
  await getParameter('/app/db');
  return getSecret('my-secret');
};`;
    const policy = neededPolicy(analyzeCode({ path: '/tool/helpers.mjs', text: code }));
    const regional = (rest: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:${rest.split(':')[0]}:\${AWS::Region}:\${AWS::AccountId}:${rest.split(':').slice(1).join(':')}` });
    assert.deepEqual(policy.statements, [
      { Effect: 'Allow', Action: ['dynamodb:Query'], Resource: [regional('dynamodb:table/orders')] },
      { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::lit-bucket/b' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b2/k' }] },
      // A secret's ARN ends in six random characters after its name.
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [regional('secretsmanager:secret:my-secret-??????')] },
      { Effect: 'Allow', Action: ['ssm:GetParameter'], Resource: [regional('ssm:parameter/app/db')] },
    ]);
    assert.ok(!policy.notes.some((note) => /scope it by hand/.test(note)), policy.notes.join('\n'));
  });

  it('the Powertools idempotency table and a secret named through the environment become the template\'s resources', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: h.handler
      Runtime: nodejs20.x
      CodeUri: src/
      Environment:
        Variables:
          IDEMPOTENCY_TABLE: !Ref Idempotency
          SECRET: !Ref ApiKey
  Idempotency: { Type: AWS::DynamoDB::Table }
  ApiKey: { Type: AWS::SecretsManager::Secret }
`;
    const code = `import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE });
export const handler = makeIdempotent(async () => getSecret(process.env.SECRET), { persistenceStore });`;
    const path = '/app/src/h.mjs';
    const project = buildProject({ templates: [{ path: '/app/template.yaml', text: template }], files: { exists: (candidate) => candidate === path }, roots: ['/app'] });
    const [binding] = project.bindingsFor(path);
    const policy = neededPolicy(analyzeCode({ path, text: code }), { exportName: 'handler', environmentResources: binding.environmentResources });
    assert.deepEqual(policy.statements, [
      { Effect: 'Allow', Action: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], Resource: [{ 'Fn::GetAtt': ['Idempotency', 'Arn'] }] },
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [{ Ref: 'ApiKey' }] },
    ]);
    assert.ok(!policy.notes.some((note) => /scope it by hand/.test(note)), policy.notes.join('\n'));
    assert.equal(policyStatementsYaml(policy.statements).split('\n').filter((line) => line.includes('!')).join('|'), '    - !GetAtt Idempotency.Arn|    - !Ref ApiKey');
  });
});
