import rule from './code-error-details-in-response';
import { testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'a generic message, err.message and an error code',
      code: `exports.handler = async (event, context) => {
  try {
    return { statusCode: 200, body: 'ok' };
  } catch (err) {
    console.error(err);
    if (err.name === 'ValidationError') return { statusCode: 400, body: JSON.stringify({ message: err.message }) };
    return { statusCode: 500, body: JSON.stringify({ message: 'Internal error', code: err.code, requestId: context.awsRequestId }) };
  }
};`,
    },
    {
      name: 'a stack that is data (a CloudFormation stack), and a destructured error of a result',
      code: `exports.handler = async (event) => {
  const result = await describe();
  const { data, error } = await query();
  return { statusCode: 200, body: JSON.stringify({ stack: result.stack, data }) };
};`,
    },
  ],
  invalid: [
    {
      name: 'the caught error serialised, and its stack',
      code: `exports.handler = async (event) => {
  try {
    await work(event);
  } catch (err) {
    if (err.retryable) return { statusCode: 503, body: err.stack };
    return { statusCode: 500, body: JSON.stringify(err) };
  }
};`,
      errors: [
        { messageId: 'stackTrace', text: 'err.stack', handler: 'handler' },
        { messageId: 'errorObject', text: 'err', handler: 'handler' },
      ],
    },
    {
      name: 'a promise .catch, a helper with an error parameter and res.status().json in an express app',
      code: `const express = require('express');
const app = express();
function failure(error) {
  return { statusCode: 500, body: JSON.stringify({ message: 'failed', error }) };
}
app.post('/x', (req, res) => {
  save(req.body).catch((e) => res.status(500).json(e));
});
exports.handler = (event, context, callback) => {
  work().then(() => callback(null, { statusCode: 200, body: '' })).catch((e) => callback(null, { statusCode: 500, body: JSON.stringify(e, Object.getOwnPropertyNames(e)) }));
};`,
      errors: [
        { messageId: 'errorObject', text: 'error' },
        { messageId: 'errorObject', text: 'e' },
        { messageId: 'stackTrace', text: 'JSON.stringify(e, Object.getOwnPropertyNames(e))' },
      ],
    },
    {
      name: 'a secret environment variable in a response body',
      code: `exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ key: process.env.STRIPE_SECRET_KEY }) });`,
      errors: [{ messageId: 'secretInResponse', text: 'process.env.STRIPE_SECRET_KEY' }],
    },
  ],
});
