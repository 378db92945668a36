// Data-driven cases for code-public-admin-handler: public routes that write or serve an admin path,
// routes with an authorizer, handlers that check a token, and unbound handlers.
import rule from './code-public-admin-handler';
import { routeBinding, testCodeRule, underline } from '../input/support/code-rule-tester';

const ID = 'code-public-admin-handler';
const DOC = `const { DynamoDBDocumentClient, PutCommand, GetCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');`;

testCodeRule(rule, {
  valid: [
    { name: 'a public route that only reads', code: `${DOC}\nexports.handler = async (event) => doc.send(new GetCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));`, bindings: [routeBinding('handler', 'GET /items/{id}')] },
    { name: 'a write behind an authorizer', code: `${DOC}\nexports.handler = async (event) => doc.send(new PutCommand({ TableName: 'T', Item: JSON.parse(event.body) }));`, bindings: [routeBinding('handler', 'POST /items', 'jwt')] },
    { name: 'a write whose handler verifies a token', code: `const jwt = require('jsonwebtoken');\n${DOC}\nexports.handler = async (event) => {\n  jwt.verify(event.headers.Authorization, process.env.KEY);\n  await doc.send(new PutCommand({ TableName: 'T', Item: JSON.parse(event.body) }));\n};`, bindings: [routeBinding('handler', 'POST /items')] },
    { name: 'an unbound handler is not judged', code: `${DOC}\nexports.handler = async (event) => doc.send(new DeleteCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));` },
    { name: 'a public route that only SELECTs (mysql2)', code: `const mysql = require('mysql2/promise');\nconst pool = mysql.createPool({ host: process.env.DB_HOST });\nexports.handler = async (event) => {\n  const [rows] = await pool.query('SELECT * FROM products WHERE id = ?', [event.pathParameters.id]);\n  return rows;\n};`, bindings: [routeBinding('handler', 'GET /products/{id}')] },
    { name: 'a SQL write behind an authorizer', code: `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async (event) => pool.query('DELETE FROM orders WHERE id = $1', [event.pathParameters.id]);`, bindings: [routeBinding('handler', 'DELETE /orders/{id}', 'cognito')] },
    { name: 'an INSERT in a string that no SQL client runs', code: `exports.handler = async (event) => ({ statusCode: 200, body: 'INSERT INTO is how you add rows' });`, bindings: [routeBinding('handler', 'GET /help')] },
    { name: 'a WebSocket $connect route that stores its connection id', code: `${DOC}\nexports.handler = async (event) => doc.send(new PutCommand({ TableName: 'Connections', Item: { connectionId: event.requestContext.connectionId } }));`, bindings: [{ ...routeBinding('handler', 'GET /x'), triggers: [{ kind: 'websocket', description: 'WebSocket route $connect', auth: 'none', path: '$connect', location: { path: 'template.yaml', range: { start: 1, end: 5 } } }] }] },
    { name: 'a public route that sends an EventBridge event (a message, not a data change)', code: `const { EventBridgeClient, PutEventsCommand } = require('@aws-sdk/client-eventbridge');\nconst bus = new EventBridgeClient({});\nexports.handler = async (event) => bus.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'ping', Detail: '{}' }] }));`, bindings: [routeBinding('handler', 'GET /ping')] },
    { name: 'a route whose auth is unknown', code: `${DOC}\nexports.handler = async (event) => doc.send(new DeleteCommand({ TableName: 'T', Key: { id: '1' } }));`, bindings: [routeBinding('handler', 'DELETE /items/{id}', 'unknown')] },
  ],
  invalid: [
    {
      name: 'a public route that deletes',
      code: `${DOC}\nexports.handler = async (event) => {\n${underline(`  await doc.send(new DeleteCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));`, "new DeleteCommand({ TableName: 'T', Key: { id: event.pathParameters.id } })", ID)}\n};`,
      bindings: [routeBinding('handler', 'DELETE /items/{id}')],
      errors: [{ messageId: 'publicWrite', severity: 'error', messageIncludes: ['calls DynamoDB.DocumentClient `Delete`', 'DELETE /items/{id} lets anyone call it'] }],
    },
    {
      name: 'a v2 DocumentClient put in a helper of a one-handler file',
      code: `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nconst save = (item) =>\n${underline(`  doc.put({ TableName: 'T', Item: item }).promise();`, "doc.put({ TableName: 'T', Item: item })", ID)}\nexports.create = async (event) => save(JSON.parse(event.body));`,
      bindings: [routeBinding('create', 'POST /items')],
      errors: [{ messageId: 'publicWrite', messageIncludes: ['`put`'] }],
    },
    {
      name: 'a pg DELETE on a public route',
      code: `const { Pool } = require('pg');\nconst pool = new Pool();\nexports.handler = async (event) => {\n${underline(`  await pool.query('DELETE FROM orders WHERE id = $1', [event.pathParameters.id]);`, "pool.query('DELETE FROM orders WHERE id = $1', [event.pathParameters.id])", ID)}\n  return { statusCode: 204 };\n};`,
      bindings: [routeBinding('handler', 'DELETE /orders/{id}')],
      errors: [{ messageId: 'publicWrite', severity: 'error', messageIncludes: ['runs SQL `DELETE` through `pg.Pool.query`'] }],
    },
    {
      name: 'a mysql2 INSERT held in a constant, with a SELECT before it',
      code: `const mysql = require('mysql2/promise');\nconst pool = mysql.createPool({ host: process.env.DB_HOST });\nconst INSERT_ORDER = \`\n  INSERT INTO orders (id, total) VALUES (?, ?)\`;\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  await pool.query('SELECT 1');\n${underline(`  await pool.execute(INSERT_ORDER, [body.id, body.total]);`, 'pool.execute(INSERT_ORDER, [body.id, body.total])', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /orders')],
      errors: [{ messageId: 'publicWrite', messageIncludes: ['runs SQL `INSERT` through `mysql2/promise.createPool.execute`'] }],
    },
    {
      name: 'a lower-case UPDATE through knex.raw',
      code: `const knex = require('knex')({ client: 'pg' });\nexports.handler = async (event) => {\n${underline(`  await knex.raw('update users set role = ? where id = ?', ['admin', event.pathParameters.id]);`, "knex.raw('update users set role = ? where id = ?', ['admin', event.pathParameters.id])", ID)}\n};`,
      bindings: [routeBinding('handler', 'PUT /users/{id}')],
      errors: [{ messageId: 'publicWrite', messageIncludes: ['runs SQL `UPDATE`'] }],
    },
    {
      name: 'an admin path with no auth',
      code: underline(`exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(await listUsers()) });`, 'async (event) => ({ statusCode: 200, body: JSON.stringify(await listUsers()) })', ID),
      bindings: [routeBinding('handler', 'GET /admin/users')],
      errors: [{ messageId: 'publicAdmin', severity: 'error', messageIncludes: ['serves the admin path of GET /admin/users'] }],
    },
  ],
});
