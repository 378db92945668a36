import rule from './code-secret-logged';
import { binding, testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'logging chosen fields, a request id and whether a secret is set',
      code: `exports.handler = async (event, context) => {
  console.log('request', context.awsRequestId, event.httpMethod, event.path);
  console.log('user agent', event.headers['User-Agent']);
  console.log('has key', Boolean(process.env.API_KEY));
  console.log('table', process.env.TABLE_NAME);
  const body = JSON.parse(event.body);
  console.log('order', body.orderId);
  return { statusCode: 200 };
};`,
    },
    {
      name: 'a queue handler (by its template) and an event of unknown kind that the code never reads as a request',
      code: `exports.consume = async (event) => {
  console.log('Received', JSON.stringify(event));
};
exports.tick = async (event) => {
  console.log(event);
  for (const record of event.Records) await handle(record);
};`,
      bindings: [binding({ exportName: 'consume', triggers: [{ kind: 'sqs', description: 'SQS queue Orders', location: { path: 'serverless.yml', range: { start: 0, end: 1 } } }], exposure: 'internal', exposureReason: 'invoked only by SQS' })],
    },
    {
      name: 'settings about secrets are not secrets',
      code: `exports.handler = async () => {
  console.log('iterations', process.env.PASSWORD_ITERATIONS, process.env.TOKEN_LIFETIME);
};`,
    },
    {
      name: 'a function that is not a handler logging its own parameter',
      code: `function show(item) { console.log(item); }
module.exports = { show };`,
    },
  ],
  invalid: [
    {
      name: 'the whole event of an HTTP handler (it reads the body), through JSON.stringify and a template string',
      code: `exports.handler = async (event) => {
  console.log('Received event:', JSON.stringify(event, null, 2));
  console.info(\`event: \${JSON.stringify(event)}\`);
  const order = JSON.parse(event.body);
  return { statusCode: 200, body: order.id };
};`,
      errors: [
        { messageId: 'eventLogged', text: 'event', handler: 'handler' },
        { messageId: 'eventLogged', text: 'event', handler: 'handler' },
      ],
    },
    {
      name: 'the whole event of a route the template names, and of a TOKEN authorizer (its event is the bearer token)',
      code: `exports.create = async (event) => {
  console.log(event);
  return { statusCode: 201 };
};
exports.authorize = async (event) => {
  console.log('auth event', event);
  return verify(event.authorizationToken);
};`,
      bindings: [binding({ exportName: 'create' })],
      errors: [
        { messageId: 'eventLogged', text: 'event', handler: 'create' },
        { messageId: 'eventLogged', text: 'event', handler: 'authorize' },
      ],
    },
    {
      name: 'headers, an Authorization header and the parsed body with Powertools and pino',
      code: `import { Logger } from '@aws-lambda-powertools/logger';
import pino from 'pino';
const logger = new Logger();
const log = pino();
export const handler = async (event) => {
  logger.info('headers', { headers: event.headers });
  const { authorization } = event.headers;
  log.debug(authorization);
  const body = JSON.parse(event.body || '{}');
  logger.debug('body', body);
  return { statusCode: 200 };
};`,
      errors: [
        { messageId: 'headersLogged', text: 'event.headers' },
        { messageId: 'headersLogged', text: 'authorization' },
        { messageId: 'bodyLogged', text: 'body' },
      ],
    },
    {
      name: 'secret environment variables and the whole environment, with winston',
      code: `const winston = require('winston');
const logger = winston.createLogger({});
const { DB_PASSWORD } = process.env;
exports.handler = async () => {
  console.log('connecting with', process.env.DB_PASSWORD);
  logger.info(\`password=\${DB_PASSWORD}\`);
  console.log(process.env);
};`,
      errors: [
        { messageId: 'secretLogged', text: 'process.env.DB_PASSWORD' },
        { messageId: 'secretLogged', text: 'DB_PASSWORD' },
        { messageId: 'secretLogged', text: 'process.env' },
      ],
    },
  ],
});
