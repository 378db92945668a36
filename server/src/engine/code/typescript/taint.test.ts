// Data-driven taint cases for the JavaScript/TypeScript front end: each case is a handler, the
// trigger, and the exact set of flows (source kind -> sink kind) it must produce. Valid cases
// expect no flow; the hard ones cover helpers, guards, Promise.all, array methods and closures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument, type TriggerKind } from '../index';

interface Case {
  name: string;
  code: string;
  trigger?: TriggerKind;
  path?: string;
  flows: string[];
}

function flowsOf(document: CodeDocument): string[] {
  return [...new Set(document.flows.map((flow) => `${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind}`))].sort();
}

const api = (body: string, prelude = ''): string => `${prelude}\nexports.handler = async (event) => {\n${body}\n};\n`;

const CASES: Case[] = [
  // --- sources per trigger ---
  { name: 'ResponseURL of a custom resource event in an SQS body', code: api(`const request = JSON.parse(event.Records[0].body);\n  await fetch(request.ResponseURL, { method: 'PUT' });\n  await fetch(request.callbackUrl);`), trigger: 'sqs', flows: ['sqs.body -> url'] },
  { name: 'ResponseURL of a custom resource event in an SNS message, destructured', code: api(`const { ResponseURL, StackId } = JSON.parse(event.Records[0].Sns.Message);\n  await fetch(ResponseURL, { method: 'PUT', body: StackId });`), trigger: 'sns', flows: [] },
  { name: 'a ResponseURL in an API body is the caller\'s', code: api(`await fetch(JSON.parse(event.body).ResponseURL);`), trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'a CloudFront uri after a fixed host', code: api(`const r = event.Records[0].cf.request;\n  await fetch('https://origin.example.com' + r.uri);`), trigger: 'cloudfront', flows: [] },
  { name: 'a CloudFront uri sliced after a fixed host', code: api(`const r = event.Records[0].cf.request;\n  await fetch('https://origin.example.com' + r.uri.slice(1));`), trigger: 'cloudfront', flows: ['cloudfront.uri -> url'] },
  { name: 'a raw path passed through a helper that returns it as it is', code: api(`await fetch(\`https://api.example.com\${same(event.rawPath)}\`);`, `function same(p) { return p; }`), trigger: 'api-http', flows: [] },
  { name: 'a raw path through a helper that strips its slash', code: api(`await fetch(\`https://api.example.com\${strip(event.rawPath)}\`);`, `function strip(p) { return p.replace(/^\\//, ''); }`), trigger: 'api-http', flows: ['event.rawPath -> url'] },
  { name: 'a class handler that hands the body to its own method (this.run)', code: `import { exec } from 'child_process';\nclass Lambda {\n  async handler(event) { return this.run(event.body); }\n  private run(command) { exec(command); }\n  private check = (value) => exec('test ' + value);\n}\nconst instance = new Lambda();\nexport const handler = instance.handler.bind(instance);`, path: 'h.ts', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'a class handler whose own method gets a constant', code: `import { exec } from 'child_process';\nclass Lambda {\n  async handler(event) { this.run('uptime'); return this.check(Number(event.body)); }\n  private run(command) { exec(command); }\n  private check = (value) => exec('test ' + value);\n}\nconst instance = new Lambda();\nexport const handler = instance.handler.bind(instance);`, path: 'h.ts', trigger: 'api-rest', flows: [] },
  { name: 'API body into exec', code: api(`exec(event.body);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'query string into exec', code: api(`exec('ls ' + event.queryStringParameters.dir);`, `const { exec } = require('child_process');`), trigger: 'api-http', flows: ['event.queryStringParameters -> command'] },
  { name: 'path parameters into fs', code: api(`return fs.readFileSync('/data/' + event.pathParameters.name);`, `const fs = require('fs');`), trigger: 'api-rest', flows: ['event.pathParameters -> path'] },
  { name: 'headers into fetch', code: api(`await fetch(event.headers['x-callback']);`), trigger: 'function-url', flows: ['event.headers -> url'] },
  { name: 'multi-value query into exec', code: api(`execSync(event.multiValueQueryStringParameters.a.join(' '));`, `import { execSync } from 'node:child_process';`), path: 'h.mjs', trigger: 'api-rest', flows: ['event.multiValueQueryStringParameters -> command'] },
  { name: 'cookies, rawPath and rawQueryString', code: api(`eval(event.cookies[0]); fs.unlinkSync(event.rawPath); await fetch(event.rawQueryString);`, `const fs = require('fs');`), trigger: 'api-http', flows: ['event.cookies -> code-eval', 'event.rawPath -> path', 'event.rawQueryString -> url'] },
  { name: 'authorizer claims are trusted', code: api(`exec('id ' + event.requestContext.authorizer.claims.sub);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'S3 object key into exec', code: `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    exec('convert ' + record.s3.object.key);\n  }\n};`, trigger: 's3', flows: ['s3.key -> command'] },
  { name: 'S3 object body read with the event key (SDK v3), into exec', code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst { exec } = require('child_process');\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  for (const rec of event.Records) {\n    const key = decodeURIComponent(rec.s3.object.key.replace(/\+/g, ' '));\n    const obj = await s3.send(new GetObjectCommand({ Bucket: rec.s3.bucket.name, Key: key }));\n    const text = await obj.Body.transformToString();\n    exec('process ' + text);\n  }\n};`, trigger: 's3', flows: ['s3-object-body -> command'] },
  { name: 'S3 object body (SDK v3): a command in a variable, the body destructured, read as bytes or streamed', code: `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';\nimport { execSync } from 'child_process';\nimport * as fs from 'fs';\nconst s3 = new S3Client({});\nexport const handler = async (event) => {\n  const { key } = event.Records[0].s3.object;\n  const command = new GetObjectCommand({ Bucket: 'b', Key: key });\n  const { Body } = await s3.send(command);\n  execSync('x ' + Buffer.from(await Body.transformToByteArray()).toString());\n  const streamed = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key }));\n  let text = '';\n  for await (const chunk of streamed.Body) text += chunk;\n  fs.readFileSync(text);\n};`, path: 'h.ts', trigger: 's3', flows: ['s3-object-body -> command', 's3-object-body -> path'] },
  { name: 'S3 object body read with the event key (SDK v2), promise and callback', code: `const AWS = require('aws-sdk');\nconst { exec } = require('child_process');\nconst s3 = new AWS.S3();\nexports.handler = async (event) => {\n  const params = { Bucket: event.Records[0].s3.bucket.name, Key: event.Records[0].s3.object.key };\n  const data = await s3.getObject(params).promise();\n  exec('process ' + data.Body.toString('utf-8'));\n  s3.getObject(params, (err, object) => { eval(String(object.Body)); });\n};`, trigger: 's3', flows: ['s3-object-body -> code-eval', 's3-object-body -> command'] },
  { name: 'S3 object read with a constant key is the bucket\'s content, not the trigger\'s object', code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst { exec } = require('child_process');\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  const obj = await s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'commands/' + 'nightly.txt' }));\n  exec('process ' + await obj.Body.transformToString());\n};`, trigger: 's3', flows: [] },
  { name: 'S3 object read with a key from an API query is not a source of its own', code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst { exec } = require('child_process');\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  const obj = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: event.queryStringParameters.report }));\n  exec('process ' + await obj.Body.transformToString());\n};`, trigger: 'api-http', flows: [] },
  { name: 'S3 object body parsed and checked against a zod enum', code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst { exec } = require('child_process');\nconst { z } = require('zod');\nconst Job = z.object({ format: z.enum(['png', 'jpg']) });\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  const obj = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.Records[0].s3.object.key }));\n  const job = Job.parse(JSON.parse(await obj.Body.transformToString()));\n  exec('convert in out.' + job.format);\n};`, trigger: 's3', flows: [] },
  { name: 'S3 bucket name is trusted', code: `const { exec } = require('child_process');\nexports.handler = async (event) => { exec('aws s3 ls ' + event.Records[0].s3.bucket.name); };`, trigger: 's3', flows: [] },
  { name: 'SQS body through JSON.parse and map', code: `const { Client } = require('pg');\nconst client = new Client();\nexports.handler = async (event) => {\n  const items = event.Records.map((r) => JSON.parse(r.body));\n  for (const item of items) await client.query("SELECT * FROM t WHERE id = '" + item.id + "'");\n};`, trigger: 'sqs', flows: ['sqs.body -> sql'] },
  { name: 'SNS message into eval', code: `exports.handler = async (event) => { eval(event.Records[0].Sns.Message); };`, trigger: 'sns', flows: ['sns.message -> code-eval'] },
  { name: 'EventBridge detail into axios', code: `const axios = require('axios');\nexports.handler = async (event) => { await axios.get(event.detail.url); };`, trigger: 'eventbridge', flows: ['eventbridge.detail -> url'] },
  { name: 'Kinesis data through Buffer.from', code: `const vm = require('vm');\nexports.handler = async (event) => { for (const r of event.Records) vm.runInNewContext(Buffer.from(r.kinesis.data, 'base64').toString()); };`, trigger: 'kinesis', flows: ['kinesis.data -> code-eval'] },
  { name: 'DynamoDB stream image into exec', code: `const cp = require('child_process');\nexports.handler = async (event) => { event.Records.forEach((r) => cp.exec(r.dynamodb.NewImage.cmd.S)); };`, trigger: 'dynamodb-stream', flows: ['dynamodb.image -> command'] },
  { name: 'Cognito attributes into fetch', code: `exports.handler = async (event) => { await fetch(event.request.userAttributes.website); return event; };`, trigger: 'cognito', flows: ['cognito.userAttributes -> url'] },
  { name: 'a query-string host into a raw TCP connection', code: `const net = require('net');\nexports.handler = async (event) => { const client = new net.Socket(); client.connect(443, event.queryStringParameters.host); };`, trigger: 'api-rest', flows: ['event.queryStringParameters -> url'] },
  { name: 'a body host into tls.connect options', code: `const tls = require('tls');\nexports.handler = async (event) => { const { host } = JSON.parse(event.body); tls.connect({ host, port: 443 }); };`, trigger: 'api-http', flows: ['event.body -> url'] },
  { name: 'a query-string port with a fixed host is no SSRF', code: `const net = require('net');\nexports.handler = async (event) => { net.connect(Number(event.queryStringParameters.port), 'db.internal'); };`, trigger: 'api-rest', flows: [] },
  { name: 'AppSync arguments into RegExp', code: `exports.handler = async (event) => new RegExp(event.arguments.pattern).test('x');`, trigger: 'appsync', flows: ['appsync.arguments -> regex'] },
  { name: 'WebSocket body into exec', code: api(`require('child_process').exec(JSON.parse(event.body).cmd);`), trigger: 'websocket', flows: ['event.body -> command'] },
  { name: 'unknown trigger: any event field', code: api(`exec(event.whatever);`, `const { exec } = require('child_process');`), flows: ['event -> command'] },
  { name: 'record trigger: other metadata trusted', code: api(`exec(event.Records[0].awsRegion);`, `const { exec } = require('child_process');`), trigger: 'sqs', flows: [] },

  // --- sinks ---
  { name: 'spawn without shell is not a sink', code: api(`spawn('ls', [event.body]);`, `const { spawn } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'spawn with shell: true', code: api(`spawn(event.body, { shell: true });`, `const { spawn } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'promisified exec', code: api(`await execAsync(\`git \${event.body}\`);`, `const util = require('util');\nconst { exec } = require('child_process');\nconst execAsync = util.promisify(exec);`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'new Function and setTimeout string', code: api(`new Function(event.body)(); setTimeout(event.body, 10); setTimeout(() => {}, 10);`), trigger: 'api-rest', flows: ['event.body -> code-eval'] },
  { name: 'mysql query with concatenation', code: api(`const id = event.pathParameters.id;\n  connection.query('SELECT * FROM users WHERE id = ' + id);`, `const mysql = require('mysql');\nconst connection = mysql.createConnection({});`), trigger: 'api-rest', flows: ['event.pathParameters -> sql'] },
  { name: 'parameterised pg query is safe', code: api(`await pool.query('SELECT * FROM users WHERE id = $1', [event.pathParameters.id]);`, `const { Pool } = require('pg');\nconst pool = new Pool();`), trigger: 'api-rest', flows: [] },
  // The Wild Rydes security workshop's data layer: a class, a promise chain and a bound method.
  {
    name: 'a connection handed along a promise chain to a bound method of a class (mysql)',
    code: api(
      `return run('SELECT * FROM unicorns WHERE id = ' + event.pathParameters.id);`,
      `const mysql = require('mysql');
class Database {
  query(sql, connection, args) { return new Promise((resolve) => connection.query(sql, args, (e, rows) => resolve(rows))); }
  connectToDb(config) { return new Promise((resolve) => resolve(mysql.createConnection(config))); }
  getDbConfig() { return Promise.resolve({ host: 'db' }); }
}
function run(sql) {
  const db = new Database();
  return db.getDbConfig().then(db.connectToDb).then(db.query.bind(this, sql));
}`,
    ),
    trigger: 'api-rest',
    flows: ['event.pathParameters -> sql'],
  },
  { name: 'a method of a class instance called directly', code: api(`return new Repo().find(event.body);`, `const { Pool } = require('pg');
class Repo { find(name) { return this.pool.query("SELECT * FROM t WHERE name = '" + name + "'"); } }`), trigger: 'api-rest', flows: ['event.body -> sql'] },
  { name: 'a connection parameter in a file that imports pg', code: api(`return select(client, event.body);`, `const { Client } = require('pg');
const client = new Client();
function select(conn, name) { return conn.query("SELECT * FROM t WHERE name = '" + name + "'"); }`), trigger: 'api-rest', flows: ['event.body -> sql'] },
  { name: 'no SQL client imported: a .query of another kind is not SQL', code: api(`return search(index, event.body);`, `const index = makeIndex();
function search(client, q) { return client.query('name:' + q); }`), trigger: 'api-rest', flows: [] },
  { name: 'a receiver not named as a connection is not read as one', code: api(`return search(index, event.body);`, `const mysql = require('mysql');
function search(searcher, q) { return searcher.query('name:' + q); }`), trigger: 'api-rest', flows: [] },
  { name: 'a bound function given the event through then', code: api(`return Promise.resolve(event.body).then(run.bind(null, 'prefix'));`, `const { execSync } = require('child_process');
function run(prefix, body) { return execSync(prefix + body); }`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'knex.raw and sequelize.query', code: api(`await knex.raw('select ' + event.body); await sequelize.query(\`select \${event.body}\`);`, `const knex = require('knex')({});\nconst { Sequelize } = require('sequelize');\nconst sequelize = new Sequelize('x');`), trigger: 'api-rest', flows: ['event.body -> sql'] },
  { name: 'DynamoDB FilterExpression from input (v3 command)', code: api(`await ddb.send(new ScanCommand({ TableName: 'T', FilterExpression: \`contains(name, \${event.queryStringParameters.q})\` }));`, `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});`), path: 'h.mjs', trigger: 'api-rest', flows: ['event.queryStringParameters -> nosql'] },
  { name: 'DynamoDB TableName via params object (v2 DocumentClient)', code: api(`const params = { TableName: event.pathParameters.table, Key: { id: '1' } };\n  return doc.get(params).promise();`, `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();`), trigger: 'api-rest', flows: ['event.pathParameters -> nosql'] },
  { name: 'DynamoDB Key from input is not an injection', code: api(`await doc.send(new GetCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));`, `const { GetCommand } = require('@aws-sdk/lib-dynamodb');`), trigger: 'api-rest', flows: [] },
  { name: 'PartiQL Statement', code: api(`await client.send(new ExecuteStatementCommand({ Statement: "SELECT * FROM T WHERE id='" + event.body + "'" }));`, `const { ExecuteStatementCommand } = require('@aws-sdk/client-dynamodb');`), trigger: 'api-rest', flows: ['event.body -> nosql'] },
  { name: 'Mongo $where', code: api(`return db.collection('u').find({ $where: 'this.name == "' + event.body + '"' });`), trigger: 'api-rest', flows: ['event.body -> nosql'] },
  { name: 'fs promises path', code: api(`return readFile(path.join('/tmp', event.queryStringParameters.f));`, `const { readFile } = require('fs/promises');\nconst path = require('path');`), trigger: 'api-rest', flows: ['event.queryStringParameters -> path'] },
  { name: 'got, http.request and axios config url', code: api(`await got(event.body); https.get(event.body); await axios({ url: event.body, method: 'get' });`, `const got = require('got');\nconst https = require('https');\nconst axios = require('axios');`), trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'input after a fixed scheme and host is a path, not an SSRF', code: api(`const id = event.pathParameters.id;\n  await fetch(\`https://api.example.com/items/\${id}\`);\n  await axios.get(BASE + '/users/' + id);\n  await fetch(\`\${process.env.API_URL}/x/\${id}\`);`, `const axios = require('axios');\nconst BASE = 'https://users.example.com';`), trigger: 'api-rest', flows: [] },
  { name: 'input as the host, or after a bare slash or an @, is still an SSRF or redirect', code: api(`const h = event.queryStringParameters.h;\n  await fetch(\`https://\${h}/x\`);\n  await fetch('https://api.example.com' + h);\n  return { statusCode: 302, headers: { Location: '/' + h } };`), trigger: 'api-rest', flows: ['event.queryStringParameters -> redirect', 'event.queryStringParameters -> url'] },
  { name: 'custom resource and S3 Object Lambda fields are AWS-written, even with the trigger unknown', code: api(`await fetch(event.ResponseURL, { method: 'PUT' });\n  await axios.get(event.getObjectContext.inputS3Url);\n  await fetch(event.userRequest.url);`, `const axios = require('axios');`), flows: ['s3-object-lambda.userRequest -> url'] },
  { name: 'an options object with a constant url and input elsewhere is not an SSRF', code: api(`const options = { method: 'POST', url: 'https://api.example.com/token', form: { code: event.queryStringParameters.code } };\n  request(options, () => {});\n  const other = { url: event.queryStringParameters.u };\n  await axios.request(other);\n  const plain = event.queryStringParameters.p;\n  await axios.get(plain);`, `const request = require('request');\nconst axios = require('axios');`), trigger: 'api-rest', flows: ['event.queryStringParameters -> url'] },
  { name: 'fetch body option is not an SSRF', code: api(`await fetch('https://api.example.com/x', { method: 'POST', body: event.body });`), trigger: 'api-rest', flows: [] },
  { name: 'node-serialize unserialize', code: api(`serialize.unserialize(event.body);`, `const serialize = require('node-serialize');`), trigger: 'api-rest', flows: ['event.body -> deserialization'] },
  { name: 'js-yaml load: unsafe schema only', code: api(`yaml.load(event.body, { schema: yaml.DEFAULT_FULL_SCHEMA }); yaml.load(event.body);`, `const yaml = require('js-yaml');`), trigger: 'api-rest', flows: ['event.body -> deserialization'] },
  { name: 'libxmljs with noent', code: api(`libxmljs.parseXml(event.body, { noent: true }); libxmljs.parseXml(event.body);`, `const libxmljs = require('libxmljs');`), trigger: 'api-rest', flows: ['event.body -> xml'] },
  { name: 'Location header redirect', code: api(`return { statusCode: 302, headers: { Location: event.queryStringParameters.next } };`), trigger: 'api-rest', flows: ['event.queryStringParameters -> redirect'] },
  { name: 'text/html body', code: api(`return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<h1>' + event.queryStringParameters.name + '</h1>' };`), trigger: 'api-rest', flows: ['event.queryStringParameters -> html'] },
  { name: 'JSON body is not html', code: api(`return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: event.queryStringParameters.name }) };`), trigger: 'api-rest', flows: [] },
  { name: 'unrelated exec of a constant', code: api(`exec('ls -la /tmp'); return { body: event.body };`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },

  // --- propagation ---
  { name: 'destructured event', code: `const { exec } = require('child_process');\nexports.handler = async ({ body, queryStringParameters: q }) => { exec(body); exec(q.x); };`, trigger: 'api-rest', flows: ['event.body -> command', 'event.queryStringParameters -> command'] },
  { name: 'destructuring, spread and string methods', code: api(`const { cmd, ...rest } = JSON.parse(event.body);\n  const merged = { ...rest, c: cmd.trim().toLowerCase() };\n  exec(merged.c);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'Promise.all over array methods', code: api(`const urls = JSON.parse(event.body).urls;\n  await Promise.all(urls.map((u) => fetch(u)));`), trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'Promise.all result destructured', code: api(`const [a, b] = await Promise.all([Promise.resolve(event.body), getOther()]);\n  exec(a);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'closure over a tainted variable', code: api(`const name = event.queryStringParameters.name;\n  const run = () => exec('echo ' + name);\n  run();`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.queryStringParameters -> command'] },
  { name: 'same-file helper: parameter to sink', code: `const { exec } = require('child_process');\nfunction run(command) { return exec(command); }\nexports.handler = async (event) => { run(event.body); run('ls'); };`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'same-file helper: parameter to return', code: `const { exec } = require('child_process');\nconst build = (name) => \`convert \${name}.png\`;\nexports.handler = async (event) => { exec(build(event.body)); };`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'helper that receives the whole event', code: `const fs = require('fs');\nfunction load(evt) { return fs.readFileSync(evt.pathParameters.file); }\nexports.handler = async (event) => load(event);`, trigger: 'api-rest', flows: ['event.pathParameters -> path'] },
  { name: 'assignment to an object property', code: api(`const opts = {};\n  opts.url = event.body;\n  await fetch(opts.url);`), trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'unknown call result is not tainted', code: api(`const id = lookup(event.body);\n  exec('show ' + id);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'reassignment to a constant clears taint', code: api(`let cmd = event.body;\n  cmd = 'ls';\n  exec(cmd);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'conditional reassignment keeps taint', code: api(`let cmd = 'ls';\n  if (event.headers.debug) cmd = event.body;\n  exec(cmd);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },

  // --- the length of a string or an array is a number ---
  { name: 'the length of the API body', code: api(`exec('ls ' + event.body.length);\n  exec(\`head -c \${event.queryStringParameters.n.length}\`);\n  const { length } = event.pathParameters.id;\n  exec('x ' + length);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'a slice of the API body still carries it', code: api(`exec('ls ' + event.body.slice(1));`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'the length of built text, a string method, an array and an SQS body', code: `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  const record = event.Records[0];\n  const text = \`\${record.body}!\`;\n  exec('a ' + text.length);\n  exec('b ' + record.body.trim().length);\n  exec('c ' + record.body.split(',').length);\n  exec('d ' + Object.keys(JSON.parse(record.body)).length);\n  exec('e ' + record.body.split(',')[0]);\n};`, trigger: 'sqs', flows: ['sqs.body -> command'] },
  { name: 'a length through a helper, and a helper that builds text', code: api(`exec('a ' + size(event.body));\n  exec('b ' + size(label(JSON.parse(event.body).name)));\n  exec('c ' + size(same(event.body)));`, `const { exec } = require('child_process');\nconst size = (value) => value.length;\nconst label = (name) => 'name: ' + name;\nconst same = (value) => value;`), trigger: 'api-http', flows: [] },
  { name: 'a length through a helper of a parsed field', code: api(`exec('c ' + size(JSON.parse(event.body).items));\n  exec('d ' + size(same(JSON.parse(event.body))));`, `const { exec } = require('child_process');\nconst size = (value) => value.length;\nconst same = (value) => value;`), trigger: 'api-http', flows: ['event.body -> command'] },
  // Parsed JSON, a parsed query and an unknown event may hold an object whose `length` the caller wrote.
  { name: 'the length of parsed JSON is the caller\'s', code: api(`const body = JSON.parse(event.body);\n  exec('ls ' + body.length);\n  exec('ls ' + body.items.length);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'the length of a map of the event is a member of it', code: api(`exec('ls ' + event.headers.length);\n  exec('ls ' + event.queryStringParameters.length);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.headers -> command', 'event.queryStringParameters -> command'] },
  { name: 'the length of a field of an event whose trigger is unknown', code: api(`exec('ls ' + event.body.length);`, `const { exec } = require('child_process');`), flows: ['event.body -> command'] },
  { name: 'the length of a field of an Express query (qs parses ?n[length]=x into an object)', code: `const serverless = require('serverless-http');\nconst express = require('express');\nconst { exec } = require('child_process');\nconst app = express();\napp.get('/a', (req, res) => { exec('ls ' + req.query.n.length); exec('ls ' + req.body.length); res.json({}); });\nmodule.exports.handler = serverless(app);`, trigger: 'api-http', flows: ['event.body -> command', 'event.queryStringParameters -> command'] },
  { name: 'the length of a body a middleware parsed', code: `const middy = require('@middy/core');\nconst jsonBodyParser = require('@middy/http-json-body-parser');\nconst { exec } = require('child_process');\nconst main = async (event) => { exec('ls ' + event.body.length); };\nmodule.exports.handler = middy(main).use(jsonBodyParser());`, trigger: 'api-rest', flows: ['event.body -> command'] },

  // --- sanitizers and guards ---
  { name: 'allow-list with early return', code: api(`const env = event.queryStringParameters.env;\n  if (!ALLOWED.includes(env)) return { statusCode: 400 };\n  exec('deploy ' + env);`, `const { exec } = require('child_process');\nconst ALLOWED = ['dev', 'prod'];`), trigger: 'api-rest', flows: [] },
  { name: 'allow-list Set.has in the then-branch', code: api(`const env = event.body;\n  if (ALLOWED.has(env)) { exec('deploy ' + env); }\n  exec('echo ' + env);`, `const { exec } = require('child_process');\nconst ALLOWED = new Set(['a']);`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'allow-list from the event does not guard', code: api(`const b = JSON.parse(event.body);\n  if (!b.allowed.includes(b.cmd)) return;\n  exec(b.cmd);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'anchored regex test with early return', code: api(`const name = event.pathParameters.name;\n  if (!/^[a-z0-9-]+$/.test(name)) throw new Error('bad');\n  exec('convert ' + name);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'unanchored regex test does not guard', code: api(`const name = event.pathParameters.name;\n  if (!/[a-z]+/.test(name)) return;\n  exec('convert ' + name);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.pathParameters -> command'] },
  { name: 'typeof number guard', code: api(`const n = JSON.parse(event.body).n;\n  if (typeof n !== 'number') return;\n  exec('seq ' + n);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'typeof string does not guard', code: api(`const n = JSON.parse(event.body).n;\n  if (typeof n !== 'string') return;\n  exec('seq ' + n);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'parseInt with NaN check', code: api(`const n = parseInt(event.queryStringParameters.n, 10);\n  if (Number.isNaN(n)) return;\n  exec('seq ' + n);`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'encodeURIComponent cuts url, not sql', code: api(`const q = encodeURIComponent(event.body);\n  await fetch('https://api.example.com/items/' + q);\n  await pool.query("select '" + q + "'");`, `const { Pool } = require('pg');\nconst pool = new Pool();`), trigger: 'api-rest', flows: ['event.body -> sql'] },
  { name: 'path.basename cuts path', code: api(`return fs.readFileSync('/data/' + path.basename(event.pathParameters.f));`, `const fs = require('fs');\nconst path = require('path');`), trigger: 'api-rest', flows: [] },
  { name: 'escape-html cuts html', code: api(`return { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<p>' + escapeHtml(event.body) + '</p>' };`, `const escapeHtml = require('escape-html');`), trigger: 'api-rest', flows: [] },
  { name: 'validation in a helper that throws', code: `const { exec } = require('child_process');\nconst ALLOWED = ['a', 'b'];\nfunction assertAllowed(value) { if (!ALLOWED.includes(value)) throw new Error('no'); }\nexports.handler = async (event) => { const v = event.body; assertAllowed(v); exec(v); };`, trigger: 'api-rest', flows: [] },
  { name: 'predicate helper in a condition', code: `const { exec } = require('child_process');\nconst isSafe = (s) => /^[a-z]+$/.test(s);\nexports.handler = async (event) => { const v = event.body; if (!isSafe(v)) return; exec(v); };`, trigger: 'api-rest', flows: [] },
  { name: 'validation helper returning parsed data', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst Input = z.object({ id: z.string().uuid() });\nfunction parseInput(body) { return Input.parse(JSON.parse(body)); }\nexport const handler = async (event) => { const input = parseInput(event.body); exec('show ' + input.id); };`, path: 'h.mjs', trigger: 'api-rest', flows: [] },
  { name: 'zod: free string used as URL is not sanitised', code: `import { z } from 'zod';\nconst Body = z.object({ callback: z.string(), id: z.string().uuid(), kind: z.enum(['a', 'b']) });\nexport const handler = async (event) => {\n  const body = Body.parse(JSON.parse(event.body));\n  await fetch(body.callback);\n  await fetch('https://x/' + body.id + body.kind);\n};`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'zod: url() does not sanitise SSRF but cuts command', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst Body = z.object({ site: z.string().url() });\nexport const handler = async (event) => {\n  const { site } = Body.parse(JSON.parse(event.body));\n  await fetch(site);\n  exec('curl ' + site);\n};`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'zod: unknown keys are stripped', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst Body = z.object({ n: z.number() });\nexport const handler = async (event) => { const b = Body.parse(JSON.parse(event.body)); exec(b.other); };`, path: 'h.mjs', trigger: 'api-rest', flows: [] },
  { name: 'zod safeParse data', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ a: z.string().regex(/^[a-z]+$/), b: z.string() });\nexport const handler = async (event) => { const r = S.safeParse(JSON.parse(event.body)); if (!r.success) return; exec(r.data.a); exec(r.data.b); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'joi validate value with guid and free string', code: `const Joi = require('joi');\nconst { exec } = require('child_process');\nconst schema = Joi.object({ id: Joi.string().guid(), note: Joi.string() });\nexports.handler = async (event) => { const { value } = schema.validate(JSON.parse(event.body)); exec(value.id); exec(value.note); };`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'ajv: an object schema without properties leaves every field free', code: `const Ajv = require('ajv');\nconst { exec } = require('child_process');\nconst ajv = new Ajv();\nconst validate = ajv.compile({ type: 'object' });\nexports.handler = async (event) => { const data = JSON.parse(event.body); if (!validate(data)) return { statusCode: 400 }; exec(data.x); };`, trigger: 'api-rest', flows: ['event.body -> command'] },
  // --- validators read field by field: a field the schema fixes is cut, a free one is not ---
  { name: 'zod: an unanchored regex leaves the string free', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.string().regex(/[a-z]+/) });\nexport const handler = async (event) => { const { cmd } = S.parse(JSON.parse(event.body)); exec('run ' + cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'zod: an anchored regex that admits anything leaves the string free', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.string().regex(/^.*$/) });\nexport const handler = async (event) => { const { cmd } = S.parse(JSON.parse(event.body)); exec('run ' + cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'zod: an anchored regex fixes the string, also from a constant', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst NAME = /^[a-z0-9-]+$/;\nconst S = z.object({ a: z.string().regex(/^[a-z]+$/), b: z.string().min(1).regex(NAME) });\nexport const handler = async (event) => { const { a, b } = S.parse(JSON.parse(event.body)); exec('run ' + a + b); };`, path: 'h.mjs', trigger: 'api-rest', flows: [] },
  { name: 'joi pattern and yup matches follow the same rule', code: `const Joi = require('joi');\nconst yup = require('yup');\nconst { exec } = require('child_process');\nconst J = Joi.object({ a: Joi.string().pattern(/^[a-z]+$/), b: Joi.string().pattern(/[a-z]/) });\nconst Y = yup.object({ c: yup.string().matches(/^\\d+$/) });\nexports.handler = async (event) => { const { value } = J.validate(JSON.parse(event.body)); exec(value.a); const y = await Y.validate(JSON.parse(event.body)); exec(y.c); await fetch(value.b); };`, trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: 'ajv: a free string reaches the sink', code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nconst validate = new Ajv().compile({ type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] });\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!validate(b)) return { statusCode: 400 }; exec('run ' + b.cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'ajv: enum, const, numbers and an anchored pattern fix their fields', code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nconst schema = { type: 'object', properties: { a: { enum: ['ls', 'pwd'] }, b: { const: 'x' }, n: { type: 'integer' }, id: { type: 'string', pattern: '^[a-z0-9]+$' }, at: { type: 'string', format: 'date-time' } }, required: ['a'], additionalProperties: false };\nconst ajv = new Ajv();\nconst validate = ajv.compile(schema);\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!validate(b)) return { statusCode: 400 }; exec(b.a + b.b + b.n + b.id + b.at); const { a, id } = b; exec(a + id); exec(JSON.stringify(b)); };`, path: 'h.mjs', trigger: 'api-rest', flows: [] },
  { name: 'ajv: an unanchored pattern, a uri format and an open object leave fields free', code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nconst ajv = new Ajv();\nconst schema = { type: 'object', properties: { id: { type: 'string', pattern: '[a-z]+' }, site: { type: 'string', format: 'uri' } } };\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!ajv.validate(schema, b)) throw new Error('bad'); exec('show ' + b.id); await fetch(b.site); exec('curl ' + b.site); const q = JSON.parse(event.queryStringParameters.q); if (!ajv.validate(schema, q)) return; await fetch(q.other); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command', 'event.body -> url', 'event.queryStringParameters -> url'] },
  { name: 'ajv: a schema that cannot be read is taken to constrain what it checks', code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nimport { schema } from './schema';\nconst validate = new Ajv().compile(schema);\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!validate(b)) return; exec(b.cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: [] },
  { name: 'valibot: a free string and a URL reach their sinks; a picklist and an anchored regex do not', code: `import * as v from 'valibot';\nimport { exec } from 'child_process';\nconst S = v.object({ cmd: v.string(), site: v.pipe(v.string(), v.url()), kind: v.picklist(['a', 'b']), id: v.pipe(v.string(), v.regex(/^[a-z]+$/)), n: v.optional(v.number()) });\nexport const handler = async (event) => { const b = v.parse(S, JSON.parse(event.body)); exec(b.kind + b.id + b.n); exec('curl ' + b.site); await fetch(b.site); const r = v.safeParse(S, JSON.parse(event.body)); if (r.success) exec(r.output.cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command', 'event.body -> url'] },
  { name: 'valibot: is() and an unanchored regex', code: `import * as v from 'valibot';\nimport { exec } from 'child_process';\nconst S = v.object({ kind: v.picklist(['a', 'b']), id: v.pipe(v.string(), v.regex(/[a-z]+/)) });\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!v.is(S, b)) return; exec(b.kind); exec(b.id); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'superstruct: create with a free string, assert with enums and an anchored pattern', code: `import { object, string, enums, pattern, create, assert, optional } from 'superstruct';\nimport { exec } from 'child_process';\nconst Free = object({ cmd: string() });\nconst Fixed = object({ cmd: enums(['ls', 'pwd']), id: pattern(string(), /^[0-9]+$/), note: optional(enums(['x'])) });\nexport const handler = async (event) => { const a = JSON.parse(event.body); assert(a, Fixed); exec(a.cmd + a.id + a.note); const b = create(JSON.parse(event.body), Free); exec('run ' + b.cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'superstruct: an unanchored pattern leaves the string free', code: `import { object, string, pattern, is } from 'superstruct';\nimport { exec } from 'child_process';\nconst S = object({ id: pattern(string(), /\\d+/) });\nexport const handler = async (event) => { const a = JSON.parse(event.body); if (!is(a, S)) return; exec(a.id); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'typebox: a free string and a uri format reach their sinks; literals and a pattern do not', code: `import { Type } from '@sinclair/typebox';\nimport { Value } from '@sinclair/typebox/value';\nimport { exec } from 'child_process';\nconst S = Type.Object({ cmd: Type.String({ maxLength: 20 }), site: Type.String({ format: 'uri' }), kind: Type.Union([Type.Literal('a'), Type.Literal('b')]), id: Type.String({ pattern: '^[a-z]+$' }), n: Type.Optional(Type.Integer()) });\nexport const handler = async (event) => { const b = JSON.parse(event.body); if (!Value.Check(S, b)) return; exec(b.kind + b.id + b.n); exec('curl ' + b.site); await fetch(b.site); const p = Value.Parse(S, JSON.parse(event.body)); exec(p.cmd); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command', 'event.body -> url'] },
  { name: 'typebox: a union with a free string is free', code: `import { Type } from '@sinclair/typebox';\nimport { Value } from '@sinclair/typebox/value';\nimport { exec } from 'child_process';\nconst S = Type.Object({ kind: Type.Union([Type.Literal('a'), Type.String()]) });\nexport const handler = async (event) => { const b = JSON.parse(event.body); Value.Assert(S, b); exec(b.kind); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'class-validator: @IsString and @IsUrl leave fields free; @IsIn and an anchored @Matches fix them', path: 'h.ts', code: `import { IsIn, IsString, IsUrl, Matches, validateOrReject, validate } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\nimport { exec } from 'child_process';\nclass Dto { @IsIn(['ls', 'pwd']) cmd!: string; @Matches(/^[a-z]+$/) id!: string; @IsString() note!: string; @IsUrl() site!: string; }\nexport const handler = async (event: any) => { const d = plainToInstance(Dto, JSON.parse(event.body)); await validateOrReject(d); exec(d.cmd + d.id); exec('curl ' + d.site); await fetch(d.site); const e: Dto = plainToInstance(Dto, JSON.parse(event.queryStringParameters.q)); const errors = await validate(e); if (errors.length > 0) return; exec(e.note); };`, trigger: 'api-rest', flows: ['event.body -> url', 'event.queryStringParameters -> command'] },
  { name: 'class-transformer alone checks nothing', path: 'h.ts', code: `import { IsIn } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\nimport { exec } from 'child_process';\nclass Dto { @IsIn(['ls']) cmd!: string; }\nexport const handler = async (event: any) => { const d = plainToInstance(Dto, JSON.parse(event.body)); exec(d.cmd); };`, trigger: 'api-rest', flows: ['event.body -> command'] },
  // --- validation middlewares: the schema describes the whole event ---
  { name: '@middy/validator: an enum in the body schema fixes the field, a free string does not', path: 'h.mjs', code: `import middy from '@middy/core';\nimport validator from '@middy/validator';\nimport jsonBodyParser from '@middy/http-json-body-parser';\nimport { transpileSchema } from '@middy/validator/transpile';\nimport { exec } from 'child_process';\nconst schema = { type: 'object', properties: { body: { type: 'object', properties: { cmd: { enum: ['ls', 'pwd'] }, note: { type: 'string' } }, required: ['cmd'] } } };\nconst base = async (event) => { exec(event.body.cmd); const { cmd } = event.body; exec(cmd); await fetch(event.body.note); return { statusCode: 200 }; };\nexport const handler = middy(base).use(jsonBodyParser()).use(validator({ eventSchema: transpileSchema(schema) }));`, trigger: 'api-rest', flows: ['event.body -> url'] },
  { name: '@middy/validator: a free string in the body schema reaches exec', path: 'h.mjs', code: `import middy from '@middy/core';\nimport validator from '@middy/validator';\nimport jsonBodyParser from '@middy/http-json-body-parser';\nimport { transpileSchema } from '@middy/validator/transpile';\nimport { exec } from 'child_process';\nconst base = async (event) => { exec('run ' + event.body.cmd); };\nexport const handler = middy(base).use(jsonBodyParser()).use(validator({ eventSchema: transpileSchema({ type: 'object', properties: { body: { type: 'object', properties: { cmd: { type: 'string', maxLength: 20 } } } } }) }));`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: '@middy/validator: a schema that cannot be read cuts nothing', path: 'h.mjs', code: `import middy from '@middy/core';\nimport validator from '@middy/validator';\nimport { eventSchema } from './schema';\nimport { exec } from 'child_process';\nconst base = async (event) => { exec(event.body.cmd); };\nexport const handler = middy(base).use(validator({ eventSchema }));`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'Powertools parser middleware: a zod enum in the event schema fixes the field, a free string does not', path: 'h.ts', code: `import middy from '@middy/core';\nimport { parser } from '@aws-lambda-powertools/parser/middleware';\nimport { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ body: z.object({ cmd: z.enum(['ls', 'pwd']), name: z.string() }) });\nconst base = async (event: z.infer<typeof S>) => { exec(event.body.cmd); exec('echo ' + event.body.name); return { statusCode: 200 }; };\nexport const handler = middy(base).use(parser({ schema: S }));`, trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'Powertools parser with an envelope: the schema describes the body the handler gets', path: 'h.ts', code: `import middy from '@middy/core';\nimport { parser } from '@aws-lambda-powertools/parser/middleware';\nimport { ApiGatewayEnvelope } from '@aws-lambda-powertools/parser/envelopes';\nimport { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.enum(['ls', 'pwd']) });\nconst base = async (event: any) => { exec(event.cmd); };\nexport const handler = middy(base).use(parser({ schema: S, envelope: ApiGatewayEnvelope }));`, trigger: 'api-rest', flows: [] },
  { name: 'Powertools parse(): a free zod string in its result reaches exec', path: 'h.ts', code: `import { parse } from '@aws-lambda-powertools/parser';\nimport { ApiGatewayEnvelope } from '@aws-lambda-powertools/parser/envelopes';\nimport { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.string(), kind: z.enum(['a']) });\nexport const handler = async (event: any) => { const b = parse(event, ApiGatewayEnvelope, S); exec(b.kind); exec(b.cmd); };`, trigger: 'api-rest', flows: ['event -> command'] },
  { name: 'valibot parse output', code: `import * as v from 'valibot';\nimport { exec } from 'child_process';\nconst S = v.object({ a: v.string() });\nexport const handler = async (event) => { const d = v.parse(S, JSON.parse(event.body)); exec(d.a); exec(JSON.parse(event.body).a); };`, path: 'h.mjs', trigger: 'api-rest', flows: ['event.body -> command'] },
  { name: 'superstruct assert and class-validator validateOrReject guard what follows', code: `const { assert } = require('superstruct');\nconst { validateOrReject } = require('class-validator');\nconst { exec } = require('child_process');\nexports.handler = async (event) => { const a = JSON.parse(event.body); assert(a, Schema); exec(a.x); const b = JSON.parse(event.body); await validateOrReject(b); exec(b.y); };`, trigger: 'api-rest', flows: [] },
  { name: 'typebox Value.Check in a condition', code: `const { Value } = require('@sinclair/typebox/value');\nconst { exec } = require('child_process');\nexports.handler = async (event) => { const a = JSON.parse(event.body); if (!Value.Check(T, a)) return; exec(a.x); };`, trigger: 'api-rest', flows: [] },
  { name: 'replace of everything but word characters sanitises; a looser replace does not', code: api(`const a = event.body.replace(/[^a-zA-Z0-9_-]/g, '');\n  const b = event.body.replace(/[^a-z0-9]+/gi, '_');\n  const c = event.body.replace(/[;&|]/g, '');\n  const d = event.body.replace(/[^\\w./]/g, '');\n  exec('a ' + a); exec('b ' + b); fs.readFileSync(d); exec('c ' + c);`, `const { exec } = require('child_process');\nconst fs = require('fs');`), trigger: 'api-rest', flows: ['event.body -> command', 'event.body -> path'] },
  { name: 'combined guards with || and an early return', code: api(`const n = event.queryStringParameters.n;\n  if (!n || !/^\\d+$/.test(n)) return { statusCode: 400 };\n  exec('seq ' + n);\n  const k = event.queryStringParameters.k;\n  if (typeof k !== 'string' || !KINDS.includes(k)) throw new Error('bad');\n  exec('kind ' + k);`, `const { exec } = require('child_process');\nconst KINDS = ['a'];`), trigger: 'api-rest', flows: [] },
  { name: 'validator.isUUID guard', code: api(`const id = event.pathParameters.id;\n  if (!validator.isUUID(id)) return;\n  exec('show ' + id);`, `const validator = require('validator');\nconst { exec } = require('child_process');`), trigger: 'api-rest', flows: [] },
  { name: 'switch on a constant', code: api(`const op = event.queryStringParameters.op;\n  switch (op) { case 'start': exec('svc ' + op); break; default: exec('echo ' + op); }`, `const { exec } = require('child_process');`), trigger: 'api-rest', flows: ['event.queryStringParameters -> command'] },
];

describe('taint cases (JavaScript/TypeScript)', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const document = analyzeCode({ path: testCase.path ?? 'handler.js', text: testCase.code, trigger: testCase.trigger });
      assert.equal(document.skipped, undefined);
      assert.ok(document.handlers.length > 0, 'a handler is found');
      assert.deepEqual(flowsOf(document), [...testCase.flows].sort());
    });
  }
});

describe('flow shape', () => {
  it('reports a flow once at its sink, with its steps in order', () => {
    const code = `const { exec } = require('child_process');\nfunction run(c) { return exec(c); }\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  const cmd = \`ls \${body.dir}\`;\n  run(cmd);\n  run(cmd);\n};`;
    const document = analyzeCode({ path: 'h.js', text: code, trigger: 'api-rest' });
    assert.equal(document.flows.length, 1);
    const [flow] = document.flows;
    const descriptions = flow.steps.map((step) => step.description);
    assert.deepEqual(descriptions, ['`JSON.parse`', 'assigned to `body`', 'template string', 'assigned to `cmd`', 'argument 1 of `run`', 'reaches `child_process.exec`']);
    const source = document.sources[flow.sourceId];
    assert.equal(code.slice(source.location.range.start, source.location.range.end), 'event.body');
    assert.equal(source.eventPath, 'event.body');
    const sink = document.sinks[flow.sinkId];
    assert.equal(code.slice(sink.argumentLocation.range.start, sink.argumentLocation.range.end), 'c');
    assert.equal(sink.cwe, 'CWE-78');
    assert.equal(flow.assumption, undefined);
  });

  it('checks only the url of an options object built in a variable', () => {
    const code = api(`const options = { method: 'POST', url: 'https://api.example.com/token', form: { code: event.queryStringParameters.code } };\n  request(options, () => {});\n  const other = { url: event.queryStringParameters.u };\n  await axios.request(other);\n  const plain = event.queryStringParameters.p;\n  await axios.get(plain);`, `const request = require('request');\nconst axios = require('axios');`);
    const document = analyzeCode({ path: 'h.js', text: code, trigger: 'api-rest' });
    const reached = document.flows.map((flow) => document.sinks[flow.sinkId].argumentLocation.range).map((range) => code.slice(range.start, range.end));
    assert.deepEqual(reached.sort(), ['other', 'plain']);
  });

  it('says so when the trigger is unknown', () => {
    const document = analyzeCode({ path: 'h.js', text: api(`require('child_process').exec(event.body);`) });
    assert.equal(document.trigger, 'unknown');
    assert.match(document.assumptions[0], /trigger unknown/);
    assert.match(document.flows[0].assumption ?? '', /trigger unknown/);
    assert.equal(document.sources[document.flows[0].sourceId].kind, 'event.body');
  });

  it('records which flows a guard cut, and a free zod string as a guard that cuts nothing', () => {
    const code = `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ name: z.string() });\nconst ALLOWED = ['a'];\nexport const handler = async (event) => {\n  const v = event.queryStringParameters.v;\n  if (!ALLOWED.includes(v)) return;\n  exec(v);\n  const { name } = S.parse(JSON.parse(event.body));\n  exec(name);\n};`;
    const document = analyzeCode({ path: 'h.mjs', text: code, trigger: 'api-rest' });
    const allow = document.guards.find((guard) => guard.kind === 'allow-list');
    assert.ok(allow);
    assert.equal(allow.cutFlows.length, 1);
    assert.equal(document.sources[allow.cutFlows[0].sourceId].kind, 'event.queryStringParameters');
    const schema = document.guards.find((guard) => guard.kind === 'schema');
    assert.ok(schema);
    assert.equal(schema.library, 'zod');
    assert.deepEqual(schema.cuts, []);
    assert.match(schema.note ?? '', /free fields stay tainted: name/);
    assert.deepEqual(flowsOf(document), ['event.body -> command']);
  });

  it('names on each flow the guards it passed that do not cut its sink, and credits a cut only to the guards that made it', () => {
    const code = `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ url: z.string(), id: z.string().uuid() });\nexport const handler = async (event) => {\n  const { url, id } = S.parse(JSON.parse(event.body));\n  await fetch(url);\n  exec('show ' + id);\n  const name = event.queryStringParameters.name;\n  if (!/[a-z]+/.test(name)) return;\n  exec('convert ' + encodeURIComponent(name));\n  await fetch(name);\n};`;
    const document = analyzeCode({ path: 'h.mjs', text: code, trigger: 'api-rest' });
    const passed = document.flows.map((flow) => `${document.sinks[flow.sinkId].callee}: ${flow.passedGuards.map((id) => document.guards[id].declaration ?? document.guards[id].location).map((at) => code.slice(at.range.start, at.range.end)).join(', ')}`);
    assert.deepEqual(passed, ['fetch: z.string()', 'fetch: /[a-z]+/.test(name)']);
    const regex = document.guards.find((guard) => guard.kind === 'regex-test');
    assert.ok(regex);
    assert.deepEqual(regex.cuts, []);
    assert.deepEqual(regex.cutFlows, [], 'an unanchored regex cut nothing, though a later encodeURIComponent did');
    const encode = document.guards.find((guard) => guard.kind === 'encode');
    assert.equal(encode?.cutFlows.length, 1);
  });

  it('places a schema field\'s guard where the schema runs, and names the field\'s declaration', () => {
    const code = `import { z } from 'zod';\nconst S = z.object({ url: z.string() });\nexport const a = async (event) => {\n  const { url } = S.parse(JSON.parse(event.body));\n  await fetch(url);\n};\nexport const b = async (event) => fetch(JSON.parse(event.body).url);`;
    const document = analyzeCode({ path: 'h.mjs', text: code, trigger: 'api-rest', handlers: [{ exportName: 'a' }, { exportName: 'b' }] });
    const field = document.guards.find((guard) => guard.declaration !== undefined);
    assert.ok(field);
    assert.equal(code.slice(field.declaration!.range.start, field.declaration!.range.end), 'z.string()');
    assert.equal(code.slice(field.location.range.start, field.location.range.end), 'S.parse(JSON.parse(event.body))', 'inside handler a, so only a is credited with it');
    assert.deepEqual(document.flows.map((flow) => `${flow.handler}: ${flow.passedGuards.length}`).sort(), ['a: 1', 'b: 0']);
  });

  it('uses the trigger an aws-lambda type implies when none is given', () => {
    const code = `import type { S3Event } from 'aws-lambda';\nimport { execSync } from 'child_process';\nexport const handler = async (event: S3Event): Promise<void> => {\n  for (const record of event.Records) execSync('file ' + record.s3.object.key + ' ' + record.s3.bucket.name);\n};`;
    const document = analyzeCode({ path: 'h.ts', text: code });
    assert.equal(document.handlers[0].triggerHint, 's3');
    assert.equal(document.handlers[0].trigger, 's3');
    assert.deepEqual(flowsOf(document), ['s3.key -> command']);
    assert.deepEqual(document.assumptions, []);
  });
});
