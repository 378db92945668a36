// Data-driven cases for code-ssrf: fetch, axios, got and https with input as the host, and the
// fixed-host cases that are paths, not SSRF.
import rule from './code-ssrf';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-ssrf';

testCodeRule(rule, {
  valid: [
    { name: 'input after a fixed scheme and host is a path', code: `exports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  await fetch(\`https://api.example.com/items/\${id}\`);\n};`, bindings: [routeBinding('handler', 'GET /items/{id}')] },
    { name: 'input in the request body', code: `exports.handler = async (event) => fetch('https://api.example.com/x', { method: 'POST', body: event.body });` },
    { name: 'an encoded query value after a fixed host', code: `const axios = require('axios');\nexports.handler = async (event) => axios.get('https://api.example.com/search?q=' + encodeURIComponent(event.queryStringParameters.q));` },
  ],
  invalid: [
    {
      name: 'fetch of a URL from a header',
      code: `exports.handler = async (event) => {\n${underline(`  await fetch(event.headers['x-callback']);`, "event.headers['x-callback']", ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /hooks', 'none', 'function-url')],
      errors: [{ messageId: 'taintedUrl', severity: 'error', messageIncludes: ['trigger: function URL'] }],
    },
    {
      name: 'axios with a URL from the body, through Promise.all',
      code: `const axios = require('axios');\nexports.handler = async (event) => {\n  const { urls } = JSON.parse(event.body);\n${underline(`  await Promise.all(urls.map((item) => axios.get(item.href)));`, 'item.href', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl' }],
    },
    {
      name: 'the host from input in a template string',
      code: `const https = require('https');\nexports.handler = async (event) => {\n${underline('  https.get(`https://${event.queryStringParameters.host}/status`);', '`https://${event.queryStringParameters.host}/status`', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl' }],
    },
  ],
});
