import rule from './code-plaintext-http';
import { testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'https, local emulators, instance metadata and the Lambda runtime API',
      code: `const axios = require('axios');
const AWS = require('aws-sdk');
const local = new AWS.DynamoDB.DocumentClient({ endpoint: 'http://localhost:8000' });
exports.handler = async () => {
  await axios.get('https://api.partner.com/v1/items');
  await fetch('http://169.254.169.254/latest/meta-data/');
  await fetch(\`http://\${process.env.AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime/invocation/next\`);
  await fetch('http://127.0.0.1:2773/secretsmanager/get?secretId=x');
};`,
    },
    {
      name: 'http:// strings that no request uses (XML namespaces, messages, links in a body)',
      code: `const NS = 'http://www.w3.org/2000/svg';
exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ docs: 'http://docs.partner.com' }) });`,
    },
  ],
  invalid: [
    {
      name: 'fetch, axios through a constant, got options, a WebSocket and an SDK endpoint',
      code: `const axios = require('axios');
const got = require('got');
const WebSocket = require('ws');
const { S3Client } = require('@aws-sdk/client-s3');
const API = 'http://api.partner.com/v1';
const s3 = new S3Client({ endpoint: 'http://minio.internal.partner.com:9000' });
exports.handler = async (event) => {
  await fetch('http://legacy.partner.com/orders', { method: 'POST', body: event.body });
  await axios.post(API + '/orders', {});
  await got({ url: 'http://inventory.partner.com/stock' });
  const socket = new WebSocket('ws://feed.partner.com/prices');
};`,
      errors: [
        { messageId: 'plainUrl', text: "'http://api.partner.com/v1'" },
        { messageId: 'plainUrl', text: "'http://minio.internal.partner.com:9000'" },
        { messageId: 'plainUrl', text: "'http://legacy.partner.com/orders'" },
        { messageId: 'plainUrl', text: "'http://inventory.partner.com/stock'" },
        { messageId: 'plainUrl', text: "'ws://feed.partner.com/prices'" },
      ],
    },
    {
      name: 'a template string with an http:// host and http.request',
      code: `const http = require('http');
exports.handler = async (event) => {
  http.request(\`http://\${process.env.BACKEND_HOST}/orders\`, () => {});
};`,
      errors: [{ messageId: 'plainUrl', text: '`http://${process.env.BACKEND_HOST}/orders`' }],
    },
  ],
});
