// Data-driven cases for code-nosql-injection: DynamoDB expressions and table names, PartiQL and Mongo $where.
import rule from './code-nosql-injection';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-nosql-injection';

testCodeRule(rule, {
  valid: [
    { name: 'input only in ExpressionAttributeValues', code: `const { QueryCommand } = require('@aws-sdk/lib-dynamodb');\nexports.handler = async (event) => client.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': event.pathParameters.id } }));`, bindings: [routeBinding('handler', 'GET /orders/{id}')] },
    { name: 'a Key from input is a lookup, not an injection', code: `const { GetCommand } = require('@aws-sdk/lib-dynamodb');\nexports.handler = async (event) => client.send(new GetCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));` },
    { name: 'a table chosen from an allow-list', code: `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nconst TABLES = ['a', 'b'];\nexports.handler = async (event) => {\n  const table = event.pathParameters.table;\n  if (!TABLES.includes(table)) return { statusCode: 400 };\n  return doc.get({ TableName: table, Key: { id: '1' } }).promise();\n};` },
    { name: 'Mongo: strings from the path and the query string compare as they are', code: `const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.URL);\nexports.handler = async (event) => client.db('app').collection('users').findOne({ _id: event.pathParameters.id, org: event.queryStringParameters.org });`, bindings: [routeBinding('handler', 'GET /users/{id}')] },
    { name: 'Mongo: a parsed field compared with $eq, turned into a string, or cleaned by mongo-sanitize', code: `const { MongoClient } = require('mongodb');\nconst sanitize = require('mongo-sanitize');\nconst users = new MongoClient(process.env.URL).db('app').collection('users');\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  await users.findOne({ username: { $eq: body.username } });\n  await users.findOne({ username: String(body.username), email: \`\${body.email}\` });\n  await users.deleteOne(sanitize(body.filter));\n};`, bindings: [routeBinding('handler', 'POST /login')] },
    { name: 'Mongo: an array find with a callback in a file that uses Mongoose', code: `const mongoose = require('mongoose');\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  return body.items.find((item) => item.id === body.id);\n};`, bindings: [routeBinding('handler', 'POST /pick')] },
    { name: 'Mongo: an unparsed body field is no object without a JSON body parser', code: `const { MongoClient } = require('mongodb');\nconst users = new MongoClient(process.env.URL).db('app').collection('users');\nexports.handler = async (event) => users.findOne({ raw: event.body });`, bindings: [routeBinding('handler', 'POST /raw')] },
    { name: 'Mongo: fields checked to be strings first, with an early return', code: `const { MongoClient } = require('mongodb');\nconst users = new MongoClient(process.env.URL).db('app').collection('users');\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  if (typeof body.username !== 'string' || typeof body.password !== 'string') return { statusCode: 400 };\n  const user = await users.findOne({ username: body.username, password: body.password });\n  return { statusCode: user ? 200 : 401 };\n};`, bindings: [routeBinding('handler', 'POST /login')] },
  ],
  invalid: [
    {
      name: 'Mongo: a body parsed by middy http-json-body-parser is an object',
      code: `const middy = require('@middy/core');\nconst jsonBodyParser = require('@middy/http-json-body-parser');\nconst { MongoClient } = require('mongodb');\nconst users = new MongoClient(process.env.URL).db('app').collection('users');\nconst login = async (event) => {\n${underline('  const user = await users.findOne({ username: event.body.username });', '{ username: event.body.username }', ID)}\n  return { statusCode: user ? 200 : 401 };\n};\nexports.handler = middy(login).use(jsonBodyParser());`,
      bindings: [routeBinding('handler', 'POST /login')],
      errors: [{ messageId: 'taintedNosql', severity: 'error', messageIncludes: ['`event.body` is built into', '`users.findOne filter`'] }],
    },
    {
      name: 'Mongo: fields of the parsed body in a driver filter can be operators ({"$ne": null} logs anyone in)',
      code: `const { MongoClient } = require('mongodb');\nconst client = new MongoClient(process.env.URL);\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n${underline("  const user = await client.db('app').collection('users').findOne({ username: body.username, password: body.password });", '{ username: body.username, password: body.password }', ID)}\n  return { statusCode: user ? 200 : 401 };\n};`,
      bindings: [routeBinding('handler', 'POST /login')],
      errors: [{ messageId: 'taintedNosql', severity: 'error', messageIncludes: ['`event.body` is built into', 'findOne filter', '(POST /login is public)'] }],
    },
    {
      name: 'Mongo: an Express body into a Mongoose model imported from another file, through a helper',
      code: `const serverless = require('serverless-http');\nconst express = require('express');\nrequire('mongoose');\nconst User = require('./models/user');\nconst app = express();\napp.use(express.json());\nfunction removeMatching(filter) {\n${underline('  return User.deleteMany(filter);', 'filter', ID)}\n}\napp.post('/users/delete', async (req, res) => {\n  await removeMatching(req.body);\n  res.sendStatus(204);\n});\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedNosql', severity: 'error', messageIncludes: ['`req.body` is built into', '`User.deleteMany filter`'] }],
    },
    {
      name: 'a FilterExpression built from a query parameter (v3 command)',
      path: 'handler.mjs',
      code: `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst ddb = new DynamoDBClient({});\nexport const handler = async (event) => {\n${underline('  await ddb.send(new ScanCommand({ TableName: \'T\', FilterExpression: `contains(name, ${event.queryStringParameters.q})` }));', '`contains(name, ${event.queryStringParameters.q})`', ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /search')],
      errors: [{ messageId: 'taintedNosql', severity: 'error', messageIncludes: ['`event.queryStringParameters`', '(GET /search is public)'] }],
    },
    {
      name: 'a PartiQL statement by concatenation',
      code: `const { ExecuteStatementCommand } = require('@aws-sdk/client-dynamodb');\nexports.handler = async (event) => {\n${underline(`  await client.send(new ExecuteStatementCommand({ Statement: "SELECT * FROM T WHERE id='" + event.body + "'" }));`, `"SELECT * FROM T WHERE id='" + event.body + "'"`, ID)}\n};`,
      errors: [{ messageId: 'taintedNosql' }],
    },
    {
      name: 'Mongo $where',
      code: `exports.handler = async (event) => {\n${underline(`  return db.collection('u').find({ $where: 'this.name == "' + event.body + '"' });`, `'this.name == "' + event.body + '"'`, ID)}\n};`,
      errors: [{ messageId: 'taintedNosql' }],
    },
  ],
});
