import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../index';
import type { AwsSdkCall, ResourceValue } from '../model';

function calls(source: string, path = '/app/handler.ts'): AwsSdkCall[] {
  return analyzeCode({ path, text: source }).awsCalls;
}

function resourcesOf(call: AwsSdkCall | undefined): Record<string, ResourceValue> {
  return Object.fromEntries((call?.resources ?? []).map((resource) => [resource.parameter, resource.value]));
}

describe('AWS call resources', () => {
  const cases: Array<{ label: string; source: string; operation: string; expected: Record<string, ResourceValue> }> = [
    {
      label: 'v3 command with an environment variable and a literal',
      source: `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => { await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'reports/latest.json', Body: event.body })); };`,
      operation: 'PutObject',
      expected: { Bucket: { kind: 'env', variable: 'BUCKET' }, Key: { kind: 'literal', text: 'reports/latest.json' } },
    },
    {
      label: 'v2 DocumentClient through a params variable and a file-level constant',
      source: `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
const TABLE = process.env['ORDERS_TABLE'];
exports.handler = async (event) => { const params = { TableName: TABLE, Key: { id: event.pathParameters.id } }; return db.get(params).promise(); };`,
      operation: 'get',
      expected: { TableName: { kind: 'env', variable: 'ORDERS_TABLE' } },
    },
    {
      label: 'a name destructured from process.env, with a fallback and a template around it',
      source: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const { QUEUE } = process.env;
const client = new SQSClient({});
export const handler = async () => client.send(new SendMessageCommand({ QueueUrl: \`\${QUEUE}\`, MessageBody: 'x' }));`,
      operation: 'SendMessage',
      expected: { QueueUrl: { kind: 'env', variable: 'QUEUE' } },
    },
    {
      label: 'a prefix and suffix around the variable, and an unknown value',
      source: `import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async (event) => client.send(new QueryCommand({ TableName: \`app-\${process.env.STAGE}-orders\`, IndexName: event.index }));`,
      operation: 'Query',
      expected: { TableName: { kind: 'env', variable: 'STAGE', prefix: 'app-', suffix: '-orders' }, IndexName: { kind: 'unknown' } },
    },
    {
      label: 'batch inputs: tables as RequestItems keys',
      source: `import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const handler = async () => new BatchWriteCommand({ RequestItems: { [process.env.TABLE]: [], audit: [] } });`,
      operation: 'BatchWrite',
      expected: { TableName: { kind: 'literal', text: 'audit' } },
    },
    // Helpers whose resource is not in the first argument's object.
    {
      label: 'a v3 paginator: the input is the second argument, after the client configuration',
      source: `import { DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';
const client = new DynamoDBClient({});
export const handler = async () => { for await (const page of paginateQuery({ client, pageSize: 10 }, { TableName: 'orders' })) {} };`,
      operation: 'paginateQuery',
      expected: { TableName: { kind: 'literal', text: 'orders' } },
    },
    {
      label: 'a v3 waiter, with its input in a variable',
      source: `import { S3Client, waitUntilObjectExists } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async () => { const input = { Bucket: process.env.BUCKET, Key: 'done' }; await waitUntilObjectExists({ client: s3, maxWaitTime: 5 }, input); };`,
      operation: 'waitUntilObjectExists',
      expected: { Bucket: { kind: 'env', variable: 'BUCKET' }, Key: { kind: 'literal', text: 'done' } },
    },
    {
      label: 'a v3 presigned POST: the bucket in the second argument',
      source: `import { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
const s3 = new S3Client({});
export const handler = async () => createPresignedPost(s3, { Bucket: 'uploads', Key: 'in/x' });`,
      operation: 'createPresignedPost',
      expected: { Bucket: { kind: 'literal', text: 'uploads' }, Key: { kind: 'literal', text: 'in/x' } },
    },
    {
      label: 'v2 getSignedUrl: the parameters after the operation it signs',
      source: `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async () => s3.getSignedUrl('getObject', { Bucket: 'b2', Key: 'k' });`,
      operation: 'getSignedUrl',
      expected: { Bucket: { kind: 'literal', text: 'b2' }, Key: { kind: 'literal', text: 'k' } },
    },
    {
      label: 'v2 waitFor: the parameters after the state',
      source: `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB();
exports.handler = async () => db.waitFor('tableExists', { TableName: process.env.TABLE }).promise();`,
      operation: 'waitFor',
      expected: { TableName: { kind: 'env', variable: 'TABLE' } },
    },
    {
      label: 'Powertools getParameter: the name it reads',
      source: `import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
export const handler = async () => getParameter('/app/db', { decrypt: true });`,
      operation: 'getParameter',
      expected: { Name: { kind: 'literal', text: '/app/db' } },
    },
    {
      label: 'Powertools getSecret: the secret, from the environment',
      source: `import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
export const handler = async () => getSecret(process.env.SECRET_NAME);`,
      operation: 'getSecret',
      expected: { SecretId: { kind: 'env', variable: 'SECRET_NAME' } },
    },
    {
      label: 'a Powertools SSM provider held in a variable: the name its get reads',
      source: `import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
const provider = new SSMProvider();
export const handler = async () => provider.get('/app/flag');`,
      operation: 'SSMProvider.get',
      expected: { Name: { kind: 'literal', text: '/app/flag' } },
    },
    {
      label: 'a Powertools DynamoDB provider: the tableName it was built with',
      source: `import { DynamoDBProvider } from '@aws-lambda-powertools/parameters/dynamodb';
const provider = new DynamoDBProvider({ tableName: process.env.PARAMS_TABLE });
export const handler = async () => provider.get('flag');`,
      operation: 'DynamoDBProvider.get',
      expected: { TableName: { kind: 'env', variable: 'PARAMS_TABLE' } },
    },
    {
      label: 'a Powertools idempotency persistence layer: its tableName',
      source: `import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE });
export const handler = async () => persistenceStore;`,
      operation: 'DynamoDBPersistenceLayer',
      expected: { TableName: { kind: 'env', variable: 'IDEMPOTENCY_TABLE' } },
    },
    {
      label: 'makeIdempotent: the table of the persistence store it is given',
      source: `import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
export const handler = makeIdempotent(async () => ({}), { persistenceStore });`,
      operation: 'makeIdempotent',
      expected: { TableName: { kind: 'literal', text: 'idempotency' } },
    },
    {
      label: 'makeIdempotent with a store it cannot see: no table, never a guess',
      source: `import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { store } from './store';
export const handler = makeIdempotent(async () => ({}), { persistenceStore: store });`,
      operation: 'makeIdempotent',
      expected: {},
    },
  ];
  for (const { label, source, operation, expected } of cases) {
    it(label, () => {
      const call = calls(source).find((candidate) => candidate.operation === operation);
      assert.ok(call, `a ${operation} call is found`);
      assert.deepEqual(resourcesOf(call), expected);
    });
  }

  it('lists every table of a batch', () => {
    const call = calls(`import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
export const handler = async () => new BatchWriteCommand({ RequestItems: { [process.env.TABLE]: [], audit: [] } });`)[0];
    assert.deepEqual(call.resources?.map((resource) => resource.value), [{ kind: 'env', variable: 'TABLE' }, { kind: 'literal', text: 'audit' }]);
  });
});

describe('opaque AWS calls', () => {
  it('a command built elsewhere makes the calls incomplete; a visible one does not', () => {
    const document = analyzeCode({
      path: '/app/h.ts',
      text: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const seen = async () => { const command = new GetObjectCommand({ Bucket: 'b', Key: 'k' }); return s3.send(command); };
export const unseen = async (command) => s3.send(command);`,
    });
    assert.equal(document.opaqueAwsCalls?.length, 1);
    assert.match(document.opaqueAwsCalls![0].reason, /s3\.send\(command\)` sends a command built elsewhere/);
  });

  it('a v2 client called with a computed operation', () => {
    const document = analyzeCode({ path: '/app/h.js', text: `const AWS = require('aws-sdk'); const s3 = new AWS.S3(); exports.handler = async (event) => s3[event.op]({ Bucket: 'b' }).promise();` });
    assert.equal(document.opaqueAwsCalls?.length, 1);
    assert.match(document.opaqueAwsCalls![0].reason, /operation chosen at run time/);
  });

  it('clients given credentials of their own are listed', () => {
    const document = analyzeCode({
      path: '/app/h.mjs',
      text: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export const handler = async (event) => { const client = new DynamoDBClient({ credentials: { accessKeyId: event.requestContext.authorizer.accessKey } }); return client; };`,
    });
    assert.equal(document.awsCredentials?.length, 1);
    assert.match(document.awsCredentials![0].reason, /DynamoDBClient` is given credentials of its own/);
    assert.equal(analyzeCode({ path: '/app/h.mjs', text: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; const c = new DynamoDBClient({ region: 'eu-west-1' });` }).awsCredentials, undefined);
  });

  it('the aggregated DocumentClient built by DynamoDBDocument.from: its methods are calls, with their tables', () => {
    const document = analyzeCode({
      path: '/app/h.mjs',
      text: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocument.from(new DynamoDBClient({}));
export const handler = async (event) => {
  const r = await doc.get({ TableName: process.env.TABLE_NAME, Key: { id: event.id } });
  await doc.delete({ TableName: process.env.TABLE_NAME, Key: { id: event.id } });
  return r.Item;
};`,
    });
    assert.deepEqual(document.awsCalls.map((call) => `${call.packageName} ${call.service}.${call.operation}`), ['@aws-sdk/lib-dynamodb DynamoDB.DocumentClient.Get', '@aws-sdk/lib-dynamodb DynamoDB.DocumentClient.Delete']);
    assert.deepEqual(resourcesOf(document.awsCalls[1]), { TableName: { kind: 'env', variable: 'TABLE_NAME' } });
    assert.equal(document.opaqueAwsCalls, undefined);
  });

  it('a method of a v3 client that is not recorded as a call makes the calls incomplete; send, destroy and the middleware stack do not', () => {
    const document = analyzeCode({
      path: '/app/h.mjs',
      text: `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = new DynamoDBClient({});
const doc = DynamoDBDocumentClient.from(client);
export const handler = async () => {
  doc.middlewareStack.add((next) => next);
  await doc.get({ TableName: 't', Key: {} });
  client.destroy();
};`,
    });
    assert.equal(document.opaqueAwsCalls?.length, 1);
    assert.match(document.opaqueAwsCalls![0].reason, /doc\.get\(.*calls a method of an AWS SDK client that is not mapped to IAM actions/);
  });

  it('a file that does not load the SDK has none', () => {
    assert.equal(analyzeCode({ path: '/app/h.js', text: `exports.handler = async (event, client) => client.send(event.command);` }).opaqueAwsCalls, undefined);
  });
});

describe('AWS calls of imported helpers', () => {
  const modules: Record<string, string> = {
    '/app/lib/db.mjs': `import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(client);
export const save = (item) => doc.send(new PutCommand({ TableName: process.env.TABLE, Item: item }));`,
    '/app/lib/deep.mjs': `import { save } from './db.mjs'; export const saveTwice = (item) => save(item);`,
  };
  const readModule = (from: string, specifier: string) => {
    const path = `/app/lib/${specifier.replace('./lib/', '').replace('./', '')}`;
    return modules[path] === undefined ? undefined : { path, text: modules[path] };
  };

  it('a helper\'s calls are the handler\'s too, located in the helper', () => {
    const document = analyzeCode({ path: '/app/handler.mjs', text: `import { save } from './lib/db.mjs'; export const handler = async (event) => save(JSON.parse(event.body));`, readModule });
    assert.deepEqual(document.awsCalls.map((call) => [call.operation, call.location.path]), [['Put', '/app/lib/db.mjs']]);
    assert.deepEqual(document.awsCalls[0].resources?.map((resource) => resource.value), [{ kind: 'env', variable: 'TABLE' }]);
    assert.equal(document.awsCallsIncomplete, undefined);
  });

  it('a helper that imports further modules, or one that cannot be read, leaves the list incomplete', () => {
    const deep = analyzeCode({ path: '/app/handler.mjs', text: `import { saveTwice } from './lib/deep.mjs'; export const handler = async (event) => saveTwice(event);`, readModule });
    assert.deepEqual(deep.awsCallsIncomplete, ["'./lib/deep.mjs' imports './db.mjs', which is not read"]);
    const missing = analyzeCode({ path: '/app/handler.mjs', text: `import { x } from './lib/gone.mjs'; export const handler = async () => x();`, readModule });
    assert.deepEqual(missing.awsCallsIncomplete, ["'./lib/gone.mjs' could not be read"]);
  });
});

describe('AWS call details (the arguments that decide a call\'s actions)', () => {
  const detailsOf = (source: string, operation: string) => calls(source).find((call) => call.operation === operation)?.details;

  it('reads the operation a v2 getSignedUrl signs, directly or through a constant', () => {
    const source = `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
const OP = 'putObject';
exports.upload = async () => s3.getSignedUrl(OP, { Bucket: process.env.BUCKET, Key: 'a' });
exports.download = async () => s3.getSignedUrlPromise('getObject', { Bucket: process.env.BUCKET, Key: 'a' });`;
    const found = calls(source).map((call) => [call.operation, call.details]);
    assert.deepEqual(found, [
      ['getSignedUrl', { signedOperation: 'putObject' }],
      ['getSignedUrlPromise', { signedOperation: 'getObject' }],
    ]);
  });

  it('leaves a computed signed operation and a computed waiter state unknown', () => {
    const source = `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (event) => { s3.getSignedUrl(event.op, {}); await s3.waitFor(event.state, {}).promise(); };`;
    assert.equal(detailsOf(source, 'getSignedUrl'), undefined);
    assert.equal(detailsOf(source, 'waitFor'), undefined);
  });

  it('reads a v2 waiter state', () => {
    const source = `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB();
exports.handler = async () => db.waitFor('tableExists', { TableName: 'orders' }).promise();`;
    assert.deepEqual(detailsOf(source, 'waitFor'), { waiterState: 'tableExists' });
  });

  it('reads PartiQL statements, and gives none when one of them is computed', () => {
    const source = `import { DynamoDBClient, ExecuteStatementCommand, BatchExecuteStatementCommand, ExecuteTransactionCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
const DELETE = 'DELETE FROM orders WHERE id = ?';
export const one = async () => db.send(new ExecuteStatementCommand({ Statement: 'SELECT * FROM orders WHERE id = ?' }));
export const batch = async () => db.send(new BatchExecuteStatementCommand({ Statements: [{ Statement: "INSERT INTO orders VALUE {'id': ?}" }, { Statement: DELETE }] }));
export const computed = async (event) => db.send(new ExecuteTransactionCommand({ TransactStatements: [{ Statement: DELETE }, { Statement: event.sql }] }));`;
    assert.deepEqual(detailsOf(source, 'ExecuteStatement'), { statements: ['SELECT * FROM orders WHERE id = ?'] });
    assert.deepEqual(detailsOf(source, 'BatchExecuteStatement'), { statements: ["INSERT INTO orders VALUE {'id': ?}", 'DELETE FROM orders WHERE id = ?'] });
    assert.equal(detailsOf(source, 'ExecuteTransaction'), undefined);
  });

  it('reads the item kinds of a transaction written as a literal (v3 command and v2 DocumentClient)', () => {
    const source = `import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
const AWS = require('aws-sdk');
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const v2 = new AWS.DynamoDB.DocumentClient();
export const v3 = async () => ddb.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 't', Item: {} } }, { ConditionCheck: { TableName: 't', Key: {}, ConditionExpression: 'x' } }] }));
export const old = async () => v2.transactWrite({ TransactItems: [{ Delete: { TableName: 't', Key: {} } }] }).promise();`;
    assert.deepEqual(detailsOf(source, 'TransactWrite'), { transactItemKinds: ['Put', 'ConditionCheck'] });
    assert.deepEqual(detailsOf(source, 'transactWrite'), { transactItemKinds: ['Delete'] });
  });
});
