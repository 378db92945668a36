// Data-driven cases for code-sql-injection: drivers and query builders, parameterised queries,
// number checks, helpers and SQS records through array methods.
import rule from './code-sql-injection';
import { internalBinding, routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-sql-injection';
const PG = `const { Pool } = require('pg');\nconst pool = new Pool();`;

testCodeRule(rule, {
  valid: [
    { name: 'a parameterised pg query', code: `${PG}\nexports.handler = async (event) => pool.query('SELECT * FROM users WHERE id = $1', [event.pathParameters.id]);`, bindings: [routeBinding('handler', 'GET /users/{id}')] },
    { name: 'an integer parsed and checked', code: `${PG}\nexports.handler = async (event) => {\n  const id = parseInt(event.pathParameters.id, 10);\n  if (Number.isNaN(id)) return { statusCode: 400 };\n  return pool.query('SELECT * FROM users WHERE id = ' + id);\n};` },
    { name: 'a uuid validated before the query', code: `${PG}\nconst { validate } = require('uuid');\nexports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  if (!validate(id)) return { statusCode: 400 };\n  return pool.query(\`SELECT * FROM orders WHERE id = '\${id}'\`);\n};` },
    { name: 'a constant query', code: `${PG}\nexports.handler = async (event) => pool.query('SELECT count(*) FROM users');` },
  ],
  invalid: [
    {
      name: 'mysql query built by concatenation on a public route',
      code: `const mysql = require('mysql');\nconst connection = mysql.createConnection({});\nexports.handler = async (event) => {\n  const id = event.pathParameters.id;\n${underline(`  connection.query('SELECT * FROM users WHERE id = ' + id);`, "'SELECT * FROM users WHERE id = ' + id", ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /users/{id}')],
      errors: [{ messageId: 'taintedSql', severity: 'error', messageIncludes: ['`event.pathParameters` is built into the SQL of', '(GET /users/{id} is public)'] }],
    },
    {
      name: 'knex.raw with a template string',
      code: `const knex = require('knex')({});\nexports.handler = async (event) => {\n${underline("  await knex.raw(`select * from t where name = '${event.body}'`);", "`select * from t where name = '${event.body}'`", ID)}\n};`,
      errors: [{ messageId: 'taintedSql' }],
    },
    {
      name: 'SQS bodies through map and JSON.parse (internal)',
      code: `${PG}\nexports.handler = async (event) => {\n  const items = event.Records.map((r) => JSON.parse(r.body));\n${underline(`  for (const item of items) await pool.query("DELETE FROM t WHERE id = '" + item.id + "'");`, `"DELETE FROM t WHERE id = '" + item.id + "'"`, ID)}\n};`,
      bindings: [internalBinding('handler', 'sqs', 'SQS queue Jobs')],
      errors: [{ messageId: 'taintedSql', severity: 'warning', messageIncludes: ['trigger: SQS message'] }],
    },
    {
      name: 'a TypeScript ESM handler with a same-file helper',
      path: 'handler.ts',
      code: `import { Pool } from 'pg';\nconst pool = new Pool();\nfunction byName(name: string) {\n${underline('  return pool.query(`SELECT * FROM users WHERE name = ${name}`);', '`SELECT * FROM users WHERE name = ${name}`', ID)}\n}\nexport const handler = async (event: { queryStringParameters: Record<string, string> }) => byName(event.queryStringParameters.name);`,
      bindings: [routeBinding('handler', 'GET /users')],
      errors: [{ messageId: 'taintedSql', severity: 'error' }],
    },
  ],
});
