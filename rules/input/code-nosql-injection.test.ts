// Data-driven cases for code-nosql-injection: DynamoDB expressions and table names, PartiQL and Mongo $where.
import rule from './code-nosql-injection';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-nosql-injection';

testCodeRule(rule, {
  valid: [
    { name: 'input only in ExpressionAttributeValues', code: `const { QueryCommand } = require('@aws-sdk/lib-dynamodb');\nexports.handler = async (event) => client.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': event.pathParameters.id } }));`, bindings: [routeBinding('handler', 'GET /orders/{id}')] },
    { name: 'a Key from input is a lookup, not an injection', code: `const { GetCommand } = require('@aws-sdk/lib-dynamodb');\nexports.handler = async (event) => client.send(new GetCommand({ TableName: 'T', Key: { id: event.pathParameters.id } }));` },
    { name: 'a table chosen from an allow-list', code: `const AWS = require('aws-sdk');\nconst doc = new AWS.DynamoDB.DocumentClient();\nconst TABLES = ['a', 'b'];\nexports.handler = async (event) => {\n  const table = event.pathParameters.table;\n  if (!TABLES.includes(table)) return { statusCode: 400 };\n  return doc.get({ TableName: table, Key: { id: '1' } }).promise();\n};` },
  ],
  invalid: [
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
